#include "connectionsmodel.h"

#include "codec/eventdump.h"

namespace zmqscope {

ConnectionsModel::ConnectionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ConnectionsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

const ConnectionRow *ConnectionsModel::connection(quint32 id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.constEnd() ? nullptr : &m_rows[*it];
}

void ConnectionsModel::update(const QVector<ConnectionRow> &rows)
{
    QVector<ConnectionRow> added;
    for (const ConnectionRow &r : rows) {
        const auto it = m_index.constFind(r.connection);
        if (it == m_index.constEnd()) {
            added.push_back(r);
            continue;
        }
        m_rows[*it] = r;
        Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
    }
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const ConnectionRow &r : added) {
        m_index.insert(r.connection, int(m_rows.size()));
        m_rows.push_back(r);
    }
    endInsertRows();
}

QVector<quint32> ConnectionsModel::connectionsOf(const QVector<quint32> &sources) const
{
    QVector<quint32> out;
    for (const ConnectionRow &r : m_rows)
        if (r.source && sources.contains(r.source))
            out.push_back(r.connection);
    return out;
}

QVector<quint32> ConnectionsModel::connectionsWithClients(const QStringList &clients) const
{
    QVector<quint32> out;
    for (const ConnectionRow &r : m_rows)
        if (clients.contains(r.client))
            out.push_back(r.connection);
    return out;
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ConnectionRow &r = m_rows.at(index.row());
    if (role == ConnectionRole)
        return r.connection;
    if (role == StateRole)
        return r.state;
    if (role == SourceRole)
        return r.source;
    if (role == Qt::ToolTipRole && index.column() == Identities)
        return tr("Each side's routing identity as it announced it (\"\" is an empty one; (none) where a side announced none). "
                  "Bytes that are not printable are written \\xNN.");
    if (role == Qt::ToolTipRole && (index.column() == Messages || index.column() == Bytes))
        return tr("Click for a graph of this connection's throughput, each direction on its own");
    if (role != Qt::DisplayRole)
        return {};
    auto pair = [](const QString &a, const QString &b) {
        return (a.isEmpty() ? QStringLiteral("?") : a) + QStringLiteral(" → ") + (b.isEmpty() ? QStringLiteral("?") : b);
    };
    // As the frame list writes bytes: printable as text, the rest \xNN.
    auto identity = [&](int d) {
        return r.hasIdentity[d] ? QString::fromStdString(codec::quoteBytes(codec::Bytes(reinterpret_cast<const std::uint8_t *>(r.identity[d].constData()),
                                                                                        std::size_t(r.identity[d].size())), 64))
                                : QString();
    };
    switch (index.column()) {
    case Id: return r.connection;
    case Client: return r.client;
    case Server: return r.server;
    case Version: return r.version[0] == r.version[1] ? r.version[0] : pair(r.version[0], r.version[1]);
    case Mechanism: return r.mechanism;
    case SocketTypes: return pair(r.socketType[0], r.socketType[1]);
    case Identities:
        // A side that announced none says so in words ("" is an empty one).
        return identity(0).isEmpty() && identity(1).isEmpty()
            ? QString()
            : (identity(0).isEmpty() ? tr("(none)") : identity(0)) + QStringLiteral(" → ") + (identity(1).isEmpty() ? tr("(none)") : identity(1));
    case Protocol: return r.protocol.toUpper();
    case State: return r.state;
    case Messages: return QStringLiteral("%1 / %2").arg(r.messages[0]).arg(r.messages[1]);
    case Bytes: return QStringLiteral("%1 / %2").arg(r.bytes[0]).arg(r.bytes[1]);
    case Findings: return r.findings;
    }
    return {};
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Conn");
    case Client: return tr("Client");
    case Server: return tr("Server");
    case Version: return tr("ZMTP");
    case Mechanism: return tr("Mechanism");
    case SocketTypes: return tr("Socket types");
    case Identities: return tr("Identities");
    case Protocol: return tr("Protocol");
    case State: return tr("State");
    case Messages: return tr("Messages c2s / s2c");
    case Bytes: return tr("Bytes c2s / s2c");
    case Findings: return tr("Findings");
    }
    return {};
}

}   // namespace zmqscope
