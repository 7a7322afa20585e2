// zmqscope-extcap with Debian's tshark 4.0: the interface listed by
// `tshark -D` from a personal extcap folder (the build's binary copied into
// a HOME of the test's own), the arguments Wireshark asks for, a capture
// through it whose TCP payloads are byte for byte what libzmq's REQ and REP
// put on the wire (ZMTP greeting, READY, the requests and replies as frames),
// and a clean stop on SIGTERM that leaves a readable pcapng.
#include "relay.h"
#include "zmqtest.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

using namespace zmqscope;

namespace {

// Whether something accepts TCP connections on 127.0.0.1:port.
bool listening(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) == 0;
    ::close(fd);
    return ok;
}

// What `program` wrote to its standard output (and, with `withErrors`, then to its standard error).
QString run(const QString &program, const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
            bool withErrors = true)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput()) + (withErrors ? QString::fromUtf8(p.readAllStandardError()) : QString());
}

}   // namespace

class TestExtcap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void describesItself();
    void captureThroughTshark();
    void stopsOnSigterm();

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

void TestExtcap::initTestCase()
{
    // A HOME of our own, with the build's zmqscope-extcap in its personal extcap folder.
    const QString folder = m_home.filePath(QStringLiteral(".config/wireshark/extcap"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::copy(QStringLiteral(ZMQSCOPE_EXTCAP), folder + QStringLiteral("/zmqscope-extcap")));
    QFile::setPermissions(folder + QStringLiteral("/zmqscope-extcap"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_home.path());
}

void TestExtcap::describesItself()
{
    const QString list = run(QStringLiteral("tshark"), {QStringLiteral("-D")}, m_env);
    QVERIFY2(list.contains(QStringLiteral("zmqscope-tap (ZmqScope tap relay (ZeroMQ))")), qPrintable(list));
    const QString extcap = QStringLiteral(ZMQSCOPE_EXTCAP);
    QVERIFY(run(extcap, {QStringLiteral("--extcap-interfaces")}).contains(QStringLiteral("interface {value=zmqscope-tap}")));
    QVERIFY(run(extcap, {QStringLiteral("--extcap-interface"), QStringLiteral("zmqscope-tap"), QStringLiteral("--extcap-dlts")})
                .startsWith(QStringLiteral("dlt {number=1}{name=EN10MB}")));
    const QString config = run(extcap, {QStringLiteral("--extcap-interface"), QStringLiteral("zmqscope-tap"), QStringLiteral("--extcap-config")});
    for (const char *call : {"--listen", "--forward", "--curve-server-secret", "--curve-client-secret"})
        QVERIFY2(config.contains(QStringLiteral("{call=%1}").arg(QLatin1String(call))), qPrintable(config));
    QVERIFY(config.contains(QStringLiteral("{call=--curve-server-secret}{display=CURVE server secret key}{type=password}")));
    // Wrong interface, missing endpoints: exit 2 with the reason.
    QProcess bad;
    bad.start(extcap, {QStringLiteral("--extcap-interface"), QStringLiteral("zmqscope-tap"), QStringLiteral("--capture"),
                       QStringLiteral("--fifo"), QStringLiteral("/dev/null")});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains(QStringLiteral("needs --fifo, --listen and --forward")));
}

void TestExtcap::captureThroughTshark()
{
    zmqtest::Context ctx;
    void *rep = zmq_socket(ctx.get(), ZMQ_REP);
    zmqtest::setDefaults(rep, 5000);
    const std::uint16_t server = zmqtest::bindLocal(rep);
    QVERIFY(server);
    const std::uint16_t relayPort = freeLoopbackPort();
    const QString file = m_home.filePath(QStringLiteral("through-extcap.pcapng"));
    QProcess tshark;
    tshark.setProcessEnvironment(m_env);
    tshark.start(QStringLiteral("tshark"),
                 {QStringLiteral("-i"), QStringLiteral("zmqscope-tap"), QStringLiteral("-o"),
                  QStringLiteral("extcap.zmqscope_tap.listen:tcp://127.0.0.1:%1").arg(relayPort), QStringLiteral("-o"),
                  QStringLiteral("extcap.zmqscope_tap.forward:tcp://127.0.0.1:%1").arg(server), QStringLiteral("-a"),
                  QStringLiteral("duration:5"), QStringLiteral("-w"), file});
    // The relay listens once tshark started the extcap.
    QTRY_VERIFY_WITH_TIMEOUT(listening(relayPort), 10000);
    void *req = zmq_socket(ctx.get(), ZMQ_REQ);
    zmqtest::setDefaults(req, 5000);
    QCOMPARE(zmq_connect(req, QStringLiteral("tcp://127.0.0.1:%1").arg(relayPort).toLatin1().constData()), 0);
    for (int i = 0; i < 5; ++i) {
        const std::string text = "extcap-" + std::to_string(i);
        QVERIFY(zmqtest::sendParts(req, {text}));
        const auto got = zmqtest::receiveParts(rep);
        QCOMPARE(got.size(), std::size_t(1));
        QVERIFY(zmqtest::sendParts(rep, {got.front() + "-back"}));
        QCOMPARE(zmqtest::receiveParts(req), (std::vector<std::string>{text + "-back"}));
    }
    zmq_close(req);
    zmq_close(rep);
    QVERIFY(tshark.waitForFinished(20000));
    const QString err = QString::fromUtf8(tshark.readAllStandardError());
    QCOMPARE(tshark.exitCode(), 0);
    QVERIFY2(!err.contains(QStringLiteral("Error")), qPrintable(err));
    // The TCP stream, each direction as raw bytes (stream 0 is the test's
    // probe for the listening relay, with no bytes; the REQ's is the largest).
    QByteArray up, down;
    QString follow;
    for (int stream = 0; stream < 8; ++stream) {
        const QString text = run(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-q"), QStringLiteral("-z"),
                                                            QStringLiteral("follow,tcp,raw,%1").arg(stream)},
                                 QProcessEnvironment::systemEnvironment(), false);
        QByteArray u, d;
        bool inData = false;
        for (const QString &line : text.split(u'\n')) {
            if (line.startsWith(QStringLiteral("Node 1:"))) {
                inData = true;
                continue;
            }
            if (!inData || line.startsWith(QStringLiteral("=====")) || line.trimmed().isEmpty())
                continue;
            (line.startsWith(u'\t') ? d : u) += QByteArray::fromHex(line.trimmed().toLatin1());
        }
        if (u.size() + d.size() > up.size() + down.size()) {
            up = u;
            down = d;
            follow = text;
        }
    }
    // Every packet at the time it crossed (the TCP handshakes and FINs too).
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const QString &t : run(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-T"), QStringLiteral("fields"),
                                                        QStringLiteral("-e"), QStringLiteral("frame.time_epoch")},
                                QProcessEnvironment::systemEnvironment(), false)
                                .split(u'\n', Qt::SkipEmptyParts))
        QVERIFY2(qAbs(qint64(t.toDouble()) - now) < 120, qPrintable(t));
    // libzmq's greeting (ZMTP 3.1, NULL), REQ's READY, then each request as
    // the empty delimiter and the body; the replies likewise from REP.
    QVERIFY2(up.startsWith(QByteArray::fromHex("ff00000000000000017f03")), qPrintable(follow.left(600)));
    QVERIFY(up.contains(QByteArray("\x0bSocket-Type\x00\x00\x00\x03REQ", 19)));
    QVERIFY(down.contains(QByteArray("\x0bSocket-Type\x00\x00\x00\x03REP", 19)));
    for (int i = 0; i < 5; ++i) {
        const QByteArray request = QByteArray("\x01\x00\x00\x08", 4) + "extcap-" + QByteArray::number(i);
        const QByteArray reply = QByteArray("\x01\x00\x00\x0d", 4) + "extcap-" + QByteArray::number(i) + "-back";
        QVERIFY2(up.contains(request), up.toHex().constData());
        QVERIFY2(down.contains(reply), down.toHex().constData());
    }
}

void TestExtcap::stopsOnSigterm()
{
    // Started as Wireshark starts it (a fifo it reads), stopped as Wireshark stops it.
    const QString fifo = m_home.filePath(QStringLiteral("capture.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const std::uint16_t port = freeLoopbackPort();
    QProcess extcap;
    extcap.start(QStringLiteral(ZMQSCOPE_EXTCAP),
                 {QStringLiteral("--extcap-interface"), QStringLiteral("zmqscope-tap"), QStringLiteral("--capture"), QStringLiteral("--fifo"),
                  fifo, QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:%1").arg(port), QStringLiteral("--forward"),
                  QStringLiteral("tcp://127.0.0.1:%1").arg(freeLoopbackPort())});
    QVERIFY(extcap.waitForStarted(5000));
    QFile reader(fifo);
    QVERIFY(reader.open(QIODevice::ReadOnly));
    QTRY_VERIFY_WITH_TIMEOUT(listening(port), 10000);
    ::kill(pid_t(extcap.processId()), SIGTERM);
    QVERIFY(extcap.waitForFinished(10000));
    QCOMPARE(extcap.exitStatus(), QProcess::NormalExit);
    QCOMPARE(extcap.exitCode(), 0);
    QVERIFY(extcap.readAllStandardError().isEmpty());
    const QByteArray capture = reader.readAll();
    // A pcapng section header and an Ethernet interface.
    QVERIFY(capture.startsWith(QByteArray::fromHex("0a0d0d0a")));
    const QString file = m_home.filePath(QStringLiteral("stopped.pcapng"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(capture) == capture.size());
    out.close();
    QVERIFY(run(QStringLiteral("capinfos"), {file}).contains(QStringLiteral("Ethernet")));
    QVERIFY(!listening(port));
}

QTEST_GUILESS_MAIN(TestExtcap)
#include "tst_extcap.moc"
