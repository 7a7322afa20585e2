#include "reader.h"

namespace zmqscope::protocols {

bool Reader::need(std::uint64_t n)
{
    if (n > left()) {
        m_failed = true;
        return false;
    }
    return true;
}

bool Reader::u8(std::uint8_t &v)
{
    if (!need(1))
        return false;
    v = m_body[m_pos++];
    return true;
}

bool Reader::u16(std::uint16_t &v)
{
    if (!need(2))
        return false;
    v = codec::readU16(m_body.data() + m_pos);
    m_pos += 2;
    return true;
}

bool Reader::u32(std::uint32_t &v)
{
    if (!need(4))
        return false;
    v = codec::readU32(m_body.data() + m_pos);
    m_pos += 4;
    return true;
}

bool Reader::u64(std::uint64_t &v)
{
    if (!need(8))
        return false;
    v = codec::readU64(m_body.data() + m_pos);
    m_pos += 8;
    return true;
}

bool Reader::bytes(std::size_t n, codec::Bytes &out)
{
    if (!need(n))
        return false;
    out = m_body.subspan(m_pos, n);
    m_pos += n;
    return true;
}

bool Reader::string(std::string_view &out)
{
    std::uint8_t n = 0;
    const std::size_t start = m_pos;
    codec::Bytes b;
    if (!u8(n) || !bytes(n, b)) {
        m_pos = start;
        return false;
    }
    out = {reinterpret_cast<const char *>(b.data()), b.size()};
    return true;
}

bool Reader::longstr(std::string_view &out)
{
    codec::Bytes b;
    if (!chunk(b))
        return false;
    out = {reinterpret_cast<const char *>(b.data()), b.size()};
    return true;
}

bool Reader::chunk(codec::Bytes &out)
{
    std::uint32_t n = 0;
    const std::size_t start = m_pos;
    if (!u32(n) || !bytes(n, out)) {
        m_pos = start;
        return false;
    }
    return true;
}

}   // namespace zmqscope::protocols
