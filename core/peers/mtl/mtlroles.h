// Message Transport Layer roles (11/MTL): a server (the RFC's broker) that
// runs the control dialog (open, SASL PLAIN, profiles, leases) and the
// data flow of the test profile (one resource, every writer's content
// fanned out to every reader), and a client that takes a reader lease, a
// writer lease or both, summons, sends and dismisses.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kMtlServerRole;
extern const RoleInfo kMtlClientRole;

}   // namespace zmqscope::peers
