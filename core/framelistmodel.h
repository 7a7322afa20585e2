// FrameListModel: the frame list, a flat table of the capture's events.
// Rows arrive in batches from a CaptureSession (one beginInsertRows per
// batch). The model keeps the newest rows (at most kRecent) and a cache of
// blocks it read back from the session's store (setRowSource), so ten
// million rows cost the GUI a few megabytes; texts are built in data().
// Without a row source it keeps every row. Roles carry meaning, never
// looks: the widgets choose colours from KindRole and SeverityRole. Lives
// on the GUI thread.
#pragma once

#include "capturesession.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QSet>

#include <functional>

namespace zmqscope {

class FrameListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Number, Time, Connection, Direction, Version, Mechanism, Kind, Protocol, Summary, Length, ColumnCount };
    // ColourRuleRole: the index of the first colour rule the row matches, -1 for none.
    // DerivedRole: the row adds no bytes of its own (FrameRow::derived).
    // MarkedRole: the user marked it (Edit > Mark).
    // TimeRole: nanoseconds since the first row (qint64); AbsoluteTimeRole: Unix time in ns; DirectionRole: 0 c2s, 1 s2c.
    enum Role { EventRole = Qt::UserRole + 1, KindRole, SeverityRole, ConnectionRole, ColourRuleRole, DerivedRole, MarkedRole,
                TimeRole, AbsoluteTimeRole, DirectionRole };
    // How the Time column reads (View > Time Format).
    enum class TimeFormat { SinceStart, SincePrevious, TimeOfDay, DateAndTime, Epoch };

    explicit FrameListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    FrameRow row(int i) const;
    // The row showing store event `event` (rows are in event order), or -1.
    int rowOfEvent(quint32 event) const;
    void clear();
    // Times count from `ns` (a live capture's start) instead of the first row.
    void setTimeBase(qint64 ns);
    // Where the summary text of a row comes from (CaptureSession::summary):
    // asked only for rows being shown, and kept for the last few thousand.
    void setSummarySource(std::function<QString(quint32 event)> source);
    // Which colour rule a row matches (CaptureSession::colourRule), asked
    // for rows being shown and kept like the summaries; clearColourRules()
    // forgets the answers when the rules change.
    void setColourRuleSource(std::function<int(quint32 event)> source);
    void clearColourRules();
    // Where rows that left the recent window are read back from
    // (CaptureSession::frameRows).
    void setRowSource(std::function<QVector<FrameRow>(quint32 first, int count)> source);
    void setTimeFormat(TimeFormat format);
    TimeFormat timeFormat() const { return m_timeFormat; }
    // Marks (by event, so they survive filtering); toggled one at a time.
    void setMarked(quint32 event, bool marked);
    bool isMarked(quint32 event) const { return m_marked.contains(event); }
    QList<quint32> markedEvents() const;   // in event order
    void clearMarks();
    // Rows that carry bytes of their own (not derived): "frames" in the status bar.
    int wireRows() const { return m_wireRows; }
    static constexpr int kRecent = 65536;
    static constexpr int kBlock = 1024;

public Q_SLOTS:
    void append(const QVector<zmqscope::FrameRow> &rows);

private:
    int m_count = 0;
    QVector<FrameRow> m_recent;   // rows [m_recentFirst, m_count)
    int m_recentFirst = 0;
    std::function<QVector<FrameRow>(quint32, int)> m_rowSource;
    mutable QCache<int, QVector<FrameRow>> m_blocks{256};   // by row / kBlock
    qint64 m_firstNs = 0;
    bool m_fixedBase = false;
    std::function<QString(quint32)> m_summarySource;
    mutable QCache<quint32, QString> m_summaries{8192};
    TimeFormat m_timeFormat = TimeFormat::SinceStart;
    QSet<quint32> m_marked;
    int m_wireRows = 0;
    QString timeText(int row, const FrameRow &r) const;
    std::function<int(quint32)> m_ruleSource;
    mutable QCache<quint32, int> m_rules{8192};
};

}   // namespace zmqscope
