// `zmqscope dissect` against `tshark -r FILE -q` on the same capture, same
// run: a pcapng of 50 ZMTP 3.1 connections carrying one million messages
// (written with the synthesiser, 1448-byte segments as on Ethernet), then
// both tools read it; wall-clock time of each, best of 3.
//   bench_dissect ZMQSCOPE_BINARY [--quick]
#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>

using namespace zmqscope;
using Clock = std::chrono::steady_clock;

namespace {

double timeCommand(const std::string &cmd)
{
    double best = 1e30;
    for (int i = 0; i < 3; ++i) {
        const auto start = Clock::now();
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "failed: %s\n", cmd.c_str());
            std::exit(1);
        }
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}


// Writes the capture and times the tools on it. `segmentPerMessage`: every
// message in its own TCP segment (request-reply or low-rate traffic);
// otherwise 1448-byte segments full of messages (a bulk PUSH stream).
void run(const std::string &zmqscope, int connections, int perConnection, bool segmentPerMessage)
{
    const std::string path = "/tmp/zmqscope-bench-dissect.pcapng";
    std::FILE *f = std::fopen(path.c_str(), "wb");
    {
        capture::PcapngWriter w(f);
        w.sectionHeader("bench_dissect");
        const std::uint32_t iface = w.addInterface(capture::linktype::Ethernet, "bench");
        for (int c = 0; c < connections; ++c) {
            capture::TcpSynthesizer t(w, iface, {10, 0, std::uint8_t(c >> 8), std::uint8_t(c)}, std::uint16_t(40000 + c),
                                      {10, 1, 0, 1}, 5555);
            std::int64_t ts = 1700000000000000000 + std::int64_t(c) * 1000000000;
            t.open(ts);
            codec::encode::Buffer client, server;
            codec::encode::greeting3(client, {});
            codec::encode::ready(client, {{"Socket-Type", codec::encode::bytes("PUSH")}});
            codec::encode::greeting3(server, {});
            codec::encode::ready(server, {{"Socket-Type", codec::encode::bytes("PULL")}});
            t.data(codec::Direction::ClientToServer, ts, client);
            t.data(codec::Direction::ServerToClient, ts, server);
            codec::encode::Buffer stream;
            for (int m = 0; m < perConnection; ++m) {
                char body[32];
                std::snprintf(body, sizeof body, "conn %03d message %08d", c, m);
                codec::encode::message(stream, {codec::encode::bytes(body)}, codec::ZmtpVersion::V3_1);
            }
            if (segmentPerMessage) {
                const std::size_t each = stream.size() / std::size_t(perConnection);   // all messages are the same size
                for (std::size_t pos = 0; pos < stream.size(); pos += each)
                    t.data(codec::Direction::ClientToServer, ts += 1000, {stream.data() + pos, each});
            } else {
                for (std::size_t pos = 0; pos < stream.size(); pos += 1448)
                    t.data(codec::Direction::ClientToServer, ts += 1000,
                           {stream.data() + pos, std::min<std::size_t>(1448, stream.size() - pos)});
            }
            t.close(ts);
        }
    }
    std::fclose(f);
    struct stat st {};
    ::stat(path.c_str(), &st);
    const long messages = long(connections) * perConnection;
    const double floor = timeCommand("cat " + path + " > /dev/null");
    const double tshark = timeCommand("tshark -r " + path + " -q > /dev/null 2>&1");
    const double text = timeCommand(zmqscope + " dissect " + path + " --text > /dev/null 2>&1");
    const double json = timeCommand(zmqscope + " dissect " + path + " --json > /dev/null 2>&1");
    const double summary = timeCommand(zmqscope + " dissect " + path + " --summary > /dev/null 2>&1");
    std::printf("\ncapture: %ld ZMTP messages in %d connections, %s, %.1f MB pcapng\n\n", messages, connections,
                segmentPerMessage ? "one message per TCP segment" : "1448-byte TCP segments", double(st.st_size) / 1e6);
    std::printf("| tool | seconds | messages/s | speed-up over tshark |\n|---|---|---|---|\n");
    std::printf("| cat FILE > /dev/null (reading the file: the floor) | %.3f | %.0f | %.1f |\n", floor, messages / floor,
                tshark / floor);
    std::printf("| tshark -r FILE -q (no ZMTP work) | %.2f | %.0f | 1.0 |\n", tshark, messages / tshark);
    std::printf("| zmqscope dissect --text | %.2f | %.0f | %.1f |\n", text, messages / text, tshark / text);
    std::printf("| zmqscope dissect --json | %.2f | %.0f | %.1f |\n", json, messages / json, tshark / json);
    std::printf("| zmqscope dissect --summary (every message decoded, one line per connection) | %.2f | %.0f | %.1f |\n",
                summary, messages / summary, tshark / summary);
    std::remove(path.c_str());
}

}   // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_dissect ZMQSCOPE_BINARY [--quick]\n");
        return 2;
    }
    const std::string zmqscope = argv[1];
    const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
    const int connections = 50;
    const int perConnection = quick ? 2000 : 20000;
    run(zmqscope, connections, perConnection, false);
    run(zmqscope, connections, perConnection, true);
    return 0;
}
