#include "peer.h"
#include <sys/socket.h>
#include <netinet/tcp.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <arpa/inet.h>

#include <zmq.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <utility>

namespace zmqscope::peers {

namespace {
constexpr std::size_t kMaxUnreadLog = 2000;   // lines kept until takeLog(); older ones dropped
}

Peer::Peer(const RoleInfo &role, Options options) : m_options(std::move(options)), m_role(role) {}

Peer::~Peer()
{
    // (stop() is called by the group on the loop thread; this only frees)
}

bool Peer::start(PeerLoop &loop, std::uint32_t id, const EndpointMap &map, ZapDirectory *zap)
{
    m_loop = &loop;
    m_map = map;
    m_zap = zap;
    m_id = id;
    m_started = loop.now();
    m_running = true;
    m_logSecond = -1;
    m_logLines = m_logSkipped = 0;
    m_finished = false;
    m_exitCode = 0;
    {
        const std::lock_guard lock(m_mutex);
        m_endpoints.clear();
        m_lastError.clear();
    }
    std::string error;
    if (!open(&error)) {
        fail(error.empty() ? "could not start" : error);
        stop();
        setStateValue(UINT32_MAX);   // "Failed"
        m_finished = true;
        m_exitCode = 1;
        return false;
    }
    return true;
}

void Peer::stop(int flushMs)
{
    if (!m_loop)
        return;
    close();
    for (const PeerLoop::TimerId t : m_timers)
        m_loop->cancel(t);
    m_timers.clear();
    for (Monitor &m : m_monitors) {
        zmq_socket_monitor(m.socket->handle(), nullptr, 0);
        m_loop->unwatch(m.pair->handle());
    }
    m_monitors.clear();
    for (auto &s : m_sockets) {
        m_loop->unwatch(s->handle());
        if (flushMs > 0)
            s->setInt(ZMQ_LINGER, flushMs);
        s->close();
    }
    m_sockets.clear();
    for (const int fd : m_fds) {
        m_loop->unwatchFd(fd);
        ::close(fd);
    }
    m_fds.clear();
    m_running = false;
}

PeerStatus Peer::status() const
{
    PeerStatus s;
    s.id = m_id;
    s.role = std::string(m_role.id);
    s.name = m_options.given("name") ? m_options.text("name") : std::string(m_role.title);
    s.state = std::string(stateName());
    s.sent = m_sent;
    s.received = m_received;
    s.running = m_running;
    const std::lock_guard lock(m_mutex);
    s.endpoints = m_endpoints;
    s.lastError = m_lastError;
    return s;
}

std::vector<LogLine> Peer::takeLog()
{
    const std::lock_guard lock(m_mutex);
    return std::exchange(m_log, {});
}

std::string_view Peer::stateName() const
{
    const std::uint32_t s = m_state;
    if (s == UINT32_MAX)
        return "Failed";
    return s < m_role.states.size() ? m_role.states[s] : std::string_view("?");
}

void Peer::setStateValue(std::uint32_t state)
{
    if (m_state.exchange(state) != state && state != UINT32_MAX && state < m_role.states.size())
        log("state " + std::string(m_role.states[state]));
}

bool Peer::infoAdmitted()
{
    // Ordinary lines (a request, a reply, a state) are kept to kLogPerSecond
    // a second: at thousands of messages a second a line each is unreadable
    // and costs more than the message. What was left out is counted and
    // said once the second is over. Warnings and errors always go through.
    const std::int64_t second = elapsedMs() / 1000;
    if (second != m_logSecond) {
        const std::uint64_t skipped = m_logSkipped;
        m_logSecond = second;
        m_logLines = 0;
        m_logSkipped = 0;
        if (skipped)
            emitLog("(" + std::to_string(skipped) + " more line(s) in the last second not shown)", LogLevel::Info);
    }
    if (++m_logLines > kLogPerSecond) {
        ++m_logSkipped;
        return false;
    }
    return true;
}

void Peer::log(std::string text, LogLevel level)
{
    if (level != LogLevel::Info || infoAdmitted())
        emitLog(std::move(text), level);
}

void Peer::emitLog(std::string text, LogLevel level)
{
    LogLine line{elapsedMs(), level, std::move(text)};
    if (m_logSink)
        m_logSink(*this, line);
    const std::lock_guard lock(m_mutex);
    if (m_log.size() >= kMaxUnreadLog)
        m_log.erase(m_log.begin(), m_log.begin() + kMaxUnreadLog / 2);
    m_log.push_back(std::move(line));
}

void Peer::fail(std::string error)
{
    {
        const std::lock_guard lock(m_mutex);
        m_lastError = error;
    }
    log(std::move(error), LogLevel::Error);
}

void Peer::finish(int exitCode)
{
    m_finished = true;
    m_exitCode = exitCode;
    // Its sockets close after this round (a client that is done keeps nothing open).
    m_loop->post([this] {
        if (m_finished)
            stop(2000);
    });
}

ZSocket *Peer::openSocket(int type, std::string *error)
{
    auto s = std::make_unique<ZSocket>(m_loop->context(), type);
    if (!*s) {
        if (error)
            *error = "cannot create a " + std::string(socketTypeName(type)) + " socket: " + zmqError();
        return nullptr;
    }
    m_sockets.push_back(std::move(s));
    return m_sockets.back().get();
}

bool Peer::bindSocket(ZSocket &s, const std::string &endpoint, std::string *error)
{
    const std::string actual = m_map.bind ? m_map.bind(endpoint) : endpoint;
    if (!s.bind(actual, error))
        return false;
    const std::lock_guard lock(m_mutex);
    m_endpoints.push_back("bind " + (actual == endpoint ? s.lastEndpoint() : endpoint));
    return true;
}

bool Peer::connectSocket(ZSocket &s, const std::string &endpoint, std::string *error)
{
    const std::string actual = m_map.connect ? m_map.connect(endpoint) : endpoint;
    if (!s.connect(actual, error))
        return false;
    const std::lock_guard lock(m_mutex);
    const std::string entry = "connect " + endpoint;
    if (std::find(m_endpoints.begin(), m_endpoints.end(), entry) == m_endpoints.end())
        m_endpoints.push_back(entry);
    return true;
}

bool Peer::admit(ZSocket &s, codec::AccessPolicy policy)
{
    if (!m_zap)
        return false;
    const std::string domain = "zmqscope-peer-" + std::to_string(m_id);
    (*m_zap)[domain] = std::move(policy);
    return s.setBytes(ZMQ_ZAP_DOMAIN, domain);
}

void Peer::watch(ZSocket &s, std::function<void()> readable)
{
    m_loop->watch(s.handle(), std::move(readable));
}

void Peer::sessionKey(const std::string &line)
{
    if (m_map.keyLog)
        m_map.keyLog(line);
}

std::string Peer::mapConnect(const std::string &endpoint)
{
    {
        const std::lock_guard lock(m_mutex);
        const std::string entry = "connect " + endpoint;
        if (std::find(m_endpoints.begin(), m_endpoints.end(), entry) == m_endpoints.end())
            m_endpoints.push_back(entry);
    }
    return m_map.connect ? m_map.connect(endpoint) : endpoint;
}

void Peer::watchFd(int fd, std::function<void()> readable)
{
    if (std::find(m_fds.begin(), m_fds.end(), fd) == m_fds.end())
        m_fds.push_back(fd);
    m_loop->watchFd(fd, std::move(readable));
}

bool Peer::monitor(ZSocket &s, std::string *error)
{
    static std::atomic<std::uint64_t> counter{0};
    const std::string address = "inproc://zmqscope-monitor-" + std::to_string(++counter);
    if (zmq_socket_monitor(s.handle(), address.c_str(), ZMQ_EVENT_ALL) != 0) {
        if (error)
            *error = "cannot monitor the socket: " + zmqError();
        return false;
    }
    auto pair = std::make_unique<ZSocket>(m_loop->context(), ZMQ_PAIR);
    if (!pair->connect(address, error))
        return false;
    m_monitors.push_back({&s, std::move(pair)});
    ZSocket *handle = m_monitors.back().pair.get();
    m_loop->watch(handle->handle(), [this, handle] { readMonitor(handle); });
    return true;
}

void Peer::readMonitor(ZSocket *pair)
{
    Frames frames;
    for (;;) {
        // (found again each time: onSocketEvent() may close the socket and its monitor)
        const auto it = std::find_if(m_monitors.begin(), m_monitors.end(), [&](const Monitor &x) { return x.pair.get() == pair; });
        if (it == m_monitors.end() || !pair->recv(frames))
            return;
        Monitor &m = *it;
        if (frames.size() < 2 || frames[0].size() < 6)
            continue;
        std::uint16_t event = 0;
        std::uint32_t value = 0;
        std::memcpy(&event, frames[0].data(), 2);
        std::memcpy(&value, frames[0].data() + 2, 4);
        const std::string &address = frames[1];
        switch (event) {
        case ZMQ_EVENT_CONNECTED: log("connected to " + address); break;
        case ZMQ_EVENT_ACCEPTED: log("accepted a connection on " + address); break;
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED: log("handshake done with " + address); break;
        case ZMQ_EVENT_DISCONNECTED: log("disconnected from " + address, LogLevel::Warning); break;
        case ZMQ_EVENT_CONNECT_RETRIED: log("no answer from " + address + ", retrying in " + std::to_string(value) + " ms", LogLevel::Warning); break;
        case ZMQ_EVENT_BIND_FAILED: fail("cannot bind " + address + ": " + zmq_strerror(int(value))); break;
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: fail("handshake with " + address + " failed"); break;
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
            fail("handshake with " + address + " failed: protocol error 0x" + [&] {
                char hex[16];
                std::snprintf(hex, sizeof hex, "%X", value);
                return std::string(hex);
            }());
            break;
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: fail("handshake with " + address + " failed: authentication (status " + std::to_string(value) + ")"); break;
        default: break;
        }
        if (m.socket)
            onSocketEvent(*m.socket, event, int(value), address);
    }
}

void Peer::closeSocket(ZSocket *&s)
{
    if (!s)
        return;
    for (auto it = m_monitors.begin(); it != m_monitors.end(); ++it) {
        if (it->socket == s) {
            zmq_socket_monitor(s->handle(), nullptr, 0);
            m_loop->unwatch(it->pair->handle());
            m_monitors.erase(it);
            break;
        }
    }
    m_loop->unwatch(s->handle());
    std::erase_if(m_sockets, [&](const std::unique_ptr<ZSocket> &p) { return p.get() == s; });
    s = nullptr;
}

PeerLoop::TimerId Peer::after(std::int64_t ms, std::function<void()> fire)
{
    // The id is known only once the timer exists: the callback removes it
    // from m_timers through a shared slot.
    auto slot = std::make_shared<PeerLoop::TimerId>(0);
    const PeerLoop::TimerId id = m_loop->after(std::chrono::milliseconds(std::max<std::int64_t>(ms, 0)),
                                               [this, slot, fire = std::move(fire)] {
                                                   std::erase(m_timers, *slot);
                                                   fire();
                                               });
    *slot = id;
    m_timers.push_back(id);
    return id;
}

void Peer::cancel(PeerLoop::TimerId &id)
{
    if (!id)
        return;
    m_loop->cancel(id);
    std::erase(m_timers, id);
    id = 0;
}

std::int64_t Peer::elapsedMs() const
{
    if (!m_loop)
        return 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(m_loop->now() - m_started).count();
}

int connectTcpEndpoint(const std::string &endpoint, std::string *error)
{
    const std::size_t colon = endpoint.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    if (!endpoint.starts_with("tcp://") || colon == std::string::npos
        || ::inet_pton(AF_INET, endpoint.substr(6, colon - 6).c_str(), &sa.sin_addr) != 1) {
        *error = "this role connects to tcp://IPv4:port, not " + endpoint;
        return -1;
    }
    sa.sin_port = htons(std::uint16_t(std::atoi(endpoint.c_str() + colon + 1)));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = std::string("socket: ") + std::strerror(errno);
        return -1;
    }
    timeval timeout{2, 0};   // (a blocking connect, bounded: a test peer on loopback or a LAN)
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
        *error = "cannot connect to " + endpoint + ": " + std::strerror(errno);
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

std::string printableBytes(std::string_view bytes, std::size_t limit)
{
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out.push_back(char(c));
        } else {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    if (bytes.size() > limit)
        out += "...";
    return out;
}

std::optional<Frames> messageOption(const Options &options, std::string_view name, std::string *error)
{
    auto frames = options.dataList(name, error);
    if (frames && frames->empty())
        frames->emplace_back();
    return frames;
}

std::string framesText(const Frames &frames, std::size_t first)
{
    std::string out;
    for (std::size_t i = first; i < frames.size(); ++i)
        out += (i == first ? "" : " | ") + printableBytes(frames[i], 60);
    return out;
}

std::string randomUuid()
{
    std::random_device source;
    std::string uuid(16, '\0');
    for (std::size_t i = 0; i < uuid.size(); i += 4) {
        const std::uint32_t r = source();
        for (std::size_t j = 0; j < 4; ++j)
            uuid[i + j] = char((r >> (8 * j)) & 0xFF);
    }
    uuid[6] = char((uuid[6] & 0x0F) | 0x40);   // version 4: random
    uuid[8] = char((uuid[8] & 0x3F) | 0x80);   // variant 10: RFC 4122
    return uuid;
}

}   // namespace zmqscope::peers
