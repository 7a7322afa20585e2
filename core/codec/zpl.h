// ZPL, the ZeroMQ Property Language (4/ZPL): an indented tree of named
// string values. Read as czmq's zconfig reads it (the de-facto reference,
// protocols digest section 4), written as zconfig writes it. Certificates
// (CURVE key files) and device configurations use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

struct ZplNode {
    std::string name;
    std::string value;
    std::vector<ZplNode> children;
    int line = 0, column = 0;      // where the name starts (1-based; 0 when built in code)

    const ZplNode *child(std::string_view name) const;
    // "curve/public-key": the first node along that path.
    const ZplNode *find(std::string_view path) const;
    ZplNode &add(std::string name, std::string value = {});
};

struct ZplResult {
    std::optional<ZplNode> root;   // unnamed root holding the top-level nodes
    std::string error;
    int line = 0;                  // 1-based line of the error
    int column = 0;                // 1-based column, where it is known
};

ZplResult parseZpl(std::string_view text);
// `comments` are written first, each line as "#" + text.
std::string writeZpl(const ZplNode &root, const std::vector<std::string> &comments = {});

}   // namespace zmqscope::codec
