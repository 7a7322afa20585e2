#include "zmtppeer.h"

#include "codec/curve.h"
#include "codec/encoder.h"
#include "codec/session.h"
#include "codec/streamdecoder.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace zmqscope::peers {

namespace {

enum class State : std::uint32_t { Connecting, Handshaking, Ready, Done, Failed };
constexpr std::string_view kStates[] = {"Connecting", "Handshaking", "Ready", "Done", "Failed"};
constexpr std::string_view kVersions[] = {"3.1", "3.0", "2.0", "1.0"};
constexpr std::string_view kTypes[] = {"PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB"};
constexpr std::string_view kMechanisms[] = {"null", "plain", "curve"};
constexpr std::string_view kAnswers[] = {"none", "echo", "sink"};
constexpr OptionSpec kOptions[] = {
    {"connect", OptionKind::Connect, "", "the peer to talk to (tcp://IPv4:port)", {}, 0, 0, false, true},
    {"zmtp", OptionKind::Choice, "3.1", "the ZMTP version to speak: 3.1 (37/ZMTP), 3.0 (23/ZMTP), 2.0 (15/ZMTP), 1.0 (13/ZMTP)", kVersions},
    {"type", OptionKind::Choice, "DEALER", "the socket type it announces", kTypes},
    {"identity", OptionKind::Data, "", "the identity it announces"},
    {"mechanism", OptionKind::Choice, "null", "security mechanism (ZMTP 3.x only)", kMechanisms},
    {"username", OptionKind::Text, "admin", "PLAIN client: user name"},
    {"password", OptionKind::Text, "secret", "PLAIN client: password"},
    {"curve-secret", OptionKind::Text, "", "CURVE client: its secret key, Z85 (default: a fresh key pair)"},
    {"curve-serverkey", OptionKind::Text, "", "CURVE client: the server's public key, Z85"},
    {"keylog", OptionKind::Text, "", "append each CURVE session's key-log line to this file (docs/CURVE_KEYLOG.md)"},
    {"send", OptionKind::Data, "", "a frame of the message to send (one per frame; text, 0x-hex or @file)", {}, 0, 0, true},
    {"count", OptionKind::Integer, "0", "messages to send (0 with --send: one)", {}, 0, INT32_MAX},
    {"raw", OptionKind::Flag, "", "send the frames exactly as given (else a REQ puts the empty delimiter first, as 28/REQREP has it)"},
    {"interval-ms", OptionKind::Integer, "0", "pause between messages", {}, 0, 3600000},
    {"answer", OptionKind::Choice, "none", "what to do with a message received: nothing (logged), echo it back, or count it", kAnswers},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

std::string framesText(const Frames &frames)
{
    std::string out;
    for (std::size_t i = 0; i < frames.size(); ++i)
        out += (i ? " | " : "") + printableBytes(frames[i], 60);
    return out;
}

codec::SocketType typeOf(std::string_view name)
{
    for (int t = 0; t < 16; ++t)
        if (codec::socketTypeName(codec::SocketType(t)) == name)
            return codec::SocketType(t);
    return codec::SocketType::Dealer;
}

// A key-log line appended to a file that only its owner may read (made
// 0600 if it is new; an existing file keeps the mode its owner gave it).
void appendSecretLine(const std::string &path, const std::string &line)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    const std::string text = line + '\n';
    [[maybe_unused]] const ssize_t written = ::write(fd, text.data(), text.size());
    ::close(fd);
}

class ZmtpPeer final : public Peer, private codec::EventSink {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        const std::string v = m_options.text("zmtp");
        m_version = v == "1.0" ? codec::ZmtpVersion::V1_0 : v == "2.0" ? codec::ZmtpVersion::V2_0 : codec::ZmtpVersion::V3_1;
        m_type = typeOf(m_options.text("type"));
        const std::string mechanism = m_options.text("mechanism");
        if (m_version != codec::ZmtpVersion::V3_1 && mechanism != "null") {
            *error = "ZMTP " + v + " has no security mechanisms: --mechanism needs --zmtp 3.0 or 3.1";
            return false;
        }
        auto frames = m_options.dataList("send", error);
        if (!frames)
            return false;
        m_template = std::move(*frames);
        if (m_type == codec::SocketType::Req && !m_template.empty() && !m_options.flag("raw"))
            m_template.insert(m_template.begin(), std::string());   // (the delimiter a REQ socket sends)
        m_toSend = m_options.integer("count");
        if (m_toSend == 0 && !m_template.empty())
            m_toSend = 1;
        if (!connectTcp(mapConnect(m_options.text("connect")), error))
            return false;
        watchFd(m_fd, [this] { readable(); });   // (the peer's from here: stop() closes it)
        setState(State::Handshaking);
        if (m_version == codec::ZmtpVersion::V3_1) {
            codec::SessionConfig c;
            c.socketType = m_type;
            c.minor = v == "3.0" ? 0 : 1;
            c.identity = dataBytes(m_options.text("identity")).value_or(std::string());
            if (mechanism == "plain") {
                c.mechanism = codec::Mechanism::Plain;
                c.username = m_options.text("username");
                c.password = m_options.text("password");
            } else if (mechanism == "curve") {
                c.mechanism = codec::Mechanism::Curve;
                const auto server = codec::curveKeyFromZ85(m_options.text("curve-serverkey"));
                if (!server) {
                    *error = "a CURVE client needs --curve-serverkey (40 Z85 characters)";
                    return false;
                }
                c.curveServerKey = *server;
                if (m_options.given("curve-secret")) {
                    const auto secret = codec::curveKeyFromZ85(m_options.text("curve-secret"));
                    if (!secret) {
                        *error = "--curve-secret is not 40 Z85 characters";
                        return false;
                    }
                    c.curveKeys = codec::CurveKeyPair::fromSecret(*secret);
                } else {
                    c.curveKeys = codec::CurveKeyPair::generate();
                }
                const std::string path = m_options.text("keylog");
                c.keyLog = [this, path](const std::string &line) {
                    sessionKey(line);   // (the window's taps: read in clear)
                    log("CURVE session key logged" + (path.empty() ? std::string() : " to " + path));
                    if (!path.empty())
                        appendSecretLine(path, line);
                };
            }
            m_session = std::make_unique<codec::Session>(c);
            flush();
        } else {
            m_decoder = std::make_unique<codec::StreamDecoder>(codec::Direction::ServerToClient);
            codec::encode::Buffer out;
            const std::string id = dataBytes(m_options.text("identity")).value_or(std::string());
            if (m_version == codec::ZmtpVersion::V2_0)
                codec::encode::greeting2(out, m_type, codec::encode::bytes(id));
            else
                codec::encode::frame1(out, codec::encode::bytes(id));   // 13/ZMTP: the identity is the first frame
            queue(out);
        }
        return true;
    }

    void close() override
    {
        m_fd = -1;   // (closed by stop(): watchFd made it the peer's)
        m_session.reset();
        m_decoder.reset();
        m_out.clear();
        m_template.clear();
        m_ready = false;
    }

    bool connectTcp(const std::string &endpoint, std::string *error)
    {
        m_fd = connectTcpEndpoint(endpoint, error);
        if (m_fd < 0)
            return false;
        log("connected to " + endpoint + " (ZMTP " + m_options.text("zmtp") + ", our own stack)");
        return true;
    }

    void queue(const codec::encode::Buffer &bytes)
    {
        m_out.insert(m_out.end(), bytes.begin(), bytes.end());
        write();
    }

    // Non-blocking: what the kernel does not take now goes on the next
    // round (a 10 ms timer while anything is left).
    void write()
    {
        while (!m_out.empty() && m_fd >= 0) {
            const ssize_t w = ::send(m_fd, m_out.data(), m_out.size(), MSG_NOSIGNAL);
            if (w > 0) {
                m_out.erase(m_out.begin(), m_out.begin() + w);
                continue;
            }
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!m_retry)
                    m_retry = after(10, [this] {
                        m_retry = 0;
                        write();
                    });
                return;
            }
            lost(std::string("send: ") + std::strerror(errno));
            return;
        }
    }

    void flush()
    {
        if (!m_session)
            return;
        const codec::Bytes out = m_session->output();
        if (!out.empty()) {
            codec::encode::Buffer b(out.begin(), out.end());
            m_session->consume(out.size());
            queue(b);
        }
    }

    void lost(const std::string &why)
    {
        fail(why);
        setState(State::Failed);
        cancel(m_retry);
        finish(1);
    }

    void readable()
    {
        std::uint8_t buf[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n > 0) {
                const codec::Bytes bytes(buf, std::size_t(n));
                if (m_session) {
                    m_session->feed(bytes);
                    flush();
                    if (m_session->state() == codec::SessionState::Failed) {
                        lost("handshake failed: " + m_session->errorDetail());
                        return;
                    }
                    if (m_session->state() == codec::SessionState::Ready && !m_ready)
                        becameReady();
                    auto &received = m_session->received();
                    while (!received.empty()) {
                        Frames f(received.front().begin(), received.front().end());
                        received.pop_front();
                        onMessage(f);
                    }
                } else {
                    m_decoder->feed(bytes, *this);
                    if (!m_ready)
                        becameReady();
                }
                continue;
            }
            if (n == 0) {
                if (stateValue() != std::uint32_t(State::Done))
                    lost("the peer closed the connection");
                return;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                lost(std::string("recv: ") + std::strerror(errno));
            return;
        }
    }

    // 2.0 and 1.0: the decoder's messages.
    void onEvent(const codec::Event &ev) override
    {
        if (ev.kind != codec::EventKind::Message)
            return;
        Frames f;
        for (const codec::FrameView &fr : ev.frames)
            f.emplace_back(reinterpret_cast<const char *>(fr.body.data()), fr.body.size());
        onMessage(f);
    }

    void becameReady()
    {
        m_ready = true;
        setState(State::Ready);
        log("ready: " + std::string(m_session ? "handshake done" : "greeting sent"));
        if (m_toSend != 0)
            sendNext();
    }

    void sendNext()
    {
        if (m_toSend == 0 || m_fd < 0)
            return;
        if (m_session) {
            m_session->send(m_template);
            flush();
        } else {
            codec::encode::Buffer out;
            for (std::size_t i = 0; i < m_template.size(); ++i) {
                codec::encode::FrameOptions o;
                o.more = i + 1 < m_template.size();
                if (m_version == codec::ZmtpVersion::V2_0)
                    codec::encode::frame(out, codec::encode::bytes(m_template[i]), o);
                else
                    codec::encode::frame1(out, codec::encode::bytes(m_template[i]), o.more);
            }
            queue(out);
        }
        countSent();
        logLazily([&] { return "sent " + framesText(m_template); });
        if (--m_toSend > 0) {
            after(m_options.integer("interval-ms"), [this] { sendNext(); });
        } else if (m_options.text("answer") == "none") {
            setState(State::Done);
            log("sent every message");
            finish(0);
        }
    }

    void onMessage(const Frames &f)
    {
        countReceived();
        const std::string answer = m_options.text("answer");
        if (answer != "sink")
            logLazily([&] { return "received " + framesText(f); });
        if (answer == "echo" && m_ready) {
            if (m_session) {
                m_session->send(f);
                flush();
            }
            countSent();
        }
    }

    codec::ZmtpVersion m_version = codec::ZmtpVersion::V3_1;
    codec::SocketType m_type = codec::SocketType::Dealer;
    std::unique_ptr<codec::Session> m_session;
    std::unique_ptr<codec::StreamDecoder> m_decoder;
    int m_fd = -1;
    std::vector<std::uint8_t> m_out;
    Frames m_template;
    std::int64_t m_toSend = 0;
    bool m_ready = false;
    PeerLoop::TimerId m_retry = 0;
};

}   // namespace

const RoleInfo kZmtpPeerRole{"zmtp-peer", "Sockets", "ZMTP peer (own stack)",
                             "A peer on ZmqScope's own ZMTP stack: 3.1 or 3.0 with NULL, PLAIN or CURVE (its session keys to a "
                             "key log), or 2.0 or 1.0; connects, sends from a template, logs what it receives.",
                             "13/ZMTP, 15/ZMTP, 23/ZMTP, 37/ZMTP, 26/CURVEZMQ", kOptions, kStates, makePeer<ZmtpPeer>};

}   // namespace zmqscope::peers
