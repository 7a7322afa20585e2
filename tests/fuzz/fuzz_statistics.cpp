// libFuzzer target: arbitrary bytes as a capture file, dissected into a
// CaptureStore as the window keeps it, then every statistic the pictures
// draw read from it: I/O graphs (every Y, with and without a display
// filter, a field of the protocol layer), response times and the capture
// summary (conversations, protocol hierarchy, ZRE members, MDP services).
// Each read first in two slices, as the window does during a capture.
#include "../common/storesink.h"
#include "capture/capturestore.h"
#include "capture/capturesummary.h"
#include "capture/iograph.h"
#include "capture/responsetimes.h"
#include "fuzzcapture.h"

#include <unistd.h>

#include <string>

using namespace zmqscope;
using namespace zmqscope::capture;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::string spill = "/tmp/zmqscope-fuzz-statistics-" + std::to_string(::getpid()) + ".pcapng";
    CaptureStore store(8 << 20, spill);
    {
        testutil::StoreSink sink(store);
        fuzzutil::dissectCaptureFile(data, size, sink);
    }
    const std::size_t half = store.eventCount() / 2 + 1;
    for (const IoGraphSpec &spec : {IoGraphSpec{"", IoMetric::Events, "", 1000000000},
                                    IoGraphSpec{"kind == \"message\"", IoMetric::Bytes, "", 600LL * 1000000000},
                                    IoGraphSpec{"", IoMetric::Avg, "zmtp.frame.size", 600LL * 1000000000},
                                    IoGraphSpec{"conn == 1 || zmtp.command == \"READY\"", IoMetric::Count, "mdp.service", 1000000000},
                                    IoGraphSpec{"", IoMetric::Max, "reqrep.time", 600LL * 1000000000}}) {
        IoGraphBuilder g(spec);
        g.update(store, half);
        g.update(store);
        (void)g.series();
    }
    ResponseTimes times;
    times.update(store, half);
    times.update(store);
    (void)times.report();
    SummaryBuilder summary;
    summary.update(store, half);
    summary.update(store);
    (void)summary.summary();
    return 0;
}
