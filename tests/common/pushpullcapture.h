// A pcapng file of one ZMTP 3.1 PUSH -> PULL connection over synthesised
// TCP: both greetings and READYs at `openNs`, then one single-frame message
// per (time, body) from the PUSH, at whatever times the test wants (going
// back, or past what nanoseconds hold: a time is written as its 64 bits,
// so -2 stands for 2^64 - 2 ns), and the close at `closeNs`.
#pragma once

#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace testutil {

inline bool writePushPullCapture(const std::string &path, std::int64_t openNs,
                                 const std::vector<std::pair<std::int64_t, std::string>> &messages, std::int64_t closeNs)
{
    using namespace zmqscope;
    namespace encode = codec::encode;
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    {
        capture::PcapngWriter w(f);
        w.sectionHeader();
        capture::TcpSynthesizer t(w, w.addInterface(capture::linktype::Ethernet, "t"), {10, 0, 0, 1}, 40001,
                                  {10, 0, 0, 2}, 5555);
        t.open(openNs);
        encode::Buffer push, pull;
        encode::greeting3(push, {});
        encode::ready(push, {{"Socket-Type", encode::bytes("PUSH")}});
        encode::greeting3(pull, {});
        encode::ready(pull, {{"Socket-Type", encode::bytes("PULL")}});
        t.data(codec::Direction::ClientToServer, openNs, push);
        t.data(codec::Direction::ServerToClient, openNs, pull);
        for (const auto &[at, body] : messages) {
            encode::Buffer m;
            encode::message(m, {encode::bytes(body)}, codec::ZmtpVersion::V3_1);
            t.data(codec::Direction::ClientToServer, at, m);
        }
        t.close(closeNs);
    }
    return std::fclose(f) == 0;
}

}   // namespace testutil
