#include "mdpwire.h"

#include "peers/peer.h"

namespace zmqscope::peers::mdp {

namespace {
constexpr WorkerCodes kCodes01{1, 2, 3, 3, 4, 5};
constexpr WorkerCodes kCodes02{1, 2, 3, 4, 5, 6};
}   // namespace

std::string header(bool worker, Version v)
{
    return std::string(worker ? "MDPW0" : "MDPC0") + (v == Version::V01 ? "1" : "2");
}

const WorkerCodes &codes(Version v)
{
    return v == Version::V01 ? kCodes01 : kCodes02;
}

Frames workerCommand(Version v, char code, Frames rest)
{
    Frames f;
    if (v == Version::V01)
        f.emplace_back();
    f.push_back(header(true, v));
    f.emplace_back(1, code);
    for (auto &r : rest)
        f.push_back(std::move(r));
    return f;
}

std::optional<WorkerCommand> readWorkerCommand(Version v, const Frames &f)
{
    const std::size_t h = v == Version::V01 ? 1 : 0;
    if (f.size() < h + 2 || (h && !f[0].empty()) || f[h] != header(true, v) || f[h + 1].size() != 1)
        return std::nullopt;
    return WorkerCommand{f[h + 1][0], h + 2};
}

Frames clientRequest(Version v, bool delimiter, const std::string &service, const Frames &body)
{
    Frames f;
    if (v == Version::V01) {
        if (delimiter)
            f.emplace_back();
        f.push_back(header(false, v));
    } else {
        f.push_back(header(false, v));
        f.emplace_back(1, '\x01');
    }
    f.push_back(service);
    f.insert(f.end(), body.begin(), body.end());
    return f;
}

std::optional<ClientReply> readClientReply(Version v, bool delimited, std::string_view service, const Frames &f,
                                           std::string *problem)
{
    const auto fail = [&](std::string why) {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    std::size_t i = 0;
    if (delimited) {
        if (f.empty() || !f[0].empty())
            return fail("dropped a reply without the empty delimiter");
        i = 1;
    }
    if (f.size() < i + 2 || f[i] != header(false, v))
        return fail("dropped a reply that is not " + header(false, v) + ": " + framesText(f));
    ++i;
    bool final = true;
    if (v == Version::V02) {
        if (f[i].size() != 1 || (f[i][0] != 2 && f[i][0] != 3))
            return fail("dropped a reply whose command is not PARTIAL or FINAL");
        final = f[i][0] == 3;
        ++i;
    }
    if (i >= f.size() || f[i] != service)
        return fail("dropped a reply for another service: " + framesText(f));
    return ClientReply{final, i + 1};
}

}   // namespace zmqscope::peers::mdp
