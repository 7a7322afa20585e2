// libFuzzer target: one direction, arbitrary bytes, fed whole and then again
// in chunks whose sizes come from the input itself. Every event is turned
// into text (touching every view the event carries) so that a dangling view
// shows up under ASan. Limits are small so that caps are exercised.
#include "codec/eventdump.h"
#include "codec/streamdecoder.h"

#include <cstddef>
#include <cstdint>

namespace {
class Sink final : public zmqscope::codec::EventSink {
public:
    std::size_t total = 0;
    void onEvent(const zmqscope::codec::Event &ev) override { total += zmqscope::codec::dumpEvent(ev).size(); }
};
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace zmqscope::codec;
    DecoderLimits limits;
    limits.maxFrameSize = 1 << 16;
    limits.maxKeptFrame = 4096;
    limits.maxKeptMessage = 16384;
    limits.maxMessageFrames = 64;
    limits.resyncWindow = 8192;
    for (StartMode mode : {StartMode::Greeting, StartMode::MidStream}) {
        Sink sink;
        StreamDecoder whole(Direction::ClientToServer, limits, mode);
        whole.feed({data, size}, sink);
        whole.finish(sink);

        StreamDecoder split(Direction::ClientToServer, limits, mode);
        std::size_t pos = 0;
        std::size_t step = size ? (data[0] % 17) + 1 : 1;
        while (pos < size) {
            const std::size_t n = step < size - pos ? step : size - pos;
            split.feed({data + pos, n}, sink);
            pos += n;
            step = (data[pos % size] % 29) + 1;
        }
        split.finish(sink);
    }
    return 0;
}
