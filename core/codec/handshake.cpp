#include "handshake.h"

#include <cstring>

namespace zmqscope::codec {

bool commandHasName(Bytes body, std::string_view name)
{
    return body.size() >= 1 + name.size() && body[0] == name.size()
        && std::memcmp(body.data() + 1, name.data(), name.size()) == 0;
}

void appendCommandName(std::vector<std::uint8_t> &out, std::string_view name)
{
    out.push_back(static_cast<std::uint8_t>(name.size()));
    out.insert(out.end(), name.begin(), name.end());
}

ErrorCommand readErrorCommand(Bytes body, std::string &reason)
{
    std::size_t at = 0;
    if (commandHasName(body, "ERROR"))
        at = 6;
    else if (body.size() >= 5 && body[0] == 0x5E && std::memcmp(body.data() + 1, "RROR", 4) == 0)
        at = 5;
    else
        return ErrorCommand::NotError;
    if (body.size() < at + 1 || body.size() != at + 1 + std::size_t(body[at]))
        return ErrorCommand::Malformed;
    reason.assign(body.begin() + long(at) + 1, body.end());
    return ErrorCommand::Read;
}

}   // namespace zmqscope::codec
