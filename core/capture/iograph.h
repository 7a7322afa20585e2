// I/O graphs: one series per graph, a value per interval of capture time,
// built from the store on the capture thread and handed to the window as a
// plain value (IoSeries). A builder reads each event once: during a live
// capture, update() takes only the events added since its last call.
//
// Y is one of: events (rows that pass the graph's display filter), ZMTP
// messages among them, their bytes or bits on the wire (derived rows add
// no bytes), or SUM, MIN, MAX, AVG or COUNT of a numeric field of their
// trees (`zmtp.frame.size`, `mdp.time`). Intervals start at the capture's
// first event; an interval without events reads 0 (SUM, COUNT, events,
// bytes) or has no value (MIN, MAX, AVG: NaN).
#pragma once

#include "capturestore.h"

#include "codec/filter.h"

#include <cstdint>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::capture {

enum class IoMetric : std::uint8_t { Events, Messages, Bytes, Bits, Sum, Min, Max, Avg, Count };
std::string_view ioMetricName(IoMetric m);            // "events", "messages", "bytes", "bits", "sum", ...
std::optional<IoMetric> ioMetricFromName(std::string_view name);
// Whether the metric reads a field's values.
inline bool ioMetricNeedsField(IoMetric m) { return m >= IoMetric::Sum; }

struct IoGraphSpec {
    std::string filter;                  // display filter; empty: every event
    IoMetric metric = IoMetric::Events;
    std::string field;                   // for SUM, MIN, MAX, AVG, COUNT
    std::int64_t intervalNs = 1000000000;   // 1 ms to 10 min
    bool operator==(const IoGraphSpec &) const = default;
};

struct IoSeries {
    std::int64_t originNs = 0;           // the capture's first event (Unix time)
    std::int64_t intervalNs = 0;
    std::vector<double> values;          // per interval; NaN: no value (MIN/MAX/AVG of none)
    std::vector<std::uint32_t> firstEvent;   // per interval: the first event counted (store index), kNone if none
    std::uint64_t eventsCounted = 0;     // events that passed the filter
    std::string error;                   // the filter or field is not valid; or the series was cut short
    bool truncated = false;              // events past kMaxIntervals intervals were left out
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
};

class IoGraphBuilder {
public:
    static constexpr std::int64_t kMinInterval = 1000000;              // 1 ms
    static constexpr std::int64_t kMaxInterval = 600LL * 1000000000;   // 10 min
    // At most this many intervals, 32 MB of accumulators (a quarter of an
    // hour at 1 ms; a longer capture needs a longer interval).
    static constexpr std::size_t kMaxIntervals = 1000000;

    explicit IoGraphBuilder(IoGraphSpec spec);
    ~IoGraphBuilder();
    IoGraphBuilder(const IoGraphBuilder &) = delete;
    IoGraphBuilder &operator=(const IoGraphBuilder &) = delete;

    const IoGraphSpec &spec() const { return m_spec; }
    // Reads the events the store gained since the last call, at most
    // `limit` of them (the caller holds the store's lock for a slice at a
    // time); true when more are left.
    bool update(const CaptureStore &store, std::size_t limit = SIZE_MAX);
    IoSeries series() const;
    std::size_t eventsRead() const { return m_done; }

private:
    struct Acc {
        double sum = 0, min = 0, max = 0;
        std::uint32_t n = 0;
        std::uint32_t first = IoSeries::kNone;
    };
    void add(std::size_t event, std::int64_t timeNs, double value, bool counts);

    IoGraphSpec m_spec;
    std::unique_ptr<codec::FilterExpression> m_filter;
    const codec::FieldInfo *m_field = nullptr;
    std::string m_error;
    bool m_truncated = false;
    std::size_t m_done = 0;
    std::int64_t m_origin = 0;
    bool m_haveOrigin = false;
    std::uint64_t m_counted = 0;
    std::vector<Acc> m_acc;
};

}   // namespace zmqscope::capture
