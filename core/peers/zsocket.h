// ZSocket: one libzmq socket, owned (closed with linger 0 when destroyed),
// with what the peers need and nothing else: bind or connect (the endpoint
// libzmq actually bound is kept), multipart send and receive that never
// block, and the security options. Messages are frames as byte strings.
//
// Used only on the thread of the PeerLoop that polls it (libzmq sockets are
// not thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::peers {

using Frames = std::vector<std::string>;

class ZSocket {
public:
    ZSocket() = default;
    ZSocket(void *context, int type);
    ~ZSocket();
    ZSocket(ZSocket &&other) noexcept;
    ZSocket &operator=(ZSocket &&other) noexcept;
    ZSocket(const ZSocket &) = delete;
    ZSocket &operator=(const ZSocket &) = delete;

    explicit operator bool() const { return m_handle != nullptr; }
    void *handle() const { return m_handle; }
    int type() const { return m_type; }
    void close();

    // false with `error` set ("Address already in use", "Invalid argument").
    bool bind(const std::string &endpoint, std::string *error);
    bool connect(const std::string &endpoint, std::string *error);
    // What the last bind resolved to ("tcp://127.0.0.1:41234").
    std::string lastEndpoint() const;

    // Non-blocking. send(): false when libzmq would block (no peer, HWM) or
    // fails; recv(): false when nothing is waiting.
    bool send(const Frames &frames);
    bool recv(Frames &out);
    bool readable() const;

    bool setInt(int option, int value);
    bool setBytes(int option, std::string_view value);

private:
    void *m_handle = nullptr;
    int m_type = -1;
};

// libzmq's socket type constant for "DEALER", "router", ...; -1 if none.
int socketTypeByName(std::string_view name);
std::string_view socketTypeName(int type);
// The text of errno as libzmq reports it.
std::string zmqError();

}   // namespace zmqscope::peers
