// CURVE MESSAGE decryption against libzmq's own CURVE throughput, same run,
// 1 KiB messages. Baseline: libzmq PUSH -> PULL over tcp://127.0.0.1 with
// CURVE (both ends encrypt/decrypt). Ours: (a) a Session-level decode of
// MESSAGE bodies (CurveSession::decodeMessage), (b) the passive path a
// capture takes: ConnectionDecoder + CurveDecryptor with a key log, over the
// framed ZMTP bytes. Prints a Markdown table for docs/PERFORMANCE.md.
#include "codec/connectiondecoder.h"
#include "codec/curvedecryptor.h"
#include "codec/encoder.h"

#include <zmq.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

using namespace zmqscope::codec;
using Clock = std::chrono::steady_clock;

namespace {

double libzmqCurve(std::size_t size, int count)
{
    void *ctx = zmq_ctx_new();
    char sp[41], ss[41], cp[41], cs[41];
    zmq_curve_keypair(sp, ss);
    zmq_curve_keypair(cp, cs);
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    int one = 1;
    zmq_setsockopt(pull, ZMQ_CURVE_SERVER, &one, sizeof one);
    zmq_setsockopt(pull, ZMQ_CURVE_SECRETKEY, ss, 40);
    zmq_bind(pull, "tcp://127.0.0.1:*");
    char ep[128];
    size_t len = sizeof ep;
    zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, ep, &len);
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    zmq_setsockopt(push, ZMQ_CURVE_SERVERKEY, sp, 40);
    zmq_setsockopt(push, ZMQ_CURVE_PUBLICKEY, cp, 40);
    zmq_setsockopt(push, ZMQ_CURVE_SECRETKEY, cs, 40);
    zmq_connect(push, ep);
    std::string payload(size, 'c');
    zmq_send(push, payload.data(), size, 0);
    std::vector<char> in(size);
    zmq_recv(pull, in.data(), size, 0);
    const auto start = Clock::now();
    std::thread sender([&] {
        for (int i = 0; i < count; ++i)
            zmq_send(push, payload.data(), size, 0);
    });
    zmq_msg_t m;
    zmq_msg_init(&m);
    for (int i = 0; i < count; ++i)
        zmq_msg_recv(&m, pull, 0);
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    sender.join();
    zmq_msg_close(&m);
    int linger = 0;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(push);
    zmq_close(pull);
    zmq_ctx_term(ctx);
    return count / secs;
}

struct Handshaken {
    CurveClient client;
    CurveServer server;
};

std::unique_ptr<Handshaken> handshake(encode::Buffer *wireC, encode::Buffer *wireS)
{
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    CurveClient::Config cc;
    cc.serverPublic = serverKeys.publicKey;
    cc.permanent = CurveKeyPair::generate();
    cc.metadata = {{"Socket-Type", "PUSH"}};
    CurveServer::Config sc;
    sc.permanent = serverKeys;
    sc.metadata = {{"Socket-Type", "PULL"}};
    auto h = std::unique_ptr<Handshaken>(new Handshaken{CurveClient(cc), CurveServer(sc)});
    encode::Greeting3 g;
    g.mechanism = "CURVE";
    encode::greeting3(*wireC, g);
    encode::greeting3(*wireS, g);
    encode::FrameOptions cmd;
    cmd.command = true;
    std::vector<std::uint8_t> b;
    for (int step = 0; step < 4; ++step) {
        b.clear();
        if (step % 2 == 0) {
            h->client.nextCommand(b);
            h->server.processCommand(b);
            encode::frame(*wireC, b, cmd);
        } else {
            h->server.nextCommand(b);
            h->client.processCommand(b);
            encode::frame(*wireS, b, cmd);
        }
    }
    return h;
}

}   // namespace

int main(int argc, char **argv)
{
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const std::size_t size = 1024;
    const int count = quick ? 50000 : 300000;

    double zmqRate = 0;
    for (int i = 0; i < 3; ++i)
        zmqRate = std::max(zmqRate, libzmqCurve(size, count));

    // MESSAGE bodies, encrypted once by our client.
    encode::Buffer wireC, wireS;
    auto h = handshake(&wireC, &wireS);
    std::vector<std::vector<std::uint8_t>> bodies(count);
    const std::string payload(size, 'c');
    for (auto &b : bodies)
        h->client.encodeMessage(0, encode::bytes(payload), b);

    double sessionRate = 0;
    for (int round = 0; round < 3; ++round) {
        encode::Buffer unusedC, unusedS;
        auto fresh = handshake(&unusedC, &unusedS);
        std::vector<std::vector<std::uint8_t>> mine(count);
        for (auto &b : mine)
            fresh->client.encodeMessage(0, encode::bytes(payload), b);
        std::vector<std::uint8_t> out;
        std::uint8_t flags;
        const auto start = Clock::now();
        for (const auto &b : mine)
            if (fresh->server.decodeMessage(b, flags, out) != ProtocolError::None || out.size() != size)
                return 1;
        sessionRate = std::max(sessionRate, count / std::chrono::duration<double>(Clock::now() - start).count());
    }

    // Passive: the framed bytes of the whole connection through the decoder
    // and the decryptor, fed in 256 KiB chunks.
    encode::Buffer stream = wireC;
    for (const auto &b : bodies)
        encode::frame(stream, b);
    CurveKeyLog keys;
    keys.add(h->client.clientTransientPublic(), h->client.sessionKey());
    double passiveRate = 0;
    for (int round = 0; round < 3; ++round) {
        struct Count final : EventSink {
            std::uint64_t n = 0;
            void onEvent(const Event &ev) override { n += ev.kind == EventKind::Message && ev.decrypted; }
        } sink;
        CurveDecryptor decryptor(sink, keys);
        ConnectionDecoder decoder(decryptor);
        decoder.feed(Direction::ServerToClient, {wireS.data(), wireS.size()});
        const auto start = Clock::now();
        for (std::size_t pos = 0; pos < stream.size(); pos += 256 * 1024)
            decoder.feed(Direction::ClientToServer,
                         {stream.data() + pos, std::min<std::size_t>(256 * 1024, stream.size() - pos)});
        const double secs = std::chrono::duration<double>(Clock::now() - start).count();
        if (sink.n != std::uint64_t(count))
            return 2;
        passiveRate = std::max(passiveRate, count / secs);
    }

    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    std::printf("libzmq %d.%d.%d, %zu-byte messages, %d per run, best of 3\n\n", major, minor, patch, size, count);
    std::printf("| path | messages/s | ratio to libzmq CURVE |\n|---|---|---|\n");
    std::printf("| libzmq CURVE PUSH->PULL over tcp://127.0.0.1 | %.0f | 1.00 |\n", zmqRate);
    std::printf("| CurveSession::decodeMessage | %.0f | %.2f |\n", sessionRate, sessionRate / zmqRate);
    std::printf("| capture path: ConnectionDecoder + CurveDecryptor (key log) | %.0f | %.2f |\n", passiveRate,
                passiveRate / zmqRate);
    return 0;
}
