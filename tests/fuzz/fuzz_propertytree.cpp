// libFuzzer target for configuration text: scenario files and certificates
// are read as JSON or ZPL into a property tree (codec/propertytree.h). Any
// input ends in a tree or an error with a position inside the text, never
// a crash, a hang or unbounded memory. Byte 0 picks the syntax.
#include "codec/propertytree.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace zmqscope::codec;

namespace {
void walk(const PropertyNode &n, int lines, int depth)
{
    if (n.line < 0 || n.line > lines + 1 || depth > 200)
        std::abort();
    for (const PropertyNode &c : n.children)
        walk(c, lines, depth + 1);
}
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    int lines = 1;
    for (const char c : text)
        lines += c == '\n';
    PropertyError error;
    const auto tree = data[0] & 1 ? parseJsonTree(text, &error) : parseZplTree(text, &error);
    if (tree)
        walk(*tree, lines, 0);
    else if (error.line < 0 || error.line > lines + 1 || error.message.empty())
        std::abort();
    return 0;
}
