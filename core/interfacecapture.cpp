#include "interfacecapture.h"

#include <pcap/pcap.h>
#include <poll.h>

namespace zmqscope {

std::vector<InterfaceCapture::Interface> InterfaceCapture::interfaces(std::string *error)
{
    std::vector<Interface> out;
    pcap_if_t *all = nullptr;
    char err[PCAP_ERRBUF_SIZE] = "";
    if (pcap_findalldevs(&all, err) != 0) {
        *error = err;
        return out;
    }
    for (pcap_if_t *d = all; d; d = d->next)
        out.push_back({d->name, d->description ? d->description : "", (d->flags & PCAP_IF_LOOPBACK) != 0,
                       (d->flags & PCAP_IF_UP) != 0});
    pcap_freealldevs(all);
    return out;
}

std::string InterfaceCapture::permissionHelp(const std::string &interface)
{
    return "No permission to capture on " + interface
        + ": CAP_NET_RAW is missing.\n"
          "Run as root, or grant the capability once:\n"
          "  sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v zmqscope)\"\n"
          "A tap relay needs no privilege.";
}

InterfaceCapture::~InterfaceCapture()
{
    stop();
    if (m_pcap)
        pcap_close(static_cast<pcap_t *>(m_pcap));
}

InterfaceCapture::Status InterfaceCapture::open(const std::string &interface, const std::string &filter, std::string *error)
{
    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(interface.c_str(), err);
    if (!p) {
        *error = err;
        return Status::Failed;
    }
    pcap_set_snaplen(p, 262144);
    pcap_set_buffer_size(p, 64 << 20);   // loopback bursts of 64 KiB packets
    pcap_set_timeout(p, 100);
    pcap_set_immediate_mode(p, 1);
    const int rc = pcap_activate(p);
    if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED) {
        *error = permissionHelp(interface);
        pcap_close(p);
        return Status::PermissionDenied;
    }
    if (rc < 0) {
        *error = interface + ": " + pcap_geterr(p);
        pcap_close(p);
        return Status::Failed;
    }
    if (!filter.empty()) {
        bpf_program prog;
        if (pcap_compile(p, &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0 || pcap_setfilter(p, &prog) != 0) {
            *error = "filter '" + filter + "': " + pcap_geterr(p);
            pcap_close(p);
            return Status::BadFilter;
        }
        pcap_freecode(&prog);
    }
    pcap_setnonblock(p, 1, err);
    m_pcap = p;
    m_interface = interface;
    m_linkType = static_cast<std::uint16_t>(pcap_datalink(p));
    return Status::Ok;
}

void InterfaceCapture::start(PacketHandler handler, std::function<void(const std::string &)> done)
{
    if (!m_pcap || m_thread.joinable())
        return;
    m_stop = false;
    m_thread = std::thread([this, h = std::move(handler), d = std::move(done)]() mutable { run(std::move(h), std::move(d)); });
}

void InterfaceCapture::stop()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void InterfaceCapture::run(PacketHandler handler, std::function<void(const std::string &)> done)
{
    auto *p = static_cast<pcap_t *>(m_pcap);
    struct Ctx {
        InterfaceCapture *self;
        PacketHandler *handler;
    } ctx{this, &handler};
    const int fd = pcap_get_selectable_fd(p);
    std::string error;
    while (!m_stop) {
        pollfd pfd{fd, POLLIN, 0};
        if (fd >= 0 && ::poll(&pfd, 1, 100) <= 0)
            continue;
        const int n = pcap_dispatch(
            p, -1,
            [](u_char *user, const pcap_pkthdr *h, const u_char *bytes) {
                auto *c = reinterpret_cast<Ctx *>(user);
                capture::Packet packet;
                packet.linkType = c->self->m_linkType;
                packet.timestampNs = std::int64_t(h->ts.tv_sec) * 1000000000 + std::int64_t(h->ts.tv_usec) * 1000;
                packet.originalLength = h->len;
                packet.data = {bytes, h->caplen};
                ++c->self->m_packets;
                (*c->handler)(packet);
            },
            reinterpret_cast<u_char *>(&ctx));
        if (n < 0) {
            error = pcap_geterr(p);
            break;
        }
    }
    if (done)
        done(error);
}

InterfaceCapture::Stats InterfaceCapture::stats() const
{
    Stats s;
    s.packets = m_packets;
    pcap_stat st{};
    if (m_pcap && pcap_stats(static_cast<pcap_t *>(m_pcap), &st) == 0) {
        s.kernelDropped = st.ps_drop;
        s.interfaceDropped = st.ps_ifdrop;
        s.haveKernelStats = true;
    }
    return s;
}

}   // namespace zmqscope
