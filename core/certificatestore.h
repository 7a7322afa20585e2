// Reading and writing CURVE certificate files (codec/certificate.h) the way
// czmq does: NAME holds the public key, NAME_secret both keys. Secret files
// are created with mode 0600 before any byte is written, and replaced
// atomically; nothing here logs key material.
#pragma once

#include "codec/certificate.h"

#include <QString>

#include <optional>

namespace zmqscope {

bool saveCertificate(const codec::CurveCertificate &cert, const QString &path, QString *error = nullptr);
std::optional<codec::CurveCertificate> loadCertificate(const QString &path, QString *error = nullptr);

}   // namespace zmqscope
