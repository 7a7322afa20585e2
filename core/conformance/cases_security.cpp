// Security mechanisms: 24/ZMTP-PLAIN, 25/ZMTP-CURVE with 26/CURVEZMQ, and
// what 27/ZAP's verdicts look like on the wire.
#include "cases.h"

namespace zmqscope::conformance::cases {

namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t kServerOnly = 1, kClientOnly = 2;

Buffer helloBody(std::string_view user, std::string_view password)
{
    Buffer b{5, 'H', 'E', 'L', 'L', 'O'};
    b.push_back(std::uint8_t(user.size()));
    b.insert(b.end(), user.begin(), user.end());
    b.push_back(std::uint8_t(password.size()));
    b.insert(b.end(), password.begin(), password.end());
    return b;
}

Buffer initiateBody(const Probe &p)
{
    Buffer b{8, 'I', 'N', 'I', 'T', 'I', 'A', 'T', 'E', 11, 'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', 0, 0, 0};
    const std::string type(codec::socketTypeName(p.peerType()));
    b.push_back(std::uint8_t(type.size()));
    b.insert(b.end(), type.begin(), type.end());
    return b;
}

// PLAIN as the suite's client: greeting then HELLO as written.
void plainHello(Probe &p, const Buffer &hello, std::string_view what)
{
    Buffer out = greetingBytes(p.greeting());
    const Buffer h = commandFrame(hello);
    out.insert(out.end(), h.begin(), h.end());
    p.send(out, what);
}

bool welcomed(Probe &p)
{
    return p.waitFor([&] { return p.lastCommand("WELCOME") || p.errorReason(); }) && p.lastCommand("WELCOME");
}

// A refused PLAIN client: no WELCOME; ERROR or close.
Verdict refused(Probe &p, std::string_view what)
{
    p.waitFor([&] { return p.lastCommand("WELCOME") || p.closed() || p.errorReason(); });
    if (p.lastCommand("WELCOME"))
        return p.fail("answered WELCOME to " + std::string(what));
    if (p.closed() || p.errorReason())
        return p.pass(p.howItEnded(what));
    return p.fail(p.howItEnded(what));
}

// CURVE/PLAIN handshake with one command changed; the target must close.
template <typename Edit>
Verdict handshakeBroken(Probe &p, std::string name, Edit edit, std::string_view what)
{
    p.editOutgoing(name, edit);
    p.handshake();
    // (Our side may count as ready once it has written its last command; the
    // other side's answer to the broken one is what counts.)
    p.waitClosed();
    if (p.closed() || p.errorReason())
        return p.pass(p.howItEnded(what));
    if (p.session() && p.session()->state() == codec::SessionState::Ready)
        return p.fail("completed the handshake despite " + std::string(what) + " and " + p.howItEnded(what));
    return p.fail(p.howItEnded(what));
}

void flipLast(Buffer &b)
{
    b.back() ^= 0x01;
}

// After a CURVE handshake: bytes the case writes; the target must close.
Verdict curveClosesAfter(Probe &p, const std::function<void(Probe &)> &misbehave, std::string_view what)
{
    if (!p.handshake())
        return Verdict::Failed;
    misbehave(p);
    return mustClose(p, what);
}

}   // namespace

void addSecurityCases(std::vector<Case> &out)
{
    // ---- PLAIN, server under test -------------------------------------------
    out.push_back({"24/hello/good-credentials", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A client with good credentials gets WELCOME, then READY after its INITIATE.",
                   "HELLO with the credentials the target accepts, then INITIATE", "WELCOME, then READY", kServerOnly, "PLAIN",
                   "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       return p.pass("WELCOME and READY; the user is in");
                   },
                   "refuses-everyone"});
    out.push_back({"24/hello/wrong-password", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A client whose credentials the server refuses does not get WELCOME.",
                   "HELLO with the right user name and a wrong password", "ERROR or a close, no WELCOME", kServerOnly, "PLAIN",
                   "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, "wrong-" + p.target().password), "HELLO with a wrong password");
                       return refused(p, "the wrong password");
                   },
                   "accepts-everyone"});
    out.push_back({"24/hello/wrong-password-error", "24/ZMTP-PLAIN", "Implementation", Level::Should,
                   "A refused client is told so with ERROR before the server closes.", "HELLO with a wrong password",
                   "ERROR with a reason", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, "wrong"), "HELLO with a wrong password");
                       p.waitFor([&] { return p.errorReason() || p.closed() || p.lastCommand("WELCOME"); });
                       if (p.errorReason())
                           return p.pass(p.howItEnded("the wrong password"));
                       return p.fail(p.howItEnded("the wrong password") + ", without ERROR");
                   },
                   "silent-refusal"});
    out.push_back({"24/hello/unknown-user", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A user name the server does not know is refused.", "HELLO from user \"nobody-here\"",
                   "ERROR or a close, no WELCOME", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody("nobody-here", p.target().password), "HELLO from an unknown user");
                       return refused(p, "the unknown user");
                   },
                   "accepts-everyone"});
    out.push_back({"24/hello/empty-credentials", "24/ZMTP-PLAIN", "Implementation", Level::May,
                   "Empty user name and password are well formed; whether they get in is the server's policy.",
                   "HELLO with both empty", "anything: recorded", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody("", ""), "HELLO with empty credentials");
                       p.waitFor([&] { return p.lastCommand("WELCOME") || p.closed() || p.errorReason(); });
                       return p.info(p.lastCommand("WELCOME") ? "answered WELCOME" : p.howItEnded("the empty credentials"));
                   },
                   ""});
    out.push_back({"24/hello/long-credentials", "24/ZMTP-PLAIN", "Implementation", Level::Should,
                   "User names and passwords of up to 255 bytes are well formed (JeroMQ reads the lengths as signed).",
                   "HELLO with a 200-byte user name and a 255-byte password (not the target's)",
                   "ERROR or a close, and the target still serves others", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(std::string(200, 'u'), std::string(255, 'p')), "HELLO with long credentials");
                       p.waitFor([&] { return p.lastCommand("WELCOME") || p.closed() || p.errorReason(); });
                       if (p.lastCommand("WELCOME"))
                           return p.fail("answered WELCOME to credentials it does not know");
                       if (!p.closed() && !p.errorReason())
                           return p.fail(p.howItEnded("the long credentials"));
                       return p.pass(p.howItEnded("the long credentials"));
                   },
                   "short-credentials"});
    out.push_back({"24/hello/truncated", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A HELLO whose password runs past the command is malformed: close.",
                   "HELLO whose password length says 40 with 6 bytes following", "the connection closed, no WELCOME",
                   kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer b = helloBody(p.target().username, p.target().password);
                       b[7 + p.target().username.size()] = 40;
                       plainHello(p, b, "a HELLO cut short");
                       return refused(p, "the cut HELLO");
                   },
                   "lax-hello"});
    out.push_back({"24/hello/trailing-bytes", "24/ZMTP-PLAIN", "Implementation", Level::Should,
                   "A HELLO holds the two credentials and nothing after them.", "a good HELLO with 3 more bytes",
                   "ERROR or a close, no WELCOME", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer b = helloBody(p.target().username, p.target().password);
                       b.insert(b.end(), {'x', 'y', 'z'});
                       plainHello(p, b, "a HELLO with trailing bytes");
                       return refused(p, "the trailing bytes");
                   },
                   "lax-hello"});
    out.push_back({"24/hello/initiate-first", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "The client's first command is HELLO: INITIATE first is out of order.", "INITIATE instead of HELLO",
                   "the connection closed", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, initiateBody(p), "INITIATE before HELLO");
                       return mustClose(p, "INITIATE out of order");
                   },
                   "lax-handshake"});
    out.push_back({"24/hello/null-ready", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A NULL READY does not pass the PLAIN handshake.", "a PLAIN greeting, then READY",
                   "the connection closed", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer out = greetingBytes(p.greeting());
                       p.readyCommand(out);
                       p.send(out, "READY in place of HELLO");
                       if (p.waitFor([&] { return p.lastCommand("READY") != nullptr; }, 500ms))
                           return p.fail("answered READY without any credentials");
                       return mustClose(p, "READY in place of HELLO");
                   },
                   "lax-handshake"});
    out.push_back({"24/welcome/empty", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "WELCOME carries nothing but its name.", "a good HELLO", "WELCOME with no data", kServerOnly, "PLAIN", "",
                   "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, p.target().password), "a good HELLO");
                       if (!welcomed(p))
                           return p.fail("no WELCOME: " + p.howItEnded("the HELLO"));
                       const std::size_t n = p.lastCommand("WELCOME")->data.size();
                       return n == 0 ? p.pass("WELCOME, 8 bytes") : p.fail("WELCOME with " + std::to_string(n) + " byte(s) of data");
                   },
                   "welcome-with-data"});
    out.push_back({"24/initiate/malformed-metadata", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "INITIATE's metadata follows the grammar; a property cut short is malformed.",
                   "a good HELLO, then INITIATE whose Socket-Type value says 100 bytes with 6 following",
                   "the connection closed, no READY", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, p.target().password), "a good HELLO");
                       if (!welcomed(p))
                           return p.fail("no WELCOME: " + p.howItEnded("the HELLO"));
                       Buffer b = initiateBody(p);
                       b[9 + 12 + 3] = 100;
                       p.send(commandFrame(b), "INITIATE with a property cut short");
                       if (p.waitFor([&] { return p.lastCommand("READY") != nullptr; }, 500ms))
                           return p.fail("answered READY to the malformed INITIATE");
                       return mustClose(p, "the malformed INITIATE");
                   },
                   "lax-metadata"});
    out.push_back({"24/initiate/message-instead", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "No message before the handshake is done.", "a good HELLO, then a message in place of INITIATE",
                   "the connection closed", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, p.target().password), "a good HELLO");
                       if (!welcomed(p))
                           return p.fail("no WELCOME: " + p.howItEnded("the HELLO"));
                       Buffer m;
                       codec::encode::frame(m, codec::encode::bytes("early"));
                       p.send(m, "a message in place of INITIATE");
                       return mustClose(p, "the early message");
                   },
                   "lax-handshake"});
    out.push_back({"27/zap/refused-never-ready", "27/ZAP", "The PLAIN Mechanism", Level::Must,
                   "A client the authenticator refuses never reaches READY, even when it sends INITIATE without waiting.",
                   "HELLO with a wrong password and INITIATE at once", "no READY; ERROR or a close", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       Buffer out = greetingBytes(p.greeting());
                       const Buffer h = commandFrame(helloBody(p.target().username, "not-the-password"));
                       const Buffer i = commandFrame(initiateBody(p));
                       out.insert(out.end(), h.begin(), h.end());
                       out.insert(out.end(), i.begin(), i.end());
                       p.send(out, "a wrong password, HELLO and INITIATE in one write");
                       p.waitFor([&] { return p.lastCommand("READY") || p.closed() || p.errorReason(); });
                       if (p.lastCommand("READY"))
                           return p.fail("answered READY to a refused client");
                       return p.closed() || p.errorReason() ? p.pass(p.howItEnded("the refused client's commands"))
                                                            : p.fail(p.howItEnded("the refused client's commands"));
                   },
                   "accepts-everyone"});
    out.push_back({"27/zap/refusal-reason", "27/ZAP", "Message Format", Level::May,
                   "What a refused client is told: ZAP's status code in ERROR (libzmq) or a plain close.",
                   "HELLO with a wrong password", "anything: recorded", kServerOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       plainHello(p, helloBody(p.target().username, "nope"), "HELLO with a wrong password");
                       p.waitFor([&] { return p.errorReason() || p.closed() || p.lastCommand("WELCOME"); });
                       return p.info(p.howItEnded("the wrong password"));
                   },
                   ""});

    // ---- PLAIN, client under test -------------------------------------------
    out.push_back({"24/client/hello-credentials", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "The client's HELLO carries its user name and password as given.", "a PLAIN server's greeting",
                   "HELLO with the configured user name and password", kClientOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a PLAIN server's greeting");
                       if (!p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; }))
                           return p.fail("no HELLO: " + p.howItEnded("the greeting"));
                       const auto &d = p.lastCommand("HELLO")->data;
                       if (d.empty() || 1 + std::size_t(d[0]) >= d.size())
                           return p.fail("a malformed HELLO");
                       const std::string user(d.begin() + 1, d.begin() + 1 + d[0]);
                       const std::size_t pl = d[1 + d[0]];
                       const std::string pass(d.begin() + 2 + d[0], d.begin() + std::ptrdiff_t(std::min(d.size(), 2 + d[0] + pl)));
                       if (user != p.target().username || pass != p.target().password)
                           return p.fail("HELLO from \"" + user + "\" with a password of " + std::to_string(pass.size()) + " bytes");
                       return p.pass("HELLO from \"" + user + "\" with the configured password");
                   },
                   "wrong-hello"});
    out.push_back({"24/client/error-instead-of-welcome", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "A client refused with ERROR closes.", "a greeting, then ERROR \"denied\" after HELLO", "the connection closed",
                   kClientOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a PLAIN server's greeting");
                       p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; });
                       Buffer e;
                       codec::encode::error(e, "denied");
                       p.send(e, "ERROR \"denied\"");
                       return mustClose(p, "the ERROR");
                   },
                   "ignores-error"});
    out.push_back({"24/client/ready-instead-of-welcome", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "The server's answer to HELLO is WELCOME: READY in its place is out of order.",
                   "a greeting, then READY after HELLO", "the connection closed", kClientOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a PLAIN server's greeting");
                       p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; });
                       Buffer r;
                       p.readyCommand(r);
                       p.send(r, "READY in place of WELCOME");
                       return mustClose(p, "READY out of order");
                   },
                   "lax-handshake"});
    out.push_back({"24/client/welcome-with-data", "24/ZMTP-PLAIN", "Implementation", Level::Should,
                   "WELCOME carries nothing; one with data is malformed.", "a greeting, then WELCOME with 4 bytes of data",
                   "the connection closed", kClientOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a PLAIN server's greeting");
                       p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; });
                       p.send(commandFrame({7, 'W', 'E', 'L', 'C', 'O', 'M', 'E', 'd', 'a', 't', 'a'}), "WELCOME with data");
                       if (p.waitFor([&] { return p.lastCommand("INITIATE") != nullptr; }, 500ms))
                           return p.fail("answered the malformed WELCOME with INITIATE");
                       return mustClose(p, "the malformed WELCOME");
                   },
                   "lax-welcome"});
    out.push_back({"24/client/initiate-after-welcome", "24/ZMTP-PLAIN", "Implementation", Level::Must,
                   "After WELCOME the client sends INITIATE with its metadata, and no message before READY.",
                   "a greeting, WELCOME after HELLO", "INITIATE", kClientOnly, "PLAIN", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a PLAIN server's greeting");
                       p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; });
                       p.send(commandFrame({7, 'W', 'E', 'L', 'C', 'O', 'M', 'E'}), "WELCOME");
                       p.waitFor([&] { return p.lastCommand("INITIATE") || p.messages() > 0; });
                       if (p.messages() > 0)
                           return p.fail("sent a message before READY");
                       if (!p.lastCommand("INITIATE"))
                           return p.fail("no INITIATE: " + p.howItEnded("WELCOME"));
                       return p.pass("INITIATE with Socket-Type \"" + p.targetProperty("Socket-Type") + "\"");
                   },
                   "lax-handshake"});

    // ---- CURVE, server under test -------------------------------------------
    out.push_back({"26/hello/good", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "A client that knows the server's public key completes the handshake.",
                   "HELLO, INITIATE with a vouch, as a CurveZMQ client", "WELCOME, then READY", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       return p.pass("WELCOME and READY");
                   },
                   "refuses-everyone"});
    out.push_back({"26/hello/wrong-server-key", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "A HELLO whose signature box the server cannot open (made for another server key) is dropped: no "
                   "WELCOME.",
                   "HELLO boxed for a random server key", "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       p.useServerKey(codec::CurveKeyPair::generate().publicKey);
                       return handshakeBroken(p, "HELLO", [](Buffer &) {}, "a HELLO for another server");
                   },
                   "accepts-bad-hello"});
    out.push_back({"26/hello/short", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "HELLO is exactly 200 bytes: a shorter one is malformed.", "HELLO one byte short",
                   "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "HELLO", [](Buffer &b) { b.pop_back(); }, "a 199-byte HELLO"); },
                   "lax-curve-sizes"});
    out.push_back({"26/hello/long", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "HELLO is exactly 200 bytes: a longer one is malformed.", "HELLO with one byte more",
                   "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "HELLO", [](Buffer &b) { b.push_back(0); }, "a 201-byte HELLO"); },
                   "lax-curve-sizes"});
    out.push_back({"26/hello/version", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "HELLO's version is 1.0; a server must not go on with another.", "HELLO announcing version 2.0",
                   "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "HELLO", [](Buffer &b) { b[6] = 2; }, "HELLO version 2.0"); },
                   "lax-hello-version"});
    out.push_back({"26/hello/tampered", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "A HELLO whose signature box was changed does not open: no WELCOME.", "HELLO with its box's last byte flipped",
                   "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "HELLO", flipLast, "a tampered HELLO"); }, "accepts-bad-hello"});
    out.push_back({"26/hello/padding", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "HELLO's padding is all zeros and the server validates all fields: a HELLO with other padding is "
                   "malformed and the client is disconnected.",
                   "HELLO whose 72 padding bytes are 0x01", "the connection closed, no WELCOME", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return handshakeBroken(
                           p, "HELLO",
                           [](Buffer &b) {
                               for (std::size_t i = 8; i < 80 && i < b.size(); ++i)
                                   b[i] = 1;
                           },
                           "HELLO padding of 0x01 bytes");
                   },
                   "lax-hello-padding"});
    out.push_back({"26/hello/signature-not-zero", "26/CURVEZMQ", "The HELLO Command", Level::Must,
                   "HELLO's signature box holds 64 zero bytes; the server validates all fields, so one that opens to other "
                   "bytes is refused.",
                   "HELLO whose signature box opens to 64 non-zero bytes", "the connection closed, no WELCOME", kServerOnly,
                   "CURVE", "", "",
                   +[](Probe &p) {
                       p.tweakSession([](codec::SessionConfig &c) { c.nonZeroHelloSignature = true; });
                       return handshakeBroken(p, "HELLO", [](Buffer &) {}, "a HELLO signing non-zero bytes");
                   },
                   "lax-hello-signature"});
    out.push_back({"26/initiate/vouch-other-transient", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "The vouch proves the client's permanent key stands behind this connection's transient key: a vouch "
                   "for another transient key is refused.",
                   "INITIATE whose vouch names a transient key other than the HELLO's", "the connection closed, no READY",
                   kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       p.tweakSession([](codec::SessionConfig &c) { c.vouchTransient = codec::CurveKeyPair::generate().publicKey; });
                       return handshakeBroken(p, "INITIATE", [](Buffer &) {}, "a vouch for another transient key");
                   },
                   "accepts-bad-vouch"});
    out.push_back({"26/initiate/vouch-other-server", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "The vouch names the server it was made for: a vouch for another server's key is refused (the server "
                   "validates all fields).",
                   "INITIATE whose vouch names another server key", "the connection closed, no READY", kServerOnly, "CURVE", "",
                   "",
                   +[](Probe &p) {
                       p.tweakSession([](codec::SessionConfig &c) { c.vouchServer = codec::CurveKeyPair::generate().publicKey; });
                       return handshakeBroken(p, "INITIATE", [](Buffer &) {}, "a vouch for another server");
                   },
                   "accepts-bad-vouch"});
    out.push_back({"26/initiate/metadata-malformed", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "INITIATE's metadata follows the grammar: a property cut short is malformed and the client refused.",
                   "INITIATE whose boxed metadata says a 100-byte value with 6 following", "the connection closed, no READY",
                   kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       p.tweakSession([](codec::SessionConfig &c) {
                           c.rawInitiateMetadata = std::vector<std::uint8_t>{11,  'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e',
                                                                             0,   0,   0,   100, 'D', 'E', 'A', 'L', 'E', 'R'};
                       });
                       return handshakeBroken(p, "INITIATE", [](Buffer &) {}, "malformed metadata in INITIATE");
                   },
                   "keeps-open"});
    out.push_back({"26/initiate/tampered-cookie", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "A cookie the server did not make (or changed on the way) is refused: no READY.",
                   "INITIATE whose cookie has one byte flipped", "the connection closed, no READY", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return handshakeBroken(p, "INITIATE", [](Buffer &b) { b[9 + 40] ^= 0x01; }, "a changed cookie");
                   },
                   "accepts-bad-cookie"});
    out.push_back({"26/initiate/tampered-box", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "An INITIATE box that does not open is refused.", "INITIATE with its box's last byte flipped",
                   "the connection closed, no READY", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "INITIATE", flipLast, "a tampered INITIATE"); },
                   "accepts-bad-initiate"});
    out.push_back({"26/initiate/short", "26/CURVEZMQ", "The INITIATE Command", Level::Must,
                   "INITIATE is at least 257 bytes: a shorter one is malformed.", "INITIATE cut to 200 bytes",
                   "the connection closed, no READY", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return handshakeBroken(p, "INITIATE", [](Buffer &b) { b.resize(200); }, "a 200-byte INITIATE");
                   },
                   "lax-curve-sizes"});
    out.push_back({"26/ready/socket-type", "25/ZMTP-CURVE", "Implementation", Level::Should,
                   "The server's READY box carries its Socket-Type.", "a proper CURVE handshake",
                   "Socket-Type in the READY box, naming the target's type", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const std::string t = p.targetProperty("Socket-Type");
                       if (t.empty())
                           return p.fail("no Socket-Type in READY");
                       return t == p.target().socketType ? p.pass("Socket-Type \"" + t + "\"")
                                                         : p.fail("Socket-Type \"" + t + "\", not " + p.target().socketType);
                   },
                   "no-socket-type"});
    out.push_back({"26/message/round-trip", "26/CURVEZMQ", "The MESSAGE Command", Level::Must,
                   "Messages travel boxed in MESSAGE commands and come back whole.", "an encrypted 2-frame message",
                   "the same frames back, encrypted", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       std::vector<std::string> reply;
                       if (!echo(p, {"secret", "frames"}, &reply))
                           return p.fail("no reply: " + p.howItEnded("the message"));
                       return reply == std::vector<std::string>{"secret", "frames"} ? p.pass("got back " + describe(reply))
                                                                                    : p.fail("got back " + describe(reply));
                   },
                   "breaks-multipart", "echo"});
    out.push_back({"26/message/tampered", "26/CURVEZMQ", "The MESSAGE Command", Level::Must,
                   "A MESSAGE box that does not open ends the connection.", "a MESSAGE with its box's last byte flipped",
                   "the connection closed", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage({"x"}, flipLast);
                       p.waitClosed();
                       if (p.errorReason())
                           return p.fail("answered ERROR, which a server must not send for an invalid MESSAGE: "
                                         + p.howItEnded("the tampered MESSAGE"));
                       return p.closed() ? p.pass(p.howItEnded("the tampered MESSAGE")) : p.fail(p.howItEnded("the tampered MESSAGE"));
                   },
                   "accepts-bad-message"});
    out.push_back({"26/message/replayed", "26/CURVEZMQ", "The MESSAGE Command", Level::Must,
                   "A MESSAGE nonce may not be used twice: a replayed MESSAGE ends the connection.",
                   "a MESSAGE, then the same bytes again", "the connection closed", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return curveClosesAfter(
                           p,
                           [](Probe &q) {
                               q.sendMessage({"once"});
                               const Buffer again = q.lastWritten();
                               q.send(again, "the same MESSAGE again (its nonce replayed)");
                           },
                           "the replayed MESSAGE");
                   },
                   "accepts-replay"});
    out.push_back({"26/message/nonce-backwards", "26/CURVEZMQ", "The MESSAGE Command", Level::Must,
                   "MESSAGE nonces only go up: an older one after a newer one ends the connection.",
                   "two MESSAGEs, written newest first", "the connection closed", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return curveClosesAfter(
                           p,
                           [](Probe &q) {
                               Buffer first;
                               q.sendMessage({"first"}, [&](Buffer &b) {
                                   first = b;
                                   b.clear();
                               });
                               q.sendMessage({"second"});
                               q.send(first, "the first MESSAGE after the second (its nonce lower)");
                           },
                           "the older nonce");
                   },
                   "accepts-replay"});
    out.push_back({"26/message/cleartext", "25/ZMTP-CURVE", "Implementation", Level::Must,
                   "After a CURVE handshake every message is boxed: a clear-text frame ends the connection.",
                   "a handshake, then a plain message frame", "the connection closed", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return curveClosesAfter(
                           p,
                           [](Probe &q) {
                               Buffer m;
                               codec::encode::frame(m, codec::encode::bytes("in the clear"));
                               q.send(m, "a clear-text message");
                           },
                           "the clear-text message");
                   },
                   "accepts-cleartext"});
    out.push_back({"26/message/short", "26/CURVEZMQ", "The MESSAGE Command", Level::Must,
                   "A MESSAGE holds at least its nonce and the box's MAC (33 bytes of body); a shorter one is malformed.",
                   "a handshake, then a MESSAGE command of 16 bytes", "the connection closed", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       return curveClosesAfter(
                           p, [](Probe &q) { q.send(commandFrame({7, 'M', 'E', 'S', 'S', 'A', 'G', 'E', 0, 0, 0, 0, 0, 0, 0, 9}), "a 16-byte MESSAGE"); },
                           "the short MESSAGE");
                   },
                   "lax-curve-sizes"});
    out.push_back({"26/message/command-frame", "25/ZMTP-CURVE", "Implementation", Level::May,
                   "MESSAGE is a command by name but libzmq and JeroMQ send it in message frames; one in a command frame "
                   "is read differently by each.",
                   "a MESSAGE in a command frame (flags 0x04)", "anything: recorded", kServerOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage({"as", "command"}, [](Buffer &b) { b[0] |= codec::flags::Command; });
                       return record(p, "a MESSAGE in a command frame");
                   },
                   ""});

    // ---- CURVE, client under test -------------------------------------------
    out.push_back({"26/client/handshake", "26/CURVEZMQ", "Overall Operation of CurveZMQ", Level::Must,
                   "A client given the server's key completes the handshake.", "a CurveZMQ server's side",
                   "HELLO, INITIATE, and READY both ways", kClientOnly, "CURVE", "", "",
                   +[](Probe &p) { return p.handshake() ? p.pass("the handshake completed") : p.fail(p.result().observed); },
                   "wrong-hello"});
    out.push_back({"26/client/tampered-welcome", "26/CURVEZMQ", "The WELCOME Command", Level::Must,
                   "A WELCOME box that does not open ends the handshake.", "WELCOME with its box's last byte flipped",
                   "the connection closed, no INITIATE", kClientOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "WELCOME", flipLast, "a tampered WELCOME"); }, "accepts-bad-welcome"});
    out.push_back({"26/client/short-welcome", "26/CURVEZMQ", "The WELCOME Command", Level::Must,
                   "WELCOME is exactly 168 bytes.", "WELCOME one byte short", "the connection closed, no INITIATE", kClientOnly,
                   "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "WELCOME", [](Buffer &b) { b.pop_back(); }, "a short WELCOME"); },
                   "lax-curve-sizes"});
    out.push_back({"26/client/tampered-ready", "26/CURVEZMQ", "The READY Command", Level::Must,
                   "A READY box that does not open ends the connection.", "READY with its box's last byte flipped",
                   "the connection closed", kClientOnly, "CURVE", "", "",
                   +[](Probe &p) { return handshakeBroken(p, "READY", flipLast, "a tampered READY"); }, "accepts-bad-ready"});
    out.push_back({"26/client/error-instead-of-welcome", "26/CURVEZMQ", "The ERROR Command", Level::Must,
                   "A client answered with ERROR closes.", "ERROR \"denied\" in answer to HELLO", "the connection closed",
                   kClientOnly, "CURVE", "", "",
                   +[](Probe &p) {
                       p.send(greetingBytes(p.greeting()), "a CURVE server's greeting");
                       p.waitFor([&] { return p.lastCommand("HELLO") != nullptr; });
                       Buffer e;
                       codec::encode::error(e, "denied");
                       p.send(e, "ERROR \"denied\"");
                       return mustClose(p, "the ERROR");
                   },
                   "ignores-error"});
}

}   // namespace zmqscope::conformance::cases
