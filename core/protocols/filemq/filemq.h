// The filemq dissector of the protocol layer; see filemq.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &filemqDissector();

}   // namespace zmqscope::protocols
