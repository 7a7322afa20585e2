// The pictures, in the window, on a capture whose answers are known by hand
// (tests/common/statscapture.h): the I/O graph's points, moving average,
// log scale, click-to-event and exports; response times per service and
// connection (model under QAbstractItemModelTester), histogram, CSV and
// double-click to the slowest reply; the sequence diagram's lanes, arrows,
// handshake states, filter and selection both ways, and its exports; the
// peer graph's nodes, edges and click-to-filter; all four live on the
// built-in demo's real libzmq peers; and `zmqscope FILE --show VIEW
// --screenshot` for each view; and the pacer every view asks through.
#include "connectionsmodel.h"
#include "framelistmodel.h"
#include "iographdock.h"
#include "mainwindow.h"
#include "peergraphdock.h"
#include "responsetimesdock.h"
#include "responsetimesmodel.h"
#include "sequencedock.h"
#include "snapshotpacer.h"
#include "statisticspanes.h"
#include "summarydock.h"
#include "translations.h"

#include "codec/streamdecoder.h"

#include "../common/statscapture.h"

#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTreeView>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace zmqscope;
using testutil::kMs;

class TestPictures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ioGraph();
    void responseTimes();
    void sequenceDiagram();
    void peerGraph();
    void captureStatistics();
    void zreGroupsAndPeers();
    void mdpThroughTheBroker();
    void liveOnTheDemo();
    void pacerAsksOnlyWhenItShould();
    void showOption_data();
    void showOption();

private:
    // A window with the known capture loaded.
    void open(MainWindow &w);
    // An example scenario recorded through taps by `zmqscope run`, opened in `w`.
    void recordAndOpen(MainWindow &w, const QString &scenario, int seconds);
    QTemporaryDir m_dir;
    QString m_capture;
};

void TestPictures::initTestCase()
{
    installTranslations(*qApp, QStringLiteral("en"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_capture = m_dir.filePath(QStringLiteral("stats.pcapng"));
    QVERIFY(testutil::writeStatsCapture(m_capture.toStdString()));
}

void TestPictures::open(MainWindow &w)
{
    QSignalSpy loaded(&w, &MainWindow::loaded);
    w.resize(1280, 800);
    w.show();
    w.openCapture(m_capture);
    QVERIFY(loaded.wait(10000));
}

void TestPictures::recordAndOpen(MainWindow &w, const QString &scenario, int seconds)
{
    const QString capture = m_dir.filePath(scenario + QStringLiteral(".pcapng"));
    QProcess run;
    run.start(QStringLiteral(ZMQSCOPE_BINARY), {QStringLiteral("run"), QStringLiteral(ZMQSCOPE_SCENARIOS_DIR "/") + scenario,
                                                QStringLiteral("--duration"), QString::number(seconds), QStringLiteral("--write"), capture});
    QVERIFY(run.waitForFinished(30000));
    QCOMPARE(run.exitCode(), 0);
    QSignalSpy loaded(&w, &MainWindow::loaded);
    w.show();
    w.openCapture(capture);
    QVERIFY(loaded.wait(10000));
}

void TestPictures::ioGraph()
{
    MainWindow w;
    open(w);
    IoGraphDock *io = w.statistics()->ioGraphs();
    QVERIFY(!io->isVisible());
    QVERIFY(w.statistics()->showView(QStringLiteral("io")));
    QVERIFY(io->isVisible());
    IoGraphDock::Graph messages;
    messages.name = QStringLiteral("messages");
    messages.filter = QStringLiteral("kind == \"message\"");
    messages.metric = capture::IoMetric::Messages;
    IoGraphDock::Graph frames;
    frames.name = QStringLiteral("largest frame");
    frames.filter = QStringLiteral("conn == 1");
    frames.metric = capture::IoMetric::Max;
    frames.field = QStringLiteral("zmtp.frame.size");
    frames.style = IoGraphDock::Style::Impulse;
    io->setGraphs({messages, frames});
    // Automatic interval: the longest giving a hundred or more over the
    // capture's 2.54 s (100 ms gives 26 intervals, 10 ms 255).
    QSignalSpy first(io, &IoGraphDock::updated);
    io->refresh();
    QVERIFY(first.wait(5000));
    QCOMPARE(io->intervalNs(), 10 * kMs);
    QCOMPARE(io->series().front().values.size(), std::size_t(255));
    io->setIntervalNs(100 * kMs);
    QCOMPARE(io->intervalNs(), 100 * kMs);
    QSignalSpy updated(io, &IoGraphDock::updated);
    io->refresh();
    QVERIFY(updated.wait(5000));
    QCOMPARE(io->series().size(), 2);
    QCOMPARE(io->plot()->graphCount(), 2);
    // Points: two messages in each of intervals 1..10, 20 and 25.
    const QVector<double> values = io->drawnValues(0), keys = io->drawnKeys(0);
    QCOMPARE(values.size(), 26);
    QCOMPARE(values[3], 2.0);
    QCOMPARE(values[15], 0.0);
    QCOMPARE(keys[3], 0.3);
    QCOMPARE(io->drawnValues(1)[1], 5.0);            // "req 0": 5 bytes
    QCOMPARE(io->drawnValues(1).size(), 11);        // connection 1 ends in interval 10
    QCOMPARE(io->plot()->graph(0)->dataCount(), 26);
    QCOMPARE(io->plot()->graph(0)->data()->at(3)->value, 2.0);
    // A moving average over 5 intervals: interval 12 averages 8..12 = (2+2+2+0+0)/5.
    io->setMovingAverage(5);
    QCOMPARE(io->drawnValues(0)[12], 6.0 / 5);
    io->setMovingAverage(0);
    // A log scale draws no zeros.
    io->setLogScale(true);
    QVERIFY(std::isnan(io->drawnValues(0)[15]));
    QCOMPARE(io->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    io->setLogScale(false);
    // Time of day: keys are Unix seconds.
    io->setTimeOfDay(true);
    QCOMPARE(io->drawnKeys(0)[0], 1.0);
    io->setTimeOfDay(false);
    // Clicking interval 4 picks its first event: the fourth request; the window selects it.
    const qint64 event = io->eventAtKey(0.45);
    QVERIFY(event >= 0);
    QVERIFY(w.session()->summary(quint32(event)).contains(QStringLiteral("req 3")));
    // A click on the plot at 0.45 s.
    io->plot()->replot(QCustomPlot::rpImmediateRefresh);
    const QPoint at(int(io->plot()->xAxis->coordToPixel(0.45)), io->plot()->axisRect()->center().y());
    QTest::mouseClick(io->plot(), Qt::LeftButton, {}, at);
    QCOMPARE(w.frameView()->currentIndex().data(FrameListModel::EventRole).toUInt(), quint32(event));
    QCOMPARE(io->eventAtKey(1.55), -1);   // interval 15: nothing
    // Exports.
    for (const char *suffix : {"png", "pdf", "svg", "csv"}) {
        const QString path = m_dir.filePath(QStringLiteral("io.%1").arg(QLatin1String(suffix)));
        QString error;
        QVERIFY2(io->exportTo(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(4096);
        if (QLatin1String(suffix) == QLatin1String("png"))
            QVERIFY(!QImage(path).isNull());
        else if (QLatin1String(suffix) == QLatin1String("pdf"))
            QVERIFY(head.startsWith("%PDF"));
        else if (QLatin1String(suffix) == QLatin1String("svg"))
            QVERIFY(head.contains("<svg"));
        else {
            const QList<QByteArray> lines = (head + f.readAll()).split('\n');
            QCOMPARE(lines[0], QByteArray("time_s,\"messages\",\"largest frame\""));
            QCOMPARE(lines[4], QByteArray("0.300000,2,5"));
            QCOMPARE(lines[16], QByteArray("1.500000,0,"));   // no MAX in an empty interval
        }
    }
    QString error;
    QVERIFY(!io->exportTo(m_dir.filePath(QStringLiteral("io.bmp")), &error));
    QVERIFY(error.contains(QStringLiteral(".csv")));
    // One click on a connection's bytes: its throughput each way.
    const QModelIndex bytesOfFirst = w.connectionsView()->model()->index(0, ConnectionsModel::Bytes);
    QTest::mouseClick(w.connectionsView()->viewport(), Qt::LeftButton, {}, w.connectionsView()->visualRect(bytesOfFirst).center());
    QCOMPARE(io->graphs().size(), 2);
    QCOMPARE(io->graphs()[0].filter, QStringLiteral("conn == 1 && dir == \"c2s\""));
    QCOMPARE(io->graphs()[1].filter, QStringLiteral("conn == 1 && dir == \"s2c\""));
    QCOMPARE(io->graphs()[1].metric, capture::IoMetric::Bytes);
    // A bad filter says so beside the plot.
    IoGraphDock::Graph bad;
    bad.name = QStringLiteral("bad");
    bad.filter = QStringLiteral("conn ==");
    io->setGraphs({bad});
    io->refresh();
    QVERIFY(updated.wait(5000));
    QVERIFY(QString::fromStdString(io->series().front().error).startsWith(QStringLiteral("filter:")));
}

void TestPictures::responseTimes()
{
    MainWindow w;
    open(w);
    ResponseTimesDock *rt = w.statistics()->responseTimes();
    QAbstractItemModelTester tester(rt->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.statistics()->showView(QStringLiteral("response-times"));
    QSignalSpy updated(rt, &ResponseTimesDock::updated);
    rt->refresh();
    QVERIFY(updated.wait(5000));
    ResponseTimesModel *m = rt->model();
    QCOMPARE(m->rowCount(), 2);
    int reqrep = -1, mdp = -1;
    for (int r = 0; r < 2; ++r)
        (m->index(r, ResponseTimesModel::Protocol).data().toString() == QLatin1String("mdp") ? mdp : reqrep) = r;
    const auto cell = [&](int row, int column) { return m->index(row, column).data().toString(); };
    QCOMPARE(cell(reqrep, ResponseTimesModel::Count), QStringLiteral("10"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::Min), QStringLiteral("1.000"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::Mean), QStringLiteral("5.500"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::P50), QStringLiteral("5.000"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::P90), QStringLiteral("9.000"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::P99), QStringLiteral("10.000"));
    QCOMPARE(cell(reqrep, ResponseTimesModel::AnsweredBy), QStringLiteral("server"));
    QCOMPARE(cell(mdp, ResponseTimesModel::Group), QStringLiteral("echo"));
    QCOMPARE(cell(mdp, ResponseTimesModel::Max), QStringLiteral("40.000"));
    // The histogram shows the selected row: its bars add up to its count.
    rt->view()->selectRow(0);
    const int shown = rt->view()->currentIndex().siblingAtColumn(ResponseTimesModel::Count).data().toInt();
    double bars = 0;
    for (double c : rt->histogramCounts())
        bars += c;
    QCOMPARE(bars, double(shown));
    QCOMPARE(rt->histogram()->plottableCount(), 1);
    // By connection, and the whole capture.
    rt->groupingBox()->setCurrentIndex(1);
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(m->headerData(ResponseTimesModel::Group, Qt::Horizontal).toString(), QStringLiteral("Connection"));
    rt->groupingBox()->setCurrentIndex(2);
    QCOMPARE(m->rowCount(), 1);
    QCOMPARE(cell(0, ResponseTimesModel::Count), QStringLiteral("12"));
    QCOMPARE(cell(0, ResponseTimesModel::Max), QStringLiteral("40.000"));
    // CSV, and the copy is the same table tab-separated.
    const QString csv = m_dir.filePath(QStringLiteral("rt.csv"));
    QVERIFY(rt->exportCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], QByteArray("Protocol,Service,Answered by,Replies,Min (ms),Mean (ms),p50 (ms),p90 (ms),p99 (ms),Max (ms)"));
    QCOMPARE(lines[1], QByteArray("all,every reply,,12,1.000,9.583,6.000,20.000,40.000,40.000"));
    // Double-clicking a row selects its slowest reply.
    rt->groupingBox()->setCurrentIndex(0);
    const QModelIndex row = rt->view()->model()->index(0, 0);
    const quint32 slowest = row.data(ResponseTimesModel::SlowestRole).toUInt();
    Q_EMIT rt->view()->activated(row);
    QCOMPARE(w.frameView()->currentIndex().data(FrameListModel::EventRole).toUInt(), slowest);
    // (sorted by replies, most first: the REQ/REP row, whose slowest is the last reply)
    QVERIFY(w.session()->summary(slowest).contains(QStringLiteral("rep 9")));
}

void TestPictures::sequenceDiagram()
{
    MainWindow w;
    open(w);
    SequenceDock *dock = w.statistics()->sequence();
    w.statistics()->showView(QStringLiteral("sequence"));
    dock->refresh();
    SequenceLayout &layout = dock->view()->layout();
    QCOMPARE(layout.rowCount(), w.frameView()->model()->rowCount());
    // Two clients and two servers: four lanes, named by what ZMTP said.
    QCOMPARE(layout.laneCount(), 4);
    QStringList names;
    for (int l = 0; l < layout.laneCount(); ++l)
        names << layout.lane(l).name + QLatin1Char('@') + layout.lane(l).endpoint;
    QVERIFY2(names.contains(QStringLiteral("REQ \u00b7 reqrep@10.0.0.1:40001")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY2(names.contains(QStringLiteral("REP \u00b7 reqrep@10.0.0.2:5555")), qPrintable(names.join(QLatin1Char(','))));
    // Majordomo's parts by name: the broker (the ROUTER) and a client.
    QVERIFY2(names.contains(QStringLiteral("MDP broker \u00b7 ROUTER@10.0.0.4:5556")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY2(names.contains(QStringLiteral("MDP client \u00b7 REQ@10.0.0.3:40002")), qPrintable(names.join(QLatin1Char(','))));
    // Each request goes from the REQ's lane to the REP's, each reply back;
    // handshake states appear where they change.
    int requests = 0, replies = 0, ready = 0, handshake = 0;
    const int reqLane = names.indexOf(QStringLiteral("REQ \u00b7 reqrep@10.0.0.1:40001"));
    const int repLane = names.indexOf(QStringLiteral("REP \u00b7 reqrep@10.0.0.2:5555"));
    for (int r = 0; r < layout.rowCount(); ++r) {
        const SequenceStep s = layout.step(r);
        const QString summary = w.frameView()->model()->index(r, FrameListModel::Summary).data().toString();
        if (summary.contains(QStringLiteral("req ")))
            requests += s.from == reqLane && s.to == repLane;
        if (summary.contains(QStringLiteral("rep ")))
            replies += s.from == repLane && s.to == reqLane;
        ready += s.state == QLatin1String("ready");
        handshake += s.state == QStringLiteral("handshake \u00b7 NULL");
    }
    QCOMPARE(requests, 10);
    QCOMPARE(replies, 10);
    QCOMPARE(handshake, 4);   // each side of both connections, once
    QCOMPARE(ready, 4);
    // Clicking an arrow selects its row; selecting a row highlights it.
    const QRect arrow = dock->view()->arrowRect(5);
    QVERIFY(arrow.isValid());
    QTest::mouseClick(dock->view()->viewport(), Qt::LeftButton, {}, arrow.center());
    QCOMPARE(w.frameView()->currentIndex().row(), 5);
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(30, 0));
    QCOMPARE(dock->view()->currentRow(), 30);
    // The filter's rows only: connection 2's four lanes become two.
    QVERIFY(w.applyFilter(QStringLiteral("conn == 2")));
    QTRY_COMPARE_WITH_TIMEOUT(dock->view()->layout().laneCount(), 2, 5000);
    QCOMPARE(dock->view()->layout().rowCount(), w.frameView()->model()->rowCount());
    // Exports.
    for (const char *suffix : {"svg", "png", "pdf"}) {
        const QString path = m_dir.filePath(QStringLiteral("sequence.%1").arg(QLatin1String(suffix)));
        QString error;
        QVERIFY2(dock->exportTo(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        if (QLatin1String(suffix) == QLatin1String("svg")) {
            QVERIFY(all.contains("<svg"));
            QVERIFY(all.contains("MDP/0.1"));   // the arrows' labels are text
        }
        else if (QLatin1String(suffix) == QLatin1String("png")) {
            const QImage image(path);
            QCOMPARE(image.size(), dock->view()->fullSize(SequenceDock::kExportRows));
        }
        else
            QVERIFY(all.startsWith("%PDF"));
    }
}

void TestPictures::peerGraph()
{
    MainWindow w;
    open(w);
    PeerGraphDock *dock = w.statistics()->peerGraph();
    w.statistics()->showView(QStringLiteral("peers"));
    QSignalSpy drawn(dock, &PeerGraphDock::updated);
    dock->refresh();
    QVERIFY(drawn.wait(5000));
    const PeerGraph &g = dock->graph();
    QCOMPARE(g.nodes().size(), 4);
    QCOMPARE(g.edges().size(), 2);
    QStringList edges;
    for (const PeerEdge &e : g.edges())
        edges << QStringLiteral("%1 %2 %3 %4 %5").arg(g.nodes()[e.from].endpoints.join(QLatin1Char(',')), e.socketTypes, e.mechanism).arg(e.messages).arg(e.connections.size());
    edges.sort();
    QCOMPARE(edges, (QStringList{QStringLiteral("10.0.0.1:40001 REQ \u2192 REP NULL 20 1"), QStringLiteral("10.0.0.3:40002 REQ \u2192 ROUTER NULL 4 1")}));
    int servers = 0;
    for (const PeerNode &n : g.nodes())
        servers += n.server;
    QCOMPARE(servers, 2);
    // Clicking a peer shows only its connections' rows.
    int mdpServer = -1;
    for (int i = 0; i < g.nodes().size(); ++i)
        if (g.nodes()[i].endpoints.contains(QStringLiteral("10.0.0.4:5556")))
            mdpServer = i;
    QVERIFY(mdpServer >= 0);
    dock->view()->resize(800, 600);
    QTest::mouseClick(dock->view(), Qt::LeftButton, {}, dock->view()->nodeCentre(mdpServer).toPoint());
    QTRY_VERIFY_WITH_TIMEOUT(w.frameView()->model()->rowCount() > 0
                                 && w.frameView()->model()->rowCount() < w.frameModel()->rowCount(), 5000);
    for (int r = 0; r < w.frameView()->model()->rowCount(); ++r)
        QCOMPARE(w.frameView()->model()->index(r, 0).data(FrameListModel::ConnectionRole).toUInt(), 2u);
    for (const char *suffix : {"svg", "png"}) {
        const QString path = m_dir.filePath(QStringLiteral("peers.%1").arg(QLatin1String(suffix)));
        QString error;
        QVERIFY2(dock->exportTo(path, &error), qPrintable(error));
        QVERIFY(QFile(path).size() > 1000);
    }
}

void TestPictures::captureStatistics()
{
    MainWindow w;
    open(w);
    SummaryDock *dock = w.statistics()->summary();
    for (int t = 0; t < SummaryDock::TabCount; ++t)
        new QAbstractItemModelTester(dock->model(SummaryDock::Tab(t)), QAbstractItemModelTester::FailureReportingMode::QtTest, dock);
    w.statistics()->showView(QStringLiteral("statistics"));
    QSignalSpy updated(dock, &SummaryDock::updated);
    dock->refresh();
    QVERIFY(updated.wait(5000));
    // Conversations: connection 1 is 10 requests and 10 replies, from its first to its last event.
    QStandardItemModel *conv = dock->model(SummaryDock::Conversations);
    QCOMPARE(conv->rowCount(), 2);
    const auto at = [](QStandardItemModel *m, int r, int c, const QModelIndex &parent = {}) { return m->index(r, c, parent).data().toString(); };
    QCOMPARE(at(conv, 0, 0), QStringLiteral("1"));
    QCOMPARE(at(conv, 0, 1), QStringLiteral("reqrep"));
    QCOMPARE(at(conv, 0, 4), QStringLiteral("10"));
    QCOMPARE(at(conv, 0, 5), QStringLiteral("10"));
    QCOMPARE(at(conv, 0, 3), QStringLiteral("1.010000"));   // greeting at 0 s, last reply at 1.01 s
    QCOMPARE(at(conv, 1, 1), QStringLiteral("mdp"));
    // The hierarchy: every row counted once at the root; messages by protocol, commands by name.
    QStandardItemModel *h = dock->model(SummaryDock::Hierarchy);
    QCOMPARE(at(h, 0, 0), QStringLiteral("all events"));
    QCOMPARE(at(h, 0, 1).toInt(), w.frameModel()->rowCount());
    QMap<QString, QString> counts;
    std::function<void(const QModelIndex &, const QString &)> walk = [&](const QModelIndex &parent, const QString &path) {
        for (int r = 0; r < h->rowCount(parent); ++r) {
            const QString p = path + QLatin1Char('/') + h->index(r, 0, parent).data().toString();
            counts.insert(p, h->index(r, 1, parent).data().toString());
            walk(h->index(r, 0, parent), p);
        }
    };
    walk({}, {});
    QCOMPARE(counts.value(QStringLiteral("/all events/ZMTP 3.1/NULL/messages/reqrep")), QStringLiteral("20"));
    QCOMPARE(counts.value(QStringLiteral("/all events/ZMTP 3.1/NULL/messages/mdp")), QStringLiteral("4"));
    QCOMPARE(counts.value(QStringLiteral("/all events/ZMTP 3.1/NULL/commands/READY")), QStringLiteral("4"));
    // MDP: one service, asked twice, answered twice (no worker in this capture).
    QStandardItemModel *mdp = dock->model(SummaryDock::MdpServices);
    QCOMPARE(mdp->rowCount(), 1);
    QCOMPARE(at(mdp, 0, 0), QStringLiteral("echo"));
    QCOMPARE(at(mdp, 0, 1), QStringLiteral("0"));
    QCOMPARE(at(mdp, 0, 2), QStringLiteral("2"));
    QCOMPARE(at(mdp, 0, 3), QStringLiteral("2"));
    // CSV: the hierarchy indents its names.
    const QString csv = m_dir.filePath(QStringLiteral("hierarchy.csv"));
    QVERIFY(dock->exportCsv(SummaryDock::Hierarchy, csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.startsWith("Protocol,Events,% of events,Bytes\nall events,"));
    QVERIFY(content.contains("\n        reqrep,20,"));
    // Double-clicking a conversation shows only its rows.
    Q_EMIT dock->view(SummaryDock::Conversations)->activated(conv->index(1, 0));
    QTRY_VERIFY_WITH_TIMEOUT(w.frameView()->model()->rowCount() < w.frameModel()->rowCount(), 5000);
    QCOMPARE(w.frameView()->model()->index(0, 0).data(FrameListModel::ConnectionRole).toUInt(), 2u);
}

void TestPictures::zreGroupsAndPeers()
{
    // Three ZRE nodes chatting, recorded through taps by `zmqscope run`.
    MainWindow w;
    recordAndOpen(w, QStringLiteral("zre-chat.zpl"), 5);
    if (QTest::currentTestFailed())
        return;
    SummaryDock *dock = w.statistics()->summary();
    w.statistics()->showView(QStringLiteral("statistics"));
    QSignalSpy updated(dock, &SummaryDock::updated);
    dock->refresh();
    QVERIFY(updated.wait(5000));
    const capture::CaptureSummary &s = dock->summary();
    QCOMPARE(s.zreMembers.size(), std::size_t(3));
    QStringList names;
    for (const capture::ZreMember &m : s.zreMembers) {
        names << QString::fromStdString(m.name);
        QCOMPARE(m.uuid.size(), std::size_t(32));
        QVERIFY(QString::fromStdString(m.endpoint).startsWith(QStringLiteral("tcp://127.0.0.1:2794")));
        QVERIFY(m.groups.count("CHAT"));
    }
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}));
    QCOMPARE(s.zreGroups.at("CHAT").size(), std::size_t(3));
    QStandardItemModel *groups = dock->model(SummaryDock::ZreGroups);
    QCOMPARE(groups->rowCount(), 1);
    QCOMPARE(groups->index(0, 0).data().toString(), QStringLiteral("CHAT"));
    QCOMPARE(groups->rowCount(groups->index(0, 0)), 3);
    // The peer graph merges each node's mailbox (where others connect) with
    // its own outgoing connections (its UUID as identity): three nodes, named.
    w.statistics()->showView(QStringLiteral("peers"));
    PeerGraphDock *peers = w.statistics()->peerGraph();
    QSignalSpy drawn(peers, &PeerGraphDock::updated);
    peers->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(peers->graph().nodes().size() == 3, 5000);
    QStringList nodes;
    for (const PeerNode &n : peers->graph().nodes())
        nodes << n.name;
    nodes.sort();
    QVERIFY2(nodes.join(QLatin1Char(',')).contains(QStringLiteral("alice")), qPrintable(nodes.join(QLatin1Char(','))));
    QCOMPARE(peers->graph().edges().size(), 6);   // each node to each other
}

void TestPictures::mdpThroughTheBroker()
{
    // A Majordomo broker, two workers and clients, recorded through taps:
    // each request is followed from its client to the broker and on to a
    // worker (and each reply back), across connections.
    MainWindow w;
    recordAndOpen(w, QStringLiteral("mdp-echo.zpl"), 3);
    if (QTest::currentTestFailed())
        return;
    w.statistics()->showView(QStringLiteral("sequence"));
    SequenceDock *dock = w.statistics()->sequence();
    dock->refresh();
    const SequenceLayout &layout = dock->view()->layout();
    // Lanes by the part each peer plays.
    QStringList names;
    for (int l = 0; l < layout.laneCount(); ++l)
        names << layout.lane(l).name;
    QVERIFY2(names.contains(QStringLiteral("MDP worker echo \u00b7 DEALER")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY2(names.contains(QStringLiteral("MDP broker \u00b7 ROUTER")), qPrintable(names.join(QLatin1Char(','))));
    // The client's ten requests and ten replies, and the MMI query, each followed once.
    QVERIFY2(layout.links().size() >= 20, qPrintable(QString::number(layout.links().size())));
    const QAbstractItemModel *rows = w.frameView()->model();
    for (const auto &[earlier, later] : layout.links()) {
        QVERIFY(earlier < later);
        const SequenceStep a = layout.step(earlier), b = layout.step(later);
        QVERIFY(a.connection != b.connection);   // across connections
        // (behind the taps the broker has two lanes, the tap's and its own:
        // a link need not stay on one lane)
        QVERIFY(a.to >= 0 && b.from >= 0);
        for (int row : {earlier, later}) {
            QCOMPARE(rows->index(row, 0).data(FrameListModel::KindRole).toInt(), int(codec::EventKind::Message));
            QVERIFY(rows->index(row, FrameListModel::Summary).data().toString().startsWith(QStringLiteral("MDP/")));
        }
    }
    // The services and their workers.
    w.statistics()->showView(QStringLiteral("statistics"));
    SummaryDock *summary = w.statistics()->summary();
    QSignalSpy updated(summary, &SummaryDock::updated);
    summary->refresh();
    QVERIFY(updated.wait(5000));
    std::map<std::string, std::size_t> workers;
    for (const capture::MdpService &svc : summary->summary().mdpServices)
        workers[svc.name] = svc.workers.size();
    // Two workers, each seen on two connections: to the tap and from it to the broker.
    QCOMPARE(workers["echo"], std::size_t(4));
    // The peer graph draws them as the service's group at the broker.
    w.statistics()->showView(QStringLiteral("peers"));
    QSignalSpy drawn(w.statistics()->peerGraph(), &PeerGraphDock::updated);
    w.statistics()->peerGraph()->refresh();
    QVERIFY(drawn.wait(5000));
    int grouped = 0;
    for (const PeerNode &n : w.statistics()->peerGraph()->graph().nodes())
        grouped += n.groupLabel == QStringLiteral("mdp service echo");
    QVERIFY2(grouped >= 2, qPrintable(QString::number(grouped)));
}

void TestPictures::liveOnTheDemo()
{
    // The built-in demo: real libzmq peers through taps. The views follow
    // the capture as it grows, from their timers.
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    w.statistics()->showView(QStringLiteral("io"));
    IoGraphDock *io = w.statistics()->ioGraphs();
    IoGraphDock::Graph all;
    all.name = QStringLiteral("all");
    io->setGraphs({all});
    io->setIntervalNs(100 * kMs);
    w.startDemo();
    QSignalSpy updated(io, &IoGraphDock::updated);
    QTRY_VERIFY_WITH_TIMEOUT(!io->series().isEmpty() && io->series().front().values.size() >= 3, 10000);
    const std::size_t first = io->series().front().values.size();
    QTRY_VERIFY_WITH_TIMEOUT(io->series().front().values.size() >= first + 5, 10000);
    // It scrolled: the newest interval is in view.
    QVERIFY(io->plot()->xAxis->range().upper >= io->drawnKeys(0).back());
    // The other views, opened during the capture, fill in too.
    w.statistics()->showView(QStringLiteral("peers"));
    w.statistics()->showView(QStringLiteral("sequence"));
    w.statistics()->showView(QStringLiteral("response-times"));
    QTRY_VERIFY_WITH_TIMEOUT(w.statistics()->peerGraph()->graph().edges().size() >= 4, 10000);
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const PeerEdge &e : w.statistics()->peerGraph()->graph().edges())
            if (e.messagesPerSecond > 0)
                return true;
        return false;
    }(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.statistics()->sequence()->view()->layout().rowCount() > 20, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w.statistics()->responseTimes()->model()->report().all.count > 0, 10000);
    w.stopLive();
}

// Every view above asks through a SnapshotPacer: on a tick only when dirty
// (or every tick when told), never while hidden or while a request is out,
// and only the newest request's reply counts.
void TestPictures::pacerAsksOnlyWhenItShould()
{
    QWidget view;
    QVector<quint64> sent;
    SnapshotPacer pacer(&view, 10, [&](quint64 request) { sent.push_back(request); }, 100);
    // A second pacer on the same interval, answered at once, asks on every
    // tick: counting its requests proves that ticks went by (a busy machine
    // may hold a timer back for longer than any fixed wait).
    QWidget clockView;
    clockView.show();
    int ticks = 0;
    SnapshotPacer *clockPacer = nullptr;
    SnapshotPacer clock(&clockView, 10, [&](quint64 request) {
        ++ticks;
        clockPacer->accept(request);
    });
    clockPacer = &clock;
    clock.setEveryTick(true);
    const auto letTicksPass = [&] {
        const int until = ticks + 3;
        return QTest::qWaitFor([&] { return ticks >= until; }, 10000);
    };
    QVERIFY(letTicksPass());
    QVERIFY2(sent.isEmpty(), "asked while hidden");
    view.show();
    QTRY_COMPARE(sent.size(), 1);
    QCOMPARE(sent.front(), quint64(101));
    pacer.markDirty();
    QVERIFY(letTicksPass());
    QCOMPARE(sent.size(), 1);   // the first is still out
    QVERIFY(!pacer.accept(100));
    QVERIFY(letTicksPass());
    QCOMPARE(sent.size(), 1);   // an older number answers nothing
    QVERIFY(pacer.accept(101));
    QTRY_COMPARE(sent.size(), 2);   // dirty while waiting: asks once it is answered
    QVERIFY(pacer.accept(102));
    QVERIFY(letTicksPass());
    QCOMPARE(sent.size(), 2);   // nothing changed: no request
    pacer.setEveryTick(true);
    QTRY_COMPARE(sent.size(), 3);
    QVERIFY(pacer.accept(103));
    QTRY_COMPARE(sent.size(), 4);
    pacer.setEveryTick(false);
    QVERIFY(pacer.accept(104));
    pacer.ask();   // asked directly: at once, hidden or not
    view.hide();
    pacer.ask();
    QCOMPARE(sent, (QVector<quint64>{101, 102, 103, 104, 105, 106}));
    QVERIFY(!pacer.accept(105));
    QVERIFY(pacer.accept(106));
    pacer.markDirty();
    QVERIFY(letTicksPass());
    QCOMPARE(sent.size(), 6);   // hidden again
}

void TestPictures::showOption_data()
{
    QTest::addColumn<QString>("view");
    for (const QString &v : StatisticsPanes::views())
        QTest::newRow(qPrintable(v)) << v;
}

void TestPictures::showOption()
{
    QFETCH(QString, view);
    const QString png = m_dir.filePath(view + QStringLiteral(".png"));
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(ZMQSCOPE_BINARY), {m_capture, QStringLiteral("--show"), view, QStringLiteral("--screenshot"), png});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitCode(), 0);
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1280, 800));
    if (!qEnvironmentVariableIsEmpty("ZMQSCOPE_SCREENSHOTS"))
        image.save(qEnvironmentVariable("ZMQSCOPE_SCREENSHOTS") + QStringLiteral("/show-") + view + QStringLiteral(".png"));
    // An unknown view is refused before any window opens.
    QProcess wrong;
    wrong.setProcessEnvironment(env);
    wrong.start(QStringLiteral(ZMQSCOPE_BINARY), {QStringLiteral("--show"), QStringLiteral("pie-chart")});
    QVERIFY(wrong.waitForFinished(10000));
    QCOMPARE(wrong.exitCode(), 2);
    QVERIFY(wrong.readAllStandardError().contains("no view called pie-chart"));
}

QTEST_MAIN(TestPictures)
#include "tst_pictures.moc"
