// Capture files, link layers and TCP reassembly, from bytes built here:
// pcap in both byte orders and resolutions, pcapng with several interfaces,
// block kinds and comments, every link type the reader claims, hostile
// files, and reassembly of out-of-order, retransmitted, overlapping and
// missing segments. The pcapng writer's output is checked with tshark.
#include "hex.h"

#include "capture/capturefile.h"
#include "capture/packet.h"
#include "capture/tcpreassembler.h"
#include "capture/tcpsynthesizer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace zmqscope::capture;
using zmqscope::codec::Direction;
using testutil::fromHex;

namespace {

using Buf = std::vector<std::uint8_t>;

void le32(Buf &b, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b.push_back(std::uint8_t(v >> (8 * i)));
}
void be32(Buf &b, std::uint32_t v)
{
    for (int i = 3; i >= 0; --i)
        b.push_back(std::uint8_t(v >> (8 * i)));
}
void le16(Buf &b, std::uint16_t v)
{
    b.push_back(std::uint8_t(v));
    b.push_back(std::uint8_t(v >> 8));
}
void be16(Buf &b, std::uint16_t v)
{
    b.push_back(std::uint8_t(v >> 8));
    b.push_back(std::uint8_t(v));
}

// IPv4 + TCP (no options) carrying `payload`.
Buf ipv4Tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint8_t flags, const Buf &payload,
            std::array<std::uint8_t, 4> src = {10, 0, 0, 1}, std::array<std::uint8_t, 4> dst = {10, 0, 0, 2})
{
    Buf b{0x45, 0};
    be16(b, std::uint16_t(40 + payload.size()));
    b.insert(b.end(), {0, 1, 0x40, 0, 64, 6, 0, 0});
    b.insert(b.end(), src.begin(), src.end());
    b.insert(b.end(), dst.begin(), dst.end());
    be16(b, sport);
    be16(b, dport);
    be32(b, seq);
    be32(b, 0);
    b.push_back(0x50);
    b.push_back(flags);
    b.insert(b.end(), {0xff, 0xff, 0, 0, 0, 0});
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Buf ipv6Tcp(std::uint16_t sport, std::uint16_t dport, const Buf &payload)
{
    Buf b{0x60, 0, 0, 0};
    be16(b, std::uint16_t(20 + 8 + payload.size()));
    b.push_back(60);   // destination options header first
    b.push_back(64);
    for (int i = 0; i < 32; ++i)
        b.push_back(i < 16 ? (i == 15 ? 1 : 0) : (i == 31 ? 2 : 0));
    b.insert(b.end(), {6, 0, 1, 4, 0, 0, 0, 0});   // next = TCP, 8 bytes, PadN
    be16(b, sport);
    be16(b, dport);
    be32(b, 7);
    be32(b, 0);
    b.push_back(0x50);
    b.push_back(0x18);
    b.insert(b.end(), {0xff, 0xff, 0, 0, 0, 0});
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

Buf ethernet(const Buf &ip, std::uint16_t type = 0x0800, bool vlan = false)
{
    Buf b(12, 0x02);
    if (vlan) {
        be16(b, 0x8100);
        be16(b, 42);
    }
    be16(b, type);
    b.insert(b.end(), ip.begin(), ip.end());
    return b;
}

Buf pcap(bool littleEndian, bool nanos, std::uint32_t link, const std::vector<std::pair<std::int64_t, Buf>> &packets)
{
    Buf b;
    auto u32 = [&](std::uint32_t v) { littleEndian ? le32(b, v) : be32(b, v); };
    auto u16 = [&](std::uint16_t v) { littleEndian ? le16(b, v) : be16(b, v); };
    u32(nanos ? 0xA1B23C4D : 0xA1B2C3D4);
    u16(2);
    u16(4);
    u32(0);
    u32(0);
    u32(262144);
    u32(link);
    for (const auto &[ns, data] : packets) {
        u32(std::uint32_t(ns / 1000000000));
        u32(std::uint32_t(nanos ? ns % 1000000000 : (ns % 1000000000) / 1000));
        u32(std::uint32_t(data.size()));
        u32(std::uint32_t(data.size()));
        b.insert(b.end(), data.begin(), data.end());
    }
    return b;
}

std::vector<Packet> readAll(const Buf &file, std::string *error = nullptr, bool *truncated = nullptr)
{
    CaptureFileReader r({file.data(), file.size()});
    std::vector<Packet> out;
    Packet p;
    while (r.next(p))
        out.push_back(p);
    if (error)
        *error = r.error();
    if (truncated)
        *truncated = r.truncated();
    return out;
}

Buf payloadOf(const Packet &p)
{
    Segment s;
    if (parsePacket(p, s) != ParseResult::Ok)
        return {};
    return Buf(s.payload.begin(), s.payload.end());
}

class FlowLog : public FlowSink {
public:
    std::vector<FlowInfo> flows;
    std::map<std::pair<std::uint64_t, int>, std::string> data;
    std::vector<std::string> events;
    std::string get(std::uint64_t id, int d) { return data[{id, d}]; }
    void flowOpened(const FlowInfo &f) override { flows.push_back(f); }
    void flowData(std::uint64_t id, Direction d, std::int64_t, Bytes b) override
    {
        data[{id, int(d)}].append(b.begin(), b.end());
        events.push_back("data " + std::to_string(b.size()));
    }
    void flowGap(std::uint64_t, Direction d, std::uint64_t n) override
    {
        events.push_back(std::string("gap ") + (d == Direction::ClientToServer ? "c2s " : "s2c ") + std::to_string(n));
    }
    void flowEnded(std::uint64_t, Direction d, bool reset) override
    {
        events.push_back(std::string(reset ? "reset " : "end ") + (d == Direction::ClientToServer ? "c2s" : "s2c"));
    }
};

Segment tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint8_t flags, std::string_view payload)
{
    static Buf storage[64];
    static int next = 0;
    Buf &b = storage[next++ % 64];
    // The server is 10.0.0.2:5555, the client 10.0.0.1.
    const bool fromServer = sport == 5555;
    const std::array<std::uint8_t, 4> client{10, 0, 0, 1}, server{10, 0, 0, 2};
    b = ipv4Tcp(sport, dport, seq, flags, Buf(payload.begin(), payload.end()), fromServer ? server : client,
                fromServer ? client : server);
    Packet p;
    p.linkType = linktype::Raw;
    p.data = {b.data(), b.size()};
    p.originalLength = std::uint32_t(b.size());
    Segment s;
    parsePacket(p, s);
    return s;
}

}   // namespace

class TestCapture : public QObject {
    Q_OBJECT
private slots:
    void pcapByteOrdersAndResolutions();
    void pcapngSectionsInterfacesAndBlocks();
    void linkTypes();
    void hostileFiles_data();
    void hostileFiles();
    void reassemblyInOrderAndOutOfOrder();
    void reassemblyRetransmissionAndOverlap();
    void reassemblyGap();
    void reassemblyResetAndMidStream();
    void writerIsReadByTshark();
};

void TestCapture::pcapByteOrdersAndResolutions()
{
    const Buf seg = ethernet(ipv4Tcp(5000, 6000, 1, 0x18, fromHex("00 05 68 65 6c 6c 6f")));
    for (const bool le : {true, false}) {
        for (const bool ns : {false, true}) {
            const Buf f = pcap(le, ns, linktype::Ethernet, {{1700000000123456789, seg}, {1700000001000001000, seg}});
            std::string error;
            const auto packets = readAll(f, &error);
            QVERIFY2(error.empty(), error.c_str());
            QCOMPARE(packets.size(), std::size_t(2));
            QCOMPARE(packets[0].timestampNs, ns ? 1700000000123456789 : 1700000000123456000);
            QCOMPARE(packets[1].timestampNs, 1700000001000001000);
            QCOMPARE(payloadOf(packets[0]), fromHex("00 05 68 65 6c 6c 6f"));
        }
    }
}

void TestCapture::pcapngSectionsInterfacesAndBlocks()
{
    // Little-endian section: two interfaces (Ethernet in microseconds,
    // raw IP in nanoseconds), an EPB on each with a comment, an SPB, an
    // OPB, an unknown block; then a big-endian section.
    Buf f;
    auto block = [&](std::uint32_t type, const Buf &body, bool big = false) {
        const std::uint32_t len = std::uint32_t(body.size() + 12);
        big ? be32(f, type) : le32(f, type);
        big ? be32(f, len) : le32(f, len);
        f.insert(f.end(), body.begin(), body.end());
        big ? be32(f, len) : le32(f, len);
    };
    auto pad = [](Buf &b) {
        while (b.size() % 4)
            b.push_back(0);
    };
    Buf shb;
    le32(shb, 0x1A2B3C4D);
    le16(shb, 1);
    le16(shb, 0);
    le32(shb, 0xFFFFFFFF);
    le32(shb, 0xFFFFFFFF);
    le16(shb, 1);
    le16(shb, 7);
    for (char c : std::string("section"))
        shb.push_back(std::uint8_t(c));
    pad(shb);
    le32(shb, 0);
    block(0x0A0D0D0A, shb);
    Buf idb0;
    le16(idb0, linktype::Ethernet);
    le16(idb0, 0);
    le32(idb0, 65535);
    block(1, idb0);
    Buf idb1;
    le16(idb1, linktype::Raw);
    le16(idb1, 0);
    le32(idb1, 65535);
    le16(idb1, 9);
    le16(idb1, 1);
    idb1.insert(idb1.end(), {9, 0, 0, 0});
    le32(idb1, 0);
    block(1, idb1);
    const Buf eth = ethernet(ipv4Tcp(1, 2, 1, 0x18, fromHex("aa")));
    const Buf raw = ipv6Tcp(3, 4, fromHex("bb bb"));
    auto epb = [&](std::uint32_t iface, std::uint64_t ts, const Buf &data, std::string_view comment) {
        Buf b;
        le32(b, iface);
        le32(b, std::uint32_t(ts >> 32));
        le32(b, std::uint32_t(ts));
        le32(b, std::uint32_t(data.size()));
        le32(b, std::uint32_t(data.size()));
        b.insert(b.end(), data.begin(), data.end());
        pad(b);
        if (!comment.empty()) {
            le16(b, 1);
            le16(b, std::uint16_t(comment.size()));
            b.insert(b.end(), comment.begin(), comment.end());
            pad(b);
            le32(b, 0);
        }
        block(6, b);
    };
    epb(0, 1700000000000001, eth, "first");
    epb(1, 1700000000000000002ull, raw, "second");
    // Past what 64-bit nanoseconds hold (in ns; in µs, once multiplied): read as the latest time there is.
    epb(1, ~std::uint64_t(0), raw, "");
    epb(0, std::uint64_t(1) << 62, eth, "");
    Buf spb;
    le32(spb, std::uint32_t(eth.size()));
    spb.insert(spb.end(), eth.begin(), eth.end());
    pad(spb);
    block(3, spb);
    block(0x0BAD, Buf{1, 2, 3, 4});
    Buf opb;
    le16(opb, 0);
    le16(opb, 0);
    le32(opb, 0);
    le32(opb, 5);
    le32(opb, std::uint32_t(eth.size()));
    le32(opb, std::uint32_t(eth.size()));
    opb.insert(opb.end(), eth.begin(), eth.end());
    pad(opb);
    block(2, opb);
    // A big-endian section with its own interface.
    Buf shbBe;
    be32(shbBe, 0x1A2B3C4D);
    be16(shbBe, 1);
    be16(shbBe, 0);
    be32(shbBe, 0xFFFFFFFF);
    be32(shbBe, 0xFFFFFFFF);
    block(0x0A0D0D0A, shbBe, true);
    Buf idbBe;
    be16(idbBe, linktype::Ethernet);
    be16(idbBe, 0);
    be32(idbBe, 65535);
    block(1, idbBe, true);
    Buf epbBe;
    be32(epbBe, 0);
    be32(epbBe, 0);
    be32(epbBe, 7000000);
    be32(epbBe, std::uint32_t(eth.size()));
    be32(epbBe, std::uint32_t(eth.size()));
    epbBe.insert(epbBe.end(), eth.begin(), eth.end());
    pad(epbBe);
    block(6, epbBe, true);

    CaptureFileReader r({f.data(), f.size()});
    QCOMPARE(r.format(), CaptureFileReader::Format::Pcapng);
    std::vector<Packet> ps;
    Packet p;
    while (r.next(p))
        ps.push_back(p);
    QVERIFY2(r.error().empty(), r.error().c_str());
    QCOMPARE(ps.size(), std::size_t(7));
    QCOMPARE(ps[0].comment, std::string_view("first"));
    QCOMPARE(ps[0].timestampNs, std::int64_t(1700000000000001000));
    QCOMPARE(ps[1].linkType, linktype::Raw);
    QCOMPARE(ps[1].timestampNs, std::int64_t(1700000000000000002));
    QCOMPARE(payloadOf(ps[1]), fromHex("bb bb"));
    QCOMPARE(ps[2].timestampNs, kMaxTimestampNs);
    QCOMPARE(ps[3].timestampNs, kMaxTimestampNs);
    QCOMPARE(payloadOf(ps[3]), fromHex("aa"));
    QCOMPARE(payloadOf(ps[4]), fromHex("aa"));   // SPB
    QCOMPARE(payloadOf(ps[5]), fromHex("aa"));   // OPB
    QCOMPARE(ps[6].timestampNs, std::int64_t(7000000000));
    QCOMPARE(r.timesPastRange(), std::uint64_t(2));
    QCOMPARE(payloadOf(ps[6]), fromHex("aa"));
    QCOMPARE(r.sectionComments(), std::vector<std::string>{"section"});
}

void TestCapture::linkTypes()
{
    const Buf v4 = ipv4Tcp(4000, 5555, 9, 0x18, fromHex("01 02 03"));
    const Buf v6 = ipv6Tcp(4000, 5555, fromHex("04 05"));
    struct Case {
        const char *name;
        std::uint16_t link;
        Buf data;
        Buf payload;
    };
    Buf nullLe{2, 0, 0, 0};
    nullLe.insert(nullLe.end(), v4.begin(), v4.end());
    Buf loopBe{0, 0, 0, 24};
    loopBe.insert(loopBe.end(), v6.begin(), v6.end());
    Buf sll(14, 0);
    be16(sll, 0x86DD);
    sll.insert(sll.end(), v6.begin(), v6.end());
    Buf sll2;
    be16(sll2, 0x0800);
    sll2.resize(20, 0);
    sll2.insert(sll2.end(), v4.begin(), v4.end());
    Buf padded = ethernet(v4);
    padded.resize(padded.size() + 12, 0);   // Ethernet padding past the IP length
    const std::vector<Case> cases{
        {"ethernet", linktype::Ethernet, ethernet(v4), fromHex("01 02 03")},
        {"ethernet with VLAN", linktype::Ethernet, ethernet(v4, 0x0800, true), fromHex("01 02 03")},
        {"ethernet IPv6", linktype::Ethernet, ethernet(v6, 0x86DD), fromHex("04 05")},
        {"ethernet padded", linktype::Ethernet, padded, fromHex("01 02 03")},
        {"null, little-endian family", linktype::Null, nullLe, fromHex("01 02 03")},
        {"loop, IPv6", linktype::Loop, loopBe, fromHex("04 05")},
        {"linux cooked v1", linktype::LinuxSll, sll, fromHex("04 05")},
        {"linux cooked v2", linktype::LinuxSll2, sll2, fromHex("01 02 03")},
        {"raw IPv4", linktype::Raw, v4, fromHex("01 02 03")},
        {"raw IPv6", linktype::Raw, v6, fromHex("04 05")},
        {"ipv4 link type", linktype::Ipv4, v4, fromHex("01 02 03")},
        {"ipv6 link type", linktype::Ipv6, v6, fromHex("04 05")},
    };
    for (const Case &c : cases) {
        Packet p;
        p.linkType = c.link;
        p.data = {c.data.data(), c.data.size()};
        p.originalLength = std::uint32_t(c.data.size());
        Segment s;
        QCOMPARE(int(parsePacket(p, s)), int(ParseResult::Ok));
        QVERIFY2(Buf(s.payload.begin(), s.payload.end()) == c.payload, c.name);
        QCOMPARE(s.srcPort, std::uint16_t(4000));
        QCOMPARE(s.dstPort, std::uint16_t(5555));
    }
    Packet junk;
    junk.linkType = 147;
    Segment s;
    QCOMPARE(int(parsePacket(junk, s)), int(ParseResult::UnknownLinkType));
    Buf frag = v4;
    frag[6] = 0x20;   // more fragments
    junk.linkType = linktype::Raw;
    junk.data = {frag.data(), frag.size()};
    QCOMPARE(int(parsePacket(junk, s)), int(ParseResult::Fragment));
    Buf shortIp = v4;
    shortIp[0] = 0x4F;   // IHL 60 > length
    junk.data = {shortIp.data(), 30};
    QCOMPARE(int(parsePacket(junk, s)), int(ParseResult::Malformed));
}

void TestCapture::hostileFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("packetsBeforeError");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("message");
    const Buf seg = ethernet(ipv4Tcp(1, 2, 1, 0x18, fromHex("aa")));
    auto q = [](const Buf &b) { return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size())); };
    const Buf good = pcap(true, false, linktype::Ethernet, {{1, seg}, {2, seg}});
    const Buf cut(good.begin(), good.end() - 5);
    QTest::newRow("pcap cut inside the last packet") << q(cut) << 1 << true << "claims";
    const Buf cutHeader(good.begin(), good.begin() + long(24 + 16 + seg.size() + 7));
    QTest::newRow("pcap cut inside a record header") << q(cutHeader) << 1 << true << "cut short";
    QTest::newRow("wrong magic") << q(fromHex("de ad be ef 00 00 00 00")) << 0 << false << "not a pcap";
    QTest::newRow("empty") << QByteArray() << 0 << true << "empty";
    Buf huge = pcap(true, false, linktype::Ethernet, {{1, seg}});
    huge[16] = 0xFF, huge[17] = 0xFF, huge[18] = 0xFF, huge[19] = 0x7F;   // snaplen 2^31-1: harmless
    QTest::newRow("huge snaplen") << q(huge) << 1 << false << "";
    Buf absurd = huge;
    absurd[24 + 8] = 0xF0, absurd[24 + 9] = 0xFF, absurd[24 + 10] = 0xFF, absurd[24 + 11] = 0xFF;   // incl_len ~4 GB
    QTest::newRow("pcap record claiming 4 GB") << q(absurd) << 0 << true << "claims";
    // pcapng: a valid header and interface, then a bad block.
    Buf ng = fromHex("0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffff ffffffff 1c000000"
                     "01000000 14000000 0100 0000 ffff0000 14000000");
    Buf zero = ng;
    zero.insert(zero.end(), {6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    QTest::newRow("pcapng zero-length block") << q(zero) << 0 << false << "impossible length";
    Buf big = ng;
    big.insert(big.end(), {6, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0});
    QTest::newRow("pcapng absurd block length") << q(big) << 0 << true << "claims";
    Buf odd = ng;
    odd.insert(odd.end(), {6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0, 0});
    QTest::newRow("pcapng length not a multiple of 4") << q(odd) << 0 << false << "impossible length";
    Buf caplen = ng;
    caplen.insert(caplen.end(), {6, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0,
                                 0, 0, 0, 0, 32, 0, 0, 0});
    QTest::newRow("pcapng caplen past the block") << q(caplen) << 0 << false << "captured bytes";
    Buf iface = ng;
    iface.insert(iface.end(), {6, 0, 0, 0, 32, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                               0, 0, 0, 0, 32, 0, 0, 0});
    QTest::newRow("pcapng unknown interface") << q(iface) << 0 << false << "interface 9";
    Buf trailer = ng;
    trailer.insert(trailer.end(), {6, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                   0, 0, 0, 0, 36, 0, 0, 0});
    QTest::newRow("pcapng trailing length differs") << q(trailer) << 0 << false << "trailing length";
    Buf badOrder = fromHex("0a0d0d0a 1c000000 11223344 0100 0000 ffffffff ffffffff 1c000000");
    QTest::newRow("pcapng bad byte-order magic") << q(badOrder) << 0 << false << "byte-order magic";
}

void TestCapture::hostileFiles()
{
    QFETCH(QByteArray, file);
    QFETCH(int, packetsBeforeError);
    QFETCH(bool, truncated);
    QFETCH(QString, message);
    const Buf f(file.begin(), file.end());
    std::string error;
    bool cut = false;
    const auto packets = readAll(f, &error, &cut);
    QCOMPARE(int(packets.size()), packetsBeforeError);
    if (message.isEmpty()) {
        QVERIFY2(error.empty(), error.c_str());
    } else {
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
        QCOMPARE(cut, truncated);
    }
}

void TestCapture::reassemblyInOrderAndOutOfOrder()
{
    FlowLog log;
    TcpReassembler r(log);
    r.add(tcp(40000, 5555, 100, tcpflag::Syn, ""), 1);
    r.add(tcp(5555, 40000, 900, tcpflag::Syn | tcpflag::Ack, ""), 2);
    r.add(tcp(40000, 5555, 101, tcpflag::Ack | tcpflag::Psh, "hello "), 3);
    r.add(tcp(40000, 5555, 113, tcpflag::Ack | tcpflag::Psh, "third"), 4);    // ahead
    r.add(tcp(40000, 5555, 107, tcpflag::Ack | tcpflag::Psh, "world "), 5);   // fills the hole
    r.add(tcp(5555, 40000, 901, tcpflag::Ack | tcpflag::Psh, "back"), 6);
    r.add(tcp(40000, 5555, 118, tcpflag::Fin | tcpflag::Ack, ""), 7);
    r.finish();
    QCOMPARE(log.flows.size(), std::size_t(1));
    QVERIFY(log.flows[0].sawSyn);
    QCOMPARE(log.flows[0].clientPort, std::uint16_t(40000));
    QCOMPARE(log.get(1, 0), std::string("hello world third"));
    QCOMPARE(log.get(1, 1), std::string("back"));
    QVERIFY(std::count(log.events.begin(), log.events.end(), "end c2s") == 1);
}

void TestCapture::reassemblyRetransmissionAndOverlap()
{
    FlowLog log;
    TcpReassembler r(log);
    r.add(tcp(40000, 5555, 0, tcpflag::Syn, ""), 1);
    r.add(tcp(40000, 5555, 1, tcpflag::Ack, "abcdef"), 2);
    r.add(tcp(40000, 5555, 1, tcpflag::Ack, "abcdef"), 3);      // retransmission
    r.add(tcp(40000, 5555, 4, tcpflag::Ack, "defghi"), 4);      // overlaps 3 bytes
    r.add(tcp(40000, 5555, 12, tcpflag::Ack, "lmn"), 5);        // ahead
    r.add(tcp(40000, 5555, 10, tcpflag::Ack, "jklm"), 6);       // fills and overlaps the held one
    r.add(tcp(40000, 5555, 0xFFFFFFF0u, tcpflag::Ack, "old"), 7);   // far behind: ignored
    r.finish();
    QCOMPARE(log.get(1, 0), std::string("abcdefghijklmn"));
}

void TestCapture::reassemblyGap()
{
    FlowLog log;
    TcpReassembler r(log, 16);   // hold at most 16 bytes out of order
    r.add(tcp(40000, 5555, 0, tcpflag::Syn, ""), 1);
    r.add(tcp(40000, 5555, 1, tcpflag::Ack, "0123"), 2);
    // 4 bytes (seq 5..8) never arrive.
    r.add(tcp(40000, 5555, 9, tcpflag::Ack, "9abcdefghij"), 3);
    r.add(tcp(40000, 5555, 20, tcpflag::Ack, "klmnopq"), 4);   // 18 held: past the bound
    r.finish();
    QCOMPARE(log.get(1, 0), std::string("01239abcdefghijklmnopq"));
    QVERIFY(std::find(log.events.begin(), log.events.end(), "gap c2s 4") != log.events.end());
}

void TestCapture::reassemblyResetAndMidStream()
{
    FlowLog log;
    TcpReassembler r(log);
    // Mid-stream: no SYN; the higher port is taken for the client.
    r.add(tcp(5555, 49152, 7000, tcpflag::Ack, "from server"), 1);
    r.add(tcp(49152, 5555, 3000, tcpflag::Ack, "from client"), 2);
    r.add(tcp(49152, 5555, 3011, tcpflag::Rst, ""), 3);
    r.add(tcp(49152, 5555, 3011, tcpflag::Ack, "after reset"), 4);
    QCOMPARE(log.flows.size(), std::size_t(1));
    QVERIFY(!log.flows[0].sawSyn);
    QCOMPARE(log.flows[0].clientPort, std::uint16_t(49152));
    QCOMPARE(log.get(1, 0), std::string("from client"));
    QCOMPARE(log.get(1, 1), std::string("from server"));
    QVERIFY(std::find(log.events.begin(), log.events.end(), "reset c2s") != log.events.end());
    // The same ports again after the reset: a new connection.
    r.add(tcp(49152, 5555, 10, tcpflag::Syn, ""), 5);
    r.add(tcp(49152, 5555, 11, tcpflag::Ack, "second life"), 6);
    QCOMPARE(log.flows.size(), std::size_t(2));
    QCOMPARE(log.get(2, 0), std::string("second life"));
}

void TestCapture::writerIsReadByTshark()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.pcapng"));
    std::FILE *f = std::fopen(path.toLocal8Bit().constData(), "wb");
    QVERIFY(f);
    std::string c2s, s2c;
    {
        PcapngWriter w(f);
        w.sectionHeader("test section");
        const std::uint32_t iface = w.addInterface(linktype::Ethernet, "synth");
        TcpSynthesizer t(w, iface, {10, 0, 0, 1}, 40001, {10, 0, 0, 2}, 5555);
        t.open(1000, "opened");
        for (int i = 0; i < 20; ++i) {
            const std::string a(std::size_t(i * 7919 % 100000 + 1), char('a' + i % 26));
            const std::string b(std::size_t(i + 1), char('A' + i % 26));
            t.data(Direction::ClientToServer, 2000 + i, {reinterpret_cast<const std::uint8_t *>(a.data()), a.size()});
            t.data(Direction::ServerToClient, 2000 + i, {reinterpret_cast<const std::uint8_t *>(b.data()), b.size()});
            c2s += a;
            s2c += b;
        }
        t.close(9000, "closed");
    }
    std::fclose(f);
    QProcess tshark;
    tshark.start(QStringLiteral("tshark"), {QStringLiteral("-r"), path, QStringLiteral("-q"), QStringLiteral("-z"),
                                            QStringLiteral("follow,tcp,raw,0")});
    QVERIFY2(tshark.waitForFinished(60000), "tshark did not finish");
    QCOMPARE(tshark.exitCode(), 0);
    // Lines of hex: client bytes flush left, server bytes after a tab.
    QByteArray client, server;
    for (const QByteArray &line : tshark.readAllStandardOutput().split('\n')) {
        if (line.isEmpty() || line.startsWith('=') || line.contains(':'))
            continue;
        if (line.startsWith('\t'))
            server += QByteArray::fromHex(line.trimmed());
        else
            client += QByteArray::fromHex(line.trimmed());
    }
    QCOMPARE(client.size(), qsizetype(c2s.size()));
    QVERIFY(client == QByteArray::fromStdString(c2s));
    QVERIFY(server == QByteArray::fromStdString(s2c));
}

QTEST_GUILESS_MAIN(TestCapture)
#include "tst_capture.moc"
