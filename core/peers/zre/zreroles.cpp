// 36/ZRE v2 (digest sections 3, 16 and 17) on the wire:
//   beacon (UDP, 22 octets)  "ZRE" 01 | UUID (16) | mailbox port (2, BE; 0: leaving)
//   to a peer's mailbox      AA A1 | id | version 02 | sequence (2, BE) | fields [| content frames]
//     01 HELLO    endpoint string, groups strings, status 1, name string, headers hash
//     02 WHISPER  -                       | content
//     03 SHOUT    group string            | content
//     04 JOIN / 05 LEAVE   group string, status 1
//     06 PING / 07 PING-OK
//   (zyre's 08 ELECT and 09 LEADER carry two strings and are read only to
//   keep the sequence in step; 0A GOODBYE is a peer leaving)
//
// The node owns a ROUTER mailbox (receive only, bound on --interface-address
// at a random port in C000-FFFF unless --mailbox says where), one DEALER per
// peer (send only; routing id 01 + our UUID, so the peer's ROUTER knows who
// speaks) and a UDP socket bound to 0.0.0.0:--beacon-port with SO_REUSEADDR,
// SO_REUSEPORT and SO_BROADCAST that sends and hears the beacons. zmq_poll
// watches the UDP descriptor next to the sockets (Peer::watchFd).
//
// Interpretations:
//   * Discovery: a beacon from an unknown UUID with a port opens a DEALER to
//     tcp://<beacon source IP>:<port> and sends HELLO (sequence 1). A HELLO
//     from an unknown node is discovery too: we connect back to its
//     endpoint. --connect EP skips UDP altogether and says HELLO to EP; the
//     HELLO that comes back with that endpoint adopts the DEALER.
//   * enter NAME is logged when the peer's HELLO arrives (zyre's ENTER), with
//     a join line per group it lists. A second HELLO from a peer that had
//     said one means it restarted: exit, then enter again.
//   * Sequences: HELLO is 1, then +1 per message, 16 bits, 65535 wraps to 0
//     (zyre). A gap or a repeat drops the peer, whose messages are then
//     ignored until it says HELLO again; a HELLO whose sequence is not 1 is
//     ignored.
//   * Status: 0 at start, +1 (mod 256) per JOIN or LEAVE; groups given with
//     --group are joined before any peer exists (HELLO carries them) unless
//     --join-after-ms delays them onto the wire as JOINs. A peer's JOIN or
//     LEAVE whose status is not its last + 1 is logged (zyre would abort).
//   * SHOUT is unicast to every peer known to be in the group (36/ZRE). Each
//     --shout goes once to each peer, as soon as that peer is known to be in
//     --shout-group (default: each group this node joined), whether it was
//     in HELLO or joined later. Each --whisper goes once to the peer whose
//     HELLO name (or UUID in hex) is --whisper-to, right after its HELLO.
//   * Liveness (36/ZRE's "typically" values, zyre's too): any beacon or
//     message refreshes a peer; silent for --evasive-ms it gets a PING (again
//     each further evasive period); silent for --expired-ms it is gone. A
//     send that would block drops the peer, as 36/ZRE suggests.
//   * Leaving: when the node stops it sends one beacon with port 0, as zyre
//     does; a port-0 beacon from a peer is that peer's exit.
//   * --expect-peers N: once N HELLOs came (a restart counts again) and the
//     shouts and whispers went out (to the members known by then, and to at
//     least one), the node stays --exit-grace-ms more so its last messages
//     are read before its port-0 beacon, then finishes.
#include "zreroles.h"


#include "codec/zproto.h"

#include <zmq.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <utility>

namespace zmqscope::peers {

namespace {

using Clock = PeerLoop::Clock;

const std::string kBeaconHeader{"ZRE\x01", 4};
constexpr std::size_t kBeaconSize = 22;
constexpr std::uint8_t kVersion = 2;           // 36/ZRE (zyre sends and accepts only 2, even for 43/ZRE)
constexpr std::size_t kMaxPeers = 1000;        // beacons with fresh UUIDs open no more DEALERs than this
constexpr std::int64_t kMaxMessage = 16 << 20; // octets a peer may send in one message (ZMQ_MAXMSGSIZE)
constexpr std::size_t kMaxString = 255;        // a zproto `string`

enum Command : std::uint8_t { Hello = 1, Whisper, Shout, Join, Leave, Ping, PingOk, Elect, Leader, Goodbye };
constexpr std::string_view kCommandNames[] = {"?", "HELLO", "WHISPER", "SHOUT", "JOIN", "LEAVE",
                                              "PING", "PING-OK", "ELECT", "LEADER", "GOODBYE"};

std::string hex(std::string_view bytes, bool upper = false)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0F]);
    }
    return out;
}

// zproto fields, written: codec/zproto.h. (Strings were checked
// against kMaxString when the options were read.)
using Writer = codec::ZprotoWriter;

// zproto fields, read: every length is checked against what is left of
// the frame (codec::ZprotoReader), every count against the fewest octets its
// items could take, before anything is kept.
struct FieldReader {
    explicit FieldReader(std::string_view frame)
        : r(codec::Bytes(reinterpret_cast<const std::uint8_t *>(frame.data()), frame.size()), 0)
    {
    }
    bool string(std::string &out)
    {
        std::string_view s;
        if (!r.string(s))
            return false;
        out = s;
        return true;
    }
    bool longstr(std::string &out)
    {
        std::string_view s;
        if (!r.longstr(s))
            return false;
        out = s;
        return true;
    }
    bool strings(std::vector<std::string> &out)
    {
        std::uint32_t n = 0;
        if (!r.u32(n) || n > r.left() / 4)
            return false;
        out.clear();
        out.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            out.emplace_back();
            if (!longstr(out.back()))
                return false;
        }
        return true;
    }
    bool hash(std::vector<std::pair<std::string, std::string>> &out)
    {
        std::uint32_t n = 0;
        if (!r.u32(n) || n > r.left() / 5)
            return false;
        out.clear();
        out.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            out.emplace_back();
            if (!string(out.back().first) || !longstr(out.back().second))
                return false;
        }
        return true;
    }
    codec::ZprotoReader r;
};

// --- Node ----------------------------------------------------------------------

enum class NodeState : std::uint32_t { Starting, Discovering, Connected, Leaving };
constexpr std::string_view kNodeStates[] = {"Starting", "Discovering", "Connected", "Leaving"};
constexpr OptionSpec kNodeOptions[] = {
    {"name", OptionKind::Text, "", "the node's name, sent in HELLO and shown in the window and the log (default: the first 6 hex digits of its UUID, as zyre)"},
    {"group", OptionKind::Text, "", "a group to join (names are case-sensitive)", {}, 0, 0, true},
    {"header", OptionKind::Text, "", "a HELLO header, KEY=VALUE", {}, 0, 0, true},
    {"shout", OptionKind::Data, "", "SHOUT this once to each peer in the shout group, as soon as it is there (text, 0x-hex or @file)", {}, 0, 0, true},
    {"shout-group", OptionKind::Text, "", "the group --shout goes to (default: each group this node joined)"},
    {"whisper-to", OptionKind::Text, "", "the peer --whisper goes to: its HELLO name, or its UUID in hex"},
    {"whisper", OptionKind::Data, "", "WHISPER this once to --whisper-to, right after its HELLO (text, 0x-hex or @file)", {}, 0, 0, true},
    {"join-after-ms", OptionKind::Integer, "0", "join the --group groups this long after starting, with a JOIN to each peer (0: at once, so HELLO carries them)", {}, 0, 86400000},
    {"leave-after-ms", OptionKind::Integer, "0", "leave every group this long after starting, with a LEAVE to each peer (0: never)", {}, 0, 86400000},
    {"expect-peers", OptionKind::Integer, "0", "finish once this many peers have said HELLO and the shouts and whispers went out (0: run until stopped)", {}, 0, 100000},
    {"exit-grace-ms", OptionKind::Integer, "500", "with --expect-peers: keep serving this long after that, so the last messages are read before the leaving beacon", {}, 0, 3600000},
    {"connect", OptionKind::Connect, "", "a peer's mailbox to say HELLO to directly (with it the node sends and hears no beacons)", {}, 0, 0, true},
    {"mailbox", OptionKind::Bind, "", "where the ROUTER mailbox binds, tcp://HOST:PORT with a fixed port (default: --interface-address and a random port in C000-FFFF, the range 36/ZRE asks for)"},
    {"interface", OptionKind::Text, "", "a network interface by name (eth0, a veth of a test's namespace): its IPv4 address and broadcast address stand for --interface-address and --broadcast-address, and beacons are heard on it only (as zyre's ZSYS_INTERFACE)"},
    {"interface-address", OptionKind::Text, "127.0.0.1", "the address the mailbox binds to and HELLO announces (127.0.0.1 keeps the node on this machine; give the LAN address to meet other hosts)"},
    {"beacon-port", OptionKind::Integer, "5670", "the UDP port beacons go to and are heard on (36/ZRE: 5670)", {}, 1, 65535},
    {"beacon-interval-ms", OptionKind::Integer, "1000", "send a beacon this often (zyre: 1000)", {}, 10, 3600000},
    {"broadcast-address", OptionKind::Text, "", "where beacons go (default: 127.255.255.255 when --interface-address is a 127.x address, which reaches every node on this machine; else 255.255.255.255, as zyre)"},
    {"evasive-ms", OptionKind::Integer, "5000", "PING a peer silent this long (36/ZRE, zyre: 5000)", {}, 10, 3600000},
    {"expired-ms", OptionKind::Integer, "30000", "a peer silent this long is gone (36/ZRE, zyre: 30000)", {}, 10, 86400000},
};

class ZreNode final : public Peer {
public:
    using Peer::Peer;
    bool isClient() const override { return m_options.integer("expect-peers") > 0; }

private:
    struct Remote {
        std::string uuid;       // 16 octets; empty for a --connect not answered yet
        std::string endpoint;   // its mailbox, where our DEALER connects
        ZSocket *dealer = nullptr;
        std::uint16_t sent = 0;       // the sequence of the last message we sent it
        std::uint16_t received = 0;   // the sequence of the last one it sent us
        bool ready = false;           // its HELLO came
        bool failed = false;          // a send would have blocked: dropped after this round
        std::string name;
        std::uint8_t status = 0;
        std::set<std::string> groups;
        Clock::time_point lastHeard{};
        Clock::time_point nextPing{};
        std::set<std::string> shouted;   // groups our shouts went to it for
        bool whispered = false;
        bool quietNoted = false;         // (a --connect without an answer, said once)
    };

    // --- start and stop ---------------------------------------------------------

    bool open(std::string *error) override
    {
        setState(NodeState::Starting);
        resetRun();
        m_uuid = randomUuid();
        m_name = m_options.text("name").empty() ? hex(m_uuid, true).substr(0, 6) : m_options.text("name");
        if (!readOptions(error) || !resolveInterface(error) || !openMailbox(error))
            return false;
        m_expired = std::chrono::milliseconds(m_options.integer("expired-ms"));
        m_evasive = std::chrono::milliseconds(m_options.integer("evasive-ms"));
        const auto connects = m_options.list("connect");
        if (connects.empty() && !openBeacon(error))
            return false;
        const std::int64_t joinAfter = m_options.integer("join-after-ms");
        if (joinAfter == 0) {
            // (before any peer: HELLO carries them, no JOIN goes out)
            for (const std::string &g : m_options.list("group"))
                if (std::find(m_groups.begin(), m_groups.end(), g) == m_groups.end()) {
                    m_groups.push_back(g);
                    ++m_status;
                }
        } else {
            after(joinAfter, [this] { joinGroups(); });
        }
        if (const std::int64_t leaveAfter = m_options.integer("leave-after-ms"); leaveAfter > 0)
            after(leaveAfter, [this] { leaveGroups(); });
        log("node " + printableBytes(m_name) + " (UUID " + hex(m_uuid) + "), mailbox " + m_endpoint
            + (m_groups.empty() ? std::string() : ", in " + joined(m_groups)));
        setState(NodeState::Discovering);
        if (m_udp >= 0) {
            log("beacons to " + m_broadcastText + ":" + m_options.text("beacon-port") + " every " + m_options.text("beacon-interval-ms")
                + " ms");
            beacon();
        }
        for (const std::string &ep : connects) {
            Remote r;
            r.endpoint = ep;
            r.lastHeard = loop().now();
            auto [it, fresh] = m_pending.emplace(ep, std::move(r));
            if (!fresh) {
                *error = "--connect " + ep + " given twice";
                return false;
            }
            if (!openDealer(it->second, error))
                return false;
            log("HELLO to " + ep + " (no beacons: --connect)");
        }
        tick();
        return true;
    }

    // (stop() calls this first, then frees the sockets and the UDP socket)
    void close() override
    {
        if (m_udp >= 0 && m_port != 0 && m_beacons > 0) {
            setState(NodeState::Leaving);
            sendBeacon(0);
            log("leaving: a beacon with port 0");
        }
        m_udp = -1;
        m_inbox = nullptr;
        resetRun();
    }

    void resetRun()
    {
        m_inbox = nullptr;
        m_udp = -1;
        m_port = 0;
        m_beacons = 0;
        m_beaconWarned = false;
        m_peers.clear();
        m_pending.clear();
        m_dropped.clear();
        m_groups.clear();
        m_status = 0;
        m_headers.clear();
        m_shouts.clear();
        m_whispers.clear();
        m_shoutServed.clear();
        m_whispered = false;
        m_entered = 0;
        m_done = false;
        m_fullNoted = false;
        m_tick = 0;
    }

    bool readOptions(std::string *error)
    {
        if (m_name.size() > kMaxString) {
            *error = "--name: at most 255 octets (a zproto string)";
            return false;
        }
        for (const std::string &g : m_options.list("group"))
            if (g.empty() || g.size() > kMaxString) {
                *error = "--group " + g + ": 1 to 255 octets";
                return false;
            }
        if (m_options.text("shout-group").size() > kMaxString) {
            *error = "--shout-group: at most 255 octets";
            return false;
        }
        for (const std::string &h : m_options.list("header")) {
            const std::size_t eq = h.find('=');
            if (eq == std::string::npos || eq == 0 || eq > kMaxString) {
                *error = "--header " + h + ": give KEY=VALUE (a key of 1 to 255 octets)";
                return false;
            }
            m_headers.emplace_back(h.substr(0, eq), h.substr(eq + 1));
        }
        auto shouts = m_options.dataList("shout", error);
        if (!shouts)
            return false;
        auto whispers = m_options.dataList("whisper", error);
        if (!whispers)
            return false;
        m_shouts = std::move(*shouts);
        m_whispers = std::move(*whispers);
        if (!m_shouts.empty() && m_options.text("shout-group").empty() && m_options.list("group").empty()) {
            *error = "--shout needs --shout-group or a --group";
            return false;
        }
        if (!m_whispers.empty() && m_options.text("whisper-to").empty()) {
            *error = "--whisper needs --whisper-to";
            return false;
        }
        return true;
    }

    static std::string joined(const std::vector<std::string> &list)
    {
        std::string out;
        for (const std::string &s : list)
            out += (out.empty() ? "" : ", ") + printableBytes(s);
        return out;
    }

    static std::string bracketed(const std::string &host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

    // --interface: the address and broadcast address of a named interface
    // (explicit --interface-address and --broadcast-address win).
    bool resolveInterface(std::string *error)
    {
        m_address = m_options.text("interface-address");
        m_device = m_options.text("interface");
        m_deviceBroadcast.clear();
        if (m_device.empty())
            return true;
        ifaddrs *list = nullptr;
        if (::getifaddrs(&list) != 0) {
            *error = std::string("cannot list the network interfaces: ") + std::strerror(errno);
            return false;
        }
        bool found = false, named = false;
        for (const ifaddrs *a = list; a && !found; a = a->ifa_next) {
            if (m_device != a->ifa_name)
                continue;
            named = true;
            if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET)
                continue;
            char text[INET_ADDRSTRLEN] = {};
            ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(a->ifa_addr)->sin_addr, text, sizeof text);
            if (!m_options.given("interface-address"))
                m_address = text;
            if ((a->ifa_flags & IFF_BROADCAST) && a->ifa_broadaddr) {
                ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(a->ifa_broadaddr)->sin_addr, text, sizeof text);
                m_deviceBroadcast = text;
            } else if (m_address.starts_with("127.")) {
                m_deviceBroadcast = "127.255.255.255";   // (lo has no broadcast flag; its /8 takes this one)
            }
            found = true;
        }
        ::freeifaddrs(list);
        if (!found) {
            *error = "--interface " + m_device + (named ? ": it has no IPv4 address" : ": no such interface");
            return false;
        }
        log("on interface " + m_device + ": " + m_address + (m_deviceBroadcast.empty() ? std::string() : ", broadcast " + m_deviceBroadcast));
        return true;
    }

    bool openMailbox(std::string *error)
    {
        m_inbox = openSocket(ZMQ_ROUTER, error);
        if (!m_inbox || !monitor(*m_inbox, error))
            return false;
        // (a peer that comes back with its UUID takes its routing id over)
        const std::int64_t max = kMaxMessage;
        if (!m_inbox->setInt(ZMQ_ROUTER_HANDOVER, 1) || zmq_setsockopt(m_inbox->handle(), ZMQ_MAXMSGSIZE, &max, sizeof max) != 0) {
            *error = "cannot set up the mailbox: " + zmqError();
            return false;
        }
        const std::string iface = m_address;
        if (const std::string mailbox = m_options.text("mailbox"); !mailbox.empty()) {
            const std::size_t colon = mailbox.rfind(':');
            int port = 0;
            const char *digits = mailbox.data() + colon + 1;
            const auto [end, ec] = std::from_chars(digits, mailbox.data() + mailbox.size(), port);
            if (!mailbox.starts_with("tcp://") || colon == std::string::npos || ec != std::errc() || end != mailbox.data() + mailbox.size()
                || port <= 0 || port > 65535) {
                *error = "--mailbox " + mailbox + ": give tcp://HOST:PORT with a fixed port (the beacons carry it)";
                return false;
            }
            if (!bindSocket(*m_inbox, mailbox, error))
                return false;
            std::string host = mailbox.substr(6, colon - 6);
            if (host == "*" || host == "0.0.0.0")
                host = bracketed(iface);
            m_port = std::uint16_t(port);
            m_endpoint = "tcp://" + host + ":" + std::to_string(port);
        } else {
            // 36/ZRE: an ephemeral port, C000-FFFF (libzmq's "*" takes whatever the kernel gives)
            std::mt19937 random{std::random_device{}()};
            std::uniform_int_distribution<int> ports(0xC000, 0xFFFF);
            for (int tries = 0;; ++tries) {
                const int port = ports(random);
                const std::string ep = "tcp://" + bracketed(iface) + ":" + std::to_string(port);
                if (bindSocket(*m_inbox, ep, error)) {
                    m_port = std::uint16_t(port);
                    m_endpoint = ep;
                    break;
                }
                if (zmq_errno() != EADDRINUSE || tries >= 200)
                    return false;
            }
        }
        if (m_endpoint.size() > kMaxString) {
            *error = "the mailbox endpoint " + m_endpoint + " is longer than 255 octets";
            return false;
        }
        watch(*m_inbox, [this] { inboxReadable(); });
        return true;
    }

    bool openBeacon(std::string *error)
    {
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            *error = std::string("cannot open a UDP socket: ") + std::strerror(errno);
            return false;
        }
        m_udp = fd;
        watchFd(fd, [this] { beaconReadable(); });   // (the peer closes it from now on)
        const int one = 1;
        if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0
            || ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0
            || ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0) {
            *error = std::string("cannot set up the UDP socket: ") + std::strerror(errno);
            return false;
        }
        const int port = int(m_options.integer("beacon-port"));
        sockaddr_in any{};
        any.sin_family = AF_INET;
        any.sin_addr.s_addr = htonl(INADDR_ANY);
        any.sin_port = htons(std::uint16_t(port));
        if (::bind(fd, reinterpret_cast<const sockaddr *>(&any), sizeof any) != 0) {
            *error = "cannot bind UDP 0.0.0.0:" + std::to_string(port) + ": " + std::strerror(errno);
            return false;
        }
        if (!m_device.empty() && ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, m_device.c_str(), socklen_t(m_device.size())) != 0)
            log("beacons are heard on every interface: cannot bind the UDP socket to " + m_device + ": " + std::strerror(errno),
                LogLevel::Warning);
        std::string to = m_options.text("broadcast-address");
        if (to.empty())
            to = !m_deviceBroadcast.empty() ? m_deviceBroadcast : m_address.starts_with("127.") ? "127.255.255.255" : "255.255.255.255";
        m_broadcast = {};
        m_broadcast.sin_family = AF_INET;
        m_broadcast.sin_port = htons(std::uint16_t(port));
        if (::inet_pton(AF_INET, to.c_str(), &m_broadcast.sin_addr) != 1) {
            *error = "--broadcast-address " + to + ": not an IPv4 address";
            return false;
        }
        m_broadcastText = to;
        return true;
    }

    // --- beacons ----------------------------------------------------------------

    void sendBeacon(std::uint16_t port)
    {
        std::string b = kBeaconHeader + m_uuid;
        b.push_back(char(port >> 8));
        b.push_back(char(port & 0xFF));
        if (::sendto(m_udp, b.data(), b.size(), 0, reinterpret_cast<const sockaddr *>(&m_broadcast), sizeof m_broadcast) < 0) {
            if (!m_beaconWarned)
                log("cannot send a beacon to " + m_broadcastText + ": " + std::strerror(errno), LogLevel::Warning);
            m_beaconWarned = true;
            return;
        }
        ++m_beacons;
        countSent();
    }

    void beacon()
    {
        if (m_udp < 0)
            return;
        sendBeacon(m_port);
        after(m_options.integer("beacon-interval-ms"), [this] { beacon(); });
    }

    void beaconReadable()
    {
        char buffer[256];
        for (;;) {
            sockaddr_in from{};
            socklen_t fromSize = sizeof from;
            const ssize_t n = ::recvfrom(m_udp, buffer, sizeof buffer, MSG_DONTWAIT, reinterpret_cast<sockaddr *>(&from), &fromSize);
            if (n < 0)
                break;
            // (another size or version: not for a v2 node, dropped silently as 36/ZRE says)
            if (std::size_t(n) != kBeaconSize || std::memcmp(buffer, kBeaconHeader.data(), kBeaconHeader.size()) != 0)
                continue;
            const std::string uuid(buffer + 4, 16);
            if (uuid == m_uuid)
                continue;   // our own
            countReceived();
            const std::uint16_t port = std::uint16_t(static_cast<unsigned char>(buffer[20]) << 8 | static_cast<unsigned char>(buffer[21]));
            onBeacon(uuid, from, port);
        }
        reap();
        checkDone();
    }

    void onBeacon(const std::string &uuid, const sockaddr_in &from, std::uint16_t port)
    {
        const auto it = m_peers.find(uuid);
        if (port == 0) {
            m_dropped.erase(uuid);
            if (it != m_peers.end())
                removePeer(uuid, "left: a beacon with port 0");
            return;
        }
        if (it != m_peers.end()) {
            it->second.lastHeard = loop().now();
            return;
        }
        if (m_dropped.contains(uuid))
            return;
        char ip[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
        const std::string endpoint = "tcp://" + std::string(ip) + ":" + std::to_string(port);
        log("beacon from " + hex(uuid) + " at " + ip + ": HELLO to " + endpoint);
        newPeer(uuid, endpoint);
    }

    // --- peers ------------------------------------------------------------------

    std::string label(const Remote &r) const
    {
        if (r.ready)
            return r.name.empty() ? hex(r.uuid) : printableBytes(r.name);
        return r.uuid.empty() ? r.endpoint : hex(r.uuid);
    }

    Remote *newPeer(const std::string &uuid, const std::string &endpoint)
    {
        if (m_peers.size() >= kMaxPeers) {
            if (!m_fullNoted)
                log(std::to_string(kMaxPeers) + " peers known: no more are taken", LogLevel::Warning);
            m_fullNoted = true;
            return nullptr;
        }
        // (a new node on an endpoint another one used: that one is gone, as zyre decides)
        std::vector<std::string> stale;
        for (const auto &[id, r] : m_peers)
            if (r.endpoint == endpoint)
                stale.push_back(id);
        for (const std::string &id : stale)
            removePeer(id, "a new node took its endpoint " + endpoint);
        Remote r;
        r.uuid = uuid;
        r.endpoint = endpoint;
        r.lastHeard = loop().now();
        Remote &added = m_peers.emplace(uuid, std::move(r)).first->second;
        std::string error;
        if (!openDealer(added, &error)) {
            fail(error);
            closeSocket(added.dealer);
            m_peers.erase(uuid);
            return nullptr;
        }
        return &added;
    }

    bool openDealer(Remote &r, std::string *error)
    {
        r.dealer = openSocket(ZMQ_DEALER, error);
        if (!r.dealer || !monitor(*r.dealer, error))
            return false;
        // 36/ZRE: identity 01 + our UUID. A send queue of about 100 messages
        // per second of --expired-ms (the digest's advice, after zyre): a full
        // queue means a dead peer.
        const int hwm = int(std::max<std::int64_t>(100, m_expired.count() / 10));
        if (!r.dealer->setBytes(ZMQ_ROUTING_ID, "\x01" + m_uuid) || !r.dealer->setInt(ZMQ_SNDHWM, hwm)) {
            *error = "cannot set up a DEALER: " + zmqError();
            return false;
        }
        if (!connectSocket(*r.dealer, r.endpoint, error))
            return false;
        r.sent = 0;
        send(r, Hello, helloBody());
        return true;
    }

    std::string helloBody() const
    {
        Writer w;
        w.string(m_endpoint);
        w.strings(m_groups);
        w.u8(m_status);
        w.string(m_name);
        w.hash(m_headers);
        return w.take();
    }

    bool send(Remote &r, Command id, std::string fields = {}, const Frames &content = {})
    {
        if (!r.dealer || r.failed)
            return false;
        ++r.sent;   // (16 bits: 65535 wraps to 0, as zyre counts)
        Writer w;
        w.u8(0xAA);
        w.u8(0xA1);
        w.u8(id);
        w.u8(kVersion);
        w.u16(r.sent);
        Frames f;
        f.reserve(1 + content.size());
        f.push_back(w.take() + fields);
        f.insert(f.end(), content.begin(), content.end());
        if (!r.dealer->send(f)) {
            log("cannot send " + std::string(kCommandNames[id]) + " to " + label(r) + " (" + zmqError() + "): dropping it",
                LogLevel::Warning);
            r.failed = true;
            return false;
        }
        countSent();
        return true;
    }

    void removePeer(const std::string &uuid, const std::string &why)
    {
        const auto it = m_peers.find(uuid);
        if (it == m_peers.end())
            return;
        Remote &r = it->second;
        if (r.ready)
            log("exit " + label(r) + " (" + why + ")");
        else
            log("forgot " + hex(uuid) + " before its HELLO (" + why + ")");
        closeSocket(r.dealer);
        m_peers.erase(it);
        updateState();
    }

    // Peers whose send failed, dropped once the round that found it is over.
    void reap()
    {
        std::vector<std::string> failed;
        for (const auto &[id, r] : m_peers)
            if (r.failed)
                failed.push_back(id);
        for (const std::string &id : failed)
            removePeer(id, "a send would block");
    }

    void updateState()
    {
        const auto s = NodeState(stateValue());
        if (s != NodeState::Discovering && s != NodeState::Connected)
            return;
        const bool any = std::any_of(m_peers.begin(), m_peers.end(), [](const auto &p) { return p.second.ready; });
        setState(any ? NodeState::Connected : NodeState::Discovering);
    }

    // --- the mailbox ------------------------------------------------------------

    void inboxReadable()
    {
        Frames f;
        while (m_inbox && m_inbox->recv(f)) {
            countReceived();
            onMessage(f);
        }
        reap();
        checkDone();
    }

    struct Message {
        std::uint8_t id = 0;
        std::uint16_t sequence = 0;
        std::string endpoint, name, group;
        std::vector<std::string> groups;
        std::vector<std::pair<std::string, std::string>> headers;
        std::uint8_t status = 0;
    };

    // The first frame's header and fields; empty `problem` when it parses.
    static Message parse(std::string_view frame, std::string *problem)
    {
        Message m;
        FieldReader in(frame);
        std::uint8_t a = 0, b = 0, version = 0;
        if (!in.r.u8(a) || !in.r.u8(b) || a != 0xAA || b != 0xA1) {
            *problem = "no AA A1 signature";
            return m;
        }
        if (!in.r.u8(m.id) || m.id < Hello || m.id > Goodbye) {
            *problem = "unknown message id " + std::to_string(m.id);
            return m;
        }
        const std::string command(kCommandNames[m.id]);
        if (!in.r.u8(version) || !in.r.u16(m.sequence)) {
            *problem = command + " shorter than its header";
            return m;
        }
        if (version != kVersion) {
            *problem = command + " of version " + std::to_string(version) + " (this node speaks 2, 36/ZRE)";
            return m;
        }
        bool ok = true;
        std::string second;
        switch (m.id) {
        case Hello:
            ok = in.string(m.endpoint) && in.strings(m.groups) && in.r.u8(m.status) && in.string(m.name) && in.hash(m.headers);
            break;
        case Shout: ok = in.string(m.group); break;
        case Join:
        case Leave: ok = in.string(m.group) && in.r.u8(m.status); break;
        case Elect:
        case Leader: ok = in.string(m.group) && in.string(second); break;
        default: break;
        }
        if (!ok)
            *problem = "malformed " + command + ": a field runs past the end of the frame";
        return m;
    }

    void onMessage(const Frames &f)
    {
        if (f.size() < 2) {
            log("dropped an empty message", LogLevel::Warning);
            return;
        }
        if (f[0].size() != 17 || f[0][0] != '\x01') {
            log("dropped a message whose routing id is not 01 + a UUID (" + std::to_string(f[0].size()) + " octets): not a ZRE v2 peer",
                LogLevel::Warning);
            return;
        }
        const std::string uuid = f[0].substr(1);
        std::string problem;
        const Message m = parse(f[1], &problem);
        if (!problem.empty()) {
            log("dropped a message from " + hex(uuid) + ": " + problem, LogLevel::Warning);
            return;
        }
        if (m.id == Hello) {
            onHello(uuid, m);
            return;
        }
        const std::string command(kCommandNames[m.id]);
        const auto it = m_peers.find(uuid);
        if (it == m_peers.end() || !it->second.ready) {
            if (!m_dropped.contains(uuid))
                log("ignored " + command + " from " + hex(uuid) + ": no HELLO from it yet", LogLevel::Warning);
            return;
        }
        Remote &r = it->second;
        const std::uint16_t expected = std::uint16_t(r.received + 1);
        if (m.sequence != expected) {
            log("sequence " + std::to_string(m.sequence) + " in " + command + " from " + label(r) + ", expected "
                    + std::to_string(expected) + ": messages lost, the peer is dropped (36/ZRE)",
                LogLevel::Warning);
            m_dropped.insert(uuid);
            removePeer(uuid, "sequence error");
            return;
        }
        r.received = m.sequence;
        r.lastHeard = loop().now();
        r.nextPing = {};
        r.quietNoted = false;
        const std::string who = label(r);
        switch (m.id) {
        case Join:
        case Leave: {
            const std::uint8_t want = std::uint8_t(r.status + 1);
            if (m.status != want)
                log(command + " " + printableBytes(m.group) + " from " + who + " carries status " + std::to_string(m.status) + ", not "
                        + std::to_string(want) + " (zyre would abort on this)",
                    LogLevel::Warning);
            r.status = m.status;
            if (m.id == Join) {
                r.groups.insert(m.group);
                log("join " + who + " " + printableBytes(m.group));
                deliver(r);
            } else {
                r.groups.erase(m.group);
                log("leave " + who + " " + printableBytes(m.group));
            }
            break;
        }
        case Shout: logLazily([&] { return "shout " + who + " " + printableBytes(m.group) + " " + framesText(f, 2); }); break;
        case Whisper: logLazily([&] { return "whisper " + who + " " + framesText(f, 2); }); break;
        case Ping:
            logLazily([&] { return "PING from " + who + ": PING-OK"; });
            send(r, PingOk);
            break;
        case PingOk: logLazily([&] { return "PING-OK from " + who; }); break;
        case Elect:
        case Leader: log("ignored zyre's " + command + " from " + who + " (no leader election here)"); break;
        case Goodbye: removePeer(uuid, "said GOODBYE"); break;
        default: break;
        }
    }

    void onHello(const std::string &uuid, const Message &m)
    {
        if (m.sequence != 1) {
            log("ignored a HELLO from " + hex(uuid) + " with sequence " + std::to_string(m.sequence) + ", not 1 (36/ZRE)",
                LogLevel::Warning);
            return;
        }
        m_dropped.erase(uuid);
        auto it = m_peers.find(uuid);
        if (it != m_peers.end() && it->second.ready) {
            removePeer(uuid, "said HELLO again: it restarted");
            it = m_peers.end();
        }
        Remote *r = it != m_peers.end() ? &it->second : nullptr;
        if (!r) {
            if (auto pending = m_pending.extract(m.endpoint)) {
                // a --connect answered: its DEALER becomes this peer's
                pending.mapped().uuid = uuid;
                r = &m_peers.insert_or_assign(uuid, std::move(pending.mapped())).first->second;
            } else {
                if (!m.endpoint.starts_with("tcp://") || m.endpoint.size() <= 6) {
                    log("ignored a HELLO from " + hex(uuid) + ": its mailbox " + printableBytes(m.endpoint) + " is not a tcp:// endpoint",
                        LogLevel::Warning);
                    return;
                }
                log("HELLO from unknown " + hex(uuid) + ": HELLO back to " + printableBytes(m.endpoint));
                r = newPeer(uuid, m.endpoint);
                if (!r)
                    return;
            }
        } else if (r->endpoint != m.endpoint) {
            log("HELLO from " + hex(uuid) + " names the mailbox " + printableBytes(m.endpoint) + ", its beacon said " + r->endpoint);
        }
        r->received = m.sequence;
        r->ready = true;
        r->name = m.name;
        r->status = m.status;
        r->groups = std::set<std::string>(m.groups.begin(), m.groups.end());
        r->lastHeard = loop().now();
        r->nextPing = {};
        ++m_entered;
        const std::string who = label(*r);
        std::string headers;
        for (const auto &[k, v] : m.headers)
            headers += (headers.empty() ? "" : ", ") + printableBytes(k) + "=" + printableBytes(v);
        log("enter " + who);
        log(who + ": UUID " + hex(uuid) + ", mailbox " + printableBytes(m.endpoint) + ", status " + std::to_string(m.status)
            + (m.groups.empty() ? std::string() : ", groups " + joined(m.groups)) + (headers.empty() ? std::string() : ", headers " + headers));
        for (const std::string &g : m.groups)
            log("join " + who + " " + printableBytes(g));
        updateState();
        deliver(*r);
    }

    // --- our groups, shouts and whispers ----------------------------------------

    std::vector<std::string> shoutGroups() const
    {
        if (const std::string g = m_options.text("shout-group"); !g.empty())
            return {g};
        return m_groups;
    }

    void deliver(Remote &r)
    {
        if (!r.ready || !r.dealer)
            return;
        if (!m_shouts.empty())
            for (const std::string &g : shoutGroups()) {
                if (!r.groups.contains(g) || r.shouted.contains(g))
                    continue;
                r.shouted.insert(g);
                Writer w;
                w.string(g);
                const std::string group = w.take();
                for (const std::string &text : m_shouts)
                    if (send(r, Shout, group, {text}))
                        logLazily([&] { return "SHOUT to " + label(r) + " in " + printableBytes(g) + ": " + printableBytes(text, 60); });
                m_shoutServed.insert(g);
            }
        std::string to = m_options.text("whisper-to");
        const bool byName = r.name == to;
        std::transform(to.begin(), to.end(), to.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (!m_whispers.empty() && !r.whispered && (byName || hex(r.uuid) == to)) {
            r.whispered = true;
            for (const std::string &text : m_whispers)
                if (send(r, Whisper, {}, {text}))
                    logLazily([&] { return "WHISPER to " + label(r) + ": " + printableBytes(text, 60); });
            m_whispered = true;
        }
    }

    // JOIN and LEAVE go to every peer we have a DEALER to, HELLO or not: each
    // had our HELLO, whose status it counts from.
    template <typename F>
    void forEachDealer(F f)
    {
        for (auto &[id, r] : m_peers)
            f(r);
        for (auto &[ep, r] : m_pending)
            f(r);
    }

    void joinGroups()
    {
        for (const std::string &g : m_options.list("group")) {
            if (std::find(m_groups.begin(), m_groups.end(), g) != m_groups.end())
                continue;
            m_groups.push_back(g);
            ++m_status;
            Writer w;
            w.string(g);
            w.u8(m_status);
            const std::string fields = w.take();
            forEachDealer([&](Remote &r) { send(r, Join, fields); });
            log("JOIN " + printableBytes(g) + " (status " + std::to_string(m_status) + ")");
        }
        for (auto &[id, r] : m_peers)
            deliver(r);
        reap();
        checkDone();
    }

    void leaveGroups()
    {
        const std::vector<std::string> groups = std::exchange(m_groups, {});
        for (const std::string &g : groups) {
            ++m_status;
            Writer w;
            w.string(g);
            w.u8(m_status);
            const std::string fields = w.take();
            forEachDealer([&](Remote &r) { send(r, Leave, fields); });
            log("LEAVE " + printableBytes(g) + " (status " + std::to_string(m_status) + ")");
        }
        reap();
    }

    // --- liveness and the end -----------------------------------------------------

    void tick()
    {
        const auto now = loop().now();
        std::vector<std::string> expired;
        for (auto &[id, r] : m_peers) {
            const auto silent = now - r.lastHeard;
            if (silent >= m_expired) {
                expired.push_back(id);
            } else if (r.ready && silent >= m_evasive && now >= r.nextPing) {
                if (send(r, Ping))
                    log(label(r) + " is evasive (silent for "
                        + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(silent).count()) + " ms): PING");
                r.nextPing = now + m_evasive;
            }
        }
        for (const std::string &id : expired)
            removePeer(id, "expired: silent for " + m_options.text("expired-ms") + " ms");
        for (auto &[ep, r] : m_pending)
            if (!r.quietNoted && now - r.lastHeard >= m_expired) {
                r.quietNoted = true;
                log("no HELLO from " + ep + " in " + m_options.text("expired-ms") + " ms (still listening)", LogLevel::Warning);
            }
        reap();
        // zyre checks every second; shorter timers are checked more often
        const std::int64_t every = std::clamp<std::int64_t>(std::min(m_evasive, m_expired).count() / 4, 10, 1000);
        m_tick = after(every, [this] { tick(); });
    }

    void checkDone()
    {
        const std::int64_t expect = m_options.integer("expect-peers");
        if (m_done || expect <= 0 || m_entered < expect)
            return;
        if ((!m_shouts.empty() && m_shoutServed.empty()) || (!m_whispers.empty() && !m_whispered))
            return;
        m_done = true;
        log("done: " + std::to_string(m_entered) + " peer(s) entered" + (m_shouts.empty() ? "" : ", shouts sent")
            + (m_whispers.empty() ? "" : ", whispers sent"));
        after(m_options.integer("exit-grace-ms"), [this] { finish(0); });
    }

    ZSocket *m_inbox = nullptr;
    int m_udp = -1;   // the beacon socket (Peer::stop() closes it)
    sockaddr_in m_broadcast{};
    std::string m_broadcastText;
    std::string m_address;           // the mailbox's and HELLO's address
    std::string m_device;            // --interface
    std::string m_deviceBroadcast;   // its broadcast address
    std::string m_uuid;       // 16 octets, new on every start
    std::string m_name;
    std::string m_endpoint;   // our mailbox, as HELLO says it
    std::uint16_t m_port = 0;
    std::uint64_t m_beacons = 0;
    bool m_beaconWarned = false;
    std::map<std::string, Remote> m_peers;     // by UUID
    std::map<std::string, Remote> m_pending;   // --connect endpoints without a HELLO back yet
    std::set<std::string> m_dropped;           // UUIDs dropped for a sequence error, until their next HELLO
    std::vector<std::string> m_groups;         // ours, in join order
    std::uint8_t m_status = 0;
    std::vector<std::pair<std::string, std::string>> m_headers;
    Frames m_shouts, m_whispers;
    std::set<std::string> m_shoutServed;   // shout groups our shouts reached someone in
    bool m_whispered = false;
    std::int64_t m_entered = 0;
    bool m_done = false;
    bool m_fullNoted = false;
    std::chrono::milliseconds m_evasive{5000}, m_expired{30000};
    PeerLoop::TimerId m_tick = 0;
};

}   // namespace

const RoleInfo kZreNodeRole{"zre-node", "ZRE", "ZRE node",
                            "A ZRE v2 node: finds peers by UDP beacons (or --connect), says HELLO, joins groups, "
                            "shouts and whispers, PINGs evasive peers and forgets expired ones.",
                            "36/ZRE", kNodeOptions, kNodeStates, makePeer<ZreNode>};

}   // namespace zmqscope::peers
