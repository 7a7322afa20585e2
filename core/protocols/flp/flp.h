// The flp dissector of the protocol layer; see flp.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &flpDissector();

}   // namespace zmqscope::protocols
