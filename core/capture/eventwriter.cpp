#include "eventwriter.h"

#include "codec/zrebeacon.h"

#include "codec/dissection.h"
#include "codec/eventdump.h"

#include <charconv>
#include <cinttypes>

namespace zmqscope::capture {

using namespace codec;

namespace {

std::string endpoint(const Address &a, std::uint16_t port)
{
    return a.family == 6 ? "[" + a.toString() + "]:" + std::to_string(port) : a.toString() + ":" + std::to_string(port);
}

std::string seconds(std::int64_t ns)
{
    if (ns < 0) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%" PRId64 ".%09" PRId64, ns / 1000000000, ns % 1000000000);
        return buf;
    }
    // "S.NNNNNNNNN" without printf: this runs once per exported event.
    char buf[32];
    auto r = std::to_chars(buf, buf + 20, ns / 1000000000);
    *r.ptr++ = '.';
    std::int64_t frac = ns % 1000000000;
    for (int i = 8; i >= 0; --i) {
        r.ptr[i] = char('0' + frac % 10);
        frac /= 10;
    }
    return std::string(buf, std::size_t(r.ptr + 9 - buf));
}

std::string_view kindOf(const Event &ev)
{
    switch (ev.kind) {
    case EventKind::GreetingPart:
    case EventKind::VersionDecided:
    case EventKind::Identity: return "greeting";
    case EventKind::Command:
    case EventKind::Subscription: return "command";
    case EventKind::Message: return "message";
    case EventKind::Finding: return "finding";
    case EventKind::Beacon: return "beacon";
    }
    return "?";
}

std::string nameOf(const Event &ev)
{
    switch (ev.kind) {
    case EventKind::GreetingPart:
        switch (ev.part) {
        case GreetingPartKind::Signature: return "signature";
        case GreetingPartKind::Version: return "version";
        case GreetingPartKind::SocketType: return "socket-type";
        case GreetingPartKind::Security: return "security";
        }
        return "greeting";
    case EventKind::VersionDecided: return "version-decided";
    case EventKind::Identity: return "identity";
    case EventKind::Command: return std::string(ev.command->name);
    case EventKind::Subscription: return ev.subscription->subscribe ? "subscribe" : "cancel";
    case EventKind::Message: return {};
    case EventKind::Finding: return std::string(findingInfo(ev.finding->id).key);
    case EventKind::Beacon: return "ZRE";
    }
    return {};
}

// Appends `s` JSON-escaped: runs of plain characters in one append.
void appendEscaped(std::string &out, std::string_view s)
{
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            // Dissection values are ASCII with \xNN escapes; anything
            // else is written as a \u escape of its byte.
            static const char digits[] = "0123456789abcdef";
            const char u[6] = {'\\', 'u', '0', '0', digits[c >> 4], digits[c & 15]};
            out.append(u, 6);
        }
        }
    }
    out.append(s.data() + run, s.size() - run);
}

void appendNumber(std::string &out, std::uint64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, std::size_t(r.ptr - buf));
}

void appendFields(std::string &out, const Field &f, bool &first)
{
    if (f.info) {
        if (!first)
            out += ',';
        first = false;
        out += "{\"key\":\"";
        appendEscaped(out, f.key());
        out += "\",\"value\":\"";
        appendEscaped(out, f.value);
        out += "\",\"offset\":";
        appendNumber(out, f.offset);
        out += ",\"length\":";
        appendNumber(out, f.length);
        out += '}';
    }
    for (const Field &c : f.children)
        appendFields(out, c, first);
}

}   // namespace

std::string jsonEscape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    appendEscaped(out, s);
    return out;
}

void JsonEventWriter::event(const ConnectionContext &ctx, const Event &ev)
{
    if (ev.kind == EventKind::GreetingPart)
        return;   // the parts are in the fields of the version-decided object
    const FlowInfo &f = ctx.flow;
    const bool c2s = ev.direction == Direction::ClientToServer;
    const SideSummary &side = ctx.decoder.side(ev.direction);
    std::string &s = m_line;
    s.clear();
    s += "{\"conn\":" + std::to_string(f.id);
    s += ",\"src\":\"" + (c2s ? endpoint(f.client, f.clientPort) : endpoint(f.server, f.serverPort)) + "\"";
    s += ",\"dst\":\"" + (c2s ? endpoint(f.server, f.serverPort) : endpoint(f.client, f.clientPort)) + "\"";
    s += ",\"dir\":\"" + std::string(directionName(ev.direction)) + "\"";
    s += ",\"ts\":" + seconds(ctx.timeNs);
    s += ",\"kind\":\"" + std::string(kindOf(ev)) + "\"";
    const ZmtpVersion v = ev.kind == EventKind::VersionDecided ? ev.decision.version : side.version;
    s += ",\"zmtp\":\"" + std::string(v == ZmtpVersion::Unknown ? "" : versionName(v)) + "\"";
    const Mechanism m = ev.kind == EventKind::VersionDecided ? ev.mechanism : side.mechanism;
    s += ",\"mechanism\":\"" + std::string(m == Mechanism::None ? "" : mechanismName(m)) + "\"";
    if (side.socketType != SocketType::Unknown)
        s += ",\"socket_type\":\"" + std::string(socketTypeName(side.socketType)) + "\"";
    if (side.hasIdentity)
        s += ",\"identity\":\"" + hexBytes({reinterpret_cast<const std::uint8_t *>(side.identity.data()), side.identity.size()}, 1 << 20) + "\"";
    const std::string name = nameOf(ev);
    if (!name.empty())
        s += ",\"name\":\"" + jsonEscape(name) + "\"";
    if (ev.guessed)
        s += ",\"guessed\":true";
    if (ev.kind == EventKind::Message) {
        s += ",\"frames\":[";
        for (std::size_t i = 0; i < ev.frames.size(); ++i)
            s += (i ? ",\"" : "\"") + hexBytes(ev.frames[i].body, std::size_t(-1)) + "\"";
        s += "]";
        if (ev.decrypted)
            s += ",\"decrypted\":true";
    }
    if (ev.kind == EventKind::Command && ev.command->kind == CommandKind::Message && !ev.decrypted)
        s += ",\"encrypted\":true";
    if (ev.kind == EventKind::Command && ev.decrypted)
        s += ",\"decrypted\":true";
    s += ",\"fields\":[";
    bool first = true;
    appendFields(s, dissect(ev), first);
    s += "],\"findings\":[";
    if (ev.kind == EventKind::Finding) {
        const Finding &fd = *ev.finding;
        s += "{\"id\":\"" + std::string(findingInfo(fd.id).key) + "\",\"severity\":\"" + std::string(severityName(fd.severity))
            + "\",\"detail\":\"" + jsonEscape(fd.detail) + "\",\"offset\":" + std::to_string(ev.offset)
            + ",\"length\":" + std::to_string(ev.length) + "}";
    }
    s += "]}\n";
    std::fwrite(s.data(), 1, s.size(), m_out);
    ++m_written;
}

void JsonEventWriter::beacon(const Address &src, std::uint16_t srcPort, std::int64_t timeNs, Bytes payload)
{
    std::vector<Finding> findings;
    const auto parsed = parseZreBeacon(payload, &findings);
    std::string s = "{\"conn\":0,\"src\":\"" + endpoint(src, srcPort) + "\",\"ts\":" + seconds(timeNs)
        + ",\"kind\":\"beacon\",\"name\":\"ZRE\"";
    if (parsed)
        s += ",\"zre\":{\"version\":" + std::to_string(parsed->version) + ",\"port\":" + std::to_string(parsed->port)
            + ",\"leaving\":" + (parsed->leaving() ? "true" : "false") + "}";
    s += ",\"frames\":[\"" + hexBytes(payload, std::size_t(-1)) + "\"],\"fields\":[";
    bool first = true;
    appendFields(s, dissectZreBeacon(payload), first);
    s += "],\"findings\":[";
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const Finding &fd = findings[i];
        s += (i ? "," : "") + std::string("{\"id\":\"") + std::string(findingInfo(fd.id).key) + "\",\"severity\":\""
            + std::string(severityName(fd.severity)) + "\",\"detail\":\"" + jsonEscape(fd.detail) + "\",\"offset\":"
            + std::to_string(fd.offset) + ",\"length\":" + std::to_string(fd.length) + "}";
    }
    s += "]}\n";
    std::fwrite(s.data(), 1, s.size(), m_out);
    ++m_written;
}

void JsonEventWriter::captureFinding(std::string_view key, std::string_view severity, std::string_view detail)
{
    std::string s = "{\"conn\":0,\"kind\":\"finding\",\"name\":\"" + jsonEscape(key) + "\",\"fields\":[],\"findings\":[{\"id\":\""
        + jsonEscape(key) + "\",\"severity\":\"" + std::string(severity) + "\",\"detail\":\"" + jsonEscape(detail) + "\"}]}\n";
    std::fwrite(s.data(), 1, s.size(), m_out);
    ++m_written;
}

void TextEventWriter::event(const ConnectionContext &ctx, const Event &ev)
{
    const std::string line = "conn " + std::to_string(ctx.flow.id) + " " + seconds(ctx.timeNs) + " " + dumpEvent(ev) + "\n";
    std::fwrite(line.data(), 1, line.size(), m_out);
    ++m_written;
}

void TextEventWriter::beacon(const Address &src, std::uint16_t srcPort, std::int64_t timeNs, Bytes payload)
{
    std::vector<Finding> findings;
    const auto parsed = parseZreBeacon(payload, &findings);
    std::string line = "beacon " + seconds(timeNs) + " from " + endpoint(src, srcPort) + " "
        + (parsed ? describeZreBeacon(*parsed) : quoteBytes(payload));
    for (const Finding &f : findings)
        line += " finding " + std::string(severityName(f.severity)) + " " + std::string(findingInfo(f.id).key) + ": " + f.detail;
    line += "\n";
    std::fwrite(line.data(), 1, line.size(), m_out);
    ++m_written;
}

}   // namespace zmqscope::capture
