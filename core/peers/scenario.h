// Scenario files: a set of peers and devices to run together, read from
//   - ZDCF 1.0 (17/ZDCF), in ZPL (4/ZPL) or JSON: apps/<app>/devices/<name>
//     with sockets (type, bind, connect, option), each device run by the
//     `device` role; and ZmqScope's own section, apps/<app>/peers/<name>
//     (or a top-level `peers`), one per role: `role = mdp-broker` and the
//     role's options by name (repeat a name, or use a JSON array, for lists);
//   - ZDCF 0.1 (5/ZDCF) JSON: devices at the top level.
// Every problem is reported with its line and column and what was expected.
// Plain C++: the command line (`zmqscope run`) and the window both use it.
#pragma once

#include "options.h"

#include <map>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::peers {

struct RoleInfo;

struct ScenarioPeer {
    std::string name;                  // "broker", "main" (a device)
    const RoleInfo *role = nullptr;
    std::map<std::string, std::vector<std::string>> options;   // as given; Options::make has accepted them
    int line = 0, column = 0;          // where it is defined
};

struct Scenario {
    std::string format;                // "ZDCF 1.0 (ZPL)", "ZDCF 1.0 (JSON)", "ZDCF 0.1 (JSON)"
    std::vector<ScenarioPeer> peers;   // in file order
    std::vector<std::string> notes;    // what is read but not applied ("line 9: option swap ... not applied")
};

struct ScenarioError {
    int line = 0, column = 0;
    std::string message;
    std::string text() const;          // "line 4, column 9: ..."
};

// `name` picks the syntax: *.json is JSON, anything else ZPL (a file whose
// first non-blank character is '{' is JSON whatever its name).
std::optional<Scenario> parseScenario(std::string_view text, std::string_view name, ScenarioError *error);
std::optional<Scenario> loadScenario(const std::string &path, ScenarioError *error);

}   // namespace zmqscope::peers
