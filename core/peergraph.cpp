#include "peergraph.h"

#include <QSet>

namespace zmqscope {

void PeerGraph::clear()
{
    m_nodes.clear();
    m_edges.clear();
    m_nodeIndex.clear();
    m_previous.clear();
}

int PeerGraph::nodeFor(const QString &key)
{
    const auto it = m_nodeIndex.constFind(key);
    if (it != m_nodeIndex.constEnd())
        return *it;
    PeerNode n;
    n.key = key;
    m_nodes.push_back(n);
    m_nodeIndex.insert(key, int(m_nodes.size()) - 1);
    return int(m_nodes.size()) - 1;
}

QVector<quint32> PeerGraph::connectionsOf(int node) const
{
    QVector<quint32> out;
    for (const PeerEdge &e : m_edges)
        if (e.from == node || e.to == node)
            out += e.connections;
    std::sort(out.begin(), out.end());
    return out;
}

void PeerGraph::update(const QVector<ConnectionRow> &rows, qint64 elapsedMs, const std::vector<capture::ZreMember> &zre)
{
    // ZRE: the UUID behind a mailbox address, and each UUID's name.
    QHash<QString, QString> mailbox, zreName, zreGroup;
    for (const capture::ZreMember &m : zre) {
        if (!m.groups.empty())
            zreGroup.insert(QString::fromStdString(m.uuid).toUpper(), QString::fromStdString(*m.groups.begin()));
        const QString uuid = QString::fromStdString(m.uuid).toUpper();
        QString endpoint = QString::fromStdString(m.endpoint);
        if (endpoint.startsWith(QLatin1String("tcp://")))
            mailbox.insert(endpoint.mid(6), uuid);
        zreName.insert(uuid, QString::fromStdString(m.name));
    }
    const auto zreUuidOf = [](const ConnectionRow &r) {
        const QByteArray &id = r.identity[0];
        return r.hasIdentity[0] && id.size() == 17 && id[0] == 1 ? QString::fromLatin1(id.mid(1).toHex()).toUpper() : QString();
    };
    // Behind a tap the mailbox a HELLO announces is not the address its
    // peers reach. Each node connects to every other one, never to itself:
    // a mailbox whose clients are all ZRE nodes but one belongs to that one.
    if (!zreName.isEmpty()) {
        QHash<QString, QSet<QString>> clientsOf;
        QSet<QString> servers;
        for (const ConnectionRow &r : rows) {
            servers.insert(r.server);
            if (const QString u = zreUuidOf(r); !u.isEmpty() && !mailbox.contains(r.server))
                clientsOf[r.server].insert(u);
        }
        bool progress = true;
        while (progress) {
            progress = false;
            QSet<QString> owners;   // (of mailboxes some connection reached)
            for (auto m = mailbox.cbegin(); m != mailbox.cend(); ++m)
                if (servers.contains(m.key()))
                    owners.insert(m.value());
            for (auto it = clientsOf.begin(); it != clientsOf.end();) {
                QStringList candidates;
                for (auto n = zreName.cbegin(); n != zreName.cend(); ++n)
                    if (!it.value().contains(n.key()) && !owners.contains(n.key()))
                        candidates << n.key();
                if (candidates.size() == 1) {
                    mailbox.insert(it.key(), candidates.front());
                    it = clientsOf.erase(it);
                    progress = true;
                    break;
                }
                ++it;
            }
        }
    }
    m_nodes.clear();
    m_edges.clear();
    m_nodeIndex.clear();
    QHash<QPair<int, int>, int> edgeIndex;
    // What each node's connections say of it, gathered before naming it.
    struct Facts {
        QStringList types, identities, protocols, labels;
    };
    QVector<Facts> facts;
    const auto add = [](QStringList &list, const QString &v) {
        if (!v.isEmpty() && !list.contains(v))
            list << v;
    };
    QHash<quint32, QPair<quint64, quint64>> totals;
    for (const ConnectionRow &r : rows) {
        if (!r.connection)
            continue;
        const QByteArray &clientId = r.identity[0];
        // A ZRE node's DEALER sends 1 + its 16-byte UUID as identity.
        const QString clientUuid = zreUuidOf(r);
        const QString serverUuid = mailbox.value(r.server);
        QString clientKey = r.hasIdentity[0] && !clientId.isEmpty()
            ? QStringLiteral("identity \"%1\"").arg(QString::fromUtf8(clientId.left(32)))
            : QStringLiteral("client %1").arg(r.client);
        if (!clientUuid.isEmpty() && zreName.contains(clientUuid))
            clientKey = QStringLiteral("zre ") + clientUuid;
        const int client = nodeFor(clientKey);
        const int server = nodeFor(serverUuid.isEmpty() ? QStringLiteral("server %1").arg(r.server) : QStringLiteral("zre ") + serverUuid);
        facts.resize(m_nodes.size());
        m_nodes[server].server = true;
        add(m_nodes[client].endpoints, r.client);
        add(m_nodes[server].endpoints, r.server);
        add(facts[client].types, r.socketType[0]);
        add(facts[server].types, r.socketType[1]);
        if (r.hasIdentity[0] && !clientId.isEmpty() && clientUuid.isEmpty())
            add(facts[client].identities, QString::fromUtf8(clientId.left(24)));
        if (r.hasIdentity[1] && !r.identity[1].isEmpty())
            add(facts[server].identities, QString::fromUtf8(r.identity[1].left(24)));
        add(facts[client].protocols, r.protocol);
        add(facts[server].protocols, r.protocol);
        add(facts[client].labels, r.label);

        const auto key = qMakePair(client, server);
        auto it = edgeIndex.find(key);
        if (it == edgeIndex.end()) {
            PeerEdge e;
            e.from = client;
            e.to = server;
            e.closed = true;
            m_edges.push_back(e);
            it = edgeIndex.insert(key, int(m_edges.size()) - 1);
        }
        PeerEdge &e = m_edges[*it];
        e.connections.push_back(r.connection);
        const QString types = QStringLiteral("%1 \u2192 %2").arg(r.socketType[0].isEmpty() ? QStringLiteral("?") : r.socketType[0],
                                                                 r.socketType[1].isEmpty() ? QStringLiteral("?") : r.socketType[1]);
        if (!e.socketTypes.split(QStringLiteral(", ")).contains(types))
            e.socketTypes = e.socketTypes.isEmpty() ? types : e.socketTypes + QStringLiteral(", ") + types;
        if (!r.mechanism.isEmpty() && !e.mechanism.split(QLatin1Char('/')).contains(r.mechanism))
            e.mechanism = e.mechanism.isEmpty() ? r.mechanism : e.mechanism + QLatin1Char('/') + r.mechanism;
        const quint64 bytes = r.bytes[0] + r.bytes[1], messages = r.messages[0] + r.messages[1];
        e.bytes += bytes;
        e.messages += messages;
        e.closed = e.closed && r.closed;
        totals.insert(r.connection, qMakePair(bytes, messages));
        if (elapsedMs > 0) {
            const auto before = m_previous.value(r.connection, qMakePair(bytes, messages));
            e.bytesPerSecond += double(bytes - qMin(bytes, before.first)) * 1000.0 / double(elapsedMs);
            e.messagesPerSecond += double(messages - qMin(messages, before.second)) * 1000.0 / double(elapsedMs);
        }
    }
    m_previous = totals;
    for (int i = 0; i < m_nodes.size(); ++i) {
        PeerNode &n = m_nodes[i];
        const Facts &f = facts.value(i);
        if (n.key.startsWith(QLatin1String("zre "))) {
            // (it both listens and connects: drawn among the servers)
            n.name = QStringLiteral("ZRE \u00b7 %1").arg(zreName.value(n.key.mid(4)));
            n.server = true;
            // (a node in several groups is drawn in the first, by name)
            if (const QString g = zreGroup.value(n.key.mid(4)); !g.isEmpty()) {
                n.group = QStringLiteral("zre ") + g;
                n.groupLabel = QStringLiteral("zre group %1").arg(g);
            }
            continue;
        }
        QStringList parts;
        if (!f.types.isEmpty())
            parts << f.types.join(QLatin1Char('/'));
        if (!f.identities.isEmpty())
            parts << QLatin1Char('"') + f.identities.join(QStringLiteral("\", \"")) + QLatin1Char('"');
        if (!f.labels.isEmpty())
            parts << f.labels.join(QStringLiteral(", "));
        else if (!f.protocols.isEmpty())
            parts << f.protocols.join(QLatin1Char('/'));
        n.name = parts.join(QStringLiteral(" \u00b7 "));
        // MDP workers of one service at one broker: a group (the label is
        // the service they registered).
        if (!n.server && f.protocols.contains(QStringLiteral("mdp")) && f.labels.size() == 1) {
            int broker = -1;
            for (const PeerEdge &e : m_edges)
                if (e.from == i) {
                    broker = e.to;
                    break;
                }
            n.group = f.labels.front() + QLatin1Char('@') + (broker >= 0 ? m_nodes[broker].key : QString());
            n.groupLabel = QStringLiteral("mdp service %1").arg(f.labels.front());
        }
    }
}

}   // namespace zmqscope
