#include "certificatestore.h"

#include <QDateTime>
#include <QFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zmqscope {

namespace {

// Writes `data` to `path` through a temporary file created with `mode`
// (so a secret never sits in a world-readable file), then renames it.
bool writeFile(const QString &path, const std::string &data, mode_t mode, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp-" + QByteArray::number(::getpid());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QString::fromLocal8Bit(temp), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    ::fchmod(fd, mode);   // the umask may have narrowed it; never widen past `mode`
    std::size_t done = 0;
    bool ok = true;
    while (done < data.size()) {
        const ssize_t w = ::write(fd, data.data() + done, data.size() - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            ok = false;
            break;
        }
        done += std::size_t(w);
    }
    ok = ok && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temp.constData(), target.constData()) != 0) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        ::unlink(temp.constData());
        return false;
    }
    return true;
}

}   // namespace

bool saveCertificate(const codec::CurveCertificate &cert, const QString &path, QString *error)
{
    const std::string when =
        QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toStdString();
    if (!writeFile(path, cert.toZpl(false, when), 0644, error))
        return false;
    if (cert.secretKey && !writeFile(path + QStringLiteral("_secret"), cert.toZpl(true, when), 0600, error))
        return false;
    return true;
}

std::optional<codec::CurveCertificate> loadCertificate(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > 64 * 1024) {
        if (error)
            *error = QStringLiteral("%1: too large for a certificate").arg(path);
        return std::nullopt;
    }
    const QByteArray text = f.readAll();
    std::string why;
    auto cert = codec::CurveCertificate::fromZpl(std::string_view(text.constData(), std::size_t(text.size())), &why);
    if (!cert && error)
        *error = QStringLiteral("%1: %2").arg(path, QString::fromStdString(why));
    return cert;
}

}   // namespace zmqscope
