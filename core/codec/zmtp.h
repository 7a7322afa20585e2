// Basic ZMTP vocabulary shared by the decoder, the encoder and the dissection:
// versions, directions, socket types and frame flags.
//
// Specs: 13/ZMTP (1.0), 15/ZMTP (2.0), 23/ZMTP (3.0), 37/ZMTP (3.1).
// This header is part of the codec layer: plain C++20, no Qt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace zmqscope::codec {

using Bytes = std::span<const std::uint8_t>;

enum class ZmtpVersion : std::uint8_t {
    Unknown,
    V1_0,
    V2_0,
    V3_0,
    V3_1,
};

std::string_view versionName(ZmtpVersion v);   // "1.0", "2.0", "3.0", "3.1", "?"

// Direction of one byte stream inside a connection. "c2s" is what the
// connecting side (the TCP client) sends.
enum class Direction : std::uint8_t {
    ClientToServer = 0,
    ServerToClient = 1,
};

constexpr Direction opposite(Direction d)
{
    return d == Direction::ClientToServer ? Direction::ServerToClient : Direction::ClientToServer;
}
std::string_view directionName(Direction d);   // "c2s" / "s2c"

// Socket types with libzmq's numbering (the 2.0 greeting byte); 37/ZMTP and
// the digest's table 9. Values past Channel are not socket types.
enum class SocketType : std::uint8_t {
    Pair = 0, Pub, Sub, Req, Rep, Dealer, Router, Pull, Push, XPub, XSub,
    Stream, Server, Client, Radio, Dish, Gather, Scatter, Dgram, Peer, Channel,
    Unknown = 0xFF,
};

std::string_view socketTypeName(SocketType t);            // RFC spelling: "DEALER"
std::optional<SocketType> socketTypeFromName(std::string_view name);   // exact, uppercase
SocketType socketTypeFromByte(std::uint8_t b);
// 37/ZMTP pairing matrix. For 2.0 links (RFC 15) only types 0..8 are defined;
// XPUB/XSUB bytes are accepted because libzmq sends them.
bool socketTypesCompatible(SocketType a, SocketType b);

enum class Mechanism : std::uint8_t { Null, Plain, Curve, Gssapi, Other, None };
std::string_view mechanismName(Mechanism m);
Mechanism mechanismFromName(std::string_view name);

namespace flags {
constexpr std::uint8_t More = 0x01;
constexpr std::uint8_t Long = 0x02;
constexpr std::uint8_t Command = 0x04;
constexpr std::uint8_t Reserved3 = 0xF8;   // 3.x: bits 3..7
constexpr std::uint8_t Reserved2 = 0xFC;   // 2.0: bits 2..7
}   // namespace flags

// Sizes and constants from 23/ZMTP.
constexpr std::size_t kSignatureSize = 10;
constexpr std::size_t kGreeting2Size = 12;
constexpr std::size_t kGreeting3Size = 64;
constexpr std::size_t kMechanismSize = 20;
constexpr std::size_t kMaxPingContext = 16;
constexpr std::uint64_t kMaxFrameSize3 = (std::uint64_t(1) << 63) - 1;
constexpr std::uint32_t kMaxMetadataValue = 0x7FFFFFFFu;

// Reads a big-endian integer; the caller guarantees the bytes are there.
constexpr std::uint32_t readU32(const std::uint8_t *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8)
        | std::uint32_t(p[3]);
}
// (two 32-bit halves: the compiler turns each into one load and a byte swap)
constexpr std::uint64_t readU64(const std::uint8_t *p)
{
    return (std::uint64_t(readU32(p)) << 32) | readU32(p + 4);
}
constexpr std::uint16_t readU16(const std::uint8_t *p)
{
    return std::uint16_t((p[0] << 8) | p[1]);
}

}   // namespace zmqscope::codec
