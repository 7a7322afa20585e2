// StreamDecoder: the sans-I/O ZMTP decoder for one direction of one
// connection. Bytes go in as chunks of any size; events come out through an
// EventSink during the call. It owns no socket, timer or thread; it lives on
// whichever thread feeds it (the capture worker, a test, a fuzzer).
//
// 13/ZMTP, 15/ZMTP, 23/ZMTP, 37/ZMTP; digest sections 2-5 and 12.
//
// Memory: every length from the peer is compared with DecoderLimits before
// anything is kept. Frames that arrive whole are handed out as views into the
// caller's chunk (no copy, no allocation); only frames and messages split
// across chunks are carried in a buffer whose capacity is reused.
#pragma once

#include "command.h"
#include "finding.h"
#include "greeting.h"
#include "zmtp.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

struct DecoderLimits {
    std::uint64_t maxFrameSize = std::uint64_t(1) << 32;   // larger: oversize finding
    std::size_t maxKeptFrame = std::size_t(16) << 20;      // body bytes kept per split frame
    std::size_t maxKeptMessage = std::size_t(64) << 20;    // carried bytes per message
    std::size_t maxMessageFrames = 65536;                  // frames kept per message
    std::size_t resyncWindow = std::size_t(64) << 10;      // bytes searched for a frame boundary
};

// Whether the stream is known to start at its beginning (a greeting is
// expected) or somewhere in the middle (framing must be guessed).
enum class StartMode : std::uint8_t { Greeting, MidStream };

enum class EventKind : std::uint8_t {
    GreetingPart,    // one staged part of the greeting, as libzmq sends them
    VersionDecided,  // framing and version of this direction are known
    Identity,        // 1.0/2.0 identity frame
    Command,         // a command frame, parsed
    Message,         // a complete message with its frames
    Subscription,    // subscribe/cancel, command or 3.0 message form (ConnectionDecoder)
    Finding,
    Beacon,          // a UDP datagram on the ZRE beacon port (captures only): frames[0] is it, `source` its sender
};
std::string_view eventKindName(EventKind k);

enum class GreetingPartKind : std::uint8_t {
    Signature,   // bytes 0..9: FF, padding, 7F
    Version,     // 3.x: bytes 10..11 (major, minor); 2.0: byte 10 (revision)
    SocketType,  // 2.0: byte 11
    Security,    // 3.x: bytes 12..63 (mechanism, as-server, filler)
};

struct Subscription {
    bool subscribe = true;
    bool commandForm = false;    // 3.1 SUBSCRIBE/CANCEL command, else 0x01/0x00 message
    Bytes topic;
    std::uint64_t topicOffset = 0;
};

// One event. Pointers and views are valid only during EventSink::onEvent.
struct Event {
    EventKind kind = EventKind::Finding;
    Direction direction = Direction::ClientToServer;
    std::uint64_t offset = 0;    // byte range in this direction's stream
    std::uint64_t length = 0;
    GreetingPartKind part = GreetingPartKind::Signature;
    const Greeting *greeting = nullptr;     // GreetingPart, VersionDecided
    VersionDecision decision;               // VersionDecided
    Mechanism mechanism = Mechanism::None;  // VersionDecided (3.x)
    const FrameView *frame = nullptr;       // Identity, Command
    const Command *command = nullptr;       // Command
    std::span<const FrameView> frames;      // Message (frames kept)
    std::uint64_t frameCount = 0;           // Message (frames seen, >= frames.size())
    const Subscription *subscription = nullptr;
    const Finding *finding = nullptr;
    bool guessed = false;                   // framing guessed after a resync
    bool decrypted = false;                 // CURVE content opened with a session key
    // A decrypted command: the box's plaintext, the decrypted bytes its
    // inner fields lie in (decryptedBytes()). Messages build theirs from frames.
    Bytes plaintext;
    std::string_view source;                // Beacon: the sender, "ip:port"
};

class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void onEvent(const Event &event) = 0;
};

// Displayable decoder states (the handshake diagram and teaching views show them).
enum class DecoderState : std::uint8_t {
    Signature,       // collecting greeting bytes; version not yet decided
    Greeting,        // version decided; reading the rest of the greeting
    V1IdentityBody,  // versioned side talking 1.0: the body of its identity frame
    FrameHeader,
    FrameBody,
    Resync,          // no known frame boundary: searching for one
};
std::string_view decoderStateName(DecoderState s);

class StreamDecoder {
public:
    explicit StreamDecoder(Direction direction, DecoderLimits limits = {},
                           StartMode mode = StartMode::Greeting);

    // The decoder of the opposite direction, whose first bytes take part in
    // the version decision (digest section 5). May stay null (one direction only).
    void setPeer(const StreamDecoder *peer) { m_peer = peer; }

    void feed(Bytes chunk, EventSink &sink);
    // The peer's first bytes changed: try the pending version decision again.
    void retryDecision(EventSink &sink);
    // `missing` bytes were lost from the capture; resynchronise after them.
    void gap(std::uint64_t missing, EventSink &sink);
    // Starts decoding at a known frame boundary `offset` of a stream whose
    // greeting was already decided (a capture store re-dissecting one event
    // on demand): the next bytes fed are that frame's header.
    void resumeAt(std::uint64_t offset, const VersionDecision &decision, Mechanism mechanism,
                  SocketType socketType);
    // End of this direction's stream.
    void finish(EventSink &sink);

    Direction direction() const { return m_dir; }
    DecoderState state() const { return m_state; }
    std::uint64_t offset() const { return m_offset; }
    bool finished() const { return m_finished; }
    bool guessed() const { return m_guessed; }
    const VersionDecision &decision() const { return m_decision; }
    const Greeting &greeting() const { return m_greeting; }
    Mechanism mechanism() const { return m_mechanism; }
    // The first (at most 64) bytes of the stream, for the peer's decision.
    Bytes prefix() const { return {m_prefix.data(), m_prefixLength}; }

private:
    enum class HeaderResult : std::uint8_t { Frame, Skip, Invalid };

    void feedGreeting(Bytes data, EventSink &sink, std::size_t &pos);
    void tryDecide(EventSink &sink);
    void afterDecision(EventSink &sink);
    void completeGreeting(EventSink &sink);
    void process(Bytes data, std::uint64_t base, EventSink &sink);
    void feedV1IdentityBody(Bytes data, std::size_t &pos, EventSink &sink);
    std::size_t feedFrames(Bytes data, std::uint64_t base, EventSink &sink);
    bool takeBufferedHeader(Bytes data, std::size_t &pos, EventSink &sink);
    std::size_t handleHeader(const std::uint8_t *h, std::size_t avail, std::uint64_t offset,
                             Bytes data, std::size_t &pos, EventSink &sink);
    void feedResync(Bytes data, std::uint64_t base, EventSink &sink, bool final);
    bool bugSuspect(const std::uint8_t *h) const;
    bool fastPathAllowed() const;
    void setSocketType(SocketType t);
    bool headerComplete(const std::uint8_t *h, std::size_t avail, std::size_t &need) const;
    HeaderResult decodeHeader(const std::uint8_t *h, std::size_t avail, std::uint64_t offset,
                              FrameView &f, EventSink &sink);
    void beginBody(const FrameView &f);
    void dispatchFrame(FrameView &f, EventSink &sink);
    void emitMessage(EventSink &sink);
    void carryPending();
    void enterResync(EventSink &sink);
    void emitFinding(EventSink &sink, FindingId id, std::uint64_t offset, std::uint64_t length,
                     std::string detail = {});
    void emitFindings(EventSink &sink);
    bool v1Framing() const;

    Direction m_dir;
    DecoderLimits m_limits;
    const StreamDecoder *m_peer = nullptr;
    DecoderState m_state;
    std::uint64_t m_offset = 0;   // stream offset of the next byte fed
    bool m_finished = false;
    bool m_guessed = false;
    bool m_expectIdentity = false;

    std::array<std::uint8_t, kGreeting3Size> m_prefix{};
    std::size_t m_prefixLength = 0;
    std::array<std::uint8_t, kGreeting3Size> m_greet{};   // greeting bytes not yet used
    std::size_t m_greetLength = 0;
    std::size_t m_greetTarget = 0;
    bool m_signatureShown = false;
    VersionDecision m_decision;
    Greeting m_greeting;
    Mechanism m_mechanism = Mechanism::None;
    SocketType m_socketType = SocketType::Unknown;
    bool m_subscriberSide = false;   // SUB/XSUB: 3.0 subscription messages come from here

    // Versioned side in 1.0 mode: identity body still to come.
    std::uint64_t m_v1IdentityRemaining = 0;
    std::vector<std::uint8_t> m_v1Identity;

    // Frame parsing.
    // A header split across chunks. Up to 19 bytes: recognising libzmq's
    // LONG-bit bug needs to look past a 2-byte header.
    std::array<std::uint8_t, 20> m_hdr{};
    std::size_t m_hdrLength = 0;
    std::uint64_t m_hdrOffset = 0;
    bool m_flushing = false;           // end of stream: no more lookahead
    FrameView m_cur;                   // frame whose body is being read
    std::uint64_t m_bodyRemaining = 0;
    std::uint64_t m_keepRemaining = 0;
    std::vector<FrameView> m_msg;      // frames of the message being assembled
    std::uint64_t m_msgFrameCount = 0;
    std::uint64_t m_msgOffset = 0;
    std::uint64_t m_msgEnd = 0;
    std::vector<std::uint8_t> m_carry; // bodies that outlive the chunk they came in

    std::vector<std::uint8_t> m_resync;
    std::uint64_t m_resyncOffset = 0;  // stream offset of m_resync[0]

    // Reused scratch for commands.
    Command m_command;
    std::vector<Property> m_properties;
    std::vector<Finding> m_findings;
};

}   // namespace zmqscope::codec
