#include "tcpreassembler.h"

namespace zmqscope::capture {

using codec::Direction;

struct TcpReassembler::Side {
    bool started = false;       // next is known
    std::uint32_t next = 0;     // next expected sequence number
    std::uint64_t delivered = 0;
    std::map<std::uint64_t, std::vector<std::uint8_t>> held;   // by offset from `next` at insertion... absolute
    std::size_t heldBytes = 0;
    std::uint64_t base = 0;     // absolute offset of `next`
    bool finSeen = false;
    std::uint64_t finAt = 0;    // absolute offset of the FIN
    bool ended = false;
};

struct TcpReassembler::Flow {
    FlowInfo info;
    bool clientIsA = true;      // Key.a is the client
    Side side[2];               // [0] client->server, [1] server->client
    bool reset = false;
};

TcpReassembler::TcpReassembler(FlowSink &sink, std::size_t maxHeld)
    : m_sink(sink)
    , m_maxHeld(maxHeld)
{
}

TcpReassembler::~TcpReassembler() = default;

void TcpReassembler::add(const Segment &s, std::int64_t timeNs)
{
    if (s.protocol != 6)
        return;
    const bool aFirst = std::tie(s.src, s.srcPort) < std::tie(s.dst, s.dstPort);
    Key key{aFirst ? s.src : s.dst, aFirst ? s.dst : s.src, aFirst ? s.srcPort : s.dstPort,
            aFirst ? s.dstPort : s.srcPort};
    auto it = m_flows.find(key);
    const bool syn = (s.flags & tcpflag::Syn) != 0;
    const bool synOnly = syn && !(s.flags & tcpflag::Ack);
    if (it != m_flows.end() && synOnly && (it->second->side[0].ended || it->second->reset)) {
        // A new connection reusing the same ports after the old one ended.
        m_flows.erase(it);
        it = m_flows.end();
    }
    if (it == m_flows.end()) {
        if (s.payload.empty() && !syn)
            return;   // a bare ACK/FIN/RST of a connection we never saw carrying data
        auto f = std::make_unique<Flow>();
        f->info.id = ++m_nextId;
        f->info.firstNs = timeNs;
        bool senderIsClient;
        if (syn) {
            senderIsClient = synOnly;   // SYN from the client, SYN+ACK from the server
            f->info.sawSyn = true;
        } else {
            senderIsClient = s.srcPort >= s.dstPort;   // ephemeral ports are usually the higher
        }
        f->info.client = senderIsClient ? s.src : s.dst;
        f->info.server = senderIsClient ? s.dst : s.src;
        f->info.clientPort = senderIsClient ? s.srcPort : s.dstPort;
        f->info.serverPort = senderIsClient ? s.dstPort : s.srcPort;
        f->clientIsA = (f->info.client == key.a && f->info.clientPort == key.pa);
        m_sink.flowOpened(f->info);
        it = m_flows.emplace(key, std::move(f)).first;
    }
    Flow &f = *it->second;
    const bool fromA = aFirst;
    const int dir = (fromA == f.clientIsA) ? 0 : 1;
    Side &side = f.side[dir];
    if (side.ended)
        return;
    if (s.flags & tcpflag::Rst) {
        f.reset = true;
        for (int d = 0; d < 2; ++d) {
            forceGap(f, d, timeNs);
            if (!f.side[d].ended) {
                f.side[d].ended = true;
                m_sink.flowEnded(f.info.id, Direction(d), true);
            }
        }
        return;
    }
    std::uint32_t seq = s.seq;
    Bytes payload = s.payload;
    if (syn) {
        side.started = true;
        side.next = seq + 1;
        seq += 1;
    } else if (!side.started) {
        side.started = true;   // mid-stream: the first segment defines the start
        side.next = seq;
    }
    // Absolute offset of this segment, from its distance to `next` (mod 2^32).
    const std::int32_t distance = static_cast<std::int32_t>(seq - side.next);
    std::int64_t at = static_cast<std::int64_t>(side.base) + distance;
    if (at < 0) {
        // Before anything we know: trim (a retransmission of the start).
        const std::uint64_t skip = std::uint64_t(-at);
        if (skip >= payload.size())
            payload = {};
        else
            payload = payload.subspan(skip);
        at = 0;
    }
    if (s.flags & tcpflag::Fin) {
        side.finSeen = true;
        side.finAt = std::uint64_t(at) + payload.size();
    }
    if (!payload.empty()) {
        const std::uint64_t start = std::uint64_t(at);
        if (start + payload.size() > side.base) {
            auto &slot = side.held[start];
            if (payload.size() > slot.size()) {
                side.heldBytes += payload.size() - slot.size();
                slot.assign(payload.begin(), payload.end());
            }
        }
    }
    deliver(f, dir, timeNs);
    if (side.heldBytes > m_maxHeld)
        forceGap(f, dir, timeNs);
    if (side.finSeen && side.base >= side.finAt && !side.ended) {
        side.ended = true;
        m_sink.flowEnded(f.info.id, Direction(dir), false);
    }
}

void TcpReassembler::deliver(Flow &f, int dir, std::int64_t timeNs)
{
    Side &side = f.side[dir];
    while (!side.held.empty()) {
        auto first = side.held.begin();
        const std::uint64_t start = first->first;
        const std::vector<std::uint8_t> &bytes = first->second;
        if (start > side.base)
            return;   // a hole before the next held segment
        const std::uint64_t end = start + bytes.size();
        if (end > side.base) {
            const Bytes fresh = Bytes(bytes).subspan(side.base - start);
            m_sink.flowData(f.info.id, Direction(dir), timeNs, fresh);
            side.next += static_cast<std::uint32_t>(fresh.size());
            side.base = end;
        }
        side.heldBytes -= bytes.size();
        side.held.erase(first);
    }
}

void TcpReassembler::forceGap(Flow &f, int dir, std::int64_t timeNs)
{
    Side &side = f.side[dir];
    while (!side.held.empty()) {
        const std::uint64_t start = side.held.begin()->first;
        if (start > side.base) {
            const std::uint64_t missing = start - side.base;
            m_sink.flowGap(f.info.id, Direction(dir), missing);
            side.next += static_cast<std::uint32_t>(missing);
            side.base = start;
        }
        deliver(f, dir, timeNs);
    }
}

void TcpReassembler::finish()
{
    for (auto &[key, f] : m_flows) {
        for (int d = 0; d < 2; ++d) {
            forceGap(*f, d, 0);
            if (!f->side[d].ended) {
                f->side[d].ended = true;
                m_sink.flowEnded(f->info.id, Direction(d), false);
            }
        }
    }
}

}   // namespace zmqscope::capture
