// Links only the protocol layer and the capture library (both plain C++);
// check_layers.cmake inspects what this binary needs.
#include "capture/pipeline.h"
#include "protocols/registry.h"

namespace {
class Nothing : public zmqscope::capture::CaptureEventSink {
public:
    void event(const zmqscope::capture::ConnectionContext &, const zmqscope::codec::Event &) override {}
};
}   // namespace

int main()
{
    Nothing sink;
    zmqscope::capture::Pipeline pipeline(sink);
    return zmqscope::protocols::registry().empty() ? 1 : 0;
}
