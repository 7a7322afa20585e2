// The Peers dock, offscreen: the New Peer dialog checks each value as it is
// typed; PeersModel under QAbstractItemModelTester; an MDP broker, worker
// and client launched from the window run through taps into the capture
// shown (rows read as Majordomo), the rows and logs reach the dock, and
// selecting a peer shows only the connections its taps carried.
#include "connectionsmodel.h"
#include "framelistmodel.h"
#include "mainwindow.h"
#include "newpeerdialog.h"
#include "peersdock.h"
#include "peersmodel.h"
#include "peers/replaypeer.h"

#include "../common/pushpullcapture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSet>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QFile>
#include <QTemporaryDir>
#include "relay.h"
#include "zmqtest.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

using namespace zmqscope;

namespace {

int rowOfRole(PeersModel *m, const QString &role)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->data(m->index(r, PeersModel::Role), Qt::DisplayRole).toString() == role)
            return r;
    return -1;
}

QString stateOf(PeersModel *m, const QString &role)
{
    const int r = rowOfRole(m, role);
    return r < 0 ? QString() : m->data(m->index(r, PeersModel::State), Qt::DisplayRole).toString();
}

}   // namespace

class TestPeersDock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QApplication::setApplicationName(QStringLiteral("zmqscope-test-peersdock")); }
    void newPeerDialog();
    void modelUpdates();
    void launchFromTheWindow();
    void openScenario();
    void replayFile();
    void replayFileWhenTimesGoBack();
    void curveReadsInClear();
};

void TestPeersDock::newPeerDialog()
{
    NewPeerDialog d(QStringLiteral("mdp-client"));
    QCOMPARE(d.role(), QStringLiteral("mdp-client"));
    auto *connect = qobject_cast<QLineEdit *>(d.field(QStringLiteral("connect")));
    auto *count = qobject_cast<QLineEdit *>(d.field(QStringLiteral("count")));
    QVERIFY(connect && count);
    QCOMPARE(d.problem(QStringLiteral("connect")), QStringLiteral("required"));
    QVERIFY(!d.acceptable());
    QTest::keyClicks(connect, QStringLiteral("tcp://127.0.0.1"));
    QCOMPARE(d.problem(QStringLiteral("connect")), QStringLiteral("tcp needs host:port"));
    QTest::keyClicks(connect, QStringLiteral(":5555"));
    QCOMPARE(d.problem(QStringLiteral("connect")), QString());
    QVERIFY(d.acceptable());
    QTest::keyClicks(count, QStringLiteral("x"));
    QCOMPARE(d.problem(QStringLiteral("count")), QStringLiteral("not a whole number"));
    QVERIFY(!d.acceptable());
    count->clear();
    QTest::keyClicks(count, QStringLiteral("5"));
    QVERIFY(d.acceptable());
    // Only what was typed is sent (left alone: the role's default).
    const PeerOptions o = d.options();
    QCOMPARE(o.value(QStringLiteral("connect")), QStringList{QStringLiteral("tcp://127.0.0.1:5555")});
    QCOMPARE(o.value(QStringLiteral("count")), QStringList{QStringLiteral("5")});
    QVERIFY(!o.contains(QStringLiteral("timeout-ms")));
    // Another role, another form.
    auto *roles = d.findChild<QComboBox *>(QStringLiteral("role"));
    roles->setCurrentIndex(roles->findData(QStringLiteral("ppp-queue")));
    QVERIFY(d.field(QStringLiteral("frontend")));
    QVERIFY(!d.field(QStringLiteral("connect")));
    QVERIFY(d.acceptable());   // (every option has a default)
    // A ZRE node's interface is picked from the machine's (lo is one).
    roles->setCurrentIndex(roles->findData(QStringLiteral("zre-node")));
    auto *iface = qobject_cast<QLineEdit *>(d.field(QStringLiteral("interface")));
    QVERIFY(iface && iface->completer());
    QVERIFY(iface->completer()->model()->match(iface->completer()->model()->index(0, 0), Qt::DisplayRole, QStringLiteral("lo"), 1,
                                               Qt::MatchExactly)
                .size()
            == 1);
}

void TestPeersDock::modelUpdates()
{
    PeersModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PeerRow a{1, QStringLiteral("mdp-broker"), QStringLiteral("MDP broker"), {QStringLiteral("bind tcp://*:5555")},
              QStringLiteral("Serving"), 0, 0, {}, true, {1}};
    PeerRow b{2, QStringLiteral("mdp-client"), QStringLiteral("MDP client"), {}, QStringLiteral("WaitingForReply"), 1, 0, {}, true, {2}};
    m.update({a, b});
    QCOMPARE(m.rowCount(), 2);
    b.state = QStringLiteral("Done");
    b.received = 1;
    PeerRow c{3, QStringLiteral("socket"), QStringLiteral("Socket"), {}, QStringLiteral("Failed"), 0, 0,
              QStringLiteral("cannot bind"), false, {}};
    m.update({a, b, c});
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.data(m.index(1, PeersModel::State), Qt::DisplayRole).toString(), QStringLiteral("Done"));
    QCOMPARE(m.data(m.index(2, PeersModel::State), PeersModel::SeverityRole).toInt(), 2);
    m.update({b, c});   // the broker removed
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(m.data(m.index(0, 0), PeersModel::IdRole).toUInt(), 2u);
    m.appendLogs({{2, 1250, 0, QStringLiteral("reply 1: hi")}, {2, 1300, 2, QStringLiteral("oops")}});
    QCOMPARE(m.log(2), (QStringList{QStringLiteral("[   1.250] reply 1: hi"), QStringLiteral("[   1.300] error: oops")}));
}

void TestPeersDock::launchFromTheWindow()
{
    MainWindow w;
    PeersDock *dock = w.peersDock();
    QVERIFY(dock);
    // The Peers menu: every role, grouped by protocol.
    QMenu *peersMenu = nullptr;
    for (QAction *a : w.menuBar()->actions())
        if (a->menu() == dock->menu())
            peersMenu = a->menu();
    QVERIFY(peersMenu);
    QStringList groups;
    for (QAction *a : peersMenu->actions())
        if (a->menu())
            groups << a->text();
    QVERIFY2(groups.contains(QStringLiteral("Majordomo")) && groups.contains(QStringLiteral("Paranoid Pirate")), qPrintable(groups.join(u',')));

    const QString broker = QStringLiteral("tcp://127.0.0.1:%1").arg(freeLoopbackPort());
    dock->launch(QStringLiteral("mdp-broker"), {{QStringLiteral("bind"), {broker}}});
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(dock->model(), QStringLiteral("mdp-broker")), QStringLiteral("Serving"), 10000);
    dock->launch(QStringLiteral("mdp-worker"), {{QStringLiteral("connect"), {broker}}});
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(dock->model(), QStringLiteral("mdp-worker")), QStringLiteral("Ready"), 10000);
    dock->launch(QStringLiteral("mdp-client"), {{QStringLiteral("connect"), {broker}}, {QStringLiteral("count"), {QStringLiteral("3")}},
                                                {QStringLiteral("request"), {QStringLiteral("hi")}}});
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(dock->model(), QStringLiteral("mdp-client")), QStringLiteral("Done"), 10000);
    QVERIFY(dock->isVisible() || !dock->isHidden());
    // The broker's row says where it listens: the user's endpoint, through a tap.
    const int brokerRow = rowOfRole(dock->model(), QStringLiteral("mdp-broker"));
    QCOMPARE(dock->model()->data(dock->model()->index(brokerRow, PeersModel::Endpoints), Qt::DisplayRole).toString(),
             QStringLiteral("bind ") + broker);

    // Their traffic is in the capture: two connections through taps, read as Majordomo.
    FrameListModel *frames = w.frameModel();
    const auto mdpRows = [frames] {
        int n = 0;
        for (int r = 0; r < frames->rowCount(); ++r)
            n += frames->data(frames->index(r, FrameListModel::Protocol), Qt::DisplayRole).toString() == QLatin1String("MDP");
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(mdpRows() >= 1 + 3 * 4, 10000);   // READY, and each request and reply on both links
    QTRY_VERIFY_WITH_TIMEOUT(w.connectionsModel()->rowCount() >= 2, 5000);

    // Selecting the client shows only its connection, and its log.
    const int clientRow = rowOfRole(dock->model(), QStringLiteral("mdp-client"));
    dock->view()->setCurrentIndex(dock->model()->index(clientRow, 0));
    const QVector<quint32> sources = dock->model()->data(dock->model()->index(clientRow, 0), PeersModel::SourcesRole).value<QVector<quint32>>();
    QCOMPARE(sources.size(), 1);
    const QVector<quint32> own = w.connectionsModel()->connectionsOf(sources);
    QCOMPARE(own.size(), 1);
    QAbstractItemModel *shown = w.frameView()->model();
    QVERIFY(shown->rowCount() > 0 && shown->rowCount() < frames->rowCount());
    for (int r = 0; r < shown->rowCount(); ++r)
        QCOMPARE(shown->data(shown->index(r, FrameListModel::Connection), FrameListModel::ConnectionRole).toUInt(), own.front());
    QTRY_VERIFY(dock->logView()->toPlainText().contains(QStringLiteral("reply 3: hi")));
    // Deselected: everything again.
    dock->view()->setCurrentIndex({});
    QCOMPARE(shown->rowCount(), frames->rowCount());

    // A bad launch says why.
    QSignalSpy failed(dock, &PeersDock::launchFailed);
    dock->launch(QStringLiteral("mdp-client"), {{QStringLiteral("count"), {QStringLiteral("3")}}});
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.front().front().toString(), QStringLiteral("mdp-client: --connect is required"));
    dock->stopAll();
    QTRY_COMPARE(dock->model()->rowCount(), 0);
}

// File > Open Scenario: its peers start in the window; a bad file says
// where and what.
void TestPeersDock::openScenario()
{
    MainWindow w;
    PeersDock *dock = w.peersDock();
    QSignalSpy opened(dock, &PeersDock::scenarioOpened);
    QSignalSpy failed(dock, &PeersDock::launchFailed);
    // resources/scenarios/devices-0.1.json on ports of its own (tst_scenarios
    // runs the example itself, maybe at the same time).
    QTemporaryDir scenarios;
    QFile example(QStringLiteral(ZMQSCOPE_SCENARIOS_DIR "/devices-0.1.json"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    QByteArray text = example.readAll();
    for (const QByteArray &port : {QByteArray("27901"), QByteArray("27902")})
        text.replace(port, QByteArray::number(freeLoopbackPort()));
    const QString file = scenarios.filePath(QStringLiteral("devices-0.1.json"));
    QFile copy(file);
    QVERIFY(copy.open(QIODevice::WriteOnly) && copy.write(text) == text.size());
    copy.close();
    QVERIFY(dock->openScenario(file));
    QCOMPARE(opened.size(), 1);
    QVERIFY(opened.front().front().toString().startsWith(QStringLiteral("devices-0.1.json: ZDCF 0.1 (JSON), 3 peer(s) and device(s)")));
    QTRY_COMPARE_WITH_TIMEOUT(dock->model()->rowCount(), 3, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(dock->model(), QStringLiteral("lazy-pirate-client")), QStringLiteral("Done"), 15000);
    QCOMPARE(stateOf(dock->model(), QStringLiteral("device")), QStringLiteral("Forwarding"));
    // The peer's name comes from the file.
    const int row = rowOfRole(dock->model(), QStringLiteral("device"));
    QVERIFY(dock->model()->data(dock->model()->index(row, PeersModel::Name), Qt::DisplayRole).toString().endsWith(QStringLiteral(" queue")));

    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.zpl"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("version = 1.0\npeers\n    p\n        role = mdp-client\n        count = lots\n");
    f.close();
    QVERIFY(!dock->openScenario(bad));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.front().front().toString(), QStringLiteral("bad.zpl:5:9: count = lots: not a whole number"));
    dock->stopAll();
    QTRY_COMPARE(dock->model()->rowCount(), 0);
}

// Replay from the window: the selected rows' messages, as the store keeps
// them, written to a replay file the replay role reads.
void TestPeersDock::replayFile()
{
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::loaded);
    w.loadSamples();
    QTRY_VERIFY_WITH_TIMEOUT(loaded.size() == 1, 20000);
    QVector<quint32> messages;
    for (int r = 0; r < w.frameModel()->rowCount() && messages.size() < 3; ++r)
        if (w.frameModel()->data(w.frameModel()->index(r, 0), FrameListModel::KindRole).toInt() == int(codec::EventKind::Message))
            messages << w.frameModel()->data(w.frameModel()->index(r, 0), FrameListModel::EventRole).toUInt();
    QCOMPARE(messages.size(), 3);
    // Selected in the frame list (several rows at once), then written.
    QItemSelection selection;
    for (int r = 0; r < w.frameView()->model()->rowCount(); ++r)
        if (messages.contains(w.frameView()->model()->index(r, 0).data(FrameListModel::EventRole).toUInt()))
            selection.select(w.frameView()->model()->index(r, 0), w.frameView()->model()->index(r, 0));
    w.frameView()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(w.selectedEvents(), messages);
    QString error;
    const QString path = w.peersDock()->writeReplayFile(w.selectedEvents(), &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    std::string problem;
    const auto read = peers::parseReplay(f.readAll().toStdString(), &problem);
    QVERIFY2(read, problem.c_str());
    const QVector<FollowItem> items = w.session()->messages(messages);
    QCOMPARE(read->size(), std::size_t(items.size()));
    for (int i = 0; i < items.size(); ++i) {
        QCOMPARE(qsizetype((*read)[std::size_t(i)].frames.size()), items[i].frames.size());
        for (int k = 0; k < items[i].frames.size(); ++k)
            QCOMPARE(QByteArray::fromStdString((*read)[std::size_t(i)].frames[std::size_t(k)]), items[i].frames[k]);
    }
    // Nothing but commands selected: said.
    QVERIFY(w.peersDock()->writeReplayFile({}, &error).isEmpty());
    QCOMPARE(error, QStringLiteral("Select one or more messages (whole ones) to replay."));
}

// A file whose times go back (clocks are stepped; files are edited): the
// replay file's times never do, so the replay role reads what it wrote.
void TestPeersDock::replayFileWhenTimesGoBack()
{
    QTemporaryDir dir;
    const QString capture = dir.filePath(QStringLiteral("back.pcapng"));
    const std::int64_t t0 = 1700000000LL * 1000000000, ms = 1000000;
    QVERIFY(testutil::writePushPullCapture(capture.toStdString(), t0, {{t0 + 20 * ms, "m1"}, {t0 + 10 * ms, "m2"}, {t0 + 50 * ms, "m3"}},
                                           t0 + 60 * ms));
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::loaded);
    w.openCapture(capture);
    QVERIFY(loaded.wait(10000));
    QVector<quint32> messages;
    for (int r = 0; r < w.frameModel()->rowCount(); ++r)
        if (w.frameModel()->data(w.frameModel()->index(r, 0), FrameListModel::KindRole).toInt() == int(codec::EventKind::Message))
            messages << w.frameModel()->data(w.frameModel()->index(r, 0), FrameListModel::EventRole).toUInt();
    QCOMPARE(messages.size(), 3);
    QString error;
    const QString path = w.peersDock()->writeReplayFile(messages, &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    std::string problem;
    const auto read = peers::parseReplay(written.readAll().toStdString(), &problem);
    QVERIFY2(read, problem.c_str());
    QCOMPARE(read->size(), std::size_t(3));
    QCOMPARE((*read)[0].atMs, std::int64_t(0));
    QCOMPARE((*read)[1].atMs, std::int64_t(0));    // 10 ms before the first: due with it
    QCOMPARE((*read)[2].atMs, std::int64_t(30));
    QCOMPARE((*read)[1].frames, peers::Frames{"m2"});
}

QTEST_MAIN(TestPeersDock)
#include "tst_peersdock.moc"

// CURVE peers launched in the window read in clear: a libzmq REP server
// (its tap terminates CURVE with the key pair the server was given), a
// libzmq REQ client of it (its tap terminates too: the server was launched
// here), and a client on our own stack of a server the test runs (its
// session key goes to the taps' key log). A client of a server not launched here is told why its
// traffic stays encrypted.
void TestPeersDock::curveReadsInClear()
{
    MainWindow w;
    PeersDock *dock = w.peersDock();
    const QString secret = QStringLiteral("ZfK50PE4p{8g%6uFlU<YGL{o(/<fhJ34>UVq4O(P");
    const QString serverKey = QStringLiteral("{2#JRoEp6dPgn&)&!1t+2d]8$DG1$EB7mFW1<[wA");
    const QString server = QStringLiteral("tcp://127.0.0.1:%1").arg(freeLoopbackPort());
    const QString curve = QStringLiteral("curve");
    dock->launch(QStringLiteral("socket"), {{QStringLiteral("type"), {QStringLiteral("REP")}}, {QStringLiteral("bind"), {server}},
                                            {QStringLiteral("mechanism"), {curve}}, {QStringLiteral("curve-secret"), {secret}},
                                            {QStringLiteral("name"), {QStringLiteral("server")}}});
    QTRY_COMPARE_WITH_TIMEOUT(dock->model()->rowCount(), 1, 5000);
    dock->launch(QStringLiteral("socket"), {{QStringLiteral("type"), {QStringLiteral("REQ")}}, {QStringLiteral("connect"), {server}},
                                            {QStringLiteral("mechanism"), {curve}}, {QStringLiteral("curve-serverkey"), {serverKey}},
                                            {QStringLiteral("send"), {QStringLiteral("libzmq-in-clear")}}, {QStringLiteral("count"), {QStringLiteral("2")}}});
    // A libzmq CURVE REP server of the test's own, which no tap terminates:
    // only our stack's key-log line opens what it says.
    void *context = zmq_ctx_new();
    void *rep = zmq_socket(context, ZMQ_REP);
    zmqtest::setDefaults(rep, 5000);
    const int one = 1;
    zmq_setsockopt(rep, ZMQ_CURVE_SERVER, &one, sizeof one);
    zmq_setsockopt(rep, ZMQ_CURVE_SECRETKEY, secret.toLatin1().constData(), 40);
    const std::uint16_t own = zmqtest::bindLocal(rep);
    QVERIFY(own);
    std::thread echo([rep] {
        const std::vector<std::string> request = zmqtest::receiveParts(rep);
        if (!request.empty())
            zmqtest::sendParts(rep, request);
    });
    dock->launch(QStringLiteral("zmtp-peer"), {{QStringLiteral("type"), {QStringLiteral("REQ")}},
                                               {QStringLiteral("connect"), {QStringLiteral("tcp://127.0.0.1:%1").arg(own)}},
                                               {QStringLiteral("mechanism"), {curve}}, {QStringLiteral("curve-serverkey"), {serverKey}},
                                               {QStringLiteral("send"), {QStringLiteral("own-stack-in-clear")}}, {QStringLiteral("answer"), {QStringLiteral("sink")}}});
    // A server elsewhere (a fresh key): no tap can open it, and the log says so.
    dock->launch(QStringLiteral("socket"), {{QStringLiteral("type"), {QStringLiteral("DEALER")}},
                                            {QStringLiteral("connect"), {QStringLiteral("tcp://127.0.0.1:%1").arg(freeLoopbackPort())}},
                                            {QStringLiteral("mechanism"), {curve}},
                                            {QStringLiteral("curve-serverkey"), {QStringLiteral("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")}},
                                            {QStringLiteral("name"), {QStringLiteral("elsewhere")}}});
    FrameListModel *frames = w.frameModel();
    // Decrypted message rows with each client's text and the server's
    // replies, on each of the connections the taps carried.
    const auto decrypted = [frames](const QString &text) {
        QSet<quint32> connections;
        for (int r = 0; r < frames->rowCount(); ++r) {
            const QString summary = frames->data(frames->index(r, FrameListModel::Summary), Qt::DisplayRole).toString();
            if (summary.startsWith(QStringLiteral("decrypted")) && summary.contains(text))
                connections << frames->data(frames->index(r, FrameListModel::Connection), FrameListModel::ConnectionRole).toUInt();
        }
        return connections.size();
    };
    // libzmq REQ -> its tap -> the server's tap -> REP: two connections, both in clear.
    QTRY_VERIFY_WITH_TIMEOUT(decrypted(QStringLiteral("libzmq-in-clear")) == 2, 10000);
    // Our stack -> its plain tap (opened with the client's own key-log
    // line) -> the test's server: in clear, the request and the echo.
    QTRY_VERIFY_WITH_TIMEOUT(decrypted(QStringLiteral("own-stack-in-clear")) == 1, 10000);
    echo.join();
    zmq_close(rep);
    zmq_ctx_term(context);
    // Every connection of the capture is CURVE, and none kept a box shut.
    for (int r = 0; r < frames->rowCount(); ++r)
        QVERIFY2(!frames->data(frames->index(r, FrameListModel::Summary), Qt::DisplayRole).toString().contains(QStringLiteral("not opened")),
                 qPrintable(frames->data(frames->index(r, FrameListModel::Summary), Qt::DisplayRole).toString()));
    // The client of a server elsewhere: told in its log.
    const auto rowNamed = [dock](const QString &name) {
        for (int r = 0; r < dock->model()->rowCount(); ++r)
            if (dock->model()->data(dock->model()->index(r, PeersModel::Name), Qt::DisplayRole).toString().endsWith(u' ' + name))
                return r;
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowNamed(QStringLiteral("elsewhere")) >= 0, 5000);
    const int elsewhere = rowNamed(QStringLiteral("elsewhere"));
    dock->view()->setCurrentIndex(dock->model()->index(elsewhere, 0));
    QTRY_VERIFY(dock->logView()->toPlainText().contains(QStringLiteral("stays encrypted in the capture")));
    dock->stopAll();
    QTRY_COMPARE(dock->model()->rowCount(), 0);
}
