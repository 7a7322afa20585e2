// What a conformance run says: a terminal summary, JUnit XML for CI
// systems, JSON (which merges back: one run per implementation), and a
// self-contained HTML page with one column per implementation and a row per
// case, each cell opening the requirement, the outcomes the case accepts,
// what happened and the case's wire log (Autobahn's grid, for ZMTP).
#pragma once

#include "conformance.h"

#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::conformance {

// One run against one implementation.
struct RunRecord {
    std::string implementation;   // the column's name (Target::name)
    std::string endpoint;
    Role role = Role::Server;
    std::string mechanism;
    std::string socketType;
    std::string application;
    std::string profile;          // the profile's implementation name, if one was used
    std::string started;          // ISO 8601, UTC
    double seconds = 0;
    std::vector<CaseResult> results;
};

// A run's header from what the suite knew of the target (started now, UTC).
RunRecord recordFor(const Target &t, const Profile &profile);

struct Counts {
    int passed = 0, failed = 0, nonStrict = 0, informational = 0, unimplemented = 0, skipped = 0, known = 0;
};
Counts count(const std::vector<CaseResult> &results);

// "12 passed, 1 failed (2 non-strict, 3 informational, 0 unimplemented, 40 skipped, 1 known)"
std::string countsLine(const Counts &c);

// One line per case run (not per skipped one unless `verbose`), a block per
// failure with its requirement and what happened, then countsLine.
std::string terminalSummary(const RunRecord &run, bool verbose);

// JUnit XML: a testsuite per spec, a testcase per case; failed cases carry
// <failure>, non-strict ones a <failure type="non-strict">, skipped,
// unimplemented and known ones <skipped message=...>; the wire log in
// <system-out>.
std::string junitXml(const RunRecord &run);

// JSON: {"implementation":..., ..., "results":[{"id":..., "verdict":...,
// "observed":..., "ms":..., "wire":[{"ms":..,"from":"suite"|"target",
// "kind":"bytes"|"event"|"note"|"closed","text":..,"hex":..,"size":..}]}]}
std::string jsonReport(const RunRecord &run);
// Reads jsonReport's output back (for --merge). False and `error` on a mistake.
bool parseJsonReport(std::string_view text, RunRecord *run, std::string *error);

// The grid: rows are the catalogue's cases in order (those no run ran are
// left out), a column per run; each cell coloured by verdict and opening its
// details (requirement, spec and section, level, what the case sends, the
// outcomes it accepts, what happened, the wire log as hex and dissected
// lines). Self-contained: no script or style from elsewhere.
std::string htmlReport(const std::vector<RunRecord> &runs);

}   // namespace zmqscope::conformance
