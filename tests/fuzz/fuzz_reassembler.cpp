// libFuzzer target for TCP reassembly: the input is a list of segments
// (2-byte port pair selector, 4-byte sequence number, flags, 1-byte length,
// payload), so the fuzzer controls ordering, overlaps, wrap-around, SYN,
// FIN and RST directly. The streams delivered must never exceed what went in.
#include "capture/tcpreassembler.h"

#include <cstdlib>

using namespace zmqscope::capture;

namespace {
class Sink final : public FlowSink {
public:
    std::uint64_t delivered = 0;
    void flowOpened(const FlowInfo &) override {}
    void flowData(std::uint64_t, zmqscope::codec::Direction, std::int64_t, Bytes b) override { delivered += b.size(); }
    void flowGap(std::uint64_t, zmqscope::codec::Direction, std::uint64_t) override {}
    void flowEnded(std::uint64_t, zmqscope::codec::Direction, bool) override {}
};
}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Sink sink;
    TcpReassembler r(sink, 4096);
    std::uint64_t fed = 0;
    std::size_t pos = 0;
    while (pos + 8 <= size) {
        Segment s;
        s.protocol = 6;
        const bool fromB = data[pos] & 1;
        const std::uint16_t a = std::uint16_t(40000 + (data[pos + 1] & 3)), b = 5555;
        s.src.bytes[0] = fromB ? 2 : 1;
        s.dst.bytes[0] = fromB ? 1 : 2;
        s.srcPort = fromB ? b : a;
        s.dstPort = fromB ? a : b;
        s.seq = (std::uint32_t(data[pos + 2]) << 24) | (std::uint32_t(data[pos + 3]) << 16)
            | (std::uint32_t(data[pos + 4]) << 8) | data[pos + 5];
        s.flags = data[pos + 6];
        const std::size_t n = std::min<std::size_t>(data[pos + 7], size - pos - 8);
        s.payload = Bytes(data + pos + 8, n);
        fed += n;
        r.add(s, std::int64_t(pos));
        pos += 8 + n;
    }
    r.finish();
    if (sink.delivered > fed)
        std::abort();
    return 0;
}
