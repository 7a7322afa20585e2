// ZRE discovery beacons: the digest's layout, malformed datagrams as
// findings, and beacons that CZMQ's zbeacon (libczmq 4.2, what zyre uses)
// puts on the wire, received by a second zbeacon and dissected, in JSON
// and text as `zmqscope dissect` writes them.
#include "capture/eventwriter.h"
#include "capture/pipeline.h"
#include "protocols/registry.h"
#include "protocols/zre/beacon.h"
#include "codec/filter.h"

#include <QTest>

#include <czmq.h>

#include <cstdio>
#include <string>

using namespace zmqscope;
using namespace zmqscope::codec;
using zmqscope::protocols::dissectZreBeacon;
using zmqscope::protocols::describeZreBeacon;
using zmqscope::protocols::parseZreBeacon;

namespace {

std::vector<std::uint8_t> beaconBytes(std::uint8_t version, std::uint16_t port, std::size_t keyBytes = 0)
{
    std::vector<std::uint8_t> b{'Z', 'R', 'E', version};
    for (int i = 0; i < 16; ++i)
        b.push_back(std::uint8_t(0xA0 + i));
    b.push_back(std::uint8_t(port >> 8));
    b.push_back(std::uint8_t(port));
    for (std::size_t i = 0; i < keyBytes; ++i)
        b.push_back(std::uint8_t(i));
    return b;
}

std::string written(const std::function<void(capture::Pipeline &)> &feed, bool json)
{
    char *text = nullptr;
    std::size_t size = 0;
    std::FILE *out = open_memstream(&text, &size);
    {
        capture::JsonEventWriter j(out);
        capture::TextEventWriter t(out);
        capture::Pipeline pipeline(json ? static_cast<capture::CaptureEventSink &>(j) : t);
        feed(pipeline);
    }
    std::fclose(out);
    std::string s(text, size);
    std::free(text);
    return s;
}

}   // namespace

class TestZreBeacon : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { protocols::registry(); }
    void layout();
    void typedPort();
    void findingsFollow();
    void malformed_data();
    void malformed();
    void fromCzmq();
};

void TestZreBeacon::layout()
{
    const auto v1 = beaconBytes(1, 0xC001);
    std::vector<Finding> findings;
    const auto b = parseZreBeacon(v1, &findings);
    QVERIFY(b.has_value());
    QVERIFY(findings.empty());
    QCOMPARE(b->version, std::uint8_t(1));
    QCOMPARE(b->port, std::uint16_t(0xC001));
    QCOMPARE(b->uuid[0], std::uint8_t(0xA0));
    QCOMPARE(b->uuid[15], std::uint8_t(0xAF));
    QVERIFY(!b->curveKey);
    QCOMPARE(describeZreBeacon(*b), std::string("ZRE v1 uuid=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf port=49153"));
    const Field tree = dissectZreBeacon(v1);
    QCOMPARE(tree.find("zre.beacon.port")->offset, std::uint64_t(20));
    QCOMPARE(tree.find("zre.beacon.port")->value, std::string("49153"));
    QCOMPARE(tree.find("zre.beacon.uuid")->length, std::uint64_t(16));
    // v3 carries a CURVE key; port 0 says the node is leaving.
    const auto v3 = parseZreBeacon(beaconBytes(3, 0, 32), &findings);
    QVERIFY(v3 && v3->curveKey && v3->leaving());
    QVERIFY(findings.empty());
    QVERIFY(describeZreBeacon(*v3).find("(leaving) curve=") != std::string::npos);
    QCOMPARE(dissectZreBeacon(beaconBytes(3, 0, 32)).find("zre.beacon.curve_key")->offset, std::uint64_t(22));
}

// The port is a number: a leaving beacon's port compares equal to 0 even
// though it reads "0 (leaving)".
void TestZreBeacon::typedPort()
{
    const Field leaving = dissectZreBeacon(beaconBytes(1, 0));
    QCOMPARE(leaving.find("zre.beacon.port")->value, std::string("0 (leaving)"));
    const auto zero = FilterExpression::parse("zre.beacon.port == 0");
    const auto high = FilterExpression::parse("zre.beacon.port > 49000");
    QVERIFY(zero && high);
    QVERIFY(zero->matches(leaving, {}));
    QVERIFY(!high->matches(leaving, {}));
    const Field active = dissectZreBeacon(beaconBytes(1, 0xC001));
    QVERIFY(!zero->matches(active, {}));
    QVERIFY(high->matches(active, {}));
}

// A datagram nodes drop: its finding is an event of its own after it, the
// same in JSON and text, numbered after the datagram.
void TestZreBeacon::findingsFollow()
{
    capture::Address a;
    a.family = 4;
    const auto bad = beaconBytes(2, 1);
    const std::string json = written([&](capture::Pipeline &p) { p.datagram(a, 5670, 1000000000, bad); }, true);
    QCOMPARE(std::count(json.begin(), json.end(), '\n'), 2);
    QVERIFY2(json.find("{\"n\":1,\"conn\":0,\"src\":\"0.0.0.0:5670\",\"ts\":1.000000000,\"kind\":\"beacon\"") == 0, json.c_str());
    QVERIFY2(json.find("{\"n\":2,\"conn\":0,\"src\":\"0.0.0.0:5670\",\"ts\":1.000000000,\"kind\":\"finding\",\"name\":\"zre.beacon.malformed\"")
                 != std::string::npos,
             json.c_str());
    const std::string text = written([&](capture::Pipeline &p) { p.datagram(a, 5670, 1000000000, bad); }, false);
    QVERIFY2(text.find("ZRE beacon (malformed)") != std::string::npos, text.c_str());
    QVERIFY2(text.find("finding warn zre.beacon.malformed: version 2") != std::string::npos, text.c_str());
}

void TestZreBeacon::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<QString>("detail");
    auto raw = [](const std::vector<std::uint8_t> &v) { return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size())); };
    QTest::newRow("wrong header") << QByteArray("ZRX\x01", 4) << false << "does not start";
    QTest::newRow("empty") << QByteArray() << false << "does not start";
    QTest::newRow("version 2") << raw(beaconBytes(2, 1)) << false << "version 2";
    QTest::newRow("short") << raw(beaconBytes(1, 1)).left(21) << false << "21 bytes";
    QTest::newRow("long") << raw(beaconBytes(1, 1, 5)) << false << "27 bytes";
    QTest::newRow("v3 without key") << raw(beaconBytes(3, 1)) << true << "version 3 with 22 bytes";
    QTest::newRow("v1 with key") << raw(beaconBytes(1, 1, 32)) << true << "version 1 with 54 bytes";
}

void TestZreBeacon::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, parses);
    QFETCH(QString, detail);
    std::vector<Finding> findings;
    const Bytes b(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()));
    QCOMPARE(parseZreBeacon(b, &findings).has_value(), parses);
    QCOMPARE(int(findings.size()), 1);
    QCOMPARE(findingInfo(findings[0].id).key, std::string_view("zre.beacon.malformed"));
    QVERIFY2(QString::fromStdString(findings[0].detail).contains(detail), findings[0].detail.c_str());
    dissectZreBeacon(b);   // never more than the bytes there are
}

void TestZreBeacon::fromCzmq()
{
    // A zbeacon publishing what zyre publishes, and one listening as zyre does.
    const std::uint16_t port = 5670;
    zactor_t *speaker = zactor_new(zbeacon, nullptr);
    QVERIFY(speaker);
    zsock_send(speaker, "si", "CONFIGURE", int(port));
    char *host = zstr_recv(speaker);
    QVERIFY2(host && *host, "zbeacon found no interface to broadcast on");
    zstr_free(&host);
    zactor_t *listener = zactor_new(zbeacon, nullptr);
    zsock_send(listener, "si", "CONFIGURE", int(port));
    char *h = zstr_recv(listener);
    zstr_free(&h);
    zsock_send(listener, "sb", "SUBSCRIBE", "ZRE", 3);
    zsock_set_rcvtimeo(listener, 5000);
    zuuid_t *uuid = zuuid_new();
    std::vector<std::uint8_t> sent{'Z', 'R', 'E', 1};
    sent.insert(sent.end(), zuuid_data(uuid), zuuid_data(uuid) + 16);
    sent.push_back(0xC3);
    sent.push_back(0x51);   // inbox port 50001
    zsock_send(speaker, "sbi", "PUBLISH", sent.data(), sent.size(), 100);
    char *from = zstr_recv(listener);
    QVERIFY2(from, "no beacon arrived within 5 s");
    zframe_t *frame = zframe_recv(listener);
    const std::vector<std::uint8_t> got(zframe_data(frame), zframe_data(frame) + zframe_size(frame));
    zframe_destroy(&frame);
    const std::string sender = from;
    zstr_free(&from);
    zstr_sendx(speaker, "SILENCE", nullptr);
    zactor_destroy(&listener);
    zactor_destroy(&speaker);

    QCOMPARE(got, sent);   // what crossed the wire
    std::vector<Finding> findings;
    const auto b = parseZreBeacon(got, &findings);
    QVERIFY(b.has_value());
    QVERIFY(findings.empty());
    QCOMPARE(b->port, std::uint16_t(50001));
    QVERIFY(std::equal(b->uuid.begin(), b->uuid.end(), zuuid_data(uuid)));
    const std::string uuidHex = zuuid_str_canonical(uuid);   // xxxxxxxx-xxxx-...
    std::string plain;
    for (char c : uuidHex)
        if (c != '-')
            plain += char(std::tolower(static_cast<unsigned char>(c)));
    zuuid_destroy(&uuid);

    // As the capture writers put it: JSON with fields, and a text line.
    capture::Address a;
    a.family = 4;
    const std::string json = written([&](capture::Pipeline &p) { p.datagram(a, port, 1000000000, got); }, true);
    QVERIFY2(json.find("\"n\":1,\"conn\":0") != std::string::npos, json.c_str());
    QVERIFY2(json.find("\"kind\":\"beacon\"") != std::string::npos, json.c_str());
    QVERIFY2(json.find("\"protocol\":\"zre\"") != std::string::npos, json.c_str());
    // Typed: the port is a JSON number, in the protocol's keys and in the fields.
    QVERIFY2(json.find("\"zre.beacon.port\":50001") != std::string::npos, json.c_str());
    QVERIFY2(json.find("\"zre.beacon.version\":1") != std::string::npos, json.c_str());
    QVERIFY2(json.find("{\"key\":\"zre.beacon.uuid\",\"value\":\"" + plain + "\",\"offset\":4,\"length\":16}") != std::string::npos,
             json.c_str());
    QVERIFY2(json.find("{\"key\":\"zre.beacon.port\",\"value\":50001,\"offset\":20,\"length\":2}") != std::string::npos,
             json.c_str());
    QVERIFY(json.find("\"findings\":[]") != std::string::npos);
    QCOMPARE(std::count(json.begin(), json.end(), '\n'), 1);   // no finding objects follow
    const std::string text = written([&](capture::Pipeline &p) { p.datagram(a, port, 1000000000, got); }, false);
    QVERIFY2(text.find("ZRE v1 uuid=" + plain + " port=50001") != std::string::npos, text.c_str());
    qInfo("beacon from %s: %s", sender.c_str(), text.c_str());
}

QTEST_GUILESS_MAIN(TestZreBeacon)
#include "tst_zrebeacon.moc"
