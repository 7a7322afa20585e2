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
    m_steps.clear();
    m_lanes.clear();
    m_laneIndex.clear();
    m_state.clear();
    m_links.clear();
    m_rowOfEvent.clear();
    m_linksFrom = 0;
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
    // What the lane's connections say of this end: socket type, identity, protocol.
    QStringList types, identities, protocols;
    for (quint32 c : lane.connections) {
        const ConnectionRow *r = m_connections ? m_connections->connection(c) : nullptr;
        if (!r)
            continue;
        const int side = r->server == lane.endpoint ? 1 : 0;
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
    if (!types.isEmpty())
        parts << types.join(QLatin1Char('/'));
    if (!identities.isEmpty())
        parts << QLatin1Char('"') + identities.join(QStringLiteral("\", \"")) + QLatin1Char('"');
    if (!protocols.isEmpty())
        parts << protocols.join(QLatin1Char('/'));
    return parts.join(QStringLiteral(" \u00b7 "));
}

void SequenceLayout::refreshNames()
{
    for (SequenceLane &lane : m_lanes)
        lane.name = laneName(lane);
}

bool SequenceLayout::setState(quint32 connection, int side, const QString &state)
{
    const quint64 key = (quint64(connection) << 1) | quint64(side & 1);
    auto it = m_state.find(key);
    if (it != m_state.end() && *it == state)
        return false;
    m_state.insert(key, state);
    return true;
}

void SequenceLayout::update()
{
    const int count = m_rows->rowCount();
    if (count < m_steps.size())
        reset();
    const int summaryColumn = FrameListModel::Summary;
    for (int row = int(m_steps.size()); row < count; ++row) {
        const QModelIndex index = m_rows->index(row, 0);
        SequenceStep s;
        s.event = index.data(FrameListModel::EventRole).toUInt();
        s.connection = index.data(FrameListModel::ConnectionRole).toUInt();
        s.kind = quint8(index.data(FrameListModel::KindRole).toUInt());
        s.derived = index.data(FrameListModel::DerivedRole).toBool();
        const int direction = index.data(FrameListModel::DirectionRole).toInt();
        const ConnectionRow *r = m_connections ? m_connections->connection(s.connection) : nullptr;
        // (a batch's rows may come before its connection's row: wait for it)
        if (!r && s.connection && m_connections)
            break;
        if (r && s.kind != quint8(codec::EventKind::Beacon)) {
            const int client = laneFor(r->client, s.connection);
            const int server = laneFor(r->server, s.connection);
            s.from = qint16(direction == 0 ? client : server);
            s.to = qint16(direction == 0 ? server : client);
        }
        // The sender's handshake state (23/ZMTP section 3: greeting, then the
        // mechanism's commands, then READY or ERROR; messages only once ready).
        QString state;
        bool peerReady = false;
        const auto kind = codec::EventKind(s.kind);
        if (kind == codec::EventKind::GreetingPart || kind == codec::EventKind::Identity)
            state = QStringLiteral("greeting");
        else if (kind == codec::EventKind::VersionDecided)
            state = QStringLiteral("handshake") + (r && !r->mechanism.isEmpty() ? QStringLiteral(" \u00b7 ") + r->mechanism : QString());
        else if (kind == codec::EventKind::Command && !s.derived) {
            const QString summary = m_rows->index(row, summaryColumn).data().toString();
            const QString name = summary.section(QLatin1Char(' '), 1, 1);
            if (name == QLatin1String("READY")) {
                state = QStringLiteral("ready");
                // PLAIN and CURVE: the server's READY ends its client's handshake too.
                peerReady = r && r->mechanism != QLatin1String("NULL") && direction == 1;
            }
            else if (name == QLatin1String("ERROR"))
                state = QStringLiteral("error");
        }
        else if (kind == codec::EventKind::Message)
            state = QStringLiteral("ready");
        if (s.connection && !state.isEmpty() && setState(s.connection, direction, state))
            s.state = state;
        if (s.connection && peerReady && setState(s.connection, 1 - direction, QStringLiteral("ready")))
            s.peerState = QStringLiteral("ready");
        m_rowOfEvent.insert(s.event, int(m_steps.size()));
        m_steps.push_back(std::move(s));
    }
    if (m_linkSource && !m_steps.isEmpty()) {
        // (rows are in event order: ask from the first event not asked yet)
        const quint32 last = m_steps.back().event;
        if (last + 1 > m_linksFrom) {
            for (const auto &[event, earlier] : m_linkSource(m_linksFrom)) {
                const int a = rowOfEvent(earlier), b = rowOfEvent(event);
                if (a >= 0 && b >= 0)
                    m_links.push_back({a, b});
            }
            m_linksFrom = last + 1;
        }
    }
}

}   // namespace zmqscope
