// libFuzzer target for the protocol layer: every registered dissector, on
// messages of any shape. Input:
//   byte 0: which dissector Decode As forces (0: detection; n: registry n;
//           0xFF: the datagram path, ZRE beacons)
//   byte 1: sender and receiver socket types (low and high nibble)
//   then messages: a control byte (bit 7 s2c, bits 0..3 the frame count),
//   each frame a 2-byte big-endian length (cut to what is left) and bytes.
// Each message goes through track() in order, then dissect() and summary()
// as a rebuild would, and its tree's ranges must lie inside its bytes.
#include "capture/pipeline.h"
#include "protocols/applayer.h"
#include "protocols/registry.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace zmqscope;
using namespace zmqscope::codec;

namespace {
void checkRanges(const Field &f, std::uint64_t from, std::uint64_t to)
{
    if (f.info && f.length && (f.offset < from || f.offset + f.length > to))
        std::abort();
    for (const Field &c : f.children)
        checkRanges(c, from, to);
}
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const auto list = protocols::registry();
    const std::uint8_t pick = data[0];
    protocols::DecodeAs decodeAs;
    if (pick && pick != 0xFF && pick <= list.size())
        decodeAs.connections[1] = std::string(list[pick - 1]->info().id);
    protocols::AppLayer layer(decodeAs);
    const bool datagrams = pick == 0xFF;
    auto connection = layer.connection(1, 40000, 5555);
    protocols::AppConnection &app = datagrams ? layer.datagrams() : *connection;
    const ConnectionDecoder &none = capture::noConnection();
    (void)none;
    std::size_t pos = 2;
    std::uint64_t offset[2] = {0, 0};
    std::uint32_t number = 0;
    std::vector<Finding> findings;
    while (pos < size) {
        const std::uint8_t control = data[pos++];
        const Direction d = (control & 0x80) ? Direction::ServerToClient : Direction::ClientToServer;
        const std::size_t count = control & 0x0F;
        std::vector<FrameView> frames;
        const std::uint64_t start = offset[int(d)];
        for (std::size_t i = 0; i < count && pos + 2 <= size; ++i) {
            std::size_t n = (std::size_t(data[pos]) << 8) | data[pos + 1];
            pos += 2;
            n = std::min(n, size - pos);
            FrameView f;
            f.offset = offset[int(d)];
            f.headerLength = 2;
            f.size = n;
            f.body = Bytes(data + pos, n);
            f.more = i + 1 < count;
            frames.push_back(f);
            offset[int(d)] += 2 + n;
            pos += n;
        }
        Event ev;
        ev.kind = datagrams ? EventKind::Beacon : EventKind::Message;
        ev.direction = d;
        ev.offset = start;
        ev.length = offset[int(d)] - start;
        ev.frames = frames;
        ev.frameCount = frames.size();
        ev.source = "192.0.2.1:5670";
        findings.clear();
        const protocols::Annotation *a = app.onEvent(ev, nullptr, ++number, std::int64_t(number) * 1000000, findings);
        ++number;
        for (const Finding &f : findings)
            if (f.offset + f.length > offset[int(d)] + 1)
                std::abort();   // a finding points past the bytes seen
        if (a) {
            // A rebuild: the annotation as the store keeps it.
            const protocols::Annotation copy = *a;
            const Field tree = protocols::dissectEvent(ev, &copy);
            checkRanges(tree, ev.offset, ev.offset + ev.length);
            (void)protocols::summaryLine(ev, &copy);
            (void)protocols::innermostProtocol(tree);
        }
    }
    (void)list;
    return 0;
}
