// Test helpers: hex text to bytes, and an EventSink that records dump lines.
#pragma once

#include "codec/eventdump.h"
#include "codec/streamdecoder.h"

#include <string>
#include <string_view>
#include <vector>

namespace testutil {

inline std::vector<std::uint8_t> fromHex(std::string_view hex)
{
    std::vector<std::uint8_t> out;
    int hi = -1;
    for (char c : hex) {
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

inline zmqscope::codec::Bytes view(const std::vector<std::uint8_t> &v)
{
    return {v.data(), v.size()};
}

inline zmqscope::codec::Bytes view(std::string_view s)
{
    return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()};
}

class RecordingSink : public zmqscope::codec::EventSink {
public:
    std::vector<std::string> lines;
    void onEvent(const zmqscope::codec::Event &ev) override { lines.push_back(zmqscope::codec::dumpEvent(ev)); }

    std::vector<std::string> forDirection(std::string_view dir) const
    {
        std::vector<std::string> out;
        for (const auto &l : lines)
            if (l.compare(0, dir.size(), dir) == 0)
                out.push_back(l);
        return out;
    }
};

}   // namespace testutil
