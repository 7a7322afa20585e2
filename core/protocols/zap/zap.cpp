// 27/ZAP carried in captured messages: a ZAP handler reached over a
// transport (or a proxy handler), as the frames after an optional envelope.
// Requests: version "1.0", request id, domain, address, identity,
// mechanism, credentials (PLAIN: username, password; CURVE: the client's
// 32-byte key; GSSAPI: a token). Replies: version, request id, status code
// (200/300/400/500), status text, user id, metadata. A reply is matched to
// its request by the request id.
#include "zap.h"

#include "codec/eventdump.h"
#include "codec/zap.h"

#include <array>
#include <map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

enum class F : std::size_t {
    Root, Kind, Version, RequestId, Domain, Address, Identity, Mechanism, Username, Password, ClientKey,
    StatusCode, StatusText, UserId, Metadata, ResponseTo, Time, Count
};

constexpr std::array kFields{
    FieldInfo{"zap", "ZAP", Node, "ZeroMQ Authentication Protocol carried in this message: a server socket asks its "
              "handler whether to let a client in.", "27/ZAP"},
    FieldInfo{"zap.kind", "Kind", Text, "request (from a server socket) or reply (from the handler).", "27/ZAP"},
    FieldInfo{"zap.version", "Version", Text, "\"1.0\", the only version.", "27/ZAP"},
    FieldInfo{"zap.request_id", "Request id", Raw, "Opaque; the reply repeats it (libzmq sends \"1\").", "27/ZAP"},
    FieldInfo{"zap.domain", "Domain", Text, "Security domain (ZMQ_ZAP_DOMAIN); libzmq allows it empty.", "27/ZAP"},
    FieldInfo{"zap.address", "Address", Text, "The client's IP address, without port.", "27/ZAP"},
    FieldInfo{"zap.identity", "Identity", Raw,
              "libzmq sends the server socket's own routing id here (the RFC says the client's).", "27/ZAP"},
    FieldInfo{"zap.mechanism", "Mechanism", Text, "NULL, PLAIN, CURVE or GSSAPI.", "27/ZAP"},
    FieldInfo{"zap.username", "Username", Text, "PLAIN credentials.", "27/ZAP"},
    FieldInfo{"zap.password", "Password", Text, "PLAIN credentials, in clear.", "27/ZAP"},
    FieldInfo{"zap.client_key", "Client key", Raw, "CURVE: the client's permanent public key.", "27/ZAP"},
    FieldInfo{"zap.status_code", "Status", Number,
              "200 the client may connect, 300 try later, 400 refused, 500 the handler failed.", "27/ZAP"},
    FieldInfo{"zap.status_text", "Status text", Text, "Why, for people.", "27/ZAP"},
    FieldInfo{"zap.user_id", "User id", Text, "Who the client is, for the application (\"User-Id\").", "27/ZAP"},
    FieldInfo{"zap.metadata", "Metadata", Raw, "Properties the server hands to the application with each message.",
              "27/ZAP"},
    FieldInfo{"zap.response_to", "Response to", Number, "The event number of the request this reply answers.", "27/ZAP"},
    FieldInfo{"zap.time", "Response time", Number, "Seconds between the request and this reply.", "27/ZAP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kDenied{1000};
constexpr codec::FindingId kFailed{1001};
constexpr codec::FindingId kTryLater{1002};
constexpr codec::FindingId kUnmatched{1003};

constexpr std::array kFindings{
    codec::FindingInfo{kDenied, "zap.denied", codec::Severity::Warn, "the ZAP handler refused the client (400)"},
    codec::FindingInfo{kFailed, "zap.handler_failure", codec::Severity::Error, "the ZAP handler failed (500)"},
    codec::FindingInfo{kTryLater, "zap.try_later", codec::Severity::Note, "the ZAP handler asks to try later (300)"},
    codec::FindingInfo{kUnmatched, "zap.reply_unmatched", codec::Severity::Warn,
                       "a ZAP reply whose request id matches no request seen"},
};

constexpr ProtocolInfo kInfo{"zap", "ZAP", "27/ZAP", kFields, kFindings};

struct Requests : ConversationState {
    std::map<std::string, std::pair<std::uint32_t, std::int64_t>, std::less<>> pending;   // id -> (n, time)
};

std::optional<codec::ZapView> recognize(const MessageView &m)
{
    std::vector<std::string_view> texts;
    texts.reserve(m.size());
    for (std::size_t i = 0; i < m.size(); ++i)
        texts.push_back(m.text(i));
    return codec::recognizeZap(texts);
}

class Zap final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        return !m.datagram() && recognize(m) ? Confidence::Likely : Confidence::None;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Requests>(); }
    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        const auto z = recognize(m);
        auto *state = static_cast<Requests *>(ctx.conversation);
        if (!z || !state)
            return {};
        const std::string id(m.text(z->first + 1));
        if (z->request) {
            if (state->pending.size() < 65536)
                state->pending[id] = {ctx.number, ctx.timeNs};
            return {};
        }
        Note n;
        if (const auto it = state->pending.find(id); it != state->pending.end()) {
            n.responseTo = it->second.first;
            n.time = double(ctx.timeNs - it->second.second) / 1e9;
            state->pending.erase(it);
        } else {
            ctx.finding(kUnmatched, m.offset(z->first + 1), m.length(z->first + 1),
                        "request id " + printable(id) + " was never asked for on this connection");
        }
        const std::string_view status = m.text(z->first + 2);
        const std::uint64_t at = m.offset(z->first + 2), len = m.length(z->first + 2);
        const std::string why = printable(m.text(z->first + 3));
        if (status == "400")
            ctx.finding(kDenied, at, len, "400 " + why);
        else if (status == "500")
            ctx.finding(kFailed, at, len, "500 " + why);
        else if (status == "300")
            ctx.finding(kTryLater, at, len, "300 " + why);
        return n;
    }
    Field dissect(const MessageView &m, const Note &note) const override
    {
        const auto z = recognize(m);
        Field root = field(f(F::Root), z ? (z->request ? "request" : "reply") : "not ZAP", m.event.offset, m.event.length);
        if (!z)
            return root;
        root.children.push_back(field(f(F::Kind), z->request ? "request" : "reply", m.event.offset, m.event.length));
        static constexpr F kRequest[] = {F::Version, F::RequestId, F::Domain, F::Address, F::Identity, F::Mechanism};
        static constexpr F kReply[] = {F::Version, F::RequestId, F::StatusCode, F::StatusText, F::UserId, F::Metadata};
        const auto &keys = z->request ? kRequest : kReply;
        for (std::size_t k = 0; k < 6; ++k) {
            const std::size_t i = z->first + k;
            if (keys[k] == F::StatusCode) {
                const std::string_view s = m.text(i);
                root.children.push_back(number(f(F::StatusCode), s.size() == 3 ? threeDigits(s) : 0, m.offset(i), m.length(i),
                                               std::string(s)));
            } else if (keys[k] == F::Identity || keys[k] == F::RequestId || keys[k] == F::Metadata) {
                root.children.push_back(field(f(keys[k]), codec::quoteBytes(m.body(i)), m.offset(i), m.length(i)));
            } else {
                root.children.push_back(field(f(keys[k]), printable(m.body(i)), m.offset(i), m.length(i)));
            }
        }
        if (z->request) {
            const std::string_view mech = m.text(z->first + 5);
            const std::size_t c = z->first + 6;
            if (mech == "PLAIN" && c + 1 < m.size()) {
                root.children.push_back(field(f(F::Username), printable(m.body(c)), m.offset(c), m.length(c)));
                root.children.push_back(field(f(F::Password), printable(m.body(c + 1)), m.offset(c + 1), m.length(c + 1)));
            } else if (mech == "CURVE" && c < m.size()) {
                root.children.push_back(field(f(F::ClientKey), hex(m.body(c)), m.offset(c), m.length(c)));
            }
        }
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }
    void summary(const MessageView &m, const Note &, std::string &out) const override
    {
        const auto z = recognize(m);
        if (!z) {
            out = "ZAP (not parsed)";
            return;
        }
        if (z->request)
            out = "ZAP request id=" + printable(m.text(z->first + 1)) + " domain=" + printable(m.text(z->first + 2))
                + " address=" + printable(m.text(z->first + 3)) + " mechanism=" + printable(m.text(z->first + 5));
        else
            out = "ZAP reply id=" + printable(m.text(z->first + 1)) + " " + printable(m.text(z->first + 2)) + " "
                + printable(m.text(z->first + 3));
    }
};

}   // namespace

const ProtocolDissector &zapDissector()
{
    static const Zap d;
    return d;
}

}   // namespace zmqscope::protocols
