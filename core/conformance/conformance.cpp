#include "conformance.h"

#include "cases.h"
#include "codec/propertytree.h"
#include "probe.h"

#include <algorithm>
#include <thread>

namespace zmqscope::conformance {

std::string_view levelName(Level l)
{
    switch (l) {
    case Level::Must: return "MUST";
    case Level::Should: return "SHOULD";
    case Level::May: return "MAY";
    }
    return "?";
}

std::string_view verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Passed: return "passed";
    case Verdict::NonStrict: return "non-strict";
    case Verdict::Failed: return "failed";
    case Verdict::Informational: return "informational";
    case Verdict::Unimplemented: return "unimplemented";
    case Verdict::Skipped: return "skipped";
    case Verdict::Known: return "known";
    }
    return "?";
}

namespace {

std::optional<Verdict> verdictFromName(std::string_view n)
{
    for (Verdict v : {Verdict::Passed, Verdict::NonStrict, Verdict::Failed, Verdict::Informational, Verdict::Unimplemented,
                      Verdict::Skipped, Verdict::Known})
        if (verdictName(v) == n)
            return v;
    return std::nullopt;
}

bool listed(std::string_view list, std::string_view word)
{
    std::size_t at = 0;
    while (at < list.size()) {
        std::size_t end = list.find(' ', at);
        if (end == std::string_view::npos)
            end = list.size();
        if (list.substr(at, end - at) == word)
            return true;
        at = end + 1;
    }
    return false;
}

bool selected(const std::vector<std::string> &select, std::string_view id)
{
    if (select.empty())
        return true;
    for (const std::string &s : select)
        if (id == s || (!s.empty() && s.back() == '/' && id.starts_with(s)) || (id.starts_with(s + "/")))
            return true;
    return false;
}

const Expectation *expected(const Profile *profile, std::string_view id)
{
    if (!profile)
        return nullptr;
    for (const Expectation &e : profile->expectations)
        if (id == e.caseId || (!e.caseId.empty() && e.caseId.back() == '/' && id.starts_with(e.caseId)))
            return &e;
    return nullptr;
}

// Server under test: what it answers to the first 11 bytes of a 3.x greeting
// (signature and major, the backward-compatible strategy). "1.0" or "2.0"
// for an older peer (revision byte below 3), "" for a 3.x one or when it
// said nothing that shows.
std::string olderVersion(const Target &t)
{
    static const Case preflight{};
    CaseResult scratch;
    Probe p(t, preflight, scratch, nullptr);
    if (!p.open())
        return {};
    codec::encode::Buffer g;
    codec::encode::greeting3(g, p.greeting());
    g.resize(11);
    p.send(g, {});
    std::vector<std::uint8_t> got;
    p.waitFor([&] {
        got.clear();
        for (const WireEntry &e : scratch.wire)
            if (!e.fromSuite && e.kind == WireEntry::Kind::Bytes)
                got.insert(got.end(), e.bytes.begin(), e.bytes.end());
        return got.size() >= 11 || (!got.empty() && got[0] != 0xFF);
    });
    if (!got.empty() && got[0] != 0xFF)
        return "1.0";
    if (got.size() >= 10 && !(got[9] & 0x01))
        return "1.0";
    if (got.size() >= 11 && got[10] < 3)
        return "2.0";
    return {};
}

}   // namespace

const std::vector<Case> &catalogue()
{
    static const std::vector<Case> all = [] {
        std::vector<Case> v;
        cases::addZmtpCases(v);
        cases::addSecurityCases(v);
        cases::addApplicationCases(v);
        return v;
    }();
    return all;
}

const Case *findCase(std::string_view id)
{
    for (const Case &c : catalogue())
        if (c.id == id)
            return &c;
    return nullptr;
}

bool applies(const Case &c, const Target &t, std::string *why)
{
    auto say = [&](std::string s) {
        if (why)
            *why = std::move(s);
        return false;
    };
    const std::uint8_t bit = t.role == Role::Server ? 1 : 2;
    if (!(c.roles & bit))
        return say(std::string("only for a ") + (c.roles == 1 ? "server" : "client") + " under test");
    if (!c.mechanisms.empty() && !listed(c.mechanisms, t.mechanism))
        return say("only for " + std::string(c.mechanisms) + " (the target speaks " + t.mechanism + ")");
    if (!c.socketTypes.empty() && !listed(c.socketTypes, t.socketType))
        return say("only for " + std::string(c.socketTypes) + " sockets (the target is " + t.socketType + ")");
    if (c.needs == "echo" && !t.echoes)
        return say("needs a target that echoes every message (--echo)");
    if (c.needs == "publishes" && !t.publishes)
        return say("needs a target that keeps publishing (--publishes)");
    if (c.application != t.application)
        return say(c.application.empty() ? "a ZMTP case (the target was given as " + t.application + ")"
                                         : "only for an application target " + std::string(c.application));
    return true;
}

bool parseProfile(std::string_view text, Profile *out, std::string *error)
{
    codec::PropertyError e;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    std::optional<codec::PropertyNode> tree = first != std::string_view::npos && text[first] == '{'
                                                  ? codec::parseJsonTree(text, &e)
                                                  : codec::parseZplTree(text, &e);
    if (!tree) {
        *error = std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message;
        return false;
    }
    Profile p;
    if (const codec::PropertyNode *n = tree->child("implementation"))
        p.implementation = n->value;
    for (const codec::PropertyNode &n : tree->children) {
        if (n.name != "expect")
            continue;
        Expectation x;
        const codec::PropertyNode *id = n.child("case");
        const codec::PropertyNode *verdict = n.child("verdict");
        const codec::PropertyNode *reason = n.child("reason");
        if (!id || id->value.empty()) {
            *error = std::to_string(n.line) + ":" + std::to_string(n.column) + ": an expectation needs its case";
            return false;
        }
        x.caseId = id->value;
        if (!x.caseId.ends_with("/") && !findCase(x.caseId)) {
            *error = std::to_string(id->line) + ":" + std::to_string(id->column) + ": no case is called " + x.caseId;
            return false;
        }
        const std::optional<Verdict> v = verdict ? verdictFromName(verdict->value) : std::optional<Verdict>(Verdict::Failed);
        if (!v || *v == Verdict::Known || *v == Verdict::Skipped) {
            *error = std::to_string(verdict->line) + ":" + std::to_string(verdict->column)
                     + ": the verdict expected is failed, non-strict, passed, informational or unimplemented";
            return false;
        }
        x.verdict = *v;
        x.reason = reason ? reason->value : std::string();
        p.expectations.push_back(std::move(x));
    }
    *out = std::move(p);
    return true;
}

std::vector<CaseResult> run(const Target &t, const RunOptions &o)
{
    std::vector<CaseResult> results;
    std::unique_ptr<Listener> listener;
    if (t.role == Role::Client)
        listener = std::make_unique<Listener>(t);
    // An older peer (JeroMQ 0.3.6 speaks 2.0) cannot be judged on 3.x requirements.
    const std::string older = t.role == Role::Server ? olderVersion(t) : std::string();
    for (const Case &c : catalogue()) {
        if (!selected(o.select, c.id))
            continue;
        if (o.cancelled && o.cancelled())
            break;
        CaseResult r;
        r.id = std::string(c.id);
        std::string why;
        if (!applies(c, t, &why)) {
            r.verdict = Verdict::Skipped;
            r.observed = why;
            if (o.finished)
                o.finished(r);
            results.push_back(std::move(r));
            continue;
        }
        const bool zmtp3 = !c.spec.starts_with("15/") && !c.spec.starts_with("13/") && !c.id.starts_with("23/downgrade/");
        if (!older.empty() && zmtp3) {
            r.verdict = Verdict::Unimplemented;
            r.observed = "the target speaks ZMTP " + older + ": it answered the first 11 bytes of a 3.x greeting with a "
                         + older + " greeting";
            if (o.finished)
                o.finished(r);
            results.push_back(std::move(r));
            continue;
        }
        if (o.started)
            o.started(c);
        // A PAIR serves one peer at a time: give it a moment to let the
        // previous case's connection go before the next one comes.
        if (t.socketType == "PAIR" && !results.empty())
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        const auto start = std::chrono::steady_clock::now();
        {
            Probe probe(t, c, r, listener.get());
            if (!probe.open()) {
                r.verdict = Verdict::Failed;
            } else {
                r.verdict = c.run(probe);
                // A 3.x requirement cannot be judged against a 2.0 peer.
                if (zmtp3 && c.application.empty() && probe.greetingSeen() && probe.targetGreeting().size == 12
                    && r.verdict != Verdict::Passed)
                {
                    r.verdict = Verdict::Unimplemented;
                    r.observed = "the target speaks ZMTP 2.0 (it answered with a 12-byte greeting): " + r.observed;
                }
            }
        }
        r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (const Expectation *x = expected(o.profile, r.id)) {
            if (x->verdict == r.verdict && (r.verdict == Verdict::Failed || r.verdict == Verdict::NonStrict)) {
                r.verdict = Verdict::Known;
                r.profileNote = x->reason;
            } else if (x->verdict != r.verdict) {
                r.profileNote = "the profile expected " + std::string(verdictName(x->verdict)) + ": " + x->reason;
            }
        }
        if (o.finished)
            o.finished(r);
        results.push_back(std::move(r));
    }
    return results;
}

}   // namespace zmqscope::conformance
