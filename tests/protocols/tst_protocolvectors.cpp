// The protocol layer on named data rows: the protocol digest's examples (and
// hostile variants of them) framed as ZMTP 3.1 between the socket types each
// protocol uses, fed through the capture pipeline whole, byte by byte and in
// random splits. Every row's output (one line per event: its number and the
// protocol's summary, or the finding's key) must be the same in every split
// and equal the expected lines; named fields are checked by value and must
// cover the bytes they claim.
#include "hex.h"

#include "capture/eventwriter.h"
#include "capture/objectexport.h"
#include "capture/pipeline.h"
#include "codec/encoder.h"
#include "codec/filter.h"
#include "protocols/registry.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <random>

using namespace zmqscope;
using namespace zmqscope::codec;

namespace {

// One message: its direction and its frames. Frame syntax, separated by
// " | ": [] is an empty frame, x<hex> raw bytes, anything else text.
struct Msg {
    Direction d;
    std::string frames;
};

std::vector<std::vector<std::uint8_t>> framesOf(const std::string &spec)
{
    std::vector<std::vector<std::uint8_t>> out;
    std::size_t at = 0;
    for (;;) {
        const std::size_t bar = spec.find(" | ", at);
        const std::string f = spec.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
        if (f == "[]")
            out.emplace_back();
        else if (f.size() > 1 && f[0] == 'x')
            out.push_back(testutil::fromHex(f.substr(1)));
        else
            out.emplace_back(f.begin(), f.end());
        if (bar == std::string::npos)
            break;
        at = bar + 3;
    }
    return out;
}

struct Output : capture::CaptureEventSink {
    std::vector<std::string> lines;
    std::vector<Field> trees;          // by event number - 1
    std::vector<std::uint64_t> bases;  // where the event's bytes start in `streams`
    void event(const capture::ConnectionContext &ctx, const Event &ev) override
    {
        if (ev.kind == EventKind::GreetingPart)
            return;
        trees.resize(ctx.number);
        trees[ctx.number - 1] = protocols::dissectEvent(ev, ctx.app);
        if (ev.kind == EventKind::Finding)
            lines.push_back(std::to_string(ctx.number) + " finding " + std::string(findingInfo(ev.finding->id).key));
        else if (ev.kind == EventKind::Message)
            lines.push_back(std::to_string(ctx.number) + " " + protocols::summaryLine(ev, ctx.app));
    }
};

struct Script {
    SocketType c2sType, s2cType;
    std::string c2sIdentity, s2cIdentity;
    std::vector<Msg> messages;
};

// Each side's stream: greeting, READY with Socket-Type (and Identity),
// then its messages. `chunks` lists what is fed in order.
struct Fed {
    std::vector<std::uint8_t> stream[2];
    std::vector<std::pair<Direction, std::pair<std::size_t, std::size_t>>> pieces;   // direction, [from, to)
};

Fed build(const Script &s)
{
    Fed fed;
    for (int d = 0; d < 2; ++d) {
        auto &out = fed.stream[d];
        encode::greeting3(out, {});
        const SocketType t = d == 0 ? s.c2sType : s.s2cType;
        const std::string &id = d == 0 ? s.c2sIdentity : s.s2cIdentity;
        const std::string_view type = socketTypeName(t);
        if (id.empty())
            encode::ready(out, {{"Socket-Type", encode::bytes(type)}});
        else
            encode::ready(out, {{"Socket-Type", encode::bytes(type)}, {"Identity", encode::bytes(id)}});
        fed.pieces.push_back({Direction(d), {0, out.size()}});
    }
    for (const Msg &m : s.messages) {
        auto &out = fed.stream[int(m.d)];
        const std::size_t from = out.size();
        const auto frames = framesOf(m.frames);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            encode::FrameOptions o;
            o.more = i + 1 < frames.size();
            encode::frame(out, {frames[i].data(), frames[i].size()}, o);
        }
        fed.pieces.push_back({m.d, {from, out.size()}});
    }
    return fed;
}

// Feeds the pieces in order, each cut into chunks of `split` bytes
// (0: whole; 1: byte by byte; -1: random sizes).
Output run(const Script &s, int split, unsigned seed = 1)
{
    const Fed fed = build(s);
    Output out;
    capture::Pipeline pipeline(out);
    capture::FlowInfo flow;
    flow.id = 1;
    flow.sawSyn = true;
    flow.clientPort = 40000;
    flow.serverPort = 5555;
    const auto c = pipeline.open(flow);
    std::mt19937 random(seed);
    for (const auto &[d, range] : fed.pieces) {
        std::size_t at = range.first;
        while (at < range.second) {
            std::size_t n = range.second - at;
            if (split == 1)
                n = 1;
            else if (split < 0)
                n = std::min<std::size_t>(n, 1 + random() % 7);
            c->feed(d, {fed.stream[int(d)].data() + at, n}, 0);
            at += n;
        }
    }
    c->finish();
    return out;
}

constexpr Direction C = Direction::ClientToServer;
constexpr Direction S = Direction::ServerToClient;

// A field check: event number, key, its value text.
struct Check {
    std::size_t event;
    std::string key, value;
};

struct Row {
    Script script;
    std::vector<std::string> expected;
    std::vector<Check> checks;
};

std::map<std::string, Row> &rows()
{
    static std::map<std::string, Row> r;
    return r;
}

void add(const char *name, Script s, std::vector<std::string> expected, std::vector<Check> checks = {})
{
    rows()[name] = Row{std::move(s), std::move(expected), std::move(checks)};
}

// Event numbers: each side's version-decided and READY come first (events
// 1-4), so the first message is event 5.
void defineRows()
{
    using ST = SocketType;
    // --- 7/MDP ----------------------------------------------------------
    add("mdp01 worker READY, REQUEST, REPLY, HEARTBEAT",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | MDPW01 | x01 | echo"},
            {S, "[] | MDPW01 | x02 | x006B8B4567 | [] | Hello world"},
            {C, "[] | MDPW01 | x03 | x006B8B4567 | [] | Hello world"},
            {C, "[] | MDPW01 | x04"},
            {S, "[] | MDPW01 | x04"},
            {C, "[] | MDPW01 | x05"}}},
        {"5 MDP/0.1 worker READY service=echo",
         "6 MDP/0.1 worker REQUEST service=echo client=006b8b4567 Hello world",
         "7 MDP/0.1 worker REPLY service=echo client=006b8b4567 Hello world (0.000 ms)",
         "8 MDP/0.1 worker HEARTBEAT", "9 MDP/0.1 worker HEARTBEAT", "10 MDP/0.1 worker DISCONNECT"},
        {{5, "mdp.version", "MDPW01"}, {5, "mdp.command", "READY"}, {5, "mdp.service", "echo"},
         {6, "mdp.client", "006b8b4567"}, {6, "mdp.body", "Hello world"}, {7, "mdp.response_to", "6"},
         {7, "mdp.command", "REPLY"}});
    add("mdp01 client over REQ, with MMI",
        {ST::Req, ST::Router, "", "", {
            {C, "[] | MDPC01 | echo | Hello world"},
            {S, "[] | MDPC01 | echo | Hello world"},
            {C, "[] | MDPC01 | mmi.service | echo"},
            {S, "[] | MDPC01 | mmi.service | 200"}}},
        {"5 MDP/0.1 REQUEST service=echo Hello world", "6 MDP/0.1 REPLY service=echo Hello world (0.000 ms)",
         "7 MDP/0.1 REQUEST service=mmi.service echo", "8 MDP/0.1 REPLY service=mmi.service 200 (0.000 ms)"},
        {{5, "mdp.command", "REQUEST"}, {6, "mdp.command", "REPLY"}, {6, "mdp.response_to", "5"},
         {7, "mmi.service", "echo"}, {8, "mmi.status", "200"}, {8, "mdp.response_to", "7"}, {8, "mmi.response_to", "7"}});
    add("titanic reply as the client sees it",
        {ST::Req, ST::Router, "", "", {
            {C, "[] | MDPC01 | titanic.request | echo | hello"},
            {S, "[] | MDPC01 | titanic.request | 200 | 9F2C4B1A0D7E4E3BB1C2D3E4F5A6B7C8"},
            {C, "[] | MDPC01 | titanic.reply | 9F2C4B1A0D7E4E3BB1C2D3E4F5A6B7C8"},
            {S, "[] | MDPC01 | titanic.reply | 300"}}},
        {"5 MDP/0.1 REQUEST service=titanic.request echo | hello",
         "6 MDP/0.1 REPLY service=titanic.request 200 | 9F2C4B1A0D7E4E3BB1C2D3E4F5A6B7C8 (0.000 ms)",
         "7 MDP/0.1 REQUEST service=titanic.reply 9F2C4B1A0D7E4E3BB1C2D3E4F5A6B7C8",
         "8 MDP/0.1 REPLY service=titanic.reply 300 (0.000 ms)"},
        {{5, "titanic.target", "echo"}, {5, "titanic.body", "hello"}, {6, "titanic.status", "200"}, {6, "titanic.response_to", "5"},
         {6, "titanic.uuid", "9F2C4B1A0D7E4E3BB1C2D3E4F5A6B7C8"}, {8, "titanic.status", "300"}});
    add("titanic status with text, and a bad UUID",
        {ST::Req, ST::Router, "", "", {
            {C, "[] | MDPC01 | titanic.request | echo | hello"},
            {S, "[] | MDPC01 | titanic.request | 200 OK | not-a-uuid"}}},
        {"5 MDP/0.1 REQUEST service=titanic.request echo | hello",
         "6 MDP/0.1 REPLY service=titanic.request 200 OK | not-a-uuid (0.000 ms)", "7 finding titanic.status_invalid",
         "8 finding titanic.uuid_invalid"});
    add("mdp01 hostile: reply nobody asked for, unknown command, READY twice, no empty frame",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | MDPW01 | x01 | echo"},
            {C, "[] | MDPW01 | x03 | x006B8B4567 | [] | stray"},
            {C, "[] | MDPW01 | x07"},
            {C, "[] | MDPW01 | x01 | echo"},
            {S, "[] | MDPW01 | x02 | x006B8B4567 | body"}}},
        {"5 MDP/0.1 worker READY service=echo", "6 MDP/0.1 worker REPLY service=echo client=006b8b4567 stray",
         "7 finding mdp.reply_unmatched", "8 MDP/0.1 worker unknown(7)", "9 finding mdp.unknown_command",
         "10 MDP/0.1 worker READY service=echo", "11 finding mdp.ready_again", "12 MDP/0.1 worker REQUEST",
         "13 finding mdp.malformed"});
    add("mmi: a worker registering mmi.*, a bad status",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | MDPW01 | x01 | mmi.service"}}},
        {"5 MDP/0.1 worker READY service=mmi.service", "6 finding mdp.mmi_reserved"});
    // --- 18/MDP and the majordomo variants --------------------------------
    add("mdp02 as RFC 18 writes it",
        {ST::Dealer, ST::Router, "", "", {
            {C, "MDPC02 | x01 | echo | Hello"},
            {S, "MDPC02 | x02 | echo | Hel"},
            {S, "MDPC02 | x03 | echo | Hello"}}},
        {"5 MDP/0.2 REQUEST service=echo Hello", "6 MDP/0.2 PARTIAL service=echo Hel (0.000 ms)",
         "7 MDP/0.2 FINAL service=echo Hello (0.000 ms)"},
        {{5, "mdp.dialect", "18/MDP (0.2, as written)"}, {6, "mdp.response_to", "5"}, {7, "mdp.response_to", "5"},
         {6, "mdp.command", "PARTIAL"}});
    add("mdp02 worker: READY, PARTIAL, FINAL, HEARTBEAT",
        {ST::Dealer, ST::Router, "", "", {
            {C, "MDPW02 | x01 | echo"},
            {S, "MDPW02 | x02 | x006B8B4567 | [] | Hello"},
            {C, "MDPW02 | x03 | x006B8B4567 | [] | Hel"},
            {C, "MDPW02 | x04 | x006B8B4567 | [] | Hello"},
            {C, "MDPW02 | x05"}}},
        {"5 MDP/0.2 worker READY service=echo", "6 MDP/0.2 worker REQUEST service=echo client=006b8b4567 Hello",
         "7 MDP/0.2 worker PARTIAL service=echo client=006b8b4567 Hel (0.000 ms)",
         "8 MDP/0.2 worker FINAL service=echo client=006b8b4567 Hello (0.000 ms)", "9 MDP/0.2 worker HEARTBEAT"});
    add("majordomo zproto AA A4",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA401064D445043303201046563686F | Hello"},
            {S, "xAAA403064D44504330320304" "6563686F | Hello"}}},
        {"5 MDP/0.2 REQUEST service=echo Hello", "6 finding mdp.dialect", "7 MDP/0.2 FINAL service=echo Hello (0.000 ms)"},
        {{5, "mdp.dialect", "majordomo zproto (AA A4)"}, {5, "mdp.version", "MDPC02"}, {7, "mdp.response_to", "5"}});
    add("majordomo zproto worker READY and HEARTBEAT",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA404064D44505730320104" "6563686F"},
            {C, "xAAA408064D4450573032" "05"}}},
        {"5 MDP/0.2 worker READY service=echo", "6 finding mdp.dialect", "7 MDP/0.2 worker HEARTBEAT"});
    add("majordomo wire-protocol-0.2 tag",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | MDPC02 | echo | Hello"},
            {S, "[] | MDPC02 | echo | Hello"}}},
        {"5 MDP/0.2 REQUEST service=echo Hello", "6 finding mdp.dialect", "7 MDP/0.2 REPLY service=echo Hello (0.000 ms)"});
    add("majordomo wire-protocol-0.2 tag: PARTIAL and FINAL are both 03",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | MDPW02 | x01 | echo"},
            {S, "[] | MDPW02 | x02 | x006B8B4567 | [] | q"},
            {C, "[] | MDPW02 | x03 | x006B8B4567 | [] | p1"},
            {C, "[] | MDPW02 | x03 | x006B8B4567 | [] | fin"},
            {S, "[] | MDPW02 | x02 | x006B8B4567 | [] | q2"},
            {C, "[] | MDPW02 | x03 | x006B8B4567 | [] | r2"}}},
        {"5 MDP/0.2 worker READY service=echo", "6 finding mdp.dialect",
         "7 MDP/0.2 worker REQUEST service=echo client=006b8b4567 q",
         "8 MDP/0.2 worker PARTIAL|FINAL service=echo client=006b8b4567 p1 (0.000 ms)",
         "9 MDP/0.2 worker PARTIAL|FINAL service=echo client=006b8b4567 fin (0.000 ms)",
         "10 MDP/0.2 worker REQUEST service=echo client=006b8b4567 q2",
         "11 MDP/0.2 worker PARTIAL|FINAL service=echo client=006b8b4567 r2 (0.000 ms)"},
        {{9, "mdp.response_to", "7"}, {11, "mdp.response_to", "10"}});
    add("mdp01 without its empty frame",
        {ST::Dealer, ST::Router, "", "", {
            {C, "MDPC01 | echo | hello"}}},
        {"5 MDP/0.1 REQUEST service=echo hello", "6 finding mdp.malformed"});
    add("a SUB's 3.0 subscription is ZMTP's, not PPP's",
        {ST::Sub, ST::Pub, "", "", {
            {C, "x01"},
            {C, "x01"}}},
        {"5 message \"\\x01\"", "7 message \"\\x01\""});
    // --- 6/PPP ----------------------------------------------------------
    add("ppp: weak until it repeats",
        {ST::Dealer, ST::Router, "", "", {
            {C, "x01"},
            {C, "x02"},
            {S, "x02"},
            {S, "x006B8B4567 | [] | Hello"},
            {C, "x006B8B4567 | [] | Hello"},
            {C, "x09"}}},
        {"5 message \"\\x01\"", "6 PPP HEARTBEAT", "7 PPP HEARTBEAT", "8 PPP REQUEST client=006b8b4567 Hello",
         "9 PPP REPLY client=006b8b4567 Hello", "10 PPP control 09", "11 finding ppp.unknown_control"},
        {{9, "ppp.response_to", "8"}, {6, "ppp.command", "HEARTBEAT"}});
    // --- 10/FLP ---------------------------------------------------------
    add("flp with a tcp:// server identity",
        {ST::Router, ST::Router, "", "tcp://localhost:5555", {
            {C, "PING"},
            {S, "PONG"},
            {C, "1 | random name"},
            {S, "1 | OK"},
            {S, "7 | OK"}}},
        {"5 FLP PING", "6 FLP PONG", "7 FLP REQUEST 1 random name", "8 FLP REPLY 1 OK", "9 FLP REPLY 7 OK",
         "10 finding flp.reply_unmatched"},
        {{6, "flp.response_to", "5"}, {8, "flp.response_to", "7"}, {7, "flp.server", "tcp://localhost:5555"}});
    // --- 11/MTL ---------------------------------------------------------
    add("mtl control and data",
        {ST::Req, ST::Router, "", "", {
            {C, "[] | Connection.Open | {\"protocol\":{\"name\":\"MTL\",\"version\":1},\"virtual-host\":\"test-env\"}"},
            {S, "[] | 201 | {\"status\":\"Ready\",\"profiles\":[\"test\"]}"},
            {C, "[] | Connection.Reader | {\"resources\":[]}"},
            {S, "[] | 202 | {\"status\":\"Data Lease\",\"port\":5556,\"lease\":\"abc123\"}"}}},
        {"5 MTL Connection.Open {\"protocol\":{\"name\":\"MTL\",\"version\":1},\"virtual-host\":\"test-env\"}",
         "6 MTL 201 {\"status\":\"Ready\",\"profiles\":[\"test\"]}", "7 MTL Connection.Reader {\"resources\":[]}",
         "8 finding mtl.order", "9 MTL 202 {\"status\":\"Data Lease\",\"port\":5556,\"lease\":\"abc123\"}"},
        {{6, "mtl.status", "201"}, {9, "mtl.port", "5556"}, {9, "mtl.lease", "abc123"}, {9, "mtl.response_to", "7"}});
    add("mtl data flow",
        {ST::Dealer, ST::Router, "", "", {
            {C, "x010000000000000001066162633132 33 | []"},
            {S, "x020000000000000001 | 200"},
            {C, "x060000000000000011" "01 | []"},
            {C, "x08 | []"},
            {S, "x09 | []"}}},
        {"5 MTL Lease seq=1 abc123", "6 MTL Response seq=1 200", "7 MTL Confirm seq=17", "8 MTL Ping", "9 MTL Pong"},
        {{5, "mtl.lease", "abc123"}, {6, "mtl.status", "200"}, {6, "mtl.response_to", "5"}, {7, "mtl.multiple", "1"},
         {9, "mtl.response_to", "8"}});
    // --- 12/CHP ---------------------------------------------------------
    add("clone snapshot",
        {ST::Dealer, ST::Router, "", "", {
            {C, "ICANHAZ? | /client/"},
            {S, "/client/42 | x0000000000000009 | [] | ttl=1700000000000\n | 5678"},
            {S, "/other/1 | x0000000000000009 | [] | [] | x"},
            {S, "KTHXBAI | x0000000000000009 | [] | [] | []"}}},
        {"5 CHP ICANHAZ subtree=/client/", "6 CHP KVSYNC /client/42=5678 seq=9 ttl=1700000000000",
         "7 CHP KVSYNC /other/1=x seq=9", "8 finding clone.outside_subtree", "9 CHP KTHXBAI seq=9",
         "10 finding clone.kthxbai_empty"},
        {{5, "clone.subtree", "/client/"}, {6, "clone.key", "/client/42"}, {6, "clone.sequence", "9"},
         {6, "clone.ttl", "1700000000000"}, {6, "clone.value", "5678"}});
    add("clone publisher: KVPUB, HUGZ, a sequence going backwards",
        {ST::Sub, ST::Pub, "", "", {
            {S, "/client/42 | x000000000000000A | x0123456789ABCDEF0123456789ABCDEF | ttl=30\n | 5678"},
            {S, "HUGZ | x0000000000000000 | [] | [] | []"},
            {S, "/client/42 | x0000000000000009 | [] | [] | []"}}},
        {"5 CHP KVPUB /client/42=5678 seq=10 ttl=30", "6 CHP HUGZ seq=0", "7 CHP KVPUB /client/42=(deleted) seq=9",
         "8 finding clone.sequence_backwards"},
        {{5, "clone.uuid", "0123456789abcdef0123456789abcdef"}, {5, "clone.ttl", "30"}, {7, "clone.deleted", "1"}});
    // --- 14/WMP (docs/WMP.md) ---------------------------------------------
    add("wmp dialog",
        {ST::Dealer, ST::Router, "", "", {
            {C, "WMP01 | READY | 1"},
            {S, "WMP01 | WAKE | job-1"},
            {C, "WMP01 | GIVE | job-1"},
            {S, "WMP01 | TAKE | job-1 | manager-1 | work 1"},
            {C, "WMP01 | DONE | job-1 | done 1"},
            {C, "WMP01 | GIVE | job-9"}}},
        {"5 WMP READY 1", "6 WMP WAKE job-1", "7 WMP GIVE job-1", "8 WMP TAKE job-1 manager-1 work 1",
         "9 WMP DONE job-1 done 1", "10 WMP GIVE job-9", "11 finding wmp.unexpected"},
        {{5, "wmp.capacity", "1"}, {7, "wmp.response_to", "6"}, {8, "wmp.manager", "manager-1"}, {9, "wmp.response_to", "8"},
         {9, "wmp.result", "done 1"}});
    // --- 36/ZRE ---------------------------------------------------------
    const std::string hello =
        "xAAA101020001"
        "18" "7463703A2F2F3139322E3136382E312E31303A3439313532"
        "00000001" "00000004" "43484154"
        "01"
        "05" "6E6F646531"
        "00000001" "07" "582D48454C4C4F" "00000005" "576F726C64";
    add("zre v2 dialog",
        {ST::Dealer, ST::Router, std::string("\x01") + std::string(16, '\x11'), "", {
            {C, hello},
            {C, "xAAA1020200 02 | Hi"},
            {C, "xAAA103020003" "0443484154 | Hello"},
            {C, "xAAA104020004" "0443484154" "02"},
            {C, "xAAA105020005" "0443484154" "03"},
            {C, "xAAA106020006"}}},
        {"5 ZRE/2 HELLO seq=1 name=node1 status=1", "6 ZRE/2 WHISPER seq=2 Hi from node1",
         "7 ZRE/2 SHOUT seq=3 group=CHAT Hello from node1", "8 ZRE/2 JOIN seq=4 group=CHAT status=2 from node1",
         "9 ZRE/2 LEAVE seq=5 group=CHAT status=3 from node1", "10 ZRE/2 PING seq=6 from node1"},
        {{5, "zre.endpoint", "tcp://192.168.1.10:49152"}, {5, "zre.group", "CHAT"}, {5, "zre.name", "node1"},
         {5, "zre.header.name", "X-HELLO"}, {5, "zre.header.value", "World"}, {5, "zre.sequence", "1"},
         {6, "zre.content", "Hi"}, {7, "zre.group", "CHAT"}, {8, "zre.status", "2"}, {6, "zre.peer", "node1"},
         {5, "zre.member_of", "CHAT"}, {9, "zre.member_of", ""},
         {6, "zre.uuid", "11111111111111111111111111111111"}});
    add("zre v2 hostile: before HELLO, sequence gap, status jump, cut short",
        {ST::Dealer, ST::Router, std::string("\x01") + std::string(16, '\x11'), "", {
            {C, "xAAA106020001"},
            {C, "xAAA104020005" "0443484154" "02"},
            {C, "xAAA104020006" "0443484154" "07"},
            {C, "xAAA103020007" "09434841"}}},
        {"5 ZRE/2 PING seq=1", "6 finding zre.before_hello", "7 ZRE/2 JOIN seq=5 group=CHAT status=2",
         "8 finding zre.before_hello", "9 finding zre.sequence_gap", "10 ZRE/2 JOIN seq=6 group=CHAT status=7",
         "11 finding zre.before_hello", "12 finding zre.status_mismatch", "13 ZRE (malformed)", "14 finding zre.malformed"});
    add("zre v1 HELLO (RFC 20)",
        {ST::Dealer, ST::Router, std::string(16, '\x22'), "", {
            {C, "xAAA1010001" "0C3139322E3136382E312E3130" "C000" "01" "0443484154" "01" "01" "0D582D48454C4C4F3D576F726C64"},
            {C, "xAAA1060002"}}},
        {"5 ZRE/1 HELLO seq=1 status=1", "6 ZRE/1 PING seq=2"},
        {{5, "zre.dialect", "v1 (RFC 20)"}, {5, "zre.ipaddress", "192.168.1.10"}, {5, "zre.mailbox", "49152"},
         {5, "zre.header.name", "X-HELLO"}, {5, "zre.group", "CHAT"}});
    add("zre v3 says so",
        {ST::Dealer, ST::Router, std::string("\x01") + std::string(16, '\x11'), "", {
            {C, "xAAA1010300010474637025" "00000000" "00" "00" "00000000"}}},
        {"5 ZRE/3 HELLO seq=1 status=0", "6 finding zre.version3"});
    // --- 35/FILEMQ and 19/FILEMQ --------------------------------------------
    add("filemq v2 as zeromq/filemq sends it",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA30106" "46494C454D51" "0002"},
            {S, "xAAA304"},
            {C, "xAAA30500000007" "2F70686F746F73" "00000001" "06" "524553594E43" "00000001" "31" "00000000"},
            {S, "xAAA306"},
            {C, "xAAA307" "00000000004C4B40" "0000000000000000"},
            {S, "xAAA308" "0000000000000000" "01" "0000000D" "2F70686F746F732F612E747874" "0000000000000000" "00"
                "00000000" "00000005" "68656C6C6F"},
            {S, "xAAA308" "0000000000000001" "01" "0000000D" "2F70686F746F732F612E747874" "0000000000000009" "00"
                "00000000" "00000001" "21"},
            {S, "xAAA381" "03426164"}}},
        {"5 FILEMQ/2 OHAI version=2", "6 FILEMQ/2 OHAI-OK", "7 FILEMQ/2 ICANHAZ path=/photos", "8 finding filemq.dialect",
         "9 FILEMQ/2 ICANHAZ-OK", "10 FILEMQ/2 NOM credit=5000000",
         "11 FILEMQ/2 CHEEZBURGER /photos/a.txt seq=0 offset=0 size=5",
         "12 FILEMQ/2 CHEEZBURGER /photos/a.txt seq=1 offset=9 size=1", "13 finding filemq.offset_gap",
         "14 FILEMQ/2 RTFM Bad", "15 finding filemq.refused"},
        {{5, "filemq.protocol_version", "2"}, {7, "filemq.path", "/photos"}, {7, "filemq.entry", "RESYNC=1"},
         {10, "filemq.credit", "5000000"}, {11, "filemq.filename", "/photos/a.txt"}, {11, "filemq.chunk", "hello"},
         {11, "filemq.chunk_size", "5"}, {11, "filemq.dialect", "zeromq/filemq (4-octet strings)"},
         {12, "filemq.offset", "9"}});
    add("filemq v2 as RFC 35 writes it",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA30106" "46494C454D51" "0002"},
            {C, "xAAA30507" "2F70686F746F73" "00000001" "06" "524553594E43" "00000001" "31" "00000000"}}},
        {"5 FILEMQ/2 OHAI version=2", "6 FILEMQ/2 ICANHAZ path=/photos"},
        {{6, "filemq.dialect", "RFC 35 (1-octet strings)"}});
    add("filemq v1 (RFC 19)",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA30106" "46494C454D51" "01"},
            {C, "xAAA30507" "2F70686F746F73" "01" "08" "524553594E433D31" "00"},
            {S, "xAAA308" "0000000000000000" "01" "0D" "2F70686F746F732F612E747874" "0000000000000000" "00 | hello"}}},
        {"5 FILEMQ/1 OHAI version=1", "6 FILEMQ/1 ICANHAZ path=/photos",
         "7 FILEMQ/1 CHEEZBURGER /photos/a.txt seq=0 offset=0 size=5"},
        {{5, "filemq.dialect", "RFC 19 (v1)"}, {6, "filemq.entry", "RESYNC=1"}, {7, "filemq.chunk", "hello"}});
    // The 2012 code (filemq's model/fmq_msg.xml) sent an eof octet before
    // the headers; RFC 19 has none. Read as RFC 19 the eof 01 would be a
    // one-entry dictionary holding the empty string.
    add("filemq v1 as the 2012 code sends it (eof before the headers)",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA30106" "46494C454D51" "01"},
            {S, "xAAA308" "0000000000000000" "01" "0D" "2F70686F746F732F612E747874" "0000000000000000" "00" "00 | hello"},
            {S, "xAAA308" "0000000000000001" "01" "0D" "2F70686F746F732F612E747874" "0000000000000005" "01" "00 | []"},
            {S, "xAAA308" "0000000000000002" "01" "0D" "2F70686F746F732F612E747874" "0000000000000000" "00" "00 | x21"}}},
        {"5 FILEMQ/1 OHAI version=1", "6 FILEMQ/1 CHEEZBURGER /photos/a.txt seq=0 offset=0 size=5",
         "7 FILEMQ/1 CHEEZBURGER /photos/a.txt seq=1 offset=5 size=0 eof",
         "8 FILEMQ/1 CHEEZBURGER /photos/a.txt seq=2 offset=0 size=1"},
        {{6, "filemq.eof", "0"}, {7, "filemq.eof", "1"}, {7, "filemq.dialect", "RFC 19 (v1)"}, {8, "filemq.chunk", "!"}});
    add("filemq credit exceeded",
        {ST::Dealer, ST::Router, "", "", {
            {C, "xAAA30106" "46494C454D51" "0002"},
            {C, "xAAA307" "0000000000000002" "0000000000000000"},
            {S, "xAAA308" "0000000000000000" "01" "0000000D" "2F70686F746F732F612E747874" "0000000000000000" "00"
                "00000000" "00000005" "68656C6C6F"}}},
        {"5 FILEMQ/2 OHAI version=2", "6 FILEMQ/2 NOM credit=2",
         "7 FILEMQ/2 CHEEZBURGER /photos/a.txt seq=0 offset=0 size=5", "8 finding filemq.dialect",
         "9 finding filemq.credit_exceeded"});
    // --- plain request-reply ------------------------------------------------
    add("reqrep: REQ and REP",
        {ST::Req, ST::Rep, "", "", {
            {C, "[] | hello"},
            {S, "[] | world"},
            {S, "[] | again"}}},
        {"5 request hello", "6 reply world (to 5, 0.000 ms)", "7 reply again", "8 finding reqrep.reply_unmatched"},
        {{6, "reqrep.response_to", "5"}, {6, "reqrep.role", "reply"}, {5, "reqrep.body", "hello"}});
    add("reqrep: a queue's DEALER in front of a REP worker, by envelope",
        {ST::Rep, ST::Dealer, "", "", {
            {S, "x006B8B4567 | [] | one"},
            {S, "x006B8B4568 | [] | two"},
            {C, "x006B8B4568 | [] | TWO"},
            {C, "x006B8B4567 | [] | ONE"}}},
        {"5 request one", "6 request two", "7 reply TWO (to 6, 0.000 ms)", "8 reply ONE (to 5, 0.000 ms)"},
        {{5, "reqrep.envelope", "006b8b4567"}});
    add("reqrep: DEALER and ROUTER, weak until the second message",
        {ST::Dealer, ST::Router, "", "", {
            {C, "ping"},
            {S, "pong"},
            {C, "ping"},
            {S, "pong"}}},
        {"5 message \"ping\"", "6 reply pong (to 5, 0.000 ms)", "7 request ping", "8 reply pong (to 7, 0.000 ms)"});
    // --- 27/ZAP over a transport ----------------------------------------------
    add("zap request and reply",
        {ST::Dealer, ST::Router, "", "", {
            {C, "[] | 1.0 | 1 | global | 10.0.0.7 | [] | PLAIN | admin | secret"},
            {S, "[] | 1.0 | 1 | 400 | no | [] | []"}}},
        {"5 ZAP request id=1 domain=global address=10.0.0.7 mechanism=PLAIN", "6 ZAP reply id=1 400 no",
         "7 finding zap.denied"},
        {{5, "zap.username", "admin"}, {5, "zap.password", "secret"}, {6, "zap.status_code", "400"},
         {6, "zap.response_to", "5"}});
}

// Every field lies inside the event's bytes.
void checkRanges(const Field &f, std::uint64_t from, std::uint64_t to, const std::string &where)
{
    if (f.info && f.length)
        QVERIFY2(f.offset >= from && f.offset + f.length <= to,
                 (where + ": " + std::string(f.key()) + " at " + std::to_string(f.offset) + "+" + std::to_string(f.length)
                  + " outside " + std::to_string(from) + ".." + std::to_string(to))
                     .c_str());
    for (const Field &c : f.children)
        checkRanges(c, from, to, where);
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string s;
    for (const auto &l : lines)
        s += l + "\n";
    return s;
}

}   // namespace

class TestProtocolVectors : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        protocols::registry();
        defineRows();
    }
    void vectors_data();
    void vectors();
    void jsonCarriesTheProtocol();
    void filtersOnProtocolFields();
    void tablesAreWellFormed();
    void exportsObjects();
    void clippedIsNotMalformed();
};

void TestProtocolVectors::vectors_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &[name, row] : rows())
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestProtocolVectors::vectors()
{
    QFETCH(QString, name);
    const Row &row = rows().at(name.toStdString());
    const Output whole = run(row.script, 0);
    QCOMPARE(QString::fromStdString(joined(whole.lines)), QString::fromStdString(joined(row.expected)));
    // Every split gives the same lines and trees.
    const Output bytewise = run(row.script, 1);
    QCOMPARE(QString::fromStdString(joined(bytewise.lines)), QString::fromStdString(joined(whole.lines)));
    for (unsigned seed = 1; seed <= 8; ++seed) {
        const Output random = run(row.script, -1, seed);
        QCOMPARE(QString::fromStdString(joined(random.lines)), QString::fromStdString(joined(whole.lines)));
    }
    for (const Check &c : row.checks) {
        QVERIFY2(c.event >= 1 && c.event <= whole.trees.size(), c.key.c_str());
        const Field *f = whole.trees[c.event - 1].find(c.key);
        QVERIFY2(f, (name.toStdString() + ": event " + std::to_string(c.event) + " has no " + c.key).c_str());
        QCOMPARE(QString::fromStdString(f->value), QString::fromStdString(c.value));
    }
    for (std::size_t i = 0; i < whole.trees.size(); ++i)
        if (whole.trees[i].key() == "zmtp.message")
            checkRanges(whole.trees[i], whole.trees[i].offset, whole.trees[i].offset + whole.trees[i].length,
                        name.toStdString() + " event " + std::to_string(i + 1));
}

// JSON Lines: "n", the innermost protocol, its keys at the top level,
// numbers as numbers.
void TestProtocolVectors::jsonCarriesTheProtocol()
{
    char *text = nullptr;
    std::size_t size = 0;
    std::FILE *out = open_memstream(&text, &size);
    {
        capture::JsonEventWriter json(out);
        capture::Pipeline pipeline(json);
        const Fed fed = build(rows().at("mdp01 client over REQ, with MMI").script);
        capture::FlowInfo flow;
        flow.id = 1;
        const auto c = pipeline.open(flow);
        for (const auto &[d, range] : fed.pieces)
            c->feed(d, {fed.stream[int(d)].data() + range.first, range.second - range.first}, 1000000000);
    }
    std::fclose(out);
    const std::string s(text, size);
    std::free(text);
    QVERIFY2(s.find("{\"n\":5,\"conn\":1,") != std::string::npos, s.c_str());
    QVERIFY2(s.find("\"protocol\":\"mdp\",\"mdp.version\":\"MDPC01\",\"mdp.dialect\":\"7/MDP (0.1)\",\"mdp.role\":\"client\","
                    "\"mdp.command\":\"REQUEST\",\"mdp.service\":\"echo\",\"mdp.body\":\"Hello world\"")
                 != std::string::npos,
             s.c_str());
    QVERIFY2(s.find("\"mdp.response_to\":5,\"mdp.time\":0") != std::string::npos, s.c_str());
    // MMI is the innermost protocol of an mmi.* request.
    QVERIFY2(s.find("\"protocol\":\"mmi\"") != std::string::npos, s.c_str());
    QVERIFY2(s.find("\"mmi.status\":200") != std::string::npos, s.c_str());
    QVERIFY2(s.find("{\"key\":\"mmi.status\",\"value\":200,") != std::string::npos, s.c_str());
}

void TestProtocolVectors::filtersOnProtocolFields()
{
    const Output o = run(rows().at("mdp01 client over REQ, with MMI").script, 0);
    const auto count = [&](const char *expression) {
        std::string error;
        const auto f = FilterExpression::parse(expression, &error);
        if (!f)
            qFatal("%s: %s", expression, error.c_str());
        int n = 0;
        for (const Field &t : o.trees)
            n += f->matches(t, {}) ? 1 : 0;
        return n;
    };
    QCOMPARE(count("mdp.service == \"echo\""), 2);
    QCOMPARE(count("mdp.command == \"REPLY\" && mdp.time >= 0"), 2);
    QCOMPARE(count("mdp.response_to == 7"), 1);
    QCOMPARE(count("mmi.status == 200"), 1);
    QCOMPARE(count("mmi.status > 300"), 0);
    QCOMPARE(count("mdp.command == 1"), 0);   // 0.1 client commands carry no byte
    std::string error;
    QVERIFY(!FilterExpression::parse("mdp.nosuchfield == 1", &error));
    QVERIFY(error.find("unknown field") != std::string::npos);
}

void TestProtocolVectors::tablesAreWellFormed()
{
    std::set<std::string_view> keys;
    std::set<std::uint16_t> findingIds;
    for (const protocols::ProtocolDissector *d : protocols::registry()) {
        const protocols::ProtocolInfo &info = d->info();
        QVERIFY(!info.id.empty() && !info.name.empty() && !info.spec.empty());
        QVERIFY(protocols::findProtocol(info.id) == d);
        for (const FieldInfo &f : info.fields) {
            QVERIFY2(keys.insert(f.key).second, std::string(f.key).c_str());
            QVERIFY2(!f.name.empty() && !f.description.empty() && !f.spec.empty(), std::string(f.key).c_str());
            QCOMPARE(findField(f.key), &f);
            const std::string_view root = f.key.substr(0, f.key.find('.'));
            QVERIFY2(root == info.id || (info.id == "mdp" && (root == "mmi" || root == "titanic")), std::string(f.key).c_str());
        }
        for (const FindingInfo &f : info.findings) {
            QVERIFY(std::uint16_t(f.id) >= kFirstProtocolFinding);
            QVERIFY(findingIds.insert(std::uint16_t(f.id)).second);
            QCOMPARE(&findingInfo(f.id), &f);
            QVERIFY2(f.key.substr(0, f.key.find('.')) == info.id
                         || (info.id == "mdp" && (f.key.starts_with("mmi.") || f.key.starts_with("titanic."))),
                     std::string(f.key).c_str());
        }
    }
    // The keys users filter on.
    for (const char *k : {"mdp.version", "mdp.command", "mdp.service", "mmi.status", "titanic.uuid", "ppp.command",
                          "clone.key", "clone.sequence", "filemq.command", "filemq.filename", "zre.command",
                          "zre.sequence", "zre.name", "zre.group", "mdp.response_to", "mdp.time", "zap.response_to"})
        QVERIFY2(findField(k), k);
}

// Export Objects from the pipeline's events: a FILEMQ file from its chunks
// (whole, then with a chunk missing), Clone's map after a deletion.
void TestProtocolVectors::exportsObjects()
{
    const auto exported = [](const Script &s, const std::string &folder) {
        const Fed fed = build(s);
        capture::ObjectExporter exporter(folder);
        {
            capture::Pipeline pipeline(exporter);
            capture::FlowInfo flow;
            flow.id = 1;
            const auto c = pipeline.open(flow);
            for (const auto &[d, range] : fed.pieces)
                c->feed(d, {fed.stream[int(d)].data() + range.first, range.second - range.first}, 0);
        }
        std::vector<capture::ExportedObject> objects;
        std::string error;
        if (!exporter.finish(objects, &error))
            qFatal("%s", error.c_str());
        return objects;
    };
    using ST = SocketType;
    // "hel" at 0, "lo" at 3, the empty end-of-file chunk at 5 (filemq's encoding).
    const auto chunk = [](const char *seq, const char *offset, const char *eof, const char *size, const char *bytes) {
        return std::string("xAAA308") + seq + "01" + "00000006" + "2F782E747874" + offset + eof + "00000000" + size + bytes;
    };
    Script files{ST::Dealer, ST::Router, "", "", {
        {C, "xAAA3010646494C454D510002"},
        {S, chunk("0000000000000000", "0000000000000000", "00", "00000003", "68656C")},
        {S, chunk("0000000000000001", "0000000000000003", "00", "00000002", "6C6F")},
        {S, chunk("0000000000000002", "0000000000000005", "01", "00000000", "")}}};
    QTemporaryDir dir;
    auto objects = exported(files, dir.filePath(QStringLiteral("whole")).toStdString());
    QCOMPARE(int(objects.size()), 1);
    QCOMPARE(objects[0].name, std::string("/x.txt"));
    QCOMPARE(objects[0].size, std::uint64_t(5));
    QVERIFY(objects[0].complete);
    QCOMPARE(objects[0].sha256, std::string("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));   // "hello"
    QFile written(dir.filePath(QStringLiteral("whole/")) + QString::fromStdString(objects[0].path));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("hello"));
    files.messages.erase(files.messages.begin() + 2);   // "lo" never arrives
    objects = exported(files, dir.filePath(QStringLiteral("hole")).toStdString());
    QCOMPARE(int(objects.size()), 1);
    QVERIFY(!objects[0].complete);
    QCOMPARE(objects[0].size, std::uint64_t(5));
    QCOMPARE(objects[0].problem, std::string("bytes 3-4"));

    Script map{ST::Sub, ST::Pub, "", "", {
        {S, "/a | x0000000000000001 | [] | [] | 1"},
        {S, "/b | x0000000000000002 | [] | [] | 2"},
        {S, "/a | x0000000000000003 | [] | [] | []"},
        {S, "/c | x0000000000000004 | [] | [] | 3"}}};
    objects = exported(map, dir.filePath(QStringLiteral("clone")).toStdString());
    QCOMPARE(int(objects.size()), 1);
    QFile json(dir.filePath(QStringLiteral("clone/clone/map.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(o.keys(), (QStringList{QStringLiteral("/b"), QStringLiteral("/c")}));
    QCOMPARE(o.value(QStringLiteral("/c")).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("3"));
    QCOMPARE(o.value(QStringLiteral("/b")).toObject().value(QStringLiteral("sequence")).toInt(), 2);
}

// A frame the decoder keeps only in part (split across reads, past its
// limit) is reported by ZMTP as clipped; the protocol that cannot read the
// rest does not call it malformed.
void TestProtocolVectors::clippedIsNotMalformed()
{
    const Fed fed = build({SocketType::Dealer, SocketType::Router, std::string("\x01") + std::string(16, '\x11'), "", {
        {C, "xAAA106020001"},   // PING, whole: decides the connection
        {C, "xAAA1010200021874637025"}}});   // HELLO cut by the limit below
    Output out;
    capture::PipelineOptions options;
    options.limits.maxKeptFrame = 8;
    capture::Pipeline pipeline(out, options);
    capture::FlowInfo flow;
    flow.id = 1;
    const auto c = pipeline.open(flow);
    for (const auto &[d, range] : fed.pieces)
        for (std::size_t at = range.first; at < range.second; ++at)   // byte by byte: frames are carried, and clipped
            c->feed(d, {fed.stream[int(d)].data() + at, 1}, 0);
    const std::string lines = joined(out.lines);
    QVERIFY2(lines.find("finding zmtp.frame.clipped") != std::string::npos, lines.c_str());
    QVERIFY2(lines.find("zre.malformed") == std::string::npos, lines.c_str());
    QVERIFY2(lines.find("ZRE (malformed)") != std::string::npos, lines.c_str());   // still shown as what it is
}

QTEST_GUILESS_MAIN(TestProtocolVectors)
#include "tst_protocolvectors.moc"
