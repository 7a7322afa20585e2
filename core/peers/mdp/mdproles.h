// Majordomo roles (7/MDP, 18/MDP, 8/MMI): a broker that serves MDP/0.1 and
// MDP/0.2 clients and workers on one ROUTER and answers MMI itself, an
// echoing worker, and a client that prints each reply.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kMdpBrokerRole;
extern const RoleInfo kMdpWorkerRole;
extern const RoleInfo kMdpClientRole;

}   // namespace zmqscope::peers
