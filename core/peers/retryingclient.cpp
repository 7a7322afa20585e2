#include "retryingclient.h"

#include <zmq.h>

namespace zmqscope::peers {

bool RetryingClient::open(std::string *error)
{
    auto body = messageOption(m_options, "request", error);
    if (!body)
        return false;
    m_body = std::move(*body);
    m_retries = int(m_options.integer("retries"));
    if (!openSocket(error))
        return false;
    request();
    return true;
}

void RetryingClient::close()
{
    // (stop() closes the socket and timers next)
    m_socket = nullptr;
    m_body.clear();
    m_made = 0;
    m_attempt = 0;
    m_timeout = 0;
}

bool RetryingClient::onDealer() const
{
    return m_socketType == ZMQ_DEALER;
}

bool RetryingClient::openSocket(std::string *error)
{
    closeSocket(m_socket);
    m_socketType = socketType();
    m_socket = Peer::openSocket(m_socketType, error);
    if (!m_socket || !monitor(*m_socket, error) || !connectSocket(*m_socket, m_options.text("connect"), error))
        return false;
    watch(*m_socket, [this] { readable(); });
    return true;
}

void RetryingClient::request()
{
    if (m_socket->send(wrap(m_body)))
        countSent();
    ++m_attempt;
    const std::string to = target();
    log("request " + std::to_string(m_made + 1) + (to.empty() ? "" : " to " + to) + ": " + framesText(m_body)
        + (m_attempt > 1 ? " (retry " + std::to_string(m_attempt - 1) + ")" : ""));
    setState(State::WaitingForReply);
    cancel(m_timeout);
    m_timeout = after(m_options.integer("timeout-ms"), [this] { timedOut(); });
}

void RetryingClient::readable()
{
    Frames f;
    while (m_socket && m_socket->recv(f)) {
        countReceived();
        onReply(f);
    }
}

void RetryingClient::onReply(const Frames &f)
{
    std::string problem;
    const auto reply = readReply(f, &problem);
    if (!reply) {
        log(problem, LogLevel::Warning);
        return;
    }
    if (stateValue() != std::uint32_t(State::WaitingForReply)) {
        log("dropped a reply to nothing: " + framesText(f, reply->body), LogLevel::Warning);
        return;
    }
    log(std::string(reply->final ? "reply " : "partial reply ") + std::to_string(m_made + 1) + ": "
        + framesText(f, reply->body));
    if (!reply->final)
        return;
    cancel(m_timeout);
    ++m_made;
    m_attempt = 0;
    m_retries = int(m_options.integer("retries"));
    const std::int64_t count = m_options.integer("count");
    if (count > 0 && m_made >= count) {
        setState(State::Done);
        log("done: " + std::to_string(m_made) + " repl" + (m_made == 1 ? "y" : "ies"));
        finish(0);
        return;
    }
    setState(State::Idle);
    after(m_options.integer("interval-ms"), [this] { request(); });
}

void RetryingClient::timedOut()
{
    m_timeout = 0;
    if (m_retries-- <= 0) {
        const std::string from = target();
        fail("no reply" + (from.empty() ? std::string() : " from " + from) + " after " + std::to_string(m_attempt)
             + " attempt(s): gave up");
        closeSocket(m_socket);
        finish(2);
        setState(State::GaveUp);   // (after its exit code: whoever sees the state sees the code)
        return;
    }
    log("no reply in " + m_options.text("timeout-ms") + " ms: retrying on a new socket", LogLevel::Warning);
    std::string error;
    if (!openSocket(&error)) {
        fail(error);
        finish(1);
        return;
    }
    request();
}

}   // namespace zmqscope::peers
