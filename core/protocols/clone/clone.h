// The clone dissector of the protocol layer; see clone.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &cloneDissector();

}   // namespace zmqscope::protocols
