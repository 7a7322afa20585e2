// Reading CURVE in clear from a passive capture with a key log: the digest's
// deterministic transcript, and a live connection between our CURVE client
// (which writes the key log) and a libzmq 4.3.4 CURVE server, recorded by
// the relay, with heartbeats travelling inside the boxes.
#include "collector.h"
#include "hex.h"
#include "recordingrelay.h"

#include "codec/connectiondecoder.h"
#include "codec/curvedecryptor.h"
#include "codec/session.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <cstring>

using namespace zmqscope::codec;
using testutil::Collector;
using testutil::fromHex;

namespace {

constexpr auto C2S = Direction::ClientToServer;
constexpr auto S2C = Direction::ServerToClient;

struct Script {
    std::vector<std::pair<Direction, std::vector<std::uint8_t>>> segments;
};

Script transcript()
{
    auto mech = [](std::string_view n) {
        std::vector<std::uint8_t> m(n.begin(), n.end());
        m.resize(20, 0);
        return m;
    };
    std::vector<std::uint8_t> g = fromHex("ff 00 00 00 00 00 00 00 01 7f 03 01");
    const auto m = mech("CURVE");
    g.insert(g.end(), m.begin(), m.end());
    g.resize(64, 0);
    Script s;
    s.segments.push_back({C2S, g});
    s.segments.push_back({S2C, g});
    s.segments.push_back({C2S, fromHex("04c8 0548454c4c4f 0100" + std::string(144, '0')
                                        + "ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59 0000000000000001"
                                          "16956e59934bb11d6f9dede396e1a388933944d6af279ef8f120915600ddb4c25359461d6000e3f8c6e7ec313f99c346"
                                          "b0138b705d365f45c09976698e9b72ec81fcbc042e53936696353142b85c24b9")});
    s.segments.push_back({S2C, fromHex("04a8 0757454c434f4d45 06060606060606060606060606060606"
                                       "0442ce6cac22aab29be33e9daafaa6ca4716b150398f939dfecec7552944a621ad6dae44b485f5a43745949b3be912e3"
                                       "7f2dbb5ba3bb0ece1b78231f99302c4e70f5496d33a191136f0214f985d197ff907686630248acde3930a2f1c661cbc3"
                                       "1fb9091c3ce8d5fcfa06af916427965e7440cc362de20da918b487f317301fd59227c2a53c50ac787be24a7c33ddaf2c")});
    s.segments.push_back({C2S, fromHex("060000000000000124 08494e495449415445 07070707070707070707070707070707"
                                       "8ca2cfb82281d30cd34639c936b8f6c946b44e2c7af3068831c9e40b73ed4596a39499913c8a03f358a552986a986de8"
                                       "ee72838145db48d1670d1ce8af3f446a5896329332c0213b6c8479057b9f44be 0000000000000002"
                                       "4b66d78c7fb761710342c00dadca0ca1125b6f56cadeaac6a9abd77b4270c6d8c59dd0f75fbe93ed128e4874948b3a63"
                                       "6113291460210c3a5d76ddbd4c4685255c6a146a820044125501ce8ec421aecadde74d9ee4f06d8a8d98fca7afd0ac97"
                                       "b1b923b02eeac405182cc16dc83e3ddd1093f0e010cf1d2a616d88d16dcd102aa155992742c771867ef3b1bb48d0e168"
                                       "d7c8a845026e4ad15e940287a4d9c441d71ead9b5d8be669e8571398ede050ea761072")});
    s.segments.push_back({S2C, fromHex("0441 055245414459 0000000000000001"
                                       "e16b6647952eaf44f49ce300b7466193510bdfcfae2d9874cbd4093355fc8ea8f9096ac457d78a2b9d39daf042a3970c07fda1")});
    s.segments.push_back({C2S, fromHex("0026 074d455353414745 0000000000000003 bbc3ed421b2e76a88d2cff57dfbc7c0ae85a7bdd79cc")});
    s.segments.push_back({S2C, fromHex("0026 074d455353414745 0000000000000002 131cb3063d0d3fd8020970249c4894cd7c16d29d9576")});
    return s;
}

std::unique_ptr<Collector> decode(const std::vector<std::pair<Direction, std::vector<std::uint8_t>>> &segments,
                                  const CurveKeyLog &keys)
{
    auto c = std::make_unique<Collector>();
    CurveDecryptor decryptor(*c, keys);
    ConnectionDecoder decoder(decryptor);
    for (const auto &[d, b] : segments)
        decoder.feed(d, {b.data(), b.size()});
    decoder.finish();
    return c;
}

std::vector<std::string> decryptedLines(const Collector &c)
{
    std::vector<std::string> out;
    for (const auto &l : c.lines)
        if (l.find("decrypted") != std::string::npos)
            out.push_back(l);
    return out;
}

}   // namespace

class TestCurveDecrypt : public QObject {
    Q_OBJECT
private slots:
    void transcriptWithKeyLog();
    void withoutOrWithWrongKey();
    void keyLogFormat();
    void serverKeysCheckHelloAndOpenWelcome();
    void liveLibzmqServerThroughRelay();
};

void TestCurveDecrypt::transcriptWithKeyLog()
{
    CurveKeyLog keys;
    QVERIFY(keys.parse("# written by a test\n"
                       "ZMTP_CURVE_SESSION ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59 "
                       "a0f9bba8976501df59d14bad0cf199dcb0bc7598b89c5eb481569222cbb96744\n"));
    const auto c = decode(transcript().segments, keys);
    const auto lines = decryptedLines(*c);
    QCOMPARE(lines, (std::vector<std::string>{
                        "c2s @266+301 decrypted command INITIATE Socket-Type=\"DEALER\" Identity=\"\" cookie=0707070707070707… nonce=2 box=179",
                        "s2c @234+67 decrypted command READY Socket-Type=\"ROUTER\" Identity=\"\" nonce=1 box=51",
                        "c2s @567+40 decrypted message \"Hello\"",
                        "s2c @301+40 decrypted message \"World\""}));
    for (const auto &side : c->side)
        QVERIFY(side.problems(Severity::Warn).empty());
}

void TestCurveDecrypt::withoutOrWithWrongKey()
{
    CurveKeyLog none;
    auto c = decode(transcript().segments, none);
    QVERIFY(decryptedLines(*c).empty());

    CurveKeyLog wrong;
    CurveKey cPrime = *curveKeyFromHex("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59");
    wrong.add(cPrime, CurveKeyPair::generate().publicKey);
    c = decode(transcript().segments, wrong);
    QVERIFY(decryptedLines(*c).empty());
    std::size_t notOpened = 0;
    for (const auto &side : c->side)
        for (const auto &f : side.findings)
            notOpened += f.key == "zmtp.curve.box_not_opened";
    QCOMPARE(notOpened, std::size_t(4));   // INITIATE, READY, two MESSAGEs
}

void TestCurveDecrypt::serverKeysCheckHelloAndOpenWelcome()
{
    CurveKey s3;
    s3.fill(3);
    CurveKeyLog none;
    for (const bool right : {true, false}) {
        auto c = std::make_unique<Collector>();
        CurveDecryptor decryptor(*c, none);
        decryptor.setServerKeys({right ? CurveKeyPair::fromSecret(s3) : CurveKeyPair::generate()});
        ConnectionDecoder decoder(decryptor);
        for (const auto &[d, b] : transcript().segments)
            decoder.feed(d, {b.data(), b.size()});
        const auto &findings = c->c2s().findings;
        if (right) {
            QCOMPARE(findings.at(0).key, std::string("zmtp.curve.server_key"));
            bool welcome = false;
            for (const auto &l : c->lines)
                welcome |= l.find("decrypted command WELCOME") != std::string::npos
                    && l.find("S'=ac01b2209e86354f") != std::string::npos;   // the digest's S'
            QVERIFY(welcome);
        } else {
            QCOMPARE(findings.at(0).key, std::string("zmtp.curve.wrong_server_key"));
            QCOMPARE(findings.at(0).severity, Severity::Error);
        }
    }
}

void TestCurveDecrypt::keyLogFormat()
{
    CurveKeyLog k;
    std::string error;
    QVERIFY(!k.parse("ZMTP_CURVE_SESSION abc def\n", &error));
    QVERIFY(QString::fromStdString(error).contains(QStringLiteral("line 1")));
    QVERIFY(k.parse("\n# comment\r\n"));
    QCOMPARE(k.size(), std::size_t(0));
}

void TestCurveDecrypt::liveLibzmqServerThroughRelay()
{
    void *ctx = zmq_ctx_new();
    const CurveKeyPair serverKeys = CurveKeyPair::generate();
    void *server = zmq_socket(ctx, ZMQ_ROUTER);
    int one = 1, linger = 0, ivl = 100, timeout = 5000;
    zmq_setsockopt(server, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(server, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt(server, ZMQ_CURVE_SERVER, &one, sizeof one);
    const std::string secret = curveKeyToZ85(serverKeys.secretKey);
    zmq_setsockopt(server, ZMQ_CURVE_SECRETKEY, secret.data(), secret.size());
    zmq_setsockopt(server, ZMQ_HEARTBEAT_IVL, &ivl, sizeof ivl);
    zmq_bind(server, "tcp://127.0.0.1:*");
    char ep[128];
    size_t len = sizeof ep;
    zmq_getsockopt(server, ZMQ_LAST_ENDPOINT, ep, &len);
    testutil::RecordingRelay relay(std::uint16_t(std::atoi(std::strrchr(ep, ':') + 1)));

    CurveKeyLog keys;
    SessionConfig cfg;
    cfg.mechanism = Mechanism::Curve;
    cfg.socketType = SocketType::Dealer;
    cfg.identity = "keylogged";
    cfg.curveKeys = CurveKeyPair::generate();
    cfg.curveServerKey = serverKeys.publicKey;
    std::string logged;
    cfg.keyLog = [&](const std::string &line) { logged += line + "\n"; };
    Session s(cfg);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(relay.port());
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
    auto pump = [&](int ms) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        std::uint8_t buf[65536];
        while (std::chrono::steady_clock::now() < end) {
            while (!s.output().empty()) {
                const auto o = s.output();
                const ssize_t w = ::send(fd, o.data(), o.size(), MSG_NOSIGNAL);
                if (w <= 0)
                    break;
                s.consume(std::size_t(w));
            }
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 10) > 0) {
                const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
                if (r <= 0)
                    return;
                s.feed({buf, std::size_t(r)});
            }
        }
    };
    pump(300);
    QCOMPARE(s.state(), SessionState::Ready);
    QVERIFY(s.send({"first", std::string(3000, 'x')}));
    pump(100);
    std::vector<std::string> got;
    for (int more = 1; more;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        QVERIFY(zmq_msg_recv(&m, server, 0) >= 0);
        got.emplace_back(static_cast<const char *>(zmq_msg_data(&m)), zmq_msg_size(&m));
        more = zmq_msg_more(&m);
        zmq_msg_close(&m);
    }
    QCOMPARE(got, (std::vector<std::string>{"keylogged", "first", std::string(3000, 'x')}));
    zmq_send(server, "keylogged", 9, ZMQ_SNDMORE);
    zmq_send(server, "answer", 6, 0);
    pump(400);   // heartbeats: libzmq PINGs inside boxes, our Session PONGs
    QCOMPARE(s.received().front(), std::vector<std::string>{"answer"});
    QCOMPARE(s.state(), SessionState::Ready);
    ::close(fd);
    zmq_close(server);
    zmq_ctx_term(ctx);

    QVERIFY(keys.parse(logged));
    QCOMPARE(keys.size(), std::size_t(1));
    std::vector<std::pair<Direction, std::vector<std::uint8_t>>> segments;
    const auto connections = relay.connections();
    for (const auto &seg : connections.at(0).segments)
        segments.push_back({seg.direction, seg.bytes});
    const auto c = decode(segments, keys);
    auto &cs = c->c2s();
    auto &ss = c->s2c();
    // What the decryptor read equals what was sent.
    std::vector<std::vector<std::string>> clientMessages, serverMessages;
    std::size_t pings = 0, pongs = 0;
    for (const auto &l : c->lines) {
        pings += l.find("s2c") == 0 && l.find("decrypted command PING") != std::string::npos;
        pongs += l.find("c2s") == 0 && l.find("decrypted command PONG") != std::string::npos;
    }
    QCOMPARE(cs.messages.back(), (std::vector<std::string>{"first", std::string(3000, 'x')}));
    QCOMPARE(ss.messages.back(), std::vector<std::string>{"answer"});
    QVERIFY2(pings >= 2, "expected libzmq heartbeats inside the boxes");
    QVERIFY(pongs >= 2);
    bool initiateOpened = false;
    for (const auto &cmd : cs.commands)
        if (cmd.name == "INITIATE" && cmd.properties.count("Identity"))
            initiateOpened = cmd.properties.at("Identity") == "keylogged";
    QVERIFY(initiateOpened);
    QVERIFY(cs.problems(Severity::Warn).empty());
    QVERIFY(ss.problems(Severity::Warn).empty());
}

QTEST_GUILESS_MAIN(TestCurveDecrypt)
#include "tst_curvedecrypt.moc"
