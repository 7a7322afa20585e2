#include "framelistmodel.h"

#include <algorithm>

#include "codec/streamdecoder.h"
#include "protocols/registry.h"

namespace zmqscope {

FrameListModel::FrameListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int FrameListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int FrameListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FrameListModel::rowOfEvent(quint32 event) const
{
    // Rows and store events are one to one, in order.
    if (event >= quint32(m_count))
        return -1;
    return row(int(event)).event == event ? int(event) : -1;
}

FrameRow FrameListModel::row(int i) const
{
    if (i < 0 || i >= m_count)
        return {};
    if (i >= m_recentFirst)
        return m_recent.at(i - m_recentFirst);
    const int block = i / kBlock;
    if (const QVector<FrameRow> *b = m_blocks.object(block))
        return i - block * kBlock < b->size() ? b->at(i - block * kBlock) : FrameRow{};
    if (!m_rowSource)
        return {};
    auto *b = new QVector<FrameRow>(m_rowSource(quint32(block * kBlock), kBlock));
    const FrameRow r = i - block * kBlock < b->size() ? b->at(i - block * kBlock) : FrameRow{};
    m_blocks.insert(block, b);
    return r;
}

void FrameListModel::setColourRuleSource(std::function<int(quint32)> source)
{
    m_ruleSource = std::move(source);
    clearColourRules();
}

void FrameListModel::clearColourRules()
{
    m_rules.clear();
    if (m_count > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_count - 1, ColumnCount - 1), {ColourRuleRole, Qt::BackgroundRole});
}

void FrameListModel::setRowSource(std::function<QVector<FrameRow>(quint32, int)> source)
{
    m_rowSource = std::move(source);
    m_blocks.clear();
}

void FrameListModel::clear()
{
    beginResetModel();
    m_count = 0;
    m_recent.clear();
    m_recentFirst = 0;
    m_blocks.clear();
    m_firstNs = 0;
    m_fixedBase = false;
    m_summaries.clear();
    m_rules.clear();
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
    if (m_count > 0)
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time), {Qt::DisplayRole});
}

void FrameListModel::append(const QVector<FrameRow> &rows)
{
    if (rows.isEmpty())
        return;
    if (m_count == 0 && !m_fixedBase)
        m_firstNs = rows.front().timeNs;
    const int first = m_count;
    beginInsertRows({}, first, first + int(rows.size()) - 1);   // last is inclusive
    m_recent += rows;
    m_count += int(rows.size());
    // Keep the newest rows; older ones are read back in blocks on demand.
    if (m_rowSource && m_recent.size() > 2 * kRecent) {
        const int drop = int(m_recent.size()) - kRecent;
        m_recent.remove(0, drop);
        m_recent.squeeze();
        m_recentFirst += drop;
    }
    endInsertRows();
}

QVariant FrameListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_count)
        return {};
    const FrameRow r = row(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Number: return index.row() + 1;
        case Time: return QString::number(double(r.timeNs - m_firstNs) / 1e9, 'f', 6);
        case Connection: return r.kind == quint8(codec::EventKind::Beacon) ? QVariant(QString()) : QVariant(r.connection);
        case Direction:
            if (r.kind == quint8(codec::EventKind::Beacon))
                return QStringLiteral("udp");
            return r.direction == 0 ? QStringLiteral("c2s") : QStringLiteral("s2c");
        case Version:
            return r.version == quint8(codec::ZmtpVersion::Unknown)
                ? QString()
                : QString::fromLatin1(codec::versionName(codec::ZmtpVersion(r.version)).data());
        case Mechanism:
            return r.mechanism == quint8(codec::Mechanism::None)
                ? QString()
                : QString::fromLatin1(codec::mechanismName(codec::Mechanism(r.mechanism)).data());
        case Kind: return QString::fromLatin1(codec::eventKindName(codec::EventKind(r.kind)).data());
        case Protocol: {
            // The innermost protocol the row's record names (MDP, ZRE...);
            // ZMTP for messages and commands no application protocol claims.
            if (const protocols::ProtocolDissector *d = protocols::protocolByNumber(r.protocol))
                return QString::fromLatin1(d->info().id.data(), qsizetype(d->info().id.size())).toUpper();
            return r.kind == quint8(codec::EventKind::Beacon) ? QStringLiteral("UDP") : QStringLiteral("ZMTP");
        }
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
    case ColourRuleRole: {
        if (const int *cached = m_rules.object(r.event))
            return *cached;
        if (!m_ruleSource)
            return -1;
        const int rule = m_ruleSource(r.event);
        m_rules.insert(r.event, new int(rule));
        return rule;
    }
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
    case Protocol: return tr("Protocol");
    case Summary: return tr("Summary");
    case Length: return tr("Length");
    }
    return {};
}

}   // namespace zmqscope
