// libFuzzer target for the text the conformance suite reads from outside:
// JSON reports given to `zmqscope check --merge` (conformance/report.h)
// and profiles given to --profile, JSON or ZPL (conformance/conformance.h).
// The whole input goes to both. Either ends in a value or an error, never
// a crash, a hang or unbounded memory. A report that was read is written
// again in every format (terminal, JUnit, JSON, HTML), each output read
// through to its last byte so that ASan sees any view of freed text, and
// the JSON written must read back: a report the program wrote that --merge
// refuses is a bug.
#include "conformance/conformance.h"
#include "conformance/report.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace zmqscope::conformance;

namespace {
volatile std::uint8_t sink;

void touch(const std::string &s)
{
    std::uint8_t x = 0;
    for (const char c : s)
        x = std::uint8_t(x ^ static_cast<std::uint8_t>(c));
    sink = x;
}

void checkProfile(std::string_view text)
{
    Profile profile;
    std::string error;
    if (!parseProfile(text, &profile, &error)) {
        if (error.empty())
            std::abort();
        return;
    }
    for (const Expectation &e : profile.expectations) {
        if (e.caseId.empty() || e.verdict == Verdict::Known || e.verdict == Verdict::Skipped)
            std::abort();
        if (e.caseId.back() != '/' && !findCase(e.caseId))
            std::abort();
    }
}

void checkReport(std::string_view text)
{
    RunRecord record;
    std::string error;
    if (!parseJsonReport(text, &record, &error)) {
        if (error.empty())
            std::abort();
        return;
    }
    touch(terminalSummary(record, true));
    touch(junitXml(record));
    touch(htmlReport({record}));
    const std::string json = jsonReport(record);
    touch(json);

    RunRecord again;
    std::string againError;
    if (!parseJsonReport(json, &again, &againError))
        std::abort();
    // What the text carried may come back cleaned (broken UTF-8 as '?'),
    // but never with results, verdicts or wire entries lost or made up.
    if (again.role != record.role || again.results.size() != record.results.size())
        std::abort();
    for (std::size_t i = 0; i < record.results.size(); ++i)
        if (again.results[i].verdict != record.results[i].verdict
            || again.results[i].wire.size() != record.results[i].wire.size())
            std::abort();
}
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    checkProfile(text);
    checkReport(text);
    return 0;
}
