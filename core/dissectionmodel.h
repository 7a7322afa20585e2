// DissectionModel: the dissection tree of one event (codec::Field), two
// columns (field, value); OffsetRole/LengthRole give each field's byte range
// for the hex view, KeyRole its filter key. Lives on the GUI thread.
#pragma once

#include "codec/dissection.h"

#include <QAbstractItemModel>

#include <unordered_map>

namespace zmqscope {

class DissectionModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { OffsetRole = Qt::UserRole + 1, LengthRole, KeyRole, DescriptionRole };

    explicit DissectionModel(QObject *parent = nullptr);

    void setTree(std::optional<codec::Field> tree);
    // The deepest field covering `offset` (for a click in the hex view).
    QModelIndex indexForOffset(quint64 offset) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const codec::Field *field(const QModelIndex &index) const;
    void indexParents(const codec::Field &node);

    std::optional<codec::Field> m_root;   // an unnamed holder whose one child is the event
    std::unordered_map<const codec::Field *, const codec::Field *> m_parent;
};

}   // namespace zmqscope
