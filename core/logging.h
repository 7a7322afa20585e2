// Logging categories, one per layer; quiet by default
// (QT_LOGGING_RULES="zmqscope.*.debug=true" turns them on).
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCore)
Q_DECLARE_LOGGING_CATEGORY(lcCapture)
