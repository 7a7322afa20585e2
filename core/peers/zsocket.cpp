#include "zsocket.h"

#include <zmq.h>

#include <cctype>
#include <cerrno>
#include <utility>

namespace zmqscope::peers {

ZSocket::ZSocket(void *context, int type) : m_handle(zmq_socket(context, type)), m_type(type)
{
    if (m_handle) {
        setInt(ZMQ_LINGER, 0);
        setInt(ZMQ_SNDHWM, 10000);
        setInt(ZMQ_RCVHWM, 10000);
    }
}

ZSocket::~ZSocket()
{
    close();
}

ZSocket::ZSocket(ZSocket &&other) noexcept
    : m_handle(std::exchange(other.m_handle, nullptr)), m_type(other.m_type)
{
}

ZSocket &ZSocket::operator=(ZSocket &&other) noexcept
{
    if (this != &other) {
        close();
        m_handle = std::exchange(other.m_handle, nullptr);
        m_type = other.m_type;
    }
    return *this;
}

void ZSocket::close()
{
    if (m_handle)
        zmq_close(std::exchange(m_handle, nullptr));
}

bool ZSocket::bind(const std::string &endpoint, std::string *error)
{
    if (m_handle && zmq_bind(m_handle, endpoint.c_str()) == 0)
        return true;
    if (error)
        *error = "cannot bind " + endpoint + ": " + (m_handle ? zmqError() : std::string("no socket"));
    return false;
}

bool ZSocket::connect(const std::string &endpoint, std::string *error)
{
    if (m_handle && zmq_connect(m_handle, endpoint.c_str()) == 0)
        return true;
    if (error)
        *error = "cannot connect to " + endpoint + ": " + (m_handle ? zmqError() : std::string("no socket"));
    return false;
}

std::string ZSocket::lastEndpoint() const
{
    char buffer[512];
    std::size_t size = sizeof buffer;
    if (!m_handle || zmq_getsockopt(m_handle, ZMQ_LAST_ENDPOINT, buffer, &size) != 0 || size == 0)
        return {};
    return std::string(buffer, size - 1);
}

bool ZSocket::send(const Frames &frames)
{
    if (!m_handle)
        return false;
    if (frames.empty())
        return zmq_send(m_handle, "", 0, ZMQ_DONTWAIT) == 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const int flags = ZMQ_DONTWAIT | (i + 1 < frames.size() ? ZMQ_SNDMORE : 0);
        // (after the first frame libzmq accepts the rest of the message whole)
        if (zmq_send(m_handle, frames[i].data(), frames[i].size(), flags) < 0)
            return false;
    }
    return true;
}

bool ZSocket::recv(Frames &out)
{
    out.clear();
    if (!m_handle)
        return false;
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, m_handle, out.empty() ? ZMQ_DONTWAIT : 0) < 0) {
            zmq_msg_close(&msg);
            return !out.empty();
        }
        out.emplace_back(static_cast<const char *>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        const bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        if (!more)
            return true;
    }
}

bool ZSocket::readable() const
{
    int events = 0;
    std::size_t size = sizeof events;
    return m_handle && zmq_getsockopt(m_handle, ZMQ_EVENTS, &events, &size) == 0 && (events & ZMQ_POLLIN);
}

bool ZSocket::setInt(int option, int value)
{
    return m_handle && zmq_setsockopt(m_handle, option, &value, sizeof value) == 0;
}

bool ZSocket::setBytes(int option, std::string_view value)
{
    return m_handle && zmq_setsockopt(m_handle, option, value.data(), value.size()) == 0;
}

namespace {
struct TypeName {
    int type;
    std::string_view name;
};
constexpr TypeName kTypes[] = {{ZMQ_PAIR, "PAIR"},     {ZMQ_PUB, "PUB"},       {ZMQ_SUB, "SUB"},   {ZMQ_REQ, "REQ"},
                               {ZMQ_REP, "REP"},       {ZMQ_DEALER, "DEALER"}, {ZMQ_ROUTER, "ROUTER"},
                               {ZMQ_PULL, "PULL"},     {ZMQ_PUSH, "PUSH"},     {ZMQ_XPUB, "XPUB"},
                               {ZMQ_XSUB, "XSUB"},     {ZMQ_STREAM, "STREAM"}};
}   // namespace

int socketTypeByName(std::string_view name)
{
    for (const TypeName &t : kTypes) {
        if (t.name.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == t.name[i];
        if (same)
            return t.type;
    }
    return -1;
}

std::string_view socketTypeName(int type)
{
    for (const TypeName &t : kTypes)
        if (t.type == type)
            return t.name;
    return "?";
}

std::string zmqError()
{
    return zmq_strerror(zmq_errno());
}

}   // namespace zmqscope::peers
