#include "filter.h"

#include <cctype>
#include <cstdlib>
#include <regex>

namespace zmqscope::codec {

namespace {

enum class Op { Present, Eq, Ne, Lt, Le, Gt, Ge, Contains, Matches };

bool pseudoField(std::string_view name)
{
    return name == "conn" || name == "dir" || name == "kind" || name == "zmtp.mechanism";
}

// Field values the dissection writes as "quoted" byte strings compare
// without their quotes.
std::string_view unquote(std::string_view v)
{
    if (v.size() >= 2 && v.front() == '"') {
        const std::size_t close = v.rfind('"');
        if (close > 0)
            return v.substr(1, close - 1);
    }
    return v;
}

std::optional<double> number(std::string_view v)
{
    if (v.empty())
        return std::nullopt;
    std::string s(v);
    char *end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0')
        return std::nullopt;
    return d;
}

}   // namespace

struct FilterExpression::Node {
    enum class Kind { And, Or, Not, Test } kind = Kind::Test;
    std::unique_ptr<Node> left, right;
    std::string field;
    Op op = Op::Present;
    std::string value;
    std::optional<double> numeric;
    std::optional<std::regex> regex;

    bool test(std::string_view fieldValue) const
    {
        if (op == Op::Present)
            return true;
        const std::string_view v = unquote(fieldValue);
        switch (op) {
        case Op::Contains: return v.find(value) != std::string_view::npos;
        case Op::Matches: return std::regex_search(v.begin(), v.end(), *regex);
        default: break;
        }
        const auto n = number(v);
        if (numeric && n)
            return holds(threeWay(*n, *numeric));
        return holds(v.compare(value));
    }

    // A typed field: a number compares as a number with a numeric value;
    // anything else compares its display text.
    bool test(const Field &f) const
    {
        if (op == Op::Present)
            return true;
        if (f.numeric() && numeric && op != Op::Contains && op != Op::Matches) {
            if (f.kind == ValueKind::Unsigned && *numeric >= 0 && *numeric < 18446744073709551616.0
                && *numeric == double(std::uint64_t(*numeric)))
                return holds(f.number < std::uint64_t(*numeric) ? -1 : f.number > std::uint64_t(*numeric) ? 1 : 0);
            return holds(threeWay(f.asDouble(), *numeric));
        }
        return test(std::string_view(f.value));
    }

    static int threeWay(double a, double b) { return a < b ? -1 : a > b ? 1 : 0; }
    // Whether the comparison `op` holds for a three-way result (<0, 0, >0).
    bool holds(int c) const
    {
        switch (op) {
        case Op::Eq: return c == 0;
        case Op::Ne: return c != 0;
        case Op::Lt: return c < 0;
        case Op::Le: return c <= 0;
        case Op::Gt: return c > 0;
        case Op::Ge: return c >= 0;
        default: return false;
        }
    }

    bool anyField(const Field &f) const
    {
        if (f.key() == field && test(f))
            return true;
        for (const Field &c : f.children)
            if (anyField(c))
                return true;
        return false;
    }

    // The event's tree, built on first use.
    struct Tree {
        const std::function<const Field *()> *make;
        const Field *field = nullptr;
        bool made = false;
        const Field *get()
        {
            if (!made) {
                made = true;
                field = (*make)();
            }
            return field;
        }
    };

    bool eval(Tree &tree, const FilterContext &ctx) const
    {
        switch (kind) {
        case Kind::And: return left->eval(tree, ctx) && right->eval(tree, ctx);
        case Kind::Or: return left->eval(tree, ctx) || right->eval(tree, ctx);
        case Kind::Not: return !left->eval(tree, ctx);
        case Kind::Test:
            switch (special) {
            case Special::Conn: return connectionTest(ctx.connection);
            case Special::Dir: return test(ctx.direction);
            case Special::Kind: return test(ctx.kind);
            case Special::Mechanism: return test(ctx.mechanism);
            case Special::Version:
                if (test(ctx.version))
                    return true;
                break;
            case Special::None: break;
            }
            const Field *t = tree.get();
            return t && anyField(*t);
        }
        return false;
    }

    // conn compares as a number without formatting it.
    bool connectionTest(std::uint32_t connection) const
    {
        if (numeric && op != Op::Contains && op != Op::Matches && op != Op::Present)
            return holds(threeWay(double(connection), *numeric));
        return test(std::to_string(connection));
    }

    enum class Special { None, Conn, Dir, Kind, Mechanism, Version } special = Special::None;
    void classify()
    {
        special = field == "conn"             ? Special::Conn
            : field == "dir"                  ? Special::Dir
            : field == "kind"                 ? Special::Kind
            : field == "zmtp.mechanism"       ? Special::Mechanism
            : field == "zmtp.version"         ? Special::Version
                                              : Special::None;
        if (left)
            left->classify();
        if (right)
            right->classify();
    }
};

namespace {

class Parser {
public:
    explicit Parser(std::string_view t) : m_text(t) {}

    std::unique_ptr<FilterExpression::Node> parse()
    {
        auto n = parseOr();
        skip();
        if (n && m_pos < m_text.size())
            return fail("unexpected '" + std::string(m_text.substr(m_pos, 10)) + "'");
        return n;
    }
    std::string error;
    std::size_t errorAt = 0;

private:
    using Node = FilterExpression::Node;

    std::unique_ptr<Node> fail(std::string why)
    {
        if (error.empty()) {
            error = std::move(why);
            errorAt = m_pos;
        }
        return nullptr;
    }
    void skip()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    bool eat(std::string_view token)
    {
        skip();
        if (m_text.substr(m_pos, token.size()) == token) {
            m_pos += token.size();
            return true;
        }
        return false;
    }
    std::unique_ptr<Node> binary(Node::Kind kind, std::unique_ptr<Node> l, std::unique_ptr<Node> r)
    {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }
    std::unique_ptr<Node> parseOr()
    {
        auto l = parseAnd();
        while (l && eat("||")) {
            auto r = parseAnd();
            if (!r)
                return nullptr;
            l = binary(Node::Kind::Or, std::move(l), std::move(r));
        }
        return l;
    }
    std::unique_ptr<Node> parseAnd()
    {
        auto l = parseNot();
        while (l && eat("&&")) {
            auto r = parseNot();
            if (!r)
                return nullptr;
            l = binary(Node::Kind::And, std::move(l), std::move(r));
        }
        return l;
    }
    std::unique_ptr<Node> parseNot()
    {
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == '!' && m_text.substr(m_pos, 2) != "!=") {
            ++m_pos;
            auto inner = parseNot();
            if (!inner)
                return nullptr;
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::Not;
            n->left = std::move(inner);
            return n;
        }
        if (eat("(")) {
            auto inner = parseOr();
            if (!inner)
                return nullptr;
            if (!eat(")"))
                return fail("missing ')'");
            return inner;
        }
        return parseTest();
    }
    std::unique_ptr<Node> parseTest()
    {
        skip();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size()
               && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.' || m_text[m_pos] == '_'))
            ++m_pos;
        if (m_pos == start)
            return fail(m_pos < m_text.size() ? "expected a field name" : "expression ends too early");
        auto n = std::make_unique<Node>();
        n->field = std::string(m_text.substr(start, m_pos - start));
        if (!pseudoField(n->field) && !findField(n->field)) {
            m_pos = start;
            return fail("unknown field '" + n->field + "'");
        }
        skip();
        static constexpr std::pair<std::string_view, Op> kOps[] = {
            {"==", Op::Eq}, {"!=", Op::Ne}, {"<=", Op::Le}, {">=", Op::Ge}, {"<", Op::Lt},
            {">", Op::Gt}, {"contains", Op::Contains}, {"matches", Op::Matches}};
        for (const auto &[token, op] : kOps) {
            if (m_text.substr(m_pos, token.size()) == token) {
                m_pos += token.size();
                n->op = op;
                break;
            }
        }
        if (n->op == Op::Present)
            return n;
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            const std::size_t close = m_text.find('"', m_pos + 1);
            if (close == std::string_view::npos)
                return fail("unclosed string");
            n->value = std::string(m_text.substr(m_pos + 1, close - m_pos - 1));
            m_pos = close + 1;
        } else {
            const std::size_t vstart = m_pos;
            while (m_pos < m_text.size()
                   && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.'
                       || m_text[m_pos] == '-'))
                ++m_pos;
            if (m_pos == vstart)
                return fail("expected a value");
            n->value = std::string(m_text.substr(vstart, m_pos - vstart));
            n->numeric = number(n->value);
        }
        if (n->op == Op::Matches) {
            try {
                n->regex.emplace(n->value, std::regex::ECMAScript);
            } catch (const std::regex_error &e) {
                return fail("bad regular expression: " + std::string(e.what()));
            }
        }
        if ((n->op == Op::Lt || n->op == Op::Le || n->op == Op::Gt || n->op == Op::Ge) && !n->numeric)
            n->numeric = number(n->value);
        return n;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

}   // namespace

FilterExpression::FilterExpression() = default;
FilterExpression::FilterExpression(FilterExpression &&) noexcept = default;
FilterExpression &FilterExpression::operator=(FilterExpression &&) noexcept = default;
FilterExpression::~FilterExpression() = default;

std::optional<FilterExpression> FilterExpression::parse(std::string_view text, std::string *error, std::size_t *errorAt)
{
    Parser p(text);
    auto root = p.parse();
    if (!root) {
        if (error)
            *error = p.error.empty() ? "empty expression" : p.error;
        if (errorAt)
            *errorAt = p.errorAt;
        return std::nullopt;
    }
    root->classify();
    FilterExpression e;
    e.m_root = std::move(root);
    return e;
}

bool FilterExpression::matches(const Field &tree, const FilterContext &context) const
{
    const std::function<const Field *()> make = [&tree] { return &tree; };
    return matches(make, context);
}

bool FilterExpression::matches(const std::function<const Field *()> &tree, const FilterContext &context) const
{
    Node::Tree lazy{&tree};
    return m_root && m_root->eval(lazy, context);
}

std::vector<std::string> FilterExpression::fieldNames()
{
    std::vector<std::string> names{"conn", "dir", "kind", "zmtp.mechanism"};
    for (const FieldInfo *f : allFields())
        names.emplace_back(f->key);
    return names;
}

}   // namespace zmqscope::codec
