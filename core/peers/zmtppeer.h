// The ZMTP peer: a socket of the project's own stack (codec/session.h for
// ZMTP 3.1 and 3.0 with NULL, PLAIN or CURVE; the encoder for 2.0 and 1.0)
// on a plain TCP connection, for what libzmq cannot be: an older ZMTP peer,
// and a CURVE peer whose session keys go to a key log (docs/CURVE_KEYLOG.md)
// so that its traffic is read in clear.
#pragma once

#include "peers/peer.h"

namespace zmqscope::peers {

extern const RoleInfo kZmtpPeerRole;

}   // namespace zmqscope::peers
