// 12/CHP: a kvmsg is always 5 frames (kvmsg.c sends absent parts empty and
// drops anything else):
//   key | sequence (8 octets, network order) | UUID (16 octets, or empty)
//       | properties ("name=value\n"..., or empty) | body (empty: delete)
// Three server sockets, ports P, P+1, P+2 (clonesrv5.c: P = 5556):
//   snapshot   ROUTER  <- ICANHAZ? | subtree;  -> KVSYNC* then KTHXBAI | sequence | [] | [] | ...
//   publisher  PUB     -> KVPUB (every update, numbered), HUGZ | sequence | [] | [] | [] every second
//   collector  SUB (12/CHP, clonesrv6.c) or PULL (clonesrv5.c)  <- KVSET, its sequence 0
// The server numbers each update (++sequence), republishes it, and keeps a
// copy whose `ttl` property (seconds) is rewritten to the absolute expiry in
// milliseconds since the epoch; a sweep every second deletes what expired
// and publishes the delete (the stored UUID and properties, an empty body).
// By default the wire is the reference servers': KVSYNC carries the stored
// sequence, UUID and properties, KTHXBAI's last frame is empty and HUGZ
// carries the current sequence (so clients drop it as not newer); --wire
// rfc writes them as 12/CHP does (digest section 17, rows 15 and 16).
//
// The client (clone.c, clonecli6.c) subscribes to its subtree and to HUGZ,
// asks ICANHAZ? (twice at most per server), keeps the updates that arrive
// meanwhile, then applies every update newer than the snapshot's sequence.
// A server silent for 5000 ms is dead: the client moves on to the next
// --connect (round the list, as clone.c does). Its own updates carry a
// fresh UUID and always a ttl property (ttl=0 when not ephemeral).
#include "cloneroles.h"

#include <zmq.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>

namespace zmqscope::peers {

namespace {

const std::string kIcanhaz = "ICANHAZ?";
const std::string kKthxbai = "KTHXBAI";
const std::string kHugz = "HUGZ";

struct KvMsg {
    std::string key;
    std::uint64_t sequence = 0;
    std::string uuid;
    std::string properties;
    std::string body;
};

std::string sequenceBytes(std::uint64_t n)
{
    std::string out(8, '\0');
    for (int i = 7; i >= 0; --i, n >>= 8)
        out[std::size_t(i)] = char(n & 0xFF);
    return out;
}

Frames toFrames(const KvMsg &m)
{
    return {m.key, sequenceBytes(m.sequence), m.uuid, m.properties, m.body};
}

std::optional<KvMsg> readKvMsg(const Frames &f, std::string *problem)
{
    if (f.size() != 5) {
        *problem = std::to_string(f.size()) + " frame(s), not the 5 of a kvmsg: " + framesText(f);
        return std::nullopt;
    }
    if (f[1].size() != 8) {
        *problem = "a sequence frame of " + std::to_string(f[1].size()) + " octets, not 8: " + framesText(f);
        return std::nullopt;
    }
    if (!f[2].empty() && f[2].size() != 16) {
        *problem = "a UUID frame of " + std::to_string(f[2].size()) + " octets, not 16 or none: " + framesText(f);
        return std::nullopt;
    }
    std::uint64_t sequence = 0;
    for (const char c : f[1])
        sequence = sequence << 8 | static_cast<unsigned char>(c);
    return KvMsg{f[0], sequence, f[2], f[3], f[4]};
}

// A property's value from "name=value\n..." lines; empty when it is absent.
std::string property(std::string_view properties, std::string_view name)
{
    while (!properties.empty()) {
        const std::size_t end = properties.find('\n');
        const std::string_view line = properties.substr(0, end);
        if (line.size() > name.size() && line.starts_with(name) && line[name.size()] == '=')
            return std::string(line.substr(name.size() + 1));
        if (end == std::string_view::npos)
            break;
        properties.remove_prefix(end + 1);
    }
    return {};
}

// The properties with `name` set to `value`: in its place, else appended.
std::string withProperty(std::string_view properties, std::string_view name, std::string_view value)
{
    std::string out;
    bool set = false;
    while (!properties.empty()) {
        const std::size_t end = properties.find('\n');
        const std::string_view line = properties.substr(0, end);
        if (line.size() > name.size() && line.starts_with(name) && line[name.size()] == '=') {
            if (!set)
                out += std::string(name) + "=" + std::string(value) + "\n";
            set = true;
        } else if (!line.empty()) {
            out += std::string(line) + "\n";
        }
        if (end == std::string_view::npos)
            break;
        properties.remove_prefix(end + 1);
    }
    if (!set)
        out += std::string(name) + "=" + std::string(value) + "\n";
    return out;
}

// A whole number at the start of `text` (atoi as kvmsg.c reads ttl); 0 if none or below 0.
std::int64_t leadingNumber(std::string_view text)
{
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return std::max<std::int64_t>(v, 0);
}

std::int64_t epochMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string subtreeText(const std::string &subtree)
{
    return subtree.empty() ? std::string("the whole map") : "subtree " + printableBytes(subtree);
}

constexpr std::int64_t kMaxTtlSeconds = 315360000;   // ten years: the absolute expiry stays far from overflow

// --- Server ------------------------------------------------------------------

enum class ServerState : std::uint32_t { Starting, Serving };
constexpr std::string_view kServerStates[] = {"Starting", "Serving"};
constexpr std::string_view kCollectorSockets[] = {"sub", "pull"};
constexpr std::string_view kWires[] = {"reference", "rfc"};
constexpr OptionSpec kServerOptions[] = {
    {"snapshot", OptionKind::Bind, "tcp://*:5556", "the snapshot ROUTER, where clients ask ICANHAZ? (port P; clonesrv5.c: 5556)"},
    {"publisher", OptionKind::Bind, "tcp://*:5557", "the PUB that sends every update and HUGZ (P+1)"},
    {"collector", OptionKind::Bind, "tcp://*:5558", "where clients send their updates (P+2)"},
    {"collector-socket", OptionKind::Choice, "sub", "the collector's socket: sub (12/CHP, clonesrv6.c) or pull (clonesrv5.c)", kCollectorSockets},
    {"hugz-ms", OptionKind::Integer, "1000", "send HUGZ this often (clonesrv5.c: 1000)", {}, 10, 3600000},
    {"ttl-sweep-ms", OptionKind::Integer, "1000", "look for entries whose ttl ran out this often (clonesrv5.c: 1000)", {}, 10, 3600000},
    {"wire", OptionKind::Choice, "reference", "reference: KVSYNC with the stored UUID and properties, KTHXBAI's last frame empty, HUGZ with the current sequence (clonesrv5.c, clonesrv6.c); rfc: as 12/CHP writes them (KVSYNC frames 2 and 3 empty, the subtree in KTHXBAI, HUGZ sequence 0)", kWires},
    {"max-keys", OptionKind::Integer, "100000", "refuse an update that would add a key beyond this many", {}, 1, 100000000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class CloneServer final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        m_map.clear();
        m_sequence = 0;
        m_rfc = m_options.text("wire") == "rfc";
        m_snapshot = openSocket(ZMQ_ROUTER, error);
        if (!m_snapshot || !monitor(*m_snapshot, error))
            return false;
        // (a snapshot may be the whole map: it must not hit the send limit halfway)
        m_snapshot->setInt(ZMQ_SNDHWM, int(std::min<std::int64_t>(m_options.integer("max-keys") + 1, INT32_MAX)));
        if (!bindSocket(*m_snapshot, m_options.text("snapshot"), error))
            return false;
        m_publisher = openSocket(ZMQ_PUB, error);
        if (!m_publisher || !monitor(*m_publisher, error) || !bindSocket(*m_publisher, m_options.text("publisher"), error))
            return false;
        const bool pull = m_options.text("collector-socket") == "pull";
        m_collector = openSocket(pull ? ZMQ_PULL : ZMQ_SUB, error);
        if (!m_collector || !monitor(*m_collector, error))
            return false;
        if (!pull && !m_collector->setBytes(ZMQ_SUBSCRIBE, "")) {
            *error = "cannot subscribe the collector: " + zmqError();
            return false;
        }
        if (!bindSocket(*m_collector, m_options.text("collector"), error))
            return false;
        watch(*m_snapshot, [this] { snapshotReadable(); });
        watch(*m_collector, [this] { collectorReadable(); });
        setState(ServerState::Serving);
        log("serving: snapshots on " + m_options.text("snapshot") + ", updates on " + m_options.text("publisher") + ", collecting on "
            + m_options.text("collector") + (pull ? " (PULL)" : " (SUB)"));
        after(m_options.integer("hugz-ms"), [this] { hugz(); });
        after(m_options.integer("ttl-sweep-ms"), [this] { sweep(); });
        return true;
    }

    void close() override { m_snapshot = m_publisher = m_collector = nullptr; }

    void publish(const KvMsg &m)
    {
        if (m_publisher && m_publisher->send(toFrames(m)))
            countSent();
    }

    void snapshotReadable()
    {
        Frames f;
        while (m_snapshot && m_snapshot->recv(f)) {
            countReceived();
            if (f.size() != 3 || f[1] != kIcanhaz) {
                log("dropped a snapshot request that is not ICANHAZ? | subtree: " + framesText(f, 1), LogLevel::Warning);
                continue;
            }
            const std::string &client = f[0], &subtree = f[2];
            std::size_t n = 0;
            for (auto it = m_map.lower_bound(subtree); it != m_map.end() && it->first.starts_with(subtree); ++it, ++n) {
                KvMsg m = it->second;
                if (m_rfc) {
                    m.uuid.clear();
                    m.properties.clear();
                }
                Frames out = toFrames(m);
                out.insert(out.begin(), client);
                if (m_snapshot->send(out))
                    countSent();
            }
            Frames end = toFrames({kKthxbai, m_sequence, {}, {}, m_rfc ? subtree : std::string()});
            end.insert(end.begin(), client);
            if (m_snapshot->send(end))
                countSent();
            log("snapshot of " + subtreeText(subtree) + ": " + std::to_string(n) + " key(s) at sequence " + std::to_string(m_sequence));
        }
    }

    void collectorReadable()
    {
        Frames f;
        while (m_collector && m_collector->recv(f)) {
            countReceived();
            std::string problem;
            auto m = readKvMsg(f, &problem);
            if (!m) {
                log("dropped an update: " + problem, LogLevel::Warning);
                continue;
            }
            if (m->key == kHugz || m->key == kKthxbai) {
                log("dropped an update of the reserved key " + m->key, LogLevel::Warning);
                continue;
            }
            if (!m->body.empty() && !m_map.contains(m->key) && m_map.size() >= std::size_t(m_options.integer("max-keys"))) {
                log("the map holds " + std::to_string(m_map.size()) + " keys (--max-keys): dropped the update of " + printableBytes(m->key),
                    LogLevel::Warning);
                continue;
            }
            m->sequence = ++m_sequence;
            publish(*m);
            const std::int64_t ttl = std::min(leadingNumber(property(m->properties, "ttl")), kMaxTtlSeconds);
            const std::string what = "update " + std::to_string(m_sequence) + ": " + printableBytes(m->key);
            if (m->body.empty()) {
                m_map.erase(m->key);
                log(what + " deleted");
                continue;
            }
            log(what + " = " + printableBytes(m->body, 60) + (ttl > 0 ? " (ttl " + std::to_string(ttl) + " s)" : std::string()));
            if (ttl > 0)
                m->properties = withProperty(m->properties, "ttl", std::to_string(epochMs() + ttl * 1000));
            m_map.insert_or_assign(m->key, std::move(*m));
        }
    }

    void hugz()
    {
        after(m_options.integer("hugz-ms"), [this] { hugz(); });
        publish({kHugz, m_rfc ? 0 : m_sequence, {}, {}, {}});
    }

    void sweep()
    {
        after(m_options.integer("ttl-sweep-ms"), [this] { sweep(); });
        const std::int64_t now = epochMs();
        for (auto it = m_map.begin(); it != m_map.end();) {
            const std::int64_t at = leadingNumber(property(it->second.properties, "ttl"));
            if (at == 0 || now < at) {
                ++it;
                continue;
            }
            KvMsg gone = std::move(it->second);
            gone.sequence = ++m_sequence;
            gone.body.clear();
            publish(gone);
            log(printableBytes(gone.key) + " expired: deleted (update " + std::to_string(m_sequence) + ")");
            it = m_map.erase(it);
        }
    }

    ZSocket *m_snapshot = nullptr, *m_publisher = nullptr, *m_collector = nullptr;
    std::map<std::string, KvMsg> m_map;   // as stored: the sequence it got, ttl as an absolute time
    std::uint64_t m_sequence = 0;
    bool m_rfc = false;
};

// --- Client ------------------------------------------------------------------

enum class ClientState : std::uint32_t { Connecting, Snapshot, Ready, Done, GaveUp };
constexpr std::string_view kClientStates[] = {"Connecting", "Snapshot", "Ready", "Done", "GaveUp"};
constexpr std::string_view kSetSockets[] = {"pub", "push"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the server's snapshot endpoint, port P (updates come from P+1, sets go to P+2 unless --publisher and --collector say otherwise); repeat for backups to fail over to", {}, 0, 0, true, true},
    {"publisher", OptionKind::Connect, "", "the server's publisher, when it is not on P+1"},
    {"collector", OptionKind::Connect, "", "the server's collector, when it is not on P+2"},
    {"collector-socket", OptionKind::Choice, "pub", "how updates go to the collector: pub (12/CHP, clonecli6.c) or push (clonecli5.c)", kSetSockets},
    {"subtree", OptionKind::Text, "", "the part of the map to follow, a key prefix such as /client/ (empty: all of it)"},
    {"set", OptionKind::Text, "", "KEY=VALUE to publish once the snapshot is in (the value is text, 0x-hex or @file; an empty one deletes the key)", {}, 0, 0, true},
    {"ttl", OptionKind::Integer, "0", "seconds the server keeps each --set before deleting it (0: for good)", {}, 0, kMaxTtlSeconds},
    {"server-ttl-ms", OptionKind::Integer, "5000", "a server silent this long (no snapshot, update or HUGZ) is taken for dead (clone.c: 5000)", {}, 10, 3600000},
    {"failovers", OptionKind::Integer, "0", "give up after this many dead servers in a row (0: never; round the --connect list as clone.c does)", {}, 0, 1000000},
    {"duration-ms", OptionKind::Integer, "0", "stop this long after the first snapshot (0: run until stopped)", {}, 0, 86400000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

constexpr std::size_t kShownKvsync = 20;         // snapshot entries logged one by one
constexpr std::size_t kMaxHeldUpdates = 100000;  // updates kept while the snapshot is under way
constexpr int kIcanhazPerServer = 2;             // clone.c
// A PUB drops what it sends before the collector's subscription has come
// back over the new connection; the handshake is seen first, so wait a little.
constexpr std::int64_t kSubscriptionGraceMs = 100;

// tcp://host:port with `offset` added to the port; nullopt for other transports.
std::optional<std::string> withPortOffset(const std::string &endpoint, int offset)
{
    const std::size_t colon = endpoint.rfind(':');
    if (!endpoint.starts_with("tcp://") || colon == std::string::npos)
        return std::nullopt;
    int port = 0;
    const std::string_view digits = std::string_view(endpoint).substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port <= 0 || port + offset > 65535)
        return std::nullopt;
    return endpoint.substr(0, colon + 1) + std::to_string(port + offset);
}

class CloneClient final : public Peer {
public:
    using Peer::Peer;

private:
    using Clock = PeerLoop::Clock;

    struct Set {
        std::string key, value;
    };

    bool open(std::string *error) override
    {
        m_sets.clear();
        m_map.clear();
        m_mine.clear();
        m_server = 0;
        m_dead = 0;
        m_sequence = 0;
        m_everReady = m_setsSent = false;
        m_watchdog = m_setTimer = 0;
        m_snapshot = m_subscriber = m_setter = nullptr;
        for (const std::string &s : m_options.list("set")) {
            const std::size_t eq = s.find('=');
            if (eq == std::string::npos || eq == 0) {
                *error = "--set " + s + ": give KEY=VALUE";
                return false;
            }
            auto value = dataBytes(s.substr(eq + 1), error);
            if (!value)
                return false;
            m_sets.push_back({s.substr(0, eq), std::move(*value)});
        }
        for (const std::string &ep : m_options.list("connect")) {
            if ((m_options.text("publisher").empty() && !withPortOffset(ep, 1))
                || (!m_sets.empty() && m_options.text("collector").empty() && !withPortOffset(ep, 2))) {
                *error = "--connect " + ep + ": the publisher and collector are on P+1 and P+2 only for tcp://host:P; give --publisher and --collector";
                return false;
            }
        }
        return connectServer(error);
    }

    void close() override
    {
        m_snapshot = m_subscriber = m_setter = nullptr;
        m_watchdog = m_setTimer = 0;
    }

    std::string server() const { return m_options.list("connect")[m_server]; }
    std::chrono::milliseconds serverTtl() const { return std::chrono::milliseconds(m_options.integer("server-ttl-ms")); }

    bool connectServer(std::string *error)
    {
        closeSocket(m_snapshot);
        closeSocket(m_subscriber);
        closeSocket(m_setter);
        cancel(m_setTimer);
        m_icanhaz = 0;
        m_held.clear();
        m_kvsync = 0;
        m_hugzSeen = false;
        m_lowHugz = 0;
        m_setterUp = false;
        const std::string subtree = m_options.text("subtree");
        const std::string publisher = m_options.text("publisher").empty() ? *withPortOffset(server(), 1) : m_options.text("publisher");

        m_subscriber = openSocket(ZMQ_SUB, error);
        if (!m_subscriber || !monitor(*m_subscriber, error))
            return false;
        if (!m_subscriber->setBytes(ZMQ_SUBSCRIBE, subtree) || !m_subscriber->setBytes(ZMQ_SUBSCRIBE, kHugz)) {
            *error = "cannot subscribe: " + zmqError();
            return false;
        }
        if (!connectSocket(*m_subscriber, publisher, error))
            return false;
        m_snapshot = openSocket(ZMQ_DEALER, error);
        if (!m_snapshot || !monitor(*m_snapshot, error) || !connectSocket(*m_snapshot, server(), error))
            return false;
        std::string sets;
        if (!m_sets.empty() && !m_setsSent) {
            const std::string collector = m_options.text("collector").empty() ? *withPortOffset(server(), 2) : m_options.text("collector");
            m_setter = openSocket(m_options.text("collector-socket") == "push" ? ZMQ_PUSH : ZMQ_PUB, error);
            if (!m_setter || !monitor(*m_setter, error) || !connectSocket(*m_setter, collector, error))
                return false;
            sets = ", sets to " + collector;
        }
        watch(*m_subscriber, [this] { subscriberReadable(); });
        watch(*m_snapshot, [this] { snapshotReadable(); });
        setState(ClientState::Connecting);
        log("following " + subtreeText(subtree) + " on " + server() + " (updates from " + publisher + sets + ")");
        m_lastHeard = loop().now();
        arm();
        return true;
    }

    void onSocketEvent(ZSocket &s, int event, int, const std::string &) override
    {
        if (event != ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            return;
        // ICANHAZ? once the subscriber is connected: its subscription then
        // reaches the server about when the request does, and the updates
        // from after the snapshot are kept.
        if (&s == m_subscriber && stateValue() == std::uint32_t(ClientState::Connecting))
            askSnapshot();
        if (&s == m_setter && !m_setterUp) {
            m_setterUp = true;
            m_setterUpAt = loop().now();
            sendSets();
        }
    }

    void askSnapshot()
    {
        if (m_icanhaz == 0)
            m_map.clear();
        const std::string subtree = m_options.text("subtree");
        if (m_snapshot->send({kIcanhaz, subtree}))
            countSent();
        ++m_icanhaz;
        log("ICANHAZ? for " + subtreeText(subtree) + (m_icanhaz > 1 ? " (again)" : ""));
        setState(ClientState::Snapshot);
        m_lastHeard = loop().now();
        arm();
    }

    void snapshotReadable()
    {
        Frames f;
        while (m_snapshot && m_snapshot->recv(f)) {
            countReceived();
            m_lastHeard = loop().now();
            if (stateValue() != std::uint32_t(ClientState::Snapshot)) {
                log("dropped a snapshot message after the snapshot (an answer to an ICANHAZ? sent again): " + framesText(f));
                continue;
            }
            std::string problem;
            const auto m = readKvMsg(f, &problem);
            if (!m) {
                log("dropped a snapshot message: " + problem, LogLevel::Warning);
                continue;
            }
            if (m->key == kKthxbai) {
                snapshotDone(m->sequence);
                continue;
            }
            if (m->body.empty())
                m_map.erase(m->key);
            else
                m_map.insert_or_assign(m->key, m->body);
            if (++m_kvsync <= kShownKvsync)
                log("snapshot: " + printableBytes(m->key) + " = " + printableBytes(m->body, 60));
        }
    }

    void snapshotDone(std::uint64_t sequence)
    {
        m_sequence = sequence;
        m_dead = 0;
        log("snapshot of " + subtreeText(m_options.text("subtree")) + ": " + std::to_string(m_kvsync) + " key(s) at sequence "
            + std::to_string(sequence) + (m_kvsync > kShownKvsync ? " (" + std::to_string(m_kvsync - kShownKvsync) + " not shown)" : ""));
        setState(ClientState::Ready);
        std::deque<KvMsg> held = std::move(m_held);
        m_held.clear();
        for (const KvMsg &m : held)
            apply(m);
        if (!m_everReady) {
            m_everReady = true;
            const std::int64_t duration = m_options.integer("duration-ms");
            if (duration > 0)
                after(duration, [this] { done(); });
        }
        sendSets();
    }

    void subscriberReadable()
    {
        Frames f;
        while (m_subscriber && m_subscriber->recv(f)) {
            countReceived();
            m_lastHeard = loop().now();
            std::string problem;
            auto m = readKvMsg(f, &problem);
            if (!m) {
                log("dropped an update: " + problem, LogLevel::Warning);
                continue;
            }
            if (m->key == kHugz) {
                if (!m_hugzSeen)
                    log("HUGZ from " + server() + " (at sequence " + std::to_string(m->sequence) + ")");
                m_hugzSeen = true;
                // (the reference's HUGZ carry the server's sequence: lower than
                // ours twice in a row, the server has started again from 0; once
                // may be a HUGZ sent before the snapshot, read after it)
                const bool low = stateValue() == std::uint32_t(ClientState::Ready) && m->sequence > 0 && m->sequence < m_sequence;
                m_lowHugz = low ? m_lowHugz + 1 : 0;
                if (m_lowHugz >= 2) {
                    log("HUGZ at sequence " + std::to_string(m->sequence) + ", below ours (" + std::to_string(m_sequence)
                            + "): the server lost its map; taking a new snapshot",
                        LogLevel::Warning);
                    m_icanhaz = 0;
                    m_lowHugz = 0;
                    askSnapshot();
                    return;
                }
                continue;
            }
            if (stateValue() != std::uint32_t(ClientState::Ready)) {
                if (m_held.size() < kMaxHeldUpdates)
                    m_held.push_back(std::move(*m));
                else
                    log("dropped update " + std::to_string(m->sequence) + ": " + std::to_string(kMaxHeldUpdates) + " held during the snapshot",
                        LogLevel::Warning);
                continue;
            }
            apply(*m);
        }
    }

    // Only what is newer than the map (12/CHP): the snapshot's sequence, then each update's.
    void apply(const KvMsg &m)
    {
        const std::string key = printableBytes(m.key);
        if (m.sequence <= m_sequence) {
            log("dropped update " + std::to_string(m.sequence) + " of " + key + ": not newer than " + std::to_string(m_sequence));
            return;
        }
        m_sequence = m.sequence;
        const bool mine = !m.uuid.empty() && m_mine.erase(m.uuid) > 0;
        const std::string what = "update " + std::to_string(m.sequence) + ": " + key;
        if (m.body.empty()) {
            m_map.erase(m.key);
            log(what + " deleted" + (mine ? " (ours)" : ""));
        } else {
            m_map.insert_or_assign(m.key, m.body);
            log(what + " = " + printableBytes(m.body, 60) + (mine ? " (ours)" : ""));
        }
    }

    // KVSET each --set, once, when the snapshot is in and the collector link is up.
    void sendSets()
    {
        if (m_setsSent || !m_setter || !m_setterUp || stateValue() != std::uint32_t(ClientState::Ready) || m_setTimer)
            return;
        if (m_options.text("collector-socket") == "pub") {
            const auto ready = m_setterUpAt + std::chrono::milliseconds(kSubscriptionGraceMs);
            const auto now = loop().now();
            if (now < ready) {
                m_setTimer = after(std::chrono::duration_cast<std::chrono::milliseconds>(ready - now).count() + 1, [this] {
                    m_setTimer = 0;
                    sendSets();
                });
                return;
            }
        }
        const std::string ttl = m_options.text("ttl");
        for (const Set &s : m_sets) {
            const KvMsg m{s.key, 0, randomUuid(), "ttl=" + ttl + "\n", s.value};
            if (!m_setter->send(toFrames(m))) {
                log("could not send the update of " + printableBytes(s.key), LogLevel::Warning);
                continue;
            }
            countSent();
            m_mine.insert(m.uuid);
            log("set " + printableBytes(s.key) + (s.value.empty() ? std::string(" deleted") : " = " + printableBytes(s.value, 60))
                + (ttl != "0" ? " (ttl " + ttl + " s)" : std::string()));
        }
        m_setsSent = true;
    }

    // The server's silence, checked when it could first be too long.
    void arm()
    {
        cancel(m_watchdog);
        const auto due = m_lastHeard + serverTtl();
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - loop().now()).count() + 1;
        m_watchdog = after(wait, [this] {
            m_watchdog = 0;
            watchdog();
        });
    }

    void watchdog()
    {
        const auto state = ClientState(stateValue());
        if (state != ClientState::Connecting && state != ClientState::Snapshot && state != ClientState::Ready)
            return;
        if (loop().now() - m_lastHeard < serverTtl()) {
            arm();
            return;
        }
        const std::string silence = " in " + m_options.text("server-ttl-ms") + " ms";
        if (state == ClientState::Snapshot && m_icanhaz < kIcanhazPerServer) {
            log("no snapshot" + silence, LogLevel::Warning);
            askSnapshot();
            return;
        }
        serverDead(state == ClientState::Connecting ? "did not connect" + silence
                   : state == ClientState::Snapshot ? "sent no snapshot" + silence
                                                    : "silent for " + m_options.text("server-ttl-ms") + " ms (no update, no HUGZ)");
    }

    void serverDead(const std::string &why)
    {
        ++m_dead;
        const std::int64_t failovers = m_options.integer("failovers");
        if (failovers > 0 && m_dead > failovers) {
            fail("server " + server() + " " + why + ": dead, " + std::to_string(m_dead) + " in a row: gave up");
            setState(ClientState::GaveUp);
            finish(2);
            return;
        }
        log("server " + server() + " " + why + ": dead", LogLevel::Warning);
        m_server = (m_server + 1) % m_options.list("connect").size();
        log(m_options.list("connect").size() > 1 ? "failing over to " + server() : "asking " + server() + " again");
        std::string error;
        if (!connectServer(&error)) {
            fail(error);
            setState(ClientState::GaveUp);
            finish(2);
        }
    }

    void done()
    {
        setState(ClientState::Done);
        log("done: " + std::to_string(m_map.size()) + " key(s) at sequence " + std::to_string(m_sequence));
        cancel(m_watchdog);
        finish(0);
    }

    ZSocket *m_snapshot = nullptr, *m_subscriber = nullptr, *m_setter = nullptr;
    std::size_t m_server = 0;   // which --connect
    std::map<std::string, std::string> m_map;
    std::uint64_t m_sequence = 0;   // of the newest update applied (or of the snapshot)
    std::deque<KvMsg> m_held;       // updates that came during the snapshot
    std::vector<Set> m_sets;
    std::set<std::string> m_mine;   // UUIDs of our updates not seen back yet
    int m_icanhaz = 0;
    std::size_t m_kvsync = 0;
    int m_dead = 0;       // dead servers in a row
    int m_lowHugz = 0;    // HUGZ in a row with a sequence below ours
    bool m_hugzSeen = false;
    bool m_everReady = false;
    bool m_setsSent = false;
    bool m_setterUp = false;
    Clock::time_point m_setterUpAt{};
    Clock::time_point m_lastHeard{};
    PeerLoop::TimerId m_watchdog = 0, m_setTimer = 0;
};

}   // namespace

const RoleInfo kCloneServerRole{"clone-server", "Clone", "Clone server",
                                "A Clone server: keeps a key-value map, sends snapshots of a subtree, numbers and "
                                "republishes updates, sends HUGZ, deletes entries whose ttl ran out.",
                                "12/CHP", kServerOptions, kServerStates, makePeer<CloneServer>};
const RoleInfo kCloneClientRole{"clone-client", "Clone", "Clone client",
                                "A Clone client: takes a snapshot of a subtree, applies newer updates in sequence, "
                                "publishes its own --set updates, fails over when the server goes silent.",
                                "12/CHP", kClientOptions, kClientStates, makePeer<CloneClient>};

}   // namespace zmqscope::peers
