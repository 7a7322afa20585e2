#include "hostilepeer.h"

#include "codec/encoder.h"
#include "codec/session.h"
#include "codec/streamdecoder.h"
#include "codec/z85.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zmqscope::peers {

namespace {

enum class State : std::uint32_t { Connecting, Sending, Waiting, ClosedByPeer, ErrorReceived, StillOpen, Failed };
constexpr std::string_view kStates[] = {"Connecting", "Sending", "Waiting", "ClosedByPeer", "ErrorReceived", "StillOpen", "Failed"};

// What it does wrong (docs/ARCHITECTURE.md, "Peers"; issue 11's hostile peer).
constexpr std::string_view kModes[] = {"bad-signature", "slow-greeting",  "unknown-mechanism", "bad-ready",
                                       "oversized-frame", "silent",       "bad-version",       "replay-nonce"};
constexpr OptionSpec kOptions[] = {
    {"connect", OptionKind::Connect, "", "the peer under test (tcp://IPv4:port)", {}, 0, 0, false, true},
    {"mode", OptionKind::Choice, "bad-signature",
     "what to do wrong: bad-signature (a greeting whose first byte is not 0xFF); slow-greeting (the greeting one byte at a "
     "time, never finished, as libzmq CVE-2020-15166's attack); unknown-mechanism (a greeting naming --mechanism); "
     "bad-ready (READY whose property says it is longer than the command); oversized-frame (after a good handshake, a "
     "frame that declares --size bytes); silent (a good handshake, then nothing: no answer to PING, as a stalled peer); "
     "bad-version (a greeting announcing ZMTP 0.9); replay-nonce (a proper CURVE handshake with --curve-serverkey, "
     "then one MESSAGE sent twice: its nonce replayed)",
     kModes},
    {"mechanism", OptionKind::Text, "XYZZY", "unknown-mechanism: the name in the greeting (20 characters at most)"},
    {"size", OptionKind::Integer, "1099511627776", "oversized-frame: the size the frame declares", {}, 256, INT64_MAX},
    {"interval-ms", OptionKind::Integer, "200", "slow-greeting: between two bytes", {}, 1, 60000},
    {"bytes", OptionKind::Integer, "9", "slow-greeting: how many greeting bytes in all (64 would finish it)", {}, 1, 64},
    {"wait-ms", OptionKind::Integer, "3000", "how long to wait for the other side to close or answer after the misbehaviour", {}, 10, 3600000},
    {"type", OptionKind::Text, "DEALER", "the Socket-Type its READY announces (bad-ready, oversized-frame, silent)"},
    {"curve-serverkey", OptionKind::Text, "", "replay-nonce: the CURVE server's public key, Z85"},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class HostilePeer final : public Peer, private codec::EventSink {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        m_mode = m_options.text("mode");
        if (m_options.text("mechanism").size() > 20) {
            *error = "--mechanism: at most 20 characters fit the greeting";
            return false;
        }
        if (m_mode == "replay-nonce") {
            const auto key = codec::curveKeyFromZ85(m_options.text("curve-serverkey"));
            if (!key) {
                *error = "replay-nonce needs --curve-serverkey (40 Z85 characters)";
                return false;
            }
            codec::SessionConfig c;
            c.mechanism = codec::Mechanism::Curve;
            c.socketType = codec::socketTypeFromName(m_options.text("type")).value_or(codec::SocketType::Dealer);
            c.curveKeys = codec::CurveKeyPair::generate();
            c.curveServerKey = *key;
            m_session = std::make_unique<codec::Session>(std::move(c));
        }
        setState(State::Connecting);
        m_fd = connectTcpEndpoint(mapConnect(m_options.text("connect")), error);
        if (m_fd < 0)
            return false;
        watchFd(m_fd, [this] { readable(); });   // (the peer's from here: stop() closes it)
        m_decoder = std::make_unique<codec::StreamDecoder>(codec::Direction::ServerToClient);
        setState(State::Sending);
        m_started = elapsedMs();
        misbehave();
        return true;
    }

    void close() override
    {
        m_fd = -1;
        m_decoder.reset();
        m_session.reset();
    }

    // replay-nonce: the session's bytes out; once READY, one MESSAGE twice.
    void pumpSession()
    {
        if (!m_session)
            return;
        if (m_session->state() == codec::SessionState::Ready && !m_replayed) {
            m_replayed = true;
            flushSession("");
            m_session->send({"once"});
            const codec::Bytes msg = m_session->output();
            const codec::encode::Buffer bytes(msg.begin(), msg.end());
            m_session->consume(msg.size());
            sendAll(bytes, "a MESSAGE");
            sendAll(bytes, "the same MESSAGE again (its nonce replayed)");
            waitForAnswer();
            return;
        }
        if (m_session->state() == codec::SessionState::Failed) {
            outcome(State::Failed, "the CURVE handshake failed: " + m_session->errorDetail());
            return;
        }
        flushSession("the CURVE handshake");
    }

    void flushSession(const std::string &what)
    {
        const codec::Bytes out = m_session->output();
        if (out.empty())
            return;
        const codec::encode::Buffer bytes(out.begin(), out.end());
        m_session->consume(out.size());
        if (what.empty()) {
            std::size_t at = 0;
            while (at < bytes.size()) {
                const ssize_t w = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
                if (w <= 0)
                    break;
                at += std::size_t(w);
            }
        } else {
            sendAll(bytes, what);
        }
    }

    void misbehave()
    {
        using namespace codec::encode;
        Buffer out;
        codec::encode::Greeting3 g;
        if (m_mode == "replay-nonce") {
            pumpSession();
            return;
        } else if (m_mode == "bad-signature") {
            g.first = 0x00;
            greeting3(out, g);
            sendAll(out, "a greeting whose signature starts 0x00");
        } else if (m_mode == "bad-version") {
            g.major = 0;
            g.minor = 9;
            greeting3(out, g);
            sendAll(out, "a greeting announcing ZMTP 0.9");
        } else if (m_mode == "unknown-mechanism") {
            m_mechanism = m_options.text("mechanism");   // (the greeting keeps a view of it)
            g.mechanism = m_mechanism;
            greeting3(out, g);
            sendAll(out, "a greeting naming the mechanism " + m_options.text("mechanism"));
        } else if (m_mode == "slow-greeting") {
            greeting3(m_greeting, g);
            m_limit = std::size_t(m_options.integer("bytes"));
            log("the greeting one byte every " + m_options.text("interval-ms") + " ms, " + std::to_string(m_limit) + " of its 64 bytes");
            slowByte();
            return;
        } else {
            greeting3(out, g);
            if (m_mode == "bad-ready") {
                // Socket-Type whose value length says 1000 bytes; the command holds 6.
                static const std::uint8_t body[] = {5,   'R', 'E', 'A', 'D', 'Y', 11,  'S', 'o', 'c', 'k', 'e', 't', '-', 'T',
                                                    'y', 'p', 'e', 0x00, 0x00, 0x03, 0xE8, 'D', 'E', 'A', 'L', 'E', 'R'};
                FrameOptions o;
                o.command = true;
                frame(out, {body, sizeof body}, o);
                sendAll(out, "a greeting, then a READY whose Socket-Type says it is 1000 bytes long (6 follow)");
            } else {
                ready(out, {{"Socket-Type", bytes(m_options.text("type"))}});
                if (m_mode == "oversized-frame") {
                    FrameOptions o;
                    o.forceLong = true;
                    o.declaredSize = std::uint64_t(m_options.integer("size"));
                    frame(out, bytes("0123456789abcdef"), o);
                    sendAll(out, "a good handshake, then a frame that declares " + m_options.text("size") + " bytes");
                } else {
                    sendAll(out, "a good handshake, then silence (no PONG to any PING)");
                }
            }
        }
        waitForAnswer();
    }

    void slowByte()
    {
        if (m_fd < 0)
            return;
        if (m_sentSlow < m_limit && m_sentSlow < m_greeting.size()) {
            const std::uint8_t b = m_greeting[m_sentSlow++];
            if (::send(m_fd, &b, 1, MSG_NOSIGNAL) != 1) {
                outcome(State::ClosedByPeer, "the other side closed the connection after " + std::to_string(m_sentSlow - 1)
                                                 + " greeting byte(s), " + std::to_string(elapsedMs() - m_started) + " ms in");
                return;
            }
            after(m_options.integer("interval-ms"), [this] { slowByte(); });
            return;
        }
        waitForAnswer();
    }

    void sendAll(const codec::encode::Buffer &bytes, const std::string &what)
    {
        std::size_t at = 0;
        while (at < bytes.size()) {
            const ssize_t w = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
            if (w <= 0)
                break;
            at += std::size_t(w);
        }
        countSent();
        log("sent " + what + " (" + std::to_string(at) + " bytes)");
    }

    void waitForAnswer()
    {
        if (stateValue() != std::uint32_t(State::Sending))
            return;
        setState(State::Waiting);
        m_waitStarted = elapsedMs();
        m_timer = after(m_options.integer("wait-ms"), [this] {
            outcome(State::StillOpen, "still open " + m_options.text("wait-ms") + " ms later: the other side did not close it"
                                          + (m_heard ? " (it sent " + std::to_string(m_heard) + " event(s))" : std::string()));
        });
    }

    void readable()
    {
        std::uint8_t buf[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n > 0) {
                countReceived();
                m_decoder->feed({buf, std::size_t(n)}, *this);
                if (m_session && !m_replayed) {
                    m_session->feed({buf, std::size_t(n)});
                    pumpSession();
                }
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                const std::string how = n == 0 ? "closed the connection" : std::string("reset the connection (") + std::strerror(errno) + ")";
                const std::int64_t from = stateValue() == std::uint32_t(State::Waiting) ? m_waitStarted : m_started;
                outcome(State::ClosedByPeer,
                        "the other side " + how + " " + std::to_string(elapsedMs() - from) + " ms after "
                            + (m_mode == "slow-greeting" ? "the first greeting byte (" + std::to_string(m_sentSlow) + " sent)"
                                                         : std::string("the misbehaviour")));
            }
            return;
        }
    }

    // What the other side says back (decoded as the dissector would).
    void onEvent(const codec::Event &ev) override
    {
        ++m_heard;
        if (ev.kind == codec::EventKind::Command && ev.command && ev.command->kind == codec::CommandKind::Error) {
            const std::string reason(reinterpret_cast<const char *>(ev.command->text.data()), ev.command->text.size());
            outcome(State::ErrorReceived, "the other side answered ERROR \"" + printableBytes(reason) + "\"");
        } else if (ev.kind == codec::EventKind::Command && ev.command) {
            logLazily([&] { return "received " + std::string(ev.command->name); });
        }
    }

    void outcome(State s, const std::string &what)
    {
        if (stateValue() == std::uint32_t(State::ClosedByPeer) || stateValue() == std::uint32_t(State::ErrorReceived)
            || stateValue() == std::uint32_t(State::StillOpen))
            return;   // (the first answer counts)
        cancel(m_timer);
        setState(s);
        log(what, s == State::StillOpen ? LogLevel::Warning : LogLevel::Info);
        finish(0);
    }

    std::string m_mode;
    std::string m_mechanism;
    int m_fd = -1;
    std::unique_ptr<codec::StreamDecoder> m_decoder;
    std::unique_ptr<codec::Session> m_session;   // replay-nonce
    bool m_replayed = false;
    codec::encode::Buffer m_greeting;
    std::size_t m_sentSlow = 0, m_limit = 0;
    std::int64_t m_started = 0, m_waitStarted = 0;
    std::uint64_t m_heard = 0;
    PeerLoop::TimerId m_timer = 0;
};

}   // namespace

const RoleInfo kHostilePeerRole{"hostile-peer", "Sockets", "Hostile peer",
                                "A peer that gets ZMTP wrong on purpose (a bad signature, a stalled greeting, an unknown mechanism, a "
                                "malformed READY, an oversized frame, silence) and says how the other side took it: closed, ERROR, "
                                "or still open.",
                                "23/ZMTP, 37/ZMTP", kOptions, kStates, makePeer<HostilePeer>, true};

}   // namespace zmqscope::peers
