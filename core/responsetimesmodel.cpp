#include "responsetimesmodel.h"

#include "tabletext.h"

namespace zmqscope {

ResponseTimesModel::ResponseTimesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

const std::vector<capture::ResponseTimeRow> &ResponseTimesModel::rows() const
{
    switch (m_grouping) {
    case ByService:
        return m_report.byService;
    case ByConnection:
        return m_report.byConnection;
    case All:
        break;
    }
    return m_allRow;
}

int ResponseTimesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows().size());
}

int ResponseTimesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const capture::ResponseTimeRow *ResponseTimesModel::rowAt(int row) const
{
    const auto &r = rows();
    return row >= 0 && std::size_t(row) < r.size() ? &r[std::size_t(row)] : nullptr;
}

QVariant ResponseTimesModel::data(const QModelIndex &index, int role) const
{
    const capture::ResponseTimeRow *r = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!r)
        return {};
    const auto ms = [](double s) { return s * 1e3; };
    if (role == SlowestRole)
        return r->slowest;
    if (role == ConnectionRole)
        return r->connection;
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Count ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const bool sort = role == SortRole;
    switch (index.column()) {
    case Protocol:
        return QString::fromStdString(r->protocol);
    case Group:
        if (m_grouping == ByConnection)
            return sort ? QVariant(r->connection) : QVariant(tr("connection %1").arg(r->connection));
        if (m_grouping == All)
            return tr("every reply");
        return r->service.empty() ? QString() : QString::fromStdString(r->service);
    case AnsweredBy:
        if (m_grouping == All)
            return QString();
        return r->answeredByClient ? tr("client (worker)") : tr("server");
    case Count:
        return sort ? QVariant(qulonglong(r->count)) : QVariant(QString::number(r->count));
    default:
        break;
    }
    const double value = index.column() == Min    ? r->min
                         : index.column() == Mean ? r->mean
                         : index.column() == P50  ? r->p50
                         : index.column() == P90  ? r->p90
                         : index.column() == P99  ? r->p99
                                                  : r->max;
    if (sort)
        return value;
    return QString::number(ms(value), 'f', 3);
}

QVariant ResponseTimesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Protocol: return tr("Protocol");
    case Group: return m_grouping == ByConnection ? tr("Connection") : tr("Service");
    case AnsweredBy: return tr("Answered by");
    case Count: return tr("Replies");
    case Min: return tr("Min (ms)");
    case Mean: return tr("Mean (ms)");
    case P50: return tr("p50 (ms)");
    case P90: return tr("p90 (ms)");
    case P99: return tr("p99 (ms)");
    case Max: return tr("Max (ms)");
    }
    return {};
}

void ResponseTimesModel::setReport(const capture::ResponseTimeReport &report)
{
    beginResetModel();
    m_report = report;
    m_allRow.clear();
    if (m_report.all.count)
        m_allRow.push_back(m_report.all);
    endResetModel();
}

void ResponseTimesModel::setGrouping(Grouping g)
{
    if (g == m_grouping)
        return;
    beginResetModel();
    m_grouping = g;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

QString ResponseTimesModel::toText(bool csv) const
{
    return tableText(*this, csv);
}

}   // namespace zmqscope
