#include "responsetimes.h"

#include "protocols/registry.h"

#include <algorithm>
#include <cmath>

namespace zmqscope::capture {

double nearestRank(const std::vector<double> &sorted, double percent)
{
    if (sorted.empty())
        return 0;
    const double rank = std::ceil(percent / 100.0 * double(sorted.size()));
    const std::size_t at = std::size_t(std::clamp(rank, 1.0, double(sorted.size()))) - 1;
    return sorted[at];
}

void ResponseTimes::Group::add(double t, std::uint32_t event)
{
    times.push_back(t);
    if (t > slowestTime) {
        slowestTime = t;
        slowest = event;
    }
}

std::string ResponseTimes::serviceOf(const CaptureStore &store, std::size_t reply, std::uint32_t request,
                                     const std::string &protocol)
{
    auto known = m_hasService.find(protocol);
    if (known == m_hasService.end())
        known = m_hasService.emplace(protocol, codec::findField(protocol + ".service") != nullptr).first;
    if (!known->second)
        return {};
    const std::string key = protocol + ".service";
    // The reply names it (an MDP client's REPLY, a worker's via what it
    // registered); else the request it answers does.
    for (const std::size_t event : {reply, std::size_t(request)}) {
        if (event >= store.eventCount())
            continue;
        const auto tree = store.dissection(event);
        if (!tree)
            continue;
        if (const codec::Field *f = tree->find(key))
            return f->unquoted();
    }
    return {};
}

bool ResponseTimes::update(const CaptureStore &store, std::size_t limit)
{
    const std::size_t count = store.eventCount();
    const std::size_t end = count - m_done > limit ? m_done + limit : count;
    store.forEachNote(m_done, end, [&](std::size_t event, const protocols::Note &note) {
        if (note.time < 0 || !note.responseTo)
            return;
        const EventRecord r = store.record(event);
        const protocols::ProtocolDissector *d = protocols::protocolByNumber(r.protocol);
        const std::string protocol = d ? std::string(d->info().id) : std::string("zmtp");
        const bool byClient = r.direction == codec::Direction::ClientToServer;
        const std::string service = serviceOf(store, event, note.responseTo - 1, protocol);
        const auto e = std::uint32_t(event);
        m_byService[{protocol, service, byClient}].add(note.time, e);
        m_byConnection[{r.connection, protocol, byClient}].add(note.time, e);
        m_all.add(note.time, e);
    });
    m_done = end;
    return m_done < count;
}

ResponseTimeRow ResponseTimes::row(const Group &g, const std::vector<double> &edges) const
{
    ResponseTimeRow row;
    std::vector<double> sorted = g.times;
    std::sort(sorted.begin(), sorted.end());
    row.count = sorted.size();
    row.slowest = g.slowest;
    if (sorted.empty())
        return row;
    row.min = sorted.front();
    row.max = sorted.back();
    double sum = 0;
    for (double t : sorted)
        sum += t;
    row.mean = sum / double(sorted.size());
    row.p50 = nearestRank(sorted, 50);
    row.p90 = nearestRank(sorted, 90);
    row.p99 = nearestRank(sorted, 99);
    if (edges.size() >= 2) {
        row.histogram.assign(edges.size() - 1, 0);
        for (double t : sorted) {
            // The bin whose [low, high) holds t; the last bin also holds its high edge.
            auto it = std::upper_bound(edges.begin(), edges.end(), t);
            std::size_t bin = it == edges.begin() ? 0 : std::size_t(it - edges.begin()) - 1;
            bin = std::min(bin, row.histogram.size() - 1);
            ++row.histogram[bin];
        }
    }
    return row;
}

ResponseTimeReport ResponseTimes::report() const
{
    ResponseTimeReport report;
    if (!m_all.times.empty()) {
        const auto [lo, hi] = std::minmax_element(m_all.times.begin(), m_all.times.end());
        const double low = *lo, high = *hi;
        report.binEdges.reserve(kBins + 1);
        if (low > 0 && high / low > 10) {
            const double step = std::log(high / low) / kBins;
            for (int i = 0; i <= kBins; ++i)
                report.binEdges.push_back(i == kBins ? high : low * std::exp(step * i));
        }
        else {
            const double width = high > low ? (high - low) / kBins : std::max(low, 1e-6) / kBins;
            const double start = high > low ? low : std::max(0.0, low - width * kBins / 2);
            for (int i = 0; i <= kBins; ++i)
                report.binEdges.push_back(start + width * i);
        }
    }
    for (const auto &[key, g] : m_byService) {
        ResponseTimeRow r = row(g, report.binEdges);
        r.protocol = std::get<0>(key);
        r.service = std::get<1>(key);
        r.answeredByClient = std::get<2>(key);
        report.byService.push_back(std::move(r));
    }
    for (const auto &[key, g] : m_byConnection) {
        ResponseTimeRow r = row(g, report.binEdges);
        r.connection = std::get<0>(key);
        r.protocol = std::get<1>(key);
        r.answeredByClient = std::get<2>(key);
        report.byConnection.push_back(std::move(r));
    }
    report.all = row(m_all, report.binEdges);
    report.all.protocol = "all";
    return report;
}

}   // namespace zmqscope::capture
