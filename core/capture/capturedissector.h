// From captured packets to ZMTP events per connection: packets are parsed,
// TCP is reassembled, each flow is recognised as ZMTP by its greeting on any
// port (or forced with "decode as" by port, or guessed mid-stream), and its
// two byte streams go through a ConnectionDecoder (and a CurveDecryptor when
// a key log is given). UDP datagrams on the ZRE beacon port are handed on as
// beacons. Sans-I/O like the codec: the caller feeds packets in file order.
#pragma once

#include "codec/connectiondecoder.h"
#include "codec/curvedecryptor.h"
#include "protocols/applayer.h"
#include "tcpreassembler.h"

#include <map>
#include <memory>
#include <set>
#include <string>

namespace zmqscope::capture {

// How a capture's decoder chain is built (capture/pipeline.h).
struct PipelineOptions {
    // CURVE in clear: a key log (it may grow while connections run: a live
    // tap adds each session's key once it wrote WELCOME) and server keys
    // (--curve-keys: check HELLO, open WELCOME).
    const codec::CurveKeyLog *keyLog = nullptr;
    std::vector<codec::CurveKeyPair> curveServerKeys;
    codec::DecoderLimits limits;
    protocols::DecodeAs decodeAs;             // the application protocol of ports or connections
    bool applicationProtocols = true;         // false: ZMTP only (the protocol layer's cost, measured)
};

// A capture file or interface: the pipeline's options, and which flows are ZMTP.
struct DissectOptions : PipelineOptions {
    std::set<std::uint16_t> decodeAsPorts;    // flows on these ports are ZMTP, greeting or not
    std::uint16_t zreBeaconPort = 5670;
};

struct ConnectionContext {
    const FlowInfo &flow;                      // connection 0: a datagram's sender as the client
    const codec::ConnectionDecoder &decoder;   // side() summaries: version, mechanism, socket type, identity
    std::int64_t timeNs;
    std::uint32_t number = 0;                  // the event's number n (from 1; 0 for greeting parts)
    const protocols::Annotation *app = nullptr;   // the protocol layer's view of a message, if it has one
};

class CaptureEventSink {
public:
    virtual ~CaptureEventSink() = default;
    // A flow was recognised as ZMTP; its bytes follow, as the decoder gets
    // them (offsets in events count from the first of them).
    virtual void connectionStarted(const FlowInfo &flow) { (void)flow; }
    virtual void connectionBytes(const FlowInfo &flow, codec::Direction d, Bytes bytes) { (void)flow, (void)d, (void)bytes; }
    virtual void connectionGap(const FlowInfo &flow, codec::Direction d, std::uint64_t missing)
    {
        (void)flow, (void)d, (void)missing;
    }
    // Every event, in order; datagrams (ZRE beacons, kind Beacon) as
    // events of connection 0 with offsets in the datagram.
    virtual void event(const ConnectionContext &context, const codec::Event &event) = 0;
    // The number the next event will get, when the sink numbers events
    // itself (a store that several sources share); 0: the pipeline counts.
    virtual std::uint32_t nextEventNumber() const { return 0; }
    // The connection is closed: both directions ended (FIN) or it was reset
    // in a capture, or a live source closed it. A live source's decoder
    // goes after this call (the last chance to read its summaries); files
    // keep every decoder.
    virtual void connectionEnded(const FlowInfo &flow, const codec::ConnectionDecoder &decoder)
    {
        (void)flow, (void)decoder;
    }
};

class Pipeline;
class ConnectionPipeline;

class CaptureDissector : private FlowSink {
public:
    CaptureDissector(CaptureEventSink &sink, DissectOptions options = {});
    ~CaptureDissector() override;

    void packet(const Packet &packet);
    void finish();

    struct Stats {
        std::uint64_t packets = 0;
        std::uint64_t notIp = 0;
        std::uint64_t fragments = 0;
        std::uint64_t malformed = 0;
        std::uint64_t unknownLinkType = 0;
        std::uint64_t tcpFlows = 0;
        std::uint64_t zmtpFlows = 0;
        std::uint64_t beacons = 0;
    };
    const Stats &stats() const { return m_stats; }

private:
    struct Connection;
    void flowOpened(const FlowInfo &flow) override;
    void flowData(std::uint64_t flow, codec::Direction d, std::int64_t timeNs, Bytes bytes) override;
    void flowGap(std::uint64_t flow, codec::Direction d, std::uint64_t missing) override;
    void flowEnded(std::uint64_t flow, codec::Direction d, bool reset) override;
    void decide(Connection &c, bool force);

    DissectOptions m_options;
    std::unique_ptr<Pipeline> m_pipeline;
    TcpReassembler m_reassembler;
    std::map<std::uint64_t, std::unique_ptr<Connection>> m_connections;
    Stats m_stats;
};

}   // namespace zmqscope::capture
