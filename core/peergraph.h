// PeerGraph: the peers of a capture and the connections between them, for
// the peer graph view. A node is one peer: a server's listening address
// (however many connections reach it), a client merged across its
// connections by its ZMTP identity when it sends one, else its address;
// a ZRE node by its UUID.
// Nodes are named by what ZeroMQ knows (socket types, identity, the label
// the protocol layer learned: an MDP worker's service, a ZRE peer's name);
// MDP workers of one service form a group. An edge joins a client to a
// server and carries every connection between them, with their socket
// types, mechanism, totals and (between two updates of a live capture)
// rates. Built from ConnectionRows on the GUI thread; plain values only.
#pragma once

#include "capturesession.h"
#include "capture/capturesummary.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace zmqscope {

struct PeerNode {
    QString key;             // "server 127.0.0.1:5555", "identity \"A\"", "client 127.0.0.1:40001"
    QString name;            // "ROUTER · mdp", "DEALER \"A\""
    QStringList endpoints;   // the addresses it was seen at
    QString group;           // its group's key (a service at one broker: "echo@127.0.0.1:5555"); empty: none
    QString groupLabel;      // what the group is called: "mdp service echo"
    bool server = false;     // it listens (some connection's server end)
};

struct PeerEdge {
    int from = -1, to = -1;          // client node, server node
    QVector<quint32> connections;
    QString socketTypes;             // "REQ → ROUTER" (several: joined by ", ")
    QString mechanism;               // "NULL", "CURVE"
    quint64 bytes = 0, messages = 0; // both directions, all its connections
    double bytesPerSecond = 0, messagesPerSecond = 0;   // since the previous update (live)
    bool closed = false;             // every connection of it has ended
};

class PeerGraph {
public:
    // Builds the graph again from every connection; rates are measured
    // against the previous call `elapsedMs` earlier (0: no rates).
    // ZRE nodes (36/ZRE) are merged by UUID: a node's mailbox (the server
    // end its HELLO announces) and its outgoing connections (identity 1 +
    // UUID) are one node, named as its HELLO names it.
    void update(const QVector<ConnectionRow> &rows, qint64 elapsedMs = 0,
                const std::vector<capture::ZreMember> &zre = {});
    const QVector<PeerNode> &nodes() const { return m_nodes; }
    const QVector<PeerEdge> &edges() const { return m_edges; }
    // The connections a node takes part in.
    QVector<quint32> connectionsOf(int node) const;
    void clear();

private:
    int nodeFor(const QString &key);
    QVector<PeerNode> m_nodes;
    QVector<PeerEdge> m_edges;
    QHash<QString, int> m_nodeIndex;
    QHash<quint32, QPair<quint64, quint64>> m_previous;   // connection -> (bytes, messages) at the last update
};

}   // namespace zmqscope
