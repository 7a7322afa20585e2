// libFuzzer targets for the mechanism layer, one per family: fuzz_curve
// (CURVE server, client, Session, passive decryptor), fuzz_plain (PLAIN
// server, client, Session), fuzz_nullzap (NULL, ZAP request/reply),
// fuzz_formats (Z85, ZPL and certificates, the key log, ZRE beacons). The first byte
// picks a parser of the family; the rest is its input, cut into command
// bodies by 2-byte length prefixes where a parser takes commands.
#include "codec/certificate.h"
#include "codec/connectiondecoder.h"
#include "codec/curvedecryptor.h"
#include "codec/eventdump.h"
#include "codec/plainnull.h"
#include "codec/session.h"
#include "protocols/registry.h"
#include "protocols/zre/beacon.h"
#include "codec/z85.h"
#include "codec/zap.h"
#include "codec/zpl.h"

#include <cstddef>
#include <cstdint>

using namespace zmqscope::codec;
namespace protocols = zmqscope::protocols;

namespace {

// Splits `data` into pieces, each prefixed by a 2-byte big-endian length.
std::vector<Bytes> pieces(Bytes data)
{
    std::vector<Bytes> out;
    std::size_t pos = 0;
    while (pos + 2 <= data.size()) {
        std::size_t n = (std::size_t(data[pos]) << 8) | data[pos + 1];
        pos += 2;
        n = std::min(n, data.size() - pos);
        out.push_back(data.subspan(pos, n));
        pos += n;
    }
    return out;
}

CurveKey fixedKey(std::uint8_t b)
{
    CurveKey k;
    k.fill(b);
    return k;
}

void feed(Handshake &h, Bytes data)
{
    std::vector<std::uint8_t> out;
    for (Bytes body : pieces(data)) {
        h.processCommand(body);
        out.clear();
        while (h.nextCommand(out))
            out.clear();
        if (h.isReady()) {
            std::uint8_t flags;
            std::vector<std::uint8_t> payload;
            h.decodeMessage(body, flags, payload);
        }
    }
}

class Sink final : public EventSink {
public:
    std::size_t n = 0;
    void onEvent(const Event &ev) override { n += dumpEvent(ev).size(); }
};

}   // namespace

// Built once per mechanism family (CMake defines ZMQSCOPE_FUZZ_FAMILY): the
// first byte picks among that family's parsers only.
#if ZMQSCOPE_FUZZ_FAMILY == 1
constexpr int kSelectors[] = {0, 1, 9, 11};   // CURVE: server, client, Session, decryptor
#elif ZMQSCOPE_FUZZ_FAMILY == 2
constexpr int kSelectors[] = {2, 3, 10};      // PLAIN: server, client, Session
#elif ZMQSCOPE_FUZZ_FAMILY == 3
constexpr int kSelectors[] = {4, 5};          // NULL and ZAP
#else
constexpr int kSelectors[] = {6, 7, 8, 12};   // formats: Z85, ZPL and certificates, key log, ZRE beacon
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const Bytes in(data + 1, size - 1);
    const std::string_view text(reinterpret_cast<const char *>(in.data()), in.size());
    const int selector = kSelectors[data[0] % (sizeof kSelectors / sizeof kSelectors[0])];
    switch (selector) {
    case 0: {
        CurveServer::Config c;
        c.permanent = CurveKeyPair::fromSecret(fixedKey(3));
        c.transient = CurveKeyPair::fromSecret(fixedKey(4));
        c.cookieKey = fixedKey(5);
        c.welcomeNonce = LongNonce{};
        c.welcomeNonce->fill(6);
        c.cookieNonce = LongNonce{};
        c.cookieNonce->fill(7);
        CurveServer s(c);
        feed(s, in);
        break;
    }
    case 1: {
        CurveClient::Config c;
        c.serverPublic = CurveKeyPair::fromSecret(fixedKey(3)).publicKey;
        c.permanent = CurveKeyPair::fromSecret(fixedKey(1));
        c.transient = CurveKeyPair::fromSecret(fixedKey(2));
        c.vouchNonce = LongNonce{};
        c.vouchNonce->fill(8);
        CurveClient cl(c);
        std::vector<std::uint8_t> hello;
        cl.nextCommand(hello);
        feed(cl, in);
        break;
    }
    case 2: {
        PlainServer s(PlainServer::Config{{{"Socket-Type", "ROUTER"}}, {}, "127.0.0.1", {}, false});
        feed(s, in);
        break;
    }
    case 3: {
        PlainClient c(PlainClient::Config{"u", "p", {{"Socket-Type", "DEALER"}}});
        std::vector<std::uint8_t> hello;
        c.nextCommand(hello);
        feed(c, in);
        break;
    }
    case 4: {
        NullHandshake n(NullHandshake::Config{{{"Socket-Type", "PAIR"}}, {}, {}, {}});
        feed(n, in);
        break;
    }
    case 5: {
        Frames frames;
        for (Bytes p : pieces(in))
            frames.emplace_back(p.begin(), p.end());
        std::string error;
        if (auto r = parseZapRequest(frames, &error))
            zapReplyFrames(*r, AccessPolicy{}.decide(r->auth));
        AuthResult result;
        checkZapReply(frames, "1", &result);
        break;
    }
    case 6:
        if (auto d = z85Decode(text))
            z85Encode(*d);
        break;
    case 7:
        if (auto r = parseZpl(text); r.root)
            writeZpl(*r.root);
        CurveCertificate::fromZpl(text);
        break;
    case 8: {
        CurveKeyLog log;
        log.parse(text);
        break;
    }
    case 9:
    case 10: {
        SessionConfig c;
        c.mechanism = selector == 9 ? Mechanism::Curve : Mechanism::Plain;
        c.server = (size & 1) != 0;
        c.curveKeys = CurveKeyPair::fromSecret(fixedKey(3));
        c.curveServerKey = c.curveKeys.publicKey;
        c.username = "u";
        c.password = "p";
        Session s(c);
        s.feed(in);
        break;
    }
    case 12: {
        protocols::registry();
        std::vector<Finding> findings;
        if (const auto b = protocols::parseZreBeacon(in, &findings))
            protocols::describeZreBeacon(*b);
        protocols::dissectZreBeacon(in);
        break;
    }
    case 11: {
        CurveKeyLog log;
        log.add(*curveKeyFromHex("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59"),
                *curveKeyFromHex("a0f9bba8976501df59d14bad0cf199dcb0bc7598b89c5eb481569222cbb96744"));
        Sink sink;
        CurveDecryptor decryptor(sink, log);
        ConnectionDecoder decoder(decryptor);
        bool s2c = false;
        for (Bytes p : pieces(in)) {
            decoder.feed(s2c ? Direction::ServerToClient : Direction::ClientToServer, p);
            s2c = !s2c;
        }
        decoder.finish();
        break;
    }
    }
    return 0;
}
