#include "framelistmodel.h"

#include <algorithm>

#include "codec/streamdecoder.h"

namespace zmqscope {

FrameListModel::FrameListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int FrameListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FrameListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FrameListModel::rowOfEvent(quint32 event) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), event,
                                     [](const FrameRow &r, quint32 e) { return r.event < e; });
    return it != m_rows.cend() && it->event == event ? int(it - m_rows.cbegin()) : -1;
}

void FrameListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_firstNs = 0;
    m_fixedBase = false;
    m_summaries.clear();
    endResetModel();
}

void FrameListModel::setSummarySource(std::function<QString(quint32)> source)
{
    m_summarySource = std::move(source);
    m_summaries.clear();
}

void FrameListModel::setTimeBase(qint64 ns)
{
    m_firstNs = ns;
    m_fixedBase = true;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time), {Qt::DisplayRole});
}

void FrameListModel::append(const QVector<FrameRow> &rows)
{
    if (rows.isEmpty())
        return;
    if (m_rows.isEmpty() && !m_fixedBase)
        m_firstNs = rows.front().timeNs;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);   // last is inclusive
    m_rows += rows;
    endInsertRows();
}

QVariant FrameListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const FrameRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Number: return index.row() + 1;
        case Time: return QString::number(double(r.timeNs - m_firstNs) / 1e9, 'f', 6);
        case Connection: return r.connection;
        case Direction: return r.direction == 0 ? QStringLiteral("c2s") : QStringLiteral("s2c");
        case Version:
            return r.version == quint8(codec::ZmtpVersion::Unknown)
                ? QString()
                : QString::fromLatin1(codec::versionName(codec::ZmtpVersion(r.version)).data());
        case Mechanism:
            return r.mechanism == quint8(codec::Mechanism::None)
                ? QString()
                : QString::fromLatin1(codec::mechanismName(codec::Mechanism(r.mechanism)).data());
        case Kind: return QString::fromLatin1(codec::eventKindName(codec::EventKind(r.kind)).data());
        case Summary: {
            if (const QString *cached = m_summaries.object(r.event))
                return *cached;
            if (!m_summarySource)
                return QString();
            auto *text = new QString(m_summarySource(r.event));
            const QString copy = *text;
            m_summaries.insert(r.event, text);
            return copy;
        }
        case Length: return r.length;
        }
        return {};
    case Qt::TextAlignmentRole:
        return (index.column() == Number || index.column() == Length || index.column() == Time)
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case EventRole: return r.event;
    case KindRole: return r.kind;
    case SeverityRole: return r.severity;
    case ConnectionRole: return r.connection;
    default: return {};
    }
}

QVariant FrameListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("No.");
    case Time: return tr("Time");
    case Connection: return tr("Conn");
    case Direction: return tr("Dir");
    case Version: return tr("ZMTP");
    case Mechanism: return tr("Mechanism");
    case Kind: return tr("Kind");
    case Summary: return tr("Summary");
    case Length: return tr("Length");
    }
    return {};
}

}   // namespace zmqscope
