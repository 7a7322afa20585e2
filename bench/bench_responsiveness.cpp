// The window under load: a libzmq PUSH sends 64-byte messages at a fixed
// rate (default 500,000 per second) through a tap relay started in the
// window to a libzmq PULL, for a fixed time. The GUI thread runs a 10 ms
// timer and records how late each tick fires (the largest lateness is the
// longest stall a user would feel); the frame list must keep up. Reported
// with the rate the sender actually achieved (the baseline of the same
// run), rows shown, and the process's peak memory against the capture
// store's cap.
//
// With `views` the same runs twice in one process: first with the frame
// list alone (the baseline), then with every picture open and live (the
// sequence diagram, peer graph, an I/O graph of events and bytes per
// 100 ms, response times and the capture statistics), each redrawing from
// its own timer.
//
//   bench_responsiveness [rate-per-second] [seconds] [views]
#include "procstatus.h"
#include "capturesession.h"
#include "framelistmodel.h"
#include "iographdock.h"
#include "mainwindow.h"
#include "statisticspanes.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <zmq.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace zmqscope;
using Clock = std::chrono::steady_clock;

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const long rate = argc > 1 ? std::atol(argv[1]) : 500000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
    QApplication app(argc, argv);
    MainWindow window;
    window.resize(1280, 800);
    window.show();

    const auto phase = [&](bool views) -> double {
        void *ctx = zmq_ctx_new();
        if (views) {
            for (const QString &v : StatisticsPanes::views())
                window.statistics()->showView(v);
            IoGraphDock::Graph events, bytes;
            events.name = QStringLiteral("events");
            bytes.name = QStringLiteral("bytes");
            bytes.metric = capture::IoMetric::Bytes;
            window.statistics()->ioGraphs()->setGraphs({events, bytes});
            window.statistics()->ioGraphs()->setIntervalNs(100000000);
        }
        void *pull = zmq_socket(ctx, ZMQ_PULL);
        int hwm = 0;
        zmq_setsockopt(pull, ZMQ_RCVHWM, &hwm, sizeof hwm);
        zmq_bind(pull, "tcp://127.0.0.1:*");
        char endpoint[64];
        std::size_t len = sizeof endpoint;
        zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, endpoint, &len);
        std::atomic<bool> draining{true};
        std::atomic<std::uint64_t> received{0};
        std::thread drain([&] {
            char buf[256];
            int timeout = 100;
            zmq_setsockopt(pull, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
            while (draining)
                if (zmq_recv(pull, buf, sizeof buf, 0) >= 0)
                    ++received;
        });

        const long rssBefore = bench::statusKiB("VmRSS:");
        QString tapEndpoint;
        QObject::connect(window.session(), &CaptureSession::liveStarted, &app,
                         [&](const LiveSourceInfo &s) { tapEndpoint = s.listen; });
        TapSettings tap;
        tap.listen = QStringLiteral("tcp://127.0.0.1:0");
        tap.forward = QString::fromLatin1(endpoint);
        window.startTap(tap);
        QElapsedTimer wait;
        wait.start();
        while (tapEndpoint.isEmpty() && wait.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (tapEndpoint.isEmpty()) {
            std::fprintf(stderr, "bench_responsiveness: the tap did not start\n");
            return -1.0;
        }

        // The GUI thread's heartbeat: how late does a 10 ms timer fire?
        std::vector<qint64> lateness;
        lateness.reserve(std::size_t(seconds) * 200);
        QElapsedTimer beat;
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(10);
        QObject::connect(&timer, &QTimer::timeout, &app, [&] {
            const qint64 ns = beat.nsecsElapsed();
            beat.restart();
            lateness.push_back(std::max<qint64>(0, ns - 10'000'000));
        });

        std::atomic<bool> sending{true};
        std::atomic<std::uint64_t> sent{0};
        double sendSeconds = 0;
        std::thread sender([&] {
            void *push = zmq_socket(ctx, ZMQ_PUSH);
            int h = 0;
            zmq_setsockopt(push, ZMQ_SNDHWM, &h, sizeof h);
            zmq_connect(push, tapEndpoint.toLatin1().constData());
            const std::string payload(64, 'm');
            const long perMs = std::max(1L, rate / 1000);
            const auto start = Clock::now();
            auto next = start;
            while (sending) {
                for (long i = 0; i < perMs; ++i)
                    zmq_send(push, payload.data(), payload.size(), 0);
                sent += std::uint64_t(perMs);
                next += std::chrono::milliseconds(1);
                std::this_thread::sleep_until(next);
            }
            sendSeconds = std::chrono::duration<double>(Clock::now() - start).count();
            int linger = 5000;
            zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
            zmq_close(push);
        });

        beat.start();
        timer.start();
        QElapsedTimer run;
        run.start();
        while (run.elapsed() < seconds * 1000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        sending = false;
        sender.join();
        // Let the capture drain into the window (rows stop growing).
        int lastRows = -1;
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 15000) {
            QElapsedTimer slice;
            slice.start();
            while (slice.elapsed() < 500)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            const int rows = window.frameModel()->rowCount();
            if (rows == lastRows && received >= sent)
                break;
            lastRows = rows;
        }
        timer.stop();
        const int rows = window.frameModel()->rowCount();
        std::uint64_t messageRows = 0;
        for (int r = 0; r < rows; ++r)
            messageRows += window.frameModel()->row(r).kind == quint8(codec::EventKind::Message);
        const std::size_t storeBytes = window.session()->storeMemory();
        window.stopLive();
        draining = false;
        drain.join();

        std::vector<qint64> sorted = lateness;
        std::sort(sorted.begin(), sorted.end());
        auto pct = [&](double p) { return sorted.empty() ? 0.0 : double(sorted[std::size_t(p * double(sorted.size() - 1))]) / 1e6; };
        const double achieved = double(sent) / sendSeconds;
        std::printf("| %s | %llu | %.0f msg/s | %llu | %llu (%.1f%%) | %zu | %.1f ms | %.1f ms | %.1f ms | %ld MiB | %ld MiB | %zu MiB | %zu MiB |\n",
                    views ? "every picture open" : "frame list only", static_cast<unsigned long long>(sent.load()), achieved, static_cast<unsigned long long>(received.load()),
                    static_cast<unsigned long long>(messageRows), 100.0 * double(messageRows) / double(std::max<std::uint64_t>(1, sent)),
                    lateness.size(), pct(0.5), pct(0.99), pct(1.0), rssBefore / 1024, bench::statusKiB("VmHWM:") / 1024,
                    storeBytes >> 20, window.session()->storeCap() >> 20);
    zmq_close(pull);
        zmq_ctx_term(ctx);
        return pct(1.0);
    };
    std::printf("64-byte messages, target %ld msg/s for %d s, one tap relay into the window (offscreen)\n\n", rate, seconds);
    std::printf("| window | sent | sender rate | received by PULL | message rows shown | GUI timer ticks | lateness p50 | p99 | max | "
                "RSS before | peak RSS | store in memory | store cap |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    const bool withViews = argc > 3 && std::strcmp(argv[3], "views") == 0;
    const double alone = phase(false);
    if (alone < 0)
        return 1;
    if (withViews) {
        const double all = phase(true);
        if (all < 0)
            return 1;
        std::printf("\nlargest GUI lateness with every picture open: %.1f ms (%.2fx the frame list alone)\n", all, all / std::max(alone, 0.1));
    }
    return 0;
}
