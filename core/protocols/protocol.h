// The protocol layer above ZMTP: what every application-protocol dissector
// (MDP, ZRE, FILEMQ, ...) implements, and what it is given.
//
// A dissector is a const object shared by every thread. It is asked, per
// message, how sure it is that the message is its protocol (detect); once a
// connection is decided, the first pass over the capture calls track() once
// per message in capture order, the only place where conversation state is
// written (request/reply matching, sequence checks, names learned from
// HELLO); what a later rebuild of one event needs from that pass is
// returned as a Note, which the store keeps per event. dissect() and
// summary() then run on any thread, in any order, from the message and
// its Note alone. docs/ADDING_A_DISSECTOR.md is the copy-me checklist.
#pragma once

#include "codec/dissection.h"
#include "codec/finding.h"
#include "codec/streamdecoder.h"
#include "codec/zproto.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmqscope::protocols {

using codec::Bytes;
using codec::Field;
using codec::FieldInfo;
using codec::FrameView;
using Reader = codec::ZprotoReader;   // (the zproto reader every dissector reads its fields with)

// How sure a dissector is that one message is its protocol. Certain and
// Likely decide a connection at once; Weak markers (PPP's one-byte frames,
// FLP's PING) must repeat on the connection before they stick.
enum class Confidence : std::uint8_t { None, Weak, Likely, Certain };

// One message as every dissector reads it. Frames are all the frames as
// they crossed the wire (for a datagram, its payload as the one frame).
struct MessageView {
    const codec::Event &event;                 // kind Message (or Beacon)
    std::span<const FrameView> frames;
    std::size_t envelopeFrames = 0;            // leading routing ids and the empty delimiter, if any
    codec::SocketType sender = codec::SocketType::Unknown;     // decrypted READY/INITIATE metadata included
    codec::SocketType receiver = codec::SocketType::Unknown;
    std::string_view senderIdentity;           // from the handshake (ZMTP 1.0/2.0 frame, or Identity)
    std::string_view receiverIdentity;

    std::size_t size() const { return frames.size(); }
    Bytes body(std::size_t i) const { return frames[i].body; }
    std::string_view text(std::size_t i) const
    {
        return {reinterpret_cast<const char *>(frames[i].body.data()), frames[i].body.size()};
    }
    std::uint64_t offset(std::size_t i) const { return frames[i].bodyOffset(); }
    std::uint64_t length(std::size_t i) const { return frames[i].size; }
    bool clipped(std::size_t i) const { return frames[i].clipped; }
    codec::Direction direction() const { return event.direction; }
    bool datagram() const { return event.kind == codec::EventKind::Beacon; }
    // Every frame kept whole (none clipped): a short one is "truncated", not "malformed".
    bool complete() const
    {
        if (event.frameCount != frames.size())
            return false;
        for (const FrameView &f : frames)
            if (f.clipped)
                return false;
        return true;
    }
};

// What the first pass learned about one message, for its later rebuilds.
struct Note {
    std::uint32_t responseTo = 0;   // the event number (n) of the request this answers
    std::uint32_t linked = 0;       // the same request on another connection (MDP through a broker)
    double time = -1;               // seconds since that request (negative: none)
    std::string label;              // something learned: a ZRE peer's name, a worker's service
    std::uint8_t variant = 0;       // the dissector's own small fact: FILEMQ's encoding, an MDP/0.1 client message's direction
    bool empty() const { return !responseTo && !linked && time < 0 && label.empty() && !variant; }
};

// A dissector's per-connection or per-capture state (track() only).
struct ConversationState {
    virtual ~ConversationState() = default;
};

struct TrackContext {
    ConversationState *conversation = nullptr;   // this connection's (newConversation)
    ConversationState *capture = nullptr;        // the whole capture's, across connections (newCaptureState)
    std::uint32_t number = 0;                    // this message's event number n
    std::int64_t timeNs = 0;
    std::uint32_t connection = 0;
    std::vector<codec::Finding> *findings = nullptr;

    void finding(codec::FindingId id, std::uint64_t offset, std::uint64_t length, std::string detail) const;
};

struct ProtocolInfo {
    std::string_view id;     // "mdp": field keys are "mdp.<name>"; JSON's "protocol"
    std::string_view name;   // "Majordomo"
    std::string_view spec;   // "7/MDP, 18/MDP"
    std::span<const FieldInfo> fields;
    std::span<const codec::FindingInfo> findings;
    // A reading of last resort (plain request-reply): it loses every tie
    // in detection, whatever its place in the registry.
    bool lastResort = false;
};

class ProtocolDissector {
public:
    virtual ~ProtocolDissector() = default;
    virtual const ProtocolInfo &info() const = 0;
    virtual Confidence detect(const MessageView &message) const = 0;
    virtual std::unique_ptr<ConversationState> newConversation() const { return {}; }
    virtual std::unique_ptr<ConversationState> newCaptureState() const { return {}; }
    // First pass, in capture order, once per message of a decided connection.
    virtual Note track(const MessageView &message, const TrackContext &context) const
    {
        (void)message, (void)context;
        return {};
    }
    // Any thread, any order: reads only the message and what track() left.
    virtual Field dissect(const MessageView &message, const Note &note) const = 0;
    // One line: "MDP/0.1 REQUEST service=echo".
    virtual void summary(const MessageView &message, const Note &note, std::string &out) const = 0;
};

// Field building, shared by the dissectors.
Field field(const FieldInfo &info, std::string value, std::uint64_t offset, std::uint64_t length);
Field number(const FieldInfo &info, std::uint64_t value, std::uint64_t offset, std::uint64_t length,
             std::string display = {});
Field real(const FieldInfo &info, double value, std::uint64_t offset, std::uint64_t length, std::string display = {});
// A named value (a command code): the name is the value users compare
// ("READY"), the code is its number.
Field named(const FieldInfo &info, std::uint64_t code, std::uint64_t offset, std::uint64_t length);
// Text as it is when printable, else quoted with \xNN escapes.
std::string printable(Bytes b, std::size_t limit = 64);
std::string printable(std::string_view s, std::size_t limit = 64);
std::string hex(Bytes b, std::size_t limit = 64);
// The envelope's routing ids, joined: requests and replies with the same
// envelope belong together (PPP, plain request-reply).
std::string envelopeKey(const MessageView &message);
// A 64-bit hash of some bytes, eight at a time, chained through `seed`
// (the length is part of each step). For matching inside one process:
// a service and body followed through a broker, an address as a map key.
inline std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 0)
{
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
    const auto mix = [](std::uint64_t h, std::uint64_t w) {
        h = (h ^ w) * k;
        return h ^ (h >> 31);
    };
    std::uint64_t h = mix(seed, bytes.size() + 1);
    const char *p = bytes.data();
    std::size_t n = bytes.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = mix(h, w);
    }
    if (n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = mix(h, w);
    }
    return h;
}
// A status of three digits ("200"), or 0.
std::uint64_t threeDigits(std::string_view s);
// The Note's matching as fields (<id>.response_to, <id>.time, <id>.linked).
void addMatch(Field &root, const FieldInfo *responseTo, const FieldInfo *time, const FieldInfo *linked, const Note &note,
              std::uint64_t offset);

}   // namespace zmqscope::protocols
