#include "beacon.h"

#include "codec/curve.h"
#include "codec/eventdump.h"

#include <cstring>

namespace zmqscope::protocols {

using namespace codec;

namespace {

void problem(std::vector<Finding> *findings, std::uint64_t offset, std::uint64_t length, std::string detail)
{
    if (findings)
        findings->push_back(Finding{FindingId::ZreBeaconMalformed, findingInfo(FindingId::ZreBeaconMalformed).severity,
                                    offset, length, std::move(detail)});
}

Field field(std::string_view key, std::string value, std::uint64_t offset, std::uint64_t length)
{
    Field f;
    f.info = findField(key);
    f.value = std::move(value);
    f.offset = offset;
    f.length = length;
    return f;
}

Field numberField(std::string_view key, std::uint64_t v, std::string display, std::uint64_t offset, std::uint64_t length)
{
    Field f = field(key, std::move(display), offset, length);
    f.kind = ValueKind::Unsigned;
    f.number = v;
    return f;
}

}   // namespace

std::optional<ZreBeacon> parseZreBeacon(Bytes p, std::vector<Finding> *findings)
{
    if (p.size() < 4 || std::memcmp(p.data(), "ZRE", 3) != 0) {
        problem(findings, 0, std::min<std::size_t>(p.size(), 3), "does not start with \"ZRE\"");
        return std::nullopt;
    }
    ZreBeacon b;
    b.version = p[3];
    if (b.version != 1 && b.version != 3) {
        problem(findings, 3, 1, "version " + std::to_string(b.version) + ": nodes send 01 or 03");
        return std::nullopt;
    }
    const std::size_t expected = b.version == 3 ? 54 : 22;
    if (p.size() != 22 && p.size() != 54) {
        problem(findings, 0, p.size(),
                std::to_string(p.size()) + " bytes: a beacon is 22 (version 01) or 54 (version 03); zyre drops it");
        return std::nullopt;
    }
    std::memcpy(b.uuid.data(), p.data() + 4, 16);
    b.port = std::uint16_t((p[20] << 8) | p[21]);
    if (p.size() == 54) {
        std::array<std::uint8_t, 32> k;
        std::memcpy(k.data(), p.data() + 22, 32);
        b.curveKey = k;
    }
    if (p.size() != expected)
        problem(findings, 0, p.size(),
                "version " + std::to_string(b.version) + " with " + std::to_string(p.size()) + " bytes: version 03 carries a "
                "32-byte CURVE key (54 bytes), version 01 none (22); zyre accepts only its own version");
    return b;
}

Field dissectZreBeacon(Bytes p, std::uint64_t base)
{
    Field root = field("zre.beacon", "ZRE discovery beacon", base, p.size());
    if (p.size() >= 3)
        root.children.push_back(field("zre.beacon.signature", quoteBytes(p.first(3)), base, 3));
    if (p.size() >= 4)
        root.children.push_back(numberField("zre.beacon.version", p[3], std::to_string(p[3]), base + 3, 1));
    if (p.size() >= 20)
        root.children.push_back(field("zre.beacon.uuid", hexBytes(p.subspan(4, 16)), base + 4, 16));
    if (p.size() >= 22) {
        const unsigned port = unsigned((p[20] << 8) | p[21]);
        root.children.push_back(numberField("zre.beacon.port", port, std::to_string(port) + (port == 0 ? " (leaving)" : ""),
                                            base + 20, 2));
    }
    if (p.size() >= 54) {
        CurveKey k;
        std::memcpy(k.data(), p.data() + 22, 32);
        root.children.push_back(field("zre.beacon.curve_key", curveKeyToZ85(k), base + 22, 32));
    }
    return root;
}

std::string describeZreBeacon(const ZreBeacon &b)
{
    std::string s = "ZRE v" + std::to_string(b.version) + " uuid=" + hexBytes(Bytes(b.uuid.data(), 16)) + " port=" + std::to_string(b.port);
    if (b.leaving())
        s += " (leaving)";
    if (b.curveKey) {
        CurveKey k;
        std::copy(b.curveKey->begin(), b.curveKey->end(), k.begin());
        s += " curve=" + curveKeyToZ85(k);
    }
    return s;
}

}   // namespace zmqscope::protocols
