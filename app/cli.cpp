// The headless command line: the same core as the window, no display.
//   zmqscope dissect FILE [--json|--text] [--keylog FILE] [--decode-as PORT]...
//   zmqscope tap --listen ENDPOINT --forward ENDPOINT [--write FILE.pcapng] [--json|--text]
//   zmqscope capture --interface IF [--filter BPF] --write FILE.pcapng
//   zmqscope capture --list-interfaces
//   zmqscope peer ROLE [options]     (peercli.cpp)
//   zmqscope run SCENARIO            (peercli.cpp)
// Exit codes: 0 done, 1 input or runtime error, 2 bad arguments, 3 missing
// privilege (live capture without CAP_NET_RAW).
#include "cli.h"
#include "checkcli.h"
#include "peercli.h"

#include "capture/capturedissector.h"
#include "capture/eventwriter.h"
#include "capture/objectexport.h"
#include "certificatestore.h"
#include "codec/curvedecryptor.h"
#include "relay.h"
#include "taprecorder.h"

#include "interfacecapture.h"
#include "protocols/registry.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace zmqscope {

namespace {

std::atomic<bool> g_interrupted{false};

// --summary: what each connection was, counted as the events pass.
class SummarySink : public capture::CaptureEventSink {
public:
    struct Row {
        capture::FlowInfo flow;
        codec::SideSummary side[2];
        std::uint64_t findings[3] = {0, 0, 0};
        bool guessed = false;
        std::string protocol;
    };
    std::map<std::uint64_t, Row> rows;
    void event(const capture::ConnectionContext &ctx, const codec::Event &ev) override
    {
        if (ctx.flow.id == 0)
            return;   // datagrams: no connection
        Row &r = rows[ctx.flow.id];
        if (ctx.app && ctx.app->dissector && r.protocol.empty())
            r.protocol = std::string(ctx.app->dissector->info().id);
        r.flow = ctx.flow;
        r.guessed |= ev.guessed;
        if (ev.kind == codec::EventKind::Finding)
            ++r.findings[int(ev.finding->severity)];
        // Summaries are small; copy them only when they change shape.
        if (ev.kind != codec::EventKind::Message || r.side[int(ev.direction)].messages % 4096 == 0) {
            r.side[0] = ctx.decoder.side(codec::Direction::ClientToServer);
            r.side[1] = ctx.decoder.side(codec::Direction::ServerToClient);
        }
        last[ctx.flow.id] = &ctx.decoder;
    }
    // The decoders outlive the events of their connection only while the
    // dissector lives; refresh the counts before it goes.
    void refresh()
    {
        for (auto &[id, d] : last) {
            rows[id].side[0] = d->side(codec::Direction::ClientToServer);
            rows[id].side[1] = d->side(codec::Direction::ServerToClient);
        }
    }
    void print(std::FILE *out) const
    {
        for (const auto &[id, r] : rows) {
            const auto &c = r.side[0], &s = r.side[1];
            std::fprintf(out,
                         "conn %llu %s -> %s zmtp %s/%s %s %s -> %s c2s %llu msg %llu B s2c %llu msg %llu B "
                         "findings %llu error %llu warn %llu note%s%s\n",
                         static_cast<unsigned long long>(id), r.flow.client.endpoint(r.flow.clientPort).c_str(),
                         r.flow.server.endpoint(r.flow.serverPort).c_str(), std::string(codec::versionName(c.version)).c_str(),
                         std::string(codec::versionName(s.version)).c_str(),
                         std::string(codec::mechanismName(c.mechanism)).c_str(),
                         std::string(codec::socketTypeName(c.socketType)).c_str(),
                         std::string(codec::socketTypeName(s.socketType)).c_str(),
                         static_cast<unsigned long long>(c.messages), static_cast<unsigned long long>(c.bytes),
                         static_cast<unsigned long long>(s.messages), static_cast<unsigned long long>(s.bytes),
                         static_cast<unsigned long long>(r.findings[2]), static_cast<unsigned long long>(r.findings[1]),
                         static_cast<unsigned long long>(r.findings[0]), r.guessed ? " (framing guessed)" : "",
                         r.protocol.empty() ? "" : (" protocol " + r.protocol).c_str());
        }
    }

private:
    std::map<std::uint64_t, const codec::ConnectionDecoder *> last;
};

void onSignal(int)
{
    g_interrupted = true;
}

void installSignals()
{
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

int usage(const char *text, int code)
{
    std::fputs(text, code == 0 ? stdout : stderr);
    return code;
}

constexpr const char *kTopHelp =
    "usage: zmqscope [--demo] [--language CODE]      start the window\n"
    "       zmqscope dissect FILE [options]          dissect a pcap or pcapng file\n"
    "       zmqscope tap --listen EP --forward EP    relay and record ZeroMQ traffic\n"
    "       zmqscope capture --interface IF ...      capture an interface with libpcap\n"
    "       zmqscope peer ROLE [options]             run a test peer or protocol role (MDP broker, ...)\n"
    "       zmqscope run SCENARIO [options]          run the peers and devices of a scenario file\n"
    "       zmqscope check ENDPOINT [options]        test an implementation against the ZMTP conformance suite\n"
    "Run 'zmqscope COMMAND --help' for a command's options.\n";

constexpr const char *kDissectHelp =
    "usage: zmqscope dissect FILE [--json|--text|--summary] [--keylog FILE] [--curve-keys FILE]... [--decode-as PORT[=ID]]...\n"
    "  FILE             pcap or pcapng (Ethernet, Linux cooked v1/v2, loopback, raw IP)\n"
    "  --json           one JSON object per ZMTP event (docs/JSON_EXPORT.md)\n"
    "  --text           one line per event (default)\n"
    "  --summary        one line per ZMTP connection: versions, mechanism, socket types,\n"
    "                   messages and bytes each way, findings by severity\n"
    "  --keylog FILE    CURVE session keys (docs/CURVE_KEYLOG.md): decrypt what they open\n"
    "  --curve-keys FILE  a server's secret certificate (czmq format); repeatable: check which\n"
    "                   server key each client's HELLO was made for, and open WELCOME\n"
    "  --decode-as PORT treat TCP flows on PORT as ZMTP even without a greeting\n"
    "  --decode-as PORT=ID  read the application protocol of connections on PORT as ID\n"
    "                   (mdp, zre, filemq, clone, ppp, flp, mtl, wmp, zap; none: no protocol)\n"
    "                   instead of detecting it; repeatable\n"
    "  --zre-port PORT  UDP port of ZRE beacons (default 5670)\n"
    "  --zmtp-only      no application protocols: ZMTP alone (what the protocol layer costs)\n"
    "  --export-objects DIR  write what the protocols carried: FILEMQ files reassembled from\n"
    "                   their chunks, Clone's key-value map; DIR/objects.json lists them\n"
    "                   (size, SHA-256, and what is missing when a file is not whole)\n";

constexpr const char *kTapHelp =
    "usage: zmqscope tap --listen ENDPOINT --forward ENDPOINT [--write FILE.pcapng] [--json|--text]\n"
    "  ENDPOINT         tcp://ADDRESS:PORT (IPv4, or [IPv6]) or ipc:///path\n"
    "  --write FILE     write every connection to pcapng (synthesised TCP/IP), finished on Ctrl-C\n"
    "  --json, --text   print ZMTP events as they pass\n"
    "Runs until interrupted (SIGINT or SIGTERM).\n";

constexpr const char *kCaptureHelp =
    "usage: zmqscope capture --interface IF [--filter BPF] --write FILE.pcapng\n"
    "       zmqscope capture --list-interfaces\n"
    "Needs CAP_NET_RAW (root, or: sudo setcap cap_net_raw,cap_net_admin=eip $(command -v zmqscope)).\n"
    "Runs until interrupted.\n";

// A read-only mapping of a whole file.
class MappedFile {
public:
    bool open(const char *path, std::string &error)
    {
        m_fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            error = std::string(path) + ": " + std::strerror(errno);
            return false;
        }
        struct stat st {};
        if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            error = std::string(path) + ": not a regular file";
            return false;
        }
        m_size = std::size_t(st.st_size);
        if (m_size == 0)
            return true;
        m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, m_fd, 0);
        if (m_data == MAP_FAILED) {
            m_data = nullptr;
            error = std::string(path) + ": " + std::strerror(errno);
            return false;
        }
        ::madvise(m_data, m_size, MADV_SEQUENTIAL);
        return true;
    }
    ~MappedFile()
    {
        if (m_data)
            ::munmap(m_data, m_size);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    codec::Bytes bytes() const { return {static_cast<const std::uint8_t *>(m_data), m_size}; }

private:
    int m_fd = -1;
    void *m_data = nullptr;
    std::size_t m_size = 0;
};

bool parsePort(const char *text, std::uint16_t &port)
{
    char *end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (!end || *end || v < 1 || v > 65535)
        return false;
    port = std::uint16_t(v);
    return true;
}

int dissect(int argc, char **argv)
{
    std::string file, keylogPath, objectsDir;
    bool json = false;
    bool summary = false;
    capture::DissectOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h")
            return usage(kDissectHelp, 0);
        if (a == "--json")
            json = true;
        else if (a == "--text")
            json = false;
        else if (a == "--summary")
            summary = true;
        else if ((a == "--keylog") && i + 1 < argc)
            keylogPath = argv[++i];
        else if (a == "--export-objects" && i + 1 < argc)
            objectsDir = argv[++i];
        else if (a == "--zmtp-only")
            options.applicationProtocols = false;
        else if (a == "--curve-keys" && i + 1 < argc) {
            QString why;
            const auto cert = loadCertificate(QString::fromLocal8Bit(argv[++i]), &why);
            if (!cert || !cert->secretKey) {
                std::fprintf(stderr, "zmqscope dissect: --curve-keys: %s\n",
                             cert ? "the certificate has no secret key (use the _secret file)" : qPrintable(why));
                return 1;
            }
            options.curveServerKeys.push_back(codec::CurveKeyPair{cert->publicKey, *cert->secretKey});
        }
        else if (a == "--decode-as" && i + 1 < argc && std::strchr(argv[i + 1], '=')) {
            const std::string spec = argv[++i];
            const std::size_t eq = spec.find('=');
            const std::string portText = spec.substr(0, eq), id = spec.substr(eq + 1);
            std::uint16_t port;
            if (!parsePort(portText.c_str(), port)) {
                std::fprintf(stderr, "zmqscope dissect: --decode-as needs PORT=ID, got '%s'\n", spec.c_str());
                return 2;
            }
            if (id != "none" && !protocols::findProtocol(id)) {
                std::string known;
                for (const protocols::ProtocolDissector *d : protocols::registry())
                    known += " " + std::string(d->info().id);
                std::fprintf(stderr, "zmqscope dissect: --decode-as: unknown protocol '%s' (known:%s, none)\n", id.c_str(),
                             known.c_str());
                return 2;
            }
            options.decodeAs.ports[port] = id;
        } else if ((a == "--decode-as" || a == "--zre-port") && i + 1 < argc) {
            std::uint16_t port;
            if (!parsePort(argv[++i], port)) {
                std::fprintf(stderr, "zmqscope dissect: %s needs a port number, got '%s'\n", a.c_str(), argv[i]);
                return 2;
            }
            if (a == "--decode-as")
                options.decodeAsPorts.insert(port);
            else
                options.zreBeaconPort = port;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "zmqscope dissect: unknown option '%s'\n%s", a.c_str(), kDissectHelp);
            return 2;
        } else if (file.empty()) {
            file = a;
        } else {
            std::fprintf(stderr, "zmqscope dissect: one file at a time ('%s' and '%s')\n", file.c_str(), a.c_str());
            return 2;
        }
    }
    if (file.empty())
        return usage(kDissectHelp, 2);
    codec::CurveKeyLog keys;
    if (!keylogPath.empty()) {
        std::ifstream in(keylogPath);
        if (!in) {
            std::fprintf(stderr, "zmqscope dissect: cannot read key log %s: %s\n", keylogPath.c_str(), std::strerror(errno));
            return 1;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        std::string error;
        if (!keys.parse(ss.str(), &error)) {
            std::fprintf(stderr, "zmqscope dissect: %s: %s\n", keylogPath.c_str(), error.c_str());
            return 1;
        }
        options.keyLog = &keys;
    }
    MappedFile mapped;
    std::string error;
    if (!mapped.open(file.c_str(), error)) {
        std::fprintf(stderr, "zmqscope dissect: %s\n", error.c_str());
        return 1;
    }
    capture::CaptureFileReader reader(mapped.bytes());
    if (reader.format() == capture::CaptureFileReader::Format::Unknown) {
        std::fprintf(stderr, "zmqscope dissect: %s: %s\n", file.c_str(), reader.error().c_str());
        return 1;
    }
    std::vector<char> buffer(1 << 20);
    std::setvbuf(stdout, buffer.data(), _IOFBF, buffer.size());
    capture::JsonEventWriter jsonOut(stdout);
    capture::TextEventWriter textOut(stdout);
    SummarySink summaryOut;
    capture::CaptureEventSink &sink = summary ? static_cast<capture::CaptureEventSink &>(summaryOut)
        : json                               ? static_cast<capture::CaptureEventSink &>(jsonOut)
                                             : textOut;
    // With --export-objects, the events go to the exporter too.
    struct Both : capture::CaptureEventSink {
        capture::CaptureEventSink *a = nullptr, *b = nullptr;
        void connectionStarted(const capture::FlowInfo &f) override { a->connectionStarted(f), b->connectionStarted(f); }
        void connectionBytes(const capture::FlowInfo &f, codec::Direction d, codec::Bytes x) override
        {
            a->connectionBytes(f, d, x), b->connectionBytes(f, d, x);
        }
        void connectionGap(const capture::FlowInfo &f, codec::Direction d, std::uint64_t n) override
        {
            a->connectionGap(f, d, n), b->connectionGap(f, d, n);
        }
        void event(const capture::ConnectionContext &c, const codec::Event &e) override { a->event(c, e), b->event(c, e); }
        void connectionEnded(const capture::FlowInfo &f, const codec::ConnectionDecoder &d) override
        {
            a->connectionEnded(f, d), b->connectionEnded(f, d);
        }
    } both;
    std::unique_ptr<capture::ObjectExporter> objects;
    if (!objectsDir.empty()) {
        objects = std::make_unique<capture::ObjectExporter>(objectsDir);
        both.a = &sink;
        both.b = objects.get();
    }
    {
        capture::CaptureDissector dissector(objects ? static_cast<capture::CaptureEventSink &>(both) : sink, options);
        capture::Packet packet;
        while (reader.next(packet))
            dissector.packet(packet);
        dissector.finish();
        if (summary) {
            summaryOut.refresh();
            summaryOut.print(stdout);
        }
        std::fflush(stdout);
        const auto &st = dissector.stats();
        std::fprintf(stderr, "zmqscope dissect: %llu packets, %llu TCP flows, %llu ZMTP connections\n",
                     static_cast<unsigned long long>(st.packets), static_cast<unsigned long long>(st.tcpFlows),
                     static_cast<unsigned long long>(st.zmtpFlows));
    }
    int code = 0;
    if (objects) {
        std::vector<capture::ExportedObject> list;
        std::string why;
        if (!objects->finish(list, &why)) {
            std::fprintf(stderr, "zmqscope dissect: --export-objects: %s\n", why.c_str());
            code = 1;
        }
        for (const auto &o : list)
            std::fprintf(stderr, "zmqscope dissect: object %s %s: %llu bytes, sha256 %s%s%s\n", o.protocol.c_str(),
                         o.path.c_str(), static_cast<unsigned long long>(o.size), o.sha256.c_str(),
                         o.complete ? "" : ", NOT WHOLE: ", o.problem.c_str());
    }
    if (reader.timesPastRange()) {
        const std::string what = std::to_string(reader.timesPastRange())
            + " packet(s) dated past what 64-bit nanoseconds hold, read as 2116-02-20 23:53:38 UTC";
        if (json)
            jsonOut.captureFinding("capture.time_out_of_range", "warn", what);
        else
            std::fprintf(stdout, "finding warn %s\n", what.c_str());
        std::fprintf(stderr, "zmqscope dissect: %s: %s\n", file.c_str(), what.c_str());
    }
    if (!reader.error().empty()) {
        const std::string what = std::string(reader.truncated() ? "capture file cut short: " : "capture file damaged: ")
            + reader.error();
        if (json)
            jsonOut.captureFinding(reader.truncated() ? "capture.truncated" : "capture.malformed", "warn", what);
        else
            std::fprintf(stdout, "finding warn %s\n", what.c_str());
        std::fprintf(stderr, "zmqscope dissect: %s: %s; everything before it was dissected\n", file.c_str(), what.c_str());
    }
    std::fflush(stdout);
    return code;
}

int tap(int argc, char **argv)
{
    std::string listen, forward, write;
    int output = 0;   // 0 none, 1 json, 2 text
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h")
            return usage(kTapHelp, 0);
        if (a == "--listen" && i + 1 < argc)
            listen = argv[++i];
        else if (a == "--forward" && i + 1 < argc)
            forward = argv[++i];
        else if (a == "--write" && i + 1 < argc)
            write = argv[++i];
        else if (a == "--json")
            output = 1;
        else if (a == "--text")
            output = 2;
        else {
            std::fprintf(stderr, "zmqscope tap: unexpected '%s'\n%s", a.c_str(), kTapHelp);
            return 2;
        }
    }
    if (listen.empty() || forward.empty()) {
        std::fprintf(stderr, "zmqscope tap: --listen and --forward are required\n%s", kTapHelp);
        return 2;
    }
    std::string error;
    const auto l = Endpoint::parse(listen, &error);
    if (!l) {
        std::fprintf(stderr, "zmqscope tap: --listen: %s\n", error.c_str());
        return 2;
    }
    const auto f = Endpoint::parse(forward, &error);
    if (!f) {
        std::fprintf(stderr, "zmqscope tap: --forward: %s\n", error.c_str());
        return 2;
    }
    std::FILE *out = nullptr;
    if (!write.empty()) {
        out = std::fopen(write.c_str(), "wb");
        if (!out) {
            std::fprintf(stderr, "zmqscope tap: cannot write %s: %s\n", write.c_str(), std::strerror(errno));
            return 1;
        }
    }
    capture::JsonEventWriter jsonOut(stdout);
    capture::TextEventWriter textOut(stdout);
    TapRecorder::Options ro;
    ro.pcapng = out;
    ro.events = output == 1 ? static_cast<capture::CaptureEventSink *>(&jsonOut)
        : output == 2       ? static_cast<capture::CaptureEventSink *>(&textOut)
                            : nullptr;
    ro.target = f->toString();
    installSignals();
    TapRecorder recorder(ro);
    Relay relay(Relay::Config{*l, *f, std::nullopt, std::size_t(4) << 20}, &recorder);
    if (!relay.start(&error)) {
        std::fprintf(stderr, "zmqscope tap: %s\n", error.c_str());
        return 1;
    }
    std::fprintf(stderr, "zmqscope tap: relaying %s -> %s (Ctrl-C to stop)\n", relay.boundEndpoint().toString().c_str(),
                 f->toString().c_str());
    while (!g_interrupted)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    relay.stop();
    recorder.finish();
    if (out)
        std::fclose(out);
    std::fflush(stdout);
    const auto st = relay.stats();
    std::fprintf(stderr, "zmqscope tap: %llu connections, %llu bytes client->server, %llu bytes back, %llu bytes missing from the capture\n",
                 static_cast<unsigned long long>(st.accepted), static_cast<unsigned long long>(st.bytes[0]),
                 static_cast<unsigned long long>(st.bytes[1]), static_cast<unsigned long long>(recorder.droppedBytes()));
    return 0;
}

int liveCapture(int argc, char **argv)
{
    std::string iface, filter, write;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h")
            return usage(kCaptureHelp, 0);
        if (a == "--list-interfaces") {
            std::string error;
            const auto all = InterfaceCapture::interfaces(&error);
            if (!error.empty()) {
                std::fprintf(stderr, "zmqscope capture: %s\n", error.c_str());
                return 1;
            }
            for (const auto &d : all)
                std::printf("%s%s%s\n", d.name.c_str(), d.description.empty() ? "" : "\t", d.description.c_str());
            return 0;
        }
        if (a == "--interface" && i + 1 < argc)
            iface = argv[++i];
        else if (a == "--filter" && i + 1 < argc)
            filter = argv[++i];
        else if (a == "--write" && i + 1 < argc)
            write = argv[++i];
        else {
            std::fprintf(stderr, "zmqscope capture: unexpected '%s'\n%s", a.c_str(), kCaptureHelp);
            return 2;
        }
    }
    if (iface.empty() || write.empty()) {
        std::fprintf(stderr, "zmqscope capture: --interface and --write are required\n%s", kCaptureHelp);
        return 2;
    }
    InterfaceCapture live;
    std::string error;
    switch (live.open(iface, filter, &error)) {
    case InterfaceCapture::Status::Ok:
        break;
    case InterfaceCapture::Status::PermissionDenied:
        std::fprintf(stderr, "zmqscope capture: %s\n", error.c_str());
        return 3;
    case InterfaceCapture::Status::BadFilter:
        std::fprintf(stderr, "zmqscope capture: %s\n", error.c_str());
        return 2;
    case InterfaceCapture::Status::Failed:
        std::fprintf(stderr, "zmqscope capture: %s\n", error.c_str());
        return 1;
    }
    std::FILE *out = std::fopen(write.c_str(), "wb");
    if (!out) {
        std::fprintf(stderr, "zmqscope capture: cannot write %s: %s\n", write.c_str(), std::strerror(errno));
        return 1;
    }
    capture::PcapngWriter writer(out);
    writer.sectionHeader("ZmqScope live capture on " + iface + (filter.empty() ? "" : " with filter " + filter));
    const std::uint32_t id = writer.addInterface(live.linkType(), iface);
    installSignals();
    std::fprintf(stderr, "zmqscope capture: capturing on %s (Ctrl-C to stop)\n", iface.c_str());
    std::atomic<bool> failed{false};
    live.start([&](const capture::Packet &p) { writer.packet(id, p.timestampNs, p.data, {}, p.originalLength); },
               [&](const std::string &e) {
                   if (!e.empty()) {
                       std::fprintf(stderr, "zmqscope capture: %s\n", e.c_str());
                       failed = true;
                   }
               });
    while (!g_interrupted && !failed)
        ::poll(nullptr, 0, 100);
    live.stop();
    const InterfaceCapture::Stats stats = live.stats();
    std::fclose(out);
    std::fprintf(stderr, "zmqscope capture: %llu packets written to %s", static_cast<unsigned long long>(stats.packets),
                 write.c_str());
    if (stats.haveKernelStats)
        std::fprintf(stderr, "; %u dropped by the kernel, %u by the interface", stats.kernelDropped, stats.interfaceDropped);
    std::fprintf(stderr, "\n");
    return failed ? 1 : 0;
}

}   // namespace

int runCli(int argc, char **argv)
{
    if (argc < 2)
        return -1;
    const std::string cmd = argv[1];
    if (cmd == "dissect")
        return dissect(argc, argv);
    if (cmd == "tap")
        return tap(argc, argv);
    if (cmd == "capture")
        return liveCapture(argc, argv);
    if (cmd == "peer")
        return peerCommand(argc, argv);
    if (cmd == "run")
        return runCommand(argc, argv);
    if (cmd == "check")
        return checkCommand(argc, argv);
    if (cmd == "--help" || cmd == "-h" || cmd == "help")
        return usage(kTopHelp, 0);
    return -1;
}

}   // namespace zmqscope
