// Tap relay throughput against libzmq directly, same run: a PUSH sends N
// messages to a PULL over tcp://127.0.0.1, once directly and once through
// the Relay with a TapRecorder that dissects every frame (ConnectionDecoder
// per connection, events counted) and, in a third run, also writes pcapng
// to /dev/null; and, to tell forwarding from recording, once with no
// listener at all. 64-byte and 64 KiB messages.
#include "capture/capturedissector.h"
#include "relay.h"
#include "taprecorder.h"

#include <zmq.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

using namespace zmqscope;
using Clock = std::chrono::steady_clock;

namespace {

class Counter : public capture::CaptureEventSink {
public:
    std::atomic<std::uint64_t> messages{0};
    void event(const capture::ConnectionContext &, const codec::Event &ev) override
    {
        if (ev.kind == codec::EventKind::Message)
            ++messages;
    }
};

double pushPull(const std::string &connectTo, void *pull, void *ctx, std::size_t size, int count)
{
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    zmq_connect(push, connectTo.c_str());
    std::string payload(size, 'p');
    zmq_send(push, payload.data(), size, 0);
    zmq_msg_t m;
    zmq_msg_init(&m);
    zmq_msg_recv(&m, pull, 0);
    const auto start = Clock::now();
    std::thread sender([&] {
        for (int i = 0; i < count; ++i)
            zmq_send(push, payload.data(), size, 0);
    });
    for (int i = 0; i < count; ++i)
        zmq_msg_recv(&m, pull, 0);
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    sender.join();
    zmq_msg_close(&m);
    int linger = 0;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(push);
    return count / secs;
}

}   // namespace

int main(int argc, char **argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    void *ctx = zmq_ctx_new();
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    zmq_bind(pull, "tcp://127.0.0.1:*");
    char ep[128];
    size_t len = sizeof ep;
    zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, ep, &len);
    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    std::printf("libzmq %d.%d.%d, best of 3 runs each\n\n", major, minor, patch);
    std::printf("| message | direct | relay forwarding only | ratio | through the relay, dissecting | ratio | relay + dissect + pcapng | ratio |\n");
    std::printf("|---|---|---|---|---|---|---|---|\n");
    struct Case {
        std::size_t size;
        int count;
    };
    for (const Case c : {Case{64, quick ? 300000 : 2000000}, Case{65536, quick ? 3000 : 30000}}) {
        double direct = 0, relayed = 0, written = 0, forwarded = 0;
        for (int round = 0; round < 3; ++round) {
            direct = std::max(direct, pushPull(ep, pull, ctx, c.size, c.count));
            {
                // The relay with no listener: forwarding alone, nothing recorded.
                Relay relay(Relay::Config{*Endpoint::parse("tcp://127.0.0.1:0"), *Endpoint::parse(ep), std::nullopt,
                                          std::size_t(4) << 20},
                            nullptr);
                relay.start();
                forwarded = std::max(forwarded, pushPull(relay.boundEndpoint().toString(), pull, ctx, c.size, c.count));
                relay.stop();
            }
            for (const bool pcap : {false, true}) {
                Counter counter;
                std::FILE *devnull = pcap ? std::fopen("/dev/null", "wb") : nullptr;
                TapRecorder::Options ro;
                ro.events = &counter;
                ro.pcapng = devnull;
                ro.target = ep;
                TapRecorder recorder(ro);
                Relay relay(Relay::Config{*Endpoint::parse("tcp://127.0.0.1:0"), *Endpoint::parse(ep), std::nullopt,
                                          std::size_t(4) << 20},
                            &recorder);
                relay.start();
                const double rate = pushPull(relay.boundEndpoint().toString(), pull, ctx, c.size, c.count);
                relay.stop();
                recorder.finish();
                if (devnull)
                    std::fclose(devnull);
                if (counter.messages + 0 < std::uint64_t(c.count) && recorder.droppedBytes() == 0) {
                    std::fprintf(stderr, "dissected %llu of %d messages\n",
                                 static_cast<unsigned long long>(counter.messages.load()), c.count + 1);
                    return 1;
                }
                (pcap ? written : relayed) = std::max(pcap ? written : relayed, rate);
            }
        }
        std::printf("| %zu B | %.0f msg/s | %.0f msg/s | %.0f%% | %.0f msg/s | %.0f%% | %.0f msg/s | %.0f%% |\n", c.size, direct,
                    forwarded, 100 * forwarded / direct, relayed, 100 * relayed / direct, written, 100 * written / direct);
        std::fflush(stdout);
    }
    zmq_close(pull);
    zmq_ctx_term(ctx);
    return 0;
}
