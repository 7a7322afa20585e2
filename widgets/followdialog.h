// Follow Connection: the messages and commands of one connection, both
// directions interleaved in capture order, as text or as a hex dump, the
// two directions in different colours (as Wireshark's Follow TCP Stream).
// It only shows what CaptureSession::follow() gives it: it opens at once,
// saying it is reading, and shows the items when the capture thread has
// decoded them (setItems).
#pragma once

#include "capturesession.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QTextEdit;

namespace zmqscope {

class FollowDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Text, Hex };

    FollowDialog(const QString &title, QVector<FollowItem> items, bool truncated, QWidget *parent = nullptr);
    // Opens while the items are being read.
    FollowDialog(const QString &title, QWidget *parent = nullptr);
    void setItems(QVector<FollowItem> items, bool truncated);
    bool isLoaded() const { return m_loaded; }

    void setMode(Mode mode);
    QString plainText() const;
    QString summary() const;

Q_SIGNALS:
    void loaded();

private:
    void render();

    QVector<FollowItem> m_items;
    bool m_truncated = false;
    bool m_loaded = false;
    Mode m_mode = Mode::Text;
    QComboBox *m_modeBox = nullptr;
    QTextEdit *m_text = nullptr;
    QLabel *m_summary = nullptr;
};

}   // namespace zmqscope
