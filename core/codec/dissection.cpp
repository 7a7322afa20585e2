#include "dissection.h"

#include "eventdump.h"

#include <array>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <unordered_map>

namespace zmqscope::codec {

namespace {

using enum FieldType;

constexpr std::array kFields{
    FieldInfo{"zmtp.greeting", "Greeting", Node, "The greeting each peer sends first (23/ZMTP section 3.2)."},
    FieldInfo{"zmtp.greeting.signature", "Signature", Bytes,
              "Byte 0 = 0xFF and byte 9 with bit 0 set mark a versioned (2.0 or later) peer; a 1.0 peer reads "
              "these 10 bytes as the long header of an identity frame."},
    FieldInfo{"zmtp.greeting.padding", "Padding", Number,
              "Bytes 1-8. Never interpreted by 3.x peers; libzmq puts identity length + 1 here so 1.0 peers "
              "read a valid identity length."},
    FieldInfo{"zmtp.greeting.major", "Version major", Number,
              "Byte 10: 3 for ZMTP 3.x. libzmq sends it before it knows the peer's version, so a 2.0 link can "
              "show 3 here (digest section 5)."},
    FieldInfo{"zmtp.greeting.minor", "Version minor", Number, "Byte 11 of a 3.x greeting: 0 = 3.0, 1 = 3.1."},
    FieldInfo{"zmtp.greeting.revision", "Revision", Number, "Byte 10 of a 2.0 greeting: 1 (15/ZMTP)."},
    FieldInfo{"zmtp.greeting.socket_type", "Socket type", Text,
              "Byte 11 of a 2.0 greeting: the sender's socket type number."},
    FieldInfo{"zmtp.greeting.mechanism", "Mechanism", Text,
              "Bytes 12-31: security mechanism, NUL padded. Both peers must send the same."},
    FieldInfo{"zmtp.greeting.as_server", "As-server", Number,
              "Byte 32: 1 if the sender is the server of a PLAIN or CURVE handshake. libzmq and JeroMQ always "
              "send 0 and take roles from their configuration."},
    FieldInfo{"zmtp.greeting.filler", "Filler", Bytes, "Bytes 33-63: zeros."},
    FieldInfo{"zmtp.version", "ZMTP version", Text,
              "The version this direction runs at, decided from both peers' greetings."},
    FieldInfo{"zmtp.framing", "Framing", Text, "Which frame layout follows the greeting."},
    FieldInfo{"zmtp.identity", "Identity", Bytes,
              "1.0 and 2.0: the first frame each peer sends, its identity (empty = anonymous)."},
    FieldInfo{"zmtp.frame", "Frame", Node, "One ZMTP frame: flags, size, body (23/ZMTP section 3.3)."},
    FieldInfo{"zmtp.frame.flags", "Flags", Number,
              "bit 0 MORE (more frames follow), bit 1 LONG (8-byte size), bit 2 COMMAND; other bits reserved."},
    FieldInfo{"zmtp.frame.more", "More", Flag, "More frames of this message follow."},
    FieldInfo{"zmtp.frame.long", "Long", Flag, "The size field is 8 bytes."},
    FieldInfo{"zmtp.frame.command", "Command", Flag, "The frame carries a command, not message data."},
    FieldInfo{"zmtp.frame.size", "Size", Number, "Body size in bytes."},
    FieldInfo{"zmtp.frame.body", "Body", Bytes, "The frame's data."},
    FieldInfo{"zmtp.command", "Command", Text, "Command name: a length byte, then 1-255 letters."},
    FieldInfo{"zmtp.command.data", "Command data", Bytes, "What follows the command name."},
    FieldInfo{"zmtp.metadata", "Metadata", Node,
              "Properties: name (length byte + name), value (4-byte length + value)."},
    FieldInfo{"zmtp.metadata.property", "Property", Node, "One metadata property."},
    FieldInfo{"zmtp.metadata.name", "Name", Text, "Property name, case-insensitive (Socket-Type, Identity, X-...)."},
    FieldInfo{"zmtp.metadata.value", "Value", Bytes, "Property value."},
    FieldInfo{"zmtp.error.reason", "Reason", Text, "Why the peer gives up; libzmq puts ZAP status codes here."},
    FieldInfo{"zmtp.ping.ttl", "TTL", Number, "Time-to-live in tenths of a second (37/ZMTP heartbeats); 0 = none."},
    FieldInfo{"zmtp.ping.context", "Context", Bytes, "Up to 16 bytes the PONG must echo."},
    FieldInfo{"zmtp.pong.context", "Context", Bytes, "The context of the PING being answered."},
    FieldInfo{"zmtp.subscription.topic", "Topic", Bytes, "Subscription prefix; empty = everything."},
    FieldInfo{"zmtp.group", "Group", Bytes, "RADIO/DISH group (JOIN, LEAVE)."},
    FieldInfo{"zmtp.plain.username", "Username", Text, "PLAIN HELLO username (24/ZMTP-PLAIN), in clear."},
    FieldInfo{"zmtp.plain.password", "Password", Text, "PLAIN HELLO password (24/ZMTP-PLAIN), in clear."},
    FieldInfo{"zmtp.curve.nonce", "Short nonce", Number, "CurveZMQ short nonce; strictly increasing per sender."},
    FieldInfo{"zmtp.curve.version", "CurveZMQ version", Text, "HELLO: 1.0 (26/CURVEZMQ)."},
    FieldInfo{"zmtp.curve.padding", "Padding", Bytes,
              "HELLO: 72 zero bytes, so that HELLO is larger than WELCOME (no amplification)."},
    FieldInfo{"zmtp.curve.transient_key", "Client transient key (C')", Bytes,
              "HELLO: the client's short-term public key, in clear; a key log finds the session by it."},
    FieldInfo{"zmtp.curve.long_nonce", "Long nonce", Bytes, "WELCOME: 16 random bytes after \"WELCOME-\"."},
    FieldInfo{"zmtp.curve.cookie", "Cookie", Bytes,
              "INITIATE: the server's cookie echoed: nonce + secretbox of C' and s' under a key only the server holds."},
    FieldInfo{"zmtp.curve.box", "Box", Bytes, "Encrypted box (MAC + ciphertext)."},
    FieldInfo{"zmtp.message", "Message", Node, "A message: one or more frames delivered together."},
    FieldInfo{"zmtp.message.frames", "Frames", Number, "Number of frames in the message."},
    FieldInfo{"zmtp.subscription", "Subscription", Node, "Subscribe or cancel, as command (3.1) or message (3.0)."},
    FieldInfo{"zmtp.subscription.action", "Action", Text, "subscribe or cancel"},
    FieldInfo{"zmtp.finding", "Finding", Node, "Something the dissector noticed."},
    FieldInfo{"zmtp.finding.key", "Key", Text, "Stable id of the finding."},
    FieldInfo{"zmtp.finding.severity", "Severity", Text, "note, warn or error"},
    FieldInfo{"udp.datagram", "UDP datagram", Node,
              "A UDP datagram a capture hands to the protocol layer (ZRE beacons, on the beacon port)."},
    FieldInfo{"udp.source", "Source", Text, "The sender's address and UDP port."},
};

std::atomic<const FieldCatalog *> g_catalog{nullptr};

const std::unordered_map<std::string_view, const FieldInfo *> &zmtpIndex()
{
    static const auto index = [] {
        std::unordered_map<std::string_view, const FieldInfo *> m;
        for (const FieldInfo &f : kFields)
            m.emplace(f.key, &f);
        return m;
    }();
    return index;
}

const FieldInfo &info(std::string_view key)
{
    const auto &index = zmtpIndex();
    const auto it = index.find(key);
    return it != index.end() ? *it->second : kFields[0];
}

// A Number field whose text is a plain decimal or 0x-hex number carries it.
void typeNumber(Field &f)
{
    if (!f.info || f.info->type != Number || f.value.empty())
        return;
    const char *b = f.value.data(), *e = b + f.value.size();
    int base = 10;
    if (f.value.size() > 2 && f.value[0] == '0' && f.value[1] == 'x') {
        b += 2;
        base = 16;
    }
    std::uint64_t v = 0;
    const auto r = std::from_chars(b, e, v, base);
    if (r.ec == std::errc() && r.ptr == e) {
        f.kind = ValueKind::Unsigned;
        f.number = v;
    }
}

Field make(std::string_view key, std::string value, std::uint64_t offset, std::uint64_t length)
{
    Field f;
    f.info = &info(key);
    f.value = std::move(value);
    f.offset = offset;
    f.length = length;
    typeNumber(f);
    return f;
}

std::string hex2(unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    if (v > 0xFF) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%02x", v);
        return buf;
    }
    return {'0', 'x', digits[v >> 4], digits[v & 15]};
}

Field frameNode(const FrameView &f)
{
    // 2.0/3.x: flags, then a 1- or 8-byte size. 1.0: a 1-byte length (or
    // 0xFF + 8 bytes) that counts the flags byte, then the flags.
    const std::uint64_t flagsAt = f.v1 ? f.offset + f.headerLength - 1 : f.offset;
    const std::uint64_t sizeAt = f.v1 ? (f.headerLength == 10 ? f.offset + 1 : f.offset) : f.offset + 1;
    const std::uint64_t sizeLength = f.v1 ? (f.headerLength == 10 ? 8 : 1) : f.headerLength - 1u;
    // One line for the node, so a message's frames read folded: size,
    // flags that are set, and the start of the body.
    std::string line = std::to_string(f.size) + (f.size == 1 ? " byte" : " bytes");
    if (f.more)
        line += ", more";
    if (f.command)
        line += ", command";
    line += ": " + quoteBytes(f.body, 24);
    Field node = make("zmtp.frame", std::move(line), f.offset, f.headerLength + f.size);
    node.children.reserve(3);   // (one allocation per node, not one per growth)
    Field fl = make("zmtp.frame.flags", hex2(f.flags), flagsAt, 1);
    fl.children.reserve(3);
    fl.children.push_back(make("zmtp.frame.more", f.more ? "1" : "0", flagsAt, 1));
    fl.children.push_back(make("zmtp.frame.long", f.longForm ? "1" : "0", flagsAt, 1));
    if (!f.v1)
        fl.children.push_back(make("zmtp.frame.command", f.command ? "1" : "0", flagsAt, 1));
    node.children.push_back(std::move(fl));
    node.children.push_back(make("zmtp.frame.size", std::to_string(f.size), sizeAt, sizeLength));
    node.children.push_back(make("zmtp.frame.body", quoteBytes(f.body), f.bodyOffset(), f.size));
    return node;
}

}   // namespace

std::span<const FieldInfo> fieldTable()
{
    return kFields;
}

const FieldInfo *findField(std::string_view key)
{
    const auto &index = zmtpIndex();
    if (const auto it = index.find(key); it != index.end())
        return it->second;
    const FieldCatalog *catalog = g_catalog.load(std::memory_order_acquire);
    return catalog && catalog->find ? catalog->find(key) : nullptr;
}

std::vector<const FieldInfo *> allFields()
{
    std::vector<const FieldInfo *> out;
    for (const FieldInfo &f : kFields)
        out.push_back(&f);
    if (const FieldCatalog *catalog = g_catalog.load(std::memory_order_acquire); catalog && catalog->each)
        catalog->each([](const FieldInfo &f, void *context) { static_cast<std::vector<const FieldInfo *> *>(context)->push_back(&f); },
                      &out);
    return out;
}

std::string_view valueName(const FieldInfo &info, std::uint64_t value)
{
    for (const ValueName &v : info.valueNames)
        if (v.value == value)
            return v.name;
    return {};
}

void installFieldCatalog(const FieldCatalog *catalog)
{
    g_catalog.store(catalog, std::memory_order_release);
}

const Field *Field::find(std::string_view k) const
{
    if (key() == k)
        return this;
    for (const Field &c : children)
        if (const Field *f = c.find(k))
            return f;
    return nullptr;
}

void markDecrypted(Field &f)
{
    f.decrypted = true;
    for (Field &c : f.children)
        markDecrypted(c);
}

std::vector<std::uint8_t> decryptedBytes(const Event &ev)
{
    std::vector<std::uint8_t> out;
    if (!ev.decrypted)
        return out;
    if (ev.kind == EventKind::Command) {
        out.assign(ev.plaintext.begin(), ev.plaintext.end());
        return out;
    }
    if (ev.kind != EventKind::Message)
        return out;
    for (const FrameView &f : ev.frames) {
        // Where the decryptor placed it: the flags byte at f.offset, the body after it.
        if (out.size() < f.offset + 1 + f.body.size())
            out.resize(f.offset + 1 + f.body.size());
        out[f.offset] = f.flags;
        std::copy(f.body.begin(), f.body.end(), out.begin() + std::ptrdiff_t(f.offset + 1));
    }
    return out;
}

Field dissect(const Event &ev)
{
    switch (ev.kind) {
    case EventKind::GreetingPart: {
        const Greeting &g = *ev.greeting;
        Field root = make("zmtp.greeting", {}, ev.offset, ev.length);
        switch (ev.part) {
        case GreetingPartKind::Signature:
            root.children.push_back(make("zmtp.greeting.signature", hex2(0xFF) + " … " + hex2(g.signatureEnd), 0, 10));
            root.children.push_back(make("zmtp.greeting.padding", std::to_string(g.padding), 1, 8));
            break;
        case GreetingPartKind::Version:
            if (ev.length == 2) {
                root.children.push_back(make("zmtp.greeting.major", std::to_string(g.major), 10, 1));
                root.children.push_back(make("zmtp.greeting.minor", std::to_string(g.minor), 11, 1));
            } else {
                root.children.push_back(make("zmtp.greeting.revision", std::to_string(g.major), 10, 1));
            }
            break;
        case GreetingPartKind::SocketType:
            root.children.push_back(make("zmtp.greeting.socket_type",
                                         std::string(socketTypeName(socketTypeFromByte(g.socketTypeByte))), 11, 1));
            break;
        case GreetingPartKind::Security:
            root.children.push_back(make("zmtp.greeting.mechanism", std::string(g.mechanismText()), 12, 20));
            root.children.push_back(make("zmtp.greeting.as_server", std::to_string(g.asServer), 32, 1));
            root.children.push_back(make("zmtp.greeting.filler", g.fillerZero ? "zeros" : "not zero", 33, 31));
            break;
        }
        return root;
    }
    case EventKind::VersionDecided: {
        Field root = make("zmtp.version", std::string(versionName(ev.decision.version)), ev.offset, ev.length);
        static constexpr std::string_view kFraming[] = {"undecided", "1.0", "revision 0, then 1.0", "2.0", "3.x"};
        root.children.push_back(make("zmtp.framing", std::string(kFraming[static_cast<int>(ev.decision.framing)]),
                                     ev.offset, ev.length));
        // The whole greeting, field by field, when there was one.
        const Greeting *g = ev.greeting;
        if (g && !ev.guessed && (ev.decision.framing == Framing::V3 || ev.decision.framing == Framing::V2)) {
            Field greeting = make("zmtp.greeting", {}, 0, g->size);
            greeting.children.push_back(make("zmtp.greeting.signature", hex2(0xFF) + " … " + hex2(g->signatureEnd), 0, 10));
            greeting.children.push_back(make("zmtp.greeting.padding", std::to_string(g->padding), 1, 8));
            if (ev.decision.framing == Framing::V3) {
                greeting.children.push_back(make("zmtp.greeting.major", std::to_string(g->major), 10, 1));
                greeting.children.push_back(make("zmtp.greeting.minor", std::to_string(g->minor), 11, 1));
                greeting.children.push_back(make("zmtp.greeting.mechanism", std::string(g->mechanismText()), 12, 20));
                greeting.children.push_back(make("zmtp.greeting.as_server", std::to_string(g->asServer), 32, 1));
                greeting.children.push_back(make("zmtp.greeting.filler", g->fillerZero ? "zeros" : "not zero", 33, 31));
            } else {
                greeting.children.push_back(make("zmtp.greeting.revision", std::to_string(g->major), 10, 1));
                greeting.children.push_back(make("zmtp.greeting.socket_type",
                                                 std::string(socketTypeName(socketTypeFromByte(g->socketTypeByte))), 11, 1));
            }
            root.children.push_back(std::move(greeting));
        }
        return root;
    }
    case EventKind::Identity: {
        Field root = make("zmtp.identity", quoteBytes(ev.frame->body), ev.offset, ev.length);
        root.children.push_back(frameNode(*ev.frame));
        return root;
    }
    case EventKind::Command: {
        const Command &c = *ev.command;
        Field root = make("zmtp.command", std::string(c.name), ev.offset, ev.length);
        root.children.push_back(frameNode(*ev.frame));
        // A command inside a MESSAGE box (PING, SUBSCRIBE ...): its frame
        // and fields are in the box's plaintext; INITIATE and READY keep
        // their frame in the stream and their metadata in the box.
        const bool inBox = ev.decrypted && c.kind != CommandKind::Initiate && c.kind != CommandKind::Ready;
        const std::size_t firstInBox = inBox ? 0 : root.children.size();
        if (!c.properties.empty()) {
            Field md = make("zmtp.metadata", {}, c.dataOffset, c.data.size());
            for (const Property &p : c.properties) {
                Field prop = make("zmtp.metadata.property", std::string(p.name), p.offset,
                                  p.valueOffset + p.valueLength - p.offset);
                prop.children.push_back(make("zmtp.metadata.name", std::string(p.name), p.offset, 1 + p.name.size()));
                prop.children.push_back(make("zmtp.metadata.value", quoteBytes(p.value), p.valueOffset, p.valueLength));
                md.children.push_back(std::move(prop));
            }
            root.children.push_back(std::move(md));
        }
        const auto text = [&](std::string_view key) {
            root.children.push_back(make(key, quoteBytes(c.text), c.textOffset, c.text.size()));
        };
        switch (c.kind) {
        case CommandKind::Error: text("zmtp.error.reason"); break;
        case CommandKind::Subscribe:
        case CommandKind::Cancel: text("zmtp.subscription.topic"); break;
        case CommandKind::Join:
        case CommandKind::Leave: text("zmtp.group"); break;
        case CommandKind::Ping:
            if (c.hasTtl)
                root.children.push_back(make("zmtp.ping.ttl", std::to_string(c.ttl), c.textOffset - 2, 2));
            text("zmtp.ping.context");
            break;
        case CommandKind::Pong: text("zmtp.pong.context"); break;
        case CommandKind::Hello:
            if (!c.text.empty() || !c.text2.empty()) {
                text("zmtp.plain.username");
                root.children.push_back(make("zmtp.plain.password", quoteBytes(c.text2), c.text2Offset, c.text2.size()));
            }
            break;
        case CommandKind::Ready:
        case CommandKind::Message:
        case CommandKind::Unknown:
        case CommandKind::Welcome:
        case CommandKind::Initiate:
            if (!c.hasCurve && c.properties.empty() && !c.data.empty())
                root.children.push_back(make("zmtp.command.data", quoteBytes(c.data), c.dataOffset, c.data.size()));
            break;
        }
        if (c.hasCurve) {
            const Command::Curve &cv = c.curve;
            if (c.kind == CommandKind::Hello) {
                root.children.push_back(make("zmtp.curve.version",
                                             std::to_string(cv.major) + "." + std::to_string(cv.minor),
                                             cv.paddingOffset - 2, 2));
                root.children.push_back(make("zmtp.curve.padding", hexBytes(cv.padding, 8), cv.paddingOffset, cv.padding.size()));
                root.children.push_back(make("zmtp.curve.transient_key", hexBytes(cv.transientKey),
                                             cv.transientKeyOffset, cv.transientKey.size()));
            }
            if (!cv.longNonce.empty())
                root.children.push_back(make("zmtp.curve.long_nonce", hexBytes(cv.longNonce), cv.longNonceOffset, 16));
            if (!cv.cookie.empty())
                root.children.push_back(make("zmtp.curve.cookie", hexBytes(cv.cookie, 16), cv.cookieOffset, 96));
            if (c.hasNonce)
                root.children.push_back(make("zmtp.curve.nonce", std::to_string(c.nonce), c.textOffset - 8, 8));
            root.children.push_back(make("zmtp.curve.box", std::to_string(c.text.size()) + " bytes", c.textOffset,
                                         c.text.size()));
        }
        if (ev.decrypted)
            for (std::size_t i = firstInBox; i < root.children.size(); ++i)
                if (inBox || root.children[i].key() == "zmtp.metadata")
                    markDecrypted(root.children[i]);
        return root;
    }
    case EventKind::Message: {
        Field root = make("zmtp.message", {}, ev.offset, ev.length);
        root.children.reserve(ev.frames.size() + 2);   // the frames, and a protocol's subtree
        root.children.push_back(make("zmtp.message.frames", std::to_string(ev.frameCount), ev.offset, ev.length));
        for (const FrameView &f : ev.frames) {
            root.children.push_back(frameNode(f));
            if (ev.decrypted)
                markDecrypted(root.children.back());   // (the decryptor places frames in the decrypted bytes)
        }
        return root;
    }
    case EventKind::Beacon: {
        // The datagram; the protocol layer (core/protocols/zre) reads it.
        Field root = make("udp.datagram", {}, ev.offset, ev.length);
        root.children.push_back(make("udp.source", std::string(ev.source), ev.offset, 0));
        return root;
    }
    case EventKind::Subscription: {
        const Subscription &s = *ev.subscription;
        Field root = make("zmtp.subscription", {}, ev.offset, ev.length);
        root.children.push_back(make("zmtp.subscription.action", s.subscribe ? "subscribe" : "cancel", ev.offset, ev.length));
        root.children.push_back(make("zmtp.subscription.topic", quoteBytes(s.topic), s.topicOffset, s.topic.size()));
        return root;
    }
    case EventKind::Finding: {
        const Finding &f = *ev.finding;
        Field root = make("zmtp.finding", f.detail, ev.offset, ev.length);
        root.children.push_back(make("zmtp.finding.key", std::string(findingInfo(f.id).key), ev.offset, ev.length));
        root.children.push_back(make("zmtp.finding.severity", std::string(severityName(f.severity)), ev.offset, ev.length));
        return root;
    }
    }
    return {};
}

}   // namespace zmqscope::codec
