// The mdp dissector of the protocol layer; see mdp.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &mdpDissector();

}   // namespace zmqscope::protocols
