// Titanic roles (9/TSP on 7/MDP and 8/MMI): a server that keeps requests
// on disk, answers titanic.request, titanic.reply and titanic.close as three
// Majordomo workers and hands what it stored to the real services as a
// Majordomo client; and a client that stores a request, polls for its reply
// and closes it.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kTitanicServerRole;
extern const RoleInfo kTitanicClientRole;

}   // namespace zmqscope::peers
