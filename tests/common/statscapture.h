// A capture whose statistics are known by hand (tst_statistics,
// tst_pictures): a REQ -> REP connection with ten requests 100 ms apart,
// the i-th (from 0) answered after i + 1 ms; and an MDP/0.1 client (REQ)
// -> broker (ROUTER) connection with two requests for service "echo"
// answered after 20 ms and 40 ms. Times count from T0 = 1 s (Unix time),
// when both greetings are sent.
#pragma once

#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"

#include <cstdio>
#include <string>

namespace testutil {

constexpr std::int64_t kT0 = 1000000000;
constexpr std::int64_t kMs = 1000000;

inline std::string reqRepRequest(int i) { return "req " + std::to_string(i); }
inline std::string reqRepReply(int i) { return "rep " + std::to_string(i); }

inline bool writeStatsCapture(const std::string &path)
{
    using namespace zmqscope;
    namespace encode = codec::encode;
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    {
        capture::PcapngWriter w(f);
        w.sectionHeader();
        const std::uint32_t iface = w.addInterface(capture::linktype::Ethernet, "t");
        const auto handshake = [&](capture::TcpSynthesizer &t, const char *client, const char *server) {
            encode::Buffer a, b;
            encode::greeting3(a, {});
            encode::ready(a, {{"Socket-Type", encode::bytes(client)}});
            encode::greeting3(b, {});
            encode::ready(b, {{"Socket-Type", encode::bytes(server)}});
            t.data(codec::Direction::ClientToServer, kT0, a);
            t.data(codec::Direction::ServerToClient, kT0, b);
        };
        capture::TcpSynthesizer reqrep(w, iface, {10, 0, 0, 1}, 40001, {10, 0, 0, 2}, 5555);
        reqrep.open(kT0 - kMs);
        handshake(reqrep, "REQ", "REP");
        for (int i = 0; i < 10; ++i) {
            const std::int64_t at = kT0 + (i + 1) * 100 * kMs;
            encode::Buffer q, r;
            encode::message(q, {encode::bytes(""), encode::bytes(reqRepRequest(i))}, codec::ZmtpVersion::V3_1);
            encode::message(r, {encode::bytes(""), encode::bytes(reqRepReply(i))}, codec::ZmtpVersion::V3_1);
            reqrep.data(codec::Direction::ClientToServer, at, q);
            reqrep.data(codec::Direction::ServerToClient, at + (i + 1) * kMs, r);
        }
        reqrep.close(kT0 + 3000 * kMs);

        capture::TcpSynthesizer mdp(w, iface, {10, 0, 0, 3}, 40002, {10, 0, 0, 4}, 5556);
        mdp.open(kT0 - kMs);
        handshake(mdp, "REQ", "ROUTER");
        int n = 0;
        for (const auto &[at, took] : {std::pair{2000 * kMs, 20 * kMs}, std::pair{2500 * kMs, 40 * kMs}}) {
            encode::Buffer q, r;
            const std::string body = "ping " + std::to_string(n++);
            encode::message(q, {encode::bytes(""), encode::bytes("MDPC01"), encode::bytes("echo"), encode::bytes(body)},
                            codec::ZmtpVersion::V3_1);
            encode::message(r, {encode::bytes(""), encode::bytes("MDPC01"), encode::bytes("echo"), encode::bytes(body)},
                            codec::ZmtpVersion::V3_1);
            mdp.data(codec::Direction::ClientToServer, kT0 + at, q);
            mdp.data(codec::Direction::ServerToClient, kT0 + at + took, r);
        }
        mdp.close(kT0 + 3000 * kMs);
    }
    std::fclose(f);
    return true;
}

}   // namespace testutil
