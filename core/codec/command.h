// ZMTP command bodies: the generic length-prefixed name (23/ZMTP "command")
// and the fields of every command the RFCs define, with their stream offsets.
// Mechanism commands (PLAIN, CURVE) are recognised here by name; their inner
// fields are the mechanism layer's business (25/ZMTP-CURVE, 26/CURVEZMQ).
#pragma once

#include "finding.h"
#include "zmtp.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

enum class CommandKind : std::uint8_t {
    Unknown,
    Ready,
    Error,
    Subscribe,
    Cancel,
    Ping,
    Pong,
    Join,
    Leave,
    Hello,
    Welcome,
    Initiate,
    Message,   // CURVE / GSSAPI data
};

std::string_view commandKindName(CommandKind k);
CommandKind commandKindFromName(std::string_view name);

// One metadata property (23/ZMTP "metadata"), offsets in the stream.
struct Property {
    std::string_view name;
    Bytes value;
    std::uint64_t offset = 0;        // of the name-length byte
    std::uint64_t valueOffset = 0;   // of the first value byte
    std::uint32_t valueLength = 0;
};

// A frame as the decoder saw it. `body` holds the bytes kept (all of them
// unless the frame was larger than the keep limit). Valid only during the
// event callback that carries it.
struct FrameView {
    std::uint64_t offset = 0;    // stream offset of the first header byte
    std::uint64_t size = 0;      // body size the header declares
    Bytes body;
    std::uint8_t flags = 0;
    std::uint8_t headerLength = 0;
    bool more = false;
    bool command = false;
    bool longForm = false;
    bool clipped = false;        // body.size() < size
    bool v1 = false;             // 13/ZMTP layout: length (counting flags), then flags
    std::uint32_t carryOffset = UINT32_MAX;   // decoder-internal

    std::uint64_t bodyOffset() const { return offset + headerLength; }
};

struct Command {
    CommandKind kind = CommandKind::Unknown;
    std::string_view name;            // as on the wire; may be "WELCO" or other oddities
    std::uint64_t nameOffset = 0;     // of the name-length byte
    Bytes data;                       // after the name
    std::uint64_t dataOffset = 0;
    bool wellFormed = true;

    std::span<const Property> properties;   // READY, PLAIN INITIATE, NULL/PLAIN metadata

    // ERROR reason, SUBSCRIBE/CANCEL topic, JOIN/LEAVE group, PING/PONG
    // context, PLAIN HELLO username, CURVE/GSSAPI box.
    Bytes text;
    std::uint64_t textOffset = 0;
    Bytes text2;                      // PLAIN HELLO password
    std::uint64_t text2Offset = 0;
    std::uint16_t ttl = 0;            // PING, deciseconds
    bool hasTtl = false;
    std::uint64_t nonce = 0;          // CURVE short nonce (HELLO, INITIATE, READY, MESSAGE)
    bool hasNonce = false;

    // CURVE fields in clear (25/ZMTP-CURVE); `text` holds the box.
    struct Curve {
        std::uint8_t major = 0, minor = 0;   // HELLO version
        Bytes padding;                       // HELLO anti-amplification padding
        std::uint64_t paddingOffset = 0;
        Bytes transientKey;                  // HELLO: C'
        std::uint64_t transientKeyOffset = 0;
        Bytes longNonce;                     // WELCOME: 16-byte nonce tail
        std::uint64_t longNonceOffset = 0;
        Bytes cookie;                        // INITIATE: the server's cookie, echoed
        std::uint64_t cookieOffset = 0;
    } curve;
    bool hasCurve = false;
};

// Context the parser needs: which mechanism the sender announced (decides
// whether READY carries clear metadata) and the version the sender runs.
struct CommandContext {
    Mechanism mechanism = Mechanism::Null;
    ZmtpVersion version = ZmtpVersion::V3_1;
};

// Parses a command frame. `properties` is caller-owned scratch reused from
// command to command; `findings` receives problems (cleared by the caller).
void parseCommand(const FrameView &frame, const CommandContext &ctx, Command &out,
                  std::vector<Property> &properties, std::vector<Finding> &findings);

// Parses 23/ZMTP metadata from `data` (stream offset `offset`) into
// `properties`; returns false when malformed (findings say why).
bool parseMetadata(Bytes data, std::uint64_t offset, ZmtpVersion version,
                   std::vector<Property> &properties, std::vector<Finding> &findings);

// Case-insensitive lookup (names are case-insensitive per 23/ZMTP).
const Property *findProperty(std::span<const Property> props, std::string_view name);

}   // namespace zmqscope::codec
