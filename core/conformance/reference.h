// The suite's own reference target: a ZMTP 3.1 server on the codec's
// Session (NULL, PLAIN, CURVE) that does what every case asks, with a
// switch per requirement to break it on purpose. The tests run each case
// against it honest (the case must pass) and with the flaw the case names
// in Case::breaks (the case must fail): a case that cannot fail is a
// defect. Also what `zmqscope check --self-test` runs against. One thread,
// loopback only.
#pragma once

#include "codec/curve.h"

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace zmqscope::conformance {

struct ReferenceConfig {
    std::string mechanism = "NULL";     // NULL, PLAIN, CURVE
    std::string socketType = "REP";     // REP and ROUTER echo; PUB publishes A-n and B-n; SUB subscribes; DEALER sinks
    std::string username = "admin", password = "secret";
    codec::CurveKeyPair curveKeys;      // CURVE: made when left empty
    std::set<std::string> flaws;        // Case::breaks names (knownFlaws())
};

class ReferenceTarget {
public:
    explicit ReferenceTarget(ReferenceConfig config);
    ~ReferenceTarget();
    ReferenceTarget(const ReferenceTarget &) = delete;
    ReferenceTarget &operator=(const ReferenceTarget &) = delete;

    std::string endpoint() const;       // tcp://127.0.0.1:PORT
    const codec::CurveKeyPair &curveKeys() const { return m_config.curveKeys; }
    const ReferenceConfig &config() const { return m_config; }

    // Every flaw the reference knows, and those it can only break by keeping
    // the connection open where the requirement says close.
    static const std::vector<std::string_view> &knownFlaws();

private:
    struct Impl;
    void loop();

    ReferenceConfig m_config;
    int m_listen = -1;
    std::uint16_t m_port = 0;
    int m_wake[2] = {-1, -1};
    std::atomic<bool> m_stop{false};
    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
};

// The client side: connects to the suite again and again (a new connection
// when the last one ends), each a Session as client; the flaws of the
// client-only cases (a wrong HELLO, an ERROR or a broken WELCOME or READY
// ignored, a message before the handshake is done).
struct ReferenceClientConfig {
    std::string endpoint;               // tcp://127.0.0.1:PORT, where the suite listens
    std::string mechanism = "NULL";
    std::string socketType = "REQ";
    std::string username = "admin", password = "secret";
    codec::CurveKey serverKey{};        // CURVE: the suite's server key
    std::set<std::string> flaws;
};

class ReferenceClient {
public:
    explicit ReferenceClient(ReferenceClientConfig config);
    ~ReferenceClient();
    ReferenceClient(const ReferenceClient &) = delete;
    ReferenceClient &operator=(const ReferenceClient &) = delete;

private:
    void loop();
    void once();
    ReferenceClientConfig m_config;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

}   // namespace zmqscope::conformance
