// The ppp dissector of the protocol layer; see ppp.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &pppDissector();

}   // namespace zmqscope::protocols
