// CURVE certificates in the ZeroMQ certificate file format that czmq's
// zcert (and pyzmq's zmq.auth) read and write: ZPL text with a "metadata"
// section and a "curve" section holding Z85 keys. The public file holds
// public-key only; the "_secret" file also secret-key. File I/O (and the
// 0600 mode of secret files) is the core's CertificateStore.
#pragma once

#include "auth.h"
#include "curve.h"

#include <optional>
#include <string>
#include <string_view>

namespace zmqscope::codec {

struct CurveCertificate {
    CurveKey publicKey{};
    std::optional<CurveKey> secretKey;
    Metadata metadata;

    static CurveCertificate generate();
    static std::optional<CurveCertificate> fromZpl(std::string_view text, std::string *error = nullptr);
    // `generatedOn` goes into the header comment ("2026-11-25 09:00:00").
    std::string toZpl(bool withSecret, std::string_view generatedOn) const;
};

}   // namespace zmqscope::codec
