// From a captured packet to a TCP or UDP segment: link layer (Ethernet with
// VLAN tags, Linux cooked v1 and v2, BSD/OpenBSD loopback, raw IP), IPv4
// and IPv6 (extension headers), TCP and UDP. Hostile lengths are checked;
// what cannot be parsed says why.
#pragma once

#include "capturefile.h"

#include <array>
#include <compare>
#include <optional>
#include <string>

namespace zmqscope::capture {

struct Address {
    std::uint8_t family = 4;   // 4 or 6
    std::array<std::uint8_t, 16> bytes{};

    std::string toString() const;
    // "ip:port", "[ipv6]:port".
    std::string endpoint(std::uint16_t port) const;
    auto operator<=>(const Address &) const = default;
};

namespace tcpflag {
constexpr std::uint8_t Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;
}

struct Segment {
    Address src, dst;
    std::uint16_t srcPort = 0, dstPort = 0;
    std::uint8_t protocol = 0;     // 6 TCP, 17 UDP
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t flags = 0;
    Bytes payload;
    bool payloadCut = false;       // snaplen cut the payload short
};

enum class ParseResult { Ok, NotIp, NotTcpOrUdp, Fragment, Malformed, UnknownLinkType };

ParseResult parsePacket(const Packet &packet, Segment &out);

}   // namespace zmqscope::capture
