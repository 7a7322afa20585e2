// What the case files share: the common shapes of a case (send this, then
// the target must close; must carry on; must answer READY), and the
// catalogue's parts. Internal to core/conformance.
#pragma once

#include "probe.h"

namespace zmqscope::conformance::cases {

using codec::encode::Buffer;
using std::chrono::milliseconds;

Buffer greetingBytes(const codec::encode::Greeting3 &g);
// The suite's good greeting and, for NULL, READY in one buffer.
Buffer greetingAndReady(const Probe &p);

// Waits for the target's READY (or its handshake's last command): true
// when it came.
bool targetReady(Probe &p);

// Verdict shapes. `after` names what the suite did ("the bad signature").
// The target must close (an ERROR first is also fine).
Verdict mustClose(Probe &p, std::string_view after);
// The target must go on: alive() after it.
Verdict mustCarryOn(Probe &p, std::string_view after);
// The target must answer READY (NULL) after the suite's greeting and READY.
Verdict mustBeReady(Probe &p, std::string_view after);
// Whatever happens is recorded: closed, ERROR, or carried on.
Verdict record(Probe &p, std::string_view after);

// Sends a message (through the session: encrypted under CURVE) and waits
// for one back; REP targets get and lose the empty delimiter. True and
// `reply` set when one came.
bool echo(Probe &p, const std::vector<std::string> &frames, std::vector<std::string> *reply);
// A message's frames written out raw (3.x framing; NULL and PLAIN links).
Buffer rawMessage(const Probe &p, const std::vector<std::string> &frames);
std::string describe(const std::vector<std::string> &frames);

// A READY (NULL) whose body the case writes itself, properties and all.
Buffer readyWith(std::initializer_list<std::pair<std::string_view, std::string>> props);
// A command frame with `body` as is (name length, name, data).
Buffer commandFrame(const Buffer &body, bool forceLong = false);

// The catalogue's parts, in order.
void addZmtpCases(std::vector<Case> &out);
void addSecurityCases(std::vector<Case> &out);
void addApplicationCases(std::vector<Case> &out);

}   // namespace zmqscope::conformance::cases
