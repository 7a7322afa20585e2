// DemoPeers: real libzmq 4.3.4 sockets talking to each other inside the
// app, so that `zmqscope --demo` opens on live traffic. Each pair's server
// binds on 127.0.0.1 (a free port) and its client connects to whatever
// endpoint it is given: the tap relays the window records.
//
//   REQ -> REP            PLAIN (user "demo", checked over ZAP by our
//                          ZapHandler), requests, replies and heartbeats
//   SUB -> PUB            NULL, subscribes to two topics and cancels and
//                          renews one every few seconds
//   DEALER -> ROUTER      CURVE, meant to cross a CURVE-terminating relay
//                          (serverKeys() is the ROUTER's key pair)
//   ZMTP 2.0 PUSH -> PULL  a peer of our own that speaks only 15/ZMTP (as
//                          JeroMQ 0.3 does), to a libzmq PULL that
//                          downgrades to it
//
// One thread runs every client and server; stop() (or the destructor)
// closes them all.
#pragma once

#include "codec/curve.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace zmqscope {

class ZapHandler;

class DemoPeers {
public:
    struct Endpoints {
        std::string plain, pubsub, curve, zmtp2;
    };

    DemoPeers();
    ~DemoPeers();
    DemoPeers(const DemoPeers &) = delete;
    DemoPeers &operator=(const DemoPeers &) = delete;

    // Binds the four servers; their endpoints are then in servers().
    bool bindServers(std::string *error);
    const Endpoints &servers() const { return m_servers; }
    const codec::CurveKeyPair &serverKeys() const { return m_serverKeys; }

    // Connects the clients to `via` (one endpoint per pair) and starts the
    // traffic. `period` scales the pace (milliseconds between a client's
    // messages, roughly).
    bool start(const Endpoints &via, int periodMs, std::string *error);
    void stop();

    std::uint64_t messagesSent() const { return m_sent; }

private:
    void run(Endpoints via, int periodMs);

    void *m_context = nullptr;
    std::unique_ptr<ZapHandler> m_zap;
    void *m_rep = nullptr, *m_pub = nullptr, *m_router = nullptr, *m_pull = nullptr;
    Endpoints m_servers;
    codec::CurveKeyPair m_serverKeys;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_sent{0};
    std::thread m_thread;
};

}   // namespace zmqscope
