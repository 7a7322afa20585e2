// A model's rows as text, for Copy (tab-separated) and CSV export: a header
// line of the horizontal headers, then every row (a tree's children below
// their parent, their first column indented two spaces per level). CSV
// quotes a cell that holds a comma, a quote or a line break.
#pragma once

#include <QString>

class QAbstractItemModel;

namespace zmqscope {

QString tableText(const QAbstractItemModel &model, bool csv);

}   // namespace zmqscope
