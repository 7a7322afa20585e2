// A bounds-checked reader over one frame body, for the binary encodings of
// the protocol layer: zproto (ZRE, FILEMQ, majordomo's AA A4; digest
// section 3), its 2012 predecessor (1-octet list counts), MTL's data
// headers and CHP's sequence frames. Every read says whether the bytes
// were there; nothing past the frame is ever touched, and every length
// read from the peer is compared with what is left before it is used.
#pragma once

#include "codec/zmtp.h"

#include <cstdint>
#include <string_view>

namespace zmqscope::protocols {

// Inline: every dissector's track() reads its fields through it per message.
class Reader {
public:
    Reader(codec::Bytes body, std::uint64_t streamOffset) : m_body(body), m_base(streamOffset) {}

    bool u8(std::uint8_t &v)
    {
        if (!need(1))
            return false;
        v = m_body[m_pos++];
        return true;
    }
    bool u16(std::uint16_t &v) { return fixed(2, [&](const std::uint8_t *p) { v = codec::readU16(p); }); }
    bool u32(std::uint32_t &v) { return fixed(4, [&](const std::uint8_t *p) { v = codec::readU32(p); }); }
    bool u64(std::uint64_t &v) { return fixed(8, [&](const std::uint8_t *p) { v = codec::readU64(p); }); }
    // n raw bytes.
    bool bytes(std::size_t n, codec::Bytes &out)
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
        codec::Bytes b;
        if (!chunk(b))
            return false;
        out = {reinterpret_cast<const char *>(b.data()), b.size()};
        return true;
    }
    bool chunk(codec::Bytes &out)
    {
        if (!need(4))
            return false;
        const std::uint64_t n = codec::readU32(m_body.data() + m_pos);
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
    codec::Bytes m_body;
    std::uint64_t m_base;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

}   // namespace zmqscope::protocols
