#include "taprecorder.h"

#include "capture/tcpsynthesizer.h"

#include <arpa/inet.h>

#include <chrono>
#include <cstring>

namespace zmqscope {

using codec::Direction;

struct TapRecorder::Conn {
    capture::FlowInfo flow;
    std::unique_ptr<capture::TcpSynthesizer> tcp;
    std::unique_ptr<capture::ConnectionPipeline> pipeline;   // with Options::events
    std::int64_t now = 0;
    std::string client;
};

namespace {
// Open and close carry no time from the relay: they happen now.
std::int64_t wallClockNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}   // namespace

TapRecorder::TapRecorder(Options options)
    : m_options(std::move(options))
{
    if (m_options.pcapng) {
        m_writer = std::make_unique<capture::PcapngWriter>(m_options.pcapng);
        m_writer->sectionHeader("ZmqScope tap relay to " + m_options.target
                                + "; TCP/IP headers are synthesised, payloads are the bytes that crossed the relay");
        m_interface = m_writer->addInterface(capture::linktype::Ethernet, "zmqscope-tap");
    }
    if (m_options.events) {
        capture::PipelineOptions p;
        p.keyLog = m_options.curveKeyLog || m_options.keys ? &m_keyLog : nullptr;
        p.curveServerKeys = m_options.curveServerKeys;
        p.decodeAs = m_options.decodeAs;
        m_pipeline = std::make_unique<capture::Pipeline>(*m_options.events, std::move(p));
    }
    m_thread = std::thread([this] { writerLoop(); });
    if (m_options.keys)
        m_options.keys->attach(this);
}

TapRecorder::~TapRecorder()
{
    finish();
}

void TapRecorder::finish()
{
    if (m_options.keys)
        m_options.keys->detach(this);
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return;
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
    if (m_options.eventLock)
        m_options.eventLock(true);
    for (auto &[id, c] : m_conns) {
        if (c->tcp)
            c->tcp->close(c->now, "connection still open when the capture ended");
        if (c->pipeline) {
            c->pipeline->finish();
            m_options.events->connectionEnded(c->flow, c->pipeline->decoder());
        }
    }
    m_conns.clear();
    if (m_options.eventLock)
        m_options.eventLock(false);
    if (m_options.pcapng)
        std::fflush(m_options.pcapng);
}

void TapRecorder::push(Item item)
{
    {
        std::lock_guard lock(m_mutex);
        m_queuedBytes += item.length;
        m_queue.push_back(std::move(item));
    }
    m_wake.notify_one();
}

void TapRecorder::relayOpened(std::uint64_t connection, const std::string &client, const std::string &)
{
    ++m_connections;
    push(Item{Item::Open, connection, Direction::ClientToServer, wallClockNs(), {}, 0, 0, client});
}

void TapRecorder::relayBytes(std::uint64_t connection, Direction d, std::int64_t timeNs, codec::Bytes bytes)
{
    std::vector<std::uint8_t> buffer = relayBuffer(bytes.size());
    if (buffer.size() < bytes.size())
        buffer.resize(bytes.size());
    std::copy(bytes.begin(), bytes.end(), buffer.begin());
    relayBytesOwned(connection, d, timeNs, std::move(buffer), bytes.size());
}

std::vector<std::uint8_t> TapRecorder::relayBuffer(std::size_t size)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_spare.empty()) {
            std::vector<std::uint8_t> b = std::move(m_spare.back());
            m_spare.pop_back();
            if (b.size() >= size)
                return b;
        }
    }
    return std::vector<std::uint8_t>(size);
}

void TapRecorder::relayBytesOwned(std::uint64_t connection, Direction d, std::int64_t timeNs,
                                  std::vector<std::uint8_t> &&buffer, std::size_t length)
{
    const auto key = std::make_pair(connection, int(d));
    {
        std::lock_guard lock(m_mutex);
        // (what the queue holds is the buffers, not only the bytes read into
        // them: a short read keeps a copy of its size, and its big buffer
        // goes back to the spares)
        if (length * 4 < buffer.capacity()) {
            std::vector<std::uint8_t> exact(buffer.begin(), buffer.begin() + std::ptrdiff_t(length));
            if (m_spare.size() < 256)
                m_spare.push_back(std::move(buffer));
            buffer = std::move(exact);
        }
        if (m_queuedBytes + buffer.capacity() > m_options.maxQueued) {
            // The consumer is behind: the traffic goes on, the capture loses these bytes.
            m_missing[key] += length;
            m_dropped += length;
            if (m_spare.size() < 256)
                m_spare.push_back(std::move(buffer));
            return;
        }
        if (const auto it = m_missing.find(key); it != m_missing.end()) {
            m_queue.push_back(Item{Item::Gap, connection, d, timeNs, {}, 0, it->second, {}});
            m_missing.erase(it);
        }
        m_queuedBytes += buffer.capacity();
        m_queue.push_back(Item{Item::Data, connection, d, timeNs, std::move(buffer), length, 0, {}});
    }
    m_wake.notify_one();
}

void TapRecorder::relayClosed(std::uint64_t connection, const std::string &error)
{
    push(Item{Item::Close, connection, Direction::ClientToServer, wallClockNs(), {}, 0, 0, error});
}

void TapRecorder::relayKeyLog(std::uint64_t connection, const std::string &line)
{
    push(Item{Item::Key, connection, Direction::ClientToServer, 0, {}, 0, 0, line});
    if (m_options.keys)
        m_options.keys->add(line, this);
}

void TapRecorder::addKeyLine(const std::string &line)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stop)
            return;
    }
    push(Item{Item::Key, 0, Direction::ClientToServer, 0, {}, 0, 0, line});
}

void KeyLineHub::attach(TapRecorder *recorder)
{
    std::lock_guard lock(m_mutex);
    m_recorders.push_back(recorder);
}

void KeyLineHub::detach(TapRecorder *recorder)
{
    std::lock_guard lock(m_mutex);
    std::erase(m_recorders, recorder);
}

void KeyLineHub::add(const std::string &line, const TapRecorder *from)
{
    std::lock_guard lock(m_mutex);
    for (TapRecorder *r : m_recorders)
        if (r != from)
            r->addKeyLine(line);
    if (m_sink)
        m_sink(line);
}

void KeyLineHub::setSink(std::function<void(const std::string &)> sink)
{
    std::lock_guard lock(m_mutex);
    m_sink = std::move(sink);
}

void TapRecorder::writerLoop()
{
    std::deque<Item> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty() && m_stop)
                return;
            batch.swap(m_queue);
            m_queuedBytes = 0;
        }
        for (Item &item : batch) {
            if (m_options.eventLock)
                m_options.eventLock(true);
            handle(item);
            if (m_options.eventLock)
                m_options.eventLock(false);
        }
        {
            std::lock_guard lock(m_mutex);
            for (Item &item : batch)
                if (item.bytes.capacity() && m_spare.size() < 256)
                    m_spare.push_back(std::move(item.bytes));
        }
        batch.clear();
    }
}

void TapRecorder::handle(Item &item)
{
    if (item.kind == Item::Key) {
        std::string error;
        m_keyLog.parse(item.text, &error);   // the relay's own line: well formed
        return;
    }
    if (item.kind == Item::Open) {
        auto c = std::make_unique<Conn>();
        c->client = item.text;
        // Addresses in the file: the client's real IPv4 address and port
        // where it had one, else 10.x.y.z; the server side 10.255.0.1.
        std::array<std::uint8_t, 4> clientIp{10, std::uint8_t(item.connection >> 16), std::uint8_t(item.connection >> 8),
                                             std::uint8_t(item.connection)};
        std::uint16_t clientPort = std::uint16_t(40000 + item.connection % 20000);
        const auto colon = item.text.rfind(':');
        in_addr a{};
        if (colon != std::string::npos && ::inet_pton(AF_INET, item.text.substr(0, colon).c_str(), &a) == 1) {
            std::memcpy(clientIp.data(), &a, 4);
            clientPort = std::uint16_t(std::stoi(item.text.substr(colon + 1)));
        }
        // The server: the target's IPv4 address and port where it has them
        // (ipc:// and IPv6 targets become 10.255.0.1:5555).
        std::array<std::uint8_t, 4> serverIp{10, 255, 0, 1};
        std::uint16_t serverPort = 5555;
        if (const auto tc = m_options.target.rfind(':'); tc != std::string::npos && m_options.target.rfind("tcp://", 0) == 0) {
            serverPort = std::uint16_t(std::stoi(m_options.target.substr(tc + 1)));
            in_addr t{};
            if (::inet_pton(AF_INET, m_options.target.substr(6, tc - 6).c_str(), &t) == 1)
                std::memcpy(serverIp.data(), &t, 4);
        }
        if (clientIp == serverIp && clientPort == serverPort)
            clientPort ^= 1;
        c->flow.id = item.connection;
        c->flow.sawSyn = true;
        c->now = item.timeNs;
        std::memcpy(c->flow.client.bytes.data(), clientIp.data(), 4);
        std::memcpy(c->flow.server.bytes.data(), serverIp.data(), 4);
        c->flow.clientPort = clientPort;
        c->flow.serverPort = serverPort;
        if (m_writer) {
            c->tcp = std::make_unique<capture::TcpSynthesizer>(*m_writer, m_interface, clientIp, clientPort, serverIp,
                                                               serverPort);
            c->tcp->open(item.timeNs, "connection " + std::to_string(item.connection) + ": client " + item.text
                                          + " -> " + m_options.target);
        }
        if (m_pipeline)
            c->pipeline = m_pipeline->open(c->flow);
        m_conns[item.connection] = std::move(c);
        return;
    }
    const auto it = m_conns.find(item.connection);
    if (it == m_conns.end())
        return;
    Conn &c = *it->second;
    if (item.timeNs)
        c.now = item.timeNs;
    switch (item.kind) {
    case Item::Data:
        if (c.tcp)
            c.tcp->data(item.direction, item.timeNs, {item.bytes.data(), item.length});
        if (c.pipeline)
            c.pipeline->feed(item.direction, {item.bytes.data(), item.length}, c.now);
        break;
    case Item::Gap:
        if (c.tcp)
            c.tcp->gap(item.direction, item.missing);
        if (c.pipeline)
            c.pipeline->gap(item.direction, item.missing);
        break;
    case Item::Close: {
        std::string summary = "connection " + std::to_string(item.connection) + " closed";
        if (!item.text.empty())
            summary += ": " + item.text;
        if (c.pipeline) {
            const codec::ConnectionDecoder &decoder = c.pipeline->decoder();
            const auto &a = decoder.side(Direction::ClientToServer);
            const auto &b = decoder.side(Direction::ServerToClient);
            summary += "; ZMTP " + std::string(codec::versionName(decoder.linkVersion())) + ", "
                + std::string(codec::mechanismName(a.mechanism)) + ", " + std::string(codec::socketTypeName(a.socketType))
                + " -> " + std::string(codec::socketTypeName(b.socketType));
            c.pipeline->finish();
            if (!item.text.empty()) {
                // The relay's reason, as a finding on the connection: where
                // its client stream stands when the relay gave up.
                const codec::Finding f{codec::FindingId::RelayConnectionFailed, codec::Severity::Error,
                                       decoder.side(Direction::ClientToServer).bytes, 0, item.text};
                c.pipeline->finding(f, Direction::ClientToServer);
            }
            m_options.events->connectionEnded(c.flow, decoder);
        }
        c.now = std::max(c.now, item.timeNs);   // (the handshake and the FINs at the times they happened)
        if (c.tcp)
            c.tcp->close(c.now, summary);
        m_conns.erase(it);
        break;
    }
    case Item::Open:
    case Item::Key:
        break;
    }
}

}   // namespace zmqscope
