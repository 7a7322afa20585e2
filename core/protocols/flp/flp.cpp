// Freelance (10/FLP; digest section 11): brokerless ROUTER-to-ROUTER.
// Servers set their routing id to their public endpoint (tcp://...), which
// travels in the handshake; on the wire a client sends PING or a request
// (control frame, then the body), a server answers PONG or the same control
// frame with its reply (the reference server says "OK"). A single PING or
// PONG frame is a weak marker; a tcp:// handshake identity makes it likely.
//
// track(): PONG matched to PING, replies to requests by their control frame
// (the reference client numbers requests 1, 2, 3 ... and drops replies with
// an old number).
#include "flp.h"

#include <array>
#include <deque>
#include <map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

enum class F : std::size_t { Root, Command, Sequence, Body, Server, ResponseTo, Time, Count };

constexpr std::array kFields{
    FieldInfo{"flp", "Freelance", Node,
              "Freelance: clients talk to several servers directly and fail over between them.", "10/FLP"},
    FieldInfo{"flp.command", "Command", Text, "PING, PONG, REQUEST or REPLY.", "10/FLP"},
    FieldInfo{"flp.sequence", "Control frame", Text,
              "The request's control frame, echoed by the reply; the reference client counts requests in decimal.",
              "10/FLP"},
    FieldInfo{"flp.body", "Body", Raw, "One frame of the request or reply.", "10/FLP"},
    FieldInfo{"flp.server", "Server", Text,
              "The server's routing id from its handshake: the endpoint clients use to reach it.", "10/FLP"},
    FieldInfo{"flp.response_to", "Response to", Number, "The PING or request this answers.", "10/FLP"},
    FieldInfo{"flp.time", "Response time", Number, "Seconds from that PING or request to this answer.", "10/FLP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kUnmatched{1400};
constexpr codec::FindingId kStale{1401};

constexpr std::array kFindings{
    codec::FindingInfo{kUnmatched, "flp.reply_unmatched", codec::Severity::Warn,
                       "a PONG or reply with nothing outstanding to answer"},
    codec::FindingInfo{kStale, "flp.stale_reply", codec::Severity::Note,
                       "a reply to an older request than the newest: the reference client discards it"},
};

constexpr ProtocolInfo kInfo{"flp", "Freelance", "10/FLP", kFields, kFindings};

bool isServerId(std::string_view id) { return id.substr(0, 6) == "tcp://" || id.substr(0, 6) == "ipc://"; }

enum class Kind { Ping, Pong, Request, Reply };

Kind kindOf(const MessageView &m)
{
    if (m.size() == 1 && m.text(0) == "PING")
        return Kind::Ping;
    if (m.size() == 1 && m.text(0) == "PONG")
        return Kind::Pong;
    // The server is the side with the endpoint as its identity.
    if (isServerId(m.senderIdentity))
        return Kind::Reply;
    if (isServerId(m.receiverIdentity))
        return Kind::Request;
    return m.direction() == codec::Direction::ServerToClient ? Kind::Reply : Kind::Request;
}

constexpr std::string_view kNames[] = {"PING", "PONG", "REQUEST", "REPLY"};

struct Connection : ConversationState {
    std::deque<std::pair<std::uint32_t, std::int64_t>> pings;
    std::map<std::string, std::pair<std::uint32_t, std::int64_t>> requests;
    std::string newest;
};

class Flp final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram() || m.size() != 1 || (m.text(0) != "PING" && m.text(0) != "PONG"))
            return Confidence::None;
        return isServerId(m.senderIdentity) || isServerId(m.receiverIdentity) ? Confidence::Likely : Confidence::Weak;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        if (!c)
            return {};
        Note note;
        switch (kindOf(m)) {
        case Kind::Ping:
            if (c->pings.size() < 1024)
                c->pings.emplace_back(ctx.number, ctx.timeNs);
            break;
        case Kind::Pong:
            if (c->pings.empty()) {
                ctx.finding(kUnmatched, m.event.offset, m.event.length, "PONG without a PING");
            } else {
                note.responseTo = c->pings.front().first;
                note.time = double(ctx.timeNs - c->pings.front().second) / 1e9;
                c->pings.pop_front();
            }
            break;
        case Kind::Request:
            if (m.size() >= 1) {
                c->newest = std::string(m.text(0));
                if (c->requests.size() < 4096)
                    c->requests[c->newest] = {ctx.number, ctx.timeNs};
            }
            break;
        case Kind::Reply: {
            const std::string ccf = m.size() ? std::string(m.text(0)) : std::string();
            const auto it = c->requests.find(ccf);
            if (it == c->requests.end()) {
                ctx.finding(kUnmatched, m.event.offset, m.event.length, "reply " + printable(ccf) + " to no request");
                break;
            }
            note.responseTo = it->second.first;
            note.time = double(ctx.timeNs - it->second.second) / 1e9;
            if (ccf != c->newest)
                ctx.finding(kStale, m.offset(0), m.length(0), "reply " + printable(ccf) + ", newest request " + printable(c->newest));
            c->requests.erase(it);
            break;
        }
        }
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        const Kind k = kindOf(m);
        Field root = field(f(F::Root), std::string(kNames[int(k)]), m.event.offset, m.event.length);
        root.children.push_back(field(f(F::Command), std::string(kNames[int(k)]), m.size() ? m.offset(0) : m.event.offset,
                                      k == Kind::Ping || k == Kind::Pong ? 4 : 0));
        if ((k == Kind::Request || k == Kind::Reply) && m.size()) {
            Field seq = field(f(F::Sequence), printable(m.body(0)), m.offset(0), m.length(0));
            root.children.push_back(std::move(seq));
            for (std::size_t i = 1; i < m.size(); ++i)
                root.children.push_back(field(f(F::Body), printable(m.body(i)), m.offset(i), m.length(i)));
        }
        const std::string_view server = isServerId(m.senderIdentity) ? m.senderIdentity : m.receiverIdentity;
        if (isServerId(server))
            root.children.push_back(field(f(F::Server), printable(server), m.event.offset, 0));
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }

    void summary(const MessageView &m, const Note &, std::string &out) const override
    {
        const Kind k = kindOf(m);
        out = "FLP " + std::string(kNames[int(k)]);
        if ((k == Kind::Request || k == Kind::Reply) && m.size()) {
            out += " " + printable(m.body(0), 16);
            for (std::size_t i = 1; i < m.size() && i < 3; ++i)
                out += " " + printable(m.body(i), 40);
        }
    }
};

}   // namespace

const ProtocolDissector &flpDissector()
{
    static const Flp d;
    return d;
}

}   // namespace zmqscope::protocols
