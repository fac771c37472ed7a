#pragma once

#include "wire/apierror.h"
#include "wire/job.h"
#include "wire/logs.h"
#include "wire/queries.h"

#include <QObject>

#include <functional>
#include <optional>

namespace seed::jobs {

// What JobService needs from whatever runs jobs (the scheduler + a runtime). Without an executor, created
// jobs stay queued and logs/analytics are empty: the API surface still works.
class Executor
{
public:
    virtual ~Executor() = default;
    // The most nodes one job may span (a single machine: 1). JobService refuses more with 422 (field nodes).
    virtual int maxNodes() const { return 1; }
    // Whether maxNodes() counts the nodes of a cluster (Slurm) rather than saying "one machine": the refusal says so.
    virtual bool isCluster() const { return false; }
    // Rejects a spec that can never run here (422 naming what the machine has), before it is stored.
    virtual std::optional<wire::ApiError> admissible(const wire::JobSpec &spec) = 0;
    // Fills what the executor decides at submit, before the row is stored (e.g. commit_sha of a repo job).
    virtual std::optional<wire::ApiError> prepare(wire::Job &job)
    {
        Q_UNUSED(job);
        return std::nullopt;
    }
    // The asynchronous form of prepare() that the API uses: `done` runs later on the caller's thread (never after
    // `context` is gone) with the prepared job or an error. Whatever it waits for (git ls-remote of a repo job)
    // never blocks the event loop. The default calls prepare().
    virtual void prepareAsync(const wire::Job &job, QObject *context,
                              std::function<void(wire::Job, std::optional<wire::ApiError>)> done)
    {
        Q_UNUSED(context);
        wire::Job j = job;
        auto e = prepare(j);
        done(std::move(j), std::move(e));
    }
    // Called after the job row is committed; the executor queues and starts it when it fits.
    virtual void jobQueued(const wire::Job &job) = 0;
    // A queued or running job was cancelled (the row already says "cancelled"): stop whatever runs it, with the
    // grace period, or with SIGKILL at once when `force` (never a SIGTERM first: the job would see it).
    virtual void jobCancelled(const wire::Job &job, bool force) = 0;
    // A cancelled job whose container is still stopping in its grace period: SIGKILL it now. False when nothing
    // of the job is stopping (never started, already stopped).
    virtual bool forceStop(const QString &jobId)
    {
        Q_UNUSED(jobId);
        return false;
    }
    // The job row was deleted (possibly while its container is still stopping): remove what the executor kept
    // for it, finish the stop in the background, and never write anything for that job again.
    virtual void jobDeleted(const wire::Job &job, bool deleteArtifacts) = 0;
    virtual wire::LogPage logs(const wire::Job &job, const wire::LogQuery &q) = 0;
    virtual wire::Analytics analytics(const wire::Job &job) = 0;
    // Additive fields computed live (queue position, ...).
    virtual void decorate(wire::Job &job) { Q_UNUSED(job); }
    // True while the executor still works on a job (running, stopping in its grace period, saving artifacts):
    // its log may still grow, even when its status already says cancelled.
    virtual bool busy(const QString &jobId) const
    {
        Q_UNUSED(jobId);
        return false;
    }
};

} // namespace seed::jobs
