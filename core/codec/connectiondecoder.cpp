#include "connectiondecoder.h"

#include <algorithm>

namespace zmqscope::codec {

namespace {

std::string quoted(Bytes b)
{
    std::string s = "'";
    for (auto c : b)
        s += (c >= 0x20 && c < 0x7F) ? char(c) : '.';
    return s + "'";
}

bool isSubscriber(SocketType t)
{
    return t == SocketType::Sub || t == SocketType::XSub;
}

bool isPublisher(SocketType t)
{
    return t == SocketType::Pub || t == SocketType::XPub;
}

}   // namespace

std::string_view linkPhaseName(LinkPhase p)
{
    switch (p) {
    case LinkPhase::Greeting: return "greeting";
    case LinkPhase::Handshake: return "handshaking";
    case LinkPhase::Ready: return "ready";
    case LinkPhase::Failed: return "failed";
    }
    return "?";
}

ConnectionDecoder::ConnectionDecoder(EventSink &out, DecoderLimits limits, StartMode mode)
    : m_out(out)
    , m_dec{StreamDecoder(Direction::ClientToServer, limits, mode),
            StreamDecoder(Direction::ServerToClient, limits, mode)}
{
    m_dec[0].setPeer(&m_dec[1]);
    m_dec[1].setPeer(&m_dec[0]);
}

void ConnectionDecoder::feed(Direction d, Bytes chunk)
{
    m_side[index(d)].bytes += chunk.size();
    m_dec[index(d)].feed(chunk, *this);
    m_dec[index(opposite(d))].retryDecision(*this);
}

void ConnectionDecoder::gap(Direction d, std::uint64_t missing)
{
    m_dec[index(d)].gap(missing, *this);
}

void ConnectionDecoder::finish(Direction d)
{
    m_dec[index(d)].finish(*this);
    m_dec[index(opposite(d))].retryDecision(*this);
}

void ConnectionDecoder::finish()
{
    finish(Direction::ClientToServer);
    finish(Direction::ServerToClient);
}

ZmtpVersion ConnectionDecoder::linkVersion() const
{
    const ZmtpVersion a = m_side[0].version;
    const ZmtpVersion b = m_side[1].version;
    if (a == ZmtpVersion::Unknown)
        return b;
    if (b == ZmtpVersion::Unknown)
        return a;
    return std::min(a, b);
}

void ConnectionDecoder::finding(Direction d, FindingId id, std::uint64_t offset, std::uint64_t length,
                                std::string detail, Severity severity)
{
    const Finding f{id, severity, offset, length, std::move(detail)};
    Event ev;
    ev.kind = EventKind::Finding;
    ev.direction = d;
    ev.offset = offset;
    ev.length = length;
    ev.finding = &f;
    m_out.onEvent(ev);
}

void ConnectionDecoder::finding(Direction d, FindingId id, std::uint64_t offset, std::uint64_t length,
                                std::string detail)
{
    finding(d, id, offset, length, std::move(detail), findingInfo(id).severity);
}

void ConnectionDecoder::onEvent(const Event &ev)
{
    m_out.onEvent(ev);
    SideSummary &side = m_side[index(ev.direction)];
    switch (ev.kind) {
    case EventKind::VersionDecided:
        onVersionDecided(ev);
        break;
    case EventKind::Identity:
        side.hasIdentity = true;
        side.identity.assign(ev.frame->body.begin(), ev.frame->body.end());
        if (side.framing == Framing::V2 && side.socketType != SocketType::Unknown)
            checkSocketTypes(ev.direction, 11, 1);
        break;
    case EventKind::Command:
        ++side.commands;
        onCommand(ev);
        break;
    case EventKind::Message:
        ++side.messages;
        onMessage(ev);
        break;
    case EventKind::GreetingPart:
    case EventKind::Subscription:
    case EventKind::Finding:
    case EventKind::Beacon:
        break;
    }
}

void ConnectionDecoder::onVersionDecided(const Event &ev)
{
    const Direction d = ev.direction;
    SideSummary &side = m_side[index(d)];
    side.version = ev.decision.version;
    side.framing = ev.decision.framing;
    side.mechanism = ev.mechanism;
    side.guessed = ev.guessed;
    if (ev.guessed) {
        side.phase = LinkPhase::Ready;
        return;
    }
    const bool v3 = side.framing == Framing::V3;
    side.phase = v3 ? LinkPhase::Handshake : LinkPhase::Ready;
    if (side.framing == Framing::V2 && ev.greeting)
        side.socketType = socketTypeFromByte(ev.greeting->socketTypeByte);

    const SideSummary &other = m_side[index(opposite(d))];
    if (m_greetingsChecked || other.framing == Framing::Undecided || other.guessed)
        return;
    m_greetingsChecked = true;
    const StreamDecoder &mine = m_dec[index(d)];
    const StreamDecoder &theirs = m_dec[index(opposite(d))];

    // A 3.x side with a security mechanism facing an older peer must close:
    // older versions cannot carry the handshake (23/ZMTP, downgrade protection).
    for (const Direction s : {d, opposite(d)}) {
        const SideSummary &a = m_side[index(s)];
        const SideSummary &b = m_side[index(opposite(s))];
        if (a.framing == Framing::V3 && b.framing != Framing::V3 && a.mechanism != Mechanism::Null)
            finding(s, FindingId::GreetingInsecureDowngrade, 12, kMechanismSize,
                    std::string(mechanismName(a.mechanism)) + " announced to a ZMTP "
                        + std::string(versionName(b.version)) + " peer");
        else if (a.framing == Framing::V3 && b.framing != Framing::V3)
            finding(s, FindingId::GreetingDowngrade, 10, 2,
                    "sent a full 3.x greeting to a ZMTP " + std::string(versionName(b.version))
                        + " peer instead of downgrading");
    }
    if (side.framing != Framing::V3 || other.framing != Framing::V3)
        return;

    const Greeting &g = mine.greeting();
    const Greeting &h = theirs.greeting();
    if (g.mechanismRaw != h.mechanismRaw) {
        finding(d, FindingId::GreetingMechanismMismatch, 12, kMechanismSize,
                "'" + std::string(g.mechanismText()) + "' against '" + std::string(h.mechanismText())
                    + "': both peers close without ERROR");
        side.phase = LinkPhase::Failed;
        m_side[index(opposite(d))].phase = LinkPhase::Failed;
        return;
    }
    const Mechanism mech = side.mechanism;
    if (mech == Mechanism::Plain || mech == Mechanism::Curve || mech == Mechanism::Gssapi) {
        if (g.asServer == h.asServer && g.asServer <= 1) {
            finding(d, FindingId::GreetingAsServerRoles, 32, 1,
                    g.asServer == 0 ? std::string("both send as-server 0, as libzmq and JeroMQ always do; "
                                                  "roles come from their configuration")
                                    : std::string("both claim the server role"));
        } else if (g.asServer <= 1 && h.asServer <= 1) {
            side.role = g.asServer ? Role::Server : Role::Client;
            m_side[index(opposite(d))].role = h.asServer ? Role::Server : Role::Client;
        }
    }
}

void ConnectionDecoder::checkSocketTypes(Direction d, std::uint64_t offset, std::uint64_t length)
{
    const SocketType a = m_side[0].socketType;
    const SocketType b = m_side[1].socketType;
    if (m_pairChecked || a == SocketType::Unknown || b == SocketType::Unknown)
        return;
    m_pairChecked = true;
    if (!socketTypesCompatible(a, b))
        finding(d, FindingId::SocketTypeIncompatible, offset, length,
                std::string(socketTypeName(a)) + " (c2s) cannot talk to " + std::string(socketTypeName(b))
                    + " (s2c)");
}

void ConnectionDecoder::onCommand(const Event &ev)
{
    const Direction d = ev.direction;
    SideSummary &side = m_side[index(d)];
    SideSummary &other = m_side[index(opposite(d))];
    const Command &c = *ev.command;

    if (!c.properties.empty()) {
        if (const Property *st = findProperty(c.properties, "Socket-Type")) {
            const std::string_view v(reinterpret_cast<const char *>(st->value.data()), st->value.size());
            side.socketType = socketTypeFromName(v).value_or(SocketType::Unknown);
            checkSocketTypes(d, st->valueOffset, st->valueLength);
        }
        if (const Property *id = findProperty(c.properties, "Identity")) {
            side.hasIdentity = true;
            side.identity.assign(id->value.begin(), id->value.end());
        }
    }

    if (c.kind == CommandKind::Error) {
        finding(d, FindingId::ErrorReceived, ev.offset, ev.length, "reason " + quoted(c.text));
        side.phase = LinkPhase::Failed;
        if (side.mechanism != Mechanism::Null && side.mechanism != Mechanism::None && side.role == Role::Client)
            finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                    "ERROR from the client: only servers send ERROR in PLAIN and CURVE");
        return;
    }

    if (side.phase == LinkPhase::Handshake) {
        checkHandshakeCommand(ev);
        return;
    }

    switch (c.kind) {
    case CommandKind::Ready:
    case CommandKind::Hello:
    case CommandKind::Welcome:
    case CommandKind::Initiate:
        if (side.phase == LinkPhase::Ready && !side.guessed)
            finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                    std::string(c.name) + " after the handshake completed");
        break;
    case CommandKind::Ping:
        m_lastPing[index(d)].assign(c.text.begin(), c.text.begin() + std::min<std::size_t>(c.text.size(), kMaxPingContext));
        m_pingSeen[index(d)] = true;
        if (side.version == ZmtpVersion::V3_0)
            finding(d, FindingId::CommandVersion, ev.offset, ev.length,
                    "PING from a peer announcing 3.0 (libzmq 4.2-4.3.2 and JeroMQ do this)", Severity::Note);
        break;
    case CommandKind::Pong: {
        const std::size_t peer = index(opposite(d));
        if (m_pingSeen[peer]) {
            const std::string ctx(c.text.begin(), c.text.end());
            if (ctx != m_lastPing[peer])
                finding(d, FindingId::PongContextMismatch, c.textOffset, c.text.size(),
                        "PONG context " + quoted(c.text) + " for PING context "
                            + quoted(Bytes(reinterpret_cast<const std::uint8_t *>(m_lastPing[peer].data()),
                                           m_lastPing[peer].size())));
        }
        if (side.version == ZmtpVersion::V3_0)
            finding(d, FindingId::CommandVersion, ev.offset, ev.length,
                    "PONG from a peer announcing 3.0", Severity::Note);
        break;
    }
    case CommandKind::Subscribe:
    case CommandKind::Cancel:
        if (side.version == ZmtpVersion::V3_0 || other.version == ZmtpVersion::V3_0)
            finding(d, FindingId::CommandVersion, ev.offset, ev.length,
                    std::string(c.name) + " is a 3.1 command; toward 3.0 peers it is a 0x01/0x00 message");
        if (side.socketType != SocketType::Unknown && !isSubscriber(side.socketType))
            finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                    std::string(c.name) + " from a " + std::string(socketTypeName(side.socketType)) + " socket");
        subscription(ev, c.kind == CommandKind::Subscribe, true, c.text, c.textOffset);
        break;
    case CommandKind::Join:
    case CommandKind::Leave:
        if (side.socketType != SocketType::Unknown && side.socketType != SocketType::Dish)
            finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                    std::string(c.name) + " from a " + std::string(socketTypeName(side.socketType))
                        + " socket (only DISH joins groups)");
        break;
    case CommandKind::Message:
        ++side.messages;
        break;
    case CommandKind::Error:
    case CommandKind::Unknown:
        break;
    }
}

// Command order during the security handshake: 23/ZMTP (NULL), 24/ZMTP-PLAIN,
// 25/ZMTP-CURVE. A client sends HELLO then INITIATE; a server WELCOME then
// READY; under NULL each side sends READY.
void ConnectionDecoder::checkHandshakeCommand(const Event &ev)
{
    const Direction d = ev.direction;
    SideSummary &side = m_side[index(d)];
    SideSummary &other = m_side[index(opposite(d))];
    const Command &c = *ev.command;
    const std::string got = "'" + std::string(c.name) + "'";

    if (side.mechanism == Mechanism::Null) {
        if (c.kind == CommandKind::Ready) {
            side.phase = LinkPhase::Ready;
            return;
        }
        finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                "NULL handshake expects READY or ERROR, got " + got);
        return;
    }
    if (side.mechanism != Mechanism::Plain && side.mechanism != Mechanism::Curve)
        return;   // GSSAPI and unknown mechanisms: no order is checked

    if (side.role == Role::Unknown) {
        if (c.kind == CommandKind::Hello)
            side.role = Role::Client;
        else if (c.kind == CommandKind::Welcome)
            side.role = Role::Server;
        else if (other.role != Role::Unknown)
            side.role = other.role == Role::Client ? Role::Server : Role::Client;
        if (side.role != Role::Unknown && other.role == Role::Unknown)
            other.role = side.role == Role::Client ? Role::Server : Role::Client;
    }
    static constexpr CommandKind kClient[] = {CommandKind::Hello, CommandKind::Initiate};
    static constexpr CommandKind kServer[] = {CommandKind::Welcome, CommandKind::Ready};
    const std::string mech(mechanismName(side.mechanism));
    if (side.role == Role::Unknown) {
        finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                mech + " handshake starts with HELLO (client) or WELCOME (server), got " + got);
        return;
    }
    const auto &sequence = side.role == Role::Client ? kClient : kServer;
    const std::uint8_t step = m_step[index(d)];
    if (step >= 2 || sequence[step] != c.kind) {
        finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                mech + (side.role == Role::Client ? " client" : " server") + " expected "
                    + (step < 2 ? std::string(commandKindName(sequence[step])) : std::string("no more commands"))
                    + ", got " + got);
        return;
    }
    ++m_step[index(d)];
    if (side.role == Role::Server && c.kind == CommandKind::Ready) {
        side.phase = LinkPhase::Ready;
        other.phase = LinkPhase::Ready;
    }
}

void ConnectionDecoder::onMessage(const Event &ev)
{
    const Direction d = ev.direction;
    SideSummary &side = m_side[index(d)];
    const SideSummary &other = m_side[index(opposite(d))];
    if (side.phase == LinkPhase::Handshake) {
        finding(d, FindingId::MessageBeforeReady, ev.offset, ev.length,
                std::string(mechanismName(side.mechanism)) + " handshake not complete");
    } else if (side.mechanism == Mechanism::Null && other.phase == LinkPhase::Handshake) {
        finding(d, FindingId::MessageBeforeReady, ev.offset, ev.length,
                "sent before the peer's READY arrived: 23/ZMTP allows it for 3.0, "
                "libzmq 4.3 closes the connection",
                Severity::Warn);
    } else if (side.mechanism == Mechanism::Curve && side.phase == LinkPhase::Ready) {
        finding(d, FindingId::CommandUnexpected, ev.offset, ev.length,
                "clear message on a CURVE link: only MESSAGE commands may follow the handshake");
    }
    // 3.0/2.0 subscriptions: a one-frame message 0x01/0x00 + topic from the
    // subscriber (23/ZMTP section "Publish-Subscribe"; 15/ZMTP).
    if (ev.frames.size() == 1 && ev.frameCount == 1 && !ev.frames[0].body.empty() && ev.frames[0].body[0] <= 1
        && side.framing != Framing::V1 && side.framing != Framing::V1AfterRev0
        && (isSubscriber(side.socketType) || (side.socketType == SocketType::Unknown && isPublisher(other.socketType)))) {
        const FrameView &f = ev.frames[0];
        subscription(ev, f.body[0] == 1, false, f.body.subspan(1), f.bodyOffset() + 1);
    }
}

void ConnectionDecoder::subscription(const Event &ev, bool subscribe, bool commandForm, Bytes topic,
                                     std::uint64_t topicOffset)
{
    SideSummary &side = m_side[index(ev.direction)];
    const std::string key(topic.begin(), topic.end());
    if (subscribe) {
        ++side.subscriptions[key];
    } else {
        auto it = side.subscriptions.find(key);
        if (it == side.subscriptions.end()) {
            finding(ev.direction, FindingId::SubscriptionCancelUnknown, topicOffset, topic.size(),
                    "topic " + quoted(topic));
        } else {
            if (it->second > 1)
                finding(ev.direction, FindingId::SubscriptionCountDiffers, topicOffset, topic.size(),
                        "topic " + quoted(topic) + " was subscribed " + std::to_string(it->second)
                            + " times: libzmq's publisher drops it now, a counting publisher keeps it");
            side.subscriptions.erase(it);
        }
    }
    Subscription s;
    s.subscribe = subscribe;
    s.commandForm = commandForm;
    s.topic = topic;
    s.topicOffset = topicOffset;
    Event out;
    out.kind = EventKind::Subscription;
    out.direction = ev.direction;
    out.offset = ev.offset;
    out.length = ev.length;
    out.subscription = &s;
    out.guessed = ev.guessed;
    m_out.onEvent(out);
}

}   // namespace zmqscope::codec
