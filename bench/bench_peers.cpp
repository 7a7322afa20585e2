// The peers under load, two measurements in one run:
//
// 1. Echo requests per second through our Majordomo broker (mdp-broker,
//    with 1 and 4 of our mdp-workers) against the same request-reply path
//    through a bare libzmq queue (zmq_proxy, ROUTER to DEALER, with 1 and
//    4 raw libzmq DEALER echo workers). The same load in both: 4 raw
//    libzmq DEALER clients, each keeping 50 requests in flight, 16-byte
//    bodies, over TCP on loopback. Target: ours at least half of the bare
//    queue's. The broker is measured as 7/MDP has it (a worker gets one
//    request at a time: every request waits for a round trip to a worker)
//    and with --prefetch 64 (requests pipelined to the workers as the
//    bare queue does).
// 2. 200 peers from one scenario (an MDP broker, 99 workers, 100 clients
//    asking every 100 ms) launched in the window (offscreen), every
//    endpoint through a tap into the capture: the GUI thread's largest
//    timer lateness (target under 100 ms), rows shown, and memory.
//
//   bench_peers [seconds-per-throughput-run] [seconds-of-window-run]
#include "procstatus.h"
#include "framelistmodel.h"
#include "mainwindow.h"
#include "peers/peergroup.h"
#include "peersdock.h"
#include "peersmodel.h"

#include "relay.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <zmq.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

namespace {

void sendFrames(void *s, const std::vector<std::string> &frames)
{
    for (std::size_t i = 0; i < frames.size(); ++i)
        zmq_send(s, frames[i].data(), frames[i].size(), i + 1 < frames.size() ? ZMQ_SNDMORE : 0);
}

bool recvFrames(void *s, std::vector<std::string> &frames, int flags = 0)
{
    frames.clear();
    for (;;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, s, frames.empty() ? flags : 0) < 0) {
            zmq_msg_close(&m);
            return false;
        }
        frames.emplace_back(static_cast<const char *>(zmq_msg_data(&m)), zmq_msg_size(&m));
        const bool more = zmq_msg_more(&m);
        zmq_msg_close(&m);
        if (!more)
            return true;
    }
}

// The load: `clients` DEALERs with `window` requests in flight each, for
// `seconds`; `request` is the frames one request sends. Replies per second.
double load(void *ctx, const std::string &endpoint, const std::vector<std::string> &request, int clients, int window, double seconds)
{
    std::atomic<std::uint64_t> replies{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            void *s = zmq_socket(ctx, ZMQ_DEALER);
            int zero = 0;
            zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
            zmq_connect(s, endpoint.c_str());
            for (int i = 0; i < window; ++i)
                sendFrames(s, request);
            std::vector<std::string> frames;
            int timeout = 200;
            zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
            while (!stop) {
                if (!recvFrames(s, frames))
                    continue;
                ++replies;
                sendFrames(s, request);
            }
            zmq_close(s);
        });
    }
    // Warm up one second, then count.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const std::uint64_t before = replies;
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const std::uint64_t counted = replies - before;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    for (auto &t : threads)
        t.join();
    return double(counted) / elapsed;
}

// The baseline: zmq_proxy between a ROUTER and a DEALER, raw DEALER workers
// echoing [envelope][body] back.
double bareQueue(int workers, double seconds)
{
    void *ctx = zmq_ctx_new();
    const std::string front = "tcp://127.0.0.1:" + std::to_string(freeLoopbackPort()), back = "tcp://127.0.0.1:" + std::to_string(freeLoopbackPort());
    void *router = zmq_socket(ctx, ZMQ_ROUTER), *dealer = zmq_socket(ctx, ZMQ_DEALER);
    zmq_bind(router, front.c_str());
    zmq_bind(dealer, back.c_str());
    void *control = zmq_socket(ctx, ZMQ_PAIR);
    zmq_bind(control, "inproc://bench-proxy-control");
    std::thread proxy([&] {
        void *c = zmq_socket(ctx, ZMQ_PAIR);
        zmq_connect(c, "inproc://bench-proxy-control");
        zmq_proxy_steerable(router, dealer, nullptr, c);
        zmq_close(c);
    });
    std::atomic<bool> stop{false};
    std::vector<std::thread> echo;
    for (int w = 0; w < workers; ++w)
        echo.emplace_back([&] {
            void *s = zmq_socket(ctx, ZMQ_DEALER);
            int zero = 0, timeout = 200;
            zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
            zmq_setsockopt(s, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
            zmq_connect(s, back.c_str());
            std::vector<std::string> frames;
            while (!stop)
                if (recvFrames(s, frames))
                    sendFrames(s, frames);
            zmq_close(s);
        });
    const double rate = load(ctx, front, {std::string(), std::string(16, 'x')}, 4, 50, seconds);
    stop = true;
    for (auto &t : echo)
        t.join();
    zmq_send(control, "TERMINATE", 9, 0);
    proxy.join();
    for (void *s : {router, dealer, control}) {
        int zero = 0;
        zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(s);
    }
    zmq_ctx_term(ctx);
    return rate;
}

std::unique_ptr<peers::Peer> make(std::string_view role, std::map<std::string, std::vector<std::string>> given)
{
    const peers::RoleInfo *r = peers::findRole(role);
    std::string error;
    auto options = peers::Options::make(r->options, given, &error);
    if (!options) {
        std::fprintf(stderr, "bench_peers: %s\n", error.c_str());
        std::exit(1);
    }
    return r->create(*r, std::move(*options));
}

// Ours: mdp-broker and mdp-workers in one PeerGroup (one thread), the same
// load speaking MDP/0.1 as a DEALER client does ([] MDPC01 echo body).
double ourBroker(int workers, double seconds, int prefetch)
{
    peers::PeerGroup group;
    group.start();
    const std::string ep = "tcp://127.0.0.1:" + std::to_string(freeLoopbackPort());
    group.add(make("mdp-broker", {{"bind", {ep}}, {"prefetch", {std::to_string(prefetch)}}}));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // The workers on a group (a thread) of their own, as separate processes would be.
    peers::PeerGroup workerGroup;
    workerGroup.start();
    for (int w = 0; w < workers; ++w)
        workerGroup.add(make("mdp-worker", {{"connect", {ep}}, {"service", {"echo"}}}));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    void *ctx = zmq_ctx_new();
    const double rate = load(ctx, ep, {std::string(), "MDPC01", "echo", std::string(16, 'x')}, 4, 50, seconds);
    zmq_ctx_term(ctx);
    return rate;
}

}   // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const double seconds = argc > 1 ? std::atof(argv[1]) : 5;
    const int windowSeconds = argc > 2 ? std::atoi(argv[2]) : 10;

    std::printf("## Echo requests per second, 4 DEALER clients x 50 in flight, 16-byte bodies, TCP loopback, %.0f s each\n\n", seconds);
    std::printf("| workers | bare libzmq queue (zmq_proxy ROUTER-DEALER, raw echo workers) | our mdp-broker + mdp-workers, one request per worker at a time (7/MDP) | ours / bare | the same, --prefetch 64 | ours / bare |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (int workers : {1, 4}) {
        if (seconds <= 0)
            break;   // (bench_peers 0 N: the window part alone)
        const double bare = bareQueue(workers, seconds);
        const double rfc = ourBroker(workers, seconds, 1);
        const double pipelined = ourBroker(workers, seconds, 64);
        std::printf("| %d | %.0f req/s | %.0f req/s | %.2f | %.0f req/s | %.2f |\n", workers, bare, rfc, rfc / bare, pipelined, pipelined / bare);
        std::fflush(stdout);
    }

    // 2. 200 peers in the window.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("zmqscope-bench-peers"));
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("200.zpl"));
    {
        const std::string ep = "tcp://127.0.0.1:" + std::to_string(freeLoopbackPort());
        std::string zpl = "version = 1.0\napps\n    load\n        peers\n            broker\n                role = mdp-broker\n"
                          "                bind = " + ep + "\n";
        for (int i = 0; i < 99; ++i)
            zpl += "            worker-" + std::to_string(i) + "\n                role = mdp-worker\n                connect = " + ep + "\n";
        for (int i = 0; i < 100; ++i)
            zpl += "            client-" + std::to_string(i) + "\n                role = mdp-client\n                connect = " + ep
                + "\n                count = 0\n                interval-ms = 100\n";
        QFile f(file);
        f.open(QIODevice::WriteOnly);
        f.write(QByteArray::fromStdString(zpl));
    }
    const long rssBefore = bench::statusKiB("VmRSS:");
    std::vector<qint64> lateness;
    std::size_t launchTicks = 0;   // ticks of the first two seconds: 200 peers and 200 taps starting
    QElapsedTimer beat;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10);
    QObject::connect(&timer, &QTimer::timeout, &app, [&] {
        const qint64 ns = beat.nsecsElapsed();
        beat.restart();
        lateness.push_back(std::max<qint64>(0, ns - 10'000'000));
    });
    beat.start();
    timer.start();
    if (!window.peersDock()->openScenario(file)) {
        std::fprintf(stderr, "bench_peers: the scenario did not open\n");
        return 1;
    }
    QElapsedTimer run;
    run.start();
    while (run.elapsed() < windowSeconds * 1000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (run.elapsed() < 2000)
            launchTicks = lateness.size();
    }
    timer.stop();
    int running = 0;
    PeersModel *peers = window.peersDock()->model();
    for (int r = 0; r < peers->rowCount(); ++r)
        running += peers->data(peers->index(r, 0), PeersModel::RunningRole).toBool();
    const int rows = window.frameModel()->rowCount();
    const long rssPeak = bench::statusKiB("VmHWM:");
    window.peersDock()->stopAll();
    std::vector<qint64> sorted = lateness;
    std::sort(sorted.begin(), sorted.end());
    auto pct = [&](double p) { return sorted.empty() ? 0.0 : double(sorted[std::size_t(p * double(sorted.size() - 1))]) / 1e6; };
    const auto maxOf = [](auto first, auto last) { return first == last ? 0.0 : double(*std::max_element(first, last)) / 1e6; };
    const double launchMax = maxOf(lateness.begin(), lateness.begin() + std::ptrdiff_t(launchTicks));
    const double steadyMax = maxOf(lateness.begin() + std::ptrdiff_t(launchTicks), lateness.end());
    std::printf("\n## 200 peers from one scenario in the window (offscreen), every endpoint through a tap, %d s\n\n", windowSeconds);
    std::printf("| peers running | taps | rows in the frame list | GUI timer ticks | lateness p50 | p99 | max while starting (2 s) | max after | RSS before | peak RSS |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    std::printf("| %d of %d | %zu | %d | %zu | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %ld MiB | %ld MiB |\n", running, peers->rowCount(),
                std::size_t(window.session()->liveSources().size()), rows, lateness.size(), pct(0.5), pct(0.99), launchMax, steadyMax,
                rssBefore / 1024, rssPeak / 1024);
    std::printf("\nlargest GUI timer lateness %s 100 ms\n", pct(1.0) < 100 ? "under" : "NOT under");
    return 0;
}
