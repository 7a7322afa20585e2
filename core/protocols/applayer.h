// The protocol layer of one capture: which protocol each connection speaks
// (detected by content and conversation, never by port; Decode As
// overrides), the first pass over its messages (track), and the trees and
// summary lines of any event with what that pass left (any thread).
//
// One AppLayer per capture pipeline (capture/pipeline.h), one AppConnection
// per connection, plus one for datagrams (ZRE beacons, connection 0). Used
// on the thread that feeds the pipeline; dissectEvent() and summaryLine()
// are pure and run anywhere.
#pragma once

#include "protocol.h"

#include "codec/connectiondecoder.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace zmqscope::protocols {

// Decode As: a protocol id per port or per connection ("none": no
// application protocol; missing: detect). A connection's entry wins over
// its ports'.
struct DecodeAs {
    std::map<std::uint16_t, std::string> ports;
    std::map<std::uint32_t, std::string> connections;
    bool empty() const { return ports.empty() && connections.empty(); }
};

// What the layer says of one message, handed on with it (valid during the
// call) and kept by the store in compact form: enough to rebuild its tree.
struct Annotation {
    const ProtocolDissector *dissector = nullptr;   // null: no protocol
    codec::SocketType sender = codec::SocketType::Unknown;
    codec::SocketType receiver = codec::SocketType::Unknown;
    // Views into the decoder's or the store's strings: valid as long as
    // the annotation (during the call that hands it on, or a rebuild).
    std::string_view senderIdentity;
    std::string_view receiverIdentity;
    Note note;
};

// The view a dissector reads, for an event and its annotation.
MessageView messageView(const codec::Event &event, const Annotation &app);
// Leading routing ids (libzmq's generated 5-byte ids) and the empty
// delimiter, if the message starts with such an envelope.
std::size_t envelopeOf(std::span<const FrameView> frames);

// The event's tree: ZMTP's, with the protocol's subtree under it.
Field dissectEvent(const codec::Event &event, const Annotation *app);
// The protocol's line ("MDP/0.1 REQUEST service=echo"), or ZMTP's
// (eventdump's line without direction and offset).
std::string summaryLine(const codec::Event &event, const Annotation *app);
// The innermost protocol node of a tree ("mmi" inside "mdp"), or empty.
std::string_view innermostProtocol(const Field &tree);

class AppLayer;

class AppConnection {
public:
    AppConnection(AppLayer &layer, std::uint32_t id, std::string decodeAs);
    ~AppConnection();

    // Every event of the connection passes here before it is handed on.
    // Commands teach the socket types and identities CURVE hides from the
    // decoder (decrypted READY/INITIATE). For a message (or a datagram) of
    // a decided connection it returns its annotation and appends what
    // track() found; null otherwise. `decoder` may be null (datagrams).
    const Annotation *onEvent(const codec::Event &event, const codec::ConnectionDecoder *decoder, std::uint32_t number,
                              std::int64_t timeNs, std::vector<codec::Finding> &findings);

    const ProtocolDissector *protocol() const { return m_dissector; }

private:
    void learn(const codec::Event &event);
    const ProtocolDissector *decide(const MessageView &view, bool &weakHit, std::int64_t timeNs);
    void keep(const codec::Event &event, std::uint32_t number, std::int64_t timeNs);
    void replayKept(const TrackContext &context);

    AppLayer &m_layer;
    std::uint32_t m_id;
    std::string m_decodeAs;
    const ProtocolDissector *m_dissector = nullptr;
    bool m_fixed = false;                      // Decode As chose (or "none")
    std::map<const ProtocolDissector *, unsigned> m_weak;   // weak hits so far
    std::map<const ProtocolDissector *, std::int64_t> m_firstVote;   // when each first voted
    unsigned m_undecided = 0;                  // messages nothing voted for
    static constexpr unsigned kGiveUp = 64;
    std::unique_ptr<ConversationState> m_conversation;
    ConversationState *m_capture = nullptr;    // the dissector's capture-wide state, once asked
    bool m_captureAsked = false;
    codec::SocketType m_learnedType[2] = {codec::SocketType::Unknown, codec::SocketType::Unknown};
    std::string m_learnedIdentity[2];
    bool m_hasLearnedIdentity[2] = {false, false};
    Annotation m_annotation;
    // Messages that voted Weak before the connection was decided, copied
    // (at most kKeep, kKeepBytes in all) so that track() sees them first
    // once it is: the request a reply answers is not missed.
    struct Kept {
        codec::Event event;
        std::vector<FrameView> frames;
        std::vector<std::vector<std::uint8_t>> bodies;
        std::uint32_t number = 0;
        std::int64_t timeNs = 0;
        codec::SocketType sender = codec::SocketType::Unknown, receiver = codec::SocketType::Unknown;
        std::string senderIdentity, receiverIdentity;
    };
    std::vector<Kept> m_kept;
    std::size_t m_keptBytes = 0;
    static constexpr std::size_t kKeep = 4;
    static constexpr std::size_t kKeepBytes = 65536;
};

class AppLayer {
public:
    explicit AppLayer(DecodeAs decodeAs = {});
    ~AppLayer();
    AppLayer(const AppLayer &) = delete;
    AppLayer &operator=(const AppLayer &) = delete;

    std::unique_ptr<AppConnection> connection(std::uint32_t id, std::uint16_t clientPort, std::uint16_t serverPort);
    // Connection 0: datagrams (ZRE beacons).
    AppConnection &datagrams();
    // A dissector's state for the whole capture (cross-connection).
    ConversationState *captureState(const ProtocolDissector *dissector);

private:
    DecodeAs m_decodeAs;
    std::map<const ProtocolDissector *, std::unique_ptr<ConversationState>> m_states;
    std::unique_ptr<AppConnection> m_datagrams;
};

}   // namespace zmqscope::protocols
