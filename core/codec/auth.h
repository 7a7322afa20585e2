// Authentication requests and answers, shared by our mechanism servers and
// the ZAP handler (27/ZAP). A server asks an Authenticator; the ZAP handler
// serving libzmq sockets asks the same one.
#pragma once

#include "zmtp.h"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zmqscope::codec {

using Metadata = std::vector<std::pair<std::string, std::string>>;

struct AuthRequest {
    Mechanism mechanism = Mechanism::Null;
    std::string domain;
    std::string address;            // client IP as text, no port
    std::string identity;
    std::string username;           // PLAIN
    std::string password;           // PLAIN
    std::optional<std::array<std::uint8_t, 32>> clientKey;   // CURVE: permanent public key C
};

struct AuthResult {
    std::string statusCode = "200";   // 200 ok, 300 try later, 400 refused, 500 failure
    std::string statusText;
    std::string userId;
    Metadata metadata;

    bool accepted() const { return statusCode == "200"; }
};

using Authenticator = std::function<AuthResult(const AuthRequest &)>;

}   // namespace zmqscope::codec
