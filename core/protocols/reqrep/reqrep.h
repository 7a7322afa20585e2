// The reqrep dissector of the protocol layer; see reqrep.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &reqrepDissector();

}   // namespace zmqscope::protocols
