#include "dissectionmodel.h"

namespace zmqscope {

using codec::Field;

DissectionModel::DissectionModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void DissectionModel::setTree(std::optional<Field> tree)
{
    beginResetModel();
    m_parent.clear();
    m_root.reset();
    if (tree) {
        Field holder;
        holder.children.push_back(std::move(*tree));
        m_root = std::move(holder);
        indexParents(*m_root);
    }
    endResetModel();
}

void DissectionModel::indexParents(const Field &node)
{
    for (const Field &c : node.children) {
        m_parent[&c] = &node;
        indexParents(c);
    }
}

const Field *DissectionModel::field(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<const Field *>(index.internalPointer()) : (m_root ? &*m_root : nullptr);
}

QModelIndex DissectionModel::index(int row, int column, const QModelIndex &parent) const
{
    const Field *p = field(parent);
    if (!p || row < 0 || column < 0 || column >= 2 || row >= int(p->children.size()))
        return {};
    return createIndex(row, column, const_cast<Field *>(&p->children[std::size_t(row)]));
}

QModelIndex DissectionModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const auto it = m_parent.find(static_cast<const Field *>(child.internalPointer()));
    if (it == m_parent.end() || it->second == &*m_root)
        return {};
    const Field *p = it->second;
    const Field *grand = m_parent.at(p);
    const int row = int(p - grand->children.data());
    return createIndex(row, 0, const_cast<Field *>(p));
}

int DissectionModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const Field *p = field(parent);
    return p ? int(p->children.size()) : 0;
}

int DissectionModel::columnCount(const QModelIndex &) const
{
    return 2;
}

QVariant DissectionModel::data(const QModelIndex &index, int role) const
{
    const Field *f = index.isValid() ? field(index) : nullptr;
    if (!f)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return f->info ? QString::fromUtf8(f->info->name.data(), qsizetype(f->info->name.size())) : QString();
        return QString::fromStdString(f->value);
    case Qt::ToolTipRole:
    case DescriptionRole:
        return f->info ? QString::fromUtf8(f->info->description.data(), qsizetype(f->info->description.size())) : QString();
    case OffsetRole: return quint64(f->offset);
    case LengthRole: return quint64(f->length);
    case KeyRole: return f->info ? QString::fromLatin1(f->info->key.data(), qsizetype(f->info->key.size())) : QString();
    default: return {};
    }
}

QVariant DissectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Field") : tr("Value");
}

QModelIndex DissectionModel::indexForOffset(quint64 offset) const
{
    QModelIndex best;
    QModelIndex parentIndex;
    for (;;) {
        QModelIndex next;
        for (int r = 0; r < rowCount(parentIndex); ++r) {
            const QModelIndex i = index(r, 0, parentIndex);
            const Field *f = field(i);
            if (f->length && offset >= f->offset && offset < f->offset + f->length) {
                next = i;
                break;
            }
        }
        if (!next.isValid())
            return best;
        best = next;
        parentIndex = next;
    }
}

}   // namespace zmqscope
