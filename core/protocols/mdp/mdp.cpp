// Majordomo (7/MDP 0.1, 18/MDP 0.2; digest sections 7-10 and 17) with its
// management interface (8/MMI) and Titanic (9/TSP) read as sub-protocols
// keyed on the service name.
//
// Dialects recognised, each named in mdp.dialect:
//   7/MDP          [] | MDPC01 | service | body...      [] | MDPW01 | cmd | ...
//   18/MDP         MDPC02 | cmd | service | body...     MDPW02 | cmd | ...
//   wire-0.2 tag   0.1 framing with MDPC02/MDPW02 (majordomo's tag; PARTIAL = FINAL = 03)
//   libmdp MDPC0X  headers MDPC0X/MDPW0X, client REQUEST/REPORT/NAK
//   zproto AA A4   majordomo HEAD: frame 0 = AA A4, id, version string,
//                  the RFC command byte, then the fields; body frames follow
//
// track(): per connection, the client's outstanding requests (REQUEST ->
// REPLY/FINAL, with PARTIALs between) and the worker's (broker REQUEST ->
// worker REPLY by client address), READY once, nothing before READY,
// heartbeat silences; per capture, a client's request followed through
// the broker: the worker REQUEST that carries it (same service and body),
// the worker's REPLY, and the broker's REPLY to the client.
#include "mdp.h"

#include "codec/zproto.h"

#include <array>
#include <cctype>
#include <deque>
#include <unordered_map>
#include <optional>

namespace zmqscope::protocols {

namespace {

using codec::FieldType;
constexpr FieldType Node = FieldType::Node, Text = FieldType::Text, Raw = FieldType::Bytes, Number = FieldType::Number,
                    Flag = FieldType::Flag;

enum class F : std::size_t {
    Root, Version, Dialect, Role, Command, Service, Client, Body, ResponseTo, Time, Linked,
    Mmi, MmiName, MmiQuery, MmiStatus, MmiResponseTo, MmiTime,
    Titanic, TitanicService, TitanicTarget, TitanicUuid, TitanicStatus, TitanicBody, TitanicResponseTo, TitanicTime,
    Count
};

constexpr std::array kFields{
    FieldInfo{"mdp", "Majordomo", Node,
              "Majordomo: clients send requests for a named service to a broker, which hands them to workers "
              "registered for it.", "7/MDP, 18/MDP"},
    FieldInfo{"mdp.version", "Header", Text,
              "The protocol header: MDPC01/MDPW01 (0.1 client/worker), MDPC02/MDPW02 (0.2); MDPC0X in libmdp.",
              "7/MDP"},
    FieldInfo{"mdp.dialect", "Dialect", Text,
              "Which encoding the message follows: RFC 7, RFC 18 as written, majordomo's wire-protocol-0.2 tag, "
              "libmdp's MDPC0X, or majordomo's zproto AA A4 codec.", "18/MDP"},
    FieldInfo{"mdp.role", "Sub-protocol", Text, "client (MDP/Client: client and broker) or worker (MDP/Worker).", "7/MDP"},
    FieldInfo{"mdp.command", "Command", Text,
              "READY, REQUEST, REPLY, HEARTBEAT, DISCONNECT (0.1); PARTIAL and FINAL replace REPLY in 0.2. Compare "
              "with the name, or with the command byte as a number.", "7/MDP"},
    FieldInfo{"mdp.service", "Service", Text,
              "The service a request is for; a worker's READY registers one. Names starting mmi. belong to the "
              "broker (8/MMI).", "7/MDP"},
    FieldInfo{"mdp.client", "Client address", Raw,
              "Worker REQUEST/REPLY: the broker's routing id for the client (libzmq: 00 + 4 bytes).", "7/MDP"},
    FieldInfo{"mdp.body", "Body", Raw, "One frame of the request or reply body (opaque to Majordomo).", "7/MDP"},
    FieldInfo{"mdp.response_to", "Response to", Number,
              "The event number of the request this reply (or PARTIAL/FINAL) answers, on this connection.", "7/MDP"},
    FieldInfo{"mdp.time", "Response time", Number, "Seconds from that request to this reply.", "7/MDP"},
    FieldInfo{"mdp.linked", "Through the broker", Number,
              "The same request on the broker's other side: for a worker REQUEST, the client's request; for a "
              "worker REPLY, the client's request; for the client's REPLY, the worker's REPLY.", "7/MDP"},
    FieldInfo{"mmi", "MMI", Node, "Majordomo Management Interface: a request the broker answers itself.", "8/MMI"},
    FieldInfo{"mmi.name", "Query", Text, "The mmi.* service: mmi.service asks whether a service has workers.", "8/MMI"},
    FieldInfo{"mmi.service", "Service asked about", Text, "mmi.service: the service name in the request body.", "8/MMI"},
    FieldInfo{"mmi.status", "Status", Number,
              "200 a worker is registered, 404 none is, 501 the mmi.* query is not implemented.", "8/MMI"},
    FieldInfo{"mmi.response_to", "Response to", Number, "The event number of the MMI request this reply answers.", "8/MMI"},
    FieldInfo{"mmi.time", "Response time", Number, "Seconds from the MMI request to this reply.", "8/MMI"},
    FieldInfo{"titanic", "Titanic", Node,
              "Titanic Service Protocol: requests kept on disk by a broker-side service and fetched later by id.",
              "9/TSP"},
    FieldInfo{"titanic.service", "Operation", Text, "titanic.request, titanic.reply or titanic.close.", "9/TSP"},
    FieldInfo{"titanic.target", "Target service", Text, "titanic.request: the service the stored request is for.", "9/TSP"},
    FieldInfo{"titanic.uuid", "UUID", Text, "The stored request's id: 32 hexadecimal digits (upper case in the "
              "reference).", "9/TSP"},
    FieldInfo{"titanic.status", "Status", Number,
              "200 OK, 300 pending (retry later), 400 unknown UUID (do not retry), 500 internal error.", "9/TSP"},
    FieldInfo{"titanic.body", "Body", Raw, "The stored request or the reply it got.", "9/TSP"},
    FieldInfo{"titanic.response_to", "Response to", Number, "The event number of the Titanic request this reply answers.",
              "9/TSP"},
    FieldInfo{"titanic.time", "Response time", Number, "Seconds from the Titanic request to this reply.", "9/TSP"},
};
static_assert(kFields.size() == std::size_t(F::Count));
const FieldInfo &f(F x) { return kFields[std::size_t(x)]; }

constexpr codec::FindingId kMalformed{1200};
constexpr codec::FindingId kUnknownCommand{1201};
constexpr codec::FindingId kUnmatched{1202};
constexpr codec::FindingId kOutstanding{1203};
constexpr codec::FindingId kReadyAgain{1204};
constexpr codec::FindingId kBeforeReady{1205};
constexpr codec::FindingId kNoBody{1206};
constexpr codec::FindingId kSilent{1207};
constexpr codec::FindingId kMmiReserved{1208};
constexpr codec::FindingId kDialect{1209};
constexpr codec::FindingId kMmiStatus{1250};
constexpr codec::FindingId kTitanicStatus{1270};
constexpr codec::FindingId kTitanicUuid{1271};

constexpr std::array kFindings{
    codec::FindingInfo{kMalformed, "mdp.malformed", codec::Severity::Error,
                       "frames do not match the command's layout: brokers drop it"},
    codec::FindingInfo{kUnknownCommand, "mdp.unknown_command", codec::Severity::Error, "a command byte MDP does not define"},
    codec::FindingInfo{kUnmatched, "mdp.reply_unmatched", codec::Severity::Warn, "a reply nobody asked for"},
    codec::FindingInfo{kOutstanding, "mdp.request_outstanding", codec::Severity::Note,
                       "a new request while the previous one has no reply (7/MDP clients keep one outstanding)"},
    codec::FindingInfo{kReadyAgain, "mdp.ready_again", codec::Severity::Error,
                       "a second READY on one worker connection: the broker disconnects the worker"},
    codec::FindingInfo{kBeforeReady, "mdp.before_ready", codec::Severity::Warn,
                       "a worker command before READY: the broker answers DISCONNECT"},
    codec::FindingInfo{kNoBody, "mdp.no_body", codec::Severity::Warn,
                       "a client request without a body frame (the reference broker asserts on it)"},
    codec::FindingInfo{kSilent, "mdp.heartbeat_late", codec::Severity::Warn,
                       "a side silent longer than the heartbeat liveness (3 x 2500 ms): its peer would declare it dead"},
    codec::FindingInfo{kMmiReserved, "mdp.mmi_reserved", codec::Severity::Error,
                       "a worker registers an mmi.* service: those belong to the broker, which must disconnect it"},
    codec::FindingInfo{kDialect, "mdp.dialect", codec::Severity::Note,
                       "this connection follows a Majordomo encoding other than the RFC's"},
    codec::FindingInfo{kMmiStatus, "mmi.status_invalid", codec::Severity::Warn,
                       "an MMI reply whose status is not 200, 404 or 501"},
    codec::FindingInfo{kTitanicStatus, "titanic.status_invalid", codec::Severity::Warn,
                       "a Titanic status that is not 200/300/400/500, or has text after the digits (the reference "
                       "client compares the whole frame with \"200\")"},
    codec::FindingInfo{kTitanicUuid, "titanic.uuid_invalid", codec::Severity::Warn,
                       "a Titanic UUID that is not 32 hexadecimal digits"},
};

constexpr ProtocolInfo kInfo{"mdp", "Majordomo", "7/MDP, 18/MDP, 8/MMI, 9/TSP", kFields, kFindings};

enum class Dialect : std::uint8_t { Rfc7, Rfc18, Tag02, Libmdp, Zproto };
constexpr std::string_view kDialectNames[] = {"7/MDP (0.1)", "18/MDP (0.2, as written)",
                                              "majordomo wire-protocol-0.2 tag", "libmdp MDPC0X",
                                              "majordomo zproto (AA A4)"};

enum class Cmd : std::uint8_t {
    None, Request, Reply, Partial, Final, PartialOrFinal, Report, Nak, Ready, Heartbeat, Disconnect, Unknown
};
constexpr std::string_view kCmdNames[] = {"",         "REQUEST",   "REPLY",      "PARTIAL",
                                          "FINAL",    "PARTIAL|FINAL", "REPORT", "NAK",
                                          "READY",    "HEARTBEAT", "DISCONNECT", "unknown"};

struct Parsed {
    Dialect dialect = Dialect::Rfc7;
    bool worker = false;
    std::size_t headerFrame = 0;          // frame index of the header (zproto: 0)
    std::string_view header;              // "MDPC01"
    std::uint64_t headerOffset = 0, headerLength = 0;
    Cmd cmd = Cmd::None;
    std::uint8_t code = 0;                // the command byte as sent
    bool hasCode = false;
    std::uint64_t codeOffset = 0;
    std::string_view service;
    std::uint64_t serviceOffset = 0, serviceLength = 0;
    bool hasService = false;
    std::string_view client;              // worker REQUEST/REPLY address
    std::uint64_t clientOffset = 0, clientLength = 0;
    bool hasClient = false;
    std::size_t bodyFirst = 0;            // first body frame
    bool hasBody = false;
    std::string error;                    // layout problem (a finding)
    bool unknownCode = false;
};

bool isHeader(std::string_view s)
{
    return s.size() == 6 && s[0] == 'M' && s[1] == 'D' && s[2] == 'P' && (s[3] == 'C' || s[3] == 'W') && s[4] == '0'
        && (s[5] == '1' || s[5] == '2' || s[5] == 'X');
}

Cmd workerCmd(Dialect d, std::uint8_t c)
{
    switch (d) {
    case Dialect::Rfc7:
        return c == 1 ? Cmd::Ready : c == 2 ? Cmd::Request : c == 3 ? Cmd::Reply : c == 4 ? Cmd::Heartbeat
            : c == 5 ? Cmd::Disconnect : Cmd::Unknown;
    case Dialect::Rfc18:
    case Dialect::Zproto:
        return c == 1 ? Cmd::Ready : c == 2 ? Cmd::Request : c == 3 ? Cmd::Partial : c == 4 ? Cmd::Final
            : c == 5 ? Cmd::Heartbeat : c == 6 ? Cmd::Disconnect : Cmd::Unknown;
    case Dialect::Tag02:
        return c == 1 ? Cmd::Ready : c == 2 ? Cmd::Request : c == 3 ? Cmd::PartialOrFinal : c == 4 ? Cmd::Heartbeat
            : c == 5 ? Cmd::Disconnect : Cmd::Unknown;
    case Dialect::Libmdp:
        return c == 1 ? Cmd::Ready : c == 2 ? Cmd::Request : c == 3 ? Cmd::Report : c == 4 ? Cmd::Heartbeat
            : c == 5 ? Cmd::Disconnect : Cmd::Unknown;
    }
    return Cmd::Unknown;
}

Cmd clientCmd(Dialect d, std::uint8_t c)
{
    if (d == Dialect::Libmdp)
        return c == 1 ? Cmd::Request : c == 2 ? Cmd::Report : c == 3 ? Cmd::Nak : Cmd::Unknown;
    return c == 1 ? Cmd::Request : c == 2 ? Cmd::Partial : c == 3 ? Cmd::Final : Cmd::Unknown;
}

// Is the sender the broker side of a client connection? Socket types
// decide (the broker is a ROUTER); else the first sender of the
// connection (`firstSender`, when known) is the client.
// What the first pass knew: `hint` (true: from the broker); else the
// socket types (the broker is the ROUTER); else clients connect to brokers.
bool fromBroker(const MessageView &m, std::optional<bool> hint)
{
    if (hint)
        return *hint;
    if (m.sender == codec::SocketType::Router && m.receiver != codec::SocketType::Router)
        return true;
    if (m.receiver == codec::SocketType::Router && m.sender != codec::SocketType::Router)
        return false;
    return m.direction() == codec::Direction::ServerToClient;
}

// The first pass keeps an MDP/0.1 client message's direction (the bytes
// do not say it) in its note's variant.
constexpr std::uint8_t kFromClient = 1, kFromBroker = 2;
std::optional<bool> hintOf(const Note &note)
{
    if (note.variant == kFromBroker)
        return true;
    if (note.variant == kFromClient)
        return false;
    return std::nullopt;
}

void workerLayout(const MessageView &m, Parsed &p, std::size_t next)
{
    // REQUEST, REPLY, PARTIAL, FINAL, REPORT: client address | [] | body.
    switch (p.cmd) {
    case Cmd::Ready:
        if (p.dialect != Dialect::Zproto) {
            if (next >= m.size()) {
                p.error = "READY without a service frame";
                return;
            }
            p.hasService = true;
            p.service = m.text(next);
            p.serviceOffset = m.offset(next);
            p.serviceLength = m.length(next);
            if (next + 1 != m.size())
                p.error = "READY has " + std::to_string(m.size() - next - 1) + " frame(s) after the service";
        }
        return;
    case Cmd::Request:
    case Cmd::Reply:
    case Cmd::Partial:
    case Cmd::Final:
    case Cmd::PartialOrFinal:
    case Cmd::Report:
        if (next + 1 >= m.size() || m.length(next + 1) != 0) {
            p.error = std::string(kCmdNames[int(p.cmd)]) + " needs a client address frame and an empty frame";
            return;
        }
        p.hasClient = true;
        p.client = m.text(next);
        p.clientOffset = m.offset(next);
        p.clientLength = m.length(next);
        p.bodyFirst = next + 2;
        p.hasBody = p.bodyFirst < m.size();
        return;
    case Cmd::Heartbeat:
    case Cmd::Disconnect:
        if (next != m.size())
            p.error = std::string(kCmdNames[int(p.cmd)]) + " with " + std::to_string(m.size() - next) + " extra frame(s)";
        return;
    default:
        return;
    }
}

// Reads the message as Majordomo into `p` (fresh); false when it is not.
bool parse(const MessageView &m, Parsed &p, std::optional<bool> brokerHint = {})
{
    if (m.size() == 0)
        return false;
    // zproto: AA A4, id, version string, command byte, fields.
    if (m.body(0).size() >= 3 && m.body(0)[0] == 0xAA && m.body(0)[1] == 0xA4) {
        Reader r(m.body(0), m.offset(0));
        codec::Bytes sig;
        std::uint8_t id = 0, code = 0;
        std::string_view version;
        r.bytes(2, sig);
        if (!r.u8(id) || id < 1 || id > 9)
            return false;
        const std::uint64_t vAt = r.offset();
        if (!r.string(version) || !isHeader(version))
            return false;
        p.dialect = Dialect::Zproto;
        p.header = version;
        p.headerOffset = vAt + 1;
        p.headerLength = version.size();
        p.worker = id >= 4;
        p.codeOffset = r.offset();
        if (!r.u8(code)) {
            p.error = "no command byte after the version";
            p.cmd = Cmd::Unknown;
            return true;
        }
        p.hasCode = true;
        p.code = code;
        static constexpr Cmd kById[] = {Cmd::None,    Cmd::Request, Cmd::Partial,   Cmd::Final,     Cmd::Ready,
                                        Cmd::Request, Cmd::Partial, Cmd::Final,     Cmd::Heartbeat, Cmd::Disconnect};
        p.cmd = kById[id];
        // The command byte repeats the RFC's value for the message id.
        static constexpr std::uint8_t kCode[] = {0, 1, 2, 3, 1, 2, 3, 4, 5, 6};
        if (code != kCode[id]) {
            p.error = "message id " + std::to_string(id) + " with command byte " + std::to_string(code) + " (expected "
                + std::to_string(kCode[id]) + ")";
        }
        if (id <= 4) {
            const std::uint64_t sAt = r.offset();
            if (!r.string(p.service)) {
                p.error = "service string runs past the frame";
                return true;
            }
            p.hasService = true;
            p.serviceOffset = sAt + 1;
            p.serviceLength = p.service.size();
        }
        if (id <= 3) {
            p.bodyFirst = 1;
            p.hasBody = m.size() > 1;
        } else {
            workerLayout(m, p, 1);
        }
        return true;
    }
    std::size_t h = 0;
    if (m.length(0) == 0 && m.size() > 1)
        h = 1;
    const std::string_view header = m.text(h);
    if (!isHeader(header))
        return false;
    p.headerFrame = h;
    p.header = header;
    p.headerOffset = m.offset(h);
    p.headerLength = 6;
    p.worker = header[3] == 'W';
    const char v = header[5];
    p.dialect = v == '1' ? Dialect::Rfc7 : v == 'X' ? Dialect::Libmdp : h == 0 ? Dialect::Rfc18 : Dialect::Tag02;
    if (v == '1' && h == 0)
        p.error = "MDP/0.1 needs an empty frame before " + std::string(header);
    std::size_t next = h + 1;
    const bool codeByte = p.worker || p.dialect == Dialect::Rfc18 || p.dialect == Dialect::Libmdp;
    if (codeByte) {
        if (next >= m.size() || m.length(next) != 1) {
            p.error = "frame " + std::to_string(next) + " must be one command byte";
            p.cmd = Cmd::Unknown;
            return true;
        }
        p.hasCode = true;
        p.code = m.body(next).empty() ? 0 : m.body(next)[0];
        p.codeOffset = m.offset(next);
        p.cmd = p.worker ? workerCmd(p.dialect, p.code) : clientCmd(p.dialect, p.code);
        p.unknownCode = p.cmd == Cmd::Unknown;
        ++next;
    } else {
        p.cmd = fromBroker(m, brokerHint) ? Cmd::Reply : Cmd::Request;
    }
    if (p.worker) {
        workerLayout(m, p, next);
    } else if (!p.unknownCode) {
        if (next >= m.size()) {
            p.error = "no service frame";
            return true;
        }
        p.hasService = true;
        p.service = m.text(next);
        p.serviceOffset = m.offset(next);
        p.serviceLength = m.length(next);
        p.bodyFirst = next + 1;
        p.hasBody = p.bodyFirst < m.size();
    }
    return true;
}

std::string versionText(const Parsed &p)
{
    switch (p.dialect) {
    case Dialect::Rfc7: return "MDP/0.1";
    case Dialect::Rfc18:
    case Dialect::Tag02:
    case Dialect::Zproto: return "MDP/0.2";
    case Dialect::Libmdp: return "MDP/0.X";
    }
    return "MDP";
}

bool isReply(Cmd c)
{
    return c == Cmd::Reply || c == Cmd::Partial || c == Cmd::Final || c == Cmd::PartialOrFinal || c == Cmd::Report
        || c == Cmd::Nak;
}
// Whether a reply ends its request: 0.1's REPLY and 0.2's FINAL do. The
// wire-0.2 tag writes PARTIAL and FINAL alike (03, and the same client
// REPLY): its replies leave the request answered but open, until the next
// request on it.
bool isFinalReply(Cmd c, Dialect d)
{
    return (c == Cmd::Reply && d != Dialect::Tag02) || c == Cmd::Final || c == Cmd::Nak || c == Cmd::Report;
}

std::string bodyText(const MessageView &m, std::size_t first)
{
    std::string s;
    for (std::size_t i = first; i < m.size() && i < first + 3; ++i)
        s += (s.empty() ? "" : " | ") + printable(m.body(i), 40);
    if (m.size() > first + 3)
        s += " | +" + std::to_string(m.size() - first - 3) + " frames";
    return s;
}

// --- MMI and Titanic sub-trees -------------------------------------------------

bool hexUuid(std::string_view s)
{
    if (s.size() != 32)
        return false;
    for (char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

void subtrees(const MessageView &m, const Parsed &p, std::string_view service, bool reply, const Note &note, Field &root)
{
    if (!p.hasBody && !reply)
        return;
    const std::size_t b = p.bodyFirst;
    if (service.substr(0, 4) == "mmi.") {
        Field mmi = field(f(F::Mmi), std::string(service), m.event.offset, m.event.length);
        mmi.children.push_back(field(f(F::MmiName), std::string(service), p.serviceOffset, p.serviceLength));
        if (p.hasBody) {
            const std::size_t last = m.size() - 1;
            if (reply) {
                const std::string_view s = m.text(last);
                mmi.children.push_back(number(f(F::MmiStatus), threeDigits(s), m.offset(last), m.length(last), printable(s)));
            } else if (service == "mmi.service") {
                mmi.children.push_back(field(f(F::MmiQuery), printable(m.body(b)), m.offset(b), m.length(b)));
            }
        }
        addMatch(mmi, &f(F::MmiResponseTo), &f(F::MmiTime), nullptr, note, m.event.offset);
        root.children.push_back(std::move(mmi));
        return;
    }
    if (service == "titanic.request" || service == "titanic.reply" || service == "titanic.close") {
        Field t = field(f(F::Titanic), std::string(service.substr(8)), m.event.offset, m.event.length);
        t.children.push_back(field(f(F::TitanicService), std::string(service), p.serviceOffset, p.serviceLength));
        if (p.hasBody) {
            if (reply) {
                const std::string_view s = m.text(b);
                t.children.push_back(number(f(F::TitanicStatus), threeDigits(s), m.offset(b), m.length(b), printable(s)));
                if (b + 1 < m.size()) {
                    if (service == "titanic.request")
                        t.children.push_back(field(f(F::TitanicUuid), printable(m.body(b + 1)), m.offset(b + 1), m.length(b + 1)));
                    else
                        for (std::size_t i = b + 1; i < m.size(); ++i)
                            t.children.push_back(field(f(F::TitanicBody), printable(m.body(i)), m.offset(i), m.length(i)));
                }
            } else if (service == "titanic.request") {
                t.children.push_back(field(f(F::TitanicTarget), printable(m.body(b)), m.offset(b), m.length(b)));
                for (std::size_t i = b + 1; i < m.size(); ++i)
                    t.children.push_back(field(f(F::TitanicBody), printable(m.body(i)), m.offset(i), m.length(i)));
            } else {
                t.children.push_back(field(f(F::TitanicUuid), printable(m.body(b)), m.offset(b), m.length(b)));
            }
        }
        addMatch(t, &f(F::TitanicResponseTo), &f(F::TitanicTime), nullptr, note, m.event.offset);
        root.children.push_back(std::move(t));
    }
}

// --- State ------------------------------------------------------------------------

struct Outstanding {
    std::uint32_t number = 0;
    std::int64_t timeNs = 0;
    std::uint64_t service = 0;   // hashBytes of the service (client side)
    std::uint32_t linked = 0;
    bool answered = false;   // the wire-0.2 tag: replied, maybe more to come
};

constexpr std::size_t kMaxOutstanding = 4096;

struct Connection : ConversationState {
    std::optional<codec::Direction> firstSender;   // the client of a client connection
    std::deque<Outstanding> requests;               // client side
    std::unordered_map<std::uint64_t, std::deque<Outstanding>> workerRequests;   // by hashBytes of the client address
    bool ready = false;
    std::string workerService;
    std::uint64_t workerServiceHash = hashBytes({});
    bool dialectNoted = false;
    std::int64_t lastHeard[2] = {0, 0};
    bool heard[2] = {false, false};
};

struct Capture : ConversationState {
    struct ClientRequest {
        std::uint32_t number;
        std::uint32_t connection;
        std::uint64_t key;   // hash of service and body
    };
    std::deque<ClientRequest> clientRequests;                 // not yet seen at a worker
    std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> byClientAddress;   // hashBytes(address) -> (client n, client conn)
    std::unordered_map<std::uint32_t, std::deque<std::uint32_t>> repliesFor;   // client connection -> worker REPLY ns
};

// A request as the broker passes it on: its service and body, hashed
// (bodies are not kept).
std::uint64_t requestKey(const MessageView &m, std::uint64_t serviceHash, std::size_t bodyFirst)
{
    std::uint64_t h = serviceHash;
    for (std::size_t i = bodyFirst; i < m.size(); ++i)
        h = hashBytes(m.text(i), h);   // (the length goes into each step: frame bounds count)
    return h;
}

constexpr std::int64_t kLivenessNs = 3 * 2500 * std::int64_t(1000000);

class Mdp final : public ProtocolDissector {
public:
    const ProtocolInfo &info() const override { return kInfo; }

    Confidence detect(const MessageView &m) const override
    {
        if (m.datagram())
            return Confidence::None;
        Parsed p;
        if (!parse(m, p))
            return Confidence::None;
        return p.error.empty() ? Confidence::Certain : Confidence::Likely;
    }

    std::unique_ptr<ConversationState> newConversation() const override { return std::make_unique<Connection>(); }
    std::unique_ptr<ConversationState> newCaptureState() const override { return std::make_unique<Capture>(); }

    Note track(const MessageView &m, const TrackContext &ctx) const override
    {
        auto *c = static_cast<Connection *>(ctx.conversation);
        auto *cap = static_cast<Capture *>(ctx.capture);
        if (!c || !cap)
            return {};
        const int d = int(m.direction());
        // Silence longer than the liveness, on a worker connection after READY.
        if (c->ready && c->heard[d] && ctx.timeNs - c->lastHeard[d] > kLivenessNs)
            ctx.finding(kSilent, m.event.offset, 0,
                        "silent for " + std::to_string((ctx.timeNs - c->lastHeard[d]) / 1000000) + " ms");
        c->heard[d] = true;
        c->lastHeard[d] = ctx.timeNs;

        std::optional<bool> hint;
        if (c->firstSender)
            hint = m.direction() != *c->firstSender;
        Parsed p;
        if (!parse(m, p, hint)) {
            ctx.finding(kMalformed, m.event.offset, m.event.length, "not a Majordomo message on a Majordomo connection");
            return {};
        }
        if (!c->dialectNoted && p.dialect != Dialect::Rfc7 && p.dialect != Dialect::Rfc18) {
            c->dialectNoted = true;
            ctx.finding(kDialect, p.headerOffset, p.headerLength, std::string(kDialectNames[int(p.dialect)]));
        }
        if (p.unknownCode)
            ctx.finding(kUnknownCommand, p.codeOffset, 1, "command byte " + std::to_string(p.code));
        if (!p.error.empty())
            ctx.finding(kMalformed, m.event.offset, m.event.length, p.error);
        Note note;
        if (!p.worker) {
            if (!c->firstSender && p.cmd == Cmd::Request)
                c->firstSender = m.direction();
            const std::string_view service = p.service;
            const std::uint64_t serviceHash = hashBytes(service);
            if (p.cmd == Cmd::Request) {
                if (!p.hasBody && p.hasService)
                    ctx.finding(kNoBody, m.event.offset, m.event.length, "REQUEST for " + printable(service) + " has no body");
                if (!c->requests.empty() && m.sender == codec::SocketType::Req)
                    ctx.finding(kOutstanding, m.event.offset, m.event.length,
                                "request " + std::to_string(c->requests.front().number) + " is still unanswered");
                if (!c->requests.empty())
                    std::erase_if(c->requests, [&](const Outstanding &o) { return o.answered && o.service == serviceHash; });
                c->requests.push_back({ctx.number, ctx.timeNs, serviceHash, 0, false});
                if (c->requests.size() > kMaxOutstanding)
                    c->requests.pop_front();
                if (service.substr(0, 4) != "mmi.") {
                    cap->clientRequests.push_back({ctx.number, ctx.connection, requestKey(m, serviceHash, p.bodyFirst)});
                    if (cap->clientRequests.size() > kMaxOutstanding)
                        cap->clientRequests.pop_front();
                }
            } else if (isReply(p.cmd)) {
                auto it = c->requests.begin();
                while (it != c->requests.end() && it->service != serviceHash)
                    ++it;
                if (it == c->requests.end()) {
                    ctx.finding(kUnmatched, m.event.offset, m.event.length,
                                std::string(kCmdNames[int(p.cmd)]) + " for " + printable(service) + " with no request outstanding");
                } else {
                    note.responseTo = it->number;
                    note.time = double(ctx.timeNs - it->timeNs) / 1e9;
                    if (isFinalReply(p.cmd, p.dialect))
                        c->requests.erase(it);
                    else
                        it->answered = true;
                }
                auto &relayed = cap->repliesFor[ctx.connection];
                if (!relayed.empty()) {
                    note.linked = relayed.front();
                    relayed.pop_front();   // one worker reply relayed per client reply
                }
            }
            checkStatus(m, p, service, p.cmd != Cmd::Request, ctx);
            if (p.dialect == Dialect::Rfc7 || p.dialect == Dialect::Tag02)
                note.variant = p.cmd == Cmd::Request ? kFromClient : kFromBroker;
            return note;
        }
        // Worker sub-protocol.
        const std::string_view client = p.client;
        const std::uint64_t clientKey = hashBytes(client);
        switch (p.cmd) {
        case Cmd::Ready:
            if (c->ready)
                ctx.finding(kReadyAgain, m.event.offset, m.event.length, "READY again for " + printable(p.service));
            if (p.service.substr(0, 4) == "mmi.")
                ctx.finding(kMmiReserved, p.serviceOffset, p.serviceLength, printable(p.service));
            c->ready = true;
            c->workerService = std::string(p.service);
            c->workerServiceHash = hashBytes(p.service);
            break;
        case Cmd::Request: {
            if (!c->ready)
                ctx.finding(kBeforeReady, m.event.offset, m.event.length, "REQUEST to a worker that has not said READY");
            auto found = c->workerRequests.find(clientKey);
            if (found == c->workerRequests.end()) {
                if (c->workerRequests.size() >= kMaxOutstanding)
                    c->workerRequests.erase(c->workerRequests.begin());
                found = c->workerRequests.emplace(clientKey, std::deque<Outstanding>()).first;
            }
            auto &q = found->second;
            while (!q.empty() && q.front().answered)
                q.pop_front();
            Outstanding o{ctx.number, ctx.timeNs, 0, 0, false};
            // The client's request this one carries: same service and body.
            const std::uint64_t key = requestKey(m, c->workerServiceHash, p.bodyFirst);
            for (auto it = cap->clientRequests.begin(); it != cap->clientRequests.end(); ++it) {
                if (it->key == key) {
                    o.linked = it->number;
                    if (auto b = cap->byClientAddress.find(clientKey); b != cap->byClientAddress.end()) {
                        b->second = {it->number, it->connection};
                    } else {
                        if (cap->byClientAddress.size() >= kMaxOutstanding * 16)
                            cap->byClientAddress.erase(cap->byClientAddress.begin());
                        cap->byClientAddress.emplace(clientKey, std::pair{it->number, it->connection});
                    }
                    cap->clientRequests.erase(it);
                    break;
                }
            }
            note.linked = o.linked;
            q.push_back(o);
            if (q.size() > kMaxOutstanding)
                q.pop_front();
            break;
        }
        case Cmd::Reply:
        case Cmd::Partial:
        case Cmd::Final:
        case Cmd::PartialOrFinal:
        case Cmd::Report: {
            if (!c->ready)
                ctx.finding(kBeforeReady, m.event.offset, m.event.length, std::string(kCmdNames[int(p.cmd)]) + " before READY");
            auto it = c->workerRequests.find(clientKey);
            if (it == c->workerRequests.end() || it->second.empty()) {
                ctx.finding(kUnmatched, m.event.offset, m.event.length,
                            std::string(kCmdNames[int(p.cmd)]) + " for client " + hex(Bytes(reinterpret_cast<const std::uint8_t *>(client.data()), client.size()))
                                + " that no REQUEST named");
            } else {
                Outstanding &o = it->second.front();
                note.responseTo = o.number;
                note.time = double(ctx.timeNs - o.timeNs) / 1e9;
                note.linked = o.linked;
                // (an emptied queue stays for the client's next request; the
                // map is capped instead, so a stream of new addresses cannot grow it)
                if (isFinalReply(p.cmd, p.dialect))
                    it->second.pop_front();
                else
                    o.answered = true;
            }
            if (const auto a = cap->byClientAddress.find(clientKey); a != cap->byClientAddress.end()) {
                auto &q = cap->repliesFor[a->second.second];
                if (q.size() < 4096)
                    q.push_back(ctx.number);
                // (kept: the address's next request overwrites it; the map is capped)
            }
            break;
        }
        case Cmd::Heartbeat:
        case Cmd::Disconnect:
            if (p.cmd == Cmd::Heartbeat && !c->ready && m.sender != codec::SocketType::Router
                && m.receiver == codec::SocketType::Router)
                ctx.finding(kBeforeReady, m.event.offset, m.event.length, "HEARTBEAT before READY");
            break;
        default:
            break;
        }
        note.label = c->workerService;
        if (p.cmd != Cmd::Ready)
            checkStatus(m, p, c->workerService, isReply(p.cmd), ctx);
        return note;
    }

    Field dissect(const MessageView &m, const Note &note) const override
    {
        Field root = field(f(F::Root), {}, m.event.offset, m.event.length);
        // Client-side direction without state: socket types, else c2s = client.
        Parsed p;
        if (!parse(m, p, hintOf(note))) {
            root.value = "not Majordomo";
            return root;
        }
        root.value = versionText(p) + " " + (p.worker ? "worker " : "") + std::string(kCmdNames[int(p.cmd)]);
        root.children.push_back(field(f(F::Version), std::string(p.header), p.headerOffset, p.headerLength));
        root.children.push_back(field(f(F::Dialect), std::string(kDialectNames[int(p.dialect)]), p.headerOffset, p.headerLength));
        root.children.push_back(field(f(F::Role), p.worker ? "worker" : "client", p.headerOffset, p.headerLength));
        Field cmd = field(f(F::Command), std::string(kCmdNames[int(p.cmd)]), p.hasCode ? p.codeOffset : p.headerOffset,
                          p.hasCode ? 1 : 0);
        if (p.hasCode) {
            cmd.number = p.code;
            if (p.cmd == Cmd::Unknown)
                cmd.value = "unknown (" + std::to_string(p.code) + ")";
        }
        root.children.push_back(std::move(cmd));
        std::string_view service = p.service;
        if (p.hasService)
            root.children.push_back(field(f(F::Service), printable(p.service), p.serviceOffset, p.serviceLength));
        else if (p.worker && !note.label.empty() && p.cmd != Cmd::Heartbeat && p.cmd != Cmd::Disconnect) {
            service = note.label;   // the service this worker registered
            root.children.push_back(field(f(F::Service), printable(note.label), m.event.offset, 0));
        }
        if (p.hasClient)
            root.children.push_back(field(f(F::Client), hex(Bytes(reinterpret_cast<const std::uint8_t *>(p.client.data()), p.client.size())),
                                          p.clientOffset, p.clientLength));
        if (p.hasBody)
            for (std::size_t i = p.bodyFirst; i < m.size(); ++i)
                root.children.push_back(field(f(F::Body), printable(m.body(i)), m.offset(i), m.length(i)));
        addMatch(root, &f(F::ResponseTo), &f(F::Time), &f(F::Linked), note, m.event.offset);
        subtrees(m, p, service, isReply(p.cmd), note, root);
        return root;
    }

    void summary(const MessageView &m, const Note &note, std::string &out) const override
    {
        Parsed p;
        if (!parse(m, p, hintOf(note))) {
            out = "MDP (not parsed)";
            return;
        }
        out = versionText(p) + (p.worker ? " worker " : " ") + std::string(kCmdNames[int(p.cmd)]);
        if (p.cmd == Cmd::Unknown)
            out += "(" + std::to_string(p.code) + ")";
        if (p.hasService)
            out += " service=" + printable(p.service);
        else if (p.worker && !note.label.empty() && p.hasClient)
            out += " service=" + printable(note.label);
        if (p.hasClient)
            out += " client=" + hex(Bytes(reinterpret_cast<const std::uint8_t *>(p.client.data()), p.client.size()), 8);
        if (p.hasBody)
            out += " " + bodyText(m, p.bodyFirst);
        if (note.time >= 0) {
            char buf[48];
            std::snprintf(buf, sizeof buf, " (%.3f ms)", note.time * 1e3);
            out += buf;
        }
    }

private:
    static void checkStatus(const MessageView &m, const Parsed &p, std::string_view service, bool reply, const TrackContext &ctx)
    {
        if (!reply || !p.hasBody)
            return;
        if (service.substr(0, 4) == "mmi.") {
            const std::size_t last = m.size() - 1;
            const std::string_view s = m.text(last);
            if (s != "200" && s != "404" && s != "501")
                ctx.finding(kMmiStatus, m.offset(last), m.length(last), printable(s));
        } else if (service.substr(0, 8) == "titanic.") {
            const std::string_view s = m.text(p.bodyFirst);
            const std::uint64_t v = threeDigits(s);
            if (s.size() != 3 || (v != 200 && v != 300 && v != 400 && v != 500))
                ctx.finding(kTitanicStatus, m.offset(p.bodyFirst), m.length(p.bodyFirst), printable(s));
            if (service == "titanic.request" && v == 200 && p.bodyFirst + 1 < m.size() && !hexUuid(m.text(p.bodyFirst + 1)))
                ctx.finding(kTitanicUuid, m.offset(p.bodyFirst + 1), m.length(p.bodyFirst + 1), printable(m.text(p.bodyFirst + 1)));
        }
    }
};

}   // namespace

const ProtocolDissector &mdpDissector()
{
    static const Mdp d;
    return d;
}

}   // namespace zmqscope::protocols
