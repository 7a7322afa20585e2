#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "zmqscope.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCapture, "zmqscope.capture", QtWarningMsg)
