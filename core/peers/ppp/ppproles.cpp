// 6/PPP on the worker link: READY is one frame 01, HEARTBEAT one frame 02,
// both from the worker first; a request is the client's envelope ([id] [])
// and its body, the reply echoes the envelope. Timers are the reference's
// (ppqueue.c, ppworker.c): heartbeat 1000 ms, liveness 3, reconnect back-off
// from 1000 ms doubling to 32000 ms. The Lazy Pirate client (the guide,
// lpclient.c): 2500 ms, 3 retries.
#include "ppproles.h"

#include "peers/retryingclient.h"

#include <zmq.h>

#include <deque>
#include <map>

namespace zmqscope::peers {

namespace {

const std::string kReady(1, '\x01');
const std::string kHeartbeat(1, '\x02');

// --- Queue -------------------------------------------------------------------

enum class QueueState : std::uint32_t { Starting, NoWorkers, Serving };
constexpr std::string_view kQueueStates[] = {"Starting", "NoWorkers", "Serving"};
constexpr OptionSpec kQueueOptions[] = {
    {"frontend", OptionKind::Bind, "tcp://*:5555", "where clients connect (ROUTER)", {}, 0, 0, true},
    {"backend", OptionKind::Bind, "tcp://*:5556", "where workers connect (ROUTER)", {}, 0, 0, true},
    {"heartbeat-ms", OptionKind::Integer, "1000", "heartbeat interval towards idle workers (ppqueue.c: 1000)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "heartbeats a worker may miss before it is dropped (ppqueue.c: 3)", {}, 1, 100},
    {"max-queued", OptionKind::Integer, "10000", "client requests held while no worker is ready", {}, 0, 10000000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class PppQueue final : public Peer {
public:
    using Peer::Peer;

private:
    struct Worker {
        PeerLoop::Clock::time_point expiry{};
        bool busy = false;
    };

    bool open(std::string *error) override
    {
        m_heartbeat = std::chrono::milliseconds(m_options.integer("heartbeat-ms"));
        m_front = openSocket(ZMQ_ROUTER, error);
        if (!m_front || !monitor(*m_front, error))
            return false;
        m_back = openSocket(ZMQ_ROUTER, error);
        if (!m_back || !monitor(*m_back, error))
            return false;
        for (const std::string &ep : m_options.list("frontend"))
            if (!bindSocket(*m_front, ep, error))
                return false;
        for (const std::string &ep : m_options.list("backend"))
            if (!bindSocket(*m_back, ep, error))
                return false;
        watch(*m_front, [this] { fromClients(); });
        watch(*m_back, [this] { fromWorkers(); });
        setState(QueueState::NoWorkers);
        tick();
        return true;
    }

    void fromClients()
    {
        Frames f;
        while (m_front && m_front->recv(f)) {
            countReceived();
            if (f.size() < 3 || !f[1].empty()) {
                log("dropped a client message without an envelope: " + framesText(f), LogLevel::Warning);
                continue;
            }
            if (m_queued.size() >= std::size_t(m_options.integer("max-queued"))) {
                log("no worker ready and " + std::to_string(m_queued.size()) + " requests held: dropped one", LogLevel::Warning);
                continue;
            }
            m_queued.push_back(std::move(f));
        }
        dispatch();
    }

    // 6/PPP: READY registers a worker; any message keeps it alive; a reply
    // makes it ready again. (ppqueue.c takes any message as READY and
    // heartbeats only idle workers: a busy worker that dies is never noticed.)
    void fromWorkers()
    {
        Frames f;
        while (m_back && m_back->recv(f)) {
            countReceived();
            const std::string id = f[0];
            const auto expiry = loop().now() + m_heartbeat * int(m_options.integer("liveness"));
            const auto known = m_known.find(id);
            if (known != m_known.end())
                known->second.expiry = expiry;
            if (f.size() == 2 && f[1] == kReady) {
                if (known != m_known.end()) {
                    log("READY again from a worker: taken as ready", LogLevel::Warning);
                    std::erase(m_ready, id);
                }
                m_known[id] = {expiry, false};
                m_ready.push_back(id);
                log("worker ready (" + std::to_string(m_ready.size()) + " ready)");
            } else if (f.size() == 2 && f[1] == kHeartbeat) {
                if (known == m_known.end())
                    log("HEARTBEAT from a worker that never said READY: ignored", LogLevel::Warning);
            } else if (f.size() == 2) {
                log("a worker sent the unknown control frame " + printableBytes(f[1]), LogLevel::Warning);
            } else if (known == m_known.end()) {
                log("a reply from a worker that never said READY: dropped", LogLevel::Warning);
            } else {
                Frames reply(f.begin() + 1, f.end());   // [client] [] body
                log("reply: " + framesText(reply, 2));
                if (m_front->send(reply))
                    countSent();
                if (known->second.busy) {
                    known->second.busy = false;
                    m_ready.push_back(id);
                }
            }
        }
        dispatch();
    }

    void dispatch()
    {
        while (!m_queued.empty() && !m_ready.empty()) {
            Frames f = std::move(m_queued.front());
            m_queued.pop_front();
            const std::string worker = m_ready.front();
            m_ready.pop_front();
            m_known[worker].busy = true;
            log("request: " + framesText(f, 2));
            f.insert(f.begin(), worker);
            if (m_back->send(f))
                countSent();
        }
        updateState();
    }

    void updateState()
    {
        setState(m_known.empty() ? QueueState::NoWorkers : QueueState::Serving);
    }

    void tick()
    {
        const auto now = loop().now();
        for (auto it = m_known.begin(); it != m_known.end();) {
            if (it->second.expiry > now) {
                ++it;
                continue;
            }
            log(std::string("worker expired: silent for ") + m_options.text("liveness") + " heartbeats"
                    + (it->second.busy ? " (its request is lost)" : ""),
                LogLevel::Warning);
            std::erase(m_ready, it->first);
            it = m_known.erase(it);
        }
        for (const auto &[id, w] : m_known)
            if (m_back->send({id, kHeartbeat}))
                countSent();
        updateState();
        after(m_heartbeat.count(), [this] { tick(); });
    }

    void close() override
    {
        m_front = m_back = nullptr;
        m_known.clear();
        m_ready.clear();
        m_queued.clear();
    }

    ZSocket *m_front = nullptr, *m_back = nullptr;
    std::chrono::milliseconds m_heartbeat{1000};
    std::map<std::string, Worker> m_known;   // every live worker, by routing id
    std::deque<std::string> m_ready;         // idle ones, least recently used first
    std::deque<Frames> m_queued;
};

// --- Worker ------------------------------------------------------------------

enum class WorkerState : std::uint32_t { Connecting, Ready, Working, Reconnecting, Dead, Done };
constexpr std::string_view kWorkerStates[] = {"Connecting", "Ready", "Working", "Reconnecting", "Dead", "Done"};
constexpr std::string_view kReplies[] = {"echo", "upper", "fixed"};
constexpr OptionSpec kWorkerOptions[] = {
    {"connect", OptionKind::Connect, "", "the queue's backend", {}, 0, 0, false, true},
    {"reply", OptionKind::Choice, "echo", "echo the request body, upper-case it, or send --reply-data", kReplies},
    {"reply-data", OptionKind::Data, "OK", "the fixed reply (text, 0x-hex or @file)"},
    {"delay-ms", OptionKind::Integer, "0", "work this long before replying", {}, 0, 3600000},
    {"count", OptionKind::Integer, "0", "answer this many requests, then stop (0: forever)", {}, 0, INT32_MAX},
    {"die-after", OptionKind::Integer, "0", "on this request, vanish without a reply (a crash; 0: never)", {}, 0, INT32_MAX},
    {"down-ms", OptionKind::Integer, "0", "after dying, come back (a new socket, READY) after this long (0: stay dead)", {}, 0, 3600000},
    {"heartbeat-ms", OptionKind::Integer, "1000", "heartbeat interval (ppworker.c: 1000)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "heartbeats the queue may miss before the worker reconnects (ppworker.c: 3)", {}, 1, 100},
    {"interval-init-ms", OptionKind::Integer, "1000", "first reconnect back-off (ppworker.c: 1000)", {}, 0, 3600000},
    {"interval-max-ms", OptionKind::Integer, "32000", "largest reconnect back-off (ppworker.c: 32000)", {}, 0, 3600000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class PppWorker final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        m_interval = m_options.integer("interval-init-ms");
        return connect(error);
    }

    bool connect(std::string *error)
    {
        closeSocket(m_socket);
        m_socket = openSocket(ZMQ_DEALER, error);
        if (!m_socket || !monitor(*m_socket, error) || !connectSocket(*m_socket, m_options.text("connect"), error))
            return false;
        watch(*m_socket, [this] { readable(); });
        setState(WorkerState::Connecting);
        send({kReady});
        log("READY sent to " + m_options.text("connect"));
        m_liveness = int(m_options.integer("liveness"));
        cancel(m_tick);
        m_tick = after(m_options.integer("heartbeat-ms"), [this] { tick(); });
        return true;
    }

    void onSocketEvent(ZSocket &, int event, int, const std::string &) override
    {
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && stateValue() == std::uint32_t(WorkerState::Connecting))
            setState(WorkerState::Ready);
    }

    void send(Frames f)
    {
        if (m_socket && m_socket->send(f))
            countSent();
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            m_liveness = int(m_options.integer("liveness"));
            m_interval = m_options.integer("interval-init-ms");   // (any message resets the back-off)
            if (stateValue() == std::uint32_t(WorkerState::Connecting))
                setState(WorkerState::Ready);
            if (f.size() == 1) {
                if (f[0] != kHeartbeat)
                    log("dropped an unknown control frame " + printableBytes(f[0]), LogLevel::Warning);
                continue;
            }
            onRequest(std::move(f));
        }
    }

    void onRequest(Frames f)
    {
        ++m_requests;
        // The envelope: frames up to and including the first empty one.
        std::size_t body = 0;
        while (body < f.size() && !f[body].empty())
            ++body;
        body = body < f.size() ? body + 1 : 0;
        log("request: " + framesText(f, body));
        const std::int64_t dieAfter = m_options.integer("die-after");
        if (dieAfter > 0 && m_requests == dieAfter) {
            die();
            return;
        }
        setState(WorkerState::Working);
        auto reply = [this, f, body]() mutable {
            const std::string mode = m_options.text("reply");
            if (mode == "fixed") {
                f.resize(body);
                f.push_back(dataBytes(m_options.text("reply-data")).value_or(std::string()));
            } else if (mode == "upper") {
                for (std::size_t i = body; i < f.size(); ++i)
                    for (char &c : f[i])
                        c = char(std::toupper(static_cast<unsigned char>(c)));
            }
            send(f);
            log("reply: " + framesText(f, body));
            ++m_answered;
            setState(WorkerState::Ready);
            const std::int64_t count = m_options.integer("count");
            if (count > 0 && m_answered >= count) {
                setState(WorkerState::Done);
                log("answered " + std::to_string(m_answered) + " request(s): stopping");
                finish(0);
            }
        };
        const std::int64_t delay = m_options.integer("delay-ms");
        if (delay > 0)
            after(delay, reply);
        else
            reply();
    }

    void die()
    {
        log("dying on request " + std::to_string(m_requests) + " (no reply, no goodbye)", LogLevel::Warning);
        cancel(m_tick);
        closeSocket(m_socket);
        setState(WorkerState::Dead);
        const std::int64_t down = m_options.integer("down-ms");
        if (down > 0)
            after(down, [this] {
                log("back after " + m_options.text("down-ms") + " ms");
                std::string error;
                if (!connect(&error))
                    fail(error);
            });
    }

    void tick()
    {
        m_tick = 0;
        if (--m_liveness <= 0) {
            log("the queue has been silent for " + m_options.text("liveness") + " heartbeats: reconnecting in "
                    + std::to_string(m_interval) + " ms",
                LogLevel::Warning);
            closeSocket(m_socket);
            setState(WorkerState::Reconnecting);
            const std::int64_t wait = m_interval;
            m_interval = std::min(m_interval * 2, m_options.integer("interval-max-ms"));
            after(wait, [this] {
                std::string error;
                if (!connect(&error))
                    fail(error);
            });
            return;
        }
        send({kHeartbeat});
        m_tick = after(m_options.integer("heartbeat-ms"), [this] { tick(); });
    }

    void close() override
    {
        m_socket = nullptr;
        m_tick = 0;
        m_requests = m_answered = 0;
    }

    ZSocket *m_socket = nullptr;
    int m_liveness = 3;
    std::int64_t m_interval = 1000;
    std::int64_t m_requests = 0, m_answered = 0;
    PeerLoop::TimerId m_tick = 0;
};

// --- Lazy Pirate client ---------------------------------------------------------

constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the server or queue frontend", {}, 0, 0, false, true},
    {"request", OptionKind::Data, "hello", "the request body; repeat for more frames (text, 0x-hex or @file)", {}, 0, 0, true},
    {"count", OptionKind::Integer, "1", "requests to make, one at a time (0: forever)", {}, 0, INT32_MAX},
    {"interval-ms", OptionKind::Integer, "0", "pause between a reply and the next request", {}, 0, 3600000},
    {"timeout-ms", OptionKind::Integer, "2500", "wait this long for a reply (lpclient.c: 2500)", {}, 1, 3600000},
    {"retries", OptionKind::Integer, "3", "resend on a fresh socket this many times, then give up (lpclient.c: 3)", {}, 0, 1000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class LazyPirateClient final : public RetryingClient {
public:
    using RetryingClient::RetryingClient;

private:
    int socketType() const override { return ZMQ_REQ; }
};

}   // namespace

const RoleInfo kPppQueueRole{"ppp-queue", "Paranoid Pirate", "PPP queue",
                             "A Paranoid Pirate queue: clients on the frontend, workers on the backend, requests to the "
                             "least recently used ready worker, heartbeats and expiry of silent workers.",
                             "6/PPP", kQueueOptions, kQueueStates, makePeer<PppQueue>};
const RoleInfo kPppWorkerRole{"ppp-worker", "Paranoid Pirate", "PPP worker",
                              "A Paranoid Pirate worker: READY, answers requests, heartbeats, reconnects with back-off; "
                              "can die on purpose and come back.",
                              "6/PPP", kWorkerOptions, kWorkerStates, makePeer<PppWorker>};
const RoleInfo kLazyPirateClientRole{"lazy-pirate-client", "Paranoid Pirate", "Lazy Pirate client",
                                     "A reliable REQ client (the guide's Lazy Pirate): times out, retries on a fresh "
                                     "socket, gives up.",
                                     "the guide, chapter 4", kClientOptions, RetryingClient::kStates, makePeer<LazyPirateClient>, true};

}   // namespace zmqscope::peers
