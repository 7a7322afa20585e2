#include "protocol.h"

#include <cstdio>

namespace zmqscope::protocols {

void TrackContext::finding(codec::FindingId id, std::uint64_t offset, std::uint64_t length, std::string detail) const
{
    if (findings)
        findings->push_back(codec::Finding{id, codec::findingInfo(id).severity, offset, length, std::move(detail)});
}

Field field(const FieldInfo &info, std::string value, std::uint64_t offset, std::uint64_t length)
{
    Field f;
    f.info = &info;
    f.value = std::move(value);
    f.offset = offset;
    f.length = length;
    return f;
}

Field number(const FieldInfo &info, std::uint64_t value, std::uint64_t offset, std::uint64_t length, std::string display)
{
    Field f = field(info, display.empty() ? std::to_string(value) : std::move(display), offset, length);
    f.kind = codec::ValueKind::Unsigned;
    f.number = value;
    return f;
}

Field real(const FieldInfo &info, double value, std::uint64_t offset, std::uint64_t length, std::string display)
{
    if (display.empty()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6f", value);
        display = buf;
    }
    Field f = field(info, std::move(display), offset, length);
    f.kind = codec::ValueKind::Real;
    f.real = value;
    return f;
}

Field named(const FieldInfo &info, std::uint64_t code, std::uint64_t offset, std::uint64_t length)
{
    const std::string_view name = codec::valueName(info, code);
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%02llx", static_cast<unsigned long long>(code));
    Field f = field(info, name.empty() ? std::string("unknown (") + buf + ")" : std::string(name), offset, length);
    f.number = code;   // the text stays what compares: kind Text
    return f;
}

std::string printable(std::string_view s, std::size_t limit)
{
    return printable(Bytes(reinterpret_cast<const std::uint8_t *>(s.data()), s.size()), limit);
}

std::string printable(Bytes b, std::size_t limit)
{
    bool plain = true;
    for (std::uint8_t c : b)
        if (c < 0x20 || c >= 0x7F)
            plain = false;
    const std::size_t n = std::min(b.size(), limit);
    std::string s;
    s.reserve(n + 8);
    if (plain) {
        s.assign(reinterpret_cast<const char *>(b.data()), n);
    } else {
        static constexpr char kHex[] = "0123456789abcdef";
        s += '"';
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t c = b[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                s += char(c);
            } else {
                s += "\\x";
                s += kHex[c >> 4];
                s += kHex[c & 15];
            }
        }
        s += '"';
    }
    if (b.size() > limit)
        s += "…(" + std::to_string(b.size()) + " bytes)";
    return s;
}

std::string hex(Bytes b, std::size_t limit)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const std::size_t n = std::min(b.size(), limit);
    std::string s;
    s.reserve(n * 2 + 4);
    for (std::size_t i = 0; i < n; ++i) {
        s += kHex[b[i] >> 4];
        s += kHex[b[i] & 15];
    }
    if (b.size() > limit)
        s += "…";
    return s;
}

void addMatch(Field &root, const FieldInfo *responseTo, const FieldInfo *time, const FieldInfo *linked, const Note &note,
              std::uint64_t offset, std::uint64_t length)
{
    if (responseTo && note.responseTo)
        root.children.push_back(number(*responseTo, note.responseTo, offset, 0));
    if (time && note.time >= 0)
        root.children.push_back(real(*time, note.time, offset, 0));
    if (linked && note.linked)
        root.children.push_back(number(*linked, note.linked, offset, 0));
    (void)length;
}

}   // namespace zmqscope::protocols
