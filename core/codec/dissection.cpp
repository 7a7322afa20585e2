#include "dissection.h"

#include "zrebeacon.h"

#include "eventdump.h"
#include "zap.h"

#include <array>
#include <cstdio>

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
    FieldInfo{"zap", "ZAP", Node, "ZeroMQ Authentication Protocol (27/ZAP) carried in this message."},
    FieldInfo{"zap.kind", "Kind", Text, "request (from a server socket) or reply (from the handler)"},
    FieldInfo{"zap.version", "Version", Text, "\"1.0\""},
    FieldInfo{"zap.request_id", "Request id", Bytes, "Opaque; the reply repeats it (libzmq sends \"1\")."},
    FieldInfo{"zap.domain", "Domain", Text, "Security domain (ZMQ_ZAP_DOMAIN); libzmq allows it empty."},
    FieldInfo{"zap.address", "Address", Text, "Client IP address, no port."},
    FieldInfo{"zap.identity", "Identity", Bytes, "libzmq sends the server socket's own routing id here (RFC: the client's)."},
    FieldInfo{"zap.mechanism", "Mechanism", Text, "NULL, PLAIN, CURVE or GSSAPI."},
    FieldInfo{"zap.username", "Username", Text, "PLAIN credentials."},
    FieldInfo{"zap.password", "Password", Text, "PLAIN credentials, in clear."},
    FieldInfo{"zap.client_key", "Client key", Bytes, "CURVE: the client's permanent public key."},
    FieldInfo{"zap.status_code", "Status", Text, "200 ok, 300 try later, 400 refused, 500 handler failure."},
    FieldInfo{"zap.status_text", "Status text", Text, "Why."},
    FieldInfo{"zap.user_id", "User id", Text, "Who the client is, for the application (\"User-Id\")."},
    FieldInfo{"zap.metadata", "Metadata", Bytes, "Properties handed to the application with each message."},
    FieldInfo{"zmtp.finding", "Finding", Node, "Something the dissector noticed."},
    FieldInfo{"zmtp.finding.key", "Key", Text, "Stable id of the finding."},
    FieldInfo{"zmtp.finding.severity", "Severity", Text, "note, warn or error"},
    FieldInfo{"zre.beacon", "ZRE beacon", Node, "A ZRE discovery beacon: a UDP datagram to port 5670 (36/ZRE, 43/ZRE)."},
    FieldInfo{"zre.beacon.source", "Source", Text, "The sender's address and UDP port: where its peers connect (with the beacon's port)."},
    FieldInfo{"zre.beacon.signature", "Signature", Text, "Bytes 0-2: \"ZRE\"."},
    FieldInfo{"zre.beacon.version", "Version", Number, "Byte 3: 1 (ZRE v1 and v2 nodes) or 3 (v3, with a CURVE key)."},
    FieldInfo{"zre.beacon.uuid", "UUID", Bytes, "Bytes 4-19: the sending node's UUID."},
    FieldInfo{"zre.beacon.port", "Port", Number,
              "Bytes 20-21, big-endian: the node's inbox TCP port (its ROUTER); 0 means the node is leaving."},
    FieldInfo{"zre.beacon.curve_key", "CURVE key", Text, "Bytes 22-53 (version 3 only): the node's CURVE public key, here in Z85."},
};

const FieldInfo &info(std::string_view key)
{
    const FieldInfo *f = findField(key);
    return f ? *f : kFields[0];
}

Field make(std::string_view key, std::string value, std::uint64_t offset, std::uint64_t length)
{
    Field f;
    f.info = &info(key);
    f.value = std::move(value);
    f.offset = offset;
    f.length = length;
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
    Field node = make("zmtp.frame", {}, f.offset, f.headerLength + f.size);
    Field fl = make("zmtp.frame.flags", hex2(f.flags), flagsAt, 1);
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
    for (const FieldInfo &f : kFields)
        if (f.key == key)
            return &f;
    return nullptr;
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
        return root;
    }
    case EventKind::Message: {
        Field root = make("zmtp.message", {}, ev.offset, ev.length);
        root.children.push_back(make("zmtp.message.frames", std::to_string(ev.frameCount), ev.offset, ev.length));
        for (const FrameView &f : ev.frames)
            root.children.push_back(frameNode(f));
        std::vector<std::string_view> texts;
        for (const FrameView &f : ev.frames)
            texts.emplace_back(reinterpret_cast<const char *>(f.body.data()), f.body.size());
        if (const auto zap = recognizeZap(texts)) {
            static constexpr std::string_view kRequest[] = {"zap.version", "zap.request_id", "zap.domain", "zap.address",
                                                             "zap.identity", "zap.mechanism"};
            static constexpr std::string_view kReply[] = {"zap.version", "zap.request_id", "zap.status_code",
                                                           "zap.status_text", "zap.user_id", "zap.metadata"};
            Field z = make("zap", zap->request ? "request" : "reply", ev.offset, ev.length);
            z.children.push_back(make("zap.kind", zap->request ? "request" : "reply", ev.offset, ev.length));
            const auto &keys = zap->request ? kRequest : kReply;
            for (std::size_t k = 0; k < 6; ++k) {
                const FrameView &f = ev.frames[zap->first + k];
                z.children.push_back(make(keys[k], quoteBytes(f.body), f.bodyOffset(), f.size));
            }
            if (zap->request) {
                const std::string_view mech = texts[zap->first + 5];
                if (mech == "PLAIN") {
                    const FrameView &u = ev.frames[zap->first + 6], &p = ev.frames[zap->first + 7];
                    z.children.push_back(make("zap.username", quoteBytes(u.body), u.bodyOffset(), u.size));
                    z.children.push_back(make("zap.password", quoteBytes(p.body), p.bodyOffset(), p.size));
                } else if (mech == "CURVE") {
                    const FrameView &k = ev.frames[zap->first + 6];
                    z.children.push_back(make("zap.client_key", hexBytes(k.body), k.bodyOffset(), k.size));
                }
            }
            root.children.push_back(std::move(z));
        }
        return root;
    }
    case EventKind::Beacon: {
        Field root = dissectZreBeacon(ev.frames.empty() ? codec::Bytes{} : ev.frames[0].body);
        root.children.insert(root.children.begin(), make("zre.beacon.source", std::string(ev.source), 0, 0));
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
