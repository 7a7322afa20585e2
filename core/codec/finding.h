// Dissection findings: the first of the three error kinds (see
// docs/ARCHITECTURE.md, "Error taxonomy"). A finding is registered here with a
// stable id and key, carries a severity and is attached to a byte range of one
// direction's stream. Findings never stop the dissection of what came before.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zmqscope::codec {

enum class Severity : std::uint8_t { Note, Warn, Error };
std::string_view severityName(Severity s);   // "note", "warn", "error"

// Stable ids: never renumber, only append. The key is what filters, JSON and
// tests use; it never changes either.
enum class FindingId : std::uint16_t {
    GreetingSignature = 1,     // byte 9 is not 0x7F (only bit 0 is tested)
    GreetingRevision,          // revision 0 or 2: implementations disagree
    GreetingMechanismInvalid,  // characters outside 23/ZMTP's grammar
    GreetingMechanismUnknown,  // not NULL/PLAIN/CURVE/GSSAPI
    GreetingMechanismMismatch, // the two sides announced different mechanisms
    GreetingAsServerInvalid,   // as-server not 0 or 1
    GreetingAsServerNull,      // as-server 1 with NULL
    GreetingAsServerRoles,     // both sides claim the same role
    GreetingFillerNonZero,     // filler bytes 33..63 not zero
    GreetingNewerVersion,      // major > 3 or minor > 1
    GreetingDowngrade,         // a 3.x peer downgraded to 2.0 or 1.0
    GreetingInsecureDowngrade, // older peer while a mechanism other than NULL was announced
    GreetingOneSided,          // framing decided from one direction only
    GreetingIdentityFrame,     // 2.0 identity frame is not a final short frame
    FrameReservedFlags,        // reserved flag bits set
    FrameMoreOnCommand,        // MORE set on a command frame
    FrameLongSmall,            // long header for a size < 256
    FrameSizeInvalid,          // 1.0 length 0, 3.x long size >= 2^63
    FrameOversize,             // size above the configured cap
    FrameBodyClipped,          // body larger than what the decoder keeps for display
    FrameLibzmqLongBitBug,     // libzmq 4.3.3+ subscription frame with LONG bit missing
    CommandNameInvalid,        // name length 0, past the body, or not ALPHA
    CommandUnknown,            // name not defined by any ZMTP RFC
    CommandMalformed,          // body does not match the command's grammar
    CommandUnexpected,         // command in the wrong place or from the wrong side
    CommandVersion,            // command not defined by the version the peer announced
    MetadataMalformed,         // property cut mid-field
    MetadataNameInvalid,       // empty name or characters outside the grammar
    MetadataValueTooLong,      // value length >= 2^31
    MetadataDuplicate,         // same property twice (names are case-insensitive)
    MetadataSocketTypeUnknown, // Socket-Type value not a known type
    MetadataSocketTypeMissing, // READY/INITIATE without Socket-Type
    MetadataIdentityReserved,  // 3.1: Identity starting with 0x00
    SocketTypeIncompatible,    // pairing not allowed by 37/ZMTP
    PingTtlWrap,               // TTL > 655: libzmq computes TTL*100 in 16 bits
    PingContextTooLong,        // context > 16 bytes
    PingTooShort,              // no TTL field
    PongContextMismatch,       // PONG does not echo the last PING context
    SubscriptionCancelUnknown, // CANCEL for a topic that was not subscribed
    StreamResync,              // no greeting: framing guessed
    StreamSkipped,             // bytes skipped while resynchronising
    StreamTruncated,           // the stream ended inside a greeting or frame
    StreamAfterFailure,        // bytes after an unrecoverable error, not decoded
    MessageBeforeReady,        // message before the handshake completed
    ErrorReceived,             // ERROR command: the connection ends
    StreamGap,                 // bytes missing from the capture
    SubscriptionCountDiffers,  // CANCEL of a topic subscribed more than once
    CommandLibzmqPlainError,   // libzmq 4.3's PLAIN ERROR written as 5E 'RROR'
    CurveBoxNotOpened,         // a box that the logged session key does not open
    CurveNonceNotIncreasing,   // MESSAGE short nonce not above the previous one
    CurveServerKeyMatched,     // HELLO opens with a server key the user gave
    CurveServerKeyMismatch,    // HELLO opens with none of the server keys given
    RelayConnectionFailed,     // a tap relay could not carry the connection
    ZreBeaconMalformed,        // a UDP datagram on the ZRE port no ZRE node would read as a beacon
};

struct FindingInfo {
    FindingId id;
    std::string_view key;        // e.g. "zmtp.frame.oversize"
    Severity severity;
    std::string_view summary;    // one line, for the findings list
};

// Ids from 1000 up belong to the protocol layer (core/protocols): each
// protocol owns a block of 100 (docs/ADDING_A_DISSECTOR.md) and installs
// its table with installFindingCatalog before its findings can appear.
constexpr std::uint16_t kFirstProtocolFinding = 1000;

const FindingInfo &findingInfo(FindingId id);
// The ZMTP findings (this codec's own).
std::span<const FindingInfo> allFindings();

struct FindingCatalog {
    const FindingInfo *(*find)(FindingId id) = nullptr;
};
void installFindingCatalog(const FindingCatalog *catalog);

struct Finding {
    FindingId id;
    Severity severity;          // usually findingInfo(id).severity
    std::uint64_t offset = 0;   // in the stream of the direction it belongs to
    std::uint64_t length = 0;
    std::string detail;         // specific text: values seen, what was expected
};

}   // namespace zmqscope::codec
