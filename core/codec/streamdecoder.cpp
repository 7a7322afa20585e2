#include "streamdecoder.h"

#include "resync.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace zmqscope::codec {

namespace {

// libzmq 4.3.3+ writes some subscription frames with an 8-byte size but the
// LONG bit clear (digest 12): a short command `04 00` followed by the rest of
// a u64 size 0x1XX and `09 SUBSCRIBE`, or, from a subscriber, a short message
// `00 00` followed by `00 00 00 00 00 01 00` and the 01/00 prefix.
constexpr std::size_t kBugCommandLength = 19;
constexpr std::size_t kBugMessageLength = 10;

bool bugByteMatches(std::uint8_t flags, std::size_t i, std::uint8_t b)
{
    if (flags == 0x04) {
        static constexpr char kName[] = "SUBSCRIBE";
        if (i <= 6)
            return b == 0;
        if (i == 7)
            return b == 1;
        if (i == 8)
            return b <= 0x09;
        if (i == 9)
            return b == 9;
        return b == std::uint8_t(kName[i - 10]);
    }
    if (i <= 6)
        return b == 0;
    if (i == 7)
        return b == 1;
    if (i == 8)
        return b == 0;
    return b <= 1;
}

std::string hexByte(std::uint8_t b)
{
    static constexpr char kHex[] = "0123456789abcdef";
    return {'0', 'x', kHex[b >> 4], kHex[b & 15]};
}

}   // namespace

std::string_view eventKindName(EventKind k)
{
    switch (k) {
    case EventKind::GreetingPart: return "greeting";
    case EventKind::VersionDecided: return "version";
    case EventKind::Identity: return "identity";
    case EventKind::Command: return "command";
    case EventKind::Message: return "message";
    case EventKind::Subscription: return "subscription";
    case EventKind::Beacon: return "beacon";
    case EventKind::Finding: return "finding";
    }
    return "?";
}

std::string_view decoderStateName(DecoderState s)
{
    switch (s) {
    case DecoderState::Signature: return "signature";
    case DecoderState::Greeting: return "greeting";
    case DecoderState::V1IdentityBody: return "1.0 identity";
    case DecoderState::FrameHeader: return "frame header";
    case DecoderState::FrameBody: return "frame body";
    case DecoderState::Resync: return "resync";
    }
    return "?";
}

StreamDecoder::StreamDecoder(Direction direction, DecoderLimits limits, StartMode mode)
    : m_dir(direction)
    , m_limits(limits)
    , m_state(mode == StartMode::Greeting ? DecoderState::Signature : DecoderState::Resync)
{
}

bool StreamDecoder::v1Framing() const
{
    return m_decision.framing == Framing::V1 || m_decision.framing == Framing::V1AfterRev0;
}

void StreamDecoder::emitFinding(EventSink &sink, FindingId id, std::uint64_t offset,
                                std::uint64_t length, std::string detail)
{
    const Finding f{id, findingInfo(id).severity, offset, length, std::move(detail)};
    Event ev;
    ev.kind = EventKind::Finding;
    ev.direction = m_dir;
    ev.offset = offset;
    ev.length = length;
    ev.finding = &f;
    ev.guessed = m_guessed;
    sink.onEvent(ev);
}

void StreamDecoder::emitFindings(EventSink &sink)
{
    for (const Finding &f : m_findings) {
        Event ev;
        ev.kind = EventKind::Finding;
        ev.direction = m_dir;
        ev.offset = f.offset;
        ev.length = f.length;
        ev.finding = &f;
        ev.guessed = m_guessed;
        sink.onEvent(ev);
    }
    m_findings.clear();
}

// ---------------------------------------------------------------------------
// Entry points

void StreamDecoder::feed(Bytes chunk, EventSink &sink)
{
    if (chunk.empty() || m_finished)
        return;
    if (m_prefixLength < m_prefix.size()) {
        const std::size_t n = std::min(m_prefix.size() - m_prefixLength, chunk.size());
        std::memcpy(m_prefix.data() + m_prefixLength, chunk.data(), n);
        m_prefixLength += n;
    }
    std::size_t pos = 0;
    while (pos < chunk.size()
           && (m_state == DecoderState::Signature || m_state == DecoderState::Greeting))
        feedGreeting(chunk, sink, pos);
    if (pos < chunk.size()) {
        const Bytes rest = chunk.subspan(pos);
        const std::uint64_t base = m_offset;
        m_offset += rest.size();
        process(rest, base, sink);
    }
}

void StreamDecoder::retryDecision(EventSink &sink)
{
    if (m_state == DecoderState::Signature)
        tryDecide(sink);
}

void StreamDecoder::gap(std::uint64_t missing, EventSink &sink)
{
    if (missing == 0 || m_finished)
        return;
    emitFinding(sink, FindingId::StreamGap, m_offset, missing,
                std::to_string(missing) + " bytes missing from the capture");
    m_offset += missing;
    if (!m_msg.empty())
        emitFinding(sink, FindingId::StreamTruncated, m_msgOffset, m_offset - m_msgOffset,
                    "message lost in the gap");
    m_msg.clear();
    m_msgFrameCount = 0;
    m_carry.clear();
    m_hdrLength = 0;
    m_expectIdentity = false;
    m_resync.clear();
    m_state = DecoderState::Resync;
}

void StreamDecoder::resumeAt(std::uint64_t offset, const VersionDecision &decision, Mechanism mechanism,
                             SocketType socketType)
{
    m_offset = offset;
    m_prefixLength = m_prefix.size();   // the greeting is behind us
    m_decision = decision;
    m_mechanism = mechanism;
    setSocketType(socketType);
    m_expectIdentity = false;
    m_hdrLength = 0;
    m_msg.clear();
    m_msgFrameCount = 0;
    m_carry.clear();
    m_state = DecoderState::FrameHeader;
}

void StreamDecoder::finish(EventSink &sink)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_state == DecoderState::Signature)
        tryDecide(sink);
    if (m_state == DecoderState::Signature || m_state == DecoderState::Greeting) {
        if (m_offset > 0)
            emitFinding(sink, FindingId::StreamTruncated, 0, m_offset,
                        "stream ended inside the greeting after " + std::to_string(m_offset) + " bytes");
        return;
    }
    if (m_state == DecoderState::Resync) {
        feedResync({}, m_offset, sink, true);
        if (m_state == DecoderState::Resync)
            return;
    }
    if (m_hdrLength > 0) {
        // A header held back to look for libzmq's LONG-bit bug: decode it
        // as it stands.
        m_flushing = true;
        std::size_t pos = 0;
        takeBufferedHeader({}, pos, sink);
    }
    if (m_hdrLength > 0)
        emitFinding(sink, FindingId::StreamTruncated, m_hdrOffset, m_hdrLength,
                    "stream ended inside a frame header");
    else if (m_state == DecoderState::FrameBody)
        emitFinding(sink, FindingId::StreamTruncated, m_cur.offset, m_offset - m_cur.offset,
                    "stream ended inside a frame body: " + std::to_string(m_cur.size - m_bodyRemaining)
                        + " of " + std::to_string(m_cur.size) + " bytes");
    else if (m_state == DecoderState::V1IdentityBody)
        emitFinding(sink, FindingId::StreamTruncated, 0, m_offset, "stream ended inside the 1.0 identity");
    else if (!m_msg.empty())
        emitFinding(sink, FindingId::StreamTruncated, m_msgOffset, m_offset - m_msgOffset,
                    "stream ended inside a message (last frame had MORE)");
}

// ---------------------------------------------------------------------------
// Greeting

void StreamDecoder::feedGreeting(Bytes data, EventSink &sink, std::size_t &pos)
{
    const std::size_t cap = m_state == DecoderState::Signature ? m_greet.size() : m_greetTarget;
    const std::size_t n = std::min(cap - m_greetLength, data.size() - pos);
    std::memcpy(m_greet.data() + m_greetLength, data.data() + pos, n);
    m_greetLength += n;
    pos += n;
    m_offset += n;
    if (m_state == DecoderState::Signature)
        tryDecide(sink);
    else if (m_greetLength >= m_greetTarget)
        completeGreeting(sink);
}

void StreamDecoder::tryDecide(EventSink &sink)
{
    const Bytes own(m_greet.data(), m_greetLength);
    if (!m_signatureShown && classifySignature(own) == SignatureKind::Versioned) {
        m_signatureShown = true;
        m_greeting.padding = readU64(m_greet.data() + 1);
        m_greeting.signatureEnd = m_greet[9];
        Event ev;
        ev.kind = EventKind::GreetingPart;
        ev.direction = m_dir;
        ev.part = GreetingPartKind::Signature;
        ev.offset = 0;
        ev.length = kSignatureSize;
        ev.greeting = &m_greeting;
        sink.onEvent(ev);
        if (m_greet[9] != 0x7F)
            emitFinding(sink, FindingId::GreetingSignature, 9, 1, "byte 9 is " + hexByte(m_greet[9]));
    }
    const Bytes peer = m_peer ? m_peer->prefix() : Bytes{};
    const bool peerDone = !m_peer || m_peer->finished();
    const VersionDecision d = decideVersion(own, peer, peerDone, m_finished);
    if (d.framing == Framing::Undecided)
        return;
    m_decision = d;
    afterDecision(sink);
}

void StreamDecoder::afterDecision(EventSink &sink)
{
    const auto emitDecided = [&] {
        Event ev;
        ev.kind = EventKind::VersionDecided;
        ev.direction = m_dir;
        ev.offset = 0;
        ev.length = m_greeting.size;
        ev.greeting = &m_greeting;
        ev.decision = m_decision;
        ev.mechanism = m_mechanism;
        sink.onEvent(ev);
    };

    switch (m_decision.framing) {
    case Framing::V1: {
        m_greeting.size = 0;
        if (m_greetLength == 0)
            return;   // cut before anything (finish)
        if (m_greet[0] != 0xFF) {
            // Unversioned 1.0 sender: its identity frame starts at byte 0.
            emitDecided();
            m_expectIdentity = true;
            m_state = DecoderState::FrameHeader;
            process({m_greet.data(), m_greetLength}, 0, sink);
            return;
        }
        if (m_greetLength < kSignatureSize) {
            emitDecided();
            m_state = DecoderState::FrameHeader;
            m_hdrLength = 0;
            process({m_greet.data(), m_greetLength}, 0, sink);
            return;
        }
        // FF <u64 L> flags: the long header of a 1.0 identity frame. A
        // versioned side talking to a 1.0 peer sent it as its signature.
        const std::uint64_t length = readU64(m_greet.data() + 1);
        emitDecided();
        if (m_decision.downgraded)
            emitFinding(sink, FindingId::GreetingDowngrade, 0, kSignatureSize,
                        "peer speaks 1.0: the signature is read as a long identity header");
        if (length == 0) {
            emitFinding(sink, FindingId::FrameSizeInvalid, 1, 8,
                        "signature padding is 0, an invalid 1.0 identity length: "
                        "only identity length + 1 interoperates with 1.0 peers");
            m_state = DecoderState::Resync;
            process({m_greet.data() + kSignatureSize, m_greetLength - kSignatureSize}, kSignatureSize, sink);
            return;
        }
        m_v1IdentityRemaining = length - 1;
        m_v1Identity.clear();
        m_state = DecoderState::V1IdentityBody;
        if (m_v1IdentityRemaining == 0) {
            std::size_t pos = 0;
            feedV1IdentityBody({}, pos, sink);
        }
        process({m_greet.data() + kSignatureSize, m_greetLength - kSignatureSize}, kSignatureSize, sink);
        return;
    }
    case Framing::V1AfterRev0:
    case Framing::V2:
        m_greetTarget = kGreeting2Size;
        break;
    case Framing::V3:
        m_greetTarget = kGreeting3Size;
        break;
    case Framing::Undecided:
        return;
    }
    m_state = DecoderState::Greeting;
    if (m_greetLength >= m_greetTarget)
        completeGreeting(sink);
}

void StreamDecoder::completeGreeting(EventSink &sink)
{
    const Bytes g(m_greet.data(), m_greetTarget);
    Event part;
    part.kind = EventKind::GreetingPart;
    part.direction = m_dir;
    part.greeting = &m_greeting;

    if (m_decision.framing == Framing::V3) {
        m_greeting = parseGreeting3(g);
        m_mechanism = mechanismFromName(m_greeting.mechanismText());
        part.part = GreetingPartKind::Version;
        part.offset = 10;
        part.length = 2;
        sink.onEvent(part);
        part.part = GreetingPartKind::Security;
        part.offset = 12;
        part.length = kGreeting3Size - 12;
        sink.onEvent(part);
        if (m_greeting.major > 3 || (m_greeting.major == 3 && m_greeting.minor > 1))
            emitFinding(sink, FindingId::GreetingNewerVersion, 10, 2,
                        "announces " + std::to_string(m_greeting.major) + "." + std::to_string(m_greeting.minor)
                            + "; runs as 3.1");
        if (!mechanismFieldValid(m_greeting)) {
            emitFinding(sink, FindingId::GreetingMechanismInvalid, 12, kMechanismSize,
                        m_greeting.mechanismLength == 0 ? std::string("empty mechanism")
                                                        : "mechanism '" + std::string(m_greeting.mechanismText()) + "'");
        } else if (m_mechanism == Mechanism::Other) {
            emitFinding(sink, FindingId::GreetingMechanismUnknown, 12, kMechanismSize,
                        "'" + std::string(m_greeting.mechanismText()) + "': frames decoded, command bodies opaque");
        }
        if (m_greeting.asServer > 1)
            emitFinding(sink, FindingId::GreetingAsServerInvalid, 32, 1, "as-server is " + hexByte(m_greeting.asServer));
        else if (m_greeting.asServer == 1 && m_mechanism == Mechanism::Null)
            emitFinding(sink, FindingId::GreetingAsServerNull, 32, 1);
        if (!m_greeting.fillerZero)
            emitFinding(sink, FindingId::GreetingFillerNonZero, 33, 31);
    } else {
        m_greeting = parseGreeting2(g);
        part.part = GreetingPartKind::Version;
        part.offset = 10;
        part.length = 1;
        sink.onEvent(part);
        part.part = GreetingPartKind::SocketType;
        part.offset = 11;
        part.length = 1;
        sink.onEvent(part);
        setSocketType(socketTypeFromByte(m_greeting.socketTypeByte));
        if (m_socketType == SocketType::Unknown)
            emitFinding(sink, FindingId::MetadataSocketTypeUnknown, 11, 1,
                        "socket type byte " + hexByte(m_greeting.socketTypeByte));
        if (m_greeting.major == 0)
            emitFinding(sink, FindingId::GreetingRevision, 10, 1,
                        "revision 0: libzmq and JeroMQ follow with 1.0 framing");
        else if (m_greeting.major == 2)
            emitFinding(sink, FindingId::GreetingRevision, 10, 1,
                        "revision 2: 23/ZMTP reads it as 2.0, libzmq and JeroMQ as 3.x");
        else if (m_decision.downgraded)
            emitFinding(sink, FindingId::GreetingDowngrade, 10, 2,
                        "announced major " + std::to_string(m_greeting.major)
                            + ", then a 2.0 socket-type byte: downgraded for a 2.0 peer");
        m_mechanism = Mechanism::None;
    }
    if (m_decision.oneSided && m_peer && m_peer->finished() && m_peer->prefix().empty())
        emitFinding(sink, FindingId::GreetingOneSided, 10, 1,
                    "the other direction sent nothing to decide with");

    Event ev;
    ev.kind = EventKind::VersionDecided;
    ev.direction = m_dir;
    ev.offset = 0;
    ev.length = m_greetTarget;
    ev.greeting = &m_greeting;
    ev.decision = m_decision;
    ev.mechanism = m_mechanism;
    sink.onEvent(ev);

    m_expectIdentity = m_decision.framing != Framing::V3;
    m_state = DecoderState::FrameHeader;
    if (m_greetLength > m_greetTarget)
        process({m_greet.data() + m_greetTarget, m_greetLength - m_greetTarget}, m_greetTarget, sink);
}

// ---------------------------------------------------------------------------
// After the greeting

void StreamDecoder::process(Bytes data, std::uint64_t base, EventSink &sink)
{
    std::size_t pos = 0;
    while (pos < data.size()) {
        switch (m_state) {
        case DecoderState::V1IdentityBody:
            feedV1IdentityBody(data, pos, sink);
            break;
        case DecoderState::FrameHeader:
        case DecoderState::FrameBody:
            pos += feedFrames(data.subspan(pos), base + pos, sink);
            break;
        case DecoderState::Resync:
            feedResync(data.subspan(pos), base + pos, sink, false);
            pos = data.size();
            break;
        case DecoderState::Signature:
        case DecoderState::Greeting:
            pos = data.size();   // unreachable: greeting bytes never come here
            break;
        }
    }
}

void StreamDecoder::feedV1IdentityBody(Bytes data, std::size_t &pos, EventSink &sink)
{
    const std::uint64_t take = std::min<std::uint64_t>(m_v1IdentityRemaining, data.size() - pos);
    const std::size_t room = m_limits.maxKeptFrame - std::min(m_limits.maxKeptFrame, m_v1Identity.size());
    const std::size_t keep = std::min<std::uint64_t>(take, room);
    m_v1Identity.insert(m_v1Identity.end(), data.begin() + pos, data.begin() + pos + keep);
    pos += take;
    m_v1IdentityRemaining -= take;
    if (m_v1IdentityRemaining > 0)
        return;
    FrameView f;
    f.offset = 0;
    f.headerLength = kSignatureSize;
    f.size = readU64(m_greet.data() + 1) - 1;
    f.flags = m_greet[9];
    f.longForm = true;
    f.v1 = true;
    f.body = m_v1Identity;
    f.clipped = f.body.size() < f.size;
    Event ev;
    ev.kind = EventKind::Identity;
    ev.direction = m_dir;
    ev.offset = 0;
    ev.length = kSignatureSize + f.size;
    ev.frame = &f;
    sink.onEvent(ev);
    m_state = DecoderState::FrameHeader;
}

bool StreamDecoder::bugSuspect(const std::uint8_t *h) const
{
    // (An identity frame is never a subscription: a SUB side's empty
    // identity `00 00` is not the start of the buggy long header.)
    return !m_expectIdentity && h[1] == 0 && (h[0] == 0x04 || (h[0] == 0x00 && m_subscriberSide));
}

bool StreamDecoder::fastPathAllowed() const
{
    return !m_expectIdentity && m_mechanism != Mechanism::Curve && m_limits.maxFrameSize >= 255
        && (m_decision.framing == Framing::V3 || m_decision.framing == Framing::V2);
}

void StreamDecoder::setSocketType(SocketType t)
{
    m_socketType = t;
    m_subscriberSide = t == SocketType::Sub || t == SocketType::XSub;
}

bool StreamDecoder::headerComplete(const std::uint8_t *h, std::size_t avail, std::size_t &need) const
{
    if (v1Framing()) {
        if (avail < 1) {
            need = 1;
            return false;
        }
        if (h[0] == 0) {
            need = 1;
            return true;
        }
        need = h[0] == 0xFF ? 10 : 2;
        return avail >= need;
    }
    if (avail < 1) {
        need = 2;
        return false;
    }
    if (h[0] & flags::Long) {
        need = 9;
        return avail >= need;
    }
    need = 2;
    if (avail < 2)
        return false;
    if (!bugSuspect(h) || m_flushing)
        return true;
    const std::size_t full = h[0] == 0x04 ? kBugCommandLength : kBugMessageLength;
    for (std::size_t i = 2; i < std::min(avail, full); ++i)
        if (!bugByteMatches(h[0], i, h[i]))
            return true;
    need = full;
    return avail >= full;
}

StreamDecoder::HeaderResult StreamDecoder::decodeHeader(const std::uint8_t *h, std::size_t avail,
                                                        std::uint64_t offset, FrameView &f,
                                                        EventSink &sink)
{
    f = FrameView{};
    f.offset = offset;
    if (v1Framing()) {
        f.v1 = true;
        std::uint64_t length = h[0];
        if (length == 0) {
            emitFinding(sink, FindingId::FrameSizeInvalid, offset, 1,
                        "1.0 length 0: 13/ZMTP says drop it, libzmq and JeroMQ close the connection");
            f.headerLength = 1;
            return HeaderResult::Skip;
        }
        if (length == 0xFF) {
            length = readU64(h + 1);
            f.flags = h[9];
            f.headerLength = 10;
            f.longForm = true;
            if (length == 0) {
                emitFinding(sink, FindingId::FrameSizeInvalid, offset, 10, "1.0 long length 0");
                return HeaderResult::Invalid;
            }
            if (length < 255)
                emitFinding(sink, FindingId::FrameLongSmall, offset, 10,
                            "long form for length " + std::to_string(length));
        } else {
            f.flags = h[1];
            f.headerLength = 2;
        }
        f.size = length - 1;
        f.more = f.flags & flags::More;
        if (!m_expectIdentity && (f.flags & 0xFE))
            emitFinding(sink, FindingId::FrameReservedFlags, offset + f.headerLength - 1, 1,
                        "1.0 flags " + hexByte(f.flags));
    } else {
        f.flags = h[0];
        f.longForm = f.flags & flags::Long;
        f.headerLength = f.longForm ? 9 : 2;
        f.size = f.longForm ? readU64(h + 1) : h[1];
        if (!f.longForm && bugSuspect(h) && !m_flushing) {
            const std::size_t full = f.flags == 0x04 ? kBugCommandLength : kBugMessageLength;
            bool match = avail >= full;
            for (std::size_t i = 2; match && i < full; ++i)
                match = bugByteMatches(f.flags, i, h[i]);
            if (match) {
                f.headerLength = 9;
                f.size = readU64(h + 1);
                emitFinding(sink, FindingId::FrameLibzmqLongBitBug, offset, 9,
                            "flags " + hexByte(f.flags) + " with an 8-byte size of " + std::to_string(f.size)
                                + " (libzmq 4.3.3+ subscription encoder)");
            }
        }
        if (f.longForm && f.size > kMaxFrameSize3) {
            emitFinding(sink, FindingId::FrameSizeInvalid, offset, 9,
                        "size " + std::to_string(f.size) + " is 2^63 or more");
            return HeaderResult::Invalid;
        }
        f.more = f.flags & flags::More;
        f.command = f.flags & flags::Command;
        const std::uint8_t reserved =
            m_decision.framing == Framing::V2 ? flags::Reserved2 : flags::Reserved3;
        if (f.flags & reserved)
            emitFinding(sink, FindingId::FrameReservedFlags, offset, 1,
                        "flags " + hexByte(f.flags)
                            + (m_decision.framing == Framing::V2 && f.command
                                   ? " (bit 2 is reserved in 2.0; libzmq reads it as COMMAND)" : ""));
        if (f.longForm && f.size < 256)
            emitFinding(sink, FindingId::FrameLongSmall, offset, 9,
                        "long form for " + std::to_string(f.size) + " bytes");
        if (f.command && f.more)
            emitFinding(sink, FindingId::FrameMoreOnCommand, offset, 1);
    }
    if (f.size > m_limits.maxFrameSize)
        emitFinding(sink, FindingId::FrameOversize, offset, f.headerLength,
                    "declares " + std::to_string(f.size) + " bytes, limit "
                        + std::to_string(m_limits.maxFrameSize));
    return HeaderResult::Frame;
}

void StreamDecoder::beginBody(const FrameView &f)
{
    // Frames of this message that still point into the caller's chunk move
    // to the carry buffer first, so the carry stays in stream order.
    carryPending();
    m_cur = f;
    m_cur.carryOffset = static_cast<std::uint32_t>(m_carry.size());
    const std::size_t messageRoom = m_limits.maxKeptMessage - std::min(m_limits.maxKeptMessage, m_carry.size());
    m_keepRemaining = std::min<std::uint64_t>(f.size, std::min(m_limits.maxKeptFrame, messageRoom));
    m_bodyRemaining = f.size;
    m_state = DecoderState::FrameBody;
}

// Handles a complete header at `h` (either in the chunk or in m_hdr) and,
// when the whole body is in `data`, the frame itself. Returns the header
// length; pos is advanced past whatever of `data` was used for the body.
std::size_t StreamDecoder::handleHeader(const std::uint8_t *h, std::size_t avail, std::uint64_t offset,
                                        Bytes data, std::size_t &pos, EventSink &sink)
{
    FrameView f;
    const HeaderResult r = decodeHeader(h, avail, offset, f, sink);
    if (r == HeaderResult::Invalid) {
        enterResync(sink);
        return f.headerLength;
    }
    if (r == HeaderResult::Skip)
        return f.headerLength;
    if (f.size <= data.size() - pos) {
        f.body = data.subspan(pos, static_cast<std::size_t>(f.size));
        pos += static_cast<std::size_t>(f.size);
        dispatchFrame(f, sink);
    } else {
        beginBody(f);
    }
    return f.headerLength;
}

bool StreamDecoder::takeBufferedHeader(Bytes data, std::size_t &pos, EventSink &sink)
{
    std::size_t need = 0;
    while (!headerComplete(m_hdr.data(), m_hdrLength, need) && pos < data.size())
        m_hdr[m_hdrLength++] = data[pos++];
    if (!headerComplete(m_hdr.data(), m_hdrLength, need))
        return false;
    // Copy out: handling the header may buffer a new partial header.
    std::array<std::uint8_t, 20> hdr = m_hdr;
    const std::size_t have = m_hdrLength;
    const std::uint64_t offset = m_hdrOffset;
    m_hdrLength = 0;
    std::size_t unused = 0;
    const std::size_t headerLength = handleHeader(hdr.data(), have, offset, {}, unused, sink);
    if (have > headerLength) {
        // Bytes read ahead while looking for libzmq's bug belong to what
        // follows the header: feed them again before the rest of `data`.
        const Bytes extra(hdr.data() + headerLength, have - headerLength);
        std::size_t at = 0;
        const std::uint64_t extraBase = offset + headerLength;
        while (at < extra.size() && (m_state == DecoderState::FrameHeader || m_state == DecoderState::FrameBody))
            at += feedFrames(extra.subspan(at), extraBase + at, sink);
        if (at < extra.size() && m_state == DecoderState::Resync)
            feedResync(extra.subspan(at), extraBase + at, sink, false);
    }
    return true;
}

std::size_t StreamDecoder::feedFrames(Bytes data, std::uint64_t base, EventSink &sink)
{
    const std::uint8_t *p = data.data();
    const std::size_t n = data.size();
    std::size_t pos = 0;
    while (pos < n) {
        if (m_state == DecoderState::FrameBody) {
            const std::uint64_t take = std::min<std::uint64_t>(m_bodyRemaining, n - pos);
            const std::size_t keep = static_cast<std::size_t>(std::min(take, m_keepRemaining));
            m_carry.insert(m_carry.end(), p + pos, p + pos + keep);
            m_keepRemaining -= keep;
            m_bodyRemaining -= take;
            pos += static_cast<std::size_t>(take);
            if (m_bodyRemaining == 0) {
                m_cur.body = Bytes(m_carry.data() + m_cur.carryOffset, m_carry.size() - m_cur.carryOffset);
                m_cur.clipped = m_cur.body.size() < m_cur.size;
                m_state = DecoderState::FrameHeader;
                FrameView f = m_cur;
                dispatchFrame(f, sink);
            }
            continue;
        }
        if (m_state != DecoderState::FrameHeader)
            break;
        if (m_hdrLength > 0) {
            if (!takeBufferedHeader(data, pos, sink))
                break;
            continue;
        }
        if (fastPathAllowed()) {
            // Hot path: short, whole, canonical data frames (flags 00/01) of
            // a 2.0/3.x stream. Same events as the general path below, with
            // none of its checks that cannot fire for these frames.
            while (pos + 2 <= n) {
                const std::uint8_t fl = p[pos];
                const std::size_t size = p[pos + 1];
                if (fl > flags::More || pos + 2 + size > n || (size == 0 && fl == 0 && m_subscriberSide))
                    break;
                FrameView f;
                f.offset = base + pos;
                f.size = size;
                f.flags = fl;
                f.headerLength = 2;
                f.more = fl != 0;
                f.body = Bytes(p + pos + 2, size);
                pos += 2 + size;
                if (m_msgFrameCount == 0 && !f.more) {
                    Event ev;
                    ev.kind = EventKind::Message;
                    ev.direction = m_dir;
                    ev.offset = f.offset;
                    ev.length = 2 + size;
                    ev.frames = std::span<const FrameView>(&f, 1);
                    ev.frameCount = 1;
                    ev.guessed = m_guessed;
                    sink.onEvent(ev);
                } else {
                    dispatchFrame(f, sink);
                }
            }
            if (pos >= n)
                break;
        }
        std::size_t need = 0;
        if (!headerComplete(p + pos, n - pos, need)) {
            std::memcpy(m_hdr.data(), p + pos, n - pos);
            m_hdrLength = n - pos;
            m_hdrOffset = base + pos;
            pos = n;
            break;
        }
        const std::size_t start = pos;
        std::size_t bodyPos = pos;
        // Body position depends on the header length, known only after decoding.
        FrameView f;
        const HeaderResult r = decodeHeader(p + start, n - start, base + start, f, sink);
        if (r == HeaderResult::Invalid) {
            pos = start + f.headerLength;
            enterResync(sink);
            break;
        }
        bodyPos = start + f.headerLength;
        pos = bodyPos;
        if (r == HeaderResult::Skip)
            continue;
        if (f.size <= n - bodyPos) {
            f.body = Bytes(p + bodyPos, static_cast<std::size_t>(f.size));
            pos = bodyPos + static_cast<std::size_t>(f.size);
            dispatchFrame(f, sink);
        } else {
            beginBody(f);
        }
    }
    carryPending();
    return pos;
}

void StreamDecoder::dispatchFrame(FrameView &f, EventSink &sink)
{
    if (f.clipped)
        emitFinding(sink, FindingId::FrameBodyClipped, f.offset, f.headerLength + f.size,
                    "kept " + std::to_string(f.body.size()) + " of " + std::to_string(f.size) + " bytes");
    if (m_expectIdentity) {
        m_expectIdentity = false;
        if (!v1Framing() && f.flags != 0)
            emitFinding(sink, FindingId::GreetingIdentityFrame, f.offset, 1, "flags " + hexByte(f.flags));
        Event ev;
        ev.kind = EventKind::Identity;
        ev.direction = m_dir;
        ev.offset = f.offset;
        ev.length = f.headerLength + f.size;
        ev.frame = &f;
        ev.guessed = m_guessed;
        sink.onEvent(ev);
        if (m_msg.empty())
            m_carry.clear();
        return;
    }
    const bool curveMessage = !f.command && m_mechanism == Mechanism::Curve && f.body.size() >= 8
        && std::memcmp(f.body.data(), "\x07MESSAGE", 8) == 0;
    if ((f.command && !v1Framing()) || curveMessage) {
        const CommandContext ctx{m_mechanism == Mechanism::None ? Mechanism::Null : m_mechanism,
                                 m_decision.version == ZmtpVersion::Unknown ? ZmtpVersion::V3_1
                                                                            : m_decision.version};
        parseCommand(f, ctx, m_command, m_properties, m_findings);
        emitFindings(sink);
        if (m_command.kind == CommandKind::Ready || m_command.kind == CommandKind::Initiate) {
            if (const Property *st = findProperty(m_command.properties, "Socket-Type")) {
                const std::string_view v(reinterpret_cast<const char *>(st->value.data()), st->value.size());
                setSocketType(socketTypeFromName(v).value_or(SocketType::Unknown));
            }
        }
        Event ev;
        ev.kind = EventKind::Command;
        ev.direction = m_dir;
        ev.offset = f.offset;
        ev.length = f.headerLength + f.size;
        ev.frame = &f;
        ev.command = &m_command;
        ev.guessed = m_guessed;
        sink.onEvent(ev);
        if (m_msg.empty())
            m_carry.clear();
        return;
    }
    if (m_msgFrameCount == 0)
        m_msgOffset = f.offset;
    m_msgEnd = f.offset + f.headerLength + f.size;
    if (m_msg.size() < m_limits.maxMessageFrames) {
        m_msg.push_back(f);
    } else if (m_msgFrameCount == m_limits.maxMessageFrames) {
        emitFinding(sink, FindingId::FrameBodyClipped, f.offset, 0,
                    "message has more than " + std::to_string(m_limits.maxMessageFrames)
                        + " frames; later frames are counted, not kept");
    }
    ++m_msgFrameCount;
    if (!f.more)
        emitMessage(sink);
}

void StreamDecoder::emitMessage(EventSink &sink)
{
    for (FrameView &f : m_msg)
        if (f.carryOffset != UINT32_MAX)
            f.body = Bytes(m_carry.data() + f.carryOffset, f.body.size());
    Event ev;
    ev.kind = EventKind::Message;
    ev.direction = m_dir;
    ev.offset = m_msgOffset;
    ev.length = m_msgEnd - m_msgOffset;
    ev.frames = m_msg;
    ev.frameCount = m_msgFrameCount;
    ev.guessed = m_guessed;
    sink.onEvent(ev);
    m_msg.clear();
    m_msgFrameCount = 0;
    m_carry.clear();
}

void StreamDecoder::carryPending()
{
    for (FrameView &f : m_msg) {
        if (f.carryOffset != UINT32_MAX)
            continue;
        const std::size_t room = m_limits.maxKeptMessage - std::min(m_limits.maxKeptMessage, m_carry.size());
        const std::size_t keep = std::min(f.body.size(), room);
        f.carryOffset = static_cast<std::uint32_t>(m_carry.size());
        m_carry.insert(m_carry.end(), f.body.begin(), f.body.begin() + keep);
        if (keep < f.body.size())
            f.clipped = true;
        f.body = f.body.first(keep);
    }
}

void StreamDecoder::enterResync(EventSink &sink)
{
    if (!m_msg.empty())
        emitFinding(sink, FindingId::StreamTruncated, m_msgOffset, 0, "message abandoned: framing lost");
    m_msg.clear();
    m_msgFrameCount = 0;
    m_carry.clear();
    m_hdrLength = 0;
    m_resync.clear();
    m_state = DecoderState::Resync;
}

void StreamDecoder::feedResync(Bytes data, std::uint64_t base, EventSink &sink, bool final)
{
    if (m_resync.empty())
        m_resyncOffset = base;
    m_resync.insert(m_resync.end(), data.begin(), data.end());
    while (!m_resync.empty()) {
        const auto guess = findResyncPoint(m_resync, final, m_limits.maxFrameSize);
        if (!guess) {
            if (m_resync.size() > m_limits.resyncWindow) {
                const std::size_t drop = m_resync.size() - m_limits.resyncWindow / 2;
                emitFinding(sink, FindingId::StreamSkipped, m_resyncOffset, drop,
                            "no frame boundary found in " + std::to_string(drop) + " bytes");
                m_resync.erase(m_resync.begin(), m_resync.begin() + static_cast<std::ptrdiff_t>(drop));
                m_resyncOffset += drop;
                continue;
            }
            if (final) {
                emitFinding(sink, FindingId::StreamSkipped, m_resyncOffset, m_resync.size(),
                            "stream ended before a frame boundary was found");
                m_resync.clear();
            }
            return;
        }
        const std::uint64_t at = m_resyncOffset + guess->offset;
        const bool firstGuess = !m_guessed;
        m_guessed = true;
        if (guess->offset > 0)
            emitFinding(sink, FindingId::StreamSkipped, m_resyncOffset, guess->offset,
                        "skipped " + std::to_string(guess->offset) + " bytes to a frame boundary");
        emitFinding(sink, FindingId::StreamResync, at, 0,
                    std::string(guess->framing == Framing::V1 ? "1.0" : "2.0/3.x") + " framing guessed at offset "
                        + std::to_string(at) + (guess->curve ? "; CURVE MESSAGE commands seen" : ""));
        if (firstGuess || m_decision.framing != guess->framing) {
            m_decision = VersionDecision{};
            m_decision.framing = guess->framing;
            m_decision.version = guess->framing == Framing::V1 ? ZmtpVersion::V1_0 : ZmtpVersion::Unknown;
            if (guess->curve)
                m_mechanism = Mechanism::Curve;
            Event ev;
            ev.kind = EventKind::VersionDecided;
            ev.direction = m_dir;
            ev.offset = at;
            ev.length = 0;
            ev.decision = m_decision;
            ev.mechanism = m_mechanism;
            ev.guessed = true;
            sink.onEvent(ev);
        }
        m_state = DecoderState::FrameHeader;
        m_expectIdentity = false;
        m_hdrLength = 0;
        std::vector<std::uint8_t> buffer;
        buffer.swap(m_resync);
        const Bytes rest = Bytes(buffer).subspan(guess->offset);
        const std::size_t used = feedFrames(rest, at, sink);
        if (m_state != DecoderState::Resync)
            return;
        // Framing lost again inside the buffer: search the remainder.
        m_resync.assign(rest.begin() + static_cast<std::ptrdiff_t>(used), rest.end());
        m_resyncOffset = at + used;
    }
}

}   // namespace zmqscope::codec
