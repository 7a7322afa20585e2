// The replay role: messages taken from a capture sent again, to an endpoint
// of the user's, with their original spacing or as fast as possible. The
// messages come from a replay file, one per line:
//   <milliseconds since the first> <frame as hex>|<frame as hex>|...
// (an empty frame is nothing between two bars; '#' starts a comment).
// The window writes it from the rows selected in the frame list. Sent from
// a ROUTER, a message's envelope is rewritten for the new peer: the replay
// waits until a peer has spoken, then puts its routing id in front.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kReplayRole;

// Reads a replay file's text; nullopt with the line and what is wrong.
constexpr std::int64_t kMaxReplayMs = 1000000000000;   // (in nanoseconds still far from overflow)
struct ReplayMessage {
    std::int64_t atMs = 0;   // 0 to kMaxReplayMs
    Frames frames;
};
std::optional<std::vector<ReplayMessage>> parseReplay(std::string_view text, std::string *error);
std::string writeReplay(const std::vector<ReplayMessage> &messages);

}   // namespace zmqscope::peers
