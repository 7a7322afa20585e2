// PeerSession: the peers launched from the window. It owns a PeerGroup (its
// own thread: the peers' sockets and timers) and puts one of the capture's
// tap relays in front of every TCP endpoint a peer binds or connects to, so
// what each peer says is in the capture shown with no set-up: a peer that
// binds tcp://*:5555 binds a loopback port instead, and the tap listens on
// tcp://*:5555 and forwards to it; a peer that connects somewhere connects
// to a tap that forwards there.
//
// Lives on the capture thread (beside the CaptureSession whose taps it
// opens); the GUI calls its slots through queued connections and gets the
// peers' rows and new log lines in batches every 100 ms.
#pragma once

#include "capturesession.h"
#include "codec/curve.h"
#include "peers/peergroup.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <map>
#include <memory>

namespace zmqscope {

struct PeerRow {
    quint32 id = 0;
    QString role;                 // RoleInfo::id
    QString name;
    QStringList endpoints;        // "bind tcp://*:5555", "connect tcp://127.0.0.1:5555"
    QString state;
    quint64 sent = 0, received = 0;
    QString lastError;
    bool running = false;
    QVector<quint32> sources;     // the live sources (taps) carrying its traffic
};

struct PeerLogRow {
    quint32 peer = 0;
    qint64 timeMs = 0;            // since the peer started
    int level = 0;                // peers::LogLevel
    QString text;
};

using PeerOptions = QMap<QString, QStringList>;

// CURVE through libzmq, whose session keys stay inside it: the taps
// terminate CURVE where the server's key pair is known here, so the
// capture reads the traffic in clear. A socket peer that is a CURVE server
// gets its key pair made here when the user gave none; a CURVE client of a
// server launched here (by its public key) gets terminating taps too.
// Used by the window and by `zmqscope run`; one thread.
class CurvePeerKeys {
public:
    struct Plan {
        std::optional<codec::CurveKeyPair> keys;   // the server's: taps terminate CURVE with them
        bool binds = false;        // terminate in front of the endpoints it binds (a server), else those it connects to
        bool secretMade = false;   // `given` now holds a curve-secret made here
        std::string note;          // why its traffic stays encrypted
    };
    // `given`: the peer's options as the user gave them.
    Plan plan(const peers::RoleInfo &role, std::map<std::string, std::vector<std::string>> &given);

private:
    std::map<codec::CurveKey, codec::CurveKeyPair> m_servers;   // CURVE server peers launched, by public key
};

class PeerSession : public QObject {
    Q_OBJECT
public:
    explicit PeerSession(CaptureSession *capture, QObject *parent = nullptr);
    ~PeerSession() override;

public Q_SLOTS:
    // Checks the options against the role's table, opens the taps and
    // starts the peer; answers with launched() or launchFailed().
    void launch(const QString &role, const zmqscope::PeerOptions &options);
    void stop(quint32 id);
    void restart(quint32 id);
    void remove(quint32 id);
    void stopAll();

Q_SIGNALS:
    void launched(quint32 id, const QString &role);
    void launchFailed(const QString &role, const QString &error);
    // Every peer's row when any changed (a handful of peers: the whole set).
    void peersChanged(const QVector<zmqscope::PeerRow> &rows);
    void peersLogged(const QVector<zmqscope::PeerLogRow> &lines);

private:
    void poll();
    CaptureSession *m_capture;
    std::unique_ptr<peers::PeerGroup> m_group;
    std::map<quint32, QVector<quint32>> m_sources;   // peer -> its taps
    QVector<PeerRow> m_last;
    QVector<PeerLogRow> m_notes;   // what the session says about a peer it launched, for the next batch
    CurvePeerKeys m_curve;
    QTimer *m_timer = nullptr;
};

}   // namespace zmqscope

Q_DECLARE_METATYPE(zmqscope::PeerRow)
Q_DECLARE_METATYPE(zmqscope::PeerLogRow)
