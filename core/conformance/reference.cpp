#include "reference.h"

#include "codec/encoder.h"
#include "codec/session.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>

namespace zmqscope::conformance {

namespace {

using Buffer = std::vector<std::uint8_t>;
constexpr std::uint64_t kMaxFrame = std::uint64_t(64) << 20;   // larger: the connection is closed

// Properties of a READY or INITIATE body after the name; false when malformed
// (a name of 0 bytes or other than ALPHA DIGIT - _ . +, a length past the
// end, a value length of 2^31 or more).
bool parseMetadata(const std::uint8_t *p, std::size_t n, std::vector<std::pair<std::string, std::string>> *out)
{
    std::size_t at = 0;
    while (at < n) {
        const std::size_t nameLength = p[at++];
        if (nameLength == 0 || at + nameLength + 4 > n)
            return false;
        std::string name(reinterpret_cast<const char *>(p + at), nameLength);
        for (char c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != '+')
                return false;
        at += nameLength;
        const std::uint64_t length = std::uint64_t(p[at]) << 24 | std::uint64_t(p[at + 1]) << 16 | std::uint64_t(p[at + 2]) << 8 | p[at + 3];
        at += 4;
        if (length >= (std::uint64_t(1) << 31) || at + length > n)
            return false;
        out->emplace_back(std::move(name), std::string(reinterpret_cast<const char *>(p + at), length));
        at += length;
    }
    return true;
}

bool sameName(const std::string &a, std::string_view b, bool caseSensitive)
{
    if (caseSensitive)
        return a == b;
    return a.size() == b.size()
           && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

struct Frame {
    std::uint8_t flags = 0;
    std::size_t header = 0;
    Buffer body;
    bool command() const { return flags & codec::flags::Command; }
    std::string name() const
    {
        return body.empty() || 1 + std::size_t(body[0]) > body.size() ? std::string()
                                                                       : std::string(body.begin() + 1, body.begin() + 1 + body[0]);
    }
};

Buffer frameBytes(const Frame &f)
{
    Buffer out;
    codec::encode::FrameOptions o;
    o.command = f.command();
    o.more = f.flags & codec::flags::More;
    o.forceLong = f.flags & codec::flags::Long;
    codec::encode::frame(out, f.body, o);
    return out;
}

}   // namespace

struct ReferenceTarget::Impl {
    struct Conn {
        int fd = -1;
        Buffer in;
        Buffer out;
        std::uint64_t written = 0;      // of our stream, greeting included
        bool greetingDone = false;
        bool frozen = false;            // a flaw keeps it open and deaf
        bool closeAfterWrite = false;
        std::unique_ptr<codec::Session> session;
        std::size_t delivered = 0;      // session messages handled
        int stage = 0;                  // handshake commands received
        std::uint8_t peerMinor = 1;
        std::map<std::string, int> subscriptions;
        bool subscribed = false;        // SUB: our subscription sent
        bool v2 = false;                // downgraded: the peer speaks ZMTP 2.0
        bool v2Identity = false;        // its identity frame read
        std::vector<std::string> v2Message;
    };

    ReferenceTarget &owner;
    const ReferenceConfig &config;
    std::deque<Conn> conns;
    Buffer stale;                       // what libzmq-like flaws echo from
    std::uint64_t published = 0;
    std::chrono::steady_clock::time_point nextPublish = std::chrono::steady_clock::now();

    Impl(ReferenceTarget &o) : owner(o), config(o.m_config) {}

    bool flaw(std::string_view f) const { return config.flaws.count(std::string(f)) != 0; }
    // The mechanism failures a broken server ignores: it keeps the
    // connection open instead of closing it (one behaviour, many names).
    bool keepsOpenOnFailure() const
    {
        for (std::string_view f : {"keeps-open", "accepts-bad-hello", "accepts-bad-cookie", "accepts-bad-initiate",
                                   "accepts-bad-message", "accepts-replay", "accepts-cleartext", "lax-curve-sizes",
                                   "lax-hello-version", "lax-hello-padding", "lax-hello-signature", "accepts-bad-vouch"})
            if (flaw(f))
                return true;
        return false;
    }
    codec::Mechanism mechanism() const { return codec::mechanismFromName(config.mechanism); }
    codec::SocketType ownType() const
    {
        return codec::socketTypeFromName(config.socketType).value_or(codec::SocketType::Dealer);
    }

    // One pending connection; false when there was none.
    bool accept()
    {
        const int fd = ::accept4(owner.m_listen, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return false;
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Conn c;
        c.fd = fd;
        codec::SessionConfig sc;
        sc.mechanism = mechanism();
        sc.server = true;
        sc.socketType = ownType();
        sc.curveKeys = config.curveKeys;
        sc.announceSocketType = !flaw("no-socket-type");
        if (sc.mechanism != codec::Mechanism::Null) {
            const bool refuseAll = flaw("refuses-everyone"), acceptAll = flaw("accepts-everyone");
            const bool longOk = flaw("short-credentials");
            const bool plain = sc.mechanism == codec::Mechanism::Plain;
            const std::string user = config.username, pass = config.password;
            sc.authenticate = [=](const codec::AuthRequest &r) {
                codec::AuthResult a;
                const bool good = !plain || (r.username == user && r.password == pass) || acceptAll
                                  || (longOk && r.username.size() >= 128);
                if (!good || refuseAll) {
                    a.statusCode = "400";
                    a.statusText = "refused";
                }
                return a;
            };
        }
        c.session = std::make_unique<codec::Session>(std::move(sc));
        conns.push_back(std::move(c));
        pull(conns.back());
        return true;
    }

    // The session's output, through the output flaws, into the connection's queue.
    void pull(Conn &c)
    {
        const codec::Bytes out = c.session->output();
        if (out.empty())
            return;
        Buffer bytes(out.begin(), out.end());
        c.session->consume(out.size());
        std::size_t at = c.written + c.out.size() < 64 ? std::size_t(64 - (c.written + c.out.size())) : 0;
        at = std::min(at, bytes.size());
        Buffer kept(bytes.begin(), bytes.begin() + std::ptrdiff_t(at));
        while (at + 2 <= bytes.size()) {
            Frame f;
            f.flags = bytes[at];
            f.header = (f.flags & codec::flags::Long) ? 9 : 2;
            std::uint64_t size = 0;
            if (f.header == 9)
                for (int i = 0; i < 8; ++i)
                    size = size << 8 | bytes[at + 1 + std::size_t(i)];
            else
                size = bytes[at + 1];
            f.body.assign(bytes.begin() + std::ptrdiff_t(at + f.header), bytes.begin() + std::ptrdiff_t(at + f.header + size));
            at += f.header + size;
            const std::string name = f.command() ? f.name() : std::string();
            if (name == "READY" && mechanism() == codec::Mechanism::Null && flaw("no-ready"))
                continue;
            if (name == "READY" && mechanism() == codec::Mechanism::Null && flaw("no-socket-type"))
                f.body.resize(6);
            if (name == "WELCOME" && flaw("welcome-with-data"))
                f.body.insert(f.body.end(), {'x', 'y', 'z'});
            if (name == "ERROR" && flaw("silent-refusal"))
                continue;
            const Buffer b = frameBytes(f);
            kept.insert(kept.end(), b.begin(), b.end());
        }
        c.out.insert(c.out.end(), kept.begin(), kept.end());
    }

    void close(Conn &c)
    {
        if (c.fd >= 0)
            ::close(c.fd);
        c.fd = -1;
    }

    void stopServing()
    {
        if (owner.m_listen >= 0)
            ::close(owner.m_listen);
        owner.m_listen = -1;
    }

    void sendError(Conn &c, std::string_view reason)
    {
        codec::encode::error(c.out, reason);
        c.closeAfterWrite = true;
    }

    void readable(Conn &c)
    {
        std::uint8_t buf[65536];
        for (;;) {
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                if (c.frozen)
                    continue;
                if (c.greetingDone && n == 1 && flaw("needs-whole-frames")) {
                    close(c);
                    return;
                }
                if (!c.greetingDone && n < 11 && c.in.empty() && flaw("needs-whole-greeting-read")) {
                    close(c);
                    return;
                }
                c.in.insert(c.in.end(), buf, buf + n);
                stale.assign(buf, buf + n);
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                if (!c.greetingDone && flaw("dies-on-reset"))
                    stopServing();   // (the flaw: a connection gone before its greeting takes the server down)
                close(c);
                return;
            }
            break;
        }
        process(c);
    }

    void process(Conn &c)
    {
        if (c.fd < 0 || c.frozen)
            return;
        if (!c.greetingDone && !greeting(c))
            return;
        if (c.v2) {
            processV2(c);
            return;
        }
        while (c.fd >= 0 && !c.frozen && !c.closeAfterWrite && c.in.size() >= 2) {
            Frame f;
            f.flags = c.in[0];
            f.header = (f.flags & codec::flags::Long) ? 9 : 2;
            if (c.in.size() < f.header)
                break;
            std::uint64_t size = 0;
            if (f.header == 9)
                for (int i = 0; i < 8; ++i)
                    size = size << 8 | c.in[1 + std::size_t(i)];
            else
                size = c.in[1];
            if (size >= (std::uint64_t(1) << 63)) {
                if (flaw("huge-sizes"))
                    c.frozen = true;
                else
                    close(c);
                return;
            }
            if (size > kMaxFrame) {
                if (flaw("dies-on-oversized"))
                    stopServing();
                close(c);
                return;
            }
            if ((f.header == 9 && size < 256 && flaw("short-only")) || (size > 65536 && flaw("small-frames"))
                || (f.command() && size > 255 && flaw("small-commands"))) {
                close(c);
                return;
            }
            if (c.in.size() < f.header + size)
                break;
            f.body.assign(c.in.begin() + std::ptrdiff_t(f.header), c.in.begin() + std::ptrdiff_t(f.header + size));
            c.in.erase(c.in.begin(), c.in.begin() + std::ptrdiff_t(f.header + size));
            frame(c, f);
        }
        if (c.fd < 0)
            return;
        if (c.session->state() == codec::SessionState::Failed) {
            pull(c);   // (an ERROR it wrote goes out)
            if (keepsOpenOnFailure())
                c.frozen = true;
            else
                c.closeAfterWrite = true;
            return;
        }
        pull(c);
        deliver(c);
    }

    // A downgraded connection: the peer's 12-byte greeting and identity
    // frame, then 2.0 frames (15/ZMTP).
    void processV2(Conn &c)
    {
        if (!c.v2Identity) {
            if (c.in.size() < 14 || c.in.size() < std::size_t(14 + c.in[13]))
                return;
            const auto type = codec::socketTypeFromByte(c.in[11]);
            if (!codec::socketTypesCompatible(ownType(), type) && !flaw("v2-no-socket-type-check")) {
                c.closeAfterWrite = true;   // (our greeting goes out first)
                c.in.clear();
                return;
            }
            c.in.erase(c.in.begin(), c.in.begin() + 14 + c.in[13]);
            c.v2Identity = true;
        }
        while (c.fd >= 0 && c.in.size() >= 2) {
            const std::uint8_t flags = c.in[0];
            const std::size_t header = (flags & codec::flags::Long) ? 9 : 2;
            if (c.in.size() < header)
                return;
            std::uint64_t size = 0;
            if (header == 9)
                for (int i = 0; i < 8; ++i)
                    size = size << 8 | c.in[1 + std::size_t(i)];
            else
                size = c.in[1];
            if (size > kMaxFrame || (header == 9 && flaw("v2-short-only"))) {
                close(c);
                return;
            }
            if (c.in.size() < header + size)
                return;
            c.v2Message.emplace_back(c.in.begin() + std::ptrdiff_t(header), c.in.begin() + std::ptrdiff_t(header + size));
            c.in.erase(c.in.begin(), c.in.begin() + std::ptrdiff_t(header + size));
            if (flags & codec::flags::More)
                continue;
            std::vector<std::string> m = std::move(c.v2Message);
            c.v2Message.clear();
            if (ownType() == codec::SocketType::Rep && std::find(m.begin(), m.end(), std::string()) == m.end())
                continue;
            if (ownType() != codec::SocketType::Rep && ownType() != codec::SocketType::Router)
                continue;
            if (flaw("v2-breaks-multipart") && m.size() > 1)
                m.erase(m.begin(), m.end() - 1);
            for (std::size_t i = 0; i < m.size(); ++i) {
                codec::encode::FrameOptions o;
                o.more = i + 1 < m.size();
                codec::encode::frame(c.out, codec::encode::bytes(m[i]), o);
            }
        }
    }

    bool greeting(Conn &c)
    {
        const Buffer &in = c.in;
        const bool v1 = (!in.empty() && in[0] != 0xFF) || (in.size() >= 10 && !(in[9] & 0x01));
        const bool v2 = !v1 && in.size() >= 11 && in[10] < 3;
        if (v1 && in.size() >= 10 && in[0] == 0xFF && flaw("dies-on-oversized")) {
            std::uint64_t length = 0;
            for (int i = 1; i <= 8; ++i)
                length = length << 8 | in[std::size_t(i)];
            if (length > kMaxFrame) {
                stopServing();   // (the flaw: a 1.0 length it tried to hold)
                close(c);
                return false;
            }
        }
        if (v2 && mechanism() == codec::Mechanism::Null && flaw("no-downgrade"))
            return false;   // (the flaw: neither downgrades nor closes; its 3.x greeting waits for 64 bytes)
        if (v2 && mechanism() == codec::Mechanism::Null) {
            // 2.0 as libzmq downgrades: our signature and major (3) are out;
            // the socket type byte and an empty identity frame follow.
            const std::size_t sent = std::size_t(std::min<std::uint64_t>(c.written, 11));
            c.out.resize(11 - sent);
            c.out.push_back(std::uint8_t(ownType()));
            c.out.insert(c.out.end(), {0x00, 0x00});
            c.v2 = true;
            c.greetingDone = true;
            return false;
        }
        if (v1 || v2) {
            if (flaw("downgrades-secure"))
                c.frozen = true;   // (neither downgrades nor closes)
            else
                close(c);
            return false;
        }
        if (in.size() < 64)
            return false;
        const std::uint8_t major = in[10], minor = in[11];
        std::uint64_t padding = 0;
        for (int i = 1; i <= 8; ++i)
            padding = padding << 8 | in[std::size_t(i)];
        const bool filler = std::any_of(in.begin() + 33, in.begin() + 64, [](std::uint8_t b) { return b != 0; });
        if ((flaw("refuses-newer") && (major > 3 || minor > 1)) || (flaw("refuses-3.0") && major == 3 && minor == 0)
            || (flaw("checks-padding") && padding > 1) || (flaw("checks-filler") && filler)) {
            close(c);
            return false;
        }
        Buffer g(in.begin(), in.begin() + 64);
        std::array<std::uint8_t, 20> ours{};
        std::copy(config.mechanism.begin(), config.mechanism.end(), ours.begin());
        if (!std::equal(ours.begin(), ours.end(), g.begin() + 12)) {
            std::string loose;
            for (std::size_t i = 12; i < 32 && g[i] != 0 && g[i] != ' '; ++i)
                loose.push_back(char(std::toupper(g[i])));
            if (flaw("ignores-mechanism") || (flaw("loose-mechanism-match") && loose == config.mechanism)) {
                std::copy(ours.begin(), ours.end(), g.begin() + 12);
            } else {
                close(c);   // 23/ZMTP: a mechanism that does not match exactly: close, no ERROR
                return false;
            }
        }
        c.peerMinor = major > 3 ? 1 : minor;
        c.session->feed(g);
        c.in.erase(c.in.begin(), c.in.begin() + 64);
        c.greetingDone = true;
        return true;
    }

    // Checks READY/INITIATE metadata as a strict peer does. False: closed (or frozen).
    bool metadataAccepted(Conn &c, Frame &f)
    {
        const std::size_t nameEnd = 1 + std::size_t(f.body[0]);
        std::vector<std::pair<std::string, std::string>> props;
        if (!parseMetadata(f.body.data() + nameEnd, f.body.size() - nameEnd, &props)) {
            if (!flaw("lax-metadata")) {
                close(c);
                return false;
            }
            f.body.resize(nameEnd);   // (the flaw: carries on as if it had read nothing)
            props.clear();
        }
        const bool caseSensitive = flaw("case-sensitive-names");
        for (const auto &[name, value] : props) {
            if (sameName(name, "Socket-Type", caseSensitive)) {
                const auto type = codec::socketTypeFromName(value);
                if ((!type || !codec::socketTypesCompatible(ownType(), *type)) && !flaw("no-socket-type-check")) {
                    if (flaw("silent-socket-type-refusal"))
                        close(c);
                    else
                        sendError(c, "invalid socket type");
                    return false;
                }
            } else if (sameName(name, "Identity", caseSensitive)) {
                if ((value.size() > 255 && !flaw("long-identity")) || (value.size() > 200 && flaw("short-identity"))) {
                    close(c);
                    return false;
                }
            } else if (flaw("strict-properties") && !name.starts_with("X-") && !sameName(name, "Resource", false)) {
                close(c);
                return false;
            }
        }
        return true;
    }

    // PLAIN HELLO: both lengths inside, nothing after.
    bool helloAccepted(Conn &c, Frame &f)
    {
        const Buffer &b = f.body;
        bool good = b.size() >= 8;
        if (good) {
            const std::size_t u = b[6];
            good = 7 + u < b.size() && 8 + u + b[7 + u] == b.size();
        }
        if (good)
            return true;
        if (flaw("lax-hello")) {
            // (the flaw: reads what it can and lets the user in)
            f.body = {5, 'H', 'E', 'L', 'L', 'O', std::uint8_t(config.username.size())};
            f.body.insert(f.body.end(), config.username.begin(), config.username.end());
            f.body.push_back(std::uint8_t(config.password.size()));
            f.body.insert(f.body.end(), config.password.begin(), config.password.end());
            return true;
        }
        close(c);
        return false;
    }

    void frame(Conn &c, Frame &f)
    {
        const codec::SessionState state = c.session->state();
        if (f.command()) {
            if (f.body.empty() || f.body[0] == 0 || 1 + std::size_t(f.body[0]) > f.body.size()) {
                if (!flaw("lax-commands"))
                    close(c);
                return;
            }
            const std::string name = f.name();
            if (name == "ERROR") {
                if (!flaw("ignores-error"))
                    close(c);   // fatal, in the handshake and after
                return;
            }
            if (state == codec::SessionState::Handshake) {
                const std::string expected = mechanism() == codec::Mechanism::Null ? "READY"
                                             : c.stage == 0                        ? "HELLO"
                                                                                   : "INITIATE";
                if (name != expected && flaw("lax-handshake"))
                    return;
                if (name == expected && (name == "READY" || (name == "INITIATE" && mechanism() == codec::Mechanism::Plain))
                    && !metadataAccepted(c, f))
                    return;
                if (name == "HELLO" && mechanism() == codec::Mechanism::Plain && !helloAccepted(c, f))
                    return;
                ++c.stage;
                c.session->feed(frameBytes(f));
                return;
            }
            if (state == codec::SessionState::Ready) {
                if (name == "PING" && !c.session->handshake().encrypts()) {
                    pong(c, f);
                    return;
                }
                if (name == "PONG" && flaw("strict-pong")) {
                    close(c);
                    return;
                }
                if (name == "SUBSCRIBE" || name == "CANCEL") {
                    subscription(c, name == "SUBSCRIBE", std::string(f.body.begin() + 1 + f.body[0], f.body.end()));
                    return;
                }
            }
            c.session->feed(frameBytes(f));
            return;
        }
        if (state != codec::SessionState::Ready && flaw("lax-handshake"))
            return;
        if (state == codec::SessionState::Ready && !c.session->handshake().encrypts() && ownType() == codec::SocketType::Pub
            && !(f.flags & codec::flags::More) && !f.body.empty() && f.body[0] <= 1) {
            subscription(c, f.body[0] == 1, std::string(f.body.begin() + 1, f.body.end()));
            return;
        }
        c.session->feed(frameBytes(f));
    }

    void pong(Conn &c, const Frame &f)
    {
        if (flaw("no-pong"))
            return;
        const std::size_t nameEnd = 1 + std::size_t(f.body[0]);
        Buffer context;
        if (f.body.size() >= nameEnd + 2)
            context.assign(f.body.begin() + std::ptrdiff_t(nameEnd + 2), f.body.end());
        if (!flaw("long-pong") && context.size() > codec::kMaxPingContext)
            context.resize(codec::kMaxPingContext);
        if (flaw("pong-garbage"))
            while (context.size() < codec::kMaxPingContext)
                context.push_back(stale.empty() ? 0x55 : stale[context.size() % stale.size()]);
        Buffer body{4, 'P', 'O', 'N', 'G'};
        body.insert(body.end(), context.begin(), context.end());
        codec::encode::FrameOptions o;
        o.command = true;
        codec::encode::frame(c.out, body, o);
    }

    void subscription(Conn &c, bool subscribe, const std::string &topic)
    {
        if (subscribe)
            ++c.subscriptions[topic];
        else if (!flaw("ignores-cancel"))
            c.subscriptions.erase(topic);
    }

    // What the socket type does with messages, once READY.
    void deliver(Conn &c)
    {
        if (c.session->state() != codec::SessionState::Ready)
            return;
        if (ownType() == codec::SocketType::Sub && !c.subscribed) {
            c.subscribed = true;
            const bool command = flaw("old-subscriptions") ? false : flaw("new-subscriptions-to-old") ? true : c.peerMinor >= 1;
            if (command) {
                codec::encode::subscribe(c.out, {}, codec::ZmtpVersion::V3_1);
            } else {
                c.session->send({std::string(1, '\x01')});
                pull(c);
            }
        }
        auto &received = c.session->received();
        while (c.delivered < received.size()) {
            std::vector<std::string> m = received[c.delivered++];
            if (ownType() == codec::SocketType::Rep) {
                const auto delimiter = std::find(m.begin(), m.end(), std::string());
                if (delimiter == m.end() && !flaw("answers-anything"))
                    continue;   // 28/REQREP: no envelope, dropped
                if (flaw("drops-envelope") && delimiter != m.end())
                    m.erase(m.begin(), delimiter);
            } else if (ownType() != codec::SocketType::Router) {
                continue;
            }
            if (flaw("breaks-multipart") && m.size() > 1)
                m.erase(m.begin(), m.end() - 1);
            c.session->send(m);
            pull(c);
        }
    }

    void publish()
    {
        if (ownType() != codec::SocketType::Pub || std::chrono::steady_clock::now() < nextPublish)
            return;
        nextPublish = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
        ++published;
        for (const std::string &topic : {"A-" + std::to_string(published), "B-" + std::to_string(published)})
            for (Conn &c : conns) {
                if (c.fd < 0 || c.frozen || c.session->state() != codec::SessionState::Ready)
                    continue;
                bool match = flaw("ignores-subscriptions");
                for (const auto &[prefix, n] : c.subscriptions)
                    match = match || (n > 0 && topic.starts_with(prefix) && !(prefix.empty() && flaw("empty-topic-ignored")));
                if (match) {
                    c.session->send({topic});
                    pull(c);
                }
            }
    }

    void writable(Conn &c)
    {
        std::size_t limit = c.out.size();
        if (flaw("half-greeting"))
            limit = c.written >= 11 ? 0 : std::min<std::size_t>(limit, std::size_t(11 - c.written));
        if (flaw("waits-for-greeting") && !c.greetingDone)
            limit = 0;
        // The backward-compatible strategy (23/ZMTP): signature and major
        // first; the rest once the peer's first 11 bytes show a 3.x peer.
        if (!c.greetingDone && c.in.size() < 11 && c.written < 11)
            limit = std::min<std::size_t>(limit, std::size_t(11 - c.written));
        else if (!c.greetingDone && c.in.size() < 11)
            limit = 0;
        if (limit > 0) {
            const ssize_t w = ::send(c.fd, c.out.data(), limit, MSG_NOSIGNAL);
            if (w > 0) {
                c.out.erase(c.out.begin(), c.out.begin() + w);
                c.written += std::uint64_t(w);
            } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                close(c);
                return;
            }
        }
        if (c.out.empty() && c.closeAfterWrite)
            close(c);
    }
};

ReferenceTarget::ReferenceTarget(ReferenceConfig config) : m_config(std::move(config))
{
    if (m_config.mechanism == "CURVE" && m_config.curveKeys.publicKey == codec::CurveKey{})
        m_config.curveKeys = codec::CurveKeyPair::generate();
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::bind(m_listen, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    ::listen(m_listen, 64);
    socklen_t len = sizeof sa;
    ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&sa), &len);
    m_port = ntohs(sa.sin_port);
    if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0)
        m_wake[0] = m_wake[1] = -1;
    m_impl = std::make_unique<Impl>(*this);
    m_thread = std::thread([this] { loop(); });
}

ReferenceTarget::~ReferenceTarget()
{
    m_stop = true;
    if (m_wake[1] >= 0)
        (void)!::write(m_wake[1], "x", 1);
    m_thread.join();
    for (auto &c : m_impl->conns)
        m_impl->close(c);
    if (m_listen >= 0)
        ::close(m_listen);
    for (int fd : m_wake)
        if (fd >= 0)
            ::close(fd);
}

std::string ReferenceTarget::endpoint() const
{
    return "tcp://127.0.0.1:" + std::to_string(m_port);
}

const std::vector<std::string_view> &ReferenceTarget::knownFlaws()
{
    static const std::vector<std::string_view> all{
        "half-greeting", "waits-for-greeting", "checks-padding", "checks-filler", "refuses-newer", "refuses-3.0",
        "ignores-mechanism", "loose-mechanism-match", "needs-whole-greeting-read", "serves-one-at-a-time", "dies-on-reset",
        "downgrades-secure", "dies-on-oversized", "no-ready", "no-socket-type", "lax-handshake", "ignores-error",
        "no-socket-type-check", "silent-socket-type-refusal", "case-sensitive-names", "lax-metadata", "strict-properties",
        "small-commands", "short-identity", "long-identity", "short-only", "huge-sizes", "lax-commands", "breaks-multipart",
        "small-frames", "needs-whole-frames", "no-pong", "pong-garbage", "long-pong", "strict-pong", "ignores-subscriptions",
        "ignores-cancel", "old-subscriptions", "new-subscriptions-to-old", "drops-envelope", "answers-anything",
        "refuses-everyone", "accepts-everyone", "silent-refusal", "short-credentials", "lax-hello", "welcome-with-data",
        "empty-topic-ignored", "no-downgrade", "v2-no-socket-type-check", "v2-breaks-multipart", "v2-short-only",
        "keeps-open", "accepts-bad-hello", "accepts-bad-cookie", "accepts-bad-initiate", "accepts-bad-message",
        "accepts-replay", "accepts-cleartext", "lax-curve-sizes", "lax-hello-version", "lax-hello-padding",
        "lax-hello-signature", "accepts-bad-vouch"};
    return all;
}

void ReferenceTarget::loop()
{
    Impl &impl = *m_impl;
    while (!m_stop) {
        std::vector<pollfd> fds;
        fds.push_back({m_wake[0], POLLIN, 0});
        fds.push_back({m_listen, short(m_listen >= 0 ? POLLIN : 0), 0});
        std::vector<Impl::Conn *> order;
        bool oneAtATime = impl.flaw("serves-one-at-a-time");
        for (auto &c : impl.conns) {
            if (c.fd < 0)
                continue;
            fds.push_back({c.fd, short(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0});
            order.push_back(&c);
        }
        ::poll(fds.data(), nfds_t(fds.size()), 20);
        if (fds[0].revents & POLLIN) {
            char b[16];
            while (::read(m_wake[0], b, sizeof b) > 0) {
            }
        }
        const auto greeting = std::count_if(impl.conns.begin(), impl.conns.end(),
                                            [](const Impl::Conn &c) { return c.fd >= 0 && !c.greetingDone; });
        if (m_listen >= 0 && (fds[1].revents & POLLIN))
            for (auto open = greeting; !(oneAtATime && open >= 8) && impl.accept(); ++open) {
                // (the flaw: a pool of 8 handshakes; the others wait)
            }
        for (std::size_t i = 0; i < order.size(); ++i) {
            Impl::Conn &c = *order[i];
            const short ev = fds[i + 2].revents;
            if (ev & (POLLIN | POLLHUP | POLLERR))
                impl.readable(c);
            if (c.fd >= 0)
                impl.process(c);
            if (c.fd >= 0 && !c.out.empty())
                impl.writable(c);
            else if (c.fd >= 0 && c.closeAfterWrite)
                impl.close(c);
        }
        impl.publish();
        for (auto &c : impl.conns)
            if (c.fd >= 0 && !c.out.empty())
                impl.writable(c);
        while (!impl.conns.empty() && impl.conns.front().fd < 0)
            impl.conns.pop_front();
        std::erase_if(impl.conns, [](const Impl::Conn &c) { return c.fd < 0; });
    }
}

ReferenceClient::ReferenceClient(ReferenceClientConfig config) : m_config(std::move(config))
{
    m_thread = std::thread([this] { loop(); });
}

ReferenceClient::~ReferenceClient()
{
    m_stop = true;
    m_thread.join();
}

void ReferenceClient::loop()
{
    while (!m_stop)
        once();
}

// One connection: the handshake, then idle until the suite closes (or 8 s).
void ReferenceClient::once()
{
    const auto flaw = [this](std::string_view f) { return m_config.flaws.count(std::string(f)) != 0; };
    const std::size_t colon = m_config.endpoint.rfind(':');
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(std::uint16_t(std::atoi(m_config.endpoint.c_str() + colon + 1)));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
        if (fd >= 0)
            ::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return;
    }
    codec::SessionConfig c;
    c.mechanism = codec::mechanismFromName(m_config.mechanism);
    c.socketType = codec::socketTypeFromName(m_config.socketType).value_or(codec::SocketType::Req);
    c.username = flaw("wrong-hello") ? "not-" + m_config.username : m_config.username;
    c.password = m_config.password;
    c.curveKeys = codec::CurveKeyPair::generate();
    c.curveServerKey = flaw("wrong-hello") ? codec::CurveKeyPair::generate().publicKey : m_config.serverKey;
    codec::Session session(std::move(c));
    // (the flaws that keep a failed handshake open instead of closing)
    bool keepOpen = false;
    for (std::string_view f : {"ignores-error", "lax-handshake", "lax-welcome", "accepts-bad-welcome", "lax-curve-sizes",
                               "accepts-bad-ready"})
        keepOpen = keepOpen || flaw(f);
    bool early = flaw("lax-handshake");   // a message before the handshake is done
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    std::size_t written = 0;
    auto flush = [&] {
        const codec::Bytes out = session.output();
        if (out.empty())
            return;
        Buffer bytes(out.begin(), out.end());
        session.consume(out.size());
        if (early && written >= 64) {   // (after the greeting, with the first command)
            codec::encode::frame(bytes, codec::encode::bytes("too early"));
            early = false;
        }
        written += bytes.size();
        (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    };
    flush();
    while (!m_stop && std::chrono::steady_clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        std::uint8_t buf[65536];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;   // the suite closed
        session.feed({buf, std::size_t(n)});
        if (session.state() == codec::SessionState::Failed) {
            if (keepOpen)
                continue;   // (the flaw: deaf, but open)
            break;
        }
        flush();
    }
    ::close(fd);
}

}   // namespace zmqscope::conformance
