// PLAIN and NULL handshakes (24/ZMTP-PLAIN, 23/ZMTP) and ZAP (27/ZAP): each
// check either side makes, with a case that fails without it, and the ZAP
// reply validation libzmq applies.
#include "hex.h"

#include "codec/plainnull.h"
#include "codec/zap.h"

#include <QTest>

using namespace zmqscope::codec;
using testutil::fromHex;

namespace {

const Metadata kDealer{{"Socket-Type", "DEALER"}, {"Identity", "BOB"}};
const Metadata kRouter{{"Socket-Type", "ROUTER"}, {"Identity", ""}};

// Runs two handshakes against each other until neither has more to say.
ProtocolError run(Handshake &a, Handshake &b)
{
    for (int i = 0; i < 10; ++i) {
        bool moved = false;
        std::vector<std::uint8_t> body;
        while (a.nextCommand(body)) {
            moved = true;
            if (auto e = b.processCommand(body); e != ProtocolError::None)
                return e;
            body.clear();
        }
        while (b.nextCommand(body)) {
            moved = true;
            if (auto e = a.processCommand(body); e != ProtocolError::None)
                return e;
            body.clear();
        }
        if (!moved)
            break;
    }
    return ProtocolError::None;
}

AccessPolicy users()
{
    AccessPolicy p;
    p.plainUsers["admin"] = "secret";
    return p;
}

}   // namespace

class TestPlainNullZap : public QObject {
    Q_OBJECT
private slots:
    void plainHappyPathMatchesTheCapture();
    void plainServerChecks();
    void plainClientChecks();
    void nullHandshake();
    void nullWithAuthenticator();
    void zapRequestParsing();
    void zapReplyValidation();
    void accessPolicy();
};

void TestPlainNullZap::plainHappyPathMatchesTheCapture()
{
    // Digest 11.5: what libzmq 4.3.4 sent, byte for byte.
    PlainClient client({"admin", "secret", kDealer});
    PlainServer server({kRouter, users().authenticator(), "127.0.0.1", "test", false});
    std::vector<std::uint8_t> b;
    QVERIFY(client.nextCommand(b));
    QCOMPARE(b, fromHex("05 48 45 4c 4c 4f 05 61 64 6d 69 6e 06 73 65 63 72 65 74"));
    QCOMPARE(server.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(server.nextCommand(b));
    QCOMPARE(b, fromHex("07 57 45 4c 43 4f 4d 45"));
    QCOMPARE(client.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(client.nextCommand(b));
    QCOMPARE(b, fromHex("08 49 4e 49 54 49 41 54 45 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44 45 41"
                        "4c 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 03 42 4f 42"));
    QCOMPARE(server.processCommand(b), ProtocolError::None);
    b.clear();
    QVERIFY(server.nextCommand(b));
    QCOMPARE(b, fromHex("05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 52 4f 55 54 45 52"
                        "08 49 64 65 6e 74 69 74 79 00 00 00 00"));
    QCOMPARE(client.processCommand(b), ProtocolError::None);
    QVERIFY(client.isReady());
    QVERIFY(server.isReady());
    QCOMPARE(server.username(), std::string("admin"));
    QCOMPARE(server.peerMetadata(), kDealer);
    QCOMPARE(server.authResult().userId, std::string("admin"));
}

void TestPlainNullZap::plainServerChecks()
{
    auto fresh = [] { return PlainServer({kRouter, users().authenticator(), {}, {}, false}); };
    {
        PlainServer s = fresh();
        QCOMPARE(s.processCommand(fromHex("0757454c434f4d45")), ProtocolError::ZmtpUnexpectedCommand);
    }
    {   // trailing byte after the password
        PlainServer s = fresh();
        QCOMPARE(s.processCommand(fromHex("0548454c4c4f 0161 0162 00")), ProtocolError::ZmtpMalformedCommandHello);
    }
    {   // username length past the body
        PlainServer s = fresh();
        QCOMPARE(s.processCommand(fromHex("0548454c4c4f 09 61")), ProtocolError::ZmtpMalformedCommandHello);
    }
    {   // wrong password: ERROR 400, then nothing
        PlainServer s = fresh();
        QCOMPARE(s.processCommand(fromHex("0548454c4c4f 05 61646d696e 05 7772 6f6e67")), ProtocolError::None);
        std::vector<std::uint8_t> b;
        QVERIFY(s.nextCommand(b));
        QCOMPARE(b, fromHex("054552524f52 03 343030"));
        QVERIFY(s.isFailed());
    }
    {   // libzmq's ERROR spelling on request
        PlainServer s({kRouter, users().authenticator(), {}, {}, true});
        s.processCommand(fromHex("0548454c4c4f 00 00"));
        std::vector<std::uint8_t> b;
        QVERIFY(s.nextCommand(b));
        QCOMPARE(b, fromHex("5e52524f52 03 343030"));
    }
    {   // INITIATE metadata cut short
        PlainServer s = fresh();
        s.processCommand(fromHex("0548454c4c4f 05 61646d696e 06 736563726574"));
        std::vector<std::uint8_t> b;
        s.nextCommand(b);
        QCOMPARE(s.processCommand(fromHex("08494e4954494154450b536f636b")), ProtocolError::ZmtpInvalidMetadata);
    }
}

void TestPlainNullZap::plainClientChecks()
{
    auto atWelcome = [] {
        PlainClient c({"admin", "secret", kDealer});
        std::vector<std::uint8_t> b;
        c.nextCommand(b);
        return c;
    };
    {
        PlainClient c = atWelcome();
        QCOMPARE(c.processCommand(fromHex("0757454c434f4d45 00")), ProtocolError::ZmtpMalformedCommandWelcome);
    }
    {
        PlainClient c = atWelcome();
        QCOMPARE(c.processCommand(fromHex("055245414459")), ProtocolError::ZmtpUnexpectedCommand);
    }
    {   // both ERROR spellings are refusals with their reason
        for (const char *err : {"054552524f52 03 343030", "5e52524f52 03 343030"}) {
            PlainClient c = atWelcome();
            QCOMPARE(c.processCommand(fromHex(err)), ProtocolError::None);
            QVERIFY(c.isFailed());
            QCOMPARE(c.peerErrorReason(), std::string("400"));
        }
        PlainClient c = atWelcome();
        QCOMPARE(c.processCommand(fromHex("054552524f52 09 343030")), ProtocolError::ZmtpMalformedCommandError);
    }
    {   // READY metadata malformed
        PlainClient c = atWelcome();
        c.processCommand(fromHex("0757454c434f4d45"));
        std::vector<std::uint8_t> b;
        c.nextCommand(b);
        QCOMPARE(c.processCommand(fromHex("055245414459 03 41")), ProtocolError::ZmtpInvalidMetadata);
    }
}

void TestPlainNullZap::nullHandshake()
{
    NullHandshake a({kDealer, {}, {}, {}}), b({kRouter, {}, {}, {}});
    QCOMPARE(run(a, b), ProtocolError::None);
    QVERIFY(a.isReady() && b.isReady());
    QCOMPARE(a.peerMetadata(), kRouter);

    NullHandshake c({kDealer, {}, {}, {}});
    QCOMPARE(c.processCommand(fromHex("0548454c4c4f")), ProtocolError::ZmtpUnexpectedCommand);
    NullHandshake d({kDealer, {}, {}, {}});
    QCOMPARE(d.processCommand(fromHex("055245414459 0b 536f636b")), ProtocolError::ZmtpInvalidMetadata);
    NullHandshake e({kDealer, {}, {}, {}});
    QCOMPARE(e.processCommand(fromHex("055245414459")), ProtocolError::None);
    QCOMPARE(e.processCommand(fromHex("055245414459")), ProtocolError::ZmtpUnexpectedCommand);   // twice
}

void TestPlainNullZap::nullWithAuthenticator()
{
    AccessPolicy deny;
    deny.denyAddresses.insert("10.1.1.1");
    NullHandshake server({kRouter, deny.authenticator(), "10.1.1.1", "domain"});
    NullHandshake client({kDealer, {}, {}, {}});
    QCOMPARE(run(client, server), ProtocolError::None);
    QVERIFY(client.isFailed());
    QCOMPARE(client.peerErrorReason(), std::string("400"));
    QVERIFY(server.isFailed());
}

void TestPlainNullZap::zapRequestParsing()
{
    std::string error;
    const auto plain = parseZapRequest({"1.0", "1", "test", "127.0.0.1", "", "PLAIN", "admin", "secret"}, &error);
    QVERIFY2(plain, error.c_str());
    QCOMPARE(plain->auth.username, std::string("admin"));
    QCOMPARE(plain->auth.mechanism, Mechanism::Plain);
    QVERIFY(!parseZapRequest({"1.0", "1", "", "127.0.0.1", "", "PLAIN", "admin"}, &error));
    QVERIFY(!parseZapRequest({"2.0", "1", "", "127.0.0.1", "", "NULL"}, &error));
    QVERIFY(!parseZapRequest({"1.0", "1", "", "127.0.0.1", "", "CURVE", "short"}, &error));
    QVERIFY(!parseZapRequest({"1.0", "1"}, &error));
    const auto curve = parseZapRequest({"1.0", "7", "", "::1", "id", "CURVE", std::string(32, 'k')}, &error);
    QVERIFY(curve && curve->auth.clientKey);
    // Round trip through our encoder.
    QCOMPARE(*parseZapRequest(zapRequestFrames(*curve)).value().auth.clientKey, *curve->auth.clientKey);
}

void TestPlainNullZap::zapReplyValidation()
{
    AuthResult r;
    QCOMPARE(checkZapReply({"1.0", "1", "200", "OK", "admin", ""}, "1", &r), ProtocolError::None);
    QCOMPARE(r.userId, std::string("admin"));
    QCOMPARE(checkZapReply({"1.0", "1", "200", "OK", "admin"}, "1"), ProtocolError::ZapMalformedReply);
    QCOMPARE(checkZapReply({"1.1", "1", "200", "OK", "", ""}, "1"), ProtocolError::ZapBadVersion);
    QCOMPARE(checkZapReply({"1.0", "2", "200", "OK", "", ""}, "1"), ProtocolError::ZapBadRequestId);
    QCOMPARE(checkZapReply({"1.0", "1", "201", "OK", "", ""}, "1"), ProtocolError::ZapInvalidStatusCode);
    QCOMPARE(checkZapReply({"1.0", "1", "600", "OK", "", ""}, "1"), ProtocolError::ZapInvalidStatusCode);
    QCOMPARE(checkZapReply({"1.0", "1", "200", "OK", "", std::string("\x05" "Ab", 3)}, "1"), ProtocolError::ZapInvalidMetadata);
    ZapRequest req;
    req.requestId = "9";
    const AuthResult withMd{"200", "OK", "u", {{"X-Team", "blue"}}};
    QCOMPARE(checkZapReply(zapReplyFrames(req, withMd), "9", &r), ProtocolError::None);
    QCOMPARE(r.metadata, (Metadata{{"X-Team", "blue"}}));
}

void TestPlainNullZap::accessPolicy()
{
    AccessPolicy p = users();
    AuthRequest req;
    req.mechanism = Mechanism::Plain;
    req.address = "192.168.1.5";
    req.username = "admin";
    req.password = "secret";
    QCOMPARE(p.decide(req).statusCode, std::string("200"));
    req.password = "nope";
    QCOMPARE(p.decide(req).statusCode, std::string("400"));
    req.password = "secret";
    p.denyAddresses.insert("192.168.1.5");
    QCOMPARE(p.decide(req).statusCode, std::string("400"));
    p.denyAddresses.clear();
    p.allowAddresses.insert("10.0.0.1");
    QCOMPARE(p.decide(req).statusCode, std::string("400"));
    req.address = "10.0.0.1";
    QCOMPARE(p.decide(req).statusCode, std::string("200"));
    AuthRequest c;
    c.mechanism = Mechanism::Curve;
    c.clientKey = std::array<std::uint8_t, 32>{};
    QCOMPARE(AccessPolicy{}.decide(c).statusCode, std::string("200"));   // no key list: anyone
    AccessPolicy keys;
    keys.curveKeys.insert(std::array<std::uint8_t, 32>{1});
    QCOMPARE(keys.decide(c).statusCode, std::string("400"));
    AccessPolicy broken;
    broken.failAll = true;
    QCOMPARE(broken.decide(c).statusCode, std::string("500"));
}

QTEST_GUILESS_MAIN(TestPlainNullZap)
#include "tst_plainnullzap.moc"
