// Tools > Conformance Test, offscreen: the dock runs cases against the
// suite's own reference target (loopback, in this process), the rows fill in
// as the cases finish (ConformanceModel under QAbstractItemModelTester), a
// broken target shows its failure, every case's traffic is in the capture
// through the run's tap, and selecting a case shows only its connections
// (their frames include what the case sent and what came back). The report
// is written from the dock.
#include "conformance/reference.h"
#include "conformancedock.h"
#include "conformancemodel.h"
#include "connectionsmodel.h"
#include "framelistmodel.h"
#include "mainwindow.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace zmqscope;

namespace {

int rowOf(ConformanceModel *m, const QString &id)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->row(r).id == id)
            return r;
    return -1;
}

}   // namespace

class TestConformanceDock : public QObject {
    Q_OBJECT
private slots:
    void runFromTheWindow();
};

void TestConformanceDock::runFromTheWindow()
{
    MainWindow w;
    w.show();
    ConformanceDock *dock = w.conformanceDock();
    QVERIFY(dock);
    // Tools > Conformance Test… opens it.
    QAction *open = nullptr;
    for (QAction *menu : w.menuBar()->actions())
        if (menu->menu())
            for (QAction *a : menu->menu()->actions())
                if (a->text().startsWith(QStringLiteral("&Conformance Test")))
                    open = a;
    QVERIFY(open);
    open->trigger();
    QTRY_VERIFY(dock->isVisible());
    QAbstractItemModelTester tester(dock->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    conformance::ReferenceConfig honestConfig;
    honestConfig.socketType = "REP";
    conformance::ReferenceTarget honest(honestConfig);
    dock->endpointEdit()->setText(QString::fromStdString(honest.endpoint()));
    dock->socketTypeBox()->setCurrentText(QStringLiteral("REP"));
    dock->echoBox()->setChecked(true);
    dock->casesEdit()->setText(QStringLiteral("37/ping/ 23/greeting/padding-ignored 23/framing/multipart"));
    QTest::mouseClick(dock->runButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dock->runButton()->isEnabled() && dock->model()->rowCount() > 0, 60000);
    // 8 heartbeat cases, padding, multipart; all passed (the informational ones recorded).
    QCOMPARE(dock->model()->rowCount(), 11);
    QCOMPARE(dock->model()->countOf(QStringLiteral("failed")), 0);
    QCOMPARE(dock->model()->countOf(QStringLiteral("non-strict")), 0);
    QVERIFY(dock->model()->countOf(QStringLiteral("passed")) >= 8);
    QVERIFY2(dock->summaryLabel()->text().contains(QStringLiteral("0 failed")), qPrintable(dock->summaryLabel()->text()));

    // The run's traffic is in the capture; selecting the PING case shows
    // only its connection, whose frames hold the PING and the PONG.
    const int pingRow = rowOf(dock->model(), QStringLiteral("37/ping/pong-echoes-context"));
    QVERIFY(pingRow >= 0);
    const QStringList clients = dock->model()->row(pingRow).clients;
    QCOMPARE(clients.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!w.connectionsModel()->connectionsWithClients(clients).isEmpty(), 10000);
    dock->view()->selectRow(pingRow);
    QAbstractItemModel *shown = w.frameView()->model();
    const quint32 connection = w.connectionsModel()->connectionsWithClients(clients).front();
    QTRY_VERIFY_WITH_TIMEOUT(shown->rowCount() > 0, 5000);
    QStringList summaries;
    for (int r = 0; r < shown->rowCount(); ++r) {
        QCOMPARE(shown->data(shown->index(r, FrameListModel::Connection), FrameListModel::ConnectionRole).toUInt(), connection);
        summaries << shown->index(r, FrameListModel::Summary).data().toString();
    }
    const QString all = summaries.join(u'\n');
    QVERIFY2(all.contains(QStringLiteral("PING")) && all.contains(QStringLiteral("PONG")) && all.contains(QStringLiteral("conformance")),
             qPrintable(all));

    // A broken target: its failure shows, and the report is written.
    conformance::ReferenceConfig brokenConfig = honestConfig;
    brokenConfig.flaws = {"pong-garbage"};
    conformance::ReferenceTarget broken(brokenConfig);
    dock->endpointEdit()->setText(QString::fromStdString(broken.endpoint()));
    dock->casesEdit()->setText(QStringLiteral("37/ping/no-ttl"));
    QTest::mouseClick(dock->runButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dock->runButton()->isEnabled() && dock->model()->rowCount() == 1, 60000);
    QCOMPARE(dock->model()->row(0).verdict, QStringLiteral("failed"));
    QVERIFY2(dock->model()->row(0).observed.contains(QStringLiteral("never received")), qPrintable(dock->model()->row(0).observed));
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.html"));
    dock->exportReport(report, QStringLiteral("html"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(report) && QFile(report).size() > 1000, 5000);
    QFile f(report);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("37/ping/no-ttl"));

    if (!qEnvironmentVariableIsEmpty("ZMQSCOPE_SCREENSHOTS")) {
        dock->view()->selectRow(0);
        w.resize(1400, 900);
        QTest::qWait(300);
        w.grab().save(qEnvironmentVariable("ZMQSCOPE_SCREENSHOTS") + QStringLiteral("/conformance.png"));
    }
}

QTEST_MAIN(TestConformanceDock)
#include "tst_conformancedock.moc"
