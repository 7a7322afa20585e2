// Statistics > Peer Graph: the capture's peers as nodes and their
// connections as edges (PeerGraph, core), labelled with socket types and
// mechanism, with message and byte rates while a live capture runs (totals
// otherwise); MDP workers of one service drawn as a group. Servers sit on
// an inner ring, their clients on an outer ring beside them, so the
// picture stays put as connections come and go. Clicking a node or an
// edge shows only its connections' rows. Redrawn from a dirty flag on a
// timer (once a second while shown). Export as SVG or PNG. GUI thread.
#pragma once

#include "peergraph.h"
#include "capturesession.h"

#include <QDockWidget>
#include <QPointF>
#include <QWidget>

class QLabel;

namespace zmqscope {

class ConnectionsModel;
class SnapshotPacer;

class PeerGraphView : public QWidget {
    Q_OBJECT
public:
    explicit PeerGraphView(QWidget *parent = nullptr);
    void setGraph(const PeerGraph *graph, bool live);
    // Where node `i` is drawn (its centre), for the current size.
    QPointF nodeCentre(int i) const;
    // The node or edge at a point: -1 for none.
    int nodeAt(const QPointF &p) const;
    int edgeAt(const QPointF &p) const;
    void render(QPainter &p, const QSize &size) const;
    QSize sizeHint() const override { return {640, 480}; }

Q_SIGNALS:
    void nodeClicked(int node);
    void edgeClicked(int edge);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void placeNodes(const QSize &size, QVector<QPointF> &out) const;
    QSizeF nodeSize() const;
    const PeerGraph *m_graph = nullptr;
    bool m_live = false;
    QVector<QPointF> m_centres;
};

class PeerGraphDock : public QDockWidget {
    Q_OBJECT
public:
    PeerGraphDock(CaptureSession *session, const ConnectionsModel *connections, QWidget *parent = nullptr);
    const PeerGraph &graph() const { return m_graph; }
    PeerGraphView *view() const { return m_view; }
    bool exportTo(const QString &path, QString *error = nullptr);

public Q_SLOTS:
    void setLive(bool live);
    // Asks for the capture's ZRE members, then draws (updated()).
    void refresh();
    void clear();

Q_SIGNALS:
    // Rows of these connections only (a node's or an edge's).
    void connectionsChosen(const QVector<quint32> &connections);
    void updated();

private:
    const ConnectionsModel *m_connections;
    PeerGraph m_graph;
    PeerGraphView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    bool m_live = false;
    qint64 m_lastMs = 0;
    CaptureSession *m_session = nullptr;
    SnapshotPacer *m_pacer = nullptr;
};

}   // namespace zmqscope
