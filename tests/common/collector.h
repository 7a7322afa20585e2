// Test helper: an EventSink that keeps what the events say, per direction,
// as plain values that outlive the callback.
#pragma once

#include "codec/eventdump.h"
#include "codec/streamdecoder.h"

#include <map>
#include <string>
#include <vector>

namespace testutil {

struct CollectedCommand {
    std::string name;
    std::map<std::string, std::string> properties;
    std::string text;
    std::uint16_t ttl = 0;
};

struct CollectedFinding {
    std::string key;
    zmqscope::codec::Severity severity;
    std::string line;
};

struct CollectedSide {
    zmqscope::codec::ZmtpVersion version = zmqscope::codec::ZmtpVersion::Unknown;
    zmqscope::codec::Framing framing = zmqscope::codec::Framing::Undecided;
    zmqscope::codec::Mechanism mechanism = zmqscope::codec::Mechanism::None;
    bool downgraded = false;
    int socketTypeByte = -1;
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    bool hasIdentity = false;
    std::string identity;
    std::vector<CollectedCommand> commands;
    std::vector<std::vector<std::string>> messages;
    std::vector<std::string> subscriptions;   // "+topic" / "-topic"
    std::vector<CollectedFinding> findings;

    std::size_t count(const std::string &command) const
    {
        std::size_t n = 0;
        for (const auto &c : commands)
            n += c.name == command;
        return n;
    }
    std::vector<std::string> problems(zmqscope::codec::Severity atLeast) const
    {
        std::vector<std::string> out;
        for (const auto &f : findings)
            if (f.severity >= atLeast)
                out.push_back(f.line);
        return out;
    }
};

class Collector : public zmqscope::codec::EventSink {
public:
    CollectedSide side[2];
    std::vector<std::string> lines;

    CollectedSide &c2s() { return side[0]; }
    CollectedSide &s2c() { return side[1]; }

    void onEvent(const zmqscope::codec::Event &ev) override
    {
        using namespace zmqscope::codec;
        lines.push_back(dumpEvent(ev));
        CollectedSide &s = side[static_cast<int>(ev.direction)];
        switch (ev.kind) {
        case EventKind::GreetingPart:
            if (ev.part == GreetingPartKind::SocketType)
                s.socketTypeByte = ev.greeting->socketTypeByte;
            if (ev.part == GreetingPartKind::Version) {
                s.major = ev.greeting->major;
                s.minor = ev.greeting->minor;
            }
            break;
        case EventKind::VersionDecided:
            s.version = ev.decision.version;
            s.framing = ev.decision.framing;
            s.mechanism = ev.mechanism;
            s.downgraded = ev.decision.downgraded;
            break;
        case EventKind::Identity:
            s.hasIdentity = true;
            s.identity.assign(ev.frame->body.begin(), ev.frame->body.end());
            break;
        case EventKind::Command: {
            CollectedCommand c;
            c.name = std::string(ev.command->name);
            for (const Property &p : ev.command->properties)
                c.properties[std::string(p.name)] = std::string(p.value.begin(), p.value.end());
            c.text.assign(ev.command->text.begin(), ev.command->text.end());
            c.ttl = ev.command->ttl;
            s.commands.push_back(std::move(c));
            break;
        }
        case EventKind::Message: {
            std::vector<std::string> frames;
            for (const FrameView &f : ev.frames)
                frames.emplace_back(f.body.begin(), f.body.end());
            s.messages.push_back(std::move(frames));
            break;
        }
        case EventKind::Subscription:
            s.subscriptions.push_back((ev.subscription->subscribe ? "+" : "-")
                                      + std::string(ev.subscription->topic.begin(), ev.subscription->topic.end()));
            break;
        case EventKind::Finding:
            s.findings.push_back({std::string(findingInfo(ev.finding->id).key), ev.finding->severity, lines.back()});
            break;
        case EventKind::Beacon:   // captures only, never from a decoder
            break;
        }
    }
};

}   // namespace testutil
