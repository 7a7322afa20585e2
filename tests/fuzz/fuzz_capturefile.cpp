// libFuzzer target: arbitrary bytes as a capture file, through the whole
// capture path: pcap/pcapng reader, link/IP/TCP parsing, TCP reassembly,
// ZMTP recognition and dissection, JSON export to /dev/null.
#include "capture/eventwriter.h"
#include "fuzzcapture.h"

#include <cstdio>

using namespace zmqscope::capture;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static std::FILE *sinkFile = std::fopen("/dev/null", "w");
    JsonEventWriter json(sinkFile);
    fuzzutil::dissectCaptureFile(data, size, json);
    return 0;
}
