// Z85 (32/Z85): 4 bytes to 5 printable characters, as ZeroMQ writes CURVE
// keys. Encoding needs a length that is a multiple of 4, decoding a multiple
// of 5; characters outside the alphabet and groups above 2^32-1 are refused.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

std::optional<std::string> z85Encode(std::span<const std::uint8_t> data);
std::optional<std::vector<std::uint8_t>> z85Decode(std::string_view text);

}   // namespace zmqscope::codec
