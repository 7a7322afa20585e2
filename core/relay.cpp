#include "relay.h"

#include "codec/session.h"
#include "logging.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>

namespace zmqscope {

using codec::Direction;

namespace {

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Socket address for an endpoint; `listen` maps "*" to the wildcard.
bool toSockaddr(const Endpoint &e, sockaddr_storage &ss, socklen_t &len, std::string *error)
{
    std::memset(&ss, 0, sizeof ss);
    if (e.kind == Endpoint::Kind::Ipc) {
        auto *un = reinterpret_cast<sockaddr_un *>(&ss);
        if (e.path.size() >= sizeof un->sun_path) {
            if (error)
                *error = "ipc path too long: " + e.path;
            return false;
        }
        un->sun_family = AF_UNIX;
        std::memcpy(un->sun_path, e.path.c_str(), e.path.size() + 1);
        len = sizeof(sockaddr_un);
        return true;
    }
    auto *v4 = reinterpret_cast<sockaddr_in *>(&ss);
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&ss);
    if (e.host == "*" || e.host.empty()) {
        v4->sin_family = AF_INET;
        v4->sin_addr.s_addr = htonl(INADDR_ANY);
        v4->sin_port = htons(e.port);
        len = sizeof(sockaddr_in);
        return true;
    }
    if (::inet_pton(AF_INET, e.host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(e.port);
        len = sizeof(sockaddr_in);
        return true;
    }
    if (::inet_pton(AF_INET6, e.host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(e.port);
        len = sizeof(sockaddr_in6);
        return true;
    }
    if (error)
        *error = "not an IPv4 or IPv6 address: " + e.host + " (names are not resolved)";
    return false;
}

std::string peerName(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
        return "?";
    char host[INET6_ADDRSTRLEN] = "";
    if (ss.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<const sockaddr_in *>(&ss);
        ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        return std::string(host) + ":" + std::to_string(ntohs(a->sin_port));
    }
    if (ss.ss_family == AF_INET6) {
        const auto *a = reinterpret_cast<const sockaddr_in6 *>(&ss);
        ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        return "[" + std::string(host) + "]:" + std::to_string(ntohs(a->sin6_port));
    }
    return "ipc";
}

}   // namespace

std::optional<Endpoint> Endpoint::parse(std::string_view text, std::string *error)
{
    auto bad = [&](std::string why) -> std::optional<Endpoint> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    Endpoint e;
    if (text.substr(0, 6) == "ipc://") {
        e.kind = Kind::Ipc;
        e.path = std::string(text.substr(6));
        if (e.path.empty())
            return bad("ipc:// needs a path");
        return e;
    }
    if (text.substr(0, 6) != "tcp://")
        return bad("endpoint must start with tcp:// or ipc://: " + std::string(text));
    std::string_view rest = text.substr(6);
    std::string_view host, port;
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            return bad("IPv6 endpoints are written tcp://[address]:port");
        host = rest.substr(1, close - 1);
        port = rest.substr(close + 2);
    } else {
        const std::size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos)
            return bad("tcp endpoint needs a port: " + std::string(text));
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
        return bad("bad port in " + std::string(text));
    const unsigned long p = std::stoul(std::string(port));
    if (p > 65535)
        return bad("port out of range in " + std::string(text));
    e.host = std::string(host);
    e.port = static_cast<std::uint16_t>(p);
    return e;
}

std::string Endpoint::toString() const
{
    if (kind == Kind::Ipc)
        return "ipc://" + path;
    if (host.find(':') != std::string::npos)
        return "tcp://[" + host + "]:" + std::to_string(port);
    return "tcp://" + host + ":" + std::to_string(port);
}

// One relayed connection: the client socket, the target socket, a bounded
// buffer toward each, and in terminating mode a Session per leg.
struct Relay::Connection {
    std::uint64_t id = 0;
    int client = -1;
    int server = -1;
    bool connecting = false;
    std::vector<std::uint8_t> toClient, toServer;
    std::size_t toClientPos = 0, toServerPos = 0;
    bool closing = false;      // an error, or the end of both directions: flush, then close both
    // Tap mode: a side's orderly end (FIN) ends its direction only; once
    // what it sent is delivered the other side gets a FIN too, and the
    // other direction goes on (a half-closed TCP connection stays byte-exact).
    bool eof[2] = {false, false};       // 0: the client ended, 1: the server ended
    bool finSent[2] = {false, false};   // 0: to the server, 1: to the client
    std::string error;
    std::unique_ptr<codec::Session> down;   // CURVE server toward the client
    std::unique_ptr<codec::Session> up;     // CURVE client toward the server

    std::size_t pendingToClient() const { return toClient.size() - toClientPos; }
    std::size_t pendingToServer() const { return toServer.size() - toServerPos; }
};

Relay::Relay(Config config, RelayListener *listener)
    : m_config(std::move(config))
    , m_listener(listener)
{
}

Relay::~Relay()
{
    stop();
}

Relay::Stats Relay::stats() const
{
    Stats s;
    s.accepted = m_accepted;
    s.failed = m_failed;
    s.bytes[0] = m_bytes0;
    s.bytes[1] = m_bytes1;
    return s;
}

bool Relay::start(std::string *error)
{
    sockaddr_storage ss;
    socklen_t len = 0;
    if (!toSockaddr(m_config.listen, ss, len, error))
        return false;
    if (m_config.listen.kind == Endpoint::Kind::Ipc)
        ::unlink(m_config.listen.path.c_str());
    m_listenFd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&ss), len) != 0 || ::listen(m_listenFd, 64) != 0) {
        if (error)
            *error = "cannot listen on " + m_config.listen.toString() + ": " + std::strerror(errno);
        ::close(m_listenFd);
        m_listenFd = -1;
        return false;
    }
    setNonBlocking(m_listenFd);
    m_bound = m_config.listen;
    if (m_bound.kind == Endpoint::Kind::Tcp) {
        sockaddr_storage b{};
        socklen_t bl = sizeof b;
        ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&b), &bl);
        m_bound.port = ntohs(b.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6 *>(&b)->sin6_port
                                                     : reinterpret_cast<sockaddr_in *>(&b)->sin_port);
    }
    if (::pipe2(m_wake, O_CLOEXEC) != 0) {
        if (error)
            *error = std::strerror(errno);
        return false;
    }
    m_running = true;
    m_thread = std::thread([this] { run(); });
    return true;
}

void Relay::stop()
{
    if (!m_running.exchange(false))
        return;
    m_stop = true;
    const char c = 'x';
    [[maybe_unused]] auto r = ::write(m_wake[1], &c, 1);
    m_thread.join();
    ::close(m_listenFd);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
    if (m_config.listen.kind == Endpoint::Kind::Ipc)
        ::unlink(m_config.listen.path.c_str());
}

void Relay::run()
{
    std::map<std::uint64_t, std::unique_ptr<Connection>> conns;
    std::uint64_t nextId = 0;
    std::vector<std::uint8_t> buffer(256 * 1024);
    const bool terminating = m_config.curve.has_value();

    auto finish = [&](Connection &c) {
        if (c.client >= 0)
            ::close(c.client);
        if (c.server >= 0)
            ::close(c.server);
        c.client = c.server = -1;
        if (m_listener)
            m_listener->relayClosed(c.id, c.error);
    };
    auto fail = [&](Connection &c, std::string why) {
        if (c.error.empty())
            c.error = std::move(why);
        ++m_failed;
        c.closing = true;
    };
    auto connectUpstream = [&](Connection &c) {
        sockaddr_storage ss;
        socklen_t len = 0;
        std::string why;
        if (!toSockaddr(m_config.forward, ss, len, &why)) {
            fail(c, why);
            return;
        }
        c.server = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        setNonBlocking(c.server);
        if (ss.ss_family != AF_UNIX) {
            int one = 1;
            ::setsockopt(c.server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        if (::connect(c.server, reinterpret_cast<sockaddr *>(&ss), len) != 0 && errno != EINPROGRESS) {
            fail(c, "target " + m_config.forward.toString() + " unreachable: " + std::strerror(errno));
            return;
        }
        c.connecting = true;
    };
    auto drainSessions = [&](Connection &c) {
        // Move each Session's output to its socket buffer and messages across.
        // What the relay writes to the client is the client leg's s2c
        // stream: the listener sees it as the client does.
        auto take = [&](codec::Session &s, std::vector<std::uint8_t> &out) {
            const codec::Bytes o = s.output();
            if (&s == c.down.get() && m_listener && !o.empty())
                m_listener->relayBytes(c.id, Direction::ServerToClient, nowNs(), o);
            out.insert(out.end(), o.begin(), o.end());
            s.consume(o.size());
        };
        take(*c.down, c.toClient);
        if (c.down->state() == codec::SessionState::Failed) {
            fail(c, "client handshake: " + c.down->errorDetail());
            return;
        }
        if (c.down->readyHeld() && !c.up && !c.closing) {
            codec::SessionConfig u;
            u.mechanism = codec::Mechanism::Curve;
            u.curveKeys = m_config.curve->clientKeys;
            u.curveServerKey = m_config.curve->upstreamServerKey;
            u.socketType = codec::SocketType::Dealer;
            for (const auto &[k, v] : c.down->peerMetadata()) {
                if (k == "Socket-Type")
                    u.socketType = codec::socketTypeFromName(v).value_or(codec::SocketType::Dealer);
                if (k == "Identity")
                    u.identity = v;
            }
            c.up = std::make_unique<codec::Session>(u);
            connectUpstream(c);
        }
        if (!c.up)
            return;
        take(*c.up, c.toServer);
        if (c.up->state() == codec::SessionState::Failed) {
            fail(c, "server handshake: " + c.up->errorDetail());
            return;
        }
        if (c.up->state() == codec::SessionState::Ready && c.down->readyHeld()) {
            codec::SocketType upstreamType = codec::SocketType::Router;
            for (const auto &[k, v] : c.up->peerMetadata())
                if (k == "Socket-Type")
                    upstreamType = codec::socketTypeFromName(v).value_or(upstreamType);
            c.down->releaseReady(upstreamType);
            take(*c.down, c.toClient);
        }
        if (c.down->state() == codec::SessionState::Ready && c.up->state() == codec::SessionState::Ready) {
            auto &fromClient = c.down->received();
            while (!fromClient.empty()) {
                if (m_listener)
                    m_listener->relayMessage(c.id, Direction::ClientToServer, fromClient.front());
                c.up->send(fromClient.front());
                fromClient.pop_front();
            }
            auto &fromServer = c.up->received();
            while (!fromServer.empty()) {
                if (m_listener)
                    m_listener->relayMessage(c.id, Direction::ServerToClient, fromServer.front());
                c.down->send(fromServer.front());
                fromServer.pop_front();
            }
            take(*c.up, c.toServer);
            take(*c.down, c.toClient);
        }
    };
    auto flush = [&](int fd, std::vector<std::uint8_t> &buf, std::size_t &pos) -> bool {
        while (pos < buf.size()) {
            const ssize_t w = ::send(fd, buf.data() + pos, buf.size() - pos, MSG_NOSIGNAL);
            if (w < 0) {
                const int error = errno;
                // A queue that never empties under steady load would keep
                // what it sent in front of it for ever: drop that prefix
                // once it is most of the buffer (the queue stays within
                // twice maxPending).
                if (pos > 65536 && pos * 2 > buf.size()) {
                    buf.erase(buf.begin(), buf.begin() + std::ptrdiff_t(pos));
                    pos = 0;
                }
                return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
            }
            pos += std::size_t(w);
        }
        buf.clear();
        pos = 0;
        return true;
    };

    while (!m_stop) {
        std::vector<pollfd> fds{{m_listenFd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        std::vector<std::pair<Connection *, int>> owners;   // which connection, 0 client / 1 server
        for (auto &[id, c] : conns) {
            short ce = 0, se = 0;
            if (!c->closing && !c->eof[0] && c->pendingToServer() < m_config.maxPending)
                ce |= POLLIN;
            if (c->pendingToClient())
                ce |= POLLOUT;
            if (c->server >= 0) {
                if (c->connecting)
                    se |= POLLOUT;
                else {
                    if (!c->closing && !c->eof[1] && c->pendingToClient() < m_config.maxPending)
                        se |= POLLIN;
                    if (c->pendingToServer())
                        se |= POLLOUT;
                }
            }
            // (a side with nothing asked of it after its end is left out:
            // poll would report its hang-up again and again)
            fds.push_back({ce || !c->eof[0] ? c->client : -1, ce, 0});
            owners.push_back({c.get(), 0});
            fds.push_back({se || !c->eof[1] ? c->server : -1, se, 0});
            owners.push_back({c.get(), 1});
        }
        if (::poll(fds.data(), fds.size(), 200) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (fds[0].revents & POLLIN) {
            for (;;) {
                const int fd = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (fd < 0)
                    break;
                auto c = std::make_unique<Connection>();
                c->id = ++nextId;
                c->client = fd;
                if (m_config.listen.kind == Endpoint::Kind::Tcp) {
                    int one = 1;
                    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                }
                ++m_accepted;
                if (m_listener)
                    m_listener->relayOpened(c->id, peerName(fd), m_config.forward.toString());
                if (terminating) {
                    codec::SessionConfig d;
                    d.mechanism = codec::Mechanism::Curve;
                    d.server = true;
                    d.curveKeys = m_config.curve->serverKeys;
                    d.holdReady = true;
                    if (m_listener)
                        d.keyLog = [this, id = c->id](const std::string &line) { m_listener->relayKeyLog(id, line); };
                    c->down = std::make_unique<codec::Session>(d);
                    drainSessions(*c);
                } else {
                    connectUpstream(*c);
                }
                conns.emplace(c->id, std::move(c));
            }
        }
        for (std::size_t i = 0; i < owners.size(); ++i) {
            Connection &c = *owners[i].first;
            const pollfd &p = fds[2 + i];
            if (!p.revents || p.fd < 0)
                continue;
            const bool isClient = owners[i].second == 0;
            if (!isClient && c.connecting && (p.revents & (POLLOUT | POLLERR | POLLHUP))) {
                int err = 0;
                socklen_t el = sizeof err;
                ::getsockopt(c.server, SOL_SOCKET, SO_ERROR, &err, &el);
                c.connecting = false;
                if (err != 0) {
                    fail(c, "target " + m_config.forward.toString() + " unreachable: " + std::strerror(err));
                    continue;
                }
            }
            if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
                const int fd = isClient ? c.client : c.server;
                // Tap mode reads into a buffer the listener lends, forwards
                // from it and hands it over: no copy on this thread.
                const bool lend = !terminating && m_listener;
                std::vector<std::uint8_t> owned;
                if (lend) {
                    owned = m_listener->relayBuffer(buffer.size());
                    if (owned.size() < buffer.size())
                        owned.resize(buffer.size());
                }
                std::uint8_t *readInto = lend ? owned.data() : buffer.data();
                const ssize_t r = ::recv(fd, readInto, buffer.size(), 0);
                if (r == 0 && !terminating) {
                    c.eof[isClient ? 0 : 1] = true;   // (its direction ends; the other goes on)
                } else if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                    if (r < 0 && c.error.empty())
                        c.error = std::string(isClient ? "client: " : "target: ") + std::strerror(errno);
                    c.closing = true;
                } else if (r > 0) {
                    const Direction d = isClient ? Direction::ClientToServer : Direction::ServerToClient;
                    const codec::Bytes chunk(readInto, std::size_t(r));
                    (isClient ? m_bytes0 : m_bytes1) += std::uint64_t(r);
                    if (terminating) {
                        if (m_listener && isClient)
                            m_listener->relayBytes(c.id, d, nowNs(), chunk);
                        (isClient ? *c.down : *c.up).feed(chunk);
                        drainSessions(c);
                    } else {
                        // Send straight from the read buffer when nothing is
                        // queued ahead; queue only what the socket did not take.
                        auto &out = isClient ? c.toServer : c.toClient;
                        const int to = isClient ? c.server : c.client;
                        std::size_t sent = 0;
                        if (out.empty() && to >= 0 && !(isClient && c.connecting)) {
                            const ssize_t w = ::send(to, chunk.data(), chunk.size(), MSG_NOSIGNAL);
                            if (w > 0)
                                sent = std::size_t(w);
                        }
                        out.insert(out.end(), chunk.begin() + long(sent), chunk.end());
                        if (lend)
                            m_listener->relayBytesOwned(c.id, d, nowNs(), std::move(owned), std::size_t(r));
                    }
                }
            }
            // A side that can no longer be written to is gone: what was
            // queued for it cannot be delivered; close the pair.
            if (c.client >= 0 && !flush(c.client, c.toClient, c.toClientPos)) {
                c.toClient.clear();
                c.toClientPos = 0;
                c.closing = true;
            }
            if (c.server >= 0 && !c.connecting && !flush(c.server, c.toServer, c.toServerPos)) {
                c.toServer.clear();
                c.toServerPos = 0;
                c.closing = true;
            }
            // An ended direction, delivered: its FIN goes on to the other side.
            if (c.eof[0] && !c.finSent[0] && c.server >= 0 && !c.connecting && !c.pendingToServer()) {
                ::shutdown(c.server, SHUT_WR);
                c.finSent[0] = true;
            }
            if (c.eof[1] && !c.finSent[1] && c.client >= 0 && !c.pendingToClient()) {
                ::shutdown(c.client, SHUT_WR);
                c.finSent[1] = true;
            }
        }
        for (auto it = conns.begin(); it != conns.end();) {
            Connection &c = *it->second;
            const bool drained = !c.pendingToClient() && (c.server < 0 || c.connecting || !c.pendingToServer());
            if ((c.closing || (c.eof[0] && c.eof[1])) && drained) {
                finish(c);
                it = conns.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto &[id, c] : conns)
        finish(*c);
}

std::uint16_t freeLoopbackPort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    std::uint16_t port = 0;
    if (::bind(s, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 && ::getsockname(s, reinterpret_cast<sockaddr *>(&a), &n) == 0)
        port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

TapPlacement placeTap(const std::string &endpoint, bool bind)
{
    TapPlacement p;
    if (!bind) {
        p.listen = "tcp://127.0.0.1:0";
        p.forward = endpoint;
        return p;
    }
    p.peerEndpoint = "tcp://127.0.0.1:" + std::to_string(freeLoopbackPort());
    p.listen = endpoint;
    if (const std::size_t star = p.listen.find("://*:"); star != std::string::npos)
        p.listen.replace(star + 3, 1, "0.0.0.0");
    p.forward = p.peerEndpoint;
    return p;
}

}   // namespace zmqscope
