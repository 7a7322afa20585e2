#include "conformancemodel.h"


namespace zmqscope {

ConformanceModel::ConformanceModel(QObject *parent) : QAbstractTableModel(parent) {}

int ConformanceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConformanceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConformanceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConformanceRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Case: return r.id;
        case Level: return r.level;
        case Verdict: return r.verdict;
        case Time: return QStringLiteral("%1 ms").arg(qRound64(r.ms));
        case Observed: return r.observed;
        default: return {};
        }
    case Qt::ToolTipRole:
        return index.column() == Observed || index.column() == Case ? r.requirement + QStringLiteral("\n\n") + r.observed : QVariant();
    case VerdictRole: return r.verdict;
    case ClientsRole: return r.clients;
    case DetailsRole: {
        QString d = QStringLiteral("%1 — %2, %3 (%4)\n\n%5\n\nSends: %6\nAccepts: %7\nObserved: %8")
                        .arg(r.id, r.spec, r.section, r.level, r.requirement, r.sends, r.expects, r.observed);
        if (!r.profileNote.isEmpty())
            d += QStringLiteral("\nProfile: ") + r.profileNote;
        return d;
    }
    default: return {};
    }
}

QVariant ConformanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Case: return tr("Case");
    case Level: return tr("Level");
    case Verdict: return tr("Verdict");
    case Time: return tr("Time");
    case Observed: return tr("Observed");
    default: return {};
    }
}

int ConformanceModel::countOf(const QString &verdict) const
{
    int n = 0;
    for (const ConformanceRow &r : m_rows)
        n += r.verdict == verdict;
    return n;
}

void ConformanceModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void ConformanceModel::append(const QVector<ConformanceRow> &rows)
{
    QVector<ConformanceRow> shown;
    for (const ConformanceRow &r : rows)
        if (r.verdict != QLatin1String("skipped"))
            shown << r;
    if (shown.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + shown.size() - 1));
    m_rows += shown;
    endInsertRows();
}

}   // namespace zmqscope
