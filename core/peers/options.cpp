#include "options.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>

namespace zmqscope::peers {

namespace {

std::optional<std::int64_t> wholeNumber(std::string_view s)
{
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = char(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string checkEndpoint(std::string_view v)
{
    const std::size_t scheme = v.find("://");
    if (scheme == std::string_view::npos)
        return "an endpoint looks like tcp://127.0.0.1:5555 or ipc:///tmp/name";
    const std::string_view transport = v.substr(0, scheme), address = v.substr(scheme + 3);
    if (transport == "ipc" || transport == "inproc")
        return address.empty() ? "no path after " + std::string(transport) + "://" : std::string();
    if (transport != "tcp")
        return "transport " + std::string(transport) + " is not tcp, ipc or inproc";
    const std::size_t colon = address.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
        return "tcp needs host:port";
    const std::string_view port = address.substr(colon + 1);
    if (port == "*")
        return {};
    const auto n = wholeNumber(port);
    if (!n || *n < 0 || *n > 65535)
        return "port " + std::string(port) + " is not 0-65535 or *";
    return {};
}

}   // namespace

std::optional<std::string> dataBytes(std::string_view value, std::string *error)
{
    if (value.starts_with("@")) {
        std::ifstream in(std::string(value.substr(1)), std::ios::binary);
        if (!in) {
            if (error)
                *error = "cannot read " + std::string(value.substr(1));
            return std::nullopt;
        }
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    std::string_view hex;
    if (value.starts_with("0x") || value.starts_with("0X"))
        hex = value.substr(2);
    else if (value.starts_with("hex:"))
        hex = value.substr(4);
    else
        return std::string(value);
    std::string out;
    int high = -1;
    for (const char c : hex) {
        if (c == ' ' || c == ':')
            continue;
        const int d = hexDigit(c);
        if (d < 0) {
            if (error)
                *error = std::string("'") + c + "' is not a hex digit";
            return std::nullopt;
        }
        if (high < 0) {
            high = d;
        } else {
            out.push_back(char(high << 4 | d));
            high = -1;
        }
    }
    if (high >= 0) {
        if (error)
            *error = "an odd number of hex digits";
        return std::nullopt;
    }
    return out;
}

std::string checkOption(const OptionSpec &spec, std::string_view value)
{
    switch (spec.kind) {
    case OptionKind::Text:
        return {};
    case OptionKind::Flag:
        return value.empty() || value == "true" || value == "false" || value == "1" || value == "0"
            ? std::string()
            : "a flag takes no value (or true/false)";
    case OptionKind::Integer: {
        const auto n = wholeNumber(value);
        if (!n)
            return "not a whole number";
        if (*n < spec.min || *n > spec.max)
            return "must be " + std::to_string(spec.min) + "-" + std::to_string(spec.max);
        return {};
    }
    case OptionKind::Choice:
        for (const std::string_view c : spec.choices)
            if (c == value)
                return {};
        {
            std::string all;
            for (const std::string_view c : spec.choices)
                all += (all.empty() ? "" : ", ") + std::string(c);
            return "one of " + all;
        }
    case OptionKind::Bind:
    case OptionKind::Connect:
        return checkEndpoint(value);
    case OptionKind::Data: {
        std::string error;
        if (value.starts_with("@"))
            return {};   // (read when the peer starts: the file may come later)
        return dataBytes(value, &error) ? std::string() : error;
    }
    }
    return {};
}

std::optional<Options> Options::make(std::span<const OptionSpec> specs,
                                     const std::map<std::string, std::vector<std::string>> &given, std::string *error)
{
    Options o;
    o.m_specs = specs;
    const auto fail = [&](const std::string &text) {
        if (error)
            *error = text;
        return std::nullopt;
    };
    for (const auto &[name, values] : given) {
        const OptionSpec *s = o.spec(name);
        if (!s)
            return fail("unknown option --" + name);
        if (values.size() > 1 && !s->repeatable)
            return fail("--" + name + " given " + std::to_string(values.size()) + " times");
        for (const std::string &v : values) {
            const std::string problem = checkOption(*s, v);
            if (!problem.empty())
                return fail("--" + name + " " + v + ": " + problem);
        }
        o.m_values.emplace(name, values);
    }
    for (const OptionSpec &s : specs)
        if (s.required && !o.m_values.contains(s.name))
            return fail("--" + std::string(s.name) + " is required");
    return o;
}

const OptionSpec *Options::spec(std::string_view name) const
{
    for (const OptionSpec &s : m_specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

std::string Options::text(std::string_view name) const
{
    if (const auto it = m_values.find(name); it != m_values.end() && !it->second.empty())
        return it->second.back();
    const OptionSpec *s = spec(name);
    return s ? std::string(s->defaultValue) : std::string();
}

std::int64_t Options::integer(std::string_view name) const
{
    return wholeNumber(text(name)).value_or(0);
}

bool Options::flag(std::string_view name) const
{
    if (const auto it = m_values.find(name); it != m_values.end())
        return it->second.empty() || it->second.back().empty() || it->second.back() == "true" || it->second.back() == "1";
    const OptionSpec *s = spec(name);
    return s && (s->defaultValue == "true" || s->defaultValue == "1");
}

std::vector<std::string> Options::list(std::string_view name) const
{
    if (const auto it = m_values.find(name); it != m_values.end())
        return it->second;
    const OptionSpec *s = spec(name);
    if (s && !s->defaultValue.empty())
        return {std::string(s->defaultValue)};
    return {};
}

std::optional<std::vector<std::string>> Options::dataList(std::string_view name, std::string *error) const
{
    std::vector<std::string> out;
    for (const std::string &value : list(name)) {
        auto bytes = dataBytes(value, error);
        if (!bytes)
            return std::nullopt;
        out.push_back(std::move(*bytes));
    }
    return out;
}

bool Options::given(std::string_view name) const
{
    return m_values.contains(name);
}

void Options::set(std::string_view name, std::vector<std::string> values)
{
    m_values.insert_or_assign(std::string(name), std::move(values));
}

}   // namespace zmqscope::peers
