// The pictures over one million events: a pcapng of 50 ZMTP 3.1 PUSH
// connections carrying one million messages (every 100th of 1200 bytes) is
// opened in the window (offscreen), then each view is opened and timed from
// its request to its first complete drawing: the I/O graph (three Ys and
// intervals), response times, the capture statistics (conversations,
// protocol hierarchy), the sequence diagram (its lanes read from every row)
// and the peer graph. Baseline in the same run: the window's own time to
// open and dissect the file.
//   bench_pictures [messages]
#include "benchcapture.h"
#include "capturesession.h"
#include "framelistmodel.h"
#include "iographdock.h"
#include "mainwindow.h"
#include "peergraphdock.h"
#include "responsetimesdock.h"
#include "sequencedock.h"
#include "statisticspanes.h"
#include "summarydock.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace zmqscope;

namespace {

// Runs the event loop until `signal` fires (or 120 s); the seconds it took.
template <typename Sender, typename Signal>
double waitFor(Sender *sender, Signal signal, const std::function<void()> &start)
{
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, &QEventLoop::quit, Qt::SingleShotConnection);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    QElapsedTimer t;
    t.start();
    start();
    loop.exec();
    return double(t.nsecsElapsed()) / 1e9;
}

}   // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int messages = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const std::string path = "/tmp/zmqscope-bench-pictures.pcapng";
    bench::writePushCapture(path, 50, messages / 50, false, 100);

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    const double open = waitFor(&window, &MainWindow::loaded, [&] { window.openCapture(QString::fromStdString(path)); });
    const int rows = window.frameModel()->rowCount();
    StatisticsPanes *panes = window.statistics();

    std::printf("capture: %d messages in 50 connections, %d rows in the frame list\n\n", messages, rows);
    std::printf("| view | seconds to its first complete drawing | against opening the file |\n|---|---|---|\n");
    std::printf("| (open and dissect the file: baseline) | %.2f | 1.00 |\n", open);
    const auto row = [&](const char *what, double seconds) { std::printf("| %s | %.3f | %.2f |\n", what, seconds, seconds / open); };

    panes->showView(QStringLiteral("io"));
    IoGraphDock *io = panes->ioGraphs();
    const auto graph = [&](const char *what, capture::IoMetric metric, qint64 interval, const char *field = "", const char *filter = "") {
        IoGraphDock::Graph g;
        g.name = QString::fromLatin1(what);
        g.metric = metric;
        g.field = QString::fromLatin1(field);
        g.filter = QString::fromLatin1(filter);
        io->setGraphs({g});
        io->setIntervalNs(interval);
        const double s = waitFor(io, &IoGraphDock::updated, [&] { io->refresh(); });
        QElapsedTimer t;
        t.start();
        io->plot()->replot(QCustomPlot::rpImmediateRefresh);
        row(what, s + double(t.nsecsElapsed()) / 1e9);
    };
    graph("I/O graph: events per 1 s", capture::IoMetric::Events, 1000000000);
    graph("I/O graph: bytes per 10 ms", capture::IoMetric::Bytes, 10000000);
    graph("I/O graph: messages of conn 7 per 1 s (display filter)", capture::IoMetric::Messages, 1000000000, "", "conn == 7");
    graph("I/O graph: MAX(zmtp.frame.size) per 1 s (every tree rebuilt)", capture::IoMetric::Max, 1000000000, "zmtp.frame.size");
    // Asked again with nothing new: the builders kept what they read.
    row("I/O graph: the same again (nothing new to read)", waitFor(io, &IoGraphDock::updated, [&] { io->refresh(); }));

    panes->showView(QStringLiteral("response-times"));
    row("response times", waitFor(panes->responseTimes(), &ResponseTimesDock::updated, [&] { panes->responseTimes()->refresh(); }));
    panes->showView(QStringLiteral("statistics"));
    row("capture statistics (conversations, hierarchy, ZRE, MDP)",
        waitFor(panes->summary(), &SummaryDock::updated, [&] { panes->summary()->refresh(); }));
    panes->showView(QStringLiteral("peers"));
    row("peer graph", waitFor(panes->peerGraph(), &PeerGraphDock::updated, [&] { panes->peerGraph()->refresh(); }));
    panes->showView(QStringLiteral("sequence"));
    {
        QElapsedTimer t;
        t.start();
        SequenceView *view = panes->sequence()->view();
        while (view->bringUpToDate()) {
        }
        view->viewport()->repaint();
        row("sequence diagram (lanes from every row, first screen drawn)", double(t.nsecsElapsed()) / 1e9);
        t.restart();
        view->setCurrentRow(rows - 1);
        view->viewport()->repaint();
        row("sequence diagram: scroll to the last row and draw", double(t.nsecsElapsed()) / 1e9);
    }
    return 0;
}
