#include "peersdock.h"

#include "newpeerdialog.h"
#include "peersmodel.h"
#include "peers/peer.h"

#include "peers/replaypeer.h"
#include "peers/scenario.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace zmqscope {

PeersDock::PeersDock(CaptureSession *capture, QThread *captureThread, QWidget *parent)
    : QDockWidget(tr("Peers"), parent)
{
    setObjectName(QStringLiteral("peersDock"));
    m_capture = capture;
    m_session = new PeerSession(capture);
    m_session->moveToThread(captureThread);
    connect(captureThread, &QThread::finished, m_session, &QObject::deleteLater);
    m_model = new PeersModel(this);
    connect(m_session, &PeerSession::peersChanged, m_model, &PeersModel::update);
    connect(m_session, &PeerSession::peersLogged, m_model, &PeersModel::appendLogs);
    connect(m_session, &PeerSession::launchFailed, this,
            [this](const QString &role, const QString &error) { Q_EMIT launchFailed(tr("%1: %2").arg(role, error)); });

    auto *host = new QWidget(this);
    auto *layout = new QVBoxLayout(host);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *buttons = new QHBoxLayout;
    const auto button = [&](const QString &text, const QString &name) {
        auto *b = new QToolButton(host);
        b->setText(text);
        b->setObjectName(name);
        buttons->addWidget(b);
        return b;
    };
    QToolButton *add = button(tr("&New Peer…"), QStringLiteral("newPeer"));
    connect(add, &QToolButton::clicked, this, [this] { newPeer(); });
    m_stop = button(tr("Stop"), QStringLiteral("stopPeer"));
    m_restart = button(tr("Restart"), QStringLiteral("restartPeer"));
    m_remove = button(tr("Remove"), QStringLiteral("removePeer"));
    buttons->addStretch(1);
    const auto onSelected = [this](void (PeerSession::*slot)(quint32)) {
        return [this, slot] {
            if (const quint32 id = selectedPeer())
                QMetaObject::invokeMethod(m_session, [s = m_session, slot, id] { (s->*slot)(id); });
        };
    };
    connect(m_stop, &QToolButton::clicked, this, onSelected(&PeerSession::stop));
    connect(m_restart, &QToolButton::clicked, this, onSelected(&PeerSession::restart));
    connect(m_remove, &QToolButton::clicked, this, onSelected(&PeerSession::remove));

    m_view = new QTableView(host);
    m_view->setObjectName(QStringLiteral("peers"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    for (const auto &[column, chars] : {std::pair{PeersModel::Name, 12}, std::pair{PeersModel::State, 15}, std::pair{PeersModel::Sent, 6},
                                        std::pair{PeersModel::Received, 8}, std::pair{PeersModel::Role, 14}, std::pair{PeersModel::Endpoints, 34}})
        m_view->horizontalHeader()->resizeSection(column, chars * digit + 12);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_view->setWordWrap(false);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PeersDock::selectionChanged);
    // The rows change under the selection: the log and the filter follow.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (const quint32 id = selectedPeer())
            m_stop->setEnabled(m_model->peer(id) && m_model->peer(id)->running);
    });
    connect(m_model, &PeersModel::logAppended, this, [this](quint32 peer) {
        if (peer == selectedPeer())
            showLog(peer);
    });
    m_log = new QPlainTextEdit(host);
    m_log->setObjectName(QStringLiteral("peerLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(PeersModel::kLogLines);
    m_log->setPlaceholderText(tr("Select a peer to read its log."));
    auto *split = new QSplitter(Qt::Vertical, host);
    split->addWidget(m_view);
    split->addWidget(m_log);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);
    setWidget(host);

    // Peers > New Peer…, and each role by protocol.
    m_menu = new QMenu(tr("&Peers"), this);
    m_menu->addAction(tr("&New Peer…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), this, [this] { newPeer(); });
    m_menu->addAction(tr("Open &Scenario…"), this, &PeersDock::openScenarioDialog);
    m_menu->addSeparator();
    QMenu *group = nullptr;
    std::string_view groupName;
    for (const peers::RoleInfo *r : peers::roles()) {
        if (!group || r->protocol != groupName) {
            groupName = r->protocol;
            group = m_menu->addMenu(QString::fromUtf8(groupName.data(), qsizetype(groupName.size())));
        }
        const QString id = QString::fromUtf8(r->id.data(), qsizetype(r->id.size()));
        QAction *a = group->addAction(QString::fromUtf8(r->title.data(), qsizetype(r->title.size())) + QStringLiteral("…"),
                                      this, [this, id] { newPeer(id); });
        a->setToolTip(QString::fromUtf8(r->description.data(), qsizetype(r->description.size())));
    }
    m_menu->addSeparator();
    m_menu->addAction(tr("Stop &All Peers"), this, &PeersDock::stopAll);
    m_menu->addAction(toggleViewAction());
    selectionChanged();
}

PeersDock::~PeersDock() = default;

quint32 PeersDock::selectedPeer() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.data(PeersModel::IdRole).toUInt() : 0;
}

void PeersDock::launch(const QString &role, const PeerOptions &options)
{
    QMetaObject::invokeMethod(m_session, [s = m_session, role, options] { s->launch(role, options); });
    show();
}

void PeersDock::newPeer(const QString &role)
{
    NewPeerDialog dialog(role, this);
    if (dialog.exec() == QDialog::Accepted)
        launch(dialog.role(), dialog.options());
}

QString PeersDock::writeReplayFile(const QVector<quint32> &events, QString *error)
{
    const QVector<FollowItem> items = m_capture->messages(events);
    std::vector<peers::ReplayMessage> messages;
    for (const FollowItem &item : items) {
        if (!item.complete)
            continue;   // (a message the capture did not keep whole is not sent half)
        peers::ReplayMessage m;
        // (a file's times may go back: a message is never due before the one it follows)
        m.atMs = std::max<std::int64_t>(messages.empty() ? 0 : messages.back().atMs, (item.timeNs - items.front().timeNs) / 1000000);
        for (const QByteArray &f : item.frames)
            m.frames.push_back(f.toStdString());
        messages.push_back(std::move(m));
    }
    if (messages.empty()) {
        *error = tr("Select one or more messages (whole ones) to replay.");
        return {};
    }
    static int next = 0;
    const QString path = m_replays.filePath(QStringLiteral("replay-%1.txt").arg(++next));
    QFile f(path);
    const std::string text = peers::writeReplay(messages);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        *error = tr("Cannot write %1").arg(path);
        return {};
    }
    return path;
}

void PeersDock::replaySelection(const QVector<quint32> &events)
{
    QString error;
    const QString path = writeReplayFile(events, &error);
    if (path.isEmpty()) {
        Q_EMIT launchFailed(error);
        return;
    }
    NewPeerDialog dialog(QStringLiteral("replay"), this);
    dialog.setValue(QStringLiteral("messages"), path);
    if (dialog.exec() == QDialog::Accepted)
        launch(dialog.role(), dialog.options());
}

bool PeersDock::openScenario(const QString &path)
{
    peers::ScenarioError problem;
    const auto scenario = peers::loadScenario(QFile::encodeName(path).toStdString(), &problem);
    if (!scenario) {
        Q_EMIT launchFailed(tr("%1:%2:%3: %4").arg(QFileInfo(path).fileName()).arg(problem.line).arg(problem.column)
                                .arg(QString::fromStdString(problem.message)));
        return false;
    }
    for (const peers::ScenarioPeer &p : scenario->peers) {
        PeerOptions options;
        for (const auto &[name, values] : p.options) {
            QStringList v;
            for (const std::string &value : values)
                v << QString::fromStdString(value);
            options.insert(QString::fromStdString(name), v);
        }
        if (!options.contains(QStringLiteral("name")))
            options.insert(QStringLiteral("name"), {QString::fromStdString(p.name)});
        launch(QString::fromUtf8(p.role->id.data(), qsizetype(p.role->id.size())), options);
    }
    QString summary = tr("%1: %2, %n peer(s) and device(s)", nullptr, int(scenario->peers.size()))
                          .arg(QFileInfo(path).fileName(), QString::fromStdString(scenario->format));
    for (const std::string &n : scenario->notes)
        summary += QStringLiteral("; ") + QString::fromStdString(n);
    Q_EMIT scenarioOpened(summary);
    return true;
}

void PeersDock::openScenarioDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(),
                                                      tr("Scenarios (*.zpl *.json *.cfg);;All files (*)"));
    if (!path.isEmpty())
        openScenario(path);
}

void PeersDock::stopAll()
{
    QMetaObject::invokeMethod(m_session, [s = m_session] { s->stopAll(); });
}

void PeersDock::selectionChanged()
{
    const quint32 id = selectedPeer();
    const PeerRow *p = id ? m_model->peer(id) : nullptr;
    m_stop->setEnabled(p && p->running);
    m_restart->setEnabled(p);
    m_remove->setEnabled(p);
    showLog(id);
    Q_EMIT peerSelected(p ? p->sources : QVector<quint32>{});
}

void PeersDock::showLog(quint32 peer)
{
    const bool atEnd = m_log->verticalScrollBar()->value() == m_log->verticalScrollBar()->maximum();
    m_log->setPlainText(peer ? m_model->log(peer).join(QLatin1Char('\n')) : QString());
    if (atEnd)
        m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

}   // namespace zmqscope
