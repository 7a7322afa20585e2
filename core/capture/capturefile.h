// Reading and writing capture files: pcap (both byte orders, microsecond and
// nanosecond) and pcapng (sections of either byte order, several interfaces,
// enhanced, simple and obsolete packet blocks, comments). Plain C++ without
// Qt, like the codec; the reader works over bytes the caller owns (a mapped
// file), never allocates per packet, and treats every length in the file as
// hostile: a block that claims more than the file holds ends the read with
// an error, and everything before it stays readable.
#pragma once

#include "codec/zmtp.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::capture {

using codec::Bytes;

// Link types (LINKTYPE_* of the tcpdump registry) this reader understands.
namespace linktype {
constexpr std::uint16_t Null = 0;        // BSD loopback, host byte order family
constexpr std::uint16_t Ethernet = 1;
constexpr std::uint16_t Raw = 101;       // raw IPv4 or IPv6
constexpr std::uint16_t Loop = 108;      // OpenBSD loopback, network byte order family
constexpr std::uint16_t LinuxSll = 113;
constexpr std::uint16_t Ipv4 = 228;
constexpr std::uint16_t Ipv6 = 229;
constexpr std::uint16_t LinuxSll2 = 276;
}   // namespace linktype

// The latest time a file's packet may carry (2116-02-20 23:53:38 UTC, half
// of what 64-bit nanoseconds hold): a later pcapng timestamp (its 64 bits
// in units as fine as the file likes) is read as this, so that any two
// packets' times subtract without overflow everywhere downstream.
constexpr std::int64_t kMaxTimestampNs = INT64_MAX / 2;

struct Packet {
    std::uint32_t interface = 0;
    std::uint16_t linkType = 0;
    std::int64_t timestampNs = 0;   // 0 to kMaxTimestampNs
    std::uint32_t originalLength = 0;
    Bytes data;                  // the captured bytes (may be shorter than originalLength)
    std::string_view comment;    // pcapng opt_comment, if any
    std::uint64_t fileOffset = 0;
};

class CaptureFileReader {
public:
    enum class Format { Unknown, Pcap, Pcapng };

    // `file` must stay valid while the reader is used.
    explicit CaptureFileReader(Bytes file);

    Format format() const { return m_format; }
    // The next packet; false at the end of the file or at the first error
    // (error() then says what, and truncated() whether the file just ends).
    bool next(Packet &packet);
    const std::string &error() const { return m_error; }
    bool truncated() const { return m_truncated; }
    std::size_t interfaceCount() const { return m_interfaces.size(); }
    const std::vector<std::string> &sectionComments() const { return m_sectionComments; }
    // Packets so far whose timestamp was past kMaxTimestampNs (read as it).
    std::uint64_t timesPastRange() const { return m_timesPastRange; }

private:
    struct Interface {
        std::uint16_t linkType = 0;
        std::uint32_t snaplen = 0;
        std::uint64_t unitsPerSecond = 1000000;
    };
    bool nextPcap(Packet &p);
    bool nextPcapng(Packet &p);
    bool fail(std::string why, bool truncated);
    std::uint16_t u16(const std::uint8_t *p) const;
    std::uint32_t u32(const std::uint8_t *p) const;
    bool readOptions(Bytes options, std::string_view *comment, Interface *iface);

    Bytes m_file;
    std::size_t m_pos = 0;
    Format m_format = Format::Unknown;
    bool m_littleEndian = false;
    bool m_nanoseconds = false;
    std::string m_error;
    bool m_truncated = false;
    bool m_done = false;
    std::vector<Interface> m_interfaces;
    std::vector<std::string> m_sectionComments;
    std::uint64_t m_timesPastRange = 0;
};

// pcapng writer: one section, Ethernet interfaces, enhanced packet blocks
// with comments. Writes to a FILE*; the caller opens and closes it.
class PcapngWriter {
public:
    explicit PcapngWriter(std::FILE *out);
    void sectionHeader(std::string_view comment = {});
    std::uint32_t addInterface(std::uint16_t linkType, std::string_view name, std::uint32_t snaplen = 262144);
    void packet(std::uint32_t interface, std::int64_t timestampNs, Bytes data, std::string_view comment = {},
                std::uint32_t originalLength = 0);
    bool ok() const { return m_ok; }
    std::uint64_t packets() const { return m_packets; }

private:
    void block(std::uint32_t type, const std::vector<std::uint8_t> &body);
    std::FILE *m_out;
    std::uint32_t m_interfaces = 0;
    std::uint64_t m_packets = 0;
    bool m_ok = true;
};

}   // namespace zmqscope::capture
