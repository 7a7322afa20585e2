#include "peergroup.h"

#include <zmq.h>

namespace zmqscope::peers {

PeerGroup::PeerGroup(EndpointMap map) : m_context(zmq_ctx_new()), m_loop(m_context), m_map(std::move(map)) {}

PeerGroup::~PeerGroup()
{
    requestStop();
    if (m_thread.joinable())
        m_thread.join();
    // The loop no longer runs: close every peer's sockets here.
    for (auto &[id, p] : m_peers)
        p->stop();
    m_peers.clear();
    zmq_ctx_term(m_context);
}

std::uint32_t PeerGroup::add(std::unique_ptr<Peer> peer)
{
    Peer *raw = peer.get();
    std::uint32_t id;
    {
        const std::lock_guard lock(m_mutex);
        id = m_nextId++;
        m_peers.emplace(id, std::move(peer));
    }
    m_loop.post([this, raw, id] {
        if (m_sink)
            raw->setLogSink(m_sink);
        raw->start(m_loop, id, m_map);
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
        p->start(m_loop, id, m_map);
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
        if (gone)
            gone->stop();
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

void PeerGroup::runFor(std::chrono::milliseconds duration, bool untilFinished)
{
    const auto end = PeerLoop::Clock::now() + duration;
    while (!m_loop.stopRequested()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - PeerLoop::Clock::now());
        if (duration.count() > 0 && left.count() <= 0)
            break;
        m_loop.runOnce(duration.count() > 0 ? std::min(left, std::chrono::milliseconds(100)) : std::chrono::milliseconds(100));
        if (untilFinished && allFinished())
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

int PeerGroup::exitCode() const
{
    const std::lock_guard lock(m_mutex);
    int code = 0;
    for (const auto &[id, p] : m_peers)
        code = std::max(code, p->exitCode());
    return code;
}

}   // namespace zmqscope::peers
