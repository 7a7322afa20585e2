// The dissection tree: every field's byte range must hold what the field
// says. Checked over the built-in libzmq captures and 1.0/2.0 exchanges by
// cutting each field's range out of the recorded stream and comparing.
#include "hex.h"

#include "codec/connectiondecoder.h"
#include "codec/dissection.h"
#include "codec/encoder.h"
#include "samplecapture.h"

#include <QTest>

using namespace zmqscope::codec;
using testutil::fromHex;

namespace {

struct Tree {
    Direction dir;
    Field root;
};

class TreeSink : public EventSink {
public:
    std::vector<Tree> trees;
    void onEvent(const Event &ev) override { trees.push_back({ev.direction, dissect(ev)}); }
};

// Fields whose value is the quoted content of their byte range.
bool quotesItsBytes(std::string_view key)
{
    return key == "zmtp.metadata.value" || key == "zmtp.frame.body" || key == "zmtp.plain.username"
        || key == "zmtp.plain.password" || key == "zmtp.subscription.topic" || key == "zmtp.ping.context"
        || key == "zmtp.pong.context" || key == "zmtp.error.reason" || key == "zmtp.group" || key == "zmtp.command.data";
}

void checkField(const Field &f, const std::vector<std::uint8_t> &stream, int &checked)
{
    QVERIFY2(f.info != nullptr, "field without a table entry");
    QVERIFY2(f.offset + f.length <= stream.size(),
             qPrintable(QStringLiteral("%1 @%2+%3 past the end (%4)")
                            .arg(QLatin1String(f.key().data(), int(f.key().size())))
                            .arg(f.offset).arg(f.length).arg(stream.size())));
    if (quotesItsBytes(f.key())) {
        const Bytes range(stream.data() + f.offset, f.length);
        QCOMPARE(QString::fromStdString(quoteBytes(range)), QString::fromStdString(f.value));
        ++checked;
    }
    if (f.key() == "zmtp.metadata.name" || f.key() == "zmtp.command") {
        // Length byte, then the name.
        const std::string name(stream.begin() + long(f.offset) + 1, stream.begin() + long(f.offset + f.length));
        if (f.key() == "zmtp.metadata.name") {
            QCOMPARE(QString::fromStdString(name), QString::fromStdString(f.value));
            ++checked;
        }
    }
    if (f.key() == "zmtp.greeting.mechanism") {
        QCOMPARE(std::string(stream.begin() + 12, stream.begin() + 12 + long(f.value.size())), f.value);
        ++checked;
    }
    for (const Field &c : f.children) {
        QVERIFY2(c.offset >= f.offset && c.offset + c.length <= f.offset + f.length,
                 qPrintable(QStringLiteral("%1 outside its parent").arg(QLatin1String(c.key().data(), int(c.key().size())))));
        checkField(c, stream, checked);
    }
}

}   // namespace

class TestDissection : public QObject {
    Q_OBJECT
private slots:
    void rangesHoldTheirValues_data();
    void rangesHoldTheirValues();
    void readyFieldsOfTheCapturedExchange();
    void everyFieldKeyIsInTheTable();
};

using Script = std::vector<std::pair<Direction, std::vector<std::uint8_t>>>;
Q_DECLARE_METATYPE(Script)

void TestDissection::rangesHoldTheirValues_data()
{
    QTest::addColumn<Script>("script");
    for (const zmqscope::SampleConnection &c : zmqscope::builtinSamples()) {
        Script s;
        for (const auto &seg : c.segments)
            s.push_back({seg.direction, std::vector<std::uint8_t>(seg.bytes.begin(), seg.bytes.end())});
        QTest::newRow(qPrintable(c.title)) << s;
    }
    Script v1{{Direction::ClientToServer, fromHex("04 00 42 4f 42 01 01 06 00 68 65 6c 6c 6f")},
              {Direction::ServerToClient, fromHex("ff 00 00 00 00 00 00 00 01 7f")},
              {Direction::ServerToClient, fromHex("01 01 04 00 78 79 7a")}};
    QTest::newRow("1.0 peer and libzmq") << v1;
    encode::Buffer a, b;
    encode::greeting2(a, SocketType::Sub, encode::bytes("ID"));
    encode::subscribe(a, encode::bytes("weather"), ZmtpVersion::V2_0);
    encode::greeting2(b, SocketType::Pub);
    encode::message(b, {encode::bytes("weather"), encode::bytes(std::string(300, 's'))}, ZmtpVersion::V2_0);
    QTest::newRow("2.0 PUB/SUB") << Script{{Direction::ClientToServer, a}, {Direction::ServerToClient, b}};
    encode::Buffer c;
    encode::greeting3(c, {});
    encode::ready(c, {{"Socket-Type", encode::bytes("DEALER")}, {"X-Long", encode::bytes(std::string(400, 'v'))}});
    encode::ping(c, 30, encode::bytes("ctx"));
    encode::error(c, "bye");
    encode::Buffer d;
    encode::greeting3(d, {});
    encode::ready(d, {{"Socket-Type", encode::bytes("ROUTER")}});
    encode::pong(d, encode::bytes("ctx"));
    QTest::newRow("3.1 commands") << Script{{Direction::ClientToServer, c}, {Direction::ServerToClient, d}};
}

void TestDissection::rangesHoldTheirValues()
{
    QFETCH(Script, script);
    TreeSink sink;
    ConnectionDecoder decoder(sink);
    std::vector<std::uint8_t> streams[2];
    for (const auto &[dir, bytes] : script) {
        streams[int(dir)].insert(streams[int(dir)].end(), bytes.begin(), bytes.end());
        decoder.feed(dir, {bytes.data(), bytes.size()});
    }
    decoder.finish();
    int checked = 0;
    for (const Tree &t : sink.trees)
        checkField(t.root, streams[int(t.dir)], checked);
    QVERIFY(checked > 5);
}

void TestDissection::readyFieldsOfTheCapturedExchange()
{
    TreeSink sink;
    ConnectionDecoder decoder(sink);
    const auto samples = zmqscope::builtinSamples();
    for (const auto &seg : samples.at(0).segments)
        decoder.feed(seg.direction, {reinterpret_cast<const std::uint8_t *>(seg.bytes.constData()),
                                     std::size_t(seg.bytes.size())});
    const Field *ready = nullptr;
    for (const Tree &t : sink.trees)
        if (t.dir == Direction::ServerToClient && t.root.key() == "zmtp.command")
            ready = &t.root;
    QVERIFY(ready);
    QCOMPARE(ready->value, std::string("READY"));
    const Field *value = ready->find("zmtp.metadata.value");
    QVERIFY(value);
    // Digest 11.2: the ROUTER's READY at offset 64; Socket-Type's value at 88.
    QCOMPARE(value->offset, std::uint64_t(88));
    QCOMPARE(value->length, std::uint64_t(6));
    QCOMPARE(value->value, std::string("\"ROUTER\""));
    const Field *size = ready->find("zmtp.frame.size");
    QCOMPARE(size->offset, std::uint64_t(65));
    QCOMPARE(size->value, std::string("41"));
}

void TestDissection::everyFieldKeyIsInTheTable()
{
    for (const FieldInfo &f : fieldTable()) {
        QVERIFY(f.key.starts_with("zmtp.") || f.key.starts_with("udp."));
        QVERIFY(!f.name.empty());
        QVERIFY(!f.description.empty());
        QCOMPARE(findField(f.key), &f);
    }
}

QTEST_GUILESS_MAIN(TestDissection)
#include "tst_dissection.moc"
