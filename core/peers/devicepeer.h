// The device role: the three built-in devices of ZDCF (5/ZDCF, 17/ZDCF),
// a queue (ROUTER to DEALER), a forwarder (XSUB to XPUB) and a streamer
// (PULL to PUSH), each socket with its own type, endpoints and options as a
// scenario file gives them. Messages pass both ways where the socket types
// allow (a forwarder's subscriptions travel back to the publishers).
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kDeviceRole;

}   // namespace zmqscope::peers
