#include "recordingrelay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace testutil {

using zmqscope::codec::Direction;

namespace {

bool writeAll(int fd, const std::uint8_t *p, std::size_t n)
{
    while (n > 0) {
        const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

}   // namespace

RecordingRelay::RecordingRelay(std::uint16_t targetPort)
    : m_target(targetPort)
{
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0)
        throw std::runtime_error("relay: cannot listen");
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    if (::pipe(m_wake) != 0)
        throw std::runtime_error("relay: pipe");
    m_thread = std::thread([this] { run(); });
}

RecordingRelay::~RecordingRelay()
{
    stop();
}

void RecordingRelay::stop()
{
    if (m_stop.exchange(true))
        return;
    const char c = 'x';
    [[maybe_unused]] auto r = ::write(m_wake[1], &c, 1);
    if (m_thread.joinable())
        m_thread.join();
    ::close(m_listen);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

std::vector<RecordedConnection> RecordingRelay::connections() const
{
    std::lock_guard lock(m_mutex);
    return m_connections;
}

bool RecordingRelay::waitForBytes(std::size_t index, Direction d, std::uint64_t n,
                                  std::chrono::milliseconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(m_mutex);
            if (index < m_connections.size() && m_connections[index].bytes[static_cast<int>(d)] >= n)
                return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

void RecordingRelay::run()
{
    struct Pair {
        int client;
        int server;
        std::size_t index;
        bool open;
    };
    std::vector<Pair> pairs;
    std::vector<std::uint8_t> buffer(1 << 16);
    while (!m_stop) {
        std::vector<pollfd> fds;
        fds.push_back({m_listen, POLLIN, 0});
        fds.push_back({m_wake[0], POLLIN, 0});
        for (const Pair &p : pairs) {
            fds.push_back({p.open ? p.client : -1, POLLIN, 0});
            fds.push_back({p.open ? p.server : -1, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), 200) < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (fds[0].revents & POLLIN) {
            const int c = ::accept(m_listen, nullptr, nullptr);
            if (c >= 0) {
                const int s = ::socket(AF_INET, SOCK_STREAM, 0);
                sockaddr_in addr{};
                addr.sin_family = AF_INET;
                addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                addr.sin_port = htons(m_target);
                int one = 1;
                ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                if (::connect(s, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
                    ::close(c);
                    ::close(s);
                } else {
                    std::lock_guard lock(m_mutex);
                    pairs.push_back({c, s, m_connections.size(), true});
                    m_connections.emplace_back();
                }
            }
        }
        // (only the pairs that were polled: one accepted just now has no pollfd yet)
        const std::size_t polled = (fds.size() - 2) / 2;
        for (std::size_t i = 0; i < polled; ++i) {
            Pair &p = pairs[i];
            for (int side = 0; side < 2 && p.open; ++side) {
                const pollfd &pf = fds[2 + 2 * i + side];
                if (!(pf.revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const int from = side == 0 ? p.client : p.server;
                const int to = side == 0 ? p.server : p.client;
                const ssize_t r = ::recv(from, buffer.data(), buffer.size(), 0);
                if (r <= 0) {
                    p.open = false;
                    ::close(p.client);
                    ::close(p.server);
                    std::lock_guard lock(m_mutex);
                    m_connections[p.index].closed = true;
                    break;
                }
                const Direction d = side == 0 ? Direction::ClientToServer : Direction::ServerToClient;
                {
                    std::lock_guard lock(m_mutex);
                    auto &conn = m_connections[p.index];
                    conn.segments.push_back({d, std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + r)});
                    conn.bytes[static_cast<int>(d)] += static_cast<std::uint64_t>(r);
                }
                writeAll(to, buffer.data(), static_cast<std::size_t>(r));
            }
        }
    }
    for (const Pair &p : pairs)
        if (p.open) {
            ::close(p.client);
            ::close(p.server);
        }
}

}   // namespace testutil
