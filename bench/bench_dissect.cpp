// `zmqscope dissect` against tshark on the same captures, same run:
//   - two ZMTP captures of 50 PUSH connections carrying one million
//     messages (1448-byte segments full of messages; one message per
//     segment), and three application-protocol captures of one million
//     messages each (MDP/0.1 through a broker, ZRE v2, FILEMQ v2), one
//     message per segment, written with the synthesiser;
//   - on each: `cat` (the floor), `tshark -q`, `zmqscope dissect --summary`
//     with the protocol layer and with --zmtp-only (what the layer costs),
//     --text, --json, and, given whitequark's Lua ZMTP dissector
//     (zmtp-dissector.lua from whitequark/zmtp-wireshark), `tshark -T json`
//     with it (decode-as on the capture's ports): the JSON-to-JSON ratio.
// Wall-clock time including process start, best of 3 (tshark -T json: 1).
//   bench_dissect ZMQSCOPE_BINARY [--quick] [--lua zmtp-dissector.lua]
#include "benchcapture.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <sys/stat.h>

using namespace zmqscope;
using Clock = std::chrono::steady_clock;

namespace {

double timeCommand(const std::string &cmd, int runs = 3)
{
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "failed: %s\n", cmd.c_str());
            std::exit(1);
        }
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

struct Shape {
    std::string title;
    long messages;
    std::string decodeAsPorts;   // tshark -d for the Lua dissector
    std::function<void(const std::string &)> write;
};

void run(const std::string &zmqscope, const std::string &lua, const Shape &shape)
{
    const std::string path = "/tmp/zmqscope-bench-dissect.pcapng";
    shape.write(path);
    struct stat st {};
    ::stat(path.c_str(), &st);
    const double messages = double(shape.messages);
    const std::string dissect = zmqscope + " dissect " + path;
    const double floor = timeCommand("cat " + path + " > /dev/null");
    const double tshark = timeCommand("tshark -r " + path + " -q > /dev/null 2>&1");
    const double zmtpOnly = timeCommand(dissect + " --summary --zmtp-only > /dev/null 2>&1");
    const double summary = timeCommand(dissect + " --summary > /dev/null 2>&1");
    const double text = timeCommand(dissect + " --text > /dev/null 2>&1");
    const double json = timeCommand(dissect + " --json > /dev/null 2>&1");
    double luaJson = 0;
    if (!lua.empty())
        luaJson = timeCommand("tshark -X lua_script:" + lua + " " + shape.decodeAsPorts + " -r " + path
                                  + " -T json > /dev/null 2>&1",
                              1);
    std::printf("\ncapture: %s, %.0f messages, %.1f MB pcapng\n\n", shape.title.c_str(), messages, double(st.st_size) / 1e6);
    std::printf("| tool | seconds | messages/s | speed-up over tshark -q |\n|---|---|---|---|\n");
    std::printf("| cat FILE > /dev/null (the floor) | %.3f | %.0f | %.1f |\n", floor, messages / floor, tshark / floor);
    std::printf("| tshark -r FILE -q (no ZMTP work) | %.2f | %.0f | 1.0 |\n", tshark, messages / tshark);
    std::printf("| zmqscope dissect --summary --zmtp-only | %.3f | %.0f | %.1f |\n", zmtpOnly, messages / zmtpOnly,
                tshark / zmtpOnly);
    std::printf("| zmqscope dissect --summary (with the protocol layer) | %.3f | %.0f | %.1f |\n", summary,
                messages / summary, tshark / summary);
    std::printf("| zmqscope dissect --text | %.2f | %.0f | %.1f |\n", text, messages / text, tshark / text);
    std::printf("| zmqscope dissect --json | %.2f | %.0f | %.1f |\n", json, messages / json, tshark / json);
    if (luaJson > 0)
        std::printf("| tshark -T json with whitequark's Lua ZMTP dissector | %.1f | %.0f | %.2f |\n", luaJson,
                    messages / luaJson, tshark / luaJson);
    std::printf("\nprotocol layer cost (--summary over --zmtp-only): %+.0f%%", (summary / zmtpOnly - 1) * 100);
    if (luaJson > 0)
        std::printf("; --json against tshark -T json with the Lua dissector: %.1fx faster", luaJson / json);
    std::printf("\n");
    std::fflush(stdout);
    std::remove(path.c_str());
}

}   // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_dissect ZMQSCOPE_BINARY [--quick] [--lua zmtp-dissector.lua]\n");
        return 2;
    }
    const std::string zmqscope = argv[1];
    bool quick = false;
    std::string lua;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (std::strcmp(argv[i], "--lua") == 0 && i + 1 < argc)
            lua = argv[++i];
    }
    const long messages = quick ? 100000 : 1000000;
    const int connections = 50;
    const int zreLinks = 20;
    std::string zrePorts;
    for (int i = 0; i < zreLinks; ++i)
        zrePorts += " -d tcp.port==" + std::to_string(49152 + i) + ",zmtp";
    const std::vector<Shape> shapes{
        {"ZMTP PUSH, 1448-byte TCP segments", messages, "-d tcp.port==5555,zmtp",
         [&](const std::string &p) { bench::writePushCapture(p, connections, int(messages / connections), false); }},
        {"ZMTP PUSH, one message per TCP segment", messages, "-d tcp.port==5555,zmtp",
         [&](const std::string &p) { bench::writePushCapture(p, connections, int(messages / connections), true); }},
        {"MDP/0.1 through a broker (40 clients, 10 workers)", messages, "-d tcp.port==5555,zmtp",
         [&](const std::string &p) { bench::writeMdpCapture(p, 40, 10, messages); }},
        {"ZRE v2 (20 links: HELLO, JOIN, SHOUT and WHISPER)", messages, zrePorts,
         [&](const std::string &p) { bench::writeZreCapture(p, zreLinks, messages); }},
        {"FILEMQ v2 (50 clients, 256-byte chunks)", messages, "-d tcp.port==5670,zmtp",
         [&](const std::string &p) { bench::writeFilemqCapture(p, connections, messages); }},
    };
    for (const Shape &s : shapes)
        run(zmqscope, lua, s);
    return 0;
}
