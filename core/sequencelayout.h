// SequenceLayout: what a sequence diagram draws, worked out from the rows a
// frame list shows (any proxy of FrameListModel: a display filter or one
// connection leaves only its rows) and the connections they belong to.
// One lane per peer endpoint: a server's listening address is one lane
// however many connections reach it (an MDP broker, a PUB), each client's
// address another; lanes are named by what ZeroMQ knows (socket type,
// identity, application protocol) before the address, and there is no
// limit on their number. Per row: the sender's and receiver's lanes, and
// when a side's handshake state changes (greeting, handshake with its
// mechanism, ready, error), that state; and links between the rows of one
// request followed across connections (through an MDP broker). Rows added at the end are read
// incrementally; anything else reads them all again. GUI thread.
#pragma once

#include "capturesession.h"

#include <QHash>

#include <functional>
#include <QString>
#include <QVector>

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
    qint16 from = -1, to = -1;    // lanes; -1: none (a datagram)
    quint8 kind = 0;              // codec::EventKind
    bool derived = false;
    QString state;                // the sender's new handshake state, when it changed here
    QString peerState;            // the receiver's (PLAIN and CURVE: a server's READY makes its client ready too)
};

class SequenceLayout {
public:
    SequenceLayout(const QAbstractItemModel *rows, const ConnectionsModel *connections);

    // Reads rows [done, rowCount) (all of them after reset()).
    void update();
    void reset();
    int rowCount() const { return int(m_steps.size()); }
    const SequenceStep &step(int row) const { return m_steps[row]; }
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
    int rowOfEvent(quint32 event) const { return m_rowOfEvent.value(event, -1); }

private:
    int laneFor(const QString &endpoint, quint32 connection);
    QString laneName(const SequenceLane &lane) const;
    // Sets the state of one side; true when it changed.
    bool setState(quint32 connection, int side, const QString &state);

    const QAbstractItemModel *m_rows;
    const ConnectionsModel *m_connections;
    QVector<SequenceStep> m_steps;
    QVector<SequenceLane> m_lanes;
    QHash<QString, int> m_laneIndex;
    QHash<quint64, QString> m_state;   // (connection << 1 | side) -> state
    LinkSource m_linkSource;
    QVector<QPair<int, int>> m_links;
    QHash<quint32, int> m_rowOfEvent;
    quint32 m_linksFrom = 0;           // events before it were asked for links
};

}   // namespace zmqscope
