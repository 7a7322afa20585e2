#include "peergroup.h"

#include <zmq.h>

namespace zmqscope::peers {

PeerGroup::PeerGroup(EndpointMap map) : m_context(zmq_ctx_new()), m_loop(m_context), m_map(std::move(map))
{
    // The ZAP handler binds before any peer exists (libzmq asks it during
    // every PLAIN or CURVE handshake on this context).
    m_zap = std::make_unique<ZSocket>(m_context, ZMQ_REP);
    if (!m_zap->bind("inproc://zeromq.zap.01", nullptr))
        m_zap.reset();
    else
        m_loop.post([this] { m_loop.watch(m_zap->handle(), [this] { answerZap(); }); });
}

void PeerGroup::answerZap()
{
    Frames f;
    while (m_zap->recv(f)) {
        std::string error;
        const auto request = codec::parseZapRequest(f, &error);
        if (!request) {
            m_zap->send({"1.0", f.size() > 1 ? f[1] : std::string(), "500", "bad ZAP request: " + error, "", ""});
            continue;
        }
        const auto policy = m_zapPolicies.find(request->auth.domain);
        // (a domain no peer named: admitted, as libzmq does without a handler)
        const codec::AuthResult result = policy != m_zapPolicies.end() ? policy->second.decide(request->auth)
                                                                        : codec::AuthResult{"200", "OK", {}, {}};
        m_zap->send(zapReplyFrames(*request, result));
    }
}

PeerGroup::~PeerGroup()
{
    requestStop();
    if (m_thread.joinable())
        m_thread.join();
    // The loop no longer runs: close every peer's sockets here.
    for (auto &[id, p] : m_peers)
        p->stop();
    m_peers.clear();
    m_zap.reset();
    zmq_ctx_term(m_context);
}

std::uint32_t PeerGroup::add(std::unique_ptr<Peer> peer, std::optional<EndpointMap> map)
{
    Peer *raw = peer.get();
    std::uint32_t id;
    {
        const std::lock_guard lock(m_mutex);
        id = m_nextId++;
        m_peers.emplace(id, std::move(peer));
    }
    m_loop.post([this, raw, id, map = std::move(map)] {
        if (map)
            m_maps[id] = *map;
        if (m_sink)
            raw->setLogSink(m_sink);
        raw->start(m_loop, id, map ? *map : m_map, &m_zapPolicies);
    });
    return id;
}

void PeerGroup::stop(std::uint32_t id)
{
    m_loop.post([this, id] {
        Peer *p = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            if (const auto it = m_peers.find(id); it != m_peers.end())
                p = it->second.get();
        }
        if (p && p->running())
            p->stop();
    });
}

void PeerGroup::restart(std::uint32_t id)
{
    m_loop.post([this, id] {
        Peer *p = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            if (const auto it = m_peers.find(id); it != m_peers.end())
                p = it->second.get();
        }
        if (!p)
            return;
        p->stop();
        const auto own = m_maps.find(id);
        p->start(m_loop, id, own != m_maps.end() ? own->second : m_map, &m_zapPolicies);
    });
}

void PeerGroup::remove(std::uint32_t id)
{
    m_loop.post([this, id] {
        std::unique_ptr<Peer> gone;
        {
            const std::lock_guard lock(m_mutex);
            if (const auto it = m_peers.find(id); it != m_peers.end()) {
                gone = std::move(it->second);
                m_peers.erase(it);
            }
        }
        m_maps.erase(id);
        if (!gone)
            return;
        gone->stop();
        // Freed one round later: work the peer posted before it was removed
        // (finish() posts its own stop) runs first, on a peer that still exists.
        m_loop.post([peer = std::shared_ptr<Peer>(std::move(gone))] {});
    });
}

std::vector<PeerStatus> PeerGroup::statuses() const
{
    const std::lock_guard lock(m_mutex);
    std::vector<PeerStatus> out;
    out.reserve(m_peers.size());
    for (const auto &[id, p] : m_peers) {
        PeerStatus s = p->status();
        s.id = id;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<PeerLog> PeerGroup::takeLogs()
{
    const std::lock_guard lock(m_mutex);
    std::vector<PeerLog> out;
    for (auto &[id, p] : m_peers)
        for (LogLine &l : p->takeLog())
            out.push_back({id, std::move(l)});
    return out;
}

void PeerGroup::setLogSink(std::function<void(const Peer &, const LogLine &)> sink)
{
    m_sink = std::move(sink);
}

void PeerGroup::start()
{
    m_thread = std::thread([this] { m_loop.run(); });
}

void PeerGroup::run()
{
    m_loop.run();
}

void PeerGroup::runFor(std::chrono::milliseconds duration, Until until)
{
    const auto end = PeerLoop::Clock::now() + duration;
    while (!m_loop.stopRequested()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - PeerLoop::Clock::now());
        if (duration.count() > 0 && left.count() <= 0)
            break;
        m_loop.runOnce(duration.count() > 0 ? std::min(left, std::chrono::milliseconds(100)) : std::chrono::milliseconds(100));
        if ((until == Until::AllFinished && allFinished()) || (until == Until::ClientsDone && clientsDone()))
            break;
    }
}

void PeerGroup::requestStop()
{
    m_loop.requestStop();
}

bool PeerGroup::allFinished() const
{
    const std::lock_guard lock(m_mutex);
    if (m_peers.empty())
        return false;
    for (const auto &[id, p] : m_peers)
        if (!p->finished())
            return false;
    return true;
}

bool PeerGroup::clientsDone() const
{
    const std::lock_guard lock(m_mutex);
    bool any = false;
    for (const auto &[id, p] : m_peers) {
        if (!p->isClient())
            continue;
        any = true;
        if (!p->finished())
            return false;
    }
    return any;
}

int PeerGroup::exitCode() const
{
    const std::lock_guard lock(m_mutex);
    int code = 0;
    for (const auto &[id, p] : m_peers)
        code = std::max(code, p->exitCode());
    return code;
}

}   // namespace zmqscope::peers
