#include "jobfilterproxy.h"

#include "jobtablemodel.h"

namespace seed::models {

JobFilterProxy::JobFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Rows never move by our hand and a job's name never changes: no re-filtering on every dataChanged.
    setDynamicSortFilter(false);
    m_timer.setSingleShot(true);
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &JobFilterProxy::applyNameFilterNow);
}

void JobFilterProxy::setNameFilter(const QString &text)
{
    m_pending = text.trimmed();
    m_timer.start();
}

void JobFilterProxy::applyNameFilterNow()
{
    m_timer.stop();
    if (m_pending == m_applied)
        return;
    m_applied = m_pending;
    invalidateRowsFilter();
}

void JobFilterProxy::sort(int column, Qt::SortOrder order)
{
    if (sourceModel())
        sourceModel()->sort(column, order);
}

bool JobFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_applied.isEmpty())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, JobTableModel::Name, sourceParent);
    return i.data(JobTableModel::JobNameRole).toString().contains(m_applied, Qt::CaseInsensitive);
}

} // namespace seed::models
