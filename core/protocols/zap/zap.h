// The zap dissector of the protocol layer; see zap.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &zapDissector();

}   // namespace zmqscope::protocols
