#include "framelistmodel.h"

#include <algorithm>

#include "codec/streamdecoder.h"
#include "protocols/registry.h"

#include <QDateTime>

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
    m_marked.clear();
    m_wireRows = 0;
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
    for (const FrameRow &r : rows)
        m_wireRows += !r.derived;
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
        case Time: return timeText(index.row(), r);
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
        case Kind: {
            // A derived row says so: it repeats bytes of a row above it.
            const QString kind = QString::fromLatin1(codec::eventKindName(codec::EventKind(r.kind)).data());
            return r.derived ? QStringLiteral("\u21b3 ") + kind : kind;
        }
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
    case Qt::ToolTipRole: {
        // The whole summary (a finding's own detail, cut in the column), and what the row is.
        QString tip = data(index.siblingAtColumn(Summary), Qt::DisplayRole).toString().toHtmlEscaped();
        if (r.derived)
            tip += QStringLiteral("<br/><i>%1</i>").arg(tr("Derived: read from bytes a row above already showed (no bytes of its own)."));
        else if (r.kind == quint8(codec::EventKind::VersionDecided))
            tip += QStringLiteral("<br/><i>%1</i>").arg(tr("The ZMTP greeting: signature, version and mechanism, before any frame."));
        if (r.decrypted)
            tip += QStringLiteral("<br/><i>%1</i>").arg(tr("Decrypted with a CURVE session key: the Decrypted tab shows the plaintext."));
        return tip;
    }
    case DerivedRole: return r.derived;
    case MarkedRole: return m_marked.contains(r.event);
    case EventRole: return r.event;
    case KindRole: return r.kind;
    case SeverityRole: return r.severity;
    case ConnectionRole: return r.connection;
    case TimeRole: return qint64(r.timeNs - m_firstNs);
    case AbsoluteTimeRole: return qint64(r.timeNs);
    case DirectionRole: return r.direction;
    default: return {};
    }
}

QString FrameListModel::timeText(int row, const FrameRow &r) const
{
    switch (m_timeFormat) {
    case TimeFormat::SinceStart: return QString::number(double(r.timeNs - m_firstNs) / 1e9, 'f', 6);
    case TimeFormat::SincePrevious: {
        const qint64 previous = row > 0 ? this->row(row - 1).timeNs : r.timeNs;
        return QString::number(double(r.timeNs - previous) / 1e9, 'f', 6);
    }
    case TimeFormat::TimeOfDay:
    case TimeFormat::DateAndTime: {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(r.timeNs / 1000000);
        const QString micro = QStringLiteral("%1").arg((r.timeNs / 1000) % 1000000, 6, 10, QLatin1Char('0'));
        return t.toString(m_timeFormat == TimeFormat::TimeOfDay ? QStringLiteral("HH:mm:ss.") : QStringLiteral("yyyy-MM-dd HH:mm:ss."))
            + micro;
    }
    case TimeFormat::Epoch: return QString::number(double(r.timeNs) / 1e9, 'f', 6);
    }
    return {};
}

void FrameListModel::setTimeFormat(TimeFormat format)
{
    m_timeFormat = format;
    if (m_count > 0)
        Q_EMIT dataChanged(index(0, Time), index(m_count - 1, Time), {Qt::DisplayRole});
}

void FrameListModel::setMarked(quint32 event, bool marked)
{
    if (marked == m_marked.contains(event))
        return;
    if (marked)
        m_marked.insert(event);
    else
        m_marked.remove(event);
    if (const int r = rowOfEvent(event); r >= 0)
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1), {MarkedRole});
}

QList<quint32> FrameListModel::markedEvents() const
{
    QList<quint32> out(m_marked.begin(), m_marked.end());
    std::sort(out.begin(), out.end());
    return out;
}

void FrameListModel::clearMarks()
{
    const QList<quint32> was = markedEvents();
    m_marked.clear();
    for (quint32 e : was)
        if (const int r = rowOfEvent(e); r >= 0)
            Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1), {MarkedRole});
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
