#include "summarydock.h"

#include "snapshotpacer.h"
#include "tabletext.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace zmqscope {

namespace {
QStandardItem *number(double v, int decimals = 0)
{
    auto *item = new QStandardItem(decimals ? QString::number(v, 'f', decimals) : QString::number(qulonglong(v)));
    item->setData(v, Qt::UserRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem *label(const QString &s)
{
    return new QStandardItem(s);
}

void addHierarchy(QStandardItem *parent, const capture::HierarchyNode &n, const capture::HierarchyNode &root)
{
    const double share = root.events ? 100.0 * double(n.events) / double(root.events) : 0;
    QList<QStandardItem *> row{label(QString::fromStdString(n.name)), number(double(n.events)), number(share, 1),
                               number(double(n.bytes))};
    parent->appendRow(row);
    for (const capture::HierarchyNode &c : n.children)
        addHierarchy(row.front(), c, root);
}
}   // namespace

SummaryDock::SummaryDock(CaptureSession *session, QWidget *parent)
    : QDockWidget(tr("Capture Statistics"), parent), m_session(session)
{
    setObjectName(QStringLiteral("summaryDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    m_tabs = new QTabWidget(body);
    const QStringList names{tr("Conversations"), tr("Protocol Hierarchy"), tr("ZRE Groups"), tr("MDP Services")};
    const QList<QStringList> headers{
        {tr("Connection"), tr("Protocol"), tr("Start (s)"), tr("Duration (s)"), tr("Messages c2s"), tr("Messages s2c"),
         tr("Bytes c2s"), tr("Bytes s2c"), tr("Bytes/s c2s"), tr("Bytes/s s2c")},
        {tr("Protocol"), tr("Events"), tr("% of events"), tr("Bytes")},
        {tr("Group / member"), tr("UUID"), tr("Endpoint"), tr("Shouts"), tr("Whispers")},
        {tr("Service / worker"), tr("Workers"), tr("Requests"), tr("Replies")},
    };
    for (int t = 0; t < TabCount; ++t) {
        m_models[t] = new QStandardItemModel(this);
        m_models[t]->setHorizontalHeaderLabels(headers[t]);
        m_models[t]->setSortRole(Qt::UserRole);
        m_views[t] = new QTreeView(m_tabs);
        m_views[t]->setModel(m_models[t]);
        m_views[t]->setRootIsDecorated(t == Hierarchy || t == ZreGroups || t == MdpServices);
        m_views[t]->setUniformRowHeights(true);
        m_views[t]->setAlternatingRowColors(true);
        m_tabs->addTab(m_views[t], names[t]);
    }
    m_views[Conversations]->setSortingEnabled(true);
    m_views[Conversations]->setObjectName(QStringLiteral("conversations"));
    m_views[Hierarchy]->setObjectName(QStringLiteral("protocolHierarchy"));
    layout->addWidget(m_tabs, 1);
    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    auto *copy = new QPushButton(tr("&Copy"), body);
    auto *csv = new QPushButton(tr("Export &CSV…"), body);
    bar->addWidget(copy);
    bar->addWidget(csv);
    layout->addLayout(bar);
    setWidget(body);

    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text(Tab(m_tabs->currentIndex()), false)); });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_tabs->tabText(m_tabs->currentIndex())),
                                                          QString(), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(Tab(m_tabs->currentIndex()), path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    connect(m_views[Conversations], &QAbstractItemView::activated, this, [this](const QModelIndex &i) {
        Q_EMIT connectionChosen(i.siblingAtColumn(0).data(Qt::UserRole).toUInt());
    });
    m_pacer = new SnapshotPacer(this, 1000, [s = m_session](quint64 request) {
        QMetaObject::invokeMethod(s, [s, request] { s->requestSummary(request); }, Qt::QueuedConnection);
    });
    connect(m_session, &CaptureSession::summaryReady, this, &SummaryDock::received);
}

void SummaryDock::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void SummaryDock::markDirty()
{
    m_pacer->markDirty();
}

void SummaryDock::clear()
{
    m_summary = {};
    fill();
    m_pacer->markDirty();
}

void SummaryDock::refresh()
{
    m_pacer->ask();
}

void SummaryDock::received(quint64 request, const capture::CaptureSummary &summary)
{
    if (!m_pacer->accept(request))
        return;
    m_summary = summary;
    fill();
    Q_EMIT updated();
}

void SummaryDock::fill()
{
    for (QStandardItemModel *m : m_models)
        m->removeRows(0, m->rowCount());
    std::int64_t start = INT64_MAX;
    for (const capture::ConversationStats &c : m_summary.conversations)
        start = std::min(start, c.firstNs);
    for (const capture::ConversationStats &c : m_summary.conversations) {
        const double seconds = c.seconds();
        auto *id = number(c.connection);
        m_models[Conversations]->appendRow({id, label(QString::fromStdString(c.protocol)), number(double(c.firstNs - start) / 1e9, 6),
                                            number(seconds, 6), number(double(c.messages[0])), number(double(c.messages[1])),
                                            number(double(c.bytes[0])), number(double(c.bytes[1])),
                                            number(seconds > 0 ? double(c.bytes[0]) / seconds : 0, 1),
                                            number(seconds > 0 ? double(c.bytes[1]) / seconds : 0, 1)});
    }
    if (m_summary.hierarchy.events) {
        addHierarchy(m_models[Hierarchy]->invisibleRootItem(), m_summary.hierarchy, m_summary.hierarchy);
        m_views[Hierarchy]->expandAll();
    }
    for (const auto &[group, members] : m_summary.zreGroups) {
        auto *g = label(QString::fromStdString(group));
        for (const capture::ZreMember &m : m_summary.zreMembers)
            if (m.groups.count(group))
                g->appendRow({label(QString::fromStdString(m.name)), label(QString::fromStdString(m.uuid)),
                              label(QString::fromStdString(m.endpoint)), number(double(m.shouts)), number(double(m.whispers))});
        m_models[ZreGroups]->appendRow({g, label({}), label({}), number(double(members.size())), label({})});
    }
    for (const capture::MdpService &s : m_summary.mdpServices) {
        auto *svc = label(QString::fromStdString(s.name));
        for (std::uint32_t w : s.workers)
            svc->appendRow({label(tr("worker on connection %1").arg(w)), label({}), label({}), label({})});
        m_models[MdpServices]->appendRow({svc, number(double(s.workers.size())), number(double(s.requests)), number(double(s.replies))});
    }
    m_views[ZreGroups]->expandAll();
    m_views[MdpServices]->expandAll();
    for (QTreeView *v : m_views)
        for (int c = 0; c < v->model()->columnCount(); ++c)
            v->resizeColumnToContents(c);
}

QString SummaryDock::text(Tab tab, bool csv) const
{
    return tableText(*m_models[tab], csv);
}

bool SummaryDock::exportCsv(Tab tab, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(text(tab, true).toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

}   // namespace zmqscope
