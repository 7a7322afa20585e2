#include "mainwindow.h"

#include "peersdock.h"

#include "decodeasmenu.h"

#include "capturedialogs.h"
#include "colourrulesdialog.h"
#include "followdialog.h"
#include "theme.h"

#include "capturesession.h"
#include "connectionsmodel.h"
#include "dissectionmodel.h"
#include "framelistmodel.h"
#include "hexview.h"
#include "versions.h"
#include "codec/filter.h"
#include "codec/streamdecoder.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QScrollBar>
#include <QSet>
#include <QVBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

namespace zmqscope {

namespace {

// Looks for the frame list: the model says what a row is (kind, severity),
// this proxy chooses how it looks, from the palette so that light and dark
// themes both read.
class FrameLooks : public QIdentityProxyModel {
public:
    FrameLooks(const QList<ColourRule> *rules, QObject *parent)
        : QIdentityProxyModel(parent)
        , m_rules(rules)
    {
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::BackgroundRole || role == Qt::ForegroundRole) {
            // A colour rule's background, with dark text that reads on it
            // whatever the palette.
            const int rule = QIdentityProxyModel::data(index, FrameListModel::ColourRuleRole).toInt();
            if (rule >= 0 && rule < m_rules->size())
                return role == Qt::BackgroundRole ? QVariant(QColor(m_rules->at(rule).colour)) : QVariant(QColor(Qt::black));
        }
        if (role == Qt::ForegroundRole) {
            const int severity = QIdentityProxyModel::data(index, FrameListModel::SeverityRole).toInt();
            if (severity == 2)
                return QColor(0xd0, 0x30, 0x30);
            if (severity == 1)
                return QColor(0xc0, 0x80, 0x00);
            const int kind = QIdentityProxyModel::data(index, FrameListModel::KindRole).toInt();
            if (kind == 1 || kind == 2)   // greeting rows, dimmed
                return QApplication::palette().color(QPalette::PlaceholderText);
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    const QList<ColourRule> *m_rules;
};

}   // namespace

// The display filter's result: the events it let through.
class MainWindow::EventFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setEvents(const QVector<quint32> &events)
    {
        m_events = QSet<quint32>(events.begin(), events.end());
        m_active = true;
        invalidateRowsFilter();
    }
    // Events that pass, for rows not inserted yet: no re-filtering.
    void addEvents(const QVector<quint32> &events)
    {
        if (m_active)
            for (quint32 e : events)
                m_events.insert(e);
    }
    void clear()
    {
        m_active = false;
        m_events.clear();
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (!m_active)
            return true;
        return m_events.contains(sourceModel()->index(row, 0, parent).data(FrameListModel::EventRole).toUInt());
    }

private:
    QSet<quint32> m_events;
    bool m_active = false;
};

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ZmqScope"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    m_frames = new FrameListModel(this);
    m_tree = new DissectionModel(this);
    m_connections = new ConnectionsModel(this);
    // frames -> filter by connection -> looks -> view
    m_byConnection = new QSortFilterProxyModel(this);
    m_byConnection->setSourceModel(m_frames);
    m_byConnection->setFilterRole(FrameListModel::ConnectionRole);
    m_byConnection->setFilterKeyColumn(FrameListModel::Connection);
    m_eventFilter = new EventFilter(this);
    m_eventFilter->setSourceModel(m_byConnection);
    m_colourRules = loadColourRules();
    auto *looks = new FrameLooks(&m_colourRules, this);
    looks->setSourceModel(m_eventFilter);
    // findings: the frames whose kind is a finding
    m_findings = new QSortFilterProxyModel(this);
    m_findings->setSourceModel(m_frames);
    m_findings->setFilterRole(FrameListModel::KindRole);
    m_findings->setFilterKeyColumn(FrameListModel::Kind);
    m_findings->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^%1$").arg(int(codec::EventKind::Finding))));

    m_frameView = new QTableView(this);
    m_frameView->setObjectName(QStringLiteral("frameList"));
    m_frameView->setModel(looks);
    m_frameView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_frameView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_frameView->verticalHeader()->hide();
    m_frameView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_frameView->horizontalHeader()->setStretchLastSection(false);
    m_frameView->horizontalHeader()->setSectionResizeMode(FrameListModel::Summary, QHeaderView::Stretch);
    m_frameView->setWordWrap(false);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    for (const auto &[column, chars] : {std::pair{FrameListModel::Number, 8}, std::pair{FrameListModel::Time, 12},
                                        std::pair{FrameListModel::Connection, 6}, std::pair{FrameListModel::Direction, 5},
                                        std::pair{FrameListModel::Version, 6}, std::pair{FrameListModel::Mechanism, 10},
                                        std::pair{FrameListModel::Kind, 12}, std::pair{FrameListModel::Protocol, 9},
                                        std::pair{FrameListModel::Length, 8}})
        m_frameView->horizontalHeader()->resizeSection(column, chars * digit + 12);
    m_filterBar = new QLineEdit(this);
    m_filterBar->setObjectName(QStringLiteral("filterBar"));
    m_filterBar->setClearButtonEnabled(true);
    m_filterBar->setPlaceholderText(tr("Filter, e.g. zmtp.command == \"READY\" && conn == 1   (Enter to apply)"));
    QStringList names;
    for (const std::string &n : codec::FilterExpression::fieldNames())
        names << QString::fromStdString(n);
    auto *completer = new QCompleter(names, m_filterBar);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_filterBar->setCompleter(completer);
    connect(m_filterBar, &QLineEdit::returnPressed, this, [this] { applyFilter(m_filterBar->text()); });
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_frameView);
    setCentralWidget(central);

    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("dissectionTree"));
    m_treeView->setModel(m_tree);
    m_treeView->setUniformRowHeights(true);
    auto *treeDock = new QDockWidget(tr("Dissection"), this);
    treeDock->setObjectName(QStringLiteral("dissectionDock"));
    treeDock->setWidget(m_treeView);
    addDockWidget(Qt::BottomDockWidgetArea, treeDock);

    m_hex = new HexView(this);
    auto *hexDock = new QDockWidget(tr("Bytes"), this);
    hexDock->setObjectName(QStringLiteral("bytesDock"));
    hexDock->setWidget(m_hex);
    addDockWidget(Qt::BottomDockWidgetArea, hexDock);
    splitDockWidget(treeDock, hexDock, Qt::Horizontal);

    m_connectionsView = new QTableView(this);
    m_connectionsView->setObjectName(QStringLiteral("connections"));
    m_connectionsView->setModel(m_connections);
    m_connectionsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_connectionsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_connectionsView->verticalHeader()->hide();
    m_connectionsView->horizontalHeader()->setStretchLastSection(true);
    m_connectionsView->setWordWrap(false);
    m_connectionsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_connectionsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_connectionsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        const QModelIndex index = m_connectionsView->indexAt(at);
        if (QMenu *menu = index.isValid() ? connectionMenu(index) : nullptr)
            menu->popup(m_connectionsView->viewport()->mapToGlobal(at));
    });
    auto *connectionsDock = new QDockWidget(tr("Connections"), this);
    connectionsDock->setObjectName(QStringLiteral("connectionsDock"));
    connectionsDock->setWidget(m_connectionsView);
    addDockWidget(Qt::TopDockWidgetArea, connectionsDock);
    resizeDocks({connectionsDock}, {fontMetrics().height() * 10}, Qt::Vertical);

    m_findingsView = new QTableView(this);
    m_findingsView->setObjectName(QStringLiteral("findings"));
    m_findingsView->setModel(m_findings);
    m_findingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsView->verticalHeader()->hide();
    for (int c = 0; c < FrameListModel::ColumnCount; ++c)
        m_findingsView->setColumnHidden(c, c != FrameListModel::Number && c != FrameListModel::Connection
                                               && c != FrameListModel::Summary);
    m_findingsView->horizontalHeader()->setStretchLastSection(true);
    auto *findingsDock = new QDockWidget(tr("Findings"), this);
    findingsDock->setObjectName(QStringLiteral("findingsDock"));
    findingsDock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, findingsDock);
    tabifyDockWidget(hexDock, findingsDock);
    hexDock->raise();

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Capture…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addAction(tr("Show the &Built-in Sample"), this, &MainWindow::loadSamples);
    file->addAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, [this] { exportDialog(false); });
    file->addAction(tr("Export the Rows &Shown…"), this, [this] { exportDialog(true); });
    file->addAction(tr("Export &Objects…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Objects to a Folder"));
        if (!folder.isEmpty())
            exportObjects(folder);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu *captureMenu = menuBar()->addMenu(tr("&Capture"));
    captureMenu->addAction(tr("New &Tap Relay…"), QKeySequence(Qt::CTRL | Qt::Key_T), this, &MainWindow::tapDialog);
    captureMenu->addAction(tr("&Interface Capture…"), QKeySequence(Qt::CTRL | Qt::Key_K), this, &MainWindow::interfaceDialog);
    captureMenu->addAction(tr("Start the Live &Demo"), this, &MainWindow::startDemo);
    captureMenu->addSeparator();
    m_stopAction = captureMenu->addAction(tr("&Stop"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::stopLive);
    m_stopAction->setEnabled(false);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(treeDock->toggleViewAction());
    view->addAction(hexDock->toggleViewAction());
    view->addAction(connectionsDock->toggleViewAction());
    view->addAction(findingsDock->toggleViewAction());
    view->addAction(tr("Show &All Connections"), this, [this] { filterConnection(0); });
    QMenu *themes = view->addMenu(tr("&Theme"));
    auto *themeGroup = new QActionGroup(this);
    for (const auto &[name, label] : {std::pair{QStringLiteral("system"), tr("Follow the &System")},
                                      std::pair{QStringLiteral("light"), tr("&Light")},
                                      std::pair{QStringLiteral("dark"), tr("&Dark")}}) {
        QAction *a = themes->addAction(label);
        a->setCheckable(true);
        a->setChecked(currentTheme() == name);
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [name] {
            applyTheme(name);
            QSettings().setValue(QStringLiteral("view/theme"), name);
        });
    }
    // The language: the system's, or a choice kept in the settings
    // ("ui/language"), used from the next start on.
    QMenu *languages = view->addMenu(tr("&Language"));
    auto *languageGroup = new QActionGroup(this);
    const QString chosen = QSettings().value(QStringLiteral("ui/language")).toString();
    for (const auto &[code, label] : {std::pair{QString(), tr("Follow the &System")},
                                      std::pair{QStringLiteral("en"), QStringLiteral("&English")},
                                      std::pair{QStringLiteral("de"), QStringLiteral("&Deutsch")}}) {
        QAction *a = languages->addAction(label);
        a->setCheckable(true);
        a->setChecked(chosen == code);
        languageGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            if (code.isEmpty())
                QSettings().remove(QStringLiteral("ui/language"));
            else
                QSettings().setValue(QStringLiteral("ui/language"), code);
            m_status->setText(tr("The language changes at the next start."));
        });
    }
    view->addAction(tr("&Colour Rules…"), this, [this] {
        ColourRulesDialog dialog(m_colourRules, this);
        if (dialog.exec() == QDialog::Accepted)
            applyColourRules(dialog.rules());
    });
    view->addSeparator();
    view->addAction(tr("&Follow Connection"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::SHIFT | Qt::Key_F), this, [this] {
        const QModelIndex frame = m_frameView->currentIndex();
        if (frame.isValid())
            followConnection(frame.data(FrameListModel::ConnectionRole).toUInt());
    });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ZmqScope"), this, &MainWindow::showAbout);

    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);
    m_liveLabel = new QLabel(this);
    m_liveLabel->setObjectName(QStringLiteral("liveState"));
    statusBar()->addPermanentWidget(m_liveLabel);

    m_session = new CaptureSession;
    m_frames->setSummarySource([s = m_session](quint32 event) { return s->summary(event); });
    m_frames->setRowSource([s = m_session](quint32 first, int count) { return s->frameRows(first, count); });
    m_frames->setColourRuleSource([s = m_session](quint32 event) { return s->colourRule(event); });
    sendColourRules(m_colourRules);
    m_session->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_session, &QObject::deleteLater);
    connect(m_session, &CaptureSession::framesAdded, m_frames, &FrameListModel::append);
    connect(m_session, &CaptureSession::connectionsChanged, m_connections, &ConnectionsModel::update);
    // Columns fit the first rows; later batches keep the widths (measuring
    // every row of hundreds of connections on each batch stalls the window).
    connect(m_connections, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first < 32)
            m_connectionsView->resizeColumnsToContents();
    });
    // The first rows of a capture: select the first one, so that the tree
    // and the bytes show something at once.
    connect(m_frames, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0 && !m_frameView->currentIndex().isValid())
            m_frameView->setCurrentIndex(m_frameView->model()->index(0, 0));
    });
    // Auto-scroll: a live capture follows its newest row until the user
    // scrolls away from the bottom, and again once they scroll back to it.
    connect(m_frameView->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_liveSources > 0 && m_followTail)
            m_frameView->scrollToBottom();
    });
    connect(m_frameView->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        // A user action (wheel, drag, keys): follow only when it ends at the bottom.
        QTimer::singleShot(0, this, [this] {
            const QScrollBar *bar = m_frameView->verticalScrollBar();
            const bool follow = bar->value() >= bar->maximum();
            if (follow != m_followTail) {
                m_followTail = follow;
                showLiveState();
            }
        });
    });
    connect(m_session, &CaptureSession::liveStarted, this, &MainWindow::liveStarted);
    connect(m_session, &CaptureSession::liveStopped, this, [this](const QString &summary) {
        m_liveSources = 0;
        showLiveState();
        m_status->setText(summary);
    });
    connect(m_session, &CaptureSession::finished, m_status, &QLabel::setText);
    connect(m_session, &CaptureSession::finished, this, &MainWindow::loaded);
    connect(m_session, &CaptureSession::failed, this, [this](const QString &e) {
        m_status->setText(e);
        QMessageBox::warning(this, QStringLiteral("ZmqScope"), e);
    });
    connect(m_session, &CaptureSession::exported, this, [this](const QString &path, ExportFormat format, quint64 count) {
        const int n = int(qMin<quint64>(count, INT_MAX));
        m_status->setText(format == ExportFormat::Pcapng ? tr("Exported %n packet(s) to %1", nullptr, n).arg(path)
                                                         : tr("Exported %n event(s) to %1", nullptr, n).arg(path));
    });
    connect(m_session, &CaptureSession::objectsExported, this,
            [this](const QString &folder, int count, const QStringList &incomplete) {
                QString text = tr("Exported %n object(s) to %1", nullptr, count).arg(folder);
                if (!incomplete.isEmpty())
                    text += tr("; not whole: %1").arg(incomplete.join(QStringLiteral("; ")));
                m_status->setText(text);
            });
    connect(m_session, &CaptureSession::followed, this,
            [this](quint64 request, quint32, const QVector<FollowItem> &items) { followed(request, items); });
    m_thread.setObjectName(QStringLiteral("capture"));
    m_thread.start();
    setUpPeers();

    connect(m_frameView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::frameSelected);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::fieldSelected);
    connect(m_hex, &HexView::byteSelected, this, &MainWindow::byteSelected);
    connect(m_session, &CaptureSession::filtered, this, [this](const QString &expression, const QVector<quint32> &events) {
        if (expression != m_filterBar->text())
            return;   // an older request
        m_eventFilter->setEvents(events);
        m_status->setText(tr("%n frame(s) match", nullptr, int(events.size())));
    });
    connect(m_session, &CaptureSession::filterExtended, this, [this](const QString &expression, const QVector<quint32> &events) {
        if (expression == m_filterBar->text())
            m_eventFilter->addEvents(events);
    });
    connect(m_findingsView, &QAbstractItemView::activated, this, &MainWindow::findingActivated);
    // Activating a connection (double click, Enter) follows it.
    connect(m_connectionsView, &QAbstractItemView::activated, this, [this](const QModelIndex &i) {
        followConnection(i.data(ConnectionsModel::ConnectionRole).toUInt());
    });
    connect(m_findingsView, &QAbstractItemView::clicked, this, &MainWindow::findingActivated);
    connect(m_connectionsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::connectionSelected);

    resize(1200, 800);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

QMenu *MainWindow::connectionMenu(const QModelIndex &index)
{
    const quint32 connection = index.sibling(index.row(), 0).data(ConnectionsModel::ConnectionRole).toUInt();
    if (!connection)
        return nullptr;
    const QString server = index.sibling(index.row(), ConnectionsModel::Server).data().toString();
    const quint16 port = quint16(server.mid(server.lastIndexOf(QLatin1Char(':')) + 1).toUInt());
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("connectionMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    auto *decodeAs = new DecodeAsMenu(m_decodeAs, connection, port, menu);
    connect(decodeAs, &DecodeAsMenu::chosen, this, &MainWindow::applyDecodeAs);
    menu->addMenu(decodeAs);
    menu->addAction(tr("Follow Connection"), this, [this, connection] { followConnection(connection); });
    return menu;
}

void MainWindow::applyDecodeAs(const protocols::DecodeAs &decodeAs)
{
    m_decodeAs = decodeAs;
    if (m_liveSources)
        m_status->setText(tr("Decode As applies to the connections that start from now on"));
    else
        clearViews();   // the capture is dissected again
    QMetaObject::invokeMethod(m_session, "setDecodeAs", Qt::QueuedConnection, Q_ARG(zmqscope::protocols::DecodeAs, decodeAs));
}

void MainWindow::exportObjects(const QString &folder)
{
    QMetaObject::invokeMethod(m_session, "exportObjects", Qt::QueuedConnection, Q_ARG(QString, folder));
}

MainWindow::~MainWindow()
{
    if (m_peersDock)
        m_peersDock->stopAll();   // (queued before the thread ends: the peers stop first)
    m_thread.quit();
    m_thread.wait();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::clearViews()
{
    m_liveSources = 0;
    showLiveState();
    filterConnection(0);
    applyFilter(QString());
    m_frames->clear();
    m_connections->clear();
    m_tree->setTree(std::nullopt);
    m_hex->setData({}, 0);
}

void MainWindow::setUpPeers()
{
    m_peersDock = new PeersDock(m_session, &m_thread, this);
    addDockWidget(Qt::RightDockWidgetArea, m_peersDock);
    m_peersDock->hide();   // (shown by the first peer launched)
    connect(m_peersDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_peersDockSized) {
            m_peersDockSized = true;
            resizeDocks({m_peersDock}, {fontMetrics().horizontalAdvance(QLatin1Char('x')) * 62}, Qt::Horizontal);
        }
    });
    menuBar()->insertMenu(menuBar()->actions().constLast(), m_peersDock->menu());
    connect(m_peersDock, &PeersDock::peerSelected, this, &MainWindow::filterSources);
    connect(m_peersDock, &PeersDock::scenarioOpened, m_status, &QLabel::setText);
    // Replay: the messages among the selected rows, sent again by a peer.
    m_frameView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_peersDock->menu()->insertAction(m_peersDock->menu()->actions().value(2), [&] {
        auto *a = new QAction(tr("&Replay Selected Messages…"), this);
        connect(a, &QAction::triggered, this, [this] { m_peersDock->replaySelection(selectedEvents()); });
        return a;
    }());
    // File > Open Scenario (the Peers menu has it too).
    QMenu *file = menuBar()->actions().constFirst()->menu();
    file->insertAction(file->actions().value(2), [&] {
        auto *a = new QAction(tr("Open &Scenario…"), this);
        connect(a, &QAction::triggered, m_peersDock, &PeersDock::openScenarioDialog);
        return a;
    }());
    connect(m_peersDock, &PeersDock::launchFailed, this, [this](const QString &e) {
        m_status->setText(e);
        // (window-modal, not blocking: the peers keep being shown)
        auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("ZmqScope"), e, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    // A selected peer's new connections (it reconnected) join the rows shown.
    const auto refresh = [this] {
        if (!m_peerSources.isEmpty())
            filterSources(m_peerSources);
    };
    connect(m_connections, &QAbstractItemModel::rowsInserted, this, refresh);
}

QVector<quint32> MainWindow::selectedEvents() const
{
    QVector<quint32> events;
    for (const QModelIndex &row : m_frameView->selectionModel()->selectedRows())
        events << row.data(FrameListModel::EventRole).toUInt();
    std::sort(events.begin(), events.end());
    return events;
}

void MainWindow::filterSources(const QVector<quint32> &sources)
{
    m_peerSources = sources;
    if (sources.isEmpty()) {
        filterConnection(0);
        return;
    }
    QStringList ids;
    for (quint32 c : m_connections->connectionsOf(sources))
        ids << QString::number(c);
    // (no connection yet: nothing shown, not everything)
    m_byConnection->setFilterRegularExpression(QRegularExpression(ids.isEmpty() ? QStringLiteral("^$")
                                                                                : QStringLiteral("^(%1)$").arg(ids.join(u'|'))));
}

void MainWindow::filterConnection(quint32 connection)
{
    m_byConnection->setFilterRegularExpression(
        connection ? QRegularExpression(QStringLiteral("^%1$").arg(connection)) : QRegularExpression());
}

bool MainWindow::applyFilter(const QString &expression)
{
    m_filterBar->setText(expression);
    QPalette pal = m_filterBar->palette();
    if (expression.trimmed().isEmpty()) {
        m_filterBar->setPalette(QApplication::palette());
        m_filterBar->setToolTip({});
        m_eventFilter->clear();
        return true;
    }
    std::string error;
    std::size_t at = 0;
    if (!codec::FilterExpression::parse(expression.toStdString(), &error, &at)) {
        pal.setColor(QPalette::Base, QColor(0xff, 0xd6, 0xd6));
        pal.setColor(QPalette::Text, QColor(0x70, 0x00, 0x00));
        m_filterBar->setPalette(pal);
        const QString why = tr("Invalid filter at column %1: %2").arg(at + 1).arg(QString::fromStdString(error));
        m_filterBar->setToolTip(why);
        m_status->setText(why);
        return false;
    }
    m_filterBar->setPalette(QApplication::palette());
    m_filterBar->setToolTip({});
    QMetaObject::invokeMethod(m_session, [s = m_session, expression] { s->filter(expression); }, Qt::QueuedConnection);
    return true;
}

QModelIndex MainWindow::viewIndexForFrameRow(int frameRow)
{
    const QModelIndex source = m_frames->index(frameRow, 0);
    QModelIndex byConnection = m_byConnection->mapFromSource(source);
    if (!byConnection.isValid()) {
        filterConnection(0);
        byConnection = m_byConnection->mapFromSource(source);
    }
    QModelIndex byFilter = m_eventFilter->mapFromSource(byConnection);
    if (!byFilter.isValid()) {
        applyFilter(QString());
        byFilter = m_eventFilter->mapFromSource(byConnection);
    }
    return static_cast<QAbstractProxyModel *>(m_frameView->model())->mapFromSource(byFilter);
}

void MainWindow::connectionSelected()
{
    const QModelIndex i = m_connectionsView->currentIndex();
    filterConnection(i.isValid() ? i.data(ConnectionsModel::ConnectionRole).toUInt() : 0);
}

FollowDialog *MainWindow::followConnection(quint32 connection)
{
    if (connection == 0)
        return nullptr;
    QString title = tr("connection %1").arg(connection);
    for (int r = 0; r < m_connections->rowCount(); ++r) {
        if (m_connections->index(r, 0).data(ConnectionsModel::ConnectionRole).toUInt() != connection)
            continue;
        title += QStringLiteral(": %1 ⇄ %2").arg(m_connections->index(r, ConnectionsModel::Client).data().toString(),
                                                m_connections->index(r, ConnectionsModel::Server).data().toString());
    }
    // The dialog opens at once; the capture thread reads the connection.
    auto *dialog = new FollowDialog(title, this);
    const quint64 request = ++m_followRequests;
    m_following.insert(request, dialog);
    QMetaObject::invokeMethod(m_session, [s = m_session, request, connection] { s->requestFollow(request, connection, kFollowLimit + 1); },
                              Qt::QueuedConnection);
    dialog->show();
    return dialog;
}

void MainWindow::followed(quint64 request, QVector<FollowItem> items)
{
    const QPointer<FollowDialog> dialog = m_following.take(request);
    if (!dialog)
        return;   // closed meanwhile
    const bool truncated = items.size() > kFollowLimit;
    if (truncated)
        items.resize(kFollowLimit);
    for (FollowItem &item : items) {
        const int row = m_frames->rowOfEvent(item.event);
        if (row >= 0) {
            item.number = row + 1;
            item.summary = m_frames->index(row, FrameListModel::Summary).data().toString();
        }
    }
    dialog->setItems(std::move(items), truncated);
}

void MainWindow::findingActivated(const QModelIndex &index)
{
    // The finding's frame, brought into view even if filters hid it.
    const QModelIndex source = m_findings->mapToSource(index);
    if (!source.isValid())
        return;
    m_frameView->setCurrentIndex(viewIndexForFrameRow(source.row()));
    m_frameView->scrollTo(m_frameView->currentIndex());
}

void MainWindow::applyColourRules(const QList<ColourRule> &rules)
{
    saveColourRules(rules);
    sendColourRules(rules);
}

void MainWindow::sendColourRules(const QList<ColourRule> &rules)
{
    m_colourRules = rules;
    QStringList expressions;
    for (const ColourRule &r : rules)
        expressions << (r.enabled ? r.expression : QString());
    m_session->setColourRules(expressions);   // thread-safe
    m_frames->clearColourRules();
}

void MainWindow::startDemo()
{
    clearViews();
    m_liveSources = 0;
    m_status->setText(tr("Starting the live demo…"));
    QMetaObject::invokeMethod(m_session, [s = m_session] { s->startDemo(); }, Qt::QueuedConnection);
}

void MainWindow::startTap(const TapSettings &settings)
{
    if (m_liveSources == 0)
        clearViews();   // a new live capture replaces what is shown
    QMetaObject::invokeMethod(m_session, [s = m_session, settings] { s->startTap(settings); }, Qt::QueuedConnection);
}

void MainWindow::startInterfaceCapture(const QString &interface, const QString &filter)
{
    if (m_liveSources == 0)
        clearViews();
    QMetaObject::invokeMethod(m_session, [s = m_session, interface, filter] { s->startInterfaceCapture(interface, filter); },
                              Qt::QueuedConnection);
}

void MainWindow::stopLive()
{
    QMetaObject::invokeMethod(m_session, &CaptureSession::stopLive, Qt::QueuedConnection);
}

void MainWindow::tapDialog()
{
    TapDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        startTap(dialog.settings());
}

void MainWindow::interfaceDialog()
{
    InterfaceDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        startInterfaceCapture(dialog.interfaceName(), dialog.filter());
}

void MainWindow::liveStarted(const LiveSourceInfo &source)
{
    if (m_liveSources++ == 0)
        m_frames->setTimeBase(source.captureStartNs);
    m_followTail = true;
    m_status->setText(source.kind == QLatin1String("interface") ? tr("Capturing on %1").arg(source.description)
                                                                 : tr("Tap relay %1").arg(source.description));
    showLiveState();
}

void MainWindow::showLiveState()
{
    m_stopAction->setEnabled(m_liveSources > 0);
    if (m_liveSources == 0) {
        m_liveLabel->clear();
        return;
    }
    QString text = tr("● Live: %n source(s)", nullptr, m_liveSources);
    if (!m_followTail)
        text += tr(" · auto-scroll paused (scroll to the end to resume)");
    m_liveLabel->setText(text);
}

void MainWindow::loadSamples()
{
    clearViews();
    QMetaObject::invokeMethod(m_session, &CaptureSession::loadSamples, Qt::QueuedConnection);
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("files/recent")).toStringList();
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        // &1 .. &9 as accelerators; the full path as the tip.
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setToolTip(files[i]);
        a->setStatusTip(files[i]);
        connect(a, &QAction::triggered, this, [this, path = files[i]] { openCapture(path); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent captures"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear the List"), this, [] { QSettings().remove(QStringLiteral("files/recent")); });
    }
}

void MainWindow::openCapture(const QString &path)
{
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kRecentFiles)
        files.removeLast();
    QSettings().setValue(QStringLiteral("files/recent"), files);
    clearViews();
    m_status->setText(tr("Opening %1…").arg(path));
    QMetaObject::invokeMethod(m_session, [s = m_session, path] { s->openFile(path); }, Qt::QueuedConnection);
}

namespace {
ExportFormat formatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("txt")      ? ExportFormat::Text
        : suffix == QLatin1String("pcapng")    ? ExportFormat::Pcapng
                                               : ExportFormat::JsonLines;
}
}   // namespace

void MainWindow::exportEvents(const QString &path)
{
    const ExportFormat format = formatOf(path);
    m_status->setText(tr("Exporting to %1…").arg(path));
    QMetaObject::invokeMethod(m_session, [s = m_session, path, format] { s->exportEvents(path, format); }, Qt::QueuedConnection);
}

QVector<quint32> MainWindow::shownEvents() const
{
    QVector<quint32> events;
    const QAbstractItemModel *m = m_frameView->model();
    events.reserve(m->rowCount());
    for (int r = 0; r < m->rowCount(); ++r)
        events << m->index(r, 0).data(FrameListModel::EventRole).toUInt();
    return events;
}

void MainWindow::exportShownEvents(const QString &path)
{
    const ExportFormat format = formatOf(path);
    if (format == ExportFormat::Pcapng) {
        m_status->setText(tr("Only JSON Lines and text can hold just the rows shown; pcapng holds whole packets."));
        return;
    }
    QVector<quint32> events = shownEvents();
    if (events.isEmpty()) {
        m_status->setText(tr("No rows are shown: nothing to export."));
        return;
    }
    m_status->setText(tr("Exporting %n row(s) to %1…", nullptr, int(events.size())).arg(path));
    QMetaObject::invokeMethod(m_session, [s = m_session, path, format, events] { s->exportEvents(path, format, events); },
                              Qt::QueuedConnection);
}

void MainWindow::exportDialog(bool onlyShown)
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, onlyShown ? tr("Export the Rows Shown") : tr("Export"), QString(),
                                                onlyShown ? tr("JSON Lines (*.jsonl);;Text (*.txt)")
                                                          : tr("JSON Lines (*.jsonl);;Text (*.txt);;pcapng (*.pcapng)"),
                                                &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("*.txt")) ? QStringLiteral(".txt")
            : selected.contains(QLatin1String("*.pcapng")) ? QStringLiteral(".pcapng")
                                                           : QStringLiteral(".jsonl");
    if (onlyShown)
        exportShownEvents(path);
    else
        exportEvents(path);
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Capture"), QString(),
                                                      tr("Captures (*.pcap *.pcapng *.cap);;All files (*)"));
    if (!path.isEmpty())
        openCapture(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        openCapture(urls.front().toLocalFile());
}

void MainWindow::frameSelected()
{
    const QModelIndex current = m_frameView->currentIndex();
    if (!current.isValid())
        return;
    // Rows pass through proxies: the event id travels in EventRole.
    const quint32 event = current.data(FrameListModel::EventRole).toUInt();
    m_tree->setTree(m_session->dissection(event));
    m_treeView->expandAll();
    m_treeView->resizeColumnToContents(0);
    m_hex->setData(m_session->eventBytes(event), m_session->eventOffset(event));
}

void MainWindow::fieldSelected()
{
    const QModelIndex i = m_treeView->currentIndex();
    if (!i.isValid())
        return;
    m_hex->markField(i.data(DissectionModel::OffsetRole).toULongLong(), i.data(DissectionModel::LengthRole).toULongLong());
}

void MainWindow::byteSelected(quint64 offset)
{
    const QModelIndex i = m_tree->indexForOffset(offset);
    if (i.isValid())
        m_treeView->setCurrentIndex(i);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ZmqScope"),
                       tr("<h3>ZmqScope %1</h3><p>An inspector and testbed for ZeroMQ's wire protocols.</p>"
                          "<p>Qt %2 · libzmq %3 · libsodium %4</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                libzmqVersion(), libsodiumVersion()));
}

}   // namespace zmqscope
