// RetryingClient: the reliable request-reply client of the guide's chapter
// 4 (lpclient.c, mdcliapi.c), shared by the Lazy Pirate and Majordomo
// client roles. It makes --count requests of --request's frames one at a
// time; a request without a final reply in --timeout-ms is sent again on a
// fresh socket (a REQ socket that got no reply cannot send again),
// --retries times, then the client gives up (exit code 2). Between a reply
// and the next request it waits --interval-ms. A role says which socket it
// opens, how a request is wrapped and how a reply reads. Loop thread.
#pragma once

#include "peer.h"

#include <optional>
#include <string>
#include <string_view>

namespace zmqscope::peers {

class RetryingClient : public Peer {
public:
    using Peer::Peer;

    enum class State : std::uint32_t { Connecting, WaitingForReply, Idle, Done, GaveUp };
    static constexpr std::string_view kStates[] = {"Connecting", "WaitingForReply", "Idle", "Done", "GaveUp"};

protected:
    struct Reply {
        std::size_t body = 0;   // the first frame of the body
        bool final = true;      // false: a partial reply (18/MDP); the request is still open
    };

    // ZMQ_REQ or ZMQ_DEALER, asked at each fresh socket.
    virtual int socketType() const = 0;
    // What goes on the wire for the request body.
    virtual Frames wrap(const Frames &body) const { return body; }
    // A received message as a reply, or nullopt (and `problem` says why: logged, dropped).
    virtual std::optional<Reply> readReply(const Frames &f, std::string *problem) const
    {
        (void)f, (void)problem;
        return Reply{};
    }
    // Whom the requests go to, for log lines ("echo"); empty: the socket's peer.
    virtual std::string target() const { return {}; }

    bool open(std::string *error) override;
    void close() override;
    // The socket opened by socketType(), for wrap() and readReply().
    bool onDealer() const;

private:
    bool openSocket(std::string *error);
    void request();
    void readable();
    void onReply(const Frames &f);
    void timedOut();

    ZSocket *m_socket = nullptr;
    int m_socketType = 0;
    Frames m_body;
    std::int64_t m_made = 0;
    int m_attempt = 0;
    int m_retries = 3;
    PeerLoop::TimerId m_timeout = 0;
};

}   // namespace zmqscope::peers
