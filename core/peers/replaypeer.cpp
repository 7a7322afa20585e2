#include "replaypeer.h"

#include <zmq.h>

#include <fstream>
#include <iterator>

namespace zmqscope::peers {

namespace {

enum class State : std::uint32_t { Connecting, WaitingForPeer, Replaying, Done };
constexpr std::string_view kStates[] = {"Connecting", "WaitingForPeer", "Replaying", "Done"};
constexpr std::string_view kTypes[] = {"DEALER", "PUSH", "PUB", "PAIR", "ROUTER", "REQ"};
constexpr std::string_view kTimings[] = {"original", "fast"};
constexpr OptionSpec kOptions[] = {
    {"connect", OptionKind::Connect, "", "send to the peer here", {}, 0, 0, true},
    {"bind", OptionKind::Bind, "", "bind here and send to whoever connects", {}, 0, 0, true},
    {"type", OptionKind::Choice, "DEALER", "the socket the messages leave from (ROUTER: each message goes to the peer that spoke first)", kTypes},
    {"messages", OptionKind::Text, "", "the replay file (the window writes it from the selected rows)", {}, 0, 0, false, true},
    {"timing", OptionKind::Choice, "original", "the spacing the capture had, or as fast as the socket takes them", kTimings},
    {"repeat", OptionKind::Integer, "1", "send the whole set this many times", {}, 1, 1000000},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Replay final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        std::ifstream in(m_options.text("messages"), std::ios::binary);
        if (!in) {
            *error = "cannot read " + m_options.text("messages");
            return false;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        std::string problem;
        auto messages = parseReplay(text, &problem);
        if (!messages) {
            *error = m_options.text("messages") + ": " + problem;
            return false;
        }
        m_messages = std::move(*messages);
        const int type = socketTypeByName(m_options.text("type"));
        m_router = type == ZMQ_ROUTER;
        m_socket = openSocket(type, error);
        if (!m_socket || !monitor(*m_socket, error))
            return false;
        const auto binds = m_options.list("bind"), connects = m_options.list("connect");
        if (binds.empty() && connects.empty()) {
            *error = "nowhere to send: give --connect or --bind";
            return false;
        }
        for (const std::string &ep : binds)
            if (!bindSocket(*m_socket, ep, error))
                return false;
        for (const std::string &ep : connects)
            if (!connectSocket(*m_socket, ep, error))
                return false;
        watch(*m_socket, [this] { readable(); });
        log(std::to_string(m_messages.size()) + " message(s) to replay, " + m_options.text("timing") + " timing");
        if (m_router) {
            setState(State::WaitingForPeer);
            log("waiting for a peer to speak first (its routing id goes in front of each message)");
        } else {
            setState(State::Connecting);
        }
        return true;
    }

    void close() override
    {
        m_socket = nullptr;
        m_messages.clear();
        m_next = 0;
        m_round = 0;
        m_started = false;
        m_peer.clear();
    }

    void onSocketEvent(ZSocket &, int event, int, const std::string &) override
    {
        if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && !m_router && !m_started)
            start();
    }

    void readable()
    {
        Frames f;
        while (m_socket && m_socket->recv(f)) {
            countReceived();
            if (m_router && m_peer.empty() && !f.empty()) {
                m_peer = f.front();
                log("replaying to the peer " + printableBytes(m_peer));
                start();
            } else {
                logLazily([&] { return "received " + framesText(f); });
            }
        }
    }

    void start()
    {
        m_started = true;
        setState(State::Replaying);
        m_origin = loop().now();
        m_next = 0;
        schedule();
    }

    void schedule()
    {
        if (m_next >= m_messages.size()) {
            if (++m_round < m_options.integer("repeat")) {
                m_next = 0;
                m_origin = loop().now();
            } else {
                setState(State::Done);
                log("replayed " + std::to_string(m_sent) + " message(s)");
                finish(0);
                return;
            }
        }
        std::int64_t wait = 0;
        if (m_options.text("timing") == "original") {
            const auto due = m_origin + std::chrono::milliseconds(m_messages[m_next].atMs - m_messages.front().atMs);
            wait = std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(due - loop().now()).count());
        }
        after(wait, [this] { sendOne(); });
    }

    void sendOne()
    {
        if (!m_socket)
            return;
        Frames f = m_messages[m_next].frames;
        if (m_router)
            f.insert(f.begin(), m_peer);
        if (!m_socket->send(f)) {
            after(10, [this] { sendOne(); });   // (not taken yet: the high-water mark, or no peer)
            return;
        }
        countSent();
        ++m_sent;
        logLazily([&] { return "sent " + framesText(m_messages[m_next].frames); });
        ++m_next;
        schedule();
    }

    ZSocket *m_socket = nullptr;
    std::vector<ReplayMessage> m_messages;
    std::size_t m_next = 0;
    std::int64_t m_round = 0, m_sent = 0;
    bool m_router = false, m_started = false;
    std::string m_peer;
    PeerLoop::Clock::time_point m_origin{};
};

}   // namespace

std::optional<std::vector<ReplayMessage>> parseReplay(std::string_view text, std::string *error)
{
    std::vector<ReplayMessage> out;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++lineNo;
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos)
            eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
            line.remove_suffix(1);
        if (line.empty())
            continue;
        const auto fail = [&](const std::string &what) {
            if (error)
                *error = "line " + std::to_string(lineNo) + ": " + what;
            return std::nullopt;
        };
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos)
            return fail("expected milliseconds, a space and the frames");
        ReplayMessage m;
        for (const char c : line.substr(0, space)) {
            if (c < '0' || c > '9')
                return fail("milliseconds are a whole number");
            m.atMs = m.atMs * 10 + (c - '0');
            if (m.atMs > kMaxReplayMs)
                return fail("more than " + std::to_string(kMaxReplayMs) + " milliseconds (about 31 years)");
        }
        std::string_view frames = line.substr(space + 1);
        for (;;) {
            const std::size_t bar = frames.find('|');
            const std::string_view hex = frames.substr(0, bar);
            if (hex.size() % 2)
                return fail("a frame of an odd number of hex digits");
            std::string frame;
            for (std::size_t i = 0; i < hex.size(); i += 2) {
                const int h = hexDigit(hex[i]), l = hexDigit(hex[i + 1]);
                if (h < 0 || l < 0)
                    return fail("'" + std::string(hex.substr(i, 2)) + "' is not hex");
                frame.push_back(char(h << 4 | l));
            }
            m.frames.push_back(std::move(frame));
            if (bar == std::string_view::npos)
                break;
            frames = frames.substr(bar + 1);
        }
        if (out.size() >= 1000000)
            return fail("more than a million messages");
        out.push_back(std::move(m));
    }
    if (out.empty()) {
        if (error)
            *error = "no message in it";
        return std::nullopt;
    }
    return out;
}

std::string writeReplay(const std::vector<ReplayMessage> &messages)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "# ZmqScope replay: milliseconds since the first, then each frame as hex, | between frames\n";
    for (const ReplayMessage &m : messages) {
        out += std::to_string(m.atMs) + ' ';
        for (std::size_t i = 0; i < m.frames.size(); ++i) {
            if (i)
                out += '|';
            for (const unsigned char c : m.frames[i]) {
                out += kHex[c >> 4];
                out += kHex[c & 15];
            }
        }
        out += '\n';
    }
    return out;
}

const RoleInfo kReplayRole{"replay", "Sockets", "Replay",
                           "Messages taken from a capture sent again to an endpoint, with their original spacing or as fast as "
                           "possible; from a ROUTER, to the peer that spoke first.",
                           "23/ZMTP", kOptions, kStates, makePeer<Replay>, true};

}   // namespace zmqscope::peers
