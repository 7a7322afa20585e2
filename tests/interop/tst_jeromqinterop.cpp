// Interop with JeroMQ 0.3.6 (Debian's libjeromq-java), a real ZMTP 2.0
// implementation, talking to libzmq 4.3.4 through the recording relay. The
// test starts the Java peer itself (tests/peers/JeroPeer.java, run by the
// JDK's source launcher) and decodes both directions: JeroMQ's 2.0 greeting
// and libzmq's downgrade (major 3 at offset 10, then a socket-type byte).
#include "collector.h"
#include "recordingrelay.h"

#include "codec/connectiondecoder.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <zmq.h>

#include <cstring>

using namespace zmqscope::codec;
using testutil::Collector;
using testutil::RecordingRelay;

namespace {

const QString kJar = QStringLiteral("/usr/share/java/jeromq.jar");

QProcess *startPeer(QObject *parent, const QStringList &args)
{
    auto *p = new QProcess(parent);
    p->setProcessChannelMode(QProcess::SeparateChannels);
    p->start(QStandardPaths::findExecutable(QStringLiteral("java")),
             QStringList{QStringLiteral("-cp"), kJar, QStringLiteral(ZMQSCOPE_PEERS_DIR "/JeroPeer.java")} + args);
    return p;
}

std::string join(const std::vector<std::string> &v)
{
    std::string s;
    for (const auto &x : v)
        s += x + "\n";
    return s;
}

std::unique_ptr<Collector> decode(const testutil::RecordedConnection &conn)
{
    auto c = std::make_unique<Collector>();
    ConnectionDecoder decoder(*c);
    for (const auto &seg : conn.segments)
        decoder.feed(seg.direction, {seg.bytes.data(), seg.bytes.size()});
    decoder.finish();
    return c;
}

}   // namespace

class TestJeromqInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void jeromqReqToLibzmqRep();
    void libzmqReqToJeromqRep();

private:
    void *m_ctx = nullptr;
};

void TestJeromqInterop::initTestCase()
{
    QVERIFY2(QFileInfo::exists(kJar), "libjeromq-java is not installed (scripts/setup.sh installs it)");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("java")).isEmpty(), "no java on PATH");
    m_ctx = zmq_ctx_new();
}

void TestJeromqInterop::jeromqReqToLibzmqRep()
{
    void *rep = zmq_socket(m_ctx, ZMQ_REP);
    int linger = 0, timeout = 20000;
    zmq_setsockopt(rep, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(rep, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    QCOMPARE(zmq_bind(rep, "tcp://127.0.0.1:*"), 0);
    char endpoint[128];
    size_t len = sizeof endpoint;
    zmq_getsockopt(rep, ZMQ_LAST_ENDPOINT, endpoint, &len);
    RecordingRelay relay(static_cast<std::uint16_t>(std::atoi(std::strrchr(endpoint, ':') + 1)));

    QProcess *java = startPeer(this, {QStringLiteral("req-connect"),
                                      QStringLiteral("tcp://127.0.0.1:%1").arg(relay.port()),
                                      QStringLiteral("3")});
    QVERIFY(java->waitForStarted());
    for (int i = 0; i < 3; ++i) {
        char buf[64];
        const int n = zmq_recv(rep, buf, sizeof buf, 0);
        QVERIFY2(n > 0, "no request from JeroMQ");
        QCOMPARE(std::string(buf, n), "hello-" + std::to_string(i));
        QCOMPARE(zmq_send(rep, "world", 5, 0), 5);
    }
    QVERIFY(java->waitForFinished(30000));
    QCOMPARE(java->exitCode(), 0);
    zmq_close(rep);

    auto d = decode(relay.connections().at(0));
    auto &c = d->c2s();
    auto &s = d->s2c();
    QCOMPARE(c.version, ZmtpVersion::V2_0);
    QCOMPARE(int(c.major), 1);   // JeroMQ announces revision 1
    QVERIFY(!c.downgraded);
    QCOMPARE(c.socketTypeByte, int(SocketType::Req));
    QCOMPARE(s.version, ZmtpVersion::V2_0);
    QCOMPARE(int(s.major), 3);   // libzmq had already sent 03 when it saw revision 1
    QVERIFY(s.downgraded);
    QCOMPARE(s.socketTypeByte, int(SocketType::Rep));
    QVERIFY(c.hasIdentity && s.hasIdentity);
    QCOMPARE(c.messages.size(), std::size_t(3));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(c.messages[i], (std::vector<std::string>{"", "hello-" + std::to_string(i)}));
        QCOMPARE(s.messages[i], (std::vector<std::string>{"", "world"}));
    }
    QVERIFY2(c.problems(Severity::Warn).empty(), join(c.problems(Severity::Warn)).c_str());
    QVERIFY2(s.problems(Severity::Warn).empty(), join(s.problems(Severity::Warn)).c_str());
}

void TestJeromqInterop::libzmqReqToJeromqRep()
{
    QProcess *java = startPeer(this, {QStringLiteral("rep-bind"), QStringLiteral("-"), QStringLiteral("2")});
    QVERIFY(java->waitForStarted());
    QVERIFY(java->waitForReadyRead(30000));
    const QByteArray line = java->readLine().trimmed();
    QVERIFY2(line.startsWith("bound "), line.constData());
    const int port = line.mid(6).toInt();
    RecordingRelay relay(static_cast<std::uint16_t>(port));

    void *req = zmq_socket(m_ctx, ZMQ_REQ);
    int linger = 0, timeout = 20000;
    zmq_setsockopt(req, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(req, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    QCOMPARE(zmq_connect(req, QStringLiteral("tcp://127.0.0.1:%1").arg(relay.port()).toLatin1().constData()), 0);
    for (const char *r : {"one", "two"}) {
        QCOMPARE(zmq_send(req, r, std::strlen(r), 0), int(std::strlen(r)));
        char buf[64];
        const int n = zmq_recv(req, buf, sizeof buf, 0);
        QVERIFY2(n > 0, "no reply from JeroMQ");
        QCOMPARE(std::string(buf, n), std::string("reply-to-") + r);
    }
    zmq_close(req);
    QVERIFY(java->waitForFinished(30000));

    auto d = decode(relay.connections().at(0));
    auto &c = d->c2s();
    auto &s = d->s2c();
    QCOMPARE(c.version, ZmtpVersion::V2_0);
    QVERIFY(c.downgraded);
    QCOMPARE(c.socketTypeByte, int(SocketType::Req));
    QCOMPARE(s.version, ZmtpVersion::V2_0);
    QCOMPARE(s.socketTypeByte, int(SocketType::Rep));
    QCOMPARE(c.messages, (std::vector<std::vector<std::string>>{{"", "one"}, {"", "two"}}));
    QCOMPARE(s.messages,
             (std::vector<std::vector<std::string>>{{"", "reply-to-one"}, {"", "reply-to-two"}}));
    QVERIFY2(c.problems(Severity::Warn).empty(), join(c.problems(Severity::Warn)).c_str());
    QVERIFY2(s.problems(Severity::Warn).empty(), join(s.problems(Severity::Warn)).c_str());
}

QTEST_GUILESS_MAIN(TestJeromqInterop)
#include "tst_jeromqinterop.moc"
