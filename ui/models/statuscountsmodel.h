#pragma once

#include <QAbstractListModel>
#include <QPointer>

namespace seed::client {
class JobFeed;
}

namespace seed::models {

// The status filter: "All" and each status of the contract, with how many jobs the server holds in each
// (pagination.total of a one-item page, read by the client::JobFeed). Counts update in place.
class StatusCountsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { StatusRole = Qt::UserRole + 1, CountRole };

    explicit StatusCountsModel(client::JobFeed *feed = nullptr, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void refresh(); // asks the feed to read the counts again
    void clear();
    void setCount(const QString &status, qint64 count); // -1: unknown
    qint64 count(const QString &status) const;
    int rowOf(const QString &status) const { return int(m_statuses.indexOf(status)); }
    QString statusAt(int row) const { return m_statuses.value(row); }

Q_SIGNALS:
    void countsChanged();

private:
    void setAllUnknown();

    QPointer<client::JobFeed> m_feed;
    QStringList m_statuses; // "" = all
    QList<qint64> m_counts;
};

} // namespace seed::models
