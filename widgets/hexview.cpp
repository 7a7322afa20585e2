#include "hexview.h"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace zmqscope {

namespace {
constexpr int kPerLine = 16;
constexpr int kOffsetChars = 10;   // "00000000  "
constexpr int kHexChars = kPerLine * 3 + 1;
}   // namespace

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setObjectName(QStringLiteral("hexView"));
}

int HexView::lineHeight() const
{
    return fontMetrics().height();
}

int HexView::charWidth() const
{
    return fontMetrics().horizontalAdvance(QLatin1Char('0'));
}

void HexView::setData(const QByteArray &bytes, quint64 baseOffset)
{
    m_bytes = bytes;
    m_base = baseOffset;
    m_markOffset = m_markLength = 0;
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void HexView::markField(quint64 offset, quint64 length)
{
    m_markOffset = offset;
    m_markLength = length;
    if (length && offset >= m_base) {
        const int line = int((offset - m_base) / kPerLine);
        QScrollBar *bar = verticalScrollBar();
        const int visible = viewport()->height() / lineHeight();
        if (line < bar->value() || line >= bar->value() + visible)
            bar->setValue(line);
    }
    viewport()->update();
}

void HexView::updateScrollBars()
{
    const int lines = int((m_bytes.size() + kPerLine - 1) / kPerLine);
    const int visible = qMax(1, viewport()->height() / lineHeight());
    verticalScrollBar()->setRange(0, qMax(0, lines - visible));
    verticalScrollBar()->setPageStep(visible);
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    const int lh = lineHeight(), cw = charWidth();
    const int first = verticalScrollBar()->value();
    const int visible = viewport()->height() / lh + 1;
    const int lines = int((m_bytes.size() + kPerLine - 1) / kPerLine);
    const QColor markBackground = palette().color(QPalette::Highlight);
    const QColor markText = palette().color(QPalette::HighlightedText);
    const QColor dim = palette().color(QPalette::PlaceholderText);
    for (int line = first; line < qMin(lines, first + visible); ++line) {
        const int y = (line - first) * lh + fontMetrics().ascent();
        p.setPen(dim);
        p.drawText(0, y, QStringLiteral("%1").arg(m_base + quint64(line) * kPerLine, 8, 16, QLatin1Char('0')));
        for (int i = 0; i < kPerLine; ++i) {
            const qsizetype at = qsizetype(line) * kPerLine + i;
            if (at >= m_bytes.size())
                break;
            const quint8 b = quint8(m_bytes[at]);
            const quint64 offset = m_base + quint64(at);
            const bool marked = m_markLength && offset >= m_markOffset && offset < m_markOffset + m_markLength;
            const int hx = (kOffsetChars + i * 3 + (i >= 8 ? 1 : 0)) * cw;
            const int ax = (kOffsetChars + kHexChars + 1 + i) * cw;
            if (marked) {
                p.fillRect(hx, y - fontMetrics().ascent(), cw * 2, lh, markBackground);
                p.fillRect(ax, y - fontMetrics().ascent(), cw, lh, markBackground);
            }
            p.setPen(marked ? markText : palette().color(QPalette::Text));
            p.drawText(hx, y, QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0')));
            p.drawText(ax, y, (b >= 0x20 && b < 0x7F) ? QString(QLatin1Char(char(b))) : QStringLiteral("."));
        }
    }
}

qint64 HexView::offsetAt(const QPoint &pos) const
{
    const int cw = charWidth();
    const int line = verticalScrollBar()->value() + pos.y() / lineHeight();
    const int col = pos.x() / cw;
    int i = -1;
    if (col >= kOffsetChars && col < kOffsetChars + kHexChars) {
        int c = col - kOffsetChars;
        if (c >= 8 * 3 + 1)
            c -= 1;
        i = c / 3;
    } else if (col >= kOffsetChars + kHexChars + 1 && col < kOffsetChars + kHexChars + 1 + kPerLine) {
        i = col - (kOffsetChars + kHexChars + 1);
    }
    if (i < 0 || i >= kPerLine)
        return -1;
    const qsizetype at = qsizetype(line) * kPerLine + i;
    return at < m_bytes.size() ? qint64(m_base + quint64(at)) : -1;
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    const qint64 offset = offsetAt(event->position().toPoint());
    if (offset >= 0)
        Q_EMIT byteSelected(quint64(offset));
}

}   // namespace zmqscope
