#include "greeting.h"

#include <algorithm>

namespace zmqscope::codec {

SignatureKind classifySignature(Bytes prefix)
{
    if (prefix.empty())
        return SignatureKind::NeedMore;
    if (prefix[0] != 0xFF)
        return SignatureKind::Unversioned;
    if (prefix.size() < kSignatureSize)
        return SignatureKind::NeedMore;
    return (prefix[9] & 0x01) ? SignatureKind::Versioned : SignatureKind::LongIdentity;
}

namespace {

ZmtpVersion version3(std::uint8_t major, std::uint8_t minor)
{
    // libzmq: major 3 minor 0 is 3.0; every other major >= 3 runs as 3.1.
    return (major == 3 && minor == 0) ? ZmtpVersion::V3_0 : ZmtpVersion::V3_1;
}

// Decision from this side's bytes alone: used when the peer sent nothing
// that could tell, or has gone.
VersionDecision decideAlone(Bytes own, bool complete)
{
    // Byte 12 tells a downgraded 3.x side from a 3.x greeting; wait for it
    // unless this direction has ended.
    if (own[10] >= 3 && own.size() < 13 && !complete)
        return {};
    VersionDecision d;
    d.oneSided = true;
    const std::uint8_t major = own[10];
    if (major == 0) {
        d.framing = Framing::V1AfterRev0;
        d.version = ZmtpVersion::V1_0;
    } else if (major <= 2) {
        d.framing = Framing::V2;
        d.version = ZmtpVersion::V2_0;
    } else if (own.size() >= 13 && own[12] == 0x00) {
        // A 3.x greeting has the first mechanism letter at byte 12; a 3.x
        // peer downgraded to 2.0 has its identity frame's flags (00) there.
        d.framing = Framing::V2;
        d.version = ZmtpVersion::V2_0;
        d.downgraded = true;
    } else {
        d.framing = Framing::V3;
        d.version = version3(major, own.size() >= 12 ? own[11] : 1);
    }
    return d;
}

}   // namespace

VersionDecision decideVersion(Bytes own, Bytes peer, bool peerFinished, bool ownFinished)
{
    VersionDecision d;
    const SignatureKind ownKind = classifySignature(own);
    if (ownKind == SignatureKind::NeedMore)
        return d;
    if (ownKind != SignatureKind::Versioned) {
        d.framing = Framing::V1;
        d.version = ZmtpVersion::V1_0;
        return d;
    }

    const SignatureKind peerKind = classifySignature(peer);
    if (peerKind == SignatureKind::Unversioned || peerKind == SignatureKind::LongIdentity) {
        // 15/ZMTP: a versioned side talking to a 1.0 peer finishes its
        // identity frame (the 10 bytes already sent are its long header).
        d.framing = Framing::V1;
        d.version = ZmtpVersion::V1_0;
        d.downgraded = true;
        return d;
    }

    const bool ownComplete = ownFinished || own.size() >= kGreeting3Size;
    if (own.size() < 11) {
        if (ownFinished) {   // cut inside the signature area: nothing more will come
            d.framing = Framing::V3;
            d.oneSided = true;
        }
        return d;
    }
    if (peerKind == SignatureKind::NeedMore || peer.size() <= 10) {
        if (peerFinished || ownComplete)
            return decideAlone(own, ownComplete);
        return d;
    }

    const std::uint8_t ownMajor = own[10];
    const std::uint8_t peerMajor = peer[10];
    const std::uint8_t low = std::min(ownMajor, peerMajor);
    if (low == 0) {
        d.framing = Framing::V1AfterRev0;
        d.version = ZmtpVersion::V1_0;
        d.downgraded = ownMajor >= 3;
    } else if (low == 1 || ownMajor == 2) {
        // Revision 1 is 2.0 (15/ZMTP). A side announcing 2 follows 23/ZMTP's
        // "1 or 2 means 2.0" and sends a 2.0 greeting itself. A 3.x side
        // downgrades (socket type, then a 2.0 identity frame whose flags byte
        // 00 sits at offset 12) unless it is a strict sender that already
        // wrote its whole 3.x greeting: byte 12 tells which.
        if (ownMajor >= 3 && own.size() < 13 && !ownComplete)
            return d;
        if (ownMajor >= 3 && own.size() >= 13 && own[12] != 0x00) {
            d.framing = Framing::V3;
            d.version = version3(ownMajor, own[11]);
            return d;
        }
        d.framing = Framing::V2;
        d.version = ZmtpVersion::V2_0;
        d.downgraded = ownMajor >= 3;
    } else {
        // Both >= 3, or this side >= 3 against a peer announcing 2: libzmq
        // and JeroMQ read 2 as 3.x and send their full greeting.
        if (own.size() < 12 && !ownFinished)
            return d;
        d.framing = Framing::V3;
        d.version = version3(ownMajor, own.size() >= 12 ? own[11] : 1);
    }
    return d;
}

Greeting parseGreeting2(Bytes b)
{
    Greeting g;
    g.padding = readU64(b.data() + 1);
    g.signatureEnd = b[9];
    g.major = b[10];
    g.socketTypeByte = b[11];
    g.size = kGreeting2Size;
    return g;
}

Greeting parseGreeting3(Bytes b)
{
    Greeting g;
    g.padding = readU64(b.data() + 1);
    g.signatureEnd = b[9];
    g.major = b[10];
    g.minor = b[11];
    std::copy_n(reinterpret_cast<const char *>(b.data()) + 12, kMechanismSize, g.mechanismRaw.begin());
    g.mechanismLength = 0;
    while (g.mechanismLength < kMechanismSize && g.mechanismRaw[g.mechanismLength] != '\0')
        ++g.mechanismLength;
    g.asServer = b[32];
    g.fillerZero = std::all_of(b.begin() + 33, b.begin() + 64, [](std::uint8_t c) { return c == 0; });
    g.size = kGreeting3Size;
    return g;
}

bool mechanismFieldValid(const Greeting &g)
{
    if (g.mechanismLength == 0)
        return false;
    for (std::size_t i = 0; i < kMechanismSize; ++i) {
        const char c = g.mechanismRaw[i];
        if (i >= g.mechanismLength) {
            if (c != '\0')
                return false;
            continue;
        }
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
            || c == '.' || c == '+';
        if (!ok)
            return false;
    }
    return true;
}

}   // namespace zmqscope::codec
