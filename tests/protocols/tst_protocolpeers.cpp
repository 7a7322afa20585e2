// Every application protocol as independent peers put it on the wire: the
// pyzmq scripts in tests/protocols/peers (written from the RFC texts, run
// with Debian's python3-zmq on libzmq 4.3.4) talk through ZmqScope's own
// tap relays, and what the relays record goes through the capture pipeline
// as a live capture would. Each scenario's messages must all be recognised
// as their protocol, with replies matched to requests, names learned, and
// exactly the findings the scenario is built to produce (none for the
// well-behaved ones).
#include "capture/pipeline.h"
#include "protocols/registry.h"
#include "relay.h"
#include "taprecorder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <set>
#include <mutex>

using namespace zmqscope;
using namespace zmqscope::codec;

namespace {

// One event as the test reads it.
struct Seen {
    std::uint32_t number = 0;
    int pair = 0;                   // which relay
    std::uint32_t connection = 0;   // the relay's connection number
    Direction direction = Direction::ClientToServer;
    EventKind kind = EventKind::Finding;
    std::string protocol;           // innermost protocol id, for messages
    std::string summary;
    Field tree;
    std::string finding;            // key, for findings
    std::string detail;
};

// What every tap hands over, numbered across taps as one store would.
struct Collector {
    std::mutex mutex;
    std::vector<Seen> events;
    std::uint32_t count = 0;
};

class PairSink : public capture::CaptureEventSink {
public:
    PairSink(Collector &c, int pair) : m_c(c), m_pair(pair) {}
    void event(const capture::ConnectionContext &ctx, const Event &ev) override
    {
        if (ev.kind == EventKind::GreetingPart)
            return;
        ++m_c.count;
        if (ev.kind != EventKind::Message && ev.kind != EventKind::Finding)
            return;
        Seen s;
        s.number = ctx.number;
        s.pair = m_pair;
        s.connection = std::uint32_t(ctx.flow.id);
        s.direction = ev.direction;
        s.kind = ev.kind;
        if (ev.kind == EventKind::Finding) {
            s.finding = std::string(findingInfo(ev.finding->id).key);
            s.detail = ev.finding->detail;
        } else {
            s.tree = protocols::dissectEvent(ev, ctx.app);
            s.protocol = std::string(protocols::innermostProtocol(s.tree));
            s.summary = protocols::summaryLine(ev, ctx.app);
        }
        m_c.events.push_back(std::move(s));
    }
    std::uint32_t nextEventNumber() const override { return m_c.count + 1; }

private:
    Collector &m_c;
    int m_pair;
};

struct Run {
    int exitCode = -1;
    QString output;
    std::vector<Seen> events;

    std::vector<const Seen *> messages(std::string_view protocol = {}) const
    {
        std::vector<const Seen *> out;
        for (const Seen &s : events)
            if (s.kind == EventKind::Message && (protocol.empty() || s.protocol == protocol))
                out.push_back(&s);
        return out;
    }
    std::vector<std::string> findings() const
    {
        std::vector<std::string> out;
        for (const Seen &s : events)
            if (s.kind == EventKind::Finding)
                out.push_back(s.finding + ": " + s.detail);
        return out;
    }
    const Seen *byNumber(std::uint64_t n) const
    {
        for (const Seen &s : events)
            if (s.number == n)
                return &s;
        return nullptr;
    }
    std::string dump() const
    {
        std::string s;
        for (const Seen &e : events)
            s += std::to_string(e.number) + " p" + std::to_string(e.pair) + "c" + std::to_string(e.connection) + " "
                + std::string(directionName(e.direction)) + " "
                + (e.kind == EventKind::Finding ? "finding " + e.finding + ": " + e.detail : "[" + e.protocol + "] " + e.summary)
                + "\n";
        return s;
    }
};

const std::string &value(const Seen &s, std::string_view key)
{
    static const std::string none = "(none)";
    const Field *f = s.tree.find(key);
    return f ? f->value : none;
}

// Runs one scenario of a peers script through `pairs` tap relays; the
// first relay also records pcapng to `pcapng` when given.
Run runScenario(const QString &script, const QString &scenario, int pairs, const QString &pcapng = {})
{
    std::FILE *recording = pcapng.isEmpty() ? nullptr : std::fopen(QFile::encodeName(pcapng).constData(), "wb");
    Run run;
    Collector collector;
    std::vector<std::unique_ptr<PairSink>> sinks;
    std::vector<std::unique_ptr<TapRecorder>> recorders;
    std::vector<std::unique_ptr<Relay>> relays;
    QStringList args{QStringLiteral(ZMQSCOPE_PEERS_DIR "/") + script, QStringLiteral("--scenario"), scenario};
    for (int i = 0; i < pairs; ++i) {
        const std::uint16_t bind = freeLoopbackPort();
        sinks.push_back(std::make_unique<PairSink>(collector, i + 1));
        TapRecorder::Options o;
        o.events = sinks.back().get();
        if (i == 0)
            o.pcapng = recording;
        o.target = "tcp://127.0.0.1:" + std::to_string(bind);
        o.eventLock = [&collector](bool acquire) {
            if (acquire)
                collector.mutex.lock();
            else
                collector.mutex.unlock();
        };
        recorders.push_back(std::make_unique<TapRecorder>(o));
        Relay::Config config;
        config.listen = *Endpoint::parse("tcp://127.0.0.1:0");
        config.forward = *Endpoint::parse(o.target);
        relays.push_back(std::make_unique<Relay>(config, recorders.back().get()));
        std::string error;
        if (!relays.back()->start(&error))
            qFatal("relay: %s", error.c_str());
        args << QStringLiteral("--pair")
             << QStringLiteral("tcp://127.0.0.1:%1,%2").arg(bind).arg(QString::fromStdString(relays.back()->boundEndpoint().toString()));
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("/usr/bin/python3"), args);
    if (!p.waitForFinished(30000))
        p.kill();
    p.waitForFinished(2000);
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.output = QString::fromUtf8(p.readAll());
    for (auto &r : relays)
        r->stop();
    for (auto &r : recorders)
        r->finish();
    if (recording)
        std::fclose(recording);
    run.events = std::move(collector.events);
    return run;
}

#define RUN(script, scenario, pairs)                                                                                   \
    const Run run = runScenario(QStringLiteral(script), QStringLiteral(scenario), pairs);                                \
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));                                                               \
    qInfo("%s", run.dump().substr(0, 6000).c_str())

// Every message of the scenario is the protocol's (pass `except` for the
// messages that detection may leave unmarked, e.g. a weak marker's first).
void allAre(const Run &run, std::string_view protocol, std::size_t except = 0)
{
    std::size_t other = 0;
    for (const Seen *m : run.messages())
        if (m->protocol != protocol && !(protocol == "mdp" && (m->protocol == "mmi" || m->protocol == "titanic")))
            ++other;
    QVERIFY2(other <= except, run.dump().c_str());
    QVERIFY(!run.messages().empty());
}

void noFindings(const Run &run, const std::vector<std::string> &allowedKeys = {})
{
    // A connection that carried no message and ended inside its greeting,
    // or that the relay could not take to its target, is a socket that
    // connected while a peer was starting or closing (libzmq reconnects
    // through the relay): nothing of the protocol.
    std::set<std::pair<int, std::uint32_t>> carried;
    for (const Seen *m : run.messages())
        carried.insert({m->pair, m->connection});
    for (const Seen &e : run.events) {
        if (e.kind != EventKind::Finding)
            continue;
        const std::string f = e.finding + ": " + e.detail;
        bool allowed = (e.finding == "zmtp.stream.truncated" || e.finding == "relay.connection_failed")
            && !carried.count({e.pair, e.connection});
        for (const std::string &k : allowedKeys)
            allowed |= f.rfind(k + ":", 0) == 0;
        QVERIFY2(allowed, (f + "\n" + run.dump()).c_str());
    }
}

std::vector<std::string> findingsOf(const Run &run, std::string_view key)
{
    std::vector<std::string> out;
    for (const std::string &f : run.findings())
        if (f.rfind(std::string(key) + ":", 0) == 0)
            out.push_back(f);
    return out;
}

// Replies carry the request they answer: its number, an earlier message of
// the same connection.
void repliesMatched(const Run &run, std::string_view responseKey, std::size_t atLeast)
{
    std::size_t matched = 0;
    for (const Seen *m : run.messages()) {
        const Field *r = m->tree.find(responseKey);
        if (!r)
            continue;
        const Seen *request = run.byNumber(r->number);
        QVERIFY2(request && request->number < m->number && request->pair == m->pair && request->connection == m->connection
                     && request->direction != m->direction,
                 (m->summary + " answers " + std::to_string(r->number)).c_str());
        ++matched;
    }
    QVERIFY2(matched >= atLeast, (std::to_string(matched) + " matched\n" + run.dump()).c_str());
}

}   // namespace

class TestProtocolPeers : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { protocols::registry(); }
    void mdp01();
    void mdp01TwoWorkers();
    void mdp02();
    void mdp02Zproto();
    void titanic();
    void zreV2();
    void zreV1();
    void zreV3();
    void zreSequenceGap();
    void filemqV2();
    void filemqV2String();
    void filemqV1();
    void filemqBadOffset();
    void ppp();
    void pppWorkerRestart();
    void flp();
    void flpFailover();
    void clone();
    void mtl();
    void wmp();
};

void TestProtocolPeers::mdp01()
{
    RUN("mdp_peers.py", "mdp01", 1);
    allAre(run, "mdp");
    noFindings(run);
    repliesMatched(run, "mdp.response_to", 9);   // 6 client replies, 3 worker replies
    std::vector<std::string> client;
    for (const Seen *m : run.messages())
        if (value(*m, "mdp.role") == "client")
            client.push_back(value(*m, "mdp.command") + " " + value(*m, "mdp.service") + " "
                             + (m->tree.find("mmi.status") ? value(*m, "mmi.status") : value(*m, "mdp.body")));
    const std::vector<std::string> expected{
        "REQUEST echo hello 1", "REPLY echo hello 1", "REQUEST echo hello 2", "REPLY echo hello 2",
        "REQUEST echo hello 3", "REPLY echo hello 3", "REQUEST mmi.service echo", "REPLY mmi.service 200",
        "REQUEST mmi.service nope", "REPLY mmi.service 404", "REQUEST mmi.other x", "REPLY mmi.other 501"};
    QCOMPARE(client, expected);
    // The request followed through the broker: the worker's REQUEST names
    // the client's request, the worker's REPLY too, and the client's REPLY
    // names the worker's REPLY.
    int linked = 0;
    for (const Seen *m : run.messages()) {
        const Field *l = m->tree.find("mdp.linked");
        if (!l)
            continue;
        const Seen *other = run.byNumber(l->number);
        QVERIFY(other && other->connection != m->connection);
        QCOMPARE(value(*other, "mdp.body"), value(*m, "mdp.body"));
        ++linked;
    }
    QCOMPARE(linked, 9);
    int heartbeats[2] = {0, 0};
    for (const Seen *m : run.messages())
        if (value(*m, "mdp.command") == "HEARTBEAT")
            ++heartbeats[int(m->direction)];
    QVERIFY(heartbeats[0] >= 1 && heartbeats[1] >= 1);
}

void TestProtocolPeers::mdp01TwoWorkers()
{
    RUN("mdp_peers.py", "mdp01-two-workers", 1);
    allAre(run, "mdp");
    noFindings(run);
    repliesMatched(run, "mdp.response_to", 12);
    std::map<std::uint32_t, int> repliesPerWorker;
    int linked = 0;
    for (const Seen *m : run.messages()) {
        if (value(*m, "mdp.role") == "worker" && value(*m, "mdp.command") == "REPLY")
            ++repliesPerWorker[m->connection];
        linked += m->tree.find("mdp.linked") ? 1 : 0;
    }
    QCOMPARE(int(repliesPerWorker.size()), 2);
    for (const auto &[c, n] : repliesPerWorker)
        QCOMPARE(n, 3);
    QCOMPARE(linked, 18);
}

void TestProtocolPeers::mdp02()
{
    RUN("mdp_peers.py", "mdp02", 1);
    allAre(run, "mdp");
    noFindings(run);
    int partial = 0, final = 0;
    for (const Seen *m : run.messages()) {
        QCOMPARE(value(*m, "mdp.dialect"), std::string("18/MDP (0.2, as written)"));
        partial += value(*m, "mdp.command") == "PARTIAL";
        final += value(*m, "mdp.command") == "FINAL";
    }
    QCOMPARE(partial, 8);   // 2 per request, worker and client side
    QCOMPARE(final, 4);
    repliesMatched(run, "mdp.response_to", 12);
}

void TestProtocolPeers::mdp02Zproto()
{
    RUN("mdp_peers.py", "mdp02-zproto", 1);
    allAre(run, "mdp");
    noFindings(run, {"mdp.dialect"});
    QCOMPARE(findingsOf(run, "mdp.dialect").size(), std::size_t(2));   // one note per connection
    for (const Seen *m : run.messages())
        QCOMPARE(value(*m, "mdp.dialect"), std::string("majordomo zproto (AA A4)"));
    repliesMatched(run, "mdp.response_to", 4);
}

void TestProtocolPeers::titanic()
{
    RUN("mdp_peers.py", "titanic", 1);
    allAre(run, "mdp");
    noFindings(run);
    std::vector<std::string> statuses;
    for (const Seen *m : run.messages())
        if (m->protocol == "titanic" && value(*m, "mdp.role") == "client" && m->tree.find("titanic.status"))
            statuses.push_back(value(*m, "titanic.service") + " " + value(*m, "titanic.status"));
    const std::vector<std::string> expected{"titanic.request 200", "titanic.reply 300", "titanic.reply 200",
                                            "titanic.close 200", "titanic.reply 400"};
    QCOMPARE(statuses, expected);
    // The worker side knows its service from READY: Titanic there too.
    int workerSide = 0;
    for (const Seen *m : run.messages())
        workerSide += m->protocol == "titanic" && value(*m, "mdp.role") == "worker";
    QVERIFY2(workerSide >= 10, run.dump().c_str());
}

void TestProtocolPeers::zreV2()
{
    RUN("zre_peers.py", "zre-v2", 2);
    allAre(run, "zre");
    noFindings(run);
    // Each inbox in order (the two taps' orders interleave as they will):
    // pair 1 is alpha's inbox (beta speaks), pair 2 beta's (alpha speaks).
    std::vector<std::string> toAlpha, toBeta;
    for (const Seen *m : run.messages())
        (m->pair == 1 ? toAlpha : toBeta)
            .push_back(value(*m, "zre.command") + " " + value(*m, "zre.sequence") + " " + value(*m, "zre.peer") + " ["
                       + value(*m, "zre.member_of") + "]");
    const std::vector<std::string> fromBeta{"HELLO 1 beta []", "JOIN 2 beta [CHAT]", "WHISPER 3 beta [CHAT]",
                                            "PING-OK 4 beta [CHAT]", "LEAVE 5 beta []"};
    const std::vector<std::string> fromAlpha{"HELLO 1 alpha []", "JOIN 2 alpha [CHAT]", "SHOUT 3 alpha [CHAT]",
                                             "PING 4 alpha [CHAT]"};
    QCOMPARE(toAlpha, fromBeta);
    QCOMPARE(toBeta, fromAlpha);
    for (const Seen *m : run.messages()) {
        QCOMPARE(value(*m, "zre.uuid"), std::string(32, m->pair == 1 ? '2' : '1'));
        QCOMPARE(value(*m, "zre.dialect"), std::string("v2 (RFC 36)"));
        if (value(*m, "zre.command") == "SHOUT")
            QCOMPARE(value(*m, "zre.content"), std::string("hello chat"));
    }
}

void TestProtocolPeers::zreV1()
{
    RUN("zre_peers.py", "zre-v1", 2);
    allAre(run, "zre");
    noFindings(run);
    for (const Seen *m : run.messages())
        QCOMPARE(value(*m, "zre.dialect"), std::string("v1 (RFC 20)"));
    QCOMPARE(value(*run.messages()[0], "zre.header.name"), std::string("X-TEST"));
}

void TestProtocolPeers::zreV3()
{
    RUN("zre_peers.py", "zre-v3", 2);
    allAre(run, "zre");
    noFindings(run, {"zre.version3"});
    QCOMPARE(findingsOf(run, "zre.version3").size(), std::size_t(2));   // each HELLO: zyre would refuse version 3
    QCOMPARE(value(*run.messages()[0], "zre.dialect"), std::string("v3 (RFC 43)"));
}

void TestProtocolPeers::zreSequenceGap()
{
    RUN("zre_peers.py", "zre-sequence-gap", 2);
    allAre(run, "zre");
    noFindings(run, {"zre.sequence_gap"});
    const auto f = findingsOf(run, "zre.sequence_gap");
    QCOMPARE(f.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(f[0]), QStringLiteral("zre.sequence_gap: sequence 4, expected 3"));
}

namespace {
void filemqFiles(const Run &run, const std::string &dialect)
{
    allAre(run, "filemq");
    std::map<std::string, std::uint64_t> sizes;
    for (const Seen *m : run.messages()) {
        // Where the encodings differ: paths and file names.
        if (value(*m, "filemq.command") == "ICANHAZ" || value(*m, "filemq.command") == "CHEEZBURGER")
            QCOMPARE(value(*m, "filemq.dialect"), dialect);
        if (value(*m, "filemq.command") == "CHEEZBURGER")
            sizes[value(*m, "filemq.filename")] += m->tree.find("filemq.chunk_size")->number;
    }
    QCOMPARE(sizes["/photos/a.txt"], std::uint64_t(13));
    QCOMPARE(sizes["/photos/big.bin"], std::uint64_t(2500000));
}
}   // namespace

namespace {
// `zmqscope dissect --export-objects` on the recording: each FILEMQ file
// the script published, by its SHA-256 (printed by the script) against
// what the export wrote; objects.json read back.
QJsonArray exportObjects(const QString &pcapng, const QString &folder)
{
    QProcess p;
    p.start(QStringLiteral(ZMQSCOPE_BINARY), {QStringLiteral("dissect"), pcapng, QStringLiteral("--summary"),
                                               QStringLiteral("--export-objects"), folder});
    p.waitForFinished(60000);
    if (p.exitCode() != 0)
        qWarning("%s", p.readAllStandardError().constData());
    QFile list(folder + QStringLiteral("/objects.json"));
    list.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(list.readAll()).array();
}

std::map<QString, QJsonObject> published(const QString &output)
{
    std::map<QString, QJsonObject> files;
    for (const QString &line : output.split(QLatin1Char('\n'))) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        if (o.contains(QStringLiteral("sha256")))
            files[o.value(QStringLiteral("file")).toString()] = o;
    }
    return files;
}
}   // namespace

void TestProtocolPeers::filemqV2()
{
    QTemporaryDir dir;
    const QString pcapng = dir.filePath(QStringLiteral("filemq.pcapng"));
    const Run run = runScenario(QStringLiteral("filemq_peers.py"), QStringLiteral("filemq-v2"), 1, pcapng);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    // Export Objects: the two files, whole, as the server published them.
    const auto sent = published(run.output);
    QCOMPARE(int(sent.size()), 2);
    const QJsonArray objects = exportObjects(pcapng, dir.filePath(QStringLiteral("objects")));
    QCOMPARE(objects.size(), 2);
    for (const QJsonValue &v : objects) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        QVERIFY2(sent.count(name), qPrintable(name));
        QCOMPARE(o.value(QStringLiteral("sha256")).toString(), sent.at(name).value(QStringLiteral("sha256")).toString());
        QCOMPARE(o.value(QStringLiteral("size")).toInteger(), sent.at(name).value(QStringLiteral("size")).toInteger());
        QVERIFY(o.value(QStringLiteral("complete")).toBool());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("objects/")) + o.value(QStringLiteral("path")).toString()));
    }
    filemqFiles(run, "zeromq/filemq (4-octet strings)");
    noFindings(run, {"filemq.dialect"});
    QCOMPARE(findingsOf(run, "filemq.dialect").size(), std::size_t(1));
}

void TestProtocolPeers::filemqV2String()
{
    RUN("filemq_peers.py", "filemq-v2-string", 1);
    filemqFiles(run, "RFC 35 (1-octet strings)");
    noFindings(run);
}

void TestProtocolPeers::filemqV1()
{
    RUN("filemq_peers.py", "filemq-v1", 1);
    filemqFiles(run, "RFC 19 (v1)");
    noFindings(run);
}

void TestProtocolPeers::filemqBadOffset()
{
    QTemporaryDir dir;
    const QString pcapng = dir.filePath(QStringLiteral("filemq.pcapng"));
    const Run run = runScenario(QStringLiteral("filemq_peers.py"), QStringLiteral("filemq-bad-offset"), 1, pcapng);
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    // The file with the hole is exported at its announced size and says
    // which bytes are missing; the other one is whole.
    const QJsonArray objects = exportObjects(pcapng, dir.filePath(QStringLiteral("objects")));
    QCOMPARE(objects.size(), 2);
    const auto sent = published(run.output);
    for (const QJsonValue &v : objects) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        QCOMPARE(o.value(QStringLiteral("size")).toInteger(), sent.at(name).value(QStringLiteral("size")).toInteger());
        if (name == QLatin1String("/photos/big.bin")) {
            QVERIFY(!o.value(QStringLiteral("complete")).toBool());
            QCOMPARE(o.value(QStringLiteral("problem")).toString(), QStringLiteral("bytes 1000000-1000099"));
            QVERIFY(o.value(QStringLiteral("sha256")).toString() != sent.at(name).value(QStringLiteral("sha256")).toString());
        } else {
            QVERIFY(o.value(QStringLiteral("complete")).toBool());
            QCOMPARE(o.value(QStringLiteral("sha256")).toString(), sent.at(name).value(QStringLiteral("sha256")).toString());
        }
    }
    allAre(run, "filemq");
    noFindings(run, {"filemq.dialect", "filemq.offset_gap"});
    std::vector<std::string> gaps;
    for (const std::string &f : run.findings())
        if (f.rfind("filemq.offset_gap", 0) == 0)
            gaps.push_back(f);
    // The chunk 100 bytes too far leaves a hole; the next one, where the
    // file really goes on, then overlaps it.
    QCOMPARE(gaps.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(gaps[0]),
             QStringLiteral("filemq.offset_gap: /photos/big.bin: chunk at offset 1000100, the file so far ends at 1000000"));
}

void TestProtocolPeers::ppp()
{
    RUN("ppp_peers.py", "ppp", 2);
    // The queue's frontend (pair 1) is plain REQ/ROUTER; the worker link
    // (pair 2) is PPP once its one-byte frames repeat.
    std::size_t other = 0;
    for (const Seen *m : run.messages())
        if (m->pair == 2 && m->protocol != "ppp")
            ++other;
    QVERIFY2(other <= 1, run.dump().c_str());
    noFindings(run);
    repliesMatched(run, "ppp.response_to", 3);
    int heartbeats = 0;
    for (const Seen *m : run.messages())
        heartbeats += value(*m, "ppp.command") == "HEARTBEAT";
    QVERIFY(heartbeats >= 6);
}

void TestProtocolPeers::pppWorkerRestart()
{
    RUN("ppp_peers.py", "ppp-worker-restart", 2);
    noFindings(run);
    // Both worker connections are PPP (each decided on its own heartbeats),
    // and the requests the second one serves are matched there.
    std::set<std::uint32_t> workerLinks;
    for (const Seen *m : run.messages())
        if (m->pair == 2 && m->protocol == "ppp")
            workerLinks.insert(m->connection);
    QCOMPARE(workerLinks.size(), std::size_t(2));
    repliesMatched(run, "ppp.response_to", 3);
}

void TestProtocolPeers::flp()
{
    RUN("flp_peers.py", "flp", 2);
    allAre(run, "flp");
    noFindings(run);
    repliesMatched(run, "flp.response_to", 5);   // 2 PONGs, 3 replies
    for (const Seen *m : run.messages())
        QVERIFY(value(*m, "flp.server").rfind("tcp://127.0.0.1:", 0) == 0);
}

void TestProtocolPeers::flpFailover()
{
    RUN("flp_peers.py", "flp-failover", 2);
    allAre(run, "flp");
    // Server 2 never listens: the relay takes the client's connection and
    // closes it inside the greeting. Nothing else is amiss.
    for (const Seen &e : run.events)
        if (e.kind == EventKind::Finding)
            QVERIFY2(e.pair == 2 && (e.finding == "zmtp.stream.truncated" || e.finding == "relay.connection_failed"),
                     run.dump().c_str());
    repliesMatched(run, "flp.response_to", 4);
}

void TestProtocolPeers::clone()
{
    RUN("clone_peers.py", "clone", 3);
    allAre(run, "clone");
    // The reference's HUGZ carries the current sequence and its KTHXBAI an
    // empty subtree frame: notes, as the RFC says otherwise.
    noFindings(run, {"clone.hugz_sequence", "clone.kthxbai_empty"});
    std::vector<std::string> snapshot2;
    std::vector<std::string> sets;
    for (const Seen *m : run.messages()) {
        const std::string cmd = value(*m, "clone.command");
        if (m->pair == 1 && m->connection == 2 && cmd != "ICANHAZ")
            snapshot2.push_back(cmd + " " + value(*m, "clone.key") + " " + value(*m, "clone.sequence"));
        if (cmd == "KVSET")
            sets.push_back(value(*m, "clone.key") + "=" + value(*m, "clone.value"));
    }
    const std::vector<std::string> expected{"KVSYNC /client/1 1", "KVSYNC /client/2 2", "KTHXBAI KTHXBAI 3"};
    QCOMPARE(snapshot2, expected);
    const std::vector<std::string> expectedSets{"/client/1=one", "/client/2=two", "/other/x=x"};
    QCOMPARE(sets, expectedSets);
}

void TestProtocolPeers::mtl()
{
    RUN("mtl_peers.py", "mtl", 2);
    allAre(run, "mtl");
    noFindings(run);
    repliesMatched(run, "mtl.response_to", 8);   // 4 control replies, 3 Responses, 1 Pong
}

void TestProtocolPeers::wmp()
{
    RUN("wmp_peers.py", "wmp", 1);
    allAre(run, "wmp");
    noFindings(run);
    repliesMatched(run, "wmp.response_to", 10);
}

QTEST_GUILESS_MAIN(TestProtocolPeers)
#include "tst_protocolpeers.moc"
