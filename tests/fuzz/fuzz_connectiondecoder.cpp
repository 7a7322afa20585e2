// libFuzzer target: both directions of a connection. The input is a list of
// records: a control byte (bit 7 = direction, bits 0..6 = length; length 0
// means "a gap of the next byte's value") followed by that many bytes.
#include "codec/connectiondecoder.h"
#include "codec/eventdump.h"

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
    Sink sink;
    ConnectionDecoder decoder(sink, limits);
    std::size_t pos = 0;
    while (pos < size) {
        const std::uint8_t control = data[pos++];
        const Direction d = (control & 0x80) ? Direction::ServerToClient : Direction::ClientToServer;
        std::size_t n = control & 0x7F;
        if (n == 0) {
            if (pos < size)
                decoder.gap(d, data[pos++]);
            continue;
        }
        if (n > size - pos)
            n = size - pos;
        decoder.feed(d, {data + pos, n});
        pos += n;
    }
    decoder.finish();
    return 0;
}
