// 11/MTL, both flows (encodings in mtlwire.h). The control flow is the
// client's REQ to the server's ROUTER, one reply per request:
//   Connection.Open      -> 201 Ready {profiles} | 401 Unauthorized {mechanisms}
//   Connection.Authorize -> 201 | 401 (SASL PLAIN: one step, never 402)
//   Connection.Profile   -> 200 OK | 400 Bad Request
//   Connection.Reader / .Writer {resources, confirm} -> 202 Data Lease {port, lease} | 501 | 400
// Open comes first (else 400), then Authorize when the server asked (other
// requests meanwhile: 401), Profile before Reader/Writer (else 400); an
// unknown command is 501; a request whose frames are not name | JSON
// object is dropped without a reply (11/MTL "Control Flow Error
// Handling"), and the client then times out. The server may answer 401 at
// any time (--reauth-after); the client authenticates again and repeats
// the request. SASL is PLAIN only (RFC 4616, one step); a client offered
// nothing else (tests/peers/mtl_roles.py can also ask for CRAM-MD5) gives
// up. A server without authentication answers Authorize with 201.
//
// The data flow is the client's DEALER to the server's ROUTER (the control
// socket unless the server has a --data-bind: a message whose frame 1 is
// empty is control, else data). Lease first; Responses echo the command
// sequence. The test profile (11/MTL): one resource, "resource"; contents
// never confirmed; every writer's Content fanned out to every reader that
// summoned it, each reader numbering its contents from 1. The "confirm"
// profile is ZmqScope's, for the Confirm and Reject commands: the same,
// with confirm "full" allowed: the server Confirms each Content of a full
// writer (multiple 0), a full reader Confirms or Rejects each Content, and
// a content rejected with recycle is sent once more under a new sequence.
//
// 11/MTL names no ports or intervals. These roles use what the independent
// peers in tests/peers/mtl_roles.py use: Ping after 1000 ms without sending
// on a data flow, a peer silent for 3 intervals is lost, 2500 ms for a
// control reply. A writer ends with a Ping and is done at its Pong: the
// server has every Content by then. A reader with --expect-contents
// Dismisses its resources after that many and is done at the Responses.
#include "mtlroles.h"

#include "codec/eventdump.h"
#include "mtlwire.h"

#include <zmq.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <map>
#include <numeric>
#include <optional>
#include <set>

namespace zmqscope::peers {

namespace {

using Clock = PeerLoop::Clock;
using mtl::Command;
using mtl::DataCommand;
using mtl::DataType;
using mtl::Json;

// The test profile's one resource (11/MTL "The Test Profile").
const std::string kResource = "resource";

// What a server keeps for its peers, at most.
constexpr std::size_t kMaxSessions = 4096;      // control clients (past it, one is forgotten)
constexpr std::size_t kMaxLeases = 4096;        // leases granted (past it, the oldest is withdrawn)
constexpr std::size_t kMaxDataPeers = 4096;     // data connections (past it, new ones are not served)
constexpr std::size_t kMaxLeasesPerPeer = 64;   // leases on one data connection (past it, 403)
constexpr std::size_t kMaxUnconfirmed = 10000;  // contents a confirm full reader has not confirmed,
constexpr std::size_t kMaxUnconfirmedBytes = 64u << 20;   // and their bytes (past either, the oldest is forgotten)

std::string who(const std::string &routingId)
{
    return codec::hexBytes({reinterpret_cast<const std::uint8_t *>(routingId.data()), routingId.size()}, 16);
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string joined(const std::vector<std::string> &v)
{
    std::string out;
    for (const std::string &s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? "none" : out;
}

std::string statusText(const Json &reply)
{
    const Json *status = reply.find("status");
    return status && status->isString() ? status->text : std::string();
}

// The port in "tcp://host:port"; -1 when there is no fixed one.
int tcpPort(std::string_view endpoint)
{
    if (!endpoint.starts_with("tcp://"))
        return -1;
    const std::size_t colon = endpoint.rfind(':');
    int port = 0;
    const std::string_view digits = endpoint.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    return ec == std::errc() && end == digits.data() + digits.size() && port > 0 && port <= 65535 ? port : -1;
}

Json jsonStrings(const std::vector<std::string> &v)
{
    std::vector<Json> items;
    items.reserve(v.size());
    for (const std::string &s : v)
        items.push_back(Json::string(s));
    return Json::array(std::move(items));
}

// --- Server ------------------------------------------------------------------------

enum class ServerState : std::uint32_t { Starting, Serving };
constexpr std::string_view kServerStates[] = {"Starting", "Serving"};
constexpr std::string_view kProfiles[] = {"test", "confirm"};
constexpr std::string_view kServerMechanisms[] = {"none", "PLAIN"};
constexpr OptionSpec kServerOptions[] = {
    {"bind", OptionKind::Bind, "tcp://*:5555", "the control flow: where clients' REQ sockets connect (11/MTL names no port)"},
    {"data-bind", OptionKind::Bind, "", "a socket of its own for the data flow (default: the control socket carries both, as 11/MTL allows)"},
    {"announce-port", OptionKind::Integer, "0", "the port 202 Data Lease replies name (0: the one the data flow's endpoint was given with, else the one it got)", {}, 0, 65535},
    {"profile", OptionKind::Choice, "test", "a profile to offer; repeat for both: test (11/MTL: never confirmed) or confirm (ZmqScope's test profile that also allows confirm full)", kProfiles, 0, 0, true},
    {"mechanism", OptionKind::Choice, "none", "none: serve unauthenticated clients (201 at once); PLAIN: answer Connection.Open with 401 and admit --user with --password", kServerMechanisms},
    {"user", OptionKind::Text, "", "PLAIN: the user name a client must give"},
    {"password", OptionKind::Text, "", "PLAIN: the password a client must give"},
    {"reauth-after", OptionKind::Integer, "0", "PLAIN: answer 401 to the request after this many since each authentication, so the client must authenticate again (11/MTL: at any time; 0: never)", {}, 0, INT32_MAX},
    {"ping-ms", OptionKind::Integer, "1000", "Ping a data peer we have sent nothing to for this long (11/MTL leaves the interval to configuration)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "forget a data peer silent for this many Ping intervals", {}, 1, 100},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class MtlServer final : public Peer {
public:
    using Peer::Peer;

private:
    struct Session {
        bool opened = false;
        bool authed = false;
        std::string profile;          // chosen, in lower case; empty before Connection.Profile
        std::int64_t sinceAuth = 0;   // requests since the last authentication
    };
    struct Lease {
        bool reader = false;
        std::vector<std::string> resources;   // empty: all
        bool full = false;                    // confirm "full"
    };
    struct Unconfirmed {
        std::string resource, body;
        bool resent = false;
    };
    struct DataPeer {
        std::vector<std::string> leases;
        std::set<std::string> summoned;
        std::uint64_t outSeq = 0;   // contents sent to it
        std::map<std::uint64_t, Unconfirmed> unconfirmed;   // a full reader's, by content sequence
        std::size_t unconfirmedBytes = 0;
        Clock::time_point lastRecv{}, lastSent{};
    };

    bool open(std::string *error) override
    {
        for (const std::string &p : m_options.list("profile"))
            if (std::find(m_profiles.begin(), m_profiles.end(), p) == m_profiles.end())
                m_profiles.push_back(p);
        m_plain = m_options.text("mechanism") == "PLAIN";
        if (m_plain && !m_options.given("user")) {
            *error = "--mechanism PLAIN needs --user (and --password)";
            return false;
        }
        m_ping = std::chrono::milliseconds(m_options.integer("ping-ms"));
        m_dead = m_ping * m_options.integer("liveness");

        m_control = openRouter(error);
        const std::string bind = m_options.text("bind");
        if (!m_control || !bindSocket(*m_control, bind, error))
            return false;
        const std::string dataBind = m_options.text("data-bind");
        if (dataBind.empty()) {
            m_data = m_control;
        } else {
            m_data = openRouter(error);
            if (!m_data || !bindSocket(*m_data, dataBind, error))
                return false;
        }
        // The port a 202 names: the one the endpoint was given with (a tap
        // may listen there for us), else the one libzmq picked.
        const std::string &dataEndpoint = dataBind.empty() ? bind : dataBind;
        m_port = int(m_options.integer("announce-port"));
        if (m_port == 0)
            m_port = tcpPort(dataEndpoint);
        if (m_port <= 0)
            m_port = tcpPort(m_data->lastEndpoint());
        if (m_port <= 0) {
            m_port = 0;
            log("the data flow is on " + dataEndpoint + ", which has no TCP port: 202 replies name port 0, so clients "
                "need --data-connect", LogLevel::Warning);
        }
        watch(*m_control, [this] { readControl(); });
        if (m_data != m_control)
            watch(*m_data, [this] { readData(); });
        setState(ServerState::Serving);
        log("serving MTL on " + bind + (dataBind.empty() ? " (control and data flows)" : ", the data flow on " + dataBind)
            + "; profiles " + joined(m_profiles) + "; "
            + (m_plain ? "PLAIN as " + printableBytes(m_options.text("user")) : std::string("no authentication"))
            + "; 202 replies name port " + std::to_string(m_port));
        tick();
        return true;
    }

    ZSocket *openRouter(std::string *error)
    {
        ZSocket *s = openSocket(ZMQ_ROUTER, error);
        if (!s || !monitor(*s, error))
            return nullptr;
        // (a send to a client that has gone fails instead of vanishing: it is forgotten)
        if (!s->setInt(ZMQ_ROUTER_MANDATORY, 1)) {
            *error = "cannot set up the ROUTER: " + zmqError();
            return nullptr;
        }
        return s;
    }

    // (stop() freed the sockets; a restart begins from nothing)
    void close() override
    {
        m_control = m_data = nullptr;
        m_profiles.clear();
        m_sessions.clear();
        m_leases.clear();
        m_leaseOrder.clear();
        m_peers.clear();
        m_leaseCount = 0;
        m_tick = 0;
    }

    // --- control flow ---

    void readControl()
    {
        Frames f;
        while (m_control && m_control->recv(f)) {
            countReceived();
            if (f.size() >= 2 && f[1].empty()) {
                if (f.size() != 4) {
                    log("dropped a control request of " + std::to_string(f.size() - 2) + " frame(s) from " + who(f[0])
                            + " (11/MTL: command name | JSON)",
                        LogLevel::Warning);
                    continue;
                }
                onRequest(f[0], f[2], f[3]);
            } else if (m_data == m_control && f.size() >= 2) {
                onData(f);
            } else {
                log("dropped a message from " + who(f[0]) + " that is neither a control request nor a data command: "
                        + framesText(f, 1),
                    LogLevel::Warning);
            }
        }
    }

    Session &session(const std::string &peer)
    {
        if (!m_sessions.contains(peer) && m_sessions.size() >= kMaxSessions) {
            log("more than " + std::to_string(kMaxSessions) + " control clients: one is forgotten", LogLevel::Warning);
            m_sessions.erase(m_sessions.begin());
        }
        return m_sessions[peer];
    }

    void reply(const std::string &peer, std::string_view name, const std::string &code, const Json &body)
    {
        if (m_control->send({peer, std::string(), code, mtl::toJson(body)}))
            countSent();
        else
            log("cannot answer " + who(peer) + ": it has gone", LogLevel::Warning);
        log(printableBytes(name) + " from " + who(peer) + ": " + code + " " + statusText(body));
    }

    static Json status(std::string_view text) { return Json::object({{"status", Json::string(std::string(text))}}); }
    void bad(const std::string &peer, std::string_view name, const std::string &why)
    {
        log(printableBytes(name) + " from " + who(peer) + " is not valid: " + why, LogLevel::Warning);
        reply(peer, name, "400", status("Bad Request"));
    }
    void unauthorized(const std::string &peer, std::string_view name)
    {
        reply(peer, name, "401",
              Json::object({{"status", Json::string("Unauthorized")},
                            {"mechanisms", jsonStrings(m_plain ? std::vector<std::string>{"PLAIN"} : std::vector<std::string>{})}}));
    }
    void ready(const std::string &peer, std::string_view name)
    {
        reply(peer, name, "201", Json::object({{"status", Json::string("Ready")}, {"profiles", jsonStrings(m_profiles)}}));
    }

    void onRequest(const std::string &peer, const std::string &name, const std::string &body)
    {
        std::string problem;
        const auto json = mtl::parseJson(body, &problem);
        if (!json || json->type != Json::Type::Object) {
            // 11/MTL: an ill-formed request is dropped, without a reply.
            log("dropped " + printableBytes(name) + " from " + who(peer) + ": the body is not a JSON object"
                    + (problem.empty() ? std::string() : " (" + problem + ")"),
                LogLevel::Warning);
            return;
        }
        Session &s = session(peer);
        const auto command = mtl::commandByName(name);
        if (command == Command::Open)
            return openSession(peer, name, s, *json);
        if (!s.opened)
            return bad(peer, name, "Connection.Open comes first");
        if (command == Command::Authorize)
            return authorize(peer, name, s, *json);
        if (!s.authed)
            return unauthorized(peer, name);
        const std::int64_t reauth = m_options.integer("reauth-after");
        if (m_plain && reauth > 0) {
            if (s.sinceAuth >= reauth) {
                log("asking " + who(peer) + " to authenticate again after " + std::to_string(reauth) + " request(s)");
                s.authed = false;
                return unauthorized(peer, name);
            }
            ++s.sinceAuth;
        }
        if (command == Command::Profile)
            return selectProfile(peer, name, s, *json);
        if (command == Command::Reader || command == Command::Writer)
            return grantLease(peer, name, s, *json, command == Command::Reader);
        reply(peer, name, "501", status("Not implemented"));
    }

    void openSession(const std::string &peer, const std::string &name, Session &s, const Json &j)
    {
        const Json *protocol = j.find("protocol");
        const Json *protocolName = protocol ? protocol->find("name") : nullptr;
        const Json *version = protocol ? protocol->find("version") : nullptr;
        const Json *host = j.find("virtual-host");
        if (!protocolName || !protocolName->isString() || !mtl::sameName(protocolName->text, "MTL"))
            return bad(peer, name, "protocol.name is not \"MTL\"");
        if (!version || !version->integral || version->integer != 1)
            return bad(peer, name, "protocol.version is not 1");
        if (host && !host->isString())
            return bad(peer, name, "virtual-host is not a string");
        s = Session{};
        s.opened = true;
        s.authed = !m_plain;
        if (host)
            log("virtual host " + printableBytes(host->text) + " for " + who(peer));
        if (s.authed)
            ready(peer, name);
        else
            unauthorized(peer, name);
    }

    void authorize(const std::string &peer, const std::string &name, Session &s, const Json &j)
    {
        if (!m_plain) {
            log(who(peer) + " authorizes, but this server asks no authentication", LogLevel::Warning);
            s.authed = true;
            return ready(peer, name);
        }
        const Json *mechanism = j.find("mechanism");
        const Json *response = j.find("response");
        if (!mechanism || !mechanism->isString() || !mtl::sameName(mechanism->text, "PLAIN")) {
            log(who(peer) + " authorizes with " + (mechanism && mechanism->isString() ? printableBytes(mechanism->text) : std::string("no mechanism"))
                    + ", not PLAIN",
                LogLevel::Warning);
            return unauthorized(peer, name);
        }
        const auto decoded = response && response->isString() ? mtl::base64Decode(response->text) : std::nullopt;
        const auto credentials = decoded ? mtl::readPlain(*decoded) : std::nullopt;
        if (!credentials) {
            log(who(peer) + " sent a PLAIN response that is not base64 of authzid NUL user NUL password", LogLevel::Warning);
            return unauthorized(peer, name);
        }
        const bool ok = credentials->user == m_options.text("user") && credentials->password == m_options.text("password");
        log("PLAIN from " + who(peer) + " as " + printableBytes(credentials->user) + ": " + (ok ? "accepted" : "refused"),
            ok ? LogLevel::Info : LogLevel::Warning);
        if (!ok)
            return unauthorized(peer, name);
        s.authed = true;
        s.sinceAuth = 0;
        ready(peer, name);
    }

    void selectProfile(const std::string &peer, const std::string &name, Session &s, const Json &j)
    {
        const Json *profile = j.find("profile");
        if (!profile || !profile->isString())
            return bad(peer, name, "no profile name");
        const auto it = std::find_if(m_profiles.begin(), m_profiles.end(), [&](const std::string &p) { return mtl::sameName(p, profile->text); });
        if (it == m_profiles.end())
            return bad(peer, name, "profile " + printableBytes(profile->text) + " is not offered");
        s.profile = lower(*it);
        reply(peer, name, "200", status("OK"));
    }

    void grantLease(const std::string &peer, const std::string &name, Session &s, const Json &j, bool reader)
    {
        if (s.profile.empty())
            return bad(peer, name, "no profile selected (Connection.Profile comes first)");
        Lease lease;
        lease.reader = reader;
        if (const Json *resources = j.find("resources")) {
            if (resources->type != Json::Type::Array)
                return bad(peer, name, "resources is not a list");
            for (const Json &r : resources->items) {
                if (!r.isString() || r.text != kResource)
                    return bad(peer, name, "the only resource is \"resource\"");
                if (lease.resources.empty())
                    lease.resources.push_back(r.text);
            }
        }
        const Json *confirm = j.find("confirm");
        if (confirm && (!confirm->isString() || (confirm->text != "none" && confirm->text != "full")))
            return bad(peer, name, "confirm is not \"none\" or \"full\"");
        lease.full = confirm && confirm->text == "full";
        if (lease.full && s.profile != "confirm")
            return reply(peer, name, "501", status("Not implemented"));   // (11/MTL: a confirmation model the profile lacks)
        const std::string raw = randomUuid();
        const std::string id = std::string(reader ? "reader-" : "writer-") + std::to_string(++m_leaseCount) + "-"
            + codec::hexBytes({reinterpret_cast<const std::uint8_t *>(raw.data()), 3});
        if (m_leaseOrder.size() >= kMaxLeases) {
            m_leases.erase(m_leaseOrder.front());
            m_leaseOrder.pop_front();
        }
        m_leases.emplace(id, lease);
        m_leaseOrder.push_back(id);
        log(std::string(reader ? "reader" : "writer") + " lease " + id + " for " + who(peer) + (lease.full ? ", confirm full" : ""));
        reply(peer, name, "202",
              Json::object({{"status", Json::string("Data Lease")}, {"port", Json::whole(m_port)}, {"lease", Json::string(id)}}));
    }

    // --- data flow ---

    void readData()
    {
        Frames f;
        while (m_data && m_data->recv(f)) {
            countReceived();
            onData(f);
        }
    }

    bool sendData(const std::string &peer, const DataCommand &c)
    {
        const auto frames = mtl::dataFrames(c);
        if (!frames || !m_data)
            return false;
        Frames f;
        f.reserve(3);
        f.push_back(peer);
        f.insert(f.end(), frames->begin(), frames->end());
        if (!m_data->send(f)) {
            if (m_peers.erase(peer))
                log("data peer " + who(peer) + " has gone: forgotten (its " + std::string(mtl::dataTypeName(c.type)) + " dropped)",
                    LogLevel::Warning);
            return false;
        }
        countSent();
        if (const auto it = m_peers.find(peer); it != m_peers.end())
            it->second.lastSent = loop().now();
        return true;
    }

    void respond(const std::string &peer, std::uint64_t sequence, const char *code)
    {
        sendData(peer, mtl::dataCommand(DataType::Response, sequence, {}, code));
    }

    const Lease *leaseFor(const DataPeer &p, bool reader, const std::string &resource) const
    {
        for (const std::string &id : p.leases) {
            const auto it = m_leases.find(id);
            if (it != m_leases.end() && it->second.reader == reader
                && (it->second.resources.empty() || std::find(it->second.resources.begin(), it->second.resources.end(), resource) != it->second.resources.end()))
                return &it->second;
        }
        return nullptr;
    }

    void onData(const Frames &f)
    {
        const std::string peer = f[0];
        std::string problem;
        const auto c = mtl::readData(f, 1, &problem);
        if (!c) {
            // 11/MTL "Data Flow Error Handling": dropped, without a reply.
            log("dropped an ill-formed data command from " + who(peer) + ": " + problem, LogLevel::Warning);
            return;
        }
        const auto now = loop().now();
        auto it = m_peers.find(peer);
        if (it == m_peers.end()) {
            if (m_peers.size() >= kMaxDataPeers) {
                log("more than " + std::to_string(kMaxDataPeers) + " data peers: " + std::string(mtl::dataTypeName(c->type))
                        + " from " + who(peer) + " dropped",
                    LogLevel::Warning);
                return;
            }
            it = m_peers.emplace(peer, DataPeer{}).first;
            it->second.lastSent = now;
            log("a data flow from " + who(peer));
        }
        DataPeer &p = it->second;
        p.lastRecv = now;
        switch (c->type) {
        case DataType::Ping: sendData(peer, mtl::dataCommand(DataType::Pong)); return;
        case DataType::Pong: return;
        case DataType::Lease: return onLease(peer, p, *c);
        case DataType::Summon:
        case DataType::Dismiss: return onSummon(peer, p, *c);
        case DataType::Content: return onContent(peer, p, *c);
        case DataType::Confirm:
        case DataType::Reject: return onConfirm(peer, p, *c);
        case DataType::Response: break;
        }
        log("a Response from client " + who(peer) + " (only the server sends them): ignored", LogLevel::Warning);
    }

    void onLease(const std::string &peer, DataPeer &p, const DataCommand &c)
    {
        const bool known = m_leases.contains(c.name);
        const char *code = known ? "200" : "403";
        if (known && std::find(p.leases.begin(), p.leases.end(), c.name) == p.leases.end()) {
            if (p.leases.size() >= kMaxLeasesPerPeer)
                code = "403";
            else
                p.leases.push_back(c.name);
        }
        log("Lease " + printableBytes(c.name) + " from " + who(peer) + ": " + code
                + (known ? (code[0] == '2' ? std::string() : " (more than " + std::to_string(kMaxLeasesPerPeer) + " leases)")
                         : " (never granted)"),
            code[0] == '2' ? LogLevel::Info : LogLevel::Warning);
        respond(peer, c.sequence, code);
    }

    void onSummon(const std::string &peer, DataPeer &p, const DataCommand &c)
    {
        const bool summon = c.type == DataType::Summon;
        std::string why;
        if (summon) {
            if (!leaseFor(p, true, c.name))
                why = "no reader lease names it";
            else if (c.name != kResource)
                why = "there is no such resource";
            else if (p.summoned.contains(c.name))
                why = "it is summoned already";
            else
                p.summoned.insert(c.name);
        } else if (!p.summoned.erase(c.name)) {
            why = "it is not summoned";
        }
        log(std::string(summon ? "Summon " : "Dismiss ") + printableBytes(c.name) + " from " + who(peer) + ": "
                + (why.empty() ? "200" : "400 (" + why + ")"),
            why.empty() ? LogLevel::Info : LogLevel::Warning);
        respond(peer, c.sequence, why.empty() ? "200" : "400");
    }

    void onContent(const std::string &peer, DataPeer &p, const DataCommand &c)
    {
        std::vector<const Lease *> writers;
        for (const std::string &id : p.leases)
            if (const auto it = m_leases.find(id); it != m_leases.end() && !it->second.reader)
                writers.push_back(&it->second);
        if (writers.empty()) {
            log("Content " + std::to_string(c.sequence) + " from " + who(peer) + " without a writer lease: dropped", LogLevel::Warning);
            return;
        }
        std::string resource = c.name;
        if (resource.empty()) {
            // 11/MTL: the name may be left out when the writer lease names one resource.
            const std::size_t named = writers.front()->resources.empty() ? 1 : writers.front()->resources.size();
            if (writers.size() != 1 || named != 1) {
                log("Content " + std::to_string(c.sequence) + " from " + who(peer)
                        + " names no resource, but its writer leases name several: dropped",
                    LogLevel::Warning);
                return;
            }
            resource = kResource;
        }
        const Lease *lease = leaseFor(p, false, resource);
        if (!lease || resource != kResource) {
            log("Content " + std::to_string(c.sequence) + " from " + who(peer) + " to " + printableBytes(resource)
                    + ", which its writer lease does not cover: dropped",
                LogLevel::Warning);
            return;
        }
        const bool full = lease->full;
        std::vector<std::string> readers;
        for (const auto &[id, r] : m_peers)
            if (r.summoned.contains(resource))
                readers.push_back(id);
        if (full)
            sendData(peer, mtl::dataCommand(DataType::Confirm, c.sequence));
        std::size_t reached = 0;
        for (const std::string &id : readers)
            reached += fan(id, resource, c.body, false) ? 1 : 0;
        log("Content " + std::to_string(c.sequence) + " to " + resource + " from " + who(peer) + ": " + printableBytes(c.body)
            + " (to " + std::to_string(reached) + " reader" + (reached == 1 ? "" : "s") + (full ? ", confirmed" : "") + ")");
    }

    bool fan(const std::string &id, const std::string &resource, const std::string &body, bool resent)
    {
        const auto it = m_peers.find(id);
        if (it == m_peers.end())
            return false;
        DataPeer &r = it->second;
        const std::uint64_t sequence = ++r.outSeq;
        const Lease *lease = leaseFor(r, true, resource);
        if (lease && lease->full) {
            while (!r.unconfirmed.empty()
                   && (r.unconfirmed.size() >= kMaxUnconfirmed || r.unconfirmedBytes + body.size() > kMaxUnconfirmedBytes)) {
                log("reader " + who(id) + " has too many contents unconfirmed: the oldest is forgotten", LogLevel::Warning);
                r.unconfirmedBytes -= r.unconfirmed.begin()->second.body.size();
                r.unconfirmed.erase(r.unconfirmed.begin());
            }
            r.unconfirmed[sequence] = {resource, body, resent};
            r.unconfirmedBytes += body.size();
        }
        return sendData(id, mtl::dataCommand(DataType::Content, sequence, resource, body));
    }

    void onConfirm(const std::string &peer, DataPeer &p, const DataCommand &c)
    {
        const bool confirm = c.type == DataType::Confirm;
        const std::string what = std::string(confirm ? "Confirm " : "Reject ") + std::to_string(c.sequence)
            + (c.multiple ? " (and before)" : "") + (!confirm && c.recycle ? ", recycle" : "") + " from " + who(peer);
        bool full = false;
        for (const std::string &id : p.leases)
            if (const auto it = m_leases.find(id); it != m_leases.end() && it->second.reader && it->second.full)
                full = true;
        std::vector<std::uint64_t> covered;
        if (c.multiple) {
            for (auto it = p.unconfirmed.begin(); it != p.unconfirmed.end() && it->first <= c.sequence; ++it)
                covered.push_back(it->first);
        } else if (p.unconfirmed.contains(c.sequence)) {
            covered.push_back(c.sequence);
        }
        if (!full || covered.empty()) {
            // 11/MTL: invalid Confirm and Reject commands are ignored.
            log(what + ": ignored (" + (full ? "no such content unconfirmed" : "not a confirm full reader") + ")", LogLevel::Warning);
            return;
        }
        log(what);
        std::vector<Unconfirmed> again;
        for (const std::uint64_t s : covered) {
            const auto it = p.unconfirmed.find(s);
            p.unconfirmedBytes -= it->second.body.size();
            if (!confirm && c.recycle && !it->second.resent && p.summoned.contains(it->second.resource))
                again.push_back(std::move(it->second));
            p.unconfirmed.erase(it);
        }
        // (recycled once, under a new sequence; sending may forget the peer, so last)
        for (const Unconfirmed &u : again)
            if (fan(peer, u.resource, u.body, true))
                log("content " + printableBytes(u.body) + " sent to " + who(peer) + " again");
    }

    // Every quarter interval: forget silent data peers, Ping quiet ones.
    void tick()
    {
        const auto now = loop().now();
        std::vector<std::string> lost, quiet;
        for (const auto &[id, p] : m_peers) {
            if (now - p.lastRecv >= m_dead)
                lost.push_back(id);
            else if (now - p.lastSent >= m_ping)
                quiet.push_back(id);
        }
        for (const std::string &id : lost) {
            log("data peer " + who(id) + " silent for " + std::to_string(m_dead.count()) + " ms: forgotten", LogLevel::Warning);
            m_peers.erase(id);
        }
        for (const std::string &id : quiet)
            sendData(id, mtl::dataCommand(DataType::Ping));
        m_tick = after(std::max<std::int64_t>(10, m_ping.count() / 4), [this] { tick(); });
    }

    ZSocket *m_control = nullptr;
    ZSocket *m_data = nullptr;   // m_control when there is no --data-bind
    std::vector<std::string> m_profiles;
    bool m_plain = false;
    int m_port = 0;
    std::chrono::milliseconds m_ping{1000}, m_dead{3000};
    std::map<std::string, Session> m_sessions;   // by the control REQ's routing id
    std::map<std::string, Lease> m_leases;       // every lease granted, by its string
    std::deque<std::string> m_leaseOrder;        // (the oldest goes first)
    std::uint64_t m_leaseCount = 0;
    std::map<std::string, DataPeer> m_peers;     // by the data DEALER's routing id
    PeerLoop::TimerId m_tick = 0;
};

// --- Client ------------------------------------------------------------------------

enum class ClientState : std::uint32_t {
    Opening,            // Connection.Open sent
    Authenticating,     // Connection.Authorize sent
    SelectingProfile,   // Connection.Profile sent
    RequestingLeases,   // Connection.Reader / .Writer sent
    Leasing,            // data flows opened, Lease (and Summon) sent
    Flowing,            // reading or writing contents
    Finishing,          // the writer's last Ping, the reader's Dismiss
    Done,
    GaveUp,
};
constexpr std::string_view kClientStates[] = {"Opening", "Authenticating", "SelectingProfile", "RequestingLeases", "Leasing",
                                              "Flowing", "Finishing", "Done", "GaveUp"};
constexpr std::string_view kConfirms[] = {"none", "full"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the server's control endpoint", {}, 0, 0, false, true},
    {"data-connect", OptionKind::Connect, "", "where the data flows connect (default: the host of --connect and the port of the 202 reply); give it to send them through a tap or a relay"},
    {"vhost", OptionKind::Text, "test-env", "the virtual host Connection.Open asks for (11/MTL's example: test-env)"},
    {"profile", OptionKind::Text, "test", "the profile Connection.Profile selects (test: 11/MTL's)"},
    {"user", OptionKind::Text, "", "the user name for SASL PLAIN when the server answers 401 (without it the client gives up there)"},
    {"password", OptionKind::Text, "", "the password for SASL PLAIN"},
    {"reader", OptionKind::Flag, "", "take a reader lease and Summon each --resource"},
    {"writer", OptionKind::Flag, "", "take a writer lease and send the --send contents (with --reader too: once the reader has summoned)"},
    {"resource", OptionKind::Text, "resource", "a resource the leases name; repeat for more (the test profile has one: resource); the writer sends to the first", {}, 0, 0, true},
    {"confirm", OptionKind::Choice, "none", "the confirmation model both leases ask for: none (the test profile) or full (the server's confirm profile)", kConfirms},
    {"send", OptionKind::Data, "hello", "a content the writer sends; repeat for more (text, 0x-hex or @file)", {}, 0, 0, true},
    {"count", OptionKind::Integer, "1", "send the --send list this many times", {}, 1, INT32_MAX},
    {"send-delay-ms", OptionKind::Integer, "0", "wait this long after the Lease is granted before the first content", {}, 0, 3600000},
    {"send-interval-ms", OptionKind::Integer, "0", "pause between contents", {}, 0, 3600000},
    {"expect-contents", OptionKind::Integer, "0", "reader: after this many contents Dismiss and finish (0: read until stopped)", {}, 0, INT32_MAX},
    {"reject-first", OptionKind::Flag, "", "with --confirm full: Reject the first content received, recycle set (the server sends it again)"},
    {"timeout-ms", OptionKind::Integer, "2500", "wait this long for each control reply, then give up (11/MTL: a timeout on the request socket)", {}, 1, 3600000},
    {"ping-ms", OptionKind::Integer, "1000", "Ping a data flow we have sent nothing on for this long (11/MTL leaves the interval to configuration)", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "give up when the server is silent on a data flow for this many Ping intervals", {}, 1, 100},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class MtlClient final : public Peer {
public:
    using Peer::Peer;

private:
    struct Call {
        Command command;
        Json body;
    };
    // One data connection: one lease (11/MTL: a lease initialises a data flow).
    struct Flow {
        bool reader = false;
        ZSocket *socket = nullptr;
        std::string lease;
        bool done = false;
        std::uint64_t sequence = 0;   // commands sent
        std::map<std::uint64_t, std::pair<DataType, std::string>> pending;   // unanswered, by sequence: command, resource
        std::set<std::string> summoned;
        std::uint64_t contentSeq = 0;      // contents sent
        std::deque<std::string> toSend;    // a writer's contents still to send
        bool writing = false;              // the writer's Lease is granted and --send-delay-ms has passed
        std::uint64_t pings = 0, pongs = 0;
        std::uint64_t finalPing = 0;       // the writer's last Ping (0: not sent yet)
        Clock::time_point lastRecv{}, lastSent{};
    };

    bool open(std::string *error) override
    {
        const bool reader = m_options.flag("reader"), writer = m_options.flag("writer");
        if (!reader && !writer) {
            *error = "give --reader, --writer or both: which leases to take";
            return false;
        }
        m_resources = m_options.list("resource");
        for (const std::string &r : m_resources)
            if (r.empty() || r.size() > mtl::kMaxShortString) {
                *error = "--resource " + printableBytes(r) + ": a resource name is 1 to 255 octets";
                return false;
            }
        if (writer) {
            auto contents = m_options.dataList("send", error);
            if (!contents)
                return false;
            m_contents = std::move(*contents);
        }
        if (reader)
            m_toAsk.push_back(Command::Reader);
        if (writer)
            m_toAsk.push_back(Command::Writer);
        m_ping = std::chrono::milliseconds(m_options.integer("ping-ms"));
        m_dead = m_ping * m_options.integer("liveness");
        m_flows.reserve(2);

        m_control = openSocket(ZMQ_REQ, error);
        if (!m_control || !monitor(*m_control, error) || !connectSocket(*m_control, m_options.text("connect"), error))
            return false;
        watch(*m_control, [this] { readControl(); });
        setState(ClientState::Opening);
        call(Command::Open, Json::object({{"protocol", Json::object({{"name", Json::string("MTL")}, {"version", Json::whole(1)}})},
                                          {"virtual-host", Json::string(m_options.text("vhost"))}}));
        tick();
        return true;
    }

    void close() override
    {
        m_control = nullptr;
        m_flows.clear();
        m_contents.clear();
        m_resources.clear();
        m_toAsk.clear();
        m_call.reset();
        m_resume.reset();
        m_resumed = false;
        m_authAttempts = 0;
        m_received = 0;
        m_rejectedOne = false;
        m_sendDue = false;
        m_timeout = m_tick = 0;
    }

    void giveUp(const std::string &why)
    {
        if (finished())
            return;
        fail(why + ": gave up");
        cancel(m_timeout);
        cancel(m_tick);
        setState(ClientState::GaveUp);
        finish(2);
    }

    // --- control flow ---

    void call(Command command, Json body)
    {
        const std::string text = mtl::toJson(body);
        m_call = Call{command, std::move(body)};
        if (!m_control->send({std::string(mtl::commandName(command)), text})) {
            giveUp("cannot send " + std::string(mtl::commandName(command)) + ": " + zmqError());
            return;
        }
        countSent();
        // (the PLAIN response holds the password: not logged)
        log(std::string(mtl::commandName(command)) + " "
            + (command == Command::Authorize ? "PLAIN as " + printableBytes(m_options.text("user")) : printableBytes(text, 200)));
        cancel(m_timeout);
        m_timeout = after(m_options.integer("timeout-ms"), [this, command] {
            m_timeout = 0;
            giveUp("no reply to " + std::string(mtl::commandName(command)) + " in " + m_options.text("timeout-ms") + " ms");
        });
    }

    void readControl()
    {
        Frames f;
        while (m_control && m_control->recv(f)) {
            countReceived();
            onReply(f);
            if (finished())
                return;
        }
    }

    void onReply(const Frames &f)
    {
        if (!m_call) {
            log("dropped a control reply to nothing: " + framesText(f), LogLevel::Warning);
            return;
        }
        cancel(m_timeout);
        const Call asked = std::move(*m_call);
        m_call.reset();
        const std::string name(mtl::commandName(asked.command));
        if (f.size() != 2 || !mtl::isStatus(f[0]))
            return giveUp(name + ": the reply is not a status | JSON: " + framesText(f));
        std::string problem;
        const auto json = mtl::parseJson(f[1], &problem);
        if (!json || json->type != Json::Type::Object)
            return giveUp(name + ": the reply body is not a JSON object" + (problem.empty() ? std::string() : " (" + problem + ")"));
        const std::string &code = f[0];
        const std::string text = statusText(*json);
        if (text.empty())
            log(name + ": the reply has no \"status\" text", LogLevel::Warning);
        log(name + ": " + code + " " + text);
        const bool resumed = std::exchange(m_resumed, false);
        if (code == "401" && asked.command != Command::Open && asked.command != Command::Authorize) {
            // 11/MTL: the server may ask at any time; authenticate, then ask again.
            if (resumed)
                return giveUp(name + " refused again right after authenticating");
            m_resume = asked;
            return authenticate(*json);
        }
        switch (asked.command) {
        case Command::Open:
            if (code == "201")
                return ready(*json);
            if (code == "401")
                return authenticate(*json);
            return giveUp("Connection.Open refused: " + code + " " + text);
        case Command::Authorize:
            if (code == "201") {
                m_authAttempts = 0;
                log("authenticated as " + printableBytes(m_options.text("user")));
                if (m_resume) {
                    Call again = std::move(*m_resume);
                    m_resume.reset();
                    m_resumed = true;
                    return call(again.command, std::move(again.body));
                }
                return ready(*json);
            }
            if (code == "401")
                return authenticate(*json);
            return giveUp("Connection.Authorize answered " + code + " " + text + (code == "402" ? " (PLAIN has no challenge)" : ""));
        case Command::Profile:
            if (code != "200")
                return giveUp("profile " + printableBytes(m_options.text("profile")) + " refused: " + code + " " + text);
            return nextLease();
        case Command::Reader:
        case Command::Writer:
            if (code != "202")
                return giveUp(name + " refused: " + code + " " + text);
            return leaseGranted(asked.command == Command::Reader, *json);
        }
    }

    void ready(const Json &reply)
    {
        std::vector<std::string> offered;
        if (const Json *profiles = reply.find("profiles"); profiles && profiles->type == Json::Type::Array)
            for (const Json &p : profiles->items)
                if (p.isString())
                    offered.push_back(p.text);
        const std::string want = m_options.text("profile");
        log("ready; the server offers profile(s) " + joined(offered));
        if (std::none_of(offered.begin(), offered.end(), [&](const std::string &p) { return mtl::sameName(p, want); }))
            log("profile " + printableBytes(want) + " is not among them: asking all the same", LogLevel::Warning);
        setState(ClientState::SelectingProfile);
        call(Command::Profile, Json::object({{"profile", Json::string(want)}}));
    }

    void authenticate(const Json &reply)
    {
        std::vector<std::string> mechanisms;
        if (const Json *m = reply.find("mechanisms"); m && m->type == Json::Type::Array)
            for (const Json &x : m->items)
                if (x.isString())
                    mechanisms.push_back(x.text);
        if (!m_options.given("user"))
            return giveUp("the server asks for authentication (" + joined(mechanisms) + ") and no --user was given");
        if (std::none_of(mechanisms.begin(), mechanisms.end(), [](const std::string &m) { return mtl::sameName(m, "PLAIN"); }))
            return giveUp("the server offers " + joined(mechanisms) + ", not PLAIN");
        if (++m_authAttempts > 2)
            return giveUp("the credentials were refused twice");
        setState(ClientState::Authenticating);
        const std::string response = mtl::base64Encode(mtl::plainMessage(m_options.text("user"), m_options.text("password")));
        call(Command::Authorize, Json::object({{"mechanism", Json::string("PLAIN")}, {"response", Json::string(response)}}));
    }

    void nextLease()
    {
        if (m_toAsk.empty()) {
            if (stateValue() < std::uint32_t(ClientState::Leasing))
                setState(ClientState::Leasing);
            return;
        }
        const Command command = m_toAsk.front();
        m_toAsk.pop_front();
        setState(ClientState::RequestingLeases);
        call(command, Json::object({{"resources", jsonStrings(m_resources)}, {"confirm", Json::string(m_options.text("confirm"))}}));
    }

    void leaseGranted(bool reader, const Json &reply)
    {
        const Json *lease = reply.find("lease");
        const Json *port = reply.find("port");
        if (!lease || !lease->isString() || lease->text.empty() || lease->text.size() > mtl::kMaxShortString)
            return giveUp("the 202 reply has no lease of 1 to 255 octets");
        if (!port || !port->integral || port->integer < 0 || port->integer > 65535)
            return giveUp("the 202 reply has no port number");
        std::string endpoint = m_options.text("data-connect");
        if (endpoint.empty()) {
            const std::string control = m_options.text("connect");
            if (!control.starts_with("tcp://") || port->integer == 0)
                return giveUp("the data flow's endpoint is unknown (the 202 names port " + std::to_string(port->integer)
                              + "; the control endpoint is " + control + "): give --data-connect");
            endpoint = control.substr(0, control.rfind(':')) + ":" + std::to_string(port->integer);
        }
        std::string error;
        ZSocket *s = openSocket(ZMQ_DEALER, &error);
        if (!s || !monitor(*s, &error) || !connectSocket(*s, endpoint, &error)) {
            fail(error);
            setState(ClientState::GaveUp);
            finish(1);
            return;
        }
        const std::size_t i = m_flows.size();
        Flow flow;
        flow.reader = reader;
        flow.socket = s;
        flow.lease = lease->text;
        flow.lastRecv = flow.lastSent = loop().now();
        m_flows.push_back(std::move(flow));
        watch(*s, [this, i] { readFlow(i); });
        log(std::string(reader ? "reader" : "writer") + " lease " + printableBytes(lease->text) + ": the data flow goes to " + endpoint);
        command(i, DataType::Lease, lease->text);
        nextLease();
    }

    // --- data flow ---

    bool sendFlow(std::size_t i, const DataCommand &c)
    {
        Flow &flow = m_flows[i];
        const auto frames = mtl::dataFrames(c);
        if (!frames || !flow.socket || !flow.socket->send(*frames)) {
            log("cannot send " + std::string(mtl::dataTypeName(c.type)) + " on the " + (flow.reader ? "reader" : "writer") + " flow",
                LogLevel::Warning);
            return false;
        }
        countSent();
        flow.lastSent = loop().now();
        if (c.type == DataType::Ping)
            ++flow.pings;
        return true;
    }

    void command(std::size_t i, DataType type, const std::string &name)
    {
        Flow &flow = m_flows[i];
        const std::uint64_t sequence = ++flow.sequence;
        flow.pending[sequence] = {type, name};
        sendFlow(i, mtl::dataCommand(type, sequence, name));
    }

    void readFlow(std::size_t i)
    {
        Frames f;
        while (i < m_flows.size() && m_flows[i].socket && m_flows[i].socket->recv(f)) {
            countReceived();
            onFlow(i, f);
            if (finished())
                return;
        }
    }

    void onFlow(std::size_t i, const Frames &f)
    {
        const std::string kind = m_flows[i].reader ? "reader" : "writer";
        std::string problem;
        const auto c = mtl::readData(f, 0, &problem);
        if (!c) {
            log("dropped an ill-formed data command on the " + kind + " flow: " + problem, LogLevel::Warning);
            return;
        }
        Flow &flow = m_flows[i];
        flow.lastRecv = loop().now();
        switch (c->type) {
        case DataType::Ping: sendFlow(i, mtl::dataCommand(DataType::Pong)); return;
        case DataType::Pong:
            ++flow.pongs;
            if (flow.finalPing && flow.pongs >= flow.finalPing && !flow.done) {
                flow.done = true;
                log("writer done: the server has all " + std::to_string(flow.contentSeq) + " content(s)");
                checkDone();
            }
            return;
        case DataType::Response: return onResponse(i, *c);
        case DataType::Content: return onContent(i, *c);
        case DataType::Confirm:
            log("the server confirmed content " + std::to_string(c->sequence) + (c->multiple ? " and those before" : ""));
            return;
        case DataType::Reject:
            log("the server rejected content " + std::to_string(c->sequence) + (c->multiple ? " and those before" : ""), LogLevel::Warning);
            return;
        case DataType::Lease:
        case DataType::Summon:
        case DataType::Dismiss: break;
        }
        log("dropped a " + std::string(mtl::dataTypeName(c->type)) + " from the server (only clients send it)", LogLevel::Warning);
    }

    void onResponse(std::size_t i, const DataCommand &c)
    {
        Flow &flow = m_flows[i];
        const auto it = flow.pending.find(c.sequence);
        if (it == flow.pending.end()) {
            log("dropped a Response to command " + std::to_string(c.sequence) + ", which is not waiting for one", LogLevel::Warning);
            return;
        }
        const auto [type, resource] = it->second;
        flow.pending.erase(it);
        const bool ok = c.body == "200";
        const std::string what = std::string(flow.reader ? "reader " : "writer ") + std::string(mtl::dataTypeName(type))
            + (resource.empty() || type == DataType::Lease ? "" : " " + printableBytes(resource));
        log(what + ": " + printableBytes(c.body), ok ? LogLevel::Info : LogLevel::Warning);
        switch (type) {
        case DataType::Lease:
            if (!ok)
                return giveUp("the " + std::string(flow.reader ? "reader" : "writer") + " lease was refused (" + printableBytes(c.body) + ")");
            if (flow.reader) {
                for (const std::string &r : m_resources)
                    command(i, DataType::Summon, r);
            } else {
                for (std::int64_t n = 0; n < m_options.integer("count"); ++n)
                    flow.toSend.insert(flow.toSend.end(), m_contents.begin(), m_contents.end());
                setState(ClientState::Flowing);
                after(m_options.integer("send-delay-ms"), [this, i] {
                    m_flows[i].writing = true;
                    write(i);
                });
            }
            return;
        case DataType::Summon:
            if (!ok)
                return giveUp("Summon " + printableBytes(resource) + " was refused (" + printableBytes(c.body) + ")");
            flow.summoned.insert(resource);
            if (flow.summoned.size() == std::set<std::string>(m_resources.begin(), m_resources.end()).size()) {
                setState(ClientState::Flowing);
                for (std::size_t w = 0; w < m_flows.size(); ++w)
                    if (!m_flows[w].reader && m_flows[w].writing)
                        write(w);   // (a writer waiting for this reader)
            }
            return;
        case DataType::Dismiss:
            flow.summoned.erase(resource);
            if (flow.summoned.empty()
                && std::none_of(flow.pending.begin(), flow.pending.end(), [](const auto &p) { return p.second.first == DataType::Dismiss; })) {
                flow.done = true;
                log("reader done: " + std::to_string(m_received) + " content(s), every resource dismissed");
                checkDone();
            }
            return;
        default: return;
        }
    }

    // A writer with our own reader waits until the reader has summoned, so
    // it hears every content (as tests/peers/mtl_roles.py does).
    bool readerPending() const
    {
        return std::any_of(m_flows.begin(), m_flows.end(), [&](const Flow &f) {
            return f.reader && !f.done && f.summoned.size() < std::set<std::string>(m_resources.begin(), m_resources.end()).size();
        });
    }

    void write(std::size_t i)
    {
        if (finished() || i >= m_flows.size() || m_flows[i].toSend.empty() || m_flows[i].finalPing)
            return;
        if (readerPending() || m_sendDue)
            return;   // (called again when the reader has summoned; one send timer at a time)
        Flow &flow = m_flows[i];
        const std::string body = std::move(flow.toSend.front());
        flow.toSend.pop_front();
        const std::uint64_t sequence = ++flow.contentSeq;
        sendFlow(i, mtl::dataCommand(DataType::Content, sequence, m_resources.front(), body));
        log("content " + std::to_string(sequence) + " to " + printableBytes(m_resources.front()) + ": " + printableBytes(body));
        if (!m_flows[i].toSend.empty()) {
            m_sendDue = true;
            after(m_options.integer("send-interval-ms"), [this, i] {
                m_sendDue = false;
                write(i);
            });
            return;
        }
        // The last: a Ping, whose Pong says the server has them all.
        sendFlow(i, mtl::dataCommand(DataType::Ping));
        m_flows[i].finalPing = m_flows[i].pings;
        setState(ClientState::Finishing);
    }

    void onContent(std::size_t i, const DataCommand &c)
    {
        Flow &flow = m_flows[i];
        if (!flow.reader) {
            log("dropped Content " + std::to_string(c.sequence) + " on the writer flow", LogLevel::Warning);
            return;
        }
        const std::string resource = !c.name.empty() ? c.name : m_resources.size() == 1 ? m_resources.front() : std::string();
        const bool dismissing = std::any_of(flow.pending.begin(), flow.pending.end(),
                                            [&](const auto &p) { return p.second == std::pair{DataType::Dismiss, resource}; });
        if (!flow.summoned.contains(resource) && !dismissing)
            log("Content " + std::to_string(c.sequence) + " from " + printableBytes(resource) + ", which is not summoned", LogLevel::Warning);
        log("content " + std::to_string(c.sequence) + " from " + printableBytes(resource) + ": " + printableBytes(c.body));
        if (m_options.text("confirm") == "full") {
            if (m_options.flag("reject-first") && !m_rejectedOne) {
                m_rejectedOne = true;
                DataCommand reject = mtl::dataCommand(DataType::Reject, c.sequence);
                reject.recycle = true;
                sendFlow(i, reject);
                log("rejected content " + std::to_string(c.sequence) + ", recycle: the server sends it again");
                return;
            }
            sendFlow(i, mtl::dataCommand(DataType::Confirm, c.sequence));
        }
        ++m_received;
        const std::int64_t expect = m_options.integer("expect-contents");
        if (expect > 0 && m_received == expect) {
            log("received the " + std::to_string(expect) + " content(s) expected: dismissing");
            setState(ClientState::Finishing);
            const std::set<std::string> summoned = m_flows[i].summoned;
            for (const std::string &r : summoned)
                command(i, DataType::Dismiss, r);
        }
    }

    void checkDone()
    {
        if (finished() || m_call || !m_toAsk.empty() || m_flows.empty())
            return;
        for (const Flow &f : m_flows)
            if (!f.done)
                return;
        cancel(m_tick);
        setState(ClientState::Done);
        log("done: " + std::to_string(m_received) + " content(s) received, "
            + std::to_string(std::accumulate(m_flows.begin(), m_flows.end(), std::uint64_t(0), [](std::uint64_t n, const Flow &f) { return n + f.contentSeq; }))
            + " sent");
        finish(0);
    }

    // Every quarter interval: Ping quiet data flows, give up on silent ones.
    void tick()
    {
        m_tick = 0;
        const auto now = loop().now();
        for (std::size_t i = 0; i < m_flows.size(); ++i) {
            if (now - m_flows[i].lastRecv >= m_dead)
                return giveUp("the server has been silent on the " + std::string(m_flows[i].reader ? "reader" : "writer") + " flow for "
                              + std::to_string(m_dead.count()) + " ms");
            if (now - m_flows[i].lastSent >= m_ping)
                sendFlow(i, mtl::dataCommand(DataType::Ping));
        }
        m_tick = after(std::max<std::int64_t>(10, m_ping.count() / 4), [this] { tick(); });
    }

    ZSocket *m_control = nullptr;   // REQ
    std::vector<Flow> m_flows;      // (their sockets are the Peer's; indexes stay, flows are only added)
    std::vector<std::string> m_contents;
    std::vector<std::string> m_resources;
    std::deque<Command> m_toAsk;    // Reader, Writer: leases still to ask for
    std::optional<Call> m_call;     // the request waiting for its reply
    std::optional<Call> m_resume;   // a request answered 401: asked again once authenticated
    bool m_resumed = false;         // the request in m_call is such a repeat
    int m_authAttempts = 0;
    std::int64_t m_received = 0;
    bool m_rejectedOne = false;
    bool m_sendDue = false;
    std::chrono::milliseconds m_ping{1000}, m_dead{3000};
    PeerLoop::TimerId m_timeout = 0, m_tick = 0;
};

}   // namespace

const RoleInfo kMtlServerRole{"mtl-server", "MTL", "MTL server",
                              "An MTL server (the broker): answers Connection.Open, Authorize (PLAIN), Profile, Reader and "
                              "Writer, grants data leases and fans every writer's content out to the readers of the test profile.",
                              "11/MTL", kServerOptions, kServerStates, makePeer<MtlServer>};
const RoleInfo kMtlClientRole{"mtl-client", "MTL", "MTL client",
                              "An MTL client: opens, authenticates when asked, selects a profile, takes a reader and/or writer "
                              "lease, summons and reads or sends contents, heartbeats its data flows.",
                              "11/MTL", kClientOptions, kClientStates, makePeer<MtlClient>, true};

}   // namespace zmqscope::peers
