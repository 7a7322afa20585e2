// Reliability under load, measured (issue 13). Two parts:
//
// 1. Soak: GIB gibibytes each way at once through one tap relay (the
//    window's and `zmqscope tap`'s Relay with a TapRecorder writing pcapng),
//    between two plain TCP endpoints that send pseudo-random bytes and hash
//    what they send and receive with SHA-256. Reports the rate, whether the
//    hashes agree end to end, the process's memory every few seconds (flat
//    or not), and the pcapng read back: packets, and TCP payload bytes per
//    direction against what was sent (and what the recorder said it could
//    not keep up with).
// 2. Cycles: CYCLES live taps started and stopped in a CaptureSession (each
//    carrying one short connection), with threads, open descriptors and
//    resident memory at the start and along the way.
//
//   bench_reliability [GIB] [CYCLES] [DIR]     (defaults 10, 1000, /tmp)
#include "procstatus.h"

#include "capture/capturefile.h"
#include "capture/packet.h"
#include "capturesession.h"
#include "relay.h"
#include "taprecorder.h"

#include <QCoreApplication>
#include <QDir>

#include <sodium.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

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

std::string hex(const unsigned char *p, std::size_t n)
{
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += d[p[i] >> 4];
        s += d[p[i] & 15];
    }
    return s;
}

// Sends `total` pseudo-random bytes (xorshift from `seed`), hashing them.
std::string sendAll(int fd, std::uint64_t total, std::uint64_t seed)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    std::vector<std::uint64_t> block(1 << 17);   // 1 MiB
    std::uint64_t x = seed;
    for (std::uint64_t sent = 0; sent < total;) {
        for (auto &w : block) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w = x;
        }
        const auto *bytes = reinterpret_cast<const unsigned char *>(block.data());
        const std::size_t n = std::size_t(std::min<std::uint64_t>(total - sent, block.size() * 8));
        crypto_hash_sha256_update(&h, bytes, n);
        for (std::size_t at = 0; at < n;) {
            const ssize_t w = ::send(fd, bytes + at, n - at, MSG_NOSIGNAL);
            if (w <= 0)
                return "send failed: " + std::string(std::strerror(errno));
            at += std::size_t(w);
        }
        sent += n;
    }
    ::shutdown(fd, SHUT_WR);
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, out);
    return hex(out, sizeof out);
}

std::string receiveAll(int fd, std::uint64_t *count)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    std::vector<unsigned char> buf(1 << 20);
    *count = 0;
    for (;;) {
        const ssize_t r = ::recv(fd, buf.data(), buf.size(), 0);
        if (r <= 0)
            break;
        crypto_hash_sha256_update(&h, buf.data(), std::size_t(r));
        *count += std::uint64_t(r);
    }
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, out);
    return hex(out, sizeof out);
}

int listenLoopback(std::uint16_t *port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    ::listen(fd, 4);
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&sa), &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

int connectLoopback(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int openFds()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::System | QDir::NoDotAndDotDot).size());
}

void soak(double gib, const QString &dir)
{
    const std::uint64_t total = std::uint64_t(gib * double(1ull << 30));
    std::uint16_t serverPort = 0;
    const int listener = listenLoopback(&serverPort);
    const std::string path = QDir(dir).filePath(QStringLiteral("zmqscope-soak-%1.pcapng").arg(::getpid())).toStdString();
    std::FILE *file = std::fopen(path.c_str(), "wb");
    TapRecorder::Options ro;
    ro.pcapng = file;
    ro.target = "tcp://127.0.0.1:" + std::to_string(serverPort);
    const long rssBefore = bench::statusKiB("VmRSS:");
    auto recorder = std::make_unique<TapRecorder>(ro);
    auto relay = std::make_unique<Relay>(Relay::Config{*Endpoint::parse("tcp://127.0.0.1:0"), *Endpoint::parse(ro.target), std::nullopt,
                                                       std::size_t(4) << 20},
                                         // (SOAK_NO_RECORDER=1: the relay alone, nothing recorded)
                                         qEnvironmentVariableIsSet("SOAK_NO_RECORDER") ? nullptr : recorder.get());
    std::string error;
    if (!relay->start(&error)) {
        std::fprintf(stderr, "bench_reliability: %s\n", error.c_str());
        std::exit(1);
    }
    const int client = connectLoopback(relay->boundEndpoint().port);
    const int server = ::accept(listener, nullptr, nullptr);
    std::string clientSent, serverSent, clientGot, serverGot;
    std::uint64_t clientCount = 0, serverCount = 0;
    std::atomic<int> done{0};
    const auto start = Clock::now();
    std::thread a([&] { clientSent = sendAll(client, total, 0x9e3779b97f4a7c15ull); ++done; });
    std::thread b([&] { serverSent = sendAll(server, total, 0xd1b54a32d192ed03ull); ++done; });
    std::thread c([&] { serverGot = receiveAll(server, &serverCount); ++done; });
    std::thread d([&] { clientGot = receiveAll(client, &clientCount); ++done; });
    std::vector<long> rss;
    while (done < 4) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        static auto last = Clock::now();
        if (Clock::now() - last >= std::chrono::seconds(5)) {
            last = Clock::now();
            rss.push_back(bench::statusKiB("VmRSS:"));
        }
    }
    a.join(), b.join(), c.join(), d.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ::close(client);
    ::close(server);
    ::close(listener);
    relay->stop();
    recorder->finish();
    const std::uint64_t dropped = recorder->droppedBytes();
    relay.reset();
    recorder.reset();
    std::fclose(file);
    const long rssAfter = bench::statusKiB("VmRSS:");

    // The recording, read back.
    std::uint64_t packets = 0, payload[2] = {0, 0};
    bool readable = false;
    std::string readError;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    void *map = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
        ::madvise(map, std::size_t(st.st_size), MADV_SEQUENTIAL);
        capture::CaptureFileReader reader(codec::Bytes(static_cast<const std::uint8_t *>(map), std::size_t(st.st_size)));
        capture::Packet p;
        capture::Segment s;
        while (reader.next(p)) {
            ++packets;
            if (capture::parsePacket(p, s) == capture::ParseResult::Ok)
                payload[s.dstPort == serverPort ? 0 : 1] += s.payload.size();
        }
        readable = reader.error().empty();
        readError = reader.error();
        ::munmap(map, std::size_t(st.st_size));
    }
    ::close(fd);
    const long long fileBytes = st.st_size;
    ::unlink(path.c_str());

    long low = rss.empty() ? 0 : rss.front(), high = low;
    for (long v : rss)
        low = std::min(low, v), high = std::max(high, v);
    // Flat or growing: the largest sample of the first half against the second's.
    long firstHalf = 0, secondHalf = 0;
    for (std::size_t i = 0; i < rss.size(); ++i)
        (i < rss.size() / 2 ? firstHalf : secondHalf) = std::max(i < rss.size() / 2 ? firstHalf : secondHalf, rss[i]);
    std::printf("## Soak: %.1f GiB each way at once through one tap relay recording pcapng\n\n", gib);
    std::printf("| each way | seconds | rate (both ways) | SHA-256 client->server | SHA-256 server->client | RSS before | RSS samples (every 5 s): min / max | largest, first half / second half | RSS after | pcapng | packets read back | payload c2s / s2c in the file | missing (recorder behind) |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::printf("| %.1f GiB | %.1f | %.0f MiB/s | %s | %s | %ld MiB | %ld / %ld MiB (%zu samples) | %ld / %ld MiB | %ld MiB | %.2f GiB, %s | %llu | %llu / %llu | %llu bytes |\n\n",
                gib, seconds, double(2 * total) / seconds / double(1 << 20),
                clientSent == serverGot && serverCount == total ? "equal" : "DIFFERENT",
                serverSent == clientGot && clientCount == total ? "equal" : "DIFFERENT", rssBefore / 1024, low / 1024, high / 1024,
                rss.size(), firstHalf / 1024, secondHalf / 1024, rssAfter / 1024, double(fileBytes) / double(1ull << 30), readable ? "reads to the end" : readError.c_str(),
                static_cast<unsigned long long>(packets), static_cast<unsigned long long>(payload[0]),
                static_cast<unsigned long long>(payload[1]), static_cast<unsigned long long>(dropped));
    std::fflush(stdout);
}

void cycles(int n)
{
    CaptureSession session;
    std::uint16_t serverPort = 0;
    const int listener = listenLoopback(&serverPort);
    std::printf("## Live taps started and stopped %d times in one CaptureSession, one connection through each\n\n", n);
    std::printf("| after cycle | threads | open descriptors | RSS |\n|---|---|---|---|\n");
    const auto row = [](int cycle) {
        std::printf("| %d | %ld | %d | %ld MiB |\n", cycle, bench::statusKiB("Threads:"), openFds(), bench::statusKiB("VmRSS:") / 1024);
        std::fflush(stdout);
    };
    const auto start = Clock::now();
    for (int i = 1; i <= n; ++i) {
        TapSettings t;
        t.listen = QStringLiteral("tcp://127.0.0.1:0");
        t.forward = QStringLiteral("tcp://127.0.0.1:%1").arg(serverPort);
        const auto tap = session.openTap(t);
        if (!tap) {
            std::fprintf(stderr, "bench_reliability: the tap did not start at cycle %d\n", i);
            std::exit(1);
        }
        const int c = connectLoopback(quint16(tap->listen.section(u':', -1).toUInt()));
        const int s = ::accept(listener, nullptr, nullptr);
        const char hello[] = "\xff\0\0\0\0\0\0\0\x01\x7f";
        ::send(c, hello, 10, MSG_NOSIGNAL);
        char buf[16];
        ::recv(s, buf, sizeof buf, 0);
        ::close(c);
        ::close(s);
        session.stopLive();
        QCoreApplication::processEvents();
        if (i == 10 || i % (n / 5 > 0 ? n / 5 : 1) == 0)
            row(i);
    }
    std::printf("\n%d cycles in %.1f s\n\n", n, std::chrono::duration<double>(Clock::now() - start).count());
    ::close(listener);
}

}   // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (sodium_init() < 0)
        return 1;
    const double gib = argc > 1 ? std::atof(argv[1]) : 10;
    const int n = argc > 2 ? std::atoi(argv[2]) : 1000;
    const QString dir = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QDir::tempPath();
    if (gib > 0)
        soak(gib, dir);
    if (n > 0)
        cycles(n);
    return 0;
}
