#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace zmqscope {

QString installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *own = new QTranslator(&app);
    if (!own->load(locale, QStringLiteral("zmqscope"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // No match (the C locale, or a language we lack): English, whose
        // file carries the plural forms ("1 connection", "3 connections").
        if (!own->load(QStringLiteral("zmqscope_en"), QStringLiteral(":/i18n"))) {
            delete own;
            return QStringLiteral("en");
        }
        QCoreApplication::installTranslator(own);
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return QLocale(own->language()).name().section(QLatin1Char('_'), 0, 0);
}

}   // namespace zmqscope
