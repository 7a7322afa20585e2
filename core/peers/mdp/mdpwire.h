// Majordomo framing shared by every role that speaks it: the MDP broker,
// worker and client (mdproles.cpp) and the Titanic server and client
// (titanic/titanicroles.cpp, 9/TSP runs on MDP/0.1). Frames in, frames out:
// no sockets, no timers. After any routing id, per 7/MDP (0.1) and 18/MDP (0.2):
//   0.1 client  [] MDPC01 service body...          (REQ adds the [] itself)
//   0.2 client  MDPC02 01|02|03 service body...    (REQUEST, PARTIAL, FINAL)
//   0.1 worker  [] MDPW01 01 READY service | 02 REQUEST client [] body | 03 REPLY ... | 04 HEARTBEAT | 05 DISCONNECT
//   0.2 worker  MDPW02 01 READY service | 02 REQUEST | 03 PARTIAL | 04 FINAL | 05 HEARTBEAT | 06 DISCONNECT
#pragma once

#include "peers/zsocket.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zmqscope::peers::mdp {

enum class Version : std::uint8_t { V01, V02 };
inline constexpr std::string_view kVersions[] = {"0.1", "0.2"};   // by Version, the --mdp choices

// "MDPC01", "MDPW02" ...
std::string header(bool worker, Version v);

// Worker command bytes per version.
struct WorkerCodes {
    char ready, request, reply, final, heartbeat, disconnect;
};
const WorkerCodes &codes(Version v);   // (0.1: REPLY is the final answer; 0.2: 03 PARTIAL, 04 FINAL)

// A worker command as frames, without the routing id.
Frames workerCommand(Version v, char code, Frames rest = {});

// A command a worker received (on its DEALER, so without a routing id):
// its byte and the index of the first frame after it. nullopt when the
// frames are not this version's worker framing.
struct WorkerCommand {
    char code = 0;
    std::size_t next = 0;
};
std::optional<WorkerCommand> readWorkerCommand(Version v, const Frames &f);

// A client REQUEST as the client's socket sends it. `delimiter`: 0.1 on a
// DEALER puts the empty frame a REQ would add itself (0.2 has none).
Frames clientRequest(Version v, bool delimiter, const std::string &service, const Frames &body);

// A reply a client received: FINAL or (0.2) PARTIAL, and the index of its
// first body frame. nullopt, with why in `problem` as a log line says it,
// when it is not a reply from `service` in this version's framing.
// `delimited`: a 0.1 reply read on a DEALER starts with the empty frame.
struct ClientReply {
    bool final = true;
    std::size_t body = 0;
};
std::optional<ClientReply> readClientReply(Version v, bool delimited, std::string_view service, const Frames &f,
                                           std::string *problem);

}   // namespace zmqscope::peers::mdp
