// Scenario files (peers/scenario.h): ZDCF 1.0 in ZPL and JSON, ZDCF 0.1
// JSON, ZmqScope's peers sections; every mistake reported with its line,
// column and what was expected; and every example in resources/scenarios
// run headless with `zmqscope run`, its clients done and (recorded through
// taps) its traffic dissected as its protocol with no finding.
#include "peers/peer.h"
#include "peers/scenario.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace zmqscope::peers;

namespace {

QString run(const QStringList &args, int *exitCode, QString *errors = nullptr, int ms = 60000)
{
    QProcess p;
    p.start(QStringLiteral(ZMQSCOPE_BINARY), args);
    if (!p.waitForFinished(ms)) {
        p.kill();
        p.waitForFinished(2000);
    }
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (errors)
        *errors = QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString scenario(const char *name)
{
    return QStringLiteral(ZMQSCOPE_SCENARIOS_DIR "/") + QLatin1String(name);
}

}   // namespace

class TestScenarios : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void zpl();
    void json();
    void zdcf01();
    void errors_data();
    void errors();
    void examples_data();
    void examples();
    void recorded();
    void everyExampleClean_data();
    void everyExampleClean();
};

void TestScenarios::zpl()
{
    ScenarioError e;
    const auto s = parseScenario("version = 1.0\n"
                                 "apps\n"
                                 "    app\n"
                                 "        devices\n"
                                 "            main\n"
                                 "                type = zmq_queue\n"
                                 "                sockets\n"
                                 "                    frontend\n"
                                 "                        type = ROUTER\n"
                                 "                        bind = tcp://127.0.0.1:5555\n"
                                 "                        option\n"
                                 "                            hwm = 500\n"
                                 "                            swap = 25000000\n"
                                 "                    backend\n"
                                 "                        type = dealer\n"
                                 "                        bind = tcp://127.0.0.1:5556\n"
                                 "        peers\n"
                                 "            broker\n"
                                 "                role = mdp-broker\n"
                                 "                bind = tcp://127.0.0.1:6000\n"
                                 "                bind = ipc:///tmp/broker\n",
                                 "x.zpl", &e);
    QVERIFY2(s, e.text().c_str());
    QCOMPARE(s->format, std::string("ZDCF 1.0 (ZPL)"));
    QCOMPARE(s->peers.size(), std::size_t(2));
    const ScenarioPeer &d = s->peers[0];
    QCOMPARE(std::string(d.role->id), std::string("device"));
    QCOMPARE(d.options.at("frontend-type"), std::vector<std::string>{"ROUTER"});
    QCOMPARE(d.options.at("backend-type"), std::vector<std::string>{"DEALER"});   // (case-insensitive)
    QCOMPARE(d.options.at("frontend-hwm"), std::vector<std::string>{"500"});
    QCOMPARE(d.line, 5);
    // A libzmq 2.x option is read, said, and not applied.
    QCOMPARE(s->notes.size(), std::size_t(1));
    QVERIFY(s->notes[0].starts_with("line 13: option swap"));
    const ScenarioPeer &b = s->peers[1];
    QCOMPARE(std::string(b.role->id), std::string("mdp-broker"));
    QCOMPARE(b.options.at("bind"), (std::vector<std::string>{"tcp://127.0.0.1:6000", "ipc:///tmp/broker"}));
    QCOMPARE(b.line, 18);
    QCOMPARE(b.column, 13);
}

void TestScenarios::json()
{
    ScenarioError e;
    const auto s = parseScenario(R"({"version": 1.0, "apps": {"a": {"peers": {
        "c": {"role": "mdp-client", "connect": "tcp://127.0.0.1:1", "request": ["one", "0x02"], "count": 3}}}},
        "peers": {"w": {"role": "mdp-worker", "connect": "tcp://127.0.0.1:1", "service": "echo\u0021"}}})",
                                 "x.json", &e);
    QVERIFY2(s, e.text().c_str());
    QCOMPARE(s->format, std::string("ZDCF 1.0 (JSON)"));
    QCOMPARE(s->peers.size(), std::size_t(2));
    QCOMPARE(s->peers[0].options.at("request"), (std::vector<std::string>{"one", "0x02"}));
    QCOMPARE(s->peers[0].options.at("count"), std::vector<std::string>{"3"});
    QCOMPARE(s->peers[1].options.at("service"), std::vector<std::string>{"echo!"});
    QCOMPARE(s->peers[0].line, 2);
    // Empty: a valid scenario with nothing in it.
    QVERIFY(parseScenario("{}", "e.json", &e) && parseScenario("{}", "e.json", &e)->peers.empty());
    QVERIFY(parseScenario("", "e.zpl", &e) && parseScenario("", "e.zpl", &e)->peers.empty());
}

void TestScenarios::zdcf01()
{
    ScenarioError e;
    const auto s = parseScenario(R"({"context": {"iothreads": 1},
        "forwarder": {"type": "zmq_forwarder",
                      "frontend": {"type": "SUB", "option": {"subscribe": ["A", "B"]}, "connect": "tcp://127.0.0.1:2"},
                      "backend": {"type": "PUB", "bind": ["tcp://127.0.0.1:3", "tcp://127.0.0.1:4"]}}})",
                                 "old.json", &e);
    QVERIFY2(s, e.text().c_str());
    QCOMPARE(s->format, std::string("ZDCF 0.1 (JSON)"));
    QCOMPARE(s->peers.size(), std::size_t(1));
    QCOMPARE(s->peers[0].options.at("frontend-subscribe"), (std::vector<std::string>{"A", "B"}));
    QCOMPARE(s->peers[0].options.at("backend-bind").size(), std::size_t(2));
    QCOMPARE(s->peers[0].options.at("type"), std::vector<std::string>{"zmq_forwarder"});
}

void TestScenarios::errors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zpl indentation") << "x.zpl" << "version = 1.0\napps\n   a\n"
                                     << "line 3, column 4: indentation of 3 spaces is not a multiple of 4";
    QTest::newRow("zpl unclosed quote") << "x.zpl" << "version = 1.0\nname = \"abc\n" << "line 2, column 8: unclosed quote";
    QTest::newRow("unknown role") << "x.zpl"
                                  << "version = 1.0\npeers\n    p\n        role = mdp-brokre\n"
                                  << "line 4, column 9: unknown role 'mdp-brokre' (expected one of socket, ";
    QTest::newRow("no role") << "x.zpl" << "version = 1.0\npeers\n    p\n        bind = tcp://127.0.0.1:1\n"
                             << "line 3, column 5: peer 'p' has no role (expected role = one of socket,";
    QTest::newRow("unknown option") << "x.zpl"
                                    << "version = 1.0\npeers\n    p\n        role = mdp-client\n        conect = tcp://127.0.0.1:1\n"
                                    << "line 5, column 9: 'conect' is not an option of mdp-client (expected one of connect,";
    QTest::newRow("bad value") << "x.zpl"
                               << "version = 1.0\npeers\n    p\n        role = mdp-client\n        connect = tcp://127.0.0.1:1\n        count = many\n"
                               << "line 6, column 9: count = many: not a whole number";
    QTest::newRow("missing required") << "x.zpl" << "version = 1.0\npeers\n    p\n        role = mdp-client\n"
                                      << "line 3, column 5: peer 'p': --connect is required";
    QTest::newRow("twice") << "x.zpl"
                           << "version = 1.0\npeers\n    p\n        role = mdp-client\n        connect = tcp://a:1\n        connect = tcp://b:1\n"
                           << "line 6, column 9: 'connect' given twice (mdp-client takes one)";
    QTest::newRow("newer version") << "x.zpl" << "version = 2.0\n" << "line 1, column 1: version 2.0 (this reads ZDCF 1.x)";
    QTest::newRow("json comma") << "x.json" << "{\n  \"version\": 1.0\n  \"apps\": {}\n}"
                                << "line 3, column 3: expected ',' or '}' after the value";
    QTest::newRow("json bare word") << "x.json" << "{\"peers\": {\"p\": {\"role\": mdp-client}}}"
                                    << "line 1, column 26: expected a value, not 'mdp-client' (strings need double quotes)";
    QTest::newRow("device type") << "x.json" << "{\"q\": {\"type\": \"zmq_router\"}}"
                                 << "line 1, column 16: device type 'zmq_router' (expected zmq_queue, zmq_forwarder or zmq_streamer)";
    QTest::newRow("one socket") << "x.json" << "{\"q\": {\"type\": \"zmq_queue\", \"front\": {\"bind\": \"tcp://127.0.0.1:1\"}}}"
                                << "line 1, column 7: device 'q' needs two sockets (expected frontend and backend)";
    QTest::newRow("socket type") << "x.json"
                                 << "{\"q\": {\"frontend\": {\"type\": \"ROUTR\", \"bind\": \"tcp://a:1\"}, \"backend\": {\"bind\": \"tcp://a:2\"}}}"
                                 << "line 1, column 29: socket type 'ROUTR' (expected sub, pub, req, rep, push, pull, pair, dealer, router, xpub, xsub)";
    QTest::newRow("two named alike") << "x.zpl"
                                     << "version = 1.0\napps\n    a\n        peers\n            p\n                role = mdp-broker\n"
                                        "    b\n        peers\n            p\n                role = mdp-broker\n"
                                     << "line 9, column 13: a second peer or device named 'p'";
}

void TestScenarios::errors()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ScenarioError e;
    QVERIFY(!parseScenario(text.toStdString(), name.toStdString(), &e));
    const QString got = QString::fromStdString(e.text());
    QVERIFY2(got.startsWith(expected), qPrintable(got));
}

void TestScenarios::examples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");   // output lines that must appear
    QTest::addColumn<int>("seconds");            // --duration (the run ends sooner when its clients are done)
    QTest::newRow("MDP echo") << "mdp-echo.zpl" << QStringList{QStringLiteral("client: done: 10 replies"), QStringLiteral("mmi: reply 1: 200")} << 45;
    QTest::newRow("Titanic") << "titanic.zpl" << QStringList{QStringLiteral("client: reply 2: keep this for me")} << 45;
    QTest::newRow("PPP, a worker dies and comes back")
        << "ppp.json" << QStringList{QStringLiteral("fragile: warning: dying on request 2"), QStringLiteral("fragile: back after 1500 ms"),
                                     QStringLiteral("client: done: 8 replies")} << 45;
    QTest::newRow("Freelance fail-over") << "freelance.zpl" << QStringList{QStringLiteral("client: done: 6 replies")} << 45;
    QTest::newRow("ZDCF 0.1 queue") << "devices-0.1.json" << QStringList{QStringLiteral("client: done: 3 replies")} << 45;
    QTest::newRow("Clone, two clients") << "clone.zpl"
                                        << QStringList{QStringLiteral("re:alice: update \\d: /bob/mood = fine"),
                                                       QStringLiteral("re:bob: update \\d: /alice/colour = blue")} << 4;
    QTest::newRow("a forwarder device") << "forwarder.zpl" << QStringList{QStringLiteral("listener: received 16 message(s)")} << 3;
    QTest::newRow("ZRE group chat") << "zre-chat.zpl"
                                    << QStringList{QStringLiteral("alice: shout bob CHAT hello from bob"),
                                                   QStringLiteral("bob: shout carol CHAT hello from carol"),
                                                   QStringLiteral("alice: whisper carol just for you")} << 20;
    QTest::newRow("FILEMQ folder sync") << "filemq-sync.zpl" << QStringList{QStringLiteral("client: file /GPL-3 ")} << 5;
}

void TestScenarios::examples()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    QFETCH(int, seconds);
    if (file == QLatin1String("filemq-sync.zpl"))
        QDir(QStringLiteral("/tmp/zmqscope-filemq-sync")).removeRecursively();
    int code = -1;
    QString errors;
    const QString out = run({QStringLiteral("run"), scenario(file.toUtf8().constData()), QStringLiteral("--duration"), QString::number(seconds)},
                            &code, &errors);
    QVERIFY2(code == 0, qPrintable(errors + out.right(3000)));
    // ("re:": a pattern, where the order of peers' updates decides a number)
    for (const QString &line : expected)
        QVERIFY2(line.startsWith(QLatin1String("re:")) ? out.contains(QRegularExpression(line.mid(3))) : out.contains(line),
                 qPrintable(line + QStringLiteral("\n") + out.right(4000)));
    // Every peer of it still well: no "error:" line.
    QVERIFY2(!out.contains(QStringLiteral(": error: ")), qPrintable(out.right(4000)));
    if (file == QLatin1String("filemq-sync.zpl")) {
        // Every regular file of the folder arrived whole (symbolic links are not published).
        const QDir from(QStringLiteral("/usr/share/common-licenses")), to(QStringLiteral("/tmp/zmqscope-filemq-sync"));
        int files = 0;
        for (const QFileInfo &f : from.entryInfoList(QDir::Files | QDir::NoSymLinks)) {
            QFile a(f.filePath()), b(to.filePath(f.fileName()));
            QVERIFY2(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly) && a.readAll() == b.readAll(), qPrintable(f.fileName()));
            ++files;
        }
        QVERIFY(files >= 5);
        QCOMPARE(int(out.count(QStringLiteral("client: file /"))), files);
    }
}

// Through taps: the pcapng opens with zmqscope dissect, every connection
// reads as Majordomo with no finding; the JSON Lines agree.
void TestScenarios::recorded()
{
    QTemporaryDir dir;
    const QString pcapng = dir.filePath(QStringLiteral("mdp.pcapng")), json = dir.filePath(QStringLiteral("mdp.json"));
    int code = -1;
    QString errors;
    run({QStringLiteral("run"), scenario("mdp-echo.zpl"), QStringLiteral("--write"), pcapng, QStringLiteral("--json"), json}, &code, &errors);
    QVERIFY2(code == 0, qPrintable(errors));
    QVERIFY(errors.contains(QStringLiteral("every TCP endpoint through a tap")));
    const QString summary = run({QStringLiteral("dissect"), pcapng, QStringLiteral("--summary")}, &code);
    QCOMPARE(code, 0);
    const QStringList conns = summary.split(u'\n', Qt::SkipEmptyParts);
    // Four client-side taps and four broker-side ones (the broker's bind),
    // each connection recorded on both.
    QCOMPARE(conns.size(), 8);
    for (const QString &c : conns) {
        QVERIFY2(c.contains(QStringLiteral("protocol mdp")), qPrintable(c));
        QVERIFY2(c.contains(QStringLiteral("findings 0")), qPrintable(c));
    }
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    int mdp = 0, findings = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        mdp += line.contains("\"protocol\":\"mdp\"");
        findings += line.contains("\"kind\":\"finding\"");
    }
    QVERIFY2(mdp >= 4 * (10 + 10) / 2, qPrintable(QString::number(mdp)));
    QCOMPARE(findings, 0);
}

void TestScenarios::everyExampleClean_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<int>("seconds");
    QTest::newRow("Titanic") << "titanic.zpl" << "mdp" << 45;
    QTest::newRow("PPP") << "ppp.json" << "ppp" << 45;
    QTest::newRow("Freelance") << "freelance.zpl" << "flp" << 45;
    QTest::newRow("Clone") << "clone.zpl" << "clone" << 4;
    QTest::newRow("ZRE") << "zre-chat.zpl" << "zre" << 20;
    QTest::newRow("FILEMQ") << "filemq-sync.zpl" << "filemq" << 4;
}

// Each role's traffic, recorded through taps and dissected by the protocol
// layer, is its protocol's with no warning or error. (A role that dies on
// purpose is the exception the PPP and Freelance examples are built for:
// what they break is said below.)
void TestScenarios::everyExampleClean()
{
    QFETCH(QString, file);
    QFETCH(QString, protocol);
    QFETCH(int, seconds);
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("out.json"));
    if (file == QLatin1String("filemq-sync.zpl"))
        QDir(QStringLiteral("/tmp/zmqscope-filemq-sync")).removeRecursively();
    int code = -1;
    QString errors;
    run({QStringLiteral("run"), scenario(file.toUtf8().constData()), QStringLiteral("--json"), json, QStringLiteral("--duration"),
         QString::number(seconds)},
        &code, &errors);
    QVERIFY2(code == 0, qPrintable(errors));
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    int ours = 0;
    QStringList bad;
    for (const QByteArray &line : f.readAll().split('\n')) {
        ours += line.contains(QByteArray("\"protocol\":\"") + protocol.toLatin1() + '"');
        if (line.contains("\"severity\":\"warn\"") || line.contains("\"severity\":\"error\""))
            bad << QString::fromUtf8(line.left(400));
    }
    QVERIFY2(ours >= 4, qPrintable(QString::number(ours)));
    // The roles that die on purpose: the dead peer's last connection ends
    // mid-message at most (zmtp.stream.truncated), and a tap in front of it
    // cannot reach it while it is down (relay.connection_failed); nothing else.
    const bool dies = file == QLatin1String("ppp.json") || file == QLatin1String("freelance.zpl");
    for (const QString &b : bad)
        QVERIFY2(dies && (b.contains(QStringLiteral("zmtp.stream.truncated")) || b.contains(QStringLiteral("relay.connection_failed"))),
                 qPrintable(b));
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
