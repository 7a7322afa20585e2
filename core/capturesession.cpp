#include "capturesession.h"

#include "capture/renumberingsink.h"

#include "capture/capturedissector.h"
#include "capture/eventwriter.h"
#include "capture/objectexport.h"
#include "capture/tcpsynthesizer.h"
#include "codec/z85.h"
#include "demopeers.h"
#include "interfacecapture.h"
#include "relay.h"
#include "taprecorder.h"
#include "capture/pipeline.h"
#include "capture/storedevent.h"
#include "codec/filter.h"
#include "codec/eventdump.h"
#include "protocols/registry.h"
#include "logging.h"
#include "samplecapture.h"
#include "versions.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QMutexLocker>
#include <QSet>
#include <QSettings>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#include <cstring>
#include <thread>
#include <optional>

namespace zmqscope {

using namespace codec;

namespace {
constexpr qint64 kBatchMs = 40;
}   // namespace

// A capture file mapped into memory, with a reader over it; the reader is
// valid while this lives.
struct CaptureSession::MappedCapture {
    QFile file;
    std::optional<capture::CaptureFileReader> reader;
    uchar *map = nullptr;
    std::size_t released = 0;

    // The reader only moves forward: pages before `offset` leave this
    // process's memory (the file stays in the page cache; touching them
    // again reads them back), so a large capture does not add up in RSS.
    void release(std::uint64_t offset)
    {
        const std::size_t page = std::size_t(::sysconf(_SC_PAGESIZE));
        const std::size_t upTo = std::size_t(offset) / page * page;
        if (map && upTo > released) {
            ::madvise(map + released, upTo - released, MADV_DONTNEED);
            released = upTo;
        }
    }

    bool open(const QString &path, QString *error)
    {
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = CaptureSession::tr("%1: %2").arg(path, file.errorString());
            return false;
        }
        map = file.size() > 0 ? file.map(0, file.size()) : nullptr;
        if (file.size() > 0 && !map) {
            *error = CaptureSession::tr("%1: cannot map the file").arg(path);
            return false;
        }
        reader.emplace(Bytes{map, std::size_t(file.size())});
        if (reader->format() == capture::CaptureFileReader::Format::Unknown) {
            *error = CaptureSession::tr("%1: %2").arg(path, QString::fromStdString(reader->error()));
            return false;
        }
        return true;
    }
};

QString CaptureSession::spillPath() const
{
    return QDir::temp().filePath(QStringLiteral("zmqscope-spill-%1-%2.pcapng")
                                     .arg(QCoreApplication::applicationPid())
                                     .arg(reinterpret_cast<quintptr>(this), 0, 16));
}

// Stores what the dissection produces and turns each event into a row.
class CaptureSession::Sink : public capture::CaptureEventSink {
public:
    explicit Sink(CaptureSession &s) : m_session(s) {}
    void connectionStarted(const capture::FlowInfo &f) override { m_session.m_store->connectionStarted(f); }
    void connectionBytes(const capture::FlowInfo &f, Direction d, Bytes b) override
    {
        m_session.m_store->connectionBytes(f, d, b);
    }
    void connectionGap(const capture::FlowInfo &f, Direction d, std::uint64_t n) override
    {
        m_session.m_store->connectionGap(f, d, n);
    }
    void event(const capture::ConnectionContext &ctx, const Event &ev) override
    {
        if (ev.kind == EventKind::GreetingPart)
            return;   // the version-decided row carries the greeting
        const std::size_t index = m_session.m_store->eventCount();
        m_session.m_store->event(ctx, ev);
        m_session.m_pending.push_back(m_session.rowAt(index));   // as the model reads old rows back
        if (ctx.flow.id == 0)
            return;   // datagrams (ZRE beacons) are no connection
        m_session.noteConnection(ctx, ev);
        if (ctx.app && ctx.app->dissector) {
            ConnectionRow &c = m_session.m_connections[quint32(ctx.flow.id)];
            const std::string_view id = ctx.app->dissector->info().id;
            if (c.protocol.isEmpty())
                c.protocol = QString::fromLatin1(id.data(), qsizetype(id.size()));
            if (c.label.isEmpty() && !ctx.app->note.label.empty())
                c.label = QString::fromStdString(ctx.app->note.label);
        }
        if (ev.decrypted && ev.kind == EventKind::Command && ev.command)
            noteDecryptedMetadata(quint32(ctx.flow.id), ev);
    }
    std::uint32_t nextEventNumber() const override { return m_session.m_store->nextEventNumber(); }
    // CURVE's metadata travels in boxes the decoder cannot open; what the
    // decryptor opened names the sender's socket type and identity.
    void noteDecryptedMetadata(quint32 id, const Event &ev)
    {
        ConnectionRow &c = m_session.m_connections[id];
        const int d = int(ev.direction);
        for (const Property &p : ev.command->properties) {
            const std::string_view value(reinterpret_cast<const char *>(p.value.data()), p.value.size());
            if (p.name == "Socket-Type")
                c.socketType[d] = QString::fromLatin1(value.data(), qsizetype(value.size()));
            else if (p.name == "Identity") {
                c.identity[d] = QByteArray(value.data(), qsizetype(value.size()));
                c.hasIdentity[d] = true;
            }
        }
    }
    void connectionEnded(const capture::FlowInfo &f, const ConnectionDecoder &decoder) override
    {
        m_session.m_connections[quint32(f.id)].closed = true;
        m_session.snapshotConnection(quint32(f.id), decoder);
        m_session.m_live.erase(quint32(f.id));
        m_session.m_changed.insert(quint32(f.id));
    }

private:
    CaptureSession &m_session;
};

// One live source's events into the session: its connection numbers
// become the capture's (several sources share one numbering), and each
// connection remembers its source. Called on the source's thread with the
// session's lock held.
class CaptureSession::LiveSink : public capture::RenumberingSink {
public:
    explicit LiveSink(CaptureSession &s) : RenumberingSink(m_sink, s.m_nextConnection), m_sink(s)
    {
        onNewConnection = [&s, this](std::uint64_t id) { s.m_connectionSource[quint32(id)] = source; };
    }
    std::uint32_t source = 0;   // LiveSourceInfo::id, once added

private:
    Sink m_sink;
};

// A tap relay (Relay + TapRecorder) or an interface capture (libpcap +
// CaptureDissector), feeding the session through its LiveSink.
struct CaptureSession::LiveSource {
    // The recording goes last: the recorder and the capture write to it.
    struct File {
        std::FILE *f = nullptr;
        ~File()
        {
            if (f)
                std::fclose(f);
        }
    } record;
    std::unique_ptr<capture::PcapngWriter> writer;   // interface captures
    std::uint32_t writerInterface = 0;
    LiveSourceInfo info;
    std::unique_ptr<LiveSink> sink;
    std::unique_ptr<TapRecorder> recorder;
    std::unique_ptr<Relay> relay;
    std::unique_ptr<InterfaceCapture> interface;
    std::unique_ptr<capture::CaptureDissector> dissector;

    // Stops the traffic's source first, then drains what was recorded.
    void stop()
    {
        if (relay)
            relay->stop();
        if (recorder)
            recorder->finish();
        if (interface)
            interface->stop();
    }
};

using FilterSubject = capture::StoredEvent;

CaptureSession::CaptureSession(QObject *parent)
    : QObject(parent), m_keyLines(std::make_shared<KeyLineHub>())
{
    qRegisterMetaType<QVector<zmqscope::FrameRow>>();
    qRegisterMetaType<QVector<zmqscope::ConnectionRow>>();
    qRegisterMetaType<QVector<quint32>>();
    qRegisterMetaType<zmqscope::TapSettings>();
    qRegisterMetaType<zmqscope::LiveSourceInfo>();
    qRegisterMetaType<QVector<zmqscope::FollowItem>>();
    qRegisterMetaType<zmqscope::ExportFormat>();
    qRegisterMetaType<QVector<zmqscope::capture::IoGraphSpec>>();
    qRegisterMetaType<QVector<zmqscope::capture::IoSeries>>();
    qRegisterMetaType<zmqscope::capture::ResponseTimeReport>();
    qRegisterMetaType<zmqscope::capture::CaptureSummary>();
    qRegisterMetaType<zmqscope::protocols::DecodeAs>();
}

CaptureSession::~CaptureSession()
{
    stopLiveSources();
    for (const QString &f : std::as_const(m_liveFiles))
        QFile::remove(f);
    QFile::remove(spillPath());
}

void CaptureSession::requestIoGraphs(quint64 request, const QVector<capture::IoGraphSpec> &specs)
{
    QVector<capture::IoSeries> out;
    std::vector<std::unique_ptr<capture::IoGraphBuilder>> kept;
    for (const capture::IoGraphSpec &spec : specs) {
        auto same = std::find_if(m_ioGraphs.begin(), m_ioGraphs.end(), [&](const auto &b) { return b && b->spec() == spec; });
        std::unique_ptr<capture::IoGraphBuilder> b;
        if (same != m_ioGraphs.end())
            b = std::move(*same);
        else
            b = std::make_unique<capture::IoGraphBuilder>(spec);
        inSlices([&](const capture::CaptureStore &store) { return b->update(store, kStatisticsSlice); });
        out.push_back(b->series());
        kept.push_back(std::move(b));
    }
    m_ioGraphs = std::move(kept);   // (builders no longer asked for are dropped)
    Q_EMIT ioGraphsReady(request, out);
}

void CaptureSession::requestResponseTimes(quint64 request)
{
    if (!m_responseTimes)
        m_responseTimes = std::make_unique<capture::ResponseTimes>();
    inSlices([&](const capture::CaptureStore &store) { return m_responseTimes->update(store, kStatisticsSlice); });
    Q_EMIT responseTimesReady(request, m_responseTimes->report());
}

void CaptureSession::inSlices(const std::function<bool(const capture::CaptureStore &)> &read)
{
    // The lock for one slice at a time: the window's reads of rows and
    // summaries (and the live sources' writes) go on in between.
    for (bool more = true; more;) {
        QMutexLocker lock(&m_mutex);
        more = m_store && read(*m_store);
    }
}

QVector<QPair<quint32, quint32>> CaptureSession::links(quint32 fromEvent) const
{
    QVector<QPair<quint32, quint32>> out;
    QMutexLocker lock(&m_mutex);
    if (!m_store)
        return out;
    m_store->forEachNote(fromEvent, m_store->eventCount(), [&](std::size_t event, const protocols::Note &note) {
        if (note.linked && note.linked - 1 < event)   // (event numbers count from 1)
            out.push_back({quint32(event), quint32(note.linked - 1)});
    });
    return out;
}

void CaptureSession::requestSummary(quint64 request)
{
    if (!m_summary)
        m_summary = std::make_unique<capture::SummaryBuilder>();
    inSlices([&](const capture::CaptureStore &store) { return m_summary->update(store, kStatisticsSlice); });
    Q_EMIT summaryReady(request, m_summary->summary());
}

void CaptureSession::reset()
{
    stopLiveSources();
    QMutexLocker lock(&m_mutex);
    m_kind = Source::None;
    m_nextConnection = 0;
    m_filter.reset();
    m_filterText.clear();
    for (const QString &f : std::as_const(m_liveFiles))
        QFile::remove(f);
    m_liveFiles.clear();
    m_stoppedKeys = CurveKeyLog();
    // The cap is a setting ("capture/memoryCapMiB", default 256 MiB).
    const qlonglong capMiB = QSettings().value(QStringLiteral("capture/memoryCapMiB"), qlonglong(kStoreCap >> 20)).toLongLong();
    m_storeCap = std::size_t(std::max<qlonglong>(capMiB, 16)) << 20;
    m_store = std::make_unique<capture::CaptureStore>(m_storeCap, spillPath().toStdString());
    m_ioGraphs.clear();
    m_responseTimes.reset();
    m_summary.reset();
    m_pending.clear();
    m_connections.clear();
    m_connectionSource.clear();
    m_changed.clear();
    m_live.clear();
    m_sinceFlush.start();
}

void CaptureSession::noteConnection(const capture::ConnectionContext &ctx, const Event &ev)
{
    const auto id = quint32(ctx.flow.id);
    ConnectionRow &c = m_connections[id];
    if (c.connection == 0) {
        c.connection = id;
        auto ep = [](const capture::Address &a, std::uint16_t port) {
            return a.family == 6 ? QStringLiteral("[%1]:%2").arg(QString::fromStdString(a.toString())).arg(port)
                                 : QStringLiteral("%1:%2").arg(QString::fromStdString(a.toString())).arg(port);
        };
        c.client = ep(ctx.flow.client, ctx.flow.clientPort);
        c.server = ep(ctx.flow.server, ctx.flow.serverPort);
        const auto source = m_connectionSource.find(id);
        c.source = source != m_connectionSource.end() ? source->second : 0;
    }
    if (ev.kind == EventKind::Finding)
        ++c.findings;
    // The decoder's summaries change after an event is handed on; read
    // them when the batch goes out (snapshotConnections), not now.
    m_live[id] = &ctx.decoder;
    m_changed.insert(id);
}

void CaptureSession::snapshotConnections()
{
    for (const auto &[id, decoder] : m_live)
        snapshotConnection(id, *decoder);
    m_live.clear();
}

void CaptureSession::snapshotConnection(quint32 id, const ConnectionDecoder &decoder)
{
    ConnectionRow &c = m_connections[id];
    for (int d = 0; d < 2; ++d) {
        const SideSummary &side = decoder.side(Direction(d));
        c.version[d] = side.version == ZmtpVersion::Unknown ? QString() : QString::fromLatin1(versionName(side.version).data());
        // Unknown to the decoder (CURVE): keep what decrypted metadata said.
        if (side.socketType != SocketType::Unknown)
            c.socketType[d] = QString::fromLatin1(socketTypeName(side.socketType).data());
        if (side.hasIdentity) {
            c.hasIdentity[d] = true;
            c.identity[d] = QByteArray::fromStdString(side.identity);
        }
        c.bytes[d] = side.bytes;
        c.messages[d] = side.messages;
        if (side.mechanism != Mechanism::None)
            c.mechanism = QString::fromLatin1(mechanismName(side.mechanism).data());
    }
    const LinkPhase a = decoder.side(Direction::ClientToServer).phase;
    const LinkPhase b = decoder.side(Direction::ServerToClient).phase;
    const LinkPhase worst = (a == LinkPhase::Failed || b == LinkPhase::Failed) ? LinkPhase::Failed : std::min(a, b);
    // A closed connection says so unless it failed first.
    c.state = c.closed && worst != LinkPhase::Failed ? QStringLiteral("closed")
                                                  : QString::fromLatin1(linkPhaseName(worst).data());
}

void CaptureSession::flush(bool force)
{
    QVector<ConnectionRow> changed;
    QVector<FrameRow> rows;
    QVector<quint32> passing;
    {
        QMutexLocker lock(&m_mutex);
        if ((m_pending.isEmpty() && m_changed.empty()) || (!force && m_sinceFlush.elapsed() < kBatchMs))
            return;
        snapshotConnections();
        for (quint32 id : m_changed)
            changed.push_back(m_connections[id]);
        m_changed.clear();
        rows.swap(m_pending);
        m_sinceFlush.restart();
        // An active display filter takes the new rows as they come; the
        // window learns which pass before the rows themselves arrive.
        if (m_filter && !rows.isEmpty())
            matchRange(m_filter.get(), rows.front().event, rows.back().event + 1, passing);
    }
    if (!changed.isEmpty())
        Q_EMIT connectionsChanged(changed);
    if (m_filter && !rows.isEmpty())
        Q_EMIT filterExtended(m_filterText, passing);
    if (!rows.isEmpty())
        Q_EMIT framesAdded(rows);
}

std::optional<Field> CaptureSession::dissection(quint32 event, QByteArray *decrypted) const
{
    QMutexLocker lock(&m_mutex);
    if (decrypted)
        decrypted->clear();
    if (!m_store || event >= m_store->eventCount())
        return std::nullopt;
    std::vector<std::uint8_t> plain;
    auto tree = m_store->dissection(event, decrypted ? &plain : nullptr);
    if (decrypted)
        *decrypted = QByteArray(reinterpret_cast<const char *>(plain.data()), qsizetype(plain.size()));
    return tree;
}

QByteArray CaptureSession::eventBytes(quint32 event) const
{
    QMutexLocker lock(&m_mutex);
    std::vector<std::uint8_t> bytes;
    if (!m_store || event >= m_store->eventCount() || !m_store->eventBytes(event, bytes))
        return {};
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

FrameRow CaptureSession::rowAt(std::size_t i) const
{
    const capture::EventRecord rec = m_store->record(i);
    FrameRow r;
    r.event = quint32(i);
    r.timeNs = rec.timeNs;
    r.connection = rec.connection;
    r.length = rec.length;
    r.direction = quint8(rec.direction);
    r.kind = quint8(rec.kind);
    r.severity = qint8(m_store->severity(i));
    const auto [version, mechanism] = m_store->rowVersion(i);
    r.version = quint8(version);
    r.mechanism = quint8(mechanism);
    r.protocol = rec.protocol;
    r.derived = (rec.flags & capture::EventRecord::kDerived) != 0;
    r.decrypted = (rec.flags & 1) != 0;
    return r;
}

QVector<FrameRow> CaptureSession::frameRows(quint32 first, int count) const
{
    QVector<FrameRow> out;
    QMutexLocker lock(&m_mutex);
    if (!m_store)
        return out;
    const std::size_t end = std::min<std::size_t>(m_store->eventCount(), std::size_t(first) + std::size_t(std::max(count, 0)));
    out.reserve(qsizetype(end > first ? end - first : 0));
    for (std::size_t i = first; i < end; ++i)
        out.push_back(rowAt(i));
    return out;
}

std::size_t CaptureSession::storeMemory() const
{
    QMutexLocker lock(&m_mutex);
    return m_store ? m_store->memoryUsed() : 0;
}

void CaptureSession::setColourRules(const QStringList &expressions)
{
    std::vector<std::shared_ptr<const FilterExpression>> rules;
    for (const QString &e : expressions) {
        auto parsed = e.trimmed().isEmpty() ? std::nullopt : FilterExpression::parse(e.toStdString());
        rules.push_back(parsed ? std::make_shared<const FilterExpression>(std::move(*parsed)) : nullptr);
    }
    QMutexLocker lock(&m_mutex);
    m_colourRules = std::move(rules);
}

int CaptureSession::colourRule(quint32 event) const
{
    QMutexLocker lock(&m_mutex);
    if (!m_store || event >= m_store->eventCount() || m_colourRules.empty())
        return -1;
    const FilterSubject subject(*m_store, event);   // the tree decoded once for all the rules
    for (std::size_t i = 0; i < m_colourRules.size(); ++i)
        if (m_colourRules[i] && subject.matches(*m_colourRules[i]))
            return int(i);
    return -1;
}

QString CaptureSession::summary(quint32 event) const
{
    QMutexLocker lock(&m_mutex);
    const std::optional<std::string> line = m_store && event < m_store->eventCount() ? m_store->summary(event) : std::nullopt;
    if (!line)
        return tr("(not available: bytes not captured, or no key)");
    return QString::fromStdString(*line);
}

quint64 CaptureSession::eventOffset(quint32 event) const
{
    QMutexLocker lock(&m_mutex);
    if (!m_store || event >= m_store->eventCount())
        return 0;
    // A datagram's tree counts from its first byte.
    const capture::EventRecord r = m_store->record(event);
    return r.kind == EventKind::Beacon ? 0 : r.offset;
}

QVector<FollowItem> CaptureSession::follow(quint32 connection, int limit) const
{
    QVector<FollowItem> out;
    QMutexLocker lock(&m_mutex);
    if (!m_store)
        return out;
    for (std::size_t i = 0; i < m_store->eventCount() && out.size() < limit; ++i) {
        const capture::EventRecord &r = m_store->record(i);
        if (r.connection != connection || (r.kind != EventKind::Message && r.kind != EventKind::Command))
            continue;
        out << itemAt(i, r);
    }
    return out;
}

QVector<FollowItem> CaptureSession::messages(const QVector<quint32> &events) const
{
    QVector<FollowItem> out;
    QMutexLocker lock(&m_mutex);
    if (!m_store)
        return out;
    for (const quint32 i : events) {
        if (i >= m_store->eventCount())
            continue;
        const capture::EventRecord &r = m_store->record(i);
        if (r.kind == EventKind::Message)
            out << itemAt(i, r);
    }
    return out;
}

FollowItem CaptureSession::itemAt(std::size_t i, const capture::EventRecord &r) const
{
    std::vector<std::uint8_t> bytes;
    {
        FollowItem item;
        item.event = quint32(i);
        item.direction = quint8(r.direction);
        item.timeNs = r.timeNs;
        const std::optional<Field> tree = m_store->dissection(i);
        const bool haveBytes = m_store->eventBytes(i, bytes);
        item.complete = tree && haveBytes;
        if (tree && r.kind == EventKind::Command) {
            const Field *name = tree->find("zmtp.command");
            item.command = name ? QString::fromStdString(name->value) : QStringLiteral("?");
        }
        // Frame bodies (a command's single frame included), cut from the
        // stored bytes by the offsets the dissection gives them.
        std::function<void(const Field &)> collect = [&](const Field &f) {
            if (f.key() == "zmtp.frame.body") {
                if (haveBytes && f.offset >= r.offset && f.offset + f.length <= r.offset + bytes.size())
                    item.frames << QByteArray(reinterpret_cast<const char *>(bytes.data() + (f.offset - r.offset)),
                                              qsizetype(f.length));
                else
                    item.complete = false;
                return;
            }
            for (const Field &c : f.children)
                collect(c);
        };
        if (tree)
            collect(*tree);
        return item;
    }
}

void CaptureSession::requestFollow(quint64 request, quint32 connection, int limit)
{
    Q_EMIT followed(request, connection, follow(connection, limit));
}

void CaptureSession::matchRange(const FilterExpression *f, std::size_t from, std::size_t to, QVector<quint32> &out) const
{
    for (std::size_t i = from; i < to; ++i) {
        if (m_store->record(i).kind == EventKind::GreetingPart)
            continue;
        if (f && !FilterSubject(*m_store, i).matches(*f))
            continue;
        out.push_back(quint32(i));
    }
}

void CaptureSession::filter(const QString &expression)
{
    std::string error;
    std::shared_ptr<const FilterExpression> f;
    if (!expression.trimmed().isEmpty()) {
        auto parsed = FilterExpression::parse(expression.toStdString(), &error);
        if (!parsed)
            return;   // the window shows why; nothing to answer
        f = std::make_shared<const FilterExpression>(std::move(*parsed));
    }
    // Slices of 64k events, each split over two threads (the store reads
    // are const and its spill file is read with pread), with the lock let
    // go between slices so that live sources and the GUI's reads go on.
    QVector<quint32> matching;
    std::size_t at = 0;
    for (;;) {
        QMutexLocker lock(&m_mutex);
        if (!m_store)
            return;
        const std::size_t end = std::min(m_store->eventCount(), at + (std::size_t(1) << 16));
        if (at >= end) {
            // Events from now on are filtered as they arrive (flush()).
            m_filter = f;
            m_filterText = expression;
            break;
        }
        const std::size_t mid = at + (end - at) / 2;
        QVector<quint32> second;
        std::thread helper([&] { matchRange(f.get(), mid, end, second); });
        matchRange(f.get(), at, mid, matching);
        helper.join();
        matching += second;
        at = end;
    }
    Q_EMIT filtered(expression, matching);
}

void CaptureSession::find(quint64 request, qint64 from, FindMode mode, const QString &pattern, bool backwards)
{
    std::optional<FilterExpression> expression;
    QByteArray needle;
    if (mode == FindMode::Filter) {
        std::string error;
        std::size_t at = 0;
        expression = FilterExpression::parse(pattern.toStdString(), &error, &at);
        if (!expression) {
            Q_EMIT found(request, -1, tr("Invalid filter at column %1: %2").arg(at + 1).arg(QString::fromStdString(error)));
            return;
        }
    } else if (mode == FindMode::Hex) {
        QString digits = pattern;
        digits.remove(QRegularExpression(QStringLiteral("[\\s:]|0x")));
        needle = QByteArray::fromHex(digits.toLatin1());
        if (digits.isEmpty() || digits.size() % 2 || needle.size() * 2 != digits.size()) {
            Q_EMIT found(request, -1, tr("Not hex bytes: %1 (write them as 01 ab ff or 01abff)").arg(pattern));
            return;
        }
    } else if (pattern.isEmpty()) {
        Q_EMIT found(request, -1, tr("Nothing to find."));
        return;
    }
    const QByteArray text = pattern.toUtf8();
    const auto matches = [&](std::size_t i) {
        if (expression)
            return FilterSubject(*m_store, i).matches(*expression);
        std::vector<std::uint8_t> bytes;
        m_store->eventBytes(i, bytes);
        const QByteArray raw = QByteArray::fromRawData(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
        if (mode == FindMode::Hex)
            return raw.contains(needle);
        if (raw.toLower().contains(text.toLower()))
            return true;
        const std::optional<std::string> line = m_store->summary(i);
        return line && QString::fromStdString(*line).contains(pattern, Qt::CaseInsensitive);
    };
    // In slices, the lock let go between them (as filter()); always one answer.
    QMutexLocker lock(&m_mutex);
    if (!m_store || m_store->eventCount() == 0) {
        Q_EMIT found(request, -1, {});
        return;
    }
    const capture::CaptureStore *store = m_store.get();
    const qint64 n = qint64(m_store->eventCount());
    qint64 at = from >= 0 && from < n ? from : -1;   // (a row of an older capture: from the start)
    for (qint64 seen = 0; seen < n; ++seen) {
        at = backwards ? (at <= 0 ? n - 1 : at - 1) : (at + 1 >= n || at < 0 ? 0 : at + 1);
        if (matches(std::size_t(at))) {
            Q_EMIT found(request, at, {});
            return;
        }
        if ((seen & 4095) == 4095) {
            lock.unlock();
            lock.relock();
            if (m_store.get() != store) {
                Q_EMIT found(request, -1, tr("A new capture began while searching."));
                return;
            }
        }
    }
    Q_EMIT found(request, -1, {});
}

bool CaptureSession::replayFile(const QString &path, capture::CaptureEventSink &sink, QMutex *lock,
                                const std::function<void(bool done)> &stretch, QString *summary,
                                const capture::DissectOptions &options)
{
    MappedCapture file;
    if (!file.open(path, summary))
        return false;
    capture::CaptureFileReader &reader = *file.reader;
    capture::DissectOptions withDecodeAs = options;
    {
        std::optional<QMutexLocker<QMutex>> held;
        if (lock)
            held.emplace(lock);
        withDecodeAs.decodeAs = m_decodeAs;
    }
    capture::CaptureDissector dissector(sink, withDecodeAs);
    capture::Packet packet;
    bool more = true;
    while (more) {
        {
            // Stretches of packets under the lock, so that the GUI's
            // on-demand reads of the store interleave.
            std::optional<QMutexLocker<QMutex>> held;
            if (lock)
                held.emplace(lock);
            for (int i = 0; i < 2000 && (more = reader.next(packet)); ++i)
                dissector.packet(packet);
            if (!more)
                dissector.finish();
        }
        if (more)
            file.release(packet.fileOffset);
        if (stretch)
            stretch(!more);
    }
    const auto &st = dissector.stats();
    *summary = tr("%n packet(s), %1 ZMTP connection(s)", nullptr, int(st.packets)).arg(st.zmtpFlows);
    if (!reader.error().empty())
        *summary += tr("; the file is damaged: %1").arg(QString::fromStdString(reader.error()));
    if (reader.timesPastRange())
        *summary += tr("; %n packet(s) dated past 2116-02-20, shown at that time", nullptr, int(reader.timesPastRange()));
    return true;
}

void CaptureSession::replaySamples(capture::CaptureEventSink &sink, QMutex *lock,
                                   const std::function<void()> &connectionDone)
{
    capture::PipelineOptions options;
    {
        std::optional<QMutexLocker<QMutex>> held;
        if (lock)
            held.emplace(lock);
        options.decodeAs = m_decodeAs;
    }
    capture::Pipeline pipeline(sink, options);
    std::uint64_t id = 0;
    for (const SampleConnection &sample : builtinSamples()) {
        capture::FlowInfo flow;
        flow.id = ++id;
        flow.sawSyn = true;
        flow.client.bytes = {127, 0, 0, 1};
        flow.server.bytes = {127, 0, 0, 1};
        flow.clientPort = std::uint16_t(50000 + id);
        flow.serverPort = 5555;
        std::optional<QMutexLocker<QMutex>> held;
        if (lock)
            held.emplace(lock);
        const auto connection = pipeline.open(flow);
        for (const SampleSegment &seg : sample.segments) {
            const Bytes b(reinterpret_cast<const std::uint8_t *>(seg.bytes.constData()), std::size_t(seg.bytes.size()));
            connection->feed(seg.direction, b, 0);
        }
        connection->finish();
        if (connectionDone)
            connectionDone();   // before this connection's decoder goes
    }
}

protocols::DecodeAs CaptureSession::decodeAs() const
{
    QMutexLocker lock(&m_mutex);
    return m_decodeAs;
}

void CaptureSession::setDecodeAs(const protocols::DecodeAs &decodeAs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_decodeAs = decodeAs;
    }
    // Dissected again from the source, as Wireshark does.
    if (m_kind == Source::File)
        openFile(m_source);
    else if (m_kind == Source::Sample)
        loadSamples();
}

void CaptureSession::openFile(const QString &path)
{
    reset();
    m_source = path;
    m_kind = Source::File;
    Sink sink(*this);
    QString summary;
    if (!replayFile(path, sink, &m_mutex, [this](bool done) { flush(done); }, &summary)) {
        Q_EMIT failed(summary);
        return;
    }
    qCDebug(lcCapture) << "opened" << path << summary;
    Q_EMIT finished(summary);
}

void CaptureSession::loadSamples()
{
    reset();
    m_source.clear();
    m_kind = Source::Sample;
    Sink sink(*this);
    replaySamples(sink, &m_mutex, [this] { snapshotConnections(); });
    flush(true);
    Q_EMIT finished(tr("Built-in sample: %n connection(s)", nullptr, int(builtinSamples().size())));
}

bool CaptureSession::writePcapng(std::FILE *out, QString *error, quint64 *packets)
{
    capture::PcapngWriter writer(out);
    writer.sectionHeader("exported by ZmqScope");
    if (m_source.isEmpty()) {
        // The sample never was packets: synthesise TCP for each connection,
        // one segment per captured chunk, a microsecond apart.
        struct Synth : capture::CaptureEventSink {
            capture::PcapngWriter *writer;
            std::uint32_t iface;
            std::map<std::uint64_t, std::unique_ptr<capture::TcpSynthesizer>> tcp;
            std::int64_t timeNs = 0;
            void connectionStarted(const capture::FlowInfo &f) override
            {
                auto ip = [](const capture::Address &a) { return std::array<std::uint8_t, 4>{a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]}; };
                auto t = std::make_unique<capture::TcpSynthesizer>(*writer, iface, ip(f.client), f.clientPort, ip(f.server), f.serverPort);
                t->open(timeNs += 1000);
                tcp[f.id] = std::move(t);
            }
            void connectionBytes(const capture::FlowInfo &f, Direction d, Bytes b) override
            {
                tcp.at(f.id)->data(d, timeNs += 1000, b);
            }
            void event(const capture::ConnectionContext &, const Event &) override {}
        } synth;
        synth.writer = &writer;
        synth.iface = writer.addInterface(capture::linktype::Ethernet, "zmqscope-sample");
        replaySamples(synth, nullptr, {});
        for (auto &[id, t] : synth.tcp)
            t->close(synth.timeNs += 1000);
        *packets = writer.packets();
        return writer.ok();
    }
    MappedCapture file;
    if (!file.open(m_source, error))
        return false;
    capture::CaptureFileReader &reader = *file.reader;
    // One output interface per input interface and link type.
    std::map<std::pair<std::uint32_t, std::uint16_t>, std::uint32_t> interfaces;
    capture::Packet packet;
    while (reader.next(packet)) {
        const auto key = std::make_pair(packet.interface, packet.linkType);
        auto it = interfaces.find(key);
        if (it == interfaces.end())
            it = interfaces.emplace(key, writer.addInterface(packet.linkType, "if" + std::to_string(packet.interface))).first;
        writer.packet(it->second, packet.timestampNs, packet.data, packet.comment, packet.originalLength);
    }
    *packets = writer.packets();
    return writer.ok();
}

namespace {
// Passes on the events whose store index (the session's numbering: every
// event but greeting parts, in order) is in `only`.
class OnlySink : public capture::CaptureEventSink {
public:
    OnlySink(capture::CaptureEventSink &out, const QVector<quint32> &only)
        : m_out(out), m_only(only.begin(), only.end())
    {
    }
    void connectionStarted(const capture::FlowInfo &f) override { m_out.connectionStarted(f); }
    void connectionBytes(const capture::FlowInfo &f, Direction d, Bytes b) override { m_out.connectionBytes(f, d, b); }
    void connectionGap(const capture::FlowInfo &f, Direction d, std::uint64_t n) override { m_out.connectionGap(f, d, n); }
    void event(const capture::ConnectionContext &ctx, const Event &ev) override
    {
        if (ev.kind == EventKind::GreetingPart)
            return;
        if (m_only.contains(m_index++))
            m_out.event(ctx, ev);
    }
    // Numbered as the window numbers its rows.
    std::uint32_t nextEventNumber() const override { return m_index + 1; }

private:
    capture::CaptureEventSink &m_out;
    QSet<quint32> m_only;
    quint32 m_index = 0;
};
}   // namespace

CurveKeyLog CaptureSession::liveKeys() const
{
    CurveKeyLog keys = m_stoppedKeys;
    for (const auto &src : m_sources)
        if (src->recorder)
            keys.merge(src->recorder->keyLog());
    return keys;
}

bool CaptureSession::writeLiveRecording(std::FILE *out, QString *error, quint64 *packets)
{
    // What the sources wrote so far reaches the files; the sources write
    // whole blocks under the lock, so these sizes end on a block.
    QVector<qint64> sizes;
    {
        QMutexLocker lock(&m_mutex);
        for (const auto &src : m_sources)
            if (src->record.f)
                std::fflush(src->record.f);
        for (const QString &path : std::as_const(m_liveFiles))
            sizes << QFileInfo(path).size();
    }
    *packets = 0;
    for (int i = 0; i < m_liveFiles.size(); ++i) {
        // pcapng allows sections one after another.
        QFile in(m_liveFiles[i]);
        if (sizes[i] <= 0 || !in.open(QIODevice::ReadOnly))
            continue;   // a source that never wrote a byte
        const uchar *map = in.map(0, sizes[i]);
        if (!map) {
            *error = tr("%1: cannot map the file").arg(m_liveFiles[i]);
            return false;
        }
        capture::CaptureFileReader reader(Bytes{map, std::size_t(sizes[i])});
        capture::Packet p;
        while (reader.next(p))
            ++*packets;
        if (std::fwrite(map, 1, std::size_t(sizes[i]), out) != std::size_t(sizes[i]))
            return false;
    }
    error->clear();
    return true;
}

void CaptureSession::exportEvents(const QString &path, ExportFormat format, const QVector<quint32> &only)
{
    if (m_kind == Source::None) {
        Q_EMIT failed(tr("Nothing to export."));
        return;
    }
    std::FILE *out = std::fopen(QFile::encodeName(path).constData(), "wb");
    if (!out) {
        Q_EMIT failed(tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        return;
    }
    QString summary;
    bool ok = true;
    quint64 count = 0;
    if (format == ExportFormat::Pcapng) {
        ok = m_kind == Source::Live ? writeLiveRecording(out, &summary, &count) : writePcapng(out, &summary, &count);
    } else {
        capture::JsonEventWriter jsonOut(out);
        capture::TextEventWriter textOut(out);
        const bool json = format == ExportFormat::JsonLines;
        capture::CaptureEventSink &writer = json ? static_cast<capture::CaptureEventSink &>(jsonOut) : textOut;
        OnlySink filtered(writer, only);
        ok = replaySource(only.isEmpty() ? writer : filtered, &summary);
        count = json ? jsonOut.written() : textOut.written();
    }
    const bool written = std::fflush(out) == 0 && !std::ferror(out);
    std::fclose(out);
    if (!ok && !summary.isEmpty()) {
        Q_EMIT failed(summary);
        return;
    }
    if (!ok || !written) {
        Q_EMIT failed(tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        return;
    }
    Q_EMIT exported(path, format, count);
}

bool CaptureSession::replaySource(capture::CaptureEventSink &sink, QString *summary)
{
    if (m_kind == Source::Sample) {
        replaySamples(sink, nullptr, {});
        return true;
    }
    if (m_kind == Source::File)
        return replayFile(m_source, sink, nullptr, {}, summary);
    // The recordings, dissected again as one file, CURVE opened with the
    // taps' keys. (Connection numbers follow the file.)
    const QString joined = QDir::temp().filePath(QStringLiteral("zmqscope-export-%1.pcapng").arg(QCoreApplication::applicationPid()));
    std::FILE *tmp = std::fopen(QFile::encodeName(joined).constData(), "wb");
    quint64 packets = 0;
    bool ok = tmp && writeLiveRecording(tmp, summary, &packets);
    if (tmp)
        std::fclose(tmp);
    CurveKeyLog keys;
    {
        QMutexLocker lock(&m_mutex);
        keys = liveKeys();
    }
    capture::DissectOptions options;
    options.keyLog = &keys;
    if (ok)
        ok = replayFile(joined, sink, nullptr, {}, summary, options);
    QFile::remove(joined);
    return ok;
}

void CaptureSession::exportObjects(const QString &folder)
{
    if (m_kind == Source::None) {
        Q_EMIT failed(tr("Nothing to export."));
        return;
    }
    capture::ObjectExporter exporter(QFile::encodeName(folder).toStdString());
    QString summary;
    if (!replaySource(exporter, &summary)) {
        Q_EMIT failed(summary.isEmpty() ? tr("Cannot read the capture again") : summary);
        return;
    }
    std::vector<capture::ExportedObject> objects;
    std::string error;
    if (!exporter.finish(objects, &error)) {
        Q_EMIT failed(tr("Export Objects: %1").arg(QString::fromStdString(error)));
        return;
    }
    QStringList incomplete;
    for (const auto &o : objects)
        if (!o.complete)
            incomplete << tr("%1: %2").arg(QString::fromStdString(o.name), QString::fromStdString(o.problem));
    Q_EMIT objectsExported(folder, int(objects.size()), incomplete);
}

// Live sources ----------------------------------------------------------

QVector<LiveSourceInfo> CaptureSession::liveSources() const
{
    QMutexLocker lock(&m_mutex);
    QVector<LiveSourceInfo> out;
    for (const auto &src : m_sources)
        out << src->info;
    return out;
}

bool CaptureSession::isLive() const
{
    QMutexLocker lock(&m_mutex);
    return !m_sources.empty();
}

void CaptureSession::beginLive()
{
    // A source joins a live capture that runs; once every source stopped,
    // the next one begins a new capture (the stopped one stays for export
    // until then), as a file replaces what was shown.
    if (m_kind == Source::Live) {
        QMutexLocker lock(&m_mutex);
        if (!m_sources.empty())
            return;
    }
    reset();
    Q_EMIT liveCaptureBegun();
    m_source.clear();
    m_kind = Source::Live;
    // Decrypted rows are rebuilt with the keys the CURVE taps logged
    // (asked with m_mutex held, as the recorders add keys under it).
    m_store->setKeyLookup([this](const CurveKey &clientTransient) -> std::optional<CurveKey> {
        for (const auto &src : m_sources)
            if (src->recorder)
                if (auto k = src->recorder->keyLog().find(clientTransient))
                    return k;
        return m_stoppedKeys.find(clientTransient);
    });
    m_liveStartNs = QDateTime::currentMSecsSinceEpoch() * 1000000;
    if (!m_liveTimer) {
        m_liveTimer = new QTimer(this);
        m_liveTimer->setInterval(int(kBatchMs));
        connect(m_liveTimer, &QTimer::timeout, this, [this] { flush(true); });
    }
    m_liveTimer->start();
}

LiveSourceInfo CaptureSession::addLiveSource(std::unique_ptr<LiveSource> source)
{
    source->info.id = ++m_nextSource;
    source->info.captureStartNs = m_liveStartNs;
    if (source->sink) {
        QMutexLocker lock(&m_mutex);
        source->sink->source = source->info.id;
    }
    const LiveSourceInfo info = source->info;
    {
        QMutexLocker lock(&m_mutex);
        m_sources.push_back(std::move(source));
    }
    qCDebug(lcCapture) << "live source" << info.description;
    Q_EMIT liveStarted(info);
    return info;
}

namespace {
// A new file for a live source's recording, beside the spill file.
std::FILE *openRecording(QStringList &files, QString *path)
{
    static std::atomic<int> next{0};
    *path = QDir::temp().filePath(QStringLiteral("zmqscope-live-%1-%2.pcapng")
                                      .arg(QCoreApplication::applicationPid())
                                      .arg(++next));
    // (0600: a recording holds what crossed, PLAIN passwords included)
    const int fd = ::open(QFile::encodeName(*path).constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    std::FILE *f = fd >= 0 ? ::fdopen(fd, "w+b") : nullptr;
    if (fd >= 0 && !f)
        ::close(fd);
    if (f)
        files << *path;
    return f;
}
}   // namespace

void CaptureSession::startTap(const TapSettings &settings)
{
    addTap(settings);
}

std::optional<LiveSourceInfo> CaptureSession::addTap(const TapSettings &settings)
{
    std::string error;
    const auto listen = Endpoint::parse(settings.listen.trimmed().toStdString(), &error);
    if (!listen) {
        Q_EMIT failed(tr("Listen endpoint: %1").arg(QString::fromStdString(error)));
        return std::nullopt;
    }
    const auto forward = Endpoint::parse(settings.forward.trimmed().toStdString(), &error);
    if (!forward || forward->port == 0) {
        Q_EMIT failed(tr("Forward endpoint: %1").arg(forward ? tr("a port is needed") : QString::fromStdString(error)));
        return std::nullopt;
    }
    Relay::Config config;
    config.listen = *listen;
    config.forward = *forward;
    TapRecorder::Options options;
    options.target = forward->toString();
    options.keys = m_keyLines;
    if (!settings.curveServerSecret.trimmed().isEmpty()) {
        const auto secret = curveKeyFromZ85(settings.curveServerSecret.trimmed().toStdString());
        if (!secret) {
            Q_EMIT failed(tr("The server's secret key must be 40 characters of Z85."));
            return std::nullopt;
        }
        CurveTermination t;
        t.serverKeys = CurveKeyPair::fromSecret(*secret);
        t.upstreamServerKey = t.serverKeys.publicKey;
        if (settings.curveClientSecret.trimmed().isEmpty()) {
            t.clientKeys = CurveKeyPair::generate();
        } else {
            const auto client = curveKeyFromZ85(settings.curveClientSecret.trimmed().toStdString());
            if (!client) {
                Q_EMIT failed(tr("The relay's client secret key must be 40 characters of Z85."));
                return std::nullopt;
            }
            t.clientKeys = CurveKeyPair::fromSecret(*client);
        }
        options.curveKeyLog = true;
        options.curveServerKeys = {t.serverKeys};
        config.curve = t;
    }
    beginLive();
    if (!options.curveServerKeys.empty()) {
        QMutexLocker lock(&m_mutex);
        m_store->addServerKeys(options.curveServerKeys);   // (its WELCOMEs are opened again from the store)
    }
    auto src = std::make_unique<LiveSource>();
    src->sink = std::make_unique<LiveSink>(*this);
    QString recording;
    src->record.f = openRecording(m_liveFiles, &recording);
    options.pcapng = src->record.f;   // for export; the capture goes on without it
    options.events = src->sink.get();
    {
        QMutexLocker lock(&m_mutex);
        options.decodeAs = m_decodeAs;
    }
    options.eventLock = [this](bool acquire) {
        if (acquire)
            m_mutex.lock();
        else
            m_mutex.unlock();
    };
    src->recorder = std::make_unique<TapRecorder>(options);
    src->relay = std::make_unique<Relay>(config, src->recorder.get());
    if (!src->relay->start(&error)) {
        src->stop();
        Q_EMIT failed(tr("Cannot start the tap on %1: %2").arg(settings.listen, QString::fromStdString(error)));
        return std::nullopt;
    }
    src->info.kind = config.curve ? QStringLiteral("curve-tap") : QStringLiteral("tap");
    src->info.listen = QString::fromStdString(src->relay->boundEndpoint().toString());
    src->info.description = QStringLiteral("%1 \u2192 %2").arg(src->info.listen, QString::fromStdString(forward->toString()));
    return addLiveSource(std::move(src));
}

void CaptureSession::startInterfaceCapture(const QString &interface, const QString &filter)
{
    auto src = std::make_unique<LiveSource>();
    src->interface = std::make_unique<InterfaceCapture>();
    std::string error;
    if (src->interface->open(interface.toStdString(), filter.toStdString(), &error) != InterfaceCapture::Status::Ok) {
        Q_EMIT failed(QString::fromStdString(error));
        return;
    }
    beginLive();
    src->sink = std::make_unique<LiveSink>(*this);
    capture::DissectOptions dissectOptions;
    {
        QMutexLocker lock(&m_mutex);
        dissectOptions.decodeAs = m_decodeAs;
    }
    src->dissector = std::make_unique<capture::CaptureDissector>(*src->sink, dissectOptions);
    QString recording;
    src->record.f = openRecording(m_liveFiles, &recording);
    if (src->record.f) {
        src->writer = std::make_unique<capture::PcapngWriter>(src->record.f);
        src->writer->sectionHeader("ZmqScope live capture on " + interface.toStdString()
                                   + (filter.trimmed().isEmpty() ? "" : " with filter " + filter.trimmed().toStdString()));
        src->writerInterface = src->writer->addInterface(src->interface->linkType(), interface.toStdString());
    }
    capture::CaptureDissector *dissector = src->dissector.get();
    capture::PcapngWriter *writer = src->writer.get();
    const std::uint32_t writerInterface = src->writerInterface;
    src->interface->start([this, dissector, writer, writerInterface](const capture::Packet &p) {
        QMutexLocker lock(&m_mutex);
        if (writer)
            writer->packet(writerInterface, p.timestampNs, p.data, {}, p.originalLength);
        dissector->packet(p);
    });
    src->info.kind = QStringLiteral("interface");
    src->info.description = filter.trimmed().isEmpty() ? interface : tr("%1, filter %2").arg(interface, filter.trimmed());
    addLiveSource(std::move(src));
}

void CaptureSession::startDemo(int periodMs)
{
    reset();
    auto demo = std::make_unique<DemoPeers>();
    std::string error;
    if (!demo->bindServers(&error)) {
        Q_EMIT failed(tr("Demo: %1").arg(QString::fromStdString(error)));
        return;
    }
    const DemoPeers::Endpoints &servers = demo->servers();
    const std::string *targets[] = {&servers.plain, &servers.pubsub, &servers.curve, &servers.zmtp2};
    DemoPeers::Endpoints via;
    std::string *taps[] = {&via.plain, &via.pubsub, &via.curve, &via.zmtp2};
    for (int i = 0; i < 4; ++i) {
        TapSettings t;
        t.listen = QStringLiteral("tcp://127.0.0.1:0");
        t.forward = QString::fromStdString(*targets[i]);
        if (i == 2)
            t.curveServerSecret = QString::fromStdString(curveKeyToZ85(demo->serverKeys().secretKey));
        const std::optional<LiveSourceInfo> tap = addTap(t);
        if (!tap) {
            stopLiveSources();
            return;   // addTap said why
        }
        *taps[i] = tap->listen.toStdString();
    }
    if (!demo->start(via, periodMs, &error)) {
        Q_EMIT failed(tr("Demo: %1").arg(QString::fromStdString(error)));
        return;
    }
    m_demo = std::move(demo);
    Q_EMIT finished(tr("Demo: REQ/REP over PLAIN, PUB/SUB, DEALER/ROUTER over CURVE (terminating relay), "
                       "a ZMTP 2.0 PUSH; libzmq %1 through four taps").arg(libzmqVersion()));
}

void CaptureSession::stopLiveSources()
{
    if (m_demo)
        m_demo->stop();   // the peers first: no traffic into stopping taps
    std::vector<std::unique_ptr<LiveSource>> sources;
    {
        QMutexLocker lock(&m_mutex);
        sources.swap(m_sources);
    }
    // Each source's recorder takes the lock while it drains; not held here.
    for (auto &src : sources)
        src->stop();
    {
        // Read the decoders that are about to go; keep the taps' keys.
        QMutexLocker lock(&m_mutex);
        snapshotConnections();
        for (const auto &src : sources)
            if (src->recorder)
                m_stoppedKeys.merge(src->recorder->keyLog());
    }
    sources.clear();
    m_demo.reset();
    if (m_liveTimer)
        m_liveTimer->stop();
}

void CaptureSession::stopLive()
{
    const int n = int(liveSources().size());
    stopLiveSources();
    flush(true);
    Q_EMIT liveStopped(tr("%n live source(s) stopped", nullptr, n));
}

}   // namespace zmqscope
