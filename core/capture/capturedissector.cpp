#include "capturedissector.h"

#include "pipeline.h"

#include "codec/greeting.h"
#include "codec/resync.h"

namespace zmqscope::capture {

using codec::Direction;

namespace {
constexpr std::size_t kHoldWithGreeting = 64;    // enough to see a signature
constexpr std::size_t kHoldMidStream = 16384;    // enough for the resync heuristic
}   // namespace

// One TCP flow: undecided (bytes held), ZMTP (its pipeline), or not ZMTP (ignored).
struct CaptureDissector::Connection {
    enum class State { Undecided, Zmtp, Other };
    FlowInfo info;
    State state = State::Undecided;
    std::int64_t now = 0;
    struct Held {
        Direction d;
        std::int64_t timeNs;
        std::vector<std::uint8_t> bytes;
        std::uint64_t gap = 0;   // non-zero: a gap of this many bytes instead
    };
    std::vector<Held> held;
    std::vector<std::uint8_t> prefix[2];
    std::size_t heldBytes = 0;
    std::unique_ptr<ConnectionPipeline> pipeline;
    bool ended[2] = {false, false};   // FIN seen, or RST
};

CaptureDissector::CaptureDissector(CaptureEventSink &sink, DissectOptions options)
    : m_options(std::move(options))
    , m_pipeline(std::make_unique<Pipeline>(sink, static_cast<const PipelineOptions &>(m_options)))
    , m_reassembler(*this)
{
}

CaptureDissector::~CaptureDissector() = default;

void CaptureDissector::packet(const Packet &p)
{
    ++m_stats.packets;
    Segment s;
    switch (parsePacket(p, s)) {
    case ParseResult::Ok: break;
    case ParseResult::NotIp:
    case ParseResult::NotTcpOrUdp: ++m_stats.notIp; return;
    case ParseResult::Fragment: ++m_stats.fragments; return;
    case ParseResult::Malformed: ++m_stats.malformed; return;
    case ParseResult::UnknownLinkType: ++m_stats.unknownLinkType; return;
    }
    if (s.protocol == 17) {
        if (s.dstPort == m_options.zreBeaconPort || s.srcPort == m_options.zreBeaconPort) {
            ++m_stats.beacons;
            m_pipeline->datagram(s.src, s.srcPort, p.timestampNs, s.payload);
        }
        return;
    }
    m_reassembler.add(s, p.timestampNs);
}

void CaptureDissector::finish()
{
    m_reassembler.finish();
    for (auto &[id, c] : m_connections)
        if (c->state == Connection::State::Undecided)
            decide(*c, true);
}

void CaptureDissector::flowOpened(const FlowInfo &flow)
{
    ++m_stats.tcpFlows;
    auto c = std::make_unique<Connection>();
    c->info = flow;
    if (m_options.decodeAsPorts.count(flow.serverPort) || m_options.decodeAsPorts.count(flow.clientPort))
        c->state = Connection::State::Undecided;   // decided at the first byte, forced
    m_connections.emplace(flow.id, std::move(c));
}

// Decides whether a flow is ZMTP from the bytes held so far (or, with
// `force`, from whatever there is), then replays them into a decoder.
void CaptureDissector::decide(Connection &c, bool force)
{
    const bool forced = m_options.decodeAsPorts.count(c.info.serverPort) || m_options.decodeAsPorts.count(c.info.clientPort);
    bool zmtp = forced;
    bool midStream = !c.info.sawSyn;
    if (!zmtp && c.info.sawSyn) {
        // A versioned ZMTP peer opens with FF, 8 bytes, and byte 9 with bit 0
        // set; a 1.0 peer is recognised when the other side is versioned.
        for (const auto &p : c.prefix) {
            const auto kind = codec::classifySignature(p);
            if (kind == codec::SignatureKind::Versioned)
                zmtp = true;
        }
        const bool bothSeen = c.prefix[0].size() >= 10 && c.prefix[1].size() >= 10;
        if (!zmtp && !force && !bothSeen && c.heldBytes < kHoldWithGreeting * 2)
            return;   // wait for more
    } else if (!zmtp) {
        for (const auto &p : c.prefix) {
            if (codec::findResyncPoint(p, force, m_options.limits.maxFrameSize))
                zmtp = true;
        }
        if (!zmtp && !force && c.heldBytes < kHoldMidStream)
            return;
    }
    if (!zmtp) {
        c.state = Connection::State::Other;
        c.held.clear();
        return;
    }
    ++m_stats.zmtpFlows;
    c.state = Connection::State::Zmtp;
    c.pipeline = m_pipeline->open(c.info, midStream ? codec::StartMode::MidStream : codec::StartMode::Greeting);
    for (const auto &h : c.held) {
        c.now = h.timeNs;
        if (h.gap)
            c.pipeline->gap(h.d, h.gap);
        else
            c.pipeline->feed(h.d, {h.bytes.data(), h.bytes.size()}, h.timeNs);
    }
    c.held.clear();
    c.held.shrink_to_fit();
}

void CaptureDissector::flowData(std::uint64_t flow, Direction d, std::int64_t timeNs, Bytes bytes)
{
    Connection &c = *m_connections.at(flow);
    switch (c.state) {
    case Connection::State::Other:
        return;
    case Connection::State::Zmtp:
        c.now = timeNs;
        c.pipeline->feed(d, bytes, timeNs);
        return;
    case Connection::State::Undecided:
        break;
    }
    auto &prefix = c.prefix[int(d)];
    const std::size_t room = kHoldMidStream - std::min(kHoldMidStream, prefix.size());
    prefix.insert(prefix.end(), bytes.begin(), bytes.begin() + std::min(room, bytes.size()));
    c.held.push_back({d, timeNs, std::vector<std::uint8_t>(bytes.begin(), bytes.end()), 0});
    c.heldBytes += bytes.size();
    decide(c, false);
}

void CaptureDissector::flowGap(std::uint64_t flow, Direction d, std::uint64_t missing)
{
    Connection &c = *m_connections.at(flow);
    if (c.state == Connection::State::Zmtp)
        c.pipeline->gap(d, missing);
    else if (c.state == Connection::State::Undecided)
        c.held.push_back({d, c.now, {}, missing});
}

void CaptureDissector::flowEnded(std::uint64_t flow, Direction d, bool reset)
{
    Connection &c = *m_connections.at(flow);
    if (c.state == Connection::State::Undecided)
        decide(c, true);
    if (c.state != Connection::State::Zmtp)
        return;
    const bool wasOpen = !c.ended[0] || !c.ended[1];
    c.pipeline->finish(d);
    c.ended[int(d)] = true;
    if (reset)
        c.ended[0] = c.ended[1] = true;
    // Closed both ways (or reset): the sink hears it once.
    if (wasOpen && c.ended[0] && c.ended[1])
        m_pipeline->sink().connectionEnded(c.info, c.pipeline->decoder());
}

}   // namespace zmqscope::capture
