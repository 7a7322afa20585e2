// Captures of real traffic, made by the test itself, read back through
// `zmqscope dissect --json`: a tap relay soak (SHA-256 of everything sent
// and received, tshark following every connection), and, when running as
// root, a live libpcap capture on lo of libzmq NULL/PLAIN/CURVE, PUB/SUB
// with subscribe and cancel, JeroMQ's ZMTP 2.0, a 1 MiB message, three
// clients at once and a capture started mid-stream.
#include "zmqtest.h"
#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/curve.h"
#include "codec/encoder.h"
#include "relay.h"
#include "taprecorder.h"
#include "zaphandler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>
#include <signal.h>
#include <unistd.h>
#include <zmq.h>

#include <cstring>
#include <thread>

using namespace zmqscope;
using namespace zmqscope::codec;

namespace {

const QString kZmqscope = QStringLiteral(ZMQSCOPE_BINARY);

struct Run {
    int code = -1;
    QByteArray out, err;
};

Run run(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(kZmqscope, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

std::vector<QJsonObject> jsonLines(const QByteArray &out)
{
    std::vector<QJsonObject> v;
    for (const QByteArray &line : out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(line, &e);
        if (e.error != QJsonParseError::NoError)
            qFatal("bad JSON line: %s (%s)", line.left(200).constData(), qPrintable(e.errorString()));
        v.push_back(d.object());
    }
    return v;
}

std::vector<std::string> framesOf(const QJsonObject &o)
{
    std::vector<std::string> f;
    for (const auto &x : o.value(QStringLiteral("frames")).toArray())
        f.push_back(QByteArray::fromHex(x.toString().toLatin1()).toStdString());
    return f;
}

// Sockets that wait up to 10 s: a capture test may run under a loaded CI.
struct Zmq : zmqtest::Sockets {
    Zmq() : zmqtest::Sockets(10000) {}
};




int portOf(void *s)
{
    const std::string ep = zmqtest::lastEndpoint(s);
    return std::atoi(ep.c_str() + ep.rfind(':') + 1);
}

// SHA-256 over a stream of messages, frame by frame with lengths, so that
// framing differences count too.
class Digest {
public:
    Digest() { crypto_hash_sha256_init(&m_state); }
    void add(const std::vector<std::string> &message)
    {
        for (const auto &f : message) {
            const std::uint64_t n = f.size();
            crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(&n), sizeof n);
            crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char *>(f.data()), f.size());
        }
        ++m_messages;
    }
    QByteArray finish()
    {
        unsigned char out[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&m_state, out);
        return QByteArray(reinterpret_cast<const char *>(out), sizeof out).toHex();
    }
    std::uint64_t messages() const { return m_messages; }

private:
    crypto_hash_sha256_state m_state;
    std::uint64_t m_messages = 0;
};

// Records the byte streams each relay connection carried.
class Streams : public RelayListener {
public:
    TapRecorder *next = nullptr;
    std::mutex mutex;
    std::map<std::uint64_t, std::string> bytes[2];
    void relayOpened(std::uint64_t c, const std::string &a, const std::string &b) override { next->relayOpened(c, a, b); }
    void relayBytes(std::uint64_t c, Direction d, std::int64_t t, Bytes b) override
    {
        {
            std::lock_guard l(mutex);
            bytes[int(d)][c].append(b.begin(), b.end());
        }
        next->relayBytes(c, d, t, b);
    }
    void relayClosed(std::uint64_t c, const std::string &e) override { next->relayClosed(c, e); }
};

QByteArray followTcp(const QString &file, int stream, QByteArray *serverSide)
{
    QProcess tshark;
    tshark.start(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-q"), QStringLiteral("-z"),
                                            QStringLiteral("follow,tcp,raw,%1").arg(stream)});
    tshark.waitForFinished(120000);
    QByteArray client;
    for (const QByteArray &line : tshark.readAllStandardOutput().split('\n')) {
        if (line.isEmpty() || line.startsWith('=') || line.contains(':'))
            continue;
        if (line.startsWith('\t'))
            *serverSide += QByteArray::fromHex(line.trimmed());
        else
            client += QByteArray::fromHex(line.trimmed());
    }
    return client;
}

}   // namespace

class TestCaptureInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void commandLineErrors();
    void relaySoakIsExact();
    void liveCaptureOnLoopback();
};

void TestCaptureInterop::initTestCase()
{
    QVERIFY2(QFileInfo::exists(kZmqscope), qPrintable(kZmqscope));
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("tshark")).isEmpty(), "tshark missing (scripts/setup.sh installs it)");
    QVERIFY(sodium_init() >= 0);
}

void TestCaptureInterop::commandLineErrors()
{
    QTemporaryDir dir;
    Run r = run({QStringLiteral("dissect"), dir.filePath(QStringLiteral("missing.pcap"))});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("No such file"));
    r = run({QStringLiteral("dissect")});
    QCOMPARE(r.code, 2);
    r = run({QStringLiteral("dissect"), QStringLiteral("x"), QStringLiteral("--bogus")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("unknown option"));
    r = run({QStringLiteral("dissect"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("--keylog"));
    r = run({QStringLiteral("dissect"), QStringLiteral("x.pcap"), QStringLiteral("--curve-keys"),
             dir.filePath(QStringLiteral("nope_secret"))});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("--curve-keys"));
    r = run({QStringLiteral("tap"), QStringLiteral("--listen"), QStringLiteral("udp://x")});
    QCOMPARE(r.code, 2);
    r = run({QStringLiteral("tap"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("capture"), QStringLiteral("--help")});
    QVERIFY(r.out.contains("CAP_NET_RAW"));
    QFile junk(dir.filePath(QStringLiteral("junk.pcap")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a capture file");
    junk.close();
    r = run({QStringLiteral("dissect"), junk.fileName()});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("not a pcap"));
    // A packet dated past 64-bit nanoseconds: dissected at 2116-02-20, and said.
    const QString far = dir.filePath(QStringLiteral("far.pcapng"));
    std::FILE *f = std::fopen(far.toLocal8Bit().constData(), "wb");
    {
        capture::PcapngWriter w(f);
        w.sectionHeader();
        capture::TcpSynthesizer t(w, w.addInterface(capture::linktype::Ethernet, "t"), {10, 0, 0, 1}, 40001,
                                  {10, 0, 0, 2}, 5555);
        const std::int64_t t0 = 1700000000LL * 1000000000;
        t.open(t0);
        codec::encode::Buffer greeting;
        codec::encode::greeting3(greeting, {});
        t.data(Direction::ClientToServer, -2, greeting);   // (written as 2^64 - 2 ns)
        t.close(t0);
    }
    std::fclose(f);
    r = run({QStringLiteral("dissect"), far, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(R"("name":"capture.time_out_of_range")"), r.out.constData());
    QVERIFY2(r.out.contains(R"("ts":4611686018.427387903)"), r.out.constData());
    QVERIFY2(r.err.contains("1 packet(s) dated past"), r.err.constData());
}

void TestCaptureInterop::relaySoakIsExact()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("soak.pcapng"));
    std::FILE *out = std::fopen(file.toLocal8Bit().constData(), "wb");
    Zmq z;
    void *router = z.socket(ZMQ_ROUTER);
    zmq_bind(router, "tcp://127.0.0.1:*");
    TapRecorder::Options ro;
    ro.pcapng = out;
    ro.target = zmqtest::lastEndpoint(router);
    TapRecorder recorder(ro);
    Streams streams;
    streams.next = &recorder;
    Relay relay(Relay::Config{*Endpoint::parse("tcp://127.0.0.1:0"), *Endpoint::parse(zmqtest::lastEndpoint(router)),
                              std::nullopt, std::size_t(4) << 20},
                &streams);
    QVERIFY(relay.start());
    // Three dealers, random multipart traffic both ways for a bounded time.
    std::vector<void *> dealers;
    for (int i = 0; i < 3; ++i) {
        void *d = z.socket(ZMQ_DEALER);
        const std::string id = "dealer-" + std::to_string(i);
        zmq_setsockopt(d, ZMQ_ROUTING_ID, id.data(), id.size());
        zmq_connect(d, relay.boundEndpoint().toString().c_str());
        dealers.push_back(d);
    }
    QRandomGenerator rng(4242);
    Digest sentUp, gotUp, sentDown, gotDown;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    std::vector<std::vector<std::string>> upMessages;
    while (std::chrono::steady_clock::now() < end) {
        const int who = int(rng.bounded(3u));
        std::vector<std::string> m;
        const int parts = 1 + int(rng.bounded(4u));
        for (int p = 0; p < parts; ++p) {
            const std::size_t size = rng.bounded(10u) == 0 ? rng.bounded(300000u) : rng.bounded(600u);
            std::string f(size, '\0');
            for (auto &c : f)
                c = char(rng.bounded(256u));
            m.push_back(std::move(f));
        }
        zmqtest::sendParts(dealers[std::size_t(who)], m);
        sentUp.add(m);
        auto got = zmqtest::receiveParts(router);
        QVERIFY(!got.empty());
        const std::string id = got.front();
        got.erase(got.begin());
        gotUp.add(got);
        upMessages.push_back(got);
        std::vector<std::string> back{"re:" + std::to_string(upMessages.size()), std::string(rng.bounded(2000u), 'r')};
        sentDown.add(back);
        std::vector<std::string> routed{id};
        routed.insert(routed.end(), back.begin(), back.end());
        zmqtest::sendParts(router, routed);
        gotDown.add(zmqtest::receiveParts(dealers[std::size_t(who)]));
    }
    relay.stop();
    recorder.finish();
    std::fclose(out);
    QVERIFY(sentUp.messages() > 100);
    QCOMPARE(gotUp.finish(), sentUp.finish());
    QCOMPARE(gotDown.finish(), sentDown.finish());
    QCOMPARE(recorder.droppedBytes(), std::uint64_t(0));
    qInfo("soak: %llu messages each way through the relay", static_cast<unsigned long long>(sentUp.messages()));

    // tshark follows each connection to exactly the bytes that crossed.
    for (int stream = 0; stream < 3; ++stream) {
        QByteArray server;
        const QByteArray client = followTcp(file, stream, &server);
        bool matched = false;
        for (const auto &[id, bytes] : streams.bytes[0])
            if (client == QByteArray::fromStdString(bytes)) {
                matched = true;
                QVERIFY(server == QByteArray::fromStdString(streams.bytes[1][id]));
            }
        QVERIFY2(matched, qPrintable(QStringLiteral("tcp stream %1 does not match any connection").arg(stream)));
    }

    // And zmqscope dissect lists every message in order.
    const Run r = run({QStringLiteral("dissect"), file, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    std::vector<std::vector<std::string>> dissected;
    // Text the dissection writes in UTF-8 stays UTF-8 (not its bytes as \u00XX).
    QVERIFY(r.out.contains("\"zmtp.greeting.signature\",\"value\":\"0xff \xe2\x80\xa6 0x7f\""));
    QVERIFY(!r.out.contains("\\u00e2"));
    for (const QJsonObject &o : jsonLines(r.out))
        if (o.value(QStringLiteral("kind")).toString() == QStringLiteral("message")
            && o.value(QStringLiteral("dir")).toString() == QStringLiteral("c2s"))
            dissected.push_back(framesOf(o));
    QCOMPARE(dissected.size(), upMessages.size());
    // Per connection the order holds; across connections it interleaves as on the wire.
    Digest again;
    std::multiset<std::string> a, b;
    for (const auto &m : dissected)
        a.insert(m.front());
    for (const auto &m : upMessages)
        b.insert(m.front());
    QVERIFY(a == b);

    // --summary: one line per connection, with every message counted.
    const Run sum = run({QStringLiteral("dissect"), file, QStringLiteral("--summary")});
    QCOMPARE(sum.code, 0);
    const QList<QByteArray> lines = sum.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    std::uint64_t counted = 0;
    for (const QByteArray &line : lines) {
        QVERIFY2(line.contains("zmtp 3.1/3.1 NULL DEALER -> ROUTER"), line.constData());
        const auto words = line.split(' ');
        counted += words.at(words.indexOf("c2s") + 1).toULongLong();
    }
    QCOMPARE(counted, std::uint64_t(upMessages.size()));
}

void TestCaptureInterop::liveCaptureOnLoopback()
{
    if (::geteuid() != 0)
        QSKIP("live capture needs CAP_NET_RAW; not root here, so the libpcap capture on lo is not run");
    QTemporaryDir dir;
    dir.setAutoRemove(qEnvironmentVariableIsEmpty("ZMQSCOPE_KEEP_CAPTURES"));
    const QString file = dir.filePath(QStringLiteral("live.pcapng"));
    qInfo("live capture: %s", qPrintable(file));
    Zmq z;
    // Servers first, so that the capture filter can name their ports.
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    AccessPolicy policy;
    policy.plainUsers["admin"] = "secret";
    ZapHandler zap(z.context(), policy.authenticator());
    void *nullRep = z.socket(ZMQ_REP);
    zmq_bind(nullRep, "tcp://127.0.0.1:*");
    void *plainRouter = z.socket(ZMQ_ROUTER);
    int one = 1;
    zmq_setsockopt(plainRouter, ZMQ_PLAIN_SERVER, &one, sizeof one);
    zmq_bind(plainRouter, "tcp://127.0.0.1:*");
    void *curveRouter = z.socket(ZMQ_ROUTER);
    zmq_setsockopt(curveRouter, ZMQ_CURVE_SERVER, &one, sizeof one);
    const std::string ss = curveKeyToZ85(serverKeys.secretKey);
    zmq_setsockopt(curveRouter, ZMQ_CURVE_SECRETKEY, ss.data(), ss.size());
    zmq_bind(curveRouter, "tcp://127.0.0.1:*");
    void *pub = z.socket(ZMQ_PUB);
    zmq_bind(pub, "tcp://127.0.0.1:*");
    void *pull = z.socket(ZMQ_PULL);
    zmq_bind(pull, "tcp://127.0.0.1:*");
    // A connection that exists before the capture starts: seen mid-stream.
    void *early = z.socket(ZMQ_PUSH);
    zmq_connect(early, zmqtest::lastEndpoint(pull).c_str());
    zmqtest::sendParts(early, {"before the capture"});
    QCOMPARE(zmqtest::receiveParts(pull), std::vector<std::string>{"before the capture"});

    QStringList ports;
    for (void *s : {nullRep, plainRouter, curveRouter, pub, pull})
        ports << QStringLiteral("tcp port %1").arg(portOf(s));
    QProcess capture;
    capture.setProcessChannelMode(QProcess::MergedChannels);
    capture.start(kZmqscope, {QStringLiteral("capture"), QStringLiteral("--interface"), QStringLiteral("lo"),
                              QStringLiteral("--filter"), ports.join(QStringLiteral(" or ")), QStringLiteral("--write"), file});
    QVERIFY(capture.waitForStarted());
    QVERIFY(capture.waitForReadyRead(10000));
    QVERIFY2(capture.readAll().contains("capturing"), "capture did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    // Three REQ clients at once over NULL, one with a 1 MiB message.
    std::vector<void *> reqs;
    for (int i = 0; i < 3; ++i) {
        void *r = z.socket(ZMQ_REQ);
        zmq_connect(r, zmqtest::lastEndpoint(nullRep).c_str());
        reqs.push_back(r);
    }
    const std::string big(1 << 20, 'M');
    for (int i = 0; i < 3; ++i)
        zmqtest::sendParts(reqs[std::size_t(i)], {i == 2 ? big : "request-" + std::to_string(i)});
    for (int i = 0; i < 3; ++i) {
        const auto m = zmqtest::receiveParts(nullRep);
        QVERIFY(!m.empty());
        zmqtest::sendParts(nullRep, {"reply"});
    }
    for (void *r : reqs)
        QCOMPARE(zmqtest::receiveParts(r), std::vector<std::string>{"reply"});
    // PLAIN
    void *plainDealer = z.socket(ZMQ_DEALER);
    zmq_setsockopt(plainDealer, ZMQ_PLAIN_USERNAME, "admin", 5);
    zmq_setsockopt(plainDealer, ZMQ_PLAIN_PASSWORD, "secret", 6);
    zmq_setsockopt(plainDealer, ZMQ_ROUTING_ID, "plainly", 7);
    zmq_connect(plainDealer, zmqtest::lastEndpoint(plainRouter).c_str());
    zmqtest::sendParts(plainDealer, {"plain text"});
    QCOMPARE(zmqtest::receiveParts(plainRouter).at(1), std::string("plain text"));
    // CURVE
    const CurveKeyPair clientKeys = CurveKeyPair::generate();
    void *curveDealer = z.socket(ZMQ_DEALER);
    const std::string sp = curveKeyToZ85(serverKeys.publicKey), cp = curveKeyToZ85(clientKeys.publicKey),
                      cs = curveKeyToZ85(clientKeys.secretKey);
    zmq_setsockopt(curveDealer, ZMQ_CURVE_SERVERKEY, sp.data(), sp.size());
    zmq_setsockopt(curveDealer, ZMQ_CURVE_PUBLICKEY, cp.data(), cp.size());
    zmq_setsockopt(curveDealer, ZMQ_CURVE_SECRETKEY, cs.data(), cs.size());
    zmq_connect(curveDealer, zmqtest::lastEndpoint(curveRouter).c_str());
    zmqtest::sendParts(curveDealer, {"secret"});
    QCOMPARE(zmqtest::receiveParts(curveRouter).size(), std::size_t(2));
    // PUB/SUB with subscribe and cancel
    void *sub = z.socket(ZMQ_SUB);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "news", 4);
    zmq_connect(sub, zmqtest::lastEndpoint(pub).c_str());
    int shortTimeout = 50;
    zmq_setsockopt(sub, ZMQ_RCVTIMEO, &shortTimeout, sizeof shortTimeout);
    std::vector<std::string> got;
    for (int i = 0; i < 200 && got.empty(); ++i) {
        zmqtest::sendParts(pub, {"news", "item"});
        got = zmqtest::receiveParts(sub);
    }
    QCOMPARE(got.at(0), std::string("news"));
    zmq_setsockopt(sub, ZMQ_UNSUBSCRIBE, "news", 4);
    // The mid-stream connection carries more.
    zmqtest::sendParts(early, {"during the capture"});
    QCOMPARE(zmqtest::receiveParts(pull), std::vector<std::string>{"during the capture"});
    // JeroMQ (ZMTP 2.0) as a REQ client to the NULL REP.
    QProcess java;
    java.start(QStandardPaths::findExecutable(QStringLiteral("java")),
               {QStringLiteral("-cp"), QStringLiteral("/usr/share/java/jeromq.jar"),
                QStringLiteral(ZMQSCOPE_PEERS_DIR "/JeroPeer.java"), QStringLiteral("req-connect"),
                QString::fromStdString(zmqtest::lastEndpoint(nullRep)), QStringLiteral("1")});
    QVERIFY(java.waitForStarted());
    const auto jm = zmqtest::receiveParts(nullRep);
    QCOMPARE(jm, std::vector<std::string>{"hello-0"});
    zmqtest::sendParts(nullRep, {"to-java"});
    QVERIFY(java.waitForFinished(30000));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(pid_t(capture.processId()), SIGINT);
    QVERIFY(capture.waitForFinished(10000));
    QCOMPARE(capture.exitCode(), 0);
    qInfo("%s", capture.readAll().trimmed().constData());

    const Run r = run({QStringLiteral("dissect"), file, QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const auto objects = jsonLines(r.out);
    auto messages = [&](const QString &dir) {
        std::vector<std::pair<QJsonObject, std::vector<std::string>>> v;
        for (const auto &o : objects)
            if (o.value(QStringLiteral("kind")).toString() == QStringLiteral("message")
                && o.value(QStringLiteral("dir")).toString() == dir)
                v.push_back({o, framesOf(o)});
        return v;
    };
    const auto up = messages(QStringLiteral("c2s"));
    const auto down = messages(QStringLiteral("s2c"));
    auto find = [&](const auto &list, const std::vector<std::string> &frames) -> const QJsonObject * {
        for (const auto &[o, f] : list)
            if (f == frames)
                return &o;
        return nullptr;
    };
    for (int i = 0; i < 2; ++i) {
        const QJsonObject *o = find(up, {"", "request-" + std::to_string(i)});
        QVERIFY2(o, "REQ request missing");
        QCOMPARE(o->value(QStringLiteral("zmtp")).toString(), QStringLiteral("3.1"));
        QCOMPARE(o->value(QStringLiteral("mechanism")).toString(), QStringLiteral("NULL"));
        QCOMPARE(o->value(QStringLiteral("socket_type")).toString(), QStringLiteral("REQ"));
    }
    QVERIFY2(find(up, {"", big}), "the 1 MiB message is missing");
    const QJsonObject *plain = find(up, {"plain text"});
    QVERIFY(plain);
    QCOMPARE(plain->value(QStringLiteral("mechanism")).toString(), QStringLiteral("PLAIN"));
    QCOMPARE(plain->value(QStringLiteral("identity")).toString(), QStringLiteral("706c61696e6c79"));   // "plainly"
    bool curveEncrypted = false, subscribeSeen = false, cancelSeen = false, midStream = false, java2 = false;
    for (const auto &o : objects) {
        const QString name = o.value(QStringLiteral("name")).toString();
        if (name == QStringLiteral("MESSAGE") && o.value(QStringLiteral("encrypted")).toBool()
            && o.value(QStringLiteral("mechanism")).toString() == QStringLiteral("CURVE"))
            curveEncrypted = true;
        if (name == QStringLiteral("SUBSCRIBE") && o.value(QStringLiteral("socket_type")).toString() == QStringLiteral("SUB"))
            subscribeSeen = true;
        if (name == QStringLiteral("CANCEL"))
            cancelSeen = true;
        if (o.value(QStringLiteral("guessed")).toBool() && o.value(QStringLiteral("kind")).toString() == QStringLiteral("message")
            && framesOf(o) == std::vector<std::string>{"during the capture"})
            midStream = true;
        if (o.value(QStringLiteral("zmtp")).toString() == QStringLiteral("2.0")
            && framesOf(o) == std::vector<std::string>{"", "hello-0"})
            java2 = true;
    }
    QVERIFY2(curveEncrypted, "no encrypted CURVE MESSAGE");
    QVERIFY2(subscribeSeen, "no SUBSCRIBE from the SUB socket");
    QVERIFY2(cancelSeen, "no CANCEL");
    QVERIFY2(midStream, "the connection started before the capture was not resynchronised");
    QVERIFY2(java2, "JeroMQ's ZMTP 2.0 request is missing");
    QVERIFY(find(down, {"news", "item"}));
}

QTEST_GUILESS_MAIN(TestCaptureInterop)
#include "tst_captureinterop.moc"
