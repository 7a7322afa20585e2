// Worker-Manager roles (14/WMP in ZmqScope's WMP encoding 1, docs/WMP.md):
// a manager that binds a ROUTER and hands out its jobs (WAKE, TAKE or NO,
// waiting for DONE), and a worker that connects one DEALER to each manager
// and takes jobs up to its capacity (READY, GIVE, DONE).
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kWmpManagerRole;
extern const RoleInfo kWmpWorkerRole;

}   // namespace zmqscope::peers
