#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>

namespace seed::models {

// Name search over the loaded rows. Sorting is the server's: sort() is handed to the source model, the
// proxy itself never reorders. A typed filter applies after a short single-shot timer, so a fast typist
// does not refilter on every key.
class JobFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit JobFilterProxy(QObject *parent = nullptr);

    void setNameFilter(const QString &text); // deferred
    void applyNameFilterNow();
    QString nameFilter() const { return m_applied; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QTimer m_timer;
    QString m_pending;
    QString m_applied;
};

} // namespace seed::models
