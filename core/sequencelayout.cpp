#include "sequencelayout.h"

#include "connectionsmodel.h"
#include "framelistmodel.h"

#include "codec/streamdecoder.h"

#include <QAbstractItemModel>

namespace zmqscope {

SequenceLayout::SequenceLayout(const QAbstractItemModel *rows, const ConnectionsModel *connections)
    : m_rows(rows), m_connections(connections)
{
}

void SequenceLayout::reset()
{
    m_read = 0;
    m_lanes.clear();
    m_laneIndex.clear();
    m_connectionLanes.clear();
    m_links.clear();
    m_linksFrom = 0;
}

int SequenceLayout::rowCount() const
{
    return m_rows->rowCount();
}

int SequenceLayout::laneFor(const QString &endpoint, quint32 connection)
{
    auto it = m_laneIndex.constFind(endpoint);
    int i;
    if (it == m_laneIndex.constEnd()) {
        i = int(m_lanes.size());
        m_lanes.push_back({endpoint, {}, {}});
        m_laneIndex.insert(endpoint, i);
    }
    else
        i = *it;
    SequenceLane &lane = m_lanes[i];
    if (!lane.connections.contains(connection)) {
        lane.connections.push_back(connection);
        lane.name = laneName(lane);
    }
    return i;
}

QString SequenceLayout::laneName(const SequenceLane &lane) const
{
    // What the lane's connections say of this end: socket type, identity,
    // protocol, and the part it plays there (an MDP broker, worker or
    // client; a ZRE node's name).
    QStringList types, identities, protocols, roles;
    for (quint32 c : lane.connections) {
        const ConnectionRow *r = m_connections ? m_connections->connection(c) : nullptr;
        if (!r)
            continue;
        const int side = r->server == lane.endpoint ? 1 : 0;
        QString role;
        if (r->protocol == QLatin1String("mdp"))
            role = side == 1 ? QStringLiteral("MDP broker")
                : !r->label.isEmpty() ? QStringLiteral("MDP worker %1").arg(r->label)
                                      : QStringLiteral("MDP client");
        else if (r->protocol == QLatin1String("zre") && side == 0 && !r->label.isEmpty())
            role = QStringLiteral("ZRE %1").arg(r->label);
        if (!role.isEmpty() && !roles.contains(role))
            roles << role;
        if (!r->socketType[side].isEmpty() && !types.contains(r->socketType[side]))
            types << r->socketType[side];
        if (r->hasIdentity[side] && !r->identity[side].isEmpty()) {
            const QString id = QString::fromUtf8(r->identity[side]).left(24);
            if (!identities.contains(id))
                identities << id;
        }
        if (!r->protocol.isEmpty() && !protocols.contains(r->protocol))
            protocols << r->protocol;
    }
    QStringList parts;
    if (!roles.isEmpty())
        parts << roles.join(QStringLiteral(", "));
    if (!types.isEmpty())
        parts << types.join(QLatin1Char('/'));
    if (!identities.isEmpty() && roles.isEmpty())
        parts << QLatin1Char('"') + identities.join(QStringLiteral("\", \"")) + QLatin1Char('"');
    if (!protocols.isEmpty() && roles.isEmpty())
        parts << protocols.join(QLatin1Char('/'));
    return parts.join(QStringLiteral(" \u00b7 "));
}

void SequenceLayout::refreshNames()
{
    for (SequenceLane &lane : m_lanes)
        lane.name = laneName(lane);
}

quint32 SequenceLayout::eventAt(int row) const
{
    return m_rows->index(row, 0).data(FrameListModel::EventRole).toUInt();
}

int SequenceLayout::rowOfEvent(quint32 event) const
{
    int lo = 0, hi = m_rows->rowCount() - 1;
    while (lo <= hi) {
        const int mid = lo + (hi - lo) / 2;
        const quint32 e = eventAt(mid);
        if (e == event)
            return mid;
        if (e < event)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

bool SequenceLayout::update()
{
    const int count = m_rows->rowCount();
    if (count < m_read)
        reset();
    // Every connection there is has its lanes already: new rows add none.
    if (m_connections && !m_connectionLanes.isEmpty() && m_connectionLanes.size() >= m_connections->rowCount())
        m_read = count;
    const int end = std::min(count, m_read + kRowsPerUpdate);
    for (int row = m_read; row < end; ++row) {
        const quint32 connection = m_rows->index(row, 0).data(FrameListModel::ConnectionRole).toUInt();
        if (!connection || m_connectionLanes.contains(connection))
            continue;
        const ConnectionRow *r = m_connections ? m_connections->connection(connection) : nullptr;
        // (a batch's rows may come before its connection's row: read them again next time)
        if (!r) {
            m_read = row;
            return true;
        }
        const int client = laneFor(r->client, connection);
        const int server = laneFor(r->server, connection);
        m_connectionLanes.insert(connection, {qint16(client), qint16(server)});
    }
    m_read = end;
    if (m_linkSource && m_read > 0) {
        const quint32 last = eventAt(m_read - 1);
        if (last + 1 > m_linksFrom) {
            for (const auto &[event, earlier] : m_linkSource(m_linksFrom)) {
                if (event > last)
                    break;   // (its row is not read yet: asked again next time)
                const int a = rowOfEvent(earlier), b = rowOfEvent(event);
                if (a >= 0 && b >= 0)
                    m_links.push_back({a, b});
                m_linksFrom = event + 1;
            }
            m_linksFrom = std::max(m_linksFrom, last + 1);
        }
    }
    return m_read < count;
}

SequenceStep SequenceLayout::step(int row) const
{
    SequenceStep s;
    const QModelIndex index = m_rows->index(row, 0);
    s.event = index.data(FrameListModel::EventRole).toUInt();
    s.connection = index.data(FrameListModel::ConnectionRole).toUInt();
    s.kind = quint8(index.data(FrameListModel::KindRole).toUInt());
    s.derived = index.data(FrameListModel::DerivedRole).toBool();
    const int direction = index.data(FrameListModel::DirectionRole).toInt();
    const auto lanes = m_connectionLanes.constFind(s.connection);
    if (lanes != m_connectionLanes.constEnd() && s.kind != quint8(codec::EventKind::Beacon)) {
        s.from = direction == 0 ? lanes->first : lanes->second;
        s.to = direction == 0 ? lanes->second : lanes->first;
    }
    // The state this row sets (23/ZMTP section 3): each side decides the
    // greeting once, then runs the mechanism's handshake until READY or ERROR.
    const auto kind = codec::EventKind(s.kind);
    if (kind == codec::EventKind::VersionDecided) {
        const ConnectionRow *r = m_connections ? m_connections->connection(s.connection) : nullptr;
        s.state = QStringLiteral("handshake") + (r && !r->mechanism.isEmpty() ? QStringLiteral(" \u00b7 ") + r->mechanism : QString());
    }
    else if (kind == codec::EventKind::Command && !s.derived) {
        const QString summary = m_rows->index(row, FrameListModel::Summary).data().toString();
        const QString name = summary.section(QLatin1Char(' '), 1, 1);
        if (name == QLatin1String("READY")) {
            s.state = QStringLiteral("ready");
            // PLAIN and CURVE: the server's READY ends its client's handshake too.
            const ConnectionRow *r = m_connections ? m_connections->connection(s.connection) : nullptr;
            if (r && !r->mechanism.isEmpty() && r->mechanism != QLatin1String("NULL") && direction == 1)
                s.peerState = QStringLiteral("ready");
        }
        else if (name == QLatin1String("ERROR"))
            s.state = QStringLiteral("error");
    }
    return s;
}

}   // namespace zmqscope
