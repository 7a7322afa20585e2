// Application protocols over ZMTP, server side: 7/MDP and 8/MMI brokers,
// 6/PPP queues, 12/CLONE (CHP) snapshot servers. The suite plays workers and
// clients over connections of its own (DEALER, as the RFCs' examples do).
#include "cases.h"

#include "codec/eventdump.h"

#include <unistd.h>

namespace zmqscope::conformance::cases {

namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t kServerOnly = 1;
const std::string kClient = "MDPC01";
const std::string kWorker = "MDPW01";

// A second connection of the suite's own to the same target, sharing the
// case's wire log.
// Clients go to the target's client endpoint when it has one (a PPP
// queue's frontend).
struct Second {
    Target target;
    Probe probe;
    Second(Probe &p, const Case &c)
        : target(clientSide(p.target())), probe(target, c, p.result(), nullptr)
    {
        probe.shareClock(p);
    }
    static Target clientSide(Target t)
    {
        if (!t.clientEndpoint.empty())
            t.endpoint = t.clientEndpoint;
        return t;
    }
};

const Case &caseOf(std::string_view id)
{
    return *findCase(id);
}

// The next message on `p` (DEALER: the empty delimiter first, dropped).
std::optional<std::vector<std::string>> nextMessage(Probe &p, std::size_t *seen, std::optional<milliseconds> limit = {})
{
    if (!p.waitFor([&] { return p.sessionMessages() > *seen; }, limit))
        return std::nullopt;
    std::vector<std::string> m = p.session()->received()[(*seen)++];
    if (!m.empty() && m.front().empty())
        m.erase(m.begin());
    return m;
}

std::vector<std::string> withDelimiter(std::vector<std::string> frames)
{
    frames.insert(frames.begin(), std::string());
    return frames;
}

// MMI: asks mmi.<function> about `body`; the reply's last frame.
std::optional<std::string> mmi(Probe &p, const std::string &function, const std::string &body)
{
    std::size_t seen = p.sessionMessages();
    p.note("asks " + function + " \"" + body + "\"");
    p.sendMessage(withDelimiter({kClient, function, body}));
    const auto reply = nextMessage(p, &seen);
    if (!reply || reply->empty())
        return std::nullopt;
    return reply->back();
}

std::string uniqueService()
{
    static int n = 0;
    return "zmqscope.conformance." + std::to_string(::getpid()) + "." + std::to_string(++n);
}

// FILEMQ (35/FILEMQ): one frame each way, DEALER to the server's ROUTER.
const std::vector<std::uint8_t> kOhai{0xAA, 0xA3, 0x01, 6, 'F', 'I', 'L', 'E', 'M', 'Q', 0x00, 0x02};

std::string hexOf(const std::vector<std::uint8_t> &b)
{
    return codec::hexBytes(b, 32);
}

// Sends `message`; the answer's bytes (the first message back), or nothing.
std::optional<std::vector<std::uint8_t>> filemq(Probe &p, const std::vector<std::uint8_t> &message, std::string_view what)
{
    std::size_t seen = p.sessionMessages();
    p.note(std::string(what));
    p.sendMessage({std::string(message.begin(), message.end())});
    if (!p.waitFor([&] { return p.sessionMessages() > seen; }))
        return std::nullopt;
    const std::string &frame = p.session()->received()[seen].back();
    return std::vector<std::uint8_t>(frame.begin(), frame.end());
}

}   // namespace

void addApplicationCases(std::vector<Case> &out)
{
    out.push_back({"7/mdp/request-reply", "7/MDP", "Client Protocol", Level::Must,
                   "A client's request to a service the broker has gets one reply, framed MDPC01, the service name, then "
                   "the body.",
                   "REQUEST to the target's service with body \"conformance\"", "a reply [\"MDPC01\", service, ...]",
                   kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       std::size_t seen = 0;
                       p.sendMessage(withDelimiter({kClient, p.target().service, "conformance"}));
                       const auto reply = nextMessage(p, &seen);
                       if (!reply)
                           return p.fail("no reply from service \"" + p.target().service + "\": " + p.howItEnded("the request"));
                       if (reply->size() < 3 || (*reply)[0] != kClient || (*reply)[1] != p.target().service)
                           return p.fail("reply " + describe(*reply));
                       return p.pass("reply " + describe(*reply));
                   },
                   "mdp-no-reply"});
    out.push_back({"7/mdp/worker-gets-request", "7/MDP", "Worker Protocol", Level::Must,
                   "A worker that said READY for a service gets the requests to it as REQUEST with the client's address, "
                   "and its REPLY goes back to that client.",
                   "a worker connection READY for a new service, a client connection requesting it, the worker's REPLY",
                   "REQUEST [client, \"\", body] at the worker, then the reply at the client", kServerOnly, "", "",
                   "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const std::string service = uniqueService();
                       p.note("connection 1 is a worker for " + service);
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x01'), service}));
                       Second client(p, caseOf("7/mdp/worker-gets-request"));
                       if (!client.probe.open() || !client.probe.handshake())
                           return p.fail("the client connection failed: " + p.result().observed);
                       client.probe.note("connection 2 is a client");
                       client.probe.sendMessage(withDelimiter({kClient, service, "work"}));
                       std::size_t seen = 0;
                       std::optional<std::vector<std::string>> req;
                       while ((req = nextMessage(p, &seen)) && req->size() >= 2 && (*req)[1] == std::string(1, '\x04')) {
                       }
                       if (!req)
                           return p.fail("the worker got no REQUEST: " + p.howItEnded("the client's request"));
                       if (req->size() < 5 || (*req)[0] != kWorker || (*req)[1] != std::string(1, '\x02') || !(*req)[3].empty()
                           || req->back() != "work")
                           return p.fail("the worker got " + describe(*req));
                       const std::string address = (*req)[2];
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x03'), address, "", "done"}));
                       std::size_t cseen = 0;
                       const auto reply = nextMessage(client.probe, &cseen);
                       if (!reply)
                           return p.fail("the client got no reply: " + client.probe.howItEnded("the worker's REPLY"));
                       if (reply->size() < 3 || (*reply)[0] != kClient || (*reply)[1] != service || reply->back() != "done")
                           return p.fail("the client got " + describe(*reply));
                       return p.pass("REQUEST reached the worker with the client's address; the client got " + describe(*reply));
                   },
                   "mdp-lost-request"});
    out.push_back({"7/mdp/broker-heartbeats", "7/MDP", "Heartbeating", Level::Should,
                   "A broker sends a READY worker HEARTBEAT commands while it has no work for it.",
                   "a worker connection READY for a new service, then silence", "HEARTBEAT within two of 7/MDP's default intervals (5.5 s)", kServerOnly,
                   "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x01'), uniqueService()}));
                       std::size_t seen = 0;
                       // (7/MDP's default interval is 2.5 s: two of them, whatever the case timeout)
                       const auto m = nextMessage(p, &seen, std::max(p.timeout(), milliseconds(5500)));
                       if (m && m->size() >= 2 && (*m)[0] == kWorker && (*m)[1] == std::string(1, '\x04'))
                           return p.pass("HEARTBEAT " + std::to_string(int(p.elapsedMs())) + " ms into the case");
                       return p.fail(m ? "got " + describe(*m) : "no HEARTBEAT: " + p.howItEnded("READY"));
                   },
                   "mdp-silent"});
    out.push_back({"7/mdp/disconnect-unregisters", "7/MDP", "Worker Protocol", Level::Must,
                   "A worker's DISCONNECT removes it: the broker no longer lists the service's worker.",
                   "a worker READY for a new service, then DISCONNECT; mmi.service about that service",
                   "404 (no worker) after the DISCONNECT", kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const std::string service = uniqueService();
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x01'), service}));
                       Second client(p, caseOf("7/mdp/disconnect-unregisters"));
                       if (!client.probe.open() || !client.probe.handshake())
                           return p.fail("the client connection failed: " + p.result().observed);
                       // (the READY and the query travel on two connections: the broker
                       // may read the query first, so ask until it knows, or a second)
                       const auto askUntil = [&](const char *wanted) {
                           std::optional<std::string> code;
                           for (int i = 0; i < 20; ++i) {
                               code = mmi(client.probe, "mmi.service", service);
                               if (!code || *code == wanted)
                                   break;
                               p.waitFor([] { return false; }, 50ms);
                           }
                           return code;
                       };
                       const auto before = askUntil("200");
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x05')}));
                       const auto after = askUntil("404");
                       if (!before || !after)
                           return p.unimplemented("no MMI answer (the broker may not offer 8/MMI)");
                       if (*before == "200" && *after == "404")
                           return p.pass("mmi.service said 200 before the DISCONNECT and 404 after");
                       return p.fail("mmi.service said " + *before + " before the DISCONNECT and " + *after + " after");
                   },
                   "mdp-keeps-workers"});
    out.push_back({"7/mdp/invalid-command", "7/MDP", "Worker Protocol", Level::May,
                   "What a broker does with a worker command it does not know is its own choice.",
                   "a worker READY, then command 0x09", "anything: recorded", kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x01'), uniqueService()}));
                       p.sendMessage(withDelimiter({kWorker, std::string(1, '\x09')}));
                       std::size_t seen = 0;
                       for (auto m = nextMessage(p, &seen, 600ms); m; m = nextMessage(p, &seen, 600ms))
                           if (m->size() >= 2 && (*m)[1] == std::string(1, '\x05'))
                               return p.info("answered DISCONNECT");
                       return p.info(p.closed() ? p.howItEnded("the unknown command") : "ignored it");
                   },
                   ""});
    out.push_back({"8/mmi/service-known", "8/MMI", "Service Discovery", Level::Must,
                   "mmi.service answers 200 for a service that has a worker.", "mmi.service asking about the target's service",
                   "\"200\"", kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const auto code = mmi(p, "mmi.service", p.target().service);
                       if (!code)
                           return p.fail("no answer: " + p.howItEnded("the MMI request"));
                       return *code == "200" ? p.pass("\"200\"") : p.fail("\"" + *code + "\"");
                   },
                   "mmi-wrong"});
    out.push_back({"8/mmi/service-unknown", "8/MMI", "Service Discovery", Level::Must,
                   "mmi.service answers 404 for a service nobody offers.", "mmi.service asking about a service that does not exist",
                   "\"404\"", kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const auto code = mmi(p, "mmi.service", "no.such.service.here");
                       if (!code)
                           return p.fail("no answer: " + p.howItEnded("the MMI request"));
                       return *code == "404" ? p.pass("\"404\"") : p.fail("\"" + *code + "\"");
                   },
                   "mmi-wrong"});
    out.push_back({"8/mmi/unknown-function", "8/MMI", "Service Discovery", Level::Must,
                   "An mmi. service the broker does not implement answers 501.", "a request to mmi.zmqscope-nothing",
                   "\"501\"", kServerOnly, "", "", "mdp-broker",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const auto code = mmi(p, "mmi.zmqscope-nothing", "x");
                       if (!code)
                           return p.fail("no answer: " + p.howItEnded("the MMI request"));
                       return *code == "501" ? p.pass("\"501\"") : p.fail("\"" + *code + "\"");
                   },
                   "mmi-wrong"});

    out.push_back({"6/ppp/queue-heartbeats", "6/PPP", "Heartbeating", Level::Must,
                   "A queue heartbeats a READY worker.", "a worker connection sending READY (\\x01)", "HEARTBEAT (\\x02)",
                   kServerOnly, "", "", "ppp-queue",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage({std::string(1, '\x01')});
                       std::size_t seen = 0;
                       if (!p.waitFor([&] { return p.sessionMessages() > seen; }))
                           return p.fail("no HEARTBEAT: " + p.howItEnded("READY"));
                       const auto &m = p.session()->received()[seen];
                       return m.size() == 1 && m[0] == std::string(1, '\x02') ? p.pass("HEARTBEAT")
                                                                              : p.fail("got " + describe(m));
                   },
                   "ppp-silent"});
    out.push_back({"6/ppp/request-forwarded", "6/PPP", "Queue Behaviour", Level::Must,
                   "A request reaches a READY worker with the client's address, and the reply goes back to the client.",
                   "a worker READY, a client connection's request, the worker's reply",
                   "the request at the worker behind the client's address; the reply at the client", kServerOnly, "", "",
                   "ppp-queue",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage({std::string(1, '\x01')});
                       Second client(p, caseOf("6/ppp/request-forwarded"));
                       if (!client.probe.open() || !client.probe.handshake())
                           return p.fail("the client connection failed: " + p.result().observed);
                       // As a Lazy Pirate client does: a request the queue gave a worker
                       // that has gone (the queue learns it only when its heartbeats
                       // stop) is sent again, up to three times.
                       std::size_t seen = 0;
                       std::vector<std::string> req;
                       for (int attempt = 1; attempt <= 3 && (req.empty() || req.back() != "job"); ++attempt) {
                           client.probe.note("the client's request, attempt " + std::to_string(attempt));
                           client.probe.sendMessage({"", "job"});
                           while (p.waitFor([&] { return p.sessionMessages() > seen; }, std::min(p.timeout(), milliseconds(1000)))) {
                               req = p.session()->received()[seen++];
                               if (!(req.size() == 1 && req[0] == std::string(1, '\x02')))
                                   break;
                           }
                       }
                       if (req.size() < 3 || req.back() != "job")
                           return p.fail("the worker got " + (req.empty() ? "nothing" : describe(req)));
                       std::vector<std::string> reply = req;
                       reply.back() = "done";
                       p.sendMessage(reply);
                       std::size_t cseen = 0;
                       if (!client.probe.waitFor([&] { return client.probe.sessionMessages() > cseen; }))
                           return p.fail("the client got no reply");
                       const auto &got = client.probe.session()->received()[cseen];
                       return !got.empty() && got.back() == "done" ? p.pass("the client got " + describe(got))
                                                                  : p.fail("the client got " + describe(got));
                   },
                   "ppp-lost-request"});

    // ---- 35/FILEMQ server (a ROUTER; the suite is a DEALER client) ----------
    out.push_back({"35/filemq/ohai", "35/FILEMQ", "Protocol", Level::Must,
                   "A server answers OHAI (protocol FILEMQ, version 2) with OHAI-OK.", "OHAI FILEMQ 2", "OHAI-OK (AA A3 04)",
                   kServerOnly, "", "", "filemq-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const auto answer = filemq(p, kOhai, "OHAI FILEMQ 2");
                       if (!answer)
                           return p.fail("no answer: " + p.howItEnded("OHAI"));
                       return answer->size() >= 3 && (*answer)[2] == 0x04 ? p.pass("OHAI-OK")
                                                                           : p.fail("answered " + hexOf(*answer));
                   },
                   "filemq-silent"});
    out.push_back({"35/filemq/hugz", "35/FILEMQ", "Heartbeating", Level::Must,
                   "HUGZ must be answered with HUGZ-OK.", "OHAI, then HUGZ", "HUGZ-OK (AA A3 0A)", kServerOnly, "", "",
                   "filemq-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       if (!filemq(p, kOhai, "OHAI FILEMQ 2"))
                           return p.fail("no OHAI-OK: " + p.howItEnded("OHAI"));
                       const auto answer = filemq(p, {0xAA, 0xA3, 0x09}, "HUGZ");
                       if (!answer)
                           return p.fail("no answer to HUGZ: " + p.howItEnded("HUGZ"));
                       return answer->size() >= 3 && (*answer)[2] == 0x0A ? p.pass("HUGZ-OK") : p.fail("answered " + hexOf(*answer));
                   },
                   "filemq-silent"});
    out.push_back({"35/filemq/icanhaz", "35/FILEMQ", "Protocol", Level::Must,
                   "A subscription to a path is answered with ICANHAZ-OK (the path may not exist yet).",
                   "OHAI, then ICANHAZ \"/\" (the path as a 4-octet long string, as zeromq/filemq sends it)",
                   "ICANHAZ-OK (AA A3 06)", kServerOnly, "", "", "filemq-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       if (!filemq(p, kOhai, "OHAI FILEMQ 2"))
                           return p.fail("no OHAI-OK: " + p.howItEnded("OHAI"));
                       const auto answer = filemq(p, {0xAA, 0xA3, 0x05, 0, 0, 0, 1, '/', 0, 0, 0, 0, 0, 0, 0, 0}, "ICANHAZ /");
                       if (!answer)
                           return p.fail("no answer to ICANHAZ: " + p.howItEnded("ICANHAZ"));
                       return answer->size() >= 3 && (*answer)[2] == 0x06 ? p.pass("ICANHAZ-OK")
                                                                           : p.fail("answered " + hexOf(*answer));
                   },
                   "filemq-silent"});
    out.push_back({"35/filemq/out-of-order", "35/FILEMQ", "Protocol", Level::Should,
                   "A command out of order (ICANHAZ before OHAI) is answered with RTFM.", "ICANHAZ as the first command",
                   "RTFM (AA A3 81)", kServerOnly, "", "", "filemq-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const auto answer = filemq(p, {0xAA, 0xA3, 0x05, 0, 0, 0, 1, '/', 0, 0, 0, 0, 0, 0, 0, 0}, "ICANHAZ before OHAI");
                       if (answer && answer->size() >= 3 && (*answer)[2] == 0x81)
                           return p.pass("RTFM");
                       return p.fail(answer ? "answered " + hexOf(*answer) : "no RTFM: " + p.howItEnded("the early ICANHAZ"));
                   },
                   "filemq-lax"});
    out.push_back({"35/filemq/bad-signature", "35/FILEMQ", "Protocol", Level::Should,
                   "A message without the FILEMQ signature is dropped silently, and the client may go on.",
                   "a message starting AB CD, then OHAI", "no answer to the first; OHAI-OK to the second", kServerOnly, "", "",
                   "filemq-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       const std::size_t before = p.sessionMessages();
                       p.note("a message without the signature");
                       p.sendMessage({std::string("\xAB\xCD\x01", 3)});
                       if (p.waitFor([&] { return p.sessionMessages() > before; }, milliseconds(300)))
                           return p.fail("answered a message without the signature: "
                                         + hexOf(std::vector<std::uint8_t>(p.session()->received()[before].back().begin(),
                                                                           p.session()->received()[before].back().end())));
                       const auto answer = filemq(p, kOhai, "OHAI FILEMQ 2");
                       return answer && answer->size() >= 3 && (*answer)[2] == 0x04
                                  ? p.pass("dropped it; OHAI-OK to the OHAI after")
                                  : p.fail(answer ? "answered OHAI with " + hexOf(*answer) : p.howItEnded("OHAI"));
                   },
                   "filemq-lax"});
    out.push_back({"12/chp/snapshot", "12/CLONE", "Clone Protocol", Level::Must,
                   "A snapshot request ICANHAZ? is answered with the state as KVSYNC messages and ends with KTHXBAI and "
                   "the sequence number.",
                   "ICANHAZ? for the whole tree", "zero or more KVSYNC, then KTHXBAI", kServerOnly, "", "", "clone-server",
                   +[](Probe &p) {
                       if (!p.handshake())
                           return p.fail(p.result().observed);
                       p.sendMessage({"ICANHAZ?", ""});
                       std::size_t seen = 0, kvsync = 0;
                       while (p.waitFor([&] { return p.sessionMessages() > seen; })) {
                           const auto m = p.session()->received()[seen++];
                           if (!m.empty() && m[0] == "KTHXBAI")
                               return p.pass(std::to_string(kvsync) + " KVSYNC message(s), then KTHXBAI"
                                             + (m.size() >= 2 && m[1].size() == 8 ? " with an 8-byte sequence" : ""));
                           ++kvsync;
                       }
                       return p.fail(std::to_string(kvsync) + " message(s) and no KTHXBAI: " + p.howItEnded("ICANHAZ?"));
                   },
                   "clone-no-kthxbai"});
}

}   // namespace zmqscope::conformance::cases
