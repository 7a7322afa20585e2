// FILEMQ roles (35/FILEMQ v2; digest section 15): a server that publishes
// a folder to subscribers in credit-limited chunks, and a client that
// subscribes to paths and writes the files it receives into a folder.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kFilemqServerRole;
extern const RoleInfo kFilemqClientRole;

}   // namespace zmqscope::peers
