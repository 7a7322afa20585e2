#include "encoder.h"

namespace zmqscope::codec::encode {

namespace {

void putU64(Buffer &out, std::uint64_t v)
{
    for (int i = 7; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void putU32(Buffer &out, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void append(Buffer &out, Bytes b)
{
    out.insert(out.end(), b.begin(), b.end());
}

}   // namespace

void signature(Buffer &out, std::uint64_t padding, std::uint8_t signatureEnd, std::uint8_t first)
{
    out.push_back(first);
    putU64(out, padding);
    out.push_back(signatureEnd);
}

void greeting3(Buffer &out, const Greeting3 &g)
{
    signature(out, g.padding, g.signatureEnd, g.first);
    out.push_back(g.major);
    out.push_back(g.minor);
    for (std::size_t i = 0; i < kMechanismSize; ++i)
        out.push_back(i < g.mechanism.size() ? static_cast<std::uint8_t>(g.mechanism[i]) : 0);
    out.push_back(g.asServer);
    out.insert(out.end(), 31, g.fillerByte);
}

void greeting2(Buffer &out, SocketType type, Bytes identity, std::uint64_t padding, std::uint8_t revision)
{
    signature(out, padding);
    out.push_back(revision);
    out.push_back(static_cast<std::uint8_t>(type));
    frame(out, identity);
}

void frame(Buffer &out, Bytes body, const FrameOptions &o)
{
    const std::uint64_t size = o.declaredSize.value_or(body.size());
    const bool isLong = o.forceLong || size > 255;
    std::uint8_t fl = o.extraFlags;
    if (o.more)
        fl |= flags::More;
    if (o.command)
        fl |= flags::Command;
    if (isLong)
        fl |= flags::Long;
    out.push_back(fl);
    if (isLong)
        putU64(out, size);
    else
        out.push_back(static_cast<std::uint8_t>(size));
    append(out, body);
}

void frame1(Buffer &out, Bytes body, bool more, bool forceLong, std::optional<std::uint64_t> declaredLength,
            std::uint8_t flagsByte)
{
    const std::uint64_t length = declaredLength.value_or(body.size() + 1);
    if (forceLong || length >= 255) {
        out.push_back(0xFF);
        putU64(out, length);
    } else {
        out.push_back(static_cast<std::uint8_t>(length));
    }
    if (length == 0)
        return;   // a zero length has no flags byte
    out.push_back(flagsByte != 0xFF ? flagsByte : (more ? 0x01 : 0x00));
    append(out, body);
}

void message(Buffer &out, std::initializer_list<Bytes> parts, ZmtpVersion version)
{
    std::size_t i = 0;
    for (const Bytes part : parts) {
        const bool more = ++i < parts.size();
        if (version == ZmtpVersion::V1_0)
            frame1(out, part, more);
        else
{
            FrameOptions o;
            o.more = more;
            frame(out, part, o);
        }
    }
}

void metadata(Buffer &out, PropertyList props)
{
    for (const auto &[name, value] : props) {
        out.push_back(static_cast<std::uint8_t>(name.size()));
        append(out, bytes(name));
        putU32(out, static_cast<std::uint32_t>(value.size()));
        append(out, value);
    }
}

void command(Buffer &out, std::string_view name, Bytes data, const FrameOptions &o)
{
    Buffer body;
    body.reserve(1 + name.size() + data.size());
    body.push_back(static_cast<std::uint8_t>(name.size()));
    append(body, bytes(name));
    append(body, data);
    FrameOptions co = o;
    co.command = true;
    frame(out, body, co);
}

void ready(Buffer &out, PropertyList props)
{
    Buffer md;
    metadata(md, props);
    command(out, "READY", md);
}

void error(Buffer &out, std::string_view reason)
{
    Buffer d;
    d.push_back(static_cast<std::uint8_t>(reason.size()));
    append(d, bytes(reason));
    command(out, "ERROR", d);
}

namespace {
void subscription(Buffer &out, Bytes topic, ZmtpVersion peer, bool subscribe)
{
    if (peer == ZmtpVersion::V3_1) {
        command(out, subscribe ? "SUBSCRIBE" : "CANCEL", topic);
        return;
    }
    Buffer body;
    body.push_back(subscribe ? 1 : 0);
    append(body, topic);
    frame(out, body);
}
}   // namespace

void subscribe(Buffer &out, Bytes topic, ZmtpVersion peerVersion)
{
    subscription(out, topic, peerVersion, true);
}

void cancel(Buffer &out, Bytes topic, ZmtpVersion peerVersion)
{
    subscription(out, topic, peerVersion, false);
}

void ping(Buffer &out, std::uint16_t ttl, Bytes context)
{
    Buffer d;
    d.push_back(static_cast<std::uint8_t>(ttl >> 8));
    d.push_back(static_cast<std::uint8_t>(ttl));
    append(d, context);
    command(out, "PING", d);
}

void pong(Buffer &out, Bytes context)
{
    command(out, "PONG", context);
}

void join(Buffer &out, Bytes group)
{
    command(out, "JOIN", group);
}

void leave(Buffer &out, Bytes group)
{
    command(out, "LEAVE", group);
}

}   // namespace zmqscope::codec::encode
