// The two mechanisms without encryption, as handshakes: NULL (23/ZMTP
// section 3.5: each side sends READY with its metadata) and PLAIN
// (24/ZMTP-PLAIN: HELLO, WELCOME, INITIATE, READY; ERROR when refused).
// Sans-I/O like the CURVE ones; libzmq's stricter readings are followed
// (HELLO without trailing bytes, WELCOME exactly 8 bytes).
#pragma once

#include "handshake.h"

#include <string>

namespace zmqscope::codec {

enum class ClearState : std::uint8_t {
    SendHello, ExpectWelcome, SendInitiate, ExpectReady,            // PLAIN client
    ExpectHello, SendWelcome, ExpectInitiate, SendReady, SendError, // PLAIN server
    NullExchange,                                                  // NULL: READY each way
    Ready,
    Failed,
};
std::string_view clearStateName(ClearState s);

class ClearHandshake : public Handshake {
public:
    ClearState state() const { return m_state; }
    bool isReady() const override { return m_state == ClearState::Ready; }
    bool isFailed() const override { return m_state == ClearState::Failed; }
    std::string_view stateName() const override { return clearStateName(m_state); }
    ProtocolError error() const override { return m_error; }
    const std::string &errorDetail() const override { return m_detail; }
    const std::string &peerErrorReason() const override { return m_peerError; }
    const Metadata &peerMetadata() const override { return m_peerMetadata; }
    const AuthResult &authResult() const { return m_auth; }

protected:
    ProtocolError fail(ProtocolError e, std::string detail);
    bool handleError(Bytes body);
    bool readMetadataFrom(Bytes data);
    void writeReady(std::vector<std::uint8_t> &body, const Metadata &md, std::string_view name = "READY");

    ClearState m_state = ClearState::Failed;
    ProtocolError m_error = ProtocolError::None;
    std::string m_detail;
    std::string m_peerError;
    Metadata m_peerMetadata;
    AuthResult m_auth;
};

class NullHandshake : public ClearHandshake {
public:
    struct Config {
        Metadata metadata;
        Authenticator authenticate;   // server side with a ZAP domain; empty: none
        std::string address;
        std::string domain;
    };
    explicit NullHandshake(Config config);
    bool nextCommand(std::vector<std::uint8_t> &body) override;
    ProtocolError processCommand(Bytes body) override;

private:
    Config m_config;
    bool m_sent = false;
    bool m_received = false;
};

class PlainClient : public ClearHandshake {
public:
    struct Config {
        std::string username;
        std::string password;
        Metadata metadata;
    };
    explicit PlainClient(Config config);
    bool nextCommand(std::vector<std::uint8_t> &body) override;
    ProtocolError processCommand(Bytes body) override;

private:
    Config m_config;
};

class PlainServer : public ClearHandshake {
public:
    struct Config {
        Metadata metadata;
        Authenticator authenticate;   // empty: everyone is let in
        std::string address;
        std::string domain;
        // Write ERROR the way libzmq 4.3's PLAIN server does (5E 'RROR'):
        // libzmq PLAIN clients recognise a refusal only in that form.
        bool libzmqErrorQuirk = false;
    };
    explicit PlainServer(Config config);
    bool nextCommand(std::vector<std::uint8_t> &body) override;
    ProtocolError processCommand(Bytes body) override;

    const std::string &username() const { return m_username; }

private:
    Config m_config;
    std::string m_username;
};

}   // namespace zmqscope::codec
