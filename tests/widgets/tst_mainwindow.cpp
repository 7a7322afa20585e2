// Offscreen widget test: the main window opens and shows the dissection of
// the built-in sample (libzmq 4.3.4 captures), field by field.
#include "mainwindow.h"
#include "translations.h"

#include <QApplication>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void showsSampleDissection();
    void hasMenus();
    void germanMenus();
};

void TestMainWindow::showsSampleDissection()
{
    zmqscope::MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QString text = w.dissectionView()->toPlainText();
    // DEALER/ROUTER over NULL, as libzmq 4.3.4 sent it.
    QVERIFY(text.contains(QStringLiteral("c2s @0+64 version 3.1 framing=3.x mechanism=NULL")));
    QVERIFY(text.contains(QStringLiteral("s2c @64+43 command READY Socket-Type=\"ROUTER\" Identity=\"\"")));
    QVERIFY(text.contains(QStringLiteral("c2s @107+9 message \"\" \"hello\"")));
    // PLAIN credentials and metadata.
    QVERIFY(text.contains(QStringLiteral("command HELLO username=\"admin\" password=\"secret\"")));
    QVERIFY(text.contains(QStringLiteral("command INITIATE Socket-Type=\"DEALER\" Identity=\"BOB\"")));
    // Subscriptions.
    QVERIFY(text.contains(QStringLiteral("subscribe \"topic\" (command)")));
    QVERIFY(text.contains(QStringLiteral("cancel \"topic\" (command)")));
    QVERIFY(!text.contains(QStringLiteral("finding error")));
}

void TestMainWindow::hasMenus()
{
    zmqscope::MainWindow w;
    QStringList titles;
    for (QAction *a : w.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("&File"), QStringLiteral("&Help")}));
}

void TestMainWindow::germanMenus()
{
    QCOMPARE(zmqscope::installTranslations(*qApp, QStringLiteral("de")), QStringLiteral("de"));
    zmqscope::MainWindow w;
    QStringList titles;
    for (QAction *a : w.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Hilfe")}));
    QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Eingebautes Beispiel: 3 Verbindungen")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
