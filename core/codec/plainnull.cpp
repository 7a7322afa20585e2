#include "plainnull.h"

#include "command.h"

#include <cstring>

namespace zmqscope::codec {

std::string_view clearStateName(ClearState s)
{
    switch (s) {
    case ClearState::SendHello: return "send HELLO";
    case ClearState::ExpectWelcome: return "expect WELCOME";
    case ClearState::SendInitiate: return "send INITIATE";
    case ClearState::ExpectReady: return "expect READY";
    case ClearState::ExpectHello: return "expect HELLO";
    case ClearState::SendWelcome: return "send WELCOME";
    case ClearState::ExpectInitiate: return "expect INITIATE";
    case ClearState::SendReady: return "send READY";
    case ClearState::SendError: return "send ERROR";
    case ClearState::NullExchange: return "exchange READY";
    case ClearState::Ready: return "ready";
    case ClearState::Failed: return "failed";
    }
    return "?";
}

ProtocolError ClearHandshake::fail(ProtocolError e, std::string detail)
{
    m_state = ClearState::Failed;
    m_error = e;
    m_detail = std::move(detail);
    return e;
}

bool ClearHandshake::handleError(Bytes body)
{
    // Both spellings: libzmq 4.3's PLAIN server sends 5E 'RROR', and its
    // refusals would otherwise look like garbage.
    switch (readErrorCommand(body, m_peerError)) {
    case ErrorCommand::NotError: return false;
    case ErrorCommand::Malformed: fail(ProtocolError::ZmtpMalformedCommandError, "ERROR with a bad reason length"); return true;
    case ErrorCommand::Read: break;
    }
    m_state = ClearState::Failed;
    m_detail = "peer sent ERROR";
    return true;
}

bool ClearHandshake::readMetadataFrom(Bytes data)
{
    std::vector<Property> props;
    std::vector<Finding> findings;
    if (!parseMetadata(data, 0, ZmtpVersion::V3_1, props, findings))
        return false;
    m_peerMetadata.clear();
    for (const Property &p : props)
        m_peerMetadata.emplace_back(std::string(p.name), std::string(p.value.begin(), p.value.end()));
    return true;
}

void ClearHandshake::writeReady(std::vector<std::uint8_t> &body, const Metadata &md, std::string_view name)
{
    appendCommandName(body, name);
    for (const auto &[k, v] : md) {
        appendCommandName(body, k);
        for (int i = 3; i >= 0; --i)
            body.push_back(static_cast<std::uint8_t>(v.size() >> (8 * i)));
        body.insert(body.end(), v.begin(), v.end());
    }
}

// --- NULL ---------------------------------------------------------------------

NullHandshake::NullHandshake(Config config)
    : m_config(std::move(config))
{
    m_state = ClearState::NullExchange;
}

bool NullHandshake::nextCommand(std::vector<std::uint8_t> &body)
{
    if (m_state == ClearState::SendError) {
        appendCommandName(body, "ERROR");
        body.push_back(static_cast<std::uint8_t>(m_auth.statusCode.size()));
        body.insert(body.end(), m_auth.statusCode.begin(), m_auth.statusCode.end());
        fail(ProtocolError::None, "authentication refused with " + m_auth.statusCode);
        return true;
    }
    if (m_state != ClearState::NullExchange || m_sent)
        return false;
    // A server that authenticates answers only after the client's READY.
    if (m_config.authenticate && !m_received)
        return false;
    writeReady(body, m_config.metadata);
    m_sent = true;
    if (m_received)
        m_state = ClearState::Ready;
    return true;
}

ProtocolError NullHandshake::processCommand(Bytes body)
{
    if (m_state == ClearState::Failed)
        return m_error;
    if (handleError(body))
        return m_error;
    if (m_state != ClearState::NullExchange || m_received || !commandHasName(body, "READY"))
        return fail(ProtocolError::ZmtpUnexpectedCommand, "NULL expects one READY");
    if (!readMetadataFrom(body.subspan(6)))
        return fail(ProtocolError::ZmtpInvalidMetadata, "READY metadata malformed");
    m_received = true;
    if (m_config.authenticate) {
        AuthRequest req;
        req.mechanism = Mechanism::Null;
        req.address = m_config.address;
        req.domain = m_config.domain;
        for (const auto &[k, v] : m_peerMetadata)
            if (k == "Identity")
                req.identity = v;
        m_auth = m_config.authenticate(req);
        if (m_auth.statusCode == "300")
            return fail(ProtocolError::None, "authentication answered 300: closing without ERROR");
        if (!m_auth.accepted()) {
            m_state = ClearState::SendError;
            return ProtocolError::None;
        }
    }
    if (m_sent)
        m_state = ClearState::Ready;
    return ProtocolError::None;
}

// --- PLAIN client ------------------------------------------------------------

PlainClient::PlainClient(Config config)
    : m_config(std::move(config))
{
    m_state = ClearState::SendHello;
}

bool PlainClient::nextCommand(std::vector<std::uint8_t> &body)
{
    if (m_state == ClearState::SendHello) {
        appendCommandName(body, "HELLO");
        appendCommandName(body, m_config.username.substr(0, 255));
        appendCommandName(body, m_config.password.substr(0, 255));
        m_state = ClearState::ExpectWelcome;
        return true;
    }
    if (m_state == ClearState::SendInitiate) {
        writeReady(body, m_config.metadata, "INITIATE");
        m_state = ClearState::ExpectReady;
        return true;
    }
    return false;
}

ProtocolError PlainClient::processCommand(Bytes body)
{
    if (m_state == ClearState::Failed)
        return m_error;
    if (handleError(body))
        return m_error;
    if (m_state == ClearState::ExpectWelcome) {
        if (!commandHasName(body, "WELCOME"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected WELCOME");
        if (body.size() != 8)
            return fail(ProtocolError::ZmtpMalformedCommandWelcome, "WELCOME with data");
        m_state = ClearState::SendInitiate;
        return ProtocolError::None;
    }
    if (m_state == ClearState::ExpectReady) {
        if (!commandHasName(body, "READY"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected READY");
        if (!readMetadataFrom(body.subspan(6)))
            return fail(ProtocolError::ZmtpInvalidMetadata, "READY metadata malformed");
        m_state = ClearState::Ready;
        return ProtocolError::None;
    }
    return fail(ProtocolError::ZmtpUnexpectedCommand, "command in state " + std::string(clearStateName(m_state)));
}

// --- PLAIN server ------------------------------------------------------------

PlainServer::PlainServer(Config config)
    : m_config(std::move(config))
{
    m_state = ClearState::ExpectHello;
}

bool PlainServer::nextCommand(std::vector<std::uint8_t> &body)
{
    switch (m_state) {
    case ClearState::SendWelcome:
        appendCommandName(body, "WELCOME");
        m_state = ClearState::ExpectInitiate;
        return true;
    case ClearState::SendReady:
        writeReady(body, m_config.metadata);
        m_state = ClearState::Ready;
        return true;
    case ClearState::SendError:
        if (m_config.libzmqErrorQuirk) {
            const std::uint8_t quirk[] = {0x5E, 'R', 'R', 'O', 'R'};
            body.insert(body.end(), std::begin(quirk), std::end(quirk));
        } else {
            appendCommandName(body, "ERROR");
        }
        body.push_back(static_cast<std::uint8_t>(m_auth.statusCode.size()));
        body.insert(body.end(), m_auth.statusCode.begin(), m_auth.statusCode.end());
        fail(ProtocolError::None, "authentication refused with " + m_auth.statusCode);
        return true;
    default:
        return false;
    }
}

ProtocolError PlainServer::processCommand(Bytes body)
{
    if (m_state == ClearState::Failed)
        return m_error;
    if (m_state == ClearState::ExpectHello) {
        if (!commandHasName(body, "HELLO"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected HELLO");
        const Bytes d = body.subspan(6);
        if (d.empty() || 1 + std::size_t(d[0]) >= d.size())
            return fail(ProtocolError::ZmtpMalformedCommandHello, "HELLO username cut short");
        const std::size_t p = 1 + d[0];
        if (p + 1 + std::size_t(d[p]) != d.size())
            return fail(ProtocolError::ZmtpMalformedCommandHello, "HELLO password length does not match the body");
        m_username.assign(d.begin() + 1, d.begin() + long(p));
        AuthRequest req;
        req.mechanism = Mechanism::Plain;
        req.address = m_config.address;
        req.domain = m_config.domain;
        req.username = m_username;
        req.password.assign(d.begin() + long(p) + 1, d.end());
        if (m_config.authenticate)
            m_auth = m_config.authenticate(req);
        if (m_auth.accepted())
            m_state = ClearState::SendWelcome;
        else if (m_auth.statusCode == "300")
            return fail(ProtocolError::None, "authentication answered 300: closing without ERROR");
        else
            m_state = ClearState::SendError;
        return ProtocolError::None;
    }
    if (m_state == ClearState::ExpectInitiate) {
        if (!commandHasName(body, "INITIATE"))
            return fail(ProtocolError::ZmtpUnexpectedCommand, "expected INITIATE");
        if (!readMetadataFrom(body.subspan(9)))
            return fail(ProtocolError::ZmtpInvalidMetadata, "INITIATE metadata malformed");
        m_state = ClearState::SendReady;
        return ProtocolError::None;
    }
    return fail(ProtocolError::ZmtpUnexpectedCommand, "command in state " + std::string(clearStateName(m_state)));
}

}   // namespace zmqscope::codec
