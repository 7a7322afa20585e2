// ZRE role (36/ZRE v2; digest section 16): a node that finds its peers by
// UDP beacons (or is told their mailboxes), says HELLO to each over a
// DEALER of its own, joins groups, shouts and whispers, and keeps its peers
// alive with PING / PING-OK.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kZreNodeRole;

}   // namespace zmqscope::peers
