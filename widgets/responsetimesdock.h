// Statistics > Response Times: request-reply latency from the protocol
// layer's matching (capture/responsetimes.h) per service, per connection
// or for the whole capture: count, min, mean, p50, p90, p99, max, and the
// selected row's histogram. Copy (tab-separated) and CSV export. The report
// is computed on the capture thread (CaptureSession::requestResponseTimes);
// during a live capture the dock asks again from a dirty flag on a timer
// while shown. Double-clicking a row selects its slowest reply. GUI thread.
#pragma once

#include "capturesession.h"

#include <QDockWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace zmqscope {

class ResponseTimesModel;
class SnapshotPacer;

class ResponseTimesDock : public QDockWidget {
    Q_OBJECT
public:
    ResponseTimesDock(CaptureSession *session, QWidget *parent = nullptr);

    ResponseTimesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QCustomPlot *histogram() const { return m_histogram; }
    QComboBox *groupingBox() const { return m_grouping; }
    // The histogram's bars as drawn: the counts of the row shown.
    QVector<double> histogramCounts() const;
    bool exportCsv(const QString &path, QString *error = nullptr);
    void copy();
    void refresh();

public Q_SLOTS:
    void markDirty();
    void clear();

Q_SIGNALS:
    void eventChosen(quint32 event);
    void updated();

private:
    void received(quint64 request, const capture::ResponseTimeReport &report);
    void showHistogram();

    CaptureSession *m_session;
    ResponseTimesModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_grouping = nullptr;
    QCustomPlot *m_histogram = nullptr;
    QLabel *m_summary = nullptr;
    SnapshotPacer *m_pacer = nullptr;
};

}   // namespace zmqscope
