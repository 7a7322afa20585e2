// View > Sequence Diagram: the rows the frame list shows (its display filter
// and connection scope apply) as arrows between peer lanes, each labelled
// with its summary line, each side's handshake state drawn as it changes,
// times relative to the capture's start or as time of day. Lanes and states
// come from SequenceLayout (core); this only draws what is in view, so a
// million rows or a hundred lanes cost nothing until scrolled to. Clicking
// an arrow selects its row; selecting a row scrolls the diagram to it.
// Export as SVG, PNG or PDF. GUI thread.
#pragma once

#include "sequencelayout.h"

#include <QAbstractScrollArea>
#include <QDockWidget>

#include <memory>

class QAbstractItemModel;
class QCheckBox;
class QLabel;
class QPainter;
class QTimer;

namespace zmqscope {

class ConnectionsModel;

class SequenceView : public QAbstractScrollArea {
    Q_OBJECT
public:
    SequenceView(const QAbstractItemModel *rows, const ConnectionsModel *connections, QWidget *parent = nullptr);

    SequenceLayout &layout() { return m_layout; }
    void setTimeOfDay(bool on);
    // The row drawn highlighted, brought into view (-1: none).
    void setCurrentRow(int row);
    int currentRow() const { return m_current; }
    // The row at a point of the viewport (-1: none), and where a row's arrow is drawn.
    int rowAt(const QPoint &viewportPoint) const;
    QRect arrowRect(int row) const;
    // The whole diagram (at most `maxRows` rows from the first) on any paint device.
    QSize fullSize(int maxRows) const;
    void render(QPainter &p, int firstRow, int rows) const;
    // Reads new rows; true when more are left for the next call.
    bool bringUpToDate();

    static constexpr int kRowHeight = 24;
    static constexpr int kLaneWidth = 210;
    static constexpr int kTimeWidth = 96;
    static constexpr int kHeaderHeight = 46;

Q_SIGNALS:
    void rowClicked(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void updateScrollBars();
    int laneX(int lane) const { return kTimeWidth + lane * kLaneWidth + kLaneWidth / 2; }
    void paintRows(QPainter &p, int first, int last, int top) const;
    void paintHeader(QPainter &p, int left) const;

    const QAbstractItemModel *m_rows;
    SequenceLayout m_layout;
    bool m_timeOfDay = false;
    int m_current = -1;
};

class SequenceDock : public QDockWidget {
    Q_OBJECT
public:
    SequenceDock(const QAbstractItemModel *rows, const ConnectionsModel *connections, QWidget *parent = nullptr);

    SequenceView *view() const { return m_view; }
    // By suffix: .svg, .png or .pdf; at most kExportRows rows from the first shown.
    bool exportTo(const QString &path, QString *error = nullptr);
    static constexpr int kExportRows = 2000;

public Q_SLOTS:
    // The frame list's current row changed: highlight it and scroll to it.
    void showRow(int row);
    // Reads what is new now (the timer does it only when shown and dirty).
    void refresh();

Q_SIGNALS:
    void rowChosen(int row);
    // The diagram was brought up to date and drawn (tests, --show).
    void updated();

private:
    void markDirty();

    SequenceView *m_view;
    QCheckBox *m_timeOfDay = nullptr;
    QLabel *m_summary = nullptr;
    QTimer *m_timer = nullptr;
    bool m_dirty = true;
    bool m_reset = true;
};

}   // namespace zmqscope
