#include "bytespane.h"

#include "hexview.h"

namespace zmqscope {

BytesPane::BytesPane(QWidget *parent)
    : QTabWidget(parent)
    , m_stream(new HexView(this))
    , m_decrypted(new HexView(this))
{
    setObjectName(QStringLiteral("bytesPane"));
    setDocumentMode(true);
    m_stream->setObjectName(QStringLiteral("streamBytes"));
    m_decrypted->setObjectName(QStringLiteral("decryptedBytes"));
    addTab(m_stream, tr("Stream"));
    m_decrypted->hide();
    connect(m_stream, &HexView::byteSelected, this, [this](quint64 offset) { Q_EMIT byteSelected(offset, false); });
    connect(m_decrypted, &HexView::byteSelected, this, [this](quint64 offset) { Q_EMIT byteSelected(offset, true); });
}

void BytesPane::setEvent(const QByteArray &stream, quint64 baseOffset, const QByteArray &decrypted)
{
    m_stream->setData(stream, baseOffset);
    m_decrypted->setData(decrypted, 0);
    const int at = indexOf(m_decrypted);
    if (decrypted.isEmpty() && at >= 0)
        removeTab(at);
    else if (!decrypted.isEmpty() && at < 0)
        addTab(m_decrypted, tr("Decrypted (%n byte(s))", nullptr, int(decrypted.size())));
    else if (at >= 0)
        setTabText(at, tr("Decrypted (%n byte(s))", nullptr, int(decrypted.size())));
}

bool BytesPane::hasDecrypted() const
{
    return indexOf(m_decrypted) >= 0;
}

void BytesPane::clear()
{
    setEvent({}, 0, {});
}

void BytesPane::markField(quint64 offset, quint64 length, bool decrypted)
{
    HexView *view = decrypted && hasDecrypted() ? m_decrypted : m_stream;
    view->markField(offset, length);
    (view == m_decrypted ? m_stream : m_decrypted)->markField(0, 0);
    setCurrentWidget(view);
}

}   // namespace zmqscope
