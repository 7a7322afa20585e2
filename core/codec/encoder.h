// ZMTP encoder for every version: greetings, frames, commands and metadata,
// appended to a caller-owned buffer (sans-I/O: the caller sends the bytes).
// Options can make the output deliberately wrong (bad signature, lengths
// that lie, oversized frames, unknown mechanisms, reserved flag bits) for
// hostile test peers.
//
// 13/ZMTP (1.0), 15/ZMTP (2.0), 23/ZMTP (3.0), 37/ZMTP (3.1).
#pragma once

#include "zmtp.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace zmqscope::codec::encode {

using Buffer = std::vector<std::uint8_t>;

inline Bytes bytes(std::string_view s)
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

// 10-byte signature. `padding` = identity length + 1 lets 1.0 peers read it
// as a long identity header (what libzmq sends); `signatureEnd` other than
// 0x7F (or with bit 0 clear) is a malformed or 1.0-looking signature.
void signature(Buffer &out, std::uint64_t padding = 1, std::uint8_t signatureEnd = 0x7F,
               std::uint8_t first = 0xFF);

struct Greeting3 {
    std::uint8_t major = 3;
    std::uint8_t minor = 1;
    std::string_view mechanism = "NULL";   // any text: unknown mechanisms on request
    std::uint8_t asServer = 0;
    std::uint64_t padding = 1;
    std::uint8_t signatureEnd = 0x7F;
    std::uint8_t first = 0xFF;             // anything else is a wrong signature
    std::uint8_t fillerByte = 0;
};
// The full 64 bytes. Staged senders use part(out, g, from, to).
void greeting3(Buffer &out, const Greeting3 &g);

// 2.0 greeting (12 bytes) followed by the identity frame `00 n id`.
// `revision` 3 gives what a downgraded libzmq sends.
void greeting2(Buffer &out, SocketType type, Bytes identity = {}, std::uint64_t padding = 1,
               std::uint8_t revision = 1);

// 1.0 identity as a versioned side talking to a 1.0 peer finishes it: the
// signature already was its long header, so only the body follows.
// An unversioned 1.0 peer sends frame1(identity) instead.

struct FrameOptions {
    bool more = false;
    bool command = false;
    bool forceLong = false;
    std::uint8_t extraFlags = 0;                  // reserved bits, on request
    std::optional<std::uint64_t> declaredSize;    // a size that lies
};

// 2.0/3.x frame.
void frame(Buffer &out, Bytes body, const FrameOptions &o = {});
// 1.0 frame; `declaredLength` overrides len (which counts the flags byte).
void frame1(Buffer &out, Bytes body, bool more = false, bool forceLong = false,
            std::optional<std::uint64_t> declaredLength = {}, std::uint8_t flagsByte = 0xFF);

// A whole message, one frame per part, in the framing of `version`.
void message(Buffer &out, std::initializer_list<Bytes> parts, ZmtpVersion version);

using PropertyList = std::initializer_list<std::pair<std::string_view, Bytes>>;

void metadata(Buffer &out, PropertyList props);
// A command frame: name (length-prefixed) + data.
void command(Buffer &out, std::string_view name, Bytes data, const FrameOptions &o = {});
void ready(Buffer &out, PropertyList props);
void error(Buffer &out, std::string_view reason);
void subscribe(Buffer &out, Bytes topic, ZmtpVersion peerVersion);   // command for 3.1, message before
void cancel(Buffer &out, Bytes topic, ZmtpVersion peerVersion);
void ping(Buffer &out, std::uint16_t ttl, Bytes context = {});
void pong(Buffer &out, Bytes context = {});
void join(Buffer &out, Bytes group);
void leave(Buffer &out, Bytes group);

}   // namespace zmqscope::codec::encode
