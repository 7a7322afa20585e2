// The generic socket peer: any libzmq socket type, bound or connected, with
// NULL, PLAIN or CURVE, that sends messages from a template (text, hex or a
// file; several frames; padded to a size; a count at a rate; subscriptions)
// and answers what it receives (echo, a fixed reply, or a sink that counts).
#pragma once

#include "peers/peer.h"

#include <optional>
#include <string>

namespace zmqscope::peers {

extern const RoleInfo kSocketRole;

// The CURVE keys a socket peer's options name, Z85: this side's secret key
// (--curve-secret, or --curve-cert: a czmq certificate's "_secret" file)
// and the server's public key (--curve-serverkey, or --curve-server-cert:
// its public certificate file). Empty when none is given; nullopt, and
// `error` naming the option and what is wrong, when a key or file is bad.
std::optional<std::string> curveSecretOption(const Options &options, std::string *error);
std::optional<std::string> curveServerKeyOption(const Options &options, std::string *error);

}   // namespace zmqscope::peers
