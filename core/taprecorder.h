// TapRecorder: what a tap relay hands over becomes a capture. The relay
// thread only queues (bounded, TapRecorder::Options::maxQueued); a writer
// thread turns the queue into a pcapng file with synthesised TCP/IP (so
// Wireshark and tshark follow each connection) and, if asked, into ZMTP
// events. Past the bound, bytes are counted as missing from the capture
// (a gap in the file and the dissection), never held back from the traffic.
#pragma once

#include "capture/capturedissector.h"
#include "capture/capturefile.h"
#include "capture/pipeline.h"
#include "codec/curvedecryptor.h"
#include "relay.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace zmqscope {

class TapRecorder;

// The key-log lines of one capture's taps, shared: a line that one tap's
// CURVE-terminating relay wrote, or that a launched peer's own CURVE stack
// logged, reaches every tap attached, so a connection that crosses two taps
// (a peer's and the one in front of its server) opens in both. Thread-safe;
// a line goes into each recorder's queue before the bytes its owner writes
// after logging it, so the box that follows opens.
class KeyLineHub {
public:
    void attach(TapRecorder *recorder);
    void detach(TapRecorder *recorder);
    // Every attached recorder but `from` gets the line; so does the sink.
    void add(const std::string &line, const TapRecorder *from = nullptr);
    // Also every line to here (`zmqscope run --keylog`); any thread.
    void setSink(std::function<void(const std::string &)> sink);

private:
    std::mutex m_mutex;
    std::vector<TapRecorder *> m_recorders;
    std::function<void(const std::string &)> m_sink;
};

class TapRecorder : public RelayListener {
public:
    struct Options {
        std::FILE *pcapng = nullptr;                  // optional
        capture::CaptureEventSink *events = nullptr;  // optional, called on the writer thread
        std::size_t maxQueued = std::size_t(64) << 20;
        std::string target;                           // the forward endpoint, for comments
        // A CURVE-terminating relay: its key-log lines open the client
        // leg's boxes, and its server keys check HELLO and open WELCOME.
        bool curveKeyLog = false;
        std::vector<codec::CurveKeyPair> curveServerKeys;
        // Called with true before and false after the writer thread feeds
        // `events` anything (a connection's decoder included), so that a
        // reader on another thread can look at the decoders in between.
        std::function<void(bool acquire)> eventLock;
        protocols::DecodeAs decodeAs;                 // the application protocol of ports or connections
        // Key lines from elsewhere arrive here (and this relay's go there).
        std::shared_ptr<KeyLineHub> keys;
    };
    explicit TapRecorder(Options options);
    ~TapRecorder() override;

    // Writes everything queued, closes open connections in the file.
    void finish();

    std::uint64_t droppedBytes() const { return m_dropped; }
    std::uint64_t connections() const { return m_connections; }
    // The relay's key-log lines so far. Changed on the writer thread, under
    // Options::eventLock when one is given.
    const codec::CurveKeyLog &keyLog() const { return m_keyLog; }
    // A key-log line from elsewhere (any thread): opens this tap's boxes
    // from the next byte on.
    void addKeyLine(const std::string &line);

    void relayOpened(std::uint64_t connection, const std::string &client, const std::string &target) override;
    void relayBytes(std::uint64_t connection, codec::Direction d, std::int64_t timeNs, codec::Bytes bytes) override;
    std::vector<std::uint8_t> relayBuffer(std::size_t size) override;
    void relayBytesOwned(std::uint64_t connection, codec::Direction d, std::int64_t timeNs,
                         std::vector<std::uint8_t> &&buffer, std::size_t length) override;
    void relayClosed(std::uint64_t connection, const std::string &error) override;
    void relayKeyLog(std::uint64_t connection, const std::string &line) override;

private:
    struct Item {
        enum Kind { Open, Data, Gap, Close, Key } kind;
        std::uint64_t connection;
        codec::Direction direction = codec::Direction::ClientToServer;
        std::int64_t timeNs = 0;
        std::vector<std::uint8_t> bytes;   // Data: bytes [0, length)
        std::size_t length = 0;
        std::uint64_t missing = 0;
        std::string text;   // client endpoint (Open), error (Close) or key-log line (Key)
    };
    struct Conn;
    void push(Item item);
    void writerLoop();
    void handle(Item &item);

    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Item> m_queue;
    std::vector<std::vector<std::uint8_t>> m_spare;   // emptied buffers, reused (no malloc per chunk)
    std::size_t m_queuedBytes = 0;
    std::map<std::pair<std::uint64_t, int>, std::uint64_t> m_missing;   // relay thread side
    std::atomic<std::uint64_t> m_dropped{0};
    std::atomic<std::uint64_t> m_connections{0};
    bool m_stop = false;
    std::unique_ptr<capture::PcapngWriter> m_writer;
    std::uint32_t m_interface = 0;
    std::unique_ptr<capture::Pipeline> m_pipeline;            // writer thread only; with Options::events
    std::map<std::uint64_t, std::unique_ptr<Conn>> m_conns;   // writer thread only
    codec::CurveKeyLog m_keyLog;                              // writer thread only
    std::thread m_thread;
};

}   // namespace zmqscope
