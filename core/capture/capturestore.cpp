#include "capturestore.h"

#include "codec/curvedecryptor.h"
#include "protocols/registry.h"

#include "capturefile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace zmqscope::capture {

using namespace codec;

// --- StreamStore --------------------------------------------------------------

StreamStore::StreamStore(std::size_t memoryCap, std::string spillPath)
    : m_cap(memoryCap)
    , m_spillPath(std::move(spillPath))
{
}

StreamStore::~StreamStore()
{
    if (m_spill)
        std::fclose(m_spill);
}

std::uint32_t StreamStore::addStream()
{
    m_streams.emplace_back();
    return static_cast<std::uint32_t>(m_streams.size() - 1);
}

std::uint64_t StreamStore::size(std::uint32_t stream) const
{
    return stream < m_streams.size() ? m_streams[stream].size : 0;
}

void StreamStore::append(std::uint32_t id, Bytes data)
{
    Stream &s = m_streams.at(id);
    while (!data.empty()) {
        if (s.chunks.empty() || s.chunks.back().gap || s.chunks.back().fileOffset >= 0
            || s.chunks.back().length == kChunk) {
            Chunk c;
            c.start = s.size;
            c.bytes.reserve(kChunk);
            s.chunks.push_back(std::move(c));
            m_order.emplace_back(id, s.chunks.size() - 1);
            m_memory += kChunk;
        }
        Chunk &c = s.chunks.back();
        const std::size_t n = std::min<std::size_t>(data.size(), kChunk - c.length);
        c.bytes.insert(c.bytes.end(), data.begin(), data.begin() + n);
        c.length += static_cast<std::uint32_t>(n);
        s.size += n;
        data = data.subspan(n);
    }
    while (m_memory + m_reserved > m_cap && m_order.size() > 1)
        spillOldest();
}

void StreamStore::setReserved(std::size_t bytes)
{
    m_reserved = bytes;
    while (m_memory + m_reserved > m_cap && m_order.size() > 1)
        spillOldest();
}

void StreamStore::skip(std::uint32_t id, std::uint64_t missing)
{
    Stream &s = m_streams.at(id);
    Chunk c;
    c.start = s.size;
    c.gap = true;
    c.length = static_cast<std::uint32_t>(std::min<std::uint64_t>(missing, UINT32_MAX));
    s.chunks.push_back(std::move(c));
    s.size += missing;
}

void StreamStore::spillOldest()
{
    const auto [id, index] = m_order.front();
    m_order.pop_front();
    Chunk &c = m_streams[id].chunks[index];
    if (!m_spill) {
        m_spill = std::fopen(m_spillPath.c_str(), "w+b");
        if (!m_spill) {
            m_spillError = m_spillPath + ": " + std::strerror(errno);
            m_cap = SIZE_MAX;   // keep in memory rather than lose bytes
            return;
        }
        PcapngWriter w(m_spill);
        w.sectionHeader("ZmqScope capture store spill: chunks of connection byte streams");
        w.addInterface(147, "zmqscope-store");   // LINKTYPE_USER0
        m_spillSize = std::ftell(m_spill);
    }
    PcapngWriter w(m_spill);
    const std::string comment = "stream " + std::to_string(id) + " offset " + std::to_string(c.start);
    // An enhanced packet block: 8 bytes of block header, 20 of fields, data.
    c.fileOffset = m_spillSize + 28;
    std::fseek(m_spill, 0, SEEK_END);
    w.packet(0, 0, c.bytes, comment);
    std::fflush(m_spill);   // read() preads the descriptor
    m_spillSize = std::ftell(m_spill);
    m_spilled += c.length;
    std::vector<std::uint8_t>().swap(c.bytes);
    m_memory -= kChunk;
}

bool StreamStore::read(std::uint32_t id, std::uint64_t offset, std::size_t length, std::vector<std::uint8_t> &out) const
{
    out.clear();
    if (id >= m_streams.size())
        return false;
    const Stream &s = m_streams[id];
    if (offset + length > s.size)
        return false;
    // Chunks are in offset order: find the first that ends after `offset`.
    auto it = std::upper_bound(s.chunks.begin(), s.chunks.end(), offset,
                               [](std::uint64_t o, const Chunk &c) { return o < c.start + c.length; });
    while (out.size() < length && it != s.chunks.end()) {
        const Chunk &c = *it++;
        if (c.gap)
            return false;
        const std::uint64_t from = offset + out.size() - c.start;
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(c.length - from, length - out.size()));
        if (c.fileOffset >= 0) {
            const std::size_t at = out.size();
            out.resize(at + n);
            if (::pread(::fileno(m_spill), out.data() + at, n, c.fileOffset + static_cast<off_t>(from)) != ssize_t(n))
                return false;
        } else {
            out.insert(out.end(), c.bytes.begin() + long(from), c.bytes.begin() + long(from + n));
        }
    }
    return out.size() == length;
}

// --- CaptureStore -------------------------------------------------------------

EventIndex::EventIndex(std::string spillPath)
    : m_path(std::move(spillPath))
{
}

EventIndex::~EventIndex()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_path.c_str());
    }
}

void EventIndex::push_back(const EventRecord &r)
{
    const std::size_t block = m_size / kBlock;
    if (block == m_blocks.size()) {
        m_blocks.push_back({std::make_unique<EventRecord[]>(kBlock), -1});
        ++m_resident;
    }
    m_blocks[block].records[m_size % kBlock] = r;
    ++m_size;
}

EventRecord EventIndex::at(std::size_t i) const
{
    const Block &b = m_blocks.at(i / kBlock);
    if (b.records)
        return b.records[i % kBlock];
    std::lock_guard lock(m_cacheMutex);
    for (const auto &[index, records] : m_cached)
        if (index == i / kBlock)
            return records[i % kBlock];
    auto records = std::make_unique<EventRecord[]>(kBlock);
    if (::pread(m_fd, records.get(), kBlockBytes, b.fileOffset) != ssize_t(kBlockBytes))
        return EventRecord{};   // the spill file went away: an empty record
    const EventRecord r = records[i % kBlock];
    m_cached.emplace_back(i / kBlock, std::move(records));
    if (m_cached.size() > 4)
        m_cached.pop_front();
    return r;
}

void EventIndex::limit(std::size_t bytes)
{
    // Full blocks only: the last one is still being appended to.
    while (m_resident * kBlockBytes > bytes && m_firstResident + 1 < m_blocks.size()) {
        if (m_fd < 0) {
            m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (m_fd < 0)
                return;   // keep the index in memory rather than lose it
        }
        Block &b = m_blocks[m_firstResident];
        if (::pwrite(m_fd, b.records.get(), kBlockBytes, m_fileSize) != ssize_t(kBlockBytes))
            return;
        b.fileOffset = m_fileSize;
        m_fileSize += std::int64_t(kBlockBytes);
        b.records.reset();
        --m_resident;
        ++m_firstResident;
        ++m_spilledBlocks;
    }
}

CaptureStore::CaptureStore(std::size_t memoryCap, std::string spillPath)
    : m_streams(memoryCap, spillPath)
    , m_cap(memoryCap)
    , m_events(spillPath + ".index")
{
}

// The index may use half the cap; the streams spill to keep the rest.
void CaptureStore::balance()
{
    m_events.limit(m_cap / 2);
    m_streams.setReserved(indexMemory());
}

void CaptureStore::connectionStarted(const FlowInfo &flow)
{
    Conn c;
    c.flow = flow;
    c.stream[0] = m_streams.addStream();
    c.stream[1] = m_streams.addStream();
    m_conns[static_cast<std::uint32_t>(flow.id)] = c;
}

void CaptureStore::connectionBytes(const FlowInfo &flow, Direction d, Bytes data)
{
    m_streams.append(m_conns.at(static_cast<std::uint32_t>(flow.id)).stream[int(d)], data);
}

void CaptureStore::connectionGap(const FlowInfo &flow, Direction d, std::uint64_t missing)
{
    m_streams.skip(m_conns.at(static_cast<std::uint32_t>(flow.id)).stream[int(d)], missing);
}

const FlowInfo *CaptureStore::flow(std::uint32_t connection) const
{
    const auto it = m_conns.find(connection);
    return it == m_conns.end() ? nullptr : &it->second.flow;
}

void CaptureStore::event(const ConnectionContext &ctx, const Event &ev)
{
    const auto id = static_cast<std::uint32_t>(ctx.flow.id);
    if (ctx.app && ctx.app->dissector && (ev.kind == EventKind::Message || ev.kind == EventKind::Beacon)
        && !ctx.app->note.empty()) {
        NoteRecord n;
        n.event = static_cast<std::uint32_t>(m_events.size());
        n.responseTo = ctx.app->note.responseTo;
        n.linked = ctx.app->note.linked;
        n.time = ctx.app->note.time;
        n.variant = ctx.app->note.variant;
        if (!ctx.app->note.label.empty()) {
            // Labels are names (a service, a peer's name): kept once each, short.
            const std::string label = ctx.app->note.label.substr(0, 256);
            auto it = m_labelIndex.find(label);
            if (it == m_labelIndex.end() && m_labels.size() < 1000000) {   // (< 2^24: the record's label field)
                m_labels.push_back(label);
                m_labelBytes += 2 * (label.size() + sizeof(std::string)) + 48;
                it = m_labelIndex.emplace(label, std::uint32_t(m_labels.size())).first;
            }
            if (it != m_labelIndex.end())
                n.label = it->second;
        }
        m_notes.push_back(n);
    }
    const std::uint8_t protocol = ctx.app && ctx.app->dissector ? protocols::protocolNumber(ctx.app->dissector) : 0;
    if (ev.kind == EventKind::Beacon) {
        if (!m_beaconStream)
            m_beaconStream = m_streams.addStream();
        const Bytes payload = ev.frames.empty() ? Bytes{} : ev.frames[0].body;
        EventRecord r;
        r.timeNs = ctx.timeNs;
        r.offset = m_streams.size(*m_beaconStream);
        r.length = static_cast<std::uint32_t>(payload.size());
        r.connection = 0;
        r.kind = EventKind::Beacon;
        r.protocol = protocol;
        r.detail = static_cast<std::uint32_t>(m_beaconSources.size());
        m_streams.append(*m_beaconStream, payload);
        m_beaconSources.emplace_back(ev.source);
        m_events.push_back(r);
        if ((m_events.size() & 4095) == 0)
            balance();
        return;
    }
    if (id == 0) {
        // A finding about a datagram: no connection.
        EventRecord r;
        r.timeNs = ctx.timeNs;
        r.offset = ev.offset;
        r.length = static_cast<std::uint32_t>(std::min<std::uint64_t>(ev.length, UINT32_MAX));
        r.kind = ev.kind;
        if (ev.kind == EventKind::Finding) {
            r.detail = static_cast<std::uint32_t>(m_findings.size());
            m_findings.push_back(*ev.finding);
        }
        m_events.push_back(r);
        return;
    }
    Conn &c = m_conns[id];
    if (ctx.app) {
        const int sd = int(ev.direction);
        const Conn::Sides *last = c.sides.empty() ? nullptr : &c.sides.back();
        const bool same = last && last->type[sd] == ctx.app->sender && last->type[1 - sd] == ctx.app->receiver
            && last->identity[sd] == ctx.app->senderIdentity && last->identity[1 - sd] == ctx.app->receiverIdentity;
        if (!same && c.sides.size() < 64) {
            Conn::Sides now;
            now.from = static_cast<std::uint32_t>(m_events.size());
            now.type[sd] = ctx.app->sender;
            now.type[1 - sd] = ctx.app->receiver;
            now.identity[sd] = std::string(ctx.app->senderIdentity);
            now.identity[1 - sd] = std::string(ctx.app->receiverIdentity);
            c.sides.push_back(std::move(now));
        }
    }
    const int d = int(ev.direction);
    if (ev.kind == EventKind::VersionDecided) {
        c.decision[d] = ev.decision;
        c.mechanism[d] = ev.mechanism;
    }
    c.socketType[d] = ctx.decoder.side(ev.direction).socketType;
    if (ev.kind == EventKind::Command && !ev.decrypted && ev.command && ev.command->hasCurve
        && ev.command->kind == CommandKind::Hello && ev.command->curve.transientKey.size() == 32) {
        CurveKey k;
        std::copy(ev.command->curve.transientKey.begin(), ev.command->curve.transientKey.end(), k.begin());
        c.clientTransient = k;
    }
    EventRecord r;
    r.timeNs = ctx.timeNs;
    r.offset = ev.offset;
    r.length = static_cast<std::uint32_t>(std::min<std::uint64_t>(ev.length, UINT32_MAX));
    r.connection = id;
    r.kind = ev.kind;
    r.direction = ev.direction;
    r.flags = std::uint8_t((ev.decrypted ? 1 : 0) | (ev.guessed ? 2 : 0));
    if (ev.offset + ev.length <= c.covered[d] && ev.kind != EventKind::GreetingPart)
        r.flags |= EventRecord::kDerived;
    c.covered[d] = std::max(c.covered[d], ev.offset + ev.length);
    r.protocol = protocol;
    if (ev.kind == EventKind::Finding) {
        r.detail = static_cast<std::uint32_t>(m_findings.size());
        m_findings.push_back(*ev.finding);
    } else if (ev.kind == EventKind::VersionDecided) {
        r.detail = static_cast<std::uint32_t>(m_decisions.size());
        m_decisions.push_back({ev.decision, ev.mechanism, ev.greeting ? *ev.greeting : Greeting{}});
    } else if (ev.kind == EventKind::Message) {
        r.detail = static_cast<std::uint32_t>(ev.frameCount);
    }
    m_events.push_back(r);
    if ((m_events.size() & 4095) == 0)
        balance();
}

int CaptureStore::severity(std::size_t i) const
{
    const EventRecord r = m_events.at(i);
    return r.kind == EventKind::Finding ? int(m_findings.at(r.detail).severity) : -1;
}

std::pair<ZmtpVersion, Mechanism> CaptureStore::rowVersion(std::size_t i) const
{
    const EventRecord r = m_events.at(i);
    if (r.kind == EventKind::VersionDecided) {
        const Decided &d = m_decisions.at(r.detail);
        return {d.decision.version, d.mechanism};
    }
    return sender(i);
}

std::pair<ZmtpVersion, Mechanism> CaptureStore::sender(std::size_t i) const
{
    const EventRecord r = m_events.at(i);
    const auto it = m_conns.find(r.connection);
    if (it == m_conns.end())
        return {ZmtpVersion::Unknown, Mechanism::None};
    const int d = int(r.direction);
    return {it->second.decision[d].version, it->second.mechanism[d]};
}

bool CaptureStore::eventBytes(std::size_t i, std::vector<std::uint8_t> &out) const
{
    const EventRecord r = m_events.at(i);
    if (r.kind == EventKind::Beacon)
        return m_beaconStream && m_streams.read(*m_beaconStream, r.offset, r.length, out);
    const auto it = m_conns.find(r.connection);
    if (it == m_conns.end())
        return false;
    return m_streams.read(it->second.stream[int(r.direction)], r.offset, r.length, out);
}

namespace {
// Hands the first event of a kind at an offset to `use`.
class Catch final : public EventSink {
public:
    EventKind kind;
    std::uint64_t offset;
    Direction direction;
    bool decrypted = false;
    const std::function<void(const Event &)> *use = nullptr;
    bool caught = false;
    void onEvent(const Event &ev) override
    {
        if (!caught && ev.kind == kind && ev.offset == offset && ev.direction == direction && ev.decrypted == decrypted) {
            caught = true;
            (*use)(ev);
        }
    }
};
}   // namespace

std::optional<Field> CaptureStore::dissection(std::size_t i, std::vector<std::uint8_t> *decrypted) const
{
    std::optional<Field> tree;
    rebuildEvent(i, [&](const Event &ev, const protocols::Annotation *app) {
        tree = protocols::dissectEvent(ev, app);
        if (decrypted)
            *decrypted = codec::decryptedBytes(ev);
    });
    return tree;
}

std::optional<std::string> CaptureStore::summary(std::size_t i) const
{
    std::optional<std::string> line;
    rebuildEvent(i, [&](const Event &ev, const protocols::Annotation *app) { line = protocols::summaryLine(ev, app); });
    return line;
}

void CaptureStore::forEachNote(std::size_t from, std::size_t to, const NoteVisitor &visit) const
{
    auto it = std::lower_bound(m_notes.begin(), m_notes.end(), from,
                               [](const NoteRecord &n, std::size_t e) { return n.event < e; });
    protocols::Note note;
    for (; it != m_notes.end() && it->event < to; ++it) {
        note.responseTo = it->responseTo;
        note.linked = it->linked;
        note.time = it->time;
        note.variant = std::uint8_t(it->variant);
        note.label = it->label ? m_labels.at(it->label - 1) : std::string();
        visit(it->event, note);
    }
}

std::optional<protocols::Annotation> CaptureStore::annotation(std::size_t i, const EventRecord &r) const
{
    if (!r.protocol)
        return std::nullopt;
    protocols::Annotation a;
    a.dissector = protocols::protocolByNumber(r.protocol);
    if (!a.dissector)
        return std::nullopt;
    if (const auto c = m_conns.find(r.connection); c != m_conns.end() && r.connection != 0 && !c->second.sides.empty()) {
        // The sides as they were when this event was read: the last entry from before it.
        const auto &sides = c->second.sides;
        auto s = std::upper_bound(sides.begin(), sides.end(), i,
                                  [](std::size_t e, const Conn::Sides &x) { return e < x.from; });
        if (s != sides.begin())
            --s;
        const int d = int(r.direction);
        a.sender = s->type[d];
        a.receiver = s->type[1 - d];
        a.senderIdentity = s->identity[d];
        a.receiverIdentity = s->identity[1 - d];
    }
    const auto it = std::lower_bound(m_notes.begin(), m_notes.end(), i,
                                     [](const NoteRecord &n, std::size_t e) { return n.event < e; });
    if (it != m_notes.end() && it->event == i) {
        a.note.responseTo = it->responseTo;
        a.note.linked = it->linked;
        a.note.time = it->time;
        a.note.variant = std::uint8_t(it->variant);
        if (it->label)
            a.note.label = m_labels.at(it->label - 1);
    }
    return a;
}

bool CaptureStore::rebuildEvent(std::size_t i, const RebuiltEvent &useAnnotated) const
{
    const EventRecord r = m_events.at(i);
    const std::optional<protocols::Annotation> app = annotation(i, r);
    const std::function<void(const Event &)> use = [&](const Event &ev) { useAnnotated(ev, app ? &*app : nullptr); };
    if (r.kind == EventKind::Finding) {
        Event ev;
        ev.kind = EventKind::Finding;
        ev.direction = r.direction;
        ev.offset = r.offset;
        ev.length = r.length;
        ev.finding = &m_findings.at(r.detail);
        use(ev);
        return true;
    }
    if (r.kind == EventKind::VersionDecided) {
        const Decided &dd = m_decisions.at(r.detail);
        Event ev;
        ev.kind = EventKind::VersionDecided;
        ev.direction = r.direction;
        ev.offset = r.offset;
        ev.length = r.length;
        ev.decision = dd.decision;
        ev.mechanism = dd.mechanism;
        ev.greeting = &dd.greeting;
        ev.guessed = (r.flags & 2) != 0;
        use(ev);
        return true;
    }
    if (r.kind == EventKind::Beacon) {
        std::vector<std::uint8_t> bytes;
        if (!m_beaconStream || !m_streams.read(*m_beaconStream, r.offset, r.length, bytes))
            return false;
        // Offsets in the datagram, as the pipeline gave them.
        FrameView f;
        f.offset = 0;
        f.size = bytes.size();
        f.body = Bytes(bytes);
        Event ev;
        ev.kind = EventKind::Beacon;
        ev.offset = 0;
        ev.length = r.length;
        ev.frames = std::span<const FrameView>(&f, 1);
        ev.frameCount = 1;
        ev.source = m_beaconSources.at(r.detail);
        use(ev);
        return true;
    }
    const auto cit = m_conns.find(r.connection);
    if (cit == m_conns.end())
        return false;
    const Conn &c = cit->second;
    if (r.flags & 1)
        return rebuildDecrypted(i, r, c, useAnnotated);
    const int d = int(r.direction);
    Catch catcher;
    catcher.kind = r.kind == EventKind::Subscription ? EventKind::Command : r.kind;
    catcher.offset = r.offset;
    catcher.direction = r.direction;
    catcher.use = &use;
    std::vector<std::uint8_t> bytes;
    const bool early = r.kind == EventKind::GreetingPart || r.kind == EventKind::Identity;
    if (early) {
        // Greetings (and guessed framing) are decided from the start of
        // both streams: decode again from byte 0.
        ConnectionDecoder decoder(catcher, DecoderLimits{},
                                  c.flow.sawSyn ? StartMode::Greeting : StartMode::MidStream);
        const std::uint64_t peerLength = std::min<std::uint64_t>(m_streams.size(c.stream[1 - d]), 64);
        if (m_streams.read(c.stream[1 - d], 0, peerLength, bytes))
            decoder.feed(opposite(r.direction), bytes);
        // Greeting parts complete with the greeting: read at least 64 bytes.
        const std::uint64_t want = std::min<std::uint64_t>(std::max<std::uint64_t>(r.offset + r.length, 64),
                                                           m_streams.size(c.stream[d]));
        if (!m_streams.read(c.stream[d], 0, want, bytes))
            return false;
        decoder.feed(r.direction, bytes);
        decoder.finish();
        return catcher.caught;
    }
    // Anything else starts at a frame boundary: resume there.
    StreamDecoder decoder(r.direction);
    decoder.resumeAt(r.offset, c.decision[d], c.mechanism[d], c.socketType[d]);
    if (!m_streams.read(c.stream[d], r.offset, r.length, bytes))
        return false;
    if (r.kind == EventKind::Subscription) {
        // The connection decoder made this event from a SUBSCRIBE/CANCEL
        // command or a 0x01/0x00 message: make it again from that.
        const std::function<void(const Event &)> convert = [&](const Event &ev) {
            Subscription sub;
            if (ev.kind == EventKind::Command && ev.command) {
                sub.subscribe = ev.command->kind == CommandKind::Subscribe;
                sub.commandForm = true;
                sub.topic = ev.command->text;
                sub.topicOffset = ev.command->textOffset;
            } else if (ev.kind == EventKind::Message && ev.frames.size() == 1 && !ev.frames[0].body.empty()) {
                sub.subscribe = ev.frames[0].body[0] == 1;
                sub.topic = ev.frames[0].body.subspan(1);
                sub.topicOffset = ev.frames[0].bodyOffset() + 1;
            } else {
                return;
            }
            Event out;
            out.kind = EventKind::Subscription;
            out.direction = ev.direction;
            out.offset = ev.offset;
            out.length = ev.length;
            out.subscription = &sub;
            out.guessed = ev.guessed;
            use(out);
        };
        catcher.use = &convert;
        catcher.kind = EventKind::Command;
        decoder.feed(bytes, catcher);
        if (!catcher.caught) {
            catcher.kind = EventKind::Message;
            StreamDecoder again(r.direction);
            again.resumeAt(r.offset, c.decision[d], c.mechanism[d], c.socketType[d]);
            again.feed(bytes, catcher);
        }
        return catcher.caught;
    }
    decoder.feed(bytes, catcher);
    return catcher.caught;
}

// A decrypted event: the boxes it came from (its byte range) decoded again
// and opened with the connection's session key. The plaintext is not kept;
// K is asked for again. WELCOME (opened with a server key) is not rebuilt.
bool CaptureStore::rebuildDecrypted(std::size_t i, const EventRecord &r, const Conn &c, const RebuiltEvent &useAnnotated) const
{
    const std::optional<protocols::Annotation> app = annotation(i, r);
    const std::function<void(const Event &)> use = [&](const Event &ev) { useAnnotated(ev, app ? &*app : nullptr); };
    if (!m_keyLookup || !c.clientTransient)
        return false;
    const std::optional<CurveKey> key = m_keyLookup(*c.clientTransient);
    if (!key)
        return false;
    CurveKeyLog log;
    log.add(*c.clientTransient, *key);
    Catch catcher;
    catcher.kind = r.kind;
    catcher.offset = r.offset;
    catcher.direction = r.direction;
    catcher.decrypted = true;
    catcher.use = &use;
    CurveDecryptor decryptor(catcher, log);
    decryptor.setServerKeys(m_serverKeys);
    decryptor.resumeAfterHello(*c.clientTransient);
    const int d = int(r.direction);
    StreamDecoder decoder(r.direction);
    decoder.resumeAt(r.offset, c.decision[d], c.mechanism[d], c.socketType[d]);
    std::vector<std::uint8_t> bytes;
    if (!m_streams.read(c.stream[d], r.offset, r.length, bytes))
        return false;
    decoder.feed(bytes, decryptor);
    return catcher.caught;
}

}   // namespace zmqscope::capture
