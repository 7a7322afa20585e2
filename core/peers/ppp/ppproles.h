// Paranoid Pirate roles (6/PPP, and the guide's Lazy Pirate client): a
// queue between clients and a pool of workers, a worker that heartbeats
// and reconnects with back-off (and can die on purpose and come back), and
// a Lazy Pirate client that retries on a fresh socket.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kPppQueueRole;
extern const RoleInfo kPppWorkerRole;
extern const RoleInfo kLazyPirateClientRole;

}   // namespace zmqscope::peers
