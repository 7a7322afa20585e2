// Live sources of a CaptureSession: the built-in demo (real libzmq 4.3.4
// peers through four tap relays, one CURVE-terminating), a tap started by
// hand to an unreachable target, bad settings, and an interface capture on
// lo (as root; otherwise the privilege message is checked).
#include "capturesession.h"
#include "zmqtest.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <functional>
#include <map>

using namespace zmqscope;

namespace {

// Everything a session sends the window, kept as the window would.
struct Collected : QObject {
    QVector<FrameRow> rows;
    std::map<quint32, ConnectionRow> connections;
    int batches = 0;
    QStringList failures;

    CaptureSession &session;
    mutable std::map<quint32, QString> summaries;   // by event
    explicit Collected(CaptureSession &s)
        : session(s)
    {
        connect(&s, &CaptureSession::framesAdded, this, [this](const QVector<FrameRow> &r) {
            rows += r;
            ++batches;
        });
        connect(&s, &CaptureSession::connectionsChanged, this, [this](const QVector<ConnectionRow> &c) {
            for (const ConnectionRow &row : c)
                connections[row.connection] = row;
        });
        connect(&s, &CaptureSession::failed, this, [this](const QString &e) { failures << e; });
    }
    const ConnectionRow *find(const QString &mechanism, const QString &client, const QString &server) const
    {
        for (const auto &[id, c] : connections)
            if (c.mechanism == mechanism && c.socketType[0] == client && c.socketType[1] == server)
                return &c;
        return nullptr;
    }
    // Rows keep no text: the summary is decoded again from the store.
    const QString &summary(const FrameRow &r) const
    {
        auto it = summaries.find(r.event);
        if (it == summaries.end())
            it = summaries.emplace(r.event, session.summary(r.event)).first;
        return it->second;
    }
    int count(quint32 connection, const QString &summaryPart) const
    {
        int n = 0;
        for (const FrameRow &r : rows)
            if (r.connection == connection && summary(r).contains(summaryPart))
                ++n;
        return n;
    }
};

}   // namespace

class TestLiveCapture : public QObject {
    Q_OBJECT
private slots:
    void demoThroughTaps();
    void exportsALiveCapture();
    void badSettings();
    void unreachableTarget();
    void interfaceCapture();
};

void TestLiveCapture::demoThroughTaps()
{
    CaptureSession session;
    Collected got(session);
    QSignalSpy started(&session, &CaptureSession::liveStarted);
    session.startDemo(20);
    QVERIFY2(got.failures.isEmpty(), qPrintable(got.failures.join('\n')));
    QCOMPARE(started.size(), 4);
    QCOMPARE(session.liveSources().size(), 4);
    QCOMPARE(session.liveSources().at(2).kind, QStringLiteral("curve-tap"));

    // Every pair talks, each through its own tap, and is dissected live.
    auto ready = [&] {
        const ConnectionRow *plain = got.find("PLAIN", "REQ", "REP");
        const ConnectionRow *pubsub = got.find("NULL", "SUB", "PUB");
        const ConnectionRow *curve = got.find("CURVE", "DEALER", "ROUTER");
        const ConnectionRow *old = got.find(QString(), "PUSH", "PULL");
        return plain && pubsub && curve && old && plain->messages[0] >= 5 && plain->messages[1] >= 5
            && pubsub->messages[1] >= 10 && curve->messages[0] >= 5 && curve->messages[1] >= 5 && old->messages[0] >= 5
            && got.count(pubsub->connection, QStringLiteral("CANCEL")) >= 1;
    };
    auto describe = [&] {
        QStringList out;
        for (const auto &[id, c] : got.connections)
            out << QStringLiteral("%1 %2 %3->%4 %5 msgs %6/%7 cancels %8")
                       .arg(id).arg(c.mechanism, c.socketType[0], c.socketType[1], c.state)
                       .arg(c.messages[0]).arg(c.messages[1]).arg(got.count(id, QStringLiteral("CANCEL")));
        return out.join(QStringLiteral("; "));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(ready(), qPrintable(describe()), 20000);
    // Rows came in batches, not one signal per frame.
    QVERIFY2(got.batches * 5 < got.rows.size(), qPrintable(QStringLiteral("%1 batches for %2 rows").arg(got.batches).arg(got.rows.size())));

    const ConnectionRow &plain = *got.find("PLAIN", "REQ", "REP");
    QCOMPARE(plain.version[0], QStringLiteral("3.1"));
    QCOMPARE(plain.state, QStringLiteral("ready"));
    QCOMPARE(plain.identity[0], QByteArray("req-client"));
    QVERIFY(got.count(plain.connection, QStringLiteral("HELLO username=\"demo\" password=\"hunter2\"")) == 1);
    QVERIFY(got.count(plain.connection, QStringLiteral("/status/")) >= 5);
    QVERIFY(got.count(plain.connection, QStringLiteral("ok")) >= 5);

    const ConnectionRow &pubsub = *got.find("NULL", "SUB", "PUB");
    QVERIFY(got.count(pubsub.connection, QStringLiteral("SUBSCRIBE")) >= 2);
    QVERIFY(got.count(pubsub.connection, QStringLiteral("weather.")) >= 5);
    // The publisher filters: the topic nobody subscribed to never crosses the wire.
    QCOMPARE(got.count(pubsub.connection, QStringLiteral("news.")), 0);

    // CURVE through the terminating relay: the client leg decrypted with
    // the relay's key log, HELLO checked against the server key.
    const ConnectionRow &curve = *got.find("CURVE", "DEALER", "ROUTER");
    QCOMPARE(curve.identity[0], QByteArray("worker-7"));
    QCOMPARE(got.count(curve.connection, QStringLiteral("zmtp.curve.server_key")), 1);
    QVERIFY(got.count(curve.connection, QStringLiteral("decrypted command INITIATE")) == 1);
    // Decrypted messages, read as plain request-reply once the DEALER's
    // requests and the ROUTER's replies repeat ("decrypted request job 3",
    // "decrypted reply done 3 (to 121, 0.210 ms)").
    QVERIFY(got.count(curve.connection, QStringLiteral("decrypted ")) >= 11);
    QVERIFY(got.count(curve.connection, QStringLiteral("decrypted request job")) >= 5);
    QVERIFY(got.count(curve.connection, QStringLiteral("decrypted reply done")) >= 5);
    QVERIFY(got.count(curve.connection, QStringLiteral("ms)")) >= 5);   // matched, with the response time
    QCOMPARE(got.count(curve.connection, QStringLiteral("box_not_opened")), 0);
    // A decrypted row's tree is rebuilt on demand with the relay's key log.
    int rebuilt = 0;
    for (const FrameRow &r : got.rows) {
        if (r.connection != curve.connection || !got.summary(r).startsWith(QStringLiteral("decrypted request job")))
            continue;
        const auto tree = session.dissection(r.event);
        QVERIFY2(tree.has_value(), qPrintable(got.summary(r)));
        std::vector<std::string> bodies;
        std::function<void(const codec::Field &)> walk = [&](const codec::Field &f) {
            if (f.key() == "zmtp.frame.body")
                bodies.push_back(f.value);
            for (const codec::Field &c : f.children)
                walk(c);
        };
        walk(*tree);
        QCOMPARE(int(bodies.size()), 2);
        QVERIFY2(QString::fromStdString(bodies[0]).contains(QStringLiteral("job")), bodies[0].c_str());
        ++rebuilt;
    }
    QVERIFY(rebuilt >= 5);

    // The ZMTP 2.0 peer and libzmq's downgrade to it.
    const ConnectionRow &old = *got.find(QString(), "PUSH", "PULL");
    QCOMPARE(old.version[0], QStringLiteral("2.0"));
    QCOMPARE(old.version[1], QStringLiteral("2.0"));
    QCOMPARE(old.identity[0], QByteArray("zmtp2-peer"));
    QCOMPARE(got.count(old.connection, QStringLiteral("zmtp.greeting.downgrade")), 1);

    // Any row can be dissected again from the store while traffic flows.
    const FrameRow &last = got.rows.back();
    QVERIFY2(session.dissection(last.event).has_value(), qPrintable(got.summary(last)));
    QVERIFY(!session.eventBytes(last.event).isEmpty() || last.length == 0);

    QSignalSpy stopped(&session, &CaptureSession::liveStopped);
    session.stopLive();
    QCOMPARE(stopped.size(), 1);
    QVERIFY(session.liveSources().isEmpty());
    // Stopping the taps closed the connections they carried.
    for (const auto &[id, c] : got.connections)
        QCOMPARE(c.state, QStringLiteral("closed"));
    const int rowsAtStop = got.rows.size();
    QTest::qWait(300);
    QCOMPARE(got.rows.size(), rowsAtStop);   // nothing after stop
}

// A live capture exports from the sources' recordings: pcapng (one section
// per tap) that tshark reads, and JSON with the CURVE messages opened by the
// terminating tap's keys, while the capture runs and after it stopped.
void TestLiveCapture::exportsALiveCapture()
{
    QTemporaryDir dir;
    CaptureSession session;
    Collected got(session);
    session.startDemo(20);
    QTRY_VERIFY_WITH_TIMEOUT(got.rows.size() > 300, 20000);
    QSignalSpy exported(&session, &CaptureSession::exported);
    const QString pcap = dir.filePath(QStringLiteral("live.pcapng"));
    session.exportEvents(pcap, ExportFormat::Pcapng);
    QVERIFY2(got.failures.isEmpty(), qPrintable(got.failures.join('\n')));
    QCOMPARE(exported.size(), 1);
    const quint64 packets = exported.at(0).at(2).toULongLong();
    QVERIFY(packets > 50);
    QProcess tshark;
    tshark.start(QStringLiteral("tshark"), {QStringLiteral("-r"), pcap, QStringLiteral("-T"), QStringLiteral("fields"),
                                            QStringLiteral("-e"), QStringLiteral("frame.number")});
    QVERIFY(tshark.waitForFinished(60000));
    QCOMPARE(tshark.exitCode(), 0);
    QCOMPARE(quint64(tshark.readAllStandardOutput().trimmed().split('\n').size()), packets);

    session.stopLive();
    const QString json = dir.filePath(QStringLiteral("live.jsonl"));
    session.exportEvents(json, ExportFormat::JsonLines);
    QVERIFY2(got.failures.isEmpty(), qPrintable(got.failures.join('\n')));
    QCOMPARE(exported.size(), 2);
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    int jobs = 0, versions20 = 0, plainHello = 0, encrypted = 0, decrypted = 0;
    for (const QByteArray &line : f.readAll().trimmed().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QVERIFY(!o.isEmpty());
        const QJsonArray frames = o.value(QStringLiteral("frames")).toArray();
        if (o.value(QStringLiteral("mechanism")).toString() == QStringLiteral("CURVE") && !frames.isEmpty()
            && frames.at(0).toString() == QStringLiteral("6a6f62"))   // "job", decrypted
            ++jobs;
        if (o.value(QStringLiteral("encrypted")).toBool())
            ++encrypted;   // a MESSAGE box as it crossed the wire...
        if (o.value(QStringLiteral("decrypted")).toBool())
            ++decrypted;   // ...and what was in it (a message of two boxes, a command of one)
        if (o.value(QStringLiteral("zmtp")).toString() == QStringLiteral("2.0") && o.value(QStringLiteral("kind")).toString() == QStringLiteral("message"))
            ++versions20;
        if (o.value(QStringLiteral("name")).toString() == QStringLiteral("HELLO") && o.value(QStringLiteral("mechanism")).toString() == QStringLiteral("PLAIN"))
            ++plainHello;
    }
    QVERIFY2(jobs >= 5, qPrintable(QString::number(jobs)));
    QVERIFY2(encrypted > 0 && decrypted >= encrypted / 2, qPrintable(QStringLiteral("%1 %2").arg(encrypted).arg(decrypted)));
    QVERIFY(versions20 >= 5);
    QCOMPARE(plainHello, 1);
    // After stop, decrypted rows still rebuild (the taps' keys are kept).
    int rebuilt = 0;
    for (const FrameRow &r : got.rows)
        if ((got.summary(r).startsWith(QStringLiteral("decrypted request")) || got.summary(r).startsWith(QStringLiteral("decrypted reply")))
            && session.dissection(r.event))
            ++rebuilt;
    QVERIFY(rebuilt >= 5);
}

void TestLiveCapture::badSettings()
{
    CaptureSession session;
    Collected got(session);
    TapSettings t;
    t.listen = QStringLiteral("udp://127.0.0.1:1");
    t.forward = QStringLiteral("tcp://127.0.0.1:5555");
    session.startTap(t);
    QCOMPARE(got.failures.size(), 1);
    QVERIFY2(got.failures.back().startsWith(QStringLiteral("Listen endpoint")), qPrintable(got.failures.back()));
    t.listen = QStringLiteral("tcp://127.0.0.1:0");
    t.forward = QStringLiteral("tcp://127.0.0.1:0");
    session.startTap(t);
    QCOMPARE(got.failures.size(), 2);
    QVERIFY(got.failures.back().contains(QStringLiteral("port")));
    t.forward = QStringLiteral("tcp://127.0.0.1:5555");
    t.curveServerSecret = QStringLiteral("not a key");
    session.startTap(t);
    QCOMPARE(got.failures.size(), 3);
    QVERIFY(got.failures.back().contains(QStringLiteral("Z85")));
    QVERIFY(session.liveSources().isEmpty());
}

void TestLiveCapture::unreachableTarget()
{
    zmqtest::Sockets zmq;
    // A port nobody listens on: bind one, close it.
    std::string endpoint;
    {
        zmqtest::Sockets probe;
        void *pull = probe.socket(ZMQ_PULL);
        QVERIFY(zmqtest::bindLocal(pull) != 0);
        endpoint = zmqtest::lastEndpoint(pull);
    }
    CaptureSession session;
    Collected got(session);
    TapSettings t;
    t.listen = QStringLiteral("tcp://127.0.0.1:0");
    t.forward = QString::fromStdString(endpoint);
    session.startTap(t);
    QVERIFY2(got.failures.isEmpty(), qPrintable(got.failures.join('\n')));
    const QString tap = session.liveSources().at(0).listen;
    void *push = zmq.socket(ZMQ_PUSH);
    QCOMPARE(zmq_connect(push, tap.toLatin1().constData()), 0);
    // The relay accepts, cannot reach the target, and says so on that
    // connection; the listener stays up for the next client.
    auto failedRow = [&]() -> const FrameRow * {
        for (const FrameRow &r : got.rows)
            if (got.summary(r).contains(QStringLiteral("relay.connection_failed")))
                return &r;
        return nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failedRow() != nullptr, 10000);
    QVERIFY2(got.summary(*failedRow()).contains(QStringLiteral("unreachable")), qPrintable(got.summary(*failedRow())));
    QCOMPARE(failedRow()->severity, qint8(codec::Severity::Error));
    QCOMPARE(session.liveSources().size(), 1);
    session.stopLive();
}

void TestLiveCapture::interfaceCapture()
{
    CaptureSession session;
    Collected got(session);
    zmqtest::Sockets zmq;
    void *pull = zmq.socket(ZMQ_PULL);
    const std::uint16_t port = zmqtest::bindLocal(pull);
    QVERIFY(port != 0);
    session.startInterfaceCapture(QStringLiteral("lo"), QStringLiteral("tcp port %1").arg(port));
    if (::geteuid() != 0) {
        // Without the privilege: the message says what is missing and how to grant it.
        QCOMPARE(got.failures.size(), 1);
        QVERIFY2(got.failures.back().contains(QStringLiteral("CAP_NET_RAW")), qPrintable(got.failures.back()));
        QVERIFY(got.failures.back().contains(QStringLiteral("setcap")));
        return;
    }
    QVERIFY2(got.failures.isEmpty(), qPrintable(got.failures.join('\n')));
    QCOMPARE(session.liveSources().at(0).kind, QStringLiteral("interface"));
    void *push = zmq.socket(ZMQ_PUSH);
    QCOMPARE(zmq_connect(push, zmqtest::lastEndpoint(pull).c_str()), 0);
    for (int i = 0; i < 50; ++i)
        QVERIFY(zmqtest::sendParts(push, {"on the wire " + std::to_string(i)}));
    QTRY_VERIFY_WITH_TIMEOUT(!got.connections.empty() && got.connections.begin()->second.messages[0] == 50, 10000);
    const ConnectionRow &c = got.connections.begin()->second;
    QCOMPARE(c.socketType[0], QStringLiteral("PUSH"));
    QCOMPARE(c.socketType[1], QStringLiteral("PULL"));
    QCOMPARE(got.count(c.connection, QStringLiteral("on the wire 49")), 1);
    session.stopLive();
}

QTEST_GUILESS_MAIN(TestLiveCapture)
#include "tst_livecapture.moc"
