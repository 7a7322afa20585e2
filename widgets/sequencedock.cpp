#include "sequencedock.h"

#include "connectionsmodel.h"
#include "framelistmodel.h"
#include "picturefile.h"

#include "codec/streamdecoder.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace zmqscope {

namespace {
QColor kindColour(codec::EventKind kind, const QPalette &p)
{
    const bool dark = p.base().color().lightness() < 128;
    switch (kind) {
    case codec::EventKind::Message:
        return p.text().color();
    case codec::EventKind::Command:
        return dark ? QColor(0x6fa8ff) : QColor(0x1f5fbf);
    case codec::EventKind::Subscription:
        return dark ? QColor(0x6fd08c) : QColor(0x1e7d3a);
    case codec::EventKind::Finding:
        return dark ? QColor(0xffa94d) : QColor(0xc05800);
    default:
        return p.placeholderText().color();
    }
}

QColor stateColour(const QString &state)
{
    if (state.startsWith(QLatin1String("ready")))
        return QColor(0x2e9d4c);
    if (state.startsWith(QLatin1String("error")))
        return QColor(0xc62828);
    if (state.startsWith(QLatin1String("handshake")))
        return QColor(0xc98a00);
    return QColor(0x7a7a7a);
}
}   // namespace

SequenceView::SequenceView(const QAbstractItemModel *rows, const ConnectionsModel *connections, QWidget *parent)
    : QAbstractScrollArea(parent), m_rows(rows), m_layout(rows, connections)
{
    setObjectName(QStringLiteral("sequenceView"));
    viewport()->setBackgroundRole(QPalette::Base);
    verticalScrollBar()->setSingleStep(kRowHeight);
    horizontalScrollBar()->setSingleStep(kLaneWidth / 4);
}

void SequenceView::setTimeOfDay(bool on)
{
    m_timeOfDay = on;
    viewport()->update();
}

bool SequenceView::bringUpToDate()
{
    const bool more = m_layout.update();
    m_layout.refreshNames();
    updateScrollBars();
    viewport()->update();
    return more;
}

void SequenceView::updateScrollBars()
{
    const int height = kHeaderHeight + m_layout.rowCount() * kRowHeight + kRowHeight;
    const int width = kTimeWidth + m_layout.laneCount() * kLaneWidth;
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setRange(0, qMax(0, height - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setRange(0, qMax(0, width - viewport()->width()));
}

void SequenceView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void SequenceView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void SequenceView::setCurrentRow(int row)
{
    m_current = row;
    if (row >= 0) {
        const int top = kHeaderHeight + row * kRowHeight;
        QScrollBar *v = verticalScrollBar();
        if (top - kHeaderHeight < v->value() || top + kRowHeight > v->value() + viewport()->height())
            v->setValue(top - kHeaderHeight - viewport()->height() / 3);
        // The arrow's lanes in view, too.
        if (const SequenceStep s = row < m_layout.rowCount() ? m_layout.step(row) : SequenceStep(); s.from >= 0) {
            const int left = qMin(laneX(s.from), laneX(s.to)) - kLaneWidth / 2;
            const int right = qMax(laneX(s.from), laneX(s.to)) + kLaneWidth / 2;
            QScrollBar *h = horizontalScrollBar();
            if (left - kTimeWidth < h->value() || right > h->value() + viewport()->width())
                h->setValue(left - kTimeWidth);
        }
    }
    viewport()->update();
}

int SequenceView::rowAt(const QPoint &p) const
{
    if (p.y() < kHeaderHeight)
        return -1;
    const int row = (p.y() - kHeaderHeight + verticalScrollBar()->value()) / kRowHeight;
    return row < m_layout.rowCount() ? row : -1;
}

QRect SequenceView::arrowRect(int row) const
{
    if (row < 0 || row >= m_layout.rowCount())
        return {};
    const SequenceStep s = m_layout.step(row);
    const int top = kHeaderHeight + row * kRowHeight - verticalScrollBar()->value();
    const int dx = -horizontalScrollBar()->value();
    if (s.from < 0)
        return QRect(kTimeWidth, top, kLaneWidth, kRowHeight);
    const int x1 = laneX(s.from) + dx, x2 = laneX(s.to) + dx;
    return QRect(qMin(x1, x2), top, qMax(8, qAbs(x2 - x1)), kRowHeight);
}

QSize SequenceView::fullSize(int maxRows) const
{
    const int rows = qMin(maxRows, m_layout.rowCount());
    return QSize(kTimeWidth + qMax(1, m_layout.laneCount()) * kLaneWidth, kHeaderHeight + rows * kRowHeight + 8);
}

void SequenceView::paintHeader(QPainter &p, int left) const
{
    const QPalette pal = palette();
    p.fillRect(QRect(0, 0, p.device()->width(), kHeaderHeight), pal.window());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (int l = 0; l < m_layout.laneCount(); ++l) {
        const int x = laneX(l) - left;
        const QRect box(x - kLaneWidth / 2 + 6, 4, kLaneWidth - 12, kHeaderHeight - 8);
        if (box.right() < kTimeWidth || box.left() > p.device()->width())
            continue;
        p.setPen(pal.mid().color());
        p.setBrush(pal.base());
        p.drawRoundedRect(box, 4, 4);
        const SequenceLane &lane = m_layout.lane(l);
        p.setPen(pal.text().color());
        p.setFont(font());
        const QRect nameRect = box.adjusted(4, 2, -4, -box.height() / 2);
        p.drawText(nameRect, Qt::AlignCenter,
                   p.fontMetrics().elidedText(lane.name.isEmpty() ? tr("peer") : lane.name, Qt::ElideRight, nameRect.width()));
        p.setFont(small);
        p.setPen(pal.placeholderText().color());
        const QRect addressRect = box.adjusted(4, box.height() / 2, -4, -2);
        p.drawText(addressRect, Qt::AlignCenter, p.fontMetrics().elidedText(lane.endpoint, Qt::ElideMiddle, addressRect.width()));
    }
    p.fillRect(QRect(0, 0, kTimeWidth, kHeaderHeight), pal.window());
    p.setFont(font());
    p.setPen(pal.text().color());
    p.drawText(QRect(4, 0, kTimeWidth - 8, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft,
               m_timeOfDay ? tr("Time of day") : tr("Time (s)"));
    p.setPen(pal.mid().color());
    p.drawLine(0, kHeaderHeight - 1, p.device()->width(), kHeaderHeight - 1);
}

void SequenceView::paintRows(QPainter &p, int first, int last, int top) const
{
    const QPalette pal = palette();
    const int left = p.device() == viewport() ? horizontalScrollBar()->value() : 0;
    const int height = (last - first + 1) * kRowHeight;
    // Lane lines.
    QPen lanePen(pal.mid().color(), 1, Qt::DashLine);
    p.setPen(lanePen);
    for (int l = 0; l < m_layout.laneCount(); ++l) {
        const int x = laneX(l) - left;
        p.drawLine(x, top, x, top + height);
    }
    // One request followed across connections: a dotted line on the lane
    // it passed through, from where it arrived to where it went on.
    {
        const QColor link = pal.base().color().lightness() < 128 ? QColor(0xce93d8) : QColor(0x8e24aa);
        p.setPen(QPen(link, 1.4, Qt::DotLine));
        const auto &links = m_layout.links();
        auto it = std::lower_bound(links.begin(), links.end(), first, [](const QPair<int, int> &l, int row) { return l.second < row; });
        for (; it != links.end() && it->second <= last + 2000; ++it) {
            const auto [a, b] = *it;
            if (a > last)
                continue;
            const SequenceStep sa = m_layout.step(a), sb = m_layout.step(b);
            if (sa.to < 0 || sb.from < 0)
                continue;
            const QPointF start(laneX(sa.to) - left + 3, top + (a - first) * kRowHeight + kRowHeight - 7);
            const QPointF end(laneX(sb.from) - left + 3, top + (b - first) * kRowHeight + kRowHeight - 7);
            p.drawLine(start, QPointF(start.x(), end.y()));
            if (start.x() != end.x())
                p.drawLine(QPointF(start.x(), end.y()), end);
            p.setBrush(link);
            p.drawEllipse(end, 2.5, 2.5);
            p.setBrush(Qt::NoBrush);
        }
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics fm(font());
    for (int row = first; row <= last && row < m_layout.rowCount(); ++row) {
        const SequenceStep s = m_layout.step(row);
        const int y = top + (row - first) * kRowHeight;
        if (row == m_current)
            p.fillRect(QRect(0, y, p.device()->width(), kRowHeight), pal.highlight().color().lighter(pal.base().color().lightness() < 128 ? 60 : 170));
        const QModelIndex index = m_rows->index(row, FrameListModel::Summary);
        const QString summary = index.data().toString();
        const auto kind = codec::EventKind(s.kind);
        const QColor colour = kindColour(kind, pal);
        const int lineY = y + kRowHeight - 7;
        if (s.from >= 0 && kind != codec::EventKind::Finding) {
            const int x1 = laneX(s.from) - left, x2 = laneX(s.to) - left;
            QPen pen(colour, kind == codec::EventKind::Message ? 1.6 : 1.2, s.derived ? Qt::DashLine : Qt::SolidLine);
            p.setPen(pen);
            p.drawLine(x1, lineY, x2, lineY);
            const int dir = x2 > x1 ? 1 : -1;
            QPainterPath head;
            head.moveTo(x2, lineY);
            head.lineTo(x2 - dir * 8, lineY - 4);
            head.lineTo(x2 - dir * 8, lineY + 4);
            head.closeSubpath();
            p.fillPath(head, colour);
            const int lx = qMin(x1, x2) + 6, lw = qMax(qAbs(x2 - x1) - 12, kLaneWidth - 24);
            p.setFont(font());
            p.drawText(QRect(lx, y, lw, kRowHeight - 8), Qt::AlignLeft | Qt::AlignBottom,
                       fm.elidedText(summary, Qt::ElideRight, lw));
            // Handshake states: beside the lane line, away from the arrow.
            p.setFont(small);
            const QFontMetrics sm(small);
            const auto tag = [&](int x, bool onLeft, const QString &state) {
                const QString text = tr("#%1 %2").arg(s.connection).arg(state);
                const int w = qMin(sm.horizontalAdvance(text) + 10, kLaneWidth - 24);
                const QRect r(onLeft ? x - w - 4 : x + 4, y + 3, w, kRowHeight - 8);
                p.setPen(stateColour(state));
                p.setBrush(pal.base());
                p.drawRoundedRect(r, 3, 3);
                p.drawText(r, Qt::AlignCenter, sm.elidedText(text, Qt::ElideRight, w - 6));
                p.setBrush(Qt::NoBrush);
            };
            if (!s.state.isEmpty())
                tag(x1, dir > 0, s.state);
            if (!s.peerState.isEmpty())
                tag(x2, dir < 0, s.peerState);
        }
        else {
            // A finding (or a row without lanes): a note on its sender's lane.
            const int x = s.from >= 0 ? laneX(s.from) - left : kTimeWidth + 8;
            p.setFont(small);
            const QFontMetrics sm(small);
            const int w = qMin(sm.horizontalAdvance(summary) + 12, kLaneWidth * 2);
            const QRect r(x + 4, y + 3, w, kRowHeight - 6);
            p.setPen(colour);
            p.setBrush(pal.base());
            p.drawRect(r);
            p.drawText(r.adjusted(6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, sm.elidedText(summary, Qt::ElideRight, w - 10));
            p.setBrush(Qt::NoBrush);
        }
        // The time column, over anything scrolled under it.
        p.fillRect(QRect(0, y, kTimeWidth, kRowHeight), row == m_current ? pal.highlight() : pal.base());
        p.setFont(small);
        p.setPen(row == m_current ? pal.highlightedText().color() : pal.text().color());
        QString time;
        const QModelIndex first0 = m_rows->index(row, 0);
        if (m_timeOfDay) {
            const qint64 ns = first0.data(FrameListModel::AbsoluteTimeRole).toLongLong();
            time = QDateTime::fromMSecsSinceEpoch(ns / 1000000).toString(QStringLiteral("HH:mm:ss.zzz"))
                + QString::number((ns / 1000) % 1000).rightJustified(3, QLatin1Char('0'));
        }
        else
            time = QString::number(double(first0.data(FrameListModel::TimeRole).toLongLong()) / 1e9, 'f', 6);
        p.drawText(QRect(4, y, kTimeWidth - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignRight, time);
    }
}

void SequenceView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const int scroll = verticalScrollBar()->value();
    const int first = scroll / kRowHeight;
    const int last = first + viewport()->height() / kRowHeight + 1;
    if (m_layout.rowCount() > 0)
        paintRows(p, first, qMin(last, m_layout.rowCount() - 1), kHeaderHeight + first * kRowHeight - scroll);
    else {
        p.setPen(palette().placeholderText().color());
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No rows to draw: open a capture, or clear the filter."));
    }
    paintHeader(p, horizontalScrollBar()->value());
}

void SequenceView::render(QPainter &p, int firstRow, int rows) const
{
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(QRect(QPoint(0, 0), fullSize(rows)), palette().base());
    const int last = qMin(firstRow + rows, m_layout.rowCount()) - 1;
    if (last >= firstRow)
        paintRows(p, firstRow, last, kHeaderHeight);
    paintHeader(p, 0);
}

void SequenceView::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint());
    if (row >= 0)
        Q_EMIT rowClicked(row);
    QAbstractScrollArea::mousePressEvent(event);
}

SequenceDock::SequenceDock(const QAbstractItemModel *rows, const ConnectionsModel *connections, QWidget *parent)
    : QDockWidget(tr("Sequence Diagram"), parent)
{
    setObjectName(QStringLiteral("sequenceDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("sequenceSummary"));
    bar->addWidget(m_summary, 1);
    m_timeOfDay = new QCheckBox(tr("&Time of day"), body);
    bar->addWidget(m_timeOfDay);
    auto *save = new QPushButton(tr("&Export…"), body);
    bar->addWidget(save);
    layout->addLayout(bar);
    m_view = new SequenceView(rows, connections, body);
    layout->addWidget(m_view, 1);
    setWidget(body);

    connect(m_timeOfDay, &QCheckBox::toggled, m_view, &SequenceView::setTimeOfDay);
    connect(m_view, &SequenceView::rowClicked, this, [this](int row) {
        m_view->setCurrentRow(row);
        Q_EMIT rowChosen(row);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the Sequence Diagram"), QString(),
                                                          tr("SVG (*.svg);;PNG (*.png);;PDF (*.pdf)"));
        QString error;
        if (!path.isEmpty() && !exportTo(path, &error))
            QMessageBox::warning(this, tr("Export"), error);
    });
    // Rows appended: read on the next tick; anything else: read again.
    connect(rows, &QAbstractItemModel::rowsInserted, this, &SequenceDock::markDirty);
    const auto readAgain = [this] {
        m_reset = true;
        markDirty();
    };
    connect(rows, &QAbstractItemModel::modelReset, this, readAgain);
    connect(rows, &QAbstractItemModel::layoutChanged, this, readAgain);
    connect(rows, &QAbstractItemModel::rowsRemoved, this, readAgain);
    connect(connections, &QAbstractItemModel::rowsInserted, this, &SequenceDock::markDirty);
    connect(connections, &QAbstractItemModel::dataChanged, this, &SequenceDock::markDirty);
    m_timer = new QTimer(this);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_dirty && isVisible())
            refresh();
    });
    m_timer->start();
}

void SequenceDock::refresh()
{
    m_dirty = false;
    if (m_reset) {
        m_view->layout().reset();
        m_reset = false;
    }
    // (a long capture is read over several ticks)
    if (m_view->bringUpToDate())
        m_dirty = true;
    m_summary->setText(tr("%1 rows between %2 peers").arg(m_view->layout().rowCount()).arg(m_view->layout().laneCount()));
    Q_EMIT updated();
}

void SequenceDock::markDirty()
{
    m_dirty = true;
}

void SequenceDock::showRow(int row)
{
    if (isVisible())
        m_view->bringUpToDate();
    m_view->setCurrentRow(row);
}

bool SequenceDock::exportTo(const QString &path, QString *error)
{
    while (m_view->bringUpToDate()) {
    }
    const int rows = qMin(kExportRows, m_view->layout().rowCount());
    return writePicture(path, m_view->fullSize(rows), tr("ZmqScope sequence diagram"),
                        {QStringLiteral("svg"), QStringLiteral("png"), QStringLiteral("pdf")},
                        [&](QPainter &p) { m_view->render(p, 0, rows); }, error);
}

}   // namespace zmqscope
