#include "peergraphdock.h"

#include "connectionsmodel.h"
#include "picturefile.h"
#include "snapshotpacer.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QVBoxLayout>

#include <cmath>
#include <numbers>

namespace zmqscope {

namespace {
QString amount(double v, const char *unit)
{
    // 1234 -> "1.2 k"; plain below a thousand.
    const char *prefixes[] = {"", "k", "M", "G", "T"};
    int i = 0;
    while (v >= 1000 && i < 4)
        v /= 1000, ++i;
    return QStringLiteral("%1 %2%3").arg(QString::number(v, 'f', i == 0 || v >= 100 ? 0 : 1), QLatin1String(prefixes[i]), QLatin1String(unit));
}

// Where the segment from `inside` (a box's centre) to `outside` leaves the box.
QPointF boxExit(const QPointF &centre, const QSizeF &box, const QPointF &toward)
{
    const QPointF d = toward - centre;
    if (d.isNull())
        return centre;
    const double sx = d.x() != 0 ? (box.width() / 2) / std::abs(d.x()) : 1e9;
    const double sy = d.y() != 0 ? (box.height() / 2) / std::abs(d.y()) : 1e9;
    return centre + d * std::min({sx, sy, 1.0});
}

double distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = a + ab * t;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}
}   // namespace

PeerGraphView::PeerGraphView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("peerGraphView"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setMouseTracking(false);
}

QSizeF PeerGraphView::nodeSize() const
{
    return QSizeF(170, fontMetrics().height() * 2 + 12);
}

void PeerGraphView::setGraph(const PeerGraph *graph, bool live)
{
    m_graph = graph;
    m_live = live;
    // Room for every node on its ring (the scroll area shows the rest).
    int clients = 0, servers = 0;
    if (graph)
        for (const PeerNode &n : graph->nodes())
            (n.server ? servers : clients) += 1;
    const double step = nodeSize().width() * 0.75;
    const int ring = int(std::max(clients, servers * 2) * step / std::numbers::pi) + int(nodeSize().width()) + 40;
    setMinimumSize(qMax(480, ring), qMax(360, int(ring * 0.8)));
    placeNodes(size(), m_centres);
    update();
}

void PeerGraphView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeNodes(size(), m_centres);
}

void PeerGraphView::placeNodes(const QSize &size, QVector<QPointF> &out) const
{
    out.clear();
    if (!m_graph)
        return;
    const auto &nodes = m_graph->nodes();
    out.resize(nodes.size());
    const QPointF centre(size.width() / 2.0, size.height() / 2.0 + 8);
    const QSizeF box = nodeSize();
    const double rx = std::max(0.0, size.width() / 2.0 - box.width() / 2 - 12);
    const double ry = std::max(0.0, size.height() / 2.0 - box.height() / 2 - 16);
    QVector<int> servers, clients;
    for (int i = 0; i < nodes.size(); ++i)
        (nodes[i].server ? servers : clients).push_back(i);
    QHash<int, double> angle;
    // (no clients, as with ZRE nodes that all listen: the servers take the outer ring)
    const double inner = clients.isEmpty() ? 1.0 : 0.45;
    for (int k = 0; k < servers.size(); ++k) {
        const double a = 2 * std::numbers::pi * k / servers.size() - std::numbers::pi / 2;
        angle.insert(servers[k], a);
        out[servers[k]] = servers.size() == 1 ? centre : centre + QPointF(std::cos(a) * rx * inner, std::sin(a) * ry * inner);
    }
    // Clients beside the first server they reach; a service's workers together.
    QHash<int, double> clientAngle;
    for (const PeerEdge &e : m_graph->edges())
        if (!clientAngle.contains(e.from))
            clientAngle.insert(e.from, angle.value(e.to, 0));
    std::stable_sort(clients.begin(), clients.end(), [&](int a, int b) {
        const double pa = clientAngle.value(a), pb = clientAngle.value(b);
        if (pa != pb)
            return pa < pb;
        return nodes[a].group < nodes[b].group;
    });
    // (turned so that the first server's clients sit centred on its side)
    int firstGroup = 0;
    while (firstGroup < clients.size() && clientAngle.value(clients[firstGroup]) == clientAngle.value(clients.value(0)))
        ++firstGroup;
    const double step = clients.isEmpty() ? 0 : 2 * std::numbers::pi / clients.size();
    const double start = clientAngle.value(clients.value(0), -std::numbers::pi / 2) - step * (firstGroup - 1) / 2.0;
    for (int k = 0; k < clients.size(); ++k) {
        const double a = start + step * k;
        out[clients[k]] = centre + QPointF(std::cos(a) * rx, std::sin(a) * ry);
    }
}

QPointF PeerGraphView::nodeCentre(int i) const
{
    return i >= 0 && i < m_centres.size() ? m_centres[i] : QPointF();
}

int PeerGraphView::nodeAt(const QPointF &p) const
{
    const QSizeF box = nodeSize();
    for (int i = 0; i < m_centres.size(); ++i)
        if (QRectF(m_centres[i] - QPointF(box.width() / 2, box.height() / 2), box).contains(p))
            return i;
    return -1;
}

int PeerGraphView::edgeAt(const QPointF &p) const
{
    if (!m_graph)
        return -1;
    for (int i = 0; i < m_graph->edges().size(); ++i) {
        const PeerEdge &e = m_graph->edges()[i];
        if (distanceToSegment(p, nodeCentre(e.from), nodeCentre(e.to)) < 6)
            return i;
    }
    return -1;
}

void PeerGraphView::mousePressEvent(QMouseEvent *event)
{
    const QPointF p = event->position();
    const int node = nodeAt(p);
    if (node >= 0)
        Q_EMIT nodeClicked(node);
    else if (const int edge = edgeAt(p); edge >= 0)
        Q_EMIT edgeClicked(edge);
    QWidget::mousePressEvent(event);
}

void PeerGraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    render(p, size());
}

void PeerGraphView::render(QPainter &p, const QSize &size) const
{
    const QPalette pal = palette();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(QRect(QPoint(0, 0), size), pal.base());
    if (!m_graph || m_graph->nodes().isEmpty()) {
        p.setPen(pal.placeholderText().color());
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, tr("No connections yet."));
        return;
    }
    QVector<QPointF> centres;
    placeNodes(size, centres);
    const QSizeF box = nodeSize();
    const bool dark = pal.base().color().lightness() < 128;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics sm(small);

    // Groups first (behind their members).
    QMap<QString, QPair<QRectF, QString>> groups;
    for (int i = 0; i < m_graph->nodes().size(); ++i) {
        const PeerNode &n = m_graph->nodes()[i];
        if (n.group.isEmpty())
            continue;
        const QRectF r(centres[i] - QPointF(box.width() / 2, box.height() / 2), box);
        groups[n.group] = {groups.contains(n.group) ? groups[n.group].first.united(r) : r, n.groupLabel};
    }
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const QRectF r = it.value().first.adjusted(-10, -sm.height() - 8, 10, 10);
        QColor fill = dark ? QColor(0x3a5f3a) : QColor(0xe3f2e3);
        p.setPen(QPen(dark ? QColor(0x6fd08c) : QColor(0x2e7d32), 1, Qt::DashLine));
        p.setBrush(fill);
        p.drawRoundedRect(r, 8, 8);
        p.setFont(small);
        p.drawText(r.adjusted(8, 2, -8, 0), Qt::AlignTop | Qt::AlignLeft, it.value().second);
    }

    // Edges: client -> server, labelled at the middle.
    QSet<QPair<int, int>> links;
    for (const PeerEdge &e : m_graph->edges())
        links.insert({e.from, e.to});
    for (const PeerEdge &e : m_graph->edges()) {
        QPointF a = centres[e.from], b = centres[e.to];
        // Both ways between two peers (ZRE): two lines side by side.
        if (links.contains({e.to, e.from})) {
            const QPointF d = b - a;
            const double len = std::hypot(d.x(), d.y());
            if (len > 1) {
                const QPointF shift = QPointF(-d.y(), d.x()) / len * 7;
                a += shift;
                b += shift;
            }
        }
        const QPointF from = boxExit(a, box, b), to = boxExit(b, box, a);
        QColor colour = e.closed ? pal.placeholderText().color() : (dark ? QColor(0x6fa8ff) : QColor(0x1f5fbf));
        p.setPen(QPen(colour, e.closed ? 1.0 : 1.6, e.closed ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(from, to);
        const QPointF d = to - from;
        const double len = std::hypot(d.x(), d.y());
        if (len > 1) {
            const QPointF u = d / len, n(-u.y(), u.x());
            QPainterPath head;
            head.moveTo(to);
            head.lineTo(to - u * 9 + n * 4.5);
            head.lineTo(to - u * 9 - n * 4.5);
            head.closeSubpath();
            p.fillPath(head, colour);
        }
        QString first = e.socketTypes;
        if (!e.mechanism.isEmpty())
            first += QStringLiteral(" \u00b7 ") + e.mechanism;
        if (e.connections.size() > 1)
            first += QStringLiteral(" \u00d7%1").arg(e.connections.size());
        const QString second = m_live ? tr("%1/s \u00b7 %2/s").arg(amount(e.messagesPerSecond, "msg"), amount(e.bytesPerSecond, "B"))
                                      : tr("%1 \u00b7 %2").arg(amount(double(e.messages), "msg"), amount(double(e.bytes), "B"));
        // (a third of the way from the client: the two ways between two peers keep apart)
        const QPointF mid = from + (to - from) * (links.contains({e.to, e.from}) ? 0.33 : 0.5);
        const int w = qMax(sm.horizontalAdvance(first), sm.horizontalAdvance(second)) + 8;
        const QRectF label(mid.x() - w / 2.0, mid.y() - sm.height(), w, sm.height() * 2);
        QColor back = pal.base().color();
        back.setAlpha(220);
        p.fillRect(label, back);
        p.setFont(small);
        p.setPen(pal.text().color());
        p.drawText(label, Qt::AlignCenter, first + QLatin1Char('\n') + second);
    }

    // Nodes.
    for (int i = 0; i < m_graph->nodes().size(); ++i) {
        const PeerNode &n = m_graph->nodes()[i];
        const QRectF r(centres[i] - QPointF(box.width() / 2, box.height() / 2), box);
        p.setPen(QPen(n.server ? (dark ? QColor(0xffb74d) : QColor(0xb26a00)) : pal.mid().color(), n.server ? 1.8 : 1.2));
        p.setBrush(pal.window());
        p.drawRoundedRect(r, 6, 6);
        p.setFont(font());
        p.setPen(pal.text().color());
        const QRectF top = r.adjusted(6, 4, -6, -r.height() / 2);
        p.drawText(top, Qt::AlignCenter, p.fontMetrics().elidedText(n.name.isEmpty() ? tr("peer") : n.name, Qt::ElideRight, int(top.width())));
        p.setFont(small);
        p.setPen(pal.placeholderText().color());
        const QRectF bottom = r.adjusted(6, r.height() / 2, -6, -4);
        QString where = n.endpoints.value(0);
        if (n.endpoints.size() > 1)
            where = tr("%1 (+%2)").arg(where).arg(n.endpoints.size() - 1);
        p.drawText(bottom, Qt::AlignCenter, sm.elidedText(where, Qt::ElideMiddle, int(bottom.width())));
    }
}

PeerGraphDock::PeerGraphDock(CaptureSession *session, const ConnectionsModel *connections, QWidget *parent)
    : QDockWidget(tr("Peer Graph"), parent), m_connections(connections), m_session(session)
{
    setObjectName(QStringLiteral("peerGraphDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("peerGraphSummary"));
    bar->addWidget(m_summary, 1);
    auto *save = new QPushButton(tr("&Export…"), body);
    bar->addWidget(save);
    layout->addLayout(bar);
    m_view = new PeerGraphView(body);
    m_view->setToolTip(tr("Click a peer or a connection to show only its rows"));
    auto *scroll = new QScrollArea(body);
    scroll->setWidget(m_view);
    scroll->setWidgetResizable(true);
    layout->addWidget(scroll, 1);
    setWidget(body);

    connect(m_view, &PeerGraphView::nodeClicked, this, [this](int node) { Q_EMIT connectionsChosen(m_graph.connectionsOf(node)); });
    connect(m_view, &PeerGraphView::edgeClicked, this, [this](int edge) { Q_EMIT connectionsChosen(m_graph.edges()[edge].connections); });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the Peer Graph"), QString(), tr("SVG (*.svg);;PNG (*.png)"));
        QString error;
        if (!path.isEmpty() && !exportTo(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    // The capture's ZRE members come with a summary (request numbers of its
    // own: the statistics dock asks the same session). Live: every second,
    // so rates fall to 0 when traffic stops; else when something changed.
    m_pacer = new SnapshotPacer(
        this, 1000,
        [s = m_session](quint64 request) {
            QMetaObject::invokeMethod(s, [s, request] { s->requestSummary(request); }, Qt::QueuedConnection);
        },
        quint64(1) << 63);
    connect(connections, &QAbstractItemModel::rowsInserted, m_pacer, &SnapshotPacer::markDirty);
    connect(connections, &QAbstractItemModel::dataChanged, m_pacer, &SnapshotPacer::markDirty);
    connect(connections, &QAbstractItemModel::modelReset, m_pacer, &SnapshotPacer::markDirty);
    connect(m_session, &CaptureSession::summaryReady, this, [this](quint64 request, const capture::CaptureSummary &summary) {
        if (!m_pacer->accept(request))
            return;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_graph.update(m_connections->rows(), m_live && m_lastMs ? now - m_lastMs : 0, summary.zreMembers);
        m_lastMs = now;
        m_view->setGraph(&m_graph, m_live);
        m_summary->setText(tr("%1 peers, %2 links, %3 connections")
                               .arg(m_graph.nodes().size())
                               .arg(m_graph.edges().size())
                               .arg(m_connections->rows().size()));
        Q_EMIT updated();
    });
}

void PeerGraphDock::setLive(bool live)
{
    m_live = live;
    m_lastMs = 0;
    m_pacer->setEveryTick(live);
    m_pacer->markDirty();
}

void PeerGraphDock::clear()
{
    m_graph.clear();
    m_lastMs = 0;
    m_pacer->markDirty();
    m_view->setGraph(&m_graph, m_live);
}

void PeerGraphDock::refresh()
{
    m_pacer->ask();
}

bool PeerGraphDock::exportTo(const QString &path, QString *error)
{
    const QSize size = m_view->size().expandedTo(m_view->minimumSize());
    return writePicture(path, size, tr("ZmqScope peer graph"), {QStringLiteral("svg"), QStringLiteral("png")},
                        [&](QPainter &p) { m_view->render(p, size); }, error);
}

}   // namespace zmqscope
