#include "tcpsynthesizer.h"

#include "packet.h"

namespace zmqscope::capture {

using codec::Direction;

namespace {

constexpr std::size_t kMaxPayload = 65535 - 20 - 20;

void put16(std::vector<std::uint8_t> &b, std::size_t at, std::uint16_t v)
{
    b[at] = std::uint8_t(v >> 8);
    b[at + 1] = std::uint8_t(v);
}

void put32(std::vector<std::uint8_t> &b, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b[at + i] = std::uint8_t(v >> (24 - 8 * i));
}

std::uint32_t sum16(const std::uint8_t *p, std::size_t n, std::uint32_t acc = 0)
{
    for (std::size_t i = 0; i + 1 < n; i += 2)
        acc += std::uint32_t((p[i] << 8) | p[i + 1]);
    if (n & 1)
        acc += std::uint32_t(p[n - 1] << 8);
    return acc;
}

std::uint16_t fold(std::uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return std::uint16_t(~acc);
}

}   // namespace

TcpSynthesizer::TcpSynthesizer(PcapngWriter &writer, std::uint32_t interface, std::array<std::uint8_t, 4> clientIp,
                               std::uint16_t clientPort, std::array<std::uint8_t, 4> serverIp, std::uint16_t serverPort)
    : m_writer(writer)
    , m_interface(interface)
    , m_ip{clientIp, serverIp}
    , m_port{clientPort, serverPort}
    , m_seq{1000u, 500000u}
{
}

void TcpSynthesizer::segment(Direction d, std::int64_t timeNs, std::uint8_t flags, Bytes payload,
                             std::string_view comment)
{
    const int from = int(d), to = 1 - from;
    const std::size_t total = 14 + 20 + 20 + payload.size();
    m_frame.assign(total, 0);
    // Ethernet: locally administered MACs derived from the side.
    m_frame[0] = 0x02;
    m_frame[5] = std::uint8_t(to + 1);
    m_frame[6] = 0x02;
    m_frame[11] = std::uint8_t(from + 1);
    put16(m_frame, 12, 0x0800);
    // IPv4
    std::uint8_t *ip = m_frame.data() + 14;
    ip[0] = 0x45;
    put16(m_frame, 16, std::uint16_t(20 + 20 + payload.size()));
    put16(m_frame, 18, m_ipId++);
    ip[6] = 0x40;   // don't fragment
    ip[8] = 64;
    ip[9] = 6;
    std::copy(m_ip[from].begin(), m_ip[from].end(), ip + 12);
    std::copy(m_ip[to].begin(), m_ip[to].end(), ip + 16);
    put16(m_frame, 24, fold(sum16(ip, 20)));
    // TCP
    std::uint8_t *tcp = m_frame.data() + 34;
    put16(m_frame, 34, m_port[from]);
    put16(m_frame, 36, m_port[to]);
    put32(m_frame, 38, m_seq[from]);
    put32(m_frame, 42, (flags & tcpflag::Ack) ? m_seq[to] : 0);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16(m_frame, 48, 65535);
    std::copy(payload.begin(), payload.end(), m_frame.begin() + 54);
    // Checksum over the pseudo-header and the segment.
    std::uint32_t acc = sum16(ip + 12, 8);
    acc += 6 + std::uint32_t(20 + payload.size());
    acc = sum16(tcp, 20 + payload.size(), acc);
    put16(m_frame, 50, fold(acc));
    m_writer.packet(m_interface, timeNs, m_frame, comment);
    m_seq[from] += std::uint32_t(payload.size()) + ((flags & (tcpflag::Syn | tcpflag::Fin)) ? 1 : 0);
}

void TcpSynthesizer::open(std::int64_t timeNs, std::string_view comment)
{
    segment(Direction::ClientToServer, timeNs, tcpflag::Syn, {}, comment);
    segment(Direction::ServerToClient, timeNs, tcpflag::Syn | tcpflag::Ack, {}, {});
    segment(Direction::ClientToServer, timeNs, tcpflag::Ack, {}, {});
}

void TcpSynthesizer::data(Direction d, std::int64_t timeNs, Bytes bytes, std::string_view comment)
{
    while (!bytes.empty()) {
        const std::size_t n = std::min(bytes.size(), kMaxPayload);
        segment(d, timeNs, tcpflag::Psh | tcpflag::Ack, bytes.first(n), comment);
        comment = {};
        bytes = bytes.subspan(n);
    }
}

void TcpSynthesizer::gap(Direction d, std::uint64_t missing)
{
    m_seq[int(d)] += static_cast<std::uint32_t>(missing);
}

void TcpSynthesizer::close(std::int64_t timeNs, std::string_view comment)
{
    segment(Direction::ClientToServer, timeNs, tcpflag::Fin | tcpflag::Ack, {}, comment);
    segment(Direction::ServerToClient, timeNs, tcpflag::Fin | tcpflag::Ack, {}, {});
    segment(Direction::ClientToServer, timeNs, tcpflag::Ack, {}, {});
}

}   // namespace zmqscope::capture
