// Synthesised Ethernet/IPv4/TCP for traffic that never was a packet (a tap
// relay's connections): a three-way handshake, data segments whose sequence
// numbers follow the bytes exactly (so Wireshark's "follow TCP stream" gives
// back what crossed the relay), gaps as skipped sequence space, and FINs.
#pragma once

#include "capturefile.h"

#include <array>

namespace zmqscope::capture {

class TcpSynthesizer {
public:
    TcpSynthesizer(PcapngWriter &writer, std::uint32_t interface, std::array<std::uint8_t, 4> clientIp,
                   std::uint16_t clientPort, std::array<std::uint8_t, 4> serverIp, std::uint16_t serverPort);

    void open(std::int64_t timeNs, std::string_view comment = {});
    void data(codec::Direction d, std::int64_t timeNs, Bytes bytes, std::string_view comment = {});
    // Bytes the capture lost: the sequence space moves on without data.
    void gap(codec::Direction d, std::uint64_t missing);
    void close(std::int64_t timeNs, std::string_view comment = {});

private:
    void segment(codec::Direction d, std::int64_t timeNs, std::uint8_t flags, Bytes payload, std::string_view comment);

    PcapngWriter &m_writer;
    std::uint32_t m_interface;
    std::array<std::uint8_t, 4> m_ip[2];
    std::uint16_t m_port[2];
    std::uint32_t m_seq[2];
    std::uint16_t m_ipId = 1;
    std::vector<std::uint8_t> m_frame;
};

}   // namespace zmqscope::capture
