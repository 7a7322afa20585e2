// PeerLoop: the one thread of a group of peers. It polls every socket its
// peers watch (zmq_poll), runs their timers, and runs work other threads
// post to it (an eventfd wakes the poll). Everything a peer does happens in
// a callback of this loop, so a peer needs no locks for its own state.
//
// Callbacks may watch and unwatch sockets and start and cancel timers while
// the loop runs; a socket unwatched (or a timer cancelled) during a round is
// not called again in it. Plain file descriptors (a ZRE node's UDP beacon
// socket) are watched the same way: zmq_poll takes them next to sockets.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

namespace zmqscope::peers {

class PeerLoop {
public:
    using Clock = std::chrono::steady_clock;
    using TimerId = std::uint64_t;

    explicit PeerLoop(void *zmqContext);
    ~PeerLoop();
    PeerLoop(const PeerLoop &) = delete;
    PeerLoop &operator=(const PeerLoop &) = delete;

    void *context() const { return m_context; }

    // Loop thread only.
    void watch(void *socket, std::function<void()> readable);
    void unwatch(void *socket);
    // A plain descriptor: `readable` runs when it has input. The caller
    // still owns (and closes) it.
    void watchFd(int fd, std::function<void()> readable);
    void unwatchFd(int fd);
    TimerId after(std::chrono::milliseconds delay, std::function<void()> fire);
    void cancel(TimerId id);
    Clock::time_point now() const { return Clock::now(); }

    // Any thread: `work` runs on the loop thread at its next round.
    void post(std::function<void()> work);
    void requestStop();   // (async-signal-safe)
    bool stopRequested() const;

    // The loop thread: rounds until requestStop(), or one round that waits
    // at most `maxWait` for something to do. Largest lateness of a timer
    // seen so far, for the responsiveness figures.
    void run();
    void runOnce(std::chrono::milliseconds maxWait);
    std::chrono::microseconds largestTimerLateness() const { return m_lateness; }

private:
    struct Watch {
        void *socket;   // null for a plain descriptor
        int fd;         // -1 for a socket
        std::function<void()> readable;
        std::uint64_t generation;
    };
    void *m_context;
    int m_wakeFd = -1;
    std::vector<Watch> m_watches;
    std::uint64_t m_generation = 0;
    std::multimap<Clock::time_point, std::pair<TimerId, std::function<void()>>> m_timers;
    std::map<TimerId, Clock::time_point> m_timerAt;
    TimerId m_nextTimer = 1;
    mutable std::mutex m_mutex;   // m_posted
    std::deque<std::function<void()>> m_posted;
    std::atomic<bool> m_stop{false};
    std::chrono::microseconds m_lateness{0};
};

}   // namespace zmqscope::peers
