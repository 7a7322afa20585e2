#include "protocol.h"

#include "codec/eventdump.h"

#include <cstdio>
#include <cstring>

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
    for (std::uint8_t c : b)
        if (c < 0x20 || c >= 0x7F)
            return codec::quoteBytes(b, limit);   // quoted, \xNN escapes
    std::string s(reinterpret_cast<const char *>(b.data()), std::min(b.size(), limit));
    if (b.size() > limit)
        s += "…(" + std::to_string(b.size()) + " bytes)";
    return s;
}

std::string hex(Bytes b, std::size_t limit)
{
    return codec::hexBytes(b, limit);
}

std::string envelopeKey(const MessageView &m)
{
    std::string k;
    for (std::size_t i = 0; i + 1 < m.envelopeFrames; ++i) {
        k += m.text(i);
        k += '\0';
    }
    return k;
}

std::uint64_t threeDigits(std::string_view s)
{
    if (s.size() < 3)
        return 0;
    for (std::size_t i = 0; i < 3; ++i)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return std::uint64_t((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
}

void addMatch(Field &root, const FieldInfo *responseTo, const FieldInfo *time, const FieldInfo *linked, const Note &note,
              std::uint64_t offset)
{
    if (responseTo && note.responseTo)
        root.children.push_back(number(*responseTo, note.responseTo, offset, 0));
    if (time && note.time >= 0)
        root.children.push_back(real(*time, note.time, offset, 0));
    if (linked && note.linked)
        root.children.push_back(number(*linked, note.linked, offset, 0));
}

}   // namespace zmqscope::protocols
