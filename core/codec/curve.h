// CurveZMQ (26/CURVEZMQ) as ZMTP's CURVE mechanism (25/ZMTP-CURVE), on
// libsodium: key pairs, the client and server handshake state machines with
// every check each side must make, and MESSAGE encryption. Sans-I/O: command
// bodies in, command bodies out (without the ZMTP frame header); the caller
// frames and sends them. Transcript layouts: transport digest section 6.2.
//
// Secret keys live only in these objects and in files written 0600 by the
// core's certificate store; nothing here logs or prints them.
#pragma once

#include "auth.h"
#include "handshake.h"
#include "protocolerror.h"
#include "zmtp.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

using CurveKey = std::array<std::uint8_t, 32>;
using LongNonce = std::array<std::uint8_t, 16>;

struct CurveKeyPair {
    CurveKey publicKey{};
    CurveKey secretKey{};

    static CurveKeyPair generate();
    static CurveKeyPair fromSecret(const CurveKey &secret);
};

std::optional<CurveKey> curveKeyFromZ85(std::string_view text);
std::string curveKeyToZ85(const CurveKey &key);
std::string curveKeyToHex(const CurveKey &key);
std::optional<CurveKey> curveKeyFromHex(std::string_view text);

// Displayable handshake states (the handshake diagram draws them).
enum class CurveState : std::uint8_t {
    SendHello,        // client
    ExpectWelcome,    // client
    SendInitiate,     // client
    ExpectReady,      // client
    ExpectHello,      // server
    SendWelcome,      // server
    ExpectInitiate,   // server
    SendReady,        // server
    SendError,        // server: ZAP said no; ERROR goes out, then the end
    Ready,            // both: MESSAGE both ways
    Failed,           // a check failed (error()), or the peer sent ERROR (peerErrorReason())
};
std::string_view curveStateName(CurveState s);

// What the two sides share after the handshake and what MESSAGE needs.
class CurveSession : public Handshake {
public:
    bool isServer() const { return m_server; }
    CurveState state() const { return m_state; }
    bool isReady() const override { return m_state == CurveState::Ready; }
    bool isFailed() const override { return m_state == CurveState::Failed; }
    std::string_view stateName() const override { return curveStateName(m_state); }
    ProtocolError error() const override { return m_error; }
    const std::string &errorDetail() const override { return m_detail; }
    const std::string &peerErrorReason() const override { return m_peerError; }
    const Metadata &peerMetadata() const override { return m_peerMetadata; }

    // Client transient public key C' (in clear in HELLO) and the
    // precomputed session key K = beforenm(S', c') = beforenm(C', s'):
    // what a key-log line records so a passive capture can be read.
    const CurveKey &clientTransientPublic() const { return m_clientTransient; }
    const CurveKey &sessionKey() const { return m_key; }
    // K is known: the client after WELCOME, the server once it wrote WELCOME.
    bool hasSessionKey() const { return m_haveKey; }
    std::string keyLogLine() const;

    // MESSAGE (Ready state only). `flags`: bit 0 MORE, bit 1 COMMAND.
    bool encrypts() const override { return true; }
    void encodeMessage(std::uint8_t flags, Bytes payload, std::vector<std::uint8_t> &body) override;
    ProtocolError decodeMessage(Bytes body, std::uint8_t &flags, std::vector<std::uint8_t> &payload) override;

protected:
    explicit CurveSession(bool server) : m_server(server) {}
    ProtocolError fail(ProtocolError e, std::string detail);
    bool handleError(Bytes body);

    bool m_server;
    CurveState m_state;
    ProtocolError m_error = ProtocolError::None;
    std::string m_detail;
    std::string m_peerError;
    Metadata m_peerMetadata;
    CurveKey m_clientTransient{};
    CurveKey m_key{};
    bool m_haveKey = false;
    std::uint64_t m_nonce = 1;        // our next short nonce
    std::uint64_t m_peerNonce = 0;    // last short nonce seen from the peer
};

class CurveClient : public CurveSession {
public:
    struct Config {
        CurveKey serverPublic{};
        CurveKeyPair permanent;
        Metadata metadata;                       // Socket-Type, Identity, ...
        std::optional<CurveKeyPair> transient;   // default: fresh
        std::optional<LongNonce> vouchNonce;     // default: random (tests fix it)
        // Hostile-peer options: lie on purpose.
        std::optional<CurveKey> vouchTransient;  // vouch for another C'
        std::optional<CurveKey> vouchServer;     // vouch for another S
        bool nonZeroSignature = false;           // HELLO signature box of 64 non-zero bytes
        std::optional<std::vector<std::uint8_t>> rawMetadata;   // INITIATE metadata bytes as given
    };
    explicit CurveClient(Config config);

    // Appends the next command body to send, if the state has one.
    bool nextCommand(std::vector<std::uint8_t> &body) override;
    // A command body from the server (name included).
    ProtocolError processCommand(Bytes body) override;

private:
    Config m_config;
    CurveKeyPair m_transient;
    CurveKey m_serverTransient{};
    std::array<std::uint8_t, 96> m_cookie{};
};

class CurveServer : public CurveSession {
public:
    struct Config {
        CurveKeyPair permanent;
        Metadata metadata;
        Authenticator authenticate;              // empty: everyone is let in
        std::string address;                     // for the authenticator
        std::optional<CurveKeyPair> transient;
        std::optional<CurveKey> cookieKey;
        std::optional<LongNonce> welcomeNonce;
        std::optional<LongNonce> cookieNonce;
        std::optional<std::vector<std::uint8_t>> rawMetadata;   // hostile: READY metadata bytes as given
        // Hold READY after a good INITIATE until releaseReady() (a
        // terminating relay first learns the real server's metadata).
        bool holdReady = false;
    };
    explicit CurveServer(Config config);

    bool readyHeld() const { return m_state == CurveState::SendReady && m_config.holdReady && !m_released; }
    void releaseReady(Metadata metadata);

    bool nextCommand(std::vector<std::uint8_t> &body) override;
    ProtocolError processCommand(Bytes body) override;

    const CurveKey &clientPermanentPublic() const { return m_clientPermanent; }
    const AuthResult &authResult() const { return m_auth; }

private:
    Config m_config;
    CurveKeyPair m_transient;
    CurveKey m_cookieKey{};
    CurveKey m_clientPermanent{};
    AuthResult m_auth;
    bool m_released = false;
};

}   // namespace zmqscope::codec
