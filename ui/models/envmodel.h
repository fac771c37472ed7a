#pragma once

#include <QAbstractTableModel>
#include <QMap>

namespace seed::models {

// The environment of a job spec being edited: name, value, and a per-row "secret" flag that masks the
// value in the table (the value still goes to the server; it is never written to settings or templates).
class EnvModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SecretColumn, ColumnCount };
    enum Role { RealValueRole = Qt::UserRole + 1 };
    struct Entry
    {
        QString name;
        QString value;
        bool secret = false;
    };

    explicit EnvModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    int addEntry(const Entry &e);
    int addEntry() { return addEntry(Entry()); }
    void setEntries(const QList<Entry> &entries);
    const QList<Entry> &entries() const { return m_entries; }
    QMap<QString, QString> toMap() const; // rows with an empty name are left out

    // A value that looks like a credential starts out masked.
    static bool looksSecret(const QString &name);

private:
    QList<Entry> m_entries;
};

} // namespace seed::models
