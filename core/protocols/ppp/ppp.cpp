// Paranoid Pirate (6/PPP; digest section 6) on the link between a queue
// (ROUTER) and its workers (DEALER): READY (one frame, the byte 01) and
// HEARTBEAT (02) are control; a REQUEST is the queue's envelope (the end
// client's address frames and an empty delimiter) then the body; the REPLY
// echoes the envelope. One-byte frames are a weak marker (any application
// could send them): they must repeat on a connection before it is PPP.
//
// track(): READY first from the worker, replies matched to requests by
// their envelope, and silences longer than the liveness (3 x 1000 ms).
#include "ppp.h"

#include <array>
#include <deque>
#include <map>
#include <optional>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

constexpr std::array<codec::ValueName, 2> kControl{{{1, "READY"}, {2, "HEARTBEAT"}}};

enum class F : std::size_t { Root, Command, Address, Body, ResponseTo, Time, Count };

constexpr std::array kFields{
    FieldInfo{"ppp", "Paranoid Pirate", Node,
              "Paranoid Pirate: a queue hands requests to workers that say READY and heartbeat both ways.", "6/PPP"},
    FieldInfo{"ppp.command", "Command", Text,
              "READY (01, the worker's first message), HEARTBEAT (02, both ways, every second), REQUEST (queue to "
              "worker) or REPLY (worker to queue).", "6/PPP", kControl},
    FieldInfo{"ppp.address", "Client address", Raw,
              "An envelope frame: the end client's address as the queue's frontend ROUTER named it.", "6/PPP"},
    FieldInfo{"ppp.body", "Body", Raw, "One frame of the request or reply.", "6/PPP"},
    FieldInfo{"ppp.response_to", "Response to", Number, "The event number of the REQUEST this REPLY answers.", "6/PPP"},
    FieldInfo{"ppp.time", "Response time", Number, "Seconds from that REQUEST to this REPLY.", "6/PPP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kReadyFirst{1300};
constexpr codec::FindingId kUnknownControl{1301};
constexpr codec::FindingId kSilent{1302};
constexpr codec::FindingId kUnmatched{1303};

constexpr std::array kFindings{
    codec::FindingInfo{kReadyFirst, "ppp.ready_missing", codec::Severity::Warn,
                       "the worker's first message is not READY (the reference queue accepts it anyway)"},
    codec::FindingInfo{kUnknownControl, "ppp.unknown_control", codec::Severity::Warn,
                       "a one-frame message other than READY (01) or HEARTBEAT (02)"},
    codec::FindingInfo{kSilent, "ppp.heartbeat_late", codec::Severity::Warn,
                       "a side silent for longer than the liveness (3 x 1000 ms): its peer would declare it dead"},
    codec::FindingInfo{kUnmatched, "ppp.reply_unmatched", codec::Severity::Warn,
                       "a REPLY whose envelope matches no REQUEST"},
};

constexpr ProtocolInfo kInfo{"ppp", "Paranoid Pirate", "6/PPP", kFields, kFindings};

enum class Kind { Ready, Heartbeat, OtherControl, Request, Reply };

bool control(const MessageView &m) { return m.size() == 1 && m.length(0) == 1 && !m.body(0).empty(); }

// Who is the worker: the side that said READY (the note's hint), else the DEALER.
Kind kindOf(const MessageView &m, std::optional<bool> fromWorker)
{
    if (control(m))
        return m.body(0)[0] == 1 ? Kind::Ready : m.body(0)[0] == 2 ? Kind::Heartbeat : Kind::OtherControl;
    bool worker = m.sender == codec::SocketType::Dealer || m.receiver == codec::SocketType::Router;
    if (fromWorker)
        worker = *fromWorker;
    return worker ? Kind::Reply : Kind::Request;
}

struct Connection : ConversationState {
    std::optional<codec::Direction> worker;
    bool first = true;
    std::map<std::string, std::deque<std::pair<std::uint32_t, std::int64_t>>> requests;
    bool heard[2] = {false, false};
    std::int64_t last[2] = {0, 0};
};

constexpr std::int64_t kLivenessNs = 3 * std::int64_t(1000000000);

std::optional<bool> hintOf(const Note &n)
{
    if (n.label == "worker")
        return true;
    if (n.label == "queue")
        return false;
    return std::nullopt;
}

class Ppp final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram() || !control(m))
            return Confidence::None;
        return m.body(0)[0] == 1 || m.body(0)[0] == 2 ? Confidence::Weak : Confidence::None;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        if (!c)
            return {};
        const int d = int(m.direction());
        if (c->heard[d] && ctx.timeNs - c->last[d] > kLivenessNs)
            ctx.finding(kSilent, m.event.offset, 0, "silent for " + std::to_string((ctx.timeNs - c->last[d]) / 1000000) + " ms");
        c->heard[d] = true;
        c->last[d] = ctx.timeNs;
        std::optional<bool> hint;
        if (c->worker)
            hint = m.direction() == *c->worker;
        const Kind k = kindOf(m, hint);
        if (k == Kind::Ready && !c->worker)
            c->worker = m.direction();
        // (Detection needs control frames to repeat, so a READY may have
        // gone by before the first tracked message: only a worker that
        // starts with a reply is known to have skipped it.)
        if (c->first && k == Kind::Reply)
            ctx.finding(kReadyFirst, m.event.offset, m.event.length, "the worker began with a REPLY");
        c->first = false;
        Note note;
        if (c->worker)
            note.label = m.direction() == *c->worker ? "worker" : "queue";
        if (k == Kind::OtherControl)
            ctx.finding(kUnknownControl, m.offset(0), 1, "control byte " + std::to_string(m.body(0)[0]));
        if (k == Kind::Request || k == Kind::Reply) {
            const std::string key = envelopeKey(m);
            if (k == Kind::Request) {
                if (c->requests.size() >= 4096 && !c->requests.count(key))
                    c->requests.erase(c->requests.begin());
                auto &q = c->requests[key];
                if (q.size() < 1024)
                    q.emplace_back(ctx.number, ctx.timeNs);
            } else {
                auto it = c->requests.find(key);
                if (it == c->requests.end() || it->second.empty()) {
                    ctx.finding(kUnmatched, m.event.offset, m.event.length, "no REQUEST with this envelope");
                } else {
                    note.responseTo = it->second.front().first;
                    note.time = double(ctx.timeNs - it->second.front().second) / 1e9;
                    it->second.pop_front();
                    if (it->second.empty())
                        c->requests.erase(it);
                }
            }
        }
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        const Kind k = kindOf(m, hintOf(note));
        Field root = field(f(F::Root), {}, m.event.offset, m.event.length);
        if (k == Kind::Ready || k == Kind::Heartbeat || k == Kind::OtherControl) {
            root.children.push_back(named(f(F::Command), m.body(0)[0], m.offset(0), 1));
        } else {
            root.children.push_back(field(f(F::Command), k == Kind::Request ? "REQUEST" : "REPLY", m.event.offset, 0));
            for (std::size_t i = 0; i + 1 < m.envelopeFrames; ++i)
                root.children.push_back(field(f(F::Address), hex(m.body(i)), m.offset(i), m.length(i)));
            for (std::size_t i = m.envelopeFrames; i < m.size(); ++i)
                root.children.push_back(field(f(F::Body), printable(m.body(i)), m.offset(i), m.length(i)));
        }
        root.value = root.children.front().value;
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }

    void summary(const MessageView &m, const Note &note, std::string &out) const override
    {
        const Kind k = kindOf(m, hintOf(note));
        switch (k) {
        case Kind::Ready: out = "PPP READY"; return;
        case Kind::Heartbeat: out = "PPP HEARTBEAT"; return;
        case Kind::OtherControl: out = "PPP control " + hex(m.body(0)); return;
        case Kind::Request:
        case Kind::Reply: break;
        }
        out = k == Kind::Request ? "PPP REQUEST" : "PPP REPLY";
        if (m.envelopeFrames > 1)
            out += " client=" + hex(m.body(0), 8);
        for (std::size_t i = m.envelopeFrames; i < m.size() && i < m.envelopeFrames + 2; ++i)
            out += " " + printable(m.body(i), 40);
    }
};

}   // namespace

const ProtocolDissector &pppDissector()
{
    static const Ppp d;
    return d;
}

}   // namespace zmqscope::protocols
