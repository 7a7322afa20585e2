#include "tabletext.h"

#include <QAbstractItemModel>

#include <functional>

namespace zmqscope {

QString tableText(const QAbstractItemModel &model, bool csv)
{
    const QString sep = csv ? QStringLiteral(",") : QStringLiteral("\t");
    const auto cell = [csv](QString s) {
        if (csv && (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))))
            s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        return s;
    };
    QString out;
    const int columns = model.columnCount();
    for (int c = 0; c < columns; ++c)
        out += (c ? sep : QString()) + cell(model.headerData(c, Qt::Horizontal).toString());
    out += QLatin1Char('\n');
    const std::function<void(const QModelIndex &, int)> rows = [&](const QModelIndex &parent, int depth) {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            for (int c = 0; c < columns; ++c) {
                QString v = model.index(r, c, parent).data().toString();
                if (c == 0)
                    v.prepend(QString(depth * 2, QLatin1Char(' ')));
                out += (c ? sep : QString()) + cell(v);
            }
            out += QLatin1Char('\n');
            rows(model.index(r, 0, parent), depth + 1);
        }
    };
    rows({}, 0);
    return out;
}

}   // namespace zmqscope
