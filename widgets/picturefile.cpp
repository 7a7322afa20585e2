#include "picturefile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace zmqscope {

bool writePicture(const QString &path, const QSize &size, const QString &title, const QStringList &formats,
                  const std::function<void(QPainter &)> &draw, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!formats.contains(suffix)) {
        if (error)
            *error = QCoreApplication::translate("zmqscope::PictureFile", "Choose a name ending in .%1").arg(formats.join(QStringLiteral(", .")));
        return false;
    }
    bool ok = false;
    QPainter p;
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        if ((ok = p.begin(&svg))) {
            draw(p);
            ok = p.end();
        }
    }
    else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setTitle(title);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size.width() / 96.0 * 25.4, size.height() / 96.0 * 25.4), QPageSize::Millimeter));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        if ((ok = p.begin(&pdf))) {
            draw(p);
            ok = p.end();
        }
    }
    else {
        QImage image(size, QImage::Format_ARGB32);
        if ((ok = p.begin(&image))) {
            draw(p);
            p.end();
            ok = image.save(path, "PNG");
        }
    }
    if (!ok && error)
        *error = QCoreApplication::translate("zmqscope::PictureFile", "Cannot write %1").arg(path);
    return ok;
}

}   // namespace zmqscope
