// The statistics behind the pictures (capture/iograph.h,
// capture/responsetimes.h) on a capture whose answers are known by hand
// (tests/common/statscapture.h): per-interval values for every Y, the
// nearest-rank percentiles and the histogram of response times per
// service and per connection, the same whether the store is read at once
// or in two stretches (a live capture), and clear errors and bounded
// memory for what cannot be drawn.
#include "capture/capturedissector.h"
#include "../common/storesink.h"
#include "capture/capturefile.h"
#include "capture/capturestore.h"
#include "capture/capturesummary.h"
#include "capture/iograph.h"
#include "capture/responsetimes.h"
#include "codec/encoder.h"

#include "../common/pushpullcapture.h"
#include "../common/statscapture.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace zmqscope;
using namespace zmqscope::capture;
using testutil::kMs;
using testutil::kT0;

namespace {


std::vector<std::uint8_t> readFile(const std::string &path)
{
    std::vector<std::uint8_t> out;
    std::FILE *f = std::fopen(path.c_str(), "rb");
    for (int c; f && (c = std::fgetc(f)) != EOF;)
        out.push_back(std::uint8_t(c));
    if (f)
        std::fclose(f);
    return out;
}

// Feeds the capture's packets into `store`; `halfway` runs after half of them.
void load(const std::vector<std::uint8_t> &file, CaptureStore &store, const std::function<void()> &halfway = {})
{
    testutil::StoreSink sink(store);
    CaptureDissector dissector(sink);
    std::vector<Packet> packets;
    CaptureFileReader reader({file.data(), file.size()});
    Packet p;
    int count = 0;
    {
        CaptureFileReader counter({file.data(), file.size()});
        while (counter.next(p))
            ++count;
    }
    int i = 0;
    while (reader.next(p)) {
        dissector.packet(p);
        if (++i == count / 2 && halfway)
            halfway();
    }
    dissector.finish();
}

// A two-frame message's size on the wire (3.1 framing).
std::size_t wireSize(std::string_view first, std::string_view second)
{
    codec::encode::Buffer out;
    codec::encode::message(out, {codec::encode::bytes(first), codec::encode::bytes(second)}, codec::ZmtpVersion::V3_1);
    return out.size();
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

}   // namespace

class TestStatistics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void percentiles();
    void responseTimesByHand();
    void responseTimesReadInStretches();
    void ioGraphByHand();
    void ioGraphFieldValues();
    void ioGraphReadInStretches();
    void ioGraphErrors();
    void ioGraphBoundsItsIntervals();
    void timesPastWhatNanosecondsHold();

private:
    QTemporaryDir m_dir;
    std::vector<std::uint8_t> m_file;
};

void TestStatistics::initTestCase()
{
    const std::string path = m_dir.filePath(QStringLiteral("stats.pcapng")).toStdString();
    QVERIFY(testutil::writeStatsCapture(path));
    m_file = readFile(path);
    QVERIFY(!m_file.empty());
}

void TestStatistics::percentiles()
{
    std::vector<double> ten;
    for (int i = 1; i <= 10; ++i)
        ten.push_back(i);
    QCOMPARE(nearestRank(ten, 50), 5.0);    // rank ceil(5) = 5
    QCOMPARE(nearestRank(ten, 90), 9.0);    // rank 9
    QCOMPARE(nearestRank(ten, 99), 10.0);   // rank ceil(9.9) = 10
    QCOMPARE(nearestRank(ten, 100), 10.0);
    QCOMPARE(nearestRank(ten, 0), 1.0);
    QCOMPARE(nearestRank({1, 2}, 50), 1.0);
    QCOMPARE(nearestRank({1, 2}, 51), 2.0);
    QCOMPARE(nearestRank({7}, 99), 7.0);
    QCOMPARE(nearestRank({}, 50), 0.0);
}

void TestStatistics::responseTimesByHand()
{
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill1")).toStdString());
    load(m_file, store);
    ResponseTimes times;
    times.update(store);
    const ResponseTimeReport r = times.report();

    QCOMPARE(r.all.count, 12u);
    QVERIFY(near(r.all.min, 0.001));
    QVERIFY(near(r.all.max, 0.040));
    QCOMPARE(r.byService.size(), std::size_t(2));
    const ResponseTimeRow *reqrep = nullptr, *mdp = nullptr;
    for (const ResponseTimeRow &row : r.byService)
        (row.protocol == "mdp" ? mdp : reqrep) = &row;
    QVERIFY(reqrep && mdp);
    QCOMPARE(QString::fromStdString(reqrep->protocol), QStringLiteral("reqrep"));
    QVERIFY(reqrep->service.empty());
    QVERIFY(!reqrep->answeredByClient);
    QCOMPARE(reqrep->count, 10u);
    // 1, 2, ... 10 ms: mean 5.5; nearest rank p50 = 5th, p90 = 9th, p99 = 10th.
    QVERIFY(near(reqrep->min, 0.001));
    QVERIFY(near(reqrep->max, 0.010));
    QVERIFY(near(reqrep->mean, 0.0055));
    QVERIFY(near(reqrep->p50, 0.005));
    QVERIFY(near(reqrep->p90, 0.009));
    QVERIFY(near(reqrep->p99, 0.010));
    // The slowest reply is the last one: "rep 9".
    QVERIFY(QString::fromStdString(*store.summary(reqrep->slowest)).contains(QStringLiteral("rep 9")));

    QCOMPARE(mdp->service, std::string("echo"));
    QCOMPARE(mdp->count, 2u);
    QVERIFY(near(mdp->min, 0.020));
    QVERIFY(near(mdp->max, 0.040));
    QVERIFY(near(mdp->mean, 0.030));
    QVERIFY(near(mdp->p50, 0.020));   // rank ceil(1.0) = 1
    QVERIFY(near(mdp->p99, 0.040));

    QCOMPARE(r.byConnection.size(), std::size_t(2));
    QCOMPARE(r.byConnection[0].connection + r.byConnection[1].connection, 3u);   // connections 1 and 2
    for (const ResponseTimeRow &row : r.byConnection)
        QCOMPARE(row.count, row.connection == 1 ? 10u : 2u);

    // 1 ms to 40 ms spans more than a decade: logarithmic bins, shared.
    QCOMPARE(r.binEdges.size(), std::size_t(ResponseTimes::kBins + 1));
    QVERIFY(near(r.binEdges.front(), 0.001));
    QVERIFY(near(r.binEdges.back(), 0.040));
    QVERIFY(near(r.binEdges[12], std::sqrt(0.001 * 0.040)));   // the geometric middle
    for (const ResponseTimeRow *row : {reqrep, mdp, &r.all}) {
        std::uint64_t sum = 0;
        for (std::uint64_t c : row->histogram)
            sum += c;
        QCOMPARE(sum, row->count);
    }
    // 1 ms sits in the first bin, 40 ms in the last.
    QCOMPARE(reqrep->histogram.front(), 1u);
    QCOMPARE(mdp->histogram.back(), 1u);
}

void TestStatistics::responseTimesReadInStretches()
{
    CaptureStore whole(64 << 20, m_dir.filePath(QStringLiteral("spill2")).toStdString());
    load(m_file, whole);
    ResponseTimes once;
    once.update(whole);

    CaptureStore live(64 << 20, m_dir.filePath(QStringLiteral("spill3")).toStdString());
    ResponseTimes twice;
    std::uint64_t halfway = 0;
    load(m_file, live, [&] {
        twice.update(live);
        halfway = twice.samples();
    });
    twice.update(live);
    QVERIFY(halfway > 0 && halfway < 12);
    const auto a = once.report(), b = twice.report();
    QCOMPARE(b.all.count, a.all.count);
    QCOMPARE(b.all.p90, a.all.p90);
    QCOMPARE(b.all.histogram, a.all.histogram);
    QCOMPARE(b.byService.size(), a.byService.size());
}

void TestStatistics::ioGraphByHand()
{
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill4")).toStdString());
    load(m_file, store);

    IoGraphBuilder messages({"kind == \"message\"", IoMetric::Messages, {}, 100 * kMs});
    messages.update(store);
    const IoSeries s = messages.series();
    QVERIFY2(s.error.empty(), s.error.c_str());
    QCOMPARE(s.originNs, kT0);
    QCOMPARE(s.intervalNs, 100 * kMs);
    // Interval 0: the greetings; 1..10: a request and its reply each;
    // 20 and 25: the MDP requests and replies; nothing between.
    QCOMPARE(s.values.size(), std::size_t(26));
    for (std::size_t i = 0; i < s.values.size(); ++i) {
        const double expected = (i >= 1 && i <= 10) || i == 20 || i == 25 ? 2 : 0;
        QVERIFY2(s.values[i] == expected, qPrintable(QStringLiteral("interval %1: %2").arg(i).arg(s.values[i])));
    }
    QCOMPARE(s.eventsCounted, 24u);
    // The first event of interval 1 is the first request.
    QVERIFY(s.firstEvent[1] != IoSeries::kNone);
    QVERIFY(QString::fromStdString(*store.summary(s.firstEvent[1])).contains(QStringLiteral("req 0")));
    QCOMPARE(s.firstEvent[15], IoSeries::kNone);

    // Bytes: each request and reply as it crossed the wire.
    IoGraphBuilder bytes({"conn == 1 && kind == \"message\"", IoMetric::Bytes, {}, 100 * kMs});
    bytes.update(store);
    const IoSeries b = bytes.series();
    const double pair = double(wireSize("", "req 3") + wireSize("", "rep 3"));
    QCOMPARE(b.values.at(4), pair);
    IoGraphBuilder bits({"conn == 1 && kind == \"message\"", IoMetric::Bits, {}, 100 * kMs});
    bits.update(store);
    QCOMPARE(bits.series().values.at(4), pair * 8);

    // Every event, no filter: the intervals add up to the store.
    IoGraphBuilder all({"", IoMetric::Events, {}, 1000 * kMs});
    all.update(store);
    double sum = 0;
    for (double v : all.series().values)
        sum += v;
    QCOMPARE(sum, double(store.eventCount()));
    QCOMPARE(all.series().values.size(), std::size_t(3));   // 0-1 s, 1-2 s, 2-3 s
}

void TestStatistics::ioGraphFieldValues()
{
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill5")).toStdString());
    load(m_file, store);
    const auto series = [&](IoMetric m, const char *field, const char *filter = "conn == 1") {
        IoGraphBuilder g({filter, m, field, 100 * kMs});
        g.update(store);
        return g.series();
    };
    // Interval 1: "" + "req 0" and "" + "rep 0": four frames of 0, 5, 0, 5 bytes.
    QCOMPARE(series(IoMetric::Count, "zmtp.frame.size").values.at(1), 4.0);
    QCOMPARE(series(IoMetric::Sum, "zmtp.frame.size").values.at(1), 10.0);
    QCOMPARE(series(IoMetric::Min, "zmtp.frame.size").values.at(1), 0.0);
    QCOMPARE(series(IoMetric::Max, "zmtp.frame.size").values.at(1), 5.0);
    QCOMPARE(series(IoMetric::Avg, "zmtp.frame.size").values.at(1), 2.5);
    // The protocol layer's numbers: each reply's response time (i + 1 ms).
    const IoSeries rt = series(IoMetric::Avg, "reqrep.time");
    QVERIFY2(rt.error.empty(), rt.error.c_str());
    for (int i = 0; i < 10; ++i)
        QVERIFY2(near(rt.values.at(std::size_t(i) + 1), (i + 1) / 1000.0), qPrintable(QString::number(rt.values.at(std::size_t(i) + 1))));
    // No value in an interval without one: MIN/MAX/AVG are NaN, SUM and COUNT 0.
    QVERIFY(std::isnan(rt.values.at(0)));
    QCOMPARE(series(IoMetric::Sum, "reqrep.time").values.at(0), 0.0);
    // A text field has no numbers to take the MAX of, but can be counted.
    QVERIFY(std::isnan(series(IoMetric::Max, "mdp.service", "conn == 2").values.at(20)));
    QCOMPARE(series(IoMetric::Count, "mdp.service", "conn == 2").values.at(20), 2.0);
}

void TestStatistics::ioGraphReadInStretches()
{
    CaptureStore live(64 << 20, m_dir.filePath(QStringLiteral("spill6")).toStdString());
    IoGraphBuilder g({"", IoMetric::Bytes, {}, 10 * kMs});
    std::size_t halfway = 0;
    load(m_file, live, [&] {
        g.update(live);
        halfway = g.series().values.size();
    });
    g.update(live);
    CaptureStore whole(64 << 20, m_dir.filePath(QStringLiteral("spill7")).toStdString());
    load(m_file, whole);
    IoGraphBuilder once({"", IoMetric::Bytes, {}, 10 * kMs});
    once.update(whole);
    QVERIFY(halfway > 0 && halfway < once.series().values.size());
    QCOMPARE(g.series().values, once.series().values);
    QCOMPARE(g.series().firstEvent, once.series().firstEvent);
    QCOMPARE(g.eventsRead(), whole.eventCount());
}

void TestStatistics::ioGraphErrors()
{
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill8")).toStdString());
    load(m_file, store);
    IoGraphBuilder badFilter({"kind == ", IoMetric::Events, {}, kMs});
    badFilter.update(store);
    QVERIFY2(badFilter.series().error.starts_with("filter: "), badFilter.series().error.c_str());
    QVERIFY(badFilter.series().error.find("column") != std::string::npos);
    QVERIFY(badFilter.series().values.empty());
    IoGraphBuilder noField({"", IoMetric::Sum, "no.such.field", kMs});
    noField.update(store);
    QCOMPARE(noField.series().error, std::string("no field called no.such.field"));
    IoGraphBuilder missing({"", IoMetric::Avg, "", kMs});
    QCOMPARE(missing.series().error, std::string("this Y needs a field"));
    // Intervals outside 1 ms .. 10 min are brought inside.
    QCOMPARE(IoGraphBuilder({"", IoMetric::Events, {}, 5}).spec().intervalNs, IoGraphBuilder::kMinInterval);
    QCOMPARE(IoGraphBuilder({"", IoMetric::Events, {}, 3600LL * 1000000000}).spec().intervalNs, IoGraphBuilder::kMaxInterval);
    QCOMPARE(ioMetricFromName("avg"), std::optional<IoMetric>(IoMetric::Avg));
    QCOMPARE(ioMetricName(IoMetric::Bits), std::string_view("bits"));
    QVERIFY(!ioMetricFromName("median"));
}

void TestStatistics::ioGraphBoundsItsIntervals()
{
    // Two hours between two messages, at 1 ms: more intervals than the cap.
    const std::string path = m_dir.filePath(QStringLiteral("long.pcapng")).toStdString();
    QVERIFY(testutil::writePushPullCapture(path, kT0, {{kT0 + kMs, "first"}, {kT0 + 7200LL * 1000 * kMs, "two hours on"}},
                                           kT0 + 7200LL * 1000 * kMs));
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill9")).toStdString());
    load(readFile(path), store);
    IoGraphBuilder g({"kind == \"message\"", IoMetric::Messages, {}, kMs});
    g.update(store);
    const IoSeries s = g.series();
    QVERIFY(s.truncated);
    QVERIFY2(s.error.find("longer interval") != std::string::npos, s.error.c_str());
    QVERIFY(s.values.size() < 16);   // nothing allocated for the two hours
    QCOMPARE(s.values.at(1), 1.0);
    // At 10 s the whole capture fits.
    IoGraphBuilder coarse({"kind == \"message\"", IoMetric::Messages, {}, 10000 * kMs});
    coarse.update(store);
    QVERIFY(!coarse.series().truncated);
    QCOMPARE(coarse.series().values.size(), std::size_t(721));
    QCOMPARE(coarse.series().values.back(), 1.0);
}

// A file's timestamp past 64-bit nanoseconds (a fuzzer's find: the I/O
// graph subtracted times and overflowed) reads as the latest time there
// is, and a packet earlier than the first falls in the first interval.
void TestStatistics::timesPastWhatNanosecondsHold()
{
    const std::string path = m_dir.filePath(QStringLiteral("far.pcapng")).toStdString();
    // "far" is written as 2^64 - 2 ns; "back" in 1970, before the first packet.
    QVERIFY(testutil::writePushPullCapture(path, kT0, {{kT0 + kMs, "now"}, {-2, "far"}, {5, "back"}}, kT0 + 2 * kMs));
    CaptureStore store(64 << 20, m_dir.filePath(QStringLiteral("spill10")).toStdString());
    load(readFile(path), store);
    std::vector<std::int64_t> times;
    for (std::size_t i = 0; i < store.eventCount(); ++i)
        if (store.record(i).kind == codec::EventKind::Message)
            times.push_back(store.record(i).timeNs);
    QCOMPARE(times, (std::vector<std::int64_t>{kT0 + kMs, kMaxTimestampNs, 5}));
    IoGraphBuilder g({"kind == \"message\"", IoMetric::Messages, {}, 1000 * kMs});
    g.update(store);
    const IoSeries s = g.series();
    QVERIFY(s.truncated);   // (past a million intervals)
    QCOMPARE(s.values.at(0), 2.0);   // "now", and "back" before it
    SummaryBuilder builder;
    builder.update(store);
    const CaptureSummary summary = builder.summary();
    QCOMPARE(summary.conversations.size(), std::size_t(1));
    const ConversationStats &c = summary.conversations.front();
    QCOMPARE(c.firstNs, std::int64_t(5));
    QCOMPARE(c.lastNs, kMaxTimestampNs);
    QVERIFY(c.seconds() > 4.6e9 && c.seconds() < 4.62e9);
}

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
