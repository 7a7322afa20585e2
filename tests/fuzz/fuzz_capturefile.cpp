// libFuzzer target: arbitrary bytes as a capture file, through the whole
// capture path: pcap/pcapng reader, link/IP/TCP parsing, TCP reassembly,
// ZMTP recognition and dissection, JSON export to /dev/null.
#include "capture/capturedissector.h"
#include "capture/eventwriter.h"

#include <cstdio>

using namespace zmqscope::capture;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static std::FILE *sinkFile = std::fopen("/dev/null", "w");
    JsonEventWriter json(sinkFile);
    DissectOptions options;
    options.limits.maxKeptFrame = 4096;
    options.limits.maxKeptMessage = 16384;
    options.decodeAsPorts.insert(5555);
    CaptureDissector dissector(json, options);
    CaptureFileReader reader({data, size});
    Packet p;
    int n = 0;
    while (reader.next(p) && ++n < 10000)
        dissector.packet(p);
    dissector.finish();
    return 0;
}
