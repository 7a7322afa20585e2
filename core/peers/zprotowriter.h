// The zproto encoding written (protocols digest section 3): big-endian
// numbers, `string` (1-octet length, cut at 255), `longstr` (4-octet
// length), `strings` and `hash` (4-octet counts). What ZRE and FILEMQ
// peers put in their first frame; the reading side is protocols/reader.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zmqscope::peers {

class ZprotoWriter {
public:
    static constexpr std::size_t kMaxString = 255;

    void u8(std::uint8_t v) { m_out.push_back(char(v)); }
    void u16(std::uint16_t v)
    {
        u8(std::uint8_t(v >> 8));
        u8(std::uint8_t(v));
    }
    void u32(std::uint32_t v)
    {
        u16(std::uint16_t(v >> 16));
        u16(std::uint16_t(v));
    }
    void u64(std::uint64_t v)
    {
        u32(std::uint32_t(v >> 32));
        u32(std::uint32_t(v));
    }
    void string(std::string_view s)
    {
        s = s.substr(0, kMaxString);
        u8(std::uint8_t(s.size()));
        m_out += s;
    }
    void longstr(std::string_view s)
    {
        u32(std::uint32_t(s.size()));
        m_out += s;
    }
    void strings(const std::vector<std::string> &list)
    {
        u32(std::uint32_t(list.size()));
        for (const std::string &s : list)
            longstr(s);
    }
    void hash(const std::vector<std::pair<std::string, std::string>> &pairs)
    {
        u32(std::uint32_t(pairs.size()));
        for (const auto &[k, v] : pairs) {
            string(k);
            longstr(v);
        }
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

}   // namespace zmqscope::peers
