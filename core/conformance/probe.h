// One case's connection to the implementation under test: the suite's side
// of it. It connects (server under test) or takes the next connection the
// client under test makes; sends bytes the encoder built, right or wrong on
// purpose; runs a proper handshake through the codec's Session when a case
// needs one before it misbehaves; reads what comes back through the
// dissector's decoder; and keeps the wire log. Every wait is bounded by the
// target's case timeout.
#pragma once

#include "conformance.h"

#include "codec/encoder.h"
#include "codec/session.h"
#include "codec/connectiondecoder.h"

#include <memory>
#include <optional>

namespace zmqscope::conformance {

// What the target sent, as the dissector read it.
struct TargetEvent {
    enum class Kind : std::uint8_t { Greeting, Command, Message } kind = Kind::Command;
    std::string name;                    // command name
    std::vector<std::uint8_t> data;      // command data after the name
    std::vector<std::string> frames;     // message frames
};

// The listening socket of a run against a client under test.
class Listener {
public:
    explicit Listener(const Target &t);
    ~Listener();
    bool ok() const { return m_fd >= 0; }
    const std::string &error() const { return m_error; }
    int fd() const { return m_fd; }
    std::uint16_t port() const { return m_port; }

private:
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::string m_error;
};

class Probe : private codec::EventSink {
public:
    Probe(const Target &t, const Case &c, CaseResult &result, Listener *listener);
    ~Probe() override;

    const Target &target() const { return m_target; }
    bool targetIsServer() const { return m_target.role == Role::Server; }
    codec::Mechanism mechanism() const;
    // A socket type that may talk to the target's.
    codec::SocketType peerType() const;
    std::chrono::milliseconds timeout() const { return m_target.caseTimeout; }

    // Connects (or accepts). False: the result says why.
    bool open();
    // Server under test: this connection closed and made again (after a
    // case has opened others). False: the result says why.
    bool reopen();
    // A second connection to the same target (server under test only);
    // closed with the probe, or before by closeExtra (`reset`: with an RST).
    int openExtra();
    void closeExtra(int fd, bool reset);

    // --- sending -------------------------------------------------------
    void send(const codec::encode::Buffer &bytes, std::string_view note);
    void sendRaw(int fd, const codec::encode::Buffer &bytes);
    // One byte every `gap`, `count` bytes in all, reading in between.
    // False when the target closed before all were sent.
    bool sendSlowly(const codec::encode::Buffer &bytes, std::size_t count, std::chrono::milliseconds gap);

    // The suite's greeting: version 3.1 (or as asked), the target's mechanism,
    // as-server as the suite's role demands.
    codec::encode::Greeting3 greeting() const;
    // The suite's good READY for NULL (Socket-Type of peerType()).
    void readyCommand(codec::encode::Buffer &out) const;

    // The whole handshake done properly through a Session (any mechanism).
    // True once both sides are READY.
    bool handshake();
    // CURVE, target the server: box the HELLO for this key instead.
    void useServerKey(const codec::CurveKey &key) { m_serverKey = key; }
    // Changes the configuration of the next handshake() (the lies a case tells).
    void tweakSession(std::function<void(codec::SessionConfig &)> tweak) { m_tweak = std::move(tweak); }
    // A message through the Session (encrypted under CURVE). `tamper`, when
    // given, may change the bytes before they are written.
    bool sendMessage(const std::vector<std::string> &frames,
                     const std::function<void(codec::encode::Buffer &)> &tamper = {});
    codec::Session *session() { return m_session.get(); }
    // Changes the session's next handshake command called `name` before it
    // is written: `edit` gets its body (name length, name and data) and may
    // change or resize it. For broken HELLO, WELCOME, INITIATE, READY.
    void editOutgoing(std::string name, std::function<void(codec::encode::Buffer &body)> edit);
    // The bytes of the last message sendMessage wrote (for replays).
    const codec::encode::Buffer &lastWritten() const { return m_lastWritten; }

    // --- reading -------------------------------------------------------
    // Reads until `done()` holds, the target closes, or `limit` passes
    // (default: the case timeout). True when done() held.
    bool waitFor(const std::function<bool()> &done, std::optional<std::chrono::milliseconds> limit = {});
    // Reads until closed or `limit`; true when closed.
    bool waitClosed(std::optional<std::chrono::milliseconds> limit = {});
    // Liveness: a PING with a context (3.x, NULL/PLAIN) answered by PONG.
    // Returns "" when the target answered or is still open after a short
    // while, else what happened.
    std::string alive();
    // The target's greeting arrived in full (64 bytes or its 2.0/1.0 form).
    bool greetingSeen() const { return m_greetingDone; }
    // 1.0/2.0: the target's identity frame arrived (after its greeting).
    bool identitySeen() const { return m_identitySeen; }
    const codec::Greeting &targetGreeting() const { return m_conn->decoder(targetDirection()).greeting(); }
    codec::ZmtpVersion targetVersion() const { return m_conn->decoder(targetDirection()).decision().version; }
    codec::Direction targetDirection() const
    {
        return targetIsServer() ? codec::Direction::ServerToClient : codec::Direction::ClientToServer;
    }

    bool closed() const { return m_closed; }
    double closedAfterMs() const { return m_closedMs; }
    const std::optional<std::string> &errorReason() const { return m_errorReason; }
    const std::vector<TargetEvent> &events() const { return m_events; }
    const TargetEvent *lastCommand(std::string_view name) const;
    std::size_t messages() const;
    // What the session decrypted (CURVE) or read (others).
    std::size_t sessionMessages() const { return m_session ? m_session->received().size() : 0; }
    bool sessionFailed() const { return m_session && m_session->state() == codec::SessionState::Failed; }
    std::string sessionError() const;

    // A property of the target's READY (its metadata), "" when absent.
    std::string targetProperty(std::string_view name) const;
    const std::vector<WireEntry> &wireSoFar() const { return m_result.wire; }
    CaseResult &result() { return m_result; }

    // Times in the wire log from `other`'s start (a case's second connection).
    void shareClock(const Probe &other) { m_start = other.m_start; }

    // --- verdicts ------------------------------------------------------
    void note(std::string text);
    double elapsedMs() const;
    Verdict pass(std::string observed);
    // Failed for a MUST, NonStrict for a SHOULD or MAY.
    Verdict fail(std::string observed);
    Verdict info(std::string observed);
    Verdict unimplemented(std::string observed);
    // "closed the connection 3 ms after ..." / "answered ERROR \"...\"" /
    // "left it open for N ms".
    std::string howItEnded(std::string_view after) const;

private:
    void onEvent(const codec::Event &ev) override;
    void readAvailable();
    void flushSession();
    void log(WireEntry::Kind kind, bool fromSuite, std::string text, codec::Bytes bytes = {});

    const Target &m_target;
    const Case &m_case;
    CaseResult &m_result;
    Listener *m_listener;
    int m_fd = -1;
    std::vector<int> m_extra;
    std::chrono::steady_clock::time_point m_start;
    std::unique_ptr<codec::ConnectionDecoder> m_conn;
    std::unique_ptr<codec::Session> m_session;
    codec::encode::Buffer m_lastWritten;
    bool m_closed = false;
    double m_closedMs = 0;
    bool m_greetingDone = false;
    bool m_identitySeen = false;
    std::optional<std::string> m_errorReason;
    std::vector<TargetEvent> m_events;
    int m_pingCounter = 0;
    std::uint64_t m_sent = 0;   // bytes the suite has written
    std::optional<codec::CurveKey> m_serverKey;
    std::function<void(codec::SessionConfig &)> m_tweak;
    std::string m_editName;
    std::function<void(codec::encode::Buffer &)> m_edit;
};

}   // namespace zmqscope::conformance
