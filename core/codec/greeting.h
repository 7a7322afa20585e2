// Greeting parsing and the version decision, written as pure functions of the
// bytes seen (13/ZMTP, 15/ZMTP section "Backwards interoperability",
// 23/ZMTP section "Version negotiation", digest sections 3.4, 4.2 and 5).
#pragma once

#include "zmtp.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace zmqscope::codec {

// What the first bytes of one direction say about the sender, before the
// other side is known.
enum class SignatureKind : std::uint8_t {
    NeedMore,        // fewer bytes than needed to tell
    Unversioned,     // 1.0 peer: byte 0 is its identity frame's length
    LongIdentity,    // FF with byte 9 bit 0 clear: 1.0 peer with a long identity header
    Versioned,       // FF .. (bit 0 of byte 9 set): 2.0 or later
};

SignatureKind classifySignature(Bytes prefix);

// The framing one direction uses after its greeting, decided from both sides.
enum class Framing : std::uint8_t {
    Undecided,
    V1,          // 13/ZMTP frames; a versioned side first finishes its 1.0 identity
    V1AfterRev0, // libzmq/JeroMQ quirk: revision 0 = 12-byte greeting, then 1.0 frames
    V2,          // 12-byte greeting + identity frame, then 2.0 frames
    V3,          // 64-byte greeting, then 3.x frames
};

struct VersionDecision {
    Framing framing = Framing::Undecided;
    ZmtpVersion version = ZmtpVersion::Unknown;   // version the link runs at
    bool downgraded = false;                      // this side announced 3.x but runs older
    bool oneSided = false;                        // decided without the peer's bytes
};

// Decides the framing of direction `own` from the first bytes of both
// directions (at most 64 each; fewer while they are still arriving).
// `peerFinished` says the other direction has ended (or will send nothing
// more that can inform the decision); `ownFinished` that this one has.
// Returns Undecided when more bytes are needed. Pure: same bytes, same answer.
VersionDecision decideVersion(Bytes own, Bytes peer, bool peerFinished, bool ownFinished = false);

// A parsed 3.x greeting (64 bytes) or 2.0 greeting (12 bytes).
struct Greeting {
    std::uint64_t padding = 0;       // bytes 1..8 as u64
    std::uint8_t signatureEnd = 0;   // byte 9
    std::uint8_t major = 0;          // byte 10 (2.0: revision)
    std::uint8_t minor = 0;          // 3.x: byte 11
    std::uint8_t socketTypeByte = 0; // 2.0: byte 11
    std::array<char, kMechanismSize> mechanismRaw{};
    std::uint8_t mechanismLength = 0;   // before the first NUL
    std::uint8_t asServer = 0;
    bool fillerZero = true;
    std::size_t size = 0;            // 10, 12 or 64 bytes of greeting proper

    std::string_view mechanismText() const { return {mechanismRaw.data(), mechanismLength}; }
};

// Parses `bytes` (12 bytes for a 2.0 greeting, 64 for 3.x).
Greeting parseGreeting2(Bytes bytes);
Greeting parseGreeting3(Bytes bytes);

// 23/ZMTP mechanism grammar: 1..20 of A-Z 0-9 - _ . + then NUL padding.
bool mechanismFieldValid(const Greeting &g);

}   // namespace zmqscope::codec
