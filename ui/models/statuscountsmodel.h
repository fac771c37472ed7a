#pragma once

#include <QAbstractListModel>
#include <QPointer>

namespace seed::client {
class SeedClient;
}

namespace seed::models {

// The status filter: "All" and each status of the contract, with how many jobs the server holds in each
// (pagination.total of a one-item page). Counts update in place.
class StatusCountsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { StatusRole = Qt::UserRole + 1, CountRole };

    explicit StatusCountsModel(client::SeedClient *client = nullptr, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void refresh();
    void clear();
    void setCount(const QString &status, qint64 count); // -1: unknown
    qint64 count(const QString &status) const;
    int rowOf(const QString &status) const { return int(m_statuses.indexOf(status)); }
    QString statusAt(int row) const { return m_statuses.value(row); }

Q_SIGNALS:
    void countsChanged();

private:
    QPointer<client::SeedClient> m_client;
    QStringList m_statuses; // "" = all
    QList<qint64> m_counts;
    quint64 m_generation = 0;
    int m_inFlight = 0;
};

} // namespace seed::models
