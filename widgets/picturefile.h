// Writes a picture to a file by its name's suffix: .svg (vector, text kept
// as text), .png or .pdf (one page the picture's size), whichever of them
// `formats` allows; `draw` paints it on a painter over `size`. GUI thread.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>

class QPainter;

namespace zmqscope {

bool writePicture(const QString &path, const QSize &size, const QString &title, const QStringList &formats,
                  const std::function<void(QPainter &)> &draw, QString *error = nullptr);

}   // namespace zmqscope
