// ResponseTimesModel: the rows of a ResponseTimeReport (capture/responsetimes.h)
// as a table, grouped by service, by connection, or one row for the whole
// capture; times in milliseconds. Replaced whole with each report (a
// snapshot computed on the capture thread). GUI thread.
#pragma once

#include "capture/responsetimes.h"

#include <QAbstractTableModel>

namespace zmqscope {

class ResponseTimesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Protocol, Group, AnsweredBy, Count, Min, Mean, P50, P90, P99, Max, ColumnCount };
    enum Grouping { ByService, ByConnection, All };
    // Numbers as numbers (sorting); SlowestRole: the slowest reply's store index.
    enum Role { SortRole = Qt::UserRole + 1, SlowestRole, ConnectionRole };

    explicit ResponseTimesModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setReport(const capture::ResponseTimeReport &report);
    void setGrouping(Grouping g);
    Grouping grouping() const { return m_grouping; }
    const capture::ResponseTimeReport &report() const { return m_report; }
    const capture::ResponseTimeRow *rowAt(int row) const;
    // The table as text: tab-separated (copy) or CSV (export), a header line first.
    QString toText(bool csv) const;

private:
    const std::vector<capture::ResponseTimeRow> &rows() const;
    capture::ResponseTimeReport m_report;
    std::vector<capture::ResponseTimeRow> m_allRow;
    Grouping m_grouping = ByService;
};

}   // namespace zmqscope
