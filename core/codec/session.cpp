#include "session.h"

#include "encoder.h"

#include <array>
#include <cstring>

namespace zmqscope::codec {

namespace {

Metadata ourMetadata(const SessionConfig &c)
{
    Metadata md;
    if (c.announceSocketType)
        md.emplace_back("Socket-Type", std::string(socketTypeName(c.socketType)));
    if (c.socketType == SocketType::Req || c.socketType == SocketType::Dealer || c.socketType == SocketType::Router)
        md.emplace_back("Identity", c.identity);
    return md;
}

std::unique_ptr<Handshake> makeHandshake(const SessionConfig &c)
{
    const Metadata md = ourMetadata(c);
    switch (c.mechanism) {
    case Mechanism::Plain:
        if (c.server)
            return std::make_unique<PlainServer>(
                PlainServer::Config{md, c.authenticate, c.peerAddress, {}, c.libzmqPlainErrorQuirk});
        return std::make_unique<PlainClient>(PlainClient::Config{c.username, c.password, md});
    case Mechanism::Curve:
        if (c.server) {
            CurveServer::Config s;
            s.permanent = c.curveKeys;
            s.metadata = md;
            s.authenticate = c.authenticate;
            s.address = c.peerAddress;
            s.holdReady = c.holdReady;
            return std::make_unique<CurveServer>(std::move(s));
        } else {
            CurveClient::Config k;
            k.serverPublic = c.curveServerKey;
            k.permanent = c.curveKeys;
            k.metadata = md;
            k.vouchTransient = c.vouchTransient;
            k.vouchServer = c.vouchServer;
            k.nonZeroSignature = c.nonZeroHelloSignature;
            k.rawMetadata = c.rawInitiateMetadata;
            return std::make_unique<CurveClient>(std::move(k));
        }
    default:
        return std::make_unique<NullHandshake>(NullHandshake::Config{
            md, c.server ? c.authenticate : Authenticator{}, c.peerAddress, {}});
    }
}

}   // namespace

std::string_view sessionStateName(SessionState s)
{
    switch (s) {
    case SessionState::Greeting: return "greeting";
    case SessionState::Handshake: return "handshake";
    case SessionState::Ready: return "ready";
    case SessionState::Failed: return "failed";
    }
    return "?";
}

Session::Session(SessionConfig config)
    : m_config(std::move(config))
    , m_handshake(makeHandshake(m_config))
    , m_decoder(Direction::ServerToClient)
{
    encode::Greeting3 g;
    g.minor = m_config.minor;
    g.mechanism = mechanismName(m_config.mechanism);
    g.asServer = (m_config.server && m_config.mechanism != Mechanism::Null) ? 1 : 0;
    g.padding = m_config.identity.size() + 1;
    encode::greeting3(m_out, g);
}

Session::~Session() = default;

bool Session::readyHeld() const
{
    return m_config.mechanism == Mechanism::Curve && m_config.server
        && static_cast<const CurveServer &>(*m_handshake).readyHeld();
}

void Session::releaseReady(SocketType socketType)
{
    if (!readyHeld())
        return;
    m_config.socketType = socketType;
    static_cast<CurveServer &>(*m_handshake).releaseReady(ourMetadata(m_config));
    pump();
}

const std::string &Session::peerErrorReason() const
{
    return m_handshake->peerErrorReason();
}

const Metadata &Session::peerMetadata() const
{
    return m_handshake->peerMetadata();
}

void Session::consume(std::size_t n)
{
    m_outPos += n;
    if (m_outPos == m_out.size()) {
        m_out.clear();
        m_outPos = 0;
    }
}

void Session::fail(ProtocolError e, std::string detail)
{
    if (m_state == SessionState::Failed)
        return;
    m_state = SessionState::Failed;
    m_error = e;
    m_detail = std::move(detail);
}

void Session::feed(Bytes bytes)
{
    if (m_state == SessionState::Failed)
        return;
    m_decoder.feed(bytes, *this);
}

void Session::sendCommand(const std::vector<std::uint8_t> &body)
{
    encode::FrameOptions o;
    o.command = true;
    encode::frame(m_out, body, o);
}

void Session::pump()
{
    std::vector<std::uint8_t> body;
    while (m_handshake->nextCommand(body)) {
        sendCommand(body);
        body.clear();
    }
    if (m_handshake->isFailed()) {
        fail(m_handshake->error(), m_handshake->peerErrorReason().empty()
                                       ? m_handshake->errorDetail()
                                       : "peer sent ERROR " + m_handshake->peerErrorReason());
        return;
    }
    // The key-log line goes out as soon as K is known (the server: once
    // WELCOME is written), so a capture reader has it before INITIATE.
    if (m_config.keyLog && m_config.mechanism == Mechanism::Curve && !m_keyLogged) {
        const auto &curve = static_cast<const CurveSession &>(*m_handshake);
        if (curve.hasSessionKey()) {
            m_keyLogged = true;
            m_config.keyLog(curve.keyLogLine());
        }
    }
    if (m_handshake->isReady() && m_state == SessionState::Handshake)
        m_state = SessionState::Ready;
}

bool Session::send(const std::vector<std::string> &frames)
{
    if (m_state != SessionState::Ready || frames.empty())
        return false;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const bool more = i + 1 < frames.size();
        const Bytes payload(reinterpret_cast<const std::uint8_t *>(frames[i].data()), frames[i].size());
        if (m_handshake->encrypts()) {
            // 25/ZMTP-CURVE as libzmq sends it: one MESSAGE per frame, in a
            // data frame; the MORE flag travels inside the box.
            std::vector<std::uint8_t> body;
            m_handshake->encodeMessage(more ? 1 : 0, payload, body);
            encode::frame(m_out, body);
        } else {
            encode::FrameOptions o;
            o.more = more;
            encode::frame(m_out, payload, o);
        }
    }
    return true;
}

void Session::deliverInner(std::uint8_t flags, std::vector<std::uint8_t> payload)
{
    if (flags & 0x02) {
        // A command inside the box. PING gets its PONG, boxed the same way
        // (flags bit 1 = COMMAND, as libzmq and JeroMQ do); the rest is
        // not a message.
        if (payload.size() >= 7 && std::memcmp(payload.data(), "\x04PING", 5) == 0) {
            std::vector<std::uint8_t> pong{4, 'P', 'O', 'N', 'G'};
            const std::size_t context = std::min<std::size_t>(payload.size() - 7, kMaxPingContext);
            pong.insert(pong.end(), payload.begin() + 7, payload.begin() + 7 + long(context));
            std::vector<std::uint8_t> body;
            m_handshake->encodeMessage(0x02, pong, body);
            encode::frame(m_out, body);
        }
        return;
    }
    m_partial.emplace_back(payload.begin(), payload.end());
    if (!(flags & 0x01)) {
        m_received.push_back(std::move(m_partial));
        m_partial.clear();
    }
}

void Session::onEvent(const Event &ev)
{
    if (m_state == SessionState::Failed)
        return;
    switch (ev.kind) {
    case EventKind::VersionDecided: {
        if (ev.decision.framing != Framing::V3) {
            fail(ProtocolError::ZmtpUnspecified, "peer is not ZMTP 3.x");
            return;
        }
        const Greeting &g = m_decoder.greeting();
        // 23/ZMTP: all 20 bytes must match ("NULL" then NULs), not only the name.
        std::array<char, kMechanismSize> ours{};
        const std::string_view name = mechanismName(m_config.mechanism);
        std::copy(name.begin(), name.end(), ours.begin());
        if (g.mechanismRaw != ours) {
            fail(ProtocolError::ZmtpMechanismMismatch,
                 "peer announced " + std::string(g.mechanismText()) + ", we " + std::string(mechanismName(m_config.mechanism)));
            return;
        }
        m_state = SessionState::Handshake;
        pump();
        return;
    }
    case EventKind::Command: {
        const Command &c = *ev.command;
        const Bytes body = ev.frame->body;
        if (m_state == SessionState::Handshake) {
            if (const ProtocolError e = m_handshake->processCommand(body); e != ProtocolError::None) {
                fail(e, m_handshake->errorDetail());
                return;
            }
            pump();
            return;
        }
        if (m_state != SessionState::Ready)
            return;
        if (m_handshake->encrypts() && c.kind == CommandKind::Message) {
            std::uint8_t flags = 0;
            std::vector<std::uint8_t> payload;
            if (const ProtocolError e = m_handshake->decodeMessage(body, flags, payload); e != ProtocolError::None) {
                fail(e, m_handshake->errorDetail());
                return;
            }
            deliverInner(flags, std::move(payload));
        } else if (c.kind == CommandKind::Ping && !m_handshake->encrypts()) {
            encode::pong(m_out, c.text.first(std::min<std::size_t>(c.text.size(), kMaxPingContext)));
        }
        return;
    }
    case EventKind::Message:
        if (m_state != SessionState::Ready || m_handshake->encrypts()) {
            fail(ProtocolError::ZmtpUnexpectedCommand, "message before the handshake completed");
            return;
        }
        {
            std::vector<std::string> frames;
            for (const FrameView &f : ev.frames)
                frames.emplace_back(f.body.begin(), f.body.end());
            m_received.push_back(std::move(frames));
        }
        return;
    default:
        return;
    }
}

}   // namespace zmqscope::codec
