// What the capture-file fuzz targets share: arbitrary bytes read as a
// capture file (pcap or pcapng) and dissected into `sink`, with the
// window's limits on kept bytes, port 5555 decoded as ZMTP whatever it
// looks like, and at most 10,000 packets per input.
#pragma once

#include "capture/capturedissector.h"

#include <cstddef>
#include <cstdint>

namespace fuzzutil {

inline void dissectCaptureFile(const std::uint8_t *data, std::size_t size, zmqscope::capture::CaptureEventSink &sink)
{
    using namespace zmqscope::capture;
    DissectOptions options;
    options.limits.maxKeptFrame = 4096;
    options.limits.maxKeptMessage = 16384;
    options.decodeAsPorts.insert(5555);
    CaptureDissector dissector(sink, options);
    CaptureFileReader reader({data, size});
    Packet p;
    int n = 0;
    while (reader.next(p) && ++n < 10000)
        dissector.packet(p);
    dissector.finish();
}

}   // namespace fuzzutil
