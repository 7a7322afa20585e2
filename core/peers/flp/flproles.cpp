// 10/FLP on the wire (ROUTER to ROUTER; routing ids are never on the wire):
//   PING     client -> server   "PING"
//   PONG     server -> client   "PONG"
//   request  client -> server   control frame | body...
//   reply    server -> client   the same control frame | reply body...
// A server sets its routing id to the endpoint clients connect to, so a
// client addresses each server by that string. Timers are flcliapi.c's:
// PING every 2000 ms, a server silent for 6000 ms is dead, a request no
// server answered in 3000 ms fails; the control frame is the request number
// in decimal and replies with another one are dropped. Unlike flcliapi.c,
// which sends the request again to the first live server each time it
// wakes, this client waits --timeout-ms for the server it chose, then takes
// it for dead and moves on to the next live one.
//
// flserver3.c tests the control frame against "PONG", not "PING", so it
// answers a PING with PING | OK; flcliapi.c takes any message as a sign of
// life. The server can do the same (--ping-reply flserver3) and the client
// takes PING | ... for a PONG.
#include "flproles.h"

#include <zmq.h>

#include <algorithm>

namespace zmqscope::peers {

namespace {

const std::string kPing = "PING";
const std::string kPong = "PONG";

// --- Server ------------------------------------------------------------------

enum class ServerState : std::uint32_t { Starting, Serving, Dead };
constexpr std::string_view kServerStates[] = {"Starting", "Serving", "Dead"};
constexpr std::string_view kReplies[] = {"echo", "fixed"};
constexpr std::string_view kPingReplies[] = {"pong", "flserver3"};
constexpr OptionSpec kServerOptions[] = {
    {"bind", OptionKind::Bind, "tcp://*:5555", "where clients connect (flserver3.c: tcp://*:5555)"},
    {"identity", OptionKind::Text, "", "the routing id clients address this server by: exactly the endpoint they connect to (default: --bind, with * as localhost, as flserver3.c does)"},
    {"reply", OptionKind::Choice, "echo", "echo the request body after its control frame, or send --reply-data (flserver3.c sends OK)", kReplies},
    {"reply-data", OptionKind::Data, "OK", "the fixed reply (text, 0x-hex or @file)"},
    {"ping-reply", OptionKind::Choice, "pong", "answer PING with PONG (10/FLP), or with PING | OK as flserver3.c does", kPingReplies},
    {"delay-ms", OptionKind::Integer, "0", "work this long before replying (PINGs are answered at once)", {}, 0, 3600000},
    {"die-after", OptionKind::Integer, "0", "on this request, vanish without a reply (a crash; 0: never)", {}, 0, INT32_MAX},
    {"down-ms", OptionKind::Integer, "0", "after dying, come back (a new socket, the same identity) after this long (0: stay dead)", {}, 0, 3600000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

// flserver3.c's rule: the bind endpoint with the wildcard host read as
// localhost. Empty when the port is not fixed (nothing to connect to yet).
std::string identityFor(const std::string &bind)
{
    if (!bind.starts_with("tcp://"))
        return bind;
    const std::size_t colon = bind.rfind(':');
    if (colon == std::string::npos || bind.substr(colon + 1) == "*")
        return {};
    const std::string host = bind.substr(6, colon - 6);
    return host == "*" ? "tcp://localhost" + bind.substr(colon) : bind;
}

class FlpServer final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        m_socket = nullptr;
        m_requests = 0;
        m_identity = m_options.text("identity");
        if (m_identity.empty())
            m_identity = identityFor(m_options.text("bind"));
        if (m_identity.empty()) {
            *error = "--bind " + m_options.text("bind") + " has no fixed port: give --identity, the endpoint clients connect to";
            return false;
        }
        const auto fixed = dataBytes(m_options.text("reply-data"), error);
        if (!fixed)
            return false;
        m_fixed = *fixed;
        return listen(error);
    }

    void close() override { m_socket = nullptr; }

    bool listen(std::string *error)
    {
        m_socket = openSocket(ZMQ_ROUTER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        // (a reply to a client that has gone fails instead of vanishing: logged)
        if (!m_socket->setBytes(ZMQ_ROUTING_ID, m_identity) || !m_socket->setInt(ZMQ_ROUTER_MANDATORY, 1)) {
            *error = "cannot set the routing id " + m_identity + ": " + zmqError();
            return false;
        }
        if (!bindSocket(*m_socket, m_options.text("bind"), error))
            return false;
        watch(*m_socket, [this] { readable(); });
        setState(ServerState::Serving);
        log("serving as " + m_identity + " on " + m_options.text("bind"));
        return true;
    }

    void send(const Frames &f, const char *what)
    {
        if (!m_socket)
            return;
        if (m_socket->send(f))
            countSent();
        else
            log(std::string("the client has gone: ") + what + " dropped", LogLevel::Warning);
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            if (f.size() < 2) {
                log("dropped an empty message", LogLevel::Warning);
            } else if (f.size() == 2) {
                if (f[1] != kPing)
                    log("dropped a one-frame message that is not PING: " + printableBytes(f[1]), LogLevel::Warning);
                else if (m_options.text("ping-reply") == "flserver3")
                    send({f[0], kPing, "OK"}, "PING | OK");
                else
                    send({f[0], kPong}, "PONG");
            } else {
                request(std::move(f));
            }
        }
    }

    void request(Frames f)
    {
        ++m_requests;
        log("request " + printableBytes(f[1]) + ": " + framesText(f, 2));
        const std::int64_t dieAfter = m_options.integer("die-after");
        if (dieAfter > 0 && m_requests == dieAfter) {
            die();
            return;
        }
        if (m_options.text("reply") == "fixed") {
            f.resize(2);
            f.push_back(m_fixed);
        }
        const std::int64_t delay = m_options.integer("delay-ms");
        auto reply = [this, f = std::move(f), life = m_life] {
            if (life != m_life)
                return;   // (died meanwhile)
            send(f, "a reply");
            log("reply " + printableBytes(f[1]) + ": " + framesText(f, 2));
        };
        if (delay > 0)
            after(delay, std::move(reply));
        else
            reply();
    }

    void die()
    {
        log("dying on request " + std::to_string(m_requests) + " (no reply, no goodbye)", LogLevel::Warning);
        closeSocket(m_socket);
        ++m_life;
        setState(ServerState::Dead);
        const std::int64_t down = m_options.integer("down-ms");
        if (down > 0)
            after(down, [this] {
                log("back after " + m_options.text("down-ms") + " ms");
                comeBack(0);
            });
    }

    // libzmq lets go of a closed listener a moment later: the same port
    // may still be taken just after dying, so a few more tries.
    void comeBack(int tries)
    {
        std::string error;
        if (listen(&error))
            return;
        closeSocket(m_socket);
        if (tries >= 20) {
            fail(error);
            return;
        }
        log(error + ": trying again in 100 ms", LogLevel::Warning);
        after(100, [this, tries] { comeBack(tries + 1); });
    }

    ZSocket *m_socket = nullptr;
    std::string m_identity;
    std::string m_fixed;
    std::int64_t m_requests = 0;
    std::uint64_t m_life = 0;   // bumped when it dies: replies still delayed are not sent
};

// --- Client ------------------------------------------------------------------

enum class ClientState : std::uint32_t { Connecting, WaitingForReply, Idle, Done, GaveUp };
constexpr std::string_view kClientStates[] = {"Connecting", "WaitingForReply", "Idle", "Done", "GaveUp"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "a server, by the endpoint it uses as its identity (each request goes to the first live one in this order)", {}, 0, 0, true, true},
    {"request", OptionKind::Data, "random name", "the request body; repeat for more frames (text, 0x-hex or @file; flclient3.c: random name)", {}, 0, 0, true},
    {"count", OptionKind::Integer, "1", "requests to make, one at a time (0: forever)", {}, 0, INT32_MAX},
    {"interval-ms", OptionKind::Integer, "0", "pause between a reply and the next request", {}, 0, 3600000},
    {"ping-interval-ms", OptionKind::Integer, "2000", "PING each server this often while it is otherwise quiet (flcliapi.c: 2000)", {}, 10, 3600000},
    {"server-ttl-ms", OptionKind::Integer, "6000", "a server silent this long is taken for dead (flcliapi.c: 6000)", {}, 10, 3600000},
    {"timeout-ms", OptionKind::Integer, "1000", "a server that has not answered a request in this time is taken for dead and the request goes to the next live one (flcliapi.c has no such step)", {}, 1, 3600000},
    {"global-timeout-ms", OptionKind::Integer, "3000", "give up when no server answered a request in this time (flcliapi.c: 3000)", {}, 1, 86400000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class FlpClient final : public Peer {
public:
    using Peer::Peer;

private:
    using Clock = PeerLoop::Clock;

    struct Server {
        std::string endpoint;   // the --connect string: also its routing id (10/FLP)
        bool alive = false;
        bool everAlive = false;
        Clock::time_point pingAt{};
        Clock::time_point lastHeard{};
    };

    bool open(std::string *error) override
    {
        m_servers.clear();
        m_body.clear();
        m_sequence = m_made = 0;
        m_pending = m_noServerLogged = m_flserver3Noted = false;
        m_attempt = -1;
        m_wake = 0;
        for (const std::string &r : m_options.list("request")) {
            auto bytes = dataBytes(r, error);
            if (!bytes)
                return false;
            m_body.push_back(std::move(*bytes));
        }
        if (m_body.empty())
            m_body.emplace_back();
        m_socket = openSocket(ZMQ_ROUTER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        // MANDATORY and IMMEDIATE: a message for a server without a connection
        // fails at once instead of vanishing or waiting in a queue for it;
        // HANDOVER: a server that comes back takes its id over.
        if (!m_socket->setInt(ZMQ_ROUTER_MANDATORY, 1) || !m_socket->setInt(ZMQ_IMMEDIATE, 1)
            || !m_socket->setInt(ZMQ_ROUTER_HANDOVER, 1)) {
            *error = "cannot set up the ROUTER: " + zmqError();
            return false;
        }
        const auto now = loop().now();
        for (const std::string &ep : m_options.list("connect")) {
            if (std::any_of(m_servers.begin(), m_servers.end(), [&](const Server &s) { return s.endpoint == ep; })) {
                *error = "--connect " + ep + " given twice";
                return false;
            }
            if (!connectSocket(*m_socket, ep, error))
                return false;
            m_servers.push_back({ep, false, false, now, now});
        }
        watch(*m_socket, [this] { readable(); });
        setState(ClientState::Connecting);
        startRequest();
        return true;
    }

    void close() override
    {
        m_socket = nullptr;
        m_wake = 0;
    }

    std::chrono::milliseconds ms(std::string_view option) const { return std::chrono::milliseconds(m_options.integer(option)); }

    void onSocketEvent(ZSocket &, int event, int, const std::string &) override
    {
        if (event != ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            return;
        // A connection is up: PING every server not known to be alive now.
        const auto now = loop().now();
        for (Server &s : m_servers)
            if (!s.alive)
                s.pingAt = now;
        service();
    }

    bool sendTo(Server &s, const Frames &body)
    {
        // (built front to back: GCC 12 warns falsely about inserting at the front of a one-frame vector)
        Frames f;
        f.reserve(body.size() + 1);
        f.push_back(s.endpoint);
        f.insert(f.end(), body.begin(), body.end());
        if (!m_socket || !m_socket->send(f))
            return false;
        countSent();
        return true;
    }

    void startRequest()
    {
        m_ccf = std::to_string(++m_sequence);
        m_pending = true;
        m_noServerLogged = false;
        m_attempts = 0;
        m_attempt = -1;
        m_expires = loop().now() + ms("global-timeout-ms");
        service();
    }

    // Everything that is due: the request's global timeout, expiry and PINGs
    // per server, the attempt's timeout, sending; then sleep until the next.
    void service()
    {
        if (!m_socket)
            return;
        const auto now = loop().now();
        if (m_pending && now >= m_expires) {
            giveUp();
            return;
        }
        for (std::size_t i = 0; i < m_servers.size(); ++i) {
            Server &s = m_servers[i];
            if (s.alive && now - s.lastHeard >= ms("server-ttl-ms"))
                expire(i, "silent for " + m_options.text("server-ttl-ms") + " ms");
            if (now >= s.pingAt) {
                if (sendTo(s, {kPing})) {
                    s.pingAt = now + ms("ping-interval-ms");
                } else {
                    s.pingAt = now + std::min(std::chrono::milliseconds(100), ms("ping-interval-ms"));   // (no connection yet)
                    expire(i, "no connection");
                }
            }
        }
        if (m_pending && m_attempt >= 0 && now >= m_attemptDeadline) {
            const std::size_t was = std::size_t(m_attempt);
            m_attempt = -1;
            expire(was, "no reply to request " + m_ccf + " in " + m_options.text("timeout-ms") + " ms");
        }
        if (m_pending && m_attempt < 0)
            send();
        schedule();
    }

    void send()
    {
        const auto now = loop().now();
        for (std::size_t i = 0; i < m_servers.size(); ++i) {
            Server &s = m_servers[i];
            if (!s.alive)
                continue;
            Frames f{m_ccf};
            f.insert(f.end(), m_body.begin(), m_body.end());
            if (!sendTo(s, std::move(f))) {
                expire(i, "no connection");
                continue;
            }
            ++m_attempts;
            m_attempt = int(i);
            m_attemptDeadline = now + ms("timeout-ms");
            log("request " + m_ccf + " to " + s.endpoint + ": " + framesText(m_body)
                + (m_attempts > 1 ? " (attempt " + std::to_string(m_attempts) + ")" : ""));
            setState(ClientState::WaitingForReply);
            return;
        }
        if (!m_noServerLogged)
            log("no live server: request " + m_ccf + " waits for one to answer a PING");
        m_noServerLogged = true;
        setState(ClientState::Connecting);
    }

    void expire(std::size_t i, const std::string &why)
    {
        Server &s = m_servers[i];
        if (!s.alive)
            return;
        s.alive = false;
        s.pingAt = loop().now();   // (and ask at once whether it is back)
        log("server " + s.endpoint + " expired: " + why, LogLevel::Warning);
        if (m_attempt == int(i))
            m_attempt = -1;
    }

    void schedule()
    {
        const auto now = loop().now();
        auto next = now + std::chrono::hours(1);
        if (m_pending) {
            next = std::min(next, m_expires);
            if (m_attempt >= 0)
                next = std::min(next, m_attemptDeadline);
        }
        for (const Server &s : m_servers) {
            next = std::min(next, s.pingAt);
            if (s.alive)
                next = std::min(next, s.lastHeard + ms("server-ttl-ms"));
        }
        cancel(m_wake);
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
        m_wake = after(wait, [this] {
            m_wake = 0;
            service();
        });
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            onMessage(f);
            if (finished())
                return;
        }
        service();
    }

    void onMessage(const Frames &f)
    {
        const auto it = std::find_if(m_servers.begin(), m_servers.end(), [&](const Server &s) { return s.endpoint == f[0]; });
        if (it == m_servers.end()) {
            log("dropped a message from an unknown server id " + printableBytes(f[0]) + " (its identity is not a --connect endpoint)",
                LogLevel::Warning);
            return;
        }
        Server &s = *it;
        const auto now = loop().now();
        s.lastHeard = now;
        s.pingAt = now + ms("ping-interval-ms");   // (any message is a sign of life, flcliapi.c)
        if (!s.alive) {
            s.alive = true;
            log("server " + s.endpoint + (s.everAlive ? " is back" : " is alive"));
            s.everAlive = true;
        }
        if (f.size() < 2) {
            log("dropped an empty message from " + s.endpoint, LogLevel::Warning);
            return;
        }
        if (f.size() == 2) {
            if (f[1] != kPong)
                log("dropped a one-frame message that is not PONG from " + s.endpoint + ": " + printableBytes(f[1]), LogLevel::Warning);
            return;
        }
        if (f[1] == kPing) {
            if (!m_flserver3Noted)
                log("server " + s.endpoint + " answers PING with PING | " + framesText(f, 2) + " (as flserver3.c does): taken as a PONG");
            m_flserver3Noted = true;
            return;
        }
        if (!m_pending || f[1] != m_ccf) {
            log("dropped a stale reply " + printableBytes(f[1]) + " from " + s.endpoint
                + (m_pending ? " (waiting for " + m_ccf + ")" : std::string(" (nothing outstanding)")));
            return;
        }
        m_pending = false;
        m_attempt = -1;
        ++m_made;
        log("reply " + m_ccf + " from " + s.endpoint + ": " + framesText(f, 2));
        const std::int64_t count = m_options.integer("count");
        if (count > 0 && m_made >= count) {
            setState(ClientState::Done);
            log("done: " + std::to_string(m_made) + " repl" + (m_made == 1 ? "y" : "ies"));
            cancel(m_wake);
            finish(0);
            return;
        }
        setState(ClientState::Idle);
        after(m_options.integer("interval-ms"), [this] { startRequest(); });
    }

    void giveUp()
    {
        m_pending = false;
        cancel(m_wake);
        fail("request " + m_ccf + ": no server answered in " + m_options.text("global-timeout-ms") + " ms after "
             + std::to_string(m_attempts) + " attempt(s): gave up");
        setState(ClientState::GaveUp);
        finish(2);
    }

    ZSocket *m_socket = nullptr;
    std::vector<Server> m_servers;   // in --connect order, the order of preference
    Frames m_body;
    std::uint64_t m_sequence = 0;   // requests made: the control frame of the current one
    std::string m_ccf;
    bool m_pending = false;         // the current request has no reply yet
    Clock::time_point m_expires{};  // its global timeout
    int m_attempt = -1;             // the server it was sent to and waits for, else -1
    int m_attempts = 0;
    Clock::time_point m_attemptDeadline{};
    std::int64_t m_made = 0;
    bool m_noServerLogged = false;
    bool m_flserver3Noted = false;
    PeerLoop::TimerId m_wake = 0;
};

}   // namespace

const RoleInfo kFlpServerRole{"flp-server", "Freelance", "FLP server",
                              "A Freelance server (the guide's flserver3): a ROUTER whose identity is its endpoint; "
                              "answers PING with PONG and echoes each request after its control frame; can die on purpose.",
                              "10/FLP", kServerOptions, kServerStates, makePeer<FlpServer>};
const RoleInfo kFlpClientRole{"flp-client", "Freelance", "FLP client",
                              "A Freelance client (the guide's flclient3): one ROUTER connected to every server, PINGs "
                              "each, expires silent ones, sends each request to the first live server and fails over.",
                              "10/FLP", kClientOptions, kClientStates, makePeer<FlpClient>, true};

}   // namespace zmqscope::peers
