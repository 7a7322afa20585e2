#include "protocolerror.h"

namespace zmqscope::codec {

std::string_view protocolErrorName(ProtocolError e)
{
    switch (e) {
    case ProtocolError::None: return "none";
    case ProtocolError::ZmtpUnspecified: return "ZMTP_UNSPECIFIED";
    case ProtocolError::ZmtpUnexpectedCommand: return "ZMTP_UNEXPECTED_COMMAND";
    case ProtocolError::ZmtpInvalidSequence: return "ZMTP_INVALID_SEQUENCE";
    case ProtocolError::ZmtpKeyExchange: return "ZMTP_KEY_EXCHANGE";
    case ProtocolError::ZmtpMalformedCommandUnspecified: return "ZMTP_MALFORMED_COMMAND_UNSPECIFIED";
    case ProtocolError::ZmtpMalformedCommandMessage: return "ZMTP_MALFORMED_COMMAND_MESSAGE";
    case ProtocolError::ZmtpMalformedCommandHello: return "ZMTP_MALFORMED_COMMAND_HELLO";
    case ProtocolError::ZmtpMalformedCommandInitiate: return "ZMTP_MALFORMED_COMMAND_INITIATE";
    case ProtocolError::ZmtpMalformedCommandError: return "ZMTP_MALFORMED_COMMAND_ERROR";
    case ProtocolError::ZmtpMalformedCommandReady: return "ZMTP_MALFORMED_COMMAND_READY";
    case ProtocolError::ZmtpMalformedCommandWelcome: return "ZMTP_MALFORMED_COMMAND_WELCOME";
    case ProtocolError::ZmtpInvalidMetadata: return "ZMTP_INVALID_METADATA";
    case ProtocolError::ZmtpCryptographic: return "ZMTP_CRYPTOGRAPHIC";
    case ProtocolError::ZmtpMechanismMismatch: return "ZMTP_MECHANISM_MISMATCH";
    case ProtocolError::ZapUnspecified: return "ZAP_UNSPECIFIED";
    case ProtocolError::ZapMalformedReply: return "ZAP_MALFORMED_REPLY";
    case ProtocolError::ZapBadRequestId: return "ZAP_BAD_REQUEST_ID";
    case ProtocolError::ZapBadVersion: return "ZAP_BAD_VERSION";
    case ProtocolError::ZapInvalidStatusCode: return "ZAP_INVALID_STATUS_CODE";
    case ProtocolError::ZapInvalidMetadata: return "ZAP_INVALID_METADATA";
    }
    return "?";
}

}   // namespace zmqscope::codec
