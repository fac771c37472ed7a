#include "statuscountsmodel.h"

#include "client/seedclient.h"
#include "statusstyle.h"
#include "wire/catalog.h"

namespace seed::models {

StatusCountsModel::StatusCountsModel(client::SeedClient *client, QObject *parent)
    : QAbstractListModel(parent), m_client(client)
{
    m_statuses = QStringList{QString()} + wire::catalog::statuses();
    m_counts = QList<qint64>(m_statuses.size(), -1);
    if (m_client)
        connect(m_client, &client::SeedClient::endpointChanged, this, [this] {
            clear();
            refresh();
        });
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
    ++m_generation;
    m_inFlight = 0;
    for (const QString &s : std::as_const(m_statuses))
        setCount(s, -1);
}

void StatusCountsModel::refresh()
{
    if (!m_client || !m_client->endpoint().isValid() || m_inFlight > 0)
        return;
    const quint64 gen = m_generation;
    for (const QString &s : std::as_const(m_statuses)) {
        wire::ListQuery q;
        q.status = s;
        q.perPage = 1;
        ++m_inFlight;
        m_client->listJobs(q, this, [this, gen, s](const client::Result<wire::JobPage> &r) {
            if (gen != m_generation)
                return;
            --m_inFlight;
            if (r.ok())
                setCount(s, r.value->pagination.total);
            if (m_inFlight == 0)
                Q_EMIT countsChanged();
        });
    }
}

} // namespace seed::models
