// 35/FILEMQ v2 (digest sections 3, 15 and 17) on the wire: every message is
// one frame, AA A3 | id | fields (zproto):
//   01 OHAI        C->S  protocol string "FILEMQ", version number2 = 2
//   04 OHAI-OK     S->C
//   05 ICANHAZ     C->S  path PATH, options hash, cache hash
//   06 ICANHAZ-OK  S->C
//   07 NOM         C->S  credit number8, sequence number8
//   08 CHEEZBURGER S->C  sequence number8, operation number1 (1 create, 2 delete),
//                        filename PATH, offset number8, eof number1, headers hash,
//                        chunk (number4 length + octets)
//   09 HUGZ / 0A HUGZ-OK  either way;  0B KTHXBAI  C->S
//   80 SRSLY / 81 RTFM    S->C  reason string
// PATH is a `longstr` (4-octet length) as zeromq/filemq has sent it since
// 2014, or with --strings rfc a `string` (1-octet length) as RFC 35 is
// written (digest section 17, row 18); both sides must agree.
//
// The server (zeromq/filemq's fmq_server.c where the RFC leaves room): a
// ROUTER; per client start -> ready on OHAI (version 2, else RTFM; a second
// OHAI starts it over); RTFM and forgets it for anything before OHAI, a
// command a client does not send, or a message that does not parse.
// ICANHAZ is always answered ICANHAZ-OK (paths must start with /; they are
// prefixes of virtual paths, / is everything). With the option RESYNC=1
// every current file under the path is queued at once except those named
// in `cache` with the same SHA-1 (names starting with / are virtual paths,
// others relative to the path); without it only what changes afterwards
// is sent. Changes come from rescanning the folder every --scan-ms: new or
// changed files (size or time) are sent again, deleted ones as operation 2.
// Files go one at a time per client, in chunks of at most --chunk-size and
// never more than the credit left (a chunk is cut to the credit rather than
// waiting for a whole one, as fmq_server.c does: so a small credit is slow,
// never stuck). CHEEZBURGER's sequence counts the client's chunks from 0
// (fmq_server.c; the RFC calls it a file offset), offset is the chunk's
// place in the file, and a file ends with an empty chunk with eof 1 at
// offset = size, which takes no credit; a delete is operation 2, offset 0,
// eof 0, no content. headers is always empty. HUGZ to a client silent for
// --heartbeat-ms, HUGZ-OK to its HUGZ; a client silent for --expiry-ms is
// forgotten, as one that says KTHXBAI.
//
// The client (fmq_client.c): a DEALER; OHAI, then ICANHAZ per --path with
// RESYNC=1 and an empty cache, then NOM with --credit once every path is
// answered. Each data chunk uses credit up; when a fifth of --credit is used
// (fmq_client.c's 1 000 000 of 5 000 000) a NOM grants it again, its
// sequence the last chunk's. Checks: sequence +1 per chunk, the chunk within
// the credit, operation 1 or 2, a filename that starts with / and has no
// empty, "." or ".." part (else the chunk is dropped: nothing is written
// outside --into), offset = octets of that file so far (0 starts it over).
// A file is complete on eof: `file PATH SIZE SHA256` is logged. HUGZ when
// the server is silent for --heartbeat-ms; more than --liveness unanswered
// and it gives up. SRSLY, RTFM or KTHXBAI end it; KTHXBAI goes out when
// --expect-files are in, or when it is stopped after OHAI-OK.
#include "filemqroles.h"


#include "codec/zproto.h"

#include <sodium.h>
#include <zmq.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

namespace zmqscope::peers {

namespace {

namespace fs = std::filesystem;
using Clock = PeerLoop::Clock;

enum Command : std::uint8_t {
    Ohai = 0x01, OhaiOk = 0x04, Icanhaz = 0x05, IcanhazOk = 0x06, Nom = 0x07, Cheezburger = 0x08,
    Hugz = 0x09, HugzOk = 0x0A, Kthxbai = 0x0B, Srsly = 0x80, Rtfm = 0x81,
};
enum Operation : std::uint8_t { Create = 1, Delete = 2 };
constexpr std::uint16_t kVersion = 2;
constexpr std::size_t kMaxString = 255;                 // a zproto `string`
constexpr std::int64_t kMaxClientMessage = 16 << 20;    // octets a client may send in one message
constexpr std::size_t kMaxFiles = 100000;               // a published folder holds no more than this
constexpr std::size_t kMaxRefusedNames = 1000;          // unsafe names a client remembers having refused

std::string_view commandName(std::uint8_t id)
{
    switch (id) {
    case Ohai: return "OHAI";
    case OhaiOk: return "OHAI-OK";
    case Icanhaz: return "ICANHAZ";
    case IcanhazOk: return "ICANHAZ-OK";
    case Nom: return "NOM";
    case Cheezburger: return "CHEEZBURGER";
    case Hugz: return "HUGZ";
    case HugzOk: return "HUGZ-OK";
    case Kthxbai: return "KTHXBAI";
    case Srsly: return "SRSLY";
    case Rtfm: return "RTFM";
    default: return "an unknown command";
    }
}

constexpr std::string_view kStrings[] = {"long", "rfc"};

std::string hex(const std::uint8_t *bytes, std::size_t n)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0x0F]);
    }
    return out;
}

std::string hex(std::string_view bytes)
{
    return hex(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
}

// zproto fields, written (codec/zproto.h), after FILEMQ's signature
// and command; paths in the connection's encoding.
class Writer : public codec::ZprotoWriter {
public:
    explicit Writer(Command id, bool longPaths = true) : m_long(longPaths)
    {
        u8(0xAA);
        u8(0xA3);
        u8(id);
    }
    void path(std::string_view s) { m_long ? longstr(s) : string(s); }

private:
    bool m_long;
};

// A path field that does not parse may be in the other encoding (digest
// section 15: a longstr path is 00 .. .. .. then "/", a string path is one
// octet then "/"): what to tell the user, or nothing.
std::string encodingHint(std::string_view body, std::size_t at, bool longPaths)
{
    const auto octet = [&](std::size_t i) { return i < body.size() ? static_cast<unsigned char>(body[i]) : 0xFF; };
    if (longPaths && octet(at + 1) == '/')
        return " (its path has a 1-octet length: the peer speaks --strings rfc)";
    if (!longPaths && octet(at) == 0 && octet(at + 4) == '/')
        return " (its path has a 4-octet length: the peer speaks --strings long)";
    return {};
}

// zproto fields, read: each length against what is left of the frame
// (codec::ZprotoReader), each count against the fewest octets its items take.
struct FieldReader {
    FieldReader(std::string_view frame, bool longPaths)
        : r(codec::Bytes(reinterpret_cast<const std::uint8_t *>(frame.data()), frame.size()), 0), body(frame), longPaths(longPaths)
    {
    }
    bool skipHeader()
    {
        std::uint8_t a, b, id;
        return r.u8(a) && r.u8(b) && r.u8(id);
    }
    bool string(std::string &out)
    {
        std::string_view s;
        if (!r.string(s))
            return false;
        out = s;
        return true;
    }
    bool path(std::string &out)
    {
        std::string_view s;
        if (!(longPaths ? r.longstr(s) : r.string(s)))
            return false;
        out = s;
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
            std::string_view k, v;
            if (!r.string(k) || !r.longstr(v))
                return false;
            out.emplace_back(k, v);
        }
        return true;
    }
    codec::ZprotoReader r;
    std::string_view body;
    bool longPaths;
};

// --- SHA-1, for ICANHAZ's cache (35/FILEMQ names files by their SHA-1;
// libsodium has none) ----------------------------------------------------------

class Sha1 {
public:
    void update(const std::uint8_t *p, std::size_t n)
    {
        m_length += n;
        while (n > 0) {
            const std::size_t take = std::min(n, m_block.size() - m_used);
            std::memcpy(m_block.data() + m_used, p, take);
            m_used += take;
            p += take;
            n -= take;
            if (m_used == m_block.size()) {
                compress();
                m_used = 0;
            }
        }
    }
    std::string hexDigest()
    {
        const std::uint64_t bits = m_length * 8;
        const std::uint8_t one = 0x80, zero = 0;
        update(&one, 1);
        while (m_used != 56)
            update(&zero, 1);
        std::uint8_t length[8];
        for (int i = 0; i < 8; ++i)
            length[i] = std::uint8_t(bits >> (56 - 8 * i));
        update(length, 8);
        std::uint8_t digest[20];
        for (int i = 0; i < 20; ++i)
            digest[i] = std::uint8_t(m_h[std::size_t(i / 4)] >> (24 - 8 * (i % 4)));
        return hex(digest, sizeof digest);
    }

private:
    static std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
    void compress()
    {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(m_block[std::size_t(4 * i)]) << 24 | std::uint32_t(m_block[std::size_t(4 * i + 1)]) << 16
                 | std::uint32_t(m_block[std::size_t(4 * i + 2)]) << 8 | m_block[std::size_t(4 * i + 3)];
        for (int i = 16; i < 80; ++i)
            w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = m_h[0], b = m_h[1], c = m_h[2], d = m_h[3], e = m_h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotl(b, 30);
            b = a;
            a = t;
        }
        m_h[0] += a;
        m_h[1] += b;
        m_h[2] += c;
        m_h[3] += d;
        m_h[4] += e;
    }
    std::array<std::uint32_t, 5> m_h{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::array<std::uint8_t, 64> m_block{};
    std::size_t m_used = 0;
    std::uint64_t m_length = 0;
};

// A file opened for reading, closed with its owner.
class ReadFile {
public:
    explicit ReadFile(const fs::path &path) : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~ReadFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    ReadFile(const ReadFile &) = delete;
    ReadFile &operator=(const ReadFile &) = delete;
    explicit operator bool() const { return m_fd >= 0; }
    // Up to `n` octets at `offset`; fewer at the end of the file, none on an error.
    std::string read(std::uint64_t offset, std::size_t n) const
    {
        std::string out(n, '\0');
        std::size_t got = 0;
        while (got < n) {
            const ssize_t r = ::pread(m_fd, out.data() + got, n - got, off_t(offset + got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += std::size_t(r);
        }
        out.resize(got);
        return out;
    }

private:
    int m_fd;
};

std::optional<std::string> sha1File(const fs::path &path)
{
    const ReadFile in(path);
    if (!in)
        return std::nullopt;
    Sha1 sha;
    for (std::uint64_t offset = 0;;) {
        const std::string block = in.read(offset, 1 << 20);
        if (block.empty())
            break;
        sha.update(reinterpret_cast<const std::uint8_t *>(block.data()), block.size());
        offset += block.size();
    }
    return sha.hexDigest();
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return s;
}

// --- Server ------------------------------------------------------------------

enum class ServerState : std::uint32_t { Starting, Serving };
constexpr std::string_view kServerStates[] = {"Starting", "Serving"};
constexpr OptionSpec kServerOptions[] = {
    {"bind", OptionKind::Bind, "tcp://*:5670", "where clients connect (35/FILEMQ: TCP 5670, FILEMQ's IANA port)"},
    {"publish", OptionKind::Text, "", "the folder to publish, with its subfolders", {}, 0, INT64_MAX, false, true},
    {"mount", OptionKind::Text, "/", "the virtual path the folder appears under: its file a/b.txt is sent as MOUNT/a/b.txt"},
    {"strings", OptionKind::Choice, "long", "how paths are encoded: long (4-octet lengths, as zeromq/filemq sends them) or rfc (1-octet, as RFC 35 is written); clients must use the same", kStrings},
    {"chunk-size", OptionKind::Integer, "1000000", "file content per CHEEZBURGER at most (fmq_server.c: 1000000)", {}, 1, 64 << 20},
    {"scan-ms", OptionKind::Integer, "5000", "look for new, changed and deleted files this often (fmq_server.c: every 5 s)", {}, 10, 86400000},
    {"heartbeat-ms", OptionKind::Integer, "1000", "HUGZ a client that has been silent this long (fmq_server.c: 1000)", {}, 10, 3600000},
    {"expiry-ms", OptionKind::Integer, "60000", "forget a client silent this long (zeromq/filemq: 60000)", {}, 10, 86400000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

constexpr int kChunksPerRound = 32;   // chunks sent to one client before the loop serves others

class FilemqServer final : public Peer {
public:
    using Peer::Peer;

private:
    struct Stamp {
        std::uintmax_t size = 0;
        fs::file_time_type time{};
        bool operator==(const Stamp &) const = default;
    };
    struct Item {
        Operation operation;
        std::string vpath, rel;
    };
    struct Sending {
        std::string vpath;
        std::unique_ptr<ReadFile> file;
        std::uint64_t size = 0, offset = 0;
    };
    struct Client {
        std::string id;
        bool ready = false;   // OHAI came
        bool gone = false;    // a send found it gone: forgotten after this round
        bool nomSeen = false;
        std::vector<std::string> subscriptions;
        std::uint64_t credit = 0;
        std::uint64_t sequence = 0;   // of its next chunk
        std::deque<Item> queue;
        std::optional<Sending> sending;
        Clock::time_point lastHeard{}, lastSent{};
    };

    bool open(std::string *error) override
    {
        m_socket = nullptr;
        m_clients.clear();
        m_files.clear();
        m_sha1.clear();
        m_pumpTimer = 0;
        m_long = m_options.text("strings") == "long";
        m_root = m_options.text("publish");
        std::error_code ec;
        if (!fs::is_directory(m_root, ec)) {
            *error = "--publish " + m_root.string() + ": not a folder";
            return false;
        }
        m_mount = m_options.text("mount");
        if (!m_mount.starts_with("/")) {
            *error = "--mount " + m_mount + ": a virtual path starts with /";
            return false;
        }
        while (m_mount.size() > 1 && m_mount.ends_with("/"))
            m_mount.pop_back();
        if (m_mount != "/")
            m_mount += "/";
        m_socket = openSocket(ZMQ_ROUTER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        // MANDATORY: a chunk for a client that has gone fails instead of vanishing
        const std::int64_t max = kMaxClientMessage;
        if (!m_socket->setInt(ZMQ_ROUTER_MANDATORY, 1) || zmq_setsockopt(m_socket->handle(), ZMQ_MAXMSGSIZE, &max, sizeof max) != 0) {
            *error = "cannot set up the ROUTER: " + zmqError();
            return false;
        }
        if (!bindSocket(*m_socket, m_options.text("bind"), error))
            return false;
        watch(*m_socket, [this] { readable(); });
        m_files = scan();
        std::uintmax_t total = 0;
        for (const auto &[rel, stamp] : m_files)
            total += stamp.size;
        setState(ServerState::Serving);
        log("publishing " + std::to_string(m_files.size()) + " file(s), " + std::to_string(total) + " octets, from " + m_root.string()
            + " as " + m_mount + " on " + m_options.text("bind") + " (paths as " + (m_long ? "longstr" : "RFC 35 string") + ")");
        after(m_options.integer("scan-ms"), [this] { rescan(); });
        after(m_options.integer("heartbeat-ms"), [this] { heartbeat(); });
        return true;
    }

    void close() override
    {
        m_socket = nullptr;
        m_clients.clear();
        m_pumpTimer = 0;
    }

    std::string vpath(const std::string &rel) const { return m_mount + rel; }
    static std::string who(const Client &c) { return "client " + hex(c.id); }

    // --- the folder ---------------------------------------------------------------

    std::map<std::string, Stamp> scan()
    {
        std::map<std::string, Stamp> out;
        std::error_code ec;
        fs::recursive_directory_iterator it(m_root, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            log("cannot read " + m_root.string() + ": " + ec.message(), LogLevel::Warning);
            return out;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec)
                break;
            // (links are not followed: nothing outside the folder is published)
            if (it->is_symlink(ec) || !it->is_regular_file(ec))
                continue;
            const std::string rel = it->path().lexically_relative(m_root).generic_string();
            if (rel.empty() || rel.starts_with(".."))
                continue;
            if (!m_long && vpath(rel).size() > kMaxString) {
                if (!m_files.contains(rel))
                    log(vpath(rel) + " is longer than the 255 octets of an RFC 35 string: not published", LogLevel::Warning);
                continue;
            }
            if (out.size() >= kMaxFiles) {
                log(m_root.string() + " holds more than " + std::to_string(kMaxFiles) + " files: the rest are not published",
                    LogLevel::Warning);
                break;
            }
            Stamp s;
            s.size = it->file_size(ec);
            s.time = it->last_write_time(ec);
            if (!ec)
                out.emplace(rel, s);
        }
        return out;
    }

    void rescan()
    {
        after(m_options.integer("scan-ms"), [this] { rescan(); });
        std::map<std::string, Stamp> now = scan();
        std::vector<std::string> changed, gone;
        for (const auto &[rel, stamp] : now) {
            const auto was = m_files.find(rel);
            if (was == m_files.end() || !(was->second == stamp))
                changed.push_back(rel);
        }
        for (const auto &[rel, stamp] : m_files)
            if (!now.contains(rel)) {
                gone.push_back(rel);
                m_sha1.erase(rel);
            }
        m_files = std::move(now);
        for (const std::string &rel : changed)
            log("published " + vpath(rel) + " (" + std::to_string(m_files.at(rel).size) + " octets)");
        for (const std::string &rel : gone)
            log("unpublished " + vpath(rel));
        if (changed.empty() && gone.empty())
            return;
        for (auto &[id, c] : m_clients) {
            if (!c.ready)
                continue;
            for (const std::string &rel : changed)
                if (subscribed(c, vpath(rel)))
                    enqueue(c, {Create, vpath(rel), rel});
            for (const std::string &rel : gone)
                if (subscribed(c, vpath(rel)))
                    enqueue(c, {Delete, vpath(rel), rel});
            pump(c);
        }
        reap();
    }

    static bool subscribed(const Client &c, const std::string &path)
    {
        return std::any_of(c.subscriptions.begin(), c.subscriptions.end(), [&](const std::string &s) { return path.starts_with(s); });
    }

    static void enqueue(Client &c, Item item)
    {
        const bool queued = std::any_of(c.queue.begin(), c.queue.end(), [&](const Item &i) {
            return i.operation == item.operation && i.vpath == item.vpath;
        });
        if (!queued)
            c.queue.push_back(std::move(item));
    }

    // The file's SHA-1, computed once per size and time.
    std::optional<std::string> sha1(const std::string &rel)
    {
        const auto stamp = m_files.find(rel);
        if (stamp == m_files.end())
            return std::nullopt;
        if (const auto known = m_sha1.find(rel); known != m_sha1.end() && known->second.first == stamp->second)
            return known->second.second;
        auto digest = sha1File(m_root / rel);
        if (digest)
            m_sha1[rel] = {stamp->second, *digest};
        return digest;
    }

    // --- messages ---------------------------------------------------------------

    // false when the ROUTER would block (the caller tries again later); a
    // client that has gone is marked and forgotten after this round.
    bool send(Client &c, std::string body)
    {
        if (!m_socket || c.gone)
            return false;
        Frames f;
        f.reserve(2);
        f.push_back(c.id);
        f.push_back(std::move(body));
        if (m_socket->send(f)) {
            countSent();
            c.lastSent = loop().now();
            return true;
        }
        if (zmq_errno() != EAGAIN) {
            log(who(c) + " has gone (" + zmqError() + "): forgotten", LogLevel::Warning);
            c.gone = true;
        }
        return false;
    }

    void rtfm(Client &c, const std::string &reason)
    {
        log(reason + ": RTFM to " + who(c) + ", forgotten", LogLevel::Warning);
        Writer w(Rtfm);
        w.string(reason);
        send(c, w.take());
        c.gone = true;
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            onMessage(f);
        }
        reap();
    }

    void reap()
    {
        std::erase_if(m_clients, [](const auto &c) { return c.second.gone; });
        if (m_clients.empty())
            cancel(m_pumpTimer);
    }

    void onMessage(const Frames &f)
    {
        if (f.size() < 2 || f[1].size() < 3 || static_cast<unsigned char>(f[1][0]) != 0xAA
            || static_cast<unsigned char>(f[1][1]) != 0xA3) {
            // (35/FILEMQ: dropped without an answer)
            log("dropped a message without the AA A3 signature" + (f.size() < 2 ? std::string() : ": " + framesText(f, 1)),
                LogLevel::Warning);
            return;
        }
        auto [it, fresh] = m_clients.try_emplace(f[0]);
        Client &c = it->second;
        if (fresh || c.gone) {
            // (new, or forgotten earlier in this round: from nothing)
            c = Client{};
            c.id = f[0];
        }
        c.lastHeard = loop().now();
        const std::string &body = f[1];
        const auto id = static_cast<std::uint8_t>(body[2]);
        const std::string command(commandName(id));
        if (f.size() > 2)
            log(command + " from " + who(c) + " came with " + std::to_string(f.size() - 2) + " extra frame(s): ignored", LogLevel::Warning);
        FieldReader in(body, m_long);
        in.skipHeader();
        if (id == Ohai) {
            std::string protocol;
            std::uint16_t version = 0;
            if (!in.string(protocol) || !in.r.u16(version))
                return rtfm(c, "malformed OHAI");
            if (protocol != "FILEMQ")
                return rtfm(c, "protocol " + printableBytes(protocol) + " is not FILEMQ");
            if (version != kVersion)
                return rtfm(c, "unsupported version " + std::to_string(version));
            const bool again = c.ready;
            const std::string keep = c.id;
            c = Client{};
            c.id = keep;
            c.ready = true;
            c.lastHeard = loop().now();
            log("OHAI from " + who(c) + (again ? " (again: it starts over)" : "") + ": OHAI-OK");
            send(c, Writer(OhaiOk).take());
            return;
        }
        if (!c.ready)
            return rtfm(c, command + " before OHAI");
        switch (id) {
        case Icanhaz: {
            std::string path;
            std::vector<std::pair<std::string, std::string>> options, cache;
            if (!in.path(path) || !in.hash(options) || !in.hash(cache))
                return rtfm(c, "malformed ICANHAZ" + encodingHint(body, 3, m_long));
            icanhaz(c, path, options, cache);
            return;
        }
        case Nom: {
            std::uint64_t credit = 0, sequence = 0;
            if (!in.r.u64(credit) || !in.r.u64(sequence))
                return rtfm(c, "malformed NOM");
            c.credit = credit > UINT64_MAX - c.credit ? UINT64_MAX : c.credit + credit;
            if (!c.nomSeen)
                log("NOM from " + who(c) + ": " + std::to_string(credit) + " octets of credit");
            c.nomSeen = true;
            pump(c);
            return;
        }
        case Hugz: send(c, Writer(HugzOk).take()); return;
        case HugzOk: return;
        case Kthxbai:
            log("KTHXBAI from " + who(c) + ": forgotten");
            c.gone = true;
            return;
        case OhaiOk:
        case IcanhazOk:
        case Cheezburger:
        case Srsly:
        case Rtfm: return rtfm(c, command + " is not a client command");
        default: return rtfm(c, "unknown command id " + std::to_string(id));
        }
    }

    void icanhaz(Client &c, const std::string &path, const std::vector<std::pair<std::string, std::string>> &options,
                 const std::vector<std::pair<std::string, std::string>> &cache)
    {
        if (!path.starts_with("/"))
            return rtfm(c, "ICANHAZ path " + printableBytes(path) + " does not start with /");
        const bool resync = std::any_of(options.begin(), options.end(), [](const auto &o) { return o.first == "RESYNC" && o.second == "1"; });
        if (!send(c, Writer(IcanhazOk).take()))
            return;
        if (std::find(c.subscriptions.begin(), c.subscriptions.end(), path) == c.subscriptions.end())
            c.subscriptions.push_back(path);
        if (!resync) {
            log("ICANHAZ " + printableBytes(path) + " from " + who(c) + ": ICANHAZ-OK (no RESYNC: changes from now on)");
            return;
        }
        // cache: name -> SHA-1; a name starting with / is a virtual path (and
        // must lie under `path`, else it is ignored), any other is relative to it
        std::map<std::string, std::string> have;
        const std::string base = path.ends_with("/") ? path : path + "/";
        for (const auto &[name, digest] : cache) {
            if (name.starts_with("/")) {
                if (name.starts_with(path))
                    have[name] = lower(digest);
            } else {
                have[base + name] = lower(digest);
            }
        }
        std::size_t queued = 0, cached = 0;
        for (const auto &[rel, stamp] : m_files) {
            const std::string v = vpath(rel);
            if (!v.starts_with(path))
                continue;
            if (const auto h = have.find(v); h != have.end() && sha1(rel) == h->second) {
                ++cached;
                continue;
            }
            if (!c.sending || c.sending->vpath != v) {
                enqueue(c, {Create, v, rel});
                ++queued;
            }
        }
        log("ICANHAZ " + printableBytes(path) + " from " + who(c) + " with RESYNC: ICANHAZ-OK, " + std::to_string(queued) + " file(s) to send"
            + (cache.empty() ? std::string() : ", " + std::to_string(cached) + " of its " + std::to_string(cache.size()) + " cached skipped"));
        pump(c);
    }

    // --- sending files ------------------------------------------------------------

    bool cheezburger(Client &c, Operation operation, const std::string &path, std::uint64_t offset, bool eof, std::string_view chunk)
    {
        Writer w(Cheezburger, m_long);
        w.u64(c.sequence);
        w.u8(operation);
        w.path(path);
        w.u64(offset);
        w.u8(eof ? 1 : 0);
        w.hash({});
        w.longstr(chunk);
        if (!send(c, w.take()))
            return false;
        ++c.sequence;
        return true;
    }

    // What the client's credit allows, a few chunks at a time.
    void pump(Client &c)
    {
        int budget = kChunksPerRound;
        const std::uint64_t chunkSize = std::uint64_t(m_options.integer("chunk-size"));
        while (c.ready && !c.gone && budget > 0) {
            if (!c.sending) {
                if (c.queue.empty())
                    return;
                const Item &item = c.queue.front();
                if (item.operation == Delete) {
                    if (!cheezburger(c, Delete, item.vpath, 0, false, {}))
                        return morePumpLater(c);
                    logLazily([&] { return "delete " + item.vpath + " sent to " + who(c); });
                    c.queue.pop_front();
                    --budget;
                    continue;
                }
                Sending s;
                s.vpath = item.vpath;
                s.file = std::make_unique<ReadFile>(m_root / item.rel);
                std::error_code ec;
                s.size = fs::file_size(m_root / item.rel, ec);
                const std::string rel = item.rel;
                c.queue.pop_front();
                if (!*s.file || ec) {
                    log("cannot read " + rel + ": not sent to " + who(c), LogLevel::Warning);
                    continue;
                }
                c.sending = std::move(s);
            }
            Sending &s = *c.sending;
            if (s.offset < s.size) {
                const std::uint64_t n = std::min({chunkSize, s.size - s.offset, c.credit});
                if (n == 0)
                    return;   // (until the next NOM)
                const std::string data = s.file->read(s.offset, std::size_t(n));
                if (!data.empty()) {
                    if (!cheezburger(c, Create, s.vpath, s.offset, false, data))
                        return morePumpLater(c);
                    c.credit -= data.size();
                    s.offset += data.size();
                    --budget;
                    continue;
                }
                log(s.vpath + " ended after " + std::to_string(s.offset) + " of " + std::to_string(s.size) + " octets while it was sent",
                    LogLevel::Warning);
                s.size = s.offset;
            }
            // the end: an empty chunk with eof 1 at offset = size (no credit needed)
            if (!cheezburger(c, Create, s.vpath, s.offset, true, {}))
                return morePumpLater(c);
            logLazily([&] { return "sent " + s.vpath + " (" + std::to_string(s.size) + " octets) to " + who(c); });
            c.sending.reset();
            --budget;
        }
        if (budget == 0)
            morePumpLater(c);
    }

    // (a full send queue or a spent budget: every client is pumped again shortly)
    void morePumpLater(const Client &c)
    {
        if (c.gone || m_pumpTimer)
            return;
        m_pumpTimer = after(1, [this] {
            m_pumpTimer = 0;
            for (auto &[id, client] : m_clients)
                pump(client);
            reap();
        });
    }

    void heartbeat()
    {
        after(m_options.integer("heartbeat-ms"), [this] { heartbeat(); });
        const auto now = loop().now();
        const auto every = std::chrono::milliseconds(m_options.integer("heartbeat-ms"));
        const auto expiry = std::chrono::milliseconds(m_options.integer("expiry-ms"));
        for (auto &[id, c] : m_clients) {
            if (now - c.lastHeard >= expiry) {
                log(who(c) + " has been silent for " + m_options.text("expiry-ms") + " ms: forgotten", LogLevel::Warning);
                c.gone = true;
            } else if (c.ready && now - c.lastHeard >= every && now - c.lastSent >= every) {
                send(c, Writer(Hugz).take());
            }
        }
        reap();
    }

    ZSocket *m_socket = nullptr;
    fs::path m_root;
    std::string m_mount;   // "/" or "/path/"
    bool m_long = true;
    std::map<std::string, Stamp> m_files;   // relative path -> size and time, as last scanned
    std::map<std::string, std::pair<Stamp, std::string>> m_sha1;
    std::map<std::string, Client> m_clients;   // by routing id
    PeerLoop::TimerId m_pumpTimer = 0;
};

// --- Client ------------------------------------------------------------------

enum class ClientState : std::uint32_t { Connecting, Subscribing, Receiving, Done, GaveUp };
constexpr std::string_view kClientStates[] = {"Connecting", "Subscribing", "Receiving", "Done", "GaveUp"};
constexpr OptionSpec kClientOptions[] = {
    {"connect", OptionKind::Connect, "", "the server", {}, 0, 0, false, true},
    {"path", OptionKind::Text, "/", "a path to subscribe to, starting with / (/ is everything)", {}, 0, 0, true},
    {"into", OptionKind::Text, "", "the folder files are written into (made if need be): /a/b.txt lands in INTO/a/b.txt", {}, 0, 0, false, true},
    {"credit", OptionKind::Integer, "5000000", "octets of file content the server may send ahead; granted again as chunks arrive (fmq_client.c: 5000000)", {}, 1, INT64_C(1) << 40},
    {"strings", OptionKind::Choice, "long", "how paths are encoded: long (4-octet lengths, as zeromq/filemq) or rfc (1-octet, as RFC 35 is written); the server must use the same", kStrings},
    {"expect-files", OptionKind::Integer, "0", "say KTHXBAI and finish once this many files are complete (0: run until stopped)", {}, 0, INT32_MAX},
    {"heartbeat-ms", OptionKind::Integer, "1000", "HUGZ the server when it has been silent this long", {}, 10, 3600000},
    {"liveness", OptionKind::Integer, "3", "HUGZ the server may leave unanswered; at one more the client gives up (fmq_client.c: 3)", {}, 1, 1000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class FilemqClient final : public Peer {
public:
    using Peer::Peer;

private:
    struct Partial {
        fs::path local;
        std::ofstream out;
        std::uint64_t have = 0;
        crypto_hash_sha256_state sha{};
    };

    bool open(std::string *error) override
    {
        resetRun();
        if (sodium_init() < 0) {
            *error = "libsodium cannot start";
            return false;
        }
        m_long = m_options.text("strings") == "long";
        m_credit = std::uint64_t(m_options.integer("credit"));
        m_paths = m_options.list("path");
        for (const std::string &p : m_paths)
            if (!p.starts_with("/") || (!m_long && p.size() > kMaxString)) {
                *error = "--path " + p + ": starts with /" + (m_long ? "" : " and is at most 255 octets (--strings rfc)");
                return false;
            }
        m_into = m_options.text("into");
        std::error_code ec;
        fs::create_directories(m_into, ec);
        if (!fs::is_directory(m_into, ec)) {
            *error = "--into " + m_into.string() + ": cannot make that folder";
            return false;
        }
        m_socket = openSocket(ZMQ_DEALER, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        // (the server never sends more content than the credit: a bigger message is not FILEMQ)
        const std::int64_t max = std::int64_t(m_credit) + (1 << 20);
        if (zmq_setsockopt(m_socket->handle(), ZMQ_MAXMSGSIZE, &max, sizeof max) != 0) {
            *error = "cannot set up the DEALER: " + zmqError();
            return false;
        }
        if (!connectSocket(*m_socket, m_options.text("connect"), error))
            return false;
        watch(*m_socket, [this] { readable(); });
        Writer w(Ohai);
        w.string("FILEMQ");
        w.u16(kVersion);
        send(w.take());
        setState(ClientState::Connecting);
        log("OHAI to " + m_options.text("connect") + "; files go into " + m_into.string());
        m_lastHeard = loop().now();
        m_heartbeat = after(m_options.integer("heartbeat-ms"), [this] { heartbeat(); });
        return true;
    }

    // (stop() calls this first, then frees the socket.) A client stopped
    // while it receives says KTHXBAI, as fmq_client.c's destructor does; a
    // moment of linger lets it out.
    void close() override
    {
        const auto state = ClientState(stateValue());
        if (m_socket && (state == ClientState::Subscribing || state == ClientState::Receiving)) {
            send(Writer(Kthxbai).take());
            m_socket->setInt(ZMQ_LINGER, 100);
            log("stopped: KTHXBAI");
        }
        resetRun();
    }

    void resetRun()
    {
        m_socket = nullptr;
        m_partial.clear();
        m_refused.clear();
        m_pathIndex = 0;
        m_outstanding = 0;
        m_nextSequence = 0;
        m_lastSequence = 0;
        m_files = 0;
        m_missed = 0;
        m_heartbeat = 0;
    }

    void send(std::string body)
    {
        if (m_socket && m_socket->send({std::move(body)}))
            countSent();
    }

    void icanhaz()
    {
        Writer w(Icanhaz, m_long);
        w.path(m_paths[m_pathIndex]);
        w.hash({{"RESYNC", "1"}});
        w.hash({});
        send(w.take());
        log("ICANHAZ " + printableBytes(m_paths[m_pathIndex]) + " (RESYNC=1)");
        setState(ClientState::Subscribing);
    }

    void nom(std::uint64_t credit)
    {
        Writer w(Nom);
        w.u64(credit);
        w.u64(m_lastSequence);
        send(w.take());
        m_outstanding += credit;
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            m_lastHeard = loop().now();
            m_missed = 0;
            onMessage(f);
            if (finished())
                return;
        }
    }

    void onMessage(const Frames &f)
    {
        const std::string &body = f[0];
        if (body.size() < 3 || static_cast<unsigned char>(body[0]) != 0xAA || static_cast<unsigned char>(body[1]) != 0xA3) {
            log("dropped a message without the AA A3 signature: " + framesText(f), LogLevel::Warning);
            return;
        }
        if (f.size() > 1)
            log("a message of " + std::to_string(f.size()) + " frames (FILEMQ v2 uses one): the rest ignored", LogLevel::Warning);
        const auto id = static_cast<std::uint8_t>(body[2]);
        const auto state = ClientState(stateValue());
        FieldReader in(body, m_long);
        in.skipHeader();
        switch (id) {
        case OhaiOk:
            if (state != ClientState::Connecting)
                break;
            log("OHAI-OK");
            icanhaz();
            return;
        case IcanhazOk:
            if (state != ClientState::Subscribing)
                break;
            log("ICANHAZ-OK for " + printableBytes(m_paths[m_pathIndex]));
            if (++m_pathIndex < m_paths.size()) {
                icanhaz();
                return;
            }
            setState(ClientState::Receiving);
            nom(m_credit);
            log("NOM: " + std::to_string(m_credit) + " octets of credit");
            return;
        case Cheezburger:
            if (state != ClientState::Receiving)
                break;
            cheezburger(in);
            return;
        case Hugz: send(Writer(HugzOk).take()); return;
        case HugzOk: return;
        case Kthxbai: {
            const std::int64_t expect = m_options.integer("expect-files");
            log("KTHXBAI from the server after " + std::to_string(m_files) + " file(s)", expect > 0 && m_files < expect ? LogLevel::Warning : LogLevel::Info);
            end(expect > 0 && m_files < expect ? ClientState::GaveUp : ClientState::Done, expect > 0 && m_files < expect ? 2 : 0);
            return;
        }
        case Srsly:
        case Rtfm: {
            std::string reason;
            in.string(reason);
            fail(std::string(commandName(id)) + " from the server: " + printableBytes(reason));
            end(ClientState::GaveUp, id == Srsly ? 2 : 1);
            return;
        }
        default: break;
        }
        log("unexpected " + std::string(commandName(id)) + " (" + std::to_string(id) + ") while " + std::string(kClientStates[std::size_t(state)])
                + ": dropped",
            LogLevel::Warning);
    }

    // INTO/a/b for /a/b; nullopt (and why) for a name that could reach
    // outside INTO or is not a file's.
    std::optional<fs::path> localPath(const std::string &vpath, std::string *why) const
    {
        if (!vpath.starts_with("/") || vpath.ends_with("/")) {
            *why = "does not start with / or ends with /";
            return std::nullopt;
        }
        fs::path out = m_into;
        std::size_t start = 1;
        while (start <= vpath.size()) {
            const std::size_t slash = std::min(vpath.find('/', start), vpath.size());
            const std::string part = vpath.substr(start, slash - start);
            if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string::npos) {
                *why = part == ".." ? "has a .. part" : part.empty() ? "has an empty part" : "has a . or NUL part";
                return std::nullopt;
            }
            out /= part;
            start = slash + 1;
        }
        return out;
    }

    void cheezburger(FieldReader &in)
    {
        std::uint64_t sequence = 0, offset = 0;
        std::uint8_t operation = 0, eof = 0;
        std::string path;
        std::vector<std::pair<std::string, std::string>> headers;
        codec::Bytes chunk;
        if (!in.r.u64(sequence) || !in.r.u8(operation) || !in.path(path) || !in.r.u64(offset) || !in.r.u8(eof) || !in.hash(headers)
            || !in.r.chunk(chunk)) {
            log("dropped a malformed CHEEZBURGER: a field runs past the end" + encodingHint(in.body, 12, m_long), LogLevel::Warning);
            return;
        }
        if (sequence != m_nextSequence)
            log("CHEEZBURGER sequence " + std::to_string(sequence) + ", expected " + std::to_string(m_nextSequence), LogLevel::Warning);
        m_nextSequence = sequence + 1;
        m_lastSequence = sequence;
        if (chunk.size() > m_outstanding)
            log("the server sent " + std::to_string(chunk.size()) + " octets with " + std::to_string(m_outstanding) + " of credit left",
                LogLevel::Warning);
        m_outstanding -= std::min<std::uint64_t>(chunk.size(), m_outstanding);
        refill();
        std::string why;
        const auto local = localPath(path, &why);
        if (!local) {
            if (m_refused.size() < kMaxRefusedNames && m_refused.insert(path).second)
                log("dropped the chunks of " + printableBytes(path) + ": the name " + why + " (nothing is written outside --into)",
                    LogLevel::Warning);
            return;
        }
        if (operation == Delete) {
            m_partial.erase(path);
            std::error_code ec;
            const bool removed = fs::remove(*local, ec);
            log("delete " + printableBytes(path) + (removed ? "" : " (not here)"));
            return;
        }
        if (operation != Create) {
            log("dropped a CHEEZBURGER with operation " + std::to_string(operation) + " (1 create, 2 delete)", LogLevel::Warning);
            return;
        }
        if (eof > 1)
            log("CHEEZBURGER eof " + std::to_string(eof) + " is not 0 or 1: taken as the end", LogLevel::Warning);
        auto it = m_partial.find(path);
        if (offset == 0) {
            if (it != m_partial.end() && it->second.have > 0)
                log("restart " + printableBytes(path) + ": it starts again after " + std::to_string(it->second.have) + " octets");
            std::error_code ec;
            fs::create_directories(local->parent_path(), ec);
            Partial p;
            p.local = *local;
            p.out.open(*local, std::ios::binary | std::ios::trunc);
            if (!p.out) {
                fail("cannot write " + local->string() + (ec ? ": " + ec.message() : std::string()));
                m_partial.erase(path);
                return;
            }
            crypto_hash_sha256_init(&p.sha);
            it = m_partial.insert_or_assign(path, std::move(p)).first;
        } else if (it == m_partial.end()) {
            log("dropped a chunk of " + printableBytes(path) + " at offset " + std::to_string(offset) + ": its start never came", LogLevel::Warning);
            return;
        } else if (offset != it->second.have) {
            log("dropped a chunk of " + printableBytes(path) + " at offset " + std::to_string(offset) + ": " + std::to_string(it->second.have)
                    + " octets came so far",
                LogLevel::Warning);
            return;
        }
        Partial &p = it->second;
        if (!chunk.empty()) {
            p.out.write(reinterpret_cast<const char *>(chunk.data()), std::streamsize(chunk.size()));
            if (!p.out) {
                fail("cannot write " + p.local.string());
                m_partial.erase(it);
                return;
            }
            crypto_hash_sha256_update(&p.sha, chunk.data(), chunk.size());
            p.have += chunk.size();
        }
        if (eof)
            complete(it);
    }

    void complete(std::map<std::string, Partial>::iterator it)
    {
        Partial &p = it->second;
        p.out.close();
        if (!p.out) {
            fail("cannot write " + p.local.string());
            m_partial.erase(it);
            return;
        }
        std::uint8_t digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&p.sha, digest);
        logLazily([&] { return "file " + printableBytes(it->first) + " " + std::to_string(p.have) + " " + hex(digest, sizeof digest); });
        m_partial.erase(it);
        ++m_files;
        const std::int64_t expect = m_options.integer("expect-files");
        if (expect > 0 && m_files >= expect) {
            send(Writer(Kthxbai).take());
            log("done: " + std::to_string(m_files) + " file(s); KTHXBAI");
            end(ClientState::Done, 0);
        }
    }

    // Credit back once a fifth of it is used (fmq_client.c: 1 000 000 of 5 000 000).
    void refill()
    {
        const std::uint64_t used = m_credit - std::min(m_outstanding, m_credit);
        if (used > 0 && used >= std::max<std::uint64_t>(1, m_credit / 5))
            nom(used);
    }

    void heartbeat()
    {
        m_heartbeat = after(m_options.integer("heartbeat-ms"), [this] { heartbeat(); });
        if (loop().now() - m_lastHeard < std::chrono::milliseconds(m_options.integer("heartbeat-ms")))
            return;
        if (++m_missed > m_options.integer("liveness")) {
            fail("the server has been silent for " + std::to_string(m_missed) + " heartbeats of " + m_options.text("heartbeat-ms")
                 + " ms: gave up");
            end(ClientState::GaveUp, 2);
            return;
        }
        // (before OHAI-OK a HUGZ would be out of order: the silence is only counted)
        if (ClientState(stateValue()) != ClientState::Connecting)
            send(Writer(Hugz).take());
    }

    void end(ClientState state, int code)
    {
        cancel(m_heartbeat);
        setState(state);
        finish(code);
    }

    ZSocket *m_socket = nullptr;
    bool m_long = true;
    std::uint64_t m_credit = 5000000;
    std::vector<std::string> m_paths;
    std::size_t m_pathIndex = 0;   // the ICANHAZ waiting for its ICANHAZ-OK
    fs::path m_into;
    std::map<std::string, Partial> m_partial;   // files under way, by virtual path
    std::set<std::string> m_refused;            // names refused (each said once)
    std::uint64_t m_outstanding = 0;            // credit granted and not used yet
    std::uint64_t m_nextSequence = 0, m_lastSequence = 0;
    std::int64_t m_files = 0;
    std::int64_t m_missed = 0;   // heartbeats without a word from the server
    Clock::time_point m_lastHeard{};
    PeerLoop::TimerId m_heartbeat = 0;
};

}   // namespace

const RoleInfo kFilemqServerRole{"filemq-server", "FILEMQ", "FILEMQ server",
                                 "A FILEMQ server: publishes a folder; sends each subscriber the files under its paths "
                                 "in chunks as its credit allows, and what changes later.",
                                 "35/FILEMQ", kServerOptions, kServerStates, makePeer<FilemqServer>};
const RoleInfo kFilemqClientRole{"filemq-client", "FILEMQ", "FILEMQ client",
                                 "A FILEMQ client: subscribes to paths with RESYNC, grants credit, writes the files it "
                                 "receives into a folder and logs each one's SHA-256.",
                                 "35/FILEMQ", kClientOptions, kClientStates, makePeer<FilemqClient>, true};

}   // namespace zmqscope::peers
