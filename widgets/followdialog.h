// Follow Connection: the messages and commands of one connection, both
// directions interleaved in capture order, as text or as a hex dump, the
// two directions in different colours (as Wireshark's Follow TCP Stream).
// It only shows what CaptureSession::follow() gives it.
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

    void setMode(Mode mode);
    QString plainText() const;
    QString summary() const;

private:
    void render();

    QVector<FollowItem> m_items;
    bool m_truncated = false;
    Mode m_mode = Mode::Text;
    QComboBox *m_modeBox = nullptr;
    QTextEdit *m_text = nullptr;
    QLabel *m_summary = nullptr;
};

}   // namespace zmqscope
