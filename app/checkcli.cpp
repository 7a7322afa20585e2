// `zmqscope check`: the conformance suite from the command line
// (docs/CONFORMANCE.md, zmqscope-check(1)).
#include "checkcli.h"

#include "codec/certificate.h"
#include "codec/z85.h"
#include "conformance/reference.h"
#include "conformance/report.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <algorithm>

namespace zmqscope {

namespace {

using namespace conformance;

constexpr const char *kCheckHelp =
    "usage: zmqscope check ENDPOINT [--role server|client] [options]\n"
    "       zmqscope check --merge REPORT.json... --html FILE\n"
    "       zmqscope check --list [--case ID]...\n"
    "       zmqscope check --self-test [--mechanism M] [--socket-type T] [--flaw NAME]... [options]\n"
    "Runs the ZMTP conformance suite against an implementation: each case states one\n"
    "requirement of a ZeroMQ RFC, plays the other side (wrong on purpose where it needs\n"
    "to), and judges what came back. Exit status 1 when a case failed, 0 otherwise.\n"
    "  ENDPOINT            server under test: where it listens (tcp://HOST:PORT);\n"
    "                      client under test: where the suite listens for it\n"
    "  --role server|client  which side the implementation under test plays (server)\n"
    "  --mechanism M       NULL, PLAIN or CURVE: what it speaks (NULL)\n"
    "  --socket-type T     its socket type: REP, ROUTER, PUB, SUB, ... (DEALER)\n"
    "  --echo              it answers every message with the same frames (REP, ROUTER echo)\n"
    "  --publishes         PUB/XPUB: it keeps publishing messages starting A and B\n"
    "  --username U, --password P  PLAIN credentials it accepts / sends (admin, secret)\n"
    "  --server-key Z85    CURVE server under test: its public key\n"
    "  --server-cert FILE  CURVE server under test: its public certificate (czmq format)\n"
    "  --suite-cert FILE   CURVE client under test: the secret certificate the suite's server\n"
    "                      uses (without it a key pair is made and its public key printed)\n"
    "  --application ROLE  the cases of an application role instead of ZMTP's: mdp-broker,\n"
    "                      ppp-queue, clone-server, filemq-server\n"
    "  --service NAME      mdp-broker: a service that has a worker (echo)\n"
    "  --client-endpoint EP  ppp-queue: the frontend its clients use\n"
    "  --case ID           only this case, or the cases under a prefix (23/, 24/hello/); repeatable\n"
    "  --profile FILE      known deviations of this implementation (JSON or ZPL): a failure it\n"
    "                      lists is reported as known, not as a new failure\n"
    "  --name NAME         the implementation's name in the reports (target)\n"
    "  --timeout MS        the longest a case waits for an answer (3000)\n"
    "  --junit FILE, --json FILE, --html FILE   write the reports\n"
    "  --verbose           list skipped cases too\n"
    "  --self-test         run against ZmqScope's own reference target (our Session as a server,\n"
    "                      loopback), as --mechanism and --socket-type say; --flaw NAME breaks one\n"
    "                      requirement on purpose (repeatable; --list-flaws lists them)\n";

std::optional<codec::CurveKey> keyFromZ85(const std::string &text)
{
    const auto bytes = codec::z85Decode(text);
    if (!bytes || bytes->size() != 32)
        return std::nullopt;
    codec::CurveKey k{};
    std::copy(bytes->begin(), bytes->end(), k.begin());
    return k;
}

std::optional<std::string> readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool writeFile(const std::string &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    return bool(out);
}

int listCases(const std::vector<std::string> &select)
{
    int n = 0;
    for (const Case &c : catalogue()) {
        bool wanted = select.empty();
        for (const std::string &s : select)
            wanted = wanted || c.id == s || std::string_view(c.id).starts_with(s);
        if (!wanted)
            continue;
        ++n;
        std::printf("%-48s %-6s %-3s %s\n", std::string(c.id).c_str(), std::string(levelName(c.level)).c_str(),
                    c.roles == 1 ? "S" : c.roles == 2 ? "C" : "S+C", std::string(c.requirement).c_str());
    }
    std::printf("%d case(s)\n", n);
    return 0;
}

}   // namespace

int checkCommand(int argc, char **argv)
{
    Target t;
    RunOptions options;
    std::string junit, json, html, profilePath;
    std::vector<std::string> merge;
    bool list = false, verbose = false, merging = false, selfTest = false, listFlaws = false;
    std::set<std::string> flaws;
    auto need = [&](int &i, const std::string &a) -> const char * {
        if (i + 1 >= argc) {
            std::fprintf(stderr, "zmqscope check: %s needs a value\n", a.c_str());
            return nullptr;
        }
        return argv[++i];
    };
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const char *v = nullptr;
        if (a == "--help" || a == "-h") {
            std::fputs(kCheckHelp, stdout);
            return 0;
        } else if (a == "--list") {
            list = true;
        } else if (a == "--verbose") {
            verbose = true;
        } else if (a == "--echo") {
            t.echoes = true;
        } else if (a == "--publishes") {
            t.publishes = true;
        } else if (a == "--merge") {
            merging = true;
        } else if (a == "--self-test") {
            selfTest = true;
        } else if (a == "--list-flaws") {
            listFlaws = true;
        } else if (a.starts_with("--")) {
            if (!(v = need(i, a)))
                return 2;
            const std::string value = v;
            if (a == "--role") {
                if (value != "server" && value != "client") {
                    std::fprintf(stderr, "zmqscope check: --role is server or client, not %s\n", v);
                    return 2;
                }
                t.role = value == "server" ? Role::Server : Role::Client;
            } else if (a == "--mechanism") {
                if (value != "NULL" && value != "PLAIN" && value != "CURVE") {
                    std::fprintf(stderr, "zmqscope check: --mechanism is NULL, PLAIN or CURVE, not %s\n", v);
                    return 2;
                }
                t.mechanism = value;
            } else if (a == "--socket-type") {
                if (!codec::socketTypeFromName(value)) {
                    std::fprintf(stderr, "zmqscope check: --socket-type %s: not a socket type (REP, ROUTER, PUB, ...)\n", v);
                    return 2;
                }
                t.socketType = value;
            } else if (a == "--username") {
                t.username = value;
            } else if (a == "--password") {
                t.password = value;
            } else if (a == "--server-key") {
                const auto k = keyFromZ85(value);
                if (!k) {
                    std::fprintf(stderr, "zmqscope check: --server-key: not a 40-character Z85 key\n");
                    return 2;
                }
                t.serverPublic = *k;
            } else if (a == "--server-cert" || a == "--suite-cert") {
                const auto text = readFile(value);
                std::string error;
                const auto cert = text ? codec::CurveCertificate::fromZpl(*text, &error) : std::nullopt;
                if (!cert) {
                    std::fprintf(stderr, "zmqscope check: %s %s: %s\n", a.c_str(), v, text ? error.c_str() : "cannot read it");
                    return 2;
                }
                if (a == "--server-cert") {
                    t.serverPublic = cert->publicKey;
                } else {
                    if (!cert->secretKey) {
                        std::fprintf(stderr, "zmqscope check: --suite-cert %s: a public certificate; the secret one is needed\n", v);
                        return 2;
                    }
                    t.suiteServerKeys = codec::CurveKeyPair::fromSecret(*cert->secretKey);
                }
            } else if (a == "--application") {
                if (value != "mdp-broker" && value != "ppp-queue" && value != "clone-server" && value != "filemq-server") {
                    std::fprintf(stderr, "zmqscope check: --application is mdp-broker, ppp-queue, clone-server or filemq-server, not %s\n", v);
                    return 2;
                }
                t.application = value;
            } else if (a == "--service") {
                t.service = value;
            } else if (a == "--client-endpoint") {
                t.clientEndpoint = value;
            } else if (a == "--case") {
                options.select.push_back(value);
            } else if (a == "--profile") {
                profilePath = value;
            } else if (a == "--name") {
                t.name = value;
            } else if (a == "--timeout") {
                char *end = nullptr;
                const long ms = std::strtol(v, &end, 10);
                if (*end || ms < 50 || ms > 600000) {
                    std::fprintf(stderr, "zmqscope check: --timeout %s: milliseconds, 50 to 600000\n", v);
                    return 2;
                }
                t.caseTimeout = std::chrono::milliseconds(ms);
            } else if (a == "--flaw") {
                const auto &known = ReferenceTarget::knownFlaws();
                if (std::find(known.begin(), known.end(), value) == known.end()) {
                    std::fprintf(stderr, "zmqscope check: --flaw %s: not a flaw of the reference (--list-flaws)\n", v);
                    return 2;
                }
                flaws.insert(value);
            } else if (a == "--junit") {
                junit = value;
            } else if (a == "--json") {
                json = value;
            } else if (a == "--html") {
                html = value;
            } else {
                std::fprintf(stderr, "zmqscope check: unknown option %s\n%s", a.c_str(), kCheckHelp);
                return 2;
            }
        } else if (merging) {
            merge.push_back(a);
        } else if (t.endpoint.empty()) {
            t.endpoint = a;
        } else {
            std::fprintf(stderr, "zmqscope check: unexpected '%s'\n", a.c_str());
            return 2;
        }
    }
    if (list)
        return listCases(options.select);
    if (listFlaws) {
        for (std::string_view f : ReferenceTarget::knownFlaws())
            std::printf("%s\n", std::string(f).c_str());
        return 0;
    }
    std::unique_ptr<ReferenceTarget> reference;
    if (selfTest) {
        ReferenceConfig rc;
        rc.mechanism = t.mechanism;
        rc.socketType = t.socketType == "DEALER" ? "REP" : t.socketType;
        rc.username = t.username;
        rc.password = t.password;
        rc.flaws = flaws;
        reference = std::make_unique<ReferenceTarget>(rc);
        t.endpoint = reference->endpoint();
        t.socketType = rc.socketType;
        t.serverPublic = reference->curveKeys().publicKey;
        t.echoes = rc.socketType == "REP" || rc.socketType == "ROUTER";
        t.publishes = rc.socketType == "PUB";
        if (t.name == "target")
            t.name = "ZmqScope reference" + std::string(flaws.empty() ? "" : " (flawed)");
    }

    if (merging) {
        std::vector<RunRecord> runs;
        for (const std::string &path : merge) {
            const auto text = readFile(path);
            RunRecord r;
            std::string error;
            if (!text || !parseJsonReport(*text, &r, &error)) {
                std::fprintf(stderr, "zmqscope check: %s: %s\n", path.c_str(), text ? error.c_str() : "cannot read it");
                return 2;
            }
            runs.push_back(std::move(r));
        }
        if (runs.empty()) {
            std::fprintf(stderr, "zmqscope check: --merge needs report files (--json output)\n");
            return 2;
        }
        for (const RunRecord &r : runs)
            std::printf("%-24s %s\n", r.implementation.c_str(), countsLine(count(r.results)).c_str());
        if (!html.empty() && !writeFile(html, htmlReport(runs))) {
            std::fprintf(stderr, "zmqscope check: cannot write %s\n", html.c_str());
            return 1;
        }
        return 0;
    }

    if (t.endpoint.empty()) {
        std::fputs(kCheckHelp, stderr);
        return 2;
    }
    Profile profile;
    if (!profilePath.empty()) {
        const auto text = readFile(profilePath);
        std::string error;
        if (!text || !parseProfile(*text, &profile, &error)) {
            std::fprintf(stderr, "zmqscope check: %s:%s\n", profilePath.c_str(), text ? error.c_str() : " cannot read it");
            return 2;
        }
        options.profile = &profile;
    }
    if (t.mechanism == "CURVE" && t.role == Role::Server && t.serverPublic == codec::CurveKey{}) {
        std::fprintf(stderr, "zmqscope check: a CURVE server under test needs --server-key or --server-cert\n");
        return 2;
    }
    if (t.mechanism == "CURVE" && t.role == Role::Client && t.suiteServerKeys.publicKey == codec::CurveKey{}) {
        t.suiteServerKeys = codec::CurveKeyPair::generate();
        std::fprintf(stderr, "zmqscope check: give the client under test this server key: %s\n",
                     codec::z85Encode(t.suiteServerKeys.publicKey).value_or("").c_str());
    }
    if (t.role == Role::Client)
        std::fprintf(stderr, "zmqscope check: listening on %s; each case waits for the client under test to connect\n",
                     t.endpoint.c_str());

    const bool live = ::isatty(2);
    std::size_t done = 0;
    options.finished = [&](const CaseResult &r) {
        ++done;
        if (live && r.verdict != Verdict::Skipped)
            std::fprintf(stderr, "\r\033[K[%zu] %s: %s", done, r.id.c_str(), std::string(verdictName(r.verdict)).c_str());
    };
    RunRecord record = recordFor(t, profile);
    const auto start = std::chrono::steady_clock::now();
    record.results = run(t, options);
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (live)
        std::fprintf(stderr, "\r\033[K");
    std::fputs(terminalSummary(record, verbose).c_str(), stdout);

    bool ok = true;
    auto write = [&](const std::string &path, const std::string &text) {
        if (!path.empty() && !writeFile(path, text)) {
            std::fprintf(stderr, "zmqscope check: cannot write %s\n", path.c_str());
            ok = false;
        }
    };
    write(junit, junit.empty() ? std::string() : junitXml(record));
    write(json, json.empty() ? std::string() : jsonReport(record));
    write(html, html.empty() ? std::string() : htmlReport({record}));
    if (!ok)
        return 1;
    return count(record.results).failed > 0 ? 1 : 0;
}

}   // namespace zmqscope
