#include "eventdump.h"

#include <cstdio>

namespace zmqscope::codec {

namespace {

std::string range(const Event &ev)
{
    return "@" + std::to_string(ev.offset) + "+" + std::to_string(ev.length);
}

std::string framingName(Framing f)
{
    switch (f) {
    case Framing::V1: return "1.0";
    case Framing::V1AfterRev0: return "rev0+1.0";
    case Framing::V2: return "2.0";
    case Framing::V3: return "3.x";
    case Framing::Undecided: break;
    }
    return "?";
}

std::string commandText(const Command &c)
{
    std::string s = "command ";
    s += c.name.empty() ? std::string("<invalid>") : std::string(c.name);
    for (const Property &p : c.properties)
        s += " " + std::string(p.name) + "=" + quoteBytes(p.value);
    switch (c.kind) {
    case CommandKind::Error: s += " reason=" + quoteBytes(c.text); break;
    case CommandKind::Subscribe:
    case CommandKind::Cancel: s += " topic=" + quoteBytes(c.text); break;
    case CommandKind::Join:
    case CommandKind::Leave: s += " group=" + quoteBytes(c.text); break;
    case CommandKind::Ping:
        if (c.hasTtl)
            s += " ttl=" + std::to_string(c.ttl);
        s += " context=" + quoteBytes(c.text);
        break;
    case CommandKind::Pong: s += " context=" + quoteBytes(c.text); break;
    case CommandKind::Hello:
        if (c.hasCurve)
            s += " version=" + std::to_string(c.curve.major) + "." + std::to_string(c.curve.minor)
                + " C'=" + hexBytes(c.curve.transientKey, 8);
        else if (!c.text.empty() || !c.text2.empty())
            s += " username=" + quoteBytes(c.text) + " password=" + quoteBytes(c.text2);
        break;
    case CommandKind::Welcome:
        if (c.hasCurve)
            s += " nonce=" + hexBytes(c.curve.longNonce, 8);
        if (!c.curve.transientKey.empty())
            s += " S'=" + hexBytes(c.curve.transientKey, 8);
        break;
    case CommandKind::Initiate:
        if (c.hasCurve)
            s += " cookie=" + hexBytes(c.curve.cookie, 8);
        break;
    case CommandKind::Message:
    case CommandKind::Ready:
    case CommandKind::Unknown:
        break;
    }
    if (c.hasNonce)
        s += " nonce=" + std::to_string(c.nonce);
    if (c.hasCurve)
        s += " box=" + std::to_string(c.text.size());
    if (c.kind == CommandKind::Unknown && !c.data.empty())
        s += " data=" + quoteBytes(c.data);
    return s;
}

}   // namespace

std::string quoteBytes(Bytes b, std::size_t limit)
{
    std::string s = "\"";
    const std::size_t n = std::min(b.size(), limit);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t c = b[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            s += char(c);
        } else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            s += buf;
        }
    }
    s += "\"";
    if (b.size() > limit)
        s += "…(" + std::to_string(b.size()) + " bytes)";
    return s;
}

std::string hexBytes(Bytes b, std::size_t limit)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    const std::size_t n = std::min(b.size(), limit);
    s.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        s += kHex[b[i] >> 4];
        s += kHex[b[i] & 15];
    }
    if (b.size() > limit)
        s += "…";
    return s;
}

std::string dumpEvent(const Event &ev)
{
    std::string s(directionName(ev.direction));
    s += ' ';
    switch (ev.kind) {
    case EventKind::GreetingPart: {
        const Greeting &g = *ev.greeting;
        s += range(ev) + " greeting ";
        char buf[96];
        switch (ev.part) {
        case GreetingPartKind::Signature:
            std::snprintf(buf, sizeof buf, "signature padding=%llu end=0x%02x",
                          static_cast<unsigned long long>(g.padding), g.signatureEnd);
            break;
        case GreetingPartKind::Version:
            if (ev.length == 2)
                std::snprintf(buf, sizeof buf, "version major=%u minor=%u", g.major, g.minor);
            else
                std::snprintf(buf, sizeof buf, "revision=%u", g.major);
            break;
        case GreetingPartKind::SocketType:
            std::snprintf(buf, sizeof buf, "socket-type=%s", std::string(socketTypeName(socketTypeFromByte(g.socketTypeByte))).c_str());
            break;
        case GreetingPartKind::Security:
            std::snprintf(buf, sizeof buf, "mechanism=%s as-server=%u",
                          quoteBytes({reinterpret_cast<const std::uint8_t *>(g.mechanismRaw.data()), g.mechanismLength}).c_str(),
                          g.asServer);
            break;
        }
        s += buf;
        break;
    }
    case EventKind::VersionDecided:
        s += range(ev) + " version " + std::string(versionName(ev.decision.version)) + " framing="
            + framingName(ev.decision.framing);
        if (ev.decision.framing == Framing::V3 && ev.mechanism != Mechanism::None)
            s += " mechanism=" + std::string(mechanismName(ev.mechanism));
        if (ev.decision.downgraded)
            s += " downgraded";
        if (ev.decision.oneSided)
            s += " one-sided";
        if (ev.guessed)
            s += " guessed";
        break;
    case EventKind::Identity:
        s += range(ev) + " identity " + quoteBytes(ev.frame->body);
        break;
    case EventKind::Command:
        s += range(ev) + (ev.decrypted ? " decrypted " : " ") + commandText(*ev.command);
        break;
    case EventKind::Message: {
        s += range(ev) + (ev.decrypted ? " decrypted message" : " message");
        for (const FrameView &f : ev.frames)
            s += " " + quoteBytes(f.body) + (f.clipped ? "[clipped " + std::to_string(f.size) + "]" : "");
        if (ev.frameCount > ev.frames.size())
            s += " +" + std::to_string(ev.frameCount - ev.frames.size()) + " frames";
        break;
    }
    case EventKind::Beacon: {
        // The datagram as bytes; the protocol layer reads it (zre).
        const Bytes payload = ev.frames.empty() ? Bytes{} : ev.frames[0].body;
        s += range(ev) + " datagram from " + std::string(ev.source) + " " + quoteBytes(payload);
        break;
    }
    case EventKind::Subscription:
        s += range(ev) + (ev.subscription->subscribe ? " subscribe " : " cancel ")
            + quoteBytes(ev.subscription->topic) + (ev.subscription->commandForm ? " (command)" : " (message)");
        break;
    case EventKind::Finding: {
        const Finding &f = *ev.finding;
        s += range(ev) + " finding " + std::string(severityName(f.severity)) + " "
            + std::string(findingInfo(f.id).key);
        if (!f.detail.empty())
            s += ": " + f.detail;
        break;
    }
    }
    return s;
}

}   // namespace zmqscope::codec
