// Writes the fuzzers' seed corpus: the transport digest's captured vectors
// and encoder-made streams of every version and shape, valid and malformed.
//   make_corpus OUTDIR   ->  OUTDIR/stream/*, OUTDIR/connection/*
#include "capture/capturefile.h"
#include "capture/tcpsynthesizer.h"
#include "codec/certificate.h"
#include "codec/curve.h"
#include "codec/encoder.h"
#include "codec/zap.h"

#include "protocols/registry.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace zmqscope::codec;
namespace capture = zmqscope::capture;
namespace fs = std::filesystem;
using Buffer = encode::Buffer;

namespace {

Buffer hex(std::string_view h)
{
    Buffer out;
    int hi = -1;
    for (char c : h) {
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

void write(const fs::path &file, const Buffer &b)
{
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), std::streamsize(b.size()));
}

// Connection record format of fuzz_connectiondecoder: control byte
// (bit 7 = s2c, bits 0..6 = length) + bytes, in chunks of at most 127.
void record(Buffer &out, bool s2c, const Buffer &bytes)
{
    for (std::size_t pos = 0; pos < bytes.size();) {
        const std::size_t n = std::min<std::size_t>(127, bytes.size() - pos);
        out.push_back(static_cast<std::uint8_t>((s2c ? 0x80 : 0) | n));
        out.insert(out.end(), bytes.begin() + pos, bytes.begin() + pos + n);
        pos += n;
    }
}

Buffer prelude3(std::string_view mechanism, std::string_view socketType, std::uint8_t minor = 1)
{
    Buffer b;
    encode::Greeting3 g;
    g.mechanism = mechanism;
    g.minor = minor;
    encode::greeting3(b, g);
    if (mechanism == "NULL")
        encode::ready(b, {{"Socket-Type", encode::bytes(socketType)}, {"Identity", encode::bytes("")}});
    return b;
}

}   // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_corpus OUTDIR\n");
        return 2;
    }
    const fs::path root(argv[1]);
    fs::create_directories(root / "stream");
    fs::create_directories(root / "connection");
    int n = 0;
    auto stream = [&](const Buffer &b) { write(root / "stream" / ("seed-" + std::to_string(n++)), b); };

    // Digest 11: captured and specified byte strings.
    for (const char *v : {
             "ff00000000000000017f03014e554c4c000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
             "0429055245414459 0b536f636b65742d5479706500000006444541 4c4552 084964656e7469747900000000 0100000568656c6c6f",
             "ff00000000000000017f0103 0000 0100000568656c6c6f",
             "ff00000000000000047f0103 0003424f42",
             "0100 0101040061626300",
             "04 00 42 4f 42 06 00 68 65 6c 6c 6f 01 01 06 00 68 65 6c 6c 6f",
             "040a054552524f5203343030 040b0450494e4700146374783104090450 4f4e4763747831",
             "040f0953554253435249424574 6f706963 040c0643414e43454c746f706963 000601746f706963",
             "040c044a4f494e77656174686572 01077765617468657200057375 6e6e79",
             "0200000000000001 00 78",
             "ff000000000000012d00 4c4c",
             "0400000000000001000953554253435249424574",
             "04130557454c434f4d450561646d696e06736563726574",
         })
        stream(hex(v));

    // Encoder-made streams of each version.
    {
        Buffer b = prelude3("NULL", "DEALER");
        encode::message(b, {encode::bytes(""), encode::bytes("hello")}, ZmtpVersion::V3_1);
        encode::message(b, {encode::bytes(std::string(300, 'x'))}, ZmtpVersion::V3_1);
        encode::ping(b, 20, encode::bytes("ctx1"));
        encode::pong(b, encode::bytes("ctx1"));
        encode::subscribe(b, encode::bytes("topic"), ZmtpVersion::V3_1);
        encode::cancel(b, encode::bytes("topic"), ZmtpVersion::V3_1);
        encode::join(b, encode::bytes("group"));
        encode::error(b, "400");
        stream(b);
    }
    {
        Buffer b;
        encode::greeting2(b, SocketType::Sub, encode::bytes("ID"));
        encode::subscribe(b, encode::bytes("A"), ZmtpVersion::V2_0);
        encode::message(b, {encode::bytes("k"), encode::bytes("v")}, ZmtpVersion::V2_0);
        stream(b);
    }
    {
        Buffer b;
        encode::frame1(b, encode::bytes("BOB"));
        encode::message(b, {encode::bytes(""), encode::bytes("hello")}, ZmtpVersion::V1_0);
        encode::frame1(b, encode::bytes(std::string(300, 'L')));
        stream(b);
    }
    {
        Buffer b = prelude3("PLAIN", "");
        encode::command(b, "HELLO", hex("0561646d696e06736563726574"));
        Buffer md;
        encode::metadata(md, {{"Socket-Type", encode::bytes("DEALER")}, {"Identity", encode::bytes("BOB")}});
        encode::command(b, "INITIATE", md);
        stream(b);
    }
    {
        Buffer b = prelude3("CURVE", "");
        encode::command(b, "HELLO", Buffer(194, 0));
        Buffer msg = hex("074d455353414745 0000000000000003");
        msg.resize(msg.size() + 22, 0x55);
        encode::frame(b, msg);
        stream(b);
    }
    // Malformed on purpose.
    {
        Buffer b = prelude3("NULL", "PUSH");
        encode::FrameOptions o;
        o.declaredSize = std::uint64_t(1) << 62;
        encode::frame(b, encode::bytes("lie"), o);
        stream(b);
        Buffer c = prelude3("NULL", "PUSH");
        encode::FrameOptions r;
        r.extraFlags = 0xF0;
        r.forceLong = true;
        encode::frame(c, encode::bytes("flags"), r);
        encode::command(c, "", {});
        encode::command(c, "B@D", {});
        stream(c);
        Buffer d;
        encode::Greeting3 g;
        g.mechanism = "ZZ-TOP";
        g.signatureEnd = 0x7e;
        g.asServer = 9;
        encode::greeting3(d, g);
        stream(d);
    }

    // Connection seeds: libzmq's staged greeting exchange and more.
    int m = 0;
    auto connection = [&](const Buffer &b) { write(root / "connection" / ("seed-" + std::to_string(m++)), b); };
    {
        Buffer c = prelude3("NULL", "DEALER"), s = prelude3("NULL", "ROUTER");
        Buffer rec;
        record(rec, false, Buffer(c.begin(), c.begin() + 10));
        record(rec, true, Buffer(s.begin(), s.begin() + 11));
        record(rec, false, Buffer(c.begin() + 10, c.end()));
        record(rec, true, Buffer(s.begin() + 11, s.end()));
        Buffer msg;
        encode::message(msg, {encode::bytes(""), encode::bytes("hello")}, ZmtpVersion::V3_1);
        record(rec, false, msg);
        rec.push_back(0x00);   // a gap of 7 bytes in c2s
        rec.push_back(7);
        record(rec, false, msg);
        connection(rec);
    }
    {
        Buffer rec;
        record(rec, false, hex("ff00000000000000017f"));
        record(rec, true, hex("ff00000000000000017f0104 0000"));
        record(rec, false, hex("03 03 0000 0100000568656c6c6f"));
        connection(rec);
        Buffer one;
        record(one, false, hex("0100"));
        record(one, true, hex("ff00000000000000017f"));
        record(one, false, hex("01010400616263"));
        record(one, true, hex("0101040078797a"));
        connection(one);
    }
    // Mechanism seeds: selector byte + 2-byte-length pieces (fuzz_mechanisms).
    fs::create_directories(root / "mechanisms");
    int k = 0;
    auto mechanism = [&](std::uint8_t selector, const std::vector<Buffer> &parts) {
        Buffer b{selector};
        for (const Buffer &p : parts) {
            b.push_back(static_cast<std::uint8_t>(p.size() >> 8));
            b.push_back(static_cast<std::uint8_t>(p.size()));
            b.insert(b.end(), p.begin(), p.end());
        }
        write(root / "mechanisms" / ("seed-" + std::to_string(k++)), b);
    };
    {
        // The transport digest's deterministic CURVE transcript, made by our
        // client and server with its fixed keys and nonces (the fuzz target
        // uses the same), so seeds reach every step.
        auto key = [](std::uint8_t v) { CurveKey x; x.fill(v); return x; };
        auto tail = [](std::uint8_t v) { LongNonce x; x.fill(v); return x; };
        CurveClient::Config cc;
        cc.serverPublic = CurveKeyPair::fromSecret(key(3)).publicKey;
        cc.permanent = CurveKeyPair::fromSecret(key(1));
        cc.transient = CurveKeyPair::fromSecret(key(2));
        cc.vouchNonce = tail(8);
        cc.metadata = {{"Socket-Type", "DEALER"}, {"Identity", ""}};
        CurveServer::Config sc;
        sc.permanent = CurveKeyPair::fromSecret(key(3));
        sc.transient = CurveKeyPair::fromSecret(key(4));
        sc.cookieKey = key(5);
        sc.welcomeNonce = tail(6);
        sc.cookieNonce = tail(7);
        sc.metadata = {{"Socket-Type", "ROUTER"}, {"Identity", ""}};
        CurveClient client(cc);
        CurveServer server(sc);
        Buffer hello, welcome, initiate, ready, msgC, msgS;
        client.nextCommand(hello);
        server.processCommand(hello);
        server.nextCommand(welcome);
        client.processCommand(welcome);
        client.nextCommand(initiate);
        server.processCommand(initiate);
        server.nextCommand(ready);
        client.processCommand(ready);
        client.encodeMessage(1, encode::bytes("Hello"), msgC);
        server.encodeMessage(0, encode::bytes("World"), msgS);
        mechanism(0, {hello, initiate, msgC});
        mechanism(1, {welcome, ready, msgS});
        mechanism(1, {hex("054552524f52 03 343030")});
        Buffer framedC = prelude3("CURVE", ""), framedS = prelude3("CURVE", "");
        for (const Buffer *b : {&hello, &initiate}) {
            encode::FrameOptions o;
            o.command = true;
            encode::frame(framedC, *b, o);
        }
        for (const Buffer *b : {&welcome, &ready}) {
            encode::FrameOptions o;
            o.command = true;
            encode::frame(framedS, *b, o);
        }
        encode::frame(framedC, msgC);
        encode::frame(framedS, msgS);
        mechanism(11, {framedC, framedS});
        mechanism(9, {framedS});
        const std::string log = "ZMTP_CURVE_SESSION " + curveKeyToHex(client.clientTransientPublic()) + " "
            + curveKeyToHex(client.sessionKey()) + "\n";
        mechanism(8, {});
        write(root / "mechanisms" / ("seed-" + std::to_string(k++)), [&] {
            Buffer b{8};
            b.insert(b.end(), log.begin(), log.end());
            return b;
        }());
        // A ZRE beacon (fuzz_formats: the first byte picks selector 12).
        write(root / "mechanisms" / ("seed-" + std::to_string(k++)), [] {
            Buffer b{3, 'Z', 'R', 'E', 1};
            for (int i = 0; i < 16; ++i)
                b.push_back(std::uint8_t(i));
            b.push_back(0xC0);
            b.push_back(0x01);
            return b;
        }());
        CurveCertificate cert{cc.permanent.publicKey, cc.permanent.secretKey, {{"name", "seed"}}};
        const std::string zpl = cert.toZpl(true, "2026-11-25 00:00:00");
        Buffer zb{7};
        zb.insert(zb.end(), zpl.begin(), zpl.end());
        write(root / "mechanisms" / ("seed-" + std::to_string(k++)), zb);
        Buffer z85{6};
        const std::string text = curveKeyToZ85(cc.permanent.publicKey);
        z85.insert(z85.end(), text.begin(), text.end());
        write(root / "mechanisms" / ("seed-" + std::to_string(k++)), z85);
    }
    {
        mechanism(2, {hex("0548454c4c4f 0161 0162"), hex("08494e4954494154450b536f636b65742d5479706500000006444541 4c4552")});
        mechanism(3, {hex("0757454c434f4d45"), hex("055245414459 0b536f636b65742d5479706500000006524f55544552")});
        mechanism(3, {hex("5e52524f5203343030")});
        mechanism(4, {hex("055245414459 0b536f636b65742d5479706500000004504149 52")});
        ZapRequest zr;
        zr.version = "1.0";
        zr.requestId = "1";
        zr.auth.mechanism = Mechanism::Plain;
        zr.auth.address = "127.0.0.1";
        zr.auth.username = "admin";
        zr.auth.password = "secret";
        std::vector<Buffer> frames;
        for (const std::string &f : zapRequestFrames(zr))
            frames.emplace_back(f.begin(), f.end());
        mechanism(5, frames);
        frames.clear();
        for (const std::string &f : zapReplyFrames(zr, AuthResult{"200", "OK", "admin", {{"X-Role", "ops"}}}))
            frames.emplace_back(f.begin(), f.end());
        mechanism(5, frames);
        Buffer plain = prelude3("PLAIN", "");
        encode::command(plain, "HELLO", hex("0561646d696e06736563726574"));
        mechanism(10, {plain});
    }
    // Capture files: a synthesised pcapng of a ZMTP exchange, and a pcap.
    fs::create_directories(root / "capture");
    fs::create_directories(root / "reassembly");
    {
        const std::string path = (root / "capture" / "seed-pcapng").string();
        std::FILE *f = std::fopen(path.c_str(), "wb");
        {
            capture::PcapngWriter w(f);
            w.sectionHeader("seed");
            const std::uint32_t iface = w.addInterface(capture::linktype::Ethernet, "seed");
            capture::TcpSynthesizer t(w, iface, {10, 0, 0, 1}, 40000, {10, 0, 0, 2}, 5555);
            t.open(1, "open");
            const Buffer c = prelude3("NULL", "DEALER"), s = prelude3("NULL", "ROUTER");
            t.data(Direction::ClientToServer, 2, c);
            t.data(Direction::ServerToClient, 3, s);
            Buffer msg;
            encode::message(msg, {encode::bytes(""), encode::bytes("hello")}, ZmtpVersion::V3_1);
            t.data(Direction::ClientToServer, 4, msg);
            t.gap(Direction::ClientToServer, 5);
            t.data(Direction::ClientToServer, 5, msg);
            t.close(6, "close");
        }
        std::fclose(f);
        // The same packets in a little-endian microsecond pcap, raw IPv4.
        Buffer pcap = hex("d4c3b2a1 0200 0400 00000000 00000000 00000400 65000000");
        Buffer ip = hex("4500 0000 0001 4000 4006 0000 0a000001 0a000002 9c40 15b3 00000001 00000000 5018 ffff 0000 0000");
        const Buffer payload = prelude3("NULL", "PUSH");
        ip.insert(ip.end(), payload.begin(), payload.end());
        ip[2] = std::uint8_t(ip.size() >> 8);
        ip[3] = std::uint8_t(ip.size());
        const std::uint32_t len = std::uint32_t(ip.size());
        Buffer rec = hex("01000000 00000000");
        for (int i = 0; i < 2; ++i)
            for (int b = 0; b < 4; ++b)
                rec.push_back(std::uint8_t(len >> (8 * b)));
        pcap.insert(pcap.end(), rec.begin(), rec.end());
        pcap.insert(pcap.end(), ip.begin(), ip.end());
        write(root / "capture" / "seed-pcap", pcap);
        // Reassembly: SYN, data out of order, a retransmission, FIN.
        write(root / "reassembly" / "seed-0",
              hex("00 00 00000064 02 00"
                  "00 00 0000006b 18 05 776f726c64"
                  "00 00 00000065 18 06 68656c6c6f20"
                  "00 00 00000065 18 06 68656c6c6f20"
                  "01 00 000003e8 12 00"
                  "00 00 00000070 11 00"));
    }
    std::printf("wrote %d stream, %d connection and %d mechanism seeds, and capture seeds, to %s\n", n, m, k, argv[1]);
    // Protocol-layer seeds (fuzz_protocols): dissector pick, socket types,
    // then messages of length-prefixed frames. Hex frames from the protocol
    // digest's examples.
    fs::create_directories(root / "protocols");
    int pk = 0;
    const auto protocolSeed = [&](std::uint8_t pick, std::uint8_t types,
                                  std::initializer_list<std::pair<bool, std::initializer_list<const char *>>> messages) {
        Buffer b{pick, types};
        for (const auto &[s2c, frames] : messages) {
            b.push_back(static_cast<std::uint8_t>((s2c ? 0x80 : 0) | frames.size()));
            for (const char *f : frames) {
                const Buffer body = hex(f);
                b.push_back(static_cast<std::uint8_t>(body.size() >> 8));
                b.push_back(static_cast<std::uint8_t>(body.size()));
                b.insert(b.end(), body.begin(), body.end());
            }
        }
        write(root / "protocols" / ("seed-" + std::to_string(pk++)), b);
    };
    // socket types: low nibble sender (5 DEALER, 3 REQ), high nibble receiver (6 ROUTER)
    protocolSeed(0, 0x65, {{false, {"", "4d44505730 31", "01", "6563686f"}},
                           {true, {"", "4d4450573031", "02", "006b8b4567", "", "48656c6c6f"}},
                           {false, {"", "4d4450573031", "03", "006b8b4567", "", "48656c6c6f"}}});
    protocolSeed(0, 0x63, {{false, {"", "4d4450433031", "6d6d692e73657276696365", "6563686f"}},
                           {true, {"", "4d4450433031", "6d6d692e73657276696365", "323030"}}});
    protocolSeed(0, 0x65, {{false, {"4d4450433032", "01", "6563686f", "48656c6c6f"}},
                           {true, {"4d4450433032", "03", "6563686f", "48656c6c6f"}}});
    protocolSeed(0, 0x65, {{false, {"aaa401064d445043303201046563686f", "48656c6c6f"}}});
    protocolSeed(0, 0x65, {{false, {"aaa1010200011874 63703a2f2f3139322e3136382e312e31303a34393135320000000100000004434841540105 6e6f6465310000000107582d48454c4c4f00000005576f726c64"}},
                           {false, {"aaa103020002044348 4154", "48656c6c6f"}}});
    protocolSeed(0, 0x65, {{false, {"aaa1010001 0c3139322e3136382e312e3130c0000104434841540101 0d582d48454c4c4f3d576f726c64"}}});
    protocolSeed(0, 0x65, {{false, {"aaa3010646494c454d510002"}},
                           {false, {"aaa30500000007 2f70686f746f73 00000000 00000000"}},
                           {true, {"aaa3080000000000000000010000000d2f70686f746f732f612e7478740000000000000000000000000000000568656c6c6f"}}});
    protocolSeed(0, 0x65, {{false, {"aaa3010646494c454d5101"}},
                           {true, {"aaa308000000000000000001 0d2f70686f746f732f612e747874 0000000000000000 00", "68656c6c6f"}}});
    protocolSeed(0, 0x65, {{false, {"4943414e48415a3f", "2f636c69656e742f"}},
                           {true, {"2f636c69656e742f3432", "000000000000000a", "0123456789abcdef0123456789abcdef", "74746c3d33300a", "35363738"}},
                           {true, {"4b544858424149", "0000000000000009", "", "", ""}}});
    protocolSeed(0, 0x63, {{false, {"", "436f6e6e656374696f6e2e4f70656e", "7b7d"}},
                           {true, {"", "323031", "7b22737461747573223a225265616479227d"}}});
    protocolSeed(0, 0x65, {{false, {"010000000000000001066162633132 33", ""}}, {true, {"020000000000000001", "323030"}}});
    protocolSeed(0, 0x65, {{false, {"01"}}, {false, {"02"}}, {true, {"006b8b4567", "", "48656c6c6f"}}});
    protocolSeed(0, 0x66, {{false, {"50494e47"}}, {true, {"504f4e47"}}, {false, {"31", "72616e646f6d"}}, {true, {"31", "4f4b"}}});
    protocolSeed(0, 0x65, {{false, {"574d503031", "5245414459", "31"}}, {true, {"574d503031", "57414b45", "6a6f62"}}});
    protocolSeed(0, 0x65, {{false, {"", "312e30", "31", "", "3132372e302e302e31", "", "504c41494e", "61", "62"}},
                           {true, {"", "312e30", "31", "323030", "4f4b", "", ""}}});
    protocolSeed(0xFF, 0, {{false, {"5a52450101234567 89abcdef0123456789abcdefc000"}}});
    for (std::uint8_t pick = 1; pick <= zmqscope::protocols::registry().size(); ++pick)
        protocolSeed(pick, 0x65, {{false, {"", "41", "42"}}, {true, {"01"}}});
    // Configuration seeds (fuzz_propertytree): byte 0 odd for JSON, even for ZPL.
    fs::create_directories(root / "config");
    int ck = 0;
    for (const auto &[json, text] : std::initializer_list<std::pair<bool, const char *>>{
             {false, "version = 1.0\napps\n    a\n        peers\n            b\n                role = mdp-broker\n"
                     "                bind = tcp://127.0.0.1:5555   # a comment\n                name = \"quoted #\"\n"},
             {false, "curve\n    public-key = \"abc\"\n    secret-key = 'x'\n"},
             {true, "{\"version\": 1.0, \"apps\": {\"a\": {\"peers\": {\"c\": {\"role\": \"mdp-client\", "
                    "\"request\": [\"one\", \"0x02\"], \"count\": 3, \"quiet\": true, \"x\": null}}}}}"},
             {true, "{\"q\": {\"type\": \"zmq_queue\", \"frontend\": {\"bind\": [\"tcp://a:1\"]}, \"s\": \"\\u00e9\\n\"}}"}}) {
        Buffer b{static_cast<std::uint8_t>(json ? 1 : 0)};
        b.insert(b.end(), text, text + std::strlen(text));
        write(root / "config" / ("seed-" + std::to_string(ck++)), b);
    }
    // The peers' wire (fuzz_peerwire): byte 0 picks the reader; '|' below
    // stands for the 0xFF byte that separates frames, '^' for a byte 0x02,
    // '~' for 0x01 and '#' for 0x04.
    fs::create_directories(root / "peerwire");
    int pw = 0;
    for (const auto &[pick, text] : std::initializer_list<std::pair<std::uint8_t, std::string_view>>{
             {0, "MDPW01|^||client||hello"},
             {1, "|MDPW02|^|client||hello"},
             {2, "|MDPC01|echo|reply"},
             {0x13, "MDPC02|#|echo|done"},
             {4, "{\"command\":\"Connection.Open\",\"version\":\"1.0\",\"profiles\":[\"test\"],\"n\":-1.5e3}"},
             {5, "AGFkbWluAHNlY3JldA=="},
             {6, "|~|1|name|body"},
             {7, "0 6869|0a\n15 6869\n"}}) {
        Buffer b{pick};
        for (const char c : text)
            b.push_back(pick == 7 || pick == 4 || pick == 5 ? std::uint8_t(c)
                        : c == '|' ? 0xFF : c == '^' ? 0x02 : c == '~' ? 0x01 : c == '#' ? 0x04 : std::uint8_t(c));
        write(root / "peerwire" / ("seed-" + std::to_string(pw++)), b);
    }
    // The conformance suite's text (fuzz_conformance): the whole input is
    // both a JSON report (as `zmqscope check --json` writes it) and a
    // profile (JSON or ZPL, shortened from resources/conformance/).
    fs::create_directories(root / "conformance");
    int cf = 0;
    for (const std::string_view text : {
             std::string_view(R"json({
  "implementation": "libzmq 4.3.4",
  "endpoint": "tcp://127.0.0.1:5555",
  "role": "server",
  "mechanism": "PLAIN",
  "socketType": "REP",
  "application": "",
  "profile": "libzmq 4.3.4",
  "started": "2026-12-02T09:30:00Z",
  "seconds": 1.250,
  "counts": {"passed": 1, "non-strict": 0, "failed": 0, "informational": 0, "unimplemented": 0, "skipped": 1, "known": 1},
  "results": [
    {"id": "23/greeting/full-greeting", "verdict": "passed", "observed": "a whole 3.1 greeting, as-server 1", "ms": 3.100, "wire": [
      {"ms": 0.120, "from": "suite", "kind": "bytes", "hex": "ff00000000000000017f0301", "size": 64},
      {"ms": 1.800, "from": "target", "kind": "event", "text": "greeting ZMTP 3.1 PLAIN as-server"}
    ]},
    {"id": "37/ping/no-ttl", "verdict": "known", "observed": "answered PONG with 16 context bytes it never received: \"\u0005admin\"", "profileNote": "PING length is not checked", "ms": 5.000, "wire": [
      {"ms": 0.400, "from": "suite", "kind": "note", "text": "a PING without TTL\n(name only)"},
      {"ms": 0.410, "from": "suite", "kind": "bytes", "hex": "04050450494e47", "size": 7},
      {"ms": 2.000, "from": "target", "kind": "bytes", "text": "PONG", "hex": "041504504f4e470561646d696e06736563726574000000", "size": 23},
      {"ms": 4.900, "from": "target", "kind": "closed", "text": "by the target"}
    ]},
    {"id": "26/hello/padding", "verdict": "skipped", "observed": "only for CURVE (the target speaks PLAIN)", "ms": 0.000, "wire": []}
  ]
}
)json"),
             std::string_view(R"zpl(#   Known deviations of libzmq 4.3.4 (shortened)
implementation = libzmq 4.3.4
expect
    case = 37/ping/no-ttl
    verdict = failed
    reason = PING length is not checked: a PING without TTL is answered with 16 stale bytes
expect
    case = 23/metadata/names-case-insensitive
    verdict = non-strict
    reason = property names are compared case-sensitively: "socket-type" is not read as Socket-Type
expect
    case = 26/hello/padding
    verdict = failed
    reason = HELLO's anti-amplification padding is not checked for zeros
)zpl"),
             std::string_view(R"zpl(#   Known deviations of libzmq 4.3.5 (shortened)
implementation = libzmq 4.3.5 (npm zeromq 6.8.0)
expect
    case = 23/null/error-closes
    verdict = failed
    reason = an ERROR that arrives with the greeting is not acted on
expect
    case = 23/framing/command-name-empty
    verdict = non-strict
    reason = malformed commands after the handshake are dropped silently, the connection kept
)zpl"),
             std::string_view(R"zpl(#   Known deviations of JeroMQ 0.3.6 (shortened)
implementation = JeroMQ 0.3.6
expect
    case = 15/greeting/socket-type-incompatible
    verdict = non-strict
    reason = the socket type in a ZMTP 2.0 greeting is not checked
)zpl"),
             std::string_view(R"json({"implementation": "example", "expect": [
  {"case": "37/ping/", "verdict": "failed", "reason": "every PING case"},
  {"case": "23/metadata/empty-name", "verdict": "non-strict"},
  {"case": "24/hello/", "verdict": "unimplemented", "reason": "no PLAIN"}]}
)json")}) {
        write(root / "conformance" / ("seed-" + std::to_string(cf++)), Buffer(text.begin(), text.end()));
    }
    return 0;
}
