// Display-filter speed over one million frames: a pcapng of 50 ZMTP 3.1
// PUSH connections carrying one million messages (every 100th of 1200
// bytes, the rest 24) is opened in a CaptureSession, then each filter of
// the table runs over every event (CaptureSession::filter, as the filter
// bar runs it). Baseline in the same run: the session's own time to open
// and dissect the file, and tshark applying a display filter to the same
// file (`tshark -r F -Y "tcp.len > 1000"`, process start included).
//   bench_filter [messages]
#include "capturesession.h"
#include "benchcapture.h"

#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace zmqscope;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

}   // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int messages = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const std::string path = "/tmp/zmqscope-bench-filter.pcapng";
    bench::writePushCapture(path, 50, messages / 50, false, 100);

    CaptureSession session;
    quint64 events = 0;
    QObject::connect(&session, &CaptureSession::framesAdded, [&](const QVector<FrameRow> &rows) { events += rows.size(); });
    auto t = Clock::now();
    session.openFile(QString::fromStdString(path));
    const double open = secondsSince(t);

    t = Clock::now();
    const std::string tshark = "tshark -r " + path + " -Y 'tcp.len > 1000' > /dev/null";
    const bool haveTshark = std::system(tshark.c_str()) == 0;
    const double tsharkSeconds = secondsSince(t);

    std::printf("capture: %d messages in 50 connections, %llu events in the frame list\n\n", messages,
                static_cast<unsigned long long>(events));
    std::printf("| filter | matching | seconds | events/s |\n|---|---|---|---|\n");
    std::printf("| (open and dissect the file: baseline) | %llu | %.2f | %.0f |\n", static_cast<unsigned long long>(events),
                open, double(events) / open);
    if (haveTshark)
        std::printf("| tshark -r F -Y \"tcp.len > 1000\" (peer, no ZMTP) | | %.2f | |\n", tsharkSeconds);
    for (const char *expression : {"conn == 7", "kind == \"command\"", "zmtp.frame.size > 1000",
                                   "conn == 7 && zmtp.frame.size > 1000", "zmtp.command == \"READY\"",
                                   "zmtp.frame.body contains \"message 00000042\""}) {
        qsizetype matching = -1;
        QObject::connect(&session, &CaptureSession::filtered, &app,
                         [&](const QString &, const QVector<quint32> &e) { matching = e.size(); });
        t = Clock::now();
        session.filter(QString::fromLatin1(expression));
        const double s = secondsSince(t);
        QObject::disconnect(&session, &CaptureSession::filtered, &app, nullptr);
        std::printf("| `%s` | %lld | %.2f | %.0f |\n", expression, static_cast<long long>(matching), s, double(events) / s);
    }
    return 0;
}
