// The wmp dissector of the protocol layer; see wmp.cpp for what it reads.
#pragma once

#include "protocols/protocol.h"

namespace zmqscope::protocols {

const ProtocolDissector &wmpDissector();

}   // namespace zmqscope::protocols
