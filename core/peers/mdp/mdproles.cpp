// The wire, per 7/MDP (0.1) and 18/MDP (0.2): mdpwire.h, shared with Titanic.
// Timers are the reference's (mdbroker.c, mdwrkapi.c, mdcliapi.c): heartbeat
// 2500 ms, liveness 3, reconnect 2500 ms, client timeout 2500 ms and 3 retries.
#include "mdproles.h"

#include "mdpwire.h"

#include "peers/retryingclient.h"

#include <zmq.h>

#include <algorithm>
#include <deque>
#include <map>

namespace zmqscope::peers {

namespace {

using mdp::Version;
using mdp::WorkerCodes;
using mdp::codes;
using mdp::header;
using mdp::kVersions;
using mdp::workerCommand;

constexpr std::string_view kVersionsAny[] = {"0.1", "0.2", "any"};

// --- Broker ------------------------------------------------------------------

enum class BrokerState : std::uint32_t { Starting, Serving };
constexpr std::string_view kBrokerStates[] = {"Starting", "Serving"};
constexpr OptionSpec kBrokerOptions[] = {
    {"bind", OptionKind::Bind, "tcp://*:5555", "where clients and workers connect", {}, 0, 0, true},
    {"mdp", OptionKind::Choice, "any", "which Majordomo version to serve: 0.1, 0.2 or any (both on one socket)", kVersionsAny},
    {"heartbeat-ms", OptionKind::Integer, "2500", "heartbeat interval towards workers (7/MDP: 2500 in mdbroker.c)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "heartbeats a worker may miss before it is expired (7/MDP: 3 to 5)", {}, 1, 100},
    {"prefetch", OptionKind::Integer, "1", "requests a worker may be given before it answers: 1 as 7/MDP says; more pipelines (a worker that reads one at a time still answers each in turn)", {}, 1, 10000},
    {"request-expiry-ms", OptionKind::Integer, "0", "drop a request no worker took in this time (7/MDP says it should; 0: keep it, as mdbroker.c does)", {}, 0, 86400000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class MdpBroker final : public Peer {
public:
    using Peer::Peer;

private:
    struct Request {
        std::string client;
        Version version;
        Frames body;
        PeerLoop::Clock::time_point received;
    };
    struct Worker {
        std::string identity;
        std::string service;
        Version version = Version::V01;
        PeerLoop::Clock::time_point expiry{};
        PeerLoop::Clock::time_point lastSent{};
        // The requests in hand, oldest first: each client's address and
        // version (one at a time, as 7/MDP says, unless --prefetch).
        std::deque<std::pair<std::string, Version>> inHand;
    };
    struct Service {
        std::deque<Request> requests;
        std::deque<std::string> waiting;   // workers with room for a request, least recently used first
        std::size_t workers = 0;
    };

    Worker worker(const std::string &id, const std::string &service, Version v)
    {
        Worker w;
        w.identity = id;
        w.service = service;
        w.version = v;
        w.expiry = loop().now() + m_heartbeat * m_liveness;
        w.lastSent = loop().now();
        return w;
    }

    bool open(std::string *error) override
    {
        m_heartbeat = std::chrono::milliseconds(m_options.integer("heartbeat-ms"));
        m_liveness = int(m_options.integer("liveness"));
        m_prefetch = m_options.integer("prefetch");
        const std::string v = m_options.text("mdp");
        m_accept01 = v != "0.2";
        m_accept02 = v != "0.1";
        m_socket = openSocket(ZMQ_ROUTER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        for (const std::string &ep : m_options.list("bind"))
            if (!bindSocket(*m_socket, ep, error))
                return false;
        watch(*m_socket, [this] { readable(); });
        setState(BrokerState::Serving);
        log("serving MDP/" + v + " on " + join(m_options.list("bind")));
        tick();
        return true;
    }

    static std::string join(const std::vector<std::string> &v)
    {
        std::string out;
        for (const auto &s : v)
            out += (out.empty() ? "" : ", ") + s;
        return out;
    }

    void send(Frames frames)
    {
        if (m_socket->send(frames))
            countSent();
    }

    void sendWorker(Worker &w, char code, Frames rest = {})
    {
        Frames f = workerCommand(w.version, code, std::move(rest));
        f.insert(f.begin(), w.identity);
        w.lastSent = loop().now();
        send(std::move(f));
    }

    void sendClient(const std::string &client, Version v, char code02, const std::string &service, Frames body)
    {
        Frames f{client};
        if (v == Version::V01) {
            f.emplace_back();
            f.push_back(header(false, v));
        } else {
            f.push_back(header(false, v));
            f.emplace_back(1, code02);
        }
        f.push_back(service);
        for (auto &b : body)
            f.push_back(std::move(b));
        send(std::move(f));
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            onMessage(f);
        }
    }

    void onMessage(Frames &f)
    {
        if (f.size() < 2) {
            log("dropped a message of " + std::to_string(f.size()) + " frame(s)", LogLevel::Warning);
            return;
        }
        const std::string sender = f[0];
        // 0.1 puts an empty frame before the header; 0.2 does not.
        const bool delimited = f[1].empty() && f.size() > 2;
        const std::size_t h = delimited ? 2 : 1;
        const std::string &hdr = f[h];
        if ((hdr == "MDPC01" && delimited && m_accept01) || (hdr == "MDPC02" && !delimited && m_accept02))
            return fromClient(sender, hdr == "MDPC01" ? Version::V01 : Version::V02, f, h + 1);
        if ((hdr == "MDPW01" && delimited && m_accept01) || (hdr == "MDPW02" && !delimited && m_accept02))
            return fromWorker(sender, hdr == "MDPW01" ? Version::V01 : Version::V02, f, h + 1);
        log("dropped a message that is not Majordomo " + std::string(m_accept01 && m_accept02 ? "0.1 or 0.2" : m_accept01 ? "0.1" : "0.2")
                + ": " + framesText(f, 1),
            LogLevel::Warning);
    }

    void fromClient(const std::string &client, Version v, Frames &f, std::size_t next)
    {
        if (v == Version::V02) {
            if (next >= f.size() || f[next] != std::string(1, '\x01')) {
                log("dropped a client message that is not REQUEST (01)", LogLevel::Warning);
                return;
            }
            ++next;
        }
        if (next + 1 >= f.size()) {
            log("dropped a REQUEST without a service and a body frame", LogLevel::Warning);
            return;
        }
        const std::string service = f[next];
        Frames body(std::make_move_iterator(f.begin() + std::ptrdiff_t(next + 1)), std::make_move_iterator(f.end()));
        logLazily([&] { return "request for " + printableBytes(service) + ": " + framesText(body); });
        if (service.starts_with("mmi."))
            return mmi(client, v, service, std::move(body));
        m_services[service].requests.push_back({client, v, std::move(body), loop().now()});
        dispatch(service);
    }

    // 8/MMI: the broker answers mmi.* itself.
    void mmi(const std::string &client, Version v, const std::string &service, Frames body)
    {
        std::string status = "501";
        if (service == "mmi.service") {
            const auto it = m_services.find(body.empty() ? std::string() : body.front());
            status = it != m_services.end() && it->second.workers > 0 ? "200" : "404";
        }
        log(service + " " + (body.empty() ? std::string() : printableBytes(body.front())) + ": " + status);
        if (body.empty())
            body.emplace_back();
        body.back() = status;   // (mdbroker.c overwrites the last body frame)
        sendClient(client, v, 3, service, std::move(body));
    }

    void fromWorker(const std::string &id, Version v, Frames &f, std::size_t next)
    {
        if (next >= f.size() || f[next].size() != 1) {
            log("dropped a worker message without a command byte", LogLevel::Warning);
            return;
        }
        const char code = f[next][0];
        const WorkerCodes &c = codes(v);
        ++next;
        auto it = m_workers.find(id);
        const bool known = it != m_workers.end();
        if (known)
            it->second.expiry = loop().now() + m_heartbeat * m_liveness;
        if (code == c.ready) {
            const std::string service = next < f.size() ? f[next] : std::string();
            if (known || service.starts_with("mmi.") || service.empty()) {
                log(std::string(known ? "READY again" : service.empty() ? "READY without a service" : "READY for a reserved mmi.* service")
                        + " from a worker: DISCONNECT",
                    LogLevel::Warning);
                Worker w = worker(id, service, v);
                sendWorker(w, c.disconnect);
                if (known)
                    removeWorker(id);
                return;
            }
            m_workers.emplace(id, worker(id, service, v));
            Service &s = m_services[service];
            ++s.workers;
            s.waiting.push_back(id);
            log("worker ready for " + printableBytes(service) + " (" + std::to_string(s.workers) + " now)");
            dispatch(service);
            return;
        }
        if (code == c.disconnect) {
            if (known) {
                log("worker for " + printableBytes(it->second.service) + " said DISCONNECT");
                removeWorker(id);
            }
            return;
        }
        if (!known) {
            // A worker the broker does not know (it expired, or the broker restarted).
            log("command " + std::to_string(int(code)) + " from an unknown worker: DISCONNECT", LogLevel::Warning);
            Worker w = worker(id, {}, v);
            sendWorker(w, c.disconnect);
            return;
        }
        Worker &w = it->second;
        if (code == c.heartbeat)
            return;
        const bool partial = v == Version::V02 && code == c.reply;
        const bool final = code == c.final;
        if (partial || final) {
            if (next + 1 >= f.size() || !f[next + 1].empty()) {
                log("dropped a reply without a client address and an empty frame", LogLevel::Warning);
                return;
            }
            const std::string client = f[next];
            Frames body(std::make_move_iterator(f.begin() + std::ptrdiff_t(next + 2)), std::make_move_iterator(f.end()));
            logLazily([&] { return std::string(partial ? "partial" : "reply") + " from " + printableBytes(w.service) + ": " + framesText(body); });
            auto held = std::find_if(w.inHand.begin(), w.inHand.end(), [&](const auto &h) { return h.first == client; });
            if (held == w.inHand.end()) {
                log("a reply for a client this worker was not given: dropped", LogLevel::Warning);
                return;
            }
            const Version clientVersion = held->second;
            if (partial && clientVersion == Version::V01)
                log("(an MDP/0.1 client gets only the FINAL)");
            else
                sendClient(client, clientVersion, partial ? 2 : 3, w.service, std::move(body));
            if (final) {
                const bool full = std::int64_t(w.inHand.size()) >= m_prefetch;
                w.inHand.erase(held);
                if (full)
                    m_services[w.service].waiting.push_back(id);
                dispatch(w.service);
            }
            return;
        }
        log("unexpected command " + std::to_string(int(code)) + " from a worker: DISCONNECT", LogLevel::Warning);
        sendWorker(w, c.disconnect);
        removeWorker(id);
    }

    void removeWorker(const std::string &id)
    {
        const auto it = m_workers.find(id);
        if (it == m_workers.end())
            return;
        Service &s = m_services[it->second.service];
        std::erase(s.waiting, id);
        if (s.workers)
            --s.workers;
        m_workers.erase(it);
    }

    void dispatch(const std::string &service)
    {
        Service &s = m_services[service];
        const auto now = loop().now();
        const auto expiry = std::chrono::milliseconds(m_options.integer("request-expiry-ms"));
        if (expiry.count() > 0)
            while (!s.requests.empty() && now - s.requests.front().received > expiry) {
                log("request for " + printableBytes(service) + " expired: no worker took it", LogLevel::Warning);
                s.requests.pop_front();
            }
        while (!s.requests.empty() && !s.waiting.empty()) {
            const std::string id = s.waiting.front();
            s.waiting.pop_front();
            Worker &w = m_workers.at(id);
            Request r = std::move(s.requests.front());
            s.requests.pop_front();
            w.inHand.emplace_back(r.client, r.version);
            if (std::int64_t(w.inHand.size()) < m_prefetch)
                s.waiting.push_back(id);   // (room for more: to the back, the others first)
            Frames rest{r.client, std::string()};
            for (auto &b : r.body)
                rest.push_back(std::move(b));
            sendWorker(w, codes(w.version).request, std::move(rest));
        }
    }

    // Every heartbeat: expire silent workers, heartbeat the quiet ones.
    void tick()
    {
        const auto now = loop().now();
        std::vector<std::string> expired;
        for (auto &[id, w] : m_workers) {
            if (w.expiry <= now) {
                expired.push_back(id);
            } else if (now - w.lastSent >= m_heartbeat) {
                sendWorker(w, codes(w.version).heartbeat);
            }
        }
        for (const std::string &id : expired) {
            const Worker &w = m_workers.at(id);
            log("worker for " + printableBytes(w.service) + " expired: silent for " + std::to_string(m_liveness) + " heartbeats"
                    + (w.inHand.size() == 1 ? " (its request is lost)"
                       : w.inHand.empty()   ? ""
                                            : " (its " + std::to_string(w.inHand.size()) + " requests are lost)"),
                LogLevel::Warning);
            removeWorker(id);
        }
        for (auto &[name, s] : m_services)
            if (!s.requests.empty())
                dispatch(name);
        after(m_heartbeat.count(), [this] { tick(); });
    }

    // (stop() freed the sockets; a restart begins from nothing)
    void close() override
    {
        m_socket = nullptr;
        m_workers.clear();
        m_services.clear();
    }

    ZSocket *m_socket = nullptr;
    std::chrono::milliseconds m_heartbeat{2500};
    int m_liveness = 3;
    std::int64_t m_prefetch = 1;
    bool m_accept01 = true, m_accept02 = true;
    std::map<std::string, Worker> m_workers;
    std::map<std::string, Service> m_services;
};

// --- Worker ------------------------------------------------------------------

enum class WorkerState : std::uint32_t { Connecting, Ready, Working, Reconnecting, Done };
constexpr std::string_view kWorkerStates[] = {"Connecting", "Ready", "Working", "Reconnecting", "Done"};
constexpr std::string_view kReplies[] = {"echo", "upper", "fixed"};
constexpr OptionSpec kWorkerOptions[] = {
    {"connect", OptionKind::Connect, "", "the broker", {}, 0, 0, false, true},
    {"service", OptionKind::Text, "echo", "the service this worker offers"},
    {"mdp", OptionKind::Choice, "0.1", "Majordomo version: 0.1 (7/MDP) or 0.2 (18/MDP)", kVersions},
    {"reply", OptionKind::Choice, "echo", "echo the request body, upper-case it, or send --reply-data", kReplies},
    {"reply-data", OptionKind::Data, "OK", "the fixed reply (text, 0x-hex or @file)"},
    {"delay-ms", OptionKind::Integer, "0", "work this long before replying", {}, 0, 3600000},
    {"partials", OptionKind::Integer, "0", "MDP/0.2: PARTIAL replies before the FINAL", {}, 0, 1000},
    {"count", OptionKind::Integer, "0", "answer this many requests, then DISCONNECT and stop (0: forever)", {}, 0, INT32_MAX},
    {"heartbeat-ms", OptionKind::Integer, "2500", "heartbeat interval (mdwrkapi.c: 2500)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "heartbeats the broker may miss before the worker reconnects", {}, 1, 100},
    {"reconnect-ms", OptionKind::Integer, "2500", "wait before reconnecting (mdwrkapi.c: 2500)", {}, 0, 3600000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class MdpWorker final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        m_version = m_options.text("mdp") == "0.2" ? Version::V02 : Version::V01;
        m_heartbeat = m_options.integer("heartbeat-ms");
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
        send(codes(m_version).ready, {m_options.text("service")});
        log("READY for " + printableBytes(m_options.text("service")) + " sent to " + m_options.text("connect"));
        m_liveness = int(m_options.integer("liveness"));
        cancel(m_tick);
        m_tick = after(m_heartbeat, [this] { tick(); });
        return true;
    }

    void onSocketEvent(ZSocket &, int event, int, const std::string &) override
    {
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && stateValue() == std::uint32_t(WorkerState::Connecting))
            setState(WorkerState::Ready);
    }

    void send(char code, Frames rest = {})
    {
        if (m_socket && m_socket->send(workerCommand(m_version, code, std::move(rest)))) {
            countSent();
            m_lastSent = loop().now();
        }
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            m_liveness = int(m_options.integer("liveness"));
            onMessage(f);
        }
    }

    void onMessage(const Frames &f)
    {
        const auto command = mdp::readWorkerCommand(m_version, f);
        if (!command) {
            log("dropped a message that is not MDP/" + std::string(kVersions[int(m_version)]) + " worker: " + framesText(f),
                LogLevel::Warning);
            return;
        }
        const char code = command->code;
        const std::size_t next = command->next;
        const WorkerCodes &c = codes(m_version);
        if (stateValue() == std::uint32_t(WorkerState::Connecting))
            setState(WorkerState::Ready);
        if (code == c.heartbeat)
            return;
        if (code == c.disconnect) {
            log("the broker said DISCONNECT: reconnecting", LogLevel::Warning);
            reconnectLater();
            return;
        }
        if (code != c.request || f.size() < next + 3 || !f[next + 1].empty()) {
            log("dropped an unexpected or malformed command " + std::to_string(int(code)), LogLevel::Warning);
            return;
        }
        const std::string client = f[next];
        Frames body(f.begin() + std::ptrdiff_t(next + 2), f.end());
        logLazily([&] { return "request: " + framesText(body); });
        setState(WorkerState::Working);
        const std::int64_t delay = m_options.integer("delay-ms");
        if (delay > 0)
            after(delay, [this, client, body] { answer(client, body); });
        else
            answer(client, body);
    }

    void answer(const std::string &client, Frames body)
    {
        const std::string mode = m_options.text("reply");
        if (mode == "upper") {
            for (auto &b : body)
                for (char &ch : b)
                    ch = char(std::toupper(static_cast<unsigned char>(ch)));
        } else if (mode == "fixed") {
            body = {dataBytes(m_options.text("reply-data")).value_or(std::string())};
        }
        const WorkerCodes &c = codes(m_version);
        if (m_version == Version::V02)
            for (std::int64_t i = 0; i < m_options.integer("partials"); ++i) {
                Frames partial{client, std::string()};
                partial.insert(partial.end(), body.begin(), body.end());
                send(c.reply, std::move(partial));
            }
        Frames rest{client, std::string()};
        rest.insert(rest.end(), body.begin(), body.end());
        send(c.final, std::move(rest));
        logLazily([&] { return "reply: " + framesText(body); });
        ++m_answered;
        setState(WorkerState::Ready);
        const std::int64_t count = m_options.integer("count");
        if (count > 0 && m_answered >= count) {
            send(c.disconnect);
            log("answered " + std::to_string(m_answered) + " request(s): DISCONNECT");
            setState(WorkerState::Done);
            finish(0);
        }
    }

    void tick()
    {
        m_tick = 0;
        if (--m_liveness <= 0) {
            log("the broker has been silent for " + m_options.text("liveness") + " heartbeats: reconnecting", LogLevel::Warning);
            reconnectLater();
            return;
        }
        if (loop().now() - m_lastSent >= std::chrono::milliseconds(m_heartbeat))
            send(codes(m_version).heartbeat);
        m_tick = after(m_heartbeat, [this] { tick(); });
    }

    void reconnectLater()
    {
        cancel(m_tick);
        closeSocket(m_socket);
        setState(WorkerState::Reconnecting);
        after(m_options.integer("reconnect-ms"), [this] {
            std::string error;
            if (!connect(&error))
                fail(error);
        });
    }

    Version m_version = Version::V01;
    void close() override
    {
        m_socket = nullptr;
        m_tick = 0;
        m_answered = 0;
    }

    ZSocket *m_socket = nullptr;
    std::int64_t m_heartbeat = 2500;
    int m_liveness = 3;
    std::int64_t m_answered = 0;
    PeerLoop::TimerId m_tick = 0;
    PeerLoop::Clock::time_point m_lastSent{};
};

// --- Client ------------------------------------------------------------------

constexpr std::string_view kClientSockets[] = {"req", "dealer"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the broker", {}, 0, 0, false, true},
    {"service", OptionKind::Text, "echo", "the service to ask (mmi.service asks the broker whether a service exists)"},
    {"request", OptionKind::Data, "hello", "the request body; repeat for more frames (text, 0x-hex or @file)", {}, 0, 0, true},
    {"mdp", OptionKind::Choice, "0.1", "Majordomo version: 0.1 (7/MDP) or 0.2 (18/MDP)", kVersions},
    {"socket", OptionKind::Choice, "req", "MDP/0.1 over REQ or DEALER (0.2 always uses DEALER)", kClientSockets},
    {"count", OptionKind::Integer, "1", "requests to make, one at a time (0: forever)", {}, 0, INT32_MAX},
    {"interval-ms", OptionKind::Integer, "0", "pause between a reply and the next request", {}, 0, 3600000},
    {"timeout-ms", OptionKind::Integer, "2500", "wait this long for a reply (mdcliapi.c: 2500)", {}, 1, 3600000},
    {"retries", OptionKind::Integer, "3", "resend on a fresh socket this many times, then give up (mdcliapi.c: 3)", {}, 0, 1000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class MdpClient final : public RetryingClient {
public:
    using RetryingClient::RetryingClient;

private:
    Version version() const { return m_options.text("mdp") == "0.2" ? Version::V02 : Version::V01; }
    // MDP/0.1 over REQ or DEALER; 0.2 always over DEALER.
    int socketType() const override
    {
        return version() == Version::V01 && m_options.text("socket") == "req" ? ZMQ_REQ : ZMQ_DEALER;
    }
    // (a DEALER adds the delimiter REQ would)
    Frames wrap(const Frames &body) const override
    {
        return mdp::clientRequest(version(), onDealer(), m_options.text("service"), body);
    }
    std::optional<Reply> readReply(const Frames &f, std::string *problem) const override
    {
        const auto reply = mdp::readClientReply(version(), version() == Version::V01 && onDealer(), m_options.text("service"), f, problem);
        if (!reply)
            return std::nullopt;
        return Reply{reply->body, reply->final};
    }
    std::string target() const override { return printableBytes(m_options.text("service")); }
};

}   // namespace

const RoleInfo kMdpBrokerRole{"mdp-broker", "Majordomo", "MDP broker",
                              "A Majordomo broker: queues client requests per service, hands them to workers, "
                              "heartbeats and expires workers, answers mmi.service.",
                              "7/MDP, 18/MDP, 8/MMI", kBrokerOptions, kBrokerStates, makePeer<MdpBroker>};
const RoleInfo kMdpWorkerRole{"mdp-worker", "Majordomo", "MDP worker",
                              "A Majordomo worker: registers a service, answers each request (echo by default), "
                              "heartbeats, reconnects when the broker goes silent.",
                              "7/MDP, 18/MDP", kWorkerOptions, kWorkerStates, makePeer<MdpWorker>};
const RoleInfo kMdpClientRole{"mdp-client", "Majordomo", "MDP client",
                              "A Majordomo client: sends requests to a service one at a time and prints each reply; "
                              "retries on a fresh socket, then gives up.",
                              "7/MDP, 18/MDP, 8/MMI", kClientOptions, RetryingClient::kStates, makePeer<MdpClient>, true};

}   // namespace zmqscope::peers
