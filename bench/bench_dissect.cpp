// `zmqscope dissect` against `tshark -r FILE -q` on the same capture, same
// run: a pcapng of 50 ZMTP 3.1 connections carrying one million messages
// (written with the synthesiser, 1448-byte segments as on Ethernet), then
// both tools read it; wall-clock time of each, best of 3.
//   bench_dissect ZMQSCOPE_BINARY [--quick]
#include "benchcapture.h"

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
    bench::writePushCapture(path, connections, perConnection, segmentPerMessage);
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
