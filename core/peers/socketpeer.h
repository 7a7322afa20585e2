// The generic socket peer: any libzmq socket type, bound or connected, with
// NULL, PLAIN or CURVE, that sends messages from a template (text, hex or a
// file; several frames; padded to a size; a count at a rate; subscriptions)
// and answers what it receives (echo, a fixed reply, or a sink that counts).
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kSocketRole;

}   // namespace zmqscope::peers
