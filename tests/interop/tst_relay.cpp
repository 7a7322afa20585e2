// The relay between real libzmq 4.3.4 peers: byte-exact tap forwarding over
// IPv4, IPv6 and ipc://, an unreachable target reported per connection while
// the listener keeps running, and CURVE termination showing messages in
// clear while both legs stay CURVE.
#include "zmqtest.h"
#include "collector.h"
#include "relay.h"

#include "codec/connectiondecoder.h"

#include <QTemporaryDir>
#include <QTest>

#include <zmq.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstring>
#include <mutex>

using namespace zmqscope;
using namespace zmqscope::codec;
using testutil::Collector;

namespace {

class Recorder : public RelayListener {
public:
    struct Conn {
        std::vector<std::pair<Direction, std::vector<std::uint8_t>>> segments;
        std::vector<std::pair<Direction, std::vector<std::string>>> messages;
        bool closed = false;
        std::string error;
    };
    mutable std::mutex mutex;
    std::map<std::uint64_t, Conn> conns;

    void relayBytes(std::uint64_t id, Direction d, std::int64_t, Bytes b) override
    {
        std::lock_guard l(mutex);
        conns[id].segments.push_back({d, std::vector<std::uint8_t>(b.begin(), b.end())});
    }
    void relayMessage(std::uint64_t id, Direction d, const std::vector<std::string> &frames) override
    {
        std::lock_guard l(mutex);
        conns[id].messages.push_back({d, frames});
    }
    void relayClosed(std::uint64_t id, const std::string &error) override
    {
        std::lock_guard l(mutex);
        conns[id].closed = true;
        conns[id].error = error;
    }
    Conn get(std::uint64_t id) const
    {
        std::lock_guard l(mutex);
        const auto it = conns.find(id);
        return it == conns.end() ? Conn{} : it->second;
    }
};

using Zmq = zmqtest::Sockets;




}   // namespace

class TestRelay : public QObject {
    Q_OBJECT
private slots:
    void endpoints();
    void tapForwardsAndRecords_data();
    void tapForwardsAndRecords();
    void unreachableTarget();
    void curveTermination();
    void halfClose();
};

void TestRelay::endpoints()
{
    QCOMPARE(Endpoint::parse("tcp://127.0.0.1:5555")->port, std::uint16_t(5555));
    QCOMPARE(Endpoint::parse("tcp://[::1]:0")->host, std::string("::1"));
    QCOMPARE(Endpoint::parse("tcp://[::1]:7")->toString(), std::string("tcp://[::1]:7"));
    QCOMPARE(Endpoint::parse("ipc:///tmp/a.ipc")->path, std::string("/tmp/a.ipc"));
    std::string error;
    QVERIFY(!Endpoint::parse("udp://x:1", &error));
    QVERIFY(!Endpoint::parse("tcp://host", &error));
    QVERIFY(!Endpoint::parse("tcp://h:99999", &error));
    QVERIFY(!Endpoint::parse("tcp://[::1:5", &error));
}

void TestRelay::tapForwardsAndRecords_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addColumn<bool>("ipv6");
    QTest::newRow("tcp IPv4") << QStringLiteral("tcp://127.0.0.1:0") << false;
    QTest::newRow("tcp IPv6") << QStringLiteral("tcp://[::1]:0") << true;
    QTest::newRow("ipc") << QStringLiteral("ipc") << false;
}

void TestRelay::tapForwardsAndRecords()
{
    QFETCH(QString, listen);
    QFETCH(bool, ipv6);
    QTemporaryDir dir;
    Zmq z;
    void *router = z.socket(ZMQ_ROUTER);
    int one = 1;
    if (ipv6)
        zmq_setsockopt(router, ZMQ_IPV6, &one, sizeof one);
    QCOMPARE(zmq_bind(router, ipv6 ? "tcp://[::1]:*" : "tcp://127.0.0.1:*"), 0);
    Recorder rec;
    Relay::Config cfg;
    const std::string listenText = listen == QStringLiteral("ipc")
        ? "ipc://" + dir.filePath(QStringLiteral("tap.ipc")).toStdString()
        : listen.toStdString();
    cfg.listen = *Endpoint::parse(listenText);
    cfg.forward = *Endpoint::parse(zmqtest::lastEndpoint(router));
    Relay relay(cfg, &rec);
    std::string error;
    QVERIFY2(relay.start(&error), error.c_str());
    void *dealer = z.socket(ZMQ_DEALER);
    if (ipv6)
        zmq_setsockopt(dealer, ZMQ_IPV6, &one, sizeof one);
    zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "tap", 3);
    QCOMPARE(zmq_connect(dealer, relay.boundEndpoint().toString().c_str()), 0);
    std::vector<std::vector<std::string>> sent;
    for (int i = 0; i < 50; ++i) {
        std::vector<std::string> m{std::to_string(i), std::string(std::size_t(i) * 997, char('a' + i % 26))};
        sent.push_back(m);
        zmqtest::sendParts(dealer, m);
    }
    for (int i = 0; i < 50; ++i) {
        auto got = zmqtest::receiveParts(router);
        QCOMPARE(got.at(0), std::string("tap"));
        got.erase(got.begin());
        QCOMPARE(got, sent[std::size_t(i)]);
        zmqtest::sendParts(router, {"tap", "ack" + std::to_string(i)});
    }
    for (int i = 0; i < 50; ++i)
        QCOMPARE(zmqtest::receiveParts(dealer), std::vector<std::string>{"ack" + std::to_string(i)});
    relay.stop();
    const auto conn = rec.get(1);
    Collector events;
    ConnectionDecoder decoder(events);
    for (const auto &[d, b] : conn.segments)
        decoder.feed(d, {b.data(), b.size()});
    decoder.finish();
    QCOMPARE(events.c2s().messages.size(), std::size_t(50));
    for (int i = 0; i < 50; ++i)
        QVERIFY(events.c2s().messages[std::size_t(i)] == sent[std::size_t(i)]);
    QCOMPARE(events.s2c().messages.size(), std::size_t(50));
    QCOMPARE(decoder.side(Direction::ClientToServer).identity, std::string("tap"));
}

void TestRelay::unreachableTarget()
{
    Recorder rec;
    Relay::Config cfg;
    cfg.listen = *Endpoint::parse("tcp://127.0.0.1:0");
    cfg.forward = *Endpoint::parse("tcp://127.0.0.1:1");   // nothing listens on port 1
    Relay relay(cfg, &rec);
    QVERIFY(relay.start());
    Zmq z;
    void *dealer = z.socket(ZMQ_DEALER);
    zmq_connect(dealer, relay.boundEndpoint().toString().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(rec.get(1).closed, 5000);
    QVERIFY2(QString::fromStdString(rec.get(1).error).contains(QStringLiteral("unreachable")), rec.get(1).error.c_str());
    // The listener keeps running: libzmq reconnects and each attempt is
    // accepted and refused the same way.
    QTRY_VERIFY_WITH_TIMEOUT(relay.stats().accepted >= 2, 5000);
    QVERIFY(relay.isRunning());
}

void TestRelay::curveTermination()
{
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    const CurveKeyPair clientKeys = CurveKeyPair::generate();
    const CurveKeyPair relayKeys = CurveKeyPair::generate();
    Zmq z;
    void *router = z.socket(ZMQ_ROUTER);
    int one = 1;
    zmq_setsockopt(router, ZMQ_CURVE_SERVER, &one, sizeof one);
    const std::string ss = curveKeyToZ85(serverKeys.secretKey);
    zmq_setsockopt(router, ZMQ_CURVE_SECRETKEY, ss.data(), ss.size());
    zmq_bind(router, "tcp://127.0.0.1:*");
    Recorder rec;
    Relay::Config cfg;
    cfg.listen = *Endpoint::parse("tcp://127.0.0.1:0");
    cfg.forward = *Endpoint::parse(zmqtest::lastEndpoint(router));
    cfg.curve = CurveTermination{serverKeys, relayKeys, serverKeys.publicKey};
    Relay relay(cfg, &rec);
    QVERIFY(relay.start());
    void *dealer = z.socket(ZMQ_DEALER);
    const std::string sp = curveKeyToZ85(serverKeys.publicKey), cp = curveKeyToZ85(clientKeys.publicKey),
                      cs = curveKeyToZ85(clientKeys.secretKey);
    zmq_setsockopt(dealer, ZMQ_CURVE_SERVERKEY, sp.data(), sp.size());
    zmq_setsockopt(dealer, ZMQ_CURVE_PUBLICKEY, cp.data(), cp.size());
    zmq_setsockopt(dealer, ZMQ_CURVE_SECRETKEY, cs.data(), cs.size());
    zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "through", 7);
    zmq_connect(dealer, relay.boundEndpoint().toString().c_str());
    zmqtest::sendParts(dealer, {"secret", "payload"});
    const auto got = zmqtest::receiveParts(router);
    QCOMPARE(got, (std::vector<std::string>{"through", "secret", "payload"}));
    zmqtest::sendParts(router, {"through", "answer"});
    QCOMPARE(zmqtest::receiveParts(dealer), std::vector<std::string>{"answer"});
    const auto conn = rec.get(1);
    QCOMPARE(conn.messages.size(), std::size_t(2));
    QCOMPARE(conn.messages[0].first, Direction::ClientToServer);
    QCOMPARE(conn.messages[0].second, (std::vector<std::string>{"secret", "payload"}));
    QCOMPARE(conn.messages[1].second, std::vector<std::string>{"answer"});
    // On the wire of the client leg, everything after the handshake is CURVE.
    Collector events;
    ConnectionDecoder decoder(events);
    for (const auto &[d, b] : conn.segments)
        decoder.feed(d, {b.data(), b.size()});
    QCOMPARE(events.c2s().mechanism, Mechanism::Curve);
    QVERIFY(events.c2s().messages.empty());
    QVERIFY(events.c2s().count("MESSAGE") >= 2);
}

QTEST_GUILESS_MAIN(TestRelay)
// A client that sends, then shuts its side down (FIN), and waits for the
// server's answer: the relay passes the FIN on only after what came before
// it, keeps the other direction open, and closes the pair when both ended.
void TestRelay::halfClose()
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
    QCOMPARE(::listen(listener, 1), 0);
    socklen_t len = sizeof sa;
    ::getsockname(listener, reinterpret_cast<sockaddr *>(&sa), &len);
    Recorder rec;
    Relay relay(Relay::Config{*Endpoint::parse("tcp://127.0.0.1:0"), *Endpoint::parse("tcp://127.0.0.1:" + std::to_string(ntohs(sa.sin_port))),
                              std::nullopt, std::size_t(4) << 20},
                &rec);
    std::string error;
    QVERIFY2(relay.start(&error), error.c_str());
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_port = htons(relay.boundEndpoint().port);
    QCOMPARE(::connect(client, reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
    const int server = ::accept(listener, nullptr, nullptr);
    const std::string question(300000, 'q');   // (more than one read of the relay's)
    for (std::size_t at = 0; at < question.size();)
        at += std::size_t(::send(client, question.data() + at, question.size() - at, 0));
    ::shutdown(client, SHUT_WR);
    // The server reads everything, then the end.
    std::string got;
    char buf[65536];
    for (ssize_t r; (r = ::recv(server, buf, sizeof buf, 0)) > 0;)
        got.append(buf, std::size_t(r));
    QCOMPARE(got.size(), question.size());
    // The other direction still carries the answer, then its own end.
    const std::string answer(200000, 'a');
    for (std::size_t at = 0; at < answer.size();)
        at += std::size_t(::send(server, answer.data() + at, answer.size() - at, 0));
    ::close(server);
    std::string back;
    for (ssize_t r; (r = ::recv(client, buf, sizeof buf, 0)) > 0;)
        back.append(buf, std::size_t(r));
    QCOMPARE(back.size(), answer.size());
    QCOMPARE(back, answer);
    ::close(client);
    ::close(listener);
    QTRY_VERIFY(rec.get(1).closed);
    QVERIFY(rec.get(1).error.empty());
    std::size_t recorded[2] = {0, 0};
    for (const auto &[d, bytes] : rec.get(1).segments)
        recorded[int(d)] += bytes.size();
    QCOMPARE(recorded[0], question.size());
    QCOMPARE(recorded[1], answer.size());
}

#include "tst_relay.moc"
