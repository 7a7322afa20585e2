// A tree of named text values with the line and column each came from:
// what a configuration file says, in JSON or ZPL (4/ZPL), in one shape.
// JSON objects and ZPL sections become named children; a JSON array
// becomes its key repeated (ZPL's way of writing a list); numbers,
// true, false stay as their text, null is empty. Scenario files
// (peers/scenario.h) are read through it; fuzzed (tests/fuzz).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

struct PropertyNode {
    std::string name, value;
    std::vector<PropertyNode> children;
    int line = 0, column = 0;   // 1-based, where the name (JSON: the value) starts
    const PropertyNode *child(std::string_view name) const;
};

struct PropertyError {
    int line = 0, column = 0;
    std::string message;   // what was expected
};

// JSON: the whole text one object (or nothing: an empty tree). Nesting is
// capped at 64 levels, strings at one line.
std::optional<PropertyNode> parseJsonTree(std::string_view text, PropertyError *error);
// ZPL, through parseZpl.
std::optional<PropertyNode> parseZplTree(std::string_view text, PropertyError *error);

}   // namespace zmqscope::codec
