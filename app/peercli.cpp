// `zmqscope peer ROLE [options]` runs one role of core/peers headless and
// says what it does, one line per event:
//   [  0.512] mdp-client: reply 1: hello
// until it finishes on its own (a client that made its requests: its exit
// code), --duration passes, or Ctrl-C (exit 0). The options come from the
// role's table (peers/*), so --help is always complete.
// Exit codes: 0 done, 1 the role failed (cannot bind, gave up with an
// error), 2 bad arguments or a client that gave up.
#include "peercli.h"

#include "capture/eventwriter.h"
#include "capture/renumberingsink.h"
#include "peers/peergroup.h"
#include "peers/scenario.h"
#include "peersession.h"
#include "relay.h"
#include "taprecorder.h"


#include <fcntl.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace zmqscope {

namespace {

std::atomic<peers::PeerGroup *> g_group{nullptr};

void onSignal(int)
{
    if (peers::PeerGroup *g = g_group.load())
        g->requestStop();   // (an eventfd write: safe in a handler)
}

std::string kindText(const peers::OptionSpec &o)
{
    switch (o.kind) {
    case peers::OptionKind::Flag: return "";
    case peers::OptionKind::Integer: return " N";
    case peers::OptionKind::Bind:
    case peers::OptionKind::Connect: return " ENDPOINT";
    case peers::OptionKind::Data: return " DATA";
    case peers::OptionKind::Choice: {
        std::string s = " ";
        for (std::size_t i = 0; i < o.choices.size(); ++i)
            s += (i ? "|" : "") + std::string(o.choices[i]);
        return s;
    }
    case peers::OptionKind::Text: return " TEXT";
    }
    return "";
}

void printRoles(std::FILE *out)
{
    std::fprintf(out,
                 "usage: zmqscope peer ROLE [options] [--duration SECONDS]\n"
                 "       zmqscope peer ROLE --help     the role's options\n"
                 "Runs one test peer or protocol role until it is done, --duration passes, or Ctrl-C.\n"
                 "DATA is text, 0x followed by hex, or @FILE. Roles:\n");
    std::string_view group;
    for (const peers::RoleInfo *r : peers::roles()) {
        if (r->protocol != group) {
            group = r->protocol;
            std::fprintf(out, "  %.*s\n", int(group.size()), group.data());
        }
        std::fprintf(out, "    %-20.*s %.*s\n", int(r->id.size()), r->id.data(), int(r->description.size()),
                     r->description.data());
    }
}

void printRole(const peers::RoleInfo &r, std::FILE *out)
{
    std::fprintf(out, "usage: zmqscope peer %.*s [options] [--duration SECONDS]\n%.*s (%.*s)\nOptions:\n", int(r.id.size()),
                 r.id.data(), int(r.description.size()), r.description.data(), int(r.spec.size()), r.spec.data());
    for (const peers::OptionSpec &o : r.options) {
        const std::string left = "--" + std::string(o.name) + kindText(o);
        std::string right(o.help);
        if (!o.defaultValue.empty())
            right += " [" + std::string(o.defaultValue) + "]";
        if (o.required)
            right += " (required)";
        if (o.repeatable)
            right += " (repeatable)";
        std::fprintf(out, "  %-28s %s\n", left.c_str(), right.c_str());
    }
    std::fprintf(out, "  %-28s %s\n", "--duration SECONDS", "stop after this long (default: until done or Ctrl-C)");
    std::fprintf(out, "States: ");
    for (std::size_t i = 0; i < r.states.size(); ++i)
        std::fprintf(out, "%s%.*s", i ? ", " : "", int(r.states[i].size()), r.states[i].data());
    std::fprintf(out, "\n");
}

void printLine(const peers::Peer &p, const peers::LogLine &l, bool withName)
{
    const char *level = l.level == peers::LogLevel::Error ? "error: " : l.level == peers::LogLevel::Warning ? "warning: " : "";
    const std::string who = withName && p.options().given("name") ? p.options().text("name") : std::string(p.role().id);
    std::fprintf(stdout, "[%4lld.%03lld] %s: %s%s\n", static_cast<long long>(l.timeMs / 1000),
                 static_cast<long long>(l.timeMs % 1000), who.c_str(), level, l.text.c_str());
    std::fflush(stdout);
}

constexpr const char *kRunHelp =
    "usage: zmqscope run FILE [--duration SECONDS] [--write FILE.pcapng] [--json FILE] [--keylog FILE]\n"
    "Runs the peers and devices of a scenario file until Ctrl-C, --duration, or every peer is done.\n"
    "  FILE             ZDCF 1.0 (17/ZDCF) in ZPL or JSON, or ZDCF 0.1 (5/ZDCF) JSON: devices, and a\n"
    "                   `peers` section per app with a `role` and the role's options (zmqscope peer --help)\n"
    "  --write FILE     record every TCP connection through a tap into FILE (pcapng, a section per tap)\n"
    "  --json FILE      the same traffic dissected, one JSON object per event (docs/JSON_EXPORT.md)\n"
    "  --keylog FILE    the CURVE session keys of the taps and of zmtp-peer roles (docs/CURVE_KEYLOG.md):\n"
    "                   zmqscope dissect FILE.pcapng --keylog FILE reads their traffic in clear; the\n"
    "                   taps terminate CURVE in front of socket peers that are CURVE servers\n";

// The taps of `zmqscope run`: one relay per TCP endpoint, each recording
// its own pcapng section (joined at the end) and feeding one JSON writer
// that numbers connections across them.
class RunTaps {
public:
    RunTaps(const std::string &pcapng, std::FILE *json) : m_pcapngPath(pcapng), m_json(json ? std::make_unique<capture::JsonEventWriter>(json) : nullptr) {}

    // Where the peer binds or connects instead of `endpoint`; empty on
    // failure. `curve`: the server's key pair, and the tap terminates CURVE.
    std::string tap(const std::string &endpoint, bool bind, const std::optional<codec::CurveKeyPair> &curve, std::string *error)
    {
        const TapPlacement place = placeTap(endpoint, bind);
        const auto l = Endpoint::parse(place.listen, error), f = Endpoint::parse(place.forward, error);
        if (!l || !f)
            return {};
        Relay::Config config;
        config.listen = *l;
        config.forward = *f;
        if (curve)
            config.curve = CurveTermination{*curve, codec::CurveKeyPair::generate(), curve->publicKey};
        Tap t;
        if (!m_pcapngPath.empty()) {
            t.file = std::tmpfile();
            if (!t.file) {
                *error = "cannot make a temporary file";
                return {};
            }
        }
        TapRecorder::Options o;
        o.pcapng = t.file;
        o.target = config.forward.toString();
        o.keys = m_keys;
        if (curve) {
            o.curveKeyLog = true;
            o.curveServerKeys = {*curve};
        }
        if (m_json) {
            t.renumber = std::make_unique<capture::RenumberingSink>(*m_json, m_nextConnection);
            o.events = t.renumber.get();
            o.eventLock = [this](bool acquire) {
                if (acquire)
                    m_mutex.lock();
                else
                    m_mutex.unlock();
            };
        }
        t.recorder = std::make_unique<TapRecorder>(o);
        t.relay = std::make_unique<Relay>(config, t.recorder.get());
        if (!t.relay->start(error))
            return {};
        const std::string out = bind ? place.peerEndpoint : t.relay->boundEndpoint().toString();
        m_taps.push_back(std::move(t));
        return out;
    }

    // Stops the relays, drains the recorders, joins the sections.
    bool finish(std::string *error)
    {
        for (Tap &t : m_taps)
            t.relay->stop();
        for (Tap &t : m_taps)
            t.recorder->finish();
        bool ok = true;
        if (!m_pcapngPath.empty()) {
            std::FILE *out = std::fopen(m_pcapngPath.c_str(), "wb");
            if (!out) {
                *error = "cannot write " + m_pcapngPath;
                ok = false;
            }
            for (Tap &t : m_taps) {
                if (!t.file)
                    continue;
                std::rewind(t.file);
                char buffer[65536];
                std::size_t n;
                while (out && (n = std::fread(buffer, 1, sizeof buffer, t.file)) > 0)
                    std::fwrite(buffer, 1, n, out);
                std::fclose(t.file);
                t.file = nullptr;
            }
            if (out)
                std::fclose(out);
        }
        m_taps.clear();
        return ok;
    }
    std::size_t size() const { return m_taps.size(); }
    const std::shared_ptr<KeyLineHub> &keys() const { return m_keys; }

private:
    struct Tap {
        std::FILE *file = nullptr;
        std::unique_ptr<capture::RenumberingSink> renumber;
        std::unique_ptr<TapRecorder> recorder;
        std::unique_ptr<Relay> relay;
    };
    std::string m_pcapngPath;
    std::unique_ptr<capture::JsonEventWriter> m_json;
    std::shared_ptr<KeyLineHub> m_keys = std::make_shared<KeyLineHub>();
    std::mutex m_mutex;
    std::uint64_t m_nextConnection = 0;
    std::vector<Tap> m_taps;
};

}   // namespace

int runCommand(int argc, char **argv)
{
    std::string file, write, json, keylog;
    double duration = 0;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(kRunHelp, stdout);
            return 0;
        }
        if (a == "--duration" && i + 1 < argc) {
            char *end = nullptr;
            duration = std::strtod(argv[++i], &end);
            if (*end || duration <= 0) {
                std::fprintf(stderr, "zmqscope run: --duration %s: not a number of seconds\n", argv[i]);
                return 2;
            }
        } else if (a == "--write" && i + 1 < argc) {
            write = argv[++i];
        } else if (a == "--json" && i + 1 < argc) {
            json = argv[++i];
        } else if (a == "--keylog" && i + 1 < argc) {
            keylog = argv[++i];
        } else if (!a.starts_with("--") && file.empty()) {
            file = a;
        } else {
            std::fprintf(stderr, "zmqscope run: unexpected '%s'\n%s", a.c_str(), kRunHelp);
            return 2;
        }
    }
    if (file.empty()) {
        std::fputs(kRunHelp, stderr);
        return 2;
    }
    peers::ScenarioError problem;
    const auto scenario = peers::loadScenario(file, &problem);
    if (!scenario) {
        std::fprintf(stderr, "zmqscope run: %s:%d:%d: %s\n", file.c_str(), problem.line, problem.column, problem.message.c_str());
        return 2;
    }
    for (const std::string &n : scenario->notes)
        std::fprintf(stderr, "zmqscope run: %s: %s\n", file.c_str(), n.c_str());
    std::FILE *jsonOut = nullptr;
    if (!json.empty() && !(jsonOut = std::fopen(json.c_str(), "w"))) {
        std::fprintf(stderr, "zmqscope run: cannot write %s\n", json.c_str());
        return 1;
    }
    std::FILE *keylogOut = nullptr;
    if (!keylog.empty()) {
        // Secrets: 0600 from the start (docs/CURVE_KEYLOG.md).
        const int fd = ::open(keylog.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || !(keylogOut = ::fdopen(fd, "w"))) {
            std::fprintf(stderr, "zmqscope run: cannot write %s: %s\n", keylog.c_str(), std::strerror(errno));
            return 1;
        }
    }
    const bool tapped = !write.empty() || jsonOut || keylogOut;
    std::mutex keylogMutex;   // (before the taps: their threads may call the sink until they are gone)
    RunTaps taps(write, jsonOut);
    if (keylogOut)
        taps.keys()->setSink([keylogOut, &keylogMutex](const std::string &line) {
            std::lock_guard lock(keylogMutex);
            std::fprintf(keylogOut, "%s\n", line.c_str());
            std::fflush(keylogOut);
        });
    CurvePeerKeys curveKeys;
    peers::PeerGroup group;
    group.setLogSink([](const peers::Peer &p, const peers::LogLine &l) { printLine(p, l, true); });
    std::fprintf(stderr, "zmqscope run: %s, %zu peer(s) and device(s)%s\n", scenario->format.c_str(), scenario->peers.size(),
                 tapped ? ", every TCP endpoint through a tap" : "");
    for (const peers::ScenarioPeer &sp : scenario->peers) {
        auto given = sp.options;
        if (!given.contains("name"))
            given["name"] = {sp.name};
        const CurvePeerKeys::Plan curve = tapped ? curveKeys.plan(*sp.role, given) : CurvePeerKeys::Plan{};
        if (!curve.note.empty())
            std::fprintf(stderr, "zmqscope run: %s: %s\n", sp.name.c_str(), curve.note.c_str());
        std::string error;
        auto options = peers::Options::make(sp.role->options, given, &error);
        if (!options) {
            std::fprintf(stderr, "zmqscope run: %s:%d:%d: %s\n", file.c_str(), sp.line, sp.column, error.c_str());
            return 2;
        }
        std::optional<peers::EndpointMap> map;
        if (tapped) {
            std::map<std::string, std::string> binds, connects;
            for (const peers::OptionSpec &o : sp.role->options) {
                if (o.kind != peers::OptionKind::Bind && o.kind != peers::OptionKind::Connect)
                    continue;
                for (const std::string &ep : options->list(o.name)) {
                    if (!ep.starts_with("tcp://"))
                        continue;
                    const bool bind = o.kind == peers::OptionKind::Bind;
                    const std::string instead = taps.tap(ep, bind, bind == curve.binds ? curve.keys : std::nullopt, &error);
                    if (instead.empty()) {
                        std::fprintf(stderr, "zmqscope run: %s: no tap for %s: %s\n", sp.name.c_str(), ep.c_str(), error.c_str());
                        return 1;
                    }
                    (o.kind == peers::OptionKind::Bind ? binds : connects)[ep] = instead;
                }
            }
            map = peers::EndpointMap{[binds](const std::string &ep) { return binds.contains(ep) ? binds.at(ep) : ep; },
                                     [connects](const std::string &ep) { return connects.contains(ep) ? connects.at(ep) : ep; },
                                     [keys = taps.keys()](const std::string &line) { keys->add(line); }};
        }
        group.add(sp.role->create(*sp.role, std::move(*options)), map);
    }
    g_group = &group;
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    // Until Ctrl-C or --duration, or until every client of the scenario is done.
    group.runFor(std::chrono::milliseconds(std::int64_t(duration * 1000)), peers::PeerGroup::Until::ClientsDone);
    g_group = nullptr;
    int code = group.clientsDone() ? group.exitCode() : 0;
    for (const peers::PeerStatus &s : group.statuses())
        std::fprintf(stderr, "zmqscope run: %s (%s): %s; %llu sent, %llu received%s%s\n", s.name.c_str(), s.role.c_str(),
                     s.state.c_str(), static_cast<unsigned long long>(s.sent), static_cast<unsigned long long>(s.received),
                     s.lastError.empty() ? "" : "; last error: ", s.lastError.c_str());
    group.requestStop();
    std::string error;
    if (tapped && !taps.finish(&error)) {
        std::fprintf(stderr, "zmqscope run: %s\n", error.c_str());
        code = 1;
    }
    if (jsonOut)
        std::fclose(jsonOut);
    if (keylogOut) {
        taps.keys()->setSink({});
        std::fclose(keylogOut);
    }
    return code;
}

int peerCommand(int argc, char **argv)
{
    if (argc < 3 || !std::strcmp(argv[2], "--help") || !std::strcmp(argv[2], "-h")) {
        printRoles(argc < 3 ? stderr : stdout);
        return argc < 3 ? 2 : 0;
    }
    const peers::RoleInfo *role = peers::findRole(argv[2]);
    if (!role) {
        std::fprintf(stderr, "zmqscope peer: no role '%s'\n", argv[2]);
        printRoles(stderr);
        return 2;
    }
    std::map<std::string, std::vector<std::string>> given;
    double duration = 0;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            printRole(*role, stdout);
            return 0;
        }
        if (!a.starts_with("--")) {
            std::fprintf(stderr, "zmqscope peer %s: unexpected '%s' (options start with --)\n", argv[2], a.c_str());
            return 2;
        }
        a = a.substr(2);
        std::string value;
        bool hasValue = false;
        if (const std::size_t eq = a.find('='); eq != std::string::npos) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            hasValue = true;
        }
        if (a == "duration") {
            if (!hasValue && i + 1 < argc)
                value = argv[++i];
            char *end = nullptr;
            duration = std::strtod(value.c_str(), &end);
            if (value.empty() || *end || duration <= 0) {
                std::fprintf(stderr, "zmqscope peer %s: --duration %s: not a number of seconds\n", argv[2], value.c_str());
                return 2;
            }
            continue;
        }
        const peers::OptionSpec *spec = nullptr;
        for (const peers::OptionSpec &o : role->options)
            if (o.name == a)
                spec = &o;
        if (!spec) {
            std::fprintf(stderr, "zmqscope peer %s: unknown option --%s (see zmqscope peer %s --help)\n", argv[2], a.c_str(),
                         argv[2]);
            return 2;
        }
        if (!hasValue && spec->kind != peers::OptionKind::Flag) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "zmqscope peer %s: --%s needs a value\n", argv[2], a.c_str());
                return 2;
            }
            value = argv[++i];
        }
        given[a].push_back(value);
    }
    std::string error;
    auto options = peers::Options::make(role->options, given, &error);
    if (!options) {
        std::fprintf(stderr, "zmqscope peer %s: %s\n", argv[2], error.c_str());
        return 2;
    }
    peers::PeerGroup group;
    group.setLogSink([](const peers::Peer &p, const peers::LogLine &l) { printLine(p, l, false); });
    g_group = &group;
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    group.add(role->create(*role, std::move(*options)));
    group.runFor(std::chrono::milliseconds(std::int64_t(duration * 1000)), peers::PeerGroup::Until::AllFinished);
    g_group = nullptr;
    const int code = group.allFinished() ? group.exitCode() : 0;
    const auto statuses = group.statuses();
    if (!statuses.empty()) {
        const peers::PeerStatus &s = statuses.front();
        std::fprintf(stderr, "zmqscope peer %s: %s; %llu message(s) sent, %llu received%s%s\n", argv[2], s.state.c_str(),
                     static_cast<unsigned long long>(s.sent), static_cast<unsigned long long>(s.received),
                     s.lastError.empty() ? "" : "; last error: ", s.lastError.c_str());
    }
    return code;
}

}   // namespace zmqscope
