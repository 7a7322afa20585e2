// HexView: the bytes of the selected event, 16 per line, offset, hex and
// ASCII. Paints only the visible lines. markField() highlights a byte range
// (from the dissection tree); a click emits byteSelected() with the stream
// offset of the byte, so the tree can select its field. Offsets are stream
// offsets: the first byte shown is at baseOffset.
#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>

namespace zmqscope {

class HexView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit HexView(QWidget *parent = nullptr);

    void setData(const QByteArray &bytes, quint64 baseOffset);
    void markField(quint64 offset, quint64 length);
    quint64 markedOffset() const { return m_markOffset; }
    quint64 markedLength() const { return m_markLength; }
    const QByteArray &bytes() const { return m_bytes; }
    // The stream offset of the byte at a viewport position, or -1.
    qint64 offsetAt(const QPoint &pos) const;

Q_SIGNALS:
    void byteSelected(quint64 offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScrollBars();
    int lineHeight() const;
    int charWidth() const;

    QByteArray m_bytes;
    quint64 m_base = 0;
    quint64 m_markOffset = 0;
    quint64 m_markLength = 0;
};

}   // namespace zmqscope
