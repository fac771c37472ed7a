#include "statuscountsmodel.h"

#include "client/jobfeed.h"
#include "statusstyle.h"
#include "wire/catalog.h"

namespace seed::models {

StatusCountsModel::StatusCountsModel(client::JobFeed *feed, QObject *parent) : QAbstractListModel(parent), m_feed(feed)
{
    m_statuses = QStringList{QString()} + wire::catalog::statuses();
    m_counts = QList<qint64>(m_statuses.size(), -1);
    if (!m_feed)
        return;
    connect(m_feed, &client::JobFeed::countsCleared, this, &StatusCountsModel::setAllUnknown);
    connect(m_feed, &client::JobFeed::countRead, this, &StatusCountsModel::setCount);
    connect(m_feed, &client::JobFeed::countsRefreshed, this, &StatusCountsModel::countsChanged);
}

int StatusCountsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_statuses.size()); }

QVariant StatusCountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &s = m_statuses.at(index.row());
    const qint64 n = m_counts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return n < 0 ? statusLabel(s) : tr("%1 (%2)").arg(statusLabel(s)).arg(n);
    case Qt::AccessibleTextRole:
        return n < 0 ? statusLabel(s) : tr("%1: %n job(s)", nullptr, int(n)).arg(statusLabel(s));
    case Qt::DecorationRole:
        return statusIcon(s);
    case StatusRole:
        return s;
    case CountRole:
        return n;
    default:
        return {};
    }
}

qint64 StatusCountsModel::count(const QString &status) const
{
    const int r = rowOf(status);
    return r < 0 ? -1 : m_counts.at(r);
}

void StatusCountsModel::setCount(const QString &status, qint64 count)
{
    const int r = rowOf(status);
    if (r < 0 || m_counts.at(r) == count)
        return;
    m_counts[r] = count;
    Q_EMIT dataChanged(index(r), index(r));
}

void StatusCountsModel::clear()
{
    if (m_feed)
        m_feed->forgetCounts(); // drops the answers in flight, then countsCleared
    else
        setAllUnknown();
}

void StatusCountsModel::setAllUnknown()
{
    for (const QString &s : std::as_const(m_statuses))
        setCount(s, -1);
}

void StatusCountsModel::refresh()
{
    if (m_feed)
        m_feed->refreshCounts();
}

} // namespace seed::models
