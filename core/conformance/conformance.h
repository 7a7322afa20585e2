// The ZMTP conformance suite: cases that each state one requirement of a
// ZeroMQ RFC, play the other side of a connection to the implementation
// under test (getting it wrong on purpose where the case needs it, with the
// project's encoder) and judge what came back. Plain C++ on the codec; one
// case at a time on the caller's thread, every wait bounded. The window,
// `zmqscope check` and the tests drive it (docs/CONFORMANCE.md).
#pragma once

#include "codec/curve.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::conformance {

// How binding a requirement is (RFC 2119 words of the spec's text).
enum class Level : std::uint8_t { Must, Should, May };
std::string_view levelName(Level l);   // "MUST", "SHOULD", "MAY"

// What a case concluded. NonStrict: a SHOULD not met. Informational: the
// case records behaviour the specs leave open. Unimplemented: the target
// does not offer what the case needs (it said so, e.g. an ERROR for an
// unknown socket type). Skipped: the case does not apply to this target's
// configuration (role, mechanism, socket type). Known: a failure or
// non-strict result the profile lists as a known deviation.
enum class Verdict : std::uint8_t { Passed, NonStrict, Failed, Informational, Unimplemented, Skipped, Known };
std::string_view verdictName(Verdict v);   // "passed", "non-strict", ...

// Which side the implementation under test plays.
enum class Role : std::uint8_t { Server, Client };

// What the suite knows of the implementation under test.
struct Target {
    std::string name = "target";        // the report's column
    std::string endpoint;               // Server: where it listens. Client: where the suite listens.
    Role role = Role::Server;
    std::string mechanism = "NULL";     // NULL, PLAIN or CURVE: what the target speaks
    std::string socketType = "DEALER";  // the target's socket type
    std::string username = "admin";     // PLAIN: credentials the target accepts (server) / sends (client)
    std::string password = "secret";
    codec::CurveKey serverPublic{};     // CURVE, target is the server: its public key
    codec::CurveKeyPair suiteServerKeys; // CURVE, target is the client: the keys the suite's server uses
    bool echoes = false;                // it answers each message with the same frames (REP, or ROUTER echoing)
    bool publishes = false;             // PUB/XPUB: it keeps publishing (topics starting "A" and "B")
    std::string application;            // an application role to test as well: mdp-broker, mdp-worker, ppp-queue, ...
    std::string clientEndpoint;         // application targets whose clients go elsewhere (a PPP queue's frontend)
    std::string service = "echo";       // MDP: a service the broker has (or the worker offers)
    std::chrono::milliseconds caseTimeout{3000};   // no case waits longer for an answer
    std::chrono::milliseconds acceptTimeout{10000}; // client under test: how long a case waits for it to connect
    // Maps the endpoint before connecting or binding (a capture tap in front).
    std::function<std::string(const std::string &)> mapEndpoint;
};

// One piece of traffic of a case, in the order it happened.
struct WireEntry {
    double ms = 0;              // since the case began
    bool fromSuite = true;      // false: from the target
    enum class Kind : std::uint8_t { Bytes, Event, Note, Closed } kind = Kind::Bytes;
    std::string text;           // Event: the dissector's line; Note: what the suite did; Closed: how
    std::vector<std::uint8_t> bytes;   // Bytes (the first 4 KiB; `size` says how many)
    std::uint64_t size = 0;
};

struct CaseResult {
    std::string id;
    Verdict verdict = Verdict::Failed;
    std::string observed;       // what happened, in a sentence
    std::string profileNote;    // Known: why the profile expects it
    double ms = 0;
    std::vector<WireEntry> wire;
    // The suite's end of each connection it made ("127.0.0.1:PORT"), so a
    // capture's connections can be matched to the case.
    std::vector<std::string> connections;
};

class Probe;

// A case: the requirement, what it sends, what it accepts, and how it runs.
struct Case {
    std::string_view id;          // "23/greeting/signature-first-byte": spec/group/name
    std::string_view spec;        // "23/ZMTP"
    std::string_view section;     // "3.2 Greeting" (as the spec numbers and names it)
    Level level = Level::Must;
    std::string_view requirement; // in our words
    std::string_view sends;
    std::string_view expects;     // the outcomes it accepts
    // When the case applies: roles (bit 0 server, bit 1 client), mechanisms
    // ("" any, else a space-separated list), socket types ("" any).
    std::uint8_t roles = 3;
    std::string_view mechanisms;
    std::string_view socketTypes;
    std::string_view application; // "" ZMTP; else the application role it tests
    // Runs the case on a connected probe; returns the verdict and sets the
    // result's `observed` through the probe.
    Verdict (*run)(Probe &p) = nullptr;
    // The requirement a broken reference target violates (tests, reference.h).
    std::string_view breaks;
    // What the target must do for the case to apply: "echo" (answer each
    // message with its frames), "publishes" (keep publishing), or nothing.
    std::string_view needs = {};
};

// Every case, in catalogue order.
const std::vector<Case> &catalogue();

// Whether `c` applies to `t` (role, mechanism, socket type, application);
// if not, why (for the Skipped line).
bool applies(const Case &c, const Target &t, std::string *why = nullptr);

// A known deviation: the case and the verdict the profile expects, and why.
struct Expectation {
    std::string caseId;         // exact id, or a prefix ending in '/'
    Verdict verdict = Verdict::Failed;
    std::string reason;
};
struct Profile {
    std::string implementation;
    std::vector<Expectation> expectations;
};
// Reads a profile (JSON or ZPL; docs/CONFORMANCE.md). Nullopt and `error`
// ("line:column: what was expected") on a mistake.
bool parseProfile(std::string_view text, Profile *out, std::string *error);

struct RunOptions {
    std::vector<std::string> select;   // case ids or prefixes ("23/", "24/hello/"); empty: all
    const Profile *profile = nullptr;
    std::function<void(const Case &)> started;           // before a case (the window's live rows)
    std::function<void(const CaseResult &)> finished;    // after it
    std::function<bool()> cancelled;                     // polled between cases
};

// Runs the selected cases against `t` one after another.
std::vector<CaseResult> run(const Target &t, const RunOptions &o);

// The case with this id, or null.
const Case *findCase(std::string_view id);

}   // namespace zmqscope::conformance
