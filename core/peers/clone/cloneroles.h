// Clone roles (12/CHP, the guide's Clone pattern): a server that keeps a
// key-value map in memory, hands out snapshots of a subtree, numbers and
// republishes the updates clients send, heartbeats with HUGZ and deletes
// entries whose ttl ran out; and a client that takes a snapshot, follows
// the updates by sequence, publishes its own and notices a silent server.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kCloneServerRole;
extern const RoleInfo kCloneClientRole;

}   // namespace zmqscope::peers
