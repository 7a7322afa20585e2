// Decode As, as the connections view's context menu offers it: the
// application protocol of one connection, or of every connection on its
// server port (a protocol, none, or back to detection). Builds the new
// DecodeAs from the current one; the window hands it to the session, which
// dissects the capture again. GUI thread.
#pragma once

#include "protocols/applayer.h"

#include <QMenu>

namespace zmqscope {

class DecodeAsMenu : public QMenu {
    Q_OBJECT
public:
    DecodeAsMenu(const protocols::DecodeAs &current, quint32 connection, quint16 serverPort, QWidget *parent = nullptr);

Q_SIGNALS:
    void chosen(const zmqscope::protocols::DecodeAs &decodeAs);

private:
    QMenu *scopeMenu(const QString &title, const QString &current, const std::function<void(protocols::DecodeAs &, const QString &)> &set);

    protocols::DecodeAs m_current;
};

}   // namespace zmqscope
