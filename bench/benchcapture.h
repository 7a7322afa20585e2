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

}   // namespace zmqscope::bench
