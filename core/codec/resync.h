// Finding a frame boundary in a stream whose beginning was not seen (a
// capture started mid-connection, or after a gap). Nothing in the RFCs helps
// here (37/ZMTP lists wire analysis as open); this is the digest's section 12
// heuristic: accept the first offset from which a chain of plausible frames
// parses exactly to the end of the bytes seen.
#pragma once

#include "greeting.h"
#include "zmtp.h"

#include <cstddef>
#include <optional>

namespace zmqscope::codec {

struct ResyncGuess {
    std::size_t offset = 0;
    Framing framing = Framing::V3;
    bool curve = false;      // frames carry CURVE MESSAGE commands
    std::size_t frames = 0;  // frames in the chain that convinced us
};

// `final`: no more bytes will come, so a single complete frame is enough.
std::optional<ResyncGuess> findResyncPoint(Bytes buffer, bool final, std::uint64_t maxFrameSize);

}   // namespace zmqscope::codec
