// ZapHandler: serves ZAP (27/ZAP) for libzmq sockets of one libzmq context on
// inproc://zeromq.zap.01, answering with an Authenticator (the same one our
// own mechanism servers use). Owns one thread with one REP socket; requests
// are answered on that thread. Start it before the sockets it guards bind.
#pragma once

#include "codec/auth.h"
#include "codec/zap.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zmqscope {

class ZapHandler {
public:
    ZapHandler(void *zmqContext, codec::Authenticator authenticator);
    ~ZapHandler();
    ZapHandler(const ZapHandler &) = delete;
    ZapHandler &operator=(const ZapHandler &) = delete;

    bool isRunning() const { return m_running; }
    const std::string &startError() const { return m_startError; }
    // Requests answered so far (for views and tests), newest last.
    std::vector<codec::ZapRequest> requests() const;

private:
    void run(void *socket);

    void *m_context;
    codec::Authenticator m_authenticator;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_running{false};
    std::string m_startError;
    mutable std::mutex m_mutex;
    std::vector<codec::ZapRequest> m_requests;
    std::thread m_thread;
};

}   // namespace zmqscope
