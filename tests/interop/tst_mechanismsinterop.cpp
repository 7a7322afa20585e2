// Our NULL, PLAIN and CURVE peers (codec Session) against libzmq 4.3.4 over
// TCP, both ways, with and without a ZAP handler; negative cases check the
// exact error on both sides: ours from the Session, libzmq's from its socket
// monitor (ZMQ_EVENT_HANDSHAKE_FAILED_*).
#include "zmqtest.h"
#include "codec/session.h"
#include "codec/zap.h"
#include "zaphandler.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <chrono>
#include <cstring>
#include <functional>

using namespace zmqscope::codec;
using zmqscope::ZapHandler;

namespace {

using Clock = std::chrono::steady_clock;

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

int connectTo(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    return ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 ? fd : -1;
}

int listenLocal(std::uint16_t &port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
    port = ntohs(a.sin_port);
    return fd;
}

int acceptOne(int listener, int timeoutMs = 5000)
{
    pollfd p{listener, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0)
        return -1;
    return ::accept(listener, nullptr, nullptr);
}

// Moves bytes between a Session and a socket until `done` or the peer
// closes or the time runs out. Returns true if `done` held.
bool drive(Session &s, int fd, const std::function<bool()> &done, int timeoutMs = 5000, bool *closed = nullptr)
{
    const auto end = Clock::now() + std::chrono::milliseconds(timeoutMs);
    std::uint8_t buf[65536];
    while (!done()) {
        while (!s.output().empty()) {
            const auto out = s.output();
            const ssize_t w = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (w <= 0)
                break;
            s.consume(std::size_t(w));
        }
        if (Clock::now() > end)
            return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0)
            continue;
        const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0) {
            if (closed)
                *closed = true;
            return done();
        }
        s.feed({buf, std::size_t(r)});
    }
    while (!s.output().empty()) {   // flush what the last step queued
        const auto out = s.output();
        const ssize_t w = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
        if (w <= 0)
            break;
        s.consume(std::size_t(w));
    }
    return true;
}

using zmqtest::Context;

// A libzmq socket with a monitor that records handshake events.
class ZSocket {
public:
    ZSocket(void *ctx, int type) : m_ctx(ctx), m_s(zmq_socket(ctx, type))
    {
        int linger = 0, timeout = 5000;
        zmq_setsockopt(m_s, ZMQ_LINGER, &linger, sizeof linger);
        zmq_setsockopt(m_s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
        static int counter = 0;
        m_monitorEndpoint = "inproc://monitor-" + std::to_string(++counter);
        zmq_socket_monitor(m_s, m_monitorEndpoint.c_str(), ZMQ_EVENT_ALL);
        m_monitor = zmq_socket(ctx, ZMQ_PAIR);
        zmq_setsockopt(m_monitor, ZMQ_LINGER, &linger, sizeof linger);
        zmq_connect(m_monitor, m_monitorEndpoint.c_str());
    }
    ~ZSocket()
    {
        zmq_close(m_s);
        zmq_close(m_monitor);
    }
    void *get() const { return m_s; }
    void set(int o, int v) { zmq_setsockopt(m_s, o, &v, sizeof v); }
    void set(int o, const std::string &v) { zmq_setsockopt(m_s, o, v.data(), v.size()); }
    std::uint16_t bindLocal() { return zmqtest::bindLocal(m_s); }
    void connectTo(std::uint16_t port) { zmq_connect(m_s, ("tcp://127.0.0.1:" + std::to_string(port)).c_str()); }
    std::vector<std::string> recv() { return zmqtest::receiveParts(m_s); }
    void send(const std::vector<std::string> &parts) { zmqtest::sendParts(m_s, parts); }
    // Waits for a monitor event of one of `kinds`; returns {event, value}.
    std::pair<int, int> waitEvent(int kinds, int timeoutMs = 5000)
    {
        const auto end = Clock::now() + std::chrono::milliseconds(timeoutMs);
        while (Clock::now() < end) {
            zmq_pollitem_t item{m_monitor, 0, ZMQ_POLLIN, 0};
            if (zmq_poll(&item, 1, 50) <= 0)
                continue;
            zmq_msg_t m;
            zmq_msg_init(&m);
            zmq_msg_recv(&m, m_monitor, 0);
            std::uint16_t event;
            std::int32_t value;
            std::memcpy(&event, zmq_msg_data(&m), 2);
            std::memcpy(&value, static_cast<const char *>(zmq_msg_data(&m)) + 2, 4);
            zmq_msg_close(&m);
            zmq_msg_init(&m);
            zmq_msg_recv(&m, m_monitor, 0);   // endpoint frame
            zmq_msg_close(&m);
            if (event & kinds)
                return {event, value};
        }
        return {0, 0};
    }

private:
    void *m_ctx;
    void *m_s;
    void *m_monitor;
    std::string m_monitorEndpoint;
};

constexpr int kHandshakeEvents = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
    | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

AccessPolicy adminPolicy()
{
    AccessPolicy p;
    p.plainUsers["admin"] = "secret";
    return p;
}

}   // namespace

class TestMechanismsInterop : public QObject {
    Q_OBJECT
private slots:
    void plainClientWithLibzmqServer();
    void plainClientRefusedByZap();
    void libzmqPlainClientWithOurServer();
    void libzmqPlainClientRefusedByOurServer();
    void curveClientWithLibzmqServer_data();
    void curveClientWithLibzmqServer();
    void libzmqCurveClientWithOurServer();
    void wrongServerKeySeenByLibzmq();
    void libzmqClientWithWrongServerKey();
    void zapFailureIs500();
    void mechanismMismatch();
    void keyLogLinesMatchBothSides();
};

void TestMechanismsInterop::plainClientWithLibzmqServer()
{
    Context ctx;
    ZapHandler zap(ctx.get(), adminPolicy().authenticator());
    QVERIFY(zap.isRunning());
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_PLAIN_SERVER, 1);
    server.set(ZMQ_ZAP_DOMAIN, std::string("test"));
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Plain;
    cfg.socketType = SocketType::Dealer;
    cfg.identity = "BOB";
    cfg.username = "admin";
    cfg.password = "secret";
    Session s(cfg);
    QVERIFY2(drive(s, fd.fd, [&] { return s.state() == SessionState::Ready || s.state() == SessionState::Failed; }),
             s.errorDetail().c_str());
    QCOMPARE(s.state(), SessionState::Ready);
    QVERIFY(s.send({"hello", "plain"}));
    drive(s, fd.fd, [] { return true; });
    const auto got = server.recv();
    QCOMPARE(got, (std::vector<std::string>{"BOB", "hello", "plain"}));
    server.send({"BOB", "world"});
    QVERIFY(drive(s, fd.fd, [&] { return !s.received().empty(); }));
    QCOMPARE(s.received().front(), std::vector<std::string>{"world"});
    QCOMPARE(server.waitEvent(kHandshakeEvents).first, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    const auto reqs = zap.requests();
    QCOMPARE(reqs.size(), std::size_t(1));
    QCOMPARE(reqs[0].auth.username, std::string("admin"));
    QCOMPARE(reqs[0].auth.domain, std::string("test"));
    QCOMPARE(reqs[0].auth.address, std::string("127.0.0.1"));
}

void TestMechanismsInterop::plainClientRefusedByZap()
{
    Context ctx;
    ZapHandler zap(ctx.get(), adminPolicy().authenticator());
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_PLAIN_SERVER, 1);
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Plain;
    cfg.username = "admin";
    cfg.password = "wrong";
    Session s(cfg);
    drive(s, fd.fd, [&] { return s.state() == SessionState::Failed; });
    QCOMPARE(s.state(), SessionState::Failed);
    QCOMPARE(s.peerErrorReason(), std::string("400"));
    const auto ev = server.waitEvent(kHandshakeEvents);
    QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    QCOMPARE(ev.second, 400);
}

void TestMechanismsInterop::libzmqPlainClientWithOurServer()
{
    Context ctx;
    std::uint16_t port = 0;
    Fd listener(listenLocal(port));
    ZSocket client(ctx.get(), ZMQ_DEALER);
    client.set(ZMQ_PLAIN_USERNAME, std::string("admin"));
    client.set(ZMQ_PLAIN_PASSWORD, std::string("secret"));
    client.set(ZMQ_ROUTING_ID, std::string("lib"));
    client.connectTo(port);
    Fd fd(acceptOne(listener.fd));
    QVERIFY(fd.fd >= 0);
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Plain;
    cfg.server = true;
    cfg.socketType = SocketType::Router;
    cfg.authenticate = adminPolicy().authenticator();
    Session s(cfg);
    client.send({"ping"});
    QVERIFY2(drive(s, fd.fd, [&] { return !s.received().empty(); }), s.errorDetail().c_str());
    QCOMPARE(s.received().front(), std::vector<std::string>{"ping"});
    QVERIFY(s.send({"pong"}));
    drive(s, fd.fd, [] { return true; });
    QCOMPARE(client.recv(), std::vector<std::string>{"pong"});
    const auto &md = s.peerMetadata();
    QVERIFY(std::find(md.begin(), md.end(), std::pair<std::string, std::string>{"Identity", "lib"}) != md.end());
    QCOMPARE(client.waitEvent(kHandshakeEvents).first, ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
}

void TestMechanismsInterop::libzmqPlainClientRefusedByOurServer()
{
    // libzmq 4.3.4's PLAIN client recognises a refusal only in its own
    // 5E 'RROR' spelling: an RFC-correct ERROR reads to it as an unexpected
    // command. Both, with the exact event libzmq reports.
    for (const bool quirk : {false, true}) {
        Context ctx;
        std::uint16_t port = 0;
        Fd listener(listenLocal(port));
        ZSocket client(ctx.get(), ZMQ_DEALER);
        client.set(ZMQ_PLAIN_USERNAME, std::string("mallory"));
        client.set(ZMQ_PLAIN_PASSWORD, std::string("guess"));
        client.connectTo(port);
        Fd fd(acceptOne(listener.fd));
        SessionConfig cfg;
        cfg.mechanism = Mechanism::Plain;
        cfg.server = true;
        cfg.socketType = SocketType::Router;
        cfg.authenticate = adminPolicy().authenticator();
        cfg.libzmqPlainErrorQuirk = quirk;
        Session s(cfg);
        drive(s, fd.fd, [&] { return s.state() == SessionState::Failed; });
        const auto ev = client.waitEvent(kHandshakeEvents);
        if (quirk) {
            QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
            QCOMPARE(ev.second, 400);
        } else {
            QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
            QCOMPARE(ev.second, ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);
        }
    }
}

void TestMechanismsInterop::curveClientWithLibzmqServer_data()
{
    QTest::addColumn<int>("zapMode");   // 0 none, 1 key allowed, 2 key not allowed
    QTest::newRow("no ZAP handler") << 0;
    QTest::newRow("ZAP allows the key") << 1;
    QTest::newRow("ZAP denies the key") << 2;
}

void TestMechanismsInterop::curveClientWithLibzmqServer()
{
    QFETCH(int, zapMode);
    Context ctx;
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    const CurveKeyPair clientKeys = CurveKeyPair::generate();
    std::unique_ptr<ZapHandler> zap;
    if (zapMode) {
        AccessPolicy policy;
        policy.curveKeys.insert(zapMode == 1 ? clientKeys.publicKey : CurveKeyPair::generate().publicKey);
        zap = std::make_unique<ZapHandler>(ctx.get(), policy.authenticator());
    }
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_CURVE_SERVER, 1);
    server.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(serverKeys.secretKey));
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Curve;
    cfg.socketType = SocketType::Dealer;
    cfg.identity = "curvy";
    cfg.curveKeys = clientKeys;
    cfg.curveServerKey = serverKeys.publicKey;
    Session s(cfg);
    drive(s, fd.fd, [&] { return s.state() == SessionState::Ready || s.state() == SessionState::Failed; });
    if (zapMode == 2) {
        QCOMPARE(s.state(), SessionState::Failed);
        QCOMPARE(s.peerErrorReason(), std::string("400"));
        const auto ev = server.waitEvent(kHandshakeEvents);
        QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
        QCOMPARE(ev.second, 400);
        return;
    }
    QCOMPARE(s.state(), SessionState::Ready);
    QVERIFY(s.send({"a", std::string(100000, 'b'), ""}));
    drive(s, fd.fd, [] { return true; });
    QCOMPARE(server.recv(), (std::vector<std::string>{"curvy", "a", std::string(100000, 'b'), ""}));
    server.send({"curvy", "reply", "two"});
    QVERIFY(drive(s, fd.fd, [&] { return !s.received().empty(); }));
    QCOMPARE(s.received().front(), (std::vector<std::string>{"reply", "two"}));
    if (zap) {
        const auto reqs = zap->requests();
        QCOMPARE(reqs.size(), std::size_t(1));
        QCOMPARE(*reqs[0].auth.clientKey, clientKeys.publicKey);
    }
}

void TestMechanismsInterop::libzmqCurveClientWithOurServer()
{
    Context ctx;
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    const CurveKeyPair clientKeys = CurveKeyPair::generate();
    std::uint16_t port = 0;
    Fd listener(listenLocal(port));
    ZSocket client(ctx.get(), ZMQ_DEALER);
    client.set(ZMQ_CURVE_SERVERKEY, curveKeyToZ85(serverKeys.publicKey));
    client.set(ZMQ_CURVE_PUBLICKEY, curveKeyToZ85(clientKeys.publicKey));
    client.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(clientKeys.secretKey));
    client.connectTo(port);
    Fd fd(acceptOne(listener.fd));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Curve;
    cfg.server = true;
    cfg.socketType = SocketType::Router;
    cfg.curveKeys = serverKeys;
    AccessPolicy policy;
    policy.curveKeys.insert(clientKeys.publicKey);
    cfg.authenticate = policy.authenticator();
    Session s(cfg);
    client.send({"x", "yz"});
    QVERIFY2(drive(s, fd.fd, [&] { return !s.received().empty(); }), s.errorDetail().c_str());
    QCOMPARE(s.received().front(), (std::vector<std::string>{"x", "yz"}));
    QCOMPARE(static_cast<const CurveServer &>(s.handshake()).clientPermanentPublic(), clientKeys.publicKey);
    QVERIFY(s.send({"back"}));
    drive(s, fd.fd, [] { return true; });
    QCOMPARE(client.recv(), std::vector<std::string>{"back"});

    // The same client key refused: libzmq reports the 400.
    ZSocket denied(ctx.get(), ZMQ_DEALER);
    const CurveKeyPair other = CurveKeyPair::generate();
    denied.set(ZMQ_CURVE_SERVERKEY, curveKeyToZ85(serverKeys.publicKey));
    denied.set(ZMQ_CURVE_PUBLICKEY, curveKeyToZ85(other.publicKey));
    denied.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(other.secretKey));
    denied.connectTo(port);
    Fd fd2(acceptOne(listener.fd));
    Session s2(cfg);
    drive(s2, fd2.fd, [&] { return s2.state() == SessionState::Failed; });
    const auto ev = denied.waitEvent(kHandshakeEvents);
    QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    QCOMPARE(ev.second, 400);
}

void TestMechanismsInterop::wrongServerKeySeenByLibzmq()
{
    Context ctx;
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_CURVE_SERVER, 1);
    server.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(serverKeys.secretKey));
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Curve;
    cfg.curveKeys = CurveKeyPair::generate();
    cfg.curveServerKey = CurveKeyPair::generate().publicKey;   // not the server's
    Session s(cfg);
    bool closed = false;
    drive(s, fd.fd, [] { return false; }, 2000, &closed);
    QVERIFY(closed);   // libzmq closes without ERROR
    QCOMPARE(s.state(), SessionState::Handshake);
    QCOMPARE(s.handshake().stateName(), std::string_view("expect WELCOME"));
    const auto ev = server.waitEvent(kHandshakeEvents);
    QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
    QCOMPARE(ev.second, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
}

void TestMechanismsInterop::libzmqClientWithWrongServerKey()
{
    Context ctx;
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    const CurveKeyPair clientKeys = CurveKeyPair::generate();
    std::uint16_t port = 0;
    Fd listener(listenLocal(port));
    ZSocket client(ctx.get(), ZMQ_DEALER);
    client.set(ZMQ_CURVE_SERVERKEY, curveKeyToZ85(CurveKeyPair::generate().publicKey));
    client.set(ZMQ_CURVE_PUBLICKEY, curveKeyToZ85(clientKeys.publicKey));
    client.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(clientKeys.secretKey));
    client.connectTo(port);
    Fd fd(acceptOne(listener.fd));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Curve;
    cfg.server = true;
    cfg.curveKeys = serverKeys;
    Session s(cfg);
    drive(s, fd.fd, [&] { return s.state() == SessionState::Failed; });
    QCOMPARE(s.state(), SessionState::Failed);
    QCOMPARE(s.error(), ProtocolError::ZmtpCryptographic);
}

void TestMechanismsInterop::zapFailureIs500()
{
    Context ctx;
    AccessPolicy broken;
    broken.failAll = true;
    ZapHandler zap(ctx.get(), broken.authenticator());
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_PLAIN_SERVER, 1);
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Plain;
    cfg.username = "admin";
    cfg.password = "secret";
    Session s(cfg);
    drive(s, fd.fd, [&] { return s.state() == SessionState::Failed; });
    QCOMPARE(s.peerErrorReason(), std::string("500"));
    const auto ev = server.waitEvent(kHandshakeEvents);
    QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
    QCOMPARE(ev.second, 500);
}

void TestMechanismsInterop::mechanismMismatch()
{
    // libzmq closes as soon as it reads our mechanism, before it has sent
    // the rest of its own greeting: our side cannot see the mismatch, only
    // the close; libzmq's monitor names it.
    Context ctx;
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    ZSocket server(ctx.get(), ZMQ_ROUTER);
    server.set(ZMQ_CURVE_SERVER, 1);
    server.set(ZMQ_CURVE_SECRETKEY, curveKeyToZ85(serverKeys.secretKey));
    const auto port = server.bindLocal();
    Fd fd(connectTo(port));
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Plain;
    cfg.username = "u";
    cfg.password = "p";
    Session s(cfg);
    bool closed = false;
    drive(s, fd.fd, [&] { return s.state() == SessionState::Failed; }, 2000, &closed);
    if (s.state() == SessionState::Failed)
        QCOMPARE(s.error(), ProtocolError::ZmtpMechanismMismatch);
    else
        QVERIFY(closed);
    const auto ev = server.waitEvent(kHandshakeEvents);
    QCOMPARE(ev.first, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL);
    QCOMPARE(ev.second, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);

    // Two of ours: the one that reads the other's greeting reports it.
    int sv[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    Fd a(sv[0]), b(sv[1]);
    SessionConfig curve;
    curve.mechanism = Mechanism::Curve;
    curve.server = true;
    curve.curveKeys = serverKeys;
    Session plain(cfg), other(curve);
    drive(plain, a.fd, [] { return true; }, 10);
    drive(other, b.fd, [] { return true; }, 10);
    drive(plain, a.fd, [&] { return plain.state() == SessionState::Failed; }, 1000);
    QCOMPARE(plain.error(), ProtocolError::ZmtpMechanismMismatch);
}

void TestMechanismsInterop::keyLogLinesMatchBothSides()
{
    // Our client and our server over a socket pair: both key-log lines name
    // the same C' and K.
    int sv[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    Fd a(sv[0]), b(sv[1]);
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    std::string clientLine, serverLine;
    SessionConfig c;
    c.mechanism = Mechanism::Curve;
    c.curveKeys = CurveKeyPair::generate();
    c.curveServerKey = serverKeys.publicKey;
    c.keyLog = [&](const std::string &l) { clientLine = l; };
    SessionConfig sc;
    sc.mechanism = Mechanism::Curve;
    sc.server = true;
    sc.socketType = SocketType::Router;
    sc.curveKeys = serverKeys;
    sc.keyLog = [&](const std::string &l) { serverLine = l; };
    Session client(c), server(sc);
    for (int i = 0; i < 50 && (client.state() != SessionState::Ready || server.state() != SessionState::Ready); ++i) {
        drive(client, a.fd, [] { return true; }, 10);
        drive(server, b.fd, [] { return true; }, 10);
        drive(client, a.fd, [] { return false; }, 10);
        drive(server, b.fd, [] { return false; }, 10);
    }
    QCOMPARE(client.state(), SessionState::Ready);
    QVERIFY(clientLine.starts_with("ZMTP_CURVE_SESSION "));
    QCOMPARE(clientLine, serverLine);
    QCOMPARE(clientLine.size(), std::size_t(19 + 64 + 1 + 64));
}

QTEST_GUILESS_MAIN(TestMechanismsInterop)
#include "tst_mechanismsinterop.moc"
