// CurveZMQ: the digest's deterministic transcript (section 11.6) reproduced
// byte for byte by our client and server, Z85 and key handling, and every
// check each side makes, each with a case that fails without it.
#include "hex.h"

#include "codec/curve.h"
#include "codec/z85.h"

#include <QTest>

#include <zmq.h>

using namespace zmqscope::codec;
using testutil::fromHex;
using testutil::view;

namespace {

CurveKey filled(std::uint8_t b)
{
    CurveKey k;
    k.fill(b);
    return k;
}

LongNonce tail(std::uint8_t b)
{
    LongNonce n;
    n.fill(b);
    return n;
}

const Metadata kClientMeta{{"Socket-Type", "DEALER"}, {"Identity", ""}};
const Metadata kServerMeta{{"Socket-Type", "ROUTER"}, {"Identity", ""}};

CurveClient::Config clientConfig()
{
    CurveClient::Config c;
    c.serverPublic = CurveKeyPair::fromSecret(filled(3)).publicKey;
    c.permanent = CurveKeyPair::fromSecret(filled(1));
    c.transient = CurveKeyPair::fromSecret(filled(2));
    c.vouchNonce = tail(8);
    c.metadata = kClientMeta;
    return c;
}

CurveServer::Config serverConfig()
{
    CurveServer::Config s;
    s.permanent = CurveKeyPair::fromSecret(filled(3));
    s.transient = CurveKeyPair::fromSecret(filled(4));
    s.cookieKey = filled(5);
    s.welcomeNonce = tail(6);
    s.cookieNonce = tail(7);
    s.metadata = kServerMeta;
    return s;
}

// Frame body of a digest hex line (drops the ZMTP frame header).
std::vector<std::uint8_t> body(std::string_view hexWithHeader, std::size_t headerLength)
{
    auto b = fromHex(hexWithHeader);
    return {b.begin() + long(headerLength), b.end()};
}

const std::string kHello = "04c8 0548454c4c4f 0100" + std::string(144, '0')
    + "ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59 0000000000000001"
      "16956e59934bb11d6f9dede396e1a388933944d6af279ef8f120915600ddb4c25359461d6000e3f8c6e7ec313f99c346"
      "b0138b705d365f45c09976698e9b72ec81fcbc042e53936696353142b85c24b9";
const std::string kWelcome = "04a8 0757454c434f4d45 06060606060606060606060606060606"
    "0442ce6cac22aab29be33e9daafaa6ca4716b150398f939dfecec7552944a621ad6dae44b485f5a43745949b3be912e3"
    "7f2dbb5ba3bb0ece1b78231f99302c4e70f5496d33a191136f0214f985d197ff907686630248acde3930a2f1c661cbc3"
    "1fb9091c3ce8d5fcfa06af916427965e7440cc362de20da918b487f317301fd59227c2a53c50ac787be24a7c33ddaf2c";
const std::string kInitiate = "060000000000000124 08494e495449415445 07070707070707070707070707070707"
    "8ca2cfb82281d30cd34639c936b8f6c946b44e2c7af3068831c9e40b73ed4596a39499913c8a03f358a552986a986de8"
    "ee72838145db48d1670d1ce8af3f446a5896329332c0213b6c8479057b9f44be 0000000000000002"
    "4b66d78c7fb761710342c00dadca0ca1125b6f56cadeaac6a9abd77b4270c6d8c59dd0f75fbe93ed128e4874948b3a63"
    "6113291460210c3a5d76ddbd4c4685255c6a146a820044125501ce8ec421aecadde74d9ee4f06d8a8d98fca7afd0ac97"
    "b1b923b02eeac405182cc16dc83e3ddd1093f0e010cf1d2a616d88d16dcd102aa155992742c771867ef3b1bb48d0e168"
    "d7c8a845026e4ad15e940287a4d9c441d71ead9b5d8be669e8571398ede050ea761072";
const std::string kReady = "0441 055245414459 0000000000000001"
    "e16b6647952eaf44f49ce300b7466193510bdfcfae2d9874cbd4093355fc8ea8f9096ac457d78a2b9d39daf042a3970c07fda1";
const std::string kClientMessage = "0026 074d455353414745 0000000000000003 bbc3ed421b2e76a88d2cff57dfbc7c0ae85a7bdd79cc";
const std::string kServerMessage = "0026 074d455353414745 0000000000000002 131cb3063d0d3fd8020970249c4894cd7c16d29d9576";

// Runs the handshake between our client and server, optionally letting
// `tamper` change each body on its way.
struct Pair {
    CurveClient client;
    CurveServer server;
    Pair(CurveClient::Config c, CurveServer::Config s) : client(std::move(c)), server(std::move(s)) {}

    ProtocolError run(const std::function<void(std::vector<std::uint8_t> &, int)> &tamper = {})
    {
        int step = 0;
        for (;;) {
            std::vector<std::uint8_t> b;
            if (client.nextCommand(b)) {
                if (tamper)
                    tamper(b, step);
                ++step;
                if (auto e = server.processCommand(b); e != ProtocolError::None)
                    return e;
                continue;
            }
            b.clear();
            if (server.nextCommand(b)) {
                if (tamper)
                    tamper(b, step);
                ++step;
                if (auto e = client.processCommand(b); e != ProtocolError::None)
                    return e;
                continue;
            }
            return ProtocolError::None;
        }
    }
};

}   // namespace

class TestCurve : public QObject {
    Q_OBJECT
private slots:
    void z85();
    void keysOfTheTranscript();
    void transcriptByteForByte();
    void serverOpensTheTranscript();
    void errorCodesMatchLibzmq();
    void wrongServerKey();
    void tamperedBoxes_data();
    void tamperedBoxes();
    void replayedAndStaleNonces();
    void badVouch();
    void helloSignatureMustBeZeros();
    void cookieFromAnotherConnection();
    void malformedMetadata();
    void unexpectedAndErrorCommands();
    void commandSizes();
    void zapRefusalAndFailure();
    void roundTripManyMessages();
};

void TestCurve::z85()
{
    const auto hw = fromHex("86 4F D2 6F B5 59 F7 5B");
    QCOMPARE(*z85Encode(hw), std::string("HelloWorld"));
    QCOMPARE(*z85Decode("HelloWorld"), hw);
    QVERIFY(!z85Encode(fromHex("01 02 03")));
    QVERIFY(!z85Decode("Hello"
                       "W"));   // 6 chars
    QVERIFY(!z85Decode("#####"));   // 4,437,053,124 > 2^32-1
    QVERIFY(!z85Decode("Hell\""));  // not in the alphabet
    // Against libzmq's own implementation, on random data.
    for (int i = 0; i < 50; ++i) {
        std::vector<std::uint8_t> data(32);
        for (auto &b : data)
            b = std::uint8_t(std::rand());
        char theirs[41];
        QVERIFY(zmq_z85_encode(theirs, data.data(), data.size()));
        QCOMPARE(*z85Encode(data), std::string(theirs));
        QCOMPARE(*z85Decode(theirs), data);
    }
}

void TestCurve::keysOfTheTranscript()
{
    const auto c = CurveKeyPair::fromSecret(filled(1));
    QCOMPARE(curveKeyToHex(c.publicKey), std::string("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209"));
    QCOMPARE(curveKeyToZ85(c.publicKey), std::string("Q#mA0WO:[^XPYP9Pi[Of6wiO%ypo7(}p)F*3hyk3"));
    const auto s = CurveKeyPair::fromSecret(filled(3));
    QCOMPARE(curveKeyToZ85(s.publicKey), std::string("uh&UwyT^&LQk[hrMyRl:(qI[3nq(i$?YcImb^V}-"));
    QCOMPARE(*curveKeyFromZ85("uh&UwyT^&LQk[hrMyRl:(qI[3nq(i$?YcImb^V}-"), s.publicKey);
    QVERIFY(!curveKeyFromZ85("short"));
    // libzmq derives the same public key from the same secret.
    char z85Public[41];
    const std::string secret = curveKeyToZ85(filled(3));
    QCOMPARE(zmq_curve_public(z85Public, secret.c_str()), 0);
    QCOMPARE(std::string(z85Public), curveKeyToZ85(s.publicKey));
}

void TestCurve::transcriptByteForByte()
{
    Pair p(clientConfig(), serverConfig());
    std::vector<std::uint8_t> b;
    QVERIFY(p.client.nextCommand(b));
    QCOMPARE(b, body(kHello, 2));
    QCOMPARE(p.server.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(p.server.nextCommand(b));
    QCOMPARE(b, body(kWelcome, 2));
    QCOMPARE(p.client.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(p.client.nextCommand(b));
    QCOMPARE(b, body(kInitiate, 9));
    QCOMPARE(p.server.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(p.server.nextCommand(b));
    QCOMPARE(b, body(kReady, 2));
    QCOMPARE(p.client.processCommand(b), ProtocolError::None);
    QCOMPARE(p.client.state(), CurveState::Ready);
    QCOMPARE(p.server.state(), CurveState::Ready);
    QCOMPARE(curveKeyToHex(p.client.sessionKey()),
             std::string("a0f9bba8976501df59d14bad0cf199dcb0bc7598b89c5eb481569222cbb96744"));
    QCOMPARE(p.server.sessionKey(), p.client.sessionKey());
    b.clear();
    p.client.encodeMessage(0, view("Hello"), b);
    QCOMPARE(b, body(kClientMessage, 2));
    b.clear();
    p.server.encodeMessage(0, view("World"), b);
    QCOMPARE(b, body(kServerMessage, 2));
    QCOMPARE(p.server.peerMetadata(), kClientMeta);
    QCOMPARE(p.client.peerMetadata(), kServerMeta);
    QCOMPARE(p.server.clientPermanentPublic(), CurveKeyPair::fromSecret(filled(1)).publicKey);
}

void TestCurve::serverOpensTheTranscript()
{
    // The digest's bytes, not our client's, go into our server and client.
    CurveServer server(serverConfig());
    QCOMPARE(server.processCommand(body(kHello, 2)), ProtocolError::None);
    std::vector<std::uint8_t> b;
    QVERIFY(server.nextCommand(b));
    QCOMPARE(server.processCommand(body(kInitiate, 9)), ProtocolError::None);
    b.clear();
    QVERIFY(server.nextCommand(b));
    std::uint8_t flags = 0xFF;
    std::vector<std::uint8_t> payload;
    QCOMPARE(server.decodeMessage(body(kClientMessage, 2), flags, payload), ProtocolError::None);
    QCOMPARE(flags, std::uint8_t(0));
    QCOMPARE(std::string(payload.begin(), payload.end()), std::string("Hello"));

    CurveClient client(clientConfig());
    b.clear();
    QVERIFY(client.nextCommand(b));
    QCOMPARE(client.processCommand(body(kWelcome, 2)), ProtocolError::None);
    b.clear();
    QVERIFY(client.nextCommand(b));
    QCOMPARE(client.processCommand(body(kReady, 2)), ProtocolError::None);
    QCOMPARE(client.decodeMessage(body(kServerMessage, 2), flags, payload), ProtocolError::None);
    QCOMPARE(std::string(payload.begin(), payload.end()), std::string("World"));
}

void TestCurve::errorCodesMatchLibzmq()
{
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpUnexpectedCommand), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpInvalidSequence), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpKeyExchange), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandUnspecified),
             std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandMessage), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandHello), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandInitiate), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandError), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandReady), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMalformedCommandWelcome), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpInvalidMetadata), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpCryptographic), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC));
    QCOMPARE(std::uint32_t(ProtocolError::ZmtpMechanismMismatch), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH));
    QCOMPARE(std::uint32_t(ProtocolError::ZapMalformedReply), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY));
    QCOMPARE(std::uint32_t(ProtocolError::ZapBadRequestId), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID));
    QCOMPARE(std::uint32_t(ProtocolError::ZapBadVersion), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION));
    QCOMPARE(std::uint32_t(ProtocolError::ZapInvalidStatusCode), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE));
    QCOMPARE(std::uint32_t(ProtocolError::ZapInvalidMetadata), std::uint32_t(ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA));
}

void TestCurve::wrongServerKey()
{
    auto c = clientConfig();
    c.serverPublic = CurveKeyPair::generate().publicKey;
    Pair p(c, serverConfig());
    QCOMPARE(p.run(), ProtocolError::ZmtpCryptographic);
    QCOMPARE(p.server.state(), CurveState::Failed);
    QVERIFY(QString::fromStdString(p.server.errorDetail()).contains(QStringLiteral("HELLO signature")));
}

void TestCurve::tamperedBoxes_data()
{
    QTest::addColumn<int>("step");       // 0 HELLO, 1 WELCOME, 2 INITIATE, 3 READY
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("atServer");
    QTest::addColumn<QString>("detail");
    const int crypto = int(ProtocolError::ZmtpCryptographic);
    QTest::newRow("HELLO signature box") << 0 << 150 << crypto << true << "HELLO signature";
    QTest::newRow("HELLO version") << 0 << 6 << int(ProtocolError::ZmtpMalformedCommandHello) << true << "version";
    QTest::newRow("HELLO padding") << 0 << 20 << int(ProtocolError::ZmtpMalformedCommandHello) << true << "padding";
    QTest::newRow("HELLO transient key") << 0 << 90 << crypto << true << "HELLO signature";
    QTest::newRow("WELCOME box") << 1 << 100 << crypto << false << "WELCOME box";
    QTest::newRow("WELCOME nonce") << 1 << 10 << crypto << false << "WELCOME box";
    QTest::newRow("cookie") << 2 << 40 << crypto << true << "cookie does not open";
    QTest::newRow("INITIATE box") << 2 << 200 << crypto << true << "INITIATE box";
    QTest::newRow("INITIATE nonce") << 2 << 112 << crypto << true << "INITIATE box";
    QTest::newRow("READY box") << 3 << 20 << crypto << false << "READY box";
}

void TestCurve::tamperedBoxes()
{
    QFETCH(int, step);
    QFETCH(int, offset);
    QFETCH(int, error);
    QFETCH(bool, atServer);
    QFETCH(QString, detail);
    Pair p(clientConfig(), serverConfig());
    const ProtocolError e = p.run([&](std::vector<std::uint8_t> &b, int s) {
        if (s == step)
            b[std::size_t(offset)] ^= 0x01;
    });
    QCOMPARE(int(e), error);
    const CurveSession &side = atServer ? static_cast<const CurveSession &>(p.server) : p.client;
    QCOMPARE(side.state(), CurveState::Failed);
    QVERIFY2(QString::fromStdString(side.errorDetail()).contains(detail), side.errorDetail().c_str());
}

void TestCurve::replayedAndStaleNonces()
{
    Pair p(clientConfig(), serverConfig());
    QCOMPARE(p.run(), ProtocolError::None);
    std::vector<std::uint8_t> m1, m2;
    p.client.encodeMessage(0, view("one"), m1);
    p.client.encodeMessage(0, view("two"), m2);
    std::uint8_t flags;
    std::vector<std::uint8_t> out;
    QCOMPARE(p.server.decodeMessage(m2, flags, out), ProtocolError::None);
    // m1 has a lower nonce than m2: out of order is refused, as is a replay.
    CurveServer &srv = p.server;
    QCOMPARE(srv.decodeMessage(m1, flags, out), ProtocolError::ZmtpInvalidSequence);

    Pair q(clientConfig(), serverConfig());
    QCOMPARE(q.run(), ProtocolError::None);
    std::vector<std::uint8_t> m;
    q.client.encodeMessage(1, view("x"), m);
    QCOMPARE(q.server.decodeMessage(m, flags, out), ProtocolError::None);
    QCOMPARE(flags, std::uint8_t(1));
    QCOMPARE(q.server.decodeMessage(m, flags, out), ProtocolError::ZmtpInvalidSequence);

    // A tampered MESSAGE box.
    Pair r(clientConfig(), serverConfig());
    QCOMPARE(r.run(), ProtocolError::None);
    std::vector<std::uint8_t> t;
    r.client.encodeMessage(0, view("payload"), t);
    t.back() ^= 0x80;
    QCOMPARE(r.server.decodeMessage(t, flags, out), ProtocolError::ZmtpCryptographic);
}

void TestCurve::badVouch()
{
    // A vouch made with a secret key that does not belong to the C announced.
    auto liar = clientConfig();
    liar.permanent.secretKey = CurveKeyPair::generate().secretKey;
    Pair q(liar, serverConfig());
    QCOMPARE(q.run(), ProtocolError::ZmtpCryptographic);
    QVERIFY(QString::fromStdString(q.server.errorDetail()).contains(QStringLiteral("vouch does not open")));

    // A vouch for another transient key.
    auto other = clientConfig();
    other.vouchTransient = CurveKeyPair::generate().publicKey;
    Pair r(other, serverConfig());
    QCOMPARE(r.run(), ProtocolError::ZmtpKeyExchange);
    QVERIFY(QString::fromStdString(r.server.errorDetail()).contains(QStringLiteral("another transient key")));

    // A vouch for another server (26/CURVEZMQ; libzmq does not compare S).
    auto elsewhere = clientConfig();
    elsewhere.vouchServer = CurveKeyPair::generate().publicKey;
    Pair t(elsewhere, serverConfig());
    QCOMPARE(t.run(), ProtocolError::ZmtpKeyExchange);
    QVERIFY(QString::fromStdString(t.server.errorDetail()).contains(QStringLiteral("another server")));
}

void TestCurve::helloSignatureMustBeZeros()
{
    auto c = clientConfig();
    c.nonZeroSignature = true;
    Pair p(c, serverConfig());
    QCOMPARE(p.run(), ProtocolError::ZmtpCryptographic);
    QVERIFY(QString::fromStdString(p.server.errorDetail()).contains(QStringLiteral("not 64 zero bytes")));
}

void TestCurve::cookieFromAnotherConnection()
{
    // Server B shares the cookie key with server A but not its transient
    // key: A's cookie opens at B but names another s'.
    Pair a(clientConfig(), serverConfig());
    std::vector<std::uint8_t> hello, welcome, initiate;
    QVERIFY(a.client.nextCommand(hello));
    QCOMPARE(a.server.processCommand(hello), ProtocolError::None);
    QVERIFY(a.server.nextCommand(welcome));
    QCOMPARE(a.client.processCommand(welcome), ProtocolError::None);
    QVERIFY(a.client.nextCommand(initiate));
    auto cfg = serverConfig();
    cfg.transient = CurveKeyPair::generate();
    CurveServer b(cfg);
    QCOMPARE(b.processCommand(hello), ProtocolError::None);
    std::vector<std::uint8_t> w;
    QVERIFY(b.nextCommand(w));
    QCOMPARE(b.processCommand(initiate), ProtocolError::ZmtpCryptographic);
    QVERIFY(QString::fromStdString(b.errorDetail()).contains(QStringLiteral("not this connection's")));
}

void TestCurve::malformedMetadata()
{
    auto c = clientConfig();
    c.rawMetadata = fromHex("0b536f636b65742d54797065 0000");   // cut inside the value length
    Pair p(c, serverConfig());
    QCOMPARE(p.run(), ProtocolError::ZmtpInvalidMetadata);

    auto s = serverConfig();
    s.rawMetadata = fromHex("05 41");
    Pair q(clientConfig(), s);
    QCOMPARE(q.run(), ProtocolError::ZmtpInvalidMetadata);
    QCOMPARE(q.client.state(), CurveState::Failed);
}

void TestCurve::unexpectedAndErrorCommands()
{
    CurveClient c(clientConfig());
    std::vector<std::uint8_t> b;
    c.nextCommand(b);
    QCOMPARE(c.processCommand(body(kReady, 2)), ProtocolError::ZmtpUnexpectedCommand);

    CurveClient d(clientConfig());
    b.clear();
    d.nextCommand(b);
    QCOMPARE(d.processCommand(fromHex("054552524f52 05 343030")), ProtocolError::ZmtpMalformedCommandError);

    CurveClient e(clientConfig());
    b.clear();
    e.nextCommand(b);
    QCOMPARE(e.processCommand(fromHex("054552524f52 03 343030")), ProtocolError::None);
    QCOMPARE(e.state(), CurveState::Failed);
    QCOMPARE(e.peerErrorReason(), std::string("400"));
}

void TestCurve::commandSizes()
{
    CurveServer server(serverConfig());
    auto hello = body(kHello, 2);
    hello.pop_back();
    QCOMPARE(server.processCommand(hello), ProtocolError::ZmtpMalformedCommandHello);

    CurveClient client(clientConfig());
    std::vector<std::uint8_t> b;
    client.nextCommand(b);
    auto welcome = body(kWelcome, 2);
    welcome.push_back(0);
    QCOMPARE(client.processCommand(welcome), ProtocolError::ZmtpMalformedCommandWelcome);

    CurveServer s2(serverConfig());
    QCOMPARE(s2.processCommand(body(kHello, 2)), ProtocolError::None);
    b.clear();
    s2.nextCommand(b);
    auto initiate = body(kInitiate, 9);
    initiate.resize(256);
    QCOMPARE(s2.processCommand(initiate), ProtocolError::ZmtpMalformedCommandInitiate);

    CurveClient c2(clientConfig());
    b.clear();
    c2.nextCommand(b);
    QCOMPARE(c2.processCommand(body(kWelcome, 2)), ProtocolError::None);
    b.clear();
    c2.nextCommand(b);
    auto ready = body(kReady, 2);
    ready.resize(29);
    QCOMPARE(c2.processCommand(ready), ProtocolError::ZmtpMalformedCommandReady);

    CurveServer s3(serverConfig());
    QCOMPARE(s3.processCommand(body(kWelcome, 2)), ProtocolError::ZmtpUnexpectedCommand);

    Pair p(clientConfig(), serverConfig());
    QCOMPARE(p.run(), ProtocolError::None);
    std::uint8_t flags;
    std::vector<std::uint8_t> out;
    QCOMPARE(p.server.decodeMessage(fromHex("074d455353414745 0000000000000009 00"), flags, out),
             ProtocolError::ZmtpMalformedCommandMessage);
}

void TestCurve::zapRefusalAndFailure()
{
    for (const char *status : {"400", "500"}) {
        auto s = serverConfig();
        CurveKey seen{};
        s.authenticate = [&](const AuthRequest &req) {
            seen = *req.clientKey;
            AuthResult r;
            r.statusCode = status;
            return r;
        };
        Pair p(clientConfig(), s);
        QCOMPARE(p.run(), ProtocolError::None);
        QCOMPARE(p.client.state(), CurveState::Failed);
        QCOMPARE(p.client.peerErrorReason(), std::string(status));
        QCOMPARE(seen, CurveKeyPair::fromSecret(filled(1)).publicKey);
    }
    auto s = serverConfig();
    s.authenticate = [](const AuthRequest &) { return AuthResult{"300", "later", {}, {}}; };
    Pair p(clientConfig(), s);
    QCOMPARE(p.run(), ProtocolError::None);
    QCOMPARE(p.server.state(), CurveState::Failed);
    QCOMPARE(p.client.state(), CurveState::ExpectReady);   // nothing sent back: libzmq closes silently
}

void TestCurve::roundTripManyMessages()
{
    CurveClient::Config c;
    c.serverPublic = CurveKeyPair::fromSecret(filled(3)).publicKey;
    c.permanent = CurveKeyPair::generate();
    c.metadata = kClientMeta;
    CurveServer::Config s;
    s.permanent = CurveKeyPair::fromSecret(filled(3));
    s.metadata = kServerMeta;
    Pair p(c, s);
    QCOMPARE(p.run(), ProtocolError::None);
    for (int i = 0; i < 1000; ++i) {
        std::vector<std::uint8_t> b, out;
        const std::string text = "message " + std::to_string(i);
        p.server.encodeMessage(i % 2, view(text), b);
        std::uint8_t flags;
        QCOMPARE(p.client.decodeMessage(b, flags, out), ProtocolError::None);
        QCOMPARE(std::string(out.begin(), out.end()), text);
        QCOMPARE(int(flags), i % 2);
    }
}

QTEST_GUILESS_MAIN(TestCurve)
#include "tst_curve.moc"
