#include "mtlwire.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace zmqscope::peers::mtl {

// --- JSON --------------------------------------------------------------------------

Json Json::string(std::string s)
{
    Json j;
    j.type = Type::String;
    j.text = std::move(s);
    return j;
}

Json Json::whole(std::int64_t n)
{
    Json j;
    j.type = Type::Number;
    j.number = double(n);
    j.integral = true;
    j.integer = n;
    return j;
}

Json Json::array(std::vector<Json> items)
{
    Json j;
    j.type = Type::Array;
    j.items = std::move(items);
    return j;
}

Json Json::object(std::vector<Member> members)
{
    Json j;
    j.type = Type::Object;
    j.members = std::move(members);
    return j;
}

const Json *Json::find(std::string_view key) const
{
    if (type != Type::Object)
        return nullptr;
    for (const auto &[name, value] : members)
        if (name == key)
            return &value;
    return nullptr;
}

namespace {

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : m_text(text) {}

    std::optional<Json> document(std::string *error)
    {
        Json v;
        space();
        if (value(v, 0)) {
            space();
            if (m_at == m_text.size())
                return v;
            problem("text after the value");
        }
        if (error)
            *error = "column " + std::to_string(m_at + 1) + ": " + m_problem;
        return std::nullopt;
    }

private:
    bool problem(std::string what)
    {
        if (m_problem.empty())
            m_problem = std::move(what);
        return false;
    }

    void space()
    {
        while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\n' || m_text[m_at] == '\r'))
            ++m_at;
    }

    bool literal(std::string_view word)
    {
        if (m_text.substr(m_at, word.size()) != word)
            return problem("expected a value");
        m_at += word.size();
        return true;
    }

    bool value(Json &out, int depth)
    {
        if (depth > kMaxJsonDepth)
            return problem("nested deeper than " + std::to_string(kMaxJsonDepth));
        if (m_at >= m_text.size())
            return problem("expected a value");
        switch (m_text[m_at]) {
        case '{': return object(out, depth);
        case '[': return array(out, depth);
        case '"': out.type = Json::Type::String; return string(out.text);
        case 't': out.type = Json::Type::Bool; out.flag = true; return literal("true");
        case 'f': out.type = Json::Type::Bool; out.flag = false; return literal("false");
        case 'n': out.type = Json::Type::Null; return literal("null");
        default: return number(out);
        }
    }

    bool object(Json &out, int depth)
    {
        out.type = Json::Type::Object;
        ++m_at;   // {
        space();
        if (m_at < m_text.size() && m_text[m_at] == '}') {
            ++m_at;
            return true;
        }
        for (;;) {
            space();
            if (m_at >= m_text.size() || m_text[m_at] != '"')
                return problem("expected a member name in quotes");
            std::string name;
            if (!string(name))
                return false;
            space();
            if (m_at >= m_text.size() || m_text[m_at] != ':')
                return problem("expected ':'");
            ++m_at;
            space();
            Json v;
            if (!value(v, depth + 1))
                return false;
            out.members.push_back({std::move(name), std::move(v)});
            space();
            if (m_at < m_text.size() && m_text[m_at] == ',') {
                ++m_at;
                continue;
            }
            if (m_at < m_text.size() && m_text[m_at] == '}') {
                ++m_at;
                return true;
            }
            return problem("expected ',' or '}'");
        }
    }

    bool array(Json &out, int depth)
    {
        out.type = Json::Type::Array;
        ++m_at;   // [
        space();
        if (m_at < m_text.size() && m_text[m_at] == ']') {
            ++m_at;
            return true;
        }
        for (;;) {
            space();
            Json v;
            if (!value(v, depth + 1))
                return false;
            out.items.push_back(std::move(v));
            space();
            if (m_at < m_text.size() && m_text[m_at] == ',') {
                ++m_at;
                continue;
            }
            if (m_at < m_text.size() && m_text[m_at] == ']') {
                ++m_at;
                return true;
            }
            return problem("expected ',' or ']'");
        }
    }

    static void utf8(std::string &out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out.push_back(char(cp));
        } else if (cp < 0x800) {
            out.push_back(char(0xC0 | (cp >> 6)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(char(0xE0 | (cp >> 12)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(char(0xF0 | (cp >> 18)));
            out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        }
    }

    bool hex4(std::uint32_t &out)
    {
        if (m_at + 4 > m_text.size())
            return problem("\\u needs four hex digits");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_at++];
            out <<= 4;
            if (c >= '0' && c <= '9')
                out |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                out |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                out |= std::uint32_t(c - 'A' + 10);
            else
                return problem("\\u needs four hex digits");
        }
        return true;
    }

    bool string(std::string &out)
    {
        ++m_at;   // "
        while (m_at < m_text.size()) {
            const char c = m_text[m_at++];
            if (c == '"')
                return true;
            if (static_cast<unsigned char>(c) < 0x20)
                return problem("a control character in a string");
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (m_at >= m_text.size())
                break;
            switch (m_text[m_at++]) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    std::uint32_t low = 0;
                    if (m_text.substr(m_at, 2) != "\\u")
                        return problem("a high surrogate without its low half");
                    m_at += 2;
                    if (!hex4(low))
                        return false;
                    if (low < 0xDC00 || low >= 0xE000)
                        return problem("a high surrogate without its low half");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    return problem("a low surrogate alone");
                }
                utf8(out, cp);
                break;
            }
            default: return problem("an unknown escape");
            }
        }
        return problem("a string without its closing quote");
    }

    bool number(Json &out)
    {
        const std::size_t start = m_at;
        const auto digits = [&] {
            const std::size_t from = m_at;
            while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9')
                ++m_at;
            return m_at > from;
        };
        if (m_at < m_text.size() && m_text[m_at] == '-')
            ++m_at;
        if (m_at < m_text.size() && m_text[m_at] == '0')
            ++m_at;
        else if (!digits())
            return problem("expected a value");
        bool whole = true;
        if (m_at < m_text.size() && m_text[m_at] == '.') {
            ++m_at;
            whole = false;
            if (!digits())
                return problem("expected digits after '.'");
        }
        if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
            ++m_at;
            whole = false;
            if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-'))
                ++m_at;
            if (!digits())
                return problem("expected digits in the exponent");
        }
        const std::string text(m_text.substr(start, m_at - start));
        out.type = Json::Type::Number;
        out.number = std::strtod(text.c_str(), nullptr);
        if (whole) {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (ec == std::errc() && end == text.data() + text.size()) {
                out.integral = true;
                out.integer = n;
            }
        }
        return true;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    std::string m_problem;
};

void write(const Json &v, std::string &out);

void writeString(std::string_view s, std::string &out)
{
    out.push_back('"');
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
                out += escaped;
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

void write(const Json &v, std::string &out)
{
    switch (v.type) {
    case Json::Type::Null: out += "null"; break;
    case Json::Type::Bool: out += v.flag ? "true" : "false"; break;
    case Json::Type::Number:
        if (v.integral) {
            out += std::to_string(v.integer);
        } else if (v.number == 0) {
            out += '0';   // (-0 too: read back, "-0" is the whole number 0)
        } else if (std::isfinite(v.number)) {
            char text[32];
            std::snprintf(text, sizeof text, "%.17g", v.number);
            out += text;
        } else {
            out += "null";   // (JSON has no infinities)
        }
        break;
    case Json::Type::String: writeString(v.text, out); break;
    case Json::Type::Array:
        out.push_back('[');
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            if (i)
                out.push_back(',');
            write(v.items[i], out);
        }
        out.push_back(']');
        break;
    case Json::Type::Object:
        out.push_back('{');
        for (std::size_t i = 0; i < v.members.size(); ++i) {
            if (i)
                out.push_back(',');
            writeString(v.members[i].name, out);
            out.push_back(':');
            write(v.members[i].value, out);
        }
        out.push_back('}');
        break;
    }
}

}   // namespace

std::optional<Json> parseJson(std::string_view text, std::string *error)
{
    if (text.size() > kMaxJsonBytes) {
        if (error)
            *error = std::to_string(text.size()) + " octets, more than the " + std::to_string(kMaxJsonBytes) + " read";
        return std::nullopt;
    }
    return JsonParser(text).document(error);
}

std::string toJson(const Json &value)
{
    std::string out;
    write(value, out);
    return out;
}

// --- SASL --------------------------------------------------------------------------

namespace {
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}
}   // namespace

std::string base64Encode(std::string_view bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j)
            group = group << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
        for (std::size_t j = 0; j < 4; ++j)
            out.push_back(j <= n ? kBase64[(group >> (18 - 6 * j)) & 0x3F] : '=');
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::size_t pad = 0;
        if (last)
            pad = text[i + 3] == '=' ? (text[i + 2] == '=' ? 2 : 1) : 0;
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            int d = 0;
            if (j < 4 - pad) {
                d = base64Digit(text[i + j]);
                if (d < 0)
                    return std::nullopt;
            }
            group = group << 6 | std::uint32_t(d);
        }
        // (the bits a short last group leaves over must be zero: one text, one encoding)
        if ((pad == 1 && (group & 0xFF)) || (pad == 2 && (group & 0xFFFF)))
            return std::nullopt;
        out.push_back(char(group >> 16));
        if (pad < 2)
            out.push_back(char((group >> 8) & 0xFF));
        if (pad < 1)
            out.push_back(char(group & 0xFF));
    }
    return out;
}

std::string plainMessage(std::string_view user, std::string_view password)
{
    std::string m;
    m.push_back('\0');
    m += user;
    m.push_back('\0');
    m += password;
    return m;
}

std::optional<PlainCredentials> readPlain(std::string_view message)
{
    const std::size_t first = message.find('\0');
    if (first == std::string_view::npos)
        return std::nullopt;
    const std::size_t second = message.find('\0', first + 1);
    if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos)
        return std::nullopt;
    return PlainCredentials{std::string(message.substr(0, first)), std::string(message.substr(first + 1, second - first - 1)),
                            std::string(message.substr(second + 1))};
}

// --- Control flow --------------------------------------------------------------------

bool sameName(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::optional<Command> commandByName(std::string_view name)
{
    for (std::size_t i = 0; i < std::size(kCommandNames); ++i)
        if (sameName(name, kCommandNames[i]))
            return Command(i);
    return std::nullopt;
}

bool isStatus(std::string_view s)
{
    return s.size() == 3 && s[0] >= '2' && s[0] <= '5' && std::isdigit(static_cast<unsigned char>(s[1]))
        && std::isdigit(static_cast<unsigned char>(s[2]));
}

// --- Data flow -----------------------------------------------------------------------

std::string_view dataTypeName(DataType t)
{
    static constexpr std::string_view kNames[] = {"Lease",   "Response", "Summon", "Dismiss", "Content",
                                                  "Confirm", "Reject",   "Ping",   "Pong"};
    const auto i = std::size_t(t);
    return i >= 1 && i <= std::size(kNames) ? kNames[i - 1] : std::string_view("?");
}

namespace {

void putInteger(std::string &h, std::uint64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        h.push_back(char((v >> shift) & 0xFF));
}

class HeaderReader {
public:
    explicit HeaderReader(std::string_view h) : m_h(h), m_at(1) {}

    bool integer(std::uint64_t &v, std::string *problem)
    {
        if (m_at + 8 > m_h.size())
            return fail(problem, "the header ends inside an integer");
        v = 0;
        for (int i = 0; i < 8; ++i)
            v = v << 8 | static_cast<unsigned char>(m_h[m_at++]);
        return true;
    }

    bool boolean(bool &v, std::string *problem)
    {
        if (m_at >= m_h.size())
            return fail(problem, "the header ends before a Boolean");
        const unsigned char b = static_cast<unsigned char>(m_h[m_at++]);
        if (b > 1)
            return fail(problem, "a Boolean of " + std::to_string(b) + ", not 0 or 1");
        v = b == 1;
        return true;
    }

    bool shortString(std::string &v, std::string *problem)
    {
        if (m_at >= m_h.size())
            return fail(problem, "the header ends before a short string");
        const std::size_t n = static_cast<unsigned char>(m_h[m_at]);
        if (m_at + 1 + n > m_h.size())
            return fail(problem, "a short string of " + std::to_string(n) + " octets runs past the header");
        v.assign(m_h.substr(m_at + 1, n));
        m_at += 1 + n;
        return true;
    }

    std::string rest()
    {
        std::string r(m_h.substr(m_at));
        m_at = m_h.size();
        return r;
    }

    bool end(std::string *problem)
    {
        return m_at == m_h.size() || fail(problem, std::to_string(m_h.size() - m_at) + " octet(s) after the last field");
    }

private:
    static bool fail(std::string *problem, std::string what)
    {
        if (problem)
            *problem = std::move(what);
        return false;
    }
    std::string_view m_h;
    std::size_t m_at;
};

}   // namespace

std::optional<Frames> dataFrames(const DataCommand &c)
{
    if (c.name.size() > kMaxShortString)
        return std::nullopt;
    std::string h(1, char(c.type));
    const auto shortString = [&] {
        h.push_back(char(c.name.size()));
        h += c.name;
    };
    switch (c.type) {
    case DataType::Lease:
    case DataType::Summon:
    case DataType::Dismiss:
        putInteger(h, c.sequence);
        shortString();
        break;
    case DataType::Response: putInteger(h, c.sequence); break;
    case DataType::Content:
        putInteger(h, c.sequence);
        shortString();
        h += c.properties;
        break;
    case DataType::Confirm:
        putInteger(h, c.sequence);
        h.push_back(c.multiple ? '\x01' : '\x00');
        break;
    case DataType::Reject:
        putInteger(h, c.sequence);
        h.push_back(c.multiple ? '\x01' : '\x00');
        h.push_back(c.recycle ? '\x01' : '\x00');
        break;
    case DataType::Ping:
    case DataType::Pong: break;
    }
    const bool hasBody = c.type == DataType::Response || c.type == DataType::Content;
    Frames f;
    f.reserve(2);
    f.push_back(std::move(h));
    f.push_back(hasBody ? c.body : std::string());
    return f;
}

std::optional<DataCommand> readData(const Frames &f, std::size_t first, std::string *problem)
{
    const auto fail = [&](std::string what) -> std::optional<DataCommand> {
        if (problem)
            *problem = std::move(what);
        return std::nullopt;
    };
    if (first > f.size() || f.size() - first != 2)
        return fail(std::to_string(f.size() - std::min(first, f.size())) + " frame(s), a data command has 2 (header | body)");
    const std::string &h = f[first];
    const std::string &body = f[first + 1];
    if (h.empty())
        return fail("an empty header frame");
    const auto type = static_cast<unsigned char>(h[0]);
    if (type < 1 || type > 9)
        return fail("unknown data command type " + std::to_string(type));
    DataCommand c;
    c.type = DataType(type);
    HeaderReader r(h);
    bool ok = true;
    switch (c.type) {
    case DataType::Lease:
    case DataType::Summon:
    case DataType::Dismiss: ok = r.integer(c.sequence, problem) && r.shortString(c.name, problem); break;
    case DataType::Response: ok = r.integer(c.sequence, problem); break;
    case DataType::Content:
        ok = r.integer(c.sequence, problem) && r.shortString(c.name, problem);
        if (ok)
            c.properties = r.rest();
        break;
    case DataType::Confirm: ok = r.integer(c.sequence, problem) && r.boolean(c.multiple, problem); break;
    case DataType::Reject:
        ok = r.integer(c.sequence, problem) && r.boolean(c.multiple, problem) && r.boolean(c.recycle, problem);
        break;
    case DataType::Ping:
    case DataType::Pong: break;
    }
    if (!ok || !r.end(problem))
        return std::nullopt;
    if (c.type == DataType::Response || c.type == DataType::Content)
        c.body = body;
    else if (!body.empty())
        return fail(std::string(dataTypeName(c.type)) + " with a " + std::to_string(body.size()) + "-octet body (unused)");
    return c;
}

}   // namespace zmqscope::peers::mtl
