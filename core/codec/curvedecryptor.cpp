#include "curvedecryptor.h"

#include "command.h"

#include <sodium.h>

#include <cstring>

namespace zmqscope::codec {

bool CurveKeyLog::parse(std::string_view text, std::string *error)
{
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++lineNo;
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.empty() || line.front() == '#')
            continue;
        constexpr std::string_view kTag = "ZMTP_CURVE_SESSION ";
        std::optional<CurveKey> c, k;
        if (line.size() == kTag.size() + 64 + 1 + 64 && line.substr(0, kTag.size()) == kTag
            && line[kTag.size() + 64] == ' ') {
            c = curveKeyFromHex(line.substr(kTag.size(), 64));
            k = curveKeyFromHex(line.substr(kTag.size() + 65, 64));
        }
        if (!c || !k) {
            if (error)
                *error = "line " + std::to_string(lineNo) + ": expected ZMTP_CURVE_SESSION <64 hex> <64 hex>";
            return false;
        }
        m_keys[*c] = *k;
    }
    return true;
}

void CurveKeyLog::add(const CurveKey &clientTransient, const CurveKey &sessionKey)
{
    m_keys[clientTransient] = sessionKey;
}

std::optional<CurveKey> CurveKeyLog::find(const CurveKey &clientTransient) const
{
    const auto it = m_keys.find(clientTransient);
    if (it == m_keys.end())
        return std::nullopt;
    return it->second;
}

CurveDecryptor::CurveDecryptor(EventSink &out, const CurveKeyLog &keys)
    : m_out(out)
    , m_keys(keys)
{
}

bool CurveDecryptor::open(const char (&prefix)[17], std::uint64_t nonce, Bytes box, std::vector<std::uint8_t> &plain)
{
    if (box.size() < crypto_box_MACBYTES)
        return false;
    std::uint8_t n[crypto_box_NONCEBYTES];
    std::memcpy(n, prefix, 16);
    for (int i = 0; i < 8; ++i)
        n[16 + i] = static_cast<std::uint8_t>(nonce >> (56 - 8 * i));
    plain.resize(box.size() - crypto_box_MACBYTES);
    return crypto_box_open_easy_afternm(plain.data(), box.data(), box.size(), n, m_key->data()) == 0;
}

void CurveDecryptor::finding(const Event &ev, FindingId id, std::string detail)
{
    const Finding f{id, findingInfo(id).severity, ev.offset, ev.length, std::move(detail)};
    Event out;
    out.kind = EventKind::Finding;
    out.direction = ev.direction;
    out.offset = ev.offset;
    out.length = ev.length;
    out.finding = &f;
    m_out.onEvent(out);
}

void CurveDecryptor::onEvent(const Event &ev)
{
    m_out.onEvent(ev);
    if (ev.kind != EventKind::Command || !ev.command->hasCurve)
        return;
    const Command &c = *ev.command;
    if (c.kind == CommandKind::Hello && ev.direction == Direction::ClientToServer) {
        CurveKey cPrime;
        std::copy(c.curve.transientKey.begin(), c.curve.transientKey.end(), cPrime.begin());
        m_clientTransient = cPrime;
        m_sawHello = true;
        m_key = m_keys.find(cPrime);
        m_lastNonce[0] = m_lastNonce[1] = 0;
        if (!m_serverKeys.empty()) {
            // HELLO's signature box: Box[64 zeros](C'->S), nonce "CurveZMQHELLO---".
            std::uint8_t n[crypto_box_NONCEBYTES];
            std::memcpy(n, "CurveZMQHELLO---", 16);
            for (int i = 0; i < 8; ++i)
                n[16 + i] = static_cast<std::uint8_t>(c.nonce >> (56 - 8 * i));
            std::uint8_t zeros[64];
            m_server = nullptr;
            for (const CurveKeyPair &k : m_serverKeys)
                if (c.text.size() == 80
                    && crypto_box_open_easy(zeros, c.text.data(), 80, n, cPrime.data(), k.secretKey.data()) == 0) {
                    m_server = &k;
                    break;
                }
            if (m_server)
                finding(ev, FindingId::CurveServerKeyMatched, "server key " + curveKeyToZ85(m_server->publicKey));
            else
                finding(ev, FindingId::CurveServerKeyMismatch,
                        std::to_string(m_serverKeys.size()) + " server key(s) tried");
        }
        return;
    }
    if (c.kind == CommandKind::Welcome && ev.direction == Direction::ServerToClient && (m_server || (m_resumed && !m_serverKeys.empty()))
        && c.hasCurve) {
        std::uint8_t n[crypto_box_NONCEBYTES];
        std::memcpy(n, "WELCOME-", 8);
        std::memcpy(n + 8, c.curve.longNonce.data(), 16);
        std::uint8_t plain[128];
        const auto opens = [&](const CurveKeyPair &k) {
            return c.text.size() == 144
                && crypto_box_open_easy(plain, c.text.data(), 144, n, m_clientTransient.data(), k.secretKey.data()) == 0;
        };
        bool opened = m_server && opens(*m_server);
        for (std::size_t i = 0; !opened && !m_server && i < m_serverKeys.size(); ++i)
            opened = opens(m_serverKeys[i]);
        if (opened) {
            CurveKey serverTransient;
            std::copy(plain, plain + 32, serverTransient.begin());
            Command opened = c;
            opened.curve.transientKey = Bytes(plain, 32);   // S', from inside the box
            Event out = ev;
            out.command = &opened;
            out.decrypted = true;
            m_out.onEvent(out);
        } else {
            finding(ev, FindingId::CurveBoxNotOpened, "WELCOME box with the server key");
        }
        return;
    }
    if (!m_key && m_sawHello)
        m_key = m_keys.find(m_clientTransient);   // a live key log may name K after HELLO passed
    if (!m_key)
        return;
    if (c.kind == CommandKind::Message) {
        decryptMessage(ev);
        return;
    }
    const bool initiate = c.kind == CommandKind::Initiate && ev.direction == Direction::ClientToServer;
    const bool ready = c.kind == CommandKind::Ready && ev.direction == Direction::ServerToClient;
    if (!initiate && !ready)
        return;
    if (!open(initiate ? "CurveZMQINITIATE" : "CurveZMQREADY---", c.nonce, c.text, m_plain)) {
        finding(ev, FindingId::CurveBoxNotOpened, std::string(c.name) + " box");
        return;
    }
    Bytes md(m_plain);
    Command opened = c;
    if (initiate) {
        if (m_plain.size() < 128) {
            finding(ev, FindingId::CommandMalformed, "INITIATE box shorter than 128 bytes");
            return;
        }
        CurveKey client;
        std::copy(m_plain.begin(), m_plain.begin() + 32, client.begin());
        m_clientKey = client;
        md = md.subspan(128);
        opened.curve.transientKey = Bytes(m_plain).first(32);   // the permanent key C, from inside the box
    }
    m_findings.clear();
    // Offsets in the box's plaintext (the event's decrypted bytes).
    parseMetadata(md, initiate ? 128 : 0, ZmtpVersion::V3_1, m_properties, m_findings);
    for (const Finding &f : m_findings)
        finding(ev, f.id, f.detail);
    opened.properties = m_properties;
    opened.data = md;
    opened.dataOffset = initiate ? 128 : 0;
    Event out = ev;
    out.command = &opened;
    out.decrypted = true;
    out.plaintext = Bytes(m_plain);
    m_out.onEvent(out);
}

void CurveDecryptor::decryptMessage(const Event &ev)
{
    const Command &c = *ev.command;
    const int d = static_cast<int>(ev.direction);
    const bool fromClient = ev.direction == Direction::ClientToServer;
    if (c.nonce <= m_lastNonce[d])
        finding(ev, FindingId::CurveNonceNotIncreasing,
                "nonce " + std::to_string(c.nonce) + " after " + std::to_string(m_lastNonce[d]));
    if (!open(fromClient ? "CurveZMQMESSAGEC" : "CurveZMQMESSAGES", c.nonce, c.text, m_plain) || m_plain.empty()) {
        finding(ev, FindingId::CurveBoxNotOpened, "MESSAGE box");
        return;
    }
    m_lastNonce[d] = std::max(m_lastNonce[d], c.nonce);
    const std::uint8_t flags = m_plain[0];
    if (flags & 0x02) {
        // A command inside the box (PING, PONG, SUBSCRIBE, CANCEL...).
        // In the plaintext: the flags byte at 0, the command from 1.
        FrameView inner;
        inner.offset = 0;
        inner.headerLength = 1;
        inner.flags = flags;
        inner.size = m_plain.size() - 1;
        inner.body = Bytes(m_plain).subspan(1);
        inner.command = true;
        Command cmd;
        m_findings.clear();
        parseCommand(inner, CommandContext{Mechanism::Null, ZmtpVersion::V3_1}, cmd, m_properties, m_findings);
        Event out = ev;
        out.frame = &inner;
        out.command = &cmd;
        out.decrypted = true;
        out.plaintext = Bytes(m_plain);
        m_out.onEvent(out);
        return;
    }
    if (m_frames[d].empty())
        m_messageOffset[d] = ev.offset;
    m_frames[d].emplace_back(m_plain.begin() + 1, m_plain.end());
    if (flags & 0x01)
        return;
    // Each frame where decryptedBytes() puts it: its box's flags byte,
    // then the body, one box after the other.
    m_views.clear();
    std::uint64_t at = 0;
    for (const auto &f : m_frames[d]) {
        FrameView v;
        v.offset = at;
        v.headerLength = 1;
        v.size = f.size();
        v.body = Bytes(f);
        m_views.push_back(v);
        at += 1 + f.size();
    }
    for (std::size_t i = 0; i + 1 < m_views.size(); ++i) {
        m_views[i].more = true;
        m_views[i].flags = 0x01;
    }
    Event out;
    out.kind = EventKind::Message;
    out.direction = ev.direction;
    out.offset = m_messageOffset[d];
    out.length = ev.offset + ev.length - m_messageOffset[d];
    out.frames = m_views;
    out.frameCount = m_views.size();
    out.decrypted = true;
    m_out.onEvent(out);
    m_frames[d].clear();
}

}   // namespace zmqscope::codec
