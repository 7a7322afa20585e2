#include "conformancesession.h"

#include "codec/z85.h"
#include "logging.h"

#include <QFile>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace zmqscope {

namespace {

// A free loopback port for the suite's own listener behind a tap (client
// under test); the tap listens where the user said.
std::uint16_t freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof sa;
    std::uint16_t port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&sa), &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

ConformanceRow rowOf(const conformance::CaseResult &r)
{
    ConformanceRow row;
    row.id = QString::fromStdString(r.id);
    if (const conformance::Case *c = conformance::findCase(r.id)) {
        row.spec = QString::fromUtf8(c->spec.data(), qsizetype(c->spec.size()));
        row.section = QString::fromUtf8(c->section.data(), qsizetype(c->section.size()));
        row.level = QString::fromUtf8(conformance::levelName(c->level).data());
        row.requirement = QString::fromUtf8(c->requirement.data(), qsizetype(c->requirement.size()));
        row.sends = QString::fromUtf8(c->sends.data(), qsizetype(c->sends.size()));
        row.expects = QString::fromUtf8(c->expects.data(), qsizetype(c->expects.size()));
    }
    row.verdict = QString::fromUtf8(conformance::verdictName(r.verdict).data());
    row.observed = QString::fromStdString(r.observed);
    row.profileNote = QString::fromStdString(r.profileNote);
    row.ms = r.ms;
    for (const std::string &c : r.connections)
        row.clients << QString::fromStdString(c);
    return row;
}

}   // namespace

ConformanceSession::ConformanceSession(CaptureSession *capture, QObject *parent) : QObject(parent), m_capture(capture)
{
    qRegisterMetaType<zmqscope::ConformanceSettings>();
    qRegisterMetaType<zmqscope::ConformanceRow>();
    qRegisterMetaType<QVector<zmqscope::ConformanceRow>>();
}

ConformanceSession::~ConformanceSession()
{
    m_cancel = true;
    join();
}

void ConformanceSession::join()
{
    if (m_worker.joinable())
        m_worker.join();
}

void ConformanceSession::start(const ConformanceSettings &s)
{
    if (m_running) {
        Q_EMIT failed(tr("A conformance run is already going on."));
        return;
    }
    join();
    conformance::Target t;
    t.name = s.name.toStdString();
    t.endpoint = s.endpoint.trimmed().toStdString();
    t.role = s.clientUnderTest ? conformance::Role::Client : conformance::Role::Server;
    t.mechanism = s.mechanism.toStdString();
    t.socketType = s.socketType.toStdString();
    t.echoes = s.echoes;
    t.publishes = s.publishes;
    t.username = s.username.toStdString();
    t.password = s.password.toStdString();
    t.application = s.application.toStdString();
    t.service = s.service.toStdString();
    t.caseTimeout = std::chrono::milliseconds(std::max(50, s.timeoutMs));
    if (t.endpoint.empty() || !t.endpoint.starts_with("tcp://")) {
        Q_EMIT failed(tr("The suite speaks TCP: give tcp://HOST:PORT."));
        return;
    }
    if (t.mechanism == "CURVE" && t.role == conformance::Role::Server) {
        const auto key = codec::z85Decode(s.serverKey.trimmed().toStdString());
        if (!key || key->size() != 32) {
            Q_EMIT failed(tr("A CURVE server under test needs its public key (40 Z85 characters)."));
            return;
        }
        std::copy(key->begin(), key->end(), t.serverPublic.begin());
    }
    if (t.mechanism == "CURVE" && t.role == conformance::Role::Client)
        t.suiteServerKeys = codec::CurveKeyPair::generate();
    m_profile = {};
    if (!s.profilePath.isEmpty()) {
        QFile f(s.profilePath);
        std::string error;
        if (!f.open(QIODevice::ReadOnly) || !conformance::parseProfile(f.readAll().toStdString(), &m_profile, &error)) {
            Q_EMIT failed(tr("Cannot read the profile %1: %2").arg(s.profilePath, QString::fromStdString(error)));
            return;
        }
    }

    // The tap: between the suite and the target (server under test), or
    // between the client under test and the suite's own listener.
    TapSettings tap;
    std::string internal;
    if (t.role == conformance::Role::Server) {
        tap.listen = QStringLiteral("tcp://127.0.0.1:0");
        tap.forward = s.endpoint.trimmed();
    } else {
        const std::uint16_t port = freeLoopbackPort();
        if (port == 0) {
            Q_EMIT failed(tr("No free loopback port for the suite."));
            return;
        }
        internal = "tcp://127.0.0.1:" + std::to_string(port);
        tap.listen = s.endpoint.trimmed();
        tap.forward = QString::fromStdString(internal);
    }
    const std::optional<LiveSourceInfo> source = m_capture->openTap(tap);
    if (!source) {
        Q_EMIT failed(tr("Cannot open a tap on %1.").arg(tap.listen));
        return;
    }
    const std::string through = t.role == conformance::Role::Server ? source->listen.toStdString() : internal;
    const std::string given = t.endpoint;
    t.mapEndpoint = [through, given](const std::string &ep) { return ep == given ? through : ep; };
    m_target = t;

    conformance::RunOptions o;
    for (const QString &sel : s.select)
        if (!sel.trimmed().isEmpty())
            o.select.push_back(sel.trimmed().toStdString());
    o.profile = m_profile.expectations.empty() ? nullptr : &m_profile;
    int cases = 0;
    for (const conformance::Case &c : conformance::catalogue()) {
        bool wanted = o.select.empty();
        for (const std::string &sel : o.select)
            wanted = wanted || c.id == sel || std::string_view(c.id).starts_with(sel);
        cases += wanted;
    }

    m_record = conformance::recordFor(t, m_profile);
    m_cancel = false;
    m_done = false;
    m_running = true;
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(100);
        connect(m_timer, &QTimer::timeout, this, &ConformanceSession::flush);
    }
    m_timer->start();
    qCInfo(lcCapture) << "conformance run against" << s.endpoint << "through tap" << source->id << cases << "case(s)";
    Q_EMIT started(source->id, cases);
    if (t.mechanism == "CURVE" && t.role == conformance::Role::Client)
        Q_EMIT notice(tr("Give the client under test this server key: %1")
                          .arg(QString::fromStdString(codec::z85Encode(t.suiteServerKeys.publicKey).value_or(""))));
    m_worker = std::thread([this, o]() mutable {
        const auto begin = std::chrono::steady_clock::now();
        o.cancelled = [this] { return m_cancel.load(); };
        o.finished = [this](const conformance::CaseResult &r) {
            std::lock_guard lock(m_mutex);
            m_pending.push_back(rowOf(r));
            m_record.results.push_back(r);
        };
        conformance::run(m_target, o);
        {
            std::lock_guard lock(m_mutex);
            m_record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
        }
        m_done = true;
    });
}

void ConformanceSession::stop()
{
    m_cancel = true;
}

void ConformanceSession::flush()
{
    QVector<ConformanceRow> rows;
    {
        std::lock_guard lock(m_mutex);
        rows.swap(m_pending);
    }
    if (!rows.isEmpty())
        Q_EMIT casesFinished(rows);
    if (m_done && m_running) {
        m_running = false;
        m_timer->stop();
        join();
        QString summary;
        {
            std::lock_guard lock(m_mutex);
            summary = QString::fromStdString(conformance::countsLine(conformance::count(m_record.results)));
        }
        Q_EMIT runFinished(m_cancel ? tr("Stopped: %1").arg(summary) : summary);
    }
}

void ConformanceSession::exportReport(const QString &path, const QString &format)
{
    std::string text;
    {
        std::lock_guard lock(m_mutex);
        if (format == QLatin1String("junit"))
            text = conformance::junitXml(m_record);
        else if (format == QLatin1String("json"))
            text = conformance::jsonReport(m_record);
        else
            text = conformance::htmlReport({m_record});
    }
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        Q_EMIT failed(tr("Cannot write %1: %2").arg(path, f.errorString()));
        return;
    }
    Q_EMIT exported(path);
}

}   // namespace zmqscope
