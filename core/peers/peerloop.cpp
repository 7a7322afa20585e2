#include "peerloop.h"

#include <zmq.h>

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>

namespace zmqscope::peers {

PeerLoop::PeerLoop(void *zmqContext) : m_context(zmqContext), m_wakeFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

PeerLoop::~PeerLoop()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void PeerLoop::watch(void *socket, std::function<void()> readable)
{
    unwatch(socket);
    m_watches.push_back({socket, -1, std::move(readable), ++m_generation});
}

void PeerLoop::unwatch(void *socket)
{
    std::erase_if(m_watches, [&](const Watch &w) { return w.fd < 0 && w.socket == socket; });
}

void PeerLoop::watchFd(int fd, std::function<void()> readable)
{
    unwatchFd(fd);
    m_watches.push_back({nullptr, fd, std::move(readable), ++m_generation});
}

void PeerLoop::unwatchFd(int fd)
{
    std::erase_if(m_watches, [&](const Watch &w) { return !w.socket && w.fd == fd; });
}

PeerLoop::TimerId PeerLoop::after(std::chrono::milliseconds delay, std::function<void()> fire)
{
    const TimerId id = m_nextTimer++;
    const Clock::time_point at = Clock::now() + delay;
    m_timers.emplace(at, std::pair{id, std::move(fire)});
    m_timerAt.emplace(id, at);
    return id;
}

void PeerLoop::cancel(TimerId id)
{
    const auto at = m_timerAt.find(id);
    if (at == m_timerAt.end())
        return;
    auto [first, last] = m_timers.equal_range(at->second);
    for (auto it = first; it != last; ++it) {
        if (it->second.first == id) {
            m_timers.erase(it);
            break;
        }
    }
    m_timerAt.erase(at);
}

void PeerLoop::post(std::function<void()> work)
{
    {
        const std::lock_guard lock(m_mutex);
        m_posted.push_back(std::move(work));
    }
    const std::uint64_t one = 1;
    if (m_wakeFd >= 0)
        (void)!::write(m_wakeFd, &one, sizeof one);
}

void PeerLoop::requestStop()
{
    m_stop = true;   // (no lock: a signal handler calls this)
    const std::uint64_t one = 1;
    if (m_wakeFd >= 0)
        (void)!::write(m_wakeFd, &one, sizeof one);
}

bool PeerLoop::stopRequested() const
{
    return m_stop;
}

void PeerLoop::run()
{
    while (!stopRequested())
        runOnce(std::chrono::milliseconds(1000));
}

void PeerLoop::runOnce(std::chrono::milliseconds maxWait)
{
    // Posted work first: it may add sockets and timers.
    std::deque<std::function<void()>> posted;
    {
        const std::lock_guard lock(m_mutex);
        posted.swap(m_posted);
    }
    for (auto &work : posted)
        work();

    std::chrono::milliseconds wait = maxWait;
    if (!m_timers.empty()) {
        const auto untilFirst = std::chrono::ceil<std::chrono::milliseconds>(m_timers.begin()->first - Clock::now());
        wait = std::clamp(untilFirst, std::chrono::milliseconds(0), maxWait);
    }
    {
        const std::lock_guard lock(m_mutex);
        if (!m_posted.empty() || m_stop)
            wait = std::chrono::milliseconds(0);
    }

    std::vector<zmq_pollitem_t> items;
    std::vector<std::pair<void *, std::uint64_t>> whose;
    items.reserve(m_watches.size() + 1);
    for (const Watch &w : m_watches) {
        items.push_back({w.socket, w.socket ? 0 : w.fd, ZMQ_POLLIN, 0});
        whose.emplace_back(w.socket, w.generation);
    }
    items.push_back({nullptr, m_wakeFd, ZMQ_POLLIN, 0});
    const int ready = zmq_poll(items.data(), int(items.size()), long(wait.count()));
    if (ready > 0) {
        if (items.back().revents & ZMQ_POLLIN) {
            std::uint64_t count = 0;
            (void)!::read(m_wakeFd, &count, sizeof count);
        }
        for (std::size_t i = 0; i + 1 < items.size(); ++i) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            // Still watched, by the same watch (a callback may have changed it)?
            const auto w = std::find_if(m_watches.begin(), m_watches.end(), [&](const Watch &x) {
                return x.socket == whose[i].first && x.generation == whose[i].second;
            });
            if (w != m_watches.end()) {
                const std::function<void()> readable = w->readable;   // (the watch may go while it runs)
                readable();
            }
        }
    }

    const Clock::time_point now = Clock::now();
    while (!m_timers.empty() && m_timers.begin()->first <= now) {
        auto it = m_timers.begin();
        const auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - it->first);
        m_lateness = std::max(m_lateness, late);
        std::function<void()> fire = std::move(it->second.second);
        m_timerAt.erase(it->second.first);
        m_timers.erase(it);
        fire();
    }
}

}   // namespace zmqscope::peers
