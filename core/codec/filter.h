// The display filter language: expressions over dissected field names, as
// the filter bar takes them.
//
//   expr    := or
//   or      := and ( "||" and )*
//   and     := not ( "&&" not )*
//   not     := "!" not | "(" expr ")" | test
//   test    := FIELD [ OP VALUE ]          a field alone: it is present
//   OP      := == != < <= > >= contains matches
//   VALUE   := "string" | number
//   FIELD   := a key of the field table (zmtp.command, zmtp.frame.size,
//              zap.username...), or conn, dir ("c2s"/"s2c"), kind, and
//              zmtp.version / zmtp.mechanism, which hold on every frame of
//              a sender with that version or mechanism
//
// A test holds when any field of that name in the event's tree satisfies
// it. String values compare without the quotes the dissection puts around
// byte strings; numbers compare as numbers; `matches` takes an ECMAScript
// regular expression. Parsing checks field names against the field table
// and says where an expression goes wrong.
#pragma once

#include "dissection.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

struct FilterContext {
    std::uint32_t connection = 0;
    std::string_view direction;   // "c2s" / "s2c"
    std::string_view kind;        // "message", "command", ...
    std::string_view version;     // the sender's ZMTP version: zmtp.version holds on every frame of it
    std::string_view mechanism;   // the sender's mechanism: zmtp.mechanism
};

class FilterExpression {
public:
    struct Node;

    static std::optional<FilterExpression> parse(std::string_view text, std::string *error = nullptr,
                                                 std::size_t *errorAt = nullptr);
    bool matches(const Field &tree, const FilterContext &context) const;
    // The same, with the tree built only if a test needs it (conn, dir,
    // kind, zmtp.mechanism and a sender's zmtp.version need none; `&&` and
    // `||` stop early). `tree` is called at most once; nullptr: no tree.
    bool matches(const std::function<const Field *()> &tree, const FilterContext &context) const;

    // Every name the language accepts as a field (for completion).
    static std::vector<std::string> fieldNames();

    FilterExpression(FilterExpression &&) noexcept;
    FilterExpression &operator=(FilterExpression &&) noexcept;
    ~FilterExpression();

private:
    FilterExpression();
    std::unique_ptr<Node> m_root;
};

}   // namespace zmqscope::codec
