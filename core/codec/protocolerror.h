// Protocol errors of our own peers' state machines: the second error kind
// (docs/ARCHITECTURE.md). Values mirror libzmq's ZMQ_PROTOCOL_ERROR_* from
// include/zmq.h, so that a handshake failure reads the same in ZmqScope as
// in a libzmq socket monitor (tests check each value against zmq.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace zmqscope::codec {

enum class ProtocolError : std::uint32_t {
    None = 0,
    ZmtpUnspecified = 0x10000000,
    ZmtpUnexpectedCommand = 0x10000001,
    ZmtpInvalidSequence = 0x10000002,
    ZmtpKeyExchange = 0x10000003,
    ZmtpMalformedCommandUnspecified = 0x10000011,
    ZmtpMalformedCommandMessage = 0x10000012,
    ZmtpMalformedCommandHello = 0x10000013,
    ZmtpMalformedCommandInitiate = 0x10000014,
    ZmtpMalformedCommandError = 0x10000015,
    ZmtpMalformedCommandReady = 0x10000016,
    ZmtpMalformedCommandWelcome = 0x10000017,
    ZmtpInvalidMetadata = 0x10000018,
    ZmtpCryptographic = 0x11000001,
    ZmtpMechanismMismatch = 0x11000002,
    ZapUnspecified = 0x20000000,
    ZapMalformedReply = 0x20000001,
    ZapBadRequestId = 0x20000002,
    ZapBadVersion = 0x20000003,
    ZapInvalidStatusCode = 0x20000004,
    ZapInvalidMetadata = 0x20000005,
};

std::string_view protocolErrorName(ProtocolError e);

}   // namespace zmqscope::codec
