// CaptureStore: what a capture keeps so that any event can be shown again.
// The raw bytes of every connection's two streams are kept once, in 256 KiB
// chunks, within a memory cap; past it, the oldest chunks go to a spill file
// (pcapng: one enhanced packet block of link type USER0 per chunk, with a
// comment naming the stream and offset) and are read back on demand. Each
// event is a 32-byte record in an EventIndex that keeps to half the cap
// (the streams get the rest) and spills whole blocks past it; an event's
// dissection is rebuilt on demand by decoding again from its frame
// boundary. Findings keep their text. Written from one thread at a time;
// the const reads may run on several threads at once (the filter does).
#pragma once

#include "capturedissector.h"
#include "codec/curve.h"
#include "codec/dissection.h"
#include "protocols/applayer.h"

#include <cstdio>
#include <deque>
#include <functional>
#include <optional>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

namespace zmqscope::capture {

struct EventRecord {
    std::int64_t timeNs = 0;
    std::uint64_t offset = 0;      // in its stream
    std::uint32_t length = 0;
    std::uint32_t connection = 0;
    std::uint32_t detail = 0;      // finding index for findings; frame count for messages
    codec::EventKind kind = codec::EventKind::Finding;
    codec::Direction direction = codec::Direction::ClientToServer;
    std::uint8_t flags = 0;        // bit 0 decrypted, bit 1 guessed, bit 2 derived (kDerived)
    std::uint8_t protocol = 0;     // the protocol layer's dissector (protocols::protocolByNumber), 0: none
    // A derived event adds no bytes of its own: the connection's earlier
    // events of its direction already covered its range (the subscription
    // a SUBSCRIBE carries, a decrypted message, the version decided from
    // greeting parts, a finding about what came before).
    static constexpr std::uint8_t kDerived = 4;
};
static_assert(sizeof(EventRecord) <= 32);

class StreamStore {
public:
    StreamStore(std::size_t memoryCap, std::string spillPath);
    ~StreamStore();
    StreamStore(const StreamStore &) = delete;
    StreamStore &operator=(const StreamStore &) = delete;

    std::uint32_t addStream();
    void append(std::uint32_t stream, Bytes data);
    void skip(std::uint32_t stream, std::uint64_t missing);   // a gap: offsets move on, nothing kept
    std::uint64_t size(std::uint32_t stream) const;
    // Copies what is kept of [offset, offset + length); false if any of it
    // was never captured (a gap) or cannot be read back.
    bool read(std::uint32_t stream, std::uint64_t offset, std::size_t length, std::vector<std::uint8_t> &out) const;

    std::size_t memoryUsed() const { return m_memory; }
    // Memory the owner uses beside the streams and counts against the same
    // cap (the event index): the streams spill earlier as it grows.
    void setReserved(std::size_t bytes);
    std::uint64_t spilledBytes() const { return m_spilled; }
    const std::string &spillError() const { return m_spillError; }

private:
    static constexpr std::size_t kChunk = 256 * 1024;
    struct Chunk {
        std::uint64_t start = 0;          // stream offset of the first byte
        std::uint32_t length = 0;
        std::vector<std::uint8_t> bytes;  // empty once spilled
        std::int64_t fileOffset = -1;     // of the data in the spill file
        bool gap = false;                 // offsets with no bytes
    };
    struct Stream {
        std::vector<Chunk> chunks;
        std::uint64_t size = 0;
    };
    void spillOldest();

    std::size_t m_cap;
    std::string m_spillPath;
    std::FILE *m_spill = nullptr;
    std::int64_t m_spillSize = 0;
    std::vector<Stream> m_streams;
    std::deque<std::pair<std::uint32_t, std::size_t>> m_order;   // chunks in memory, oldest first
    std::size_t m_memory = 0;
    std::size_t m_reserved = 0;
    std::uint64_t m_spilled = 0;
    std::string m_spillError;
};

// The event index: records in blocks of 65,536 (2 MiB); past its share of
// the cap, the oldest full blocks go to a file of their own and come back
// on demand into a small cache. Appends from one thread; reads (by value)
// from any number at once.
class EventIndex {
public:
    explicit EventIndex(std::string spillPath);
    ~EventIndex();
    EventIndex(const EventIndex &) = delete;
    EventIndex &operator=(const EventIndex &) = delete;

    void push_back(const EventRecord &r);
    std::size_t size() const { return m_size; }
    EventRecord at(std::size_t i) const;
    // Spills full blocks, oldest first, until at most `bytes` stay in memory.
    void limit(std::size_t bytes);
    std::size_t memoryUsed() const { return m_resident * kBlockBytes + m_cached.size() * kBlockBytes; }
    std::size_t spilledBlocks() const { return m_spilledBlocks; }

    static constexpr std::size_t kBlock = 65536;
    static constexpr std::size_t kBlockBytes = kBlock * sizeof(EventRecord);

private:
    struct Block {
        std::unique_ptr<EventRecord[]> records;   // null once spilled
        std::int64_t fileOffset = -1;
    };
    std::string m_path;
    int m_fd = -1;
    std::int64_t m_fileSize = 0;
    std::vector<Block> m_blocks;
    std::size_t m_size = 0;
    std::size_t m_resident = 0;        // blocks in memory (not counting the cache)
    std::size_t m_firstResident = 0;   // blocks before it are spilled
    std::size_t m_spilledBlocks = 0;
    mutable std::mutex m_cacheMutex;
    mutable std::deque<std::pair<std::size_t, std::unique_ptr<EventRecord[]>>> m_cached;   // newest last
};

// Records a capture's events and bytes (as a CaptureEventSink fed by the
// same dissection that produced them, plus the streams' bytes) and rebuilds
// any event's dissection tree on demand.
class CaptureStore : public CaptureEventSink {
public:
    CaptureStore(std::size_t memoryCap, std::string spillPath);

    // A connection's bytes, as the dissection consumed them, and its events.
    void connectionStarted(const FlowInfo &flow) override;
    void connectionBytes(const FlowInfo &flow, codec::Direction d, Bytes bytes) override;
    void connectionGap(const FlowInfo &flow, codec::Direction d, std::uint64_t missing) override;
    // Datagrams (ZRE beacons: connection 0, kind Beacon) keep their bytes
    // in a stream of their own. A message the protocol layer annotated
    // keeps its protocol in the record and its note beside the index.
    void event(const ConnectionContext &context, const codec::Event &event) override;
    std::uint32_t nextEventNumber() const override { return std::uint32_t(m_events.size() + 1); }

    std::size_t eventCount() const { return m_events.size(); }
    EventRecord record(std::size_t i) const { return m_events.at(i); }
    const FlowInfo *flow(std::uint32_t connection) const;
    // Session keys for events that were decrypted (CURVE with a key log):
    // given a connection's C', its K. Without it, decrypted events have no
    // tree to show again.
    using KeyLookup = std::function<std::optional<codec::CurveKey>(const codec::CurveKey &clientTransient)>;
    void setKeyLookup(KeyLookup lookup) { m_keyLookup = std::move(lookup); }
    // Server key pairs the capture was read with (a CURVE-terminating tap's):
    // a decrypted WELCOME is opened again with them.
    void addServerKeys(const std::vector<codec::CurveKeyPair> &keys) { m_serverKeys.insert(m_serverKeys.end(), keys.begin(), keys.end()); }
    // The dissection tree of event `i`, decoded again from the stored bytes;
    // with `decrypted`, also what its CURVE boxes held (codec::decryptedBytes).
    std::optional<codec::Field> dissection(std::size_t i, std::vector<std::uint8_t> *decrypted = nullptr) const;
    // Event `i` decoded again and handed to `use` with the protocol layer's
    // annotation as the first pass left it (once; false when it cannot be
    // rebuilt: bytes not captured, or no key for a decrypted one).
    using RebuiltEvent = std::function<void(const codec::Event &, const protocols::Annotation *)>;
    bool rebuildEvent(std::size_t i, const RebuiltEvent &use) const;
    // Its one-line summary: the protocol's, or ZMTP's (empty when it cannot be rebuilt).
    std::optional<std::string> summary(std::size_t i) const;
    // The sender's ZMTP version and mechanism for event `i` (the filter's
    // zmtp.version and zmtp.mechanism).
    std::pair<codec::ZmtpVersion, codec::Mechanism> sender(std::size_t i) const;
    // The event's bytes, for a hex view.
    bool eventBytes(std::size_t i, std::vector<std::uint8_t> &out) const;
    // What the protocol layer's first pass noted of events [from, to), in
    // event order (only events with a note): a reply's request and
    // response time, a learned label. The statistics read them.
    using NoteVisitor = std::function<void(std::size_t event, const protocols::Note &note)>;
    void forEachNote(std::size_t from, std::size_t to, const NoteVisitor &visit) const;

    const StreamStore &streams() const { return m_streams; }
    std::size_t indexMemory() const
    {
        return m_events.memoryUsed() + m_findings.capacity() * sizeof(codec::Finding)
            + m_decisions.capacity() * sizeof(Decided) + m_notes.capacity() * sizeof(NoteRecord) + m_labelBytes;
    }
    // The severity of a finding event (-1 for other events), and the
    // version and mechanism its row shows.
    int severity(std::size_t i) const;
    std::pair<codec::ZmtpVersion, codec::Mechanism> rowVersion(std::size_t i) const;
    // Bytes in memory in all: streams and index; at most about the cap.
    std::size_t memoryUsed() const { return m_streams.memoryUsed() + indexMemory(); }

private:
    struct Conn {
        FlowInfo flow;
        std::uint32_t stream[2] = {0, 0};
        codec::VersionDecision decision[2];
        codec::Mechanism mechanism[2] = {codec::Mechanism::None, codec::Mechanism::None};
        codec::SocketType socketType[2] = {codec::SocketType::Unknown, codec::SocketType::Unknown};
        std::optional<codec::CurveKey> clientTransient;   // from HELLO
        std::uint64_t covered[2] = {0, 0};   // per direction: where the bytes events covered end
        // What the protocol layer knew of each side (CURVE-decrypted
        // metadata included), from the event it was first seen at: a
        // message sent before the peer's READY rebuilds as it was read.
        struct Sides {
            std::uint32_t from = 0;   // event index
            codec::SocketType type[2] = {codec::SocketType::Unknown, codec::SocketType::Unknown};
            std::string identity[2];
        };
        std::vector<Sides> sides;
    };
    // A note of the first pass, beside the index (sorted by event).
    struct NoteRecord {
        std::uint32_t event = 0;
        std::uint32_t responseTo = 0;
        std::uint32_t linked = 0;
        std::uint32_t label : 24 = 0;   // index + 1 in m_labels; 0: none
        std::uint32_t variant : 8 = 0;
        double time = -1;
    };
    std::optional<protocols::Annotation> annotation(std::size_t i, const EventRecord &r) const;
    bool rebuildDecrypted(std::size_t i, const EventRecord &r, const Conn &c, const RebuiltEvent &use) const;
    std::vector<NoteRecord> m_notes;
    std::vector<std::string> m_labels;
    std::map<std::string, std::uint32_t, std::less<>> m_labelIndex;
    std::size_t m_labelBytes = 0;
    KeyLookup m_keyLookup;
    std::vector<codec::CurveKeyPair> m_serverKeys;
    StreamStore m_streams;
    void balance();
    std::size_t m_cap;
    EventIndex m_events;
    std::vector<codec::Finding> m_findings;
    struct Decided {
        codec::VersionDecision decision;
        codec::Mechanism mechanism;
        codec::Greeting greeting;
    };
    std::vector<Decided> m_decisions;
    std::map<std::uint32_t, Conn> m_conns;
    std::optional<std::uint32_t> m_beaconStream;
    std::vector<std::string> m_beaconSources;   // "ip:port", by EventRecord::detail
};

}   // namespace zmqscope::capture
