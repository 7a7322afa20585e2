// The mtl dissector of the protocol layer; see mtl.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &mtlDissector();

}   // namespace zmqscope::protocols
