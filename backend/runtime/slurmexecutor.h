#pragma once

#include "jobrun.h"
#include "jobs/executor.h"
#include "jobs/jobservice.h"
#include "logs/logstore.h"
#include "slurmparse.h"
#include "store/store.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QProcessEnvironment>
#include <QTimer>

#include <functional>
#include <memory>

namespace seed::runtime {

// The "slurm" section of seedd's config file (docs/scale-out.md).
struct SlurmSettings
{
    QString dataDir;
    QString slurmConf;                     // "" = SLURM_CONF of seedd's environment (or Slurm's default)
    QMap<QString, QString> partitions;     // region -> partition; empty = Slurm's default partition for every region
    QString spotPartition;                 // where spot jobs go (a PreemptMode=REQUEUE partition)
    QMap<QString, QString> gresTypes;      // contract GPU type -> GRES type ("none": untyped GRES)
    QString binDir;                        // "" = sbatch, squeue ... from PATH
    QString podman = QStringLiteral("podman");
    QStringList podmanGlobal;              // before podman's subcommand on the nodes (--root of a sandbox)
    QString pull = QStringLiteral("never");
    QStringList ulimits;
    QString cdiKind;                       // "" = no --device (fake GPUs); else KIND=<index> per allocated GPU
    QString defaultImage = QStringLiteral("docker.io/library/python:3.12-slim");
    bool network = false;                  // single-node jobs; multi-node jobs use the host network
    int masterPort = 29500;
    int cancelGraceSeconds = 30;
    double timeoutUnitSeconds = 60;
    int pollMs = 500;

    bool applyJson(const QJsonObject &section, QString *error);
};

// The Executor that hands jobs to a Slurm cluster through Slurm's own tools (sbatch, squeue, scontrol, scancel):
// Slurm decides placement, GRES, preemption and requeue. seedd writes one batch script per attempt, follows the
// job through `squeue --json`, tails the nodes' output files into the LogStore, and re-finds its jobs by their
// comment (seed:<job id>) after a restart.
class SlurmExecutor : public QObject, public jobs::Executor
{
    Q_OBJECT
public:
    SlurmExecutor(jobs::JobService &jobs, store::Store &store, logs::LogStore &logs, SlurmSettings settings,
                  QObject *parent = nullptr);
    ~SlurmExecutor() override;

    bool start(QString *error);
    void setBaseUrl(const QString &url) { m_baseUrl = url; }
    QString artifactsDir(const QString &jobId) const;
    QJsonObject machineJson(const QString &ns) const;
    QJsonObject analyticsJson(const wire::Job &job) const;

    // jobs::Executor
    std::optional<wire::ApiError> admissible(const wire::JobSpec &spec) override;
    void jobQueued(const wire::Job &job) override;
    void jobCancelled(const wire::Job &job, bool force) override;
    bool forceStop(const QString &jobId) override;
    void jobDeleted(const wire::Job &job, bool deleteArtifacts) override;
    wire::LogPage logs(const wire::Job &job, const wire::LogQuery &q) override;
    wire::Analytics analytics(const wire::Job &job) override;
    void decorate(wire::Job &job) override;
    bool busy(const QString &jobId) const override { return m_runs.contains(jobId); }
    int maxNodes() const override { return std::max(1, m_nodeCount); }
    bool isCluster() const override { return true; }

    // The sbatch arguments of one attempt (tested in tst_slurm's mapping table).
    struct Mapping
    {
        QStringList args;
        std::optional<wire::ApiError> error;
    };
    Mapping sbatchArguments(const wire::Job &job, const QString &attemptDir) const;

private:
    struct Run
    {
        QString jobId;
        int attempt = 0;
        QString slurmId;         // "" while sbatch runs
        qint64 submittedMs = 0;  // when sbatch answered (0: found again after a restart)
        QString state;           // Slurm's last job_state
        int restarts = 0;        // Slurm's restart_cnt seen
        bool everRan = false;
        QString stopReason;      // cancel | timeout
        bool forced = false;
        bool cancelledBeforeSubmit = false;
        bool deleted = false;
        bool collecting = false; // ended; its output_path is being saved into the artifacts
        QString nodes;
        QHash<QString, qint64> offsets; // output file name -> bytes stored
        QHash<QString, QByteArray> partial;
        std::unique_ptr<QTimer> timeout;
        std::unique_ptr<QTimer> kill;
        std::optional<QDateTime> forceStopAt;
        std::optional<QDateTime> attemptStartedAt;
        qint64 ranMs = 0;        // time run by earlier (preempted) runs of this attempt
    };

    QString attemptDir(const QString &jobId, int attempt) const;
    // At start: the runs an earlier seedd left, found again in Slurm (slurmadoption.cpp); false with *error when
    // squeue gives no listing.
    bool adoptRuns(QString *error);
    static void restoreRun(Run &r, const QJsonObject &saved, const QString &slurmId, int restarts);
    // The job's terminal record, end line and clean-up (after its artifacts, when it has an output_path).
    void finishJob(const QString &jobId, int attempt, const jobrun::Classification &c, std::optional<int> exitCode,
                   const QDateTime &finishedAt, std::optional<wire::Artifacts> artifacts);
    QString tool(const QString &name) const;
    QProcessEnvironment toolEnv() const;
    void runTool(const QString &name, const QStringList &args, std::function<void(int, QByteArray, QByteArray)> done,
                 const QProcessEnvironment &env = {});
    void submit(const QString &jobId);
    bool writeScripts(const wire::Job &job, int attempt, const QString &dir, QString *error);
    void poll();
    void onQueue(const QList<slurm::QueuedJob> &jobs, qint64 askedMs);
    void readOutput(Run &r, bool final);
    void onRunning(Run &r, const slurm::QueuedJob &sj);
    void onRequeued(Run &r, const slurm::QueuedJob &sj, const QList<slurm::QueuedJob> &all);
    void onEnded(const QString &jobId, const std::optional<slurm::QueuedJob> &sj, const QString &lostReason = {});
    void requestStop(const QString &jobId, const QString &reason);
    // The follow-up of a stop: `scancel ARGS` after delayMs, unless the run goes first (the timer goes with it).
    void scancelLater(Run &r, int delayMs, const QStringList &args);
    void armTimeout(Run &r, const wire::Job &job);
    void saveRun(const Run &r);
    void logSystem(const QString &jobId, int attempt, const QString &message);
    void refreshCluster();
    void refreshNodes();

    jobs::JobService &m_jobs;
    store::Store &m_store;
    logs::LogStore &m_logs;
    SlurmSettings m_settings;
    QString m_baseUrl;
    QTimer m_poll;
    bool m_polling = false;
    bool m_ready = false;
    qint64 m_lastClusterMs = 0;
    QJsonArray m_nodes;               // sinfo --json (22.05) or scontrol show nodes --json, as /machine shows it
    bool m_nodesFromScontrol = false; // this Slurm groups `sinfo --json` (23.02 on)
    int m_nodeCount = 0;
    QJsonArray m_partitions; // scontrol show partition, as /machine shows it
    QHash<QString, std::shared_ptr<Run>> m_runs;
    QHash<QString, QString> m_names; // slurm job id -> seed job id of finished runs awaiting squeue's last word
};

} // namespace seed::runtime
