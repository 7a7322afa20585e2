#include "socketpeer.h"

#include "codec/certificate.h"

#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace zmqscope::peers {

namespace {

enum class State : std::uint32_t { Connecting, Ready, Sending, WaitingForReply, Done };
constexpr std::string_view kStates[] = {"Connecting", "Ready", "Sending", "WaitingForReply", "Done"};
constexpr std::string_view kTypes[] = {"PAIR", "PUB", "SUB", "XPUB", "XSUB", "REQ", "REP", "DEALER", "ROUTER", "PUSH", "PULL", "STREAM"};
constexpr std::string_view kMechanisms[] = {"null", "plain", "curve"};
constexpr std::string_view kAnswers[] = {"none", "echo", "fixed", "sink"};
constexpr OptionSpec kOptions[] = {
    {"type", OptionKind::Choice, "DEALER", "the socket type", kTypes},
    {"bind", OptionKind::Bind, "", "bind here", {}, 0, 0, true},
    {"connect", OptionKind::Connect, "", "connect here", {}, 0, 0, true},
    {"mechanism", OptionKind::Choice, "null", "security mechanism (23/ZMTP, 24/ZMTP-PLAIN, 26/CURVEZMQ)", kMechanisms},
    {"server", OptionKind::Flag, "", "be the PLAIN or CURVE server (default: the side that binds)"},
    {"username", OptionKind::Text, "admin", "PLAIN user name: the client's, the one the server admits"},
    {"password", OptionKind::Text, "secret", "PLAIN password: the client's, the one the server admits"},
    {"curve-secret", OptionKind::Text, "", "this side's CURVE secret key, Z85 (default: a fresh key pair, its public key logged)"},
    {"curve-serverkey", OptionKind::Text, "", "CURVE client: the server's public key, Z85"},
    {"curve-cert", OptionKind::Text, "", "this side's CURVE key pair from a certificate file (czmq's zcert, pyzmq's zmq.auth: the _secret file)"},
    {"curve-server-cert", OptionKind::Text, "", "CURVE client: the server's public key from its certificate file"},
    {"identity", OptionKind::Data, "", "routing id this socket announces"},
    {"subscribe", OptionKind::Data, "", "SUB/XSUB: a topic prefix (none given: everything)", {}, 0, 0, true},
    {"send", OptionKind::Data, "", "a frame of the message to send (one per frame; text, 0x-hex or @file)", {}, 0, 0, true},
    {"size", OptionKind::Integer, "0", "pad (or cut) the last frame to this many bytes", {}, 0, 256 << 20},
    {"count", OptionKind::Integer, "0", "messages to send (0 with --send: one; -1: forever)", {}, -1, INT32_MAX},
    {"rate", OptionKind::Integer, "0", "messages per second (0: as fast as the socket takes them)", {}, 0, 10000000},
    {"answer", OptionKind::Choice, "echo", "what to do with a message received: nothing, echo it back (REP, ROUTER, DEALER, PAIR), a fixed reply, or count it (sink)", kAnswers},
    {"answer-data", OptionKind::Data, "OK", "the fixed reply"},
    {"quiet", OptionKind::Flag, "", "do not log each message (counts only)"},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class SocketPeer final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        const int type = socketTypeByName(m_options.text("type"));
        m_type = type;
        m_socket = openSocket(type, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        if (m_options.given("identity")) {
            const auto id = dataBytes(m_options.text("identity"), error);
            if (!id || !m_socket->setBytes(ZMQ_ROUTING_ID, *id))
                return false;
        }
        const auto binds = m_options.list("bind"), connects = m_options.list("connect");
        if (binds.empty() && connects.empty()) {
            *error = "nothing to do: give --bind or --connect";
            return false;
        }
        if (!security(!binds.empty(), error))
            return false;
        if (type == ZMQ_SUB || type == ZMQ_XSUB) {
            auto topics = m_options.list("subscribe");
            if (topics.empty())
                topics.emplace_back();
            for (const std::string &t : topics) {
                const auto bytes = dataBytes(t, error);
                if (!bytes)
                    return false;
                if (type == ZMQ_SUB) {
                    m_socket->setBytes(ZMQ_SUBSCRIBE, *bytes);
                } else {
                    m_socket->send({std::string(1, '\x01') + *bytes});   // (XSUB: the subscription is a message)
                }
                log("subscribed to \"" + printableBytes(*bytes) + "\"");
            }
        }
        for (const std::string &ep : binds)
            if (!bindSocket(*m_socket, ep, error))
                return false;
        for (const std::string &ep : connects)
            if (!connectSocket(*m_socket, ep, error))
                return false;
        for (const std::string &s : m_options.list("send")) {
            auto bytes = dataBytes(s, error);
            if (!bytes)
                return false;
            m_template.push_back(std::move(*bytes));
        }
        if (const std::int64_t size = m_options.integer("size"); size > 0) {
            if (m_template.empty())
                m_template.emplace_back();
            m_template.back().resize(std::size_t(size), 'x');
        }
        m_toSend = m_options.integer("count");
        if (m_toSend == 0 && !m_template.empty())
            m_toSend = 1;
        watch(*m_socket, [this] { readable(); });
        setState(State::Connecting);
        if (!binds.empty())
            setState(State::Ready);
        if (m_toSend != 0 && canSend())
            after(0, [this] { sendNext(); });
        return true;
    }

    bool security(bool binds, std::string *error)
    {
        const std::string mechanism = m_options.text("mechanism");
        const bool server = m_options.given("server") ? m_options.flag("server") : binds;
        if (mechanism == "plain") {
            if (server) {
                codec::AccessPolicy policy;
                policy.plainUsers[m_options.text("username")] = m_options.text("password");
                return m_socket->setInt(ZMQ_PLAIN_SERVER, 1) && admit(*m_socket, std::move(policy));
            }
            return m_socket->setBytes(ZMQ_PLAIN_USERNAME, m_options.text("username"))
                && m_socket->setBytes(ZMQ_PLAIN_PASSWORD, m_options.text("password"));
        }
        if (mechanism != "curve")
            return true;
        char publicKey[41] = {}, secretKey[41] = {};
        const auto secret = curveSecretOption(m_options, error);
        if (!secret)
            return false;
        if (!secret->empty()) {
            std::copy(secret->begin(), secret->end(), secretKey);
            zmq_curve_public(publicKey, secretKey);
        } else if (zmq_curve_keypair(publicKey, secretKey) != 0) {
            *error = "cannot make a CURVE key pair: " + zmqError();
            return false;
        }
        log(std::string("CURVE ") + (server ? "server" : "client") + " public key " + publicKey);
        if (server)
            return m_socket->setInt(ZMQ_CURVE_SERVER, 1) && m_socket->setBytes(ZMQ_CURVE_SECRETKEY, secretKey)
                && admit(*m_socket, codec::AccessPolicy{});   // (any client key)
        const auto serverKey = curveServerKeyOption(m_options, error);
        if (!serverKey)
            return false;
        if (serverKey->empty()) {
            *error = "a CURVE client needs the server's public key: --curve-serverkey (40 Z85 characters) or --curve-server-cert FILE";
            return false;
        }
        return m_socket->setBytes(ZMQ_CURVE_PUBLICKEY, publicKey) && m_socket->setBytes(ZMQ_CURVE_SECRETKEY, secretKey)
            && m_socket->setBytes(ZMQ_CURVE_SERVERKEY, *serverKey);
    }

    bool canSend() const { return m_type != ZMQ_SUB && m_type != ZMQ_PULL; }

    void onSocketEvent(ZSocket &, int event, int, const std::string &) override
    {
        if (event != ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            return;
        m_connected = true;
        if (stateValue() == std::uint32_t(State::Connecting))
            setState(State::Ready);
        if (m_finishWhenConnected)
            finish(0);   // (what was queued goes out while the socket lingers)
    }

    // Done sending: stop once a peer has taken the messages (closing a
    // socket in the middle of its handshake would lose them).
    void finishSending()
    {
        if (m_connected)
            finish(0);
        else
            m_finishWhenConnected = true;
    }

    void sendNext()
    {
        if (!m_socket || m_toSend == 0)
            return;
        if (m_type == ZMQ_REQ && m_waiting)
            return;   // (REQ: the next request after the reply)
        setState(State::Sending);
        Frames f = m_template;
        if (!m_socket->send(f)) {
            // Not taken (no peer yet, or the high-water mark): try again soon.
            after(50, [this] { sendNext(); });
            return;
        }
        countSent();
        ++m_sentCount;
        if (!m_options.flag("quiet"))
            log("sent " + framesText(f));
        if (m_toSend > 0)
            --m_toSend;
        if (m_type == ZMQ_REQ) {
            m_waiting = true;
            setState(State::WaitingForReply);
            return;
        }
        scheduleNext();
    }

    void scheduleNext()
    {
        if (m_toSend == 0) {
            setState(State::Done);
            log("sent " + std::to_string(m_sentCount) + " message(s)");
            if (m_options.text("answer") != "sink" && m_type != ZMQ_REQ)
                finishSending();
            return;
        }
        const std::int64_t rate = m_options.integer("rate");
        if (rate > 0)
            after(std::max<std::int64_t>(1000 / rate, 1), [this] { sendNext(); });
        else
            after(0, [this] { sendNext(); });
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            ++m_receivedCount;
            const std::string answer = m_options.text("answer");
            if (!m_options.flag("quiet") && answer != "sink")
                log("received " + framesText(f));
            else if (answer == "sink" && (m_receivedCount & (m_receivedCount - 1)) == 0)
                log("received " + std::to_string(m_receivedCount) + " message(s)");
            if (m_type == ZMQ_REQ) {
                m_waiting = false;
                if (m_toSend == 0) {
                    setState(State::Done);
                    finishSending();
                } else {
                    scheduleNext();
                }
                continue;
            }
            const bool canAnswer = m_type == ZMQ_REP || m_type == ZMQ_ROUTER || m_type == ZMQ_DEALER || m_type == ZMQ_PAIR
                || m_type == ZMQ_STREAM;
            if (!canAnswer || answer == "none" || answer == "sink")
                continue;
            if (answer == "fixed") {
                // Keep the envelope (ROUTER: the routing id; with a delimiter, up to it).
                std::size_t keep = 0;
                if (m_type == ZMQ_ROUTER || m_type == ZMQ_STREAM) {
                    keep = 1;
                    for (std::size_t i = 1; i < f.size(); ++i)
                        if (f[i].empty()) {
                            keep = i + 1;
                            break;
                        }
                }
                f.resize(std::min(keep, f.size()));
                f.push_back(dataBytes(m_options.text("answer-data")).value_or(std::string()));
            }
            if (m_socket->send(f))
                countSent();
        }
    }

    void close() override
    {
        m_socket = nullptr;
        m_template.clear();
        m_sentCount = m_receivedCount = 0;
        m_waiting = m_connected = m_finishWhenConnected = false;
    }

    ZSocket *m_socket = nullptr;
    int m_type = ZMQ_DEALER;
    Frames m_template;
    std::int64_t m_toSend = 0;
    std::uint64_t m_sentCount = 0, m_receivedCount = 0;
    bool m_waiting = false;
    bool m_connected = false, m_finishWhenConnected = false;
};

}   // namespace

namespace {

std::optional<codec::CurveCertificate> readCertificate(const std::string &option, const std::string &path, std::string *error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = "--" + option + " " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() > 65536) {
        *error = "--" + option + " " + path + ": not a certificate (over 64 KiB)";
        return std::nullopt;
    }
    std::string why;
    auto cert = codec::CurveCertificate::fromZpl(text, &why);
    if (!cert)
        *error = "--" + option + " " + path + ": " + why;
    return cert;
}

}   // namespace

std::optional<std::string> curveSecretOption(const Options &options, std::string *error)
{
    if (options.given("curve-secret")) {
        const std::string secret = options.text("curve-secret");
        if (!codec::curveKeyFromZ85(secret)) {
            *error = "--curve-secret is not a Z85 key of 40 characters";
            return std::nullopt;
        }
        return secret;
    }
    if (!options.given("curve-cert"))
        return std::string();
    const auto cert = readCertificate("curve-cert", options.text("curve-cert"), error);
    if (!cert)
        return std::nullopt;
    if (!cert->secretKey) {
        *error = "--curve-cert " + options.text("curve-cert") + ": a public certificate; this side needs the secret one (the _secret file)";
        return std::nullopt;
    }
    return codec::curveKeyToZ85(*cert->secretKey);
}

std::optional<std::string> curveServerKeyOption(const Options &options, std::string *error)
{
    if (options.given("curve-serverkey")) {
        const std::string key = options.text("curve-serverkey");
        if (!codec::curveKeyFromZ85(key)) {
            *error = "--curve-serverkey is not a Z85 key of 40 characters";
            return std::nullopt;
        }
        return key;
    }
    if (!options.given("curve-server-cert"))
        return std::string();
    const auto cert = readCertificate("curve-server-cert", options.text("curve-server-cert"), error);
    if (!cert)
        return std::nullopt;
    return codec::curveKeyToZ85(cert->publicKey);
}

const RoleInfo kSocketRole{"socket", "Sockets", "Socket",
                           "Any libzmq socket type with NULL, PLAIN or CURVE: sends messages from a template, "
                           "answers (echo, a fixed reply) or counts what it receives.",
                           "23/ZMTP, 24/ZMTP-PLAIN, 26/CURVEZMQ", kOptions, kStates, makePeer<SocketPeer>};

}   // namespace zmqscope::peers
