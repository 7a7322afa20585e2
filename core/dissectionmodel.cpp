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
    case DecryptedRole: return f->decrypted;
    case FilterRole: {
        if (!f->info || f->info->key.empty())
            return QString();
        const QString key = QString::fromLatin1(f->info->key.data(), qsizetype(f->info->key.size()));
        if (f->kind == codec::ValueKind::Unsigned)
            return QStringLiteral("%1 == %2").arg(key).arg(f->number);
        if (f->kind == codec::ValueKind::Real)
            return QStringLiteral("%1 == %2").arg(key).arg(f->real);
        if (f->info->type == codec::FieldType::Number) {
            // "0 (leaving)" is shown; 0 compared.
            const QString token = QString::fromStdString(f->value).section(u' ', 0, 0);
            bool number = false;
            token.toDouble(&number);
            if (number)
                return QStringLiteral("%1 == %2").arg(key, token);
        }
        // Byte strings compare without the quotes the dissection writes;
        // a filter string has no escapes, so a value holding a quote (or
        // none at all) gives the field's presence.
        QString value = QString::fromStdString(f->value);
        if (value.size() >= 2 && value.front() == u'"' && value.back() == u'"')
            value = value.mid(1, value.size() - 2);
        if (value.isEmpty() || value.contains(u'"') || f->info->type == codec::FieldType::Node)
            return key;
        return QStringLiteral("%1 == \"%2\"").arg(key, value);
    }
    default: return {};
    }
}

QVariant DissectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Field") : tr("Value");
}

QModelIndex DissectionModel::indexForOffset(quint64 offset, bool decrypted) const
{
    // Every field, not only the first branch that covers the byte: a
    // PLAIN HELLO's username is a sibling of the frame whose body holds it.
    QModelIndex best;
    std::uint64_t bestLength = 0;
    int bestDepth = -1;
    const auto walk = [&](const auto &self, const QModelIndex &parent, int depth) -> void {
        for (int r = 0; r < rowCount(parent); ++r) {
            const QModelIndex i = index(r, 0, parent);
            const Field *f = field(i);
            if (f->decrypted == decrypted && f->length && offset >= f->offset && offset < f->offset + f->length
                && (!best.isValid() || f->length < bestLength || (f->length == bestLength && depth > bestDepth))) {
                best = i;
                bestLength = f->length;
                bestDepth = depth;
            }
            self(self, i, depth + 1);
        }
    };
    walk(walk, {}, 0);
    return best;
}

}   // namespace zmqscope
