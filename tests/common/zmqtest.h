// libzmq sockets for the tests: RAII for a context and its sockets (linger
// 0, receive and send timeouts so that a test fails instead of hanging),
// and multipart send and receive. Header-only; tests link libzmq.
#pragma once

#include <zmq.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace zmqtest {

// Linger 0 and `timeoutMs` to receive and to send.
inline void setDefaults(void *socket, int timeoutMs)
{
    int linger = 0;
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeoutMs, sizeof timeoutMs);
    zmq_setsockopt(socket, ZMQ_SNDTIMEO, &timeoutMs, sizeof timeoutMs);
}

inline bool sendParts(void *socket, const std::vector<std::string> &parts)
{
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (zmq_send(socket, parts[i].data(), parts[i].size(), i + 1 < parts.size() ? ZMQ_SNDMORE : 0) < 0)
            return false;
    return true;
}

// One whole message; empty when the receive fails or times out.
inline std::vector<std::string> receiveParts(void *socket)
{
    std::vector<std::string> parts;
    for (int more = 1; more;) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, socket, 0) < 0) {
            zmq_msg_close(&m);
            return {};
        }
        parts.emplace_back(static_cast<const char *>(zmq_msg_data(&m)), zmq_msg_size(&m));
        more = zmq_msg_more(&m);
        zmq_msg_close(&m);
    }
    return parts;
}

inline std::string lastEndpoint(void *socket)
{
    char endpoint[256] = "";
    std::size_t len = sizeof endpoint;
    zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &len);
    return endpoint;
}

// Binds tcp://127.0.0.1 on a free port; the port, or 0.
inline std::uint16_t bindLocal(void *socket)
{
    if (zmq_bind(socket, "tcp://127.0.0.1:*") != 0)
        return 0;
    const std::string e = lastEndpoint(socket);
    return static_cast<std::uint16_t>(std::atoi(e.c_str() + e.rfind(':') + 1));
}

class Context {
public:
    Context() : m_ctx(zmq_ctx_new()) {}
    ~Context() { zmq_ctx_term(m_ctx); }
    Context(const Context &) = delete;
    Context &operator=(const Context &) = delete;
    void *get() const { return m_ctx; }

private:
    void *m_ctx;
};

// A context and the sockets made from it, closed in its destructor.
class Sockets {
public:
    explicit Sockets(int timeoutMs = 5000) : m_timeout(timeoutMs) {}
    ~Sockets()
    {
        for (void *s : m_sockets)
            zmq_close(s);
    }
    Sockets(const Sockets &) = delete;
    Sockets &operator=(const Sockets &) = delete;
    void *socket(int type)
    {
        void *s = zmq_socket(m_context.get(), type);
        setDefaults(s, m_timeout);
        m_sockets.push_back(s);
        return s;
    }
    void *context() const { return m_context.get(); }

private:
    Context m_context;   // terminated after the sockets close
    int m_timeout;
    std::vector<void *> m_sockets;
};

}   // namespace zmqtest
