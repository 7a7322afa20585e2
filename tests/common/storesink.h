// What CaptureSession keeps of a dissection, for tests and fuzzers that
// build a CaptureStore themselves: every event but the greeting's parts (the
// version-decided event carries the greeting), and the streams' bytes.
#pragma once

#include "capture/capturedissector.h"
#include "capture/capturestore.h"

namespace testutil {

class StoreSink : public zmqscope::capture::CaptureEventSink {
public:
    explicit StoreSink(zmqscope::capture::CaptureStore &s) : store(s) {}
    void connectionStarted(const zmqscope::capture::FlowInfo &f) override { store.connectionStarted(f); }
    void connectionBytes(const zmqscope::capture::FlowInfo &f, zmqscope::codec::Direction d, zmqscope::codec::Bytes b) override
    {
        store.connectionBytes(f, d, b);
    }
    void connectionGap(const zmqscope::capture::FlowInfo &f, zmqscope::codec::Direction d, std::uint64_t n) override
    {
        store.connectionGap(f, d, n);
    }
    void event(const zmqscope::capture::ConnectionContext &ctx, const zmqscope::codec::Event &ev) override
    {
        if (ev.kind != zmqscope::codec::EventKind::GreetingPart)
            store.event(ctx, ev);
    }
    std::uint32_t nextEventNumber() const override { return store.nextEventNumber(); }

    zmqscope::capture::CaptureStore &store;
};

}   // namespace testutil
