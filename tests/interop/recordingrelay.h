// Test helper: a TCP relay on 127.0.0.1 that forwards every accepted
// connection to a target port and records both directions segment by
// segment (each read is one segment), as a tap would. Runs one poll() thread.
#pragma once

#include "codec/zmtp.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace testutil {

struct RecordedSegment {
    zmqscope::codec::Direction direction;
    std::vector<std::uint8_t> bytes;
};

struct RecordedConnection {
    std::vector<RecordedSegment> segments;
    bool closed = false;
    std::uint64_t bytes[2] = {0, 0};
};

class RecordingRelay {
public:
    explicit RecordingRelay(std::uint16_t targetPort);
    ~RecordingRelay();
    RecordingRelay(const RecordingRelay &) = delete;
    RecordingRelay &operator=(const RecordingRelay &) = delete;

    std::uint16_t port() const { return m_port; }
    std::vector<RecordedConnection> connections() const;
    // Waits until connection `index` has carried at least `n` bytes in `d`.
    bool waitForBytes(std::size_t index, zmqscope::codec::Direction d, std::uint64_t n,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    void stop();

private:
    void run();

    std::uint16_t m_target;
    std::uint16_t m_port = 0;
    int m_listen = -1;
    int m_wake[2] = {-1, -1};
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<RecordedConnection> m_connections;
    std::thread m_thread;
};

}   // namespace testutil
