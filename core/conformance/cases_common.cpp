#include "cases.h"

#include "codec/eventdump.h"

namespace zmqscope::conformance::cases {

Buffer greetingBytes(const codec::encode::Greeting3 &g)
{
    Buffer out;
    codec::encode::greeting3(out, g);
    return out;
}

Buffer greetingAndReady(const Probe &p)
{
    Buffer out = greetingBytes(p.greeting());
    p.readyCommand(out);
    return out;
}

bool targetReady(Probe &p)
{
    return p.waitFor([&] { return p.lastCommand("READY") != nullptr || p.errorReason(); }) && p.lastCommand("READY");
}

Verdict mustClose(Probe &p, std::string_view after)
{
    if (p.waitClosed())
        return p.pass(p.howItEnded(after));
    if (p.errorReason())
        return p.pass(p.howItEnded(after) + " (it had not closed yet)");
    return p.fail(p.howItEnded(after));
}

Verdict mustCarryOn(Probe &p, std::string_view after)
{
    const std::string trouble = p.alive();
    if (trouble.empty())
        return p.pass("carried on after " + std::string(after)
                      + (p.lastCommand("PONG") ? " (answered a PING with PONG)" : " (still open)"));
    return p.fail(trouble);
}

Verdict mustBeReady(Probe &p, std::string_view after)
{
    if (targetReady(p))
        return p.pass("answered READY after " + std::string(after));
    return p.fail(p.howItEnded(after));
}

Verdict record(Probe &p, std::string_view after)
{
    const std::string trouble = p.alive();
    if (trouble.empty())
        return p.info("carried on after " + std::string(after)
                      + (p.lastCommand("PONG") ? " (answered a PING with PONG)" : " (still open)"));
    return p.info(trouble);
}

namespace {
bool isRep(const Probe &p)
{
    return p.target().socketType == "REP";
}
}   // namespace

bool echo(Probe &p, const std::vector<std::string> &frames, std::vector<std::string> *reply)
{
    std::vector<std::string> out;
    if (isRep(p))
        out.emplace_back();
    out.insert(out.end(), frames.begin(), frames.end());
    const std::size_t before = p.sessionMessages();
    if (!p.sendMessage(out))
        return false;
    if (!p.waitFor([&] { return p.sessionMessages() > before; }))
        return false;
    std::vector<std::string> got = p.session()->received()[before];
    if (isRep(p) && !got.empty() && got.front().empty())
        got.erase(got.begin());
    *reply = std::move(got);
    return true;
}

Buffer rawMessage(const Probe &p, const std::vector<std::string> &frames)
{
    Buffer out;
    std::vector<std::string> all;
    if (isRep(p))
        all.emplace_back();
    all.insert(all.end(), frames.begin(), frames.end());
    for (std::size_t i = 0; i < all.size(); ++i) {
        codec::encode::FrameOptions o;
        o.more = i + 1 < all.size();
        codec::encode::frame(out, codec::encode::bytes(all[i]), o);
    }
    return out;
}

std::string describe(const std::vector<std::string> &frames)
{
    std::string s = std::to_string(frames.size()) + " frame(s):";
    for (std::size_t i = 0; i < frames.size() && i < 4; ++i)
        s += " " + codec::quoteBytes(codec::encode::bytes(frames[i]), 24);
    if (frames.size() > 4)
        s += " ...";
    return s;
}

Buffer readyWith(std::initializer_list<std::pair<std::string_view, std::string>> props)
{
    Buffer body{5, 'R', 'E', 'A', 'D', 'Y'};
    for (const auto &[name, value] : props) {
        body.push_back(std::uint8_t(name.size()));
        body.insert(body.end(), name.begin(), name.end());
        const std::uint32_t n = std::uint32_t(value.size());
        body.push_back(std::uint8_t(n >> 24));
        body.push_back(std::uint8_t(n >> 16));
        body.push_back(std::uint8_t(n >> 8));
        body.push_back(std::uint8_t(n));
        body.insert(body.end(), value.begin(), value.end());
    }
    return commandFrame(body);
}

Buffer commandFrame(const Buffer &body, bool forceLong)
{
    Buffer out;
    codec::encode::FrameOptions o;
    o.command = true;
    o.forceLong = forceLong;
    codec::encode::frame(out, body, o);
    return out;
}

}   // namespace zmqscope::conformance::cases
