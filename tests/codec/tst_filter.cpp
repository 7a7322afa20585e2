// The display filter language over the dissection of the built-in libzmq
// captures: each expression's matches are compared with what a plain scan
// of the same events finds; errors say what and where.
#include "codec/connectiondecoder.h"
#include "codec/eventdump.h"
#include "codec/filter.h"
#include "samplecapture.h"

#include <QTest>

#include <functional>

using namespace zmqscope::codec;

namespace {

struct Row {
    Field tree;
    std::string line;
    std::uint32_t connection;
    std::string direction, kind, version, mechanism;
};

std::vector<Row> sampleRows()
{
    std::vector<Row> rows;
    std::uint32_t id = 0;
    for (const auto &sample : zmqscope::builtinSamples()) {
        ++id;
        struct Sink : EventSink {
            std::vector<Row> *rows;
            std::uint32_t id;
            ConnectionDecoder *decoder = nullptr;
            void onEvent(const Event &ev) override
            {
                const auto &side = decoder->side(ev.direction);
                rows->push_back({dissect(ev), dumpEvent(ev), id, std::string(directionName(ev.direction)),
                                 std::string(eventKindName(ev.kind)), std::string(versionName(side.version)),
                                 std::string(mechanismName(side.mechanism))});
            }
        } sink;
        sink.rows = &rows;
        sink.id = id;
        ConnectionDecoder decoder(sink);
        sink.decoder = &decoder;
        for (const auto &seg : sample.segments)
            decoder.feed(seg.direction, {reinterpret_cast<const std::uint8_t *>(seg.bytes.constData()), std::size_t(seg.bytes.size())});
        decoder.finish();
    }
    return rows;
}

std::vector<std::size_t> run(const std::vector<Row> &rows, const std::string &text)
{
    std::string error;
    const auto f = FilterExpression::parse(text, &error);
    if (!f)
        qFatal("%s: %s", text.c_str(), error.c_str());
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row &r = rows[i];
        if (f->matches(r.tree, FilterContext{r.connection, r.direction, r.kind, r.version, r.mechanism}))
            out.push_back(i);
    }
    return out;
}

template <typename Pred>
std::vector<std::size_t> scan(const std::vector<Row> &rows, Pred p)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (p(rows[i]))
            out.push_back(i);
    return out;
}

bool has(const std::string &s, const char *part)
{
    return s.find(part) != std::string::npos;
}

}   // namespace

class TestFilter : public QObject {
    Q_OBJECT
private slots:
    void expressions();
    void errors_data();
    void errors();
    void treeOnlyWhenNeeded();
};

void TestFilter::expressions()
{
    const auto rows = sampleRows();
    QVERIFY(rows.size() > 30);
    const auto ready = run(rows, "zmtp.command == \"READY\"");
    QCOMPARE(ready, scan(rows, [](const Row &r) { return has(r.line, " command READY"); }));
    QCOMPARE(ready.size(), std::size_t(5));
    // zmtp.version: the sender's version on every frame, and the field of
    // the version-decided rows themselves (their summaries lag by one event).
    QCOMPARE(run(rows, "zmtp.version == \"3.1\""),
             scan(rows, [](const Row &r) { return r.version == "3.1" || has(r.line, " version 3.1 "); }));
    QCOMPARE(run(rows, "zmtp.mechanism == \"PLAIN\" && conn == 2"),
             scan(rows, [](const Row &r) { return r.connection == 2 && r.mechanism == "PLAIN"; }));
    QVERIFY(!run(rows, "zmtp.mechanism == \"PLAIN\"").empty());
    QCOMPARE(run(rows, "zmtp.frame.size > 40"), scan(rows, [](const Row &r) {
                 return has(r.line, "+43 command") || has(r.line, "+49 command");
             }));
    QCOMPARE(run(rows, "zmtp.metadata.value contains \"OUT\""),
             scan(rows, [](const Row &r) { return has(r.line, "\"ROUTER\""); }));
    QCOMPARE(run(rows, "zmtp.plain.username matches \"^adm.n$\""),
             scan(rows, [](const Row &r) { return has(r.line, "username=\"admin\""); }));
    QCOMPARE(run(rows, "!(kind == \"message\") && dir == \"c2s\" && conn == 1").size(),
             scan(rows, [](const Row &r) { return r.kind != "message" && r.direction == "c2s" && r.connection == 1; }).size());
    QCOMPARE(run(rows, "zmtp.subscription.topic"), scan(rows, [](const Row &r) {
                 return has(r.line, "topic=\"topic\"") || has(r.line, "scribe \"topic\"") || has(r.line, "cancel \"topic\"");
             }));
    QCOMPARE(run(rows, "kind == \"finding\" || zmtp.command == \"WELCOME\"").size(), std::size_t(2));
}

// The tree is built only when a test asks for a dissected field, at most
// once, and `&&`/`||` stop early; an event without a tree still matches
// tests on conn, dir, kind and the sender's version and mechanism.
void TestFilter::treeOnlyWhenNeeded()
{
    const auto rows = sampleRows();
    const Row &r = rows.front();
    int built = 0;
    const std::function<const Field *()> tree = [&]() -> const Field * {
        ++built;
        return &r.tree;
    };
    const std::function<const Field *()> none = [&]() -> const Field * {
        ++built;
        return nullptr;
    };
    const FilterContext ctx{r.connection, r.direction, r.kind, r.version, r.mechanism};
    auto check = [&](const char *text, const std::function<const Field *()> &source, bool expected, int builds) {
        built = 0;
        const auto f = FilterExpression::parse(text);
        QVERIFY2(f.has_value(), text);
        QCOMPARE(f->matches(source, ctx), expected);
        QCOMPARE(built, builds);
    };
    const std::string conn = "conn == " + std::to_string(r.connection);
    const std::string other = "conn == " + std::to_string(r.connection + 100);
    check(conn.c_str(), tree, true, 0);
    check((conn + " && dir == \"" + r.direction + "\"").c_str(), tree, true, 0);
    check((other + " && zmtp.frame.size > 0").c_str(), tree, false, 0);   // stops at the first test
    check((conn + " || zmtp.frame.size > 0").c_str(), tree, true, 0);
    check("zmtp.greeting.mechanism && zmtp.greeting.mechanism", tree, r.tree.find("zmtp.greeting.mechanism") != nullptr, 1);
    check(conn.c_str(), none, true, 0);
    check("zmtp.frame.size > 0", none, false, 1);
    check((conn + " && !zmtp.command").c_str(), none, true, 1);
}

void TestFilter::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("at");
    QTest::newRow("unknown field") << "zmtp.comand == \"READY\"" << "unknown field 'zmtp.comand'" << 0;
    QTest::newRow("missing paren") << "(conn == 1" << "missing ')'" << 10;
    QTest::newRow("unclosed string") << "zmtp.command == \"READY" << "unclosed string" << 16;
    QTest::newRow("bad regex") << "zmtp.command matches \"(\"" << "bad regular expression" << 24;
    QTest::newRow("ends early") << "conn == 1 &&" << "expression ends too early" << 12;
    QTest::newRow("trailing junk") << "conn == 1 )" << "unexpected ')'" << 10;
    QTest::newRow("no value") << "conn ==" << "expected a value" << 7;
}

void TestFilter::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, at);
    std::string error;
    std::size_t where = 999;
    QVERIFY(!FilterExpression::parse(text.toStdString(), &error, &where));
    QVERIFY2(QString::fromStdString(error).startsWith(message), error.c_str());
    QCOMPARE(int(where), at);
}

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
