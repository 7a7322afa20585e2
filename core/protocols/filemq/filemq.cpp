// FILEMQ (19/FILEMQ v1, 35/FILEMQ v2; digest section 15): a client
// subscribes to paths of a server's folder and receives files as chunks,
// with credit-based flow control. Every message starts with AA A3 and an
// id; fields follow in the first frame.
//
// Three encodings live in the wild, each named in filemq.dialect:
//   RFC 35 as written   path and filename as zproto `string` (1-octet length)
//   zeromq/filemq       the same as `longstr` (4-octet length; since 2014)
//   RFC 19 (v1)         1-octet dictionary counts, NOM without sequence,
//                       CHEEZBURGER without eof and its chunk in the next frame
// OHAI's version decides a connection (01 one octet: v1; 00 02: v2); the
// first pass writes the connection's encoding into each message's note, and
// without it the encoding is the one that parses using every byte.
//
// track(): OHAI first, chunks of each file at consecutive offsets (a gap is
// a finding, never a silently short file), the per-client chunk counter,
// credit never exceeded, and the server's refusals (SRSLY, RTFM).
#include "filemq.h"

#include "codec/zproto.h"

#include <array>
#include <unordered_map>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

constexpr std::array<codec::ValueName, 13> kCommands{{{0x01, "OHAI"}, {0x02, "ORLY"}, {0x03, "YARLY"}, {0x04, "OHAI-OK"},
                                                      {0x05, "ICANHAZ"}, {0x06, "ICANHAZ-OK"}, {0x07, "NOM"},
                                                      {0x08, "CHEEZBURGER"}, {0x09, "HUGZ"}, {0x0A, "HUGZ-OK"},
                                                      {0x0B, "KTHXBAI"}, {0x80, "SRSLY"}, {0x81, "RTFM"}}};
constexpr std::array<codec::ValueName, 2> kOperations{{{1, "create"}, {2, "delete"}}};

enum class F : std::size_t {
    Root, Dialect, Command, Protocol, ProtocolVersion, Path, Options, Cache, Entry, Credit, Sequence, Operation,
    Filename, Offset, Eof, Headers, Chunk, ChunkSize, Reason, Mechanisms, Mechanism, Challenge, Count
};

constexpr std::array kFields{
    FieldInfo{"filemq", "FILEMQ", Node, "File Message Queuing: a server publishes a folder, clients subscribe to paths "
              "and receive files in chunks as they grant credit.", "19/FILEMQ, 35/FILEMQ"},
    FieldInfo{"filemq.dialect", "Dialect", Text,
              "RFC 35 as written (1-octet path lengths), zeromq/filemq (4-octet lengths), or RFC 19 (v1).", "35/FILEMQ"},
    FieldInfo{"filemq.command", "Command", Text,
              "OHAI, OHAI-OK, ICANHAZ, ICANHAZ-OK, NOM, CHEEZBURGER, HUGZ, HUGZ-OK, KTHXBAI, SRSLY, RTFM (v1: ORLY, "
              "YARLY).", "35/FILEMQ", kCommands},
    FieldInfo{"filemq.protocol", "Protocol", Text, "OHAI: \"FILEMQ\".", "35/FILEMQ"},
    FieldInfo{"filemq.protocol_version", "Version", Number, "OHAI: 2 for RFC 35 (a 2-octet field), 1 for RFC 19 (one octet).",
              "35/FILEMQ"},
    FieldInfo{"filemq.path", "Path", Text, "ICANHAZ: the path subscribed to; / is everything.", "35/FILEMQ"},
    FieldInfo{"filemq.options", "Options", Node, "ICANHAZ: options such as RESYNC=1.", "35/FILEMQ"},
    FieldInfo{"filemq.cache", "Cache", Node, "ICANHAZ: files the client has (name = SHA-1), skipped by the server.",
              "35/FILEMQ"},
    FieldInfo{"filemq.entry", "Entry", Text, "One name=value entry.", "35/FILEMQ"},
    FieldInfo{"filemq.credit", "Credit", Number, "NOM: more bytes of file content the server may send.", "35/FILEMQ"},
    FieldInfo{"filemq.sequence", "Sequence", Number,
              "CHEEZBURGER: the chunk counter per client, from 0 (the RFC's comment says file offset; it is not); "
              "NOM: the last chunk received.", "35/FILEMQ"},
    FieldInfo{"filemq.operation", "Operation", Text, "CHEEZBURGER: create or delete.", "35/FILEMQ", kOperations},
    FieldInfo{"filemq.filename", "File name", Text, "CHEEZBURGER: the file's virtual path.", "35/FILEMQ"},
    FieldInfo{"filemq.offset", "Offset", Number, "CHEEZBURGER: where this chunk goes in the file.", "35/FILEMQ"},
    FieldInfo{"filemq.eof", "End of file", Number, "CHEEZBURGER: 1 on the last (empty) chunk of a file.", "35/FILEMQ"},
    FieldInfo{"filemq.headers", "Headers", Node, "CHEEZBURGER: reserved.", "35/FILEMQ"},
    FieldInfo{"filemq.chunk", "Chunk", Raw, "CHEEZBURGER: the file's bytes at the offset.", "35/FILEMQ"},
    FieldInfo{"filemq.chunk_size", "Chunk size", Number, "CHEEZBURGER: how many bytes the chunk holds.", "35/FILEMQ"},
    FieldInfo{"filemq.reason", "Reason", Text, "SRSLY, RTFM: why the server refuses.", "35/FILEMQ"},
    FieldInfo{"filemq.mechanisms", "Mechanisms", Node, "v1 ORLY: SASL mechanisms the server offers.", "19/FILEMQ"},
    FieldInfo{"filemq.mechanism", "Mechanism", Text, "A SASL mechanism (PLAIN must be supported).", "19/FILEMQ"},
    FieldInfo{"filemq.challenge", "Challenge", Raw, "v1 ORLY/YARLY: the challenge or response frame.", "19/FILEMQ"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1800};
constexpr codec::FindingId kOffset{1801};
constexpr codec::FindingId kSequence{1802};
constexpr codec::FindingId kCredit{1803};
constexpr codec::FindingId kOrder{1804};
constexpr codec::FindingId kRefused{1805};
constexpr codec::FindingId kDialect{1806};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "filemq.malformed", codec::Severity::Error,
                       "a FILEMQ message that does not parse: peers drop it"},
    codec::FindingInfo{kOffset, "filemq.offset_gap", codec::Severity::Error,
                       "a chunk at another offset than where the file's previous chunk ended: the file has a hole or an overlap"},
    codec::FindingInfo{kSequence, "filemq.sequence", codec::Severity::Note,
                       "a chunk counter that is not the previous one + 1 (the reference counts chunks per client)"},
    codec::FindingInfo{kCredit, "filemq.credit_exceeded", codec::Severity::Error,
                       "the server sent more file content than the client granted with NOM"},
    codec::FindingInfo{kOrder, "filemq.order", codec::Severity::Warn,
                       "a command before OHAI, or from the wrong side: the server answers RTFM"},
    codec::FindingInfo{kRefused, "filemq.refused", codec::Severity::Warn, "the server refused (SRSLY or RTFM)"},
    codec::FindingInfo{kDialect, "filemq.dialect", codec::Severity::Note,
                       "path and filename use 4-octet lengths as zeromq/filemq does (RFC 35 says 1-octet strings)"},
};

constexpr ProtocolInfo kInfo{"filemq", "FILEMQ", "19/FILEMQ, 35/FILEMQ", kFields, kFindings};

enum class Dialect : std::uint8_t { None, V2String, V2Long, V1 };
constexpr std::string_view kDialectNames[] = {"", "RFC 35 (1-octet strings)", "zeromq/filemq (4-octet strings)", "RFC 19 (v1)"};

struct Parsed {
    std::uint8_t id = 0;
    std::uint16_t version = 0;
    std::uint64_t credit = 0, sequence = 0, offset = 0;
    std::uint8_t operation = 0, eof = 0;
    bool hasEof = false;
    std::string_view path, filename, reason;
    Bytes chunk;
    std::uint64_t chunkOffset = 0;
    std::uint64_t offsetAt = 0;   // of the offset field
    bool exact = false;
};

bool knownId(std::uint8_t id, Dialect d)
{
    return (id >= 0x04 && id <= 0x0B) || id == 0x01 || id == 0x80 || id == 0x81 || (d == Dialect::V1 && (id == 2 || id == 3));
}

// Whether a v1 dictionary (1-octet count, strings "name=value") read from
// here, after one skipped octet if `skip`, ends frame 0 with every entry
// holding a "=". The reader is not moved.
bool v1DictEnds(Reader r, bool skip)
{
    std::uint8_t n = 0, eof = 0;
    if ((skip && (!r.u8(eof) || eof > 1)) || !r.u8(n))
        return false;
    for (unsigned i = 0; i < n; ++i) {
        std::string_view s;
        if (!r.string(s) || s.find('=') == std::string_view::npos)
            return false;
    }
    return r.atEnd();
}

// Parses frame 0 (and v1's extra frame) as dialect `d`; builds `tree`.
bool parse(const MessageView &m, Dialect d, Parsed &p, Field *tree)
{
    if (m.size() == 0 || m.body(0).size() < 3)
        return false;
    Reader r(m.body(0), m.offset(0));
    Bytes sig;
    r.bytes(2, sig);
    if (sig[0] != 0xAA || sig[1] != 0xA3 || !r.u8(p.id) || !knownId(p.id, d))
        return false;
    if (tree)
        tree->children.push_back(named(f(F::Command), p.id, m.offset(0) + 2, 1));
    const auto str = [&](F key, std::string_view *out, bool longForm) {
        const std::uint64_t at = r.offset();
        std::string_view s;
        if (!(longForm ? r.longstr(s) : r.string(s)))
            return false;
        if (out)
            *out = s;
        if (tree)
            tree->children.push_back(field(f(key), printable(s), at + (longForm ? 4 : 1), s.size()));
        return true;
    };
    const auto u64 = [&](F key, std::uint64_t &v) {
        const std::uint64_t at = r.offset();
        if (!r.u64(v))
            return false;
        if (tree)
            tree->children.push_back(number(f(key), v, at, 8));
        return true;
    };
    // v2 hash: 4-octet count, string key, longstr value; v1 dictionary:
    // 1-octet count, strings "name=value".
    const auto dict = [&](F key) {
        const std::uint64_t at = r.offset();
        Field node;   // (built only for a tree: track() reads the same bytes per message)
        if (tree)
            node = field(f(key), {}, at, 0);
        if (d == Dialect::V1) {
            std::uint8_t n = 0;
            if (!r.u8(n))
                return false;
            for (unsigned i = 0; i < n; ++i) {
                const std::uint64_t eAt = r.offset();
                std::string_view s;
                if (!r.string(s))
                    return false;
                if (tree)
                    node.children.push_back(field(f(F::Entry), printable(s), eAt + 1, s.size()));
            }
        } else {
            std::uint32_t n = 0;
            if (!r.u32(n) || n > r.left() / 5)
                return false;
            for (std::uint32_t i = 0; i < n; ++i) {
                const std::uint64_t eAt = r.offset();
                std::string_view k, v;
                if (!r.string(k) || !r.longstr(v))
                    return false;
                if (tree)
                    node.children.push_back(field(f(F::Entry), printable(k) + "=" + printable(v), eAt, r.offset() - eAt));
            }
        }
        if (tree) {
            node.length = r.offset() - at;
            node.value = std::to_string(node.children.size());
            tree->children.push_back(std::move(node));
        }
        return true;
    };
    const bool longForm = d == Dialect::V2Long;
    bool ok = true;
    switch (p.id) {
    case 0x01: {
        std::string_view proto;
        ok = str(F::Protocol, &proto, false);
        const std::uint64_t at = r.offset();
        if (ok && d == Dialect::V1) {
            std::uint8_t v = 0;
            ok = r.u8(v);
            p.version = v;
            if (ok && tree)
                tree->children.push_back(number(f(F::ProtocolVersion), v, at, 1));
        } else if (ok) {
            ok = r.u16(p.version);
            if (ok && tree)
                tree->children.push_back(number(f(F::ProtocolVersion), p.version, at, 2));
        }
        ok = ok && proto == "FILEMQ";
        break;
    }
    case 0x02: {   // v1 ORLY
        std::uint8_t n = 0;
        Field node = field(f(F::Mechanisms), {}, r.offset(), 0);
        ok = r.u8(n);
        for (unsigned i = 0; ok && i < n; ++i) {
            const std::uint64_t at = r.offset();
            std::string_view s;
            ok = r.string(s);
            if (ok)
                node.children.push_back(field(f(F::Mechanism), printable(s), at + 1, s.size()));
        }
        if (ok && tree) {
            tree->children.push_back(std::move(node));
            if (m.size() > 1)
                tree->children.push_back(field(f(F::Challenge), hex(m.body(1)), m.offset(1), m.length(1)));
        }
        break;
    }
    case 0x03:   // v1 YARLY
        ok = str(F::Mechanism, nullptr, false);
        if (ok && tree && m.size() > 1)
            tree->children.push_back(field(f(F::Challenge), hex(m.body(1)), m.offset(1), m.length(1)));
        break;
    case 0x05:
        ok = str(F::Path, &p.path, longForm) && dict(F::Options) && dict(F::Cache);
        break;
    case 0x07:
        ok = u64(F::Credit, p.credit);
        if (ok && d != Dialect::V1)
            ok = u64(F::Sequence, p.sequence);
        else if (ok && r.left() == 8)   // the 2012 code already sent a sequence
            ok = u64(F::Sequence, p.sequence);
        break;
    case 0x08: {
        ok = u64(F::Sequence, p.sequence);
        const std::uint64_t opAt = r.offset();
        ok = ok && r.u8(p.operation);
        if (ok && tree)
            tree->children.push_back(named(f(F::Operation), p.operation, opAt, 1));
        ok = ok && str(F::Filename, &p.filename, longForm);
        p.offsetAt = r.offset();
        ok = ok && u64(F::Offset, p.offset);
        // RFC 19 has no eof; the 2012 code (model/fmq_msg.xml) put one
        // before the headers: read so when only that reading ends the frame.
        if (ok && (d != Dialect::V1 || (!v1DictEnds(r, false) && v1DictEnds(r, true)))) {
            const std::uint64_t at = r.offset();
            ok = r.u8(p.eof);
            p.hasEof = true;
            if (ok && tree)
                tree->children.push_back(number(f(F::Eof), p.eof, at, 1));
        }
        ok = ok && dict(F::Headers);
        if (ok && d != Dialect::V1) {
            const std::uint64_t at = r.offset();
            ok = r.chunk(p.chunk);
            p.chunkOffset = at + 4;
        } else if (ok) {
            if (m.size() < 2) {
                ok = false;
            } else {
                p.chunk = m.body(1);
                p.chunkOffset = m.offset(1);
            }
        }
        if (ok && tree) {
            const std::uint64_t size = d == Dialect::V1 ? m.length(1) : p.chunk.size();
            tree->children.push_back(number(f(F::ChunkSize), size, p.chunkOffset - (d == Dialect::V1 ? 0 : 4), d == Dialect::V1 ? 0 : 4));
            tree->children.push_back(field(f(F::Chunk), printable(p.chunk, 48), p.chunkOffset, size));
        }
        break;
    }
    case 0x80:
    case 0x81:
        ok = str(F::Reason, &p.reason, false);
        break;
    default:
        break;
    }
    if (!ok)
        return false;
    p.exact = r.atEnd() && (d == Dialect::V1 ? (p.id == 2 || p.id == 3 || p.id == 8 ? m.size() == 2 : m.size() == 1) : m.size() == 1);
    return true;
}

// `out` holds the parse of the dialect returned.
Dialect dialectOf(const MessageView &m, Dialect hint, Parsed &out)
{
    // The connection's encoding, if the message reads that way using every
    // byte; else whatever does (an interop mismatch shows as such).
    if (hint != Dialect::None && parse(m, hint, out, nullptr) && out.exact)
        return hint;
    Dialect loose = Dialect::None;
    Parsed looseParse;
    // 1-octet strings first: a 4-octet length read as a 1-octet one is 0,
    // and what follows it then fails to parse; messages without strings
    // read the same either way and are named after the RFC.
    for (Dialect d : {Dialect::V2String, Dialect::V2Long, Dialect::V1}) {
        Parsed q;
        if (!parse(m, d, q, nullptr))
            continue;
        if (q.exact) {
            out = q;
            return d;
        }
        if (loose == Dialect::None) {
            loose = d;
            looseParse = q;
        }
    }
    out = looseParse;
    return loose;
}

Dialect dialectOf(const MessageView &m, Dialect hint)
{
    Parsed p;
    return dialectOf(m, hint, p);
}

// The first pass keeps the encoding it read in the note's variant.
Dialect hintOf(const Note &n)
{
    return n.variant <= std::uint8_t(Dialect::V1) ? Dialect(n.variant) : Dialect::None;
}

struct Connection : ConversationState {
    Dialect dialect = Dialect::None;
    bool ohai = false;
    bool dialectNoted = false;
    bool haveSequence = false;
    std::uint64_t sequence = 0;
    std::uint64_t credit = 0;
    bool credited = false;
    std::unordered_map<std::uint64_t, std::uint64_t> next;   // hashBytes(filename) -> where its next chunk must start
};

class Filemq final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }
    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram() || m.size() == 0 || m.body(0).size() < 3 || m.body(0)[0] != 0xAA || m.body(0)[1] != 0xA3)
            return Confidence::None;
        return dialectOf(m, Dialect::None) != Dialect::None ? Confidence::Certain : Confidence::None;
    }
    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        Note note;
        if (!c)
            return note;
        // OHAI names the encoding: one version octet is v1.
        if (m.size() && m.body(0).size() >= 3 && m.body(0)[2] == 0x01) {
            Parsed p;
            if (parse(m, Dialect::V1, p, nullptr) && p.exact)
                c->dialect = Dialect::V1;
            else if (parse(m, Dialect::V2Long, p, nullptr))
                c->dialect = Dialect::None;   // v2: path encoding still open
        }
        Parsed p;
        const Dialect d = dialectOf(m, c->dialect, p);
        if (d == Dialect::None) {
            ctx.finding(kMalformed, m.event.offset, m.event.length, "not a FILEMQ message this side could read");
            return note;
        }
        if (c->dialect == Dialect::None && (p.id == 0x05 || p.id == 0x08))
            c->dialect = d;   // the first path or filename decides
        note.variant = std::uint8_t(d);
        if (d == Dialect::V2Long && !c->dialectNoted && (p.id == 0x05 || p.id == 0x08)) {
            c->dialectNoted = true;
            ctx.finding(kDialect, m.offset(0), m.length(0), "as zeromq/filemq encodes them since 2014");
        }
        const std::uint64_t at = m.offset(0), len = m.length(0);
        if (p.id == 0x01)
            c->ohai = true;
        else if (!c->ohai && p.id != 0x80 && p.id != 0x81)
            ctx.finding(kOrder, at, len, std::string(codec::valueName(f(F::Command), p.id)) + " before OHAI");
        switch (p.id) {
        case 0x07:
            c->credit = p.credit > UINT64_MAX - c->credit ? UINT64_MAX : c->credit + p.credit;
            c->credited = true;
            break;
        case 0x08: {
            if (c->haveSequence && p.sequence != c->sequence + 1)
                ctx.finding(kSequence, at + 3, 8, "chunk " + std::to_string(p.sequence) + " after " + std::to_string(c->sequence));
            c->haveSequence = true;
            c->sequence = p.sequence;
            // The declared size (a chunk the capture clipped still counts whole).
            const std::uint64_t size = d == Dialect::V1 ? m.length(1) : p.chunk.size();
            if (c->credited) {
                if (size > c->credit)
                    ctx.finding(kCredit, p.chunkOffset, size,
                                std::to_string(size) + " bytes with " + std::to_string(c->credit) + " of credit left");
                c->credit -= std::min<std::uint64_t>(c->credit, size);
            }
            if (p.operation == 1) {
                const std::string_view name = p.filename;
                const std::uint64_t key = hashBytes(name);
                const auto it = c->next.find(key);
                const std::uint64_t expected = it == c->next.end() ? 0 : it->second;
                if (p.offset != expected)
                    ctx.finding(kOffset, p.offsetAt, 8,
                                printable(name) + ": chunk at offset " + std::to_string(p.offset) + ", the file so far ends at "
                                    + std::to_string(expected));
                if ((p.hasEof && p.eof) || (d == Dialect::V1 && size == 0 && it != c->next.end())) {
                    if (it != c->next.end())
                        c->next.erase(it);
                } else if (it != c->next.end()) {
                    it->second = p.offset + size;
                } else if (c->next.size() < 65536) {
                    c->next.emplace(key, p.offset + size);
                }
            }
            break;
        }
        case 0x80:
        case 0x81:
            ctx.finding(kRefused, at, len, std::string(codec::valueName(f(F::Command), p.id)) + " " + printable(p.reason));
            break;
        default:
            break;
        }
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        Field root = field(f(F::Root), {}, m.event.offset, m.event.length);
        const Dialect d = dialectOf(m, hintOf(note));
        Parsed p;
        if (d == Dialect::None || !parse(m, d, p, &root)) {
            root.children.clear();
            root.value = "malformed";
            return root;
        }
        root.children.insert(root.children.begin(),
                             field(f(F::Dialect), std::string(kDialectNames[int(d)]), m.offset(0), m.length(0)));
        root.value = std::string(codec::valueName(f(F::Command), p.id));
        return root;
    }

    void summary(const MessageView &m, const Note &note, std::string &out) const override
    {
        const Dialect d = dialectOf(m, hintOf(note));
        Parsed p;
        if (d == Dialect::None || !parse(m, d, p, nullptr)) {
            out = "FILEMQ (malformed)";
            return;
        }
        out = std::string(d == Dialect::V1 ? "FILEMQ/1 " : "FILEMQ/2 ") + std::string(codec::valueName(f(F::Command), p.id));
        switch (p.id) {
        case 0x01: out += " version=" + std::to_string(p.version); break;
        case 0x05: out += " path=" + printable(p.path); break;
        case 0x07: out += " credit=" + std::to_string(p.credit); break;
        case 0x08:
            out += " " + std::string(p.operation == 2 ? "delete " : "") + printable(p.filename) + " seq=" + std::to_string(p.sequence)
                + " offset=" + std::to_string(p.offset) + " size=" + std::to_string(d == Dialect::V1 ? m.length(1) : p.chunk.size());
            if (p.hasEof && p.eof)
                out += " eof";
            break;
        case 0x80:
        case 0x81: out += " " + printable(p.reason); break;
        default: break;
        }
    }
};

}   // namespace

const ProtocolDissector &filemqDissector()
{
    static const Filemq d;
    return d;
}

}   // namespace zmqscope::protocols
