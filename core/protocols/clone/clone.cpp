// The Clustered Hashmap Protocol / Clone pattern (12/CHP; digest section
// 13). A server shares a key-value map over three sockets: a snapshot
// ROUTER (clients ask ICANHAZ? with a subtree; the server sends KVSYNCs,
// then KTHXBAI), a publisher (KVPUBs with strictly increasing sequences,
// HUGZ when idle) and a collector (clients' KVSETs). Every message but
// ICANHAZ? is a kvmsg of exactly five frames:
//
//   key | sequence (8 octets, BE) | UUID (16 octets or empty) | properties ("name=value\n"...) | value
//
// KVSYNC, KVPUB and KVSET are byte-identical in layout; the link tells them
// apart: a ROUTER's are KVSYNC, a PUB that accepted the connection (the
// server's publisher) sends KVPUB, a PUB that connected (a client) KVSET.
//
// track(): sequences going backwards on the publisher, KVSYNC outside the
// subtree asked for or after KTHXBAI, and HUGZ's sequence (the RFC says
// zero; the reference sends the current one).
#include "clone.h"

#include <array>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

enum class F : std::size_t {
    Root, Command, Key, Sequence, Uuid, Properties, Property, Ttl, Value, Subtree, Deleted, Count
};

constexpr std::array kFields{
    FieldInfo{"clone", "Clone (CHP)", Node,
              "Clustered Hashmap Protocol: a server shares a key-value map with its clients (snapshot, updates, "
              "client sets).", "12/CHP"},
    FieldInfo{"clone.command", "Command", Text,
              "ICANHAZ (ask for a snapshot), KVSYNC (one snapshot entry), KTHXBAI (snapshot done), KVPUB (an update), "
              "HUGZ (the server is alive), KVSET (a client's change).", "12/CHP"},
    FieldInfo{"clone.key", "Key", Text, "Frame 0: the entry's key; keys are paths (/seg/.../).", "12/CHP"},
    FieldInfo{"clone.sequence", "Sequence", Number,
              "Frame 1, 8 octets: the server's sequence for this change (strictly increasing on the publisher); "
              "KTHXBAI: the snapshot's highest.", "12/CHP"},
    FieldInfo{"clone.uuid", "UUID", Text, "Frame 2: 16 octets naming the change, or empty.", "12/CHP"},
    FieldInfo{"clone.properties", "Properties", Node, "Frame 3: name=value lines.", "12/CHP"},
    FieldInfo{"clone.property", "Property", Text, "One name=value property.", "12/CHP"},
    FieldInfo{"clone.ttl", "TTL", Number,
              "Property ttl: seconds until the server deletes the entry (in a KVSYNC the reference sends the "
              "absolute expiry in milliseconds).", "12/CHP"},
    FieldInfo{"clone.value", "Value", Raw, "Frame 4: the value; empty means the key is deleted.", "12/CHP"},
    FieldInfo{"clone.subtree", "Subtree", Text, "ICANHAZ? (and KTHXBAI in the RFC): the part of the map asked for.",
              "12/CHP"},
    FieldInfo{"clone.deleted", "Deletes the key", Flag, "The value is empty: the key is removed.", "12/CHP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1600};
constexpr codec::FindingId kBackwards{1601};
constexpr codec::FindingId kOutsideSubtree{1602};
constexpr codec::FindingId kAfterKthxbai{1603};
constexpr codec::FindingId kHugzSequence{1604};
constexpr codec::FindingId kKthxbaiSubtree{1605};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "clone.malformed", codec::Severity::Error,
                       "not the five kvmsg frames (key, 8-octet sequence, 0- or 16-octet UUID, properties, value)"},
    codec::FindingInfo{kBackwards, "clone.sequence_backwards", codec::Severity::Error,
                       "a KVPUB whose sequence is not above the previous one: clients discard it"},
    codec::FindingInfo{kOutsideSubtree, "clone.outside_subtree", codec::Severity::Warn,
                       "a KVSYNC for a key outside the subtree the client asked for"},
    codec::FindingInfo{kAfterKthxbai, "clone.after_kthxbai", codec::Severity::Warn,
                       "a KVSYNC after KTHXBAI ended the snapshot"},
    codec::FindingInfo{kHugzSequence, "clone.hugz_sequence", codec::Severity::Note,
                       "HUGZ carries the current sequence (as the reference server does); the RFC says zero"},
    codec::FindingInfo{kKthxbaiSubtree, "clone.kthxbai_empty", codec::Severity::Note,
                       "KTHXBAI's last frame is empty (as the reference sends it); the RFC puts the subtree there"},
};

constexpr ProtocolInfo kInfo{"clone", "Clone", "12/CHP", kFields, kFindings};

enum class Cmd { Icanhaz, Kvsync, Kthxbai, Kvpub, Hugz, Kvset, Kvmsg, Invalid };
constexpr std::string_view kNames[] = {"ICANHAZ", "KVSYNC", "KTHXBAI", "KVPUB", "HUGZ", "KVSET", "KVMSG", "invalid"};

bool kvmsg(const MessageView &m)
{
    return m.size() == 5 && m.length(1) == 8 && !m.clipped(1) && (m.length(2) == 0 || m.length(2) == 16);
}

Cmd commandOf(const MessageView &m)
{
    if (m.size() == 2 && m.text(0) == "ICANHAZ?")
        return Cmd::Icanhaz;
    if (!kvmsg(m))
        return Cmd::Invalid;
    const std::string_view key = m.text(0);
    if (key == "KTHXBAI")
        return Cmd::Kthxbai;
    if (key == "HUGZ")
        return Cmd::Hugz;
    using codec::SocketType;
    if (m.sender == SocketType::Router)
        return Cmd::Kvsync;
    if (m.sender == SocketType::Pub || m.sender == SocketType::XPub || m.sender == SocketType::Push) {
        // The server's publisher accepted the connection (it sends s2c);
        // a client's PUB (or model 5's PUSH) connected to the collector.
        return m.direction() == codec::Direction::ServerToClient ? Cmd::Kvpub : Cmd::Kvset;
    }
    return Cmd::Kvmsg;
}

std::uint64_t sequenceOf(const MessageView &m) { return m.body(1).size() == 8 ? codec::readU64(m.body(1).data()) : 0; }

struct Connection : ConversationState {
    bool havePub = false;
    std::uint64_t lastPub = 0;
    std::string subtree;
    bool asked = false;
    bool done = false;
};

class Clone final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram())
            return Confidence::None;
        const Cmd c = commandOf(m);
        if (c == Cmd::Icanhaz || c == Cmd::Kthxbai || c == Cmd::Hugz)
            return Confidence::Certain;
        if (c == Cmd::Invalid)
            return Confidence::None;
        // A kvmsg whose properties look like name=value lines.
        const std::string_view props = m.text(3);
        if (!props.empty() && (props.back() != '\n' || props.find('=') == std::string_view::npos))
            return Confidence::Weak;
        return Confidence::Likely;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        if (!c)
            return {};
        const Cmd cmd = commandOf(m);
        switch (cmd) {
        case Cmd::Invalid:
            ctx.finding(kMalformed, m.event.offset, m.event.length,
                        std::to_string(m.size()) + " frames" + (m.size() >= 2 ? ", frame 1 of " + std::to_string(m.length(1)) + " bytes" : ""));
            break;
        case Cmd::Icanhaz:
            c->asked = true;
            c->done = false;
            c->subtree = std::string(m.text(1));
            break;
        case Cmd::Kvsync:
            if (c->done)
                ctx.finding(kAfterKthxbai, m.event.offset, m.event.length, "key " + printable(m.text(0)));
            if (c->asked && !c->subtree.empty() && m.text(0).substr(0, c->subtree.size()) != c->subtree)
                ctx.finding(kOutsideSubtree, m.offset(0), m.length(0),
                            printable(m.text(0)) + " is not under " + printable(c->subtree));
            break;
        case Cmd::Kthxbai:
            c->done = true;
            if (m.length(4) == 0 && !c->subtree.empty())
                ctx.finding(kKthxbaiSubtree, m.offset(4), 0, "subtree asked for: " + printable(c->subtree));
            break;
        case Cmd::Kvpub: {
            const std::uint64_t s = sequenceOf(m);
            if (c->havePub && s <= c->lastPub)
                ctx.finding(kBackwards, m.offset(1), 8,
                            "sequence " + std::to_string(s) + " after " + std::to_string(c->lastPub));
            c->havePub = true;
            c->lastPub = s;
            break;
        }
        case Cmd::Hugz:
            if (sequenceOf(m) != 0)
                ctx.finding(kHugzSequence, m.offset(1), 8, "sequence " + std::to_string(sequenceOf(m)));
            break;
        default:
            break;
        }
        return {};
    }

    Field dissect(const MessageView &m, const Note &) const override
    {
        const Cmd cmd = commandOf(m);
        Field root = field(f(F::Root), std::string(kNames[int(cmd)]), m.event.offset, m.event.length);
        root.children.push_back(field(f(F::Command), std::string(kNames[int(cmd)]), m.event.offset, 0));
        if (cmd == Cmd::Icanhaz) {
            root.children.push_back(field(f(F::Subtree), printable(m.body(1)), m.offset(1), m.length(1)));
            return root;
        }
        if (cmd == Cmd::Invalid)
            return root;
        root.children.push_back(field(f(F::Key), printable(m.body(0)), m.offset(0), m.length(0)));
        root.children.push_back(number(f(F::Sequence), sequenceOf(m), m.offset(1), 8));
        if (m.length(2) == 16)
            root.children.push_back(field(f(F::Uuid), hex(m.body(2)), m.offset(2), 16));
        Field props = field(f(F::Properties), {}, m.offset(3), m.length(3));
        std::string_view rest = m.text(3);
        std::uint64_t at = m.offset(3);
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            const std::string_view line = rest.substr(0, nl);
            props.children.push_back(field(f(F::Property), printable(line), at, line.size()));
            if (line.substr(0, 4) == "ttl=") {
                std::uint64_t v = 0;
                bool digits = line.size() > 4;
                for (char ch : line.substr(4)) {
                    if (ch < '0' || ch > '9' || v > (UINT64_MAX - 9) / 10) {
                        digits = false;
                        break;
                    }
                    v = v * 10 + std::uint64_t(ch - '0');
                }
                if (digits)
                    props.children.push_back(number(f(F::Ttl), v, at + 4, line.size() - 4));
            }
            if (nl == std::string_view::npos)
                break;
            at += nl + 1;
            rest.remove_prefix(nl + 1);
        }
        props.value = std::to_string(props.children.size());
        root.children.push_back(std::move(props));
        if (cmd == Cmd::Kthxbai)
            root.children.push_back(field(f(F::Subtree), printable(m.body(4)), m.offset(4), m.length(4)));
        else
            root.children.push_back(field(f(F::Value), printable(m.body(4)), m.offset(4), m.length(4)));
        if (cmd != Cmd::Kthxbai && cmd != Cmd::Hugz && m.length(4) == 0)
            root.children.push_back(field(f(F::Deleted), "1", m.offset(4), 0));
        return root;
    }

    void summary(const MessageView &m, const Note &, std::string &out) const override
    {
        const Cmd cmd = commandOf(m);
        out = "CHP " + std::string(kNames[int(cmd)]);
        if (cmd == Cmd::Icanhaz)
            out += " subtree=" + printable(m.body(1));
        else if (cmd != Cmd::Invalid) {
            if (cmd != Cmd::Kthxbai && cmd != Cmd::Hugz)
                out += " " + printable(m.body(0)) + "=" + (m.length(4) ? printable(m.body(4), 40) : std::string("(deleted)"));
            out += " seq=" + std::to_string(sequenceOf(m));
            if (!m.text(3).empty())
                out += " " + printable(m.text(3).substr(0, m.text(3).size() - (m.text(3).back() == '\n' ? 1 : 0)), 40);
        }
    }
};

}   // namespace

const ProtocolDissector &cloneDissector()
{
    static const Clone d;
    return d;
}

}   // namespace zmqscope::protocols
