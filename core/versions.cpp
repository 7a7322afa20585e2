#include "versions.h"

#include <sodium.h>
#include <zmq.h>

namespace zmqscope {

QString libzmqVersion()
{
    int major = 0, minor = 0, patch = 0;
    zmq_version(&major, &minor, &patch);
    return QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch);
}

QString libsodiumVersion()
{
    return QString::fromLatin1(sodium_version_string());
}

}   // namespace zmqscope
