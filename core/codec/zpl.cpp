#include "zpl.h"

namespace zmqscope::codec {

namespace {

bool nameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '-'
        || c == '_' || c == '@' || c == '.' || c == '&' || c == '+' || c == '/';
}

bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

void writeNode(std::string &out, const ZplNode &node, int depth)
{
    out.append(std::size_t(depth) * 4, ' ');
    out += node.name;
    if (!node.value.empty())
        out += " = \"" + node.value + "\"";
    out += '\n';
    for (const ZplNode &c : node.children)
        writeNode(out, c, depth + 1);
}

}   // namespace

const ZplNode *ZplNode::child(std::string_view n) const
{
    for (const ZplNode &c : children)
        if (c.name == n)
            return &c;
    return nullptr;
}

const ZplNode *ZplNode::find(std::string_view path) const
{
    const ZplNode *node = this;
    while (node && !path.empty()) {
        const std::size_t slash = path.find('/');
        node = node->child(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    }
    return node;
}

ZplNode &ZplNode::add(std::string n, std::string v)
{
    children.push_back(ZplNode{std::move(n), std::move(v), {}});
    return children.back();
}

ZplResult parseZpl(std::string_view text)
{
    ZplResult result;
    ZplNode root;
    std::vector<ZplNode *> stack{&root};   // stack[d] is the parent for depth d
    int lineNo = 0;
    std::size_t at = 0;   // the column being read, for errors
    auto fail = [&](std::string why) {
        result.error = std::move(why);
        result.line = lineNo;
        result.column = int(at) + 1;
        return result;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++lineNo;
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && space(line.back()))
            line.remove_suffix(1);
        std::size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ')
            ++indent;
        if (indent == line.size() || line[indent] == '#')
            continue;   // blank or comment
        at = indent;
        if (line[indent] == '\t')
            return fail("tab in indentation");
        if (indent % 4 != 0)
            return fail("indentation of " + std::to_string(indent) + " spaces is not a multiple of 4");
        const std::size_t depth = indent / 4;
        if (depth >= stack.size())
            return fail("indented more than one level below its parent");
        std::size_t p = indent;
        while (p < line.size() && nameChar(line[p]))
            ++p;
        const std::string_view name = line.substr(indent, p - indent);
        at = p;
        if (name.empty())
            return fail("a property must start with a name");
        if (name.front() == '/' || name.back() == '/')
            return fail("a name may not start or end with '/'");
        while (p < line.size() && space(line[p]))
            ++p;
        std::string value;
        if (p < line.size() && line[p] == '=') {
            ++p;
            while (p < line.size() && space(line[p]))
                ++p;
            if (p < line.size() && (line[p] == '"' || line[p] == '\'')) {
                const char quote = line[p];
                const std::size_t close = line.find(quote, p + 1);
                at = p;
                if (close == std::string_view::npos)
                    return fail("unclosed quote");
                value = std::string(line.substr(p + 1, close - p - 1));
                p = close + 1;
                while (p < line.size() && space(line[p]))
                    ++p;
                at = p;
                if (p < line.size() && line[p] != '#')
                    return fail("text after a quoted value");
            } else {
                std::size_t end = line.find('#', p);
                if (end == std::string_view::npos)
                    end = line.size();
                std::string_view v = line.substr(p, end - p);
                while (!v.empty() && space(v.back()))
                    v.remove_suffix(1);
                value = std::string(v);
            }
        } else if (p < line.size() && line[p] != '#') {
            at = p;
            return fail("unexpected '" + std::string(1, line[p]) + "' after the name");
        }
        stack.resize(depth + 1);
        ZplNode &node = stack[depth]->add(std::string(name), std::move(value));
        node.line = lineNo;
        node.column = int(indent) + 1;
        stack.push_back(&node);
    }
    result.root = std::move(root);
    return result;
}

std::string writeZpl(const ZplNode &root, const std::vector<std::string> &comments)
{
    std::string out;
    for (const std::string &c : comments)
        out += "#" + c + "\n";
    if (!comments.empty())
        out += "\n";
    for (const ZplNode &c : root.children)
        writeNode(out, c, 0);
    return out;
}

}   // namespace zmqscope::codec
