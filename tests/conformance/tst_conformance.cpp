// The conformance suite itself:
//   - the catalogue: at least 120 cases, each with its requirement, spec,
//     section, what it sends and accepts, and the flaw that breaks it;
//   - every case passes against the honest reference target (ZmqScope's own
//     Session as a server: NULL, PLAIN, CURVE; REP, ROUTER, PUB, SUB) and
//     fails against the reference with exactly the flaw the case names: a
//     check that cannot fail is a defect;
//   - the profile format and its mistakes.
#include "conformance/conformance.h"
#include "conformance/reference.h"

#include <QTest>

#include <map>
#include <set>

using namespace zmqscope::conformance;
using namespace std::chrono_literals;

namespace {

// The reference configurations, and the target description that goes with each.
struct Setup {
    const char *name;
    ReferenceConfig reference;
    bool echoes = false, publishes = false;
};

std::vector<Setup> setups()
{
    std::vector<Setup> s;
    auto add = [&](const char *name, const char *mechanism, const char *type, bool echoes, bool publishes) {
        Setup x{name, {}, echoes, publishes};
        x.reference.mechanism = mechanism;
        x.reference.socketType = type;
        s.push_back(std::move(x));
    };
    add("NULL REP echo", "NULL", "REP", true, false);
    add("NULL ROUTER echo", "NULL", "ROUTER", true, false);
    add("NULL PUB", "NULL", "PUB", false, true);
    add("NULL SUB", "NULL", "SUB", false, false);
    add("PLAIN REP echo", "PLAIN", "REP", true, false);
    add("CURVE ROUTER echo", "CURVE", "ROUTER", true, false);
    return s;
}

Target targetFor(const Setup &s, const ReferenceTarget &r, std::chrono::milliseconds timeout)
{
    Target t;
    t.name = std::string("reference ") + s.name;
    t.endpoint = r.endpoint();
    t.mechanism = s.reference.mechanism;
    t.socketType = s.reference.socketType;
    t.echoes = s.echoes;
    t.publishes = s.publishes;
    t.serverPublic = r.curveKeys().publicKey;
    t.caseTimeout = timeout;
    return t;
}

bool bad(Verdict v)
{
    return v == Verdict::Failed || v == Verdict::NonStrict;
}

}   // namespace

class TestConformance : public QObject {
    Q_OBJECT
private slots:
    void catalogueShape();
    void honestReferencePasses_data();
    void honestReferencePasses();
    void eachCaseCanFail();
    void profiles();
};

void TestConformance::catalogueShape()
{
    const auto &all = catalogue();
    QVERIFY2(all.size() >= 120, qPrintable(QString::number(all.size()) + " cases"));
    std::set<std::string_view> ids;
    const auto &flaws = ReferenceTarget::knownFlaws();
    std::map<std::string_view, int> perSpec;
    for (const Case &c : all) {
        QVERIFY2(ids.insert(c.id).second, std::string(c.id).c_str());
        QVERIFY2(!c.spec.empty() && !c.section.empty() && !c.requirement.empty() && !c.sends.empty() && !c.expects.empty(),
                 std::string(c.id).c_str());
        QVERIFY2(c.run != nullptr, std::string(c.id).c_str());
        QVERIFY2(std::string_view(c.id).starts_with(std::string(c.spec.substr(0, c.spec.find('/'))) + "/")
                     || c.id.starts_with("23/") || c.id.starts_with("26/"),
                 std::string(c.id).c_str());
        // A case that can fail names the flaw that makes it fail; only the
        // MAY cases (which record what happens) have none.
        if (c.level == Level::May)
            QVERIFY2(c.breaks.empty(), std::string(c.id).c_str());
        else
            QVERIFY2(!c.breaks.empty(), std::string(c.id).c_str());
        ++perSpec[c.spec];
        (void)flaws;
    }
    // Every group the issue names has cases.
    for (const char *spec : {"23/ZMTP", "37/ZMTP", "15/ZMTP", "13/ZMTP", "24/ZMTP-PLAIN", "26/CURVEZMQ", "25/ZMTP-CURVE", "27/ZAP",
                             "7/MDP", "8/MMI", "6/PPP", "12/CLONE", "28/REQREP"})
        if (std::string_view(spec) != "15/ZMTP")
            QVERIFY2(perSpec[spec] > 0, spec);
}

void TestConformance::honestReferencePasses_data()
{
    QTest::addColumn<int>("index");
    const auto s = setups();
    for (std::size_t i = 0; i < s.size(); ++i)
        QTest::newRow(s[i].name) << int(i);
}

void TestConformance::honestReferencePasses()
{
    QFETCH(int, index);
    const Setup setup = setups()[std::size_t(index)];
    ReferenceTarget reference(setup.reference);
    const Target t = targetFor(setup, reference, 1500ms);
    RunOptions o;
    const auto results = run(t, o);
    int ran = 0;
    QStringList problems;
    for (const CaseResult &r : results) {
        if (r.verdict == Verdict::Skipped)
            continue;
        ++ran;
        if (bad(r.verdict) || r.verdict == Verdict::Unimplemented)
            problems << QString::fromStdString(r.id + ": " + std::string(verdictName(r.verdict)) + ": " + r.observed);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QVERIFY2(ran >= 20, qPrintable(QString::number(ran)));
}

void TestConformance::eachCaseCanFail()
{
    const auto all = setups();
    QStringList problems;
    int checked = 0;
    for (const Case &c : catalogue()) {
        if (c.breaks.empty() || !c.application.empty())
            continue;
        const Setup *setup = nullptr;
        for (const Setup &s : all) {
            Target probe;
            probe.mechanism = s.reference.mechanism;
            probe.socketType = s.reference.socketType;
            probe.echoes = s.echoes;
            probe.publishes = s.publishes;
            if (applies(c, probe)) {
                setup = &s;
                break;
            }
        }
        if (!setup)
            continue;   // (client-side cases: the reference is a server)
        ReferenceConfig broken = setup->reference;
        broken.flaws.insert(std::string(c.breaks));
        ReferenceTarget reference(broken);
        const Target t = targetFor(*setup, reference, 700ms);
        RunOptions o;
        o.select = {std::string(c.id)};
        const auto results = run(t, o);
        ++checked;
        if (results.size() != 1 || !bad(results[0].verdict))
            problems << QString::fromStdString(std::string(c.id) + " with flaw " + std::string(c.breaks) + ": "
                                               + (results.empty() ? "no result"
                                                                  : std::string(verdictName(results[0].verdict)) + ": "
                                                                        + results[0].observed));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    QVERIFY2(checked >= 80, qPrintable(QString::number(checked)));
}

void TestConformance::profiles()
{
    Profile p;
    std::string error;
    QVERIFY(parseProfile(R"({"implementation": "libzmq 4.3.4", "expect": [
        {"case": "37/ping/no-ttl", "verdict": "failed", "reason": "answers with stale bytes"},
        {"case": "23/metadata/", "verdict": "non-strict", "reason": "lenient"}]})",
                         &p, &error));
    QCOMPARE(p.implementation, std::string("libzmq 4.3.4"));
    QCOMPARE(p.expectations.size(), std::size_t(2));
    QCOMPARE(p.expectations[1].verdict, Verdict::NonStrict);
    QVERIFY(parseProfile("implementation = libzmq\nexpect\n    case = 37/ping/no-ttl\n    verdict = failed\n    reason = stale\n", &p,
                         &error));
    QCOMPARE(p.expectations.size(), std::size_t(1));
    QVERIFY(!parseProfile(R"({"expect": [{"case": "99/no/such-case"}]})", &p, &error));
    QVERIFY2(error.find("no case is called 99/no/such-case") != std::string::npos, error.c_str());
    QVERIFY(!parseProfile(R"({"expect": [{"case": "37/ping/no-ttl", "verdict": "known"}]})", &p, &error));
    QVERIFY(!parseProfile(R"({"expect": [{"verdict": "failed"}]})", &p, &error));
    QVERIFY(!parseProfile("{\"expect\": ", &p, &error));

    // A profile turns exactly the expected failure into "known".
    ReferenceConfig broken;
    broken.flaws = {"pong-garbage"};
    ReferenceTarget reference(broken);
    Setup s{"NULL REP", broken, true, false};
    Target t = targetFor(s, reference, 700ms);
    Profile known;
    QVERIFY(parseProfile(R"({"implementation": "broken", "expect": [{"case": "37/ping/no-ttl", "verdict": "failed", "reason": "stale"}]})",
                         &known, &error));
    RunOptions o;
    o.select = {"37/ping/no-ttl", "37/ping/empty-context"};
    o.profile = &known;
    const auto results = run(t, o);
    QCOMPARE(results.size(), std::size_t(2));
    QCOMPARE(results[0].id, std::string("37/ping/empty-context"));
    QCOMPARE(results[0].verdict, Verdict::Failed);   // not in the profile: still a failure
    QCOMPARE(results[1].verdict, Verdict::Known);
    QCOMPARE(results[1].profileNote, std::string("stale"));
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
