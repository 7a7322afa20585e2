#include "zmtp.h"

#include <array>

namespace zmqscope::codec {

namespace {
constexpr std::array<std::string_view, 21> kSocketNames{
    "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB",
    "STREAM", "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
};
}

std::string_view versionName(ZmtpVersion v)
{
    switch (v) {
    case ZmtpVersion::V1_0: return "1.0";
    case ZmtpVersion::V2_0: return "2.0";
    case ZmtpVersion::V3_0: return "3.0";
    case ZmtpVersion::V3_1: return "3.1";
    case ZmtpVersion::Unknown: break;
    }
    return "?";
}

std::string_view directionName(Direction d)
{
    return d == Direction::ClientToServer ? "c2s" : "s2c";
}

std::string_view socketTypeName(SocketType t)
{
    const auto i = static_cast<std::size_t>(t);
    return i < kSocketNames.size() ? kSocketNames[i] : std::string_view("?");
}

std::optional<SocketType> socketTypeFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kSocketNames.size(); ++i)
        if (kSocketNames[i] == name)
            return static_cast<SocketType>(i);
    return std::nullopt;
}

SocketType socketTypeFromByte(std::uint8_t b)
{
    return b < kSocketNames.size() ? static_cast<SocketType>(b) : SocketType::Unknown;
}

bool socketTypesCompatible(SocketType a, SocketType b)
{
    using enum SocketType;
    auto one = [](SocketType x, SocketType y) {
        switch (x) {
        case Pair: return y == Pair;
        case Pub: return y == Sub || y == XSub;
        case Sub: return y == Pub || y == XPub;
        case Req: return y == Rep || y == Router;
        case Rep: return y == Req || y == Dealer;
        case Dealer: return y == Rep || y == Dealer || y == Router;
        case Router: return y == Req || y == Dealer || y == Router;
        case Pull: return y == Push;
        case Push: return y == Pull;
        case XPub: return y == Sub || y == XSub;
        case XSub: return y == Pub || y == XPub;
        case Server: return y == Client;
        case Client: return y == Server;
        case Radio: return y == Dish;
        case Dish: return y == Radio;
        case Gather: return y == Scatter;
        case Scatter: return y == Gather;
        case Dgram: return y == Dgram;
        case Peer: return y == Peer;
        case Channel: return y == Channel;
        case Stream:
        case Unknown: return false;
        }
        return false;
    };
    return one(a, b) && one(b, a);
}

std::string_view mechanismName(Mechanism m)
{
    switch (m) {
    case Mechanism::Null: return "NULL";
    case Mechanism::Plain: return "PLAIN";
    case Mechanism::Curve: return "CURVE";
    case Mechanism::Gssapi: return "GSSAPI";
    case Mechanism::Other: return "other";
    case Mechanism::None: return "none";
    }
    return "?";
}

Mechanism mechanismFromName(std::string_view name)
{
    if (name == "NULL")
        return Mechanism::Null;
    if (name == "PLAIN")
        return Mechanism::Plain;
    if (name == "CURVE")
        return Mechanism::Curve;
    if (name == "GSSAPI")
        return Mechanism::Gssapi;
    return Mechanism::Other;
}

}   // namespace zmqscope::codec
