// Response times: every reply the protocol layer matched to its request
// (MDP, MMI, Titanic, PPP, FLP, MTL, WMP, ZAP and plain REQ/REP or
// DEALER/ROUTER: the Note's time), gathered per service, per connection and
// for the whole capture, with count, min, max, mean, percentiles and a
// histogram. Built on the capture thread from the store's notes (update()
// reads only what was added since the last call) and handed on as a plain
// value (ResponseTimeReport).
//
// Percentiles are nearest-rank: p of n sorted samples is the one at rank
// ceil(p/100 * n) (1-based), a time that was really measured.
#pragma once

#include "capturestore.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace zmqscope::capture {

struct ResponseTimeRow {
    std::string protocol;              // the dissector's id: "mdp", "reqrep"
    std::string service;               // the request's service (MDP, Titanic), empty where there is none
    std::uint32_t connection = 0;      // per-connection rows; 0 in the others
    // Which side answered: the server of the connection (a broker to its
    // client, a REP) or its client (an MDP worker, which connects to the broker).
    bool answeredByClient = false;
    std::uint64_t count = 0;
    double min = 0, max = 0, mean = 0, p50 = 0, p90 = 0, p99 = 0;   // seconds
    std::vector<std::uint64_t> histogram;   // per bin of ResponseTimeReport::binEdges
    std::uint32_t slowest = 0;         // the reply that took longest (store index)
};

struct ResponseTimeReport {
    std::vector<ResponseTimeRow> byService;      // protocol, service and answering side
    std::vector<ResponseTimeRow> byConnection;   // connection, protocol and answering side
    ResponseTimeRow all;                         // every reply of the capture
    // Bin edges in seconds, shared by every row's histogram (bins = edges - 1):
    // logarithmic from the fastest to the slowest reply when they span more
    // than a decade, else even.
    std::vector<double> binEdges;
};

// Nearest-rank percentile of sorted samples (0 for none).
double nearestRank(const std::vector<double> &sorted, double percent);

class ResponseTimes {
public:
    static constexpr int kBins = 24;
    // Reads the notes of the events the store gained since the last call,
    // at most `limit` events' worth; true when more are left.
    bool update(const CaptureStore &store, std::size_t limit = SIZE_MAX);
    ResponseTimeReport report() const;
    std::uint64_t samples() const { return m_all.times.size(); }

private:
    struct Group {
        std::vector<double> times;
        std::uint32_t slowest = 0;
        double slowestTime = -1;
        void add(double t, std::uint32_t event);
    };
    std::string serviceOf(const CaptureStore &store, std::size_t reply, std::uint32_t request, const std::string &protocol);
    ResponseTimeRow row(const Group &g, const std::vector<double> &edges) const;

    std::size_t m_done = 0;
    // (protocol, service, by client) and (connection, protocol, by client)
    std::map<std::tuple<std::string, std::string, bool>, Group> m_byService;
    std::map<std::tuple<std::uint32_t, std::string, bool>, Group> m_byConnection;
    Group m_all;
    std::map<std::string, bool> m_hasService;   // protocol id -> its table has <id>.service
};

}   // namespace zmqscope::capture
