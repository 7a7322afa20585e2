// Plain request-reply (28/REQREP; 23/ZMTP's REQ, REP, DEALER and ROUTER):
// when no application protocol claims a connection between request-reply
// sockets, replies are still matched to requests. Between REQ and REP (or
// a ROUTER or DEALER standing in for one) messages carry the empty
// delimiter (and, through proxies, the routing ids before it): a reply
// answers the oldest request with the same envelope. DEALER to ROUTER
// messages with no envelope are matched in order, which is what a
// synchronous client does; this weak reading needs two messages before it
// sticks, and any application protocol's marker wins over it.
#include "reqrep.h"

#include <array>
#include <deque>
#include <map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number;

enum class F : std::size_t { Root, Role, Envelope, Body, ResponseTo, Time, Count };

constexpr std::array kFields{
    FieldInfo{"reqrep", "Request-reply", Node,
              "Plain request-reply between REQ, REP, DEALER and ROUTER sockets, when no application protocol claims "
              "the connection: replies matched to requests.", "28/REQREP"},
    FieldInfo{"reqrep.role", "Role", Text, "request (towards the replying side) or reply.", "28/REQREP"},
    FieldInfo{"reqrep.envelope", "Envelope", Raw,
              "Routing ids before the empty delimiter (added by proxies), in hex; empty for a bare REQ/REP pair.",
              "28/REQREP"},
    FieldInfo{"reqrep.body", "Body", Raw, "One frame of the request or reply after the envelope.", "28/REQREP"},
    FieldInfo{"reqrep.response_to", "Response to", Number, "The event number of the request this reply answers.",
              "28/REQREP"},
    FieldInfo{"reqrep.time", "Response time", Number, "Seconds from that request to this reply.", "28/REQREP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kUnmatched{1900};
constexpr codec::FindingId kOutstanding{1901};

constexpr std::array kFindings{
    codec::FindingInfo{kUnmatched, "reqrep.reply_unmatched", codec::Severity::Warn,
                       "a reply with no request outstanding (with that envelope)"},
    codec::FindingInfo{kOutstanding, "reqrep.request_outstanding", codec::Severity::Note,
                       "a REQ socket's second request before the first was answered (only with ZMQ_REQ_RELAXED)"},
};

constexpr ProtocolInfo kInfo{"reqrep", "Request-reply", "28/REQREP", kFields, kFindings, true};

using codec::SocketType;

// Whether the sender asks (true) or answers (false); nullopt: not a
// request-reply pair. REQ always asks and REP always answers, whatever
// stands opposite them (a queue's ROUTER in front of REP workers asks);
// between DEALER and ROUTER the DEALER asks.
std::optional<bool> asks(const MessageView &m)
{
    const auto rr = [](SocketType t) {
        return t == SocketType::Req || t == SocketType::Rep || t == SocketType::Dealer || t == SocketType::Router;
    };
    if (!rr(m.sender) || !rr(m.receiver))
        return std::nullopt;
    if (m.sender == SocketType::Req || m.receiver == SocketType::Rep)
        return m.sender != SocketType::Rep && m.receiver != SocketType::Req ? std::optional(true) : std::nullopt;
    if (m.sender == SocketType::Rep || m.receiver == SocketType::Req)
        return false;
    if (m.sender == SocketType::Dealer && m.receiver == SocketType::Router)
        return true;
    if (m.sender == SocketType::Router && m.receiver == SocketType::Dealer)
        return false;
    return std::nullopt;
}

struct Connection : ConversationState {
    std::map<std::string, std::deque<std::pair<std::uint32_t, std::int64_t>>> outstanding;
};

class ReqRep final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram() || !asks(m))
            return Confidence::None;
        // REQ and REP put the delimiter on the wire: likely. A bare
        // DEALER/ROUTER exchange: weak.
        const bool reqRep = m.sender == SocketType::Req || m.sender == SocketType::Rep || m.receiver == SocketType::Req
            || m.receiver == SocketType::Rep;
        return reqRep && m.envelopeFrames ? Confidence::Likely : Confidence::Weak;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        const auto ask = asks(m);
        if (!c || !ask)
            return {};
        const std::string key = envelopeKey(m);
        Note note;
        if (*ask) {
            if (c->outstanding.size() >= 4096 && !c->outstanding.count(key))
                c->outstanding.erase(c->outstanding.begin());
            auto &q = c->outstanding[key];
            if (!q.empty() && m.sender == SocketType::Req)
                ctx.finding(kOutstanding, m.event.offset, m.event.length,
                            "request " + std::to_string(q.front().first) + " has no reply yet");
            if (q.size() < 4096)
                q.emplace_back(ctx.number, ctx.timeNs);
            return note;
        }
        const auto it = c->outstanding.find(key);
        if (it == c->outstanding.end() || it->second.empty()) {
            ctx.finding(kUnmatched, m.event.offset, m.event.length, "no request outstanding");
            return note;
        }
        note.responseTo = it->second.front().first;
        note.time = double(ctx.timeNs - it->second.front().second) / 1e9;
        it->second.pop_front();
        if (it->second.empty())
            c->outstanding.erase(it);
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        const auto ask = asks(m);
        const std::string role = ask ? (*ask ? "request" : "reply") : "unknown";
        Field root = field(f(F::Root), role, m.event.offset, m.event.length);
        root.children.push_back(field(f(F::Role), role, m.event.offset, 0));
        if (m.envelopeFrames > 1) {
            std::string ids;
            for (std::size_t i = 0; i + 1 < m.envelopeFrames; ++i)
                ids += (ids.empty() ? "" : " ") + hex(m.body(i));
            // From the first id's header to the end of the delimiter.
            const FrameView &last = m.frames[m.envelopeFrames - 1];
            root.children.push_back(field(f(F::Envelope), ids, m.frames[0].offset,
                                          last.offset + last.headerLength - m.frames[0].offset));
        }
        for (std::size_t i = m.envelopeFrames; i < m.size(); ++i)
            root.children.push_back(field(f(F::Body), printable(m.body(i)), m.offset(i), m.length(i)));
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }

    void summary(const MessageView &m, const Note &note, std::string &out) const override
    {
        const auto ask = asks(m);
        out = ask && *ask ? "request" : "reply";
        for (std::size_t i = m.envelopeFrames; i < m.size() && i < m.envelopeFrames + 3; ++i)
            out += " " + printable(m.body(i), 40);
        if (m.size() > m.envelopeFrames + 3)
            out += " +" + std::to_string(m.size() - m.envelopeFrames - 3) + " frames";
        if (note.time >= 0) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " (to %u, %.3f ms)", note.responseTo, note.time * 1e3);
            out += buf;
        }
    }
};

}   // namespace

const ProtocolDissector &reqrepDissector()
{
    static const ReqRep d;
    return d;
}

}   // namespace zmqscope::protocols
