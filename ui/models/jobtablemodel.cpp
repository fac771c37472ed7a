#include "jobtablemodel.h"

#include "client/errortext.h"
#include "client/eventstream.h"
#include "client/seedclient.h"
#include "statusstyle.h"
#include "wire/catalog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <numeric>
#include <memory>

namespace seed::models {

using wire::Job;

namespace {

QString shortTime(const std::optional<QDateTime> &t)
{
    if (!t || !t->isValid())
        return {};
    return QLocale().toString(t->toLocalTime(), QLocale::ShortFormat);
}

// Progress as a fraction: the server's additive progress_fraction when given, else "N/M" found last in the
// progress text ("Epoch 2/3 - Step 4200/6300" -> 4200/6300), else 1 for a success.
std::optional<double> fractionOf(const Job &j)
{
    if (j.progressFraction)
        return qBound(0.0, *j.progressFraction, 1.0);
    if (j.status == wire::JobStatus::Succeeded)
        return 1.0;
    static const QRegularExpression re(QStringLiteral("(\\d+)\\s*/\\s*(\\d+)"));
    auto it = re.globalMatch(j.progress);
    std::optional<double> last;
    while (it.hasNext()) {
        const auto m = it.next();
        const double den = m.captured(2).toDouble();
        if (den > 0)
            last = qBound(0.0, m.captured(1).toDouble() / den, 1.0);
    }
    return last;
}

// A list item (the contract's list shape) has no progress_fraction, eta_seconds, queue_position, exit_code
// or status_message; job events (the whole job) do. While the job is in the same state, the list must not
// take away what the last event said: the Progress bar vanished on every refresh until the next event.
Job withHeldExtras(const Job &held, Job incoming)
{
    if (incoming.id != held.id || incoming.status != held.status)
        return incoming;
    if (!incoming.progressFraction)
        incoming.progressFraction = held.progressFraction;
    if (!incoming.etaSeconds)
        incoming.etaSeconds = held.etaSeconds;
    if (!incoming.queuePosition)
        incoming.queuePosition = held.queuePosition;
    if (!incoming.exitCode)
        incoming.exitCode = held.exitCode;
    if (incoming.statusMessage.isEmpty())
        incoming.statusMessage = held.statusMessage;
    // The server's total_cost (its own pricing) goes on from the held answer at the new runtime.
    if (!incoming.serverTotalCostCents && held.serverTotalCostCents)
        incoming.serverTotalCostCents = held.shownTotalCostCents(incoming.runtimeSeconds);
    return incoming;
}

} // namespace

JobTableModel::JobTableModel(client::SeedClient *client, QObject *parent) : QAbstractTableModel(parent), m_client(client)
{
    qRegisterMetaType<seed::wire::Job>();
    m_clock.start();
    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, this, &JobTableModel::refresh);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &JobTableModel::onTick);
    m_tick.start();
    m_soon.setSingleShot(true);
    m_soon.setInterval(150);
    connect(&m_soon, &QTimer::timeout, this, &JobTableModel::refresh);
    if (m_client) {
        m_events = new client::EventStream(m_client, this);
        connect(m_client, &client::SeedClient::endpointChanged, this, [this] {
            reload();
            m_events->forgetPosition();
            m_events->start();
        });
        // Rebuild after a reconnect: the rows may have changed while we could not see them.
        connect(m_client, &client::SeedClient::reconnected, this, &JobTableModel::refresh);
        connect(m_events, &client::EventStream::event, this,
                [this](const QString &type, const QByteArray &data) { onEvent(type, data); });
        connect(m_events, &client::EventStream::resyncNeeded, this, &JobTableModel::scheduleRefresh);
        connect(m_events, &client::EventStream::stateChanged, this, &JobTableModel::updatePollRate);
        m_poll.start();
    }
}

QHash<int, QByteArray> JobTableModel::roleNames() const
{
    auto r = QAbstractTableModel::roleNames();
    r.insert(JobIdRole, "jobId");
    r.insert(JobNameRole, "jobName");
    r.insert(StatusRole, "status");
    r.insert(ProgressFractionRole, "progressFraction");
    r.insert(JobRole, "job");
    r.insert(SpotRole, "spot");
    r.insert(PreemptionsRole, "preemptions");
    return r;
}

int JobTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int JobTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

qint64 JobTableModel::displayedRuntime(int row) const
{
    const Row &r = m_rows.at(row);
    if (r.job.status == wire::JobStatus::Running && r.job.startedAt && !r.job.completedAt)
        return r.job.runtimeSeconds + (m_clock.elapsed() - r.readAtMs) / 1000;
    return r.job.runtimeSeconds;
}

QString JobTableModel::displayText(const Row &r, int column) const
{
    const Job &j = r.job;
    switch (column) {
    case Name:
        return j.name;
    case Status:
        return jobStatusLabel(j, QDateTime::currentDateTimeUtc(), true);
    case Gpu:
        return j.nodes > 1 ? tr("%1 on %n node(s)", nullptr, j.nodes).arg(formatGpu(j.gpu, j.gpuCount))
                           : formatGpu(j.gpu, j.gpuCount);
    case Region:
        return j.region;
    case Progress:
        if (j.status == wire::JobStatus::Queued && j.queuePosition)
            return tr("#%1 in queue").arg(*j.queuePosition);
        if (j.status == wire::JobStatus::Running && j.etaSeconds)
            return j.progress.isEmpty() ? tr("ETA %1").arg(formatDuration(*j.etaSeconds))
                                        : tr("%1 · ETA %2").arg(j.progress, formatDuration(*j.etaSeconds));
        return j.progress;
    case Runtime: {
        const int row = int(&r - m_rows.constData());
        return j.startedAt ? formatDuration(displayedRuntime(row)) : QString();
    }
    case CostPerHour:
        return formatMoney(j.costPerHourCents);
    case TotalCost: {
        const int row = int(&r - m_rows.constData());
        return j.startedAt ? formatMoney(j.shownTotalCostCents(displayedRuntime(row))) : QString();
    }
    case Created:
        return shortTime(j.createdAt);
    case Started:
        return shortTime(j.startedAt);
    case Completed:
        return shortTime(j.completedAt);
    }
    return {};
}

QVariant JobTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const Job &j = r.job;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(r, index.column());
    case Qt::DecorationRole:
        if (index.column() == Status)
            return statusIcon(j.status);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Name && j.spot)
            return j.preemptions > 0 ? tr("Spot job (preemptible), preempted %n time(s)", nullptr, j.preemptions)
                                     : tr("Spot job (preemptible)");
        if (index.column() == Status && j.stopping)
            return jobStatusLabel(j);
        if (index.column() == Status && !j.statusMessage.isEmpty())
            return j.statusMessage;
        if (index.column() == Progress && !j.progress.isEmpty())
            return j.progress;
        if (index.column() == CostPerHour)
            return tr("Cost per hour");
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == Name && j.spot)
            return tr("%1, spot").arg(j.name);
        return displayText(r, index.column());
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Runtime:
        case CostPerHour:
        case TotalCost:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case JobIdRole:
        return j.id;
    case JobNameRole:
        return j.name;
    case StatusRole:
        return wire::jobStatusName(j.status);
    case ProgressFractionRole: {
        const auto f = fractionOf(j);
        return f ? QVariant(*f) : QVariant();
    }
    case JobRole:
        return QVariant::fromValue(j);
    case SpotRole:
        return j.spot;
    case PreemptionsRole:
        return j.preemptions;
    default:
        return {};
    }
}

QVariant JobTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name: return tr("Name");
        case Status: return tr("Status");
        case Gpu: return tr("GPU");
        case Region: return tr("Region");
        case Progress: return tr("Progress");
        case Runtime: return tr("Runtime");
        case CostPerHour: return tr("Cost/h");
        case TotalCost: return tr("Total cost");
        case Created: return tr("Created");
        case Started: return tr("Started");
        case Completed: return tr("Finished");
        }
    }
    if (role == Qt::ToolTipRole && sortFieldFor(section).isEmpty())
        return tr("The server cannot sort by this column.");
    return {};
}

wire::ListQuery JobTableModel::queryForPage(int page) const
{
    wire::ListQuery q;
    q.status = m_status;
    q.page = page;
    q.perPage = m_perPage;
    q.sort = sortFieldFor(m_sortColumn);
    q.order = m_sortOrder == Qt::AscendingOrder ? QStringLiteral("asc") : QStringLiteral("desc");
    return q;
}

QString JobTableModel::sortFieldFor(int column)
{
    switch (column) {
    case Name: return QStringLiteral("name");
    case Created: return QStringLiteral("created_at");
    case Started: return QStringLiteral("started_at");
    case Completed: return QStringLiteral("completed_at");
    default: return {};
    }
}

void JobTableModel::sort(int column, Qt::SortOrder order)
{
    if (sortFieldFor(column).isEmpty())
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

void JobTableModel::setStatusFilter(const QString &status)
{
    if (status == m_status)
        return;
    m_status = status;
    reload();
}

void JobTableModel::setPageSize(int perPage)
{
    m_perPage = qBound(1, perPage, wire::catalog::kMaxPerPage);
}

void JobTableModel::setPollInterval(int ms)
{
    m_pollMs = ms;
    if (ms <= 0) {
        m_poll.stop();
        return;
    }
    updatePollRate();
    if (m_client)
        m_poll.start();
}

bool JobTableModel::isStreaming() const { return m_events && m_events->state() == client::EventStream::State::Open; }

void JobTableModel::updatePollRate()
{
    if (m_pollMs <= 0)
        return;
    m_poll.setInterval(isStreaming() ? m_pollMs * 10 : m_pollMs);
}

void JobTableModel::scheduleRefresh()
{
    if (!m_soon.isActive())
        m_soon.start();
}

void JobTableModel::onEvent(const QString &type, const QByteArray &data)
{
    if (type != QLatin1String("message"))
        return; // ready, reset (handled as resyncNeeded), end, ...
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    const QString kind = o.value(QStringLiteral("type")).toString();
    const Job job = Job::fromJson(o.value(QStringLiteral("job")).toObject());
    // A known row that still belongs to this list changes in place at once; anything else (a new job, one
    // that left the status filter, a removal) is a refresh, which puts it at its server-sorted place.
    if (kind == QLatin1String("changed") && rowOfId(job.id) >= 0 &&
        (m_status.isEmpty() || m_status == wire::jobStatusName(job.status))) {
        applyUpdates({job});
        // Sorted by start or end time, a state change may also move the row: let the server place it.
        if (m_sortColumn == Started || m_sortColumn == Completed)
            scheduleRefresh();
        return;
    }
    scheduleRefresh();
}

void JobTableModel::setBusy(bool b)
{
    if (b == m_busy)
        return;
    m_busy = b;
    Q_EMIT busyChanged(b);
}

int JobTableModel::rowOfId(const QString &id) const
{
    indexIds();
    return m_rowOfId.value(id, -1);
}

int JobTableModel::rowOfName(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).job.name == name)
            return i;
    return -1;
}

void JobTableModel::indexIds() const
{
    if (!m_indexDirty)
        return;
    m_rowOfId.clear();
    m_rowOfId.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOfId.insert(m_rows.at(i).job.id, i);
    m_indexDirty = false;
}

void JobTableModel::reload()
{
    ++m_generation;
    m_refreshPending = m_fetchMorePending = false;
    setBusy(false);
    if (!m_rows.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        m_indexDirty = true;
        endResetModel();
    }
    m_loadedPages = m_totalPages = 0;
    m_total = 0;
    if (m_client && m_client->endpoint().isValid())
        loadPage(1);
}

void JobTableModel::loadPage(int page)
{
    if (!m_client)
        return;
    setBusy(true);
    const wire::ListQuery q = queryForPage(page);
    const quint64 gen = m_generation;
    m_client->listJobs(q, this, [this, gen, page](const client::Result<wire::JobPage> &r) {
        if (gen != m_generation)
            return;
        if (!r.ok()) {
            finishBusy();
            Q_EMIT errorOccurred(client::describeForUser(r.value.error()));
            Q_EMIT listFailed(r.value.error());
            return;
        }
        const wire::JobPage &p = r.value.value();
        m_total = p.pagination.total;
        m_totalPages = p.pagination.totalPages;
        if (page == m_loadedPages + 1) {
            indexIds();
            QList<Row> fresh;
            for (const Job &j : p.jobs)
                if (!m_rowOfId.contains(j.id)) {
                    m_rowOfId.insert(j.id, -1); // a duplicate within the page (moved during paging) too
                    fresh.append(Row{j, m_clock.elapsed()});
                }
            m_indexDirty = true;
            if (!fresh.isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
                m_rows.append(fresh);
                endInsertRows();
            }
            m_loadedPages = page;
        }
        finishBusy();
        Q_EMIT refreshed();
    });
}

void JobTableModel::finishBusy()
{
    setBusy(false);
    if (m_refreshPending) {
        m_refreshPending = false;
        refresh();
    } else if (m_fetchMorePending) {
        m_fetchMorePending = false;
        if (canFetchMore({}))
            fetchMore({});
    }
}

bool JobTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loadedPages > 0 && m_loadedPages < m_totalPages;
}

void JobTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    if (m_busy) {
        m_fetchMorePending = true;
        return;
    }
    loadPage(m_loadedPages + 1);
}

void JobTableModel::refresh()
{
    if (!m_client || !m_client->endpoint().isValid())
        return;
    if (m_busy) {
        m_refreshPending = true;
        return;
    }
    if (m_loadedPages == 0) {
        loadPage(1);
        return;
    }
    setBusy(true);
    const quint64 gen = m_generation;
    const int pages = m_loadedPages;
    struct Collect
    {
        QList<QList<Job>> pages;
        int left = 0;
        bool failed = false;
        QString error;
        wire::ApiError apiError;
        wire::Pagination last;
    };
    auto c = std::make_shared<Collect>();
    c->pages.resize(pages);
    c->left = pages;
    for (int page = 1; page <= pages; ++page) {
        m_client->listJobs(queryForPage(page), this, [this, gen, c, page](const client::Result<wire::JobPage> &r) {
            if (gen != m_generation)
                return;
            if (!r.ok()) {
                c->failed = true;
                c->error = client::describeForUser(r.value.error());
                c->apiError = r.value.error();
            } else {
                c->pages[page - 1] = r.value->jobs;
                c->last = r.value->pagination;
            }
            if (--c->left > 0)
                return;
            if (c->failed) {
                finishBusy();
                Q_EMIT errorOccurred(c->error);
                Q_EMIT listFailed(c->apiError);
                return;
            }
            QList<Job> all;
            for (const auto &p : c->pages)
                all += p;
            m_total = c->last.total;
            m_totalPages = c->last.totalPages;
            if (m_loadedPages > qMax(1, m_totalPages))
                m_loadedPages = qMax(1, m_totalPages);
            reconcile(all);
            finishBusy();
            Q_EMIT refreshed();
        });
    }
}

bool JobTableModel::sameJob(const Job &a, const Job &b)
{
    return a.status == b.status && a.progress == b.progress && a.progressFraction == b.progressFraction &&
           a.runtimeSeconds == b.runtimeSeconds && a.costPerHourCents == b.costPerHourCents &&
           a.startedAt == b.startedAt && a.completedAt == b.completedAt && a.exitCode == b.exitCode &&
           a.queuePosition == b.queuePosition && a.statusMessage == b.statusMessage && a.name == b.name &&
           a.gpu == b.gpu && a.gpuCount == b.gpuCount && a.region == b.region && a.retryCount == b.retryCount &&
           a.etaSeconds == b.etaSeconds && a.createdAt == b.createdAt &&
           a.serverTotalCostCents == b.serverTotalCostCents && a.stopping == b.stopping &&
           a.forceStopAt == b.forceStopAt && a.spot == b.spot && a.nodes == b.nodes && a.preemptions == b.preemptions &&
           a.preemptedBy == b.preemptedBy && a.preemptedAt == b.preemptedAt;
}

void JobTableModel::noteTransition(const Job &before, const Job &after)
{
    if (!wire::isTerminal(before.status) && wire::isTerminal(after.status))
        Q_EMIT jobFinished(after);
    if (after.id == before.id && after.preemptions > before.preemptions)
        Q_EMIT jobPreempted(after);
    if (before.status != after.status)
        Q_EMIT statusesChanged();
}

void JobTableModel::emitRuns(const QList<int> &rows, int firstColumn, int lastColumn)
{
    int i = 0;
    while (i < rows.size()) {
        int j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(rows.at(i), firstColumn), index(rows.at(j), lastColumn));
        i = j + 1;
    }
}

void JobTableModel::reconcile(const QList<Job> &incoming)
{
    const qint64 now = m_clock.elapsed();

    // Fast path: the same jobs in the same order (the common poll) - only changed rows are touched.
    bool sameOrder = incoming.size() == m_rows.size();
    for (qsizetype i = 0; sameOrder && i < incoming.size(); ++i)
        sameOrder = incoming.at(i).id == m_rows.at(i).job.id;
    if (sameOrder) {
        QList<int> changed;
        for (int i = 0; i < m_rows.size(); ++i) {
            Row &row = m_rows[i];
            const Job n = withHeldExtras(row.job, incoming.at(i));
            row.readAtMs = now;
            if (sameJob(row.job, n))
                continue;
            noteTransition(row.job, n);
            row.job = n;
            changed.append(i);
        }
        emitRuns(changed, 0, ColumnCount - 1);
        return;
    }

    // The target list, without duplicates (a job may move between pages while they are read).
    QHash<QString, int> target;
    target.reserve(incoming.size());
    QList<const Job *> next;
    next.reserve(incoming.size());
    for (const Job &j : incoming) {
        if (target.contains(j.id))
            continue;
        target.insert(j.id, int(next.size()));
        next.append(&j);
    }

    // 1. Rows that are gone, in runs from the bottom.
    for (int r = int(m_rows.size()) - 1; r >= 0;) {
        if (target.contains(m_rows.at(r).job.id)) {
            --r;
            continue;
        }
        const int last = r;
        while (r - 1 >= 0 && !target.contains(m_rows.at(r - 1).job.id))
            --r;
        beginRemoveRows({}, r, last);
        m_rows.remove(r, last - r + 1);
        endRemoveRows();
        m_indexDirty = true;
        --r;
    }

    // 2. A changed order among the remaining rows: one layout change that maps persistent indexes.
    QList<int> pos(m_rows.size());
    for (int r = 0; r < m_rows.size(); ++r)
        pos[r] = target.value(m_rows.at(r).job.id);
    if (!std::is_sorted(pos.cbegin(), pos.cend())) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        QList<int> order(m_rows.size()); // new row -> old row
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&pos](int a, int b) { return pos.at(a) < pos.at(b); });
        QList<int> newRowOf(m_rows.size()); // old row -> new row
        QList<Row> sorted;
        sorted.reserve(m_rows.size());
        for (int n = 0; n < order.size(); ++n) {
            newRowOf[order.at(n)] = n;
            sorted.append(std::move(m_rows[order.at(n)]));
        }
        m_rows = std::move(sorted);
        m_indexDirty = true;
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &i : from)
            to.append(index(newRowOf.at(i.row()), i.column()));
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    // 3. New rows, in runs, at their place.
    QSet<QString> present;
    present.reserve(m_rows.size());
    for (const Row &r : std::as_const(m_rows))
        present.insert(r.job.id);
    for (int i = 0; i < next.size();) {
        if (present.contains(next.at(i)->id)) {
            ++i;
            continue;
        }
        int k = i;
        while (k < next.size() && !present.contains(next.at(k)->id))
            ++k;
        beginInsertRows({}, i, k - 1);
        QList<Row> fresh;
        fresh.reserve(k - i);
        for (int n = i; n < k; ++n)
            fresh.append(Row{*next.at(n), now});
        m_rows.insert(i, k - i, Row{});
        std::move(fresh.begin(), fresh.end(), m_rows.begin() + i);
        endInsertRows();
        m_indexDirty = true;
        i = k;
    }

    // 4. Changed rows: dataChanged over runs.
    QList<int> changed;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const Job n = withHeldExtras(row.job, *next.at(i));
        row.readAtMs = now;
        if (sameJob(row.job, n))
            continue;
        noteTransition(row.job, n);
        row.job = n;
        changed.append(i);
    }
    indexIds(); // now, while the structure is new, rather than in the next in-place update
    emitRuns(changed, 0, ColumnCount - 1);
}

void JobTableModel::applyUpdates(const QList<Job> &jobs)
{
    indexIds();
    const qint64 now = m_clock.elapsed();
    QList<int> changed;
    changed.reserve(jobs.size());
    for (const Job &j : jobs) {
        const int r = m_rowOfId.value(j.id, -1);
        if (r < 0)
            continue;
        Row &row = m_rows[r];
        if (sameJob(row.job, j))
            continue;
        noteTransition(row.job, j);
        row.job = j;
        row.readAtMs = now;
        changed.append(r);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    emitRuns(changed, 0, ColumnCount - 1);
}

void JobTableModel::mergeCancel(const Job &partial)
{
    const int r = rowOfName(partial.name);
    if (r < 0)
        return;
    Job j = m_rows.at(r).job;
    j.status = partial.status;
    j.runtimeSeconds = partial.runtimeSeconds;
    if (partial.completedAt)
        j.completedAt = partial.completedAt;
    // The cancel answer's shape (the contract's) may lack `stopping`: a server that has it says so on the next read.
    j.stopping = partial.stopping;
    j.forceStopAt = partial.forceStopAt;
    applyUpdates({j});
}

void JobTableModel::removeByName(const QString &name)
{
    const int r = rowOfName(name);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.remove(r);
    m_indexDirty = true;
    endRemoveRows();
    if (m_total > 0)
        --m_total;
}

void JobTableModel::onTick()
{
    // The runtime of a running job is computed when it is drawn (data() adds the time since it was read),
    // so the clock needs no dataChanged: a view repaints those two columns on clockTicked(). Signalling
    // every running row each second would cost O(rows) in every proxy and view (see bench/gui).
    m_runningRows = int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) {
        return r.job.status == wire::JobStatus::Running;
    }));
    if (m_runningRows > 0)
        Q_EMIT clockTicked();
    // A stopping job counts down to its force stop: its status cell changes each second (few rows, if any).
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).job.stopping)
            Q_EMIT dataChanged(index(i, Status), index(i, Status), {Qt::DisplayRole});
}

} // namespace seed::models
