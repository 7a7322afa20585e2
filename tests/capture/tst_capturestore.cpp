// The capture store: bytes kept once within a memory cap, the rest spilled
// to a pcapng file, and every event's dissection rebuilt on demand equal to
// the one made live, whether its bytes are in memory or spilled, across a
// gap and for a connection seen mid-stream.
#include "capture/capturedissector.h"
#include "capture/capturestore.h"
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"
#include "protocols/applayer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace zmqscope::capture;
using namespace zmqscope::codec;
namespace protocols = zmqscope::protocols;

namespace {

bool sameTree(const Field &a, const Field &b, std::string &why)
{
    if (a.key() != b.key() || a.value != b.value || a.offset != b.offset || a.length != b.length
        || a.children.size() != b.children.size()) {
        why = std::string(a.key()) + "=" + a.value + " @" + std::to_string(a.offset) + " vs " + std::string(b.key()) + "="
            + b.value + " @" + std::to_string(b.offset);
        return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i)
        if (!sameTree(a.children[i], b.children[i], why))
            return false;
    return true;
}

class Tee : public CaptureEventSink {
public:
    CaptureStore &store;
    std::vector<Field> live;
    explicit Tee(CaptureStore &s) : store(s) {}
    void connectionStarted(const FlowInfo &f) override { store.connectionStarted(f); }
    void connectionBytes(const FlowInfo &f, Direction d, Bytes b) override { store.connectionBytes(f, d, b); }
    void connectionGap(const FlowInfo &f, Direction d, std::uint64_t n) override { store.connectionGap(f, d, n); }
    void event(const ConnectionContext &ctx, const Event &ev) override
    {
        store.event(ctx, ev);
        live.push_back(protocols::dissectEvent(ev, ctx.app));   // the protocol layer's subtree too
    }
};

}   // namespace

class TestCaptureStore : public QObject {
    Q_OBJECT
private slots:
    void rebuildsEveryEventWithinTheCap();
    void indexSpillsPastItsShare();
};

void TestCaptureStore::rebuildsEveryEventWithinTheCap()
{
    QTemporaryDir dir;
    const std::string capturePath = dir.filePath(QStringLiteral("in.pcapng")).toStdString();
    const std::string spillPath = dir.filePath(QStringLiteral("spill.pcapng")).toStdString();
    std::FILE *f = std::fopen(capturePath.c_str(), "wb");
    {
        PcapngWriter w(f);
        w.sectionHeader();
        const std::uint32_t iface = w.addInterface(linktype::Ethernet, "t");
        for (int c = 0; c < 4; ++c) {
            TcpSynthesizer t(w, iface, {10, 0, 0, std::uint8_t(c + 1)}, std::uint16_t(40000 + c), {10, 0, 1, 1}, 5555);
            t.open(1);
            encode::Buffer a, b;
            encode::greeting3(a, {});
            encode::ready(a, {{"Socket-Type", encode::bytes("DEALER")}, {"Identity", encode::bytes("id")}});
            encode::greeting3(b, {});
            encode::ready(b, {{"Socket-Type", encode::bytes("ROUTER")}});
            if (c != 3) {   // connection 3: the capture misses its greeting (no SYN seen)
                t.data(Direction::ClientToServer, 2, a);
                t.data(Direction::ServerToClient, 2, b);
            }
            for (int m = 0; m < 400; ++m) {
                encode::Buffer msg;
                encode::message(msg, {encode::bytes("m" + std::to_string(m)), encode::bytes(std::string(std::size_t(m % 7) * 3000, 'x'))},
                                ZmtpVersion::V3_1);
                if (m == 200 && c == 1)
                    t.gap(Direction::ClientToServer, msg.size());   // lost from the capture
                else
                    t.data(Direction::ClientToServer, 3 + m, msg);
                if (m % 50 == 0) {
                    encode::Buffer ping;
                    encode::ping(ping, 10, encode::bytes("c"));
                    t.data(Direction::ServerToClient, 3 + m, ping);
                }
            }
            t.close(1000);
        }
    }
    std::fclose(f);

    // Read back through the whole capture path into the store.
    std::FILE *in = std::fopen(capturePath.c_str(), "rb");
    std::vector<std::uint8_t> file;
    for (int ch; (ch = std::fgetc(in)) != EOF;)
        file.push_back(std::uint8_t(ch));
    std::fclose(in);
    const std::size_t cap = 1 << 20;
    CaptureStore store(cap, spillPath);
    Tee tee(store);
    CaptureDissector dissector(tee);
    CaptureFileReader reader({file.data(), file.size()});
    Packet p;
    int index = 0;
    while (reader.next(p)) {
        Segment s;
        // Connection 3's handshake is not in the capture: it starts mid-stream.
        const bool handshakeOfThird = parsePacket(p, s) == ParseResult::Ok
            && (s.srcPort == 40003 || s.dstPort == 40003) && s.payload.empty() && !(s.flags & tcpflag::Fin);
        if (!handshakeOfThird)
            dissector.packet(p);
        ++index;
    }
    dissector.finish();

    QVERIFY2(store.eventCount() > 1600, qPrintable(QString::number(store.eventCount())));
    QCOMPARE(store.eventCount(), tee.live.size());
    QVERIFY2(store.streams().memoryUsed() <= cap + (256 << 10), qPrintable(QString::number(store.streams().memoryUsed())));
    QVERIFY(store.streams().spilledBytes() > 10u << 20);
    std::size_t rebuilt = 0;
    bool sawGapFinding = false, sawGuessed = false;
    for (std::size_t i = 0; i < store.eventCount(); ++i) {
        const auto tree = store.dissection(i);
        if (!tree)
            qInfo("event %zu: kind %d dir %d offset %llu length %u conn %u live %s", i, int(store.record(i).kind),
                  int(store.record(i).direction), (unsigned long long)store.record(i).offset, store.record(i).length,
                  store.record(i).connection, tee.live[i].value.c_str());
        QVERIFY2(tree, qPrintable(QStringLiteral("event %1 (kind %2) not rebuilt").arg(i).arg(int(store.record(i).kind))));
        std::string why;
        QVERIFY2(sameTree(*tree, tee.live[i], why), qPrintable(QStringLiteral("event %1: %2").arg(i).arg(QString::fromStdString(why))));
        ++rebuilt;
        sawGapFinding |= tree->find("zmtp.finding.key") && tree->find("zmtp.finding.key")->value == "zmtp.stream.gap";
        sawGuessed |= (store.record(i).flags & 2) != 0;
    }
    QVERIFY(sawGapFinding);
    QVERIFY(sawGuessed);
    qInfo("rebuilt %zu events; %zu bytes in memory, %llu spilled", rebuilt, store.streams().memoryUsed(),
          static_cast<unsigned long long>(store.streams().spilledBytes()));

    // The spill file is a pcapng our reader (and so Wireshark) opens.
    std::FILE *sf = std::fopen(spillPath.c_str(), "rb");
    std::vector<std::uint8_t> spill;
    for (int ch; (ch = std::fgetc(sf)) != EOF;)
        spill.push_back(std::uint8_t(ch));
    std::fclose(sf);
    CaptureFileReader spillReader({spill.data(), spill.size()});
    std::uint64_t spilledPayload = 0;
    while (spillReader.next(p))
        spilledPayload += p.data.size();
    QVERIFY2(spillReader.error().empty(), spillReader.error().c_str());
    QCOMPARE(spilledPayload, store.streams().spilledBytes());
}

// Past half the cap the event index spills whole blocks to a file of its
// own: records read back equal to what was stored, early events still
// rebuild, and the memory the store counts stays near the cap.
void TestCaptureStore::indexSpillsPastItsShare()
{
    QTemporaryDir dir;
    const std::size_t cap = std::size_t(4) << 20;
    CaptureStore store(cap, dir.filePath(QStringLiteral("spill.pcapng")).toStdString());
    Tee tee(store);
    FlowInfo flow;
    flow.id = 1;
    flow.sawSyn = true;
    struct Adapter : EventSink {
        Tee *tee;
        FlowInfo *flow;
        ConnectionDecoder *decoder = nullptr;
        std::int64_t now = 0;
        void onEvent(const Event &ev) override { tee->event(ConnectionContext{*flow, *decoder, now}, ev); }
    } adapter;
    adapter.tee = &tee;
    adapter.flow = &flow;
    ConnectionDecoder decoder(adapter);
    adapter.decoder = &decoder;
    tee.connectionStarted(flow);
    encode::Buffer a, b;
    encode::greeting3(a, {});
    encode::ready(a, {{"Socket-Type", encode::bytes("PUSH")}});
    encode::greeting3(b, {});
    encode::ready(b, {{"Socket-Type", encode::bytes("PULL")}});
    tee.connectionBytes(flow, Direction::ClientToServer, a);
    decoder.feed(Direction::ClientToServer, a);
    tee.connectionBytes(flow, Direction::ServerToClient, b);
    decoder.feed(Direction::ServerToClient, b);
    const int messages = 5 * int(EventIndex::kBlock);   // 10 MiB of index
    encode::Buffer chunk;
    for (int m = 0; m < messages; ++m) {
        encode::message(chunk, {encode::bytes("m" + std::to_string(m))}, ZmtpVersion::V3_1);
        if (chunk.size() > 60000 || m + 1 == messages) {
            adapter.now = m;
            tee.connectionBytes(flow, Direction::ClientToServer, chunk);
            decoder.feed(Direction::ClientToServer, chunk);
            chunk.clear();
        }
    }
    QVERIFY(store.eventCount() >= std::size_t(messages));
    // Without spilling the index would hold 10 MiB here.
    QVERIFY2(store.indexMemory() <= cap / 2 + EventIndex::kBlockBytes + 65536,
             qPrintable(QString::number(store.indexMemory())));
    QVERIFY2(store.memoryUsed() <= cap + EventIndex::kBlockBytes + 65536, qPrintable(QString::number(store.memoryUsed())));
    // Early records came back from the index file; their events rebuild.
    for (std::size_t i : {std::size_t(20), std::size_t(70000), std::size_t(150000), store.eventCount() - 1}) {
        const EventRecord r = store.record(i);
        QCOMPARE(r.kind, EventKind::Message);
        QCOMPARE(r.connection, 1u);
        const auto tree = store.dissection(i);
        QVERIFY(tree.has_value());
        std::string why;
        QVERIFY2(sameTree(*tree, tee.live[i], why), why.c_str());
    }
}

QTEST_GUILESS_MAIN(TestCaptureStore)
#include "tst_capturestore.moc"
