// PeerGroup: peers that share one thread (a PeerLoop) and one libzmq
// context. Other threads add, stop and restart peers by posting to the
// loop, and read statuses and new log lines as snapshots (the window polls
// them on a timer and gets batches, never a call per message).
//
// run() runs the loop on the calling thread (the command line); start()
// runs it on a thread of its own (the window, tests).
#pragma once

#include "peer.h"

#include <atomic>
#include <map>
#include <optional>
#include <memory>
#include <thread>

namespace zmqscope::peers {

struct PeerLog {
    std::uint32_t peer = 0;
    LogLine line;
};

class PeerGroup {
public:
    explicit PeerGroup(EndpointMap map = {});
    ~PeerGroup();
    PeerGroup(const PeerGroup &) = delete;
    PeerGroup &operator=(const PeerGroup &) = delete;

    // Any thread. The peer starts on the loop thread; its id is returned at
    // once. A peer that cannot start shows Failed and its error.
    // `map`: this peer's endpoints instead of the group's (the taps put in front of it).
    std::uint32_t add(std::unique_ptr<Peer> peer, std::optional<EndpointMap> map = std::nullopt);
    void stop(std::uint32_t id);
    void restart(std::uint32_t id);
    void remove(std::uint32_t id);
    std::vector<PeerStatus> statuses() const;
    std::vector<PeerLog> takeLogs();
    // Every line as it is logged, on the loop thread (the command line prints them).
    void setLogSink(std::function<void(const Peer &, const LogLine &)> sink);

    void start();                  // the loop on its own thread
    void run();                    // the loop here, until requestStop() or every peer finished (if untilFinished)
    enum class Until { Stopped, AllFinished, ClientsDone };
    void runFor(std::chrono::milliseconds duration, Until until);
    void requestStop();
    // Whether every peer has finished on its own (clients done), and the
    // largest exit code among them.
    bool allFinished() const;
    // Every peer of a client role has finished (and there is one): what
    // ends a scenario.
    bool clientsDone() const;
    int exitCode() const;
    std::chrono::microseconds largestTimerLateness() const { return m_loop.largestTimerLateness(); }

private:
    void *m_context;
    PeerLoop m_loop;
    EndpointMap m_map;
    std::thread m_thread;
    mutable std::mutex m_mutex;   // m_peers (the map; each peer's state is its own)
    std::map<std::uint32_t, std::unique_ptr<Peer>> m_peers;
    std::map<std::uint32_t, EndpointMap> m_maps;   // loop thread: peers with their own
    std::uint32_t m_nextId = 1;
    std::function<void(const Peer &, const LogLine &)> m_sink;
    ZapDirectory m_zapPolicies;
    std::unique_ptr<ZSocket> m_zap;   // REP at inproc://zeromq.zap.01
    void answerZap();
};

}   // namespace zmqscope::peers
