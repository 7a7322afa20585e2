// InterfaceCapture: live packets from a network interface through libpcap
// (pcap_create/activate, an optional BPF filter, non-blocking reads behind
// poll() so that stop() is noticed within 100 ms). Packets are handed to
// the callback on the capture's own thread, in arrival order.
#pragma once

#include "capture/capturefile.h"

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace zmqscope {

class InterfaceCapture {
public:
    enum class Status { Ok, PermissionDenied, BadFilter, Failed };
    struct Interface {
        std::string name, description;
        bool loopback = false;
        bool up = false;
    };
    // Every interface libpcap can open (empty with `error` set on failure).
    static std::vector<Interface> interfaces(std::string *error);
    // The message a user reads when the privilege is missing.
    static std::string permissionHelp(const std::string &interface);

    InterfaceCapture() = default;
    ~InterfaceCapture();
    InterfaceCapture(const InterfaceCapture &) = delete;
    InterfaceCapture &operator=(const InterfaceCapture &) = delete;

    Status open(const std::string &interface, const std::string &filter, std::string *error);
    std::uint16_t linkType() const { return m_linkType; }
    const std::string &interfaceName() const { return m_interface; }

    using PacketHandler = std::function<void(const capture::Packet &)>;
    // Runs the capture on a thread until stop(); `done` is called on that
    // thread when it ends (with an error text if libpcap failed).
    void start(PacketHandler handler, std::function<void(const std::string &error)> done = {});
    void stop();

    struct Stats {
        std::uint64_t packets = 0;
        std::uint32_t kernelDropped = 0, interfaceDropped = 0;
        bool haveKernelStats = false;
    };
    Stats stats() const;

private:
    void run(PacketHandler handler, std::function<void(const std::string &)> done);
    void *m_pcap = nullptr;   // pcap_t
    std::string m_interface;
    std::uint16_t m_linkType = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_packets{0};
    std::thread m_thread;
};

}   // namespace zmqscope
