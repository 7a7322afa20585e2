#include "peersession.h"

#include "logging.h"
#include "relay.h"

namespace zmqscope {

PeerSession::PeerSession(CaptureSession *capture, QObject *parent) : QObject(parent), m_capture(capture)
{
    qRegisterMetaType<zmqscope::PeerRow>();
    qRegisterMetaType<zmqscope::PeerLogRow>();
    qRegisterMetaType<QVector<zmqscope::PeerRow>>();
    qRegisterMetaType<QVector<zmqscope::PeerLogRow>>();
    qRegisterMetaType<zmqscope::PeerOptions>();
}

PeerSession::~PeerSession() = default;

void PeerSession::launch(const QString &role, const PeerOptions &options)
{
    const peers::RoleInfo *info = peers::findRole(role.toStdString());
    if (!info) {
        Q_EMIT launchFailed(role, tr("There is no role %1.").arg(role));
        return;
    }
    std::map<std::string, std::vector<std::string>> given;
    for (auto it = options.begin(); it != options.end(); ++it) {
        std::vector<std::string> values;
        for (const QString &v : it.value())
            values.push_back(v.toStdString());
        given[it.key().toStdString()] = std::move(values);
    }
    std::string error;
    auto checked = peers::Options::make(info->options, given, &error);
    if (!checked) {
        Q_EMIT launchFailed(role, QString::fromStdString(error));
        return;
    }
    if (!m_group) {
        m_group = std::make_unique<peers::PeerGroup>();
        m_group->start();
        m_timer = new QTimer(this);
        m_timer->setInterval(100);
        connect(m_timer, &QTimer::timeout, this, &PeerSession::poll);
        m_timer->start();
    }
    // A tap in front of every TCP endpoint (ipc and inproc are used as given).
    std::map<std::string, std::string> binds, connects;
    QVector<quint32> taps;
    for (const peers::OptionSpec &o : info->options) {
        if (o.kind != peers::OptionKind::Bind && o.kind != peers::OptionKind::Connect)
            continue;
        for (const std::string &ep : checked->list(o.name)) {
            if (!ep.starts_with("tcp://") || binds.contains(ep) || connects.contains(ep))
                continue;
            const TapPlacement place = placeTap(ep, o.kind == peers::OptionKind::Bind);
            TapSettings t;
            t.listen = QString::fromStdString(place.listen);
            t.forward = QString::fromStdString(place.forward);
            const std::optional<LiveSourceInfo> tap = m_capture->openTap(t);
            if (!tap) {
                Q_EMIT launchFailed(role, tr("Cannot put a tap in front of %1.").arg(QString::fromStdString(ep)));
                return;
            }
            taps.push_back(tap->id);
            if (o.kind == peers::OptionKind::Bind)
                binds[ep] = place.peerEndpoint;
            else
                connects[ep] = tap->listen.toStdString();
        }
    }
    peers::EndpointMap map;
    map.bind = [binds](const std::string &ep) {
        const auto it = binds.find(ep);
        return it == binds.end() ? ep : it->second;
    };
    map.connect = [connects](const std::string &ep) {
        const auto it = connects.find(ep);
        return it == connects.end() ? ep : it->second;
    };
    const quint32 id = m_group->add(info->create(*info, std::move(*checked)), std::move(map));
    m_sources[id] = taps;
    qCDebug(lcCapture) << "peer" << id << role << "through" << taps.size() << "tap(s)";
    Q_EMIT launched(id, role);
}

void PeerSession::stop(quint32 id)
{
    if (m_group)
        m_group->stop(id);
}

void PeerSession::restart(quint32 id)
{
    if (m_group)
        m_group->restart(id);
}

void PeerSession::remove(quint32 id)
{
    if (m_group)
        m_group->remove(id);
    m_sources.erase(id);
}

void PeerSession::stopAll()
{
    m_group.reset();   // (stops the thread, closes every socket)
    m_sources.clear();
    if (m_timer)
        m_timer->stop();
    m_last.clear();
    Q_EMIT peersChanged({});
}

void PeerSession::poll()
{
    if (!m_group)
        return;
    QVector<PeerRow> rows;
    for (const peers::PeerStatus &s : m_group->statuses()) {
        PeerRow r;
        r.id = s.id;
        r.role = QString::fromStdString(s.role);
        r.name = QString::fromStdString(s.name);
        for (const std::string &e : s.endpoints)
            r.endpoints << QString::fromStdString(e);
        r.state = s.running || s.state == "Failed" || s.state == "Done" || s.state == "GaveUp" ? QString::fromStdString(s.state)
                                                                                                : tr("Stopped");
        r.sent = s.sent;
        r.received = s.received;
        r.lastError = QString::fromStdString(s.lastError);
        r.running = s.running;
        if (const auto it = m_sources.find(s.id); it != m_sources.end())
            r.sources = it->second;
        rows.push_back(std::move(r));
    }
    bool same = rows.size() == m_last.size();
    for (int i = 0; same && i < rows.size(); ++i) {
        const PeerRow &a = rows[i], &b = m_last[i];
        same = a.id == b.id && a.state == b.state && a.sent == b.sent && a.received == b.received && a.lastError == b.lastError
            && a.endpoints == b.endpoints && a.running == b.running;
    }
    if (!same) {
        m_last = rows;
        Q_EMIT peersChanged(rows);
    }
    QVector<PeerLogRow> lines;
    for (peers::PeerLog &l : m_group->takeLogs())
        lines.push_back({l.peer, l.line.timeMs, int(l.line.level), QString::fromStdString(l.line.text)});
    if (!lines.isEmpty())
        Q_EMIT peersLogged(lines);
}

}   // namespace zmqscope
