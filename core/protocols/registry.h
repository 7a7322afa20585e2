// The built-in protocol dissectors, as an explicit list (a static library
// drops self-registering objects). A dissector's number in the list + 1 is
// what compact records keep (0: no protocol); the list only grows at its
// end, so stored numbers stay valid.
//
// The first call installs every table's fields and findings into the
// codec's catalogs (findField, findingInfo), so filters and exports know
// them; call registry() once early (the pipeline and main do).
#pragma once

#include "protocol.h"

#include <span>
#include <string_view>

namespace zmqscope::protocols {

std::span<const ProtocolDissector *const> registry();
// By id ("mdp"), or null.
const ProtocolDissector *findProtocol(std::string_view id);
// 1-based number in the registry (0: none), and back.
std::uint8_t protocolNumber(const ProtocolDissector *dissector);
const ProtocolDissector *protocolByNumber(std::uint8_t number);

}   // namespace zmqscope::protocols
