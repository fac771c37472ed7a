// SlurmExecutor, taking over from an earlier seedd: the Slurm jobs it submitted are found again by their comment
// and reconciled with the store and each attempt's run.json; what was deleted meanwhile is cancelled in Slurm.
#include "jobrun.h"
#include "slurmexecutor.h"
#include "slurmexecutor_p.h"
#include "slurmparse.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

namespace seed::runtime {

using jobrun::kStopCancel;
using jobrun::nowSecs;

// A run as its run.json saved it (what seedd had stored of its output, a stop under way), found again in Slurm
// as `slurmId` (whose restart count Slurm reports as `restarts` when run.json has none).
void SlurmExecutor::restoreRun(Run &r, const QJsonObject &saved, const QString &slurmId, int restarts)
{
    r.slurmId = slurmId;
    r.restarts = saved.value(QStringLiteral("restarts")).toInt(restarts);
    r.stopReason = saved.value(QStringLiteral("stop_reason")).toString();
    r.everRan = saved.value(QStringLiteral("ever_ran")).toBool(false);
    const QJsonObject offs = saved.value(QStringLiteral("offsets")).toObject();
    for (auto o = offs.begin(); o != offs.end(); ++o)
        r.offsets.insert(o.key(), qint64(o.value().toDouble()));
}

bool SlurmExecutor::adoptRuns(QString *error)
{
    QProcess sq;
    sq.setProcessEnvironment(toolEnv());
    sq.start(tool(QStringLiteral("squeue")), queueArguments());
    sq.waitForFinished(30000);
    const std::optional<QList<slurm::QueuedJob>> sjobs = slurm::parseQueue(sq.readAllStandardOutput());
    if (!sjobs) {
        // Without Slurm's list, every run seedd had would read as forgotten by Slurm.
        *error = QStringLiteral("squeue --json gave no job list: %1")
                     .arg(QString::fromUtf8(sq.readAllStandardError()).trimmed().left(300));
        return false;
    }
    QHash<QString, slurm::QueuedJob> bySeed; // seed job id -> its newest Slurm job
    for (const slurm::QueuedJob &o : *sjobs) {
        if (!o.comment.startsWith(kSlurmCommentPrefix))
            continue;
        const QString id = o.comment.mid(kSlurmCommentPrefix.size());
        if (!bySeed.contains(id) || o.id.toLongLong() > bySeed[id].id.toLongLong())
            bySeed.insert(id, o);
        if (!m_store.jobById(id) && slurm::isActive(o.state))
            runTool(QStringLiteral("scancel"), {o.id},
                    [](int, QByteArray, QByteArray) {}); // deleted while seedd was down
    }
    QList<wire::Job> open = m_store.jobsWithStatus(wire::JobStatus::Running);
    open += m_store.jobsWithStatus(wire::JobStatus::Queued);
    // Cancelled while it ran, its stop under way when seedd went down (the store says cancelled, Slurm still runs
    // the attempt): taken over like a running job, so that its stop ends (the KILL after the grace) and its last
    // output and its artifacts are kept.
    for (auto s = bySeed.cbegin(); s != bySeed.cend(); ++s) {
        if (!slurm::isActive(s->state))
            continue;
        const std::optional<wire::Job> job = m_store.jobById(s.key());
        if (job && job->status == wire::JobStatus::Cancelled &&
            s->name == jobrun::attemptName(job->id, job->retryCount))
            open += *job;
    }
    for (const wire::Job &j : std::as_const(open)) {
        auto r = std::make_shared<Run>();
        r->jobId = j.id;
        r->attempt = j.retryCount;
        // The state file of the attempt: offsets of the output already stored, a stop under way.
        QFile f(attemptDir(j.id, j.retryCount) + QStringLiteral("/run.json"));
        QJsonObject saved;
        if (f.open(QIODevice::ReadOnly))
            saved = QJsonDocument::fromJson(f.readAll()).object();
        const auto it = bySeed.constFind(j.id);
        const bool sameAttempt = it != bySeed.cend() && it->name == jobrun::attemptName(j.id, j.retryCount);
        const QString savedId = saved.value(QStringLiteral("slurm_id")).toString();
        if (!sameAttempt && j.status == wire::JobStatus::Running && !savedId.isEmpty() &&
            saved.value(QStringLiteral("attempt")).toInt(-1) == j.retryCount) {
            // Ran, and Slurm has forgotten it since (MinJobAge, a cluster reset): adopted as it was, so that the
            // first poll concludes it from what is on disk (the rest of its output, the exit status its batch
            // script recorded) rather than from nothing.
            restoreRun(*r, saved, savedId, 0);
            m_runs.insert(j.id, r);
            continue;
        }
        if (!sameAttempt) {
            if (j.status == wire::JobStatus::Queued) {
                m_runs.insert(j.id, r);
                QTimer::singleShot(0, this, [this, id = j.id] { submit(id); }); // never reached Slurm
            } else {
                wire::Job k = j;
                k.status = wire::JobStatus::Failed;
                k.completedAt = nowSecs();
                k.statusMessage = QStringLiteral("seedd lost track of this job: Slurm no longer knows it.");
                m_jobs.update(k);
            }
            continue;
        }
        restoreRun(*r, saved, it->id, it->restarts);
        m_runs.insert(j.id, r);
        logSystem(j.id, r->attempt, QStringLiteral("seedd restarted: re-attached to Slurm job %1.").arg(r->slurmId));
        if (r->stopReason == kStopCancel || j.status == wire::JobStatus::Cancelled)
            requestStop(j.id, kStopCancel);
    }
    return true;
}

} // namespace seed::runtime
