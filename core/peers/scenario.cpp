#include "scenario.h"

#include "codec/propertytree.h"
#include "peer.h"

#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

namespace zmqscope::peers {

namespace {

using Node = codec::PropertyNode;

struct Fail {
    ScenarioError error;
};

[[noreturn]] void fail(const Node &at, const std::string &what)
{
    throw Fail{{at.line, at.column, what}};
}

std::string roleList()
{
    std::string out;
    for (const RoleInfo *r : roles())
        out += (out.empty() ? "" : ", ") + std::string(r->id);
    return out;
}

// apps/<app>/peers/<name>: role = ..., then the role's options.
ScenarioPeer peer(const Node &p)
{
    ScenarioPeer out;
    out.name = p.name;
    out.line = p.line;
    out.column = p.column;
    const Node *role = p.child("role");
    if (!role)
        fail(p, "peer '" + p.name + "' has no role (expected role = one of " + roleList() + ")");
    out.role = findRole(role->value);
    if (!out.role)
        fail(*role, "unknown role '" + role->value + "' (expected one of " + roleList() + ")");
    for (const Node &o : p.children) {
        if (o.name == "role")
            continue;
        const OptionSpec *spec = nullptr;
        for (const OptionSpec &s : out.role->options)
            if (s.name == o.name)
                spec = &s;
        if (!spec) {
            std::string names;
            for (const OptionSpec &s : out.role->options)
                names += (names.empty() ? "" : ", ") + std::string(s.name);
            fail(o, "'" + o.name + "' is not an option of " + std::string(out.role->id) + " (expected one of " + names + ")");
        }
        if (!o.children.empty())
            fail(o, "'" + o.name + "' takes a value, not a section");
        const std::string problem = checkOption(*spec, o.value);
        if (!problem.empty())
            fail(o, o.name + " = " + o.value + ": " + problem);
        auto &values = out.options[o.name];
        if (!values.empty() && !spec->repeatable)
            fail(o, "'" + o.name + "' given twice (" + std::string(out.role->id) + " takes one)");
        values.push_back(o.value);
    }
    std::string error;
    if (!Options::make(out.role->options, out.options, &error))
        fail(p, "peer '" + p.name + "': " + error);
    return out;
}

// A ZDCF device: its type and two sockets, run by the `device` role.
ScenarioPeer device(const Node &d, const std::vector<const Node *> &sockets, std::vector<std::string> &notes)
{
    ScenarioPeer out;
    out.name = d.name;
    out.line = d.line;
    out.column = d.column;
    out.role = findRole("device");
    const Node *type = d.child("type");
    const std::string t = type ? type->value : "zmq_queue";
    if (t != "zmq_queue" && t != "zmq_forwarder" && t != "zmq_streamer")
        fail(type ? *type : d, "device type '" + t + "' (expected zmq_queue, zmq_forwarder or zmq_streamer)");
    out.options["type"] = {t};
    const Node *front = nullptr, *back = nullptr;
    for (const Node *s : sockets) {
        if (s->name == "frontend")
            front = s;
        else if (s->name == "backend")
            back = s;
    }
    for (const Node *s : sockets) {
        if (!front && s != back)
            front = s;
        else if (!back && s != front)
            back = s;
    }
    if (!front || !back)
        fail(d, "device '" + d.name + "' needs two sockets (expected frontend and backend)");
    for (const auto &[side, s] : {std::pair{"frontend", front}, std::pair{"backend", back}}) {
        const std::string prefix = std::string(side) + "-";
        for (const Node &c : s->children) {
            if (c.name == "type") {
                std::string upper = c.value;
                for (char &ch : upper)
                    ch = char(std::toupper(static_cast<unsigned char>(ch)));
                if (upper == "XREQ")
                    upper = "DEALER";   // (0.1's names)
                if (upper == "XREP")
                    upper = "ROUTER";
                if (socketTypeByName(upper) < 0)
                    fail(c, "socket type '" + c.value + "' (expected sub, pub, req, rep, push, pull, pair, dealer, router, xpub, xsub)");
                out.options[prefix + "type"] = {upper};
            } else if (c.name == "bind" || c.name == "connect") {
                const std::string problem = checkOption({"", OptionKind::Connect, "", ""}, c.value);
                if (!problem.empty())
                    fail(c, c.name + " = " + c.value + ": " + problem);
                out.options[prefix + c.name].push_back(c.value);
            } else if (c.name == "option") {
                for (const Node &o : c.children) {
                    if (o.name == "hwm" || o.name == "identity" || o.name == "subscribe") {
                        out.options[prefix + o.name].push_back(o.value);
                    } else if (o.name == "swap" || o.name == "mcast_loop" || o.name == "affinity" || o.name == "rate"
                               || o.name == "recovery_ivl" || o.name == "sndbuf" || o.name == "rcvbuf") {
                        notes.push_back("line " + std::to_string(o.line) + ": option " + o.name + " of " + d.name + "/" + s->name
                                        + " is not applied (a libzmq 2.x option)");
                    } else {
                        fail(o, "unknown socket option '" + o.name
                                    + "' (expected hwm, identity, subscribe, swap, affinity, rate, recovery_ivl, sndbuf, rcvbuf, mcast_loop)");
                    }
                }
            } else {
                fail(c, "'" + c.name + "' in a socket (expected type, bind, connect or option)");
            }
        }
    }
    std::string error;
    if (!Options::make(out.role->options, out.options, &error))
        fail(d, "device '" + d.name + "': " + error);
    return out;
}

Scenario interpret(const Node &root, const std::string &syntax)
{
    Scenario s;
    std::vector<std::string> notes;
    if (root.children.empty()) {
        s.format = "ZDCF (empty)";
        return s;
    }
    const auto peersOf = [&](const Node *section) {
        if (!section)
            return;
        for (const Node &p : section->children)
            s.peers.push_back(peer(p));
    };
    if (const Node *version = root.child("version")) {
        // 17/ZDCF: a higher integer part is a format this does not read.
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(version->value, &used);
        } catch (...) {
            used = 0;
        }
        if (used == 0 || used != version->value.size())
            fail(*version, "version '" + version->value + "' is not a number (expected 1.0)");
        if (int(v) != 1)
            fail(*version, "version " + version->value + " (this reads ZDCF 1.x)");
        s.format = "ZDCF 1.0 (" + syntax + ")";
        for (const Node &c : root.children) {
            if (c.name == "version" || c.name == "peers")
                continue;
            if (c.name != "apps")
                fail(c, "'" + c.name + "' at the top level (expected version, apps or peers)");
            for (const Node &app : c.children) {
                for (const Node &part : app.children) {
                    if (part.name == "context")
                        continue;   // (iothreads, verbose: one context per group here)
                    if (part.name == "devices") {
                        for (const Node &d : part.children) {
                            std::vector<const Node *> sockets;
                            if (const Node *ss = d.child("sockets"))
                                for (const Node &x : ss->children)
                                    sockets.push_back(&x);
                            for (const Node &x : d.children)
                                if (x.name != "type" && x.name != "sockets")
                                    fail(x, "'" + x.name + "' in a device (expected type or sockets)");
                            s.peers.push_back(device(d, sockets, notes));
                        }
                    } else if (part.name == "peers") {
                        peersOf(&part);
                    } else {
                        fail(part, "'" + part.name + "' in app '" + app.name + "' (expected context, devices or peers)");
                    }
                }
            }
        }
        peersOf(root.child("peers"));
    } else {
        // 5/ZDCF 0.1: devices at the top level.
        s.format = "ZDCF 0.1 (" + syntax + ")";
        for (const Node &d : root.children) {
            if (d.name == "context")
                continue;
            if (d.name == "peers") {
                peersOf(&d);
                continue;
            }
            std::vector<const Node *> sockets;
            for (const Node &x : d.children)
                if (x.name != "type")
                    sockets.push_back(&x);
            s.peers.push_back(device(d, sockets, notes));
        }
    }
    std::set<std::string> names;
    for (const ScenarioPeer &p : s.peers)
        if (!names.insert(p.name).second)
            throw Fail{{p.line, p.column, "a second peer or device named '" + p.name + "'"}};
    s.notes = std::move(notes);
    return s;
}

}   // namespace

std::string ScenarioError::text() const
{
    return "line " + std::to_string(line) + (column ? ", column " + std::to_string(column) : std::string()) + ": " + message;
}

std::optional<Scenario> parseScenario(std::string_view text, std::string_view name, ScenarioError *error)
{
    try {
        std::size_t first = 0;
        while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first])))
            ++first;
        const bool json = name.ends_with(".json") || (first < text.size() && text[first] == '{');
        codec::PropertyError syntax;
        const auto tree = json ? codec::parseJsonTree(text, &syntax) : codec::parseZplTree(text, &syntax);
        if (!tree)
            throw Fail{{syntax.line, syntax.column, syntax.message}};
        return interpret(*tree, json ? "JSON" : "ZPL");
    } catch (const Fail &f) {
        if (error)
            *error = f.error;
        return std::nullopt;
    }
}

std::optional<Scenario> loadScenario(const std::string &path, ScenarioError *error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error)
            *error = {0, 0, "cannot read " + path};
        return std::nullopt;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    if (text.size() > (std::size_t(16) << 20)) {
        if (error)
            *error = {0, 0, path + " is larger than 16 MiB"};
        return std::nullopt;
    }
    return parseScenario(text, path, error);
}

}   // namespace zmqscope::peers
