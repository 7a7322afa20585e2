#include "command.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

namespace zmqscope::codec {

namespace {

struct KindName {
    CommandKind kind;
    std::string_view name;
};
constexpr std::array kKindNames{
    KindName{CommandKind::Ready, "READY"},       KindName{CommandKind::Error, "ERROR"},
    KindName{CommandKind::Subscribe, "SUBSCRIBE"}, KindName{CommandKind::Cancel, "CANCEL"},
    KindName{CommandKind::Ping, "PING"},         KindName{CommandKind::Pong, "PONG"},
    KindName{CommandKind::Join, "JOIN"},         KindName{CommandKind::Leave, "LEAVE"},
    KindName{CommandKind::Hello, "HELLO"},       KindName{CommandKind::Welcome, "WELCOME"},
    KindName{CommandKind::Initiate, "INITIATE"}, KindName{CommandKind::Message, "MESSAGE"},
};

bool isAlpha(std::uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool metadataNameChar(std::uint8_t c)
{
    return isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

void add(std::vector<Finding> &out, FindingId id, std::uint64_t offset, std::uint64_t length,
         std::string detail)
{
    out.push_back(Finding{id, findingInfo(id).severity, offset, length, std::move(detail)});
}

std::string printable(Bytes b)
{
    std::string s;
    for (auto c : b)
        s += (c >= 0x20 && c < 0x7F) ? char(c) : '.';
    return s;
}

// Checks a fixed-size mechanism command against the size it must have.
void expectBodySize(const FrameView &f, const Command &c, std::uint64_t want, bool atLeast,
                    std::vector<Finding> &out, Command &cmd)
{
    const bool ok = atLeast ? f.size >= want : f.size == want;
    if (!ok) {
        cmd.wellFormed = false;
        add(out, FindingId::CommandMalformed, f.offset, f.headerLength + f.size,
            std::string(c.name) + " body is " + std::to_string(f.size) + " bytes, must be "
                + (atLeast ? "at least " : "") + std::to_string(want));
    }
}

}   // namespace

std::string_view commandKindName(CommandKind k)
{
    for (const auto &kn : kKindNames)
        if (kn.kind == k)
            return kn.name;
    return "unknown";
}

CommandKind commandKindFromName(std::string_view name)
{
    for (const auto &kn : kKindNames)
        if (kn.name == name)
            return kn.kind;
    return CommandKind::Unknown;
}

const Property *findProperty(std::span<const Property> props, std::string_view name)
{
    for (const auto &p : props)
        if (equalsNoCase(p.name, name))
            return &p;
    return nullptr;
}

bool parseMetadata(Bytes data, std::uint64_t offset, ZmtpVersion version,
                   std::vector<Property> &properties, std::vector<Finding> &findings)
{
    properties.clear();
    std::size_t pos = 0;
    while (pos < data.size()) {
        const std::uint64_t at = offset + pos;
        const std::uint8_t nameLength = data[pos];
        if (pos + 1 + nameLength + 4 > data.size()) {
            add(findings, FindingId::MetadataMalformed, at, data.size() - pos,
                "property at byte " + std::to_string(pos) + " is cut short ("
                    + std::to_string(data.size() - pos) + " bytes left)");
            return false;
        }
        const auto name = std::string_view(reinterpret_cast<const char *>(data.data()) + pos + 1, nameLength);
        const std::uint32_t valueLength = readU32(data.data() + pos + 1 + nameLength);
        if (valueLength > kMaxMetadataValue) {
            add(findings, FindingId::MetadataValueTooLong, at, 1 + nameLength + 4,
                "value length " + std::to_string(valueLength));
            return false;
        }
        const std::size_t valuePos = pos + 1 + nameLength + 4;
        if (valueLength > data.size() - valuePos) {
            add(findings, FindingId::MetadataMalformed, at, data.size() - pos,
                "value of '" + std::string(name) + "' claims " + std::to_string(valueLength)
                    + " bytes, " + std::to_string(data.size() - valuePos) + " left");
            return false;
        }
        if (nameLength == 0 || !std::all_of(name.begin(), name.end(), [](char c) { return metadataNameChar(std::uint8_t(c)); }))
            add(findings, FindingId::MetadataNameInvalid, at, 1 + nameLength,
                nameLength == 0 ? std::string("empty property name") : "name '" + printable({data.data() + pos + 1, nameLength}) + "'");
        if (findProperty(properties, name))
            add(findings, FindingId::MetadataDuplicate, at, valuePos + valueLength - pos,
                "'" + std::string(name) + "' given more than once");
        Property p;
        p.name = name;
        p.value = data.subspan(valuePos, valueLength);
        p.offset = at;
        p.valueOffset = offset + valuePos;
        p.valueLength = valueLength;
        properties.push_back(p);
        pos = valuePos + valueLength;
    }

    if (const Property *st = findProperty(properties, "Socket-Type")) {
        const auto value = std::string_view(reinterpret_cast<const char *>(st->value.data()), st->value.size());
        if (!socketTypeFromName(value))
            add(findings, FindingId::MetadataSocketTypeUnknown, st->valueOffset, st->valueLength,
                "Socket-Type '" + printable(st->value) + "'");
    }
    if (const Property *id = findProperty(properties, "Identity")) {
        if (id->valueLength > 255)
            add(findings, FindingId::MetadataMalformed, id->valueOffset, id->valueLength,
                "Identity of " + std::to_string(id->valueLength) + " bytes (at most 255)");
        if (version == ZmtpVersion::V3_1 && !id->value.empty() && id->value[0] == 0)
            add(findings, FindingId::MetadataIdentityReserved, id->valueOffset, id->valueLength, {});
    }
    return true;
}

void parseCommand(const FrameView &f, const CommandContext &ctx, Command &c,
                  std::vector<Property> &properties, std::vector<Finding> &findings)
{
    c = Command{};
    properties.clear();
    const Bytes body = f.body;
    const std::uint64_t base = f.bodyOffset();
    c.nameOffset = base;

    // libzmq 4.3's PLAIN mechanism writes its ERROR prefix as the C literal
    // "\x05ERROR", whose hex escape swallows the 'E': 5E 'RROR' (observed
    // with 4.3.4; its PLAIN client expects exactly that).
    if (body.size() >= 6 && body[0] == 0x5E && std::memcmp(body.data() + 1, "RROR", 4) == 0) {
        c.kind = CommandKind::Error;
        c.name = "ERROR";
        c.data = body.subspan(5);
        c.dataOffset = base + 5;
        add(findings, FindingId::CommandLibzmqPlainError, base, 5,
            "name bytes 5E 'RROR' read as ERROR (libzmq 4.3 PLAIN server)");
        const Bytes d = c.data;
        if (d.empty() || 1 + std::size_t(d[0]) != d.size()) {
            c.wellFormed = false;
            add(findings, FindingId::CommandMalformed, c.dataOffset, d.size(), "reason length does not match");
            return;
        }
        c.text = d.subspan(1);
        c.textOffset = c.dataOffset + 1;
        return;
    }
    if (body.empty() || body[0] == 0 || std::size_t(body[0]) + 1 > body.size()) {
        c.wellFormed = false;
        add(findings, FindingId::CommandNameInvalid, base, std::min<std::uint64_t>(body.size(), 1),
            body.empty() ? std::string("empty command frame")
                         : body[0] == 0 ? std::string("name length 0")
                                        : "name length " + std::to_string(body[0]) + " past the "
                                   + std::to_string(body.size()) + "-byte body");
        c.data = body;
        c.dataOffset = base;
        return;
    }
    const std::size_t nameLength = body[0];
    c.name = std::string_view(reinterpret_cast<const char *>(body.data()) + 1, nameLength);
    c.data = body.subspan(1 + nameLength);
    c.dataOffset = base + 1 + nameLength;
    if (!std::all_of(c.name.begin(), c.name.end(), [](char ch) { return isAlpha(std::uint8_t(ch)); })) {
        c.wellFormed = false;
        add(findings, FindingId::CommandNameInvalid, base, 1 + nameLength,
            "name '" + printable(body.subspan(1, nameLength)) + "' is not ALPHA");
        return;
    }
    c.kind = commandKindFromName(c.name);
    const Bytes d = c.data;
    const std::uint64_t dOff = c.dataOffset;
    const bool curve = ctx.mechanism == Mechanism::Curve;

    switch (c.kind) {
    case CommandKind::Unknown:
        add(findings, FindingId::CommandUnknown, base, 1 + nameLength, "'" + std::string(c.name) + "'");
        break;
    case CommandKind::Ready:
        if (curve) {
            expectBodySize(f, c, 30, true, findings, c);
            if (d.size() >= 8) {
                c.nonce = readU64(d.data());
                c.hasNonce = true;
                c.hasCurve = true;
                c.text = d.subspan(8);
                c.textOffset = dOff + 8;
            }
        } else if (ctx.mechanism == Mechanism::Gssapi) {
            c.text = d;
            c.textOffset = dOff;
        } else {
            c.wellFormed = parseMetadata(d, dOff, ctx.version, properties, findings);
            c.properties = properties;
            if (!findProperty(properties, "Socket-Type"))
                add(findings, FindingId::MetadataSocketTypeMissing, f.offset, f.headerLength + f.size, {});
        }
        break;
    case CommandKind::Error:
        if (d.empty() || 1 + std::size_t(d[0]) > d.size()) {
            c.wellFormed = false;
            add(findings, FindingId::CommandMalformed, dOff, d.size(),
                d.empty() ? std::string("ERROR without reason length")
                          : "reason length " + std::to_string(d[0]) + " past the body");
            c.text = d.empty() ? d : d.subspan(1);
            c.textOffset = dOff + (d.empty() ? 0 : 1);
        } else {
            c.text = d.subspan(1, d[0]);
            c.textOffset = dOff + 1;
            if (d.size() > 1 + std::size_t(d[0]))
                add(findings, FindingId::CommandMalformed, dOff + 1 + d[0], d.size() - 1 - d[0],
                    "trailing bytes after the ERROR reason");
        }
        break;
    case CommandKind::Subscribe:
    case CommandKind::Cancel:
        c.text = d;
        c.textOffset = dOff;
        break;
    case CommandKind::Join:
    case CommandKind::Leave:
        c.text = d;
        c.textOffset = dOff;
        if (d.size() > 255 || std::find(d.begin(), d.end(), std::uint8_t(0)) != d.end()) {
            c.wellFormed = false;
            add(findings, FindingId::CommandMalformed, dOff, d.size(),
                "group must be 0..255 bytes without zero bytes");
        }
        break;
    case CommandKind::Ping:
        if (d.size() < 2) {
            c.wellFormed = false;
            add(findings, FindingId::PingTooShort, f.offset, f.headerLength + f.size,
                "PING body of " + std::to_string(f.size) + " bytes (libzmq answers with stale buffer bytes)");
            break;
        }
        c.ttl = readU16(d.data());
        c.hasTtl = true;
        c.text = d.subspan(2);
        c.textOffset = dOff + 2;
        if (c.ttl > 655)
            add(findings, FindingId::PingTtlWrap, dOff, 2,
                "TTL " + std::to_string(c.ttl) + " ds; libzmq reads it as "
                    + std::to_string(std::uint16_t(c.ttl * 100)) + " ms");
        if (c.text.size() > kMaxPingContext)
            add(findings, FindingId::PingContextTooLong, c.textOffset, c.text.size(),
                std::to_string(c.text.size()) + " bytes; libzmq echoes only 16");
        break;
    case CommandKind::Pong:
        c.text = d;
        c.textOffset = dOff;
        if (d.size() > kMaxPingContext)
            add(findings, FindingId::PingContextTooLong, dOff, d.size(),
                std::to_string(d.size()) + " context bytes in PONG");
        break;
    case CommandKind::Hello:
        if (curve) {
            expectBodySize(f, c, 200, false, findings, c);
            if (body.size() == 200) {
                c.hasCurve = true;
                c.curve.major = body[6];
                c.curve.minor = body[7];
                c.curve.padding = body.subspan(8, 72);
                c.curve.paddingOffset = base + 8;
                c.curve.transientKey = body.subspan(80, 32);
                c.curve.transientKeyOffset = base + 80;
                c.nonce = readU64(body.data() + 112);
                c.hasNonce = true;
                c.text = body.subspan(120);
                c.textOffset = base + 120;
            }
        } else if (ctx.mechanism == Mechanism::Plain) {
            // 24/ZMTP-PLAIN: username and password as short strings.
            if (d.empty() || 1 + std::size_t(d[0]) >= d.size()
                || 2 + std::size_t(d[0]) + d[1 + d[0]] > d.size()) {
                c.wellFormed = false;
                add(findings, FindingId::CommandMalformed, dOff, d.size(), "PLAIN HELLO fields cut short");
                break;
            }
            c.text = d.subspan(1, d[0]);
            c.textOffset = dOff + 1;
            const std::size_t p = 1 + d[0];
            c.text2 = d.subspan(p + 1, d[p]);
            c.text2Offset = dOff + p + 1;
            if (p + 1 + d[p] != d.size())
                add(findings, FindingId::CommandMalformed, dOff + p + 1 + d[p], d.size() - (p + 1 + d[p]),
                    "trailing bytes after the PLAIN password (libzmq refuses them)");
        }
        break;
    case CommandKind::Welcome:
        if (curve) {
            expectBodySize(f, c, 168, false, findings, c);
            if (body.size() == 168) {
                c.hasCurve = true;
                c.curve.longNonce = body.subspan(8, 16);
                c.curve.longNonceOffset = base + 8;
                c.text = body.subspan(24);
                c.textOffset = base + 24;
            }
        } else if (ctx.mechanism == Mechanism::Plain)
            expectBodySize(f, c, 8, false, findings, c);
        break;
    case CommandKind::Initiate:
        if (curve) {
            expectBodySize(f, c, 257, true, findings, c);
            if (body.size() >= 257) {
                c.hasCurve = true;
                c.curve.cookie = body.subspan(9, 96);
                c.curve.cookieOffset = base + 9;
                c.nonce = readU64(body.data() + 105);
                c.hasNonce = true;
                c.text = body.subspan(113);
                c.textOffset = base + 113;
            }
        } else if (ctx.mechanism == Mechanism::Plain) {
            c.wellFormed = parseMetadata(d, dOff, ctx.version, properties, findings);
            c.properties = properties;
            if (!findProperty(properties, "Socket-Type"))
                add(findings, FindingId::MetadataSocketTypeMissing, f.offset, f.headerLength + f.size, {});
        } else {
            c.text = d;
            c.textOffset = dOff;
        }
        break;
    case CommandKind::Message:
        if (curve) {
            expectBodySize(f, c, 33, true, findings, c);
            if (d.size() >= 8) {
                c.nonce = readU64(d.data());
                c.hasNonce = true;
                c.hasCurve = true;
                c.text = d.subspan(8);
                c.textOffset = dOff + 8;
            }
        } else {
            c.text = d;
            c.textOffset = dOff;
        }
        break;
    }
}

}   // namespace zmqscope::codec
