// Offscreen widget tests: the window dissects the built-in sample (libzmq
// 4.3.4 captures) and a capture file on its worker thread; rows arrive in
// the frame list; selecting a row fills the tree and the bytes; selecting a
// field highlights its bytes, and clicking a byte selects its field.
#include "capture/tcpsynthesizer.h"
#include "codec/encoder.h"
#include "hex.h"
#include "connectionsmodel.h"
#include "dissectionmodel.h"
#include "followdialog.h"
#include "framelistmodel.h"
#include "hexview.h"
#include "mainwindow.h"
#include "modelfind.h"
#include "capturedialogs.h"
#include "colourrulesdialog.h"
#include "codec/curve.h"
#include "theme.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QPushButton>
#include <QScrollBar>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QLineEdit>
#include <QApplication>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace zmqscope;
using testutil::findField;
using testutil::findRow;

namespace {



// A PUSH -> PULL connection in 3.1 carrying "item 0" .. "item <count-1>".
void writePushPull(const QString &path, int count = 1000)
{
    std::FILE *f = std::fopen(path.toLocal8Bit().constData(), "wb");
    {
        capture::PcapngWriter wr(f);
        wr.sectionHeader();
        const std::uint32_t iface = wr.addInterface(capture::linktype::Ethernet, "t");
        capture::TcpSynthesizer t(wr, iface, {10, 0, 0, 1}, 40000, {10, 0, 0, 2}, 5555);
        t.open(1);
        codec::encode::Buffer a, b, m;
        codec::encode::greeting3(a, {});
        codec::encode::ready(a, {{"Socket-Type", codec::encode::bytes("PUSH")}});
        codec::encode::greeting3(b, {});
        codec::encode::ready(b, {{"Socket-Type", codec::encode::bytes("PULL")}});
        for (int i = 0; i < count; ++i)
            codec::encode::message(m, {codec::encode::bytes("item " + std::to_string(i))}, codec::ZmtpVersion::V3_1);
        t.data(codec::Direction::ClientToServer, 2, a);
        t.data(codec::Direction::ServerToClient, 3, b);
        for (std::size_t at = 0; at < m.size(); at += 60000)
            t.data(codec::Direction::ClientToServer, 4, {m.data() + at, std::min<std::size_t>(60000, m.size() - at)});
        t.close(5);
    }
    std::fclose(f);
}

// A FILEMQ server (ROUTER) delivering /docs/a.txt = "hello" to a DEALER
// client in two chunks and the end-of-file chunk (filemq's encoding).
void writeFilemq(const QString &path)
{
    std::FILE *f = std::fopen(path.toLocal8Bit().constData(), "wb");
    {
        capture::PcapngWriter wr(f);
        wr.sectionHeader();
        const std::uint32_t iface = wr.addInterface(capture::linktype::Ethernet, "t");
        capture::TcpSynthesizer t(wr, iface, {10, 0, 0, 1}, 40000, {10, 0, 0, 2}, 5670);
        t.open(1);
        codec::encode::Buffer a, b;
        codec::encode::greeting3(a, {});
        codec::encode::ready(a, {{"Socket-Type", codec::encode::bytes("DEALER")}});
        codec::encode::greeting3(b, {});
        codec::encode::ready(b, {{"Socket-Type", codec::encode::bytes("ROUTER")}});
        codec::encode::message(a, {testutil::view(testutil::fromHex("AAA3010646494C454D510002"))}, codec::ZmtpVersion::V3_1);
        const auto chunk = [&](int seq, int offset, bool eof, std::string_view bytes) {
            std::string h = "AAA308" + std::string(14, '0') + "0" + std::to_string(seq) + "01" + "0000000B" + "2F646F63732F612E747874";
            char off[17];
            std::snprintf(off, sizeof off, "%016x", offset);
            h += off;
            h += eof ? "01" : "00";
            h += "00000000";
            char size[9];
            std::snprintf(size, sizeof size, "%08zx", bytes.size());
            h += size;
            auto frame = testutil::fromHex(h);
            frame.insert(frame.end(), bytes.begin(), bytes.end());
            codec::encode::message(b, {testutil::view(frame)}, codec::ZmtpVersion::V3_1);
        };
        chunk(0, 0, false, "hel");
        chunk(1, 3, false, "lo");
        chunk(2, 5, true, "");
        t.data(codec::Direction::ClientToServer, 2, a);
        t.data(codec::Direction::ServerToClient, 3, b);
        t.close(5);
    }
    std::fclose(f);
}

}   // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    // English, as the app loads it for an English locale (its plural forms).
    void initTestCase()
    {
        installTranslations(*qApp, QStringLiteral("en"));
        // Settings go to a test location, never the user's.
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }
    void sampleRowsTreeAndBytes();
    void opensACaptureFile();
    void rowsReadBackFromTheStore();
    void beaconsInTheFrameList();
    void connectionsAndFindings();
    void decodeAs();
    void exportsObjects();
    void filterBar();
    void exportsEvents();
    void exportsShownRows();
    void colourRules();
    void themes();
    void languageChoice();
    void recentFiles();
    void followConnection();
    void tapDialogChecksSettings();
    void interfaceDialog();
    void liveDemoInTheWindow();
    void hasMenus();
    void germanMenus();
};

void TestMainWindow::sampleRowsTreeAndBytes()
{
    MainWindow w;
    QAbstractItemModelTester frameTester(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester treeTester(w.dissectionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.loadSamples();
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() > 20, 5000);
    const int ready = findRow(w.frameModel(), QStringLiteral("command READY Socket-Type=\"ROUTER\" Identity=\"\""));
    QVERIFY(ready >= 0);
    QVERIFY(findRow(w.frameModel(), QStringLiteral("command HELLO username=\"admin\" password=\"secret\"")) >= 0);
    QVERIFY(findRow(w.frameModel(), QStringLiteral("subscribe \"topic\" (command)")) >= 0);

    // Select the ROUTER's READY: the tree shows its metadata.
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(ready, 0));
    const QModelIndex value = findField(w.dissectionModel(), QStringLiteral("zmtp.metadata.value"));
    QVERIFY(value.isValid());
    QCOMPARE(w.dissectionModel()->index(value.row(), 1, value.parent()).data().toString(), QStringLiteral("\"ROUTER\""));
    // Digest 11.2: the value sits at stream offset 88, 6 bytes.
    QCOMPARE(value.data(DissectionModel::OffsetRole).toULongLong(), 88ull);
    QCOMPARE(value.data(DissectionModel::LengthRole).toULongLong(), 6ull);

    // Selecting the field highlights exactly its bytes.
    w.treeView()->setCurrentIndex(value);
    QCOMPARE(w.hexView()->markedOffset(), 88ull);
    QCOMPARE(w.hexView()->markedLength(), 6ull);
    const QByteArray bytes = w.hexView()->bytes();
    QCOMPARE(bytes.mid(88 - 64, 6), QByteArray("ROUTER"));   // the READY starts at offset 64

    // Clicking a byte of the frame header selects the size field.
    const QModelIndex size = findField(w.dissectionModel(), QStringLiteral("zmtp.frame.size"));
    QVERIFY(size.isValid());
    QMetaObject::invokeMethod(w.hexView(), "byteSelected", Q_ARG(quint64, 65));
    QCOMPARE(w.treeView()->currentIndex().data(DissectionModel::KeyRole).toString(), QStringLiteral("zmtp.frame.size"));
}

void TestMainWindow::opensACaptureFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.pcapng"));
    writePushPull(path);
    MainWindow w;
    QAbstractItemModelTester tester(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.openCapture(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() >= 1004, 5000);
    const int last = findRow(w.frameModel(), QStringLiteral("message \"item 999\""));
    QVERIFY(last > 0);
    QCOMPARE(w.frameModel()->data(w.frameModel()->index(last, FrameListModel::Version)).toString(), QStringLiteral("3.1"));
    QTRY_VERIFY(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("1 ZMTP connection")));
    // FIN both ways in the file: the connection shows as closed.
    QCOMPARE(w.connectionsModel()->index(0, ConnectionsModel::State).data().toString(), QStringLiteral("closed"));
}

// More rows than the model keeps (FrameListModel::kRecent twice over): old
// rows come back from the store in blocks, equal to what arrived.
void TestMainWindow::rowsReadBackFromTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.pcapng"));
    const int messages = 3 * FrameListModel::kRecent;
    writePushPull(path, messages);
    MainWindow w;
    QVector<FrameRow> arrived;
    connect(w.session(), &CaptureSession::framesAdded, this, [&](const QVector<FrameRow> &r) { arrived += r; },
            Qt::QueuedConnection);
    w.openCapture(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() >= messages + 4, 20000);
    QTRY_COMPARE(arrived.size(), w.frameModel()->rowCount());
    QAbstractItemModelTester tester(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int r : {0, 5, 1000, FrameListModel::kRecent, messages / 2, w.frameModel()->rowCount() - 1}) {
        const FrameRow got = w.frameModel()->row(r);
        QCOMPARE(got.event, arrived[r].event);
        QCOMPARE(got.kind, arrived[r].kind);
        QCOMPARE(got.length, arrived[r].length);
        QCOMPARE(got.timeNs, arrived[r].timeNs);
        QCOMPARE(got.connection, arrived[r].connection);
        QCOMPARE(w.frameModel()->rowOfEvent(arrived[r].event), r);
    }
    // The first message and one far back, shown with their texts.
    const int first = findRow(w.frameModel(), QStringLiteral("message \"item 0\""));
    QVERIFY(first > 0);
    const int far = first + messages / 2;
    QCOMPARE(w.frameModel()->index(far, FrameListModel::Summary).data().toString(),
             QStringLiteral("message \"item %1\"").arg(messages / 2));
    QCOMPARE(w.frameModel()->index(far, FrameListModel::Version).data().toString(), QStringLiteral("3.1"));
}

// A ZRE beacon datagram (Ethernet, IPv4, UDP to port 5670) between two
// packets of a ZMTP connection: a row of its own, dissected, filtered on.
void TestMainWindow::beaconsInTheFrameList()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("beacon.pcapng"));
    writePushPull(path, 3);
    // Append a section holding the beacon (pcapng allows several).
    {
        std::FILE *f = std::fopen(path.toLocal8Bit().constData(), "ab");
        capture::PcapngWriter wr(f);
        wr.sectionHeader();
        const std::uint32_t iface = wr.addInterface(capture::linktype::Ethernet, "t");
        std::vector<std::uint8_t> beacon{'Z', 'R', 'E', 1};
        for (int i = 0; i < 16; ++i)
            beacon.push_back(std::uint8_t(0x10 + i));
        beacon.push_back(0xC3);
        beacon.push_back(0x50);   // inbox port 50000
        std::vector<std::uint8_t> p(14, 0);
        p[12] = 0x08;   // IPv4
        const std::size_t ipLength = 20 + 8 + beacon.size();
        const std::uint8_t ip[20] = {0x45, 0, std::uint8_t(ipLength >> 8), std::uint8_t(ipLength), 0, 0, 0x40, 0, 64, 17, 0, 0,
                                     192, 168, 1, 7, 255, 255, 255, 255};
        p.insert(p.end(), ip, ip + 20);
        const std::size_t udpLength = 8 + beacon.size();
        const std::uint8_t udp[8] = {0x16, 0x26, 0x16, 0x26, std::uint8_t(udpLength >> 8), std::uint8_t(udpLength), 0, 0};
        p.insert(p.end(), udp, udp + 8);
        p.insert(p.end(), beacon.begin(), beacon.end());
        wr.packet(iface, 10, p);
        std::fclose(f);
    }
    MainWindow w;
    w.openCapture(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("ZMTP connection")), 5000);
    const int row = findRow(w.frameModel(), QStringLiteral("beacon from 192.168.1.7:5670"));
    QVERIFY(row >= 0);
    QCOMPARE(w.frameModel()->index(row, FrameListModel::Summary).data().toString(),
             QStringLiteral("beacon from 192.168.1.7:5670 ZRE v1 uuid=101112131415161718191a1b1c1d1e1f port=50000"));
    QCOMPARE(w.frameModel()->index(row, FrameListModel::Direction).data().toString(), QStringLiteral("udp"));
    QCOMPARE(w.frameModel()->index(row, FrameListModel::Kind).data().toString(), QStringLiteral("beacon"));
    QCOMPARE(w.frameModel()->index(row, FrameListModel::Length).data().toInt(), 22);
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(row, 0));
    const QModelIndex port = findField(w.dissectionModel(), QStringLiteral("zre.beacon.port"));
    QVERIFY(port.isValid());
    QCOMPARE(w.dissectionModel()->index(port.row(), 1, port.parent()).data().toString(), QStringLiteral("50000"));
    QCOMPARE(w.hexView()->bytes().size(), 22);
    QVERIFY(w.hexView()->bytes().startsWith("ZRE\x01"));
    QVERIFY(w.applyFilter(QStringLiteral("zre.beacon.port == 50000")));
    QTRY_COMPARE(w.frameView()->model()->rowCount(), 1);
}

// Right-click a connection, Decode As: its messages are read as the
// protocol chosen (here WMP, which the sample's DEALER/ROUTER messages are
// not: malformed, with the finding), shown in the Protocol columns; back to
// detection, they are ZMTP again.
void TestMainWindow::decodeAs()
{
    MainWindow w;
    QAbstractItemModelTester tester(w.connectionsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester frames(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.loadSamples();
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 3, 5000);
    const auto protocolsOfConnection1 = [&] {
        QStringList out;
        for (int r = 0; r < w.frameModel()->rowCount(); ++r)
            if (w.frameModel()->index(r, FrameListModel::Connection).data().toUInt() == 1
                && w.frameModel()->index(r, FrameListModel::Kind).data().toString() == QLatin1String("message"))
                out << w.frameModel()->index(r, FrameListModel::Protocol).data().toString();
        return out;
    };
    QCOMPARE(protocolsOfConnection1(), QStringList{QStringLiteral("ZMTP")});
    QMenu *menu = w.connectionMenu(w.connectionsModel()->index(0, 0));
    QVERIFY(menu);
    auto *wmp = menu->findChild<QMenu *>(QStringLiteral("decodeConnection"))->findChild<QAction *>(QStringLiteral("wmp"));
    QVERIFY(wmp);
    QVERIFY(menu->findChild<QMenu *>(QStringLiteral("decodePort")));   // every connection on 5555 too
    wmp->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(protocolsOfConnection1(), QStringList{QStringLiteral("WMP")}, 5000);
    QTRY_COMPARE(w.connectionsModel()->index(0, ConnectionsModel::Protocol).data().toString(), QStringLiteral("WMP"));
    QVERIFY(findRow(w.frameModel(), QStringLiteral("WMP (malformed)")) >= 0);
    QVERIFY(w.applyFilter(QStringLiteral("wmp.version")));
    QTRY_COMPARE(w.frameView()->model()->rowCount(), 1);
    delete menu;
    // Back to detection: the sample's messages are no application protocol.
    menu = w.connectionMenu(w.connectionsModel()->index(0, 0));
    QAction *detect = menu->findChild<QMenu *>(QStringLiteral("decodeConnection"))->findChild<QAction *>(QStringLiteral("detect"));
    QVERIFY(detect && !detect->isChecked());
    detect->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(protocolsOfConnection1(), QStringList{QStringLiteral("ZMTP")}, 5000);
    QCOMPARE(w.connectionsModel()->index(0, ConnectionsModel::Protocol).data().toString(), QString());
    delete menu;
}

// File > Export Objects: the FILEMQ file the capture carried, whole.
void TestMainWindow::exportsObjects()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("filemq.pcapng"));
    writeFilemq(path);
    MainWindow w;
    w.openCapture(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("ZMTP connection")), 5000);
    QTRY_COMPARE(w.connectionsModel()->index(0, ConnectionsModel::Protocol).data().toString(), QStringLiteral("FILEMQ"));
    QVERIFY(findRow(w.frameModel(), QStringLiteral("FILEMQ/2 CHEEZBURGER /docs/a.txt seq=1 offset=3 size=2")) >= 0);
    w.exportObjects(dir.filePath(QStringLiteral("objects")));
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported 1 object")), 5000);
    QVERIFY(!w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("not whole")));
    QFile file(dir.filePath(QStringLiteral("objects/filemq/conn1/docs/a.txt")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("hello"));
}

void TestMainWindow::connectionsAndFindings()
{
    MainWindow w;
    QAbstractItemModelTester tester(w.connectionsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.loadSamples();
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 3, 5000);
    auto cell = [&](int row, int column) { return w.connectionsModel()->index(row, column).data().toString(); };
    QCOMPARE(cell(0, ConnectionsModel::SocketTypes), QStringLiteral("DEALER → ROUTER"));
    QCOMPARE(cell(1, ConnectionsModel::Mechanism), QStringLiteral("PLAIN"));
    QCOMPARE(cell(1, ConnectionsModel::Identities), QStringLiteral("\"BOB\" → \"\""));
    QCOMPARE(cell(2, ConnectionsModel::SocketTypes), QStringLiteral("SUB → PUB"));
    QCOMPARE(cell(2, ConnectionsModel::State), QStringLiteral("ready"));
    QCOMPARE(cell(0, ConnectionsModel::Messages), QStringLiteral("1 / 0"));
    // Selecting a connection filters the frame list to it.
    const int all = w.frameView()->model()->rowCount();
    w.connectionsView()->setCurrentIndex(w.connectionsModel()->index(1, 0));
    const int plainRows = w.frameView()->model()->rowCount();
    QVERIFY(plainRows > 0 && plainRows < all);
    for (int r = 0; r < plainRows; ++r)
        QCOMPARE(w.frameView()->model()->index(r, FrameListModel::Connection).data().toUInt(), 2u);
    // The findings list holds the finding rows; activating one selects its frame.
    QCOMPARE(w.findingsView()->model()->rowCount(), 1);
    w.filterConnection(3);   // the finding is in connection 2: activation must bring it back
    QMetaObject::invokeMethod(w.findingsView(), "activated", Q_ARG(QModelIndex, w.findingsView()->model()->index(0, 0)));
    QVERIFY(w.frameView()->currentIndex().data().isValid());
    QCOMPARE(w.frameView()->currentIndex().data(FrameListModel::KindRole).toInt(), int(codec::EventKind::Finding));
    QCOMPARE(w.treeView()->model()->index(0, 0).data(DissectionModel::KeyRole).toString(), QStringLiteral("zmtp.finding"));
}

void TestMainWindow::filterBar()
{
    MainWindow w;
    w.loadSamples();
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() > 20, 5000);
    const int all = w.frameView()->model()->rowCount();
    QVERIFY(w.applyFilter(QStringLiteral("zmtp.command == \"READY\"")));
    QTRY_COMPARE_WITH_TIMEOUT(w.frameView()->model()->rowCount(), 5, 5000);
    for (int r = 0; r < 5; ++r)
        QVERIFY(w.frameView()->model()->index(r, FrameListModel::Summary).data().toString().startsWith(QStringLiteral("command READY")));
    QVERIFY(w.applyFilter(QStringLiteral("zmtp.mechanism == \"PLAIN\" && kind == \"message\"")));
    QTRY_COMPARE_WITH_TIMEOUT(w.frameView()->model()->rowCount(), 1, 5000);
    QCOMPARE(w.frameView()->model()->index(0, FrameListModel::Summary).data().toString(), QStringLiteral("message \"hi\""));
    // An invalid expression: shown in red with the reason, the list stays as it was.
    QVERIFY(!w.applyFilter(QStringLiteral("zmtp.comand == \"READY\"")));
    QVERIFY(w.filterBar()->toolTip().contains(QStringLiteral("unknown field 'zmtp.comand'")));
    QCOMPARE(w.filterBar()->palette().color(QPalette::Base), QColor(0xff, 0xd6, 0xd6));
    QCOMPARE(w.frameView()->model()->rowCount(), 1);
    QVERIFY(w.applyFilter(QString()));
    QCOMPARE(w.frameView()->model()->rowCount(), all);
    // Field names complete.
    QVERIFY(w.filterBar()->completer()->model()->rowCount() > 40);
}

void TestMainWindow::exportsEvents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.pcapng"));
    writePushPull(path);
    MainWindow w;
    w.openCapture(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("ZMTP connection")), 5000);
    const int rows = w.frameModel()->rowCount();

    // JSON Lines: one valid object per row of the frame list, the messages in order.
    const QString jsonPath = dir.filePath(QStringLiteral("out.jsonl"));
    w.exportEvents(jsonPath);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported")), 5000);
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = json.readAll().split('\n');
    QCOMPARE(lines.last(), QByteArray());   // ends with a newline
    QCOMPARE(lines.size() - 1, rows);
    int messages = 0;
    QString lastFrame;
    for (int i = 0; i + 1 < lines.size(); ++i) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QString::number(i)));
        const QJsonObject o = doc.object();
        const bool c2s = o.value(QStringLiteral("dir")).toString() == QStringLiteral("c2s");
        QCOMPARE(o.value(QStringLiteral("src")).toString(), c2s ? QStringLiteral("10.0.0.1:40000") : QStringLiteral("10.0.0.2:5555"));
        if (o.value(QStringLiteral("kind")).toString() == QStringLiteral("message")) {
            ++messages;
            lastFrame = o.value(QStringLiteral("frames")).toArray().at(0).toString();
        }
    }
    QCOMPARE(messages, 1000);
    QCOMPARE(lastFrame, QString::fromLatin1(QByteArray("item 999").toHex()));
    QCOMPARE(w.statusBar()->findChild<QLabel *>()->text(), QStringLiteral("Exported %1 events to %2").arg(rows).arg(jsonPath));

    // pcapng of a file: the same packets, times and payloads.
    const QString copyPath = dir.filePath(QStringLiteral("copy.pcapng"));
    w.exportEvents(copyPath);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("packets to")), 5000);
    auto fields = [](const QString &file) {
        QProcess tshark;
        tshark.start(QStringLiteral("tshark"), {QStringLiteral("-r"), file, QStringLiteral("-T"), QStringLiteral("fields"),
                                                QStringLiteral("-e"), QStringLiteral("frame.time_epoch"), QStringLiteral("-e"),
                                                QStringLiteral("tcp.seq_raw"), QStringLiteral("-e"), QStringLiteral("tcp.payload")});
        return tshark.waitForFinished(60000) && tshark.exitCode() == 0 ? tshark.readAllStandardOutput() : QByteArray();
    };
    const QByteArray original = fields(path);
    QVERIFY(original.count('\n') > 5);
    QCOMPARE(fields(copyPath), original);

    // Text export of the built-in sample.
    w.loadSamples();
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Built-in sample")), 5000);
    const QString textPath = dir.filePath(QStringLiteral("sample.txt"));
    w.exportEvents(textPath);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported")), 5000);
    QFile text(textPath);
    QVERIFY(text.open(QIODevice::ReadOnly));
    const QByteArray all = text.readAll();
    QVERIFY(all.contains("command HELLO username=\"admin\" password=\"secret\""));
    // Every row of the frame list is in the export, in order (the export
    // also has a line per greeting part).
    qsizetype at = 0;
    for (int r = 0; r < w.frameModel()->rowCount(); ++r) {
        const QByteArray row = w.frameModel()->index(r, FrameListModel::Summary).data().toString().toUtf8();
        at = all.indexOf(row, at);
        QVERIFY2(at >= 0, row.constData());
        at += row.size();
    }
    QVERIFY(all.count('\n') > w.frameModel()->rowCount());

    // pcapng of the sample: synthesised TCP that tshark reads packet for
    // packet, and that dissects back to the same rows.
    QStringList sampleRows;
    for (int r = 0; r < w.frameModel()->rowCount(); ++r)
        sampleRows << w.frameModel()->index(r, FrameListModel::Summary).data().toString();
    const QString pcapPath = dir.filePath(QStringLiteral("sample.pcapng"));
    w.exportEvents(pcapPath);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported")), 5000);
    const QString exported = w.statusBar()->findChild<QLabel *>()->text();
    QProcess tshark;
    tshark.start(QStringLiteral("tshark"), {QStringLiteral("-r"), pcapPath, QStringLiteral("-T"), QStringLiteral("fields"),
                                            QStringLiteral("-e"), QStringLiteral("tcp.stream")});
    QVERIFY2(tshark.waitForFinished(60000), "tshark did not finish");
    QCOMPARE(tshark.exitCode(), 0);
    const QList<QByteArray> streams = tshark.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(exported, QStringLiteral("Exported %1 packets to %2").arg(streams.size()).arg(pcapPath));
    QCOMPARE(QSet<QByteArray>(streams.cbegin(), streams.cend()), (QSet<QByteArray>{"0", "1", "2"}));
    w.openCapture(pcapPath);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("3 ZMTP connection")), 5000);
    QStringList reopened;
    for (int r = 0; r < w.frameModel()->rowCount(); ++r)
        reopened << w.frameModel()->index(r, FrameListModel::Summary).data().toString();
    QCOMPARE(reopened, sampleRows);
}

// File > Export the Rows Shown: the rows a filter and a connection leave.
void TestMainWindow::exportsShownRows()
{
    QTemporaryDir dir;
    MainWindow w;
    w.loadSamples();
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 3, 5000);
    QVERIFY(w.applyFilter(QStringLiteral("zmtp.command == \"READY\"")));
    QTRY_COMPARE(w.frameView()->model()->rowCount(), 5);
    const QVector<quint32> shown = w.shownEvents();
    QCOMPARE(shown.size(), 5);
    const QString path = dir.filePath(QStringLiteral("ready.jsonl"));
    w.exportShownEvents(path);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported 5 events")), 5000);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    for (const QByteArray &line : lines) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("command"));
        QCOMPARE(o.value(QStringLiteral("name")).toString(), QStringLiteral("READY"));
    }
    // A selected connection narrows it further; text holds one line per row.
    w.filterConnection(2);
    QTRY_VERIFY(w.frameView()->model()->rowCount() < 5);
    const int rows = w.frameView()->model()->rowCount();
    QVERIFY(rows > 0);
    const QString text = dir.filePath(QStringLiteral("ready.txt"));
    w.exportShownEvents(text);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().startsWith(QStringLiteral("Exported")), 5000);
    QFile t(text);
    QVERIFY(t.open(QIODevice::ReadOnly));
    const QList<QByteArray> textLines = t.readAll().trimmed().split('\n');
    QCOMPARE(textLines.size(), rows);
    for (const QByteArray &line : textLines)
        QVERIFY2(line.contains("READY"), line.constData());
    // pcapng holds packets, not rows: refused with the reason.
    w.exportShownEvents(dir.filePath(QStringLiteral("x.pcapng")));
    QVERIFY(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("pcapng")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.pcapng"))));
}

// Rows coloured by the first matching rule; rules edited, saved, reloaded.
void TestMainWindow::colourRules()
{
    QSettings().remove(QStringLiteral("view/colourRules"));
    MainWindow w;
    QCOMPARE(w.colourRules(), defaultColourRules());
    w.loadSamples();
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 3, 5000);
    QAbstractItemModelTester tester(w.frameView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModel *view = w.frameView()->model();
    auto rowOf = [&](const QString &text) {
        for (int r = 0; r < view->rowCount(); ++r)
            if (view->index(r, FrameListModel::Summary).data().toString().contains(text))
                return r;
        return -1;
    };
    const int ready = rowOf(QStringLiteral("command READY"));
    const int subscribe = rowOf(QStringLiteral("subscribe \"topic\""));
    const int message = rowOf(QStringLiteral("message \"topic\" \"hello\""));
    QVERIFY(ready >= 0 && subscribe >= 0 && message >= 0);
    QCOMPARE(view->index(ready, 0).data(FrameListModel::ColourRuleRole).toInt(), 2);   // Handshake
    QCOMPARE(view->index(ready, FrameListModel::Summary).data(Qt::BackgroundRole).value<QColor>(), QColor(QStringLiteral("#cfe0f7")));
    QCOMPARE(view->index(subscribe, 0).data(FrameListModel::ColourRuleRole).toInt(), 4);   // Subscriptions
    QCOMPARE(view->index(message, 0).data(FrameListModel::ColourRuleRole).toInt(), -1);
    QVERIFY(!view->index(message, 0).data(Qt::BackgroundRole).isValid());
    // Every finding row takes the rule of its severity.
    for (int r = 0; r < view->rowCount(); ++r) {
        const int severity = view->index(r, 0).data(FrameListModel::SeverityRole).toInt();
        const int rule = view->index(r, 0).data(FrameListModel::ColourRuleRole).toInt();
        if (severity == int(codec::Severity::Error))
            QCOMPARE(rule, 0);
        if (severity == int(codec::Severity::Warn))
            QCOMPARE(rule, 1);
    }
    // A rule of the user's, first in the list: messages of connection 3.
    QList<ColourRule> rules = w.colourRules();
    rules.prepend({QStringLiteral("Mine"), QStringLiteral("kind == \"message\" && conn == 3"), QStringLiteral("#123456"), true});
    rules[3].enabled = false;   // Handshake off
    w.applyColourRules(rules);
    QCOMPARE(view->index(message, 0).data(FrameListModel::ColourRuleRole).toInt(), 0);
    QCOMPARE(view->index(message, 0).data(Qt::BackgroundRole).value<QColor>(), QColor(QStringLiteral("#123456")));
    QCOMPARE(view->index(ready, 0).data(FrameListModel::ColourRuleRole).toInt(), -1);
    // Kept in the settings for the next window.
    MainWindow again;
    QCOMPARE(again.colourRules(), rules);

    // The dialog: an invalid filter turns OK off and says where.
    ColourRulesDialog d(rules);
    QCOMPARE(d.rules(), rules);
    auto *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    d.table()->item(0, ColourRulesDialog::Expression)->setText(QStringLiteral("kind == "));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(d.problem().startsWith(QStringLiteral("Rule 1: column")), qPrintable(d.problem()));
    d.table()->item(0, ColourRulesDialog::Expression)->setText(QStringLiteral("kind == \"finding\""));
    QVERIFY(ok->isEnabled());
    QCOMPARE(d.rules().front().expression, QStringLiteral("kind == \"finding\""));
    QSettings().remove(QStringLiteral("view/colourRules"));
}

// View > Theme: dark and light palettes on Fusion, and back to the system's.
void TestMainWindow::themes()
{
    const QPalette system = QApplication::palette();
    applyTheme(QStringLiteral("dark"));
    QCOMPARE(currentTheme(), QStringLiteral("dark"));
    QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 64);
    QVERIFY(QApplication::palette().color(QPalette::Text).lightness() > 192);
    {
        // Follow Connection picks its direction colours from the palette.
        FollowDialog dark(QStringLiteral("t"), {FollowItem{0, 0, 0, {}, {QByteArray("x")}, true, 0, {}}}, false);
        QVERIFY(dark.palette().color(QPalette::Base).lightness() < 64);
    }
    applyTheme(QStringLiteral("light"));
    QVERIFY(QApplication::palette().color(QPalette::Base).lightness() > 192);
    applyTheme(QStringLiteral("system"));
    QCOMPARE(currentTheme(), QStringLiteral("system"));
    QCOMPARE(QApplication::palette(), system);
    // The menu offers the three and marks the current one.
    MainWindow w;
    QStringList names;
    for (QAction *menu : w.menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (a->menu() && a->text() == QStringLiteral("&Theme"))
                for (QAction *t : a->menu()->actions())
                    names << t->text() + (t->isChecked() ? QStringLiteral("*") : QString());
    QCOMPARE(names, (QStringList{QStringLiteral("Follow the &System*"), QStringLiteral("&Light"), QStringLiteral("&Dark")}));
}

// View > Language keeps the choice in the settings for the next start.
void TestMainWindow::languageChoice()
{
    QSettings().remove(QStringLiteral("ui/language"));
    MainWindow w;
    QMenu *languages = nullptr;
    for (QAction *menu : w.menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (a->menu() && a->text() == QStringLiteral("&Language"))
                languages = a->menu();
    QVERIFY(languages);
    QCOMPARE(languages->actions().size(), 3);
    QVERIFY(languages->actions().at(0)->isChecked());
    languages->actions().at(2)->trigger();   // Deutsch
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("de"));
    QVERIFY(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("next start")));
    MainWindow again;   // the next window shows the choice
    for (QAction *menu : again.menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (a->menu() && a->text() == QStringLiteral("&Language"))
                QVERIFY(a->menu()->actions().at(2)->isChecked());
    languages->actions().at(0)->trigger();   // the system's again
    QVERIFY(!QSettings().contains(QStringLiteral("ui/language")));
}

void TestMainWindow::recentFiles()
{
    QTemporaryDir dir;
    QStringList paths;
    writePushPull(dir.filePath(QStringLiteral("c0.pcapng")));
    for (int i = 0; i < 12; ++i) {
        paths << dir.filePath(QStringLiteral("c%1.pcapng").arg(i));
        QVERIFY(i == 0 || QFile::copy(paths.first(), paths.last()));
    }
    MainWindow w;
    for (const QString &p : paths)
        w.openCapture(p);
    w.openCapture(paths[3]);   // opened again: moves to the top, not listed twice
    QStringList expected{paths[3], paths[11], paths[10], paths[9], paths[8], paths[7], paths[6], paths[5], paths[4], paths[2]};
    QCOMPARE(w.recentFiles(), expected);
    QCOMPARE(MainWindow().recentFiles(), expected);   // kept in the settings

    Q_EMIT w.recentMenu()->aboutToShow();
    QList<QAction *> actions = w.recentMenu()->actions();
    QCOMPARE(actions.size(), MainWindow::kRecentFiles + 2);   // the files, a separator, "Clear the List"
    QCOMPARE(actions[0]->text(), QStringLiteral("&1 c3.pcapng"));
    QCOMPARE(actions[1]->toolTip(), paths[11]);
    QTRY_VERIFY_WITH_TIMEOUT(w.statusBar()->findChild<QLabel *>()->text().contains(QStringLiteral("ZMTP connection")), 10000);
    actions[1]->trigger();
    QCOMPARE(w.recentFiles().first(), paths[11]);
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() >= 1004, 5000);

    actions.last()->trigger();   // clear
    QVERIFY(w.recentFiles().isEmpty());
    Q_EMIT w.recentMenu()->aboutToShow();
    QCOMPARE(w.recentMenu()->actions().size(), 1);
    QVERIFY(!w.recentMenu()->actions().first()->isEnabled());
}

void TestMainWindow::followConnection()
{
    MainWindow w;
    w.loadSamples();
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 3, 5000);
    QCOMPARE(w.followConnection(0), nullptr);

    // SUB -> PUB: READY both ways, SUBSCRIBE, a two-frame message, CANCEL.
    FollowDialog *sub = w.followConnection(3);
    QVERIFY(sub);
    QTRY_VERIFY(sub->isLoaded());   // read on the capture thread
    QVERIFY(sub->windowTitle().contains(QStringLiteral("127.0.0.1:50003 ⇄ 127.0.0.1:5555")));
    const QStringList lines = sub->plainText().split(QLatin1Char('\n'));
    auto at = [&](const QString &text) {
        for (int i = 0; i < lines.size(); ++i)
            if (lines[i].contains(text))
                return i;
        return -1;
    };
    // Commands show as the frame list's line, with its number.
    const int subscribe = at(QStringLiteral("command SUBSCRIBE topic=\"topic\""));
    const int message = at(QStringLiteral("message, 2 frames"));
    const int cancel = at(QStringLiteral("command CANCEL topic=\"topic\""));
    QVERIFY2(subscribe >= 0 && message > subscribe && cancel > message, qPrintable(sub->plainText()));
    QVERIFY(lines[subscribe].startsWith(QStringLiteral("→ c2s")));
    QVERIFY(lines[message].startsWith(QStringLiteral("← s2c")));
    const int row = w.frameModel()->rowOfEvent(w.frameModel()->row(findRow(w.frameModel(), QStringLiteral("command CANCEL"))).event);
    QVERIFY(lines[cancel].contains(QStringLiteral("No. %1 ").arg(row + 1)));
    QCOMPARE(lines[message + 1], QStringLiteral("  [0] topic"));
    QCOMPARE(lines[message + 2], QStringLiteral("  [1] hello"));
    QVERIFY(sub->summary().startsWith(QStringLiteral("Client → server: 0 messages, ")));
    QVERIFY(sub->summary().contains(QStringLiteral("server → client: 1 message, 10 bytes")));

    sub->setMode(FollowDialog::Mode::Hex);
    QVERIFY(sub->plainText().contains(QStringLiteral("    0000  68 65 6c 6c 6f")));
    QVERIFY(sub->plainText().contains(QStringLiteral(" hello\n")));
    QVERIFY(sub->plainText().contains(QStringLiteral("09 53 55 42 53 43 52 49 42 45 74 6f 70 69 63")));   // SUBSCRIBE's body

    // DEALER -> ROUTER: an empty delimiter frame, then "hello"; non-printable bytes escaped.
    FollowDialog *dealer = w.followConnection(1);
    QTRY_VERIFY(dealer->isLoaded());
    QVERIFY(dealer->plainText().contains(QStringLiteral("message, 2 frames\n  [0] \n  [1] hello")));
    QVERIFY(dealer->summary().startsWith(QStringLiteral("Client → server: 1 message, 5 bytes")));

    // From the menu: the selected frame's connection.
    QAction *follow = nullptr;
    for (QAction *menu : w.menuBar()->actions())
        for (QAction *a : menu->menu()->actions())
            if (a->text() == QStringLiteral("&Follow Connection"))
                follow = a;
    QVERIFY(follow);
    const int before = w.findChildren<FollowDialog *>().size();
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(w.frameView()->model()->rowCount() - 1, 0));
    follow->trigger();
    QCOMPARE(w.findChildren<FollowDialog *>().size(), before + 1);
}

void TestMainWindow::tapDialogChecksSettings()
{
    TapDialog d;
    auto *ok = d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());   // the defaults are usable
    d.listenEdit()->setText(QStringLiteral("udp://127.0.0.1:9"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(d.problem().startsWith(QStringLiteral("Listen endpoint")), qPrintable(d.problem()));
    d.listenEdit()->setText(QStringLiteral("ipc:///tmp/zmqscope-test.ipc"));
    d.forwardEdit()->setText(QStringLiteral("tcp://127.0.0.1:0"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(d.problem().contains(QStringLiteral("port")));
    d.forwardEdit()->setText(QStringLiteral("tcp://[::1]:7000"));
    QVERIFY(ok->isEnabled());
    // CURVE termination needs the server's secret key; its public key is shown.
    d.curveBox()->setChecked(true);
    QVERIFY(!ok->isEnabled());
    QVERIFY(d.problem().contains(QStringLiteral("Z85")));
    const codec::CurveKeyPair keys = codec::CurveKeyPair::generate();
    d.serverSecretEdit()->setText(QString::fromStdString(codec::curveKeyToZ85(keys.secretKey)));
    QVERIFY(ok->isEnabled());
    QVERIFY(d.findChildren<QLabel *>().size() > 0);
    bool shown = false;
    for (QLabel *l : d.findChildren<QLabel *>())
        shown = shown || l->text() == QString::fromStdString(codec::curveKeyToZ85(keys.publicKey));
    QVERIFY(shown);
    const TapSettings t = d.settings();
    QCOMPARE(t.listen, QStringLiteral("ipc:///tmp/zmqscope-test.ipc"));
    QCOMPARE(t.forward, QStringLiteral("tcp://[::1]:7000"));
    QCOMPARE(t.curveServerSecret, QString::fromStdString(codec::curveKeyToZ85(keys.secretKey)));
    QVERIFY(t.curveClientSecret.isEmpty());
}

void TestMainWindow::interfaceDialog()
{
    InterfaceDialog d;
    QVERIFY(d.interfaceBox()->count() >= 1);   // lo at least
    QCOMPARE(d.interfaceName(), QStringLiteral("lo"));
    // What the dialog says about the privilege matches what the process has.
    if (InterfaceDialog::havePrivilege())
        QVERIFY(!d.privilegeLabel()->text().contains(QStringLiteral("setcap")));
    else
        QVERIFY(d.privilegeLabel()->text().contains(QStringLiteral("CAP_NET_RAW")));
}

void TestMainWindow::liveDemoInTheWindow()
{
    MainWindow w;
    w.resize(1000, 700);
    w.show();
    QVERIFY(!w.stopAction()->isEnabled());
    w.startDemo();
    // Four taps, four connections, rows arriving while the window runs.
    QTRY_COMPARE_WITH_TIMEOUT(w.connectionsModel()->rowCount(), 4, 15000);
    QVERIFY(w.stopAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() > 200, 15000);
    QAbstractItemModelTester frames(w.frameModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester connections(w.connectionsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Auto-scroll follows the newest rows...
    QScrollBar *bar = w.frameView()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0 && bar->value() == bar->maximum());
    QVERIFY(!w.autoScrollPaused());
    // ...pauses when the user scrolls up, while rows keep coming...
    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    QTRY_VERIFY(w.autoScrollPaused());
    const int rows = w.frameModel()->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(w.frameModel()->rowCount() > rows + 20, 10000);
    QCOMPARE(bar->value(), 0);
    QVERIFY(w.findChild<QLabel *>(QStringLiteral("liveState"))->text().contains(QStringLiteral("paused")));
    // ...and resumes at the bottom.
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    QTRY_VERIFY(!w.autoScrollPaused());
    // A decrypted CURVE message shows its frames in the tree.
    int curveRow = -1;
    for (int r = 0; r < w.frameModel()->rowCount() && curveRow < 0; ++r)
        if (w.frameModel()->index(r, FrameListModel::Summary).data().toString().startsWith(QStringLiteral("decrypted request job")))
            curveRow = r;
    QVERIFY(curveRow >= 0);
    w.frameView()->setCurrentIndex(w.frameView()->model()->index(curveRow, 0));
    QVERIFY(w.dissectionModel()->rowCount() > 0);
    QVERIFY(w.hexView()->bytes().size() > 0);
    // A display filter keeps applying to rows that arrive after it.
    QVERIFY(w.applyFilter(QStringLiteral("zmtp.mechanism == \"PLAIN\" && kind == \"message\"")));
    QAbstractItemModel *shown = w.frameView()->model();
    // (the answer comes from the capture thread: until then all rows show)
    QTRY_VERIFY_WITH_TIMEOUT(shown->rowCount() > 0 && shown->rowCount() < w.frameModel()->rowCount() / 4, 10000);
    const int before = shown->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(shown->rowCount() >= before + 4, 10000);
    QVERIFY(shown->rowCount() < w.frameModel()->rowCount() / 4);
    for (int r = 0; r < shown->rowCount(); ++r) {
        QCOMPARE(shown->index(r, FrameListModel::Mechanism).data().toString(), QStringLiteral("PLAIN"));
        QCOMPARE(shown->index(r, FrameListModel::Kind).data().toString(), QStringLiteral("message"));
    }
    QVERIFY(w.applyFilter(QString()));
    QTRY_COMPARE(shown->rowCount(), w.frameModel()->rowCount());
    // Stop: no more rows.
    w.stopLive();
    QTRY_VERIFY(!w.stopAction()->isEnabled());
    const int atStop = w.frameModel()->rowCount();
    QTest::qWait(300);
    QCOMPARE(w.frameModel()->rowCount(), atStop);
}

void TestMainWindow::hasMenus()
{
    MainWindow w;
    QStringList titles;
    for (QAction *a : w.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&Capture"), QStringLiteral("&View"),
                                   QStringLiteral("&Peers"), QStringLiteral("&Tools"), QStringLiteral("&Statistics"), QStringLiteral("&Help")}));
}

void TestMainWindow::germanMenus()
{
    QCOMPARE(installTranslations(*qApp, QStringLiteral("de")), QStringLiteral("de"));
    MainWindow w;
    QStringList titles;
    for (QAction *a : w.menuBar()->actions())
        titles << a->text();
    QCOMPARE(titles, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Mitschnitt"), QStringLiteral("&Ansicht"),
                                   QStringLiteral("&Gegenstellen"), QStringLiteral("E&xtras"), QStringLiteral("&Statistik"), QStringLiteral("&Hilfe")}));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
