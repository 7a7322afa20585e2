// CaptureSession: one capture (a file, or the built-in sample) dissected on
// its own thread into a CaptureStore. The GUI gets compact rows in batches
// (framesAdded, at most every 40 ms, never one signal per frame) and asks
// for an event's dissection tree or bytes when the user selects it; those
// calls are thread-safe and decode on demand from the store.
//
// Lives on the worker thread it is moved to; the views live on the GUI
// thread and talk to it only through queued signals and the locked getters.
#pragma once

#include "capture/capturestore.h"
#include "capture/capturesummary.h"
#include "capture/iograph.h"
#include "capture/responsetimes.h"
#include "codec/connectiondecoder.h"
#include "codec/dissection.h"
#include "codec/filter.h"
#include "codec/curvedecryptor.h"
#include "capture/capturedissector.h"
#include "protocols/applayer.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace zmqscope {

class KeyLineHub;

class DemoPeers;

// One row of the frame list: 32 bytes, no strings (ten million rows fit in
// 320 MB). Texts are built when a row is shown: the summary line is
// decoded again from the store (CaptureSession::summary).
struct FrameRow {
    quint32 event = 0;        // index in the store
    qint64 timeNs = 0;
    quint32 connection = 0;
    quint32 length = 0;
    quint8 direction = 0;     // 0 c2s, 1 s2c
    quint8 kind = 0;          // codec::EventKind
    qint8 severity = -1;      // findings: codec::Severity; -1 otherwise
    quint8 version = 0;       // codec::ZmtpVersion of the sender
    quint8 mechanism = 0;     // codec::Mechanism
    quint8 protocol = 0;      // the protocol layer's dissector (protocols::protocolByNumber), 0: none
    // Adds no bytes of its own: read from bytes an earlier row of its
    // connection showed (a SUBSCRIBE's subscription, a decrypted message,
    // the version decided, a finding). A frame on the wire is the first row
    // that covers it; derived rows follow it.
    bool derived = false;
    bool decrypted = false;   // CURVE content opened with a session key
};
static_assert(sizeof(FrameRow) <= 32);

// One connection as the connections view shows it.
struct ConnectionRow {
    quint32 connection = 0;
    QString client, server;       // ip:port
    QString version[2];           // per direction: c2s, s2c
    QString mechanism;
    QString socketType[2];
    QByteArray identity[2];
    bool hasIdentity[2] = {false, false};
    QString state;                // greeting, handshaking, ready, failed, closed
    QString protocol;             // the application protocol (its id: "mdp"), empty while none is known
    // What the protocol layer learned first of the connection's peer (its
    // Note label): the service an MDP worker registered, a ZRE peer's name.
    QString label;
    bool closed = false;          // both directions ended (FIN or RST), or the tap closed it
    quint64 bytes[2] = {0, 0};
    quint64 messages[2] = {0, 0};
    quint32 findings = 0;
    quint32 source = 0;           // the live source (LiveSourceInfo::id) that carried it; 0 for files
};

enum class ExportFormat { JsonLines, Text, Pcapng };

// What Edit > Find looks for.
enum class FindMode { Filter, Text, Hex };

// A tap relay the user starts (Capture > New Tap Relay).
struct TapSettings {
    QString listen;              // tcp://host:port (port 0: any free port) or ipc://path
    QString forward;             // where the real server listens
    // Set (Z85, 40 characters): the relay terminates CURVE with the real
    // server's key pair, so messages are read in clear; the client keeps
    // using the server's public key.
    QString curveServerSecret;
    QString curveClientSecret;   // the key pair the relay shows the server; empty: a fresh one
};

// A running live source, as the capture menu and status bar show it.
struct LiveSourceInfo {
    quint32 id = 0;
    QString kind;         // "tap", "curve-tap", "interface"
    QString description;  // "tcp://127.0.0.1:41234 -> tcp://127.0.0.1:5555"
    QString listen;       // the bound endpoint (taps)
    qint64 captureStartNs = 0;   // when the live capture (all its sources) began, Unix time
};

// One message or command of a followed connection.
struct FollowItem {
    quint32 event = 0;
    quint8 direction = 0;          // 0 c2s, 1 s2c
    qint64 timeNs = 0;
    QString command;               // the command's name; empty for messages
    QList<QByteArray> frames;      // a message's frame bodies; a command's body
    bool complete = true;          // false when some bytes were not captured
    // Filled by the window from its frame list: the row number and line.
    int number = 0;
    QString summary;
};

class CaptureSession : public QObject {
    Q_OBJECT
public:
    explicit CaptureSession(QObject *parent = nullptr);
    ~CaptureSession() override;

    // Thread-safe, decoded on demand.
    // With `decrypted`: what the event's CURVE boxes held (empty for other
    // events); the tree's `decrypted` fields point into it.
    std::optional<codec::Field> dissection(quint32 event, QByteArray *decrypted = nullptr) const;
    QByteArray eventBytes(quint32 event) const;
    // The byte offset in its stream where the event starts (for the hex view).
    quint64 eventOffset(quint32 event) const;
    // Rows [first, first + count) of the frame list, read from the store
    // (rows and store events are one to one). Thread-safe.
    QVector<FrameRow> frameRows(quint32 first, int count) const;
    // Memory the capture store holds now (streams and index), and its cap.
    std::size_t storeMemory() const;
    static constexpr std::size_t kStoreCap = std::size_t(256) << 20;   // default of the setting capture/memoryCapMiB
    std::size_t storeCap() const { return m_storeCap; }
    // Colour rules (display-filter expressions, in order; empty strings
    // for disabled rules): colourRule() gives the index of the first that
    // matches an event, or -1. Thread-safe.
    void setColourRules(const QStringList &expressions);
    int colourRule(quint32 event) const;
    // The event's one-line summary, as the text export writes it without
    // its direction and offset ("command READY Socket-Type=\"REQ\"").
    QString summary(quint32 event) const;
    // The messages and commands of one connection in capture order, at
    // most `limit` of them (Follow Connection). Thread-safe, but it decodes
    // up to `limit` events under the store's lock: the window asks for it
    // on the capture thread (requestFollow).
    QVector<FollowItem> follow(quint32 connection, int limit = 10000) const;
    // Requests and replies the protocol layer followed across connections
    // (an MDP request from client to broker, and on from broker to worker):
    // (event, the same message's event on the other connection) for events
    // from `fromEvent` on, in order. Thread-safe.
    QVector<QPair<quint32, quint32>> links(quint32 fromEvent) const;
    // These events' messages (commands and the rest left out), their frames
    // and times: what Replay sends again. Thread-safe; decodes under the lock.
    QVector<FollowItem> messages(const QVector<quint32> &events) const;

public Q_SLOTS:
    // Runs a display filter (codec/filter.h) over every event; answers with
    // filtered(). An empty expression answers with all events.
    void filter(const QString &expression);
    // Edit > Find: the first event after `from` (before it, `backwards`;
    // from the other end when it runs out) that a display filter matches,
    // whose summary or bytes hold a text (case-insensitive), or whose bytes
    // hold a byte string (hex). Answers found() with the event, or -1.
    void find(quint64 request, qint64 from, zmqscope::FindMode mode, const QString &pattern, bool backwards);
    void openFile(const QString &path);
    void loadSamples();
    // Writes the current capture to `path` from its source: every event as
    // JSON Lines (docs/JSON_EXPORT.md, the same bytes as `zmqscope dissect
    // --json`) or text, or the packets as pcapng (a file's packets as they
    // are, with their link types, times and comments; the built-in
    // sample as synthesised TCP that Wireshark follows). Answers with
    // exported() (events or packets written) or failed().
    // `only` (JSON Lines and text): just these events, the rows a display
    // filter or a selected connection shows; empty: every event. A live
    // capture is exported from the pcapng each of its sources records
    // beside the store (pcapng: those files one section after another;
    // JSON/text: dissected again, CURVE opened with the taps' key logs).
    void exportEvents(const QString &path, zmqscope::ExportFormat format, const QVector<quint32> &only = {});
    // Export Objects: the files FILEMQ delivered (reassembled from their
    // chunks, checked against their announced sizes) and Clone's key-value
    // map, under `folder` with objects.json listing them. Answers with
    // objectsExported() or failed().
    void exportObjects(const QString &folder);

    // Live sources. The first one started replaces an open file or sample
    // with a new, empty live capture; more join it. Rows arrive in the
    // same batches as for files. Each answers with liveStarted() or failed().
    void startTap(const zmqscope::TapSettings &settings);
    void startInterfaceCapture(const QString &interface, const QString &filter);
    // The built-in demo: real libzmq peers (DemoPeers) through four taps,
    // one of them CURVE-terminating.
    void startDemo(int periodMs = 250);
    // Stops every live source; answers with liveStopped().
    void stopLive();
    // Runs follow() here and answers with followed(request, ...).
    void requestFollow(quint64 request, quint32 connection, int limit);
    // A tap for the peers (PeerSession), started at once: its listen
    // endpoint is known when this returns. Capture thread only; nullopt
    // (and failed()) when it cannot start.
    std::optional<LiveSourceInfo> openTap(const TapSettings &settings) { return addTap(settings); }
    // Where key-log lines go so that every tap of this capture opens the
    // CURVE boxes they name (a launched peer's own CURVE stack logs there).
    // Any thread; it outlives the session for whoever keeps it.
    std::shared_ptr<KeyLineHub> keyLines() const { return m_keyLines; }
    // Decode As: the application protocol of connections or ports (a
    // protocol id, "none", or removed for detection). A file or the sample
    // is dissected again at once; a live capture applies it to the
    // connections that start from now on. Answers like a new capture.
    void setDecodeAs(const zmqscope::protocols::DecodeAs &decodeAs);
    // Statistics > I/O Graphs: a series per spec, from every event stored so
    // far; a spec asked again (a live capture's next redraw) reads only the
    // events added since. Answers ioGraphsReady() with the series in the
    // order of `specs`.
    void requestIoGraphs(quint64 request, const QVector<zmqscope::capture::IoGraphSpec> &specs);
    // Statistics > Response Times: every matched reply so far. Answers responseTimesReady().
    void requestResponseTimes(quint64 request);
    // Statistics > Conversations, Protocol Hierarchy, ZRE Groups, MDP
    // Services (and the peer graph's ZRE names). Answers summaryReady().
    void requestSummary(quint64 request);

Q_SIGNALS:
    void framesAdded(const QVector<zmqscope::FrameRow> &rows);
    // Connections that changed since the last batch, sent with it.
    void connectionsChanged(const QVector<zmqscope::ConnectionRow> &rows);
    void finished(const QString &summary);
    void failed(const QString &error);
    void filtered(const QString &expression, const QVector<quint32> &events);
    // `event` -1: none; `error` set when the pattern is not valid.
    void found(quint64 request, qint64 event, const QString &error);
    // While a filter is active, the new events that pass it; sent before
    // the framesAdded() batch that holds them.
    void filterExtended(const QString &expression, const QVector<quint32> &events);
    // `count`: events (JSON Lines, text) or packets (pcapng) written.
    void exported(const QString &path, zmqscope::ExportFormat format, quint64 count);
    void followed(quint64 request, quint32 connection, const QVector<zmqscope::FollowItem> &items);
    // `incomplete`: "name: what is missing" for each object not whole.
    void objectsExported(const QString &folder, int count, const QStringList &incomplete);
    // A new live capture replaces what was shown (its first source is about
    // to start): the rows, connections and events begin again from none.
    void liveCaptureBegun();
    void liveStarted(const zmqscope::LiveSourceInfo &source);
    void liveStopped(const QString &summary);
    void ioGraphsReady(quint64 request, const QVector<zmqscope::capture::IoSeries> &series);
    void responseTimesReady(quint64 request, const zmqscope::capture::ResponseTimeReport &report);
    void summaryReady(quint64 request, const zmqscope::capture::CaptureSummary &summary);

public:
    // The Decode As in force (thread-safe).
    protocols::DecodeAs decodeAs() const;
    // Live sources running now (thread-safe).
    QVector<LiveSourceInfo> liveSources() const;
    bool isLive() const;

private:
    class Sink;
    class LiveSink;
    struct LiveSource;
    struct MappedCapture;
    enum class Source { None, File, Sample, Live };
    void beginLive();
    LiveSourceInfo addLiveSource(std::unique_ptr<LiveSource> source);
    // Starts a tap; nullopt (and failed()) when it cannot.
    std::optional<LiveSourceInfo> addTap(const TapSettings &settings);
    void stopLiveSources();
    void snapshotConnection(quint32 id, const codec::ConnectionDecoder &decoder);
    // Row `i` of the frame list, from the store (the caller holds m_mutex).
    FrameRow rowAt(std::size_t i) const;
    FollowItem itemAt(std::size_t i, const capture::EventRecord &r) const;   // (m_mutex held)
    // Events [from, to) that pass `f` (all but greeting parts when null);
    // the caller holds m_mutex.
    void matchRange(const codec::FilterExpression *f, std::size_t from, std::size_t to, QVector<quint32> &out) const;
    QString spillPath() const;
    void reset();
    // Feeds the source through `sink`. For files, `stretch` runs after each
    // stretch of packets (done: the last); `lock` guards the feeding.
    bool replayFile(const QString &path, capture::CaptureEventSink &sink, QMutex *lock,
                    const std::function<void(bool done)> &stretch, QString *summary,
                    const capture::DissectOptions &options = {});
    // The live capture's recordings as one pcapng (one section per source).
    bool writeLiveRecording(std::FILE *out, QString *error, quint64 *packets);
    codec::CurveKeyLog liveKeys() const;   // caller holds m_mutex
    bool writePcapng(std::FILE *out, QString *error, quint64 *packets);
    // Feeds the capture's source (file, sample, or the live recordings) to `sink` again.
    bool replaySource(capture::CaptureEventSink &sink, QString *summary);
    void replaySamples(capture::CaptureEventSink &sink, QMutex *lock, const std::function<void()> &connectionDone);
    void flush(bool force);
    void noteConnection(const capture::ConnectionContext &ctx, const codec::Event &ev);
    void snapshotConnections();

    mutable QMutex m_mutex;
    std::unique_ptr<capture::CaptureStore> m_store;
    QString m_source;   // the open file; empty for the built-in sample
    QVector<FrameRow> m_pending;
    std::map<quint32, ConnectionRow> m_connections;
    std::set<quint32> m_changed;
    std::map<quint32, const codec::ConnectionDecoder *> m_live;   // decoders of changed connections, until the next batch
    QElapsedTimer m_sinceFlush;
    Source m_kind = Source::None;
    std::vector<std::unique_ptr<LiveSource>> m_sources;   // guarded by m_mutex for liveSources()
    std::unique_ptr<DemoPeers> m_demo;
    QTimer *m_liveTimer = nullptr;
    std::uint64_t m_nextConnection = 0;
    quint32 m_nextSource = 0;
    std::map<quint32, quint32> m_connectionSource;   // connection -> live source (m_mutex)
    qint64 m_liveStartNs = 0;
    std::size_t m_storeCap = kStoreCap;
    std::vector<std::shared_ptr<const codec::FilterExpression>> m_colourRules;   // guarded by m_mutex
    QStringList m_liveFiles;            // each live source's pcapng recording, removed on reset
    codec::CurveKeyLog m_stoppedKeys;   // key logs of taps that stopped
    std::shared_ptr<KeyLineHub> m_keyLines;   // made in the constructor
    std::shared_ptr<const codec::FilterExpression> m_filter;   // the active display filter (session thread)
    QString m_filterText;
    protocols::DecodeAs m_decodeAs;   // guarded by m_mutex
    // Runs `read` on the store under the lock, a slice at a time, while it says more is left.
    void inSlices(const std::function<bool(const capture::CaptureStore &)> &read);
    static constexpr std::size_t kStatisticsSlice = 50000;   // events per hold of the lock
    // The statistics, kept between requests so that a live capture's next
    // redraw reads only new events; dropped with the capture (reset()).
    std::vector<std::unique_ptr<capture::IoGraphBuilder>> m_ioGraphs;
    std::unique_ptr<capture::ResponseTimes> m_responseTimes;
    std::unique_ptr<capture::SummaryBuilder> m_summary;
};

}   // namespace zmqscope

Q_DECLARE_METATYPE(zmqscope::FrameRow)
Q_DECLARE_METATYPE(zmqscope::ConnectionRow)
Q_DECLARE_METATYPE(zmqscope::TapSettings)
Q_DECLARE_METATYPE(zmqscope::LiveSourceInfo)
Q_DECLARE_METATYPE(zmqscope::FollowItem)
Q_DECLARE_METATYPE(zmqscope::ExportFormat)
Q_DECLARE_METATYPE(zmqscope::protocols::DecodeAs)
Q_DECLARE_METATYPE(zmqscope::capture::IoGraphSpec)
Q_DECLARE_METATYPE(zmqscope::capture::IoSeries)
Q_DECLARE_METATYPE(zmqscope::capture::ResponseTimeReport)
Q_DECLARE_METATYPE(zmqscope::capture::CaptureSummary)
