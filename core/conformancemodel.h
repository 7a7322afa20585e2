// ConformanceModel: the cases of a conformance run as they finish, one row
// each (case, level, verdict, time, what happened), with the case's
// requirement, what it sends and accepts as roles for the details pane.
// Filled in batches from the ConformanceSession. GUI thread.
#pragma once

#include "conformancesession.h"

#include <QAbstractTableModel>

namespace zmqscope {

class ConformanceModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Case, Level, Verdict, Time, Observed, ColumnCount };
    enum Role { VerdictRole = Qt::UserRole + 1, DetailsRole, ClientsRole };

    explicit ConformanceModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    const ConformanceRow &row(int r) const { return m_rows.at(r); }
    // How many rows have each verdict ("passed", "failed", ...).
    int countOf(const QString &verdict) const;
    void clear();

public Q_SLOTS:
    void append(const QVector<zmqscope::ConformanceRow> &rows);

private:
    QVector<ConformanceRow> m_rows;
};

}   // namespace zmqscope
