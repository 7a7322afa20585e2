// The one builder of the decoder chain of a capture:
//
//   bytes -> ConnectionDecoder -> [CurveDecryptor] -> AppConnection -> CaptureEventSink
//
// A Pipeline belongs to one capture (a file being read, a tap, an interface
// capture, the built-in sample): it owns the protocol layer's state across
// connections (an MDP request followed through the broker) and numbers the
// events it hands on (n, the window's first column). Each connection gets a
// ConnectionPipeline; datagrams (ZRE beacons) go through datagram() as
// events of connection 0. Every message reaches the sink with the protocol
// layer's annotation, and what the protocol layer found follows it as
// finding events. Used on the thread that feeds the capture; sans-I/O.
#pragma once

#include "capturedissector.h"

#include "codec/connectiondecoder.h"
#include "codec/curvedecryptor.h"
#include "protocols/applayer.h"

#include <memory>
#include <vector>

namespace zmqscope::capture {

// Connection 0's stand-in decoder: datagrams have no ZMTP connection, and
// its summaries are empty.
const codec::ConnectionDecoder &noConnection();

class Pipeline;

class ConnectionPipeline : private codec::EventSink {
public:
    ConnectionPipeline(Pipeline &pipeline, const FlowInfo &flow, codec::StartMode mode);
    ~ConnectionPipeline() override;
    ConnectionPipeline(const ConnectionPipeline &) = delete;
    ConnectionPipeline &operator=(const ConnectionPipeline &) = delete;

    // Bytes of one direction, seen at `timeNs`: the sink stores them, the
    // decoder reads them.
    void feed(codec::Direction d, Bytes bytes, std::int64_t timeNs);
    void gap(codec::Direction d, std::uint64_t missing);
    void finish(codec::Direction d);
    void finish();
    // A finding of the capture itself about this connection (a relay that
    // could not carry it), handed on like the decoder's.
    void finding(const codec::Finding &finding, codec::Direction d);

    const FlowInfo &flow() const { return m_flow; }
    const codec::ConnectionDecoder &decoder() const { return *m_decoder; }
    const protocols::ProtocolDissector *protocol() const { return m_app->protocol(); }

private:
    void onEvent(const codec::Event &ev) override;

    Pipeline &m_pipeline;
    FlowInfo m_flow;
    std::int64_t m_now = 0;
    std::unique_ptr<protocols::AppConnection> m_app;
    std::unique_ptr<codec::CurveDecryptor> m_decryptor;
    std::unique_ptr<codec::ConnectionDecoder> m_decoder;
    std::vector<codec::Finding> m_findings;
};

class Pipeline {
public:
    Pipeline(CaptureEventSink &sink, PipelineOptions options = {});
    ~Pipeline();

    // A new connection; the sink hears connectionStarted().
    std::unique_ptr<ConnectionPipeline> open(const FlowInfo &flow, codec::StartMode mode = codec::StartMode::Greeting);
    // A datagram on the ZRE beacon port.
    void datagram(const Address &source, std::uint16_t sourcePort, std::int64_t timeNs, Bytes payload);

    CaptureEventSink &sink() { return m_sink; }
    const PipelineOptions &options() const { return m_options; }

private:
    friend class ConnectionPipeline;
    std::uint32_t nextNumber();
    void handOn(const FlowInfo &flow, const codec::ConnectionDecoder &decoder, std::int64_t timeNs, const codec::Event &ev,
                const protocols::Annotation *app, std::uint32_t number, std::vector<codec::Finding> &findings);

    CaptureEventSink &m_sink;
    PipelineOptions m_options;
    protocols::AppLayer m_app;
    std::uint32_t m_counter = 0;
    std::vector<codec::Finding> m_datagramFindings;
    std::string m_source;
};

}   // namespace zmqscope::capture
