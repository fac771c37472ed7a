// SlurmExecutor, stopping a job: a cancel (TERM to its steps, KILL after the grace), a forced cancel (USR2: each
// node's task kills its container at once; KILL to all a moment later), seedd's own stops (timeout, preemption),
// and a deletion.
#include "fs/safefs.h"
#include "jobrun.h"
#include "slurmexecutor.h"
#include "slurmexecutor_p.h"

#include <QTimer>

namespace seed::runtime {

namespace {
using jobrun::kStopCancel;
using jobrun::kStopTimeout;
constexpr int kForceFollowUpMs = 3000; // a forced cancel: USR2 (the task kills its container), then KILL to all
} // namespace

void SlurmExecutor::requestStop(const QString &jobId, const QString &reason)
{
    const auto it = m_runs.find(jobId);
    if (it == m_runs.end())
        return;
    Run &r = **it;
    if (r.stopReason.isEmpty() || reason == kStopCancel)
        r.stopReason = r.stopReason == kStopTimeout && reason == kStopCancel ? kStopTimeout : reason;
    if (r.slurmId.isEmpty()) {
        r.cancelledBeforeSubmit = true;
        return;
    }
    saveRun(r);
    if (r.kill)
        return; // a stop is under way
    if (!r.forceStopAt)
        r.forceStopAt = QDateTime::currentDateTimeUtc().addSecs(m_settings.cancelGraceSeconds);
    const QString id = r.slurmId;
    // TERM to the job's steps (not --full: srun, the batch shell's child, answers a TERM by SIGKILLing its step at
    // once, which would cut the grace short): each node's task stops its container (SIGTERM, SIGKILL after the grace).
    runTool(QStringLiteral("scancel"), {QStringLiteral("--signal=TERM"), id},
            [](int, QByteArray, QByteArray) {});
    scancelLater(r, int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(*r.forceStopAt))) + 2000, {id});
}

void SlurmExecutor::scancelLater(Run &r, int delayMs, const QStringList &args)
{
    r.kill = std::make_unique<QTimer>();
    r.kill->setSingleShot(true);
    r.kill->setInterval(delayMs);
    connect(r.kill.get(), &QTimer::timeout, this,
            [this, args] { runTool(QStringLiteral("scancel"), args, [](int, QByteArray, QByteArray) {}); });
    r.kill->start();
}

void SlurmExecutor::jobCancelled(const wire::Job &job, bool force)
{
    const auto it = m_runs.find(job.id);
    if (it == m_runs.end())
        return;
    Run &r = **it;
    if (r.slurmId.isEmpty()) {
        logSystem(job.id, r.attempt, jobrun::cancelledWhileQueuedLine());
        r.cancelledBeforeSubmit = true;
        r.stopReason = kStopCancel;
        return;
    }
    if (!r.everRan) {
        logSystem(job.id, r.attempt, jobrun::cancelledWhileQueuedLine());
        r.stopReason = kStopCancel;
        saveRun(r);
        runTool(QStringLiteral("scancel"), {r.slurmId}, [](int, QByteArray, QByteArray) {});
        return;
    }
    if (force) {
        // KILL straight away, without the TERM of requestStop (the job would see it).
        if (r.stopReason != kStopTimeout)
            r.stopReason = kStopCancel;
        saveRun(r);
        forceStop(job.id);
        return;
    }
    logSystem(job.id, r.attempt, jobrun::cancelRequestedLine(m_settings.cancelGraceSeconds));
    requestStop(job.id, kStopCancel);
}

bool SlurmExecutor::forceStop(const QString &jobId)
{
    const auto it = m_runs.find(jobId);
    if (it == m_runs.end() || (*it)->stopReason.isEmpty() || (*it)->slurmId.isEmpty())
        return false;
    Run &r = **it;
    if (r.forced)
        return true;
    r.forced = true;
    r.forceStopAt = QDateTime::currentDateTimeUtc();
    logSystem(jobId, r.attempt, jobrun::forceStopLine());
    const QString id = r.slurmId;
    runTool(QStringLiteral("scancel"), {QStringLiteral("--signal=USR2"), id}, [](int, QByteArray, QByteArray) {});
    // Whatever still runs a moment later (a task that could not kill its container) goes the hard way.
    scancelLater(r, kForceFollowUpMs, {QStringLiteral("--signal=KILL"), QStringLiteral("--full"), id});
    return true;
}

void SlurmExecutor::jobDeleted(const wire::Job &job, bool deleteArtifacts)
{
    const auto it = m_runs.find(job.id);
    if (it != m_runs.end()) {
        (*it)->deleted = true;
        if (!(*it)->slurmId.isEmpty())
            runTool(QStringLiteral("scancel"), {(*it)->slurmId}, [](int, QByteArray, QByteArray) {});
        m_runs.erase(it);
    }
    fs::removeTreeInBackground(m_settings.dataDir + QStringLiteral("/slurm/") + job.id);
    if (deleteArtifacts)
        fs::removeTreeInBackground(artifactsDir(job.id));
    m_logs.remove(job.id);
}

} // namespace seed::runtime
