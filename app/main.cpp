// zmqscope: the desktop inspector. `--demo` starts it on its built-in demo.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZmqScope"));
    QApplication::setOrganizationName(QStringLiteral("ZmqScope"));
    QApplication::setApplicationVersion(QStringLiteral(ZMQSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Inspector and testbed for ZeroMQ's wire protocols"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Start on the built-in demo."));
    parser.addOption(demo);
    parser.process(app);

    zmqscope::MainWindow window;
    window.show();
    return app.exec();
}
