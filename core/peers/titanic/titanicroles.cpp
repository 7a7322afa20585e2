// 9/TSP: every message below is the body of an MDP/0.1 request or reply
// (framing in mdp/mdpwire.h), all through one Majordomo broker:
//   titanic.request  service | body...  ->  200 | UUID   (500: it could not be stored)
//   titanic.reply    UUID               ->  200 | reply body... , 300 pending, 400 unknown
//   titanic.close    UUID               ->  200, known or not (idempotent)
// A UUID is 32 hexadecimal digits, upper case as titanic.c writes them;
// status frames are the bare digits (ticlient.c compares the whole frame
// with "200", so "200 OK" would break it).
//
// The server's store is one folder: <UUID>.req (the target service, then
// the body) and <UUID>.rep (the reply body), each frame written as a
// 4-octet big-endian length and its bytes. A request without a reply is
// pending; pending requests are tried when they arrive and then every
// second (titanic.c), oldest first: mmi.service for the target (8/MMI),
// then the request itself, 1000 ms and one attempt each (titanic.c's
// mdcli timeout 1000, "retries 1"). Its worker connections keep
// mdwrkapi.c's timers (heartbeat 2500 ms, liveness 3, reconnect 2500 ms).
// The client: mdcliapi.c's 2500 ms and 3 retries per call, ticlient.c's
// polling (the first titanic.reply after 100 ms, then every 5000 ms).
#include "titanicroles.h"

#include "codec/eventdump.h"
#include "peers/mdp/mdpwire.h"

#include <zmq.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace zmqscope::peers {

namespace {

namespace fs = std::filesystem;

constexpr mdp::Version kMdp = mdp::Version::V01;   // (9/TSP runs on 7/MDP)
constexpr std::uintmax_t kMaxStoredBytes = 64u << 20;   // a stored request or reply, all frames

// A fresh request id: a random UUID as 32 upper-case hex digits (titanic.c).
std::string newUuid()
{
    const std::string raw = randomUuid();
    std::string hex = codec::hexBytes({reinterpret_cast<const std::uint8_t *>(raw.data()), raw.size()});
    for (char &c : hex)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return hex;
}

// A UUID as a client wrote it, in upper case; nullopt unless it is 32 hex
// digits (9/TSP allows either case; "'A' to 'Z'" in its text means A-F).
std::optional<std::string> canonicalUuid(std::string_view text)
{
    if (text.size() != 32)
        return std::nullopt;
    std::string out(text);
    for (char &c : out) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
        c = char(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// A status frame's code: its three digits (text after a space is not to be
// interpreted, 9/TSP); 0 when the frame is not a status.
int statusCode(std::string_view frame)
{
    if (frame.size() < 3 || (frame.size() > 3 && frame[3] != ' '))
        return 0;
    int code = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(frame[i])))
            return 0;
        code = code * 10 + (frame[i] - '0');
    }
    return code;
}

// --- The store -----------------------------------------------------------------

// The server's folder of requests and replies. Every call reads or writes
// the disk at once: a request is on disk before its UUID is given out.
class TitanicStore {
public:
    bool open(const fs::path &dir, std::string *error)
    {
        m_dir = dir;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir, ec)) {
            *error = "cannot use " + dir.string() + " as the store: " + (ec ? ec.message() : std::string("not a folder"));
            return false;
        }
        return true;
    }

    bool has(const std::string &uuid, std::string_view ext) const
    {
        std::error_code ec;
        return fs::exists(path(uuid, ext), ec);
    }

    // Written to a .tmp file and renamed: a crash leaves the old file or the new one.
    bool save(const std::string &uuid, std::string_view ext, const Frames &frames, std::string *error) const
    {
        std::string data;
        for (const std::string &f : frames) {
            if (data.size() + 4 + f.size() > kMaxStoredBytes) {
                *error = "larger than " + std::to_string(kMaxStoredBytes >> 20) + " MiB";
                return false;
            }
            const auto n = std::uint32_t(f.size());
            data += {char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
            data += f;
        }
        const fs::path target = path(uuid, ext);
        fs::path tmp = target;
        tmp += ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(data.data(), std::streamsize(data.size()));
            out.close();
            if (!out) {
                *error = "cannot write " + tmp.string();
                return false;
            }
        }
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec) {
            *error = "cannot rename " + tmp.string() + ": " + ec.message();
            return false;
        }
        return true;
    }

    std::optional<Frames> load(const std::string &uuid, std::string_view ext, std::string *error) const
    {
        const fs::path p = path(uuid, ext);
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(p, ec);
        if (ec) {
            *error = "cannot read " + p.string() + ": " + ec.message();
            return std::nullopt;
        }
        if (size > kMaxStoredBytes) {
            *error = p.string() + " is larger than " + std::to_string(kMaxStoredBytes >> 20) + " MiB";
            return std::nullopt;
        }
        std::string data(std::size_t(size), '\0');
        std::ifstream in(p, std::ios::binary);
        in.read(data.data(), std::streamsize(data.size()));
        if (!in) {
            *error = "cannot read " + p.string();
            return std::nullopt;
        }
        Frames frames;
        std::size_t pos = 0;
        while (pos < data.size()) {
            if (data.size() - pos < 4) {
                *error = p.string() + " ends inside a frame length";
                return std::nullopt;
            }
            std::size_t n = 0;
            for (int i = 0; i < 4; ++i)
                n = n << 8 | static_cast<unsigned char>(data[pos + std::size_t(i)]);
            pos += 4;
            if (n > data.size() - pos) {
                *error = p.string() + " has a frame of " + std::to_string(n) + " octets where " + std::to_string(data.size() - pos)
                    + " are left";
                return std::nullopt;
            }
            frames.push_back(data.substr(pos, n));
            pos += n;
        }
        return frames;
    }

    void remove(const std::string &uuid) const
    {
        std::error_code ec;
        fs::remove(path(uuid, ".req"), ec);
        fs::remove(path(uuid, ".rep"), ec);
    }

    // Requests without a reply, oldest first (what a restarted server still owes).
    std::vector<std::string> pending() const
    {
        std::vector<std::pair<fs::file_time_type, std::string>> found;
        std::error_code ec;
        for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path &p = it->path();
            const auto uuid = canonicalUuid(p.stem().string());
            if (p.extension() != ".req" || !uuid || *uuid != p.stem().string() || has(*uuid, ".rep"))
                continue;
            std::error_code timeError;
            found.emplace_back(fs::last_write_time(p, timeError), *uuid);
        }
        std::sort(found.begin(), found.end());
        std::vector<std::string> out;
        for (auto &f : found)
            out.push_back(std::move(f.second));
        return out;
    }

private:
    fs::path path(const std::string &uuid, std::string_view ext) const { return m_dir / (uuid + std::string(ext)); }
    fs::path m_dir;
};

// --- Majordomo calls -------------------------------------------------------------

// A peer that calls Majordomo services as an MDP/0.1 client on a REQ
// socket to --connect, one call at a time, as mdcliapi.c does: no reply in
// time, the request again on a fresh socket (a REQ that got no reply
// cannot send again), `retries` times, then no answer.
class MdpCaller : public Peer {
public:
    using Peer::Peer;

protected:
    // The reply's body (the frames after the service); nullopt: no reply after every attempt.
    using Answer = std::function<void(std::optional<Frames>)>;

    bool openCaller(std::string *error)
    {
        closeSocket(m_caller);
        m_caller = openSocket(ZMQ_REQ, error);
        if (!m_caller || !monitor(*m_caller, error) || !connectSocket(*m_caller, m_options.text("connect"), error))
            return false;
        watch(*m_caller, [this] { callerReadable(); });
        return true;
    }

    void call(std::string service, Frames body, std::int64_t timeoutMs, int retries, Answer then)
    {
        m_call = Call{std::move(service), std::move(body), timeoutMs, retries, 0, std::move(then)};
        sendCall();
    }

    int lastAttempts() const { return m_lastAttempts; }

    void close() override
    {
        // (stop() closes the sockets and timers next)
        m_caller = nullptr;
        m_call.reset();
        m_callTimer = 0;
    }

private:
    struct Call {
        std::string service;
        Frames body;
        std::int64_t timeoutMs = 0;
        int retriesLeft = 0;
        int attempts = 0;
        Answer then;
    };

    void sendCall()
    {
        std::string error;
        if (!m_caller && !openCaller(&error)) {
            fail(error);
            answer(std::nullopt);
            return;
        }
        if (m_caller->send(mdp::clientRequest(kMdp, false, m_call->service, m_call->body)))
            countSent();
        ++m_call->attempts;
        cancel(m_callTimer);
        m_callTimer = after(m_call->timeoutMs, [this] { callTimedOut(); });
    }

    void callerReadable()
    {
        Frames f;
        while (m_caller && m_caller->recv(f)) {
            countReceived();
            if (!m_call) {
                log("dropped a reply to nothing: " + framesText(f), LogLevel::Warning);
                continue;
            }
            std::string problem;
            const auto reply = mdp::readClientReply(kMdp, false, m_call->service, f, &problem);
            if (!reply) {
                log(problem, LogLevel::Warning);
                continue;
            }
            answer(Frames(f.begin() + std::ptrdiff_t(reply->body), f.end()));
        }
    }

    void callTimedOut()
    {
        m_callTimer = 0;
        if (!m_call)
            return;
        closeSocket(m_caller);
        if (m_call->retriesLeft-- > 0) {
            log("no reply from " + printableBytes(m_call->service) + " in " + std::to_string(m_call->timeoutMs)
                    + " ms: asking again on a new socket",
                LogLevel::Warning);
            sendCall();
            return;
        }
        answer(std::nullopt);
    }

    void answer(std::optional<Frames> body)
    {
        cancel(m_callTimer);
        Answer then = std::move(m_call->then);
        m_lastAttempts = m_call->attempts;
        m_call.reset();
        then(std::move(body));
    }

    ZSocket *m_caller = nullptr;
    std::optional<Call> m_call;
    PeerLoop::TimerId m_callTimer = 0;
    int m_lastAttempts = 0;
};

// --- Server ------------------------------------------------------------------

enum class ServerState : std::uint32_t { Connecting, Ready, Dispatching, Reconnecting };
constexpr std::string_view kServerStates[] = {"Connecting", "Ready", "Dispatching", "Reconnecting"};
constexpr OptionSpec kServerOptions[] = {
    {"connect", OptionKind::Connect, "", "the Majordomo broker (MDP/0.1): the three Titanic workers and the dispatcher connect to it", {}, 0, 0, false, true},
    {"store", OptionKind::Text, "", "the folder for stored requests and replies (default: /tmp/zmqscope-titanic-NAME, NAME from --name, else this process and peer)"},
    {"dispatch-ms", OptionKind::Integer, "1000", "how often pending requests are tried against their services (titanic.c: every second)", {}, 10, 3600000},
    {"skip-mmi", OptionKind::Flag, "", "send a stored request without first asking mmi.service whether its service has a worker (titanic.c asks)"},
    {"timeout-ms", OptionKind::Integer, "1000", "wait this long for the broker's answer when dispatching (titanic.c: 1000)", {}, 1, 3600000},
    {"retries", OptionKind::Integer, "0", "resend a dispatched call on a fresh socket this many times before the request waits for the next round (titanic.c: one attempt)", {}, 0, 1000},
    {"heartbeat-ms", OptionKind::Integer, "2500", "heartbeat interval of the three worker connections (mdwrkapi.c: 2500)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "heartbeats the broker may miss before a worker connection reconnects", {}, 1, 100},
    {"reconnect-ms", OptionKind::Integer, "2500", "wait before reconnecting a worker connection (mdwrkapi.c: 2500)", {}, 0, 3600000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class TitanicServer final : public MdpCaller {
public:
    using MdpCaller::MdpCaller;

private:
    enum Service : std::size_t { Request, Reply, Close };
    static constexpr std::array<std::string_view, 3> kServices{"titanic.request", "titanic.reply", "titanic.close"};

    // One MDP worker connection, for one of the three services.
    struct Link {
        ZSocket *socket = nullptr;
        bool connected = false;   // handshake with the broker done
        bool reconnecting = false;
        int liveness = 0;
        PeerLoop::Clock::time_point lastSent{};
    };

    bool open(std::string *error) override
    {
        m_links = {};
        m_pending.clear();
        m_round.clear();
        m_waiting.clear();
        m_busy = m_dispatching = false;
        m_heartbeat = m_options.integer("heartbeat-ms");
        const fs::path dir = storeFolder();
        if (!m_store.open(dir, error))
            return false;
        for (std::string &uuid : m_store.pending())
            m_pending.push_back(std::move(uuid));
        log("storing requests in " + dir.string()
            + (m_pending.empty() ? std::string() : ": " + std::to_string(m_pending.size()) + " stored request(s) still wait for a reply"));
        setState(ServerState::Connecting);
        for (std::size_t i = 0; i < m_links.size(); ++i)
            if (!connectLink(i, error))
                return false;
        if (!openCaller(error))
            return false;
        after(m_heartbeat, [this] { tick(); });
        after(0, [this] { dispatchTick(); });
        return true;
    }

    void close() override
    {
        MdpCaller::close();
        for (Link &l : m_links)
            l.socket = nullptr;
    }

    fs::path storeFolder() const
    {
        if (!m_options.text("store").empty())
            return m_options.text("store");
        std::string name = m_options.text("name");
        if (name.empty())
            name = std::to_string(::getpid()) + "-" + std::to_string(id());
        for (char &c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
                c = '_';
        return fs::path("/tmp") / ("zmqscope-titanic-" + name);
    }

    // --- The three workers (7/MDP worker, 0.1)

    bool connectLink(std::size_t i, std::string *error)
    {
        Link &l = m_links[i];
        closeSocket(l.socket);
        l = Link{};
        l.socket = openSocket(ZMQ_DEALER, error);
        if (!l.socket || !monitor(*l.socket, error) || !connectSocket(*l.socket, m_options.text("connect"), error))
            return false;
        watch(*l.socket, [this, i] { linkReadable(i); });
        l.liveness = int(m_options.integer("liveness"));
        sendLink(i, mdp::codes(kMdp).ready, {std::string(kServices[i])});
        log("READY for " + std::string(kServices[i]) + " sent to " + m_options.text("connect"));
        updateState();
        return true;
    }

    void onSocketEvent(ZSocket &s, int event, int, const std::string &) override
    {
        for (Link &l : m_links) {
            if (l.socket != &s)
                continue;
            if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
                l.connected = true;
            else if (event == ZMQ_EVENT_DISCONNECTED)
                l.connected = false;
            updateState();
        }
    }

    void sendLink(std::size_t i, char code, Frames rest = {})
    {
        Link &l = m_links[i];
        if (l.socket && l.socket->send(mdp::workerCommand(kMdp, code, std::move(rest)))) {
            countSent();
            l.lastSent = loop().now();
        }
    }

    void linkReadable(std::size_t i)
    {
        Link &l = m_links[i];
        const std::string service(kServices[i]);
        const mdp::WorkerCodes &c = mdp::codes(kMdp);
        Frames f;
        while (l.socket && l.socket->recv(f)) {
            countReceived();
            l.liveness = int(m_options.integer("liveness"));
            l.connected = true;
            const auto command = mdp::readWorkerCommand(kMdp, f);
            if (!command) {
                log("dropped a message that is not MDP/0.1 worker on " + service + ": " + framesText(f), LogLevel::Warning);
                continue;
            }
            if (command->code == c.heartbeat)
                continue;
            if (command->code == c.disconnect) {
                log("the broker said DISCONNECT to " + service + ": reconnecting", LogLevel::Warning);
                reconnectLater(i);
                return;
            }
            const std::size_t next = command->next;
            if (command->code != c.request || f.size() < next + 3 || !f[next + 1].empty()) {
                log("dropped an unexpected or malformed command " + std::to_string(int(command->code)) + " on " + service,
                    LogLevel::Warning);
                continue;
            }
            const Frames body(f.begin() + std::ptrdiff_t(next + 2), f.end());
            Frames rest{f[next], std::string()};   // the client's address, the empty frame
            Frames answer = i == Request ? storeRequest(body) : i == Reply ? findReply(body) : closeRequest(body);
            rest.insert(rest.end(), std::make_move_iterator(answer.begin()), std::make_move_iterator(answer.end()));
            sendLink(i, c.reply, std::move(rest));
        }
        updateState();
    }

    void tick()
    {
        after(m_heartbeat, [this] { tick(); });
        const auto now = loop().now();
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            Link &l = m_links[i];
            if (l.reconnecting || !l.socket)
                continue;
            if (--l.liveness <= 0) {
                log("the broker has been silent for " + m_options.text("liveness") + " heartbeats on " + std::string(kServices[i])
                        + ": reconnecting",
                    LogLevel::Warning);
                reconnectLater(i);
            } else if (now - l.lastSent >= std::chrono::milliseconds(m_heartbeat)) {
                sendLink(i, mdp::codes(kMdp).heartbeat);
            }
        }
    }

    void reconnectLater(std::size_t i)
    {
        Link &l = m_links[i];
        closeSocket(l.socket);
        l.reconnecting = true;
        l.connected = false;
        updateState();
        after(m_options.integer("reconnect-ms"), [this, i] {
            std::string error;
            if (!connectLink(i, &error))
                fail(error);
        });
    }

    // --- 9/TSP services

    Frames storeRequest(const Frames &body)
    {
        if (body.size() < 2) {
            log("titanic.request without a service and a body frame: 500", LogLevel::Warning);
            return {"500"};
        }
        const std::string uuid = newUuid();
        std::string error;
        if (!m_store.save(uuid, ".req", body, &error)) {
            fail("cannot store a request for " + printableBytes(body[0]) + ": " + error + " (500)");
            return {"500"};
        }
        log("request " + uuid + " to " + printableBytes(body[0]) + " stored: " + framesText(body, 1));
        m_pending.push_back(uuid);
        if (m_busy)
            m_round.push_back(uuid);
        else
            after(0, [this] { startRound(); });   // (after the 200 has gone out)
        return {"200", uuid};
    }

    Frames findReply(const Frames &body)
    {
        const auto uuid = body.size() == 1 ? canonicalUuid(body[0]) : std::nullopt;
        if (!uuid) {
            log("titanic.reply for " + framesText(body) + ", not a UUID: 400", LogLevel::Warning);
            return {"400"};
        }
        if (m_store.has(*uuid, ".rep")) {
            std::string error;
            auto reply = m_store.load(*uuid, ".rep", &error);
            if (!reply) {
                fail("cannot read the reply to " + *uuid + ": " + error + " (500)");
                return {"500"};
            }
            log("titanic.reply " + *uuid + ": 200 " + framesText(*reply));
            reply->insert(reply->begin(), "200");
            return std::move(*reply);
        }
        if (m_store.has(*uuid, ".req")) {
            log("titanic.reply " + *uuid + ": 300 (pending)");
            return {"300"};
        }
        log("titanic.reply " + *uuid + ": 400 (unknown)");
        return {"400"};
    }

    Frames closeRequest(const Frames &body)
    {
        const auto uuid = body.size() == 1 ? canonicalUuid(body[0]) : std::nullopt;
        if (!uuid) {
            log("titanic.close for " + framesText(body) + ", not a UUID: 200 all the same (9/TSP: idempotent)", LogLevel::Warning);
            return {"200"};
        }
        const bool known = m_store.has(*uuid, ".req") || m_store.has(*uuid, ".rep");
        m_store.remove(*uuid);
        std::erase(m_pending, *uuid);
        std::erase(m_round, *uuid);
        m_waiting.erase(*uuid);
        log("titanic.close " + *uuid + (known ? ": closed" : ": not known, 200 all the same"));
        return {"200"};
    }

    // --- The dispatcher (7/MDP client, 8/MMI)

    void dispatchTick()
    {
        after(m_options.integer("dispatch-ms"), [this] { dispatchTick(); });
        startRound();
    }

    // Every pending request once, oldest first; one at a time.
    void startRound()
    {
        if (m_busy || m_pending.empty())
            return;
        m_round.assign(m_pending.begin(), m_pending.end());
        nextInRound();
    }

    void nextInRound()
    {
        m_dispatching = false;
        while (!m_round.empty()) {
            const std::string uuid = m_round.front();
            m_round.pop_front();
            if (std::find(m_pending.begin(), m_pending.end(), uuid) == m_pending.end())
                continue;
            std::string error;
            auto stored = m_store.load(uuid, ".req", &error);
            if (!stored || stored->size() < 2) {
                std::erase(m_pending, uuid);
                if (m_store.has(uuid, ".req"))
                    fail("cannot dispatch " + uuid + ": " + (stored ? "no service and body in it" : error) + " (no longer tried)");
                continue;
            }
            m_busy = true;
            std::string service = stored->front();
            Frames body(std::make_move_iterator(stored->begin() + 1), std::make_move_iterator(stored->end()));
            if (m_options.flag("skip-mmi") || service.starts_with("mmi.")) {
                dispatch(uuid, std::move(service), std::move(body));
                return;
            }
            call("mmi.service", {service}, timeoutMs(), retries(), [this, uuid, service, body](std::optional<Frames> r) {
                if (!r) {
                    waiting(uuid, "no answer to mmi.service from the broker");
                    return nextInRound();
                }
                if (r->empty() || r->front() != "200") {
                    waiting(uuid, printableBytes(service) + " has no worker (mmi.service: "
                                      + (r->empty() ? std::string() : printableBytes(r->front())) + ")");
                    return nextInRound();
                }
                dispatch(uuid, service, body);
            });
            return;
        }
        m_busy = false;
        updateState();
    }

    void dispatch(const std::string &uuid, std::string service, Frames body)
    {
        m_dispatching = true;
        updateState();
        log("dispatching " + uuid + " to " + printableBytes(service) + ": " + framesText(body));
        call(service, std::move(body), timeoutMs(), retries(), [this, uuid, service](std::optional<Frames> r) {
            if (!r) {
                waiting(uuid, "no reply from " + printableBytes(service) + " after " + std::to_string(lastAttempts()) + " attempt(s)");
                return nextInRound();
            }
            std::string error;
            if (!m_store.has(uuid, ".req")) {
                log("reply from " + printableBytes(service) + " to " + uuid + ", closed meanwhile: dropped");
            } else if (!m_store.save(uuid, ".rep", *r, &error)) {
                fail("cannot store the reply to " + uuid + ": " + error);
                return nextInRound();
            } else {
                log("reply from " + printableBytes(service) + " to " + uuid + " stored: " + framesText(*r));
            }
            std::erase(m_pending, uuid);
            m_waiting.erase(uuid);
            nextInRound();
        });
    }

    // Why a request still waits, logged when the reason changes (not every round).
    void waiting(const std::string &uuid, const std::string &why)
    {
        std::string &last = m_waiting[uuid];
        if (last != why)
            log(uuid + " waits: " + why, LogLevel::Warning);
        last = why;
    }

    std::int64_t timeoutMs() const { return m_options.integer("timeout-ms"); }
    int retries() const { return int(m_options.integer("retries")); }

    void updateState()
    {
        const bool reconnecting = std::any_of(m_links.begin(), m_links.end(), [](const Link &l) { return l.reconnecting; });
        const bool connecting = std::any_of(m_links.begin(), m_links.end(), [](const Link &l) { return !l.connected; });
        setState(reconnecting ? ServerState::Reconnecting
                 : connecting ? ServerState::Connecting
                 : m_dispatching ? ServerState::Dispatching
                                 : ServerState::Ready);
    }

    TitanicStore m_store;
    std::array<Link, 3> m_links;   // by Service
    std::deque<std::string> m_pending;   // UUIDs stored without a reply, oldest first
    std::deque<std::string> m_round;     // the ones this round has still to try
    std::map<std::string, std::string> m_waiting;   // why a UUID waits, as last logged
    bool m_busy = false;          // a round is under way
    bool m_dispatching = false;   // a stored request is with its service
    std::int64_t m_heartbeat = 2500;
};

// --- Client ------------------------------------------------------------------

enum class ClientState : std::uint32_t { Requesting, Polling, Closing, Done, GaveUp };
constexpr std::string_view kClientStates[] = {"Requesting", "Polling", "Closing", "Done", "GaveUp"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the Majordomo broker the Titanic server works for", {}, 0, 0, false, true},
    {"service", OptionKind::Text, "echo", "the service the stored request is for"},
    {"request", OptionKind::Data, "hello", "the request body; repeat for more frames (text, 0x-hex or @file)", {}, 0, 0, true},
    {"count", OptionKind::Integer, "1", "requests to make, one after the other (0: forever)", {}, 0, INT32_MAX},
    {"poll-ms", OptionKind::Integer, "5000", "ask titanic.reply this often until the reply is there (ticlient.c: 5000, the first time after 100 ms)", {}, 10, 3600000},
    {"give-up-ms", OptionKind::Integer, "60000", "give up when a stored request has no reply this long (0: keep polling, as ticlient.c does)", {}, 0, 86400000},
    {"timeout-ms", OptionKind::Integer, "2500", "wait this long for each answer from the broker (mdcliapi.c: 2500)", {}, 1, 3600000},
    {"retries", OptionKind::Integer, "3", "resend each call on a fresh socket this many times, then give up (mdcliapi.c: 3)", {}, 0, 1000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class TitanicClient final : public MdpCaller {
public:
    using MdpCaller::MdpCaller;

private:
    bool open(std::string *error) override
    {
        auto body = messageOption(m_options, "request", error);
        if (!body)
            return false;
        m_body = std::move(*body);
        m_made = 0;
        if (!openCaller(error))
            return false;
        request();
        return true;
    }

    std::string number() const { return std::to_string(m_made + 1); }

    void call(const char *service, Frames body, Answer then)
    {
        MdpCaller::call(service, std::move(body), m_options.integer("timeout-ms"), int(m_options.integer("retries")), std::move(then));
    }

    // 300 and 500 mean "later" (9/TSP) until --give-up-ms has passed.
    bool tooLate()
    {
        const std::int64_t giveUp = m_options.integer("give-up-ms");
        return giveUp > 0 && loop().now() - m_since >= std::chrono::milliseconds(giveUp);
    }

    void request()
    {
        setState(ClientState::Requesting);
        m_uuid.clear();
        m_since = loop().now();
        store();
    }

    void store()
    {
        Frames body{m_options.text("service")};
        body.insert(body.end(), m_body.begin(), m_body.end());
        log("request " + number() + " to " + printableBytes(m_options.text("service")) + ": " + framesText(m_body));
        call("titanic.request", std::move(body), [this](std::optional<Frames> r) {
            if (!r)
                return gaveUp("no answer from titanic.request after " + std::to_string(lastAttempts()) + " attempt(s)");
            const int status = r->empty() ? 0 : statusCode(r->front());
            const auto uuid = r->size() >= 2 ? canonicalUuid((*r)[1]) : std::nullopt;
            if (status == 200 && uuid) {
                m_uuid = (*r)[1];   // (sent back as the server wrote it)
                log("request " + number() + " stored as " + m_uuid);
                setState(ClientState::Polling);
                after(std::min<std::int64_t>(100, m_options.integer("poll-ms")), [this] { poll(); });
            } else if ((status == 300 || status == 500) && !tooLate()) {
                log("titanic.request: " + printableBytes(r->front()) + ", asking again in " + m_options.text("poll-ms") + " ms",
                    LogLevel::Warning);
                after(m_options.integer("poll-ms"), [this] { store(); });
            } else {
                gaveUp("titanic.request answered " + framesText(*r) + (status == 200 ? " (no UUID)" : ""));
            }
        });
    }

    void poll()
    {
        call("titanic.reply", {m_uuid}, [this](std::optional<Frames> r) {
            if (!r)
                return gaveUp("no answer from titanic.reply after " + std::to_string(lastAttempts()) + " attempt(s)");
            const int status = r->empty() ? 0 : statusCode(r->front());
            if (status == 200) {
                log("reply " + number() + ": " + framesText(*r, 1));
                closeRequest();
            } else if (status == 300 || status == 500) {
                if (tooLate())
                    return gaveUp("no reply to " + m_uuid + " in " + m_options.text("give-up-ms") + " ms (last: " + printableBytes(r->front())
                                  + ")");
                log("reply " + number() + ": " + (status == 300 ? std::string("pending") : "server error 500") + ", asking again in "
                    + m_options.text("poll-ms") + " ms");
                after(m_options.integer("poll-ms"), [this] { poll(); });
            } else if (status == 400) {
                gaveUp("the server does not know " + m_uuid + " (400)");
            } else {
                gaveUp("titanic.reply answered " + framesText(*r));
            }
        });
    }

    void closeRequest()
    {
        setState(ClientState::Closing);
        call("titanic.close", {m_uuid}, [this](std::optional<Frames> r) {
            if (!r)
                return gaveUp("no answer from titanic.close after " + std::to_string(lastAttempts()) + " attempt(s)");
            if (r->empty() || statusCode(r->front()) != 200)
                log("titanic.close " + m_uuid + " answered " + framesText(*r) + " (9/TSP says 200)", LogLevel::Warning);
            else
                log("closed " + m_uuid);
            ++m_made;
            const std::int64_t count = m_options.integer("count");
            if (count > 0 && m_made >= count) {
                setState(ClientState::Done);
                log("done: " + std::to_string(m_made) + " repl" + (m_made == 1 ? "y" : "ies"));
                finish(0);
                return;
            }
            request();
        });
    }

    void gaveUp(const std::string &why)
    {
        fail(why + ": gave up");
        setState(ClientState::GaveUp);
        finish(2);
    }

    Frames m_body;
    std::string m_uuid;
    std::int64_t m_made = 0;
    PeerLoop::Clock::time_point m_since{};
};

}   // namespace

const RoleInfo kTitanicServerRole{"titanic-server", "Titanic", "Titanic server",
                                  "A Titanic server: stores requests on disk as three Majordomo workers (titanic.request, "
                                  "titanic.reply, titanic.close) and passes them to their services as a Majordomo client.",
                                  "9/TSP, 7/MDP, 8/MMI", kServerOptions, kServerStates, makePeer<TitanicServer>};
const RoleInfo kTitanicClientRole{"titanic-client", "Titanic", "Titanic client",
                                  "A Titanic client: stores a request with titanic.request, polls titanic.reply until the "
                                  "reply is there, then closes it with titanic.close.",
                                  "9/TSP, 7/MDP", kClientOptions, kClientStates, makePeer<TitanicClient>, true};

}   // namespace zmqscope::peers
