#include "snapshotpacer.h"

#include <QTimer>
#include <QWidget>

namespace zmqscope {

SnapshotPacer::SnapshotPacer(QWidget *view, int intervalMs, Send send, quint64 base)
    : QObject(view), m_view(view), m_send(std::move(send)), m_timer(new QTimer(this)), m_request(base)
{
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &SnapshotPacer::tick);
    m_timer->start();
}

void SnapshotPacer::tick()
{
    if ((m_dirty || m_everyTick) && !m_waiting && m_view->isVisible())
        ask();
}

void SnapshotPacer::ask()
{
    m_dirty = false;
    m_waiting = true;
    m_send(++m_request);
}

bool SnapshotPacer::accept(quint64 request)
{
    if (request != m_request)
        return false;   // an older request's reply
    m_waiting = false;
    return true;
}

}   // namespace zmqscope
