// Freelance roles (10/FLP, the guide's "Model Three"): a ROUTER server whose
// routing id is its public endpoint, answering PING and echoing requests,
// that can die on purpose; and a client with one ROUTER connected to every
// server, pinging each, expiring silent ones and failing over between them.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kFlpServerRole;
extern const RoleInfo kFlpClientRole;

}   // namespace zmqscope::peers
