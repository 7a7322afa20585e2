// The window the way a Wireshark user works it, offscreen, on the built-in
// sample and the live demo: right-click menus in the four views, Go to Row,
// Find (text, hex, filter), marks, time formats; what hides rows said
// beside the filter bar and in the status bar; the filter bar and panes
// never stale; the narrowest field wins a clicked byte; derived rows marked
// as such; findings readable; frames folded to one line; CURVE plaintext in
// its own bytes tab with the tree pointing into it; live follow that lets a
// clicked row be; themes that switch back; small windows.
#include "bytespane.h"
#include "connectionsmodel.h"
#include "dissectionmodel.h"
#include "framecommands.h"
#include "framelistmodel.h"
#include "hexview.h"
#include "mainwindow.h"
#include "modelfind.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QProcess>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <unistd.h>

using namespace zmqscope;
using testutil::findField;
using testutil::findRow;

namespace {



QAction *actionNamed(QMenu *menu, const QString &text)
{
    for (QAction *a : menu->actions()) {
        if (a->text() == text)
            return a;
        if (a->menu())
            if (QAction *inner = actionNamed(a->menu(), text))
                return inner;
    }
    return nullptr;
}

QPoint rowPoint(QTableView *view, int row)
{
    return view->visualRect(view->model()->index(row, FrameListModel::Summary)).center();
}

void loadSample(MainWindow &w)
{
    QSignalSpy loaded(&w, &MainWindow::loaded);
    w.loadSamples();
    QTRY_VERIFY_WITH_TIMEOUT(loaded.size() == 1, 10000);
}

}   // namespace

class TestInspector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setApplicationName(QStringLiteral("zmqscope-test-inspector"));
        QSettings().clear();
    }
    void contextMenus();
    void goToFindAndMarks();
    void whatHidesRows();
    void filterBarNeverStale();
    void narrowestFieldWins();
    void rowsSayWhatTheyAre();
    void findingsReadable();
    void timeFormats();
    void binaryIdentities();
    void curvePlaintextTab();
    void themesAndSmallWindows();
    void demoListensOnLoopbackOnly();
    void secondLiveCaptureStartsAfresh();
};

void TestInspector::contextMenus()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    loadSample(w);
    FrameCommands *c = w.commands();
    QTableView *frames = w.frameView();
    // The frame list: mark, filter on its connection, follow, copy.
    const int hello = findRow(frames->model(), QStringLiteral("command HELLO username=\"admin\""));
    QVERIFY(hello >= 0);
    frames->scrollTo(frames->model()->index(hello, 0));
    QMenu *menu = c->frameMenu(rowPoint(frames, hello));
    QVERIFY(menu);
    QCOMPARE(frames->currentIndex().row(), hello);
    const quint32 conn = frames->model()->index(hello, 0).data(FrameListModel::ConnectionRole).toUInt();
    QAction *filterConn = actionNamed(menu, QStringLiteral("&Filter on Connection %1").arg(conn));
    QVERIFY(filterConn && actionNamed(menu, QStringLiteral("&Mark")) && actionNamed(menu, QStringLiteral("&Rows as Text")));
    filterConn->trigger();
    QCOMPARE(w.filterBar()->text(), QStringLiteral("conn == %1").arg(conn));
    QTRY_VERIFY_WITH_TIMEOUT(frames->model()->rowCount() < w.frameModel()->rowCount(), 5000);
    for (int r = 0; r < frames->model()->rowCount(); ++r)
        QCOMPARE(frames->model()->index(r, 0).data(FrameListModel::ConnectionRole).toUInt(), conn);
    delete menu;
    QVERIFY(w.applyFilter(QString()));

    // The tree: apply a field as a filter, and/or/not it, copy it.
    const int ready = findRow(frames->model(), QStringLiteral("command READY Socket-Type=\"ROUTER\""));
    frames->setCurrentIndex(frames->model()->index(ready, 0));
    const QModelIndex value = findField(w.dissectionModel(), QStringLiteral("zmtp.metadata.value"));
    QVERIFY(value.isValid());
    QCOMPARE(value.data(DissectionModel::FilterRole).toString(), QStringLiteral("zmtp.metadata.value == \"ROUTER\""));
    w.treeView()->scrollTo(value);
    menu = c->treeMenu(w.treeView()->visualRect(value).center());
    QVERIFY(menu);
    QMenu *apply = menu->findChild<QMenu *>(QStringLiteral("applyAsFilter"));
    QVERIFY(apply);
    apply->actions().at(0)->trigger();   // Selected
    QCOMPARE(w.filterBar()->text(), QStringLiteral("zmtp.metadata.value == \"ROUTER\""));
    QTRY_VERIFY_WITH_TIMEOUT(frames->model()->rowCount() > 0 && frames->model()->rowCount() < w.frameModel()->rowCount(), 5000);
    const int routers = frames->model()->rowCount();
    for (int r = 0; r < routers; ++r)
        QVERIFY(frames->model()->index(r, FrameListModel::Summary).data().toString().contains(QStringLiteral("\"ROUTER\"")));
    apply->actions().at(1)->trigger();   // Not Selected
    QCOMPARE(w.filterBar()->text(), QStringLiteral("!(zmtp.metadata.value == \"ROUTER\")"));
    QTRY_COMPARE_WITH_TIMEOUT(frames->model()->rowCount(), w.frameModel()->rowCount() - routers, 5000);
    actionNamed(menu, QStringLiteral("As &Filter"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("zmtp.metadata.value == \"ROUTER\""));
    delete menu;
    // A number: compared as one.
    QVERIFY(w.applyFilter(QString()));
    frames->setCurrentIndex(frames->model()->index(ready, 0));
    const QModelIndex size = findField(w.dissectionModel(), QStringLiteral("zmtp.frame.size"));
    QVERIFY2(size.data(DissectionModel::FilterRole).toString().contains(QRegularExpression(QStringLiteral("^zmtp\\.frame\\.size == \\d+$"))),
             qPrintable(size.data(DissectionModel::FilterRole).toString()));

    // The findings: go to the row, copy the text.
    QCOMPARE(w.findingsView()->model()->rowCount(), 1);
    menu = c->findingMenu(w.findingsView()->visualRect(w.findingsView()->model()->index(0, FrameListModel::Summary)).center());
    QVERIFY(menu);
    actionNamed(menu, QStringLiteral("&Go to Its Row"))->trigger();
    QCOMPARE(frames->currentIndex().data(FrameListModel::KindRole).toInt(), int(codec::EventKind::Finding));
    actionNamed(menu, QStringLiteral("&Copy the Finding"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(), frames->currentIndex().siblingAtColumn(FrameListModel::Summary).data().toString());
    delete menu;

    // The connections: show only it, filter on it.
    menu = w.connectionMenu(w.connectionsModel()->index(1, 0));
    QVERIFY(menu);
    actionNamed(menu, QStringLiteral("Show &Only This Connection"))->trigger();
    QVERIFY(w.findChild<QToolButton *>(QStringLiteral("scopeButton"))->isVisible());
    delete menu;
}

void TestInspector::goToFindAndMarks()
{
    MainWindow w;
    w.show();
    loadSample(w);
    FrameCommands *c = w.commands();
    QTableView *frames = w.frameView();
    // Ctrl+G: the row numbered 7.
    QVERIFY(c->action(QStringLiteral("goToRow"))->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_G));
    QVERIFY(c->goToRow(7));
    QCOMPARE(frames->currentIndex().siblingAtColumn(FrameListModel::Number).data().toInt(), 7);
    QVERIFY(!c->goToRow(100000));
    QVERIFY(w.statusLabel()->text().contains(QStringLiteral("There is no row 100000")));
    // A row hidden by the selected connection: shown again, and said.
    const quint32 connOf7 = frames->currentIndex().data(FrameListModel::ConnectionRole).toUInt();
    w.filterConnection(connOf7 == 1 ? 2 : 1);
    QVERIFY(c->goToRow(7));
    QCOMPARE(frames->currentIndex().siblingAtColumn(FrameListModel::Number).data().toInt(), 7);
    QVERIFY(w.statusLabel()->text().contains(QStringLiteral("was hidden")));

    // Ctrl+F: text in a summary, any case; hex bytes; a display filter.
    QVERIFY(c->action(QStringLiteral("find"))->shortcut() == QKeySequence(QKeySequence::Find));
    c->action(QStringLiteral("find"))->trigger();
    QVERIFY(c->findBar()->isVisible());
    QSignalSpy done(c, &FrameCommands::findDone);
    c->goToRow(1);
    c->find(FindMode::Text, QStringLiteral("USERNAME=\"ADMIN\""));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 5000);
    QVERIFY(frames->currentIndex().siblingAtColumn(FrameListModel::Summary).data().toString().contains(QStringLiteral("username=\"admin\"")));
    // "secret" as hex: the same HELLO's password bytes.
    c->goToRow(1);
    c->find(FindMode::Hex, QStringLiteral("73 65 63 72 65 74"));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 5000);
    QVERIFY(frames->currentIndex().siblingAtColumn(FrameListModel::Summary).data().toString().contains(QStringLiteral("password=\"secret\"")));
    c->find(FindMode::Filter, QStringLiteral("zmtp.command == \"READY\""));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 5000);
    const int firstReady = frames->currentIndex().row();
    QVERIFY(frames->currentIndex().siblingAtColumn(FrameListModel::Summary).data().toString().startsWith(QStringLiteral("command READY")));
    // F3: the next one.
    c->action(QStringLiteral("findNextAction"))->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 4, 5000);
    QVERIFY(frames->currentIndex().row() > firstReady);
    // Nothing, and a bad pattern: said.
    c->find(FindMode::Text, QStringLiteral("no such text anywhere"));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 5, 5000);
    QCOMPARE(done.last().at(0).toLongLong(), -1);
    QVERIFY(w.statusLabel()->text().startsWith(QStringLiteral("Not found")));
    c->find(FindMode::Hex, QStringLiteral("zz"));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 6, 5000);
    QVERIFY(w.statusLabel()->text().startsWith(QStringLiteral("Not hex bytes")));
    // A search from a row past the end (of an older, larger capture): from the other end, answered.
    QSignalSpy answers(w.session(), &CaptureSession::found);
    QMetaObject::invokeMethod(
        w.session(), [s = w.session()] { s->find(77, 1000000, FindMode::Text, QStringLiteral("admin"), true); }, Qt::QueuedConnection);
    QTRY_COMPARE(answers.size(), 1);
    QCOMPARE(answers.front().at(0).toULongLong(), 77ull);
    QVERIFY(answers.front().at(1).toLongLong() >= 0);
    // Find looks at the rows shown: with a filter, a match it hides is passed over.
    QVERIFY(w.applyFilter(QStringLiteral("kind == \"message\"")));
    QTRY_VERIFY_WITH_TIMEOUT(frames->model()->rowCount() < w.frameModel()->rowCount(), 5000);
    c->find(FindMode::Text, QStringLiteral("admin"));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 7, 5000);
    QCOMPARE(done.last().at(0).toLongLong(), -1);
    QVERIFY(w.applyFilter(QString()));

    // Marks: Ctrl+M on two rows, then next and previous mark.
    c->goToRow(3);
    c->toggleMark();
    c->goToRow(9);
    c->toggleMark();
    QCOMPARE(w.frameModel()->markedEvents().size(), 2);
    QVERIFY(frames->model()->index(2, 0).data(FrameListModel::MarkedRole).toBool());
    // Drawn inverted: the palette's text colour as the background.
    QCOMPARE(frames->model()->index(2, 0).data(Qt::BackgroundRole).value<QColor>(), QApplication::palette().color(QPalette::Text));
    c->goToRow(1);
    QVERIFY(c->nextMark());
    QCOMPARE(frames->currentIndex().siblingAtColumn(FrameListModel::Number).data().toInt(), 3);
    QVERIFY(c->nextMark());
    QCOMPARE(frames->currentIndex().siblingAtColumn(FrameListModel::Number).data().toInt(), 9);
    QVERIFY(c->nextMark(true));
    QCOMPARE(frames->currentIndex().siblingAtColumn(FrameListModel::Number).data().toInt(), 3);
    c->action(QStringLiteral("unmarkAll"))->trigger();
    QVERIFY(w.frameModel()->markedEvents().isEmpty());
    QVERIFY(!c->nextMark());
    // Copy: the selected rows as tab-separated text.
    c->goToRow(2);
    c->action(QStringLiteral("copyRows"))->trigger();
    QCOMPARE(QApplication::clipboard()->text().split(u'\t').size(), int(FrameListModel::ColumnCount));
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("2\t")));
}

void TestInspector::whatHidesRows()
{
    MainWindow w;
    w.show();
    loadSample(w);
    const int total = w.frameModel()->rowCount();
    QTRY_VERIFY(w.rowsLabel()->text().startsWith(QStringLiteral("%1 row").arg(total)));
    auto *scope = w.findChild<QToolButton *>(QStringLiteral("scopeButton"));
    QVERIFY(scope && !scope->isVisible());
    // Selecting a connection: the rows it hides are said, and how to get them back.
    w.connectionsView()->setCurrentIndex(w.connectionsModel()->index(1, 0));
    const int shown = w.frameView()->model()->rowCount();
    QVERIFY(shown < total);
    QVERIFY(scope->isVisible());
    QVERIFY2(scope->text().startsWith(QStringLiteral("Only connection 2")), qPrintable(scope->text()));
    QVERIFY2(w.rowsLabel()->text().startsWith(QStringLiteral("%1 shown of %2 row").arg(shown).arg(total)), qPrintable(w.rowsLabel()->text()));
    QVERIFY(w.rowsLabel()->text().contains(QStringLiteral("hidden by: selected connection")));
    // With a display filter too: both named; the count follows both.
    QVERIFY(w.applyFilter(QStringLiteral("kind == \"message\"")));
    QTRY_VERIFY_WITH_TIMEOUT(w.frameView()->model()->rowCount() < shown, 5000);
    QTRY_VERIFY(w.rowsLabel()->text().contains(QStringLiteral("hidden by: display filter, selected connection")));
    QVERIFY(w.rowsLabel()->text().startsWith(QStringLiteral("%1 shown").arg(w.frameView()->model()->rowCount())));
    // The button shows everything again.
    QVERIFY(w.applyFilter(QString()));
    scope->click();
    QCOMPARE(w.frameView()->model()->rowCount(), total);
    QVERIFY(!scope->isVisible());
    QVERIFY(!w.connectionsView()->currentIndex().isValid());
}

void TestInspector::filterBarNeverStale()
{
    MainWindow w;
    w.show();
    loadSample(w);
    const int total = w.frameModel()->rowCount();
    QVERIFY(!w.applyFilter(QStringLiteral("zmtp.comand == 1")));
    QVERIFY(w.statusLabel()->text().startsWith(QStringLiteral("Invalid filter")));
    // The clear button (the text emptied): no filter, no red, no error left.
    w.filterBar()->clear();
    QCOMPARE(w.frameView()->model()->rowCount(), total);
    QCOMPARE(w.filterBar()->palette().color(QPalette::Base), QApplication::palette().color(QPalette::Base));
    QVERIFY(w.statusLabel()->text().isEmpty());
    QVERIFY(w.filterBar()->toolTip().isEmpty());
    // Enter on an empty bar after an invalid filter: the same.
    QVERIFY(!w.applyFilter(QStringLiteral("((")));
    w.filterBar()->setText(QString());
    QTest::keyClick(w.filterBar(), Qt::Key_Return);
    QVERIFY(!w.statusLabel()->text().startsWith(QStringLiteral("Invalid filter")));
    // A filter that leaves no row: the tree and the bytes go blank.
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(5, 0));
    QVERIFY(w.dissectionModel()->rowCount() > 0);
    QVERIFY(w.applyFilter(QStringLiteral("zmtp.command == \"NOSUCH\"")));
    QTRY_COMPARE_WITH_TIMEOUT(w.frameView()->model()->rowCount(), 0, 5000);
    QCOMPARE(w.dissectionModel()->rowCount(), 0);
    QVERIFY(w.hexView()->bytes().isEmpty());
    QTRY_VERIFY(w.rowsLabel()->text().startsWith(QStringLiteral("0 shown of")));
}

void TestInspector::narrowestFieldWins()
{
    MainWindow w;
    loadSample(w);
    QTableView *frames = w.frameView();
    const int hello = findRow(frames->model(), QStringLiteral("command HELLO username=\"admin\""));
    frames->setCurrentIndex(frames->model()->index(hello, 0));
    const QModelIndex user = findField(w.dissectionModel(), QStringLiteral("zmtp.plain.username"));
    QVERIFY(user.isValid());
    const quint64 at = user.data(DissectionModel::OffsetRole).toULongLong();
    // A byte of "admin": the username, not the frame body that also covers it.
    for (quint64 b = at; b < at + 5; ++b) {
        QMetaObject::invokeMethod(w.hexView(), "byteSelected", Q_ARG(quint64, b));
        QCOMPARE(w.treeView()->currentIndex().data(DissectionModel::KeyRole).toString(), QStringLiteral("zmtp.plain.username"));
    }
    // The frame node folds to one line: size, flags, the start of the body.
    const QModelIndex frame = findField(w.dissectionModel(), QStringLiteral("zmtp.frame"));
    QVERIFY(frame.isValid());
    QVERIFY2(frame.siblingAtColumn(1).data().toString().contains(QRegularExpression(QStringLiteral("^\\d+ bytes, command: \""))),
             qPrintable(frame.siblingAtColumn(1).data().toString()));
    QVERIFY(!w.treeView()->isExpanded(frame));
}

void TestInspector::rowsSayWhatTheyAre()
{
    MainWindow w;
    loadSample(w);
    QAbstractItemModelTester tester(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView *frames = w.frameView();
    // One SUBSCRIBE frame: the command row, then its subscription, derived.
    const int subscribe = findRow(frames->model(), QStringLiteral("command SUBSCRIBE"));
    QVERIFY(subscribe >= 0);
    const QModelIndex command = frames->model()->index(subscribe, FrameListModel::Kind);
    const QModelIndex derived = frames->model()->index(subscribe + 1, FrameListModel::Kind);
    QVERIFY(!command.data(FrameListModel::DerivedRole).toBool());
    QVERIFY(derived.data(FrameListModel::DerivedRole).toBool());
    QCOMPARE(derived.data().toString(), QStringLiteral("\u21b3 subscription"));
    QVERIFY(derived.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(derived.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Derived")));
    // Greeting rows are not greyed out; their tip says what they are.
    const QModelIndex greeting = frames->model()->index(0, FrameListModel::Kind);
    QCOMPARE(greeting.data(FrameListModel::KindRole).toInt(), int(codec::EventKind::VersionDecided));
    QVERIFY(!greeting.data(FrameListModel::DerivedRole).toBool());
    QVERIFY(!greeting.data(Qt::ForegroundRole).isValid() || greeting.data(Qt::ForegroundRole).value<QColor>() != QApplication::palette().color(QPalette::PlaceholderText));
    QVERIFY(greeting.data(Qt::ToolTipRole).toString().contains(QStringLiteral("greeting")));
    // The status bar counts rows and the frames on the wire among them.
    int wire = 0;
    for (int r = 0; r < w.frameModel()->rowCount(); ++r)
        wire += !w.frameModel()->index(r, 0).data(FrameListModel::DerivedRole).toBool();
    QVERIFY(wire < w.frameModel()->rowCount());
    QTRY_VERIFY2(w.rowsLabel()->text().contains(QRegularExpression(QStringLiteral("\\(%1 frame(s|\\(s\\)) on the wire").arg(wire))),
                 qPrintable(w.rowsLabel()->text()));
}

void TestInspector::findingsReadable()
{
    MainWindow w;
    w.resize(900, 700);
    w.show();
    loadSample(w);
    QTableView *findings = w.findingsView();
    QCOMPARE(findings->model()->rowCount(), 1);
    const QModelIndex text = findings->model()->index(0, FrameListModel::Summary);
    // The tip is the finding's own text, not a generic sentence.
    QVERIFY(text.data(Qt::ToolTipRole).toString().startsWith(text.data().toString().toHtmlEscaped().left(30)));
    QVERIFY(findings->wordWrap());
    QCOMPARE(findings->textElideMode(), Qt::ElideNone);
}

void TestInspector::timeFormats()
{
    MainWindow w;
    loadSample(w);
    FrameListModel *m = w.frameModel();
    QMenu *times = w.findChild<QMenu *>(QStringLiteral("timeFormatMenu"));
    QVERIFY(times);
    QCOMPARE(times->actions().size(), 5);
    w.findChild<QAction *>(QStringLiteral("timeFormat%1").arg(int(FrameListModel::TimeFormat::TimeOfDay)))->trigger();
    QVERIFY(m->index(3, FrameListModel::Time).data().toString().contains(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6}$"))));
    QCOMPARE(QSettings().value(QStringLiteral("view/timeFormat")).toInt(), int(FrameListModel::TimeFormat::TimeOfDay));
    w.findChild<QAction *>(QStringLiteral("timeFormat%1").arg(int(FrameListModel::TimeFormat::SincePrevious)))->trigger();
    QCOMPARE(m->index(0, FrameListModel::Time).data().toString(), QStringLiteral("0.000000"));
    const double a = m->row(3).timeNs, b = m->row(4).timeNs;
    QCOMPARE(m->index(4, FrameListModel::Time).data().toString(), QString::number((b - a) / 1e9, 'f', 6));
    w.findChild<QAction *>(QStringLiteral("timeFormat%1").arg(int(FrameListModel::TimeFormat::DateAndTime)))->trigger();
    QVERIFY(m->index(3, FrameListModel::Time).data().toString().contains(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:"))));
    // Kept for the next window.
    MainWindow again;
    QCOMPARE(again.frameModel()->timeFormat(), FrameListModel::TimeFormat::DateAndTime);
    w.findChild<QAction *>(QStringLiteral("timeFormat%1").arg(int(FrameListModel::TimeFormat::SinceStart)))->trigger();
}

void TestInspector::binaryIdentities()
{
    ConnectionsModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ConnectionRow r;
    r.connection = 1;
    r.identity[0] = QByteArray::fromHex("01a0ff41");   // a ZRE node's 01 + UUID, shortened
    r.hasIdentity[0] = true;
    r.hasIdentity[1] = true;   // an empty identity, announced
    m.update({r});
    QCOMPARE(m.index(0, ConnectionsModel::Identities).data().toString(), QStringLiteral("\"\\x01\\xa0\\xffA\" → \"\""));
    QVERIFY(m.index(0, ConnectionsModel::Identities).data(Qt::ToolTipRole).toString().contains(QStringLiteral("announced none")));
    // A side that announced none: said in words, not a question mark.
    r.hasIdentity[1] = false;
    m.update({r});
    QCOMPARE(m.index(0, ConnectionsModel::Identities).data().toString(), QStringLiteral("\"\\x01\\xa0\\xffA\" → (none)"));
}

void TestInspector::curvePlaintextTab()
{
    MainWindow w;
    w.resize(1200, 800);
    w.show();
    w.startDemo();
    QTableView *frames = w.frameView();
    int row = -1;
    QTRY_VERIFY_WITH_TIMEOUT((row = findRow(w.frameModel(), QStringLiteral("decrypted request job"))) >= 0, 20000);
    // Clicking a row while the list follows new rows: it stays selected and following stops.
    frames->scrollTo(frames->model()->index(row, 0));
    QTest::mouseClick(frames->viewport(), Qt::LeftButton, {}, rowPoint(frames, row));
    QVERIFY(w.autoScrollPaused());
    const quint32 event = w.frameModel()->row(row).event;
    QTRY_COMPARE(frames->currentIndex().data(FrameListModel::EventRole).toUInt(), event);
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("liveState"))->text().contains(QStringLiteral("paused")));
    // The live recordings hold what crossed (PLAIN passwords too): their owner's alone.
    const QStringList recordings = QDir::temp().entryList(
        {QStringLiteral("zmqscope-live-%1-*.pcapng").arg(QCoreApplication::applicationPid())}, QDir::Files);
    QVERIFY(!recordings.isEmpty());
    for (const QString &name : recordings)
        QCOMPARE(QFile::permissions(QDir::temp().filePath(name)) & 0x0777 /* (user/group/other bits) */,
                 QFileDevice::ReadUser | QFileDevice::WriteUser);
    w.stopLive();
    QTRY_VERIFY(!w.stopAction()->isEnabled());
    QVERIFY(w.selectEvent(event));
    BytesPane *bytes = w.bytesPane();
    QVERIFY(bytes->hasDecrypted());
    const QByteArray plain = bytes->decryptedView()->bytes();
    QVERIFY(plain.contains("job"));
    // The body of the decrypted frame: its bytes in the Decrypted tab, exactly.
    QModelIndex body;
    const auto walk = [&](const auto &self, const QModelIndex &parent) -> void {
        for (int r = 0; r < w.dissectionModel()->rowCount(parent) && !body.isValid(); ++r) {
            const QModelIndex i = w.dissectionModel()->index(r, 0, parent);
            if (i.data(DissectionModel::KeyRole).toString() == QLatin1String("zmtp.frame.body")
                && i.data(DissectionModel::DecryptedRole).toBool() && i.siblingAtColumn(1).data().toString().contains(QStringLiteral("job")))
                body = i;
            self(self, i);
        }
    };
    walk(walk, {});
    QVERIFY(body.isValid());
    w.treeView()->setCurrentIndex(body);
    QCOMPARE(bytes->currentWidget(), static_cast<QWidget *>(bytes->decryptedView()));
    const quint64 at = bytes->decryptedView()->markedOffset(), length = bytes->decryptedView()->markedLength();
    QVERIFY(length > 0);
    QCOMPARE(QString::fromLatin1(plain.mid(qsizetype(at), qsizetype(length))), body.siblingAtColumn(1).data().toString().remove(u'"'));
    // The stream tab marks nothing of it.
    QCOMPARE(bytes->streamView()->markedLength(), 0ull);
    // (ZMQSCOPE_SCREENSHOTS=DIR: the window as it looks now, for a person to check.)
    if (const QString dir = qEnvironmentVariable("ZMQSCOPE_SCREENSHOTS"); !dir.isEmpty())
        w.grab().save(dir + QStringLiteral("/decrypted-tab.png"));
    // A click on a decrypted byte selects its field in the tree.
    w.treeView()->setCurrentIndex({});
    QMetaObject::invokeMethod(bytes->decryptedView(), "byteSelected", Q_ARG(quint64, at + 1));
    QCOMPARE(w.treeView()->currentIndex(), body);
    // And a wire byte of the same row selects a stream field (the MESSAGE box around it).
    QMetaObject::invokeMethod(bytes->streamView(), "byteSelected", Q_ARG(quint64, w.session()->eventOffset(event) + 2));
    QVERIFY(!w.treeView()->currentIndex().data(DissectionModel::DecryptedRole).toBool());
    // A row without boxes: no Decrypted tab.
    QVERIFY(w.selectEvent(0));
    QVERIFY(!bytes->hasDecrypted());
}

void TestInspector::themesAndSmallWindows()
{
    MainWindow w;
    w.show();
    loadSample(w);
    const QColor systemBase = QApplication::palette().color(QPalette::Base);
    applyTheme(QStringLiteral("dark"));
    QVERIFY(!w.applyFilter(QStringLiteral("((")));
    QVERIFY(w.applyFilter(QString()));
    // Colour rules in dark mode: the rule's hue on the dark base, light text.
    int ruled = -1;
    for (int r = 0; r < w.frameView()->model()->rowCount() && ruled < 0; ++r)
        if (w.frameView()->model()->index(r, 0).data(FrameListModel::ColourRuleRole).toInt() >= 0)
            ruled = r;
    QVERIFY(ruled >= 0);
    QVERIFY(w.frameView()->model()->index(ruled, 0).data(Qt::BackgroundRole).value<QColor>().lightness() < 128);
    QVERIFY(w.frameView()->model()->index(ruled, 0).data(Qt::ForegroundRole).value<QColor>().lightness() > 128);
    applyTheme(QStringLiteral("system"));
    // Back to the system theme: the filter bar follows it (not left dark).
    QCOMPARE(w.filterBar()->palette().color(QPalette::Base), systemBase);
    QVERIFY(w.frameView()->model()->index(ruled, 0).data(Qt::BackgroundRole).value<QColor>().lightness() >= 128);
    // A small window keeps a dozen rows of the frame list.
    w.resize(640, 420);
    QTest::qWait(50);
    QVERIFY(w.frameView()->height() >= w.frameView()->verticalHeader()->defaultSectionSize() * 12);
}

// `zmqscope --demo` as a user starts it: every socket it listens on (TCP,
// and any UDP socket it binds) is on loopback, read from /proc while the
// demo's taps and peers run.
void TestInspector::demoListensOnLoopbackOnly()
{
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(ZMQSCOPE_BINARY), {QStringLiteral("--demo")});
    QVERIFY(app.waitForStarted(10000));
    const QString proc = QStringLiteral("/proc/%1").arg(app.processId());
    // The process's sockets, by inode.
    const auto inodes = [&] {
        QSet<QString> out;
        for (const QString &fd : QDir(proc + QStringLiteral("/fd")).entryList(QDir::System | QDir::NoDotAndDotDot)) {
            char buf[128] = {};
            const ssize_t n = ::readlink(QFile::encodeName(proc + QStringLiteral("/fd/") + fd).constData(), buf, sizeof buf - 1);
            const QString text = n > 0 ? QString::fromLatin1(buf, int(n)) : QString();
            if (text.startsWith(QStringLiteral("socket:[")))
                out << text.mid(8, text.size() - 9);
        }
        return out;
    };
    // Its listening TCP sockets and bound UDP sockets: "address:port" as /proc writes them (hex).
    const auto bound = [&](const QSet<QString> &mine) {
        QStringList out;
        for (const char *table : {"tcp", "tcp6", "udp", "udp6"}) {
            QFile f(proc + QStringLiteral("/net/") + QLatin1String(table));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QStringList lines = QString::fromLatin1(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
            for (const QString &line : lines.mid(1)) {
                const QStringList cols = line.simplified().split(u' ');
                if (cols.size() < 10 || !mine.contains(cols.at(9)))
                    continue;
                const bool tcp = QLatin1String(table).startsWith(QLatin1String("tcp"));
                if (tcp && cols.at(3) != QLatin1String("0A"))
                    continue;   // (connections, not listeners)
                out << QLatin1String(table) + u' ' + cols.at(1);
            }
        }
        return out;
    };
    QStringList listening;
    QTRY_VERIFY_WITH_TIMEOUT((listening = bound(inodes())).size() >= 8, 20000);   // four taps, four servers behind them
    for (const QString &l : listening) {
        const QString address = l.section(u' ', 1).section(u':', 0, 0);
        const bool loopback = address == QLatin1String("0100007F") || address == QLatin1String("00000000000000000000000001000000");
        QVERIFY2(loopback, qPrintable(listening.join(QStringLiteral(", "))));
    }
    app.terminate();
    app.waitForFinished(10000);
}

// A live capture after a stopped one is a new capture: its rows are its
// events from the first (rows and events one to one, as Go to Row and
// marks rely on), not a continuation of the stopped one's numbering.
void TestInspector::secondLiveCaptureStartsAfresh()
{
    MainWindow w;
    w.startDemo();
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() > 40, 20000);
    // Every row is rebuilt from the store, CURVE's opened ones too (a
    // decrypted WELCOME once was not: the store lacked the tap's server key).
    const auto rebuilt = [&w](const char *when, int rows) {
        for (int r = 0; r < rows; ++r)
            if (!w.session()->dissection(quint32(r)))
                return QStringLiteral("%1, row %2 (connection %3, kind %4, decrypted %5)")
                    .arg(QLatin1String(when)).arg(r + 1).arg(w.frameModel()->row(r).connection).arg(w.frameModel()->row(r).kind)
                    .arg(w.frameModel()->row(r).decrypted);
        return QString();
    };
    QCOMPARE(rebuilt("live", 40), QString());
    w.stopLive();
    QTRY_VERIFY(!w.stopAction()->isEnabled());
    const int first = w.frameModel()->rowCount();
    QCOMPARE(rebuilt("stopped", first), QString());
    w.startDemo();
    QTRY_VERIFY_WITH_TIMEOUT(w.stopAction()->isEnabled() && w.frameModel()->rowCount() > 20, 20000);
    w.stopLive();
    QTRY_VERIFY(!w.stopAction()->isEnabled());
    QVERIFY(first > 40);
    for (int r = 0; r < w.frameModel()->rowCount(); ++r)
        QCOMPARE(w.frameModel()->row(r).event, quint32(r));
    QVERIFY(w.commands()->goToRow(7));
    QCOMPARE(w.frameView()->currentIndex().data(FrameListModel::EventRole).toUInt(), 6u);
    QVERIFY(w.dissectionModel()->rowCount() > 0);
    QCOMPARE(rebuilt("second capture, stopped", w.frameModel()->rowCount()), QString());
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
