// The main window: the frame list (centre), the dissection tree and the
// bytes of the selected event (docks). A CaptureSession on its own thread
// dissects captures; batches of rows arrive through a queued signal, and
// the tree and bytes are decoded on demand when a row is selected. Tree and
// hex view meet only through byte ranges. Lives on the GUI thread.
#pragma once

#include <QMainWindow>
#include <QHash>
#include <QPointer>
#include <QThread>

#include "capturesession.h"
#include "colourrules.h"

class QAbstractItemModel;
class QTableView;
class QTreeView;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QLineEdit;
class QAction;
class QTimer;
class QToolButton;

namespace zmqscope {

class CaptureSession;
class FollowDialog;
class ConnectionsModel;
class DissectionModel;
class FrameListModel;
class HexView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    FrameListModel *frameModel() const { return m_frames; }
    CaptureSession *session() const { return m_session; }   // lives on the capture thread
    DissectionModel *dissectionModel() const { return m_tree; }
    QTableView *frameView() const { return m_frameView; }
    QTreeView *treeView() const { return m_treeView; }
    HexView *hexView() const;   // the Stream tab of the bytes pane
    class BytesPane *bytesPane() const { return m_bytes; }
    ConnectionsModel *connectionsModel() const { return m_connections; }
    QTableView *connectionsView() const { return m_connectionsView; }
    QTableView *findingsView() const { return m_findingsView; }
    class PeersDock *peersDock() const { return m_peersDock; }
    class ConformanceDock *conformanceDock() const { return m_conformanceDock; }
    class StatisticsPanes *statistics() const { return m_statistics; }
    class FrameCommands *commands() const { return m_commands; }
    // Shows only the connections these live sources carried (a peer's taps); empty: all.
    void filterSources(const QVector<quint32> &sources);
    // The events of the selected rows of the frame list, in capture order.
    QVector<quint32> selectedEvents() const;
    // The connections view's context menu for the connection at `index`
    // (Decode As); the window shows it on a right click.
    QMenu *connectionMenu(const QModelIndex &index);
    // Decode As in force: handed to the session, which dissects again.
    void applyDecodeAs(const zmqscope::protocols::DecodeAs &decodeAs);
    // Shows only the frames of `connection` (0: all).
    void filterConnection(quint32 connection);
    // Selects the row of store event `event`, bringing it into view; when
    // the connection or display filter hides it, that filter is cleared
    // and the status bar says so. False if there is no such row.
    bool selectEvent(quint32 event);
    // Whether the row of store event `event` passes the connection and display filters.
    bool isEventShown(quint32 event) const;
    // The status bar's message (the row counts stay beside it).
    void showStatus(const QString &text);
    // What the rows are: "12 shown of 25 rows (13 frames on the wire)", and
    // which filters hide the rest.
    QString rowStatus() const;
    QLabel *statusLabel() const { return m_status; }
    QLabel *rowsLabel() const { return m_rowsLabel; }
    // Applies a display filter expression ("" clears it); false, with the
    // reason shown, when the expression is not valid.
    bool applyFilter(const QString &expression);
    QLineEdit *filterBar() const { return m_filterBar; }
    // Captures opened, newest first (absolute paths, at most kRecentFiles),
    // kept in the settings; File > Open Recent lists them.
    static constexpr int kRecentFiles = 10;
    QStringList recentFiles() const;
    QMenu *recentMenu() const { return m_recentMenu; }
    QAction *stopAction() const { return m_stopAction; }
    // Live captures scroll the frame list to the newest row unless the user
    // scrolled away from the bottom (scrolling back resumes it).
    bool autoScrollPaused() const { return !m_followTail; }
    const QList<ColourRule> &colourRules() const { return m_colourRules; }

Q_SIGNALS:
    // A capture (file or sample) has been dissected completely.
    void loaded(const QString &summary);
    // The views were emptied for a new capture (a file, the sample, a live capture, Decode As).
    void viewsCleared();

public Q_SLOTS:
    void openCapture(const QString &path);
    void loadSamples();
    // Exports the capture shown by the name's suffix: .pcapng (packets),
    // .txt (text lines), anything else JSON Lines (docs/JSON_EXPORT.md).
    void exportEvents(const QString &path);
    // The same, with only the rows the frame list shows now (display
    // filter, selected connection): JSON Lines and text.
    void exportShownEvents(const QString &path);
    // File > Export Objects: FILEMQ files and Clone's map into `folder`.
    void exportObjects(const QString &folder);
    // The events of the rows the frame list shows, in order.
    QVector<quint32> shownEvents() const;
    // Opens the Follow Connection window for `connection` (its messages
    // and commands, both directions); nullptr for 0.
    FollowDialog *followConnection(quint32 connection);
    // Live sources (Capture menu). They join a running live capture or
    // replace a file with a new one.
    void startDemo();
    void startTap(const zmqscope::TapSettings &settings);
    void startInterfaceCapture(const QString &interface, const QString &filter);
    void stopLive();
    // Colours the frame list with these rules and keeps them in the settings.
    void applyColourRules(const QList<zmqscope::ColourRule> &rules);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    // The constructor's parts, in order; each pane beyond these owns its own
    // actions and wiring (PeersDock, ConformanceDock, StatisticsPanes).
    void setUpModels();
    void setUpFrameList();
    void setUpDocks();
    void setUpMenus();
    void setUpStatusBar();
    void setUpSession();
    void wireViews();
    QAbstractItemModel *m_looks = nullptr;   // the frame list's colours, over the filters
    void showAbout();
    void openDialog();
    void exportDialog(bool onlyShown = false);
    void fillRecentMenu();
    void frameSelected();
    void fieldSelected();
    void byteSelected(quint64 offset, bool decrypted);
    void showRowStatus();
    void showScope();
    void findingActivated(const QModelIndex &index);
    void connectionSelected();
    void clearViews();
    void tapDialog();
    void interfaceDialog();
    void liveStarted(const zmqscope::LiveSourceInfo &source);
    void showLiveState();
    void sendColourRules(const QList<ColourRule> &rules);
    void followed(quint64 request, QVector<FollowItem> items);

    QThread m_thread;
    CaptureSession *m_session = nullptr;   // lives on m_thread
    FrameListModel *m_frames = nullptr;
    DissectionModel *m_tree = nullptr;
    QTableView *m_frameView = nullptr;
    QTreeView *m_treeView = nullptr;
    class BytesPane *m_bytes = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_rowsLabel = nullptr;
    QToolButton *m_scopeButton = nullptr;   // "connection 3 only": click to show all
    QTimer *m_rowStatusTimer = nullptr;
    class FrameCommands *m_commands = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_stopAction = nullptr;
    QLabel *m_liveLabel = nullptr;
    int m_liveSources = 0;
    QList<ColourRule> m_colourRules;
    static constexpr int kFollowLimit = 10000;
    quint64 m_followRequests = 0;
    QHash<quint64, QPointer<FollowDialog>> m_following;
    bool m_followTail = true;   // auto-scroll: the user has not scrolled away from the bottom
    ConnectionsModel *m_connections = nullptr;
    QSortFilterProxyModel *m_byConnection = nullptr;
    QSortFilterProxyModel *m_findings = nullptr;
    QTableView *m_connectionsView = nullptr;
    QTableView *m_findingsView = nullptr;
    protocols::DecodeAs m_decodeAs;
    QLineEdit *m_filterBar = nullptr;
    class EventFilter;
    EventFilter *m_eventFilter = nullptr;
    QModelIndex viewIndexForFrameRow(int frameRow);
    bool viewIndexForFrameRowVisible(int frameRow) const;
    void setUpPeers();
    void setUpConformance();
    class StatisticsPanes *m_statistics = nullptr;
    class PeersDock *m_peersDock = nullptr;
    class ConformanceDock *m_conformanceDock = nullptr;
    QVector<quint32> m_peerSources;
    bool m_peersDockSized = false;
};

}   // namespace zmqscope
