// One readable line per event: what the text export, the golden test rows
// and the early main window show. The format is stable: tests compare it.
#pragma once

#include "streamdecoder.h"

#include <string>

namespace zmqscope::codec {

// Bytes as a quoted string: printable ASCII as is, the rest as \xNN;
// longer than `limit` bytes: the first `limit`, then "…(N bytes)".
std::string quoteBytes(Bytes b, std::size_t limit = 48);
std::string hexBytes(Bytes b, std::size_t limit = 64);

std::string dumpEvent(const Event &ev);

}   // namespace zmqscope::codec
