// Statistics > I/O Graphs: any number of graphs over capture time, each
// with its own display filter, colour, style and Y (events, messages,
// bytes, bits, or SUM/MIN/MAX/AVG/COUNT of a numeric field), one interval
// for all (1 ms to 10 min), moving averages, a log scale, relative time or
// time of day. The series are computed by the CaptureSession on the
// capture thread (requestIoGraphs) and arrive as plain values; during a
// live capture the dock asks again from a dirty flag on a timer (4 times a
// second, not per batch, and not at all while hidden) and the plot scrolls
// to the newest interval unless the user has dragged or zoomed it.
// Clicking the plot picks the first event of that interval. GUI thread.
#pragma once

#include "capturesession.h"

#include <QColor>
#include <QDockWidget>
#include <QVector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QTableWidget;

namespace zmqscope {

class SnapshotPacer;

class IoGraphDock : public QDockWidget {
    Q_OBJECT
public:
    enum class Style { Line, Step, Impulse, Dots };
    struct Graph {
        bool enabled = true;
        QString name;
        QString filter;
        QColor colour;
        Style style = Style::Line;
        capture::IoMetric metric = capture::IoMetric::Events;
        QString field;
    };

    IoGraphDock(CaptureSession *session, QWidget *parent = nullptr);

    QVector<Graph> graphs() const;
    void setGraphs(const QVector<Graph> &graphs);
    // 0: automatic (a hundred intervals or more over the capture).
    void setIntervalNs(qint64 ns);
    // The interval in use (the automatic one's choice when automatic).
    qint64 intervalNs() const;
    QString intervalText() const;
    void setMovingAverage(int intervals);   // 0: none
    void setLogScale(bool on);
    void setTimeOfDay(bool on);
    QCustomPlot *plot() const { return m_plot; }
    QTableWidget *table() const { return m_table; }
    // The series last received, one per enabled graph, in the table's order.
    const QVector<capture::IoSeries> &series() const { return m_series; }
    // The values drawn for graph `i` of the enabled ones (moving average
    // and log scale applied), and their keys (seconds).
    QVector<double> drawnValues(int i) const;
    QVector<double> drawnKeys(int i) const;
    // The first event of the interval at plot coordinate `key` of the first enabled graph, or -1.
    qint64 eventAtKey(double key) const;
    // Writes by suffix: .png, .pdf, .svg or .csv (time and one column per graph).
    bool exportTo(const QString &path, QString *error = nullptr);
    // Asks the session now (the timer asks only when something changed).
    void refresh();

public Q_SLOTS:
    // New rows were stored (live capture or loading): redraw on the next tick.
    void markDirty();
    // The capture was replaced: forget what was drawn.
    void clear();

Q_SIGNALS:
    void eventChosen(quint32 event);
    // A reply to a request was drawn (tests and --show wait for it).
    void updated();

private:
    void addRow(const Graph &g);
    // Asks for the enabled graphs (the pacer numbers the request).
    void send(quint64 request);
    void received(quint64 request, const QVector<capture::IoSeries> &series);
    void redraw();
    void applyPalette();
    void exportDialog();
    void changed();

    CaptureSession *m_session;
    QTableWidget *m_table = nullptr;
    QComboBox *m_interval = nullptr;
    QComboBox *m_average = nullptr;
    QCheckBox *m_log = nullptr;
    QCheckBox *m_timeOfDay = nullptr;
    QLabel *m_note = nullptr;
    QCustomPlot *m_plot = nullptr;
    SnapshotPacer *m_pacer = nullptr;
    bool m_userMoved = false;   // the user dragged or zoomed: the plot stops following
    QPointF m_pressedAt;
    bool m_filling = false;     // the table is being filled: no change signals
    qint64 m_autoInterval = 1000000000;
    QVector<capture::IoSeries> m_series;
    QVector<Graph> m_drawnGraphs;   // the enabled graphs m_series answers
};

}   // namespace zmqscope
