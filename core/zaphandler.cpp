#include "zaphandler.h"

#include "logging.h"

#include <zmq.h>

namespace zmqscope {

namespace {

bool receiveFrames(void *socket, codec::Frames &frames)
{
    frames.clear();
    int more = 1;
    while (more) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, socket, 0) < 0) {
            zmq_msg_close(&msg);
            return false;
        }
        frames.emplace_back(static_cast<const char *>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
    }
    return true;
}

}   // namespace

ZapHandler::ZapHandler(void *zmqContext, codec::Authenticator authenticator)
    : m_context(zmqContext)
    , m_authenticator(std::move(authenticator))
{
    // Bind here, on the constructing thread, so that sockets created after
    // the constructor returns find the handler; then hand the socket over.
    void *socket = zmq_socket(m_context, ZMQ_REP);
    int linger = 0;
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(socket, "inproc://zeromq.zap.01") != 0) {
        m_startError = zmq_strerror(zmq_errno());
        zmq_close(socket);
        return;
    }
    m_running = true;
    m_thread = std::thread([this, socket] { run(socket); });
}

ZapHandler::~ZapHandler()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<codec::ZapRequest> ZapHandler::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void ZapHandler::run(void *socket)
{
    codec::Frames frames;
    while (!m_stop) {
        zmq_pollitem_t item{socket, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, 100) <= 0)
            continue;
        if (!receiveFrames(socket, frames))
            continue;
        std::string error;
        const auto request = codec::parseZapRequest(frames, &error);
        codec::Frames reply;
        if (!request) {
            qCWarning(lcCore) << "ZAP request refused:" << error.c_str();
            codec::ZapRequest r;
            r.requestId = frames.size() > 1 ? frames[1] : std::string();
            reply = codec::zapReplyFrames(r, codec::AuthResult{"500", error, {}, {}});
        } else {
            const codec::AuthResult result = m_authenticator ? m_authenticator(request->auth) : codec::AuthResult{};
            reply = codec::zapReplyFrames(*request, result);
            std::lock_guard lock(m_mutex);
            m_requests.push_back(*request);
        }
        for (std::size_t i = 0; i < reply.size(); ++i)
            zmq_send(socket, reply[i].data(), reply[i].size(), i + 1 < reply.size() ? ZMQ_SNDMORE : 0);
    }
    zmq_close(socket);
    m_running = false;
}

}   // namespace zmqscope
