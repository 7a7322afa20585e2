// Rows and fields by what they show, for the widget tests: the first frame
// row whose summary holds a text, the first dissection field with a key.
#pragma once

#include "dissectionmodel.h"
#include "framelistmodel.h"

#include <QAbstractItemModel>
#include <QString>

namespace testutil {

inline int findRow(const QAbstractItemModel *m, const QString &text)
{
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, zmqscope::FrameListModel::Summary).data().toString().contains(text))
            return r;
    return -1;
}

inline QModelIndex findField(const QAbstractItemModel *m, const QString &key, const QModelIndex &parent = {})
{
    for (int r = 0; r < m->rowCount(parent); ++r) {
        const QModelIndex i = m->index(r, 0, parent);
        if (i.data(zmqscope::DissectionModel::KeyRole).toString() == key)
            return i;
        const QModelIndex deeper = findField(m, key, i);
        if (deeper.isValid())
            return deeper;
    }
    return {};
}

}   // namespace testutil
