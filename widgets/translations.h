// Loading the user-interface translations compiled into the binary
// (translations/*.ts, embedded under :/i18n/). The language follows the
// system locale unless the settings say otherwise ("ui/language").
#pragma once

#include <QString>

class QCoreApplication;

namespace zmqscope {

// Installs Qt's own and ZmqScope's translators for `language` ("de", "en",
// or empty for the system locale). Returns the language actually loaded
// ("en" when nothing matched: English is loaded then, for its plural forms).
QString installTranslations(QCoreApplication &app, const QString &language = {});

}   // namespace zmqscope
