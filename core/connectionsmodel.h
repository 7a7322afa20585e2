// ConnectionsModel: one row per connection (endpoints, ZMTP version,
// mechanism, socket types, identities, state, bytes and messages each way,
// findings), updated from the CaptureSession's batches. GUI thread.
#pragma once

#include "capturesession.h"

#include <QAbstractTableModel>
#include <QHash>

namespace zmqscope {

class ConnectionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Client, Server, Version, Mechanism, SocketTypes, Identities, Protocol, State, Messages, Bytes, Findings, ColumnCount };
    enum Role { ConnectionRole = Qt::UserRole + 1, StateRole, SourceRole };

    explicit ConnectionsModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void clear();
    // The connections that live sources in `sources` carried (a peer's taps).
    QVector<quint32> connectionsOf(const QVector<quint32> &sources) const;
    // The connections whose client end ("ip:port") is one of `clients`.
    QVector<quint32> connectionsWithClients(const QStringList &clients) const;
    // The row of one connection, or null.
    const ConnectionRow *connection(quint32 id) const;
    const QVector<ConnectionRow> &rows() const { return m_rows; }

public Q_SLOTS:
    void update(const QVector<zmqscope::ConnectionRow> &rows);

private:
    QVector<ConnectionRow> m_rows;
    QHash<quint32, int> m_index;
};

}   // namespace zmqscope
