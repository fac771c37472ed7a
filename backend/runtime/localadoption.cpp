// LocalExecutor, taking over from an earlier seedd: the containers and run records it left are matched, jobs still
// running are followed again, and what belongs to no job any more is removed.
#include "jobrun.h"
#include "localexecutor.h"
#include "localexecutor_p.h"
#include "logging.h"

#include "fs/safefs.h"
#include "sched/cdi.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QPointer>
#include <QRegularExpression>

#include <csignal>

namespace seed::runtime {

bool LocalExecutor::start(QString *error)
{
    if (!sched::isValidCdiKind(m_settings.cdiKind)) {
        *error = QStringLiteral("CDI kind '%1' is not VENDOR/CLASS").arg(m_settings.cdiKind);
        return false;
    }
    // A spec left by an earlier seedd killed before it could remove its own (kill -9, power loss) goes now,
    // unless it is the one written below.
    const QString specRecord = m_settings.dataDir + QStringLiteral("/cdi-spec-path");
    {
        QFile rec(specRecord);
        const QString previous = rec.open(QIODevice::ReadOnly) ? QString::fromUtf8(rec.readAll()).trimmed() : QString();
        if (!previous.isEmpty() &&
            !(m_inventory.simulated() && previous == sched::cdiSpecPath(m_settings.cdiSpecDir, m_settings.cdiKind)) &&
            QFile::remove(previous))
            qCInfo(lcRuntime, "removed the CDI spec %s left by an earlier run", qPrintable(previous));
        if (!previous.isEmpty())
            QFile::remove(specRecord);
    }
    if (m_inventory.simulated()) {
        QString err;
        m_cdiSpecFile = sched::writeCdiSpec(m_settings.cdiSpecDir, m_settings.cdiKind,
                                            sched::simulatedCdiSpec(m_settings.cdiKind, m_inventory.gpus), &err);
        if (m_cdiSpecFile.isEmpty()) {
            // Not fatal: GPU jobs will fail with this reason, CPU jobs still run.
            m_cdiError = err;
            qCWarning(lcRuntime, "%s", qPrintable(err));
        } else {
            QFile rec(specRecord);
            if (rec.open(QIODevice::WriteOnly))
                rec.write(m_cdiSpecFile.toUtf8());
        }
    }
    if (!m_inventory.simulated() && !m_inventory.gpus.isEmpty() && sched::findCdiSpec(m_settings.cdiKind).isEmpty())
        qCWarning(lcRuntime, "%s", qPrintable(sched::missingCdiSpecText(m_settings.cdiKind)));
    m_instance = m_runs.instanceId();
    const QList<store::RunRecord> runs = m_runs.all();
    QSet<QString> recorded;
    for (const store::RunRecord &run : runs)
        recorded.insert(run.container);
    if (const int killed = m_runtime.killOrphanWatchers(recorded))
        qCInfo(lcRuntime, "ended %d watcher or stop process(es) an earlier seedd left behind", killed);
    waitForOrphanStarters(recorded, QDateTime::currentMSecsSinceEpoch() + kOrphanStarterWaitMs,
                          [this, runs] { reconcile(runs); });
    return true;
}

void LocalExecutor::waitForOrphanStarters(const QSet<QString> &containers, qint64 deadlineMs,
                                          std::function<void()> then)
{
    // A seedd killed during `podman run` leaves that podman creating the container. Listing containers before it
    // ends would find none, requeue the job and start it a second time under the same name: wait for it first.
    if (m_runtime.orphanStarters(containers).isEmpty()) {
        then();
        return;
    }
    // A start stays attached to its container until the container ends: one whose container has started is only a
    // watcher now, and goes (the container runs on).
    m_runtime.list(kLabelInstance, m_instance, this,
                   [this, containers, deadlineMs, then](bool ok, QList<ContainerInfo> list, QString) {
                       static const QSet<QString> pastStart{QStringLiteral("running"), QStringLiteral("exited"),
                                                            QStringLiteral("stopped"), QStringLiteral("stopping"),
                                                            QStringLiteral("paused")};
                       QSet<QString> started;
                       for (const ContainerInfo &c : std::as_const(list))
                           if (ok && containers.contains(c.name) && pastStart.contains(c.state.toLower()))
                               started.insert(c.name);
                       if (const int ended = started.isEmpty() ? 0 : m_runtime.endOrphanStarters(started))
                           qCInfo(lcRuntime,
                                  "ended %d container start(s) of an earlier seedd whose containers have started",
                                  ended);
                       waitForOrphanStartersToEnd(containers, deadlineMs, then);
                   });
}

void LocalExecutor::waitForOrphanStartersToEnd(const QSet<QString> &containers, qint64 deadlineMs,
                                               std::function<void()> then)
{
    const QList<qint64> starters = m_runtime.orphanStarters(containers);
    if (starters.isEmpty()) {
        then();
        return;
    }
    if (QDateTime::currentMSecsSinceEpoch() >= deadlineMs) {
        for (qint64 pid : starters)
            ::kill(pid_t(pid), SIGKILL);
        qCWarning(lcRuntime, "ended %lld container start(s) of an earlier seedd that did not finish in time",
                  qlonglong(starters.size()));
        QTimer::singleShot(
            200, this, [this, containers, deadlineMs, then] { waitForOrphanStarters(containers, deadlineMs, then); });
        return;
    }
    qCInfo(lcRuntime, "waiting for %lld container start(s) an earlier seedd began", qlonglong(starters.size()));
    QTimer::singleShot(100, this,
                       [this, containers, deadlineMs, then] { waitForOrphanStarters(containers, deadlineMs, then); });
}

void LocalExecutor::reconcile(const QList<store::RunRecord> &runs)
{
    m_runtime.list(
        kLabelInstance, m_instance, this, [this, runs](bool ok, QList<ContainerInfo> containers, QString err) {
            if (!ok)
                qCWarning(lcRuntime, "cannot list containers (%s); jobs that were running are checked one by one",
                          qPrintable(err));
            QSet<QString> names;
            for (const ContainerInfo &c : std::as_const(containers))
                names.insert(c.name);
            // Also of containers without a run record (a deleted job's): an earlier seedd's `podman stop` still in its
            // grace must not race the `rm --force` below.
            if (const int killed = m_runtime.killOrphanWatchers(names))
                qCInfo(lcRuntime, "ended %d stop process(es) an earlier seedd left behind", killed);
            QSet<QString> claimed, adopted;
            for (const store::RunRecord &run : runs) {
                claimed.insert(run.container);
                const auto job = m_store.jobById(run.jobId);
                const bool exists = names.contains(run.container);
                if (!job) {
                    cleanup(run.jobId, exists ? run.container : QString());
                    continue;
                }
                const bool stale = run.attempt != attemptIndex(*job) && job->status == wire::JobStatus::Queued;
                if (stale) {
                    // An attempt whose end is stored already (a retry, a preemption): only its container goes; the
                    // workspace stays for the next attempt (a preempted job's checkpoint).
                    m_runs.remove(run.jobId);
                    if (exists)
                        m_runtime.remove(run.container, this, [](Result) {});
                    continue;
                }
                const bool finalized = wire::isTerminal(job->status) && job->status != wire::JobStatus::Cancelled;
                if (stale || finalized || (job->status == wire::JobStatus::Cancelled && !exists)) {
                    cleanup(run.jobId, exists ? run.container : QString());
                    continue;
                }
                if (!exists && run.phase == kPhaseStarting && job->status == wire::JobStatus::Queued) {
                    m_runs.remove(run.jobId); // never started: it goes back to the queue below
                    continue;
                }
                adopt(run, *job);
                adopted.insert(run.container);
                // Followed even when the container is gone (removed by hand, or the machine rebooted): its log file
                // outlives it and still holds the lines written while seedd was down. The end of that log then
                // finds no container and concludes the job with that reason.
                follow(run.jobId);
            }
            for (const ContainerInfo &c : std::as_const(containers))
                if (!claimed.contains(c.name))
                    m_runtime.remove(c.name, this, [](Result) {});
            removeStaleWork();
            if (ok) {
                // Only with a true list: a log of a container that still exists, or that is being read, must never go.
                if (const int removed = m_runtime.removeLeftovers(names | adopted))
                    qCInfo(lcRuntime, "removed %d container log(s) of containers gone while seedd was down", removed);
            }
            // Jobs that were running without a record cannot be followed: say so rather than leave them running.
            const QList<wire::Job> running = m_store.jobsWithStatus(wire::JobStatus::Running);
            for (wire::Job j : running) {
                if (m_active.contains(j.id))
                    continue;
                j.status = wire::JobStatus::Failed;
                j.completedAt = nowSecs();
                j.statusMessage = QStringLiteral("seedd lost track of this job (no run record).");
                m_jobs.update(j);
            }
            const QList<wire::Job> queued = m_store.jobsWithStatus(wire::JobStatus::Queued);
            for (const wire::Job &j : queued) {
                if (m_active.contains(j.id) || m_queue.contains(j.id))
                    continue;
                m_queue.append(j.id);
                m_requests.insert(j.id, requestFor(j));
            }
            m_ready = true;
            schedule();
        });
}

void LocalExecutor::removeStaleWork()
{
    // A workspace exists only while its job's run does: one without a run here is what a seedd killed before its
    // clean-up left (typically a job deleted while its container was still stopping: its run record went with its
    // row, and its container, having no record, was removed above as a stray).
    static const QRegularExpression idRe(QRegularExpression::anchoredPattern(QStringLiteral("job_[0-9a-f]{12}")));
    const QString workRoot = m_settings.dataDir + QStringLiteral("/work");
    // Trees renamed for removal by a seedd that stopped before its worker had deleted them.
    for (const QString &root : {workRoot, m_settings.dataDir + QStringLiteral("/artifacts")})
        for (const QString &name : QDir(root).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
            if (fs::isTrash(name))
                fs::removeTreeInBackground(root + u'/' + name);
    const QStringList dirs = QDir(workRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &id : dirs) {
        if (!idRe.match(id).hasMatch() || m_active.contains(id))
            continue;
        // A job waiting in the queue after a preemption (or a failed attempt) keeps its workspace for the next one.
        if (const auto job = m_store.jobById(id); job && job->status == wire::JobStatus::Queued &&
                                                  !QFileInfo::exists(workRoot + u'/' + id + QStringLiteral("/deleted")))
            continue;
        const QString dir = workRoot + u'/' + id;
        if (QFileInfo::exists(dir + QStringLiteral("/deleted")))
            fs::removeTreeInBackground(artifactsDir(id)); // a save that was under way belongs to nobody
        if (!m_store.jobById(id))
            m_logs.remove(id);
        fs::removeTreeInBackground(dir);
        qCInfo(lcRuntime, "removed the workspace %s left by an earlier run", qPrintable(dir));
    }
}

void LocalExecutor::adopt(const store::RunRecord &run, const wire::Job &job)
{
    auto a = std::make_shared<Active>();
    a->run = run;
    m_active.insert(run.jobId, a);
    m_alloc.restore(requestFor(job), run.gpuIndices);
    logSystem(run.jobId, run.attempt,
              QStringLiteral("seedd restarted: re-attached to container %1.").arg(run.container));
    if (run.phase == kPhaseStarting) {
        a->run.phase = kPhaseRunning;
        if (!a->run.attemptStartedAt)
            a->run.attemptStartedAt = QDateTime::currentDateTimeUtc();
        m_runs.save(a->run);
    }
    wire::Job j = job;
    if (j.status == wire::JobStatus::Queued) {
        j.status = wire::JobStatus::Running;
        if (!j.startedAt)
            j.startedAt = wholeSeconds(*a->run.attemptStartedAt);
        m_jobs.update(j);
    }
    if (j.status == wire::JobStatus::Cancelled || run.stopReason == kStopCancel)
        requestStop(run.jobId, kStopCancel);
    else if (run.stopReason == kStopPreempt) {
        // The "Preempted by" line was written before the restart: this one says only that the stop goes on.
        logSystem(run.jobId, run.attempt,
                  QStringLiteral("The preemption goes on after the restart: stopping (grace %1 s).")
                      .arg(m_settings.spotGraceSeconds));
        requestStop(run.jobId, kStopPreempt);
    } else if (run.stopReason == kStopTimeout)
        requestStop(run.jobId, kStopTimeout);
    else
        armTimeout(*a, j);
}

} // namespace seed::runtime
