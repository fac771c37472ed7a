#include "envmodel.h"

namespace seed::models {

EnvModel::EnvModel(QObject *parent) : QAbstractTableModel(parent) {}

int EnvModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }
int EnvModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool EnvModel::looksSecret(const QString &name)
{
    const QString n = name.toUpper();
    for (const char *w : {"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"})
        if (n.contains(QLatin1String(w)))
            return true;
    return false;
}

QVariant EnvModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return e.name;
        break;
    case ValueColumn:
        if (role == Qt::DisplayRole)
            return e.secret ? (e.value.isEmpty() ? QString() : QString(qMin<qsizetype>(e.value.size(), 12), QChar(0x2022)))
                            : e.value;
        if (role == Qt::EditRole || role == RealValueRole)
            return e.value;
        if (role == Qt::AccessibleTextRole)
            return e.secret ? tr("hidden value") : e.value;
        break;
    case SecretColumn:
        if (role == Qt::CheckStateRole)
            return e.secret ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
            return tr("Secret: mask the value");
        break;
    }
    return {};
}

bool EnvModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Entry &e = m_entries[index.row()];
    if (index.column() == NameColumn && role == Qt::EditRole) {
        e.name = value.toString().trimmed();
        if (!e.secret && looksSecret(e.name)) {
            e.secret = true;
            Q_EMIT dataChanged(this->index(index.row(), ValueColumn), this->index(index.row(), SecretColumn));
        }
    } else if (index.column() == ValueColumn && role == Qt::EditRole) {
        e.value = value.toString();
    } else if (index.column() == SecretColumn && role == Qt::CheckStateRole) {
        e.secret = value.toInt() == Qt::Checked;
        Q_EMIT dataChanged(this->index(index.row(), ValueColumn), this->index(index.row(), ValueColumn));
    } else {
        return false;
    }
    Q_EMIT dataChanged(index, index);
    return true;
}

QVariant EnvModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Variable");
        case ValueColumn: return tr("Value");
        case SecretColumn: return tr("Secret");
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags EnvModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == SecretColumn)
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

bool EnvModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_entries.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_entries.remove(row, count);
    endRemoveRows();
    return true;
}

int EnvModel::addEntry(const Entry &e)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append(e);
    endInsertRows();
    return row;
}

void EnvModel::setEntries(const QList<Entry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

QMap<QString, QString> EnvModel::toMap() const
{
    QMap<QString, QString> m;
    for (const Entry &e : m_entries)
        if (!e.name.isEmpty())
            m.insert(e.name, e.value);
    return m;
}

} // namespace seed::models
