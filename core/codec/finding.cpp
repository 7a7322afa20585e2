#include "finding.h"

#include <array>
#include <atomic>

namespace zmqscope::codec {

namespace {

using enum FindingId;
using enum Severity;

constexpr std::array kFindings{
    FindingInfo{GreetingSignature, "zmtp.greeting.signature", Note,
                "signature byte 9 is not 0x7F (only bit 0 is tested)"},
    FindingInfo{GreetingRevision, "zmtp.greeting.revision", Warn,
                "revision byte that implementations read differently"},
    FindingInfo{GreetingMechanismInvalid, "zmtp.greeting.mechanism_invalid", Error,
                "mechanism name breaks 23/ZMTP's grammar"},
    FindingInfo{GreetingMechanismUnknown, "zmtp.greeting.mechanism_unknown", Warn,
                "mechanism is not NULL, PLAIN, CURVE or GSSAPI"},
    FindingInfo{GreetingMechanismMismatch, "zmtp.greeting.mechanism_mismatch", Error,
                "the peers announced different mechanisms; both must close"},
    FindingInfo{GreetingAsServerInvalid, "zmtp.greeting.as_server_invalid", Warn,
                "as-server is neither 0 nor 1"},
    FindingInfo{GreetingAsServerNull, "zmtp.greeting.as_server_null", Warn,
                "as-server must be 0 for the NULL mechanism"},
    FindingInfo{GreetingAsServerRoles, "zmtp.greeting.as_server_roles", Note,
                "both peers claim the same as-server role"},
    FindingInfo{GreetingFillerNonZero, "zmtp.greeting.filler", Note,
                "greeting filler bytes are not zero"},
    FindingInfo{GreetingNewerVersion, "zmtp.greeting.newer_version", Note,
                "peer announces a newer ZMTP version than 3.1"},
    FindingInfo{GreetingDowngrade, "zmtp.greeting.downgrade", Note,
                "peer announced 3.x but downgraded to an older peer's framing"},
    FindingInfo{GreetingInsecureDowngrade, "zmtp.greeting.insecure_downgrade", Error,
                "older peer while a security mechanism was announced; must close"},
    FindingInfo{GreetingOneSided, "zmtp.greeting.one_sided", Note,
                "framing decided from this direction alone"},
    FindingInfo{GreetingIdentityFrame, "zmtp.greeting.identity_frame", Warn,
                "2.0 identity frame is not a final short frame"},
    FindingInfo{FrameReservedFlags, "zmtp.frame.reserved_flags", Warn,
                "reserved flag bits are set"},
    FindingInfo{FrameMoreOnCommand, "zmtp.frame.more_on_command", Warn,
                "MORE flag set on a command frame"},
    FindingInfo{FrameLongSmall, "zmtp.frame.long_small", Note,
                "long size field used for a body shorter than 256 bytes"},
    FindingInfo{FrameSizeInvalid, "zmtp.frame.size_invalid", Error,
                "frame size is not valid for this version"},
    FindingInfo{FrameOversize, "zmtp.frame.oversize", Error,
                "frame larger than the configured limit"},
    FindingInfo{FrameBodyClipped, "zmtp.frame.clipped", Note,
                "frame body kept only in part (display limit)"},
    FindingInfo{FrameLibzmqLongBitBug, "zmtp.frame.libzmq_long_bit", Error,
                "libzmq subscription encoder bug: 8-byte size without the LONG bit"},
    FindingInfo{CommandNameInvalid, "zmtp.command.name_invalid", Error,
                "command name is empty, too long or not ALPHA"},
    FindingInfo{CommandUnknown, "zmtp.command.unknown", Note,
                "command not defined by any ZMTP RFC"},
    FindingInfo{CommandMalformed, "zmtp.command.malformed", Error,
                "command body does not match its grammar"},
    FindingInfo{CommandUnexpected, "zmtp.command.unexpected", Error,
                "command in the wrong place or from the wrong side"},
    FindingInfo{CommandVersion, "zmtp.command.version", Warn,
                "command not defined by the ZMTP version the peer announced"},
    FindingInfo{MetadataMalformed, "zmtp.metadata.malformed", Error,
                "metadata property cut short or trailing bytes"},
    FindingInfo{MetadataNameInvalid, "zmtp.metadata.name_invalid", Warn,
                "metadata name empty or outside ALPHA DIGIT - _ . +"},
    FindingInfo{MetadataValueTooLong, "zmtp.metadata.value_too_long", Error,
                "metadata value length of 2^31 or more"},
    FindingInfo{MetadataDuplicate, "zmtp.metadata.duplicate", Warn,
                "metadata property appears twice"},
    FindingInfo{MetadataSocketTypeUnknown, "zmtp.metadata.socket_type_unknown", Warn,
                "Socket-Type is not a known socket type"},
    FindingInfo{MetadataSocketTypeMissing, "zmtp.metadata.socket_type_missing", Note,
                "no Socket-Type property"},
    FindingInfo{MetadataIdentityReserved, "zmtp.metadata.identity_reserved", Warn,
                "Identity starts with a zero byte (reserved in 3.1)"},
    FindingInfo{SocketTypeIncompatible, "zmtp.socket_type.incompatible", Error,
                "socket types may not talk to each other"},
    FindingInfo{PingTtlWrap, "zmtp.ping.ttl_wrap", Note,
                "PING TTL above 655: libzmq's 16-bit arithmetic wraps it"},
    FindingInfo{PingContextTooLong, "zmtp.ping.context_too_long", Warn,
                "PING context longer than 16 bytes"},
    FindingInfo{PingTooShort, "zmtp.ping.too_short", Error,
                "PING without its 2-byte TTL"},
    FindingInfo{PongContextMismatch, "zmtp.pong.context_mismatch", Warn,
                "PONG does not echo the context of the last PING"},
    FindingInfo{SubscriptionCancelUnknown, "zmtp.subscription.cancel_unknown", Warn,
                "CANCEL for a topic that is not subscribed"},
    FindingInfo{StreamResync, "zmtp.stream.resync", Warn,
                "no greeting seen: framing guessed from the bytes"},
    FindingInfo{StreamSkipped, "zmtp.stream.skipped", Warn,
                "bytes skipped while resynchronising"},
    FindingInfo{StreamTruncated, "zmtp.stream.truncated", Note,
                "stream ended inside a greeting or frame"},
    FindingInfo{StreamAfterFailure, "zmtp.stream.after_failure", Error,
                "bytes after an unrecoverable error were not decoded"},
    FindingInfo{MessageBeforeReady, "zmtp.message.before_ready", Error,
                "message sent before the handshake completed"},
    FindingInfo{ErrorReceived, "zmtp.error", Warn, "ERROR command: the peer gives up"},
    FindingInfo{StreamGap, "zmtp.stream.gap", Warn, "bytes missing from the capture"},
    FindingInfo{SubscriptionCountDiffers, "zmtp.subscription.count", Note,
                "CANCEL of a topic subscribed more than once: publishers disagree on what remains"},
    FindingInfo{CommandLibzmqPlainError, "zmtp.command.libzmq_plain_error", Warn,
                "ERROR with name length 0x5E: libzmq's PLAIN \"\\x05ERROR\" hex-escape bug"},
    FindingInfo{CurveBoxNotOpened, "zmtp.curve.box_not_opened", Error,
                "the session key from the key log does not open this box"},
    FindingInfo{CurveNonceNotIncreasing, "zmtp.curve.nonce_not_increasing", Error,
                "MESSAGE nonce not above the sender's previous one (a replay, or reordering)"},
    FindingInfo{CurveServerKeyMatched, "zmtp.curve.server_key", Note,
                "the client's HELLO was made for this server key"},
    FindingInfo{CurveServerKeyMismatch, "zmtp.curve.wrong_server_key", Error,
                "the client's HELLO opens with none of the server keys given: the client uses another server key"},
    FindingInfo{RelayConnectionFailed, "relay.connection_failed", Error,
                "the tap relay could not carry the connection (target unreachable, reset, handshake refused)"},
    FindingInfo{ZreBeaconMalformed, "zre.beacon.malformed", Warn,
                "a datagram on the ZRE beacon port that ZRE nodes drop (header, version or size)"},
};

static_assert([] {
    for (std::size_t i = 0; i < kFindings.size(); ++i)
        if (static_cast<std::size_t>(kFindings[i].id) != i + 1)
            return false;
    return true;
}(), "finding table must be in id order");

}   // namespace

std::string_view severityName(Severity s)
{
    switch (s) {
    case Severity::Note: return "note";
    case Severity::Warn: return "warn";
    case Severity::Error: return "error";
    }
    return "?";
}

namespace {
std::atomic<const FindingCatalog *> g_catalog{nullptr};
}

const FindingInfo &findingInfo(FindingId id)
{
    const auto index = static_cast<std::size_t>(id) - 1;
    if (index < kFindings.size())
        return kFindings[index];
    if (const FindingCatalog *catalog = g_catalog.load(std::memory_order_acquire); catalog && catalog->find)
        if (const FindingInfo *f = catalog->find(id))
            return *f;
    return kFindings[0];
}

void installFindingCatalog(const FindingCatalog *catalog)
{
    g_catalog.store(catalog, std::memory_order_release);
}

std::span<const FindingInfo> allFindings()
{
    return kFindings;
}

}   // namespace zmqscope::codec
