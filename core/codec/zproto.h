// The zproto encoding (protocols digest section 3), both ways: a
// bounds-checked reader over one frame body (ZRE, FILEMQ, majordomo's
// AA A4, MTL's data headers and CHP's sequence frames are read through
// it: every read says whether the bytes were there, nothing past the frame
// is touched, and every length read from the peer is compared with what is
// left before it is used) and a writer (what the ZRE and FILEMQ peers put
// in their first frame): big-endian numbers, `string` (1-octet length, cut
// at 255), `longstr` and `chunk` (4-octet length), `strings` and `hash`
// (4-octet counts).
#pragma once

#include "zmtp.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zmqscope::codec {

// Inline: every dissector's track() reads its fields through it per message.
class ZprotoReader {
public:
    ZprotoReader(Bytes body, std::uint64_t streamOffset) : m_body(body), m_base(streamOffset) {}

    bool u8(std::uint8_t &v)
    {
        if (!need(1))
            return false;
        v = m_body[m_pos++];
        return true;
    }
    bool u16(std::uint16_t &v) { return fixed(2, [&](const std::uint8_t *p) { v = readU16(p); }); }
    bool u32(std::uint32_t &v) { return fixed(4, [&](const std::uint8_t *p) { v = readU32(p); }); }
    bool u64(std::uint64_t &v) { return fixed(8, [&](const std::uint8_t *p) { v = readU64(p); }); }
    // n raw bytes.
    bool bytes(std::size_t n, Bytes &out)
    {
        if (!need(n))
            return false;
        out = m_body.subspan(m_pos, n);
        m_pos += n;
        return true;
    }
    // zproto `string`: 1-octet length, then the bytes.
    bool string(std::string_view &out)
    {
        if (!need(1) || !need(1 + std::size_t(m_body[m_pos])))
            return false;
        const std::size_t n = m_body[m_pos];
        out = {reinterpret_cast<const char *>(m_body.data() + m_pos + 1), n};
        m_pos += 1 + n;
        return true;
    }
    // zproto `longstr` and `chunk`: 4-octet length, then the bytes.
    bool longstr(std::string_view &out)
    {
        Bytes b;
        if (!chunk(b))
            return false;
        out = {reinterpret_cast<const char *>(b.data()), b.size()};
        return true;
    }
    bool chunk(Bytes &out)
    {
        if (!need(4))
            return false;
        const std::uint64_t n = readU32(m_body.data() + m_pos);
        if (!need(4 + n))
            return false;
        out = m_body.subspan(m_pos + 4, std::size_t(n));
        m_pos += 4 + std::size_t(n);
        return true;
    }

    std::size_t position() const { return m_pos; }
    std::size_t left() const { return m_body.size() - m_pos; }
    bool atEnd() const { return m_pos == m_body.size(); }
    // Stream offset of the next byte to read.
    std::uint64_t offset() const { return m_base + m_pos; }
    std::uint64_t offsetAt(std::size_t position) const { return m_base + position; }
    // Where the last failed read stopped: the field that ran past the end.
    bool failed() const { return m_failed; }
    std::uint8_t peek(std::size_t ahead = 0) const { return m_pos + ahead < m_body.size() ? m_body[m_pos + ahead] : 0; }

private:
    // A failed read leaves the position where it was.
    bool need(std::uint64_t n)
    {
        if (n > left()) {
            m_failed = true;
            return false;
        }
        return true;
    }
    template <typename Read>
    bool fixed(std::size_t n, Read read)
    {
        if (!need(n))
            return false;
        read(m_body.data() + m_pos);
        m_pos += n;
        return true;
    }
    Bytes m_body;
    std::uint64_t m_base;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

// Writing, the other way.
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

}   // namespace zmqscope::codec
