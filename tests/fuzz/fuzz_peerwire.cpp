// libFuzzer target for what the test peers read from the peers they talk
// to: Majordomo worker commands and client replies (0.1 and 0.2), MTL's
// JSON bodies, PLAIN messages, base64 and data commands, and replay files.
// Input: byte 0 picks the reader, the rest is split into frames at each
// 0xFF byte (a replay file and a JSON body take it whole). A reader ends in
// a value or a refusal, never a crash, a hang or unbounded memory; what it
// says it read must lie inside the input.
#include "peers/mdp/mdpwire.h"
#include "peers/mtl/mtlwire.h"
#include "peers/replaypeer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace zmqscope::peers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    Frames frames(1);
    for (const char c : text) {
        if (static_cast<unsigned char>(c) == 0xFF)
            frames.emplace_back();
        else
            frames.back() += c;
    }
    std::string problem;
    switch (data[0] % 8) {
    case 0:
    case 1: {
        const auto v = data[0] % 2 ? mdp::Version::V02 : mdp::Version::V01;
        if (const auto cmd = mdp::readWorkerCommand(v, frames); cmd && cmd->next > frames.size())
            std::abort();
        break;
    }
    case 2:
    case 3: {
        const auto v = data[0] & 0x10 ? mdp::Version::V02 : mdp::Version::V01;
        if (const auto reply = mdp::readClientReply(v, data[0] % 2, "echo", frames, &problem); reply && reply->body > frames.size())
            std::abort();
        break;
    }
    case 4: {
        std::string error;
        if (const auto json = mtl::parseJson(text, &error)) {
            // What it read writes back and reads again to the same text.
            const std::string again = mtl::toJson(*json);
            const auto reread = mtl::parseJson(again, &error);
            if (!reread || mtl::toJson(*reread) != again)
                std::abort();
        } else if (error.empty()) {
            std::abort();
        }
        break;
    }
    case 5: {
        if (const auto bytes = mtl::base64Decode(text); bytes && mtl::base64Encode(*bytes).size() > text.size() + 4)
            std::abort();
        mtl::readPlain(text);
        break;
    }
    case 6:
        if (frames.size() > 1)
            mtl::readData(frames, data[0] % 3 < frames.size() ? 0 : 1, &problem);
        break;
    case 7: {
        std::string error;
        if (!parseReplay(text, &error) && error.empty())
            std::abort();
        break;
    }
    }
    return 0;
}
