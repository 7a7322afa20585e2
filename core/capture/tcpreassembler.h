// TCP reassembly for dissection: segments in capture order in, each flow's
// two byte streams out in order, with out-of-order segments held (bounded),
// retransmissions and overlaps trimmed, and holes reported as gaps once the
// held bytes pass the bound or the flow ends. SYN decides who is the client;
// without a SYN the capture started mid-connection and the side with the
// higher port is taken for the client. Sans-I/O, no Qt.
#pragma once

#include "packet.h"

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace zmqscope::capture {

struct FlowInfo {
    std::uint64_t id = 0;
    Address client, server;
    std::uint16_t clientPort = 0, serverPort = 0;
    bool sawSyn = false;     // the connection's start is in the capture
    std::int64_t firstNs = 0;
};

class FlowSink {
public:
    virtual ~FlowSink() = default;
    virtual void flowOpened(const FlowInfo &flow) = 0;
    virtual void flowData(std::uint64_t flow, codec::Direction d, std::int64_t timeNs, Bytes bytes) = 0;
    virtual void flowGap(std::uint64_t flow, codec::Direction d, std::uint64_t missing) = 0;
    virtual void flowEnded(std::uint64_t flow, codec::Direction d, bool reset) = 0;
};

class TcpReassembler {
public:
    explicit TcpReassembler(FlowSink &sink, std::size_t maxHeldPerDirection = std::size_t(4) << 20);
    ~TcpReassembler();

    void add(const Segment &segment, std::int64_t timeNs);
    // End of capture: holes still open become gaps, held data is delivered.
    void finish();

    std::uint64_t flows() const { return m_nextId; }

private:
    struct Side;
    struct Flow;
    struct Key {
        Address a, b;
        std::uint16_t pa = 0, pb = 0;
        auto operator<=>(const Key &) const = default;
    };
    void deliver(Flow &f, int dir, std::int64_t timeNs);
    void forceGap(Flow &f, int dir, std::int64_t timeNs);

    FlowSink &m_sink;
    std::size_t m_maxHeld;
    std::uint64_t m_nextId = 0;
    std::map<Key, std::unique_ptr<Flow>> m_flows;
};

}   // namespace zmqscope::capture
