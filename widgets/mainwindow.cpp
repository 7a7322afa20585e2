#include "mainwindow.h"

#include "samplecapture.h"
#include "textdissector.h"
#include "versions.h"

#include <QApplication>
#include <QFontDatabase>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStatusBar>

namespace zmqscope {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ZmqScope"));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("dissectionText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setCentralWidget(m_text);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ZmqScope"), this, &MainWindow::showAbout);

    loadSamples();
    resize(1100, 720);
}

void MainWindow::loadSamples()
{
    QStringList out;
    int connections = 0;
    for (const SampleConnection &c : builtinSamples()) {
        out << QStringLiteral("── %1 ──").arg(c.title);
        out << dissectToText(c);
        out << QString();
        ++connections;
    }
    m_text->setPlainText(out.join(QLatin1Char('\n')));
    statusBar()->showMessage(tr("Built-in sample: %n connection(s)", nullptr, connections));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ZmqScope"),
                       tr("<h3>ZmqScope %1</h3><p>An inspector and testbed for ZeroMQ's wire protocols.</p>"
                          "<p>Qt %2 · libzmq %3 · libsodium %4</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                libzmqVersion(), libsodiumVersion()));
}

}   // namespace zmqscope
