#include "mainwindow.h"

#include "conformancedock.h"
#include "peersdock.h"
#include "statisticspanes.h"

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
#include "bytespane.h"
#include "framecommands.h"
#include "versions.h"
#include "codec/filter.h"
#include "codec/streamdecoder.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
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
#include <QPainter>
#include <QToolButton>
#include <QHBoxLayout>
#include <QInputDialog>

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
        const QPalette palette = QApplication::palette();
        if ((role == Qt::BackgroundRole || role == Qt::ForegroundRole)
            && QIdentityProxyModel::data(index, FrameListModel::MarkedRole).toBool())
            // A marked row: the palette's text and base swapped, as Wireshark marks.
            return role == Qt::BackgroundRole ? palette.color(QPalette::Text) : palette.color(QPalette::Base);
        if (role == Qt::BackgroundRole || role == Qt::ForegroundRole) {
            // A colour rule's background. On a light palette the rule's own
            // colour with dark text; on a dark one the same hue blended into
            // the dark base, with the palette's light text.
            const int rule = QIdentityProxyModel::data(index, FrameListModel::ColourRuleRole).toInt();
            if (rule >= 0 && rule < m_rules->size()) {
                const QColor colour(m_rules->at(rule).colour);
                const QColor base = palette.color(QPalette::Base);
                const bool dark = base.lightness() < 128;
                if (role == Qt::ForegroundRole)
                    return dark ? palette.color(QPalette::Text) : QColor(Qt::black);
                if (!dark)
                    return colour;
                return QColor((colour.red() * 3 + base.red() * 7) / 10, (colour.green() * 3 + base.green() * 7) / 10,
                              (colour.blue() * 3 + base.blue() * 7) / 10);
            }
        }
        if (role == Qt::ForegroundRole) {
            const int severity = QIdentityProxyModel::data(index, FrameListModel::SeverityRole).toInt();
            const bool dark = palette.color(QPalette::Base).lightness() < 128;
            if (severity == 2)
                return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xd0, 0x30, 0x30);
            if (severity == 1)
                return dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0xc0, 0x80, 0x00);
        }
        if (role == Qt::FontRole && QIdentityProxyModel::data(index, FrameListModel::DerivedRole).toBool()) {
            // A derived row (no bytes of its own): italic, its Kind marked with an arrow.
            QFont f;
            f.setItalic(true);
            return f;
        }
        return QIdentityProxyModel::data(index, role);
    }

private:
    const QList<ColourRule> *m_rules;
};

// The status message: elided at the label's width (never under the live
// indicator beside it), the whole text as its tip.
class ElidedLabel : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return {0, QLabel::minimumSizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setPen(palette().color(QPalette::WindowText));
        const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, contentsRect().width());
        p.drawText(contentsRect(), int(Qt::AlignLeft | Qt::AlignVCenter), shown);
    }
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
    bool active() const { return m_active; }
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

    setUpModels();
    setUpFrameList();
    setUpDocks();
    setUpMenus();
    setUpStatusBar();
    setUpSession();
    wireViews();

    resize(1200, 800);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

// The frame list's model and the proxies in front of it; the findings' proxy.
void MainWindow::setUpModels()
{
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
    m_looks = looks;
    // findings: the frames whose kind is a finding
    m_findings = new QSortFilterProxyModel(this);
    m_findings->setSourceModel(m_frames);
    m_findings->setFilterRole(FrameListModel::KindRole);
    m_findings->setFilterKeyColumn(FrameListModel::Kind);
    m_findings->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^%1$").arg(int(codec::EventKind::Finding))));
}

// The centre: the filter bar, the scope button and the frame list.
void MainWindow::setUpFrameList()
{
    m_frameView = new QTableView(this);
    m_frameView->setObjectName(QStringLiteral("frameList"));
    m_frameView->setModel(m_looks);
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
    // Emptied (its clear button, or deleted): no filter, no error left behind.
    connect(m_filterBar, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty())
            applyFilter(QString());
    });
    // What else hides rows (a selected connection or peer), and the way back.
    m_scopeButton = new QToolButton(this);
    m_scopeButton->setObjectName(QStringLiteral("scopeButton"));
    m_scopeButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_scopeButton->setAutoRaise(true);
    m_scopeButton->hide();
    connect(m_scopeButton, &QToolButton::clicked, this, [this] {
        m_connectionsView->clearSelection();
        m_connectionsView->setCurrentIndex({});
        m_peerSources.clear();
        filterConnection(0);
    });
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(4);
    bar->addWidget(m_filterBar, 1);
    bar->addWidget(m_scopeButton);
    layout->addLayout(bar);
    layout->addWidget(m_frameView);
    // Small windows shrink the docks, not the frame list below a dozen rows.
    m_frameView->setMinimumHeight(m_frameView->verticalHeader()->defaultSectionSize() * 12 + fontMetrics().height() + 8);
    setCentralWidget(central);
}

// The docks every capture has: dissection, bytes, connections, findings.
void MainWindow::setUpDocks()
{
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("dissectionTree"));
    m_treeView->setModel(m_tree);
    m_treeView->setUniformRowHeights(true);
    auto *treeDock = new QDockWidget(tr("Dissection"), this);
    treeDock->setObjectName(QStringLiteral("dissectionDock"));
    treeDock->setWidget(m_treeView);
    addDockWidget(Qt::BottomDockWidgetArea, treeDock);

    m_bytes = new BytesPane(this);
    auto *hexDock = new QDockWidget(tr("Bytes"), this);
    hexDock->setObjectName(QStringLiteral("bytesDock"));
    hexDock->setWidget(m_bytes);
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
    // A finding's text is its point: wrapped over as many lines as it
    // takes (rows grow to fit), its whole detail also as the tip.
    m_findingsView->setWordWrap(true);
    m_findingsView->setTextElideMode(Qt::ElideNone);
    m_findingsView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *findingsDock = new QDockWidget(tr("Findings"), this);
    findingsDock->setObjectName(QStringLiteral("findingsDock"));
    findingsDock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, findingsDock);
    tabifyDockWidget(hexDock, findingsDock);
    hexDock->raise();
}

// File, Capture, View and Help (Edit, Peers, Tools and Statistics come with their panes).
void MainWindow::setUpMenus()
{
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
    file->setObjectName(QStringLiteral("fileMenu"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    for (const char *dock : {"dissectionDock", "bytesDock", "connectionsDock", "findingsDock"})
        view->addAction(findChild<QDockWidget *>(QLatin1String(dock))->toggleViewAction());
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
            showStatus(tr("The language changes at the next start."));
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
}

// The status bar: the message, the row counts and the live state.
void MainWindow::setUpStatusBar()
{
    m_status = new ElidedLabel(this);
    m_status->setObjectName(QStringLiteral("statusMessage"));
    statusBar()->addWidget(m_status, 1);
    m_rowsLabel = new QLabel(this);
    m_rowsLabel->setObjectName(QStringLiteral("rowStatus"));
    statusBar()->addPermanentWidget(m_rowsLabel);
    m_liveLabel = new QLabel(this);
    m_liveLabel->setObjectName(QStringLiteral("liveState"));
    statusBar()->addPermanentWidget(m_liveLabel);
}

// The capture session on its thread, and what its batches and answers do; then the panes that need it.
void MainWindow::setUpSession()
{
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
    connect(m_session, &CaptureSession::liveCaptureBegun, this, &MainWindow::clearViews);
    connect(m_session, &CaptureSession::liveStarted, this, &MainWindow::liveStarted);
    connect(m_session, &CaptureSession::liveStopped, this, [this](const QString &summary) {
        m_liveSources = 0;
        showLiveState();
        showStatus(summary);
    });
    connect(m_session, &CaptureSession::finished, this, &MainWindow::showStatus);
    connect(m_session, &CaptureSession::finished, this, &MainWindow::loaded);
    connect(m_session, &CaptureSession::failed, this, [this](const QString &e) {
        showStatus(e);
        QMessageBox::warning(this, QStringLiteral("ZmqScope"), e);
    });
    connect(m_session, &CaptureSession::exported, this, [this](const QString &path, ExportFormat format, quint64 count) {
        const int n = int(qMin<quint64>(count, INT_MAX));
        showStatus(format == ExportFormat::Pcapng ? tr("Exported %n packet(s) to %1", nullptr, n).arg(path)
                                                         : tr("Exported %n event(s) to %1", nullptr, n).arg(path));
    });
    connect(m_session, &CaptureSession::objectsExported, this,
            [this](const QString &folder, int count, const QStringList &incomplete) {
                QString text = tr("Exported %n object(s) to %1", nullptr, count).arg(folder);
                if (!incomplete.isEmpty())
                    text += tr("; not whole: %1").arg(incomplete.join(QStringLiteral("; ")));
                showStatus(text);
            });
    connect(m_session, &CaptureSession::followed, this,
            [this](quint64 request, quint32, const QVector<FollowItem> &items) { followed(request, items); });
    m_thread.setObjectName(QStringLiteral("capture"));
    m_thread.start();
    setUpPeers();
    setUpConformance();
    m_statistics = new StatisticsPanes(this);
}

// Selections and filters between the views.
void MainWindow::wireViews()
{
    connect(m_frameView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::frameSelected);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::fieldSelected);
    connect(m_bytes, &BytesPane::byteSelected, this, &MainWindow::byteSelected);
    connect(m_session, &CaptureSession::filtered, this, [this](const QString &expression, const QVector<quint32> &events) {
        if (expression != m_filterBar->text())
            return;   // an older request
        m_eventFilter->setEvents(events);
        showRowStatus();
    });
    // The row counts: redrawn from a dirty flag a few times a second, not per batch.
    m_rowStatusTimer = new QTimer(this);
    m_rowStatusTimer->setSingleShot(true);
    m_rowStatusTimer->setInterval(200);
    connect(m_rowStatusTimer, &QTimer::timeout, this, &MainWindow::showRowStatus);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_frameView->model(), signal, m_rowStatusTimer, [this] {
            if (!m_rowStatusTimer->isActive())
                m_rowStatusTimer->start();
        });
    connect(m_frameView->model(), &QAbstractItemModel::modelReset, this, &MainWindow::showRowStatus);
    connect(m_frameView->model(), &QAbstractItemModel::layoutChanged, this, &MainWindow::showRowStatus);
    // A filter that leaves no row (or hides the one shown): the tree and bytes go blank.
    const auto dropStale = [this] {
        if (!m_frameView->currentIndex().isValid()) {
            m_tree->setTree(std::nullopt);
            m_bytes->clear();
        }
    };
    connect(m_frameView->model(), &QAbstractItemModel::rowsRemoved, this, dropStale);
    connect(m_frameView->model(), &QAbstractItemModel::modelReset, this, dropStale);
    connect(m_frameView->model(), &QAbstractItemModel::layoutChanged, this, dropStale);
    // Clicking a row while a live capture follows new rows stops following
    // (the row stays where it is); End or scrolling to the bottom resumes.
    connect(m_frameView, &QAbstractItemView::pressed, this, [this] {
        if (m_liveSources > 0 && m_followTail) {
            m_followTail = false;
            showLiveState();
        }
    });
    m_commands = new FrameCommands(this);
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
    menu->addAction(tr("Show &Only This Connection"), this, [this, connection] { filterConnection(connection); });
    menu->addAction(tr("&Throughput Graph"), this, [this, connection] { m_statistics->showConnectionThroughput(connection); });
    menu->addAction(tr("&Filter on This Connection"), this,
                    [this, connection] { applyFilter(QStringLiteral("conn == %1").arg(connection)); });
    const QString client = index.sibling(index.row(), ConnectionsModel::Client).data().toString();
    menu->addAction(tr("&Copy Its Endpoints"), this,
                    [client, server] { QApplication::clipboard()->setText(client + QStringLiteral(" \u21c4 ") + server); });
    return menu;
}

void MainWindow::applyDecodeAs(const protocols::DecodeAs &decodeAs)
{
    m_decodeAs = decodeAs;
    if (m_liveSources)
        showStatus(tr("Decode As applies to the connections that start from now on"));
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
    if (m_conformanceDock)
        m_conformanceDock->stopSuite();
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
    m_bytes->clear();
    Q_EMIT viewsCleared();
}

HexView *MainWindow::hexView() const
{
    return m_bytes->streamView();
}

void MainWindow::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setToolTip(text);
}

QString MainWindow::rowStatus() const
{
    const int total = m_frames->rowCount();
    const int shown = m_frameView->model()->rowCount();
    const int wire = m_frames->wireRows();
    QString text = shown == total ? tr("%n row(s)", nullptr, total) : tr("%1 shown of %n row(s)", nullptr, total).arg(shown);
    if (wire != total)
        text += tr(" (%n frame(s) on the wire; the other rows are derived from them)", nullptr, wire);
    QStringList why;
    if (!m_filterBar->text().trimmed().isEmpty() && m_eventFilter->active())
        why << tr("display filter");
    if (!m_byConnection->filterRegularExpression().pattern().isEmpty())
        why << (m_peerSources.isEmpty() ? tr("selected connection") : tr("selected peer"));
    if (shown != total && !why.isEmpty())
        text += tr(" · hidden by: %1").arg(why.join(QStringLiteral(", ")));
    return text;
}

void MainWindow::showRowStatus()
{
    m_rowsLabel->setText(rowStatus());
}

void MainWindow::showScope()
{
    const QString pattern = m_byConnection->filterRegularExpression().pattern();
    if (pattern.isEmpty()) {
        m_scopeButton->hide();
    } else {
        QString what;
        if (!m_peerSources.isEmpty())
            what = tr("Only the selected peer's connections");
        else
            what = tr("Only connection %1").arg(pattern.mid(1, pattern.size() - 2));
        m_scopeButton->setText(what + QStringLiteral("  \u2715"));
        m_scopeButton->setToolTip(tr("Rows of other connections are hidden. Click to show every connection."));
        m_scopeButton->show();
    }
    showRowStatus();
}

bool MainWindow::selectEvent(quint32 event)
{
    const int row = m_frames->rowOfEvent(event);
    if (row < 0)
        return false;
    const bool hidden = !viewIndexForFrameRowVisible(row);
    const QModelIndex index = viewIndexForFrameRow(row);
    if (!index.isValid())
        return false;
    m_frameView->setCurrentIndex(index);
    m_frameView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    if (hidden)
        showStatus(tr("Row %1 was hidden: the filters that hid it are cleared.").arg(row + 1));
    return true;
}

// Tools > Conformance Test: the suite's dock; a selected case shows only
// the connections it made (their client ends are the suite's).
void MainWindow::setUpConformance()
{
    m_conformanceDock = new ConformanceDock(m_session, &m_thread, this);
    addDockWidget(Qt::RightDockWidgetArea, m_conformanceDock);
    m_conformanceDock->hide();
    auto *tools = new QMenu(tr("&Tools"), this);
    tools->addAction(tr("&Conformance Test…"), this, [this] {
        m_conformanceDock->show();
        m_conformanceDock->raise();
        m_conformanceDock->endpointEdit()->setFocus();
    });
    menuBar()->insertMenu(menuBar()->actions().constLast(), tools);
    connect(m_conformanceDock, &ConformanceDock::status, this, &MainWindow::showStatus);
    connect(m_conformanceDock, &ConformanceDock::caseSelected, this, [this](const QStringList &clients, quint32 tap) {
        const QVector<quint32> ids = m_connections->connectionsWithClients(clients);
        if (ids.isEmpty()) {
            filterSources(tap ? QVector<quint32>{tap} : QVector<quint32>{});
            return;
        }
        m_peerSources.clear();
        QStringList pattern;
        for (quint32 c : ids)
            pattern << QString::number(c);
        m_byConnection->setFilterRegularExpression(QRegularExpression(QStringLiteral("^(%1)$").arg(pattern.join(u'|'))));
        showScope();
    });
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
    connect(m_peersDock, &PeersDock::scenarioOpened, this, &MainWindow::showStatus);
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
        showStatus(e);
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
    showScope();
}

void MainWindow::filterConnection(quint32 connection)
{
    if (connection == 0)
        m_peerSources.clear();
    m_byConnection->setFilterRegularExpression(
        connection ? QRegularExpression(QStringLiteral("^%1$").arg(connection)) : QRegularExpression());
    showScope();
}

bool MainWindow::applyFilter(const QString &expression)
{
    if (m_filterBar->text() != expression) {
        const QSignalBlocker quiet(m_filterBar);   // (textChanged would apply "" again)
        m_filterBar->setText(expression);
    }
    // An empty palette inherits the window's: a theme switched later shows
    // through (a copy of today's palette would stay dark or light).
    const auto valid = [this] {
        m_filterBar->setPalette(QPalette());
        m_filterBar->setToolTip({});
        if (m_status->text().startsWith(tr("Invalid filter")))
            showStatus(QString());
    };
    if (expression.trimmed().isEmpty()) {
        valid();
        m_eventFilter->clear();
        showRowStatus();
        return true;
    }
    std::string error;
    std::size_t at = 0;
    if (!codec::FilterExpression::parse(expression.toStdString(), &error, &at)) {
        QPalette pal;   // (only these two roles set: the rest still inherits)
        pal.setColor(QPalette::Base, QColor(0xff, 0xd6, 0xd6));
        pal.setColor(QPalette::Text, QColor(0x70, 0x00, 0x00));
        m_filterBar->setPalette(pal);
        const QString why = tr("Invalid filter at column %1: %2").arg(at + 1).arg(QString::fromStdString(error));
        m_filterBar->setToolTip(why);
        showStatus(why);
        return false;
    }
    valid();
    QMetaObject::invokeMethod(m_session, [s = m_session, expression] { s->filter(expression); }, Qt::QueuedConnection);
    return true;
}

bool MainWindow::isEventShown(quint32 event) const
{
    const int row = m_frames->rowOfEvent(event);
    return row >= 0 && viewIndexForFrameRowVisible(row);
}

bool MainWindow::viewIndexForFrameRowVisible(int frameRow) const
{
    const QModelIndex byConnection = m_byConnection->mapFromSource(m_frames->index(frameRow, 0));
    return byConnection.isValid() && m_eventFilter->mapFromSource(byConnection).isValid();
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
    showStatus(tr("Starting the live demo…"));
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
    showStatus(source.kind == QLatin1String("interface") ? tr("Capturing on %1").arg(source.description)
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
    showStatus(tr("Opening %1…").arg(path));
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
    showStatus(tr("Exporting to %1…").arg(path));
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
        showStatus(tr("Only JSON Lines and text can hold just the rows shown; pcapng holds whole packets."));
        return;
    }
    QVector<quint32> events = shownEvents();
    if (events.isEmpty()) {
        showStatus(tr("No rows are shown: nothing to export."));
        return;
    }
    showStatus(tr("Exporting %n row(s) to %1…", nullptr, int(events.size())).arg(path));
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
    QByteArray decrypted;
    m_tree->setTree(m_session->dissection(event, &decrypted));
    // Everything open but the inside of frames: a frame's node says its
    // size, flags and the start of its body on one line.
    m_treeView->expandAll();
    const auto fold = [this](const auto &self, const QModelIndex &parent) -> void {
        for (int r = 0; r < m_tree->rowCount(parent); ++r) {
            const QModelIndex i = m_tree->index(r, 0, parent);
            if (i.data(DissectionModel::KeyRole).toString() == QLatin1String("zmtp.frame"))
                m_treeView->collapse(i);
            else
                self(self, i);
        }
    };
    fold(fold, {});
    m_treeView->resizeColumnToContents(0);
    m_bytes->setEvent(m_session->eventBytes(event), m_session->eventOffset(event), decrypted);
}

void MainWindow::fieldSelected()
{
    const QModelIndex i = m_treeView->currentIndex();
    if (!i.isValid())
        return;
    m_bytes->markField(i.data(DissectionModel::OffsetRole).toULongLong(), i.data(DissectionModel::LengthRole).toULongLong(),
                       i.data(DissectionModel::DecryptedRole).toBool());
}

void MainWindow::byteSelected(quint64 offset, bool decrypted)
{
    const QModelIndex i = m_tree->indexForOffset(offset, decrypted);
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
