#include "eventwriter.h"

#include "codec/dissection.h"
#include "codec/eventdump.h"
#include "protocols/applayer.h"

#include <algorithm>
#include <map>

#include <charconv>
#include <cinttypes>

namespace zmqscope::capture {

using namespace codec;

namespace {

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

// The length of the well-formed UTF-8 sequence of two to four bytes at
// the start of `s` (no overlong forms, surrogates or code points past
// U+10FFFF), else 0.
std::size_t utf8Length(std::string_view s)
{
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char c = b(0);
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || s.size() < n)
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(k) & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F) || (c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F))
        return 0;
    return n;
}

// Appends `s` JSON-escaped: runs of plain characters in one append.
void appendEscaped(std::string &out, std::string_view s)
{
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            continue;
        if (const std::size_t n = utf8Length(s.substr(i)); n > 1) {
            i += n - 1;   // (well-formed UTF-8 as it is: "0xff … 0x7f")
            continue;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            // Dissection values are UTF-8 with \xNN escapes for bytes;
            // a byte that is not UTF-8 is written as a \u escape of it.
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

void appendReal(std::string &out, double v)
{
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, std::size_t(r.ptr - buf));
}

// A field's value as JSON: a number for Number fields that carry one
// (then "show" holds the display text where it differs), else a string.
void appendValue(std::string &out, const Field &f, bool withShow)
{
    const bool asNumber = f.numeric() && f.info && f.info->type == codec::FieldType::Number;
    if (!asNumber) {
        out += '"';
        appendEscaped(out, f.value);
        out += '"';
        return;
    }
    const std::size_t at = out.size();
    if (f.kind == codec::ValueKind::Real)
        appendReal(out, f.real);
    else
        appendNumber(out, f.number);
    if (withShow && std::string_view(out).substr(at) != f.value) {
        out += ",\"show\":\"";
        appendEscaped(out, f.value);
        out += '"';
    }
}

void appendFields(std::string &out, const Field &f, bool &first)
{
    if (f.info) {
        if (!first)
            out += ',';
        first = false;
        out += "{\"key\":\"";
        appendEscaped(out, f.key());
        out += "\",\"value\":";
        appendValue(out, f, true);
        out += ",\"offset\":";
        appendNumber(out, f.offset);
        out += ",\"length\":";
        appendNumber(out, f.length);
        if (f.decrypted)
            out += ",\"decrypted\":true";   // (offset and length in the plaintext of the boxes)
        out += '}';
    }
    for (const Field &c : f.children)
        appendFields(out, c, first);
}

// The protocol subtree's fields as top-level "<id>.<name>" keys, in
// order of first appearance; a key that repeats becomes an array.
void appendProtocolKeys(std::string &out, const Field &protocolRoot)
{
    std::vector<std::pair<std::string_view, std::vector<const Field *>>> keys;
    const auto walk = [&](const auto &self, const Field &f) -> void {
        const std::string_view k = f.key();
        if (k.find('.') != std::string_view::npos && f.info && f.info->type != codec::FieldType::Node) {
            auto it = std::find_if(keys.begin(), keys.end(), [&](const auto &e) { return e.first == k; });
            if (it == keys.end())
                keys.emplace_back(k, std::vector<const Field *>{&f});
            else
                it->second.push_back(&f);
        }
        for (const Field &c : f.children)
            self(self, c);
    };
    walk(walk, protocolRoot);
    for (const auto &[k, fields] : keys) {
        out += ",\"";
        appendEscaped(out, k);
        out += "\":";
        if (fields.size() > 1)
            out += '[';
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            appendValue(out, *fields[i], false);
        }
        if (fields.size() > 1)
            out += ']';
    }
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
    s += "{\"n\":";
    appendNumber(s, ctx.number);
    if (f.id == 0) {
        // A datagram (or a finding about one): its sender.
        s += ",\"conn\":0,\"src\":\"" + f.client.endpoint(f.clientPort) + "\"";
    } else {
        auto &heads = m_heads[f.id];
        std::string &head = heads[c2s ? 0 : 1];
        if (head.empty()) {
            head = ",\"conn\":" + std::to_string(f.id);
            head += ",\"src\":\"" + (c2s ? f.client.endpoint(f.clientPort) : f.server.endpoint(f.serverPort)) + "\"";
            head += ",\"dst\":\"" + (c2s ? f.server.endpoint(f.serverPort) : f.client.endpoint(f.clientPort)) + "\"";
            head += ",\"dir\":\"" + std::string(directionName(ev.direction)) + "\"";
        }
        s += head;
    }
    s += ",\"ts\":" + seconds(ctx.timeNs);
    s += ",\"kind\":\"" + std::string(kindOf(ev)) + "\"";
    if (f.id == 0) {
        s += ",\"name\":\"" + jsonEscape(nameOf(ev)) + "\"";
        writeTail(ctx, ev);
        return;
    }
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
    writeTail(ctx, ev);
}

// Frames, the protocol's keys, fields and findings; then the line.
void JsonEventWriter::writeTail(const ConnectionContext &ctx, const Event &ev)
{
    std::string &s = m_line;
    if (ev.kind == EventKind::Message || ev.kind == EventKind::Beacon) {
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
    const Field tree = protocols::dissectEvent(ev, ctx.app);
    if (ctx.app && ctx.app->dissector && !tree.children.empty()) {
        s += ",\"protocol\":\"";
        appendEscaped(s, protocols::innermostProtocol(tree));
        s += '"';
        appendProtocolKeys(s, tree.children.back());
    }
    s += ",\"fields\":[";
    bool first = true;
    appendFields(s, tree, first);
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

void JsonEventWriter::captureFinding(std::string_view key, std::string_view severity, std::string_view detail)
{
    std::string s = "{\"conn\":0,\"kind\":\"finding\",\"name\":\"" + jsonEscape(key) + "\",\"fields\":[],\"findings\":[{\"id\":\""
        + jsonEscape(key) + "\",\"severity\":\"" + std::string(severity) + "\",\"detail\":\"" + jsonEscape(detail) + "\"}]}\n";
    std::fwrite(s.data(), 1, s.size(), m_out);
    ++m_written;
}

void TextEventWriter::event(const ConnectionContext &ctx, const Event &ev)
{
    std::string line;
    if (ev.kind == EventKind::Beacon) {
        // The protocol's line names the sender ("beacon from ...").
        line = "conn 0 " + seconds(ctx.timeNs) + " " + protocols::summaryLine(ev, ctx.app) + "\n";
    } else if (ctx.app && ctx.app->dissector) {
        // The protocol's own line in place of the frames.
        line = "conn " + std::to_string(ctx.flow.id) + " " + seconds(ctx.timeNs) + " " + std::string(directionName(ev.direction))
            + " @" + std::to_string(ev.offset) + "+" + std::to_string(ev.length) + (ev.decrypted ? " decrypted " : " ")
            + protocols::summaryLine(ev, ctx.app) + "\n";
    } else {
        line = "conn " + std::to_string(ctx.flow.id) + " " + seconds(ctx.timeNs) + " " + dumpEvent(ev) + "\n";
    }
    std::fwrite(line.data(), 1, line.size(), m_out);
    ++m_written;
}

}   // namespace zmqscope::capture
