// The security handshake of one side of one connection, whatever the
// mechanism: command bodies in, command bodies out (23/ZMTP section 3.4).
// NULL, PLAIN and CURVE implement it; Session drives it.
#pragma once

#include "auth.h"
#include "protocolerror.h"
#include "zmtp.h"

#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::codec {

// Reads an ERROR command body (23/ZMTP: name, reason length, reason), also
// in libzmq 4.3 PLAIN's spelling 5E 'RROR' (see command.cpp).
enum class ErrorCommand : std::uint8_t { NotError, Malformed, Read };
ErrorCommand readErrorCommand(Bytes body, std::string &reason);

// Small helpers for command bodies: a length-prefixed name.
bool commandHasName(Bytes body, std::string_view name);
void appendCommandName(std::vector<std::uint8_t> &out, std::string_view name);

class Handshake {
public:
    virtual ~Handshake() = default;

    // Appends the next command body to send, if there is one now.
    virtual bool nextCommand(std::vector<std::uint8_t> &body) = 0;
    // A command body from the peer (name included).
    virtual ProtocolError processCommand(Bytes body) = 0;

    virtual bool isReady() const = 0;
    virtual bool isFailed() const = 0;
    virtual std::string_view stateName() const = 0;
    virtual ProtocolError error() const = 0;
    virtual const std::string &errorDetail() const = 0;
    virtual const std::string &peerErrorReason() const = 0;
    virtual const Metadata &peerMetadata() const = 0;

    // CURVE: messages travel inside MESSAGE commands.
    virtual bool encrypts() const { return false; }
    virtual void encodeMessage(std::uint8_t, Bytes, std::vector<std::uint8_t> &) {}
    virtual ProtocolError decodeMessage(Bytes, std::uint8_t &, std::vector<std::uint8_t> &)
    {
        return ProtocolError::ZmtpUnexpectedCommand;
    }
};

}   // namespace zmqscope::codec
