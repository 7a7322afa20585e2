// The Worker-Manager Protocol (14/WMP; digest section 14). The RFC defines
// commands and a dialog but no encoding; this reads ZmqScope's own,
// documented in docs/WMP.md (ZmqScope WMP encoding 1):
//
//   WMP01 | READY [| capacity]          worker -> manager
//   WMP01 | WAKE  | job                 manager -> worker
//   WMP01 | GIVE  | job                 worker -> manager
//   WMP01 | TAKE  | job | manager | payload...
//   WMP01 | NO    | job
//   WMP01 | DONE  | job | result...
//
// track(): GIVE answers a WAKE, TAKE or NO a GIVE, DONE a TAKE, all by job.
#include "wmp.h"

#include <array>
#include <map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

enum class F : std::size_t { Root, Version, Command, Job, Capacity, Manager, Payload, Result, ResponseTo, Time, Count };

constexpr std::array kFields{
    FieldInfo{"wmp", "WMP", Node,
              "Worker-Manager Protocol in ZmqScope's encoding 1 (the RFC defines none; docs/WMP.md).", "14/WMP"},
    FieldInfo{"wmp.version", "Encoding", Text, "WMP01: ZmqScope's WMP encoding, version 1.", "docs/WMP.md"},
    FieldInfo{"wmp.command", "Command", Text,
              "READY, GIVE, DONE (worker); WAKE, TAKE, NO (manager).", "14/WMP"},
    FieldInfo{"wmp.job", "Job", Text, "The job a WAKE offers and the rest of the dialog is about.", "docs/WMP.md"},
    FieldInfo{"wmp.capacity", "Capacity", Number, "READY: how many jobs the worker can take at once.", "docs/WMP.md"},
    FieldInfo{"wmp.manager", "Manager", Text, "TAKE: the manager's own identity, which the worker uses from then on.",
              "14/WMP"},
    FieldInfo{"wmp.payload", "Payload", Raw, "TAKE: the job's data.", "14/WMP"},
    FieldInfo{"wmp.result", "Result", Raw, "DONE: the job's result.", "14/WMP"},
    FieldInfo{"wmp.response_to", "Response to", Number, "The WAKE, GIVE or TAKE this answers.", "14/WMP"},
    FieldInfo{"wmp.time", "Response time", Number, "Seconds from that message to this one.", "14/WMP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1700};
constexpr codec::FindingId kUnexpected{1701};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "wmp.malformed", codec::Severity::Error,
                       "not ZmqScope's WMP encoding 1: unknown command or missing frames"},
    codec::FindingInfo{kUnexpected, "wmp.unexpected", codec::Severity::Warn,
                       "a GIVE without WAKE, TAKE or NO without GIVE, or DONE without TAKE for that job"},
};

constexpr ProtocolInfo kInfo{"wmp", "WMP", "14/WMP (ZmqScope encoding 1)", kFields, kFindings};

constexpr std::string_view kCommands[] = {"READY", "WAKE", "GIVE", "TAKE", "NO", "DONE"};
constexpr std::size_t kMinFrames[] = {2, 3, 3, 5, 3, 4};

int commandOf(const MessageView &m)
{
    if (m.size() < 2 || m.text(0) != "WMP01")
        return -1;
    for (int i = 0; i < 6; ++i)
        if (m.text(1) == kCommands[i])
            return i;
    return -1;
}

struct Connection : ConversationState {
    // job -> (the last step's n, its time, which step: 1 WAKE, 2 GIVE, 3 TAKE)
    std::map<std::string, std::tuple<std::uint32_t, std::int64_t, int>> jobs;
};

class Wmp final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        return !m.datagram() && m.size() >= 2 && m.text(0) == "WMP01" ? Confidence::Certain : Confidence::None;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        const int cmd = commandOf(m);
        if (cmd < 0 || m.size() < kMinFrames[cmd]) {
            ctx.finding(kMalformed, m.event.offset, m.event.length,
                        cmd < 0 ? (m.size() < 2 || m.text(0) != "WMP01"
                                       ? std::string("frame 0 is not WMP01")
                                       : "command " + printable(m.text(1)) + " is not defined")
                                : std::string(kCommands[cmd]) + " needs " + std::to_string(kMinFrames[cmd]) + " frames");
            return {};
        }
        if (!c || cmd == 0)
            return {};
        Note note;
        const std::string job(m.text(2));
        static constexpr int kNeeds[] = {0, 0, 1, 2, 2, 3};   // the step each answers
        auto it = c->jobs.find(job);
        if (kNeeds[cmd]) {
            if (it == c->jobs.end() || std::get<2>(it->second) != kNeeds[cmd]) {
                ctx.finding(kUnexpected, m.offset(2), m.length(2), std::string(kCommands[cmd]) + " for job " + printable(job));
            } else {
                note.responseTo = std::get<0>(it->second);
                note.time = double(ctx.timeNs - std::get<1>(it->second)) / 1e9;
            }
        }
        const int step = cmd == 1 ? 1 : cmd == 2 ? 2 : cmd == 3 ? 3 : 0;
        if (step) {
            if (c->jobs.size() < 65536 || it != c->jobs.end())
                c->jobs[job] = {ctx.number, ctx.timeNs, step};
        } else if (it != c->jobs.end()) {
            c->jobs.erase(it);
        }
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        const int cmd = commandOf(m);
        Field root = field(f(F::Root), cmd < 0 ? "malformed" : std::string(kCommands[cmd]), m.event.offset, m.event.length);
        if (m.size() == 0)
            return root;
        root.children.push_back(field(f(F::Version), printable(m.body(0)), m.offset(0), m.length(0)));
        if (m.size() < 2)
            return root;
        root.children.push_back(field(f(F::Command), printable(m.body(1)), m.offset(1), m.length(1)));
        if (cmd == 0 && m.size() > 2) {
            std::uint64_t v = 0;
            bool digits = m.length(2) > 0 && m.length(2) < 10;
            for (char ch : m.text(2))
                digits = digits && ch >= '0' && ch <= '9', v = v * 10 + std::uint64_t(ch - '0');
            if (digits)
                root.children.push_back(number(f(F::Capacity), v, m.offset(2), m.length(2)));
        } else if (cmd > 0 && m.size() > 2) {
            root.children.push_back(field(f(F::Job), printable(m.body(2)), m.offset(2), m.length(2)));
            if (cmd == 3 && m.size() > 3) {
                root.children.push_back(field(f(F::Manager), printable(m.body(3)), m.offset(3), m.length(3)));
                for (std::size_t i = 4; i < m.size(); ++i)
                    root.children.push_back(field(f(F::Payload), printable(m.body(i)), m.offset(i), m.length(i)));
            }
            if (cmd == 5)
                for (std::size_t i = 3; i < m.size(); ++i)
                    root.children.push_back(field(f(F::Result), printable(m.body(i)), m.offset(i), m.length(i)));
        }
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }

    void summary(const MessageView &m, const Note &, std::string &out) const override
    {
        const int cmd = commandOf(m);
        out = "WMP " + (cmd < 0 ? std::string("(malformed)") : std::string(kCommands[cmd]));
        for (std::size_t i = 2; i < m.size() && i < 5; ++i)
            out += " " + printable(m.body(i), 32);
    }
};

}   // namespace

const ProtocolDissector &wmpDissector()
{
    static const Wmp d;
    return d;
}

}   // namespace zmqscope::protocols
