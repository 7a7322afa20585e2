// How a statistics view asks the capture thread for a new snapshot (I/O
// graphs, response times, statistics, peer graph): from a dirty flag on a
// timer, only while the view is shown and no request is outstanding, and a
// reply counts only if it answers the newest request. The view sends the
// request itself (`send`, given its number) and hands each reply's number
// to accept(). GUI thread.
#pragma once

#include <QObject>

#include <functional>

class QTimer;
class QWidget;

namespace zmqscope {

class SnapshotPacer : public QObject {
public:
    using Send = std::function<void(quint64 request)>;
    // Request numbers start above `base` (views asking the same session for
    // the same kind of snapshot need bases of their own).
    SnapshotPacer(QWidget *view, int intervalMs, Send send, quint64 base = 0);

    // Something changed: ask on the next tick.
    void markDirty() { m_dirty = true; }
    // Ask on every tick while shown, changed or not (a live view's rates).
    void setEveryTick(bool on) { m_everyTick = on; }
    // Ask now.
    void ask();
    // True if `request` is the newest request (which is then answered).
    bool accept(quint64 request);

private:
    void tick();

    QWidget *m_view;
    Send m_send;
    QTimer *m_timer;
    quint64 m_request;
    bool m_dirty = true;
    bool m_everyTick = false;
    bool m_waiting = false;
};

}   // namespace zmqscope
