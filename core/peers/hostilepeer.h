// The hostile peer: connects to a ZMTP peer under test and gets the protocol
// wrong on purpose, with the project's encoder (a bad signature, a greeting
// sent one byte at a time and never finished, an unknown mechanism, a READY
// whose property lies about its length, an oversized frame, silence after
// the handshake), then reports what the other side did: closed the
// connection (and how soon), answered ERROR, or left it open. The manual
// form of the conformance suite's attacks.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kHostilePeerRole;

}   // namespace zmqscope::peers
