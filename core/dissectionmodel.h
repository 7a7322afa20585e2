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
    // DecryptedRole: the field's range is in the event's decrypted bytes
    // (what its CURVE boxes held), not in the stream.
    // FilterRole: a display filter that selects this field's value
    // (`zmtp.command == "READY"`, `zmtp.frame.size == 5`), or its key alone
    // where the value cannot be written as one; empty without a key.
    enum Role { OffsetRole = Qt::UserRole + 1, LengthRole, KeyRole, DescriptionRole, DecryptedRole, FilterRole };

    explicit DissectionModel(QObject *parent = nullptr);

    void setTree(std::optional<codec::Field> tree);
    // The narrowest field covering `offset` in the stream or in the
    // decrypted bytes (for a click in a hex view); of equally narrow ones,
    // the deepest.
    QModelIndex indexForOffset(quint64 offset, bool decrypted = false) const;

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
