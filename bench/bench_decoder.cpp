// Decoder throughput against libzmq's own throughput, same run, same
// messages. For each frame size: libzmq PUSH -> PULL over tcp://127.0.0.1
// (what a live capture must keep up with) and ConnectionDecoder over the
// ZMTP 3.1 bytes of the same messages, fed in chunks the way a tap reads
// them. Prints a Markdown table; docs/PERFORMANCE.md has the figures.
//
//   bench_decoder [--quick]
#include "codec/connectiondecoder.h"
#include "codec/encoder.h"

#include <zmq.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace zmqscope::codec;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double seconds;
    std::uint64_t messages;
    std::uint64_t bytes;   // payload bytes
    double msgPerSec() const { return double(messages) / seconds; }
    double bytesPerSec() const { return double(bytes) / seconds; }
};

Result libzmqBaseline(std::size_t size, std::uint64_t count)
{
    void *ctx = zmq_ctx_new();
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    zmq_bind(pull, "tcp://127.0.0.1:*");
    char endpoint[128];
    size_t len = sizeof endpoint;
    zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, endpoint, &len);
    zmq_connect(push, endpoint);
    std::vector<char> payload(size, 'x');
    // One message first so the connection is up before timing starts.
    zmq_send(push, payload.data(), size, 0);
    std::vector<char> in(size);
    zmq_recv(pull, in.data(), size, 0);

    const auto start = Clock::now();
    std::thread sender([&] {
        for (std::uint64_t i = 0; i < count; ++i)
            zmq_send(push, payload.data(), size, 0);
    });
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (std::uint64_t i = 0; i < count; ++i)
        zmq_msg_recv(&msg, pull, 0);
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    zmq_msg_close(&msg);
    sender.join();
    int linger = 0;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(push);
    zmq_close(pull);
    zmq_ctx_term(ctx);
    return {secs, count, count * size};
}

class CountingSink final : public EventSink {
public:
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
    std::uint64_t findings = 0;
    void onEvent(const Event &ev) override
    {
        if (ev.kind == EventKind::Message) {
            ++messages;
            for (const FrameView &f : ev.frames)
                bytes += f.size;
        } else if (ev.kind == EventKind::Finding) {
            ++findings;
        }
    }
};

Result decoderRun(std::size_t size, std::uint64_t count, std::size_t chunk)
{
    encode::Buffer client, server;
    encode::greeting3(client, {});
    encode::ready(client, {{"Socket-Type", encode::bytes("PUSH")}});
    encode::greeting3(server, {});
    encode::ready(server, {{"Socket-Type", encode::bytes("PULL")}});
    // A block of messages about 32 MiB long, fed again and again.
    const std::string payload(size, 'x');
    encode::Buffer block;
    std::uint64_t perBlock = std::max<std::uint64_t>(1, (std::size_t(32) << 20) / (size + 9));
    perBlock = std::min(perBlock, count);
    for (std::uint64_t i = 0; i < perBlock; ++i)
        encode::message(block, {encode::bytes(payload)}, ZmtpVersion::V3_1);
    const std::uint64_t rounds = (count + perBlock - 1) / perBlock;

    CountingSink sink;
    ConnectionDecoder decoder(sink);
    decoder.feed(Direction::ServerToClient, {server.data(), server.size()});
    decoder.feed(Direction::ClientToServer, {client.data(), client.size()});
    const auto start = Clock::now();
    for (std::uint64_t r = 0; r < rounds; ++r)
        for (std::size_t pos = 0; pos < block.size(); pos += chunk)
            decoder.feed(Direction::ClientToServer, {block.data() + pos, std::min(chunk, block.size() - pos)});
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    if (sink.findings != 0 || sink.messages != rounds * perBlock || sink.bytes != rounds * perBlock * size) {
        std::fprintf(stderr, "decoder run is wrong: %llu messages, %llu findings\n",
                     static_cast<unsigned long long>(sink.messages), static_cast<unsigned long long>(sink.findings));
        std::exit(1);
    }
    return {secs, sink.messages, sink.bytes};
}

std::string human(double v, const char *unit)
{
    char buf[64];
    if (v >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f G%s", v / 1e9, unit);
    else if (v >= 1e6)
        std::snprintf(buf, sizeof buf, "%.2f M%s", v / 1e6, unit);
    else
        std::snprintf(buf, sizeof buf, "%.0f %s", v, unit);
    return buf;
}

}   // namespace

int main(int argc, char **argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    struct Case {
        std::size_t size;
        std::uint64_t count;
    };
    const Case cases[] = {{8, quick ? 500000u : 5000000u}, {1024, quick ? 200000u : 1000000u},
                          {65536, quick ? 5000u : 40000u}};
    const std::size_t chunk = 256 * 1024;
    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    std::printf("libzmq %d.%d.%d, decoder chunks of %zu KiB, best of 3 runs each\n\n", major, minor, patch,
                chunk / 1024);
    std::printf("| frame | libzmq PUSH->PULL tcp | decoder | decoder/libzmq | decoder, 4 KiB chunks |\n");
    std::printf("|---|---|---|---|---|\n");
    for (const Case &c : cases) {
        Result z{1e9, 0, 0}, d{1e9, 0, 0}, small{1e9, 0, 0};
        for (int i = 0; i < 3; ++i) {
            const Result rz = libzmqBaseline(c.size, c.count);
            if (rz.seconds / double(rz.messages) < z.seconds / std::max<double>(1, double(z.messages)))
                z = rz;
            const Result rd = decoderRun(c.size, c.count, chunk);
            if (rd.seconds / double(rd.messages) < d.seconds / std::max<double>(1, double(d.messages)))
                d = rd;
            const Result rs = decoderRun(c.size, c.count, 4096);
            if (rs.seconds / double(rs.messages) < small.seconds / std::max<double>(1, double(small.messages)))
                small = rs;
        }
        std::printf("| %zu B | %s/s, %s/s | %s/s, %s/s | %.1f× | %s/s, %s/s |\n", c.size,
                    human(z.msgPerSec(), "msg").c_str(), human(z.bytesPerSec(), "B").c_str(),
                    human(d.msgPerSec(), "msg").c_str(), human(d.bytesPerSec(), "B").c_str(),
                    d.msgPerSec() / z.msgPerSec(), human(small.msgPerSec(), "msg").c_str(),
                    human(small.bytesPerSec(), "B").c_str());
        std::fflush(stdout);
    }
    return 0;
}
