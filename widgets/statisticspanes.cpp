#include "statisticspanes.h"

#include "iographdock.h"
#include "connectionsmodel.h"
#include "mainwindow.h"
#include "responsetimesdock.h"
#include "peergraphdock.h"
#include "sequencedock.h"
#include "summarydock.h"

#include <QTableView>

#include <QAction>
#include <QMenu>
#include <QMenuBar>

namespace zmqscope {

StatisticsPanes::StatisticsPanes(MainWindow *window)
    : QObject(window), m_window(window)
{
    CaptureSession *session = window->session();
    m_io = new IoGraphDock(session, window);
    m_responseTimes = new ResponseTimesDock(session, window);
    for (QDockWidget *dock : {static_cast<QDockWidget *>(m_io), static_cast<QDockWidget *>(m_responseTimes)}) {
        window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        dock->hide();
    }
    m_summary = new SummaryDock(session, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_summary);
    m_summary->hide();
    window->tabifyDockWidget(m_io, m_responseTimes);
    window->tabifyDockWidget(m_responseTimes, m_summary);
    connect(session, &CaptureSession::framesAdded, m_summary, &SummaryDock::markDirty);
    connect(window, &MainWindow::viewsCleared, m_summary, &SummaryDock::clear);
    connect(m_summary, &SummaryDock::connectionChosen, window, &MainWindow::filterConnection);
    connect(m_summary, &SummaryDock::updated, this, [this] { Q_EMIT viewUpdated(QStringLiteral("statistics")); });
    // The sequence diagram draws the rows the frame list shows.
    QAbstractItemModel *rows = window->frameView()->model();
    m_sequence = new SequenceDock(rows, window->connectionsModel(), window);
    m_sequence->view()->layout().setLinkSource([session](quint32 from) { return session->links(from); });
    window->addDockWidget(Qt::RightDockWidgetArea, m_sequence);
    m_sequence->hide();
    connect(m_sequence, &SequenceDock::rowChosen, window, [window, rows](int row) {
        window->frameView()->setCurrentIndex(rows->index(row, 0));
    });
    connect(window->frameView()->selectionModel(), &QItemSelectionModel::currentRowChanged, m_sequence,
            [this](const QModelIndex &current) { m_sequence->showRow(current.isValid() ? current.row() : -1); });
    connect(m_sequence, &SequenceDock::updated, this, [this] { Q_EMIT viewUpdated(QStringLiteral("sequence")); });
    m_peers = new PeerGraphDock(session, window->connectionsModel(), window);
    window->addDockWidget(Qt::RightDockWidgetArea, m_peers);
    window->tabifyDockWidget(m_sequence, m_peers);
    m_peers->hide();
    connect(m_peers, &PeerGraphDock::updated, this, [this] { Q_EMIT viewUpdated(QStringLiteral("peers")); });
    connect(window, &MainWindow::viewsCleared, m_peers, &PeerGraphDock::clear);
    connect(session, &CaptureSession::liveStarted, m_peers, [this] { m_peers->setLive(true); });
    connect(session, &CaptureSession::liveStopped, m_peers, [this] { m_peers->setLive(false); });
    connect(m_peers, &PeerGraphDock::connectionsChosen, window, [window](const QVector<quint32> &connections) {
        if (connections.size() == 1) {
            window->filterConnection(connections.front());
            return;
        }
        QStringList terms;
        for (quint32 c : connections)
            terms << QStringLiteral("conn == %1").arg(c);
        window->applyFilter(terms.join(QStringLiteral(" || ")));
    });

    // New rows: the panes ask again on their next tick (if shown).
    connect(session, &CaptureSession::framesAdded, m_io, &IoGraphDock::markDirty);
    connect(session, &CaptureSession::framesAdded, m_responseTimes, &ResponseTimesDock::markDirty);
    connect(window, &MainWindow::viewsCleared, m_io, &IoGraphDock::clear);
    connect(window, &MainWindow::viewsCleared, m_responseTimes, &ResponseTimesDock::clear);
    connect(m_io, &IoGraphDock::eventChosen, window, &MainWindow::selectEvent);
    connect(m_responseTimes, &ResponseTimesDock::eventChosen, window, &MainWindow::selectEvent);

    connect(m_io, &IoGraphDock::updated, this, [this] { Q_EMIT viewUpdated(QStringLiteral("io")); });
    connect(m_responseTimes, &ResponseTimesDock::updated, this, [this] { Q_EMIT viewUpdated(QStringLiteral("response-times")); });

    // One click on a connection's messages or bytes graphs its throughput.
    connect(window->connectionsView(), &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == ConnectionsModel::Messages || index.column() == ConnectionsModel::Bytes)
            showConnectionThroughput(index.data(ConnectionsModel::ConnectionRole).toUInt());
    });

    m_menu = new QMenu(tr("&Statistics"), window);
    m_menu->setObjectName(QStringLiteral("statisticsMenu"));
    QAction *sequence = m_menu->addAction(tr("&Sequence Diagram"), this, [this] { showView(QStringLiteral("sequence")); });
    sequence->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    QAction *peers = m_menu->addAction(tr("&Peer Graph"), this, [this] { showView(QStringLiteral("peers")); });
    peers->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_G));
    QAction *io = m_menu->addAction(tr("&I/O Graphs"), this, [this] { showView(QStringLiteral("io")); });
    io->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_I));
    QAction *rt = m_menu->addAction(tr("&Response Times"), this, [this] { showView(QStringLiteral("response-times")); });
    rt->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_menu->addSeparator();
    const std::pair<QString, SummaryDock::Tab> tables[] = {{tr("&Conversations"), SummaryDock::Conversations},
                                                           {tr("Protocol &Hierarchy"), SummaryDock::Hierarchy},
                                                           {tr("&ZRE Groups and Members"), SummaryDock::ZreGroups},
                                                           {tr("&MDP Services and Workers"), SummaryDock::MdpServices}};
    for (const auto &[text, tab] : tables)
        m_menu->addAction(text, this, [this, tab] {
            m_summary->showTab(tab);
            showView(QStringLiteral("statistics"));
        });
    // (before Help, the last menu)
    const QList<QAction *> menus = window->menuBar()->actions();
    window->menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), m_menu);
}

QStringList StatisticsPanes::views()
{
    return {QStringLiteral("sequence"), QStringLiteral("peers"), QStringLiteral("io"), QStringLiteral("response-times"),
            QStringLiteral("statistics")};
}

bool StatisticsPanes::showView(const QString &name)
{
    QDockWidget *dock = name == QLatin1String("io")               ? static_cast<QDockWidget *>(m_io)
                        : name == QLatin1String("response-times") ? static_cast<QDockWidget *>(m_responseTimes)
                        : name == QLatin1String("sequence")       ? static_cast<QDockWidget *>(m_sequence)
                        : name == QLatin1String("peers")          ? static_cast<QDockWidget *>(m_peers)
                        : name == QLatin1String("statistics")     ? static_cast<QDockWidget *>(m_summary)
                                                                  : nullptr;
    if (!dock)
        return false;
    const bool first = dock->isHidden();
    dock->show();
    dock->raise();
    // Opened: room enough for a picture (half the window's height).
    if (first && (dock == m_sequence || dock == m_peers))
        m_window->resizeDocks({dock}, {m_window->width() / 2}, Qt::Horizontal);
    else if (first) {
        m_window->resizeDocks({dock}, {m_window->height() / 2}, Qt::Vertical);
        m_window->resizeDocks({dock}, {m_window->width() * 3 / 5}, Qt::Horizontal);
    }
    return true;
}

void StatisticsPanes::refreshView(const QString &name)
{
    if (name == QLatin1String("io"))
        m_io->refresh();
    else if (name == QLatin1String("response-times"))
        m_responseTimes->refresh();
    else if (name == QLatin1String("sequence"))
        m_sequence->refresh();
    else if (name == QLatin1String("peers"))
        m_peers->refresh();
    else if (name == QLatin1String("statistics"))
        m_summary->refresh();
}

void StatisticsPanes::showConnectionThroughput(quint32 connection)
{
    QVector<IoGraphDock::Graph> graphs;
    for (const auto &[dir, name, colour] : {std::tuple{"c2s", tr("conn %1 client to server").arg(connection), QColor(0x1f77b4)},
                                            std::tuple{"s2c", tr("conn %1 server to client").arg(connection), QColor(0xd62728)}}) {
        IoGraphDock::Graph g;
        g.name = name;
        g.filter = QStringLiteral("conn == %1 && dir == \"%2\"").arg(connection).arg(QLatin1String(dir));
        g.metric = capture::IoMetric::Bytes;
        g.colour = colour;
        graphs.push_back(g);
    }
    m_io->setGraphs(graphs);
    showView(QStringLiteral("io"));
}

}   // namespace zmqscope
