#include "responsetimesdock.h"

#include "responsetimesmodel.h"
#include "plottheme.h"
#include "snapshotpacer.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace zmqscope {

namespace {
QString milliseconds(double seconds)
{
    const double ms = seconds * 1e3;
    return ms >= 100 ? QString::number(ms, 'f', 0) : ms >= 1 ? QString::number(ms, 'f', 1) : QString::number(ms, 'g', 2);
}
}   // namespace

ResponseTimesDock::ResponseTimesDock(CaptureSession *session, QWidget *parent)
    : QDockWidget(tr("Response Times"), parent), m_session(session)
{
    setObjectName(QStringLiteral("responseTimesDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Group by:"), body));
    m_grouping = new QComboBox(body);
    m_grouping->setObjectName(QStringLiteral("responseGrouping"));
    m_grouping->addItem(tr("Service"), ResponseTimesModel::ByService);
    m_grouping->addItem(tr("Connection"), ResponseTimesModel::ByConnection);
    m_grouping->addItem(tr("Whole capture"), ResponseTimesModel::All);
    controls->addWidget(m_grouping);
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("responseSummary"));
    controls->addWidget(m_summary, 1);
    auto *copyButton = new QPushButton(tr("&Copy"), body);
    auto *csvButton = new QPushButton(tr("Export &CSV…"), body);
    controls->addWidget(copyButton);
    controls->addWidget(csvButton);
    layout->addLayout(controls);

    m_model = new ResponseTimesModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(ResponseTimesModel::SortRole);
    m_view = new QTableView(body);
    m_view->setObjectName(QStringLiteral("responseTimes"));
    m_view->setModel(m_sorted);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ResponseTimesModel::Count, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setToolTip(tr("Double-click a row to select its slowest reply"));

    m_histogram = new QCustomPlot(body);
    m_histogram->setObjectName(QStringLiteral("responseHistogram"));
    m_histogram->setMinimumHeight(140);
    m_histogram->yAxis->setLabel(tr("Replies"));
    m_histogram->xAxis->setLabel(tr("Response time (ms)"));
    auto *split = new QSplitter(Qt::Vertical, body);
    split->addWidget(m_view);
    split->addWidget(m_histogram);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setGrouping(ResponseTimesModel::Grouping(m_grouping->currentData().toInt()));
        if (m_sorted->rowCount() > 0)
            m_view->selectRow(0);
        showHistogram();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ResponseTimesDock::showHistogram);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &i) {
        if (i.isValid())
            Q_EMIT eventChosen(i.data(ResponseTimesModel::SlowestRole).toUInt());
    });
    connect(copyButton, &QPushButton::clicked, this, &ResponseTimesDock::copy);
    connect(csvButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Response Times"), QString(), tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    m_pacer = new SnapshotPacer(this, 500, [s = m_session](quint64 request) {
        QMetaObject::invokeMethod(s, [s, request] { s->requestResponseTimes(request); }, Qt::QueuedConnection);
    });
    connect(m_session, &CaptureSession::responseTimesReady, this, &ResponseTimesDock::received);
}

void ResponseTimesDock::markDirty()
{
    m_pacer->markDirty();
}

void ResponseTimesDock::clear()
{
    m_model->setReport({});
    m_pacer->markDirty();
    showHistogram();
}

void ResponseTimesDock::refresh()
{
    m_pacer->ask();
}

void ResponseTimesDock::received(quint64 request, const capture::ResponseTimeReport &report)
{
    if (!m_pacer->accept(request))
        return;
    // Keep the selected row across the new snapshot.
    const QModelIndex current = m_view->currentIndex();
    const QString key = current.isValid() ? current.siblingAtColumn(ResponseTimesModel::Protocol).data().toString()
                                                + current.siblingAtColumn(ResponseTimesModel::Group).data().toString()
                                                + current.siblingAtColumn(ResponseTimesModel::AnsweredBy).data().toString()
                                          : QString();
    m_model->setReport(report);
    int select = 0;
    for (int r = 0; r < m_sorted->rowCount(); ++r) {
        const auto at = [&](int c) { return m_sorted->index(r, c).data().toString(); };
        if (at(ResponseTimesModel::Protocol) + at(ResponseTimesModel::Group) + at(ResponseTimesModel::AnsweredBy) == key)
            select = r;
    }
    if (m_sorted->rowCount() > 0)
        m_view->selectRow(select);
    m_view->resizeColumnsToContents();
    const capture::ResponseTimeRow &all = report.all;
    m_summary->setText(all.count ? tr("Replies matched: %1; p50 %2 ms, p99 %3 ms")
                                       .arg(all.count)
                                       .arg(milliseconds(all.p50), milliseconds(all.p99))
                                 : tr("No reply matched to a request yet."));
    showHistogram();
    Q_EMIT updated();
}

QVector<double> ResponseTimesDock::histogramCounts() const
{
    QVector<double> counts;
    const QModelIndex current = m_view->currentIndex();
    const capture::ResponseTimeRow *row = current.isValid() ? m_model->rowAt(m_sorted->mapToSource(current).row()) : nullptr;
    if (row)
        for (std::uint64_t c : row->histogram)
            counts.push_back(double(c));
    return counts;
}

void ResponseTimesDock::showHistogram()
{
    m_histogram->clearPlottables();
    applyPlotPalette(*m_histogram, palette());
    const QVector<double> counts = histogramCounts();
    const std::vector<double> &edges = m_model->report().binEdges;
    if (!counts.isEmpty() && edges.size() == std::size_t(counts.size()) + 1) {
        auto *bars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
        bars->setPen(QPen(QColor(0x1f77b4)));
        bars->setBrush(QColor(0x1f77b4).lighter(130));
        bars->setWidth(0.9);
        QVector<double> keys;
        auto ticks = QSharedPointer<QCPAxisTickerText>::create();
        const int every = qMax(1, int(counts.size()) / 6);
        for (int i = 0; i < counts.size(); ++i) {
            keys.push_back(i);
            if (i % every == 0)
                ticks->addTick(i - 0.5, milliseconds(edges[std::size_t(i)]));
        }
        ticks->addTick(counts.size() - 0.5, milliseconds(edges.back()));
        bars->setData(keys, counts, true);
        m_histogram->xAxis->setTicker(ticks);
        m_histogram->xAxis->setRange(-0.7, counts.size() - 0.3);
        double top = 1;
        for (double c : counts)
            top = qMax(top, c);
        m_histogram->yAxis->setRange(0, top * 1.1);
    }
    m_histogram->replot(QCustomPlot::rpQueuedReplot);
}

void ResponseTimesDock::copy()
{
    QApplication::clipboard()->setText(m_model->toText(false));
}

bool ResponseTimesDock::exportCsv(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_model->toText(true).toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

}   // namespace zmqscope
