// SequenceLayout: what a sequence diagram draws, worked out from the rows a
// frame list shows (any proxy of FrameListModel: a display filter or one
// connection leaves only its rows) and the connections they belong to.
// One lane per peer endpoint: a server's listening address is one lane
// however many connections reach it (an MDP broker, a PUB), each client's
// address another; lanes are named by what ZeroMQ knows (socket type,
// identity, application protocol) before the address, and there is no
// limit on their number. A row's arrow (sender's and receiver's lanes) and
// the handshake state it sets (23/ZMTP: the greeting decided, the
// mechanism's handshake, READY or ERROR) are read from that row when it is
// drawn, so ten million rows cost nothing until scrolled to; only the
// lanes (which connections the rows hold) and the links between the rows
// of one request followed across connections (through an MDP broker) are
// gathered ahead, reading each new row's connection once, a bounded number
// of rows per update. GUI thread.
#pragma once

#include "capturesession.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QVector>

#include <functional>

class QAbstractItemModel;

namespace zmqscope {

class ConnectionsModel;

struct SequenceLane {
    QString endpoint;       // "127.0.0.1:5555"
    QString name;           // "ROUTER \"broker\" · mdp"
    QVector<quint32> connections;
};

struct SequenceStep {
    quint32 event = 0;
    quint32 connection = 0;
    qint16 from = -1, to = -1;    // lanes; -1: none (a datagram, or a connection not yet read)
    quint8 kind = 0;              // codec::EventKind
    bool derived = false;
    QString state;                // the sender's new handshake state, when it changes here
    QString peerState;            // the receiver's (PLAIN and CURVE: a server's READY makes its client ready too)
};

class SequenceLayout {
public:
    SequenceLayout(const QAbstractItemModel *rows, const ConnectionsModel *connections);

    // Reads the connections of rows not read yet (at most kRowsPerUpdate) and
    // the links among them; true when rows are left for the next update.
    bool update();
    void reset();
    static constexpr int kRowsPerUpdate = 200000;
    int rowCount() const;
    // Row `row` as drawn: its lanes, kind and the state it sets.
    SequenceStep step(int row) const;
    int laneCount() const { return int(m_lanes.size()); }
    const SequenceLane &lane(int i) const { return m_lanes[i]; }
    // Lane names follow the connections' socket types and identities as they become known.
    void refreshNames();
    // Where to ask which events continue an earlier one on another connection
    // (CaptureSession::links): those become links between rows.
    using LinkSource = std::function<QVector<QPair<quint32, quint32>>(quint32 fromEvent)>;
    void setLinkSource(LinkSource source) { m_linkSource = std::move(source); }
    // (earlier row, later row), ordered by the later row.
    const QVector<QPair<int, int>> &links() const { return m_links; }
    // The row showing store event `event` (rows are in capture order), or -1.
    int rowOfEvent(quint32 event) const;

private:
    int laneFor(const QString &endpoint, quint32 connection);
    QString laneName(const SequenceLane &lane) const;
    quint32 eventAt(int row) const;

    const QAbstractItemModel *m_rows;
    const ConnectionsModel *m_connections;
    int m_read = 0;                          // rows whose connection was read
    QVector<SequenceLane> m_lanes;
    QHash<QString, int> m_laneIndex;
    QHash<quint32, QPair<qint16, qint16>> m_connectionLanes;   // connection -> (client lane, server lane)
    LinkSource m_linkSource;
    QVector<QPair<int, int>> m_links;
    quint32 m_linksFrom = 0;                 // events before it were asked for links
};

}   // namespace zmqscope
