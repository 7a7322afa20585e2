// Peer: one running role (an MDP broker, a Lazy Pirate client, a generic
// socket ...) on a PeerLoop's thread. Each role is a state machine whose
// state is a named enum (its names are in the RoleInfo, so the window and
// the log show "WaitingForReply", never a number); what it did is counted
// and logged. status() and takeLog() are the only calls from other threads.
//
// Endpoints go through the group's EndpointMap before a role binds or
// connects, so a tap can be put in between without the role knowing.
#pragma once

#include "codec/zap.h"
#include "options.h"
#include "peerloop.h"
#include "zsocket.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::peers {

class Peer;

// A role as data: the command line's `zmqscope peer <id>`, a scenario
// file's section, a row of the New Peer dialog.
struct RoleInfo {
    std::string_view id;            // "mdp-broker"
    std::string_view protocol;      // the menu group: "Majordomo", "Sockets"
    std::string_view title;         // "MDP broker"
    std::string_view description;   // one sentence for --help and the dialog
    std::string_view spec;          // "7/MDP, 18/MDP, 8/MMI"
    std::span<const OptionSpec> options;
    std::span<const std::string_view> states;   // the role's state enum, by value
    std::unique_ptr<Peer> (*create)(const RoleInfo &role, Options options);
    bool client = false;   // finishes on its own (its requests made): a scenario ends when its clients are done
};

enum class LogLevel : std::uint8_t { Info, Warning, Error };

struct LogLine {
    std::int64_t timeMs = 0;   // since the peer started
    LogLevel level = LogLevel::Info;
    std::string text;
};

// A snapshot for other threads.
struct PeerStatus {
    std::uint32_t id = 0;
    std::string role;                  // RoleInfo::id
    std::string name;                  // the user's name for it, else the role's title
    std::vector<std::string> endpoints;   // "bind tcp://*:5555", "connect tcp://127.0.0.1:5555"
    std::string state;
    std::uint64_t sent = 0, received = 0;
    std::string lastError;
    bool running = false;
};

// bind: where the role asked to bind; returns where it binds instead.
// connect: likewise. Identity by default.
struct EndpointMap {
    std::function<std::string(const std::string &)> bind;
    std::function<std::string(const std::string &)> connect;
    // Where a CURVE session key the peer's own stack knows goes
    // (docs/CURVE_KEYLOG.md): the window's taps, so its traffic reads in
    // clear. Called on the loop thread before the first box it opens.
    std::function<void(const std::string &)> keyLog;
};

// The group's ZAP handler (27/ZAP, inproc://zeromq.zap.01 on its context)
// answers by the ZAP domain a server socket names: each PLAIN or CURVE
// server peer registers its own. Loop thread only.
using ZapDirectory = std::map<std::string, codec::AccessPolicy>;

class Peer {
public:
    Peer(const RoleInfo &role, Options options);
    virtual ~Peer();
    Peer(const Peer &) = delete;
    Peer &operator=(const Peer &) = delete;

    const RoleInfo &role() const { return m_role; }
    const Options &options() const { return m_options; }
    std::uint32_t id() const { return m_id; }

    // Loop thread. start() opens sockets and timers; false (and the state
    // Failed, the error logged) when it cannot. stop() closes everything.
    bool start(PeerLoop &loop, std::uint32_t id, const EndpointMap &map, ZapDirectory *zap = nullptr);
    // `flushMs`: what is still queued may take this long to go out (a
    // client that is done); else it is dropped at once.
    void stop(int flushMs = 0);
    bool running() const { return m_running; }

    // Any thread.
    PeerStatus status() const;
    std::vector<LogLine> takeLog();
    std::uint32_t stateValue() const { return m_state.load(); }
    std::string_view stateName() const;
    // Called on the loop thread for every log line (the command line prints them).
    void setLogSink(std::function<void(const Peer &, const LogLine &)> sink) { m_logSink = std::move(sink); }
    // Finished on its own (a client that made its requests; gave up): the
    // group stops it, the command line exits with its code.
    bool finished() const { return m_finished; }
    // Whether it finishes on its own, so that a scenario waits for it: the
    // role's `client`, unless the options make it one (a ZRE node told how
    // many peers to expect).
    virtual bool isClient() const { return m_role.client; }
    int exitCode() const { return m_exitCode; }

protected:
    virtual bool open(std::string *error) = 0;
    virtual void close() {}

    template <typename E>
    void setState(E state)
    {
        setStateValue(static_cast<std::uint32_t>(state));
    }
    void setStateValue(std::uint32_t state);
    void log(std::string text, LogLevel level = LogLevel::Info);
    // An ordinary line made only if it will be kept (the per-message lines
    // of a busy peer: the text is not even built past the rate).
    template <typename Make>
    void logLazily(Make make)
    {
        if (infoAdmitted())
            emitLog(make(), LogLevel::Info);
    }
    void fail(std::string error);   // logged as an error and kept as the last error
    void finish(int exitCode);
    void countSent(std::uint64_t n = 1) { m_sent += n; }
    void countReceived(std::uint64_t n = 1) { m_received += n; }

    // A socket bound or connected through the endpoint map; its endpoint
    // goes into the status. Watched: `readable` runs when it has input.
    ZSocket *openSocket(int type, std::string *error);
    bool bindSocket(ZSocket &s, const std::string &endpoint, std::string *error);
    bool connectSocket(ZSocket &s, const std::string &endpoint, std::string *error);
    void watch(ZSocket &s, std::function<void()> readable);
    // A plain descriptor the peer opened (a UDP socket): watched like a
    // socket, and from now on the peer's to close: stop() unwatches and
    // closes it, after close().
    void watchFd(int fd, std::function<void()> readable);
    // An endpoint a role connects to by itself (a plain TCP socket, not
    // libzmq): through the endpoint map, and into the status.
    std::string mapConnect(const std::string &endpoint);
    // A CURVE session's key-log line: to the endpoint map's key log (the
    // capture), if it has one.
    void sessionKey(const std::string &line);
    // libzmq's socket events for `s` (connected, handshake done or failed,
    // disconnected, retries), logged and handed to onSocketEvent(): how a
    // role knows it is connected, and why not.
    bool monitor(ZSocket &s, std::string *error);
    virtual void onSocketEvent(ZSocket &s, int event, int value, const std::string &address)
    {
        (void)s, (void)event, (void)value, (void)address;
    }
    void closeSocket(ZSocket *&s);
    PeerLoop::TimerId after(std::int64_t ms, std::function<void()> fire);
    void cancel(PeerLoop::TimerId &id);
    std::int64_t elapsedMs() const;
    PeerLoop &loop() { return *m_loop; }
    // A server socket's ZAP domain and who it admits; false without a handler.
    bool admit(ZSocket &s, codec::AccessPolicy policy);

    Options m_options;

private:
    const RoleInfo &m_role;
    PeerLoop *m_loop = nullptr;
    EndpointMap m_map;
    ZapDirectory *m_zap = nullptr;
    std::uint32_t m_id = 0;
    std::vector<std::unique_ptr<ZSocket>> m_sockets;
    std::vector<int> m_fds;   // watchFd()'s, closed by stop()
    struct Monitor {
        ZSocket *socket;
        std::unique_ptr<ZSocket> pair;
    };
    std::vector<Monitor> m_monitors;
    void readMonitor(ZSocket *pair);
    std::vector<PeerLoop::TimerId> m_timers;
    PeerLoop::Clock::time_point m_started;
    bool m_running = false;
    std::atomic<bool> m_finished{false};   // (read by other threads: the group's exitCode(), finished())
    std::atomic<int> m_exitCode{0};
    std::atomic<std::uint32_t> m_state{0};
    std::atomic<std::uint64_t> m_sent{0}, m_received{0};
    mutable std::mutex m_mutex;   // m_log, m_lastError, m_endpoints
    std::vector<LogLine> m_log;
    std::string m_lastError;
    std::vector<std::string> m_endpoints;
    std::function<void(const Peer &, const LogLine &)> m_logSink;
    bool infoAdmitted();
    void emitLog(std::string text, LogLevel level);
    static constexpr std::uint64_t kLogPerSecond = 200;
    std::int64_t m_logSecond = -1;
    std::uint64_t m_logLines = 0, m_logSkipped = 0;
};

// A role's RoleInfo::create: `makePeer<MdpBroker>`.
template <typename Role>
std::unique_ptr<Peer> makePeer(const RoleInfo &role, Options options)
{
    return std::make_unique<Role>(role, std::move(options));
}

// Every role, in menu order (peers/roles.cpp: one line per role).
std::span<const RoleInfo *const> roles();
const RoleInfo *findRole(std::string_view id);

// A plain TCP connection to tcp://IPv4:port for the roles on the project's
// own stack (zmtp-peer, hostile-peer): connected within two seconds, then
// non-blocking with TCP_NODELAY. The descriptor, or -1 and why in `error`.
int connectTcpEndpoint(const std::string &endpoint, std::string *error);

// Printable bytes as text, anything else as \xNN (log lines, the command line).
std::string printableBytes(std::string_view bytes, std::size_t limit = 80);
// Frames from `first` on as "a | b | c", each printable and cut after 60 bytes (log lines).
std::string framesText(const Frames &frames, std::size_t first = 0);
// A data option's values as the frames of one message (a request body):
// one empty frame when it has none; nullopt and why at a bad value.
std::optional<Frames> messageOption(const Options &options, std::string_view name, std::string *error);
// 16 octets from the system's random source, with the version 4 and
// variant bits of RFC 4122 (Clone KVSET UUID frames, Titanic request ids).
std::string randomUuid();

}   // namespace zmqscope::peers
