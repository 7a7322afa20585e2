// Session: one side of a ZMTP 3.x connection as a peer, sans-I/O. It sends
// its greeting, runs the security handshake (NULL, PLAIN or CURVE) and then
// carries messages; received bytes are parsed by the same StreamDecoder the
// dissector uses. The caller moves bytes between it and a socket (tests, the
// CURVE-terminating relay, the test-peer bench).
#pragma once

#include "curve.h"
#include "handshake.h"
#include "plainnull.h"
#include "streamdecoder.h"

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zmqscope::codec {

struct SessionConfig {
    Mechanism mechanism = Mechanism::Null;
    bool server = false;                 // the handshake role (PLAIN/CURVE), not the TCP role
    SocketType socketType = SocketType::Dealer;
    std::string identity;                // sent as Identity for REQ, DEALER, ROUTER
    std::uint8_t minor = 1;              // announce 3.1 (1) or 3.0 (0)
    bool announceSocketType = true;      // false: READY without Socket-Type (a broken peer, on purpose)
    // PLAIN client
    std::string username;
    std::string password;
    // CURVE
    CurveKeyPair curveKeys;              // permanent keys of this side
    CurveKey curveServerKey{};           // client: the server's public key
    // PLAIN server: write ERROR as libzmq 4.3 does (see PlainServer).
    bool libzmqPlainErrorQuirk = false;
    // Server: who may connect (ZAP semantics); empty lets everyone in.
    Authenticator authenticate;
    std::string peerAddress;
    // CURVE server: hold READY until releaseReady() (terminating relay).
    bool holdReady = false;
    // CURVE client, lying on purpose (the conformance suite's cases): a vouch
    // for another transient or server key, a HELLO signature box of non-zero
    // bytes, INITIATE metadata as given.
    std::optional<CurveKey> vouchTransient, vouchServer;
    bool nonZeroHelloSignature = false;
    std::optional<std::vector<std::uint8_t>> rawInitiateMetadata;
    // CURVE: receives one key-log line per connection (docs/CURVE_KEYLOG.md).
    std::function<void(const std::string &)> keyLog;
};

enum class SessionState : std::uint8_t { Greeting, Handshake, Ready, Failed };
std::string_view sessionStateName(SessionState s);

class Session : private EventSink {
public:
    explicit Session(SessionConfig config);
    ~Session() override;

    // Bytes received from the peer.
    void feed(Bytes bytes);
    // Bytes waiting to be sent; call consume() with what was written.
    Bytes output() const { return {m_out.data() + m_outPos, m_out.size() - m_outPos}; }
    void consume(std::size_t n);

    // Queues a message (Ready only). Returns false in any other state.
    bool send(const std::vector<std::string> &frames);
    // Messages received so far, oldest first.
    std::deque<std::vector<std::string>> &received() { return m_received; }

    // CURVE server holding READY: the client is authenticated and waits.
    bool readyHeld() const;
    // Sends the held READY announcing `socketType` (and our identity).
    void releaseReady(SocketType socketType);

    SessionState state() const { return m_state; }
    ProtocolError error() const { return m_error; }
    const std::string &errorDetail() const { return m_detail; }
    const std::string &peerErrorReason() const;
    const Metadata &peerMetadata() const;
    const Handshake &handshake() const { return *m_handshake; }
    const Greeting &peerGreeting() const { return m_decoder.greeting(); }

private:
    void onEvent(const Event &ev) override;
    void pump();
    void fail(ProtocolError e, std::string detail);
    void sendCommand(const std::vector<std::uint8_t> &body);
    void deliverInner(std::uint8_t flags, std::vector<std::uint8_t> payload);

    SessionConfig m_config;
    std::unique_ptr<Handshake> m_handshake;
    StreamDecoder m_decoder;
    SessionState m_state = SessionState::Greeting;
    ProtocolError m_error = ProtocolError::None;
    std::string m_detail;
    std::vector<std::uint8_t> m_out;
    std::size_t m_outPos = 0;
    std::deque<std::vector<std::string>> m_received;
    std::vector<std::string> m_partial;   // CURVE: frames of a message still arriving
    bool m_keyLogged = false;
};

}   // namespace zmqscope::codec
