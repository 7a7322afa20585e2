// The Statistics menu and the panes it opens (sequence diagram, peer
// graph, I/O graphs, response times):
// each pane is a dock the window holds, hidden until asked for; this class
// owns their actions and wiring, so that the window's constructor does not
// grow with them. The panes ask the capture session for their data on their
// own timers while shown (never per batch). GUI thread.
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace zmqscope {

class IoGraphDock;
class MainWindow;
class ResponseTimesDock;
class SequenceDock;
class SummaryDock;
class PeerGraphDock;

class StatisticsPanes : public QObject {
    Q_OBJECT
public:
    explicit StatisticsPanes(MainWindow *window);

    IoGraphDock *ioGraphs() const { return m_io; }
    ResponseTimesDock *responseTimes() const { return m_responseTimes; }
    SequenceDock *sequence() const { return m_sequence; }
    PeerGraphDock *peerGraph() const { return m_peers; }
    SummaryDock *summary() const { return m_summary; }
    QMenu *menu() const { return m_menu; }
    // Shows one view by its command-line name (views()); false for an unknown name.
    bool showView(const QString &name);
    static QStringList views();
    // Asks the view for its data now (it redraws and says viewUpdated()).
    void refreshView(const QString &name);
    // Per-direction throughput of one connection (the connections view's menu).
    void showConnectionThroughput(quint32 connection);

Q_SIGNALS:
    // A view drew new data (`name` as in views()).
    void viewUpdated(const QString &name);

private:
    MainWindow *m_window;
    IoGraphDock *m_io = nullptr;
    ResponseTimesDock *m_responseTimes = nullptr;
    SequenceDock *m_sequence = nullptr;
    PeerGraphDock *m_peers = nullptr;
    SummaryDock *m_summary = nullptr;
    QMenu *m_menu = nullptr;
};

}   // namespace zmqscope
