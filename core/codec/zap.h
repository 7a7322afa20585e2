// ZAP, the ZeroMQ Authentication Protocol (27/ZAP): request and reply
// frames as a REP handler sees them (no envelope), validated the way libzmq
// validates them (transport digest section 7), and an access policy that
// answers requests: addresses allowed or denied, a PLAIN user table, a list
// of CURVE public keys.
#pragma once

#include "auth.h"
#include "protocolerror.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zmqscope::codec {

using Frames = std::vector<std::string>;

struct ZapRequest {
    std::string version;     // "1.0"
    std::string requestId;
    AuthRequest auth;
};

// Parses a request; on failure returns nullopt and says why in `error`.
std::optional<ZapRequest> parseZapRequest(const Frames &frames, std::string *error = nullptr);
Frames zapReplyFrames(const ZapRequest &request, const AuthResult &result);
Frames zapRequestFrames(const ZapRequest &request);
// A reply as libzmq checks it: exactly 6 frames, version 1.0, the request
// id sent, a status of 200/300/400/500, parsable metadata.
ProtocolError checkZapReply(const Frames &reply, const std::string &requestId, AuthResult *result = nullptr);

// Recognises ZAP in an application message (a ZAP handler reached over a
// transport, or a proxy handler): the frames after an optional envelope
// ending in an empty delimiter. Returns the index of the version frame.
struct ZapView {
    bool request = false;
    std::size_t first = 0;   // index of "1.0"
};
std::optional<ZapView> recognizeZap(const std::vector<std::string_view> &frames);

class AccessPolicy {
public:
    // Addresses: a non-empty allow list admits only those; the deny list
    // refuses those. Checked for every mechanism, before credentials.
    std::set<std::string> allowAddresses;
    std::set<std::string> denyAddresses;
    std::map<std::string, std::string> plainUsers;   // username -> password
    std::set<std::array<std::uint8_t, 32>> curveKeys; // empty: any key
    bool failAll = false;                            // answer 500 (a broken handler, for tests)

    AuthResult decide(const AuthRequest &request) const;
    Authenticator authenticator() const;
};

}   // namespace zmqscope::codec
