#include "applayer.h"

#include "registry.h"

#include "codec/eventdump.h"

#include <algorithm>

namespace zmqscope::protocols {

using codec::Event;
using codec::EventKind;

namespace {
// Weak markers stick after this many hits on one connection.
constexpr unsigned kWeakRepeats = 2;
constexpr std::int64_t kWeakGraceNs = std::int64_t(3) * 1000000000;   // PPP's liveness: three 1 s heartbeats
}   // namespace

std::size_t envelopeOf(std::span<const FrameView> frames)
{
    // Routing ids a ROUTER generated (00 + 4 bytes) before an empty
    // delimiter; or the delimiter alone, as REQ and REP put it first.
    for (std::size_t i = 0; i < frames.size() && i < 5; ++i) {
        const FrameView &f = frames[i];
        if (f.size == 0)
            return i + 1;
        if (f.size != 5 || f.body.size() != 5 || f.body[0] != 0)
            return 0;
    }
    return 0;
}

MessageView messageView(const Event &ev, const Annotation &app)
{
    MessageView v{ev, ev.frames, 0, codec::SocketType::Unknown, codec::SocketType::Unknown, {}, {}};
    v.frames = ev.frames;
    v.envelopeFrames = envelopeOf(ev.frames);
    v.sender = app.sender;
    v.receiver = app.receiver;
    v.senderIdentity = app.senderIdentity;
    v.receiverIdentity = app.receiverIdentity;
    return v;
}

Field dissectEvent(const Event &ev, const Annotation *app)
{
    Field root = codec::dissect(ev);
    if (app && app->dissector && (ev.kind == EventKind::Message || ev.kind == EventKind::Beacon)) {
        root.children.push_back(app->dissector->dissect(messageView(ev, *app), app->note));
        if (ev.decrypted && !ev.frames.empty()) {
            // Its fields lie in the frames, so in the decrypted bytes; so does its node.
            Field &sub = root.children.back();
            const codec::FrameView &last = ev.frames.back();
            sub.offset = 0;
            sub.length = last.offset + 1 + last.body.size();
            codec::markDecrypted(sub);
        }
    }
    return root;
}

std::string summaryLine(const Event &ev, const Annotation *app)
{
    if (app && app->dissector && (ev.kind == EventKind::Message || ev.kind == EventKind::Beacon)) {
        std::string out;
        app->dissector->summary(messageView(ev, *app), app->note, out);
        return ev.decrypted ? "decrypted " + out : out;
    }
    // eventdump's line without "dir @offset+length ".
    const std::string line = codec::dumpEvent(ev);
    const std::size_t space = line.find(' ', 4);
    return space == std::string::npos ? line : line.substr(space + 1);
}

std::string_view innermostProtocol(const Field &tree)
{
    std::string_view found;
    std::size_t bestDepth = 0;
    const auto walk = [&](const auto &self, const Field &f, std::size_t depth) -> void {
        const std::string_view k = f.key();
        if (!k.empty() && k.find('.') == std::string_view::npos && depth >= bestDepth) {
            found = k;
            bestDepth = depth;
        }
        for (const Field &c : f.children)
            self(self, c, depth + 1);
    };
    walk(walk, tree, 0);
    return found;
}

// --- AppConnection --------------------------------------------------------

AppConnection::AppConnection(AppLayer &layer, std::uint32_t id, std::string decodeAs)
    : m_layer(layer)
    , m_id(id)
    , m_decodeAs(std::move(decodeAs))
{
    if (!m_decodeAs.empty()) {
        m_fixed = true;
        m_dissector = findProtocol(m_decodeAs);   // "none" (or unknown): no protocol
        if (m_dissector)
            m_conversation = m_dissector->newConversation();
    }
}

AppConnection::~AppConnection() = default;

void AppConnection::learn(const Event &ev)
{
    // READY and INITIATE metadata (decrypted ones included) name the
    // sender's socket type and identity.
    if (ev.kind != EventKind::Command || !ev.command)
        return;
    const int d = int(ev.direction);
    for (const codec::Property &p : ev.command->properties) {
        const std::string_view value(reinterpret_cast<const char *>(p.value.data()), p.value.size());
        if (p.name == "Socket-Type") {
            if (const auto t = codec::socketTypeFromName(value))
                m_learnedType[d] = *t;
        } else if (p.name == "Identity") {
            m_learnedIdentity[d] = std::string(value);
            m_hasLearnedIdentity[d] = true;
        }
    }
}

const ProtocolDissector *AppConnection::decide(const MessageView &view, bool &weakHit, std::int64_t timeNs)
{
    weakHit = false;
    const ProtocolDissector *best = nullptr;
    Confidence bestConfidence = Confidence::None;
    for (const ProtocolDissector *d : registry()) {
        const Confidence c = d->detect(view);
        if (c > bestConfidence
            || (c == bestConfidence && c != Confidence::None && best && best->info().lastResort && !d->info().lastResort)) {
            best = d;
            bestConfidence = c;
        }
    }
    switch (bestConfidence) {
    case Confidence::None:
        return nullptr;
    case Confidence::Weak: {
        // A weak marker must repeat before the connection is decided. The
        // reading of last resort waits while a protocol that voted may
        // still repeat its marker (kWeakGraceNs): a PPP worker's READY,
        // then requests and replies before its first heartbeat, is PPP's,
        // not plain request-reply's.
        weakHit = true;
        const int votes = int(++m_weak[best]);
        m_firstVote.try_emplace(best, timeNs);
        if (votes < int(kWeakRepeats))
            return nullptr;
        if (best->info().lastResort)
            for (const auto &[other, count] : m_weak)
                if (other != best && (timeNs - m_firstVote[other] < kWeakGraceNs || votes - int(count) < int(kWeakRepeats)))
                    return nullptr;
        return best;
    }
    case Confidence::Likely:
    case Confidence::Certain:
        return best;
    }
    return nullptr;
}

const Annotation *AppConnection::onEvent(const Event &ev, const codec::ConnectionDecoder *decoder, std::uint32_t number,
                                         std::int64_t timeNs, std::vector<codec::Finding> &findings)
{
    learn(ev);
    if ((ev.kind != EventKind::Message && ev.kind != EventKind::Beacon) || ev.frames.empty())
        return nullptr;   // (a message whose frames were not kept has nothing to read)
    const int d = int(ev.direction);
    // A connection nothing claimed after kGiveUp messages is plain ZMTP
    // (Decode As still reads it as anything).
    if (!m_dissector && !m_fixed && m_weak.empty() && m_undecided >= kGiveUp)
        return nullptr;
    Annotation &a = m_annotation;
    a.note.responseTo = a.note.linked = 0;
    a.note.time = -1;
    a.note.label.clear();
    a.note.variant = 0;
    a.sender = m_learnedType[d];
    a.receiver = m_learnedType[1 - d];
    // (assigned in place: the strings keep their buffers from message to message)
    const std::string *sid = m_hasLearnedIdentity[d] ? &m_learnedIdentity[d] : nullptr;
    const std::string *rid = m_hasLearnedIdentity[1 - d] ? &m_learnedIdentity[1 - d] : nullptr;
    if (decoder) {
        const codec::SideSummary &s = decoder->side(ev.direction);
        const codec::SideSummary &r = decoder->side(codec::opposite(ev.direction));
        if (s.socketType != codec::SocketType::Unknown)
            a.sender = s.socketType;
        if (r.socketType != codec::SocketType::Unknown)
            a.receiver = r.socketType;
        if (s.hasIdentity)
            sid = &s.identity;
        if (r.hasIdentity)
            rid = &r.identity;
    }
    a.senderIdentity = sid ? std::string_view(*sid) : std::string_view();
    a.receiverIdentity = rid ? std::string_view(*rid) : std::string_view();
    // A ZMTP 3.0 subscription (01/00 + topic from a SUB) is ZMTP's, not
    // the application's: the decoder reports it as a subscription.
    if (ev.kind == EventKind::Message && ev.frameCount == 1 && ev.frames.size() == 1 && !ev.frames[0].body.empty()
        && ev.frames[0].body[0] <= 1 && (a.sender == codec::SocketType::Sub || a.sender == codec::SocketType::XSub))
        return nullptr;
    const MessageView view = messageView(ev, a);
    bool replay = false;
    if (!m_dissector && !m_fixed) {
        bool weakHit = false;
        m_dissector = decide(view, weakHit, timeNs);
        if (m_dissector) {
            m_conversation = m_dissector->newConversation();
            replay = !m_kept.empty();
        } else if (weakHit) {
            keep(ev, number, timeNs);
        } else {
            ++m_undecided;
        }
    }
    if (!m_dissector)
        return nullptr;
    a.dissector = m_dissector;
    TrackContext ctx;
    ctx.conversation = m_conversation.get();
    if (!m_captureAsked) {   // (asked once: most dissectors have none)
        m_capture = m_layer.captureState(m_dissector);
        m_captureAsked = true;
    }
    ctx.capture = m_capture;
    ctx.number = number;
    ctx.timeNs = timeNs;
    ctx.connection = m_id;
    ctx.findings = &findings;
    if (replay)
        replayKept(ctx);
    const std::size_t before = findings.size();
    a.note = m_dissector->track(view, ctx);
    // A message the capture did not keep whole (a frame past the display
    // limit) is truncated, not malformed: ZMTP already says which frame was
    // clipped (zmtp.frame.clipped), so what a dissector found missing is dropped.
    if (findings.size() > before && !view.complete())
        findings.erase(std::remove_if(findings.begin() + std::ptrdiff_t(before), findings.end(),
                                      [](const codec::Finding &f) {
                                          return codec::findingInfo(f.id).key.ends_with(".malformed");
                                      }),
                       findings.end());
    return &a;
}

void AppConnection::keep(const Event &ev, std::uint32_t number, std::int64_t timeNs)
{
    std::size_t bytes = 0;
    for (const FrameView &f : ev.frames)
        bytes += f.body.size();
    if (m_kept.size() >= kKeep || m_keptBytes + bytes > kKeepBytes)
        return;
    Kept k;
    k.event = ev;
    // Only the message's own data is kept: the views into the caller's
    // objects end with the call.
    k.event.frame = nullptr;
    k.event.command = nullptr;
    k.event.subscription = nullptr;
    k.event.finding = nullptr;
    k.event.greeting = nullptr;
    k.event.source = {};
    k.number = number;
    k.timeNs = timeNs;
    k.sender = m_annotation.sender;
    k.receiver = m_annotation.receiver;
    k.senderIdentity = std::string(m_annotation.senderIdentity);
    k.receiverIdentity = std::string(m_annotation.receiverIdentity);
    for (const FrameView &f : ev.frames)
        k.bodies.emplace_back(f.body.begin(), f.body.end());
    for (std::size_t i = 0; i < ev.frames.size(); ++i) {
        FrameView f = ev.frames[i];
        f.body = Bytes(k.bodies[i].data(), k.bodies[i].size());
        k.frames.push_back(f);
    }
    m_keptBytes += bytes;
    m_kept.push_back(std::move(k));
}

// The messages kept before the decision, through track() in order. They
// were handed on without a protocol already; what track() finds about them
// now would point at rows that do not show it, so it is dropped.
void AppConnection::replayKept(const TrackContext &context)
{
    std::vector<codec::Finding> dropped;
    for (Kept &k : m_kept) {
        k.event.frames = k.frames;
        Annotation a;
        a.sender = k.sender;
        a.receiver = k.receiver;
        a.senderIdentity = k.senderIdentity;
        a.receiverIdentity = k.receiverIdentity;
        TrackContext ctx = context;
        ctx.number = k.number;
        ctx.timeNs = k.timeNs;
        ctx.findings = &dropped;
        m_dissector->track(messageView(k.event, a), ctx);
    }
    m_kept.clear();
    m_keptBytes = 0;
}

// --- AppLayer ---------------------------------------------------------------

AppLayer::AppLayer(DecodeAs decodeAs)
    : m_decodeAs(std::move(decodeAs))
{
    registry();   // installs the tables into the codec's catalogs
}

AppLayer::~AppLayer() = default;

std::unique_ptr<AppConnection> AppLayer::connection(std::uint32_t id, std::uint16_t clientPort, std::uint16_t serverPort)
{
    std::string decodeAs;
    if (const auto it = m_decodeAs.connections.find(id); it != m_decodeAs.connections.end())
        decodeAs = it->second;
    else if (const auto s = m_decodeAs.ports.find(serverPort); s != m_decodeAs.ports.end())
        decodeAs = s->second;
    else if (const auto c = m_decodeAs.ports.find(clientPort); c != m_decodeAs.ports.end())
        decodeAs = c->second;
    return std::make_unique<AppConnection>(*this, id, decodeAs);
}

AppConnection &AppLayer::datagrams()
{
    if (!m_datagrams)
        m_datagrams = std::make_unique<AppConnection>(*this, 0, std::string());
    return *m_datagrams;
}

ConversationState *AppLayer::captureState(const ProtocolDissector *dissector)
{
    auto it = m_states.find(dissector);
    if (it == m_states.end())
        it = m_states.emplace(dissector, dissector->newCaptureState()).first;
    return it->second.get();
}

}   // namespace zmqscope::protocols
