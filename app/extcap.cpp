// zmqscope-extcap: ZmqScope's tap relay as a Wireshark capture interface
// (extcap(4)). Installed in Wireshark's extcap folder by the package (or
// copied to ~/.config/wireshark/extcap from the build tree), it makes
// `tshark -D` and Wireshark's interface list show "zmqscope-tap": a relay
// between ZeroMQ clients and a server whose traffic Wireshark receives live,
// TCP/IP synthesised around the bytes that crossed it (the same pcapng as
// `zmqscope tap --write`). Given the server's CURVE secret key it terminates
// CURVE and the capture carries the client leg.
//
//   zmqscope-extcap --extcap-interfaces
//   zmqscope-extcap --extcap-interface zmqscope-tap --extcap-dlts
//   zmqscope-extcap --extcap-interface zmqscope-tap --extcap-config
//   zmqscope-extcap --extcap-interface zmqscope-tap --capture --fifo PATH
//                   --listen EP --forward EP [--curve-server-secret Z85] [--curve-client-secret Z85]
//
// SIGTERM or SIGINT (Wireshark's Stop) ends the capture cleanly: the relay
// stops, what was recorded is written and the fifo closed. Exit codes: 0
// done, 1 runtime error, 2 bad arguments.
#include "codec/curve.h"
#include "relay.h"
#include "taprecorder.h"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

namespace {

constexpr const char *kInterface = "zmqscope-tap";
std::atomic<bool> g_stop{false};

void onSignal(int)
{
    g_stop = true;
}

int usage(int code)
{
    std::fputs("usage: zmqscope-extcap --extcap-interfaces\n"
               "       zmqscope-extcap --extcap-interface zmqscope-tap --extcap-dlts | --extcap-config\n"
               "       zmqscope-extcap --extcap-interface zmqscope-tap --capture --fifo PATH --listen EP --forward EP\n"
               "                       [--curve-server-secret Z85] [--curve-client-secret Z85]\n"
               "Wireshark runs it from its extcap folder; see zmqscope-extcap(1).\n",
               code ? stderr : stdout);
    return code;
}

}   // namespace

int main(int argc, char **argv)
{
    using namespace zmqscope;
    bool interfaces = false, dlts = false, config = false, capture = false;
    std::string iface, fifo, listen, forward, serverSecret, clientSecret;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        std::string value;
        bool inlineValue = false;
        if (const std::size_t eq = a.find('='); eq != std::string::npos && a.starts_with("--")) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            inlineValue = true;
        }
        const auto next = [&](std::string &to) {
            if (inlineValue) {
                to = value;
                return true;
            }
            if (i + 1 >= argc)
                return false;
            to = argv[++i];
            return true;
        };
        bool ok = true;
        if (a == "--extcap-interfaces")
            interfaces = true;
        else if (a == "--extcap-dlts")
            dlts = true;
        else if (a == "--extcap-config")
            config = true;
        else if (a == "--capture")
            capture = true;
        else if (a == "--extcap-interface")
            ok = next(iface);
        else if (a == "--fifo")
            ok = next(fifo);
        else if (a == "--listen")
            ok = next(listen);
        else if (a == "--forward")
            ok = next(forward);
        else if (a == "--curve-server-secret")
            ok = next(serverSecret);
        else if (a == "--curve-client-secret")
            ok = next(clientSecret);
        else if (a == "--help" || a == "-h")
            return usage(0);
        else if (a == "--extcap-version" || a == "--extcap-capture-filter" || a == "--extcap-control-in"
                 || a == "--extcap-control-out" || a == "--extcap-reload-option") {
            std::string ignored;
            if (!inlineValue && i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0)
                ignored = argv[++i];   // (what Wireshark passes and a relay has no use for)
        } else {
            std::fprintf(stderr, "zmqscope-extcap: unexpected '%s'\n", argv[i]);
            return usage(2);
        }
        if (!ok) {
            std::fprintf(stderr, "zmqscope-extcap: %s needs a value\n", a.c_str());
            return 2;
        }
    }
    if (interfaces) {
        std::printf("extcap {version=%s}{help=https://github.com/zmqscope/zmqscope}\n", ZMQSCOPE_VERSION);
        std::printf("interface {value=%s}{display=ZmqScope tap relay (ZeroMQ)}\n", kInterface);
        return 0;
    }
    if (iface != kInterface) {
        std::fprintf(stderr, "zmqscope-extcap: no interface '%s' (there is %s)\n", iface.c_str(), kInterface);
        return 2;
    }
    if (dlts) {
        // The recorder's pcapng: Ethernet frames with synthesised IPv4/TCP.
        std::printf("dlt {number=1}{name=EN10MB}{display=Ethernet (TCP/IP synthesised around the relayed bytes)}\n");
        return 0;
    }
    if (config) {
        std::printf("arg {number=0}{call=--listen}{display=Listen on}{type=string}{required=true}"
                    "{default=tcp://127.0.0.1:5556}{tooltip=Where clients connect instead of the server: tcp://HOST:PORT or ipc://PATH}"
                    "{validation=^(tcp|ipc)://.+$}\n");
        std::printf("arg {number=1}{call=--forward}{display=Forward to}{type=string}{required=true}"
                    "{default=tcp://127.0.0.1:5555}{tooltip=The real server: tcp://HOST:PORT or ipc://PATH}"
                    "{validation=^(tcp|ipc)://.+$}\n");
        std::printf("arg {number=2}{call=--curve-server-secret}{display=CURVE server secret key}{type=password}"
                    "{tooltip=Z85, 40 characters: the relay terminates CURVE and the capture shows the client leg}\n");
        std::printf("arg {number=3}{call=--curve-client-secret}{display=CURVE client secret key}{type=password}"
                    "{tooltip=Z85, 40 characters: the key the relay shows the server (default: a fresh one)}\n");
        return 0;
    }
    if (!capture)
        return usage(2);
    if (fifo.empty() || listen.empty() || forward.empty()) {
        std::fprintf(stderr, "zmqscope-extcap: --capture needs --fifo, --listen and --forward\n");
        return 2;
    }
    std::string error;
    const auto l = Endpoint::parse(listen, &error);
    if (!l) {
        std::fprintf(stderr, "zmqscope-extcap: --listen %s: %s\n", listen.c_str(), error.c_str());
        return 2;
    }
    const auto f = Endpoint::parse(forward, &error);
    if (!f || f->port == 0) {
        std::fprintf(stderr, "zmqscope-extcap: --forward %s: %s\n", forward.c_str(), f ? "a port is needed" : error.c_str());
        return 2;
    }
    Relay::Config rc{*l, *f, std::nullopt, std::size_t(4) << 20};
    TapRecorder::Options ro;
    ro.target = f->toString();
    if (!serverSecret.empty()) {
        const auto secret = codec::curveKeyFromZ85(serverSecret);
        const auto client = clientSecret.empty() ? std::optional<codec::CurveKey>() : codec::curveKeyFromZ85(clientSecret);
        if (!secret || (!clientSecret.empty() && !client)) {
            std::fprintf(stderr, "zmqscope-extcap: a CURVE secret key is 40 characters of Z85\n");
            return 2;
        }
        CurveTermination t;
        t.serverKeys = codec::CurveKeyPair::fromSecret(*secret);
        t.upstreamServerKey = t.serverKeys.publicKey;
        t.clientKeys = client ? codec::CurveKeyPair::fromSecret(*client) : codec::CurveKeyPair::generate();
        rc.curve = t;
    }
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);   // (Wireshark closing the fifo first: a write error, not a kill)
    std::FILE *out = std::fopen(fifo.c_str(), "wb");
    if (!out) {
        std::fprintf(stderr, "zmqscope-extcap: cannot open %s: %s\n", fifo.c_str(), std::strerror(errno));
        return 1;
    }
    std::setvbuf(out, nullptr, _IONBF, 0);   // every block reaches Wireshark as it is written
    ro.pcapng = out;
    int code = 0;
    {
        TapRecorder recorder(ro);
        Relay relay(rc, &recorder);
        if (!relay.start(&error)) {
            std::fprintf(stderr, "zmqscope-extcap: %s\n", error.c_str());
            code = 1;
        } else {
            // (nothing on stderr while all is well: Wireshark reports any of it as an error)
            while (!g_stop)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            relay.stop();
        }
        recorder.finish();
    }
    std::fclose(out);
    return code;
}
