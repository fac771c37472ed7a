#pragma once

#include "jobs/executor.h"
#include "jobs/jobservice.h"
#include "jobrun.h"
#include "logs/logstore.h"
#include "store/runstore.h"
#include "runtime.h"
#include "fs/safefs.h"
#include "sched/allocator.h"
#include "store/store.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <QTimer>
#include <functional>

#include <memory>

namespace seed::runtime {

struct ExecutorSettings
{
    QString dataDir;
    int cancelGraceSeconds = 30;
    int spotGraceSeconds = 30; // a preempted spot job's SIGTERM-to-SIGKILL grace (runtime.spot_grace_seconds)
    // Length of one "minute" of timeout_minutes. 60 in production; tests shorten it (config
    // "timeout_unit_seconds" / --timeout-unit-seconds) to exercise timeouts in seconds.
    double timeoutUnitSeconds = 60;
    QString gitBase = QStringLiteral("https://github.com");
    QString defaultImage = QStringLiteral("docker.io/library/python:3.12-slim");
    QString cdiKind;                                 // "" = nvidia.com/gpu (real) or seed.local/gpu (simulated)
    QString cdiSpecDir = QStringLiteral("/var/run/cdi");
    bool network = false;                            // containers get --network none unless true
    QString pullPolicy = QStringLiteral("never");    // podman's --pull (runtime.pull), named in start failures
    int resolveTimeoutMs = 10000;                    // git ls-remote of a repo job at submit
};

// The Executor of a local machine: the scheduler (sched::Allocator) plus a container Runtime. Owns the
// queue, the per-job attempts, timeouts, cancel grace, retries, artifacts, and the re-adoption of
// containers after a restart. Everything runs on the daemon's event loop; every runtime call is async.
class LocalExecutor : public QObject, public jobs::Executor
{
    Q_OBJECT
public:
    LocalExecutor(jobs::JobService &jobs, store::Store &store, logs::LogStore &logs, Runtime &runtime,
                  sched::GpuInventory inventory, sched::Capacity capacity, ExecutorSettings settings,
                  QObject *parent = nullptr);
    ~LocalExecutor() override;

    // Writes the CDI spec (simulated GPUs), then re-adopts what a previous seedd left running and queues
    // what was waiting. Returns false only for a fatal configuration error.
    bool start(QString *error);
    void setBaseUrl(const QString &url) { m_baseUrl = url; }
    // Where decorate() finds a job's GPU energy (the sampler's), by job id.
    void setEnergyLookup(std::function<std::optional<double>(const wire::Job &)> f) { m_energyLookup = std::move(f); }
    // Removes the generated CDI spec (containers already started keep their devices).
    void shutdown();

    const sched::GpuInventory &inventory() const { return m_inventory; }
    // As `ns` may see it: GPUs held by another namespace's job are in_use with no job_id.
    QJsonObject machineJson(const QString &ns) const;
    QString artifactsDir(const QString &jobId) const;
    QString repoUrl(const QString &repo) const;
    QString workspaceDir(const QString &jobId) const;
    // Where a preempted attempt's output_path outside /workspace is kept for the next attempt ("files" in it).
    QString carriedOutputDir(const QString &jobId) const;
    // The carried output_path of `job` when there is one on the host (a real file or directory), else empty.
    QString keptOutput(const wire::Job &job) const;
    bool ready() const { return m_ready; }

    // jobs::Executor
    std::optional<wire::ApiError> admissible(const wire::JobSpec &spec) override;
    std::optional<wire::ApiError> prepare(wire::Job &job) override;
    void prepareAsync(const wire::Job &job, QObject *context,
                      std::function<void(wire::Job, std::optional<wire::ApiError>)> done) override;
    void jobQueued(const wire::Job &job) override;
    void jobCancelled(const wire::Job &job, bool force) override;
    void jobDeleted(const wire::Job &job, bool deleteArtifacts) override;
    bool forceStop(const QString &jobId) override;
    wire::LogPage logs(const wire::Job &job, const wire::LogQuery &q) override;
    wire::Analytics analytics(const wire::Job &job) override;
    void decorate(wire::Job &job) override;
    bool busy(const QString &jobId) const override
    {
        const auto it = m_active.constFind(jobId);
        return it != m_active.cend() && !(*it)->finalized && !(*it)->deleted; // a deleted job's log never grows
    }

    // For telemetry: the containers of the jobs running now (phase "running").
    struct RunningContainer
    {
        QString jobId;
        QString container;
        QList<int> gpus;
    };
    QList<RunningContainer> runningContainers() const
    {
        QList<RunningContainer> out;
        for (const auto &a : m_active)
            if (a->run.phase == QLatin1String("running") && !a->concluding && !a->deleted)
                out.append({a->run.jobId, a->run.container, a->run.gpuIndices});
        return out;
    }

private:
    struct Active
    {
        store::RunRecord run;
        std::unique_ptr<QTimer> timeout;
        bool following = false;
        bool concluding = false;
        bool finalized = false; // end state, last log line and artifacts stored; only the container's removal left
        bool exited = false;    // the runtime has seen the container exit
        bool forced = false;    // SIGKILL sent (cancel?force=true)
        bool deleted = false;   // the job's row is gone: nothing is written for it any more
        bool outputCarried = false; // a preempted attempt's output_path has been saved for the next one (or could not be)
        std::optional<QDateTime> forceStopAt; // when the SIGKILL of a requested stop is due
    };
    using Outcome = jobrun::Outcome;

    static sched::Request requestFor(const wire::Job &job);
    void waitForOrphanStarters(const QSet<QString> &containers, qint64 deadlineMs, std::function<void()> then);
    void waitForOrphanStartersToEnd(const QSet<QString> &containers, qint64 deadlineMs, std::function<void()> then);
    void reconcile(const QList<store::RunRecord> &runs);
    void scheduleSoon();
    void schedule();
    void launchGrants(const QList<sched::Grant> &grants);
    // Stops a running spot job for `byJobId` (decision persisted in its run record first).
    void preempt(const QString &victimId, const QString &byJobId);
    // A preempted attempt's output_path outside the workspace, saved for the next attempt (then conclude() again).
    void carryOutput(const QString &jobId, int attempt, const QString &outputPath, const ContainerState &st,
                     const QString &reason);
    // The container of a preempted attempt has ended: back to queued at its original place, keeping its workspace.
    void requeuePreempted(const QString &jobId, Active &a, wire::Job job, const QDateTime &finishedAt);
    QString preemptionText(const wire::Job &victim, const QString &byJobId, const QDateTime &at) const;
    void enqueueInOrder(const wire::Job &job);
    void launch(const QString &jobId, const QList<int> &gpus);
    void prepareWorkspace(const QString &jobId);
    void startContainer(const QString &jobId);
    void onStarted(const QString &jobId, int attempt, const Result &r);
    void adopt(const store::RunRecord &run, const wire::Job &job);
    void armTimeout(Active &a, const wire::Job &job);
    void follow(const QString &jobId);
    void onExited(const QString &jobId, int attempt);
    void freeResources(const QString &jobId, Active &a);
    void onFollowDone(const QString &jobId, int attempt);
    void conclude(const QString &jobId, int attempt, const ContainerState &st, const QString &reason = {});
    // Moves output_path of an ended attempt into the job's artifacts (when the container produced it), then finalize().
    void saveArtifacts(const QString &jobId, int attempt, const wire::Job &job, const ContainerState &st,
                       Outcome outcome, std::optional<int> exitCode, const QString &message,
                       const QDateTime &finishedAt);
    void finalize(const QString &jobId, int attempt, Outcome outcome, std::optional<int> exitCode,
                  const QString &message, const QDateTime &finishedAt, std::optional<fs::TreeStats> artifacts);
    void requestStop(const QString &jobId, const QString &reason);
    // A forced stop from here on: the log says so, and a stop asked for later kills instead of SIGTERM.
    void markForced(const QString &jobId, Active &a);
    void cleanup(const QString &jobId, const QString &container);
    void removeStaleWork();
    void persistLater(const wire::Job &job, int triesLeft);
    void logSystem(const QString &jobId, int attempt, const QString &message);
    Active *active(const QString &jobId, int attempt);
    bool isDeleted(const QString &jobId) const;

    jobs::JobService &m_jobs;
    store::Store &m_store;
    logs::LogStore &m_logs;
    Runtime &m_runtime;
    sched::GpuInventory m_inventory;
    sched::Allocator m_alloc;
    ExecutorSettings m_settings;
    store::RunStore m_runs;
    QString m_instance;
    QString m_baseUrl;
    std::function<std::optional<double>(const wire::Job &)> m_energyLookup;
    QString m_cdiSpecFile;
    QString m_cdiError;
    bool m_ready = false;
    bool m_scheduleQueued = false;
    QList<QString> m_queue;                    // waiting job ids, FIFO (creation order, retries in place)
    QHash<QString, sched::Request> m_requests; // of the queued jobs
    QHash<QString, std::shared_ptr<Active>> m_active;
};

} // namespace seed::runtime
