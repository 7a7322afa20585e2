// Decoder behaviour beyond the vectors: memory limits checked before
// allocation, no allocation per frame in the steady state, resynchronisation
// after a gap, the version decision as a pure function, conformance checks,
// and the encoder's deliberate malformations read back as the right findings.
#include "collector.h"
#include "hex.h"

#include "codec/connectiondecoder.h"
#include "codec/encoder.h"

#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <cstdlib>
#include <new>
#include <set>

// Counting allocator for this test binary: how many allocations, and the
// largest, while `g_counting` is set.
static std::atomic<bool> g_counting{false};
static std::atomic<std::size_t> g_allocations{0};
static std::atomic<std::size_t> g_largest{0};

void *operator new(std::size_t n)
{
    if (g_counting) {
        ++g_allocations;
        std::size_t prev = g_largest;
        while (n > prev && !g_largest.compare_exchange_weak(prev, n)) {
        }
    }
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

using namespace zmqscope::codec;
using testutil::Collector;
using testutil::fromHex;
using testutil::view;

namespace {

constexpr auto C2S = Direction::ClientToServer;
constexpr auto S2C = Direction::ServerToClient;

class CountingSink : public EventSink {
public:
    std::size_t messages = 0, frames = 0, findings = 0, commands = 0;
    std::uint64_t bytes = 0;
    void onEvent(const Event &ev) override
    {
        switch (ev.kind) {
        case EventKind::Message:
            ++messages;
            frames += ev.frames.size();
            for (const auto &f : ev.frames)
                bytes += f.body.size();
            break;
        case EventKind::Finding: ++findings; break;
        case EventKind::Command: ++commands; break;
        default: break;
        }
    }
};

encode::Buffer nullPrelude(std::string_view socketType)
{
    encode::Buffer b;
    encode::greeting3(b, {});
    encode::ready(b, {{"Socket-Type", encode::bytes(socketType)}});
    return b;
}

bool hasFinding(const testutil::CollectedSide &s, const std::string &key)
{
    for (const auto &f : s.findings)
        if (f.key == key)
            return true;
    return false;
}

std::string allLines(const Collector &c)
{
    std::string s;
    for (const auto &l : c.lines)
        s += l + "\n";
    return s;
}

}   // namespace

class TestDecoderBehaviour : public QObject {
    Q_OBJECT
private slots:
    void noAllocationForWholeFrames();
    void hugeLengthsAreCappedBeforeAllocation();
    void hugeMessagesKeepBoundedFrames();
    void invalidSizeResynchronises();
    void gapResynchronises();
    void versionDecision_data();
    void versionDecision();
    void randomTrafficSplitInvariance();
    void encoderMalformations();
    void commandOrder();
    void messageFormSubscriptionsFromSocketTypes();
    void socketTypeMatrix();
    void findingTableIsStable();
    void subscriberIdentityOn2_0();
};

// A SUB side's empty 2.0 identity frame `00 00` is an identity, not the
// start of libzmq's LONG-less subscription header (found by the
// conformance suite: the identity of a downgraded SUB never came out).
void TestDecoderBehaviour::subscriberIdentityOn2_0()
{
    for (const std::uint8_t subType : {std::uint8_t(2), std::uint8_t(10)}) {   // SUB, XSUB
        Collector c;
        ConnectionDecoder d(c);
        const std::uint8_t pubGreeting[] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 1, 1, 0, 0};
        const std::uint8_t subGreeting[] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, subType, 0, 0};
        d.feed(C2S, {pubGreeting, 10});
        d.feed(S2C, {subGreeting, sizeof subGreeting});
        d.feed(C2S, {pubGreeting + 10, 4});
        const std::string all = allLines(c);
        QVERIFY2(all.find("s2c @12+2 identity \"\"") != std::string::npos, all.c_str());
        QVERIFY2(all.find("c2s @12+2 identity \"\"") != std::string::npos, all.c_str());
    }
}

void TestDecoderBehaviour::noAllocationForWholeFrames()
{
    CountingSink sink;
    ConnectionDecoder decoder(sink);
    encode::Buffer prelude = nullPrelude("PUSH");
    decoder.feed(C2S, view(prelude));
    encode::Buffer peer = nullPrelude("PULL");
    decoder.feed(S2C, view(peer));

    // Chunks of whole messages of every shape: short, long, multipart.
    std::vector<encode::Buffer> chunks;
    const std::string big(70000, 'b');
    for (int i = 0; i < 50; ++i) {
        encode::Buffer c;
        for (int j = 0; j < 20; ++j) {
            encode::message(c, {encode::bytes("12345678")}, ZmtpVersion::V3_1);
            encode::message(c, {encode::bytes("key"), encode::bytes(std::string(300, 'v'))}, ZmtpVersion::V3_1);
        }
        encode::message(c, {encode::bytes(big)}, ZmtpVersion::V3_1);
        encode::ping(c, 10);
        chunks.push_back(std::move(c));
    }
    decoder.feed(C2S, view(chunks[0]));   // warm-up: scratch vectors reach their size
    g_allocations = 0;
    g_counting = true;
    for (std::size_t i = 1; i < chunks.size(); ++i)
        decoder.feed(C2S, view(chunks[i]));
    g_counting = false;
    QCOMPARE(g_allocations.load(), std::size_t(0));
    QCOMPARE(sink.messages, std::size_t(50 * 41));
    QCOMPARE(sink.commands, std::size_t(2 + 50));
    QCOMPARE(sink.findings, std::size_t(0));
}

void TestDecoderBehaviour::hugeLengthsAreCappedBeforeAllocation()
{
    DecoderLimits limits;
    limits.maxFrameSize = 1 << 20;
    limits.maxKeptFrame = 4096;
    limits.maxKeptMessage = 8192;
    Collector events;
    ConnectionDecoder decoder(events, limits);
    encode::Buffer b = nullPrelude("PUSH");
    encode::FrameOptions o;
    o.declaredSize = std::uint64_t(1) << 62;   // a peer claiming 4 EiB
    encode::frame(b, {}, o);
    const std::vector<std::uint8_t> chunk(65536, 0xAB);
    g_largest = 0;
    g_counting = true;
    decoder.feed(C2S, view(b));
    // Stream 8 MiB of the "body" through in 64 KiB chunks.
    for (int i = 0; i < 128; ++i)
        decoder.feed(C2S, view(chunk));
    g_counting = false;
    QVERIFY2(g_largest < 64 * 1024, qPrintable(QString::number(g_largest.load())));
    QVERIFY2(hasFinding(events.c2s(), "zmtp.frame.oversize"), allLines(events).c_str());
    QCOMPARE(decoder.decoder(C2S).state(), DecoderState::FrameBody);
    decoder.finish();
    QVERIFY(hasFinding(events.c2s(), "zmtp.stream.truncated"));

    // 1.0: a long length near 2^64 from a peer.
    Collector e1;
    StreamDecoder d1(C2S, limits);
    const auto v1 = fromHex("01 00 ff ff ff ff ff ff ff ff f0 00");
    g_largest = 0;
    g_counting = true;
    d1.feed(view(v1), e1);
    d1.feed(view(chunk), e1);
    g_counting = false;
    QVERIFY(g_largest < 64 * 1024);
    QVERIFY2(hasFinding(e1.c2s(), "zmtp.frame.oversize"), allLines(e1).c_str());
}

void TestDecoderBehaviour::hugeMessagesKeepBoundedFrames()
{
    DecoderLimits limits;
    limits.maxMessageFrames = 100;
    limits.maxKeptFrame = 1000;
    Collector events;
    StreamDecoder d(C2S, limits);
    encode::Buffer b;
    encode::greeting3(b, {});
    encode::ready(b, {{"Socket-Type", encode::bytes("PUSH")}});
    for (int i = 0; i < 1000; ++i) {
        encode::FrameOptions o;
        o.more = i < 999;
        encode::frame(b, encode::bytes("part"), o);
    }
    // A split 5000-byte frame: only 1000 bytes kept.
    encode::Buffer big;
    encode::frame(big, encode::bytes(std::string(5000, 'z')));
    d.feed(view(b), events);
    d.feed({big.data(), 2000}, events);
    d.feed({big.data() + 2000, big.size() - 2000}, events);
    d.finish(events);
    QCOMPARE(events.c2s().messages.size(), std::size_t(2));
    QCOMPARE(events.c2s().messages[0].size(), std::size_t(100));
    QCOMPARE(events.c2s().messages[1].at(0).size(), std::size_t(1000));
    QVERIFY(hasFinding(events.c2s(), "zmtp.frame.clipped"));
    bool sawCount = false;
    for (const auto &l : events.lines)
        sawCount |= l.find("+900 frames") != std::string::npos;
    QVERIFY2(sawCount, allLines(events).c_str());
}

void TestDecoderBehaviour::invalidSizeResynchronises()
{
    Collector events;
    StreamDecoder d(C2S);
    encode::Buffer b;
    encode::greeting3(b, {});
    encode::ready(b, {{"Socket-Type", encode::bytes("PUSH")}});
    encode::message(b, {encode::bytes("before")}, ZmtpVersion::V3_1);
    const auto bad = fromHex("02 80 00 00 00 00 00 00 00");   // size 2^63
    b.insert(b.end(), bad.begin(), bad.end());
    encode::message(b, {encode::bytes("after-1")}, ZmtpVersion::V3_1);
    encode::message(b, {encode::bytes("after-2")}, ZmtpVersion::V3_1);
    d.feed(view(b), events);
    d.finish(events);
    QVERIFY(hasFinding(events.c2s(), "zmtp.frame.size_invalid"));
    QVERIFY(hasFinding(events.c2s(), "zmtp.stream.resync"));
    QCOMPARE(events.c2s().messages,
             (std::vector<std::vector<std::string>>{{"before"}, {"after-1"}, {"after-2"}}));
}

void TestDecoderBehaviour::gapResynchronises()
{
    Collector events;
    ConnectionDecoder decoder(events);
    encode::Buffer c = nullPrelude("DEALER"), s = nullPrelude("ROUTER");
    decoder.feed(C2S, view(c));
    decoder.feed(S2C, view(s));
    encode::Buffer m;
    encode::message(m, {encode::bytes("one"), encode::bytes(std::string(100, 'x'))}, ZmtpVersion::V3_1);
    decoder.feed(C2S, {m.data(), 30});   // the capture loses the rest of this message
    decoder.gap(C2S, m.size() - 30);
    encode::Buffer after;
    for (int i = 0; i < 3; ++i)
        encode::message(after, {Bytes{}, encode::bytes("next-" + std::to_string(i))}, ZmtpVersion::V3_1);
    decoder.feed(C2S, view(after));
    decoder.finish();
    const auto &side = events.c2s();
    QVERIFY(hasFinding(side, "zmtp.stream.gap"));
    QVERIFY(hasFinding(side, "zmtp.stream.truncated"));
    QVERIFY(hasFinding(side, "zmtp.stream.resync"));
    QCOMPARE(side.messages.size(), std::size_t(3));
    QCOMPARE(side.messages.back(), (std::vector<std::string>{"", "next-2"}));
}

void TestDecoderBehaviour::versionDecision_data()
{
    QTest::addColumn<QByteArray>("own");
    QTest::addColumn<QByteArray>("peer");
    QTest::addColumn<bool>("peerFinished");
    QTest::addColumn<int>("framing");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("downgraded");

    const QByteArray sig = QByteArray::fromHex("ff00000000000000017f");
    const QByteArray g31 = sig + QByteArray::fromHex("0301") + QByteArray("NULL").leftJustified(20, '\0') + QByteArray(32, '\0');
    const QByteArray g30 = sig + QByteArray::fromHex("0300") + QByteArray("NULL").leftJustified(20, '\0') + QByteArray(32, '\0');
    const int V1 = int(Framing::V1), V2 = int(Framing::V2), V3 = int(Framing::V3), U = int(Framing::Undecided),
              R0 = int(Framing::V1AfterRev0);
    QTest::newRow("empty") << QByteArray() << QByteArray() << false << U << 0 << false;
    QTest::newRow("unversioned own") << QByteArray::fromHex("0100") << QByteArray() << false << V1 << int(ZmtpVersion::V1_0) << false;
    QTest::newRow("FF with even byte 9") << QByteArray::fromHex("ff000000000000000400") << QByteArray() << false << V1
                                         << int(ZmtpVersion::V1_0) << false;
    QTest::newRow("versioned, peer 1.0") << sig << QByteArray::fromHex("01") << false << V1 << int(ZmtpVersion::V1_0) << true;
    QTest::newRow("versioned, peer silent") << sig + QByteArray::fromHex("03") << QByteArray() << false << U << 0 << false;
    QTest::newRow("3.1 vs 3.1") << g31 << g31 << false << V3 << int(ZmtpVersion::V3_1) << false;
    QTest::newRow("3.0 vs 3.1") << g30 << g31 << false << V3 << int(ZmtpVersion::V3_0) << false;
    QTest::newRow("3.x vs revision 1, downgraded") << sig + QByteArray::fromHex("0303 0000") << sig + QByteArray::fromHex("01")
                                                   << false << V2 << int(ZmtpVersion::V2_0) << true;
    QTest::newRow("strict 3.x vs revision 1") << g31 << sig + QByteArray::fromHex("01") << false << V3
                                              << int(ZmtpVersion::V3_1) << false;
    QTest::newRow("revision 2 side") << sig + QByteArray::fromHex("0205 0000") << g31 << false << V2
                                     << int(ZmtpVersion::V2_0) << false;
    QTest::newRow("3.x vs revision 2 (libzmq reads 3.x)") << g31 << sig + QByteArray::fromHex("02") << false << V3
                                                          << int(ZmtpVersion::V3_1) << false;
    QTest::newRow("revision 0") << sig + QByteArray::fromHex("0003") << g31 << false << R0 << int(ZmtpVersion::V1_0) << false;
    QTest::newRow("one-sided, peer gone") << g31 << QByteArray() << true << V3 << int(ZmtpVersion::V3_1) << false;
    QTest::newRow("major 4 runs as 3.1") << sig + QByteArray::fromHex("0400") + QByteArray("NULL").leftJustified(52, '\0')
                                         << g31 << false << V3 << int(ZmtpVersion::V3_1) << false;
}

void TestDecoderBehaviour::versionDecision()
{
    QFETCH(QByteArray, own);
    QFETCH(QByteArray, peer);
    QFETCH(bool, peerFinished);
    QFETCH(int, framing);
    QFETCH(int, version);
    QFETCH(bool, downgraded);
    const auto b = [](const QByteArray &a) {
        return Bytes(reinterpret_cast<const std::uint8_t *>(a.constData()), static_cast<std::size_t>(a.size()));
    };
    const VersionDecision d = decideVersion(b(own), b(peer), peerFinished);
    QCOMPARE(int(d.framing), framing);
    if (d.framing != Framing::Undecided) {
        QCOMPARE(int(d.version), version);
        QCOMPARE(d.downgraded, downgraded);
    }
    // Pure: asking again gives the same answer.
    const VersionDecision again = decideVersion(b(own), b(peer), peerFinished);
    QCOMPARE(int(again.framing), int(d.framing));
}

void TestDecoderBehaviour::randomTrafficSplitInvariance()
{
    // Random but valid 3.1 traffic of every frame shape, fed whole and then in
    // random chunks (1..300 bytes, and 1-byte runs): identical events.
    QRandomGenerator rng(20261125);
    for (int round = 0; round < 20; ++round) {
        encode::Buffer c = nullPrelude("DEALER");
        encode::Buffer s = nullPrelude("ROUTER");
        for (int i = 0; i < 200; ++i) {
            encode::Buffer &out = rng.bounded(2) ? c : s;
            const int kind = int(rng.bounded(6u));
            if (kind == 0) {
                encode::ping(out, quint16(rng.bounded(100u)), encode::bytes("ctx"));
            } else {
                const int parts = 1 + int(rng.bounded(4u));
                for (int p = 0; p < parts; ++p) {
                    const std::size_t size = rng.bounded(8u) == 0 ? 256 + rng.bounded(3000u) : rng.bounded(40u);
                    std::string body(size, '\0');
                    for (auto &ch : body)
                        ch = char(rng.bounded(256u));
                    encode::FrameOptions o;
                    o.more = p + 1 < parts;
                    o.forceLong = rng.bounded(20u) == 0;
                    encode::frame(out, encode::bytes(body), o);
                }
            }
        }
        auto runOnce = [&](int mode) {
            testutil::RecordingSink sink;
            ConnectionDecoder d(sink);
            QRandomGenerator split(round);
            for (auto [dir, buf] : {std::pair{C2S, &c}, std::pair{S2C, &s}}) {
                std::size_t pos = 0;
                while (pos < buf->size()) {
                    std::size_t n = buf->size() - pos;
                    if (mode == 1)
                        n = std::min<std::size_t>(n, 1 + split.bounded(300u));
                    else if (mode == 2)
                        n = 1;
                    d.feed(dir, {buf->data() + pos, n});
                    pos += n;
                }
            }
            d.finish();
            return sink.lines;
        };
        const auto whole = runOnce(0);
        QCOMPARE(runOnce(1), whole);
        if (round < 3)
            QCOMPARE(runOnce(2), whole);
    }
}

void TestDecoderBehaviour::encoderMalformations()
{
    const auto decodeOne = [](const encode::Buffer &client, const encode::Buffer &server) {
        auto events = std::make_unique<Collector>();
        ConnectionDecoder d(*events);
        d.feed(C2S, view(client));
        d.feed(S2C, view(server));
        d.finish();
        return events;
    };
    const encode::Buffer normal = nullPrelude("DEALER");

    {   // unknown mechanism on both sides
        encode::Buffer a, b;
        encode::Greeting3 g;
        g.mechanism = "X-SECRET";
        encode::greeting3(a, g);
        encode::greeting3(b, g);
        auto e = decodeOne(a, b);
        QVERIFY(hasFinding(e->c2s(), "zmtp.greeting.mechanism_unknown"));
        QCOMPARE(e->c2s().mechanism, Mechanism::Other);
    }
    {   // invalid characters in the mechanism
        encode::Buffer a;
        encode::Greeting3 g;
        g.mechanism = "null";
        encode::greeting3(a, g);
        auto e = decodeOne(a, normal);
        QVERIFY(hasFinding(e->c2s(), "zmtp.greeting.mechanism_invalid"));
        QVERIFY(hasFinding(e->s2c(), "zmtp.greeting.mechanism_mismatch")
                || hasFinding(e->c2s(), "zmtp.greeting.mechanism_mismatch"));
    }
    {   // signature byte 9 not 0x7F but odd: still versioned, noted
        encode::Buffer a;
        encode::Greeting3 g;
        g.signatureEnd = 0x7D;
        encode::greeting3(a, g);
        auto e = decodeOne(a, normal);
        QVERIFY(hasFinding(e->c2s(), "zmtp.greeting.signature"));
        QCOMPARE(e->c2s().version, ZmtpVersion::V3_1);
    }
    {   // reserved flag bits and MORE on a command
        encode::Buffer a = nullPrelude("DEALER");
        encode::FrameOptions o;
        o.extraFlags = 0x40;
        encode::frame(a, encode::bytes("x"), o);
        encode::FrameOptions m;
        m.more = true;
        encode::command(a, "PING", fromHex("0000"), m);
        auto e = decodeOne(a, nullPrelude("ROUTER"));
        QVERIFY(hasFinding(e->c2s(), "zmtp.frame.reserved_flags"));
        QVERIFY(hasFinding(e->c2s(), "zmtp.frame.more_on_command"));
    }
    {   // a length that lies: the stream ends inside the claimed body
        encode::Buffer a = nullPrelude("DEALER");
        encode::FrameOptions o;
        o.declaredSize = 100;
        encode::frame(a, encode::bytes("short"), o);
        auto e = decodeOne(a, nullPrelude("ROUTER"));
        QVERIFY(hasFinding(e->c2s(), "zmtp.stream.truncated"));
    }
    {   // as-server 1 with NULL, non-zero filler, as-server 7
        encode::Buffer a, b;
        encode::Greeting3 g;
        g.asServer = 1;
        g.fillerByte = 0xEE;
        encode::greeting3(a, g);
        encode::Greeting3 h;
        h.asServer = 7;
        encode::greeting3(b, h);
        auto e = decodeOne(a, b);
        QVERIFY(hasFinding(e->c2s(), "zmtp.greeting.as_server_null"));
        QVERIFY(hasFinding(e->c2s(), "zmtp.greeting.filler"));
        QVERIFY(hasFinding(e->s2c(), "zmtp.greeting.as_server_invalid"));
    }
    {   // 1.0 length 0
        encode::Buffer a;
        encode::frame1(a, {});                       // identity
        encode::frame1(a, {}, false, false, 0);      // len 0
        encode::frame1(a, encode::bytes("ok"));
        encode::Buffer b;
        encode::frame1(b, {});
        auto e = decodeOne(a, b);
        QVERIFY(hasFinding(e->c2s(), "zmtp.frame.size_invalid"));
        QCOMPARE(e->c2s().messages, std::vector<std::vector<std::string>>{{"ok"}});
    }
    {   // PLAIN or CURVE announced to a 2.0 peer: insecure downgrade
        encode::Buffer a, b;
        encode::Greeting3 g;
        g.mechanism = "PLAIN";
        encode::greeting3(a, g);
        encode::greeting2(b, SocketType::Rep);
        auto e = decodeOne(a, b);
        QVERIFY2(hasFinding(e->c2s(), "zmtp.greeting.insecure_downgrade"), allLines(*e).c_str());
    }
}

void TestDecoderBehaviour::commandOrder()
{
    {   // PLAIN server sends READY before WELCOME
        Collector e;
        ConnectionDecoder d(e);
        encode::Buffer a, b;
        encode::Greeting3 g;
        g.mechanism = "PLAIN";
        encode::greeting3(a, g);
        encode::greeting3(b, g);
        encode::command(a, "HELLO", fromHex("0161 0162"));
        encode::ready(b, {{"Socket-Type", encode::bytes("ROUTER")}});
        d.feed(C2S, view(a));
        d.feed(S2C, view(b));
        d.finish();
        QVERIFY2(hasFinding(e.s2c(), "zmtp.command.unexpected"), allLines(e).c_str());
    }
    {   // NULL: a message before this side's READY
        Collector e;
        ConnectionDecoder d(e);
        encode::Buffer a;
        encode::greeting3(a, {});
        encode::message(a, {encode::bytes("early")}, ZmtpVersion::V3_1);
        d.feed(C2S, view(a));
        d.finish();
        QVERIFY(hasFinding(e.c2s(), "zmtp.message.before_ready"));
    }
    {   // NULL: a message after own READY but before the peer's (libzmq closes)
        Collector e;
        ConnectionDecoder d(e);
        encode::Buffer a = nullPrelude("REQ"), b;
        encode::greeting3(b, {});
        d.feed(C2S, view(a));
        d.feed(S2C, view(b));
        encode::Buffer m;
        encode::message(m, {Bytes{}, encode::bytes("hello")}, ZmtpVersion::V3_1);
        d.feed(C2S, view(m));
        QCOMPARE(e.c2s().findings.size(), std::size_t(1));
        QCOMPARE(e.c2s().findings[0].key, std::string("zmtp.message.before_ready"));
        QCOMPARE(e.c2s().findings[0].severity, Severity::Warn);
    }
    {   // PING before the handshake
        Collector e;
        ConnectionDecoder d(e);
        encode::Buffer a;
        encode::greeting3(a, {});
        encode::ping(a, 0);
        d.feed(C2S, view(a));
        QVERIFY(hasFinding(e.c2s(), "zmtp.command.unexpected"));
    }
    {   // CANCEL of something never subscribed
        Collector e;
        ConnectionDecoder d(e);
        encode::Buffer a = nullPrelude("SUB"), b = nullPrelude("PUB");
        encode::cancel(a, encode::bytes("nothing"), ZmtpVersion::V3_1);
        d.feed(C2S, view(a));
        d.feed(S2C, view(b));
        QVERIFY(hasFinding(e.c2s(), "zmtp.subscription.cancel_unknown"));
    }
}

void TestDecoderBehaviour::messageFormSubscriptionsFromSocketTypes()
{
    // 2.0: the subscriber is known from its greeting's socket-type byte.
    Collector e;
    ConnectionDecoder d(e);
    encode::Buffer a, b;
    encode::greeting2(a, SocketType::Sub);
    encode::subscribe(a, encode::bytes("A"), ZmtpVersion::V2_0);
    encode::subscribe(a, encode::bytes("B"), ZmtpVersion::V2_0);
    encode::cancel(a, encode::bytes("A"), ZmtpVersion::V2_0);
    encode::greeting2(b, SocketType::Pub);
    encode::message(b, {encode::bytes("B"), encode::bytes("data")}, ZmtpVersion::V2_0);
    d.feed(C2S, view(a));
    d.feed(S2C, view(b));
    d.finish();
    QCOMPARE(e.c2s().subscriptions, (std::vector<std::string>{"+A", "+B", "-A"}));
    QCOMPARE(d.side(C2S).subscriptions.size(), std::size_t(1));
    QVERIFY(d.side(C2S).subscriptions.count("B"));
    QVERIFY(e.s2c().subscriptions.empty());
}

void TestDecoderBehaviour::socketTypeMatrix()
{
    using enum SocketType;
    QVERIFY(socketTypesCompatible(Req, Rep));
    QVERIFY(socketTypesCompatible(Req, Router));
    QVERIFY(socketTypesCompatible(Dealer, Dealer));
    QVERIFY(socketTypesCompatible(XPub, XSub));
    QVERIFY(socketTypesCompatible(Radio, Dish));
    QVERIFY(!socketTypesCompatible(Req, Req));
    QVERIFY(!socketTypesCompatible(Pub, Pub));
    QVERIFY(!socketTypesCompatible(Push, Sub));
    QVERIFY(!socketTypesCompatible(Stream, Stream));
    for (int a = 0; a <= int(Channel); ++a)
        for (int b = 0; b <= int(Channel); ++b)
            QCOMPARE(socketTypesCompatible(SocketType(a), SocketType(b)),
                     socketTypesCompatible(SocketType(b), SocketType(a)));
}

void TestDecoderBehaviour::findingTableIsStable()
{
    // Keys are public (filters, JSON, scripts): spot-check that ids and keys
    // stay where they were.
    QCOMPARE(findingInfo(FindingId::GreetingSignature).key, std::string_view("zmtp.greeting.signature"));
    QCOMPARE(int(FindingId::FrameOversize), 19);
    QCOMPARE(findingInfo(FindingId::FrameOversize).key, std::string_view("zmtp.frame.oversize"));
    QCOMPARE(findingInfo(FindingId::StreamGap).key, std::string_view("zmtp.stream.gap"));
    std::set<std::string_view> keys;
    for (const auto &f : allFindings())
        QVERIFY(keys.insert(f.key).second);
}

QTEST_GUILESS_MAIN(TestDecoderBehaviour)
#include "tst_decoderbehaviour.moc"
