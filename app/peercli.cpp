// `zmqscope peer ROLE [options]` runs one role of core/peers headless and
// says what it does, one line per event:
//   [  0.512] mdp-client: reply 1: hello
// until it finishes on its own (a client that made its requests: its exit
// code), --duration passes, or Ctrl-C (exit 0). The options come from the
// role's table (peers/*), so --help is always complete.
// Exit codes: 0 done, 1 the role failed (cannot bind, gave up with an
// error), 2 bad arguments or a client that gave up.
#include "peercli.h"

#include "peers/peergroup.h"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
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
    case peers::OptionKind::Endpoint: return " ENDPOINT";
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

}   // namespace

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
    group.setLogSink([](const peers::Peer &p, const peers::LogLine &l) {
        const char *level = l.level == peers::LogLevel::Error ? "error: " : l.level == peers::LogLevel::Warning ? "warning: " : "";
        std::fprintf(stdout, "[%4lld.%03lld] %.*s: %s%s\n", static_cast<long long>(l.timeMs / 1000),
                     static_cast<long long>(l.timeMs % 1000), int(p.role().id.size()), p.role().id.data(), level,
                     l.text.c_str());
        std::fflush(stdout);
    });
    g_group = &group;
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    group.add(role->create(*role, std::move(*options)));
    group.runFor(std::chrono::milliseconds(std::int64_t(duration * 1000)), true);
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
