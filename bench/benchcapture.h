// The capture the file benchmarks read: `connections` ZMTP 3.1 PUSH -> PULL
// connections (greetings and READY both ways), each carrying
// `perConnection` messages "conn CCC message MMMMMMMM" (24 bytes), every
// `bigEvery`-th of 1200 bytes instead when it is not 0; the client's stream
// cut into 1448-byte TCP segments, or one segment per message.
#pragma once

#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <vector>
#include <cstdio>
#include <string>

namespace zmqscope::bench {

inline void writePushCapture(const std::string &path, int connections, int perConnection, bool segmentPerMessage,
                             int bigEvery = 0)
{
    std::FILE *f = std::fopen(path.c_str(), "wb");
    {
        capture::PcapngWriter w(f);
        w.sectionHeader("ZmqScope benchmark capture");
        const std::uint32_t iface = w.addInterface(capture::linktype::Ethernet, "bench");
        const std::string big(1200, 'B');
        for (int c = 0; c < connections; ++c) {
            capture::TcpSynthesizer t(w, iface, {10, 0, std::uint8_t(c >> 8), std::uint8_t(c)}, std::uint16_t(40000 + c),
                                      {10, 1, 0, 1}, 5555);
            std::int64_t ts = 1700000000000000000 + std::int64_t(c) * 1000000000;
            t.open(ts);
            codec::encode::Buffer client, server;
            codec::encode::greeting3(client, {});
            codec::encode::ready(client, {{"Socket-Type", codec::encode::bytes("PUSH")}});
            codec::encode::greeting3(server, {});
            codec::encode::ready(server, {{"Socket-Type", codec::encode::bytes("PULL")}});
            t.data(codec::Direction::ClientToServer, ts, client);
            t.data(codec::Direction::ServerToClient, ts, server);
            codec::encode::Buffer stream;
            std::size_t last = 0;
            for (int m = 0; m < perConnection; ++m) {
                char body[32];
                std::snprintf(body, sizeof body, "conn %03d message %08d", c, m);
                const bool large = bigEvery > 0 && m % bigEvery == bigEvery - 1;
                codec::encode::message(stream, {codec::encode::bytes(large ? big : std::string(body))},
                                       codec::ZmtpVersion::V3_1);
                if (segmentPerMessage) {
                    t.data(codec::Direction::ClientToServer, ts += 1000, {stream.data() + last, stream.size() - last});
                    last = stream.size();
                }
            }
            if (!segmentPerMessage)
                for (std::size_t pos = 0; pos < stream.size(); pos += 1448)
                    t.data(codec::Direction::ClientToServer, ts += 1000,
                           {stream.data() + pos, std::min<std::size_t>(1448, stream.size() - pos)});
            t.close(ts);
        }
    }
    std::fclose(f);
}

// Application-protocol captures: every message in its own TCP segment, a
// microsecond apart, in the order they happen across connections.
class Capture {
public:
    explicit Capture(const std::string &path)
        : m_file(std::fopen(path.c_str(), "wb"))
        , m_writer(m_file)
    {
        m_writer.sectionHeader("ZmqScope benchmark capture");
        m_iface = m_writer.addInterface(capture::linktype::Ethernet, "bench");
    }
    ~Capture()
    {
        for (auto &t : m_tcp)
            t->close(m_ts);
        m_tcp.clear();
        std::fclose(m_file);
    }
    // A connection: its greeting and READY both ways. Returns its index.
    int connect(std::string_view clientType, std::string_view serverType, std::uint16_t serverPort,
                std::string_view clientIdentity = {})
    {
        const int c = int(m_tcp.size());
        m_tcp.push_back(std::make_unique<capture::TcpSynthesizer>(
            m_writer, m_iface, std::array<std::uint8_t, 4>{10, 0, std::uint8_t(c >> 8), std::uint8_t(c)},
            std::uint16_t(40000 + c), std::array<std::uint8_t, 4>{10, 1, 0, 1}, serverPort));
        m_tcp.back()->open(m_ts += 1000);
        codec::encode::Buffer a, b;
        codec::encode::greeting3(a, {});
        if (clientIdentity.empty())
            codec::encode::ready(a, {{"Socket-Type", codec::encode::bytes(clientType)}});
        else
            codec::encode::ready(a, {{"Socket-Type", codec::encode::bytes(clientType)},
                                     {"Identity", codec::encode::bytes(clientIdentity)}});
        codec::encode::greeting3(b, {});
        codec::encode::ready(b, {{"Socket-Type", codec::encode::bytes(serverType)}});
        m_tcp.back()->data(codec::Direction::ClientToServer, m_ts += 1000, a);
        m_tcp.back()->data(codec::Direction::ServerToClient, m_ts += 1000, b);
        return c;
    }
    void send(int connection, codec::Direction d, std::initializer_list<codec::Bytes> frames)
    {
        m_buffer.clear();
        codec::encode::message(m_buffer, frames, codec::ZmtpVersion::V3_1);
        m_tcp[std::size_t(connection)]->data(d, m_ts += 1000, m_buffer);
    }

private:
    std::FILE *m_file;
    capture::PcapngWriter m_writer;
    std::uint32_t m_iface = 0;
    std::int64_t m_ts = 1700000000000000000;
    std::vector<std::unique_ptr<capture::TcpSynthesizer>> m_tcp;
    codec::encode::Buffer m_buffer;
};

// MDP/0.1 through a broker: `clients` REQ clients and `workers` DEALER
// workers; each request crosses four times (client REQUEST, broker to
// worker REQUEST, worker REPLY, broker to client REPLY).
inline void writeMdpCapture(const std::string &path, int clients, int workers, long messages)
{
    Capture cap(path);
    using codec::encode::bytes;
    const auto C = codec::Direction::ClientToServer, S = codec::Direction::ServerToClient;
    std::vector<int> client, worker;
    for (int i = 0; i < clients; ++i)
        client.push_back(cap.connect("REQ", "ROUTER", 5555));
    for (int i = 0; i < workers; ++i) {
        worker.push_back(cap.connect("DEALER", "ROUTER", 5555));
        cap.send(worker.back(), C, {bytes(""), bytes("MDPW01"), bytes("\x01"), bytes("echo")});
    }
    const unsigned char address[5] = {0, 0x6B, 0x8B, 0x45, 0x67};
    for (long r = 0; r * 4 < messages; ++r) {
        char body[32];
        std::snprintf(body, sizeof body, "request %08ld", r);
        const int c = client[std::size_t(r % clients)], w = worker[std::size_t(r % workers)];
        const codec::Bytes id(address, 5);
        cap.send(c, C, {bytes(""), bytes("MDPC01"), bytes("echo"), bytes(body)});
        cap.send(w, S, {bytes(""), bytes("MDPW01"), bytes("\x02"), id, bytes(""), bytes(body)});
        cap.send(w, C, {bytes(""), bytes("MDPW01"), bytes("\x03"), id, bytes(""), bytes(body)});
        cap.send(c, S, {bytes(""), bytes("MDPC01"), bytes("echo"), bytes(body)});
    }
}

// ZRE v2: `nodes` DEALER-to-ROUTER links, each HELLO, JOIN, then SHOUTs and
// WHISPERs with consecutive sequence numbers (wrapping at 65535).
inline void writeZreCapture(const std::string &path, int links, long messages)
{
    Capture cap(path);
    using codec::encode::bytes;
    const auto C = codec::Direction::ClientToServer;
    std::vector<int> link;
    std::vector<std::uint16_t> seq(std::size_t(links), 0);
    for (int i = 0; i < links; ++i) {
        std::string id(17, char(i));
        id[0] = 1;
        link.push_back(cap.connect("DEALER", "ROUTER", std::uint16_t(49152 + i), id));
    }
    const auto header = [&](int i, std::uint8_t command) {
        const std::uint16_t s = ++seq[std::size_t(i)];
        return std::string{char(0xAA), char(0xA1), char(command), 2, char(s >> 8), char(s & 0xFF)};
    };
    for (int i = 0; i < links; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "node%03d", i);
        std::string hello = header(i, 1);
        const std::string endpoint = "tcp://10.0.0.1:" + std::to_string(49152 + i);
        hello += char(endpoint.size()) + endpoint;
        hello += std::string{0, 0, 0, 1, 0, 0, 0, 4} + "CHAT";
        hello += char(0);
        hello += char(std::strlen(name)) + std::string(name);
        hello += std::string{0, 0, 0, 0};
        cap.send(link[std::size_t(i)], C, {bytes(hello)});
        cap.send(link[std::size_t(i)], C, {bytes(header(i, 4) + "\x04" "CHAT\x01")});
    }
    for (long m = 2L * links; m < messages; ++m) {
        const int i = int(m % links);
        char body[32];
        std::snprintf(body, sizeof body, "message %08ld", m);
        if (m % 2)
            cap.send(link[std::size_t(i)], C, {bytes(header(i, 3) + "\x04" "CHAT"), bytes(body)});
        else
            cap.send(link[std::size_t(i)], C, {bytes(header(i, 2)), bytes(body)});
    }
}

// FILEMQ v2 (zeromq/filemq's encoding): `links` clients, each OHAI,
// ICANHAZ, NOM, then files of 100 chunks of 256 bytes, and an empty
// end-of-file chunk each.
inline void writeFilemqCapture(const std::string &path, int links, long messages)
{
    Capture cap(path);
    using codec::encode::bytes;
    const auto C = codec::Direction::ClientToServer, S = codec::Direction::ServerToClient;
    std::vector<int> link;
    std::vector<std::uint64_t> chunkSeq(std::size_t(links), 0);
    const auto u64 = [](std::uint64_t v) {
        std::string s(8, '\0');
        for (int i = 7; i >= 0; --i, v >>= 8)
            s[std::size_t(i)] = char(v & 0xFF);
        return s;
    };
    const auto u32 = [](std::uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    for (int i = 0; i < links; ++i) {
        link.push_back(cap.connect("DEALER", "ROUTER", 5670));
        cap.send(link.back(), C, {bytes(std::string("\xAA\xA3\x01\x06" "FILEMQ\x00\x02", 12))});
        cap.send(link.back(), C, {bytes(std::string("\xAA\xA3\x05", 3) + u32(7) + "/photos" + u32(0) + u32(0))});
        cap.send(link.back(), C, {bytes(std::string("\xAA\xA3\x07", 3) + u64(std::uint64_t(1) << 40) + u64(0))});
    }
    const std::string data(256, 'F');
    for (long m = 3L * links; m < messages; ++m) {
        const int i = int(m % links);
        const std::uint64_t s = chunkSeq[std::size_t(i)]++;
        const std::uint64_t file = s / 101, part = s % 101;
        const std::string name = "/photos/file" + std::to_string(file) + ".bin";
        const bool eof = part == 100;
        std::string frame = std::string("\xAA\xA3\x08", 3) + u64(s) + "\x01" + u32(std::uint32_t(name.size())) + name
            + u64(part * 256) + (eof ? "\x01" : std::string(1, '\0')) + u32(0) + u32(eof ? 0 : 256) + (eof ? "" : data);
        cap.send(link[std::size_t(i)], S, {bytes(frame)});
    }
}

}   // namespace zmqscope::bench
