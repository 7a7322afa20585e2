// The zre dissector of the protocol layer; see zre.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &zreDissector();

}   // namespace zmqscope::protocols
