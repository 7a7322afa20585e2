#include "capturefile.h"

#include <cstring>
#include <optional>

namespace zmqscope::capture {

namespace {

constexpr std::uint32_t kPcapMicro = 0xA1B2C3D4;
constexpr std::uint32_t kPcapNano = 0xA1B23C4D;
constexpr std::uint32_t kShb = 0x0A0D0D0A;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kIdb = 1;
constexpr std::uint32_t kOpb = 2;
constexpr std::uint32_t kSpb = 3;
constexpr std::uint32_t kEpb = 6;
constexpr std::uint32_t kMaxBlock = 256u << 20;   // no sane block is larger

std::uint32_t be32(const std::uint8_t *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
std::uint32_t le32(const std::uint8_t *p)
{
    return (std::uint32_t(p[3]) << 24) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[1]) << 8) | p[0];
}

// nullopt past kMaxTimestampNs.
std::optional<std::int64_t> toNs(std::uint64_t units, std::uint64_t perSecond)
{
    // GCC and clang's 128-bit integer: units * 10^9 overflows 64 bits.
    __extension__ typedef unsigned __int128 Wide;
    const Wide ns = static_cast<Wide>(units) * 1000000000u / perSecond;
    if (ns > Wide(kMaxTimestampNs))
        return std::nullopt;
    return static_cast<std::int64_t>(ns);
}

}   // namespace

CaptureFileReader::CaptureFileReader(Bytes file)
    : m_file(file)
{
    if (file.size() < 4) {
        fail(file.empty() ? "empty file" : "file too short for a capture header", true);
        return;
    }
    const std::uint32_t magicBe = be32(file.data());
    const std::uint32_t magicLe = le32(file.data());
    if (magicBe == kShb) {
        m_format = Format::Pcapng;
        return;   // the section header is read by the first next()
    }
    if (magicBe == kPcapMicro || magicBe == kPcapNano || magicLe == kPcapMicro || magicLe == kPcapNano) {
        m_format = Format::Pcap;
        m_littleEndian = magicLe == kPcapMicro || magicLe == kPcapNano;
        m_nanoseconds = (m_littleEndian ? magicLe : magicBe) == kPcapNano;
        if (file.size() < 24) {
            fail("pcap header cut short", true);
            return;
        }
        Interface iface;
        iface.snaplen = u32(file.data() + 16);
        iface.linkType = static_cast<std::uint16_t>(u32(file.data() + 20) & 0xFFFF);
        iface.unitsPerSecond = m_nanoseconds ? 1000000000u : 1000000u;
        m_interfaces.push_back(iface);
        m_pos = 24;
        return;
    }
    fail("not a pcap or pcapng file (magic " + std::to_string(magicBe) + ")", false);
}

bool CaptureFileReader::fail(std::string why, bool truncated)
{
    m_error = std::move(why);
    m_truncated = truncated;
    m_done = true;
    return false;
}

std::uint16_t CaptureFileReader::u16(const std::uint8_t *p) const
{
    return m_littleEndian ? std::uint16_t(p[0] | (p[1] << 8)) : std::uint16_t((p[0] << 8) | p[1]);
}

std::uint32_t CaptureFileReader::u32(const std::uint8_t *p) const
{
    return m_littleEndian ? le32(p) : be32(p);
}

bool CaptureFileReader::next(Packet &p)
{
    if (m_done)
        return false;
    return m_format == Format::Pcap ? nextPcap(p) : nextPcapng(p);
}

bool CaptureFileReader::nextPcap(Packet &p)
{
    const std::size_t left = m_file.size() - m_pos;
    if (left == 0) {
        m_done = true;
        return false;
    }
    if (left < 16)
        return fail("record header cut short at byte " + std::to_string(m_pos), true);
    const std::uint8_t *h = m_file.data() + m_pos;
    const std::uint32_t sec = u32(h), frac = u32(h + 4), incl = u32(h + 8), orig = u32(h + 12);
    if (incl > left - 16)
        return fail("record at byte " + std::to_string(m_pos) + " claims " + std::to_string(incl) + " bytes, "
                        + std::to_string(left - 16) + " left",
                    true);
    p = Packet{};
    p.linkType = m_interfaces[0].linkType;
    p.timestampNs = std::int64_t(sec) * 1000000000 + (m_nanoseconds ? frac : std::int64_t(frac) * 1000);
    p.originalLength = orig;
    p.data = m_file.subspan(m_pos + 16, incl);
    p.fileOffset = m_pos;
    m_pos += 16 + incl;
    return true;
}

bool CaptureFileReader::readOptions(Bytes o, std::string_view *comment, Interface *iface)
{
    std::size_t pos = 0;
    while (pos + 4 <= o.size()) {
        const std::uint16_t code = u16(o.data() + pos);
        const std::uint16_t len = u16(o.data() + pos + 2);
        pos += 4;
        if (code == 0)
            return true;
        if (len > o.size() - pos)
            return false;
        if (code == 1 && comment)
            *comment = std::string_view(reinterpret_cast<const char *>(o.data() + pos), len);
        if (code == 9 && iface && len >= 1) {   // if_tsresol
            const std::uint8_t r = o[pos];
            const unsigned exp = r & 0x7F;
            if (r & 0x80) {
                if (exp > 63)
                    return false;
                iface->unitsPerSecond = std::uint64_t(1) << exp;
            } else {
                if (exp > 19)
                    return false;
                std::uint64_t v = 1;
                for (unsigned i = 0; i < exp; ++i)
                    v *= 10;
                iface->unitsPerSecond = v;
            }
        }
        pos += (std::size_t(len) + 3) & ~std::size_t(3);
    }
    return true;
}

bool CaptureFileReader::nextPcapng(Packet &p)
{
    for (;;) {
        const std::size_t left = m_file.size() - m_pos;
        if (left == 0) {
            m_done = true;
            return false;
        }
        if (left < 12)
            return fail("block header cut short at byte " + std::to_string(m_pos), true);
        const std::uint8_t *b = m_file.data() + m_pos;
        if (be32(b) == kShb) {
            // Section header: its byte-order magic sets the order for the section.
            if (left < 28)
                return fail("section header cut short", true);
            if (be32(b + 8) == kByteOrderMagic)
                m_littleEndian = false;
            else if (le32(b + 8) == kByteOrderMagic)
                m_littleEndian = true;
            else
                return fail("section header with a bad byte-order magic at byte " + std::to_string(m_pos), false);
            m_interfaces.clear();
        }
        const std::uint32_t type = u32(b);
        const std::uint32_t length = u32(b + 4);
        if (length < 12 || length % 4 != 0)
            return fail("block at byte " + std::to_string(m_pos) + " has an impossible length " + std::to_string(length),
                        false);
        if (length > left)
            return fail("block at byte " + std::to_string(m_pos) + " claims " + std::to_string(length) + " bytes, "
                            + std::to_string(left) + " left",
                        true);
        if (length > kMaxBlock)
            return fail("block at byte " + std::to_string(m_pos) + " is " + std::to_string(length) + " bytes", false);
        if (u32(b + length - 4) != length)
            return fail("block at byte " + std::to_string(m_pos) + ": trailing length differs", false);
        const Bytes body = m_file.subspan(m_pos + 8, length - 12);
        const std::size_t at = m_pos;
        m_pos += length;
        switch (type) {
        case kShb: {
            if (body.size() < 16)
                return fail("section header too short", false);
            std::string_view comment;
            if (!readOptions(body.subspan(16), &comment, nullptr))
                return fail("section header options malformed", false);
            if (!comment.empty())
                m_sectionComments.emplace_back(comment);
            continue;
        }
        case kIdb: {
            if (body.size() < 8)
                return fail("interface block too short", false);
            Interface iface;
            iface.linkType = u16(body.data());
            iface.snaplen = u32(body.data() + 4);
            if (!readOptions(body.subspan(8), nullptr, &iface))
                return fail("interface block options malformed at byte " + std::to_string(at), false);
            m_interfaces.push_back(iface);
            continue;
        }
        case kEpb:
        case kOpb: {
            if (body.size() < 20)
                return fail("packet block too short at byte " + std::to_string(at), false);
            const bool obsolete = type == kOpb;
            const std::uint32_t iface = obsolete ? u16(body.data()) : u32(body.data());
            if (iface >= m_interfaces.size())
                return fail("packet block names interface " + std::to_string(iface) + ", only "
                                + std::to_string(m_interfaces.size()) + " defined",
                            false);
            const std::uint64_t ts = (std::uint64_t(u32(body.data() + 4)) << 32) | u32(body.data() + 8);
            const std::uint32_t caplen = u32(body.data() + 12);
            const std::uint32_t orig = u32(body.data() + 16);
            if (caplen > body.size() - 20)
                return fail("packet at byte " + std::to_string(at) + " claims " + std::to_string(caplen)
                                + " captured bytes, block holds " + std::to_string(body.size() - 20),
                            false);
            p = Packet{};
            p.interface = iface;
            p.linkType = m_interfaces[iface].linkType;
            const auto ns = toNs(ts, m_interfaces[iface].unitsPerSecond);
            m_timesPastRange += !ns;
            p.timestampNs = ns.value_or(kMaxTimestampNs);
            p.originalLength = orig;
            p.data = body.subspan(20, caplen);
            p.fileOffset = at;
            const std::size_t optionsAt = 20 + ((std::size_t(caplen) + 3) & ~std::size_t(3));
            if (optionsAt < body.size())
                readOptions(body.subspan(optionsAt), &p.comment, nullptr);
            return true;
        }
        case kSpb: {
            if (body.size() < 4 || m_interfaces.empty())
                return fail("simple packet block without an interface at byte " + std::to_string(at), false);
            const std::uint32_t orig = u32(body.data());
            std::size_t caplen = std::min<std::size_t>(orig, body.size() - 4);
            if (m_interfaces[0].snaplen)
                caplen = std::min<std::size_t>(caplen, m_interfaces[0].snaplen);
            p = Packet{};
            p.linkType = m_interfaces[0].linkType;
            p.originalLength = orig;
            p.data = body.subspan(4, caplen);
            p.fileOffset = at;
            return true;
        }
        default:
            continue;   // statistics, name resolution, custom blocks: skipped
        }
    }
}

// --- writer -------------------------------------------------------------------

PcapngWriter::PcapngWriter(std::FILE *out)
    : m_out(out)
{
}

namespace {
void put32(std::vector<std::uint8_t> &b, std::uint32_t v)
{
    const auto *p = reinterpret_cast<const std::uint8_t *>(&v);   // host (little-endian) order
    b.insert(b.end(), p, p + 4);
}
void put16(std::vector<std::uint8_t> &b, std::uint16_t v)
{
    const auto *p = reinterpret_cast<const std::uint8_t *>(&v);
    b.insert(b.end(), p, p + 2);
}
void option(std::vector<std::uint8_t> &b, std::uint16_t code, std::string_view value)
{
    put16(b, code);
    put16(b, static_cast<std::uint16_t>(value.size()));
    b.insert(b.end(), value.begin(), value.end());
    while (b.size() % 4)
        b.push_back(0);
}
}   // namespace

void PcapngWriter::block(std::uint32_t type, const std::vector<std::uint8_t> &body)
{
    std::vector<std::uint8_t> b;
    const std::uint32_t length = static_cast<std::uint32_t>(body.size() + 12);
    put32(b, type);
    put32(b, length);
    b.insert(b.end(), body.begin(), body.end());
    put32(b, length);
    if (std::fwrite(b.data(), 1, b.size(), m_out) != b.size())
        m_ok = false;
}

void PcapngWriter::sectionHeader(std::string_view comment)
{
    std::vector<std::uint8_t> body;
    put32(body, kByteOrderMagic);
    put16(body, 1);
    put16(body, 0);
    put32(body, 0xFFFFFFFF);   // section length unknown
    put32(body, 0xFFFFFFFF);
    if (!comment.empty())
        option(body, 1, comment);
    option(body, 4, "ZmqScope");   // shb_userappl
    put32(body, 0);                // opt_endofopt
    block(kShb, body);
}

std::uint32_t PcapngWriter::addInterface(std::uint16_t linkType, std::string_view name, std::uint32_t snaplen)
{
    std::vector<std::uint8_t> body;
    put16(body, linkType);
    put16(body, 0);
    put32(body, snaplen);
    if (!name.empty())
        option(body, 2, name);   // if_name
    const char nanos = 9;
    option(body, 9, std::string_view(&nanos, 1));   // if_tsresol: nanoseconds
    put32(body, 0);
    block(kIdb, body);
    return m_interfaces++;
}

void PcapngWriter::packet(std::uint32_t interface, std::int64_t timestampNs, Bytes data, std::string_view comment,
                          std::uint32_t originalLength)
{
    ++m_packets;
    std::vector<std::uint8_t> body;
    body.reserve(32 + data.size() + comment.size());
    const std::uint64_t ts = static_cast<std::uint64_t>(timestampNs);
    put32(body, interface);
    put32(body, static_cast<std::uint32_t>(ts >> 32));
    put32(body, static_cast<std::uint32_t>(ts));
    put32(body, static_cast<std::uint32_t>(data.size()));
    put32(body, originalLength ? originalLength : static_cast<std::uint32_t>(data.size()));
    body.insert(body.end(), data.begin(), data.end());
    while (body.size() % 4)
        body.push_back(0);
    if (!comment.empty()) {
        option(body, 1, comment);
        put32(body, 0);
    }
    block(kEpb, body);
}

}   // namespace zmqscope::capture
