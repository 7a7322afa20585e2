#include "demopeers.h"

#include "codec/encoder.h"
#include "relay.h"
#include "zaphandler.h"
#include "codec/zap.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <chrono>
#include <cstring>
#include <vector>

namespace zmqscope {

namespace {

using Clock = std::chrono::steady_clock;

bool sendParts(void *socket, const std::vector<std::string> &parts)
{
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (zmq_send(socket, parts[i].data(), parts[i].size(),
                     ZMQ_DONTWAIT | (i + 1 < parts.size() ? ZMQ_SNDMORE : 0))
            < 0)
            return false;
    return true;
}

std::vector<std::string> receiveParts(void *socket)
{
    std::vector<std::string> parts;
    for (;;) {
        zmq_msg_t msg;
        zmq_msg_init(&msg);
        if (zmq_msg_recv(&msg, socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&msg);
            return parts;
        }
        parts.emplace_back(static_cast<const char *>(zmq_msg_data(&msg)), zmq_msg_size(&msg));
        const bool more = zmq_msg_more(&msg);
        zmq_msg_close(&msg);
        if (!more)
            return parts;
    }
}

std::string lastEndpoint(void *socket)
{
    char buf[256] = "";
    std::size_t len = sizeof buf;
    zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, buf, &len);
    return buf;
}

// A PUSH peer that speaks only 15/ZMTP 2.0, on a plain socket.
class Zmtp2Push {
public:
    ~Zmtp2Push()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool connect(const std::string &endpoint, std::string *error)
    {
        const auto e = Endpoint::parse(endpoint, error);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        if (!e || e->kind != Endpoint::Kind::Tcp || ::inet_pton(AF_INET, e->host.c_str(), &sa.sin_addr) != 1) {
            *error = "the ZMTP 2.0 peer needs a tcp:// IPv4 endpoint, not " + endpoint;
            return false;
        }
        sa.sin_port = htons(e->port);
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
            *error = "ZMTP 2.0 peer: " + endpoint + ": " + std::strerror(errno);
            return false;
        }
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        codec::encode::Buffer out;
        codec::encode::greeting2(out, codec::SocketType::Push, codec::encode::bytes("zmtp2-peer"));
        return write(out);
    }
    bool send(const std::string &a, const std::string &b)
    {
        drain();
        codec::encode::Buffer out;
        codec::encode::message(out, {codec::encode::bytes(a), codec::encode::bytes(b)}, codec::ZmtpVersion::V2_0);
        return write(out);
    }

private:
    void drain()
    {
        // libzmq's PULL only sends its greeting; read and drop it.
        char buf[512];
        while (::recv(m_fd, buf, sizeof buf, 0) > 0) {
        }
    }
    bool write(const codec::encode::Buffer &out)
    {
        std::size_t at = 0;
        while (at < out.size()) {
            const ssize_t w = ::send(m_fd, out.data() + at, out.size() - at, MSG_NOSIGNAL);
            if (w <= 0)
                return false;   // a full socket buffer is a stalled demo: give up quietly
            at += std::size_t(w);
        }
        return true;
    }
    int m_fd = -1;
};

}   // namespace

DemoPeers::DemoPeers()
    : m_serverKeys(codec::CurveKeyPair::generate())
{
}

DemoPeers::~DemoPeers()
{
    stop();
}

bool DemoPeers::bindServers(std::string *error)
{
    m_context = zmq_ctx_new();
    // libzmq's PLAIN server asks ZAP; the demo's one user may come in.
    codec::AccessPolicy policy;
    policy.plainUsers["demo"] = "hunter2";
    m_zap = std::make_unique<ZapHandler>(m_context, policy.authenticator());
    if (!m_zap->isRunning()) {
        *error = "demo ZAP handler: " + m_zap->startError();
        return false;
    }
    auto make = [&](int type, void *&s) {
        s = zmq_socket(m_context, type);
        int linger = 0;
        zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    };
    make(ZMQ_REP, m_rep);
    make(ZMQ_PUB, m_pub);
    make(ZMQ_ROUTER, m_router);
    make(ZMQ_PULL, m_pull);
    int one = 1;
    zmq_setsockopt(m_rep, ZMQ_PLAIN_SERVER, &one, sizeof one);
    zmq_setsockopt(m_router, ZMQ_CURVE_SERVER, &one, sizeof one);
    zmq_setsockopt(m_router, ZMQ_CURVE_SECRETKEY, m_serverKeys.secretKey.data(), 32);
    for (void *s : {m_rep, m_pub, m_router, m_pull})
        if (zmq_bind(s, "tcp://127.0.0.1:*") != 0) {
            *error = std::string("demo server: ") + zmq_strerror(zmq_errno());
            return false;
        }
    m_servers = {lastEndpoint(m_rep), lastEndpoint(m_pub), lastEndpoint(m_router), lastEndpoint(m_pull)};
    return true;
}

bool DemoPeers::start(const Endpoints &via, int periodMs, std::string *error)
{
    if (!m_context) {
        *error = "the demo servers are not bound";
        return false;
    }
    m_stop = false;
    m_thread = std::thread([this, via, periodMs] { run(via, periodMs); });
    return true;
}

void DemoPeers::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    for (void *&s : {std::ref(m_rep), std::ref(m_pub), std::ref(m_router), std::ref(m_pull)}) {
        if (s)
            zmq_close(s);
        s = nullptr;
    }
    m_zap.reset();
    if (m_context) {
        zmq_ctx_term(m_context);
        m_context = nullptr;
    }
}

void DemoPeers::run(Endpoints via, int periodMs)
{
    auto client = [&](int type) {
        void *s = zmq_socket(m_context, type);
        int linger = 0;
        zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
        return s;
    };
    void *req = client(ZMQ_REQ);
    zmq_setsockopt(req, ZMQ_PLAIN_USERNAME, "demo", 4);
    zmq_setsockopt(req, ZMQ_PLAIN_PASSWORD, "hunter2", 7);
    zmq_setsockopt(req, ZMQ_ROUTING_ID, "req-client", 10);
    int heartbeat = 3000;
    zmq_setsockopt(req, ZMQ_HEARTBEAT_IVL, &heartbeat, sizeof heartbeat);   // PING and PONG on the wire
    zmq_connect(req, via.plain.c_str());

    void *sub = client(ZMQ_SUB);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "weather.", 8);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "stocks.", 7);
    zmq_connect(sub, via.pubsub.c_str());

    void *dealer = client(ZMQ_DEALER);
    const codec::CurveKeyPair dealerKeys = codec::CurveKeyPair::generate();
    zmq_setsockopt(dealer, ZMQ_CURVE_SERVERKEY, m_serverKeys.publicKey.data(), 32);
    zmq_setsockopt(dealer, ZMQ_CURVE_PUBLICKEY, dealerKeys.publicKey.data(), 32);
    zmq_setsockopt(dealer, ZMQ_CURVE_SECRETKEY, dealerKeys.secretKey.data(), 32);
    zmq_setsockopt(dealer, ZMQ_ROUTING_ID, "worker-7", 8);
    zmq_connect(dealer, via.curve.c_str());

    Zmtp2Push old;
    std::string error;
    const bool haveOld = old.connect(via.zmtp2, &error);

    bool awaitingReply = false;
    bool stocks = true;
    std::uint64_t tick = 0;
    auto next = Clock::now();
    const char *cities[] = {"paris", "oslo", "lima", "perth"};
    while (!m_stop) {
        zmq_pollitem_t items[] = {{m_rep, 0, ZMQ_POLLIN, 0},    {m_router, 0, ZMQ_POLLIN, 0}, {m_pull, 0, ZMQ_POLLIN, 0},
                                  {req, 0, ZMQ_POLLIN, 0},      {sub, 0, ZMQ_POLLIN, 0},      {dealer, 0, ZMQ_POLLIN, 0}};
        zmq_poll(items, 6, 20);
        if (items[0].revents) {
            const auto request = receiveParts(m_rep);
            if (!request.empty())
                m_sent += sendParts(m_rep, {"200", "ok " + request.back()});
        }
        if (items[1].revents) {
            const auto job = receiveParts(m_router);
            if (job.size() >= 2)
                m_sent += sendParts(m_router, {job[0], "done", job.back()});
        }
        if (items[2].revents)
            receiveParts(m_pull);
        if (items[3].revents && !receiveParts(req).empty())
            awaitingReply = false;
        if (items[4].revents)
            receiveParts(sub);
        if (items[5].revents)
            receiveParts(dealer);
        if (Clock::now() < next)
            continue;
        next += std::chrono::milliseconds(periodMs);
        ++tick;
        const std::string n = std::to_string(tick);
        if (!awaitingReply && sendParts(req, {"GET", "/status/" + n})) {
            awaitingReply = true;
            ++m_sent;
        }
        const std::string city = cities[tick % 4];
        m_sent += sendParts(m_pub, {"weather." + city, std::to_string(10 + int(tick % 17)) + " C"});
        m_sent += sendParts(m_pub, {"stocks.ZMQ", std::to_string(42 + int(tick % 9)) + ".25"});
        m_sent += sendParts(m_pub, {"news.local", "not subscribed: PUB never sends this"});
        m_sent += sendParts(dealer, {"job", n});
        if (haveOld)
            m_sent += old.send("legacy", "reading " + n);
        if (tick % 12 == 0) {
            // Cancel and renew a subscription: CANCEL and SUBSCRIBE on the wire.
            zmq_setsockopt(sub, stocks ? ZMQ_UNSUBSCRIBE : ZMQ_SUBSCRIBE, "stocks.", 7);
            stocks = !stocks;
        }
    }
    for (void *s : {req, sub, dealer})
        zmq_close(s);
}

}   // namespace zmqscope
