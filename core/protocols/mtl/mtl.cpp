// The Message Transport Layer (11/MTL; digest section 12). Two flows:
//   control  request:  [[]] | Connection.Open|Authorize|Profile|Reader|Writer | JSON
//            reply:    [[]] | three-digit status | JSON
//   data     header | body: the header is one type octet (01 Lease ...
//            09 Pong) and that type's fixed fields (integers 8 octets BE,
//            short strings 1 octet + text, booleans 1 octet). Content's
//            property table is undefined by the RFC: shown as bytes.
// The control flow is recognised at once by its command name and JSON; a
// data header is a weak marker until it repeats.
//
// track(): Open first; Reader/Writer only after Profile; replies matched to
// requests (control: in order; data: Response to its command sequence).
#include "mtl.h"

#include "codec/zproto.h"

#include <array>
#include <cctype>
#include <charconv>
#include <deque>
#include <map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

constexpr std::array<codec::ValueName, 9> kDataTypes{{{1, "Lease"}, {2, "Response"}, {3, "Summon"}, {4, "Dismiss"},
                                                       {5, "Content"}, {6, "Confirm"}, {7, "Reject"}, {8, "Ping"},
                                                       {9, "Pong"}}};

enum class F : std::size_t {
    Root, Flow, Command, Status, Json, Port, Lease, Sequence, Resource, Multiple, Recycle, Properties, Body,
    ResponseTo, Time, Count
};

constexpr std::array kFields{
    FieldInfo{"mtl", "MTL", Node, "Message Transport Layer: a control dialog (open, profile, leases) and a data flow.",
              "11/MTL"},
    FieldInfo{"mtl.flow", "Flow", Text, "control (REQ to ROUTER, name + JSON) or data (DEALER to ROUTER, header + body).",
              "11/MTL"},
    FieldInfo{"mtl.command", "Command", Text,
              "Control: Connection.Open, .Authorize, .Profile, .Reader, .Writer, or a reply. Data: Lease, Response, "
              "Summon, Dismiss, Content, Confirm, Reject, Ping, Pong.", "11/MTL", kDataTypes},
    FieldInfo{"mtl.status", "Status", Number,
              "A control reply's code: 200 OK, 201 ready, 202 data lease, 401 unauthorized, 402 challenged, 501 not "
              "implemented ...; a data Response's body.", "11/MTL"},
    FieldInfo{"mtl.json", "JSON", Text, "The control message's JSON body.", "11/MTL"},
    FieldInfo{"mtl.port", "Data port", Number, "A 202 reply: the port of the data flow.", "11/MTL"},
    FieldInfo{"mtl.lease", "Lease", Text, "The lease a 202 reply grants and a data Lease command presents.", "11/MTL"},
    FieldInfo{"mtl.sequence", "Sequence", Number,
              "Command sequence (Lease, Response, Summon, Dismiss) or content sequence (Content, Confirm, Reject).",
              "11/MTL"},
    FieldInfo{"mtl.resource", "Resource", Text, "The resource summoned, dismissed or carrying content.", "11/MTL"},
    FieldInfo{"mtl.multiple", "Multiple", Number, "Confirm/Reject: 1 = every content up to this sequence.", "11/MTL"},
    FieldInfo{"mtl.recycle", "Recycle", Number, "Reject: 1 = deliver the content again later.", "11/MTL"},
    FieldInfo{"mtl.properties", "Properties", Raw, "Content's field table (its encoding is undefined by the RFC).",
              "11/MTL"},
    FieldInfo{"mtl.body", "Body", Raw, "The data command's body frame.", "11/MTL"},
    FieldInfo{"mtl.response_to", "Response to", Number, "The request or command this reply answers.", "11/MTL"},
    FieldInfo{"mtl.time", "Response time", Number, "Seconds from that request to this reply.", "11/MTL"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1500};
constexpr codec::FindingId kOrder{1501};
constexpr codec::FindingId kUnmatched{1502};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "mtl.malformed", codec::Severity::Error,
                       "a control message without JSON, or a data header whose length does not fit its type"},
    codec::FindingInfo{kOrder, "mtl.order", codec::Severity::Warn,
                       "a command out of order (Open first; Reader/Writer after Profile; Lease first on the data flow)"},
    codec::FindingInfo{kUnmatched, "mtl.reply_unmatched", codec::Severity::Warn, "a reply or Response to nothing asked"},
};

constexpr ProtocolInfo kInfo{"mtl", "MTL", "11/MTL", kFields, kFindings};

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

constexpr std::string_view kControl[] = {"Connection.Open", "Connection.Authorize", "Connection.Profile",
                                         "Connection.Reader", "Connection.Writer"};

int controlCommand(std::string_view s)
{
    for (int i = 0; i < 5; ++i)
        if (iequals(s, kControl[i]))
            return i;
    return -1;
}

bool isStatus(std::string_view s)
{
    return s.size() == 3 && (threeDigits(s) || s == "000");
}

bool json(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    return !s.empty() && s.front() == '{';
}

// A value of a top-level key in flat JSON ("port": 5556, "lease": "x").
std::string_view jsonValue(std::string_view j, std::string_view key)
{
    const std::string quoted = "\"" + std::string(key) + "\"";
    std::size_t at = j.find(quoted);
    if (at == std::string_view::npos)
        return {};
    at = j.find(':', at + quoted.size());
    if (at == std::string_view::npos)
        return {};
    ++at;
    while (at < j.size() && std::isspace(static_cast<unsigned char>(j[at])))
        ++at;
    if (at < j.size() && j[at] == '"') {
        const std::size_t end = j.find('"', at + 1);
        return end == std::string_view::npos ? std::string_view() : j.substr(at + 1, end - at - 1);
    }
    std::size_t end = at;
    while (end < j.size() && std::isdigit(static_cast<unsigned char>(j[end])))
        ++end;
    return j.substr(at, end - at);
}

struct Control {
    bool request = false;
    int command = -1;       // kControl index for requests
    std::size_t first = 0;  // the name or status frame
};

std::optional<Control> control(const MessageView &m)
{
    const std::size_t first = m.size() == 3 && m.length(0) == 0 ? 1 : 0;
    if (m.size() != first + 2 || !json(m.text(first + 1)))
        return std::nullopt;
    const int cmd = controlCommand(m.text(first));
    if (cmd >= 0)
        return Control{true, cmd, first};
    if (isStatus(m.text(first)))
        return Control{false, -1, first};
    return std::nullopt;
}

// Fixed header sizes per data type (n: a short string's length).
bool dataHeader(const MessageView &m)
{
    if (m.size() != 2 || m.body(0).empty() || m.body(0).size() != m.length(0))
        return false;
    const Bytes h = m.body(0);
    const std::uint8_t t = h[0];
    switch (t) {
    case 1: case 3: case 4: return h.size() >= 10 && h.size() == 10u + h[9];
    case 2: return h.size() == 9;
    case 5: return h.size() >= 10 && h.size() >= 10u + h[9];
    case 6: return h.size() == 10;
    case 7: return h.size() == 11;
    case 8: case 9: return h.size() == 1;
    default: return false;
    }
}

struct Connection : ConversationState {
    bool opened = false, profiled = false, leased = false;
    std::deque<std::pair<std::uint32_t, std::int64_t>> control;
    std::map<std::uint64_t, std::pair<std::uint32_t, std::int64_t>> data;
    std::deque<std::pair<std::uint32_t, std::int64_t>> pings;
};

class Mtl final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram())
            return Confidence::None;
        if (const auto c = control(m))
            return c->request ? Confidence::Certain : Confidence::Weak;
        if (!dataHeader(m))
            return Confidence::None;
        // Lease, Summon, Dismiss and Content carry a short string whose
        // length fits the frame exactly: likely; the bare headers are weak.
        const std::uint8_t t = m.body(0)[0];
        if (t == 1 || t == 3 || t == 4 || t == 5) {
            for (std::uint8_t c : m.body(0).subspan(10, m.body(0)[9]))
                if (c < 0x20 || c >= 0x7F)
                    return Confidence::Weak;
            return m.body(0)[9] ? Confidence::Likely : Confidence::Weak;
        }
        return Confidence::Weak;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        if (!c)
            return {};
        Note note;
        if (const auto ctl = control(m)) {
            if (ctl->request) {
                if (ctl->command != 0 && !c->opened)
                    ctx.finding(kOrder, m.offset(ctl->first), m.length(ctl->first), std::string(kControl[ctl->command]) + " before Connection.Open");
                if ((ctl->command == 3 || ctl->command == 4) && !c->profiled)
                    ctx.finding(kOrder, m.offset(ctl->first), m.length(ctl->first), std::string(kControl[ctl->command]) + " before Connection.Profile");
                c->opened |= ctl->command == 0;
                c->profiled |= ctl->command == 2;
                if (c->control.size() < 1024)
                    c->control.emplace_back(ctx.number, ctx.timeNs);
            } else if (c->control.empty()) {
                ctx.finding(kUnmatched, m.event.offset, m.event.length, "reply " + std::string(m.text(ctl->first)) + " to no request");
            } else {
                note.responseTo = c->control.front().first;
                note.time = double(ctx.timeNs - c->control.front().second) / 1e9;
                c->control.pop_front();
            }
            return note;
        }
        if (!dataHeader(m)) {
            ctx.finding(kMalformed, m.event.offset, m.event.length, "not a control message or a data command");
            return note;
        }
        const Bytes h = m.body(0);
        const std::uint8_t t = h[0];
        if (t != 1 && t != 2 && t != 9 && !c->leased && m.sender != codec::SocketType::Router)
            ctx.finding(kOrder, m.offset(0), 1, std::string(codec::valueName(f(F::Command), t)) + " before Lease");
        c->leased |= t == 1;
        if (t == 1 || t == 3 || t == 4) {
            c->data[codec::readU64(h.data() + 1)] = {ctx.number, ctx.timeNs};
        } else if (t == 2) {
            const auto it = c->data.find(codec::readU64(h.data() + 1));
            if (it == c->data.end()) {
                ctx.finding(kUnmatched, m.offset(0), m.length(0), "Response to command " + std::to_string(codec::readU64(h.data() + 1)));
            } else {
                note.responseTo = it->second.first;
                note.time = double(ctx.timeNs - it->second.second) / 1e9;
                c->data.erase(it);
            }
        } else if (t == 8) {
            if (c->pings.size() < 1024)
                c->pings.emplace_back(ctx.number, ctx.timeNs);
        } else if (t == 9 && !c->pings.empty()) {
            note.responseTo = c->pings.front().first;
            note.time = double(ctx.timeNs - c->pings.front().second) / 1e9;
            c->pings.pop_front();
        }
        if (c->data.size() > 4096)
            c->data.erase(c->data.begin());
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        Field root = field(f(F::Root), {}, m.event.offset, m.event.length);
        if (const auto ctl = control(m)) {
            const std::size_t i = ctl->first;
            root.children.push_back(field(f(F::Flow), "control", m.event.offset, 0));
            const std::string_view j = m.text(i + 1);
            if (ctl->request) {
                root.value = std::string(kControl[ctl->command]);
                root.children.push_back(field(f(F::Command), std::string(m.text(i)), m.offset(i), m.length(i)));
            } else {
                const std::string_view s = m.text(i);
                root.value = std::string(s);
                root.children.push_back(field(f(F::Command), "reply", m.offset(i), 0));
                root.children.push_back(number(f(F::Status), threeDigits(s), m.offset(i), 3));
                // The values where they stand in the JSON text.
                const auto at = [&](std::string_view v) { return m.offset(i + 1) + std::uint64_t(v.data() - j.data()); };
                const std::string_view port = jsonValue(j, "port");
                unsigned portNumber = 0;
                const auto parsed = std::from_chars(port.data(), port.data() + port.size(), portNumber);
                if (!port.empty() && parsed.ec == std::errc() && parsed.ptr == port.data() + port.size() && portNumber <= 65535)
                    root.children.push_back(number(f(F::Port), portNumber, at(port), port.size()));
                const std::string_view lease = jsonValue(j, "lease");
                if (!lease.empty())
                    root.children.push_back(field(f(F::Lease), printable(lease), at(lease), lease.size()));
            }
            root.children.push_back(field(f(F::Json), printable(j, 200), m.offset(i + 1), m.length(i + 1)));
            addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
            return root;
        }
        root.children.push_back(field(f(F::Flow), "data", m.event.offset, 0));
        if (!dataHeader(m)) {
            root.value = "malformed";
            return root;
        }
        const Bytes h = m.body(0);
        const std::uint64_t at = m.offset(0);
        root.children.push_back(named(f(F::Command), h[0], at, 1));
        root.value = root.children.back().value;
        Reader r(h.subspan(1), at + 1);
        std::uint64_t seq = 0;
        std::string_view s;
        const auto resource = [&] {
            const std::uint64_t sAt = r.offset();
            if (r.string(s))
                root.children.push_back(field(f(F::Resource), printable(s), sAt + 1, s.size()));
        };
        if (h[0] >= 1 && h[0] <= 7 && r.u64(seq))
            root.children.push_back(number(f(F::Sequence), seq, at + 1, 8));
        switch (h[0]) {
        case 1: {
            const std::uint64_t sAt = r.offset();
            if (r.string(s))
                root.children.push_back(field(f(F::Lease), printable(s), sAt + 1, s.size()));
            break;
        }
        case 3: case 4: resource(); break;
        case 5:
            resource();
            if (!r.atEnd())
                root.children.push_back(field(f(F::Properties), hex(h.subspan(r.position() + 1)), r.offset(), r.left()));
            break;
        case 6: case 7: {
            std::uint8_t b = 0;
            const std::uint64_t bAt = r.offset();
            if (r.u8(b))
                root.children.push_back(number(f(F::Multiple), b, bAt, 1));
            if (h[0] == 7 && r.u8(b))
                root.children.push_back(number(f(F::Recycle), b, bAt + 1, 1));
            break;
        }
        default: break;
        }
        if (h[0] == 2 && isStatus(m.text(1)))
            root.children.push_back(number(f(F::Status), threeDigits(m.text(1)), m.offset(1), 3));
        root.children.push_back(field(f(F::Body), printable(m.body(1)), m.offset(1), m.length(1)));
        addMatch(root, &f(F::ResponseTo), &f(F::Time), nullptr, note, m.event.offset);
        return root;
    }

    void summary(const MessageView &m, const Note &, std::string &out) const override
    {
        if (const auto ctl = control(m)) {
            out = "MTL " + std::string(m.text(ctl->first)) + " " + printable(m.text(ctl->first + 1), 200);
            return;
        }
        if (!dataHeader(m)) {
            out = "MTL (malformed)";
            return;
        }
        const Bytes h = m.body(0);
        out = "MTL " + std::string(codec::valueName(f(F::Command), h[0]));
        if (h[0] >= 1 && h[0] <= 7)
            out += " seq=" + std::to_string(codec::readU64(h.data() + 1));
        if (h[0] == 1 || h[0] == 3 || h[0] == 4 || h[0] == 5)
            out += " " + printable(h.subspan(10, h[9]));
        if (!m.body(1).empty())
            out += " " + printable(m.body(1), 40);
    }
};

}   // namespace

const ProtocolDissector &mtlDissector()
{
    static const Mtl d;
    return d;
}

}   // namespace zmqscope::protocols
