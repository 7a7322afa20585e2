// The Peers dock: every peer launched from the window as a row (role,
// endpoints, state, messages each way, last error), Stop, Restart and
// Remove, and the selected peer's log. It owns its actions (the Peers menu:
// New Peer and every role grouped by protocol) and its PeerSession, which
// runs beside the capture on the capture thread and puts a tap in front of
// each peer's endpoints. Selecting a peer asks the window to show only the
// connections its taps carried. GUI thread.
#pragma once

#include "peersession.h"

#include <QDockWidget>
#include <QTemporaryDir>
#include <QPointer>

class QMenu;
class QPlainTextEdit;
class QTableView;
class QThread;
class QToolButton;

namespace zmqscope {

class PeersModel;

class PeersDock : public QDockWidget {
    Q_OBJECT
public:
    PeersDock(CaptureSession *capture, QThread *captureThread, QWidget *parent = nullptr);
    ~PeersDock() override;

    QMenu *menu() const { return m_menu; }
    PeersModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPlainTextEdit *logView() const { return m_log; }
    PeerSession *session() const { return m_session; }   // lives on the capture thread
    quint32 selectedPeer() const;

public Q_SLOTS:
    // Starts a role (through the PeerSession: its taps, then the peer).
    void launch(const QString &role, const zmqscope::PeerOptions &options);
    // The New Peer dialog, on `role` (empty: the first).
    void newPeer(const QString &role = {});
    void stopAll();
    // Runs a scenario file's peers and devices (peers/scenario.h); false,
    // with the file's line and column and what was expected said, when it
    // cannot be read.
    bool openScenario(const QString &path);
    void openScenarioDialog();
    // Replay: the messages among `events` written to a replay file (their
    // frames and spacing, peers/replaypeer.h); its path, or empty with
    // `error` said. replaySelection() then opens New Peer on the replay role.
    QString writeReplayFile(const QVector<quint32> &events, QString *error);
    void replaySelection(const QVector<quint32> &events);

Q_SIGNALS:
    // The live sources (taps) of the selected peer; empty: none selected.
    void peerSelected(const QVector<quint32> &sources);
    void launchFailed(const QString &message);
    void scenarioOpened(const QString &summary);

private:
    void selectionChanged();
    void showLog(quint32 peer);
    PeerSession *m_session = nullptr;
    CaptureSession *m_capture = nullptr;
    QTemporaryDir m_replays;
    PeersModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QMenu *m_menu = nullptr;
    QToolButton *m_stop = nullptr, *m_restart = nullptr, *m_remove = nullptr;
};

}   // namespace zmqscope
