#include "jobservice.h"

#include "wire/jobspec.h"

#include <QLoggingCategory>
#include <QPointer>

namespace seed::jobs {

namespace {
Q_LOGGING_CATEGORY(lcJobs, "seedd.jobs")
}

using wire::ErrorKind;
using wire::makeError;

JobService::JobService(store::Store &store, wire::PriceTable prices, QObject *parent)
    : QObject(parent), m_store(store), m_prices(std::move(prices))
{
}

void JobService::finish(wire::Job &job) const
{
    job.runtimeSeconds = job.runtimeAt(QDateTime::currentDateTimeUtc());
    // A job that has ended has no time left, and one that succeeded is done, whatever its last progress line
    // said (its `progress` text stays as the job printed it).
    if (wire::isTerminal(job.status)) {
        job.etaSeconds.reset();
        if (job.status == wire::JobStatus::Succeeded)
            job.progressFraction = 1.0;
    }
    if (m_executor)
        m_executor->decorate(job);
}

wire::Expected<wire::Job> JobService::find(const QString &ns, const QString &name)
{
    auto job = m_store.job(ns, name);
    if (!job)
        return makeError(ErrorKind::NotFound, QStringLiteral("Job '%1' does not exist in namespace '%2'.").arg(name, ns));
    finish(*job);
    return *job;
}

wire::Expected<wire::Job> JobService::draft(const QString &ns, const wire::JobSpec &spec)
{
    if (auto e = wire::validateSpec(spec))
        return *e;
    const int maxNodes = m_executor ? m_executor->maxNodes() : 1;
    if (spec.nodes > maxNodes) {
        // A one-node cluster is still a cluster: no advice to use a cluster runner there.
        QString why = QStringLiteral("This machine runs single-node jobs only; multi-node jobs need a cluster runner "
                                     "(seedd serve --runner slurm).");
        if (m_executor && m_executor->isCluster())
            why = maxNodes == 1 ? QStringLiteral("This cluster has one node: 'nodes' may be at most 1.")
                                : QStringLiteral("This cluster has %1 nodes: 'nodes' may be at most %1.").arg(maxNodes);
        return makeError(ErrorKind::Unprocessable, why, QStringLiteral("nodes"));
    }
    if (m_executor)
        if (auto e = m_executor->admissible(spec))
            return *e;
    wire::Job job = wire::Job::fromSpec(spec, ns);
    job.costPerHourCents = m_prices.costPerHourCents(spec.gpu, spec.gpuCount, spec.cpu, spec.spot, spec.nodes);
    return job;
}

wire::Expected<wire::Job> JobService::create(const QString &ns, const wire::JobSpec &spec)
{
    auto job = draft(ns, spec);
    if (!job)
        return job;
    if (m_executor)
        if (auto e = m_executor->prepare(job.value()))
            return *e;
    return insert(job.value(), spec);
}

void JobService::createAsync(const QString &ns, const wire::JobSpec &spec, QObject *context,
                             std::function<void(wire::Expected<wire::Job>)> done)
{
    auto job = draft(ns, spec);
    if (!job || !m_executor) {
        done(job ? insert(job.value(), spec) : job);
        return;
    }
    QPointer<JobService> self(this);
    m_executor->prepareAsync(job.value(), context, [self, spec, done](wire::Job prepared, std::optional<wire::ApiError> e) {
        if (e) {
            done(*e);
            return;
        }
        if (!self) {
            done(makeError(ErrorKind::Internal, QStringLiteral("seedd is shutting down.")));
            return;
        }
        done(self->insert(std::move(prepared), spec));
    });
}

wire::Expected<wire::Job> JobService::insert(wire::Job job, const wire::JobSpec &spec)
{
    const QString ns = job.ns;
    // Whole seconds, like every time the API shows.
    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    job.createdAt = QDateTime::fromSecsSinceEpoch(nowS, Qt::UTC);
    for (int attempt = 0; attempt < 4; ++attempt) {
        job.id = wire::newJobId();
        switch (m_store.insertJob(job)) {
        case store::InsertResult::Inserted:
            if (m_executor)
                m_executor->jobQueued(job);
            finish(job);
            Q_EMIT jobChanged(job);
            return job;
        case store::InsertResult::NameTaken:
            // Either the name or (astronomically rarely) the id collided.
            if (m_store.job(ns, spec.name))
                return makeError(ErrorKind::Conflict,
                                 QStringLiteral("A job named '%1' already exists in namespace '%2'.").arg(spec.name, ns),
                                 QStringLiteral("name"));
            continue;
        case store::InsertResult::NoSpace:
            return makeError(ErrorKind::InsufficientStorage,
                             QStringLiteral("The job could not be stored: no space left on seedd's disk. Jobs already "
                                            "stored are kept; free space and submit again."));
        case store::InsertResult::Failed:
            return makeError(ErrorKind::Internal, QStringLiteral("Could not store the job."));
        }
    }
    return makeError(ErrorKind::Internal, QStringLiteral("Could not allocate a job id."));
}

wire::Expected<wire::Job> JobService::get(const QString &ns, const QString &name) { return find(ns, name); }

wire::Expected<wire::JobPage> JobService::list(const QString &ns, const wire::ListQuery &q)
{
    auto page = m_store.listJobs(ns, q);
    if (!page)
        return makeError(ErrorKind::Internal, QStringLiteral("Could not read the job list."));
    for (wire::Job &j : page->jobs)
        finish(j);
    return *page;
}

wire::Expected<wire::Job> JobService::cancel(const QString &ns, const QString &name, bool force)
{
    auto found = find(ns, name);
    if (!found)
        return found.error();
    wire::Job job = found.value();
    if (wire::isTerminal(job.status)) {
        // A forced cancel of a job cancelled before, whose container is still in its grace period: kill it now.
        if (force && job.status == wire::JobStatus::Cancelled && m_executor && m_executor->forceStop(job.id)) {
            finish(job);
            Q_EMIT jobChanged(job);
            return job;
        }
        return makeError(ErrorKind::Conflict, QStringLiteral("Job '%1' is already %2 and cannot be cancelled.")
                                                  .arg(name, wire::jobStatusName(job.status)));
    }
    job.status = wire::JobStatus::Cancelled;
    job.completedAt = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    if (!m_store.updateJob(job))
        return makeError(ErrorKind::Internal, QStringLiteral("Could not store the cancellation."));
    if (m_executor)
        m_executor->jobCancelled(job, force);
    finish(job);
    Q_EMIT jobChanged(job);
    return job;
}

std::optional<wire::ApiError> JobService::remove(const QString &ns, const QString &name, bool deleteArtifacts)
{
    auto found = find(ns, name);
    if (!found)
        return found.error();
    const wire::Job &job = found.value();
    if (!wire::isTerminal(job.status))
        return makeError(ErrorKind::Conflict,
                         QStringLiteral("Job '%1' is %2: only completed, failed, cancelled or timed-out jobs can be "
                                        "deleted. Cancel it first.")
                             .arg(name, wire::jobStatusName(job.status)));
    // A cancelled (or timed-out) job's container may still be stopping in its grace period: the record goes now
    // (the name is free at once); the executor finishes the stop and the clean-up in the background and writes
    // nothing more for this job.
    if (!m_store.deleteJob(job.id))
        return makeError(ErrorKind::Internal, QStringLiteral("Could not delete the job."));
    if (m_executor)
        m_executor->jobDeleted(job, deleteArtifacts);
    Q_EMIT jobRemoved(job);
    return std::nullopt;
}

wire::Expected<wire::LogPage> JobService::logs(const QString &ns, const QString &name, const wire::LogQuery &q)
{
    auto found = find(ns, name);
    if (!found)
        return found.error();
    if (m_executor)
        return m_executor->logs(found.value(), q);
    wire::LogPage page;
    page.name = name;
    page.ns = ns;
    return page;
}

wire::Expected<wire::Analytics> JobService::analytics(const QString &ns, const QString &name)
{
    auto found = find(ns, name);
    if (!found)
        return found.error();
    wire::Analytics a;
    if (m_executor)
        a = m_executor->analytics(found.value());
    a.name = name;
    a.ns = ns;
    a.runtimeSeconds = found->runtimeSeconds;
    return a;
}

bool JobService::update(wire::Job &job)
{
    // The stored row is the state the change starts from: a change the state machine refuses is a bug in the
    // caller (a terminal status overwritten, a job that never ran marked succeeded), never stored.
    const std::optional<wire::Job> stored = m_store.jobById(job.id);
    if (!stored)
        return false;
    if (!wire::canTransition(stored->status, job.status)) {
        qCCritical(lcJobs, "internal error: job %s cannot go from %s to %s; the change is not stored",
                  qPrintable(job.id), qPrintable(wire::jobStatusName(stored->status)), qPrintable(wire::jobStatusName(job.status)));
        return false;
    }
    if (!m_store.updateJob(job))
        return false;
    finish(job);
    Q_EMIT jobChanged(job);
    return true;
}

} // namespace seed::jobs
