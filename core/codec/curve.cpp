#include "curve.h"

#include "command.h"
#include "z85.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace zmqscope::codec {

namespace {

using Nonce = std::array<std::uint8_t, crypto_box_NONCEBYTES>;

constexpr std::size_t kHelloSize = 200;
constexpr std::size_t kWelcomeSize = 168;
constexpr std::size_t kInitiateMin = 257;
constexpr std::size_t kReadyMin = 30;
constexpr std::size_t kMessageMin = 33;
constexpr std::size_t kMac = crypto_box_MACBYTES;

const bool kSodiumReady = [] { return sodium_init() >= 0; }();

Nonce shortNonce(const char (&prefix)[17], std::uint64_t counter)
{
    Nonce n{};
    std::memcpy(n.data(), prefix, 16);
    for (int i = 0; i < 8; ++i)
        n[16 + i] = static_cast<std::uint8_t>(counter >> (56 - 8 * i));
    return n;
}

Nonce longNonce(const char (&prefix)[9], const std::uint8_t *tail)
{
    Nonce n{};
    std::memcpy(n.data(), prefix, 8);
    std::memcpy(n.data() + 8, tail, 16);
    return n;
}

LongNonce randomLong(const std::optional<LongNonce> &fixed)
{
    if (fixed)
        return *fixed;
    LongNonce n;
    randombytes_buf(n.data(), n.size());
    return n;
}

void put(std::vector<std::uint8_t> &out, const void *p, std::size_t n)
{
    const auto *b = static_cast<const std::uint8_t *>(p);
    out.insert(out.end(), b, b + n);
}


void putU64(std::vector<std::uint8_t> &out, std::uint64_t v)
{
    for (int i = 7; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void putMetadata(std::vector<std::uint8_t> &out, const Metadata &md)
{
    for (const auto &[name, value] : md) {
        appendCommandName(out, name);
        for (int i = 3; i >= 0; --i)
            out.push_back(static_cast<std::uint8_t>(value.size() >> (8 * i)));
        put(out, value.data(), value.size());
    }
}

bool readMetadata(Bytes data, Metadata &out)
{
    std::vector<Property> props;
    std::vector<Finding> findings;
    if (!parseMetadata(data, 0, ZmtpVersion::V3_1, props, findings))
        return false;
    out.clear();
    for (const Property &p : props)
        out.emplace_back(std::string(p.name), std::string(p.value.begin(), p.value.end()));
    return true;
}


}   // namespace

// --- keys -------------------------------------------------------------------

CurveKeyPair CurveKeyPair::generate()
{
    CurveKeyPair kp;
    crypto_box_keypair(kp.publicKey.data(), kp.secretKey.data());
    return kp;
}

CurveKeyPair CurveKeyPair::fromSecret(const CurveKey &secret)
{
    CurveKeyPair kp;
    kp.secretKey = secret;
    crypto_scalarmult_base(kp.publicKey.data(), kp.secretKey.data());
    return kp;
}

std::optional<CurveKey> curveKeyFromZ85(std::string_view text)
{
    if (text.size() != 40)
        return std::nullopt;
    const auto bytes = z85Decode(text);
    if (!bytes)
        return std::nullopt;
    CurveKey k{};
    std::copy(bytes->begin(), bytes->end(), k.begin());
    return k;
}

std::string curveKeyToZ85(const CurveKey &key)
{
    return *z85Encode(key);
}

std::string curveKeyToHex(const CurveKey &key)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (auto b : key) {
        s += kHex[b >> 4];
        s += kHex[b & 15];
    }
    return s;
}

std::optional<CurveKey> curveKeyFromHex(std::string_view text)
{
    if (text.size() != 64)
        return std::nullopt;
    CurveKey k{};
    for (std::size_t i = 0; i < 32; ++i) {
        int v = 0;
        for (int h = 0; h < 2; ++h) {
            const char c = text[2 * i + h];
            const int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (d < 0)
                return std::nullopt;
            v = v * 16 + d;
        }
        k[i] = static_cast<std::uint8_t>(v);
    }
    return k;
}

std::string_view curveStateName(CurveState s)
{
    switch (s) {
    case CurveState::SendHello: return "send HELLO";
    case CurveState::ExpectWelcome: return "expect WELCOME";
    case CurveState::SendInitiate: return "send INITIATE";
    case CurveState::ExpectReady: return "expect READY";
    case CurveState::ExpectHello: return "expect HELLO";
    case CurveState::SendWelcome: return "send WELCOME";
    case CurveState::ExpectInitiate: return "expect INITIATE";
    case CurveState::SendReady: return "send READY";
    case CurveState::SendError: return "send ERROR";
    case CurveState::Ready: return "ready";
    case CurveState::Failed: return "failed";
    }
    return "?";
}

// --- shared -------------------------------------------------------------------

ProtocolError CurveSession::fail(ProtocolError e, std::string detail)
{
    m_state = CurveState::Failed;
    m_error = e;
    m_detail = std::move(detail);
    return e;
}

bool CurveSession::handleError(Bytes body)
{
    switch (readErrorCommand(body, m_peerError)) {
    case ErrorCommand::NotError: return false;
    case ErrorCommand::Malformed: fail(ProtocolError::ZmtpMalformedCommandError, "ERROR with a bad reason length"); return true;
    case ErrorCommand::Read: break;
    }
    m_state = CurveState::Failed;
    m_detail = "peer sent ERROR";
    return true;
}

std::string CurveSession::keyLogLine() const
{
    return "ZMTP_CURVE_SESSION " + curveKeyToHex(m_clientTransient) + " " + curveKeyToHex(m_key);
}

void CurveSession::encodeMessage(std::uint8_t flags, Bytes payload, std::vector<std::uint8_t> &body)
{
    const Nonce n = shortNonce(m_server ? "CurveZMQMESSAGES" : "CurveZMQMESSAGEC", m_nonce);
    std::vector<std::uint8_t> plain;
    plain.reserve(1 + payload.size());
    plain.push_back(flags);
    put(plain, payload.data(), payload.size());
    appendCommandName(body, "MESSAGE");
    putU64(body, m_nonce++);
    const std::size_t at = body.size();
    body.resize(at + kMac + plain.size());
    crypto_box_easy_afternm(body.data() + at, plain.data(), plain.size(), n.data(), m_key.data());
}

ProtocolError CurveSession::decodeMessage(Bytes body, std::uint8_t &flags, std::vector<std::uint8_t> &payload)
{
    if (m_state != CurveState::Ready)
        return fail(ProtocolError::ZmtpUnexpectedCommand, "MESSAGE before the handshake completed");
    if (!commandHasName(body, "MESSAGE"))
        return fail(ProtocolError::ZmtpUnexpectedCommand, "expected MESSAGE");
    if (body.size() < kMessageMin)
        return fail(ProtocolError::ZmtpMalformedCommandMessage, "MESSAGE shorter than 33 bytes");
    const std::uint64_t nonce = readU64(body.data() + 8);
    if (nonce <= m_peerNonce)
        return fail(ProtocolError::ZmtpInvalidSequence,
                    "MESSAGE nonce " + std::to_string(nonce) + " not above " + std::to_string(m_peerNonce));
    const Nonce n = shortNonce(m_server ? "CurveZMQMESSAGEC" : "CurveZMQMESSAGES", nonce);
    std::vector<std::uint8_t> plain(body.size() - 16 - kMac);
    if (crypto_box_open_easy_afternm(plain.data(), body.data() + 16, body.size() - 16, n.data(), m_key.data()) != 0)
        return fail(ProtocolError::ZmtpCryptographic, "MESSAGE box does not open");
    m_peerNonce = nonce;
    flags = plain[0];
    payload.assign(plain.begin() + 1, plain.end());
    return ProtocolError::None;
}

// --- client -------------------------------------------------------------------

CurveClient::CurveClient(Config config)
    : CurveSession(false)
    , m_config(std::move(config))
    , m_transient(m_config.transient ? *m_config.transient : CurveKeyPair::generate())
{
    m_state = CurveState::SendHello;
    m_clientTransient = m_transient.publicKey;
}

bool CurveClient::nextCommand(std::vector<std::uint8_t> &body)
{
    if (m_state == CurveState::SendHello) {
        // HELLO: version 1.0, 72 bytes of padding, C', nonce, Box[64 zeros](C'->S).
        appendCommandName(body, "HELLO");
        body.push_back(1);
        body.push_back(0);
        body.insert(body.end(), 72, 0);
        put(body, m_transient.publicKey.data(), 32);
        const Nonce n = shortNonce("CurveZMQHELLO---", m_nonce);
        putU64(body, m_nonce++);
        std::array<std::uint8_t, 64> zeros{};
        if (m_config.nonZeroSignature)
            zeros.fill(0x5A);
        const std::size_t at = body.size();
        body.resize(at + kMac + zeros.size());
        if (crypto_box_easy(body.data() + at, zeros.data(), zeros.size(), n.data(), m_config.serverPublic.data(),
                            m_transient.secretKey.data())
            != 0) {
            fail(ProtocolError::ZmtpCryptographic, "the server public key is not a usable Curve25519 key");
            return false;
        }
        m_state = CurveState::ExpectWelcome;
        return true;
    }
    if (m_state == CurveState::SendInitiate) {
        // vouch = Box[C' + S](C->S'), long nonce "VOUCH---".
        const LongNonce vouchTail = randomLong(m_config.vouchNonce);
        std::array<std::uint8_t, 64> vouchPlain;
        const CurveKey &vouchedTransient = m_config.vouchTransient ? *m_config.vouchTransient : m_transient.publicKey;
        const CurveKey &vouchedServer = m_config.vouchServer ? *m_config.vouchServer : m_config.serverPublic;
        std::copy(vouchedTransient.begin(), vouchedTransient.end(), vouchPlain.begin());
        std::copy(vouchedServer.begin(), vouchedServer.end(), vouchPlain.begin() + 32);
        std::array<std::uint8_t, 80> vouch;
        const Nonce vn = longNonce("VOUCH---", vouchTail.data());
        if (crypto_box_easy(vouch.data(), vouchPlain.data(), vouchPlain.size(), vn.data(), m_serverTransient.data(),
                            m_config.permanent.secretKey.data())
            != 0) {
            fail(ProtocolError::ZmtpCryptographic, "the server transient key is not a usable Curve25519 key");
            return false;
        }
        std::vector<std::uint8_t> plain;
        put(plain, m_config.permanent.publicKey.data(), 32);
        put(plain, vouchTail.data(), 16);
        put(plain, vouch.data(), vouch.size());
        if (m_config.rawMetadata)
            put(plain, m_config.rawMetadata->data(), m_config.rawMetadata->size());
        else
            putMetadata(plain, m_config.metadata);

        appendCommandName(body, "INITIATE");
        put(body, m_cookie.data(), m_cookie.size());
        const Nonce n = shortNonce("CurveZMQINITIATE", m_nonce);
        putU64(body, m_nonce++);
        const std::size_t at = body.size();
        body.resize(at + kMac + plain.size());
        crypto_box_easy_afternm(body.data() + at, plain.data(), plain.size(), n.data(), m_key.data());
        m_state = CurveState::ExpectReady;
        return true;
    }
    return false;
}

ProtocolError CurveClient::processCommand(Bytes body)
{
    if (m_state == CurveState::Failed)
        return m_error;
    if ((m_state == CurveState::ExpectWelcome || m_state == CurveState::ExpectReady) && handleError(body))
        return m_error;
    if (m_state == CurveState::ExpectWelcome) {
        if (!commandHasName(body, "WELCOME"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected WELCOME");
        if (body.size() != kWelcomeSize)
            return fail(ProtocolError::ZmtpMalformedCommandWelcome,
                        "WELCOME of " + std::to_string(body.size()) + " bytes, must be 168");
        const Nonce n = longNonce("WELCOME-", body.data() + 8);
        std::array<std::uint8_t, 128> plain;
        if (crypto_box_open_easy(plain.data(), body.data() + 24, 144, n.data(), m_config.serverPublic.data(),
                                 m_transient.secretKey.data())
            != 0)
            return fail(ProtocolError::ZmtpCryptographic, "WELCOME box does not open (wrong server key?)");
        std::copy(plain.begin(), plain.begin() + 32, m_serverTransient.begin());
        std::copy(plain.begin() + 32, plain.end(), m_cookie.begin());
        if (crypto_box_beforenm(m_key.data(), m_serverTransient.data(), m_transient.secretKey.data()) != 0)
            return fail(ProtocolError::ZmtpCryptographic, "the server transient key is not a usable Curve25519 key");
        m_haveKey = true;
        m_state = CurveState::SendInitiate;
        return ProtocolError::None;
    }
    if (m_state == CurveState::ExpectReady) {
        if (!commandHasName(body, "READY"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected READY");
        if (body.size() < kReadyMin)
            return fail(ProtocolError::ZmtpMalformedCommandReady, "READY shorter than 30 bytes");
        const std::uint64_t nonce = readU64(body.data() + 6);
        const Nonce n = shortNonce("CurveZMQREADY---", nonce);
        std::vector<std::uint8_t> plain(body.size() - 14 - kMac);
        if (crypto_box_open_easy_afternm(plain.data(), body.data() + 14, body.size() - 14, n.data(), m_key.data()) != 0)
            return fail(ProtocolError::ZmtpCryptographic, "READY box does not open");
        if (!readMetadata(plain, m_peerMetadata))
            return fail(ProtocolError::ZmtpInvalidMetadata, "READY metadata malformed");
        m_peerNonce = nonce;
        m_state = CurveState::Ready;
        return ProtocolError::None;
    }
    return fail(ProtocolError::ZmtpUnexpectedCommand, "command in state " + std::string(curveStateName(m_state)));
}

// --- server -------------------------------------------------------------------

CurveServer::CurveServer(Config config)
    : CurveSession(true)
    , m_config(std::move(config))
    , m_transient(m_config.transient ? *m_config.transient : CurveKeyPair::generate())
{
    m_state = CurveState::ExpectHello;
    if (m_config.cookieKey) {
        m_cookieKey = *m_config.cookieKey;
    } else {
        randombytes_buf(m_cookieKey.data(), m_cookieKey.size());
    }
}

bool CurveServer::nextCommand(std::vector<std::uint8_t> &body)
{
    if (m_state == CurveState::SendWelcome) {
        // cookie = long nonce + secretbox[C' + s'](cookie key)
        const LongNonce cookieTail = randomLong(m_config.cookieNonce);
        std::array<std::uint8_t, 64> cookiePlain;
        std::copy(m_clientTransient.begin(), m_clientTransient.end(), cookiePlain.begin());
        std::copy(m_transient.secretKey.begin(), m_transient.secretKey.end(), cookiePlain.begin() + 32);
        std::array<std::uint8_t, 128> plain;
        std::copy(m_transient.publicKey.begin(), m_transient.publicKey.end(), plain.begin());
        std::copy(cookieTail.begin(), cookieTail.end(), plain.begin() + 32);
        const Nonce cn = longNonce("COOKIE--", cookieTail.data());
        crypto_secretbox_easy(plain.data() + 48, cookiePlain.data(), cookiePlain.size(), cn.data(), m_cookieKey.data());
        sodium_memzero(cookiePlain.data(), cookiePlain.size());

        const LongNonce welcomeTail = randomLong(m_config.welcomeNonce);
        appendCommandName(body, "WELCOME");
        put(body, welcomeTail.data(), 16);
        const Nonce n = longNonce("WELCOME-", welcomeTail.data());
        const std::size_t at = body.size();
        body.resize(at + kMac + plain.size());
        if (crypto_box_easy(body.data() + at, plain.data(), plain.size(), n.data(), m_clientTransient.data(),
                            m_config.permanent.secretKey.data())
            != 0) {
            fail(ProtocolError::ZmtpCryptographic, "the client transient key is not a usable Curve25519 key");
            return false;
        }
        // K = beforenm(C', s') is fixed from here on; a key log can name it
        // before INITIATE arrives (INITIATE computes it again from the cookie).
        m_haveKey = crypto_box_beforenm(m_key.data(), m_clientTransient.data(), m_transient.secretKey.data()) == 0;
        m_state = CurveState::ExpectInitiate;
        return true;
    }
    if (m_state == CurveState::SendReady) {
        if (m_config.holdReady && !m_released)
            return false;
        std::vector<std::uint8_t> plain;
        if (m_config.rawMetadata)
            put(plain, m_config.rawMetadata->data(), m_config.rawMetadata->size());
        else
            putMetadata(plain, m_config.metadata);
        appendCommandName(body, "READY");
        const Nonce n = shortNonce("CurveZMQREADY---", m_nonce);
        putU64(body, m_nonce++);
        const std::size_t at = body.size();
        body.resize(at + kMac + plain.size());
        crypto_box_easy_afternm(body.data() + at, plain.data(), plain.size(), n.data(), m_key.data());
        m_state = CurveState::Ready;
        return true;
    }
    if (m_state == CurveState::SendError) {
        appendCommandName(body, "ERROR");
        body.push_back(static_cast<std::uint8_t>(m_auth.statusCode.size()));
        put(body, m_auth.statusCode.data(), m_auth.statusCode.size());
        fail(ProtocolError::None, "authentication refused with " + m_auth.statusCode);
        return true;
    }
    return false;
}

void CurveServer::releaseReady(Metadata metadata)
{
    m_config.metadata = std::move(metadata);
    m_released = true;
}

ProtocolError CurveServer::processCommand(Bytes body)
{
    if (m_state == CurveState::Failed)
        return m_error;
    if (m_state == CurveState::ExpectHello) {
        if (!commandHasName(body, "HELLO"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected HELLO");
        if (body.size() != kHelloSize)
            return fail(ProtocolError::ZmtpMalformedCommandHello,
                        "HELLO of " + std::to_string(body.size()) + " bytes, must be 200");
        if (body[6] != 1 || body[7] != 0)
            return fail(ProtocolError::ZmtpMalformedCommandHello, "CurveZMQ version is not 1.0");
        if (std::any_of(body.begin() + 8, body.begin() + 80, [](std::uint8_t b) { return b != 0; }))
            return fail(ProtocolError::ZmtpMalformedCommandHello, "HELLO padding is not zero");
        std::copy(body.begin() + 80, body.begin() + 112, m_clientTransient.begin());
        const std::uint64_t nonce = readU64(body.data() + 112);
        const Nonce n = shortNonce("CurveZMQHELLO---", nonce);
        std::array<std::uint8_t, 64> plain;
        if (crypto_box_open_easy(plain.data(), body.data() + 120, 80, n.data(), m_clientTransient.data(),
                                 m_config.permanent.secretKey.data())
            != 0)
            return fail(ProtocolError::ZmtpCryptographic, "HELLO signature box does not open (client has the wrong server key)");
        if (std::any_of(plain.begin(), plain.end(), [](std::uint8_t b) { return b != 0; }))
            return fail(ProtocolError::ZmtpCryptographic, "HELLO signature is not 64 zero bytes");
        m_peerNonce = nonce;
        m_state = CurveState::SendWelcome;
        return ProtocolError::None;
    }
    if (m_state == CurveState::ExpectInitiate) {
        if (!commandHasName(body, "INITIATE"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected INITIATE");
        if (body.size() < kInitiateMin)
            return fail(ProtocolError::ZmtpMalformedCommandInitiate, "INITIATE shorter than 257 bytes");
        // The cookie must open with this connection's cookie key and hold
        // this connection's C' and s'.
        const Nonce cn = longNonce("COOKIE--", body.data() + 9);
        std::array<std::uint8_t, 64> cookie;
        if (crypto_secretbox_open_easy(cookie.data(), body.data() + 25, 80, cn.data(), m_cookieKey.data()) != 0)
            return fail(ProtocolError::ZmtpCryptographic, "cookie does not open");
        if (!std::equal(cookie.begin(), cookie.begin() + 32, m_clientTransient.begin())
            || !std::equal(cookie.begin() + 32, cookie.end(), m_transient.secretKey.begin())) {
            sodium_memzero(cookie.data(), cookie.size());
            return fail(ProtocolError::ZmtpCryptographic, "cookie is not this connection's");
        }
        sodium_memzero(cookie.data(), cookie.size());
        if (crypto_box_beforenm(m_key.data(), m_clientTransient.data(), m_transient.secretKey.data()) != 0)
            return fail(ProtocolError::ZmtpCryptographic, "the client transient key is not a usable Curve25519 key");
        // HELLO, INITIATE and READY nonces are recorded, not compared
        // (26/CURVEZMQ; libzmq does the same): only MESSAGE must increase.
        const std::uint64_t nonce = readU64(body.data() + 105);
        const Nonce n = shortNonce("CurveZMQINITIATE", nonce);
        std::vector<std::uint8_t> plain(body.size() - 113 - kMac);
        if (crypto_box_open_easy_afternm(plain.data(), body.data() + 113, body.size() - 113, n.data(), m_key.data()) != 0)
            return fail(ProtocolError::ZmtpCryptographic, "INITIATE box does not open");
        std::copy(plain.begin(), plain.begin() + 32, m_clientPermanent.begin());
        const Nonce vn = longNonce("VOUCH---", plain.data() + 32);
        std::array<std::uint8_t, 64> vouch;
        if (crypto_box_open_easy(vouch.data(), plain.data() + 48, 80, vn.data(), m_clientPermanent.data(),
                                 m_transient.secretKey.data())
            != 0)
            return fail(ProtocolError::ZmtpCryptographic, "vouch does not open with the client's key");
        if (!std::equal(vouch.begin(), vouch.begin() + 32, m_clientTransient.begin()))
            return fail(ProtocolError::ZmtpKeyExchange, "vouch names another transient key");
        if (!std::equal(vouch.begin() + 32, vouch.end(), m_config.permanent.publicKey.begin()))
            return fail(ProtocolError::ZmtpKeyExchange, "vouch names another server");
        if (!readMetadata(Bytes(plain).subspan(128), m_peerMetadata))
            return fail(ProtocolError::ZmtpInvalidMetadata, "INITIATE metadata malformed");
        m_peerNonce = nonce;
        if (m_config.authenticate) {
            AuthRequest req;
            req.mechanism = Mechanism::Curve;
            req.address = m_config.address;
            req.clientKey = m_clientPermanent;
            for (const auto &[k, v] : m_peerMetadata)
                if (k == "Identity")
                    req.identity = v;
            m_auth = m_config.authenticate(req);
        }
        if (m_auth.accepted()) {
            m_state = CurveState::SendReady;
        } else if (m_auth.statusCode == "300") {
            // libzmq closes without ERROR on a temporary failure.
            return fail(ProtocolError::None, "authentication answered 300: closing without ERROR");
        } else {
            m_state = CurveState::SendError;
        }
        return ProtocolError::None;
    }
    return fail(ProtocolError::ZmtpUnexpectedCommand, "command in state " + std::string(curveStateName(m_state)));
}

}   // namespace zmqscope::codec
