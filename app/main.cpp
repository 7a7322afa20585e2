// zmqscope: the desktop inspector (`--demo` starts it on its built-in demo),
// and the headless command line (`zmqscope dissect|tap|capture`, cli.cpp).
#include "cli.h"
#include "mainwindow.h"
#include "statisticspanes.h"
#include "peersdock.h"
#include "theme.h"
#include "translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    // Subcommands run headless, before anything needs a display.
    if (const int code = zmqscope::runCli(argc, argv); code >= 0)
        return code;
    // --version needs no display either (a package's smoke test, a script).
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--version") == 0 || qstrcmp(argv[i], "-v") == 0) {
            std::printf("zmqscope %s\n", ZMQSCOPE_VERSION);
            return 0;
        }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZmqScope"));
    QApplication::setOrganizationName(QStringLiteral("ZmqScope"));
    QApplication::setApplicationVersion(QStringLiteral(ZMQSCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/zmqscope.svg")));
    // The language follows the system locale; "ui/language" in the settings
    // (or --language) overrides it.
    QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    for (int i = 1; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--language") == 0)
            language = QString::fromLocal8Bit(argv[i + 1]);
    zmqscope::installTranslations(app, language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Inspector and testbed for ZeroMQ's wire protocols"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Start on the live demo: libzmq peers inside the app, through tap relays."));
    parser.addOption(demo);
    QCommandLineOption lang(QStringLiteral("language"),
                            QApplication::translate("main", "User-interface language (en, de)."),
                            QStringLiteral("code"));
    parser.addOption(lang);
    QCommandLineOption theme(QStringLiteral("theme"),
                             QApplication::translate("main", "Colours: system, light or dark (saved as the default in View > Theme)."),
                             QStringLiteral("name"));
    parser.addOption(theme);
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Save the window as a PNG once the capture is shown, then quit."),
                                  QStringLiteral("file"));
    parser.addOption(screenshot);
    QCommandLineOption scenario(QStringLiteral("scenario"),
                                QApplication::translate("main", "Run a scenario file's peers (ZDCF in ZPL or JSON), their traffic through taps into the capture shown."),
                                QStringLiteral("file"));
    parser.addOption(scenario);
    QCommandLineOption show(QStringLiteral("show"),
                            QApplication::translate("main", "Open on one view of the capture: %1 (with --screenshot: that view's picture).")
                                .arg(zmqscope::StatisticsPanes::views().join(QStringLiteral(", "))),
                            QStringLiteral("view"));
    parser.addOption(show);
    parser.addPositionalArgument(QStringLiteral("capture"), QApplication::translate("main", "A pcap or pcapng file to open."));
    parser.process(app);

    zmqscope::applyTheme(parser.isSet(theme) ? parser.value(theme)
                                             : QSettings().value(QStringLiteral("view/theme"), QStringLiteral("system")).toString());
    if (parser.isSet(show) && !zmqscope::StatisticsPanes::views().contains(parser.value(show))) {
        std::fprintf(stderr, "zmqscope: no view called %s (%s)\n", qPrintable(parser.value(show)),
                     qPrintable(zmqscope::StatisticsPanes::views().join(QStringLiteral(", "))));
        return 2;
    }
    zmqscope::MainWindow window;
    if (parser.isSet(screenshot))
        window.resize(1280, 800);   // the same picture whatever was saved
    window.show();
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        // A file: let the last batch paint. The live demo: let traffic flow.
        const int settle = parser.isSet(demo) || parser.isSet(scenario) ? 3000 : 500;
        const auto shoot = [&window, path, settle] {
            QTimer::singleShot(settle, &window, [&window, path] {
                const bool saved = window.grab().save(path, "PNG");
                if (!saved)
                    std::fprintf(stderr, "zmqscope: cannot write %s\n", qPrintable(path));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        };
        if (parser.isSet(show)) {
            // The view's first drawing after the capture is loaded.
            const QString name = parser.value(show);
            const auto ready = std::make_shared<bool>(false);
            QObject::connect(&window, &zmqscope::MainWindow::loaded, &app, [ready] { *ready = true; });
            QObject::connect(window.statistics(), &zmqscope::StatisticsPanes::viewUpdated, &app,
                             [ready, name, shoot](const QString &view) {
                                 if (*ready && view == name) {
                                     *ready = false;
                                     shoot();
                                 }
                             });
        }
        else
            QObject::connect(&window, &zmqscope::MainWindow::loaded, &app, shoot);
        QObject::connect(window.peersDock(), &zmqscope::PeersDock::scenarioOpened, &app, shoot);
        QTimer::singleShot(30000, &app, [] {
            std::fputs("zmqscope: the capture did not finish within 30 s\n", stderr);
            QCoreApplication::exit(1);
        });
    }
    if (parser.isSet(show)) {
        const QString name = parser.value(show);
        // Shown at once; it draws after the capture has loaded (and again as rows come).
        window.statistics()->showView(name);
        QObject::connect(&window, &zmqscope::MainWindow::loaded, window.statistics(), [&window, name] {
            window.statistics()->showView(name);
            window.statistics()->refreshView(name);
        });
    }
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty())
        window.openCapture(files.front());
    else if (parser.isSet(scenario)) {
        QObject::connect(window.peersDock(), &zmqscope::PeersDock::launchFailed, &app,
                         [](const QString &e) { std::fprintf(stderr, "zmqscope: %s\n", qPrintable(e)); });
        if (!window.peersDock()->openScenario(parser.value(scenario)))
            return 2;   // (the dock said why)
    }
    else if (parser.isSet(demo))
        window.startDemo();   // real libzmq peers through taps
    else
        window.loadSamples();
    return app.exec();
}
