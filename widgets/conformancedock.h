// The Conformance dock (Tools > Conformance Test): the implementation
// under test (endpoint, which side it plays, mechanism, socket type, what
// it does with messages, a profile of known deviations) and the case groups
// to run; the cases fill in as they finish, coloured by verdict, the
// selected one's requirement and outcome below. Every case's traffic runs
// through a tap into the capture shown: selecting a case shows only its
// connections. The reports (HTML grid, JUnit, JSON) are written from here.
// Its ConformanceSession runs on the capture thread. GUI thread.
#pragma once

#include "conformancesession.h"

#include <QDockWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QThread;

namespace zmqscope {

class ConformanceModel;

class ConformanceDock : public QDockWidget {
    Q_OBJECT
public:
    ConformanceDock(CaptureSession *capture, QThread *captureThread, QWidget *parent = nullptr);
    ~ConformanceDock() override;

    ConformanceModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    ConformanceSession *session() const { return m_session; }
    QLineEdit *endpointEdit() const { return m_endpoint; }
    QLineEdit *casesEdit() const { return m_cases; }
    QComboBox *socketTypeBox() const { return m_type; }
    QCheckBox *echoBox() const { return m_echo; }
    QPushButton *runButton() const { return m_run; }
    QLabel *summaryLabel() const { return m_summary; }
    ConformanceSettings settings() const;

public Q_SLOTS:
    void runSuite();
    void stopSuite();
    // format: "html", "junit" or "json".
    void exportReport(const QString &path, const QString &format);

Q_SIGNALS:
    // The suite's ends ("127.0.0.1:PORT") of the selected case's
    // connections; the window shows only those. Empty: the whole run's tap.
    void caseSelected(const QStringList &clients, quint32 tapSource);
    void status(const QString &text);

private:
    void selectionChanged();
    void saveReport();

    ConformanceSession *m_session = nullptr;
    ConformanceModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QLineEdit *m_endpoint = nullptr, *m_cases = nullptr, *m_serverKey = nullptr, *m_profile = nullptr, *m_name = nullptr;
    QComboBox *m_role = nullptr, *m_mechanism = nullptr, *m_type = nullptr, *m_application = nullptr;
    QCheckBox *m_echo = nullptr, *m_publishes = nullptr;
    QPushButton *m_run = nullptr, *m_stop = nullptr, *m_save = nullptr;
    QLabel *m_summary = nullptr;
    quint32 m_tap = 0;
    int m_expected = 0;
};

}   // namespace zmqscope
