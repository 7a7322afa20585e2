// BytesPane: the bytes of the selected event. The Stream tab shows them as
// they crossed the wire (stream offsets); the Decrypted tab, shown only for
// an event a CURVE session key opened, what its boxes held, which the
// tree's decrypted fields point into (as Wireshark shows decrypted TLS).
// Selecting a field marks its bytes in the tab it lies in; a click on a
// byte names the tab it came from.
#pragma once

#include <QTabWidget>

namespace zmqscope {

class HexView;

class BytesPane : public QTabWidget {
    Q_OBJECT
public:
    explicit BytesPane(QWidget *parent = nullptr);

    // `decrypted` empty: no Decrypted tab.
    void setEvent(const QByteArray &stream, quint64 baseOffset, const QByteArray &decrypted);
    void clear();
    // Marks a field's range in the stream or in the decrypted bytes, and shows that tab.
    void markField(quint64 offset, quint64 length, bool decrypted);

    HexView *streamView() const { return m_stream; }
    HexView *decryptedView() const { return m_decrypted; }
    bool hasDecrypted() const;

Q_SIGNALS:
    void byteSelected(quint64 offset, bool decrypted);

private:
    HexView *m_stream;
    HexView *m_decrypted;
};

}   // namespace zmqscope
