// Versions of the libraries ZmqScope runs on, for About boxes and reports.
#pragma once

#include <QString>

namespace zmqscope {

QString libzmqVersion();
QString libsodiumVersion();

}   // namespace zmqscope
