// The conformance reports on a hand-made run that has every verdict and
// wire entries with every byte value, quotes, markup, newlines and
// non-ASCII text: the counts line word for word, JSON read back as written,
// JUnit XML that parses with the right totals, an HTML grid that escapes
// what a target said.
#include "conformance/report.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

namespace cf = zmqscope::conformance;

namespace {

const std::string kGroesse = "gr\xc3\xb6\xc3\x9f" "e";   // "größe" in UTF-8

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QByteArray raw(const std::vector<std::uint8_t> &b)
{
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

int occurrences(const std::string &text, std::string_view what)
{
    int n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

cf::WireEntry entry(double ms, bool fromSuite, cf::WireEntry::Kind kind, std::string text)
{
    cf::WireEntry e;
    e.ms = ms;
    e.fromSuite = fromSuite;
    e.kind = kind;
    e.text = std::move(text);
    return e;
}

cf::CaseResult result(std::string id, cf::Verdict verdict, std::string observed, double ms)
{
    cf::CaseResult r;
    r.id = std::move(id);
    r.verdict = verdict;
    r.observed = std::move(observed);
    r.ms = ms;
    return r;
}

cf::RunRecord sampleRun()
{
    cf::RunRecord run;
    run.implementation = "libzmq \"4.3.5\" <ref>";
    run.endpoint = "tcp://127.0.0.1:5555";
    run.role = cf::Role::Client;
    run.mechanism = "PLAIN";
    run.socketType = "ROUTER";
    run.application = "mdp-broker";
    run.profile = "libzmq";
    run.started = "2024-05-01T12:00:00Z";
    run.seconds = 1.25;

    cf::WireEntry every = entry(0.25, true, cf::WireEntry::Kind::Bytes, {});
    for (int i = 0; i < 256; ++i)
        every.bytes.push_back(std::uint8_t(i));
    every.size = 256;
    cf::WireEntry big = entry(2.5, false, cf::WireEntry::Kind::Bytes, "partial frame");
    for (int i = 0; i < 4096; ++i)
        big.bytes.push_back(std::uint8_t(i * 7));
    big.size = 10000;

    auto one = result("99/demo/one", cf::Verdict::Passed, "greeted back", 12.25);
    one.wire.push_back(every);
    one.wire.push_back(entry(1.5, false, cf::WireEntry::Kind::Event,
                             "greeting \"quoted\" <b>&amp; " + kGroesse + "\nsecond line\ttab \x01 control"));
    one.wire.push_back(entry(1.75, true, cf::WireEntry::Kind::Note, "sent READY with Socket-Type='DEALER'"));

    auto two = result("99/demo/two", cf::Verdict::Failed,
                      "said \"no\" <script>alert(1)</script> & left\nline two " + kGroesse, 3);
    two.wire.push_back(big);
    two.wire.push_back(entry(4.125, false, cf::WireEntry::Kind::Closed, "reset by peer"));
    two.wire.push_back(entry(4.5, false, cf::WireEntry::Kind::Closed, {}));

    auto seven = result("99/demo/seven", cf::Verdict::Known, "kept the connection open", 0.5);
    seven.profileNote = "libzmq < 4.3 <keeps> it open & says nothing";

    run.results = {one,
                   two,
                   result("99/demo/three", cf::Verdict::NonStrict, "no PING reply within 1 s", 1000),
                   result("99/demo/four", cf::Verdict::Informational, "sent 'ERROR' then closed", 2),
                   result("98/other/five", cf::Verdict::Unimplemented, "ERROR \"unsupported socket type\"", 1),
                   result("99/demo/six", cf::Verdict::Skipped, "applies to CURVE only", 0),
                   seven};
    return run;
}

}   // namespace

class TestConformanceReport : public QObject
{
    Q_OBJECT
private slots:
    void counts();
    void summary();
    void jsonRoundTrip();
    void jsonMistakes_data();
    void jsonMistakes();
    void junit();
    void html();
};

void TestConformanceReport::counts()
{
    const cf::RunRecord run = sampleRun();
    QCOMPARE(q(cf::countsLine(cf::count(run.results))),
             QStringLiteral("1 passed, 1 failed (1 non-strict, 1 informational, 1 unimplemented, 1 skipped, 1 known)"));

    cf::Counts c;
    c.passed = 12;
    c.failed = 1;
    c.nonStrict = 2;
    c.informational = 3;
    c.unimplemented = 0;
    c.skipped = 40;
    c.known = 1;
    QCOMPARE(q(cf::countsLine(c)),
             QStringLiteral("12 passed, 1 failed (2 non-strict, 3 informational, 0 unimplemented, 40 skipped, 1 known)"));
    QCOMPARE(q(cf::countsLine(cf::count({}))),
             QStringLiteral("0 passed, 0 failed (0 non-strict, 0 informational, 0 unimplemented, 0 skipped, 0 known)"));
}

void TestConformanceReport::summary()
{
    const cf::RunRecord run = sampleRun();
    const QString brief = q(cf::terminalSummary(run, false));
    const QStringList lines = brief.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.first().startsWith(QStringLiteral("Conformance of libzmq")));
    QVERIFY2(lines.first().contains(QStringLiteral("(client at tcp://127.0.0.1:5555, PLAIN, ROUTER, mdp-broker)")),
             qPrintable(lines.first()));
    QCOMPARE(lines.last(), q(cf::countsLine(cf::count(run.results))));
    QVERIFY(lines.contains(QStringLiteral("  PASS  99/demo/one  12 ms")));
    QVERIFY(brief.contains(QStringLiteral("  FAIL  99/demo/two")));
    QVERIFY(brief.contains(QStringLiteral("  WARN  99/demo/three")));
    QVERIFY(brief.contains(QStringLiteral("  INFO  99/demo/four")));
    QVERIFY(brief.contains(QStringLiteral("  UNIMPL 98/other/five")));
    QVERIFY(brief.contains(QStringLiteral("  KNOWN 99/demo/seven")));
    QVERIFY(!brief.contains(QStringLiteral("99/demo/six")));
    QVERIFY(brief.contains(QStringLiteral("        observed: said \"no\"")));
    QVERIFY(brief.contains(QStringLiteral("        profile: libzmq < 4.3")));
    QVERIFY(brief.contains(q(kGroesse)));

    const QString verbose = q(cf::terminalSummary(run, true));
    QVERIFY(verbose.contains(QStringLiteral("  SKIP  99/demo/six")));
}

void TestConformanceReport::jsonRoundTrip()
{
    const cf::RunRecord run = sampleRun();
    const std::string json = cf::jsonReport(run);

    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &pe);
    QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString() + QStringLiteral(" at ")
                                                              + QString::number(pe.offset)));
    const QJsonObject top = doc.object();
    QCOMPARE(top.value(QStringLiteral("role")).toString(), QStringLiteral("client"));
    QCOMPARE(top.value(QStringLiteral("implementation")).toString(), q(run.implementation));
    const QJsonArray results = top.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 7);
    QCOMPARE(results.at(1).toObject().value(QStringLiteral("observed")).toString(), q(run.results[1].observed));
    const QJsonObject every = results.at(0).toObject().value(QStringLiteral("wire")).toArray().at(0).toObject();
    QCOMPARE(every.value(QStringLiteral("size")).toInt(), 256);
    QCOMPARE(every.value(QStringLiteral("hex")).toString().left(8), QStringLiteral("00010203"));
    QVERIFY(every.value(QStringLiteral("hex")).toString().endsWith(QStringLiteral("fdfeff")));

    cf::RunRecord back;
    std::string error;
    QVERIFY2(cf::parseJsonReport(json, &back, &error), error.c_str());
    QCOMPARE(q(back.implementation), q(run.implementation));
    QCOMPARE(q(back.endpoint), q(run.endpoint));
    QCOMPARE(int(back.role), int(run.role));
    QCOMPARE(q(back.mechanism), q(run.mechanism));
    QCOMPARE(q(back.socketType), q(run.socketType));
    QCOMPARE(q(back.application), q(run.application));
    QCOMPARE(q(back.profile), q(run.profile));
    QCOMPARE(q(back.started), q(run.started));
    QVERIFY(std::abs(back.seconds - run.seconds) < 1e-9);
    QCOMPARE(back.results.size(), run.results.size());
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        const cf::CaseResult &a = back.results[i], &b = run.results[i];
        QCOMPARE(q(a.id), q(b.id));
        QCOMPARE(int(a.verdict), int(b.verdict));
        QCOMPARE(q(a.observed), q(b.observed));
        QCOMPARE(q(a.profileNote), q(b.profileNote));
        QVERIFY(std::abs(a.ms - b.ms) < 1e-9);
        QCOMPARE(a.wire.size(), b.wire.size());
        for (std::size_t k = 0; k < b.wire.size(); ++k) {
            const cf::WireEntry &x = a.wire[k], &y = b.wire[k];
            QVERIFY(std::abs(x.ms - y.ms) < 1e-9);
            QCOMPARE(x.fromSuite, y.fromSuite);
            QCOMPARE(int(x.kind), int(y.kind));
            QCOMPARE(q(x.text), q(y.text));
            QCOMPARE(raw(x.bytes), raw(y.bytes));
            QCOMPARE(x.size, y.size);
        }
    }
}

void TestConformanceReport::jsonMistakes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<int>("line");

    QTest::newRow("unknown verdict")
        << QStringLiteral("{\n  \"implementation\": \"x\",\n  \"results\": [\n"
                          "    {\"id\": \"99/demo/one\", \"verdict\": \"bogus\"}\n  ]\n}\n")
        << QStringLiteral("bogus") << 4;
    QTest::newRow("no implementation") << QStringLiteral("{\"results\": []}") << QStringLiteral("implementation") << 1;
    QTest::newRow("bad syntax") << QStringLiteral("{\n\"implementation\": \"x\",,\n}") << QStringLiteral("string")
                                << 2;
    QTest::newRow("bad hex")
        << QStringLiteral("{\"implementation\": \"x\", \"results\": [{\"id\": \"a\", \"verdict\": \"passed\",\n"
                          "  \"wire\": [{\"kind\": \"bytes\", \"hex\": \"0g\"}]}]}")
        << QStringLiteral("hex") << 2;
}

void TestConformanceReport::jsonMistakes()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    QFETCH(int, line);
    cf::RunRecord back;
    std::string error;
    QVERIFY(!cf::parseJsonReport(text.toStdString(), &back, &error));
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^(\\d+):(\\d+): ")).match(q(error));
    QVERIFY2(m.hasMatch(), error.c_str());
    QCOMPARE(m.captured(1).toInt(), line);
    QVERIFY2(q(error).contains(mentions), error.c_str());
}

void TestConformanceReport::junit()
{
    const cf::RunRecord run = sampleRun();
    QXmlStreamReader xml(QByteArray::fromStdString(cf::junitXml(run)));
    QString tests, failures, skipped, systemOut, systemErr;
    int suites = 0, cases = 0, failureElements = 0, skippedElements = 0;
    QStringList suiteNames;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const QStringView name = xml.name();
        if (name == QLatin1String("testsuites")) {
            QCOMPARE(xml.attributes().value(QLatin1String("name")).toString(), QStringLiteral("zmqscope check"));
            tests = xml.attributes().value(QLatin1String("tests")).toString();
            failures = xml.attributes().value(QLatin1String("failures")).toString();
            skipped = xml.attributes().value(QLatin1String("skipped")).toString();
        } else if (name == QLatin1String("testsuite")) {
            ++suites;
            suiteNames << xml.attributes().value(QLatin1String("name")).toString();
        } else if (name == QLatin1String("testcase")) {
            ++cases;
        } else if (name == QLatin1String("failure")) {
            ++failureElements;
            QCOMPARE(xml.attributes().value(QLatin1String("message")).toString(), q(run.results[1].observed));
        } else if (name == QLatin1String("skipped")) {
            ++skippedElements;
        } else if (name == QLatin1String("system-out")) {
            systemOut += xml.readElementText();
        } else if (name == QLatin1String("system-err")) {
            systemErr += xml.readElementText();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(tests, QStringLiteral("7"));
    QCOMPARE(failures, QStringLiteral("1"));
    QCOMPARE(skipped, QStringLiteral("3"));
    QCOMPARE(suites, 2);
    QCOMPARE(suiteNames, QStringList({QStringLiteral("99"), QStringLiteral("98")}));
    QCOMPARE(cases, 7);
    QCOMPARE(failureElements, 1);
    QCOMPARE(skippedElements, 3);
    QVERIFY(systemErr.startsWith(QStringLiteral("non-strict: ")));

    QString firstHexLine;
    for (int i = 0; i < 32; ++i)
        firstHexLine += (i ? QStringLiteral(" ") : QString()) + QStringLiteral("%1").arg(i, 2, 16, QLatin1Char('0'));
    QVERIFY2(systemOut.contains(firstHexLine), qPrintable(systemOut.left(400)));
    QVERIFY(systemOut.contains(QStringLiteral("f8 f9 fa fb fc fd fe ff")));
    QVERIFY(systemOut.contains(QStringLiteral("suite -> target")));
    QVERIFY(systemOut.contains(QStringLiteral("target -> suite")));
    QVERIFY(systemOut.contains(q(kGroesse)));
    QVERIFY(systemOut.contains(QStringLiteral("(10000 bytes)")));
    QVERIFY(systemOut.contains(QStringLiteral("closed: reset by peer")));
}

void TestConformanceReport::html()
{
    const cf::RunRecord run = sampleRun();
    const std::string page = cf::htmlReport({run});
    QVERIFY(page.rfind("<!DOCTYPE html>", 0) == 0);
    QVERIFY(page.find("<title>ZmqScope conformance</title>") != std::string::npos);
    QCOMPARE(occurrences(page, "class=\"badge "), 7);
    QCOMPARE(occurrences(page, "<th class=\"run\">"), 1);
    QCOMPARE(occurrences(page, "<details>"), 7);
    QVERIFY(page.find("<script>alert") == std::string::npos);
    QVERIFY(page.find("&lt;script&gt;alert") != std::string::npos);
    QVERIFY(page.find("libzmq &quot;4.3.5&quot; &lt;ref&gt;") != std::string::npos);
    QVERIFY(page.find("&lt;keeps&gt;") != std::string::npos);
    QVERIFY(page.find(kGroesse) != std::string::npos);
    QVERIFY(page.find("suite → target") != std::string::npos);
    QVERIFY(page.find(cf::countsLine(cf::count(run.results))) != std::string::npos);
    // (the 4096-byte entry is cut to 1024 bytes: 32 lines of hex)
    QVERIFY(page.find("(10000 bytes)") != std::string::npos);

    cf::RunRecord other = run;
    other.implementation = "pyzmq";
    other.results.resize(3);
    const std::string both = cf::htmlReport({run, other});
    QCOMPARE(occurrences(both, "class=\"badge "), 10);
    QCOMPARE(occurrences(both, "<th class=\"run\">"), 2);
    QCOMPARE(occurrences(both, "<td class=\"none\">—</td>"), 4);
    QVERIFY(both.find("<script>alert") == std::string::npos);
    QVERIFY(both.find("pyzmq") != std::string::npos);
    // Ids the catalogue does not know are grouped by their first path element.
    QVERIFY(both.find("<tr class=\"spec\"><th>99</th>") != std::string::npos);
    QVERIFY(both.find("<tr class=\"spec\"><th>98</th>") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestConformanceReport)
#include "tst_conformancereport.moc"
