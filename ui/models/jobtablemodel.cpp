#include "jobtablemodel.h"

#include "client/jobfeed.h"
#include "statusstyle.h"
#include "wire/catalog.h"

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

JobTableModel::JobTableModel(client::JobFeed *feed, QObject *parent) : QAbstractTableModel(parent), m_feed(feed)
{
    qRegisterMetaType<seed::wire::Job>();
    m_clock.start();
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &JobTableModel::onTick);
    m_tick.start();
    if (!m_feed)
        return;
    pushQuery();
    connect(m_feed, &client::JobFeed::cleared, this, &JobTableModel::clearRows);
    connect(m_feed, &client::JobFeed::pageLoaded, this,
            [this](int, const wire::JobPage &page) { appendPage(page); });
    connect(m_feed, &client::JobFeed::listRead, this, &JobTableModel::reconcile);
    connect(m_feed, &client::JobFeed::jobsUpdated, this, &JobTableModel::onJobsUpdated);
    connect(m_feed, &client::JobFeed::busyChanged, this, &JobTableModel::busyChanged);
    connect(m_feed, &client::JobFeed::refreshed, this, &JobTableModel::refreshed);
    connect(m_feed, &client::JobFeed::errorOccurred, this, &JobTableModel::errorOccurred);
    connect(m_feed, &client::JobFeed::listFailed, this, &JobTableModel::listFailed);
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
    pushQuery();
    reload();
}

void JobTableModel::setStatusFilter(const QString &status)
{
    if (status == m_status)
        return;
    m_status = status;
    pushQuery();
    reload();
}

void JobTableModel::setPageSize(int perPage)
{
    m_perPage = qBound(1, perPage, wire::catalog::kMaxPerPage);
    pushQuery();
}

void JobTableModel::pushQuery()
{
    if (m_feed)
        m_feed->setQuery(queryForPage(1));
}

void JobTableModel::setPollInterval(int ms)
{
    if (m_feed)
        m_feed->setPollInterval(ms);
}

client::JobFeed *JobTableModel::feed() const { return m_feed; }
int JobTableModel::pollInterval() const { return m_feed ? m_feed->pollInterval() : 0; }
int JobTableModel::loadedPages() const { return m_feed ? m_feed->loadedPages() : 0; }
qint64 JobTableModel::totalOnServer() const { return m_feed ? m_feed->total() : 0; }
bool JobTableModel::isBusy() const { return m_feed && m_feed->isBusy(); }
bool JobTableModel::isStreaming() const { return m_feed && m_feed->isStreaming(); }
client::EventStream *JobTableModel::eventStream() const { return m_feed ? m_feed->eventStream() : nullptr; }

void JobTableModel::onJobsUpdated(const QList<Job> &jobs)
{
    // A job this list does not hold yet (a later page, or new to it): the server puts it at its place.
    for (const Job &j : jobs)
        if (rowOfId(j.id) < 0) {
            m_feed->scheduleRefresh();
            break;
        }
    applyUpdates(jobs);
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
    clearRows();
    if (m_feed)
        m_feed->reload();
}

void JobTableModel::clearRows()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_indexDirty = true;
    endResetModel();
}

void JobTableModel::appendPage(const wire::JobPage &p)
{
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
}

bool JobTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_feed && m_feed->canFetchMore();
}

void JobTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        m_feed->fetchMore();
}

void JobTableModel::refresh()
{
    if (m_feed)
        m_feed->refresh();
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

QPair<int, int> JobTableModel::columnsOf(JobFields f)
{
    // The columns each field is drawn in (display, tooltip or a delegate's role). Fields no column shows
    // (exit code, retries, ...) still change what JobRole hands on: they count for the Name column, which
    // carries the row's own roles.
    static const struct
    {
        JobField field;
        int first, last;
    } kSpans[] = {
        {JobField::Status, Status, TotalCost}, // the label, Progress (queue place, ETA), the running clock
        {JobField::Progress, Progress, Progress},
        {JobField::ProgressFraction, Progress, Progress},
        {JobField::QueuePosition, Progress, Progress},
        {JobField::Eta, Progress, Progress},
        {JobField::Runtime, Runtime, TotalCost},
        {JobField::CostPerHour, CostPerHour, TotalCost},
        {JobField::ServerTotalCost, TotalCost, TotalCost},
        {JobField::StartedAt, Runtime, Started},
        {JobField::CompletedAt, Runtime, Completed},
        {JobField::CreatedAt, Created, Created},
        {JobField::StatusMessage, Status, Status},
        {JobField::Stopping, Status, Status},
        {JobField::ForceStopAt, Status, Status},
        {JobField::PreemptedAt, Status, Status},
        {JobField::Name, Name, Name},
        {JobField::Spot, Name, Name},
        {JobField::Preemptions, Name, Name},
        {JobField::PreemptedBy, Name, Name},
        {JobField::ExitCode, Name, Name},
        {JobField::RetryCount, Name, Name},
        {JobField::Gpu, Gpu, Gpu},
        {JobField::GpuCount, Gpu, Gpu},
        {JobField::Nodes, Gpu, Gpu},
        {JobField::Region, Region, Region},
    };
    static_assert(std::size(kSpans) == kJobFieldCount, "every field has its columns");
    int first = ColumnCount, last = -1;
    for (const auto &s : kSpans)
        if (f.testFlag(s.field)) {
            first = qMin(first, s.first);
            last = qMax(last, s.last);
        }
    return {first, last};
}

void JobTableModel::emitRuns(const QList<ChangedRow> &rows)
{
    // Consecutive rows whose changes span the same columns go in one signal (a poll often changes the same
    // fields of many neighbours, e.g. the progress of running jobs).
    int i = 0;
    while (i < rows.size()) {
        const auto span = columnsOf(rows.at(i).fields);
        int j = i;
        while (j + 1 < rows.size() && rows.at(j + 1).row == rows.at(j).row + 1 &&
               (rows.at(j + 1).fields == rows.at(i).fields || columnsOf(rows.at(j + 1).fields) == span))
            ++j;
        Q_EMIT dataChanged(index(rows.at(i).row, span.first), index(rows.at(j).row, span.second));
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
        QList<ChangedRow> changed;
        for (int i = 0; i < m_rows.size(); ++i) {
            Row &row = m_rows[i];
            const Job n = withHeldExtras(row.job, incoming.at(i));
            row.readAtMs = now;
            const JobFields f = changedFields(row.job, n);
            if (!f)
                continue;
            noteTransition(row.job, n);
            row.job = n;
            changed.append({i, f});
        }
        emitRuns(changed);
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

    // 4. Changed rows: dataChanged over runs, only over the columns whose fields changed.
    QList<ChangedRow> changed;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const Job n = withHeldExtras(row.job, *next.at(i));
        row.readAtMs = now;
        const JobFields f = changedFields(row.job, n);
        if (!f)
            continue;
        noteTransition(row.job, n);
        row.job = n;
        changed.append({i, f});
    }
    indexIds(); // now, while the structure is new, rather than in the next in-place update
    emitRuns(changed);
}

void JobTableModel::applyUpdates(const QList<Job> &jobs)
{
    indexIds();
    const qint64 now = m_clock.elapsed();
    QList<ChangedRow> changed;
    changed.reserve(jobs.size());
    for (const Job &j : jobs) {
        const int r = m_rowOfId.value(j.id, -1);
        if (r < 0)
            continue;
        Row &row = m_rows[r];
        const JobFields f = changedFields(row.job, j);
        if (!f)
            continue;
        noteTransition(row.job, j);
        row.job = j;
        row.readAtMs = now;
        changed.append({r, f});
    }
    std::sort(changed.begin(), changed.end(), [](const ChangedRow &a, const ChangedRow &b) { return a.row < b.row; });
    // A row may come twice (two events for one job): its columns are those of both changes.
    qsizetype out = 0;
    for (qsizetype i = 0; i < changed.size(); ++i) {
        if (out > 0 && changed.at(out - 1).row == changed.at(i).row)
            changed[out - 1].fields |= changed.at(i).fields;
        else
            changed[out++] = changed.at(i);
    }
    changed.resize(out);
    emitRuns(changed);
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
    if (m_feed)
        m_feed->noteRemoved();
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
