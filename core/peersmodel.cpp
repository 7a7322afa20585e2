#include "peersmodel.h"

#include <algorithm>

namespace zmqscope {

PeersModel::PeersModel(QObject *parent) : QAbstractTableModel(parent) {}

int PeersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PeersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Peer");
    case Role: return tr("Role");
    case Endpoints: return tr("Endpoints");
    case State: return tr("State");
    case Sent: return tr("Sent");
    case Received: return tr("Received");
    case LastError: return tr("Last error");
    default: return {};
    }
}

QVariant PeersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const PeerRow &r = m_rows[index.row()];
    switch (role) {
    case IdRole: return r.id;
    case SourcesRole: return QVariant::fromValue(r.sources);
    case RunningRole: return r.running;
    // Meaning, not looks (the dock colours it): 2 failed, 1 an error seen, 0 fine.
    case SeverityRole: return r.state == QLatin1String("Failed") || r.state == QLatin1String("GaveUp") ? 2 : r.lastError.isEmpty() ? 0 : 1;
    case Qt::ToolTipRole:
        return r.lastError.isEmpty() ? r.endpoints.join(QLatin1Char('\n')) : r.lastError;
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return QStringLiteral("%1 %2").arg(r.id).arg(r.name);
        case Role: return r.role;
        case Endpoints: return r.endpoints.join(QStringLiteral(", "));
        case State: return r.state;
        case Sent: return r.sent;
        case Received: return r.received;
        case LastError: return r.lastError;
        default: return {};
        }
    default: return {};
    }
}

const PeerRow *PeersModel::peer(quint32 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows[row];
}

int PeersModel::rowOf(quint32 id) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id, [](const PeerRow &r, quint32 v) { return r.id < v; });
    return it != m_rows.end() && it->id == id ? int(it - m_rows.begin()) : -1;
}

QStringList PeersModel::log(quint32 id) const
{
    return m_logs.value(id);
}

void PeersModel::update(const QVector<PeerRow> &rows)
{
    // Gone first (one removal per peer: peers are few), then the changes,
    // then the new ones at the end in one insertion (ids only grow).
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        const quint32 id = m_rows[i].id;
        if (std::none_of(rows.begin(), rows.end(), [id](const PeerRow &r) { return r.id == id; })) {
            beginRemoveRows({}, i, i);
            m_rows.remove(i);
            m_logs.remove(id);
            endRemoveRows();
        }
    }
    // Changed rows: one dataChanged for the span they cover (two hundred
    // peers report every 100 ms; most rows do not change).
    QVector<PeerRow> added;
    int first = -1, last = -1;
    for (const PeerRow &r : rows) {
        const int row = rowOf(r.id);
        if (row < 0) {
            added.push_back(r);
            continue;
        }
        PeerRow &mine = m_rows[row];
        if (mine.state == r.state && mine.sent == r.sent && mine.received == r.received && mine.lastError == r.lastError
            && mine.running == r.running && mine.endpoints == r.endpoints && mine.sources == r.sources)
            continue;
        mine = r;
        first = first < 0 ? row : std::min(first, row);
        last = std::max(last, row);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    if (added.isEmpty())
        return;
    std::sort(added.begin(), added.end(), [](const PeerRow &a, const PeerRow &b) { return a.id < b.id; });
    const int end = int(m_rows.size());
    beginInsertRows({}, end, end + int(added.size()) - 1);
    m_rows += added;
    std::sort(m_rows.begin(), m_rows.end(), [](const PeerRow &a, const PeerRow &b) { return a.id < b.id; });
    endInsertRows();
}

void PeersModel::appendLogs(const QVector<PeerLogRow> &lines)
{
    QSet<quint32> touched;
    for (const PeerLogRow &l : lines) {
        QStringList &log = m_logs[l.peer];
        const char *level = l.level == 2 ? "error: " : l.level == 1 ? "warning: " : "";
        log << QStringLiteral("[%1.%2] %3%4")
                   .arg(l.timeMs / 1000, 4)
                   .arg(l.timeMs % 1000, 3, 10, QLatin1Char('0'))
                   .arg(QLatin1String(level), l.text);
        if (log.size() > kLogLines)
            log.erase(log.begin(), log.begin() + (log.size() - kLogLines));
        touched.insert(l.peer);
    }
    for (quint32 id : touched)
        Q_EMIT logAppended(id);
}

}   // namespace zmqscope
