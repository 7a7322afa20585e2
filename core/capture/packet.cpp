#include "packet.h"

#include <arpa/inet.h>

namespace zmqscope::capture {

namespace {

std::uint16_t be16(const std::uint8_t *p)
{
    return std::uint16_t((p[0] << 8) | p[1]);
}
std::uint32_t be32(const std::uint8_t *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

ParseResult transport(Bytes l4, std::uint8_t proto, std::uint32_t declared, bool cut, Segment &s)
{
    s.protocol = proto;
    if (proto == 6) {
        if (l4.size() < 20)
            return ParseResult::Malformed;
        const std::size_t hl = std::size_t(l4[12] >> 4) * 4;
        if (hl < 20 || hl > l4.size())
            return ParseResult::Malformed;
        s.srcPort = be16(l4.data());
        s.dstPort = be16(l4.data() + 2);
        s.seq = be32(l4.data() + 4);
        s.ack = be32(l4.data() + 8);
        s.flags = l4[13];
        s.payload = l4.subspan(hl);
        s.payloadCut = cut || (declared > l4.size());
        return ParseResult::Ok;
    }
    if (proto == 17) {
        if (l4.size() < 8)
            return ParseResult::Malformed;
        s.srcPort = be16(l4.data());
        s.dstPort = be16(l4.data() + 2);
        const std::size_t len = be16(l4.data() + 4);
        if (len < 8)
            return ParseResult::Malformed;
        s.payload = l4.subspan(8, std::min(len, l4.size()) - 8);
        s.payloadCut = len > l4.size();
        return ParseResult::Ok;
    }
    return ParseResult::NotTcpOrUdp;
}

ParseResult ipv4(Bytes b, bool cut, Segment &s)
{
    if (b.size() < 20 || (b[0] >> 4) != 4)
        return ParseResult::Malformed;
    const std::size_t ihl = std::size_t(b[0] & 0x0F) * 4;
    const std::size_t total = be16(b.data() + 2);
    if (ihl < 20 || ihl > b.size() || total < ihl)
        return ParseResult::Malformed;
    const std::uint16_t frag = be16(b.data() + 6);
    if ((frag & 0x2000) || (frag & 0x1FFF))
        return ParseResult::Fragment;
    s.src = Address{4, {}};
    s.dst = Address{4, {}};
    std::copy(b.begin() + 12, b.begin() + 16, s.src.bytes.begin());
    std::copy(b.begin() + 16, b.begin() + 20, s.dst.bytes.begin());
    // Ethernet pads short frames: trust the IP total length, not the frame.
    const std::size_t end = std::min(total, b.size());
    return transport(b.subspan(ihl, end - ihl), b[9], std::uint32_t(total - ihl), cut || total > b.size(), s);
}

ParseResult ipv6(Bytes b, bool cut, Segment &s)
{
    if (b.size() < 40 || (b[0] >> 4) != 6)
        return ParseResult::Malformed;
    const std::size_t payloadLength = be16(b.data() + 4);
    s.src = Address{6, {}};
    s.dst = Address{6, {}};
    std::copy(b.begin() + 8, b.begin() + 24, s.src.bytes.begin());
    std::copy(b.begin() + 24, b.begin() + 40, s.dst.bytes.begin());
    std::uint8_t next = b[6];
    std::size_t pos = 40;
    const std::size_t end = std::min(b.size(), 40 + payloadLength);
    for (int hops = 0; hops < 8; ++hops) {
        if (next == 0 || next == 43 || next == 60) {   // hop-by-hop, routing, destination options
            if (pos + 8 > end)
                return ParseResult::Malformed;
            const std::size_t len = (std::size_t(b[pos + 1]) + 1) * 8;
            next = b[pos];
            pos += len;
            if (pos > end)
                return ParseResult::Malformed;
            continue;
        }
        if (next == 44)
            return ParseResult::Fragment;
        return transport(b.subspan(pos, end - pos), next, std::uint32_t(40 + payloadLength - pos),
                         cut || 40 + payloadLength > b.size(), s);
    }
    return ParseResult::Malformed;
}

ParseResult byVersion(Bytes b, bool cut, Segment &s)
{
    if (b.empty())
        return ParseResult::Malformed;
    if ((b[0] >> 4) == 4)
        return ipv4(b, cut, s);
    if ((b[0] >> 4) == 6)
        return ipv6(b, cut, s);
    return ParseResult::NotIp;
}

ParseResult byEtherType(std::uint16_t type, Bytes b, bool cut, Segment &s)
{
    if (type == 0x0800)
        return ipv4(b, cut, s);
    if (type == 0x86DD)
        return ipv6(b, cut, s);
    return ParseResult::NotIp;
}

}   // namespace

std::string Address::toString() const
{
    char buf[INET6_ADDRSTRLEN] = "";
    ::inet_ntop(family == 6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
    return buf;
}

std::string Address::endpoint(std::uint16_t port) const
{
    return family == 6 ? "[" + toString() + "]:" + std::to_string(port) : toString() + ":" + std::to_string(port);
}

ParseResult parsePacket(const Packet &p, Segment &s)
{
    s = Segment{};
    const Bytes d = p.data;
    const bool cut = p.originalLength > d.size();
    switch (p.linkType) {
    case linktype::Ethernet: {
        if (d.size() < 14)
            return ParseResult::Malformed;
        std::size_t pos = 12;
        std::uint16_t type = be16(d.data() + pos);
        for (int tags = 0; (type == 0x8100 || type == 0x88A8) && tags < 2; ++tags) {
            pos += 4;
            if (pos + 2 > d.size())
                return ParseResult::Malformed;
            type = be16(d.data() + pos);
        }
        return byEtherType(type, d.subspan(pos + 2), cut, s);
    }
    case linktype::Null:
    case linktype::Loop: {
        if (d.size() < 4)
            return ParseResult::Malformed;
        // The family is in the writer's byte order (Null) or network order
        // (Loop): either way it is small, so read whichever half is non-zero.
        const std::uint32_t family = (d[0] || d[1]) ? (std::uint32_t(d[0]) | (std::uint32_t(d[1]) << 8))
                                                    : ((std::uint32_t(d[2]) << 8) | d[3]);
        if (family == 2)
            return ipv4(d.subspan(4), cut, s);
        if (family == 24 || family == 28 || family == 30 || family == 10)
            return ipv6(d.subspan(4), cut, s);
        return ParseResult::NotIp;
    }
    case linktype::LinuxSll:
        if (d.size() < 16)
            return ParseResult::Malformed;
        return byEtherType(be16(d.data() + 14), d.subspan(16), cut, s);
    case linktype::LinuxSll2:
        if (d.size() < 20)
            return ParseResult::Malformed;
        return byEtherType(be16(d.data()), d.subspan(20), cut, s);
    case linktype::Raw:
    case 12:
    case 14:
        return byVersion(d, cut, s);
    case linktype::Ipv4:
        return ipv4(d, cut, s);
    case linktype::Ipv6:
        return ipv6(d, cut, s);
    default:
        return ParseResult::UnknownLinkType;
    }
}

}   // namespace zmqscope::capture
