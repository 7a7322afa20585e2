// Relay: listens on an endpoint, and for every accepted connection opens one
// to a target and carries traffic between them. Two modes:
//   - Tap: bytes are forwarded exactly as they arrive, both ways, and handed
//     to the listener as they pass (the tap relay of the capture layer).
//   - CURVE-terminating: the relay plays CURVE server to the client (with the
//     server's key pair, which the user owns) and CURVE client to the server
//     (with a client or relay key pair the server accepts); messages are
//     re-encrypted leg to leg and handed to the listener in clear.
//
// One thread per relay runs a poll() loop over non-blocking sockets; the
// listener is called on that thread and must not block. Forwarding never
// waits for the listener; a slow peer only slows reading from its opposite
// (bounded per-direction buffers), never drops bytes.
#pragma once

#include "codec/curve.h"
#include "codec/zmtp.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace zmqscope {

struct Endpoint {
    enum class Kind { Tcp, Ipc };
    Kind kind = Kind::Tcp;
    std::string host;       // tcp: IPv4 or IPv6 literal (brackets stripped), or "*"
    std::uint16_t port = 0; // tcp: 0 = any free port (listen)
    std::string path;       // ipc: file system path

    // "tcp://127.0.0.1:5555", "tcp://[::1]:0", "tcp://*:7000", "ipc:///tmp/x.ipc"
    static std::optional<Endpoint> parse(std::string_view text, std::string *error = nullptr);
    std::string toString() const;
};

struct CurveTermination {
    codec::CurveKeyPair serverKeys;     // the real server's key pair (the client expects its public key)
    codec::CurveKeyPair clientKeys;     // what the relay shows the real server
    codec::CurveKey upstreamServerKey{};   // the real server's public key
};

// A TCP port on 127.0.0.1 that was free a moment ago (0 if none): where a
// peer binds behind a tap, or a test listens. Another program may take it
// first; whoever binds it then says so.
std::uint16_t freeLoopbackPort();

// Where a tap goes in front of a peer's TCP endpoint (the window's peers and
// `zmqscope run`). A peer that connects to `endpoint`: the tap listens on
// 127.0.0.1:0 and forwards there; the peer connects to wherever it bound.
// A peer that binds `endpoint`: the tap listens there ("*" as every
// interface, as libzmq reads it) and forwards to a free loopback port, where
// the peer binds instead (`peerEndpoint`).
struct TapPlacement {
    std::string listen, forward;
    std::string peerEndpoint;   // bind: where the peer binds; connect: empty (the tap's bound endpoint)
};
TapPlacement placeTap(const std::string &endpoint, bool bind);

class RelayListener {
public:
    virtual ~RelayListener() = default;
    // All callbacks run on the relay thread.
    virtual void relayOpened(std::uint64_t connection, const std::string &client, const std::string &target)
    {
        (void)connection, (void)client, (void)target;
    }
    virtual void relayBytes(std::uint64_t connection, codec::Direction d, std::int64_t timeNs, codec::Bytes bytes)
    {
        (void)connection, (void)d, (void)timeNs, (void)bytes;
    }
    // Tap mode, the zero-copy path: the relay reads into a buffer the
    // listener lends it and then hands it over (bytes [0, length)). The
    // default lends a fresh buffer and passes a view to relayBytes().
    virtual std::vector<std::uint8_t> relayBuffer(std::size_t size) { return std::vector<std::uint8_t>(size); }
    virtual void relayBytesOwned(std::uint64_t connection, codec::Direction d, std::int64_t timeNs,
                                 std::vector<std::uint8_t> &&buffer, std::size_t length)
    {
        relayBytes(connection, d, timeNs, codec::Bytes(buffer.data(), length));
    }
    // CURVE-terminating mode: relayBytes() carries the client leg (what the
    // client sent, what the relay answered it), and this line, the client
    // leg's session key in the key-log format (docs/CURVE_KEYLOG.md), comes
    // as soon as the relay wrote WELCOME, before any box it opens.
    virtual void relayKeyLog(std::uint64_t connection, const std::string &line) { (void)connection, (void)line; }
    // CURVE-terminating mode: a message in clear, as it crosses the relay.
    virtual void relayMessage(std::uint64_t connection, codec::Direction d, const std::vector<std::string> &frames)
    {
        (void)connection, (void)d, (void)frames;
    }
    // `error` empty: closed normally by one side.
    virtual void relayClosed(std::uint64_t connection, const std::string &error) { (void)connection, (void)error; }
};

class Relay {
public:
    struct Config {
        Endpoint listen;
        Endpoint forward;
        std::optional<CurveTermination> curve;   // set: CURVE-terminating mode
        std::size_t maxPending = std::size_t(4) << 20;   // per direction, before reading pauses
    };

    Relay(Config config, RelayListener *listener);
    ~Relay();
    Relay(const Relay &) = delete;
    Relay &operator=(const Relay &) = delete;

    bool start(std::string *error = nullptr);
    void stop();
    bool isRunning() const { return m_running; }
    // The endpoint actually bound (with the port chosen for port 0).
    const Endpoint &boundEndpoint() const { return m_bound; }

    struct Stats {
        std::uint64_t accepted = 0;
        std::uint64_t failed = 0;      // target unreachable, handshake failures
        std::uint64_t bytes[2] = {0, 0};
    };
    Stats stats() const;

private:
    struct Connection;
    void run();

    Config m_config;
    RelayListener *m_listener;
    Endpoint m_bound;
    int m_listenFd = -1;
    int m_wake[2] = {-1, -1};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_accepted{0}, m_failed{0}, m_bytes0{0}, m_bytes1{0};
    std::thread m_thread;
};

}   // namespace zmqscope
