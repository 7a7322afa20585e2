// Opening a large capture in the window's CaptureSession: time and memory.
// Writes a pcapng of about SIZE MiB (50 ZMTP 3.1 PUSH connections, 24-byte
// messages, either one message per TCP segment or 1448-byte segments full
// of messages), opens it as File > Open does and reports the process's
// memory after it: anonymous memory (what the capture costs: the store's
// bytes within its cap, and its event index), file-backed pages (the
// mapped capture, which the kernel can drop) and the peak of both.
// Baseline of the same run: the same numbers before opening.
//   bench_open [size-MiB] [segment|bulk]
#include "procstatus.h"
#include "benchcapture.h"
#include "capturesession.h"

#include <QCoreApplication>
#include <QFile>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

using namespace zmqscope;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const long sizeMiB = argc > 1 ? std::atol(argv[1]) : 1024;
    const bool segment = !(argc > 2 && std::strcmp(argv[2], "bulk") == 0);
    // Bytes per message in the file: one Ethernet/IPv4/TCP packet block per
    // message (~116 B), or 26 B of stream plus a share of 1448-byte segments.
    const double perMessage = segment ? 116.0 : 28.7;
    const int connections = 50;
    const int perConnection = int(double(sizeMiB) * 1048576.0 / perMessage / connections);
    const std::string path = "/tmp/zmqscope-bench-open.pcapng";
    bench::writePushCapture(path, connections, perConnection, segment);
    struct stat st {};
    ::stat(path.c_str(), &st);

    const long anonBefore = bench::statusKiB("RssAnon:"), fileBefore = bench::statusKiB("RssFile:");
    CaptureSession session;
    quint64 rows = 0;
    QObject::connect(&session, &CaptureSession::framesAdded, [&](const QVector<FrameRow> &r) { rows += r.size(); });
    const auto start = std::chrono::steady_clock::now();
    session.openFile(QString::fromStdString(path));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const long anon = bench::statusKiB("RssAnon:"), file = bench::statusKiB("RssFile:"), peak = bench::statusKiB("VmHWM:");
    std::printf("| capture | file | events | open and dissect | anonymous memory before / after | file-backed after | peak RSS | store in memory (cap) |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    std::printf("| %s | %.0f MiB | %llu | %.1f s | %ld / %ld MiB | %ld MiB | %ld MiB | %zu MiB (%zu MiB) |\n",
                segment ? "one message per segment" : "1448-byte segments", double(st.st_size) / 1048576.0,
                static_cast<unsigned long long>(rows), seconds, anonBefore / 1024, anon / 1024, (file - fileBefore) / 1024,
                peak / 1024, session.storeMemory() >> 20, session.storeCap() >> 20);
    std::remove(path.c_str());
    return 0;
}
