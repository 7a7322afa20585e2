// PeersModel: the running peers as the Peers dock shows them, one row per
// peer, from PeerSession's batches (rows inserted once per batch), and each
// peer's log kept (bounded) for the dock's log view. GUI thread.
#pragma once

#include "peersession.h"

#include <QAbstractTableModel>
#include <QHash>

namespace zmqscope {

class PeersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, State, Sent, Received, Role, Endpoints, LastError, ColumnCount };
    enum DataRole { IdRole = Qt::UserRole + 1, SourcesRole, RunningRole, SeverityRole };
    static constexpr int kLogLines = 2000;   // kept per peer

    explicit PeersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const PeerRow *peer(quint32 id) const;
    int rowOf(quint32 id) const;
    // "[  1.250] state Ready" lines, oldest first.
    QStringList log(quint32 id) const;

public Q_SLOTS:
    void update(const QVector<zmqscope::PeerRow> &rows);
    void appendLogs(const QVector<zmqscope::PeerLogRow> &lines);

Q_SIGNALS:
    void logAppended(quint32 peer);

private:
    QVector<PeerRow> m_rows;   // by id, ascending
    QHash<quint32, QStringList> m_logs;
};

}   // namespace zmqscope
