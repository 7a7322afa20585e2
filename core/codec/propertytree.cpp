#include "propertytree.h"

#include "zpl.h"

#include <cctype>

namespace zmqscope::codec {

const PropertyNode *PropertyNode::child(std::string_view n) const
{
    for (const PropertyNode &c : children)
        if (c.name == n)
            return &c;
    return nullptr;
}

namespace {

struct Fail {
    PropertyError error;
};

// --- JSON, with positions ------------------------------------------------------

class JsonReader {
public:
    explicit JsonReader(std::string_view text) : m_text(text) {}

    PropertyNode document()
    {
        PropertyNode root;
        skip();
        if (m_pos >= m_text.size())
            return root;   // (an empty file: an empty scenario)
        if (peek() != '{')
            fail("expected '{' to open the scenario object");
        root.line = 1;
        root.column = 1;
        object(root);
        skip();
        if (m_pos < m_text.size())
            fail("expected the end of the file after the closing '}'");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        int line = 1, column = 1;
        for (std::size_t i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw Fail{{line, column, what}};
    }
    // Positions are asked for in increasing order: count from the last one
    // (counting from the start each time made big files quadratic).
    void position(PropertyNode &n)
    {
        if (m_pos < m_countedTo) {
            m_countedTo = 0;
            m_line = m_column = 1;
        }
        for (; m_countedTo < m_pos && m_countedTo < m_text.size(); ++m_countedTo) {
            if (m_text[m_countedTo] == '\n') {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
        }
        n.line = m_line;
        n.column = m_column;
    }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void skip()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }
    void expect(char c, const char *what)
    {
        skip();
        if (peek() != c)
            fail(std::string("expected ") + what);
        ++m_pos;
    }
    std::string string()
    {
        skip();
        if (peek() != '"')
            fail("expected a string in double quotes");
        ++m_pos;
        std::string out;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            char c = m_text[m_pos++];
            if (c == '\n')
                fail("a string may not run past the end of the line");
            if (c == '\\') {
                if (m_pos >= m_text.size())
                    break;
                c = m_text[m_pos++];
                switch (c) {
                case 'n': c = '\n'; break;
                case 't': c = '\t'; break;
                case 'r': c = '\r'; break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case 'u': {
                    unsigned v = 0;
                    for (int i = 0; i < 4; ++i) {
                        const char h = peek();
                        if (!std::isxdigit(static_cast<unsigned char>(h)))
                            fail("expected four hex digits after \\u");
                        v = v * 16 + unsigned(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : std::tolower(h) - 'a' + 10);
                        ++m_pos;
                    }
                    // (UTF-8 for the basic plane; scenario files are ASCII in practice)
                    if (v < 0x80) {
                        out.push_back(char(v));
                    } else if (v < 0x800) {
                        out.push_back(char(0xC0 | (v >> 6)));
                        out.push_back(char(0x80 | (v & 0x3F)));
                    } else {
                        out.push_back(char(0xE0 | (v >> 12)));
                        out.push_back(char(0x80 | ((v >> 6) & 0x3F)));
                        out.push_back(char(0x80 | (v & 0x3F)));
                    }
                    continue;
                }
                default: break;   // \" \\ \/
                }
            }
            out.push_back(c);
        }
        if (peek() != '"')
            fail("the string is not closed");
        ++m_pos;
        return out;
    }
    // A value for `key`: added to `parent` (an array adds one child per item).
    void value(PropertyNode &parent, const std::string &key, int depth)
    {
        if (depth > 64)
            fail("nested more than 64 levels deep");
        skip();
        PropertyNode n;
        n.name = key;
        position(n);
        const char c = peek();
        if (c == '{') {
            object(n, depth + 1);
            parent.children.push_back(std::move(n));
        } else if (c == '[') {
            ++m_pos;
            skip();
            if (peek() == ']') {
                ++m_pos;
                return;
            }
            for (;;) {
                value(parent, key, depth + 1);
                skip();
                if (peek() == ',') {
                    ++m_pos;
                    continue;
                }
                if (peek() == ']') {
                    ++m_pos;
                    return;
                }
                fail("expected ',' or ']' in the list");
            }
        } else if (c == '"') {
            n.value = string();
            parent.children.push_back(std::move(n));
        } else {
            const std::size_t start = m_pos;
            while (m_pos < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.'
                                             || m_text[m_pos] == '-' || m_text[m_pos] == '+'))
                ++m_pos;
            const std::string_view word = m_text.substr(start, m_pos - start);
            if (word.empty())
                fail("expected a value (a string, a number, true, false, an object or a list)");
            const std::size_t end = m_pos;
            m_pos = start;   // (an error points at the word)
            if (word == "null")
                n.value.clear();
            else if (word == "true" || word == "false" || std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-')
                n.value = std::string(word);
            else
                fail("expected a value, not '" + std::string(word) + "' (strings need double quotes)");
            m_pos = end;
            parent.children.push_back(std::move(n));
        }
    }
    void object(PropertyNode &n, int depth = 0)
    {
        expect('{', "'{'");
        skip();
        if (peek() == '}') {
            ++m_pos;
            return;
        }
        for (;;) {
            const std::string key = string();
            expect(':', "':' after the name");
            value(n, key, depth);
            skip();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return;
            }
            fail("expected ',' or '}' after the value");
        }
    }

    std::size_t m_countedTo = 0;
    int m_line = 1, m_column = 1;
    std::string_view m_text;
    std::size_t m_pos = 0;
};

PropertyNode fromZpl(const ZplNode &z)
{
    PropertyNode n{z.name, z.value, {}, z.line, z.column};
    for (const ZplNode &c : z.children)
        n.children.push_back(fromZpl(c));
    return n;
}

}   // namespace

std::optional<PropertyNode> parseJsonTree(std::string_view text, PropertyError *error)
{
    try {
        return JsonReader(text).document();
    } catch (const Fail &f) {
        if (error)
            *error = f.error;
        return std::nullopt;
    }
}

std::optional<PropertyNode> parseZplTree(std::string_view text, PropertyError *error)
{
    const ZplResult zpl = parseZpl(text);
    if (!zpl.root) {
        if (error)
            *error = {zpl.line, zpl.column, zpl.error};
        return std::nullopt;
    }
    return fromZpl(*zpl.root);
}

}   // namespace zmqscope::codec
