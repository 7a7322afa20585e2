// ConformanceSession: the conformance suite run from the window (Tools >
// Conformance Test). It lives on the capture thread beside the
// CaptureSession, opens a tap relay between the suite and the
// implementation under test (so every case's traffic is in the capture
// shown), and runs the suite on a thread of its own (the cases block on
// their sockets). Finished cases reach the GUI in batches every 100 ms;
// the whole run can be written as HTML, JUnit or JSON (core/conformance).
#pragma once

#include "capturesession.h"
#include "conformance/report.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <atomic>
#include <mutex>
#include <thread>

namespace zmqscope {

struct ConformanceSettings {
    QString endpoint;              // server under test: where it listens; client: where the suite listens
    bool clientUnderTest = false;
    QString mechanism = QStringLiteral("NULL");
    QString socketType = QStringLiteral("REP");
    bool echoes = false, publishes = false;
    QString username = QStringLiteral("admin"), password = QStringLiteral("secret");
    QString serverKey;             // CURVE server under test: its public key (Z85)
    QString application;           // mdp-broker, ppp-queue, clone-server, or empty
    QString service = QStringLiteral("echo");
    QStringList select;            // case ids or prefixes; empty: all
    QString profilePath;
    QString name = QStringLiteral("target");
    int timeoutMs = 3000;
};

// One case as the dock shows it.
struct ConformanceRow {
    QString id, spec, section, level, requirement, sends, expects;
    QString verdict, observed, profileNote;
    double ms = 0;
    QStringList clients;           // "127.0.0.1:PORT" of the suite's connections (server under test)
};

class ConformanceSession : public QObject {
    Q_OBJECT
public:
    explicit ConformanceSession(CaptureSession *capture, QObject *parent = nullptr);
    ~ConformanceSession() override;

    // The suite's run so far (the reports' record). Capture thread.
    const conformance::RunRecord &record() const { return m_record; }

public Q_SLOTS:
    void start(const zmqscope::ConformanceSettings &settings);
    void stop();
    // format: "html", "junit" or "json".
    void exportReport(const QString &path, const QString &format);

Q_SIGNALS:
    // The run began: the tap that carries it, and how many cases it selected.
    void started(quint32 tapSource, int cases);
    void casesFinished(const QVector<zmqscope::ConformanceRow> &rows);
    void runFinished(const QString &summary);
    void failed(const QString &error);
    void exported(const QString &path);
    // Something the user must do (a CURVE client under test: the suite's server key).
    void notice(const QString &text);

private:
    void flush();
    void join();

    CaptureSession *m_capture;
    QTimer *m_timer = nullptr;
    std::thread m_worker;
    std::atomic<bool> m_cancel{false}, m_done{false};
    std::mutex m_mutex;
    QVector<ConformanceRow> m_pending;    // guarded by m_mutex
    conformance::RunRecord m_record;      // results guarded by m_mutex while the worker runs
    conformance::Profile m_profile;
    conformance::Target m_target;
    bool m_running = false;
};

}   // namespace zmqscope

Q_DECLARE_METATYPE(zmqscope::ConformanceSettings)
Q_DECLARE_METATYPE(zmqscope::ConformanceRow)
