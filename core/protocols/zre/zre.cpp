// ZRE, the ZeroMQ Realtime Exchange (20/ZRE v1, 36/ZRE v2, 43/ZRE v3;
// digest section 16): UDP discovery beacons and the messages one node's
// DEALER sends to another's ROUTER inbox.
//
//   v2/v3: AA A1, id, version (2 or 3), sequence (2, BE), fields (zproto)
//   v1:    AA A1, id, sequence (2, BE), fields (2012 codec: 1-octet counts)
//
// zyre sends version 2 even for RFC 43 and adds ELECT (8), LEADER (9) and
// GOODBYE (10); pyre reads ids up to 10 but not their sequence. Which
// dialect a message follows is decided from the message itself (a full
// parse that uses every byte) and the sender's handshake identity (16
// bytes: v1; 17 starting 01: v2/v3).
//
// track(): per connection, HELLO first, sequence +1 per message (zyre wraps
// 65535 -> 0, pyre 65534 -> 0), JOIN/LEAVE status +1 (zyre asserts it);
// per capture, the names nodes gave in HELLO by UUID, so later messages and
// beacons of that node carry its name.
#include "zre.h"

#include "beacon.h"
#include "codec/zproto.h"

#include <array>
#include <map>
#include <set>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

constexpr std::array<codec::ValueName, 10> kCommands{{{1, "HELLO"}, {2, "WHISPER"}, {3, "SHOUT"}, {4, "JOIN"},
                                                       {5, "LEAVE"}, {6, "PING"}, {7, "PING-OK"}, {8, "ELECT"},
                                                       {9, "LEADER"}, {10, "GOODBYE"}}};

enum class F : std::size_t {
    Root, Dialect, Signature, Command, Version, Sequence, Endpoint, IpAddress, Mailbox, Groups, Group, Status, Name,
    Headers, Header, HeaderName, HeaderValue, Content, Challenger, Leader, Uuid, Peer, MemberOf,
    Beacon, BeaconSignature, BeaconVersion, BeaconUuid, BeaconPort, BeaconCurveKey, Count
};

constexpr std::array kFields{
    FieldInfo{"zre", "ZRE", Node, "ZeroMQ Realtime Exchange: a node's message to a peer's inbox, or a discovery beacon.",
              "20/ZRE, 36/ZRE, 43/ZRE"},
    FieldInfo{"zre.dialect", "Dialect", Text,
              "Which encoding the message follows: v1 (RFC 20, no version byte), v2 (RFC 36) or v3 (RFC 43; zyre "
              "itself still sends 2).", "36/ZRE"},
    FieldInfo{"zre.signature", "Signature", Raw, "AA A1: zproto signature, protocol number 1.", "36/ZRE"},
    FieldInfo{"zre.command", "Command", Text, "The message id: HELLO, WHISPER, SHOUT, JOIN, LEAVE, PING, PING-OK; zyre "
              "adds ELECT, LEADER and GOODBYE.", "36/ZRE", kCommands},
    FieldInfo{"zre.version", "Version", Number, "2 for RFC 36, 3 for RFC 43 (zyre sends and accepts only 2).", "36/ZRE"},
    FieldInfo{"zre.sequence", "Sequence", Number,
              "Per sending connection: HELLO is 1, each message after it one more (16 bits, cyclic). A gap or a "
              "repeat makes the receiver drop the peer.", "36/ZRE"},
    FieldInfo{"zre.endpoint", "Endpoint", Text, "HELLO: where the sender's inbox listens; the peer connects back there.",
              "36/ZRE"},
    FieldInfo{"zre.ipaddress", "IP address", Text, "v1 HELLO: the sender's IP address.", "20/ZRE"},
    FieldInfo{"zre.mailbox", "Mailbox port", Number, "v1 HELLO: the sender's inbox port.", "20/ZRE"},
    FieldInfo{"zre.groups", "Groups", Node, "HELLO: the groups the sender is in.", "36/ZRE"},
    FieldInfo{"zre.group", "Group", Text, "A group name (case-sensitive).", "36/ZRE"},
    FieldInfo{"zre.status", "Status", Number,
              "The sender's group-status counter: +1 (mod 256) for every JOIN or LEAVE; zyre asserts it and aborts on "
              "a mismatch.", "36/ZRE"},
    FieldInfo{"zre.name", "Name", Text, "HELLO: the node's name (zyre's default: the first 6 hex digits of its UUID).",
              "36/ZRE"},
    FieldInfo{"zre.headers", "Headers", Node, "HELLO: name/value pairs the node announces (X-PUBLICKEY in CURVE mode).",
              "36/ZRE"},
    FieldInfo{"zre.header", "Header", Node, "One header.", "36/ZRE"},
    FieldInfo{"zre.header.name", "Name", Text, "Header name.", "36/ZRE"},
    FieldInfo{"zre.header.value", "Value", Text, "Header value.", "36/ZRE"},
    FieldInfo{"zre.content", "Content", Raw, "WHISPER/SHOUT: one frame of the application's message.", "36/ZRE"},
    FieldInfo{"zre.challenger_id", "Challenger", Text, "zyre ELECT: the challenger's UUID as 32 hex digits.", "zyre"},
    FieldInfo{"zre.leader_id", "Leader", Text, "zyre LEADER: the elected leader's UUID as 32 hex digits.", "zyre"},
    FieldInfo{"zre.uuid", "Sender UUID", Text,
              "From the sender's handshake identity (01 + UUID in v2/v3, the bare UUID in v1).", "36/ZRE"},
    FieldInfo{"zre.peer", "Peer", Text, "The sender's name, learned from its HELLO.", "36/ZRE"},
    FieldInfo{"zre.member_of", "Member of", Text,
              "The groups the sender is in after this message, as its HELLO, JOINs and LEAVEs on this connection "
              "say (comma-separated).", "36/ZRE"},
    FieldInfo{"zre.beacon", "ZRE beacon", Node, "A ZRE discovery beacon: a UDP datagram to port 5670.", "36/ZRE, 43/ZRE"},
    FieldInfo{"zre.beacon.signature", "Signature", Raw, "Bytes 0-2: \"ZRE\".", "36/ZRE"},
    FieldInfo{"zre.beacon.version", "Version", Number, "Byte 3: 1 (ZRE v1 and v2 nodes) or 3 (v3, with a CURVE key).",
              "36/ZRE"},
    FieldInfo{"zre.beacon.uuid", "UUID", Raw, "Bytes 4-19: the sending node's UUID.", "36/ZRE"},
    FieldInfo{"zre.beacon.port", "Port", Number,
              "Bytes 20-21, big-endian: the node's inbox TCP port (its ROUTER); 0 means the node is leaving.", "36/ZRE"},
    FieldInfo{"zre.beacon.curve_key", "CURVE key", Text,
              "Bytes 22-53 (version 3 only): the node's CURVE public key, here in Z85.", "43/ZRE"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1100};
constexpr codec::FindingId kSequence{1101};
constexpr codec::FindingId kBeforeHello{1102};
constexpr codec::FindingId kHelloAgain{1103};
constexpr codec::FindingId kStatus{1104};
constexpr codec::FindingId kVersion3{1105};
constexpr codec::FindingId kIdentity{1106};
constexpr codec::FindingId kPyreWrap{1107};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "zre.malformed", codec::Severity::Error,
                       "a ZRE message that does not parse: nodes drop it"},
    codec::FindingInfo{kSequence, "zre.sequence_gap", codec::Severity::Error,
                       "sequence is not the previous one + 1: the receiver drops this peer"},
    codec::FindingInfo{kBeforeHello, "zre.before_hello", codec::Severity::Warn,
                       "a message before HELLO on this connection: receivers ignore it"},
    codec::FindingInfo{kHelloAgain, "zre.hello_again", codec::Severity::Note,
                       "a second HELLO on one connection: the peer restarted (zyre rebuilds its state)"},
    codec::FindingInfo{kStatus, "zre.status_mismatch", codec::Severity::Error,
                       "JOIN/LEAVE status is not the previous one + 1: zyre asserts on this and aborts"},
    codec::FindingInfo{kVersion3, "zre.version3", codec::Severity::Note,
                       "version 3 (RFC 43): zyre sends and accepts only 2"},
    codec::FindingInfo{kIdentity, "zre.identity", codec::Severity::Warn,
                       "the sender's routing id is not 01 + UUID (17 bytes): zyre drops its messages"},
    codec::FindingInfo{kPyreWrap, "zre.sequence_pyre_wrap", codec::Severity::Note,
                       "sequence wrapped 65534 -> 0 as pyre counts (zyre wraps 65535 -> 0)"},
};

constexpr ProtocolInfo kInfo{"zre", "ZRE", "20/ZRE, 36/ZRE, 43/ZRE", kFields, kFindings};

struct Parsed {
    int dialect = 0;         // 1, 2, 3; 0: not ZRE
    std::uint8_t id = 0;
    std::uint8_t version = 0;
    std::uint16_t sequence = 0;
    std::uint8_t status = 0;
    bool hasStatus = false;
    std::uint64_t statusAt = 0;
    std::string_view name, group;
    std::vector<std::string_view> groups;   // HELLO's (at most kMaxGroups)
    std::string error;       // what does not parse
    std::uint64_t errorAt = 0;
};

constexpr std::size_t kMaxGroups = 256;

// The 2012 codec's strings and dictionaries: a 1-octet count, then strings.
bool oldList(Reader &r, Field *parent, F item, F nameKey, F valueKey, std::vector<std::string_view> *collect = nullptr)
{
    std::uint8_t n = 0;
    if (!r.u8(n))
        return false;
    for (unsigned i = 0; i < n; ++i) {
        const std::uint64_t at = r.offset();
        std::string_view s;
        if (!r.string(s))
            return false;
        if (collect && collect->size() < kMaxGroups)
            collect->push_back(s);
        if (!parent)
            continue;
        if (item == F::Header) {
            Field h = field(f(F::Header), printable(s), at, 1 + s.size());
            const std::size_t eq = s.find('=');
            h.children.push_back(field(f(nameKey), printable(s.substr(0, eq)), at + 1, eq == std::string_view::npos ? s.size() : eq));
            if (eq != std::string_view::npos)
                h.children.push_back(field(f(valueKey), printable(s.substr(eq + 1)), at + 2 + eq, s.size() - eq - 1));
            parent->children.push_back(std::move(h));
        } else {
            parent->children.push_back(field(f(item), printable(s), at + 1, s.size()));
        }
    }
    return true;
}

// Parses the first frame as `dialect` (1 or 2/3), building the tree into
// `tree` when given. A parse that does not use every byte of the frame
// still succeeds (as zproto's decoder does), but `exact` tells.
bool parse(const MessageView &m, int dialect, Parsed &p, Field *tree, bool *exact)
{
    if (m.size() == 0)
        return false;
    Reader r(m.body(0), m.offset(0));
    codec::Bytes sig;
    std::uint8_t id = 0;
    if (!r.bytes(2, sig) || sig[0] != 0xAA || sig[1] != 0xA1 || !r.u8(id) || id < 1 || id > 10)
        return false;
    if (dialect == 1 && id > 7)
        return false;
    p = {};
    p.dialect = dialect;
    p.id = id;
    if (tree) {
        tree->children.push_back(field(f(F::Signature), "AA A1", m.offset(0), 2));
        tree->children.push_back(named(f(F::Command), id, m.offset(0) + 2, 1));
    }
    if (dialect != 1) {
        const std::uint64_t at = r.offset();
        if (!r.u8(p.version) || (p.version != 2 && p.version != 3))
            return false;
        p.dialect = p.version;
        if (tree)
            tree->children.push_back(number(f(F::Version), p.version, at, 1));
    }
    const std::uint64_t seqAt = r.offset();
    if (!r.u16(p.sequence))
        return false;
    if (tree)
        tree->children.push_back(number(f(F::Sequence), p.sequence, seqAt, 2));
    const auto str = [&](F key, std::string_view *out) {
        const std::uint64_t at = r.offset();
        std::string_view s;
        if (!r.string(s))
            return false;
        if (out)
            *out = s;
        if (tree)
            tree->children.push_back(field(f(key), printable(s), at + 1, s.size()));
        return true;
    };
    const auto status = [&] {
        const std::uint64_t at = r.offset();
        if (!r.u8(p.status))
            return false;
        p.hasStatus = true;
        p.statusAt = at;
        if (tree)
            tree->children.push_back(number(f(F::Status), p.status, at, 1));
        return true;
    };
    bool ok = true;
    switch (id) {
    case 1:   // HELLO
        if (dialect == 1) {
            std::uint16_t port = 0;
            ok = str(F::IpAddress, nullptr);
            const std::uint64_t at = r.offset();
            ok = ok && r.u16(port);
            if (ok && tree)
                tree->children.push_back(number(f(F::Mailbox), port, at, 2));
            Field groups = field(f(F::Groups), {}, r.offset(), 0);
            const std::uint64_t gAt = r.offset();
            ok = ok && oldList(r, tree ? &groups : nullptr, F::Group, F::Group, F::Group, &p.groups);
            groups.length = r.offset() - gAt;
            if (ok && tree)
                tree->children.push_back(std::move(groups));
            ok = ok && status();
            Field headers = field(f(F::Headers), {}, r.offset(), 0);
            const std::uint64_t hAt = r.offset();
            ok = ok && oldList(r, tree ? &headers : nullptr, F::Header, F::HeaderName, F::HeaderValue);
            headers.length = r.offset() - hAt;
            if (ok && tree)
                tree->children.push_back(std::move(headers));
        } else {
            ok = str(F::Endpoint, nullptr);
            // groups: strings (4-octet count, longstr items)
            std::uint32_t n = 0;
            const std::uint64_t gAt = r.offset();
            Field groups = field(f(F::Groups), {}, gAt, 0);
            ok = ok && r.u32(n) && n <= r.left() / 4;
            for (std::uint32_t i = 0; ok && i < n; ++i) {
                const std::uint64_t at = r.offset();
                std::string_view s;
                ok = r.longstr(s);
                if (ok && p.groups.size() < kMaxGroups)
                    p.groups.push_back(s);
                if (ok && tree)
                    groups.children.push_back(field(f(F::Group), printable(s), at + 4, s.size()));
            }
            groups.length = r.offset() - gAt;
            groups.value = std::to_string(groups.children.size());
            if (ok && tree)
                tree->children.push_back(std::move(groups));
            ok = ok && status() && str(F::Name, &p.name);
            // headers: hash (4-octet count, string key, longstr value)
            const std::uint64_t hAt = r.offset();
            Field headers = field(f(F::Headers), {}, hAt, 0);
            ok = ok && r.u32(n) && n <= r.left() / 5;
            for (std::uint32_t i = 0; ok && i < n; ++i) {
                const std::uint64_t at = r.offset();
                std::string_view k, v;
                ok = r.string(k);
                const std::uint64_t vAt = r.offset();
                ok = ok && r.longstr(v);
                if (ok && tree) {
                    Field h = field(f(F::Header), printable(k) + "=" + printable(v), at, r.offset() - at);
                    h.children.push_back(field(f(F::HeaderName), printable(k), at + 1, k.size()));
                    h.children.push_back(field(f(F::HeaderValue), printable(v), vAt + 4, v.size()));
                    headers.children.push_back(std::move(h));
                }
            }
            headers.length = r.offset() - hAt;
            if (ok && tree)
                tree->children.push_back(std::move(headers));
        }
        break;
    case 3:   // SHOUT
        ok = str(F::Group, &p.group);
        break;
    case 4:   // JOIN
    case 5:   // LEAVE
        ok = str(F::Group, &p.group) && status();
        break;
    case 8:   // ELECT
        ok = str(F::Group, &p.group) && str(F::Challenger, nullptr);
        break;
    case 9:   // LEADER
        ok = str(F::Group, &p.group) && str(F::Leader, nullptr);
        break;
    default:  // WHISPER, PING, PING-OK, GOODBYE: no fields
        break;
    }
    if (!ok) {
        p.error = "field past the end of the frame";
        p.errorAt = r.offset();
        return false;
    }
    if (exact)
        *exact = r.atEnd();
    if (tree && (id == 2 || id == 3))
        for (std::size_t i = 1; i < m.size(); ++i)
            tree->children.push_back(field(f(F::Content), printable(m.body(i)), m.offset(i), m.length(i)));
    return true;
}

// The dialect this message follows, or 0 when it parses as neither; `out`
// holds the parse of that dialect. The sender's identity decides first
// (17 bytes: v2/v3, 16: v1), then a parse that uses every byte.
int dialectOf(const MessageView &m, Parsed &out)
{
    // (parsed into `out` in place: the usual v2/v3 message is read once, copying nothing)
    const std::size_t idLength = m.senderIdentity.size();
    if (idLength == 16 && parse(m, 1, out, nullptr, nullptr))
        return 1;
    bool exact2 = false;
    const bool v2 = parse(m, 2, out, nullptr, &exact2);
    if (v2 && (idLength == 17 || exact2))
        return out.dialect;
    if (idLength != 16) {
        Parsed p1;
        bool exact1 = false;
        if (parse(m, 1, p1, nullptr, &exact1) && (exact1 || !v2)) {
            out = std::move(p1);
            return 1;
        }
    }
    return v2 ? out.dialect : 0;
}

int dialectOf(const MessageView &m)
{
    Parsed p;
    return dialectOf(m, p);
}

std::string uuidText(std::string_view id)
{
    const std::string_view u = id.size() == 17 ? id.substr(1) : id;
    return hex(Bytes(reinterpret_cast<const std::uint8_t *>(u.data()), u.size()), 16);
}

std::string_view peerName(const Note &note)
{
    return std::string_view(note.label).substr(0, note.label.find('\x1f'));
}

struct Connection : ConversationState {
    std::set<std::string> groups;   // the sender's, as HELLO, JOIN and LEAVE say (at most kMaxGroups)
    std::string label;              // the note: name, unit separator, groups (made when they change)
    bool labelStale = true;
    bool hello = false;
    bool haveSequence = false;
    std::uint16_t sequence = 0;
    bool haveStatus = false;
    std::uint8_t status = 0;
    std::string name;
};

struct Capture : ConversationState {
    std::map<std::string, std::string> names;   // UUID (16 bytes) -> HELLO name
};

class Zre final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }

    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram())
            return Confidence::Likely;   // it came on the beacon port; malformed ones get findings
        if (m.size() == 0 || m.body(0).size() < 5 || m.body(0)[0] != 0xAA || m.body(0)[1] != 0xA1)
            return Confidence::None;
        return dialectOf(m) ? Confidence::Certain : Confidence::None;
    }

    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }
    std::unique_ptr<ConversationState> newCaptureState() const override { return std::make_unique<Capture>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *capture = static_cast<Capture *>(ctx.capture);
        Note note;
        if (m.datagram()) {
            std::vector<codec::Finding> problems;
            const auto b = parseZreBeacon(m.size() ? m.body(0) : Bytes{}, &problems);
            for (const codec::Finding &p : problems)
                ctx.finding(p.id, p.offset + m.event.offset, p.length, p.detail);
            if (b && capture)
                if (const auto it = capture->names.find(std::string(reinterpret_cast<const char *>(b->uuid.data()), 16));
                    it != capture->names.end())
                    note.label = it->second;
            return note;
        }
        auto *c = static_cast<Connection *>(ctx.conversation);
        Parsed p;
        const int dialect = dialectOf(m, p);
        if (!dialect) {
            Parsed why;
            parse(m, 2, why, nullptr, nullptr);
            ctx.finding(kMalformed, m.size() ? m.offset(0) : m.event.offset, m.size() ? m.length(0) : 0,
                        why.error.empty() ? std::string("not a ZRE message (signature, id or version)") : why.error);
            return note;
        }
        const std::uint64_t at = m.offset(0), len = m.length(0);
        const std::string_view id = m.senderIdentity;
        if (dialect != 1 && !id.empty() && (id.size() != 17 || id[0] != 1))
            ctx.finding(kIdentity, at, len, "routing id of " + std::to_string(id.size()) + " bytes");
        if (p.version == 3 && c && !c->hello && p.id == 1)
            ctx.finding(kVersion3, at + 3, 1, "this node follows RFC 43 as written");
        if (c) {
            if (p.id == 1) {
                if (c->hello)
                    ctx.finding(kHelloAgain, at, len, "HELLO again with sequence " + std::to_string(p.sequence));
                c->hello = true;
                c->haveSequence = true;
                if (p.sequence != 1)
                    ctx.finding(kSequence, at + (dialect == 1 ? 3 : 4), 2,
                                "HELLO carries sequence " + std::to_string(p.sequence) + ", expected 1");
                c->sequence = p.sequence;
                c->haveStatus = true;
                c->status = p.status;
                c->name = std::string(p.name);
                c->groups.clear();
                for (std::string_view g : p.groups)
                    c->groups.emplace(g);
                c->labelStale = true;
                if (capture && !id.empty())
                    capture->names[std::string(id.size() == 17 ? id.substr(1) : id)] = c->name;
            } else {
                if (!c->hello)
                    ctx.finding(kBeforeHello, at, len, std::string(codec::valueName(f(F::Command), p.id)) + " before HELLO");
                if (c->haveSequence) {
                    const std::uint16_t expected = std::uint16_t(c->sequence + 1);
                    if (p.sequence != expected) {
                        if (c->sequence == 65534 && p.sequence == 0)
                            ctx.finding(kPyreWrap, at + (dialect == 1 ? 3 : 4), 2, "65534 -> 0");
                        else
                            ctx.finding(kSequence, at + (dialect == 1 ? 3 : 4), 2,
                                        "sequence " + std::to_string(p.sequence) + ", expected " + std::to_string(expected));
                    }
                }
                c->haveSequence = true;
                c->sequence = p.sequence;
                if (p.id == 4 && c->groups.size() < kMaxGroups)
                    c->labelStale |= c->groups.emplace(p.group).second;
                else if (p.id == 5)
                    c->labelStale |= c->groups.erase(std::string(p.group)) > 0;
                if ((p.id == 4 || p.id == 5) && p.hasStatus) {
                    if (c->haveStatus && p.status != std::uint8_t(c->status + 1))
                        ctx.finding(kStatus, p.statusAt, 1,
                                    "status " + std::to_string(p.status) + ", expected "
                                        + std::to_string(std::uint8_t(c->status + 1)));
                    c->haveStatus = true;
                    c->status = p.status;
                }
            }
            // The note: the sender's name, then (after a unit separator) its groups.
            if (c->labelStale) {
                c->labelStale = false;
                c->label = c->name;
                if (c->hello) {
                    c->label += '\x1f';
                    bool first = true;
                    for (const std::string &g : c->groups) {
                        if (!first)
                            c->label += ", ";
                        c->label += g;
                        first = false;
                    }
                }
            }
            note.label = c->label;
        }
        if (note.label.empty() && capture && !id.empty())
            if (const auto it = capture->names.find(std::string(id.size() == 17 ? id.substr(1) : id)); it != capture->names.end())
                note.label = it->second;
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        if (m.datagram()) {
            Field root = field(f(F::Root), "beacon", m.event.offset, m.event.length);
            root.children.push_back(dissectZreBeacon(m.size() ? m.body(0) : Bytes{}, m.event.offset));
            if (!note.label.empty())
                root.children.push_back(field(f(F::Peer), printable(note.label), m.event.offset, 0));
            return root;
        }
        Field root = field(f(F::Root), {}, m.event.offset, m.event.length);
        const int dialect = dialectOf(m);
        if (!dialect) {
            root.value = "malformed";
            return root;
        }
        Parsed p;
        root.children.push_back(field(f(F::Dialect), dialect == 1 ? "v1 (RFC 20)" : dialect == 2 ? "v2 (RFC 36)" : "v3 (RFC 43)",
                                      m.offset(0), m.length(0)));
        parse(m, dialect, p, &root, nullptr);
        root.value = std::string(codec::valueName(f(F::Command), p.id));
        if (!m.senderIdentity.empty())
            root.children.push_back(field(f(F::Uuid), uuidText(m.senderIdentity), m.offset(0), 0));
        if (!peerName(note).empty())
            root.children.push_back(field(f(F::Peer), printable(peerName(note)), m.offset(0), 0));
        if (const std::size_t sep = note.label.find('\x1f'); sep != std::string::npos)
            root.children.push_back(field(f(F::MemberOf), printable(std::string_view(note.label).substr(sep + 1)), m.offset(0), 0));
        return root;
    }

    void summary(const MessageView &m, const Note &note, std::string &out) const override
    {
        if (m.datagram()) {
            std::vector<codec::Finding> problems;
            const auto b = parseZreBeacon(m.size() ? m.body(0) : Bytes{}, &problems);
            out = "beacon from " + std::string(m.event.source) + " " + (b ? describeZreBeacon(*b) : "ZRE beacon (malformed)");
            if (!note.label.empty())
                out += " name=" + printable(note.label);
            return;
        }
        Parsed p;
        const int dialect = dialectOf(m, p);
        if (!dialect) {
            out = "ZRE (malformed)";
            return;
        }
        out = "ZRE/" + std::to_string(dialect) + " " + std::string(codec::valueName(f(F::Command), p.id)) + " seq="
            + std::to_string(p.sequence);
        if (p.id == 1 && !p.name.empty())
            out += " name=" + printable(p.name);
        if (!p.group.empty())
            out += " group=" + printable(p.group);
        if (p.hasStatus)
            out += " status=" + std::to_string(p.status);
        if ((p.id == 2 || p.id == 3) && m.size() > 1)
            out += " " + printable(m.body(1), 32);
        if (!peerName(note).empty() && p.id != 1)
            out += " from " + printable(peerName(note));
    }
};

}   // namespace

const ProtocolDissector &zreDissector()
{
    static const Zre d;
    return d;
}

}   // namespace zmqscope::protocols
