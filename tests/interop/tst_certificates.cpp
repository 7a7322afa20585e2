// CURVE certificates: ZPL parsing (czmq zconfig rules), our files read by
// pyzmq's zmq.auth (Debian's python3-zmq) and theirs read by us, secret
// files created 0600.
#include "certificatestore.h"
#include "codec/zpl.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace zmqscope;
using namespace zmqscope::codec;

namespace {

QString python(const QString &script, const QStringList &args = {})
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-c"), script} + args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("ERROR ") + QString::fromLocal8Bit(p.readAllStandardError());
    return QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
}

}   // namespace

class TestCertificates : public QObject {
    Q_OBJECT
private slots:
    void zplReadsTheDigestExample();
    void zplRejectsWhatZconfigRejects_data();
    void zplRejectsWhatZconfigRejects();
    void pyzmqReadsOurs();
    void weReadPyzmqs();
    void secretFilesAre0600();
    void mismatchedKeysAreRefused();
};

void TestCertificates::zplReadsTheDigestExample()
{
    const auto r = parseZpl("#   device file\n"
                            "context\n"
                            "    iothreads = 1\n"
                            "    verbose = 1      #   trace on\n"
                            "main\n"
                            "    type = zmq_queue\n"
                            "    frontend\n"
                            "        option\n"
                            "            subscribe = \"#2\"\n"
                            "        bind = tcp://eth0:5555\n"
                            "        bind = inproc://device\n");
    QVERIFY2(r.root, r.error.c_str());
    QCOMPARE(r.root->find("context/verbose")->value, std::string("1"));
    QCOMPARE(r.root->find("main/frontend/option/subscribe")->value, std::string("#2"));
    const ZplNode *frontend = r.root->find("main/frontend");
    QCOMPARE(frontend->children.size(), std::size_t(3));
    QCOMPARE(frontend->children[2].value, std::string("inproc://device"));
    // Round trip through our writer.
    const auto again = parseZpl(writeZpl(*r.root));
    QVERIFY(again.root);
    QCOMPARE(again.root->find("main/frontend/option/subscribe")->value, std::string("#2"));
}

void TestCertificates::zplRejectsWhatZconfigRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::newRow("indent not a multiple of 4") << QStringLiteral("a\n  b = 1\n") << 2;
    QTest::newRow("jump of two levels") << QStringLiteral("a\n        b = 1\n") << 2;
    QTest::newRow("tab") << QStringLiteral("a\n\tb = 1\n") << 2;
    QTest::newRow("unclosed quote") << QStringLiteral("a = \"open\n") << 1;
    QTest::newRow("text after quote") << QStringLiteral("a = \"x\" y\n") << 1;
    QTest::newRow("name ending in slash") << QStringLiteral("a/ = 1\n") << 1;
}

void TestCertificates::zplRejectsWhatZconfigRejects()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    const auto r = parseZpl(text.toStdString());
    QVERIFY(!r.root);
    QCOMPARE(r.line, line);
}

void TestCertificates::pyzmqReadsOurs()
{
    QTemporaryDir dir;
    CurveCertificate cert = CurveCertificate::generate();
    cert.metadata.emplace_back("name", "zmqscope test");
    const QString path = dir.filePath(QStringLiteral("server.key"));
    QString error;
    QVERIFY2(saveCertificate(cert, path, &error), qPrintable(error));
    const QString out = python(QStringLiteral("import sys, zmq.auth\n"
                                              "p, s = zmq.auth.load_certificate(sys.argv[1])\n"
                                              "print(p.decode(), s.decode())\n"),
                               {path + QStringLiteral("_secret")});
    QCOMPARE(out, QString::fromStdString(curveKeyToZ85(cert.publicKey) + " " + curveKeyToZ85(*cert.secretKey)));
    const QString pubOnly = python(QStringLiteral("import sys, zmq.auth\n"
                                                  "p, s = zmq.auth.load_certificate(sys.argv[1])\n"
                                                  "print(p.decode(), s)\n"),
                                   {path});
    QCOMPARE(pubOnly, QString::fromStdString(curveKeyToZ85(cert.publicKey) + " None"));
}

void TestCertificates::weReadPyzmqs()
{
    QTemporaryDir dir;
    const QString out = python(QStringLiteral("import sys, zmq.auth\n"
                                              "pub, sec = zmq.auth.create_certificates(sys.argv[1], 'client')\n"
                                              "p, s = zmq.auth.load_certificate(sec)\n"
                                              "print(p.decode(), s.decode())\n"),
                               {dir.path()});
    QVERIFY2(!out.startsWith(QStringLiteral("ERROR")), qPrintable(out));
    QString error;
    const auto secret = loadCertificate(dir.filePath(QStringLiteral("client.key_secret")), &error);
    QVERIFY2(secret, qPrintable(error));
    QVERIFY(secret->secretKey);
    QCOMPARE(QString::fromStdString(curveKeyToZ85(secret->publicKey) + " " + curveKeyToZ85(*secret->secretKey)), out);
    const auto pub = loadCertificate(dir.filePath(QStringLiteral("client.key")), &error);
    QVERIFY(pub);
    QVERIFY(!pub->secretKey);
    QCOMPARE(pub->publicKey, secret->publicKey);
}

void TestCertificates::secretFilesAre0600()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.key"));
    QVERIFY(saveCertificate(CurveCertificate::generate(), path));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(path + QStringLiteral("_secret")).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0077) & 0022, 0);   // public file not writable by others
    QFile pub(path);
    QVERIFY(pub.open(QIODevice::ReadOnly));
    QVERIFY(!pub.readAll().contains("secret-key"));
}

void TestCertificates::mismatchedKeysAreRefused()
{
    CurveCertificate a = CurveCertificate::generate();
    a.secretKey = CurveKeyPair::generate().secretKey;
    std::string error;
    QVERIFY(!CurveCertificate::fromZpl(a.toZpl(true, "now"), &error));
    QVERIFY(QString::fromStdString(error).contains(QStringLiteral("does not belong")));
}

QTEST_GUILESS_MAIN(TestCertificates)
#include "tst_certificates.moc"
