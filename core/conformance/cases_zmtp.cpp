// ZMTP itself: 23/ZMTP (3.0), 37/ZMTP (3.1), 15/ZMTP (2.0), 13/ZMTP (1.0):
// greeting, version negotiation and downgrade, the NULL handshake, metadata,
// framing, heartbeats, subscriptions and the socket patterns' wire rules.
#include "cases.h"

#include "codec/eventdump.h"

#include <thread>

namespace zmqscope::conformance::cases {

namespace {

using codec::encode::Greeting3;
using namespace std::chrono_literals;

constexpr std::uint8_t kServerOnly = 1, kBoth = 3;

codec::encode::FrameOptions opts(bool more, bool forceLong = false, std::optional<std::uint64_t> declared = {})
{
    codec::encode::FrameOptions o;
    o.more = more;
    o.forceLong = forceLong;
    o.declaredSize = declared;
    return o;
}

// A NULL greeting changed by `change`, then READY; the target must answer READY.
template <typename F>
Verdict acceptsGreeting(Probe &p, F change, std::string_view what)
{
    Greeting3 g = p.greeting();
    change(g);
    Buffer out = greetingBytes(g);
    p.readyCommand(out);
    p.send(out, what);
    return mustBeReady(p, what);
}

template <typename F>
Verdict refusesGreeting(Probe &p, F change, std::string_view what)
{
    Greeting3 g = p.greeting();
    change(g);
    Buffer out = greetingBytes(g);
    p.readyCommand(out);
    p.send(out, what);
    if (targetReady(p) && !p.closed())
        return p.fail("answered READY to " + std::string(what) + " and " + p.howItEnded("it"));
    return mustClose(p, what);
}

// The suite's NULL greeting and a READY the case wrote; the target must close.
Verdict refusesReady(Probe &p, const Buffer &ready, std::string_view what)
{
    Buffer out = greetingBytes(p.greeting());
    out.insert(out.end(), ready.begin(), ready.end());
    p.send(out, what);
    p.waitClosed();
    if (p.closed() || p.errorReason())
        return p.pass(p.howItEnded(what));
    return p.fail((p.lastCommand("READY") ? "answered READY and " : "") + p.howItEnded(what));
}

Verdict acceptsReady(Probe &p, const Buffer &ready, std::string_view what)
{
    Buffer out = greetingBytes(p.greeting());
    out.insert(out.end(), ready.begin(), ready.end());
    p.send(out, what);
    if (!targetReady(p))
        return p.fail(p.howItEnded(what));
    return mustCarryOn(p, what);
}

Verdict recordsReady(Probe &p, const Buffer &ready, std::string_view what)
{
    Buffer out = greetingBytes(p.greeting());
    out.insert(out.end(), ready.begin(), ready.end());
    p.send(out, what);
    targetReady(p);
    return record(p, what);
}

// After a proper handshake, `bytes`; the target must close / carry on.
Verdict closesAfterHandshake(Probe &p, const Buffer &bytes, std::string_view what)
{
    if (!p.handshake())
        return Verdict::Failed;
    p.send(bytes, what);
    return mustClose(p, what);
}

Verdict carriesOnAfterHandshake(Probe &p, const Buffer &bytes, std::string_view what)
{
    if (!p.handshake())
        return Verdict::Failed;
    p.send(bytes, what);
    return mustCarryOn(p, what);
}

Verdict recordsAfterHandshake(Probe &p, const Buffer &bytes, std::string_view what)
{
    if (!p.handshake())
        return Verdict::Failed;
    p.send(bytes, what);
    return record(p, what);
}

// Echo targets: what goes out must come back.
Verdict echoes(Probe &p, const std::vector<std::string> &frames)
{
    if (!p.handshake())
        return Verdict::Failed;
    std::vector<std::string> reply;
    if (!echo(p, frames, &reply))
        return p.fail("no reply to " + describe(frames) + "; " + p.howItEnded("the message"));
    if (reply != frames)
        return p.fail("sent " + describe(frames) + ", got back " + describe(reply));
    return p.pass("got back " + describe(reply));
}

// Raw bytes meant to be one message (an echo target answers with its frames).
Verdict echoesRaw(Probe &p, const Buffer &raw, const std::vector<std::string> &frames, std::string_view what)
{
    if (!p.handshake())
        return Verdict::Failed;
    const std::size_t before = p.sessionMessages();
    p.send(raw, what);
    if (!p.waitFor([&] { return p.sessionMessages() > before; }))
        return p.fail("no reply to " + std::string(what) + "; " + p.howItEnded(what));
    std::vector<std::string> got = p.session()->received()[before];
    if (p.target().socketType == "REP" && !got.empty() && got.front().empty())
        got.erase(got.begin());
    if (got != frames)
        return p.fail("expected back " + describe(frames) + ", got " + describe(got));
    return p.pass("got back " + describe(got));
}

Buffer pingFrame(std::uint16_t ttl, std::string_view context)
{
    Buffer out;
    codec::encode::ping(out, ttl, codec::encode::bytes(context));
    return out;
}

// PING; waits for PONG; returns its context or nullopt.
std::optional<std::string> pong(Probe &p, const Buffer &ping, std::string_view what)
{
    const std::size_t before = p.events().size();
    p.send(ping, what);
    const TargetEvent *found = nullptr;
    p.waitFor([&] {
        for (std::size_t i = before; i < p.events().size(); ++i)
            if (p.events()[i].name == "PONG") {
                found = &p.events()[i];
                return true;
            }
        return false;
    });
    if (!found)
        return std::nullopt;
    return std::string(found->data.begin(), found->data.end());
}

std::string quoted(std::string_view s)
{
    return codec::quoteBytes(codec::encode::bytes(s), 40);
}

// Subscriptions (PUB/XPUB targets that keep publishing "A..." and "B...").
Buffer subscribeFrame(const Probe &p, std::string_view topic, bool subscribe = true)
{
    Buffer out;
    const bool command = p.targetGreeting().minor >= 1;
    const codec::ZmtpVersion v = command ? codec::ZmtpVersion::V3_1 : codec::ZmtpVersion::V3_0;
    if (subscribe)
        codec::encode::subscribe(out, codec::encode::bytes(topic), v);
    else
        codec::encode::cancel(out, codec::encode::bytes(topic), v);
    return out;
}

// Counts the target's messages by first letter over `window`.
std::pair<int, int> published(Probe &p, milliseconds window)
{
    const std::size_t before = p.events().size();
    p.waitFor([] { return false; }, window);
    int a = 0, b = 0;
    for (std::size_t i = before; i < p.events().size(); ++i) {
        const TargetEvent &e = p.events()[i];
        if (e.kind != TargetEvent::Kind::Message || e.frames.empty() || e.frames[0].empty())
            continue;
        a += e.frames[0][0] == 'A';
        b += e.frames[0][0] == 'B';
    }
    return {a, b};
}

std::string counted(std::pair<int, int> n)
{
    return std::to_string(n.first) + " message(s) on A..., " + std::to_string(n.second) + " on B...";
}

// A second connection still gets a greeting: the target still serves. (The
// signature and version only, so that 2.0 peers can show it too.)
Verdict stillServes(Probe &p, std::string_view after)
{
    CaseResult scratch;
    static const Case dummy{};
    Probe second(p.target(), dummy, scratch, nullptr);
    if (!second.open())
        return p.fail("after " + std::string(after) + ", a new connection failed: " + scratch.observed);
    Buffer g = greetingBytes(second.greeting());
    g.resize(11);
    second.send(g, {});
    std::size_t got = 0;
    second.waitFor([&] {
        got = 0;
        for (const WireEntry &e : scratch.wire)
            if (!e.fromSuite && e.kind == WireEntry::Kind::Bytes)
                got += e.size;
        return got >= 11;
    });
    if (got < 11)
        return p.fail("after " + std::string(after) + ", a new connection got " + std::to_string(got)
                      + " greeting byte(s): " + second.howItEnded("its greeting"));
    p.note("a second connection got the target's greeting");
    return p.pass("a new connection got its greeting after " + std::string(after));
}

// A socket type the target's may not talk to.
std::string incompatibleType(const Probe &p)
{
    const codec::SocketType own = codec::socketTypeFromName(p.target().socketType).value_or(codec::SocketType::Dealer);
    for (codec::SocketType t : {codec::SocketType::Pub, codec::SocketType::Push, codec::SocketType::Rep, codec::SocketType::Pair})
        if (!codec::socketTypesCompatible(own, t))
            return std::string(codec::socketTypeName(t));
    return "SUB";
}

// A proper handshake, then `ping`; the PONG must carry `expected`.
Verdict pingCase(Probe &p, const Buffer &ping, std::string_view expected)
{
    if (!p.handshake())
        return Verdict::Failed;
    if (p.targetGreeting().minor < 1)
        return p.unimplemented("the target announced ZMTP 3.0, which has no PING");
    const auto ctx = pong(p, ping, "PING");
    if (!ctx)
        return p.fail("no PONG: " + p.howItEnded("the PING"));
    if (*ctx != expected)
        return p.fail("PONG with context " + quoted(*ctx) + ", expected " + quoted(expected));
    return p.pass("PONG with context " + quoted(*ctx));
}

// ZMTP 2.0 as the suite's side: the 12-byte greeting and an empty identity
// frame; true once the target's 2.0 greeting and identity arrived.
bool v2Greeting(Probe &p, codec::SocketType type)
{
    Buffer b;
    codec::encode::greeting2(b, type);
    p.send(b, "a ZMTP 2.0 greeting (" + std::string(codec::socketTypeName(type)) + ") and an empty identity");
    p.waitFor([&] { return p.identitySeen() || p.closed(); });
    return p.identitySeen() && p.targetGreeting().size == 12;
}

// A 2.0 message the target echoes: the frames back, or why not.
Verdict v2Echoes(Probe &p, const Buffer &raw, const std::vector<std::string> &frames, std::string_view what)
{
    if (!v2Greeting(p, p.peerType()))
        return p.unimplemented("does not speak ZMTP 2.0: " + p.howItEnded("the 2.0 greeting"));
    const std::size_t before = p.messages();
    p.send(raw, what);
    if (!p.waitFor([&] { return p.messages() > before; }))
        return p.fail("no reply: " + p.howItEnded(what));
    std::vector<std::string> got;
    for (const TargetEvent &e : p.events())
        if (e.kind == TargetEvent::Kind::Message)
            got = e.frames;
    if (p.target().socketType == "REP" && !got.empty() && got.front().empty())
        got.erase(got.begin());
    return got == frames ? p.pass("got back " + describe(got)) : p.fail("got back " + describe(got));
}

}   // namespace

void addZmtpCases(std::vector<Case> &out)
{
    // ---- greeting -------------------------------------------------------
    out.push_back({"23/greeting/full-greeting", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A peer that has read a full greeting must send its own full greeting.",
                   "a 64-byte 3.1 greeting, all at once", "the target's 64-byte greeting within the time limit", kBoth, "", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "the whole greeting");
                       if (p.waitFor([&] { return p.greetingSeen(); }))
                           return p.pass("sent its greeting (" + std::to_string(p.targetGreeting().size) + " bytes, version "
                                         + std::to_string(p.targetGreeting().major) + "." + std::to_string(p.targetGreeting().minor) + ", "
                                         + std::string(p.targetGreeting().mechanismText()) + ")");
                       return p.fail("no full greeting: " + p.howItEnded("the suite's greeting"));
                   },
                   "half-greeting"});
    out.push_back({"23/greeting/first-eleven-bytes", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A peer sends at least its signature and major version (11 bytes) without waiting for more than the "
                   "other side's first 11 bytes, so that neither side waits for the other.",
                   "the first 11 bytes of a greeting, then nothing", "at least 11 greeting bytes back", kBoth, "", "", "",
                   +[](Probe &p) {
                       Buffer g = greetingBytes(p.greeting());
                       g.resize(11);
                       p.send(g, "signature and major version only");
                       std::size_t got = 0;
                       p.waitFor([&] {
                           got = 0;
                           for (const WireEntry &e : p.wireSoFar())
                               if (!e.fromSuite && e.kind == WireEntry::Kind::Bytes)
                                   got += e.size;
                           return got >= 11;
                       });
                       if (got >= 11)
                           return p.pass("sent " + std::to_string(got) + " byte(s) of its greeting");
                       return p.fail("sent " + std::to_string(got) + " byte(s) and waited; " + p.howItEnded("the 11 bytes"));
                   },
                   "waits-for-greeting"});
    out.push_back({"23/greeting/padding-ignored", "23/ZMTP", "Version Negotiation", Level::Must,
                   "The padding must not be validated or interpreted.",
                   "a greeting whose padding bytes are 0x12345678 9ABCDEF0, then READY", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       return acceptsGreeting(p, [](Greeting3 &g) { g.padding = 0x123456789ABCDEF0ull; }, "odd padding");
                   },
                   "checks-padding"});
    out.push_back({"23/greeting/filler-ignored", "23/ZMTP", "Formal Grammar", Level::Should,
                   "Filler bytes are not interpreted: a greeting with non-zero filler still works.",
                   "a greeting whose 31 filler bytes are 0xAA, then READY", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) { return acceptsGreeting(p, [](Greeting3 &g) { g.fillerByte = 0xAA; }, "non-zero filler"); },
                   "checks-filler"});
    out.push_back({"23/greeting/higher-minor", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A peer must accept higher protocol versions as valid.", "a greeting announcing ZMTP 3.9, then READY",
                   "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) { return acceptsGreeting(p, [](Greeting3 &g) { g.minor = 9; }, "version 3.9"); },
                   "refuses-newer"});
    out.push_back({"23/greeting/higher-major", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A peer must accept higher protocol versions as valid, a higher major version too.",
                   "a greeting announcing ZMTP 4.0, then READY", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       return acceptsGreeting(p, [](Greeting3 &g) { g.major = 4; g.minor = 0; }, "version 4.0");
                   },
                   "refuses-newer"});
    out.push_back({"23/greeting/major-255", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A peer must accept any higher version, up to the largest a byte holds.",
                   "a greeting announcing ZMTP 255.255, then READY", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       return acceptsGreeting(p, [](Greeting3 &g) { g.major = 255; g.minor = 255; }, "version 255.255");
                   },
                   "refuses-newer"});
    out.push_back({"23/greeting/minor-zero", "23/ZMTP", "Version Negotiation", Level::Must,
                   "A 3.1 peer talks to a 3.0 peer.", "a greeting announcing ZMTP 3.0, then READY", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) { return acceptsGreeting(p, [](Greeting3 &g) { g.minor = 0; }, "version 3.0"); },
                   "refuses-3.0"});
    out.push_back({"23/greeting/mechanism-mismatch", "23/ZMTP", "Authentication and Confidentiality", Level::Must,
                   "If the mechanism the peer received does not exactly match the one it sent, it must close the connection.",
                   "a greeting naming a mechanism other than the target's (PLAIN for a NULL target, NULL otherwise)",
                   "the connection closed", kBoth, "", "", "",
                   +[](Probe &p) {
                       const std::string other = p.target().mechanism == "NULL" ? "PLAIN" : "NULL";
                       Greeting3 g = p.greeting();
                       g.mechanism = other;
                       g.asServer = 0;
                       p.send(greetingBytes(g), "a greeting naming " + other);
                       return mustClose(p, "the mechanism " + other);
                   },
                   "ignores-mechanism"});
    out.push_back({"23/greeting/unknown-mechanism", "23/ZMTP", "Authentication and Confidentiality", Level::Must,
                   "A mechanism the peer does not speak is a mismatch: close.", "a greeting naming XYZZY",
                   "the connection closed", kBoth, "", "", "",
                   +[](Probe &p) {
                       Greeting3 g = p.greeting();
                       g.mechanism = "XYZZY";
                       p.send(greetingBytes(g), "a greeting naming XYZZY");
                       return mustClose(p, "the mechanism XYZZY");
                   },
                   "ignores-mechanism"});
    out.push_back({"23/greeting/mechanism-lowercase", "23/ZMTP", "Authentication and Confidentiality", Level::Must,
                   "Mechanism names match exactly, byte for byte: \"null\" is not \"NULL\".",
                   "a greeting naming the target's mechanism in lower case", "the connection closed", kBoth, "", "", "",
                   +[](Probe &p) {
                       std::string lower = p.target().mechanism;
                       for (char &c : lower)
                           c = char(std::tolower(static_cast<unsigned char>(c)));
                       Greeting3 g = p.greeting();
                       g.mechanism = lower;
                       p.send(greetingBytes(g), "a greeting naming \"" + lower + "\"");
                       return mustClose(p, "the mechanism \"" + lower + "\"");
                   },
                   "loose-mechanism-match"});
    out.push_back({"23/greeting/mechanism-space-padded", "23/ZMTP", "Formal Grammar", Level::Must,
                   "The mechanism is NUL-padded: a name padded with spaces is another name.",
                   "a greeting whose mechanism field is the target's name followed by spaces", "the connection closed",
                   kBoth, "", "", "",
                   +[](Probe &p) {
                       static thread_local std::string padded;
                       padded = p.target().mechanism + std::string(20 - p.target().mechanism.size(), ' ');
                       Greeting3 g = p.greeting();
                       g.mechanism = padded;
                       p.send(greetingBytes(g), "a space-padded mechanism name");
                       return mustClose(p, "the space-padded mechanism");
                   },
                   "loose-mechanism-match"});
    out.push_back({"23/greeting/mechanism-trailing-bytes", "23/ZMTP", "Authentication and Confidentiality", Level::Must,
                   "All 20 mechanism bytes take part in the comparison: bytes after the NUL make it a different mechanism.",
                   "a greeting whose mechanism field is the target's name, a NUL, then \"X\"", "the connection closed", kBoth,
                   "", "", "",
                   +[](Probe &p) {
                       static thread_local std::string name;
                       name = p.target().mechanism + std::string(1, '\0') + "X";
                       Greeting3 g = p.greeting();
                       g.mechanism = name;
                       p.send(greetingBytes(g), "a mechanism field with bytes after its NUL");
                       return mustClose(p, "the mechanism field with trailing bytes");
                   },
                   "loose-mechanism-match"});
    out.push_back({"23/greeting/as-server-null", "37/ZMTP", "The NULL Security Mechanism", Level::May,
                   "With NULL, as-server must be zero (a rule for the sender); what a receiver does with 1 is open.",
                   "a NULL greeting with as-server 1, then READY", "anything: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Greeting3 g = p.greeting();
                       g.asServer = 1;
                       Buffer out = greetingBytes(g);
                       p.readyCommand(out);
                       p.send(out, "as-server 1 under NULL");
                       targetReady(p);
                       return record(p, "as-server 1");
                   },
                   ""});
    out.push_back({"23/greeting/one-byte-at-a-time", "23/ZMTP", "Version Negotiation", Level::Must,
                   "TCP may split the greeting anywhere: a greeting and READY arriving one byte at a time still work.",
                   "the greeting and READY one byte every 5 ms", "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const Buffer all = greetingAndReady(p);
                       if (!p.sendSlowly(all, all.size(), 5ms))
                           return p.fail(p.howItEnded("some of the bytes"));
                       return mustBeReady(p, "the byte-at-a-time greeting");
                   },
                   "needs-whole-greeting-read"});
    out.push_back({"23/greeting/stalled-greeting", "23/ZMTP", "Security Considerations", Level::May,
                   "A peer may limit how long it keeps a connection whose greeting never finishes.",
                   "9 greeting bytes, then nothing", "anything: recorded (closed, and after how long, or still open)", kBoth,
                   "", "", "",
                   +[](Probe &p) {
                       Buffer g = greetingBytes(p.greeting());
                       g.resize(9);
                       p.send(g, "9 greeting bytes, then silence");
                       if (p.waitClosed())
                           return p.info(p.howItEnded("the stalled greeting"));
                       return p.info(p.howItEnded("the stalled greeting") + " (its handshake timer, if any, is longer)");
                   },
                   ""});
    out.push_back({"23/greeting/stalled-greetings-do-not-block", "23/ZMTP", "Security Considerations", Level::Should,
                   "Connections whose greeting never finishes (libzmq CVE-2020-15166) must not stop the peer serving "
                   "others.",
                   "20 other connections that send 9 greeting bytes and stall, then a proper handshake on this one",
                   "the handshake completes", kServerOnly, "", "", "",
                   +[](Probe &p) {
                       Buffer g = greetingBytes(p.greeting());
                       g.resize(9);
                       int opened = 0;
                       for (int i = 0; i < 20; ++i) {
                           const int fd = p.openExtra();
                           if (fd < 0)
                               break;
                           p.sendRaw(fd, g);
                           ++opened;
                       }
                       p.note(std::to_string(opened) + " other connections sent 9 greeting bytes and stalled");
                       if (!p.reopen())
                           return p.fail("with " + std::to_string(opened) + " stalled greetings open, a new connection failed: "
                                         + p.result().observed);
                       if (!p.handshake())
                           return p.fail("with " + std::to_string(opened) + " stalled greetings open, " + p.result().observed);
                       return p.pass("completed a handshake with " + std::to_string(opened) + " stalled greetings open");
                   },
                   "serves-one-at-a-time"});
    out.push_back({"23/greeting/closed-before-greeting", "23/ZMTP", "Error Handling", Level::Must,
                   "A connection closed before its greeting is a temporary error: the peer goes on serving.",
                   "a connection closed at once, another reset after 5 bytes, then a proper handshake", "the handshake completes",
                   kServerOnly, "", "", "",
                   +[](Probe &p) {
                       if (const int fd = p.openExtra(); fd >= 0)
                           p.closeExtra(fd, false);
                       if (const int fd = p.openExtra(); fd >= 0) {
                           Buffer g = greetingBytes(p.greeting());
                           g.resize(5);
                           p.sendRaw(fd, g);
                           p.closeExtra(fd, true);
                       }
                       p.note("one connection closed at once, one reset after 5 bytes");
                       std::this_thread::sleep_for(200ms);
                       if (!p.reopen())
                           return p.fail("a new connection failed: " + p.result().observed);
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       return p.pass("completed a handshake after the closed and the reset connection");
                   },
                   "dies-on-reset"});

    // ---- downgrade --------------------------------------------------------
    out.push_back({"23/downgrade/v1-signature-secure", "23/ZMTP", "Backwards Interoperability", Level::Must,
                   "A peer whose mechanism is not NULL must close at once on detecting a ZMTP 1.0 peer (downgrade "
                   "protection).",
                   "a signature whose byte 9 has bit 0 clear (a 1.0 long identity header)", "the connection closed", kBoth,
                   "PLAIN CURVE", "", "",
                   +[](Probe &p) {
                       Greeting3 g = p.greeting();
                       g.signatureEnd = 0x7E;
                       Buffer b = greetingBytes(g);
                       b.resize(10);
                       p.send(b, "a 1.0-looking signature");
                       return mustClose(p, "the 1.0 signature");
                   },
                   "downgrades-secure"});
    out.push_back({"23/downgrade/v2-greeting-secure", "23/ZMTP", "Backwards Interoperability", Level::Must,
                   "A peer whose mechanism is not NULL must close at once on detecting a ZMTP 2.0 peer.",
                   "a ZMTP 2.0 greeting (revision 1, socket type) and identity frame", "the connection closed", kBoth,
                   "PLAIN CURVE", "", "",
                   +[](Probe &p) {
                       Buffer b;
                       codec::encode::greeting2(b, p.peerType());
                       p.send(b, "a ZMTP 2.0 greeting");
                       return mustClose(p, "the 2.0 greeting");
                   },
                   "downgrades-secure"});
    out.push_back({"23/downgrade/v2-greeting-null", "23/ZMTP", "Backwards Interoperability", Level::May,
                   "A peer may downgrade to talk to a ZMTP 2.0 peer; if it cannot, it must close.",
                   "a ZMTP 2.0 greeting and identity frame", "a 2.0 greeting back, or a close: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer b;
                       codec::encode::greeting2(b, p.peerType());
                       p.send(b, "a ZMTP 2.0 greeting");
                       p.waitFor([&] { return p.greetingSeen() || p.closed(); });
                       if (p.greetingSeen() && p.targetGreeting().size == 12)
                           return p.info("downgraded: a 2.0 greeting back (socket type byte "
                                         + std::to_string(p.targetGreeting().socketTypeByte) + ")");
                       if (p.closed())
                           return p.info("does not downgrade: " + p.howItEnded("the 2.0 greeting"));
                       return p.info(p.howItEnded("the 2.0 greeting"));
                   },
                   ""});
    out.push_back({"23/downgrade/v1-signature-null", "23/ZMTP", "Backwards Interoperability", Level::May,
                   "A peer may detect and talk to a ZMTP 1.0 peer.", "a 1.0 identity frame (first byte not 0xFF)",
                   "anything: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const Buffer b{0x01, 0x00};
                       p.send(b, "a 1.0 empty identity");
                       p.waitFor([&] { return p.closed(); }, 500ms);
                       return p.info(p.closed() ? "does not talk 1.0: " + p.howItEnded("the 1.0 identity")
                                                : p.howItEnded("the 1.0 identity"));
                   },
                   ""});
    out.push_back({"23/downgrade/revision-2", "23/ZMTP", "Backwards Interoperability", Level::May,
                   "23/ZMTP reads revision 1 or 2 as ZMTP 2.0; 15/ZMTP defined only 1, libzmq reads 2 as 3.x.",
                   "a 2.0-style greeting with revision 2", "anything: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer b;
                       codec::encode::greeting2(b, p.peerType(), {}, 1, 2);
                       p.send(b, "a greeting with revision 2");
                       p.waitFor([&] { return p.greetingSeen() || p.closed(); }, 1000ms);
                       if (p.greetingSeen())
                           return p.info(p.targetGreeting().size == 12 ? "read it as 2.0 (a 12-byte greeting back)"
                                                                       : "read it as 3.x (a 64-byte greeting back)");
                       return p.info(p.howItEnded("revision 2"));
                   },
                   ""});
    out.push_back({"15/greeting/answers", "15/ZMTP", "Formal Grammar", Level::Must,
                   "A ZMTP 2.0 peer answers a 2.0 greeting with its own: signature, revision 1, its socket type, then "
                   "its identity frame. (A 3.x peer that cannot downgrade closes instead, as 23/ZMTP allows.)",
                   "a 2.0 greeting and an empty identity frame", "a 12-byte 2.0 greeting and an identity frame", kBoth, "NULL",
                   "", "",
                   +[](Probe &p) {
                       if (!v2Greeting(p, p.peerType())) {
                           if (!p.closed() && p.greetingSeen())
                               return p.fail("answered with a greeting that is not 2.0 (no identity frame followed) and kept "
                                             "the connection open: a peer that cannot downgrade must close");
                           return p.unimplemented("does not speak ZMTP 2.0: " + p.howItEnded("the 2.0 greeting"));
                       }
                       const auto type = codec::socketTypeFromByte(p.targetGreeting().socketTypeByte);
                       return p.pass("a 2.0 greeting (revision " + std::to_string(p.targetGreeting().major) + ", socket type "
                                     + std::string(codec::socketTypeName(type)) + ")");
                   },
                   "no-downgrade"});
    out.push_back({"15/greeting/socket-type-incompatible", "15/ZMTP", "Socket Compatibility", Level::Should,
                   "A 2.0 peer should close a connection from a socket type its own may not talk to.",
                   "a 2.0 greeting announcing an incompatible socket type", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string bad = incompatibleType(p);
                       if (!v2Greeting(p, codec::socketTypeFromName(bad).value_or(codec::SocketType::Pub))) {
                           if (p.closed() && !p.greetingSeen())
                               return p.unimplemented("does not speak ZMTP 2.0: " + p.howItEnded("the 2.0 greeting"));
                       }
                       return mustClose(p, "socket type " + bad);
                   },
                   "v2-no-socket-type-check"});
    out.push_back({"15/framing/multipart", "15/ZMTP", "Framing", Level::Must,
                   "2.0 messages are frames with MORE on all but the last, delivered whole.",
                   "a 2.0 greeting, then a 2-frame message", "the same frames back", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::vector<std::string> frames{"zmtp", "two"};
                       return v2Echoes(p, rawMessage(p, frames), frames, "a 2-frame 2.0 message");
                   },
                   "v2-breaks-multipart", "echo"});
    out.push_back({"15/framing/long-frame", "15/ZMTP", "Framing", Level::Must,
                   "A 2.0 frame over 255 bytes has a long (8-byte) size.", "a 2.0 greeting, then a 300-byte frame",
                   "the same frame back", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::vector<std::string> frames{std::string(300, 'L')};
                       return v2Echoes(p, rawMessage(p, frames), frames, "a 300-byte 2.0 frame");
                   },
                   "v2-short-only", "echo"});
    out.push_back({"15/framing/long-zero", "15/ZMTP", "Framing", Level::Must,
                   "A long size of zero is a legal 2.0 frame (JeroMQ refuses it).",
                   "a 2.0 greeting, then an empty frame with a long header", "the same message back", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer raw;
                       if (p.target().socketType == "REP")
                           codec::encode::frame(raw, {}, opts(true));
                       codec::encode::frame(raw, {}, opts(false, true));
                       return v2Echoes(p, raw, {""}, "an empty 2.0 frame with a long header");
                   },
                   "v2-short-only", "echo"});
    out.push_back({"13/v1/oversized-message", "13/ZMTP", "Framing", Level::Should,
                   "A 1.0 frame declaring an enormous length must not take the peer down: others are still served.",
                   "a 1.0 long frame header declaring 2^62 bytes, 16 bytes of it", "a new connection completes its handshake",
                   kServerOnly, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer b(26, 'x');   // FF, u64 length 2^62, flags 0, 16 body bytes
                       std::fill(b.begin(), b.begin() + 10, 0);
                       b[0] = 0xFF;
                       b[1] = 0x40;
                       p.send(b, "a 1.0 frame declaring 2^62 bytes");
                       p.waitFor([] { return false; }, 200ms);
                       return stillServes(p, "the oversized 1.0 frame");
                   },
                   "dies-on-oversized"});

    // ---- NULL handshake ---------------------------------------------------
    out.push_back({"23/null/ready-answered", "23/ZMTP", "The NULL Security Mechanism", Level::Must,
                   "After the greeting, a valid READY is answered with READY.", "a greeting and READY (Socket-Type only)",
                   "READY", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       p.send(greetingAndReady(p), "greeting and READY");
                       return mustBeReady(p, "the READY");
                   },
                   "no-ready"});
    out.push_back({"23/null/ready-has-socket-type", "23/ZMTP", "Connection Metadata", Level::Should,
                   "The sender should give its Socket-Type in READY, and it names the target's type.",
                   "a greeting and READY", "READY with Socket-Type equal to the target's configured type", kBoth, "NULL", "",
                   "",
                   +[](Probe &p) {
                       p.send(greetingAndReady(p), "greeting and READY");
                       if (!targetReady(p))
                           return p.fail(p.howItEnded("the READY"));
                       const std::string type = p.targetProperty("Socket-Type");
                       if (type.empty())
                           return p.fail("READY without Socket-Type");
                       if (type != p.target().socketType)
                           return p.fail("Socket-Type \"" + type + "\", the target was said to be " + p.target().socketType);
                       return p.pass("Socket-Type \"" + type + "\"");
                   },
                   "no-socket-type"});
    out.push_back({"23/null/message-before-ready", "23/ZMTP", "The NULL Security Mechanism", Level::Should,
                   "Messages flow only after both READYs: a message in place of READY breaks the handshake.",
                   "a greeting, then a message frame instead of READY", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer out = greetingBytes(p.greeting());
                       codec::encode::frame(out, codec::encode::bytes("too early"));
                       p.send(out, "a message before READY");
                       return mustClose(p, "the early message");
                   },
                   "lax-handshake"});
    out.push_back({"23/null/ping-before-ready", "37/ZMTP", "Connection Heartbeating", Level::Should,
                   "PING is allowed only after the security handshake.", "a greeting, then PING instead of READY",
                   "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer out = greetingBytes(p.greeting());
                       const Buffer ping = pingFrame(0, "early");
                       out.insert(out.end(), ping.begin(), ping.end());
                       p.send(out, "PING before READY");
                       return mustClose(p, "the early PING");
                   },
                   "lax-handshake"});
    out.push_back({"23/null/error-closes", "23/ZMTP", "Error Handling", Level::Must,
                   "ERROR is fatal: the peer that receives it closes the connection.",
                   "a greeting, then ERROR \"conformance test\"", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer out = greetingBytes(p.greeting());
                       codec::encode::error(out, "conformance test");
                       p.send(out, "ERROR in place of READY");
                       return mustClose(p, "the ERROR");
                   },
                   "ignores-error"});
    out.push_back({"23/null/error-after-ready", "23/ZMTP", "Error Handling", Level::Must,
                   "ERROR is fatal whenever it comes in the handshake: also after the peer has sent its READY.",
                   "a greeting, then, once the target's READY has arrived, ERROR \"conformance test\"",
                   "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "the greeting alone");
                       if (!targetReady(p))
                           return p.fail("no READY to wait for: " + p.howItEnded("the greeting"));
                       Buffer e;
                       codec::encode::error(e, "conformance test");
                       p.send(e, "ERROR after the target's READY");
                       return mustClose(p, "the ERROR");
                   },
                   "ignores-error"});
    out.push_back({"23/null/second-ready", "23/ZMTP", "The NULL Security Mechanism", Level::May,
                   "The specs do not say what a second READY after the handshake means.", "a handshake, then READY again",
                   "anything: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer b;
                       p.readyCommand(b);
                       return recordsAfterHandshake(p, b, "a second READY");
                   },
                   ""});
    out.push_back({"23/null/socket-type-incompatible", "23/ZMTP", "The Socket-Type Property", Level::Should,
                   "A peer should refuse a socket type that may not talk to its own.",
                   "a READY announcing a socket type the target's may not talk to", "the connection closed (ERROR first or not)",
                   kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string bad = incompatibleType(p);
                       return refusesReady(p, readyWith({{"Socket-Type", bad}}), "Socket-Type " + bad);
                   },
                   "no-socket-type-check"});
    out.push_back({"23/null/socket-type-incompatible-error", "23/ZMTP", "The Socket-Type Property", Level::Should,
                   "A peer that refuses the socket type should say so with ERROR before it closes.",
                   "a READY announcing an incompatible socket type", "ERROR, then the connection closed", kBoth, "NULL", "",
                   "",
                   +[](Probe &p) {
                       const std::string bad = incompatibleType(p);
                       Buffer out = greetingBytes(p.greeting());
                       const Buffer r = readyWith({{"Socket-Type", bad}});
                       out.insert(out.end(), r.begin(), r.end());
                       p.send(out, "Socket-Type " + bad);
                       p.waitClosed();
                       if (p.errorReason())
                           return p.pass(p.howItEnded("Socket-Type " + bad));
                       return p.fail(p.howItEnded("Socket-Type " + bad) + ", without ERROR");
                   },
                   "silent-socket-type-refusal"});
    out.push_back({"23/null/socket-type-unknown", "23/ZMTP", "The Socket-Type Property", Level::Should,
                   "A socket type no spec defines is not valid.", "a READY with Socket-Type \"BANANA\"",
                   "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) { return refusesReady(p, readyWith({{"Socket-Type", "BANANA"}}), "Socket-Type BANANA"); },
                   "no-socket-type-check"});
    out.push_back({"23/null/socket-type-missing", "23/ZMTP", "Connection Metadata", Level::May,
                   "Socket-Type should be sent; what a peer does without it is open.", "a READY with no properties",
                   "anything: recorded", kBoth, "NULL", "", "",
                   +[](Probe &p) { return recordsReady(p, readyWith({}), "a READY without Socket-Type"); }, ""});

    // ---- metadata ---------------------------------------------------------
    out.push_back({"23/metadata/names-case-insensitive", "23/ZMTP", "Connection Metadata", Level::Should,
                   "Property names are case-insensitive: \"socket-type\" is Socket-Type, so an incompatible one is "
                   "refused as well.",
                   "a READY whose property is spelled \"socket-type\", naming an incompatible type", "the connection closed",
                   kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string bad = incompatibleType(p);
                       return refusesReady(p, readyWith({{"socket-type", bad}}), "\"socket-type\" " + bad);
                   },
                   "case-sensitive-names"});
    out.push_back({"23/metadata/truncated-value", "23/ZMTP", "Formal Grammar", Level::Should,
                   "Metadata that runs past the end of its command is malformed: close.",
                   "a READY whose Socket-Type value says 1000 bytes and holds 6", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const Buffer body{5,   'R', 'E', 'A', 'D', 'Y', 11,  'S', 'o', 'c', 'k', 'e', 't', '-',
                                         'T', 'y', 'p', 'e', 0,   0,   3,   0xE8, 'D', 'E', 'A', 'L', 'E', 'R'};
                       return refusesReady(p, commandFrame(body), "a property value cut short");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/truncated-length", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A property cut inside its value length is malformed: close.",
                   "a READY ending two bytes into a value length", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const Buffer body{5, 'R', 'E', 'A', 'D', 'Y', 11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', 0, 0};
                       return refusesReady(p, commandFrame(body), "a property cut in its length");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/trailing-byte", "23/ZMTP", "Formal Grammar", Level::Should,
                   "Metadata is properties only: a byte left over is malformed.", "a valid READY with one more byte",
                   "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer body{5, 'R', 'E', 'A', 'D', 'Y'};
                       const std::string type(codec::socketTypeName(p.peerType()));
                       body.push_back(11);
                       for (char c : std::string_view("Socket-Type"))
                           body.push_back(std::uint8_t(c));
                       body.insert(body.end(), {0, 0, 0, std::uint8_t(type.size())});
                       body.insert(body.end(), type.begin(), type.end());
                       body.push_back(0x07);
                       return refusesReady(p, commandFrame(body), "a READY with a byte left over");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/value-length-2gib", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A value length of 2^31 or more is outside the grammar: close (and allocate nothing for it).",
                   "a READY whose value length is 0xFFFFFFF0", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const Buffer body{5, 'R', 'E', 'A', 'D', 'Y', 1, 'X', 0xFF, 0xFF, 0xFF, 0xF0, 'v'};
                       return refusesReady(p, commandFrame(body), "a value length of 0xFFFFFFF0");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/empty-name", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A property name is 1 to 255 characters: an empty one is malformed.",
                   "a READY with Socket-Type and a property whose name is empty", "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return refusesReady(p, readyWith({{"Socket-Type", type}, {"", "x"}}), "an empty property name");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/bad-name-character", "23/ZMTP", "Formal Grammar", Level::Should,
                   "Property names are letters, digits and - _ . + only.", "a READY with a property named \"X Y\"",
                   "the connection closed", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return refusesReady(p, readyWith({{"Socket-Type", type}, {"X Y", "1"}}), "a property named \"X Y\"");
                   },
                   "lax-metadata"});
    out.push_back({"23/metadata/unknown-properties", "23/ZMTP", "Connection Metadata", Level::Must,
                   "Properties a peer does not know are carried, not refused.",
                   "a READY with Socket-Type, X-Conformance and Zmqscope-Test", "READY, and the connection works", kBoth, "NULL",
                   "", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return acceptsReady(p, readyWith({{"Socket-Type", type}, {"X-Conformance", "1"}, {"Zmqscope-Test", "yes"}}),
                                           "unknown properties");
                   },
                   "strict-properties"});
    out.push_back({"23/metadata/large-value", "23/ZMTP", "Connection Metadata", Level::Should,
                   "A large property value (64 KiB, in a long command frame) is valid.",
                   "a READY with X-Large of 65,536 bytes", "READY, and the connection works", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return acceptsReady(p, readyWith({{"Socket-Type", type}, {"X-Large", std::string(65536, 'v')}}),
                                           "a 64 KiB property");
                   },
                   "small-commands"});
    out.push_back({"23/metadata/many-properties", "23/ZMTP", "Connection Metadata", Level::Should,
                   "Metadata has no count limit in the grammar: 1,000 properties are valid.",
                   "a READY with Socket-Type and 1,000 X- properties", "READY, and the connection works", kBoth, "NULL", "", "",
                   +[](Probe &p) {
                       Buffer body{5, 'R', 'E', 'A', 'D', 'Y'};
                       const std::string type(codec::socketTypeName(p.peerType()));
                       auto add = [&](const std::string &n, const std::string &v) {
                           body.push_back(std::uint8_t(n.size()));
                           body.insert(body.end(), n.begin(), n.end());
                           body.insert(body.end(), {0, 0, 0, std::uint8_t(v.size())});
                           body.insert(body.end(), v.begin(), v.end());
                       };
                       add("Socket-Type", type);
                       for (int i = 0; i < 1000; ++i)
                           add("X-P" + std::to_string(i), "v");
                       Buffer out = greetingBytes(p.greeting());
                       const Buffer r = commandFrame(body);
                       out.insert(out.end(), r.begin(), r.end());
                       p.send(out, "1,000 properties");
                       if (!targetReady(p))
                           return p.fail(p.howItEnded("1,000 properties"));
                       return mustCarryOn(p, "1,000 properties");
                   },
                   "small-commands"});
    out.push_back({"23/metadata/identity-255", "23/ZMTP", "The Identity Property", Level::Must,
                   "An Identity of 255 bytes is valid.", "a READY with Socket-Type and an Identity of 255 bytes",
                   "READY, and the connection works", kBoth, "NULL", "ROUTER", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return acceptsReady(p, readyWith({{"Socket-Type", type}, {"Identity", std::string(255, 'i')}}),
                                           "a 255-byte Identity");
                   },
                   "short-identity"});
    out.push_back({"23/metadata/identity-256", "23/ZMTP", "The Identity Property", Level::Should,
                   "An Identity is at most 255 bytes; a longer one is invalid.",
                   "a READY with Socket-Type and an Identity of 256 bytes", "the connection closed", kBoth, "NULL", "ROUTER", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return refusesReady(p, readyWith({{"Socket-Type", type}, {"Identity", std::string(256, 'i')}}),
                                           "a 256-byte Identity");
                   },
                   "long-identity"});
    out.push_back({"37/metadata/identity-leading-zero", "37/ZMTP", "The Identity Property", Level::May,
                   "3.1 reserves identities starting with a zero byte for the ROUTER's own; what a ROUTER does with one "
                   "sent to it is open.",
                   "a READY with Identity \"\\x00abc\"", "anything: recorded", kBoth, "NULL", "ROUTER", "",
                   +[](Probe &p) {
                       const std::string type(codec::socketTypeName(p.peerType()));
                       return recordsReady(p, readyWith({{"Socket-Type", type}, {"Identity", std::string("\0abc", 4)}}),
                                           "an Identity starting with 0x00");
                   },
                   ""});

    // ---- framing ----------------------------------------------------------
    out.push_back({"23/framing/reserved-flag-bits", "23/ZMTP", "Framing", Level::May,
                   "Flag bits 7-3 must be zero when sent; what a receiver does with them set is open.",
                   "a handshake, then a PING frame with flag bit 3 set", "anything: recorded", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer b = pingFrame(0, "r");
                       b[0] |= 0x08;
                       return recordsAfterHandshake(p, b, "flag bit 3 set");
                   },
                   ""});
    out.push_back({"23/framing/more-on-command", "23/ZMTP", "Framing", Level::May,
                   "A command is one frame; MORE set on it is not defined.",
                   "a handshake, then PING with the MORE bit set (flags 0x05)", "anything: recorded", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer b = pingFrame(0, "m");
                       b[0] |= 0x01;
                       return recordsAfterHandshake(p, b, "MORE on a command");
                   },
                   ""});
    out.push_back({"23/framing/long-command-small", "23/ZMTP", "Framing", Level::Must,
                   "A long size field for a small body is legal: a PING in a long command frame gets its PONG.",
                   "a handshake, then PING in a long command frame", "PONG", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       if (p.targetGreeting().minor < 1)
                           return p.unimplemented("the target announced ZMTP 3.0, which has no PING");
                       Buffer body{4, 'P', 'I', 'N', 'G', 0, 0, 'l', 'o', 'n', 'g'};
                       const auto ctx = pong(p, commandFrame(body, true), "PING in a long frame");
                       if (ctx && *ctx == "long")
                           return p.pass("answered PONG \"long\"");
                       return p.fail(ctx ? "PONG with context " + quoted(*ctx) : p.howItEnded("the long PING"));
                   },
                   "short-only"});
    out.push_back({"23/framing/long-message-small", "23/ZMTP", "Framing", Level::Must,
                   "A long size field for a small body is legal in messages too.",
                   "a message whose one frame has a long header and 5 bytes", "the same message back", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer raw;
                       if (p.target().socketType == "REP")
                           codec::encode::frame(raw, {}, opts(true));
                       codec::encode::frame(raw, codec::encode::bytes("hello"), opts(false, true));
                       return echoesRaw(p, raw, {"hello"}, "a 5-byte frame with a long header");
                   },
                   "short-only", "echo"});
    out.push_back({"23/framing/long-zero-size", "23/ZMTP", "Framing", Level::Must,
                   "A long size field of zero is legal (JeroMQ refuses it).", "a message frame with a long header of size 0",
                   "the same message back", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer raw;
                       if (p.target().socketType == "REP")
                           codec::encode::frame(raw, {}, opts(true));
                       codec::encode::frame(raw, {}, opts(false, true));
                       return echoesRaw(p, raw, {""}, "an empty frame with a long header");
                   },
                   "short-only", "echo"});
    out.push_back({"23/framing/size-past-2^63", "23/ZMTP", "Formal Grammar", Level::Should,
                   "Frame sizes stop at 2^63-1: a size with the top bit set is invalid.",
                   "a handshake, then a frame declaring 0x8000000000000010 bytes", "the connection closed", kBoth, "NULL PLAIN",
                   "", "",
                   +[](Probe &p) {
                       Buffer b;
                       codec::encode::frame(b, codec::encode::bytes("x"), opts(false, true, 0x8000000000000010ull));
                       return closesAfterHandshake(p, b, "a size with its top bit set");
                   },
                   "huge-sizes"});
    out.push_back({"23/framing/huge-declared-size", "23/ZMTP", "Security Considerations", Level::Should,
                   "A frame that declares 2^62 bytes must not take the peer down (nothing allocated up front).",
                   "a handshake, then a frame declaring 2^62 bytes with 16 of them", "a new connection completes its handshake",
                   kServerOnly, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       Buffer b;
                       codec::encode::frame(b, codec::encode::bytes("0123456789abcdef"),
                                            opts(false, true, 1ull << 62));
                       p.send(b, "a frame declaring 2^62 bytes");
                       p.waitFor([] { return false; }, 200ms);
                       return stillServes(p, "the 2^62-byte frame");
                   },
                   "dies-on-oversized"});
    out.push_back({"23/framing/command-name-empty", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A command name is 1 to 255 letters: an empty one is malformed.",
                   "a handshake, then a command frame whose name length is 0", "the connection closed", kBoth, "NULL PLAIN", "",
                   "",
                   +[](Probe &p) { return closesAfterHandshake(p, commandFrame({0, 'x'}), "an empty command name"); },
                   "lax-commands"});
    out.push_back({"23/framing/command-name-past-body", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A command name longer than its frame is malformed.",
                   "a handshake, then a command frame whose name length says 10 with 3 bytes following", "the connection closed",
                   kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) { return closesAfterHandshake(p, commandFrame({10, 'P', 'I', 'N'}), "a name past its frame"); },
                   "lax-commands"});
    out.push_back({"23/framing/empty-command", "23/ZMTP", "Formal Grammar", Level::Should,
                   "A command frame holds at least its name.", "a handshake, then a command frame of size 0",
                   "the connection closed", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) { return closesAfterHandshake(p, commandFrame({}), "an empty command frame"); },
                   "lax-commands"});
    out.push_back({"23/framing/unknown-command", "23/ZMTP", "Framing", Level::May,
                   "The specs do not say what a peer does with a command it does not know after the handshake.",
                   "a handshake, then a command named ZMQSCOPE", "anything: recorded", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer body{8, 'Z', 'M', 'Q', 'S', 'C', 'O', 'P', 'E', 1, 2, 3};
                       return recordsAfterHandshake(p, commandFrame(body), "an unknown command");
                   },
                   ""});
    out.push_back({"23/framing/multipart", "23/ZMTP", "Messages", Level::Must,
                   "A message of several frames is delivered whole.", "a message of 3 frames", "the same 3 frames back", kBoth,
                   "", "", "",
                   +[](Probe &p) {
                       return echoes(p, {"one", "two", "three"});
                   },
                   "breaks-multipart", "echo"});
    out.push_back({"23/framing/empty-frames", "23/ZMTP", "Messages", Level::Must,
                   "Frames may be empty.", "a message of 3 empty frames and one of 1 byte", "the same frames back", kBoth, "", "",
                   "",
                   +[](Probe &p) {
                       return echoes(p, {"", "", "", "x"});
                   },
                   "breaks-multipart", "echo"});
    out.push_back({"23/framing/one-mebibyte", "23/ZMTP", "Framing", Level::Must,
                   "A frame of 1 MiB (long size field) is carried whole.", "a message of one 1 MiB frame",
                   "the same frame back", kBoth, "", "", "",
                   +[](Probe &p) {
                       std::string big(1 << 20, '\0');
                       for (std::size_t i = 0; i < big.size(); ++i)
                           big[i] = char(i * 7 + 3);
                       return echoes(p, {big});
                   },
                   "small-frames", "echo"});
    out.push_back({"23/framing/many-frames", "23/ZMTP", "Messages", Level::Should,
                   "A message of 1,000 frames is one message.", "a message of 1,000 one-byte frames", "the same frames back",
                   kBoth, "", "", "",
                   +[](Probe &p) {
                       std::vector<std::string> frames(1000, "f");
                       return echoes(p, frames);
                   },
                   "breaks-multipart", "echo"});
    out.push_back({"23/framing/command-inside-message", "23/ZMTP", "Framing", Level::Should,
                   "A command between two frames of one message does not split it (libzmq's heartbeats do this).",
                   "frame 1 with MORE, a PING, frame 2", "the 2-frame message back (and a PONG)", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer raw;
                       if (p.target().socketType == "REP")
                           codec::encode::frame(raw, {}, opts(true));
                       codec::encode::frame(raw, codec::encode::bytes("first"), opts(true));
                       const Buffer ping = pingFrame(0, "mid");
                       raw.insert(raw.end(), ping.begin(), ping.end());
                       codec::encode::frame(raw, codec::encode::bytes("second"));
                       return echoesRaw(p, raw, {"first", "second"}, "a PING between two frames");
                   },
                   "breaks-multipart", "echo"});
    out.push_back({"23/framing/byte-at-a-time", "23/ZMTP", "Framing", Level::Must,
                   "Frames may arrive split anywhere.", "a 3-frame message one byte every 2 ms", "the same frames back", kBoth,
                   "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       const std::vector<std::string> frames{"split", "across", "segments"};
                       const Buffer raw = rawMessage(p, frames);
                       const std::size_t before = p.sessionMessages();
                       p.sendSlowly(raw, raw.size(), 2ms);
                       if (!p.waitFor([&] { return p.sessionMessages() > before; }))
                           return p.fail(p.howItEnded("the split message"));
                       std::vector<std::string> got = p.session()->received()[before];
                       if (p.target().socketType == "REP" && !got.empty() && got.front().empty())
                           got.erase(got.begin());
                       return got == frames ? p.pass("got back " + describe(got)) : p.fail("got back " + describe(got));
                   },
                   "needs-whole-frames", "echo"});

    // ---- heartbeats -------------------------------------------------------
    out.push_back({"37/ping/pong-echoes-context", "37/ZMTP", "Connection Heartbeating", Level::Must,
                   "A PING is answered with a PONG echoing its context.", "a handshake, then PING with context \"conformance\"",
                   "PONG \"conformance\"", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) { return pingCase(p, pingFrame(0, "conformance"), "conformance"); }, "no-pong"});
    out.push_back({"37/ping/empty-context", "37/ZMTP", "Connection Heartbeating", Level::Must,
                   "A PING without context gets a PONG without context.", "a handshake, then PING with TTL 0 and no context",
                   "PONG with an empty context", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) { return pingCase(p, pingFrame(0, ""), ""); }, "pong-garbage"});
    out.push_back({"37/ping/context-16", "37/ZMTP", "Connection Heartbeating", Level::Must,
                   "A context of 16 bytes, the most allowed, is echoed whole.", "PING with a 16-byte context",
                   "PONG with the same 16 bytes", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) { return pingCase(p, pingFrame(10, "0123456789abcdef"), "0123456789abcdef"); }, "no-pong"});
    out.push_back({"37/ping/context-over-16", "37/ZMTP", "Connection Heartbeating", Level::Must,
                   "A PONG's context must not exceed 16 bytes, even when the PING's did.", "PING with a 20-byte context",
                   "PONG with at most 16 bytes of it, or a close", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       if (p.targetGreeting().minor < 1)
                           return p.unimplemented("the target announced ZMTP 3.0, which has no PING");
                       const auto ctx = pong(p, pingFrame(0, "0123456789abcdefWXYZ"), "PING with 20 context bytes");
                       if (!ctx)
                           return p.closed() ? p.pass(p.howItEnded("the long context")) : p.fail(p.howItEnded("the long context"));
                       if (ctx->size() > 16)
                           return p.fail("echoed " + std::to_string(ctx->size()) + " context bytes");
                       return p.pass("echoed " + quoted(*ctx));
                   },
                   "long-pong"});
    out.push_back({"37/ping/no-ttl", "37/ZMTP", "Connection Heartbeating", Level::Must,
                   "A PING too short to hold its TTL is malformed; whatever the peer does, it must not answer with bytes "
                   "it never received.",
                   "a handshake, then a bare PING command (name only)", "a close, silence, or PONG with an empty context",
                   kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       if (p.targetGreeting().minor < 1)
                           return p.unimplemented("the target announced ZMTP 3.0, which has no PING");
                       const auto ctx = pong(p, commandFrame({4, 'P', 'I', 'N', 'G'}), "a PING without TTL");
                       if (!ctx)
                           return p.pass(p.closed() ? p.howItEnded("the short PING") : "did not answer the short PING");
                       if (!ctx->empty())
                           return p.fail("answered PONG with " + std::to_string(ctx->size()) + " context bytes it never received: "
                                         + quoted(*ctx));
                       return p.pass("answered PONG with an empty context");
                   },
                   "pong-garbage"});
    out.push_back({"37/ping/storm", "37/ZMTP", "Connection Heartbeating", Level::Should,
                   "Many PINGs at once are answered and do not stop the peer.", "1,000 PINGs in one write",
                   "PONGs, and the connection works after", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       if (p.targetGreeting().minor < 1)
                           return p.unimplemented("the target announced ZMTP 3.0, which has no PING");
                       Buffer storm;
                       for (int i = 0; i < 1000; ++i) {
                           const Buffer one = pingFrame(0, std::to_string(i));
                           storm.insert(storm.end(), one.begin(), one.end());
                       }
                       p.send(storm, "1,000 PINGs");
                       p.waitFor([&] {
                           std::size_t n = 0;
                           for (const TargetEvent &e : p.events())
                               n += e.name == "PONG";
                           return n >= 1000;
                       });
                       std::size_t pongs = 0;
                       for (const TargetEvent &e : p.events())
                           pongs += e.name == "PONG";
                       if (pongs == 0)
                           return p.fail("no PONG to 1,000 PINGs: " + p.howItEnded("the PINGs"));
                       const std::string trouble = p.alive();
                       if (!trouble.empty())
                           return p.fail(std::to_string(pongs) + " PONG(s), then " + trouble);
                       return p.pass(std::to_string(pongs) + " PONG(s) to 1,000 PINGs, and it carried on");
                   },
                   "no-pong"});
    out.push_back({"37/ping/unsolicited-pong", "37/ZMTP", "Connection Heartbeating", Level::Should,
                   "Any traffic is a sign of life: a PONG nobody asked for does no harm.", "a handshake, then PONG \"x\"",
                   "the connection works after", kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer b;
                       codec::encode::pong(b, codec::encode::bytes("x"));
                       return carriesOnAfterHandshake(p, b, "an unsolicited PONG");
                   },
                   "strict-pong"});
    out.push_back({"37/ping/ttl", "37/ZMTP", "Connection Heartbeating", Level::May,
                   "A PING's TTL is a hint that the sender may be gone if nothing follows in that time; the receiver may "
                   "close.",
                   "a handshake, PING with TTL 0.5 s, then silence", "anything: recorded (closed after how long, or open)",
                   kBoth, "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(pingFrame(5, "ttl"), "PING with TTL 5 (0.5 s)");
                       p.waitClosed(std::min(p.timeout(), milliseconds(2000)));
                       return p.info(p.closed() ? p.howItEnded("the PING's TTL") : p.howItEnded("the PING") + " (TTL not acted on)");
                   },
                   ""});
    out.push_back({"37/ping/target-heartbeats", "37/ZMTP", "Connection Heartbeating", Level::May,
                   "A peer may send PINGs of its own.", "a handshake, then 2 s of silence", "anything: recorded", kBoth,
                   "NULL PLAIN", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.waitFor([&] { return p.lastCommand("PING") != nullptr; }, std::min(p.timeout(), milliseconds(2000)));
                       if (const TargetEvent *ping = p.lastCommand("PING"))
                           return p.info("sent PING (TTL " + std::to_string(ping->data.size() >= 2 ? (ping->data[0] << 8 | ping->data[1]) : 0)
                                         + " ds)");
                       return p.info("sent no PING in 2 s (heartbeats off)");
                   },
                   ""});

    // ---- publish-subscribe ------------------------------------------------
    out.push_back({"23/pubsub/nothing-unsubscribed", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "A publisher sends a subscriber nothing it did not subscribe to.", "a handshake as SUB, no subscription",
                   "no message in 500 ms", kServerOnly, "", "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       const auto n = published(p, 500ms);
                       return n.first + n.second == 0 ? p.pass("no message in 500 ms") : p.fail(counted(n) + " without a subscription");
                   },
                   "ignores-subscriptions", "publishes"});
    out.push_back({"23/pubsub/prefix-match", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "A publisher sends what matches a subscription by prefix, and nothing else.",
                   "a handshake as SUB, a subscription to \"A\"", "messages starting A, none starting B", kServerOnly, "",
                   "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(subscribeFrame(p, "A"), "subscribe to \"A\"");
                       const auto n = published(p, 700ms);
                       if (n.first > 0 && n.second == 0)
                           return p.pass(counted(n));
                       return p.fail(counted(n));
                   },
                   "ignores-subscriptions", "publishes"});
    out.push_back({"23/pubsub/empty-topic", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "An empty subscription matches everything.", "a subscription to \"\"", "messages starting A and B",
                   kServerOnly, "", "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(subscribeFrame(p, ""), "subscribe to everything");
                       const auto n = published(p, 700ms);
                       return n.first > 0 && n.second > 0 ? p.pass(counted(n)) : p.fail(counted(n));
                   },
                   "empty-topic-ignored", "publishes"});
    out.push_back({"37/pubsub/cancel", "37/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "CANCEL removes a subscription: what matched it stops.", "subscribe to \"A\", then cancel it",
                   "no A messages after the CANCEL (allowing 200 ms for those in flight)", kServerOnly, "", "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(subscribeFrame(p, "A"), "subscribe to \"A\"");
                       const auto before = published(p, 500ms);
                       p.send(subscribeFrame(p, "A", false), "cancel \"A\"");
                       published(p, 200ms);
                       const auto after = published(p, 500ms);
                       if (before.first == 0)
                           return p.fail("no A messages even while subscribed");
                       if (after.first > 0)
                           return p.fail(std::to_string(after.first) + " A message(s) still came after the CANCEL");
                       return p.pass(std::to_string(before.first) + " A messages while subscribed, none after the CANCEL");
                   },
                   "ignores-cancel", "publishes"});
    out.push_back({"23/pubsub/long-topic", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Should,
                   "A subscription longer than 255 bytes (a long frame) is valid.",
                   "a 300-byte subscription, then one to \"B\"", "B messages (the long one matches nothing)", kServerOnly, "",
                   "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(subscribeFrame(p, std::string(300, 'Z')), "a 300-byte subscription");
                       p.send(subscribeFrame(p, "B"), "subscribe to \"B\"");
                       const auto n = published(p, 700ms);
                       return n.second > 0 && n.first == 0 ? p.pass(counted(n)) : p.fail(counted(n));
                   },
                   "small-commands", "publishes"});
    out.push_back({"23/pubsub/huge-topic", "23/ZMTP", "Security Considerations", Level::Should,
                   "A 1 MiB subscription does not stop the publisher.", "a 1 MiB subscription, then one to \"A\"",
                   "A messages", kServerOnly, "", "PUB XPUB", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.send(subscribeFrame(p, std::string(1 << 20, 'Q')), "a 1 MiB subscription");
                       p.send(subscribeFrame(p, "A"), "subscribe to \"A\"");
                       const auto n = published(p, 1000ms);
                       return n.first > 0 ? p.pass(counted(n)) : p.fail(counted(n) + "; " + p.howItEnded("the subscriptions"));
                   },
                   "small-frames", "publishes"});
    out.push_back({"23/pubsub/message-form-subscribe", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "A 3.0 subscriber subscribes with a message whose first byte is 1: publishers must read it.",
                   "a greeting announcing 3.0, READY, then the message \\x01A", "A messages", kServerOnly, "NULL", "PUB XPUB", "",
                   +[](Probe &p) {
                       Greeting3 g = p.greeting();
                       g.minor = 0;
                       Buffer out = greetingBytes(g);
                       p.readyCommand(out);
                       p.send(out, "a 3.0 greeting and READY");
                       if (!targetReady(p))
                           return p.fail(p.howItEnded("the 3.0 greeting"));
                       Buffer sub;
                       codec::encode::frame(sub, codec::encode::bytes("\x01" "A"));
                       p.send(sub, "the 3.0 subscription message \\x01A");
                       const auto n = published(p, 700ms);
                       return n.first > 0 && n.second == 0 ? p.pass(counted(n)) : p.fail(counted(n));
                   },
                   "ignores-subscriptions", "publishes"});
    out.push_back({"37/pubsub/subscriber-uses-command", "37/ZMTP", "The Publish-Subscribe Pattern", Level::Should,
                   "A 3.1 subscriber subscribes to a 3.1 publisher with SUBSCRIBE commands.",
                   "a 3.1 greeting and READY as PUB", "SUBSCRIBE commands (not \\x01 messages)", kBoth, "NULL PLAIN", "SUB XSUB",
                   "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       p.waitFor([&] { return p.lastCommand("SUBSCRIBE") || p.messages() > 0; });
                       if (p.lastCommand("SUBSCRIBE"))
                           return p.pass("subscribed with SUBSCRIBE " + quoted(std::string(p.lastCommand("SUBSCRIBE")->data.begin(),
                                                                                          p.lastCommand("SUBSCRIBE")->data.end())));
                       if (p.messages() > 0)
                           return p.fail("subscribed with a message, not a SUBSCRIBE command");
                       return p.unimplemented("sent no subscription in time (does the target subscribe?)");
                   },
                   "old-subscriptions"});
    out.push_back({"23/pubsub/subscriber-uses-message-for-3.0", "23/ZMTP", "The Publish-Subscribe Pattern", Level::Must,
                   "A subscriber talking to a 3.0 publisher subscribes with messages: 3.0 has no SUBSCRIBE command.",
                   "a greeting announcing 3.0 and READY as PUB", "subscription messages \\x01topic", kBoth, "NULL", "SUB XSUB", "",
                   +[](Probe &p) {
                       Greeting3 g = p.greeting();
                       g.minor = 0;
                       Buffer out = greetingBytes(g);
                       p.readyCommand(out);
                       p.send(out, "a 3.0 greeting and READY");
                       p.waitFor([&] { return p.lastCommand("SUBSCRIBE") || p.messages() > 0; });
                       if (p.lastCommand("SUBSCRIBE"))
                           return p.fail("sent a SUBSCRIBE command to a 3.0 publisher");
                       if (p.messages() > 0)
                           return p.pass("subscribed with a message");
                       return p.unimplemented("sent no subscription in time (does the target subscribe?)");
                   },
                   "new-subscriptions-to-old"});

    // ---- request-reply ----------------------------------------------------
    out.push_back({"28/rep/envelope-returned", "28/REQREP", "The REP Socket Type", Level::Must,
                   "REP returns the whole envelope (every frame up to the empty delimiter) with its reply.",
                   "a request with two address frames, the delimiter and a body", "the reply behind the same two addresses",
                   kServerOnly, "", "REP", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       const std::vector<std::string> request{"addr-1", "addr-2", "", "body"};
                       const std::size_t before = p.sessionMessages();
                       p.sendMessage(request);
                       if (!p.waitFor([&] { return p.sessionMessages() > before; }))
                           return p.fail("no reply: " + p.howItEnded("the request"));
                       const auto &got = p.session()->received()[before];
                       if (got.size() >= 3 && got[0] == "addr-1" && got[1] == "addr-2" && got[2].empty())
                           return p.pass("reply " + describe(got));
                       return p.fail("reply " + describe(got));
                   },
                   "drops-envelope", "echo"});
    out.push_back({"28/rep/no-delimiter", "28/REQREP", "The REP Socket Type", Level::Should,
                   "REP discards a request without an empty delimiter and goes on serving.",
                   "a request with no delimiter, then a good one", "a reply to the good one only", kServerOnly, "", "REP", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return Verdict::Failed;
                       const std::size_t before = p.sessionMessages();
                       p.sendMessage({"no-delimiter"});
                       p.sendMessage({"", "good"});
                       // (the good one's reply, then a moment for a second one that must not come)
                       p.waitFor([&] { return p.sessionMessages() > before; });
                       p.waitFor([&] { return p.sessionMessages() > before + 1; }, 300ms);
                       const auto &r = p.session()->received();
                       std::vector<std::string> bodies;
                       for (std::size_t i = before; i < r.size(); ++i)
                           bodies.push_back(r[i].empty() ? std::string() : r[i].back());
                       if (bodies.size() == 1 && bodies[0] == "good")
                           return p.pass("answered only the good request");
                       return p.fail(std::to_string(bodies.size()) + " repl(ies): " + describe(bodies));
                   },
                   "answers-anything", "echo"});
}

}   // namespace zmqscope::conformance::cases
