#include "z85.h"

#include <array>

namespace zmqscope::codec {

namespace {

constexpr std::string_view kAlphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

constexpr std::array<std::int8_t, 256> kDecode = [] {
    std::array<std::int8_t, 256> t{};
    for (auto &v : t)
        v = -1;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i)
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return t;
}();

}   // namespace

std::optional<std::string> z85Encode(std::span<const std::uint8_t> data)
{
    if (data.size() % 4 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(data.size() / 4 * 5);
    for (std::size_t i = 0; i < data.size(); i += 4) {
        std::uint32_t v = (std::uint32_t(data[i]) << 24) | (std::uint32_t(data[i + 1]) << 16)
            | (std::uint32_t(data[i + 2]) << 8) | data[i + 3];
        char group[5];
        for (int k = 4; k >= 0; --k) {
            group[k] = kAlphabet[v % 85];
            v /= 85;
        }
        out.append(group, 5);
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> z85Decode(std::string_view text)
{
    if (text.size() % 5 != 0)
        return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 5 * 4);
    for (std::size_t i = 0; i < text.size(); i += 5) {
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < 5; ++k) {
            const std::int8_t d = kDecode[static_cast<unsigned char>(text[i + k])];
            if (d < 0)
                return std::nullopt;
            v = v * 85 + static_cast<std::uint64_t>(d);
        }
        if (v > 0xFFFFFFFFu)
            return std::nullopt;
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return out;
}

}   // namespace zmqscope::codec
