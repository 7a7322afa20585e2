#include "resync.h"

#include "command.h"

#include <algorithm>
#include <cstring>

namespace zmqscope::codec {

namespace {

constexpr std::size_t kMaxOffsets = 4096;
constexpr std::size_t kMaxChainFrames = 256;

struct Chain {
    std::size_t frames = 0;
    bool exact = false;        // ends exactly at the end of the buffer
    bool knownCommand = false;
    bool curve = false;
};

bool isAlpha(std::uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

Chain walk3(Bytes b, std::size_t pos, std::uint64_t maxFrameSize)
{
    Chain c;
    const std::size_t end = b.size();
    while (pos < end && c.frames < kMaxChainFrames) {
        const std::uint8_t fl = b[pos];
        if ((fl & flags::Reserved3) || fl == 0x05 || fl == 0x07)
            return Chain{};
        const bool isLong = fl & flags::Long;
        const std::size_t hl = isLong ? 9 : 2;
        if (pos + hl > end)
            return c;   // header cut by the end of the bytes seen
        const std::uint64_t size = isLong ? readU64(&b[pos + 1]) : b[pos + 1];
        // The heuristic insists on canonical headers: real encoders use the
        // long form only from 256 bytes up.
        if (isLong && (size < 256 || size > kMaxFrameSize3 || size > maxFrameSize))
            return Chain{};
        const std::size_t bodyPos = pos + hl;
        if (fl & flags::Command) {
            if (size == 0)
                return Chain{};
            if (bodyPos < end) {
                const std::size_t nameLength = b[bodyPos];
                if (nameLength == 0 || nameLength + 1 > size)
                    return Chain{};
                const std::size_t nameEnd = std::min(end, bodyPos + 1 + nameLength);
                for (std::size_t i = bodyPos + 1; i < nameEnd; ++i)
                    if (!isAlpha(b[i]))
                        return Chain{};
                if (bodyPos + 1 + nameLength <= end) {
                    const std::string_view name(reinterpret_cast<const char *>(&b[bodyPos + 1]), nameLength);
                    if (commandKindFromName(name) != CommandKind::Unknown)
                        c.knownCommand = true;
                }
            }
        } else if (size >= 8 && bodyPos + 8 <= end && std::memcmp(&b[bodyPos], "\x07MESSAGE", 8) == 0) {
            c.curve = true;
            c.knownCommand = true;
        }
        if (size > end - bodyPos)
            return c;   // body runs past what was seen
        pos = bodyPos + size;
        ++c.frames;
    }
    c.exact = pos == end;
    return c;
}

Chain walk1(Bytes b, std::size_t pos, std::uint64_t maxFrameSize)
{
    Chain c;
    const std::size_t end = b.size();
    while (pos < end && c.frames < kMaxChainFrames) {
        std::uint64_t len = b[pos];
        std::size_t hl = 2;
        if (len == 0xFF) {
            hl = 10;
            if (pos + hl > end)
                return c;
            len = readU64(&b[pos + 1]);
            if (len < 255 || len - 1 > maxFrameSize)
                return Chain{};
        }
        if (len == 0 || pos + hl > end)
            return len == 0 ? Chain{} : c;
        const std::uint8_t fl = b[pos + hl - 1];
        if (fl > 1)
            return Chain{};
        const std::uint64_t size = len - 1;
        if (size > end - (pos + hl))
            return c;
        pos += hl + size;
        ++c.frames;
    }
    c.exact = pos == end;
    return c;
}

bool convincing(const Chain &c, bool final)
{
    if (c.exact)
        return c.frames >= 2 || (c.frames >= 1 && (c.knownCommand || final));
    return c.frames >= 4;
}

}   // namespace

std::optional<ResyncGuess> findResyncPoint(Bytes buffer, bool final, std::uint64_t maxFrameSize)
{
    const std::size_t limit = std::min(buffer.size(), kMaxOffsets);
    for (std::size_t o = 0; o < limit; ++o) {
        const Chain c = walk3(buffer, o, maxFrameSize);
        if (convincing(c, final))
            return ResyncGuess{o, Framing::V3, c.curve, c.frames};
    }
    for (std::size_t o = 0; o < limit; ++o) {
        const Chain c = walk1(buffer, o, maxFrameSize);
        if (convincing(c, final) && c.frames >= 2)
            return ResyncGuess{o, Framing::V1, false, c.frames};
    }
    return std::nullopt;
}

}   // namespace zmqscope::codec
