#include "devicepeer.h"

#include <zmq.h>

namespace zmqscope::peers {

namespace {

enum class State : std::uint32_t { Forwarding };
constexpr std::string_view kStates[] = {"Forwarding"};
constexpr std::string_view kTypes[] = {"zmq_queue", "zmq_forwarder", "zmq_streamer"};
constexpr std::string_view kSocketTypes[] = {"", "PAIR", "PUB", "SUB", "XPUB", "XSUB", "REQ", "REP", "DEALER", "ROUTER", "PUSH", "PULL"};
constexpr OptionSpec kOptions[] = {
    {"type", OptionKind::Choice, "zmq_queue", "zmq_queue (ROUTER to DEALER), zmq_forwarder (XSUB to XPUB) or zmq_streamer (PULL to PUSH)", kTypes},
    {"frontend-type", OptionKind::Choice, "", "the frontend's socket type (default: the device type's)", kSocketTypes},
    {"frontend-bind", OptionKind::Bind, "", "the frontend binds here", {}, 0, 0, true},
    {"frontend-connect", OptionKind::Connect, "", "the frontend connects here", {}, 0, 0, true},
    {"frontend-hwm", OptionKind::Integer, "1000", "high-water mark, both ways", {}, 0, 100000000},
    {"frontend-identity", OptionKind::Data, "", "the frontend's routing id"},
    {"frontend-subscribe", OptionKind::Data, "", "a SUB frontend's topic (none: everything)", {}, 0, 0, true},
    {"backend-type", OptionKind::Choice, "", "the backend's socket type (default: the device type's)", kSocketTypes},
    {"backend-bind", OptionKind::Bind, "", "the backend binds here", {}, 0, 0, true},
    {"backend-connect", OptionKind::Connect, "", "the backend connects here", {}, 0, 0, true},
    {"backend-hwm", OptionKind::Integer, "1000", "high-water mark, both ways", {}, 0, 100000000},
    {"backend-identity", OptionKind::Data, "", "the backend's routing id"},
    {"backend-subscribe", OptionKind::Data, "", "a SUB backend's topic", {}, 0, 0, true},
    {"name", OptionKind::Text, "", "a name for this peer in the window and the log"},
};

class Device final : public Peer {
public:
    using Peer::Peer;

private:
    bool open(std::string *error) override
    {
        const std::string type = m_options.text("type");
        const char *front = type == "zmq_forwarder" ? "XSUB" : type == "zmq_streamer" ? "PULL" : "ROUTER";
        const char *back = type == "zmq_forwarder" ? "XPUB" : type == "zmq_streamer" ? "PUSH" : "DEALER";
        m_front = side("frontend", front, error);
        if (!m_front)
            return false;
        m_back = side("backend", back, error);
        if (!m_back)
            return false;
        watch(*m_front, [this] { pass(*m_front, *m_back, m_forward); });
        watch(*m_back, [this] { pass(*m_back, *m_front, m_backward); });
        setState(State::Forwarding);
        log(type + ": " + std::string(socketTypeName(m_front->type())) + " frontend, " + std::string(socketTypeName(m_back->type()))
            + " backend");
        return true;
    }

    ZSocket *side(const std::string &name, const char *defaultType, std::string *error)
    {
        const std::string given = m_options.text(name + "-type");
        const int type = socketTypeByName(given.empty() ? defaultType : given);
        ZSocket *s = openSocket(type, error);
        if (!s || !monitor(*s, error))
            return nullptr;
        const int hwm = int(m_options.integer(name + "-hwm"));
        s->setInt(ZMQ_SNDHWM, hwm);
        s->setInt(ZMQ_RCVHWM, hwm);
        if (m_options.given(name + "-identity"))
            s->setBytes(ZMQ_ROUTING_ID, dataBytes(m_options.text(name + "-identity")).value_or(std::string()));
        if (type == ZMQ_SUB) {
            auto topics = m_options.list(name + "-subscribe");
            if (topics.empty())
                topics.emplace_back();
            for (const std::string &t : topics)
                s->setBytes(ZMQ_SUBSCRIBE, dataBytes(t).value_or(std::string()));
        }
        const auto binds = m_options.list(name + "-bind"), connects = m_options.list(name + "-connect");
        if (binds.empty() && connects.empty()) {
            *error = "the " + name + " neither binds nor connects";
            return nullptr;
        }
        for (const std::string &ep : binds)
            if (!bindSocket(*s, ep, error))
                return nullptr;
        for (const std::string &ep : connects)
            if (!connectSocket(*s, ep, error))
                return nullptr;
        return s;
    }

    void pass(ZSocket &from, ZSocket &to, std::uint64_t &count)
    {
        Frames f;
        const int type = to.type();
        const bool canSend = type != ZMQ_SUB && type != ZMQ_PULL;
        while (from.recv(f)) {
            countReceived();
            if (!canSend)
                continue;
            if (to.send(f)) {
                countSent();
                ++count;
                if ((count & (count - 1)) == 0)
                    log(std::string(&from == m_front ? "frontend to backend: " : "backend to frontend: ") + std::to_string(count)
                        + " message(s)");
            }
        }
    }

    void close() override { m_front = m_back = nullptr; }

    ZSocket *m_front = nullptr, *m_back = nullptr;
    std::uint64_t m_forward = 0, m_backward = 0;
};

}   // namespace

const RoleInfo kDeviceRole{"device", "Devices", "Device",
                           "A ZDCF device: a queue, forwarder or streamer between a frontend and a backend socket.",
                           "5/ZDCF, 17/ZDCF", kOptions, kStates, makePeer<Device>};

}   // namespace zmqscope::peers
