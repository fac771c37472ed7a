#include "localexecutor.h"
#include "jobrun.h"
#include "localexecutor_p.h"
#include "logging.h"

#include "fs/safefs.h"
#include "sched/cdi.h"
#include "wire/catalog.h"

#include <QDir>
#include <QFile>

#include <cmath>

namespace seed::runtime {

using wire::ErrorKind;
using wire::makeError;

namespace {
// The reason a start failed, in words a user can act on.
QString explainStartFailure(const Result &r, const QString &image, const QString &pull)
{
    const QString m = r.message;
    if (r.code == -1)
        return m;
    if (m.contains(QLatin1String("image not known")) || m.contains(QLatin1String("no such image")) ||
        m.contains(QLatin1String("manifest unknown")) || m.contains(QLatin1String("unable to find image")))
        return QStringLiteral(
                   "Image '%1' is not available locally (pull policy '%2'). Get it onto this machine with "
                   "`podman pull %1` (or `podman load -i FILE.tar` for an image saved as a file), or let "
                   "seedd pull missing images: set the pull policy to 'missing' (\"pull\" in the \"runtime\" "
                   "section of seedd's config file, or `seedd serve --pull missing`).")
            .arg(image, pull);
    if (m.contains(QLatin1String("no space left")))
        return QStringLiteral("No space left on the device where containers are stored.");
    if (m.contains(QLatin1String("CDI")) || m.contains(QLatin1String("cdi")))
        return QStringLiteral("The GPU devices could not be injected (CDI): %1").arg(m.left(300));
    return QStringLiteral("The container could not be started (podman exit %1): %2").arg(r.code).arg(m.left(300));
}
} // namespace

LocalExecutor::LocalExecutor(jobs::JobService &jobs, store::Store &store, logs::LogStore &logs, Runtime &runtime,
                             sched::GpuInventory inventory, sched::Capacity capacity, ExecutorSettings settings,
                             QObject *parent)
    : QObject(parent), m_jobs(jobs), m_store(store), m_logs(logs), m_runtime(runtime), m_inventory(std::move(inventory)),
      m_alloc(m_inventory.gpus, capacity), m_settings(std::move(settings)), m_runs(store)
{
    if (m_settings.cdiKind.isEmpty())
        m_settings.cdiKind = m_inventory.simulated() ? QStringLiteral("seed.local/gpu") : QStringLiteral("nvidia.com/gpu");
    connect(&m_runtime, &Runtime::outputDropped, this, [this](const QString &container, qint64 lines, const QString &why) {
        for (const auto &a : std::as_const(m_active))
            if (a->run.container == container) {
                // Never silent: the log itself says what is missing and why.
                logSystem(a->run.jobId, a->run.attempt,
                          lines < 0 ? QStringLiteral("Some lines dropped (log cap): %1.").arg(why)
                                    : QStringLiteral("%1 lines dropped (log cap): %2.").arg(lines).arg(why));
                return;
            }
    });
}

LocalExecutor::~LocalExecutor() = default;

void LocalExecutor::shutdown()
{
    if (!m_cdiSpecFile.isEmpty() && QFile::remove(m_cdiSpecFile))
        QFile::remove(m_settings.dataDir + QStringLiteral("/cdi-spec-path"));
}

sched::Request LocalExecutor::requestFor(const wire::Job &job)
{
    const bool gpu = job.gpu != QLatin1String("none") && !job.gpu.isEmpty();
    return sched::Request{job.id, gpu ? job.gpu : QStringLiteral("none"), gpu ? job.gpuCount : 0, job.cpu, job.memoryGb,
                          job.spot};
}

std::optional<wire::ApiError> LocalExecutor::admissible(const wire::JobSpec &spec)
{
    wire::Job probe = wire::Job::fromSpec(spec, {});
    const sched::Request r = requestFor(probe);
    if (auto why = m_alloc.neverFits(r)) {
        QString field = QStringLiteral("memory_gb");
        if (r.gpuCount > 0 && m_inventory.count(r.gpuType) == 0)
            field = QStringLiteral("gpu"); // no GPU of that type at all: the type is what to change
        else if (r.gpuCount > 0 && m_inventory.count(r.gpuType) < r.gpuCount)
            field = QStringLiteral("gpu_count");
        else if (r.cpus > m_alloc.capacity().cpus)
            field = QStringLiteral("cpu");
        return makeError(ErrorKind::Unprocessable, *why, field);
    }
    return std::nullopt;
}

std::optional<wire::ApiError> LocalExecutor::prepare(wire::Job &job)
{
    // The synchronous path never waits on the network: a repo job's branch is then resolved when it is cloned
    // (commit_sha filled in then). The API goes through prepareAsync, which resolves it at submit.
    Q_UNUSED(job);
    return std::nullopt;
}

void LocalExecutor::jobQueued(const wire::Job &job)
{
    m_queue.append(job.id);
    m_requests.insert(job.id, requestFor(job));
    scheduleSoon();
}

void LocalExecutor::scheduleSoon()
{
    if (m_scheduleQueued)
        return;
    m_scheduleQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduleQueued = false;
        schedule();
    });
}

void LocalExecutor::schedule()
{
    if (!m_ready || m_queue.isEmpty())
        return;
    // Non-spot jobs first, FIFO with backfill; spot jobs fill what is left.
    QList<sched::Request> firm, spot;
    for (const QString &id : std::as_const(m_queue)) {
        const sched::Request r = m_requests.value(id);
        (r.spot ? spot : firm).append(r);
    }
    launchGrants(m_alloc.admit(firm));
    // A non-spot job that still does not fit may take what spot jobs hold. Jobs already being stopped (a preemption,
    // a cancel, a timeout) count as leaving.
    QList<sched::Request> waiting;
    for (const sched::Request &r : std::as_const(firm))
        if (!m_alloc.holds(r.jobId))
            waiting.append(r);
    QSet<QString> leaving;
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it)
        if (!(*it)->run.stopReason.isEmpty() && m_alloc.holds(it.key()))
            leaving.insert(it.key());
    const QList<sched::Allocator::Preemption> plan = m_alloc.planPreemptions(waiting, leaving);
    for (const sched::Allocator::Preemption &p : plan)
        for (const QString &victim : p.victims)
            preempt(victim, p.forJob);
    // While a non-spot job waits for spot jobs to stop, no spot job starts: what they free is the waiting job's.
    if (plan.isEmpty())
        launchGrants(m_alloc.admit(spot));
}

void LocalExecutor::launchGrants(const QList<sched::Grant> &grants)
{
    for (const sched::Grant &g : grants) {
        m_queue.removeOne(g.jobId);
        m_requests.remove(g.jobId);
        launch(g.jobId, g.gpuIndices);
    }
}

QString LocalExecutor::preemptionText(const wire::Job &victim, const QString &byJobId, const QDateTime &at) const
{
    // Another namespace's job is never named (GPUs are shared across namespaces, jobs are not).
    const std::optional<wire::Job> by = byJobId.isEmpty() ? std::nullopt : m_store.jobById(byJobId);
    const QString when = wire::formatTime(wholeSeconds(at));
    if (by && by->ns == victim.ns)
        return QStringLiteral("Preempted by %1 (%2) at %3").arg(by->name, by->id, when);
    return QStringLiteral("Preempted by a job of another namespace at %1").arg(when);
}

void LocalExecutor::preempt(const QString &victimId, const QString &byJobId)
{
    const auto it = m_active.find(victimId);
    if (it == m_active.end())
        return;
    Active &a = **it;
    if (!a.run.stopReason.isEmpty() || a.deleted || a.concluding)
        return;
    const auto victim = m_store.jobById(victimId);
    if (!victim || !victim->spot)
        return; // never a non-spot job
    a.run.preemptedBy = byJobId;
    a.run.preemptAt = QDateTime::currentDateTimeUtc();
    a.run.stopReason = kStopPreempt;
    // The decision is on disk before the job is signalled: a seedd killed from here on finishes it after its restart.
    if (!m_runs.save(a.run)) {
        a.run.stopReason.clear();
        a.run.preemptedBy.clear();
        a.run.preemptAt.reset();
        return;
    }
    logSystem(victimId, a.run.attempt, QStringLiteral("%1: stopping (grace %2 s).")
                                           .arg(preemptionText(*victim, byJobId, *a.run.preemptAt))
                                           .arg(m_settings.spotGraceSeconds));
    qCInfo(lcRuntime, "preempting spot job %s for %s", qPrintable(victimId), qPrintable(byJobId));
    requestStop(victimId, kStopPreempt);
}

void LocalExecutor::enqueueInOrder(const wire::Job &job)
{
    // Back in line at its original place (creation order): after every job created before it or with it.
    const qint64 mine = job.createdAt.toMSecsSinceEpoch();
    qsizetype pos = 0;
    while (pos < m_queue.size()) {
        const auto other = m_store.jobById(m_queue[pos]);
        if (other && other->createdAt.toMSecsSinceEpoch() > mine)
            break;
        ++pos;
    }
    m_queue.insert(pos, job.id);
    m_requests.insert(job.id, requestFor(job));
}

void LocalExecutor::requeuePreempted(const QString &jobId, Active &a, wire::Job job, const QDateTime &finishedAt)
{
    const QDateTime at = a.run.preemptAt.value_or(finishedAt);
    const std::optional<QDateTime> &start = job.attemptStartedAt ? job.attemptStartedAt : job.startedAt;
    if (start && job.status == wire::JobStatus::Running)
        job.priorRunSeconds += std::max<qint64>(0, start->secsTo(std::max(finishedAt, *start)));
    const std::optional<wire::Job> by = m_store.jobById(a.run.preemptedBy);
    job.status = wire::JobStatus::Queued;
    job.preemptions += 1;
    job.preemptedAt = wholeSeconds(at);
    job.preemptedBy = by && by->ns == job.ns ? by->id : QString();
    job.statusMessage = preemptionText(job, a.run.preemptedBy, at) + QStringLiteral("; waiting for resources");
    job.attemptStartedAt.reset();
    job.exitCode.reset();
    logSystem(jobId, a.run.attempt, QStringLiteral("Attempt %1 stopped by the preemption; back in the queue (the "
                                                   "workspace is kept for the next attempt).")
                                        .arg(a.run.attempt + 1));
    // The job's row first: once it says queued with one more preemption, a restarted seedd sees this run as stale
    // (its container is removed, the workspace kept) and queues the job.
    if (!m_jobs.update(job)) {
        qCWarning(lcRuntime, "cannot store the preemption of job %s", qPrintable(jobId));
        return; // the run record still says preempt: a restart finishes it
    }
    const QString container = a.run.container;
    m_active.remove(jobId); // `a` is gone from here on
    m_runs.remove(jobId);
    m_runtime.remove(container, this, [](Result) {});
    enqueueInOrder(job);
    scheduleSoon();
}

void LocalExecutor::logSystem(const QString &jobId, int attempt, const QString &message)
{
    if (isDeleted(jobId))
        return;
    m_logs.append(jobId, attempt, logs::Source::System, QStringLiteral("[seed] ") + message);
}

bool LocalExecutor::isDeleted(const QString &jobId) const
{
    const auto it = m_active.constFind(jobId);
    return it != m_active.cend() && (*it)->deleted;
}

LocalExecutor::Active *LocalExecutor::active(const QString &jobId, int attempt)
{
    auto it = m_active.find(jobId);
    if (it == m_active.end() || (*it)->run.attempt != attempt)
        return nullptr;
    return it->get();
}

void LocalExecutor::launch(const QString &jobId, const QList<int> &gpus)
{
    auto job = m_store.jobById(jobId);
    if (!job || job->status != wire::JobStatus::Queued) {
        m_alloc.release(jobId);
        return;
    }
    auto a = std::make_shared<Active>();
    a->run.jobId = jobId;
    a->run.attempt = attemptIndex(*job);
    a->run.container = jobrun::attemptName(jobId, a->run.attempt);
    a->run.gpuIndices = gpus;
    a->run.phase = kPhaseStarting;
    m_active.insert(jobId, a);
    // The decision is on disk before anything starts.
    m_runs.save(a->run);

    QStringList gpuText;
    for (int i : gpus) {
        const auto it = std::find_if(m_inventory.gpus.cbegin(), m_inventory.gpus.cend(),
                                     [i](const sched::Gpu &g) { return g.index == i; });
        gpuText << QStringLiteral("%1 (%2%3)").arg(i).arg(it->model, it->simulated ? QStringLiteral(", simulated") : QString());
    }
    const QString where = QStringLiteral("container ") + a->run.container +
                          (gpus.isEmpty() ? QString() : QStringLiteral(" on GPU ") + gpuText.join(QStringLiteral(", ")));
    logSystem(jobId, a->run.attempt,
              jobrun::attemptLine(a->run.attempt, job->retries, where, job->preemptions, job->retryCount));
    if (!job->repo.isEmpty())
        prepareWorkspace(jobId);
    else
        startContainer(jobId);
}

void LocalExecutor::startContainer(const QString &jobId)
{
    auto job = m_store.jobById(jobId);
    const auto it = m_active.constFind(jobId);
    Active *a = it == m_active.cend() ? nullptr : it->get();
    if (!a || (job && a->run.attempt != attemptIndex(*job)))
        return;
    const int attempt = a->run.attempt;
    if (!job || job->status == wire::JobStatus::Cancelled || a->run.stopReason == kStopPreempt) {
        // Cancelled (or deleted) before its container, or preempted while its repo was cloned: nothing to stop.
        conclude(jobId, attempt, ContainerState{true, false, {}, -1, false, {}, {}, {}});
        return;
    }
    ContainerSpec spec;
    spec.name = a->run.container;
    spec.image = job->image.isEmpty() ? m_settings.defaultImage : job->image;
    spec.command = job->command;
    spec.labels = {{kLabelInstance, m_instance},
                   {QStringLiteral("seed.job"), jobId},
                   {QStringLiteral("seed.attempt"), QString::number(attempt)},
                   {QStringLiteral("seed.namespace"), job->ns},
                   {QStringLiteral("seed.name"), job->name}};
    spec.env = job->env;
    spec.publicEnv.insert(QStringLiteral("SEED_JOB_ID"), jobId);
    spec.publicEnv.insert(QStringLiteral("SEED_JOB_NAME"), job->name);
    spec.publicEnv.insert(QStringLiteral("SEED_ATTEMPT"), QString::number(attempt));
    if (job->preemptions > 0)
        spec.publicEnv.insert(QStringLiteral("SEED_PREEMPTED"), QStringLiteral("1"));
    spec.network = m_settings.network;
    if (!a->run.gpuIndices.isEmpty()) {
        if (m_inventory.simulated() && !m_cdiError.isEmpty()) {
            conclude(jobId, attempt, ContainerState{true, false, {}, -1, false, {}, {}, {}},
                     QStringLiteral("Simulated GPUs unavailable: %1").arg(m_cdiError));
            return;
        }
        QStringList uuids, indices;
        for (int i : std::as_const(a->run.gpuIndices)) {
            spec.devices << m_settings.cdiKind + u'=' + QString::number(i);
            const auto it = std::find_if(m_inventory.gpus.cbegin(), m_inventory.gpus.cend(),
                                         [i](const sched::Gpu &g) { return g.index == i; });
            uuids << it->uuid;
            indices << QString::number(i);
        }
        // UUIDs, not indices: inside the container CUDA numbers the injected devices from 0, so host indices
        // would point at the wrong (or no) device; a UUID means the same GPU everywhere.
        spec.publicEnv.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), uuids.join(u','));
        spec.publicEnv.insert(QStringLiteral("SEED_GPU_INDICES"), indices.join(u','));
    }
    // Limits: what the job asked for, never more than the real host has (--capacity may declare more).
    const int hostCpus = sched::hostCpuCount();
    const qint64 hostMem = sched::hostMemoryBytes();
    spec.cpus = std::min(job->cpu, hostCpus);
    spec.memoryBytes = std::min<qint64>(qint64(job->memoryGb) << 30, hostMem);
    if (job->cpu > hostCpus)
        logSystem(jobId, attempt, QStringLiteral("Asked for %1 vCPUs; this host has %2: limited to %2.").arg(job->cpu).arg(hostCpus));
    if ((qint64(job->memoryGb) << 30) > hostMem)
        logSystem(jobId, attempt, QStringLiteral("Asked for %1 GB of memory; this host has %2 GB: limited to that.")
                                      .arg(job->memoryGb)
                                      .arg(double(hostMem) / double(1ll << 30), 0, 'f', 1));
    // /workspace is a fresh host directory per job (the clone of a repo job, empty otherwise), removed when
    // the job ends: images need not have it, and output_path under it is saved without copying.
    const QString ws = workspaceDir(jobId);
    QDir().mkpath(ws);
    spec.mounts.append(Mount{ws, QStringLiteral("/workspace"), false});
    if (const QString kept = keptOutput(*job); !kept.isEmpty()) {
        spec.mounts.append(Mount{kept, QDir::cleanPath(job->outputPath), false});
        logSystem(jobId, attempt, QStringLiteral("Output path %1 is the preempted attempt's (kept on the host).")
                                      .arg(job->outputPath));
    }
    const bool realGpus = !spec.devices.isEmpty() && !m_inventory.simulated();
    m_runtime.start(spec, this, [this, jobId, attempt, image = spec.image, realGpus](Result r) {
        if (!r.ok)
            r.message = explainStartFailure(r, image, m_settings.pullPolicy);
        // Checked now, not at start: the spec may have been created since.
        if (!r.ok && realGpus && sched::findCdiSpec(m_settings.cdiKind).isEmpty())
            r.message += u' ' + sched::missingCdiSpecText(m_settings.cdiKind);
        onStarted(jobId, attempt, r);
    });
    // The log is read from the container's first line on, not from when `podman run` returns (~0.2 s later):
    // a fast printer's first lines would otherwise reach clients as one backlog.
    if (m_runtime.canFollowWhileStarting())
        follow(jobId);
}

void LocalExecutor::onStarted(const QString &jobId, int attempt, const Result &r)
{
    Active *a = active(jobId, attempt);
    if (!a)
        return;
    if (!r.ok) {
        logSystem(jobId, attempt, r.message);
        ContainerState st;
        st.exists = true;
        st.exitCode = r.code >= 0 ? r.code : -1;
        conclude(jobId, attempt, st, r.message);
        return;
    }
    a->run.phase = kPhaseRunning;
    a->run.attemptStartedAt = QDateTime::currentDateTimeUtc();
    if (!a->deleted) // its run record went with the job's row
        m_runs.save(a->run);
    auto job = m_store.jobById(jobId);
    if (!job || job->status == wire::JobStatus::Cancelled) { // cancelled, or deleted, while it started
        follow(jobId);
        requestStop(jobId, kStopCancel);
        return;
    }
    job->status = wire::JobStatus::Running;
    if (!job->startedAt)
        job->startedAt = nowSecs();
    else if (job->preemptions > 0)
        job->attemptStartedAt = nowSecs(); // the time in the queue after a preemption is not run time
    job->exitCode.reset();
    job->statusMessage.clear();
    job->preemptedBy.clear();
    job->preemptedAt.reset();
    m_jobs.update(*job);
    if (a->run.stopReason == kStopPreempt) { // preempted while its container started
        follow(jobId);
        requestStop(jobId, kStopPreempt);
        return;
    }
    armTimeout(*a, *job);
    follow(jobId);
}

void LocalExecutor::armTimeout(Active &a, const wire::Job &job)
{
    const QDateTime start = a.run.attemptStartedAt.value_or(QDateTime::currentDateTimeUtc());
    const qint64 limitMs = qint64(std::llround(double(job.timeoutMinutes) * m_settings.timeoutUnitSeconds * 1000.0));
    const qint64 leftMs = std::max<qint64>(0, start.toMSecsSinceEpoch() + limitMs - QDateTime::currentMSecsSinceEpoch());
    a.timeout = std::make_unique<QTimer>();
    a.timeout->setSingleShot(true);
    // QTimer takes an int: cap at ~24 days and re-arm (timeouts are at most 7 days anyway).
    a.timeout->setInterval(int(std::min<qint64>(leftMs, 0x7fffffff)));
    const QString jobId = a.run.jobId;
    const int attempt = a.run.attempt;
    connect(a.timeout.get(), &QTimer::timeout, this, [this, jobId, attempt, minutes = job.timeoutMinutes] {
        if (!active(jobId, attempt))
            return;
        logSystem(jobId, attempt, jobrun::timeoutLine(minutes, m_settings.cancelGraceSeconds));
        requestStop(jobId, kStopTimeout);
    });
    a.timeout->start();
}

void LocalExecutor::requestStop(const QString &jobId, const QString &reason)
{
    auto it = m_active.find(jobId);
    if (it == m_active.end())
        return;
    Active &a = **it;
    if (a.run.stopReason != kStopDeleted && (a.run.stopReason.isEmpty() || reason == kStopCancel))
        a.run.stopReason = a.run.stopReason == kStopTimeout && reason == kStopCancel ? kStopTimeout : reason;
    if (!a.deleted)
        m_runs.save(a.run);
    const int grace = a.run.stopReason == kStopPreempt ? m_settings.spotGraceSeconds : m_settings.cancelGraceSeconds;
    if (!a.forceStopAt)
        a.forceStopAt = QDateTime::currentDateTimeUtc().addSecs(grace);
    if (a.run.phase == kPhaseStarting)
        return; // onStarted / startContainer see the cancellation
    const QString container = a.run.container;
    if (a.forced) {
        m_runtime.kill(container, this, [container](Result r) {
            if (!r.ok)
                qCWarning(lcRuntime, "podman kill %s: %s", qPrintable(container), qPrintable(r.message));
        });
        return;
    }
    m_runtime.stop(container, grace, this, [container](Result r) {
        if (!r.ok)
            qCWarning(lcRuntime, "podman stop %s: %s", qPrintable(container), qPrintable(r.message));
    });
}

void LocalExecutor::follow(const QString &jobId)
{
    auto it = m_active.find(jobId);
    if (it == m_active.end() || (*it)->following)
        return;
    (*it)->following = true;
    const int attempt = (*it)->run.attempt;
    const qint64 skip = m_logs.outputLines(jobId, attempt);
    m_runtime.follow(
        (*it)->run.container, skip, this,
        [this, jobId, attempt](const LogBatch &batch) {
            if (!isDeleted(jobId)) // a deleted job's container may print on in its grace period: never stored
                m_logs.append(jobId, attempt, logs::Source::Output, batch);
        },
        [this, jobId, attempt] { onExited(jobId, attempt); },
        [this, jobId, attempt] { onFollowDone(jobId, attempt); });
}

void LocalExecutor::onExited(const QString &jobId, int attempt)
{
    Active *a = active(jobId, attempt);
    if (!a || a->concluding)
        return;
    a->exited = true;
    // The runtime has seen the container exit: its CPUs and GPUs are free now. The last read of its log and
    // the inspection of its end (~0.2 s) no longer keep the next job waiting; conclude() follows as before.
    freeResources(jobId, *a);
}

void LocalExecutor::freeResources(const QString &jobId, Active &a)
{
    a.timeout.reset();
    m_alloc.release(jobId);
    scheduleSoon();
}

void LocalExecutor::onFollowDone(const QString &jobId, int attempt)
{
    Active *a = active(jobId, attempt);
    if (!a || a->concluding) // concluded already (a start that failed while its log was being followed)
        return;
    const QString container = a->run.container;
    // The runtime saw the end itself (its start stayed attached): no inspect.
    if (const std::optional<ContainerState> end = m_runtime.knownEnd(container)) {
        conclude(jobId, attempt, *end);
        return;
    }
    // The end of the log stream is no proof that the container has exited (a log reader can stop early: podman
    // restarted, a reader error): the CPUs and GPUs stay held until inspect or wait confirms the exit, and
    // conclude() frees them. Two jobs on one GPU are never allowed (tst_executor).
    m_runtime.inspect(container, this, [this, jobId, attempt, container](ContainerState st) {
        if (!active(jobId, attempt))
            return;
        if (st.lostMonitor()) {
            conclude(jobId, attempt, st, lostMonitorReason(container));
            return;
        }
        // "stopping" (another podman is stopping it, e.g. the stop of a seedd killed mid-grace) has no exit
        // code yet: wait for the end like a running container.
        const bool ended = !st.running && st.status != QLatin1String("stopping") && st.status != QLatin1String("paused");
        if (!st.exists || ended) {
            conclude(jobId, attempt, st,
                     st.exists ? QString()
                               : QStringLiteral("The container %1 disappeared (removed outside seedd, or lost in a reboot).")
                                     .arg(container));
            return;
        }
        // The log stream ended early (podman restarted?): wait for the exit itself.
        m_runtime.wait(container, this, [this, jobId, attempt, container](Result) {
            m_runtime.inspect(container, this, [this, jobId, attempt, container](ContainerState st2) {
                if (!active(jobId, attempt))
                    return;
                // Still "running" after the wait: nobody can tell how it ended (its monitor is gone).
                conclude(jobId, attempt, st2, st2.running ? lostMonitorReason(container) : QString());
            });
        });
    });
}

void LocalExecutor::conclude(const QString &jobId, int attempt, const ContainerState &st, const QString &reason)
{
    Active *a = active(jobId, attempt);
    if (!a || a->concluding)
        return;
    a->concluding = true;
    a->exited = true;
    a->run.phase = kPhaseFinishing;
    if (!a->deleted)
        m_runs.save(a->run);
    // The GPUs and CPUs are free as soon as the container has stopped (already, when onExited saw the exit).
    freeResources(jobId, *a);

    auto job = m_store.jobById(jobId);
    if (!job) {
        cleanup(jobId, a->run.container);
        return;
    }
    if (a->run.stopReason == kStopPreempt && !wire::isTerminal(job->status)) {
        // However it ended (killed, or it caught SIGTERM, saved and exited 0): a preempted attempt is no outcome.
        if (!a->outputCarried && st.exists && jobrun::carriesOutput(job->outputPath)) {
            carryOutput(jobId, attempt, job->outputPath, st, reason); // conclude() again when saved
            return;
        }
        const QDateTime end = st.finishedAt.isValid() && st.finishedAt.toSecsSinceEpoch() > 0 ? wholeSeconds(st.finishedAt)
                                                                                            : nowSecs();
        requeuePreempted(jobId, *a, *job, end);
        return;
    }
    std::optional<int> exitCode;
    if (st.exists && st.exitCode >= 0 && !st.running) // a "running" record has no true exit code (lost monitor)
        exitCode = st.exitCode;
    const QDateTime finishedAt = st.finishedAt.isValid() && st.finishedAt.toSecsSinceEpoch() > 0
                                     ? wholeSeconds(st.finishedAt)
                                     : nowSecs();
    jobrun::EndFacts facts;
    facts.cancelled = job->status == wire::JobStatus::Cancelled || a->run.stopReason == kStopCancel;
    facts.timeoutStop = a->run.stopReason == kStopTimeout;
    facts.reason = reason;
    facts.exists = st.exists;
    facts.oomKilled = st.oomKilled;
    facts.exitCode = st.exitCode;
    facts.error = st.error;
    facts.timeoutMinutes = job->timeoutMinutes;
    facts.memoryGb = job->memoryGb;
    const jobrun::Classification ended = jobrun::classify(facts);
    const Outcome outcome = ended.outcome;
    const QString message = ended.message;

    if (jobrun::shouldRetry(outcome, job->retryCount, job->retries)) {
        logSystem(jobId, attempt, jobrun::retryLine(attempt, message, job->retryCount, job->retries));
        job->status = wire::JobStatus::Queued;
        job->retryCount += 1;
        job->exitCode = exitCode;
        job->statusMessage = jobrun::retryStatusMessage(message);
        m_jobs.update(*job);
        const QString container = a->run.container;
        m_active.remove(jobId);
        m_runs.remove(jobId);
        m_runtime.remove(container, this, [](Result) {});
        enqueueInOrder(*job); // back in line at its original place
        scheduleSoon();
        return;
    }

    saveArtifacts(jobId, attempt, *job, st, outcome, exitCode, message, finishedAt);
}

void LocalExecutor::finalize(const QString &jobId, int attempt, Outcome outcome, std::optional<int> exitCode,
                             const QString &message, const QDateTime &finishedAt, std::optional<fs::TreeStats> artifacts)
{
    Active *a = active(jobId, attempt);
    if (!a)
        return;
    const QString container = a->run.container;
    auto job = m_store.jobById(jobId);
    if (!job) {
        cleanup(jobId, container);
        return;
    }
    if (!job->outputPath.isEmpty() && artifacts) {
        job->artifacts = wire::Artifacts{job->outputPath, artifacts->bytes, artifacts->files, QString()};
        decorate(*job);
    }
    job->exitCode = exitCode;
    job->status = wire::settledStatus(job->status, jobrun::statusFor(outcome));
    if (job->status == wire::JobStatus::Cancelled)
        outcome = Outcome::Cancelled; // answered while the artifacts were collected: its completion time stays
    job->statusMessage = outcome == Outcome::Succeeded ? QString() : message;
    if (const qint64 unstored = m_logs.unstored(jobId); unstored > 0) {
        // The job's log is incomplete: the status says so, whatever the outcome.
        const QString note = QStringLiteral("%1 lines of its log could not be stored (no space left on the device).").arg(unstored);
        job->statusMessage = job->statusMessage.isEmpty() ? note : job->statusMessage + u' ' + note;
    }
    // A cancelled job keeps the completion time its cancel response announced.
    if (outcome != Outcome::Cancelled || !job->completedAt)
        job->completedAt = std::max(finishedAt, job->startedAt.value_or(finishedAt));
    if (!job->startedAt && outcome != Outcome::Cancelled)
        job->startedAt = job->completedAt;
    if (!m_jobs.update(*job)) {
        // The store could not write (a full disk, often filled by this very job's workspace, which cleanup()
        // below removes): keep trying, so the job never stays "running" while seedd serves.
        qCWarning(lcRuntime, "cannot store the end of job %s; retrying", qPrintable(jobId));
        persistLater(*job, 150);
    }
    logSystem(jobId, attempt, jobrun::endLine(job->status, exitCode, message));
    a->finalized = true; // nothing more is written for it: a DELETE may go ahead while podman rm runs
    cleanup(jobId, container);
}

void LocalExecutor::persistLater(const wire::Job &job, int triesLeft)
{
    QTimer::singleShot(2000, this, [this, job, triesLeft] {
        const auto now = m_store.jobById(job.id);
        if (!now || wire::isTerminal(now->status))
            return; // deleted, or stored meanwhile
        wire::Job j = job;
        if (m_jobs.update(j))
            return;
        if (triesLeft > 1)
            persistLater(job, triesLeft - 1);
        else
            qCWarning(lcRuntime, "gave up storing the end of job %s", qPrintable(job.id));
    });
}

void LocalExecutor::cleanup(const QString &jobId, const QString &container)
{
    m_alloc.release(jobId);
    const auto it = m_active.constFind(jobId);
    const bool dropArtifacts = it != m_active.cend() && (*it)->run.stopReason == kStopDeleted;
    auto done = [this, jobId, dropArtifacts] {
        m_active.remove(jobId);
        m_runs.remove(jobId);
        fs::removeTreeInBackground(QFileInfo(workspaceDir(jobId)).path());
        if (dropArtifacts) // a save that was under way when the job was deleted
            fs::removeTreeInBackground(artifactsDir(jobId));
        scheduleSoon();
    };
    if (container.isEmpty()) {
        done();
        return;
    }
    m_runtime.remove(container, this, [done, container](Result r) {
        if (!r.ok)
            qCWarning(lcRuntime, "podman rm %s: %s", qPrintable(container), qPrintable(r.message));
        done();
    });
}

void LocalExecutor::jobCancelled(const wire::Job &job, bool force)
{
    if (m_queue.removeOne(job.id)) {
        m_requests.remove(job.id);
        logSystem(job.id, attemptIndex(job), jobrun::cancelledWhileQueuedLine());
        // A job waiting after a preemption kept its workspace for a next attempt that will not come.
        fs::removeTreeInBackground(QFileInfo(workspaceDir(job.id)).path());
        return;
    }
    const auto it = m_active.constFind(job.id);
    if (it == m_active.cend())
        return;
    Active &a = **it;
    if (force) {
        // Marked before the stop is asked for: requestStop then kills instead of `podman stop` (a SIGTERM).
        markForced(job.id, a);
    } else {
        logSystem(job.id, a.run.attempt, jobrun::cancelRequestedLine(m_settings.cancelGraceSeconds));
    }
    requestStop(job.id, kStopCancel);
}

void LocalExecutor::markForced(const QString &jobId, Active &a)
{
    logSystem(jobId, a.run.attempt, jobrun::forceStopLine());
    a.forced = true;
    a.forceStopAt = QDateTime::currentDateTimeUtc();
}

bool LocalExecutor::forceStop(const QString &jobId)
{
    const auto it = m_active.constFind(jobId);
    if (it == m_active.cend())
        return false;
    Active &a = **it;
    if (a.run.stopReason.isEmpty() || a.exited || a.concluding)
        return false;
    if (a.forced)
        return true;
    markForced(jobId, a);
    if (a.run.phase != kPhaseStarting) {
        const QString container = a.run.container;
        m_runtime.kill(container, this, [container](Result r) {
            if (!r.ok)
                qCWarning(lcRuntime, "podman kill %s: %s", qPrintable(container), qPrintable(r.message));
        });
    }
    return true;
}

void LocalExecutor::jobDeleted(const wire::Job &job, bool deleteArtifacts)
{
    if (m_queue.removeOne(job.id))
        fs::removeTreeInBackground(QFileInfo(workspaceDir(job.id)).path()); // a preempted job's kept workspace
    m_requests.remove(job.id);
    if (const auto it = m_active.constFind(job.id); it != m_active.cend()) {
        // Still stopping (or saving): the stop and the container's removal finish in the background, and nothing
        // is written for the job from now on (its log stays gone; a new job may take its name at once).
        Active &a = **it;
        a.deleted = true;
        if (!a.finalized) {
            a.run.stopReason = kStopDeleted;
            // The run record went with the job's row: this marker (beside the workspace, out of the job's reach)
            // tells a restarted seedd that a save under way belongs to nobody.
            QDir().mkpath(QFileInfo(workspaceDir(job.id)).path());
            QFile marker(QFileInfo(workspaceDir(job.id)).path() + QStringLiteral("/deleted"));
            if (!marker.open(QIODevice::WriteOnly))
                qCWarning(lcRuntime, "cannot mark job %s as deleted: %s", qPrintable(job.id),
                         qPrintable(marker.errorString()));
        }
    }
    if (deleteArtifacts)
        fs::removeTreeInBackground(artifactsDir(job.id));
    m_logs.remove(job.id);
}

} // namespace seed::runtime
