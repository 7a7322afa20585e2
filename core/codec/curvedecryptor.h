// Reading CURVE traffic in clear from a passive capture, with a key log
// written by an endpoint we control (docs/CURVE_KEYLOG.md): one line per
// connection, "ZMTP_CURVE_SESSION <C' hex> <K hex>". C' travels in clear in
// HELLO, so the decryptor finds the connection's K by it and opens INITIATE
// (client key, metadata), READY (metadata) and every MESSAGE both ways
// (26/CURVEZMQ nonces: "CurveZMQMESSAGEC" from the client, "...S" back).
// The log may grow while a connection is decoded (a live relay adds K once
// it wrote WELCOME): a connection without its key looks again at each box.
//
// CurveDecryptor sits between a ConnectionDecoder and the sink: it passes
// every event on, and after each box it could open it adds the decrypted
// command or message (Event::decrypted). One instance per connection.
#pragma once

#include "curve.h"
#include "streamdecoder.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

class CurveKeyLog {
public:
    // Adds the entries in `text`; false (and where) on a malformed line.
    bool parse(std::string_view text, std::string *error = nullptr);
    void add(const CurveKey &clientTransient, const CurveKey &sessionKey);
    std::optional<CurveKey> find(const CurveKey &clientTransient) const;
    std::size_t size() const { return m_keys.size(); }
    void merge(const CurveKeyLog &other) { m_keys.insert(other.m_keys.begin(), other.m_keys.end()); }

private:
    std::map<CurveKey, CurveKey> m_keys;
};

class CurveDecryptor : public EventSink {
public:
    CurveDecryptor(EventSink &out, const CurveKeyLog &keys);
    void onEvent(const Event &ev) override;

    bool hasKey() const { return m_key.has_value(); }
    // Picks a connection up after its HELLO (C' known, from the capture):
    // rebuilding one decrypted event from stored bytes.
    // A WELCOME met this way is opened with whichever server key opens it
    // (the HELLO that would have picked one is not fed again).
    void resumeAfterHello(const CurveKey &clientTransient)
    {
        m_clientTransient = clientTransient;
        m_sawHello = true;
        m_resumed = true;
        m_key = m_keys.find(clientTransient);
    }
    // Server key pairs the user owns: HELLO is checked against them (does
    // the client use this server's key?) and WELCOME opened (S' shown).
    // Messages still need the key log: CURVE has forward secrecy.
    void setServerKeys(std::vector<CurveKeyPair> keys) { m_serverKeys = std::move(keys); }
    // INITIATE's client permanent key, once opened.
    const std::optional<CurveKey> &clientPermanentKey() const { return m_clientKey; }

private:
    bool open(const char (&prefix)[17], std::uint64_t nonce, Bytes box, std::vector<std::uint8_t> &plain);
    void decryptMessage(const Event &ev);
    void finding(const Event &ev, FindingId id, std::string detail);

    EventSink &m_out;
    const CurveKeyLog &m_keys;
    std::optional<CurveKey> m_key;
    std::optional<CurveKey> m_clientKey;
    std::vector<CurveKeyPair> m_serverKeys;
    const CurveKeyPair *m_server = nullptr;   // the one HELLO opened with
    CurveKey m_clientTransient{};
    bool m_sawHello = false;
    bool m_resumed = false;
    std::uint64_t m_lastNonce[2] = {0, 0};
    std::vector<std::uint8_t> m_plain;
    // Frames of the message being assembled, per direction.
    std::vector<std::vector<std::uint8_t>> m_frames[2];
    std::vector<FrameView> m_views;
    std::uint64_t m_messageOffset[2] = {0, 0};
    std::vector<Property> m_properties;
    std::vector<Finding> m_findings;
};

}   // namespace zmqscope::codec
