#include "probe.h"

#include "codec/eventdump.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace zmqscope::conformance {

using namespace std::chrono;
using codec::encode::Buffer;

namespace {

constexpr std::size_t kLoggedBytes = 4096;

// "tcp://host:port" -> host, port. False when it is not that.
bool splitEndpoint(const std::string &endpoint, std::string *host, std::string *port, std::string *error)
{
    const std::size_t colon = endpoint.rfind(':');
    if (!endpoint.starts_with("tcp://") || colon == std::string::npos || colon <= 6) {
        *error = "the suite speaks TCP: give tcp://host:port, not \"" + endpoint + "\"";
        return false;
    }
    *host = endpoint.substr(6, colon - 6);
    *port = endpoint.substr(colon + 1);
    if (*host == "*")
        *host = "0.0.0.0";
    if (host->size() > 2 && host->front() == '[' && host->back() == ']')
        *host = host->substr(1, host->size() - 2);
    return true;
}

void nonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int connectTo(const std::string &endpoint, milliseconds limit, std::string *error)
{
    std::string host, port;
    if (!splitEndpoint(endpoint, &host, &port, error))
        return -1;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *list = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0) {
        *error = "cannot resolve " + endpoint + ": " + ::gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    for (addrinfo *a = list; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        nonBlocking(fd);
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            *error = "cannot connect to " + endpoint + ": " + std::strerror(errno);
            ::close(fd);
            fd = -1;
            continue;
        }
        pollfd p{fd, POLLOUT, 0};
        int soError = 0;
        socklen_t len = sizeof soError;
        if (::poll(&p, 1, int(limit.count())) != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0
            || soError != 0) {
            *error = "cannot connect to " + endpoint + ": "
                     + (soError ? std::string(std::strerror(soError)) : std::string("no answer within ") + std::to_string(limit.count()) + " ms");
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(list);
    return fd;
}

std::string localEnd(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
        return {};
    char host[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<const sockaddr_in *>(&ss);
        ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        return std::string(host) + ":" + std::to_string(ntohs(a->sin_port));
    }
    const auto *a = reinterpret_cast<const sockaddr_in6 *>(&ss);
    ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(a->sin6_port));
}

std::string mapped(const Target &t)
{
    return t.mapEndpoint ? t.mapEndpoint(t.endpoint) : t.endpoint;
}

}   // namespace

Listener::Listener(const Target &t)
{
    std::string host, port;
    if (!splitEndpoint(mapped(t), &host, &port, &m_error))
        return;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo *list = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0) {
        m_error = "cannot listen on " + t.endpoint + ": " + ::gai_strerror(rc);
        return;
    }
    for (addrinfo *a = list; a && m_fd < 0; a = a->ai_next) {
        m_fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (m_fd < 0)
            continue;
        int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(m_fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(m_fd, 64) != 0) {
            m_error = "cannot listen on " + t.endpoint + ": " + std::strerror(errno);
            ::close(m_fd);
            m_fd = -1;
            continue;
        }
        sockaddr_storage ss{};
        socklen_t len = sizeof ss;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&ss), &len);
        m_port = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port)
                                          : ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
        nonBlocking(m_fd);
    }
    ::freeaddrinfo(list);
}

Listener::~Listener()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Probe::Probe(const Target &t, const Case &c, CaseResult &result, Listener *listener)
    : m_target(t), m_case(c), m_result(result), m_listener(listener), m_start(steady_clock::now()),
      m_conn(std::make_unique<codec::ConnectionDecoder>(static_cast<codec::EventSink &>(*this)))
{
}

Probe::~Probe()
{
    if (m_fd >= 0)
        ::close(m_fd);
    for (int fd : m_extra)
        ::close(fd);
}

codec::Mechanism Probe::mechanism() const
{
    return codec::mechanismFromName(m_target.mechanism);
}

codec::SocketType Probe::peerType() const
{
    using codec::SocketType;
    const SocketType t = codec::socketTypeFromName(m_target.socketType).value_or(SocketType::Dealer);
    switch (t) {
    case SocketType::Req: return SocketType::Router;
    case SocketType::Rep: return SocketType::Dealer;
    case SocketType::Dealer: return SocketType::Router;
    case SocketType::Router: return SocketType::Dealer;
    case SocketType::Pub: case SocketType::XPub: return SocketType::Sub;
    case SocketType::Sub: case SocketType::XSub: return SocketType::Pub;
    case SocketType::Push: return SocketType::Pull;
    case SocketType::Pull: return SocketType::Push;
    case SocketType::Pair: return SocketType::Pair;
    case SocketType::Server: return SocketType::Client;
    case SocketType::Client: return SocketType::Server;
    case SocketType::Radio: return SocketType::Dish;
    case SocketType::Dish: return SocketType::Radio;
    case SocketType::Scatter: return SocketType::Gather;
    case SocketType::Gather: return SocketType::Scatter;
    default: return SocketType::Dealer;
    }
}

double Probe::elapsedMs() const
{
    return duration<double, std::milli>(steady_clock::now() - m_start).count();
}

void Probe::log(WireEntry::Kind kind, bool fromSuite, std::string text, codec::Bytes bytes)
{
    WireEntry e;
    e.ms = elapsedMs();
    e.fromSuite = fromSuite;
    e.kind = kind;
    e.text = std::move(text);
    e.size = bytes.size();
    e.bytes.assign(bytes.begin(), bytes.begin() + std::ptrdiff_t(std::min(bytes.size(), kLoggedBytes)));
    m_result.wire.push_back(std::move(e));
}

void Probe::note(std::string text)
{
    log(WireEntry::Kind::Note, true, std::move(text));
}

bool Probe::open()
{
    std::string error;
    if (m_target.role == Role::Server) {
        m_fd = connectTo(mapped(m_target), m_target.caseTimeout, &error);
        if (m_fd < 0) {
            m_result.observed = error;
            return false;
        }
        m_result.connections.push_back(localEnd(m_fd));
        note("connected to " + m_target.endpoint);
        return true;
    }
    if (!m_listener || !m_listener->ok()) {
        m_result.observed = m_listener ? m_listener->error() : "no listening socket";
        return false;
    }
    pollfd p{m_listener->fd(), POLLIN, 0};
    if (::poll(&p, 1, int(m_target.acceptTimeout.count())) != 1) {
        m_result.observed = "the client under test did not connect within " + std::to_string(m_target.acceptTimeout.count()) + " ms";
        return false;
    }
    m_fd = ::accept4(m_listener->fd(), nullptr, nullptr, SOCK_CLOEXEC);
    if (m_fd < 0) {
        m_result.observed = std::string("accept: ") + std::strerror(errno);
        return false;
    }
    nonBlocking(m_fd);
    note("the client under test connected");
    return true;
}

bool Probe::reopen()
{
    if (m_target.role != Role::Server)
        return m_fd >= 0;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_closed = false;
    m_conn = std::make_unique<codec::ConnectionDecoder>(static_cast<codec::EventSink &>(*this));
    m_events.clear();
    m_errorReason.reset();
    m_greetingDone = false;
    m_identitySeen = false;
    m_sent = 0;
    std::string error;
    m_fd = connectTo(mapped(m_target), m_target.caseTimeout, &error);
    if (m_fd < 0) {
        m_result.observed = error;
        return false;
    }
    m_result.connections.push_back(localEnd(m_fd));
    note("connected again to " + m_target.endpoint);
    return true;
}

int Probe::openExtra()
{
    std::string error;
    const int fd = m_target.role == Role::Server ? connectTo(mapped(m_target), m_target.caseTimeout, &error) : -1;
    if (fd >= 0) {
        m_extra.push_back(fd);
        m_result.connections.push_back(localEnd(fd));
    }
    return fd;
}

void Probe::closeExtra(int fd, bool reset)
{
    const auto it = std::find(m_extra.begin(), m_extra.end(), fd);
    if (it == m_extra.end())
        return;
    if (reset) {
        linger l{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    ::close(fd);
    m_extra.erase(it);
}

std::string Probe::targetProperty(std::string_view name) const
{
    if (m_session && m_session->state() == codec::SessionState::Ready)
        for (const auto &[n, v] : m_session->peerMetadata())
            if (n == name)
                return v;
    const TargetEvent *ready = lastCommand("READY");
    if (!ready)
        return {};
    const std::vector<std::uint8_t> &d = ready->data;
    std::size_t at = 0;
    while (at < d.size()) {
        const std::size_t n = d[at++];
        if (at + n + 4 > d.size())
            break;
        const std::string key(d.begin() + std::ptrdiff_t(at), d.begin() + std::ptrdiff_t(at + n));
        at += n;
        const std::size_t len = std::size_t(d[at]) << 24 | std::size_t(d[at + 1]) << 16 | std::size_t(d[at + 2]) << 8 | d[at + 3];
        at += 4;
        if (at + len > d.size())
            break;
        if (key == name)
            return std::string(d.begin() + std::ptrdiff_t(at), d.begin() + std::ptrdiff_t(at + len));
        at += len;
    }
    return {};
}

void Probe::sendRaw(int fd, const Buffer &bytes)
{
    std::size_t at = 0;
    const auto until = steady_clock::now() + m_target.caseTimeout;
    while (at < bytes.size() && steady_clock::now() < until) {
        const ssize_t w = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (w > 0) {
            at += std::size_t(w);
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return;
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, 50);
    }
}

void Probe::send(const Buffer &bytes, std::string_view what)
{
    if (!what.empty())
        note(std::string(what));
    if (m_fd < 0 || m_closed)
        return;
    log(WireEntry::Kind::Bytes, true, {}, bytes);
    std::size_t at = 0;
    const auto until = steady_clock::now() + m_target.caseTimeout;
    while (at < bytes.size() && !m_closed && steady_clock::now() < until) {
        const ssize_t w = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
        if (w > 0) {
            at += std::size_t(w);
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            readAvailable();   // (learns the close)
            if (!m_closed) {
                m_closed = true;
                m_closedMs = elapsedMs();
                log(WireEntry::Kind::Closed, false, std::string("the connection failed: ") + std::strerror(errno));
            }
            break;
        }
        pollfd p[1] = {{m_fd, POLLOUT | POLLIN, 0}};
        ::poll(p, 1, 50);
        if (p[0].revents & POLLIN)
            readAvailable();
    }
    m_sent += at;
    m_conn->feed(targetIsServer() ? codec::Direction::ClientToServer : codec::Direction::ServerToClient,
                 {bytes.data(), at});
}

bool Probe::sendSlowly(const Buffer &bytes, std::size_t count, milliseconds gap)
{
    note("sending " + std::to_string(std::min(count, bytes.size())) + " byte(s) one at a time, " + std::to_string(gap.count())
         + " ms apart");
    for (std::size_t i = 0; i < count && i < bytes.size(); ++i) {
        if (m_closed)
            return false;
        const Buffer one{bytes[i]};
        send(one, {});
        waitFor([] { return false; }, gap);
    }
    return !m_closed;
}

codec::encode::Greeting3 Probe::greeting() const
{
    codec::encode::Greeting3 g;
    g.mechanism = m_target.mechanism;
    g.asServer = (mechanism() != codec::Mechanism::Null && !targetIsServer()) ? 1 : 0;
    return g;
}

void Probe::readyCommand(Buffer &out) const
{
    codec::encode::ready(out, {{"Socket-Type", codec::encode::bytes(codec::socketTypeName(peerType()))}});
}

bool Probe::handshake()
{
    codec::SessionConfig config;
    config.mechanism = mechanism();
    config.server = !targetIsServer();
    config.socketType = peerType();
    config.username = m_target.username;
    config.password = m_target.password;
    if (config.mechanism == codec::Mechanism::Curve) {
        if (targetIsServer()) {
            config.curveKeys = codec::CurveKeyPair::generate();
            config.curveServerKey = m_serverKey.value_or(m_target.serverPublic);
        } else {
            config.curveKeys = m_target.suiteServerKeys;
        }
    }
    if (m_tweak)
        m_tweak(config);
    m_session = std::make_unique<codec::Session>(std::move(config));
    note("a proper " + m_target.mechanism + " handshake as " + std::string(codec::socketTypeName(peerType())));
    flushSession();
    waitFor([this] { return m_session->state() == codec::SessionState::Ready || m_session->state() == codec::SessionState::Failed; });
    if (m_session->state() == codec::SessionState::Ready)
        return true;
    m_result.observed = "the handshake did not complete: "
                        + (m_session->state() == codec::SessionState::Failed ? sessionError()
                                                                              : howItEnded("the suite's greeting"));
    return false;
}

std::string Probe::sessionError() const
{
    if (!m_session)
        return {};
    std::string s(codec::protocolErrorName(m_session->error()));
    if (!m_session->errorDetail().empty())
        s += " (" + m_session->errorDetail() + ")";
    if (!m_session->peerErrorReason().empty())
        s += ", the target said ERROR \"" + m_session->peerErrorReason() + "\"";
    return s;
}

void Probe::editOutgoing(std::string name, std::function<void(Buffer &)> edit)
{
    m_editName = std::move(name);
    m_edit = std::move(edit);
}

namespace {

// Finds the command frame named `name` in `bytes` (3.x framing from `from`)
// and lets `edit` change its body; the frame is written again around it.
bool editCommand(Buffer &bytes, std::size_t from, const std::string &name, const std::function<void(Buffer &)> &edit)
{
    std::size_t at = from;
    while (at + 2 <= bytes.size()) {
        const std::uint8_t flags = bytes[at];
        const bool longForm = flags & codec::flags::Long;
        const std::size_t header = longForm ? 9 : 2;
        if (at + header > bytes.size())
            return false;
        std::uint64_t size = 0;
        if (longForm)
            for (int i = 0; i < 8; ++i)
                size = (size << 8) | bytes[at + 1 + std::size_t(i)];
        else
            size = bytes[at + 1];
        if (at + header + size > bytes.size())
            return false;
        const std::uint8_t *body = bytes.data() + at + header;
        if ((flags & codec::flags::Command) && size >= 1 && body[0] == name.size() && size >= 1 + name.size()
            && std::equal(name.begin(), name.end(), body + 1)) {
            Buffer b(body, body + size);
            edit(b);
            Buffer framed;
            codec::encode::FrameOptions o;
            o.command = true;
            codec::encode::frame(framed, b, o);
            Buffer out(bytes.begin(), bytes.begin() + std::ptrdiff_t(at));
            out.insert(out.end(), framed.begin(), framed.end());
            out.insert(out.end(), bytes.begin() + std::ptrdiff_t(at + header + size), bytes.end());
            bytes = std::move(out);
            return true;
        }
        at += header + size;
    }
    return false;
}

}   // namespace

void Probe::flushSession()
{
    if (!m_session || m_fd < 0)
        return;
    const codec::Bytes out = m_session->output();
    if (out.empty())
        return;
    Buffer bytes(out.begin(), out.end());
    m_session->consume(out.size());
    if (m_edit) {
        const std::size_t greetingLeft = m_sent < 64 ? std::size_t(64 - m_sent) : 0;
        if (editCommand(bytes, std::min(greetingLeft, bytes.size()), m_editName, m_edit)) {
            note("changed the " + m_editName + " command on purpose");
            m_edit = nullptr;
        }
    }
    send(bytes, {});
}

bool Probe::sendMessage(const std::vector<std::string> &frames, const std::function<void(Buffer &)> &tamper)
{
    if (!m_session)
        return false;
    flushSession();
    if (!m_session->send(frames))
        return false;
    const codec::Bytes out = m_session->output();
    m_lastWritten.assign(out.begin(), out.end());
    m_session->consume(out.size());
    if (tamper)
        tamper(m_lastWritten);
    send(m_lastWritten, {});
    return true;
}

void Probe::readAvailable()
{
    if (m_fd < 0 || m_closed)
        return;
    std::uint8_t buf[65536];
    for (;;) {
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n > 0) {
            const codec::Bytes chunk{buf, std::size_t(n)};
            log(WireEntry::Kind::Bytes, false, {}, chunk);
            m_conn->feed(targetDirection(), chunk);
            if (m_session && m_session->state() != codec::SessionState::Failed)
                m_session->feed(chunk);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            m_closed = true;
            m_closedMs = elapsedMs();
            log(WireEntry::Kind::Closed, false,
                n == 0 ? std::string("the target closed the connection")
                       : std::string("the connection was reset (") + std::strerror(errno) + ")");
        }
        break;
    }
    flushSession();
}

bool Probe::waitFor(const std::function<bool()> &done, std::optional<milliseconds> limit)
{
    const auto until = steady_clock::now() + limit.value_or(m_target.caseTimeout);
    for (;;) {
        if (done())
            return true;
        if (m_closed || m_fd < 0)
            return false;
        const auto left = duration_cast<milliseconds>(until - steady_clock::now()).count();
        if (left <= 0)
            return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, int(std::min<long long>(left, 100))) > 0)
            readAvailable();
    }
}

bool Probe::waitClosed(std::optional<milliseconds> limit)
{
    waitFor([this] { return m_closed; }, limit);
    return m_closed;
}

std::string Probe::alive()
{
    if (m_closed)
        return howItEnded("that");
    const bool canPing = mechanism() != codec::Mechanism::Curve && greetingSeen()
                         && targetGreeting().major >= 3 && targetGreeting().minor >= 1;
    if (!canPing) {
        waitFor([] { return false; }, milliseconds(300));
        return m_closed ? howItEnded("that") : std::string();
    }
    const std::string context = "zmqscope-" + std::to_string(++m_pingCounter);
    Buffer ping;
    codec::encode::ping(ping, 0, codec::encode::bytes(context));
    send(ping, "a PING to see whether the target still talks");
    const std::size_t before = m_events.size();
    const bool pong = waitFor(
        [&] {
            for (std::size_t i = before; i < m_events.size(); ++i)
                if (m_events[i].name == "PONG")
                    return true;
            return false;
        },
        std::min(m_target.caseTimeout, milliseconds(1500)));
    if (pong)
        return {};
    return m_closed ? howItEnded("that") : std::string();
}

const TargetEvent *Probe::lastCommand(std::string_view name) const
{
    for (auto it = m_events.rbegin(); it != m_events.rend(); ++it)
        if (it->kind == TargetEvent::Kind::Command && it->name == name)
            return &*it;
    return nullptr;
}

std::size_t Probe::messages() const
{
    std::size_t n = 0;
    for (const TargetEvent &e : m_events)
        n += e.kind == TargetEvent::Kind::Message;
    return n;
}

std::string Probe::howItEnded(std::string_view after) const
{
    std::string s;
    double from = 0;
    for (auto it = m_result.wire.rbegin(); it != m_result.wire.rend(); ++it)
        if (it->fromSuite && it->kind == WireEntry::Kind::Bytes) {
            from = it->ms;
            break;
        }
    if (m_errorReason)
        s = "answered ERROR \"" + *m_errorReason + "\"";
    if (m_closed) {
        if (!s.empty())
            s += " and ";
        s += "closed the connection " + std::to_string(std::max(0, int(m_closedMs - from))) + " ms after " + std::string(after);
    }
    if (s.empty())
        s = "left the connection open for " + std::to_string(int(elapsedMs() - from)) + " ms after " + std::string(after);
    return s;
}

Verdict Probe::pass(std::string observed)
{
    m_result.observed = std::move(observed);
    return Verdict::Passed;
}

Verdict Probe::fail(std::string observed)
{
    m_result.observed = std::move(observed);
    return m_case.level == Level::Must ? Verdict::Failed : Verdict::NonStrict;
}

Verdict Probe::info(std::string observed)
{
    m_result.observed = std::move(observed);
    return Verdict::Informational;
}

Verdict Probe::unimplemented(std::string observed)
{
    m_result.observed = std::move(observed);
    return Verdict::Unimplemented;
}

void Probe::onEvent(const codec::Event &ev)
{
    const bool fromTarget = ev.direction == targetDirection();
    log(WireEntry::Kind::Event, !fromTarget, codec::dumpEvent(ev));
    if (!fromTarget)
        return;
    switch (ev.kind) {
    case codec::EventKind::GreetingPart:
        if (ev.part == codec::GreetingPartKind::Security || ev.part == codec::GreetingPartKind::SocketType)
            m_greetingDone = true;
        break;
    case codec::EventKind::Identity:
        m_greetingDone = true;
        m_identitySeen = true;
        break;
    case codec::EventKind::Command:
        if (ev.command) {
            TargetEvent t;
            t.kind = TargetEvent::Kind::Command;
            t.name = std::string(ev.command->name);
            t.data.assign(ev.command->data.begin(), ev.command->data.end());
            if (ev.command->kind == codec::CommandKind::Error)
                m_errorReason = std::string(reinterpret_cast<const char *>(ev.command->text.data()), ev.command->text.size());
            m_events.push_back(std::move(t));
        }
        break;
    case codec::EventKind::Message: {
        TargetEvent t;
        t.kind = TargetEvent::Kind::Message;
        for (const codec::FrameView &f : ev.frames)
            t.frames.emplace_back(reinterpret_cast<const char *>(f.body.data()), f.body.size());
        m_events.push_back(std::move(t));
        break;
    }
    default: break;
    }
}

}   // namespace zmqscope::conformance
