// ConnectionDecoder: both directions of one ZMTP connection. It owns the two
// StreamDecoders, lets each see the other's first bytes for the version
// decision (digest section 5), and adds what needs both sides: mechanism
// agreement, as-server roles, socket-type pairing (37/ZMTP), command order per
// mechanism (23/ZMTP NULL, 24/ZMTP-PLAIN, 25/ZMTP-CURVE), PING/PONG context,
// and the subscription state of the link.
//
// Sans-I/O like the stream decoder: the caller feeds bytes in the order they
// were seen on the wire; events go to the sink during the call.
#pragma once

#include "streamdecoder.h"

#include <cstdint>
#include <map>
#include <string>

namespace zmqscope::codec {

enum class LinkPhase : std::uint8_t { Greeting, Handshake, Ready, Failed };
std::string_view linkPhaseName(LinkPhase p);

enum class Role : std::uint8_t { Unknown, Client, Server };

struct SideSummary {
    ZmtpVersion version = ZmtpVersion::Unknown;
    Framing framing = Framing::Undecided;
    Mechanism mechanism = Mechanism::None;
    SocketType socketType = SocketType::Unknown;
    Role role = Role::Unknown;
    LinkPhase phase = LinkPhase::Greeting;
    bool guessed = false;
    bool hasIdentity = false;
    std::string identity;
    std::uint64_t bytes = 0;
    std::uint64_t messages = 0;
    std::uint64_t commands = 0;
    // Topics this side is subscribed to at its publisher, with how many
    // SUBSCRIBEs each got. libzmq's publisher keeps a set per connection
    // (observed with 4.3.4: one CANCEL removes a topic subscribed twice; its
    // SUB side counts locally and sends CANCEL only at zero), so a CANCEL
    // removes the topic; 29/PUBSUB's counting model is noted where it differs.
    std::map<std::string, unsigned> subscriptions;
};

class ConnectionDecoder : private EventSink {
public:
    explicit ConnectionDecoder(EventSink &out, DecoderLimits limits = {},
                               StartMode mode = StartMode::Greeting);
    ConnectionDecoder(const ConnectionDecoder &) = delete;
    ConnectionDecoder &operator=(const ConnectionDecoder &) = delete;

    void feed(Direction d, Bytes chunk);
    void gap(Direction d, std::uint64_t missing);
    void finish(Direction d);
    void finish();

    const SideSummary &side(Direction d) const { return m_side[index(d)]; }
    const StreamDecoder &decoder(Direction d) const { return m_dec[index(d)]; }
    // The version both sides run at: the lower of the two.
    ZmtpVersion linkVersion() const;

private:
    static std::size_t index(Direction d) { return static_cast<std::size_t>(d); }
    void onEvent(const Event &ev) override;
    void onVersionDecided(const Event &ev);
    void onCommand(const Event &ev);
    void onMessage(const Event &ev);
    void checkHandshakeCommand(const Event &ev);
    void checkSocketTypes(Direction d, std::uint64_t offset, std::uint64_t length);
    void subscription(const Event &ev, bool subscribe, bool commandForm, Bytes topic, std::uint64_t topicOffset);
    void finding(Direction d, FindingId id, std::uint64_t offset, std::uint64_t length, std::string detail,
                 Severity severity);
    void finding(Direction d, FindingId id, std::uint64_t offset, std::uint64_t length, std::string detail = {});

    EventSink &m_out;
    StreamDecoder m_dec[2];
    SideSummary m_side[2];
    std::string m_lastPing[2];
    bool m_pingSeen[2] = {false, false};
    std::uint8_t m_step[2] = {0, 0};
    bool m_pairChecked = false;
    bool m_greetingsChecked = false;
};

}   // namespace zmqscope::codec
