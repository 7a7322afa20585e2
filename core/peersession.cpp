#include "peersession.h"

#include "logging.h"
#include "relay.h"
#include "taprecorder.h"

#include "codec/curve.h"
#include "peers/socketpeer.h"

namespace zmqscope {

CurvePeerKeys::Plan CurvePeerKeys::plan(const peers::RoleInfo &role, std::map<std::string, std::vector<std::string>> &given)
{
    Plan plan;
    std::string error;
    const auto options = peers::Options::make(role.options, given, &error);
    if (role.id != "socket" || !options || options->text("mechanism") != "curve")
        return plan;
    const bool binds = !options->list("bind").empty();
    const bool server = options->given("server") ? options->flag("server") : binds;
    plan.binds = server;
    if (server) {
        auto secret = peers::curveSecretOption(*options, &error);
        if (!secret)
            return plan;   // (the peer says what is wrong when it starts)
        if (secret->empty()) {
            secret = codec::curveKeyToZ85(codec::CurveKeyPair::generate().secretKey);
            given["curve-secret"] = {*secret};
            plan.secretMade = true;
        }
        if (const auto key = codec::curveKeyFromZ85(*secret)) {
            plan.keys = codec::CurveKeyPair::fromSecret(*key);
            m_servers[plan.keys->publicKey] = *plan.keys;
        }
        if (!binds)
            plan.note = "a CURVE server that connects: its traffic stays encrypted in the capture "
                        "(a tap terminates CURVE only in front of a server that binds)";
    } else if (const auto z85 = peers::curveServerKeyOption(*options, &error); z85 && !z85->empty()) {
        const auto key = codec::curveKeyFromZ85(*z85);
        if (const auto it = key ? m_servers.find(*key) : m_servers.end(); it != m_servers.end())
            plan.keys = it->second;
        else
            plan.note = "CURVE to a server not launched here: its traffic stays encrypted in the capture, as libzmq "
                        "keeps its session keys to itself (the zmtp-peer role logs its keys, and its traffic reads in clear)";
    }
    return plan;
}

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
    const CurvePeerKeys::Plan curve = m_curve.plan(*info, given);
    if (curve.secretMade) {
        checked = peers::Options::make(info->options, given, &error);   // (with the server's key pair made here)
        if (!checked) {
            Q_EMIT launchFailed(role, QString::fromStdString(error));
            return;
        }
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
            if (curve.keys && (o.kind == peers::OptionKind::Bind) == curve.binds)
                t.curveServerSecret = QString::fromStdString(codec::curveKeyToZ85(curve.keys->secretKey));
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
    map.keyLog = [keys = m_capture->keyLines()](const std::string &line) { keys->add(line); };
    const quint32 id = m_group->add(info->create(*info, std::move(*checked)), std::move(map));
    m_sources[id] = taps;
    if (!curve.note.empty())
        m_notes.push_back({id, 0, int(peers::LogLevel::Warning), QString::fromStdString(curve.note)});
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
    lines.swap(m_notes);
    for (peers::PeerLog &l : m_group->takeLogs())
        lines.push_back({l.peer, l.line.timeMs, int(l.line.level), QString::fromStdString(l.line.text)});
    if (!lines.isEmpty())
        Q_EMIT peersLogged(lines);
}

}   // namespace zmqscope
