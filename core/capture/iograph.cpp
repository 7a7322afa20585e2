#include "iograph.h"

#include "storedevent.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace zmqscope::capture {

namespace {
constexpr std::array<std::pair<IoMetric, std::string_view>, 9> kMetricNames{{
    {IoMetric::Events, "events"}, {IoMetric::Messages, "messages"}, {IoMetric::Bytes, "bytes"},
    {IoMetric::Bits, "bits"}, {IoMetric::Sum, "sum"}, {IoMetric::Min, "min"}, {IoMetric::Max, "max"},
    {IoMetric::Avg, "avg"}, {IoMetric::Count, "count"},
}};

}   // namespace

std::string_view ioMetricName(IoMetric m)
{
    for (const auto &[metric, name] : kMetricNames)
        if (metric == m)
            return name;
    return "events";
}

std::optional<IoMetric> ioMetricFromName(std::string_view name)
{
    for (const auto &[metric, n] : kMetricNames)
        if (n == name)
            return metric;
    return std::nullopt;
}

IoGraphBuilder::IoGraphBuilder(IoGraphSpec spec)
    : m_spec(std::move(spec))
{
    m_spec.intervalNs = std::clamp(m_spec.intervalNs, kMinInterval, kMaxInterval);
    if (!m_spec.filter.empty()) {
        std::string error;
        std::size_t at = 0;
        if (auto f = codec::FilterExpression::parse(m_spec.filter, &error, &at))
            m_filter = std::make_unique<codec::FilterExpression>(std::move(*f));
        else
            m_error = "filter: " + error + " (at column " + std::to_string(at + 1) + ")";
    }
    if (ioMetricNeedsField(m_spec.metric) && m_error.empty()) {
        m_field = codec::findField(m_spec.field);
        if (!m_field)
            m_error = m_spec.field.empty() ? std::string("this Y needs a field") : "no field called " + m_spec.field;
    }
}

IoGraphBuilder::~IoGraphBuilder() = default;

void IoGraphBuilder::add(std::size_t event, std::int64_t timeNs, double value, bool counts)
{
    // (unsigned: any two times subtract, whatever a file said)
    const std::uint64_t since = timeNs > m_origin ? std::uint64_t(timeNs) - std::uint64_t(m_origin) : 0;
    const std::uint64_t slot = since / std::uint64_t(m_spec.intervalNs);
    if (slot >= kMaxIntervals) {
        m_truncated = true;
        return;
    }
    if (slot >= m_acc.size())
        m_acc.resize(std::size_t(slot) + 1);
    Acc &a = m_acc[std::size_t(slot)];
    if (a.first == IoSeries::kNone)
        a.first = std::uint32_t(event);
    if (!counts)
        return;
    if (a.n == 0) {
        a.min = value;
        a.max = value;
    }
    else {
        a.min = std::min(a.min, value);
        a.max = std::max(a.max, value);
    }
    a.sum += value;
    ++a.n;
}

bool IoGraphBuilder::update(const CaptureStore &store, std::size_t limit)
{
    const std::size_t count = store.eventCount();
    const std::size_t end = count - m_done > limit ? m_done + limit : count;
    if (!m_error.empty()) {
        m_done = count;
        return false;
    }
    // Without a filter or a field, the record is all it takes.
    const bool recordOnly = !m_filter && !ioMetricNeedsField(m_spec.metric);
    for (std::size_t i = m_done; i < end; ++i) {
        std::optional<StoredEvent> stored;
        EventRecord r;
        if (recordOnly)
            r = store.record(i);
        else {
            stored.emplace(store, i);
            r = stored->record();
        }
        if (!m_haveOrigin) {
            m_origin = r.timeNs;
            m_haveOrigin = true;
        }
        if (m_filter && !stored->matches(*m_filter))
            continue;
        ++m_counted;
        const bool derived = r.flags & EventRecord::kDerived;
        switch (m_spec.metric) {
        case IoMetric::Events:
            add(i, r.timeNs, 1, true);
            break;
        case IoMetric::Messages:
            // (a CURVE message opened with a key is a derived row: its box is a MESSAGE command)
            if (r.kind == codec::EventKind::Message || r.kind == codec::EventKind::Beacon)
                add(i, r.timeNs, 1, true);
            else
                add(i, r.timeNs, 0, false);
            break;
        case IoMetric::Bytes:
        case IoMetric::Bits:
            add(i, r.timeNs, derived ? 0.0 : double(r.length) * (m_spec.metric == IoMetric::Bits ? 8 : 1), !derived);
            break;
        default: {
            bool any = false;
            if (const codec::Field *tree = stored->tree())
                tree->forEach(m_field->key, [&](const codec::Field &f) {
                    if (m_spec.metric == IoMetric::Count)
                        add(i, r.timeNs, 1, true), any = true;
                    else if (f.numeric())
                        add(i, r.timeNs, f.asDouble(), true), any = true;
                });
            if (!any)
                add(i, r.timeNs, 0, false);
        }
        }
    }
    m_done = end;
    return m_done < count;
}

IoSeries IoGraphBuilder::series() const
{
    IoSeries s;
    s.originNs = m_origin;
    s.intervalNs = m_spec.intervalNs;
    s.eventsCounted = m_counted;
    s.truncated = m_truncated;
    s.error = m_error;
    if (m_truncated && s.error.empty())
        s.error = "more than " + std::to_string(kMaxIntervals) + " intervals: the rest is left out (choose a longer interval)";
    s.values.reserve(m_acc.size());
    s.firstEvent.reserve(m_acc.size());
    const double none = std::numeric_limits<double>::quiet_NaN();
    for (const Acc &a : m_acc) {
        double v = a.sum;
        switch (m_spec.metric) {
        case IoMetric::Min:
            v = a.n ? a.min : none;
            break;
        case IoMetric::Max:
            v = a.n ? a.max : none;
            break;
        case IoMetric::Avg:
            v = a.n ? a.sum / a.n : none;
            break;
        default:
            break;
        }
        s.values.push_back(v);
        s.firstEvent.push_back(a.first);
    }
    return s;
}

}   // namespace zmqscope::capture
