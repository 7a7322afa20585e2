// A role's options as data: each has a name (the command line's --name, the
// scenario file's key, the New Peer dialog's field), a kind, a default (the
// RFC's value where the RFC names one) and a help text. Options holds the
// values given, checked against the specs, with typed getters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::peers {

enum class OptionKind : std::uint8_t {
    Text,        // any text
    Integer,     // a whole number within [min, max]
    Choice,      // one of `choices`
    Flag,        // present or not (no value on the command line)
    Bind,        // an endpoint to bind: tcp://host:port, ipc://path, inproc://name
    Connect,     // an endpoint to connect to (the window puts a tap in front of each)
    Data,        // text, or hex written as 0x... / hex:..., or @file
};

struct OptionSpec {
    std::string_view name;
    OptionKind kind;
    std::string_view defaultValue;
    std::string_view help;
    std::span<const std::string_view> choices = {};
    std::int64_t min = 0;
    std::int64_t max = INT64_MAX;
    bool repeatable = false;   // given more than once: every value kept, in order
    bool required = false;
};

// What is wrong with `value` for `spec`; empty when it is fine. (The New
// Peer dialog says this as the value is typed.)
std::string checkOption(const OptionSpec &spec, std::string_view value);
// Data options: the bytes they stand for ("0x0102" -> 01 02, "@path" -> the
// file's bytes, else the text). nullopt with `error` for bad hex or an
// unreadable file.
std::optional<std::string> dataBytes(std::string_view value, std::string *error = nullptr);

class Options {
public:
    Options() = default;
    // Checks every given value against `specs` (unknown names, bad values,
    // a missing required option, repeats of a single option); nullopt and
    // the first problem in `error` ("--heartbeat-ms: not a whole number").
    static std::optional<Options> make(std::span<const OptionSpec> specs,
                                       const std::map<std::string, std::vector<std::string>> &given, std::string *error);

    // The value given, else the default.
    std::string text(std::string_view name) const;
    std::int64_t integer(std::string_view name) const;
    bool flag(std::string_view name) const;
    std::vector<std::string> list(std::string_view name) const;
    // A data option's values as bytes (dataBytes() of each, in order);
    // nullopt and why in `error` at the first bad one.
    std::optional<std::vector<std::string>> dataList(std::string_view name, std::string *error = nullptr) const;
    bool given(std::string_view name) const;
    const std::map<std::string, std::vector<std::string>, std::less<>> &values() const { return m_values; }

    // Loop thread: a role rewrites its endpoints (a tap put in between).
    void set(std::string_view name, std::vector<std::string> values);

private:
    const OptionSpec *spec(std::string_view name) const;
    std::span<const OptionSpec> m_specs;
    std::map<std::string, std::vector<std::string>, std::less<>> m_values;
};

}   // namespace zmqscope::peers
