#include "pipeline.h"

namespace zmqscope::capture {

using codec::Direction;
using codec::Event;
using codec::EventKind;

namespace {
class Discard final : public codec::EventSink {
public:
    void onEvent(const Event &) override {}
};
}   // namespace

const codec::ConnectionDecoder &noConnection()
{
    static Discard discard;
    static const codec::ConnectionDecoder decoder(discard);
    return decoder;
}

// --- ConnectionPipeline ---------------------------------------------------------

ConnectionPipeline::ConnectionPipeline(Pipeline &pipeline, const FlowInfo &flow, codec::StartMode mode)
    : m_pipeline(pipeline)
    , m_flow(flow)
{
    m_app = pipeline.m_app.connection(std::uint32_t(flow.id), flow.clientPort, flow.serverPort);
    codec::EventSink &self = *this;
    codec::EventSink *target = &self;
    const PipelineOptions &o = pipeline.m_options;
    if (o.keyLog || !o.curveServerKeys.empty()) {
        static const codec::CurveKeyLog kNoKeys;
        m_decryptor = std::make_unique<codec::CurveDecryptor>(self, o.keyLog ? *o.keyLog : kNoKeys);
        m_decryptor->setServerKeys(o.curveServerKeys);
        target = m_decryptor.get();
    }
    m_decoder = std::make_unique<codec::ConnectionDecoder>(*target, o.limits, mode);
}

ConnectionPipeline::~ConnectionPipeline() = default;

void ConnectionPipeline::feed(Direction d, Bytes bytes, std::int64_t timeNs)
{
    m_now = timeNs;
    m_pipeline.m_sink.connectionBytes(m_flow, d, bytes);
    m_decoder->feed(d, bytes);
}

void ConnectionPipeline::gap(Direction d, std::uint64_t missing)
{
    m_pipeline.m_sink.connectionGap(m_flow, d, missing);
    m_decoder->gap(d, missing);
}

void ConnectionPipeline::finish(Direction d)
{
    m_decoder->finish(d);
}

void ConnectionPipeline::finish()
{
    m_decoder->finish();
}

void ConnectionPipeline::finding(const codec::Finding &f, Direction d)
{
    Event ev;
    ev.kind = EventKind::Finding;
    ev.direction = d;
    ev.offset = f.offset;
    ev.length = f.length;
    ev.finding = &f;
    onEvent(ev);
}

void ConnectionPipeline::onEvent(const Event &ev)
{
    if (ev.kind == EventKind::GreetingPart) {
        // Not numbered: the version-decided event carries the greeting.
        m_pipeline.m_sink.event(ConnectionContext{m_flow, *m_decoder, m_now}, ev);
        return;
    }
    const std::uint32_t n = m_pipeline.nextNumber();
    m_findings.clear();
    const protocols::Annotation *app =
        m_pipeline.m_options.applicationProtocols ? m_app->onEvent(ev, m_decoder.get(), n, m_now, m_findings) : nullptr;
    m_pipeline.handOn(m_flow, *m_decoder, m_now, ev, app, n, m_findings);
}

// --- Pipeline -------------------------------------------------------------------

Pipeline::Pipeline(CaptureEventSink &sink, PipelineOptions options)
    : m_sink(sink)
    , m_options(std::move(options))
    , m_app(m_options.decodeAs)
{
}

Pipeline::~Pipeline() = default;

std::uint32_t Pipeline::nextNumber()
{
    if (const std::uint32_t n = m_sink.nextEventNumber())
        return n;
    return ++m_counter;
}

std::unique_ptr<ConnectionPipeline> Pipeline::open(const FlowInfo &flow, codec::StartMode mode)
{
    auto c = std::make_unique<ConnectionPipeline>(*this, flow, mode);
    m_sink.connectionStarted(flow);
    return c;
}

void Pipeline::handOn(const FlowInfo &flow, const codec::ConnectionDecoder &decoder, std::int64_t timeNs, const Event &ev,
                      const protocols::Annotation *app, std::uint32_t number, std::vector<codec::Finding> &findings)
{
    m_sink.event(ConnectionContext{flow, decoder, timeNs, number, app}, ev);
    // What the protocol layer found about the message follows it.
    for (const codec::Finding &f : findings) {
        Event fe;
        fe.kind = EventKind::Finding;
        fe.direction = ev.direction;
        fe.offset = f.offset;
        fe.length = f.length;
        if (ev.decrypted) {
            // (its offsets count in the decrypted bytes; the finding's row
            // covers the boxes in the stream they came from)
            fe.offset = ev.offset;
            fe.length = ev.length;
        }
        fe.finding = &f;
        m_sink.event(ConnectionContext{flow, decoder, timeNs, nextNumber(), nullptr}, fe);
    }
}

void Pipeline::datagram(const Address &source, std::uint16_t sourcePort, std::int64_t timeNs, Bytes payload)
{
    FlowInfo flow;
    flow.id = 0;
    flow.client = source;
    flow.clientPort = sourcePort;
    m_source = source.endpoint(sourcePort);
    codec::FrameView frame;
    frame.offset = 0;
    frame.size = payload.size();
    frame.body = payload;
    Event ev;
    ev.kind = EventKind::Beacon;
    ev.offset = 0;
    ev.length = payload.size();
    ev.frames = std::span<const codec::FrameView>(&frame, 1);
    ev.frameCount = 1;
    ev.source = m_source;
    const std::uint32_t n = nextNumber();
    m_datagramFindings.clear();
    const protocols::Annotation *app =
        m_options.applicationProtocols ? m_app.datagrams().onEvent(ev, nullptr, n, timeNs, m_datagramFindings) : nullptr;
    handOn(flow, noConnection(), timeNs, ev, app, n, m_datagramFindings);
}

}   // namespace zmqscope::capture
