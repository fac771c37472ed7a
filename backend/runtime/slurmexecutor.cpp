#include "slurmexecutor.h"
#include "fs/safefs.h"
#include "jobrun.h"
#include "logging.h"
#include "slurmexecutor_p.h"
#include "slurmparse.h"

#include "wire/jobspec.h"
#include "wire/timefmt.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <unistd.h>

namespace seed::runtime {

using wire::ErrorKind;
using wire::makeError;

namespace {
using jobrun::kStopCancel;
using jobrun::kStopTimeout;
using jobrun::nowSecs;

// The exit status a batch script recorded in its attempt directory ("exit": one decimal 0..255), if any.
std::optional<int> recordedExit(const QString &attemptDir)
{
    const int fd = fs::openRegularFile(attemptDir + QStringLiteral("/exit"));
    if (fd < 0)
        return std::nullopt;
    char buf[16] = {};
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return std::nullopt;
    bool ok = false;
    const int v = QByteArray(buf, int(n)).trimmed().toInt(&ok);
    return ok && v >= 0 && v <= 255 ? std::optional<int>(v) : std::nullopt;
}
} // namespace

bool SlurmSettings::applyJson(const QJsonObject &s, QString *error)
{
    slurmConf = s.value(QStringLiteral("conf")).toString(slurmConf);
    const QJsonObject parts = s.value(QStringLiteral("partitions")).toObject();
    for (auto it = parts.begin(); it != parts.end(); ++it)
        partitions.insert(it.key(), it.value().toString());
    spotPartition = s.value(QStringLiteral("spot_partition")).toString(spotPartition);
    const QJsonObject gres = s.value(QStringLiteral("gres_types")).toObject();
    for (auto it = gres.begin(); it != gres.end(); ++it)
        gresTypes.insert(it.key(), it.value().toString());
    binDir = s.value(QStringLiteral("bin_dir")).toString(binDir);
    cdiKind = s.value(QStringLiteral("cdi_kind")).toString(cdiKind);
    masterPort = s.value(QStringLiteral("master_port")).toInt(masterPort);
    pollMs = s.value(QStringLiteral("poll_ms")).toInt(pollMs);
    static const QRegularExpression safeName(QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9_.-]+")));
    for (const QString &p : std::as_const(partitions))
        if (!safeName.match(p).hasMatch()) {
            *error = QStringLiteral("slurm.partitions: '%1' is not a partition name").arg(p);
            return false;
        }
    for (const QString &g : std::as_const(gresTypes))
        if (!safeName.match(g).hasMatch()) {
            *error = QStringLiteral("slurm.gres_types: '%1' is not a GRES type").arg(g);
            return false;
        }
    if (!spotPartition.isEmpty() && !safeName.match(spotPartition).hasMatch()) {
        *error = QStringLiteral("slurm.spot_partition: '%1' is not a partition name").arg(spotPartition);
        return false;
    }
    if (pollMs < 50 || masterPort <= 0 || masterPort > 65535) {
        *error = QStringLiteral("slurm.poll_ms must be >= 50 and slurm.master_port a port");
        return false;
    }
    return true;
}

SlurmExecutor::SlurmExecutor(jobs::JobService &jobs, store::Store &store, logs::LogStore &logs, SlurmSettings settings,
                             QObject *parent)
    : QObject(parent), m_jobs(jobs), m_store(store), m_logs(logs), m_settings(std::move(settings))
{
    m_poll.setInterval(m_settings.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &SlurmExecutor::poll);
}

SlurmExecutor::~SlurmExecutor() = default;

QString SlurmExecutor::attemptDir(const QString &jobId, int attempt) const
{
    return m_settings.dataDir + QStringLiteral("/slurm/") + jobId + QStringLiteral("/a") + QString::number(attempt);
}

QString SlurmExecutor::tool(const QString &name) const
{
    return m_settings.binDir.isEmpty() ? name : m_settings.binDir + u'/' + name;
}

QProcessEnvironment SlurmExecutor::toolEnv() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!m_settings.slurmConf.isEmpty())
        env.insert(QStringLiteral("SLURM_CONF"), m_settings.slurmConf);
    // A job's own environment must never steer sbatch (SBATCH_* input variables of seedd's environment neither).
    const QStringList keys = env.keys();
    for (const QString &k : keys)
        if (k.startsWith(QLatin1String("SBATCH_")) || k.startsWith(QLatin1String("SLURM_")) || k.startsWith(QLatin1String("SEED_SECRET_")))
            if (k != QLatin1String("SLURM_CONF"))
                env.remove(k);
    return env;
}

void SlurmExecutor::runTool(const QString &name, const QStringList &args, std::function<void(int, QByteArray, QByteArray)> done,
                            const QProcessEnvironment &env)
{
    auto *p = new QProcess(this);
    p->setProcessEnvironment(env.isEmpty() ? toolEnv() : env);
    connect(p, &QProcess::finished, this, [p, done](int code, QProcess::ExitStatus st) {
        p->deleteLater();
        done(st == QProcess::NormalExit ? code : -1, p->readAllStandardOutput(), p->readAllStandardError());
    });
    connect(p, &QProcess::errorOccurred, this, [p, done, name](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        p->deleteLater();
        done(-1, {}, QStringLiteral("%1 is not installed (Slurm's client tools are needed)").arg(name).toUtf8());
    });
    p->start(tool(name), args);
}

bool SlurmExecutor::start(QString *error)
{
    // Slurm must answer before seedd serves: a wrong SLURM_CONF is a configuration error, said at once.
    QProcess ping;
    ping.setProcessEnvironment(toolEnv());
    ping.start(tool(QStringLiteral("scontrol")), {QStringLiteral("ping")});
    if (!ping.waitForFinished(15000) || ping.exitStatus() != QProcess::NormalExit) {
        *error = QStringLiteral("cannot run scontrol ping (is Slurm installed, SLURM_CONF set?): %1").arg(ping.errorString());
        return false;
    }
    const QString out = QString::fromUtf8(ping.readAllStandardOutput() + ping.readAllStandardError());
    if (!out.contains(QLatin1String("is UP"))) {
        *error = QStringLiteral("the Slurm controller does not answer: %1").arg(out.trimmed().left(300));
        return false;
    }
    if (!adoptRuns(error))
        return false;
    {
        QProcess si;
        si.setProcessEnvironment(toolEnv());
        si.start(tool(QStringLiteral("sinfo")), {QStringLiteral("-h"), QStringLiteral("-N"), QStringLiteral("-o"), QStringLiteral("%N")});
        si.waitForFinished(30000);
        QStringList names = QString::fromUtf8(si.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        names.removeDuplicates();
        m_nodeCount = int(names.size());
    }
    m_ready = true;
    refreshCluster();
    m_poll.start();
    poll();
    return true;
}

std::optional<wire::ApiError> SlurmExecutor::admissible(const wire::JobSpec &spec)
{
    const wire::Job probe = wire::Job::fromSpec(spec, {});
    if (!probe.outputPath.isEmpty() && !jobrun::inWorkspace(probe.outputPath))
        return makeError(ErrorKind::Unprocessable,
                         QStringLiteral("On the Slurm runner, output_path must be under /workspace (the first node's "
                                        "workspace, kept on the shared file system); '%1' would be lost with the container.")
                             .arg(probe.outputPath),
                         QStringLiteral("output_path"));
    if (!m_settings.partitions.isEmpty() && !m_settings.partitions.contains(probe.region))
        return makeError(ErrorKind::Unprocessable,
                         QStringLiteral("No Slurm partition serves region '%1' here (regions served: %2).")
                             .arg(probe.region, QStringList(m_settings.partitions.keys()).join(QStringLiteral(", "))),
                         QStringLiteral("region"));
    return std::nullopt;
}

void SlurmExecutor::jobQueued(const wire::Job &job)
{
    auto r = std::make_shared<Run>();
    r->jobId = job.id;
    r->attempt = job.retryCount;
    m_runs.insert(job.id, r);
    if (m_ready)
        submit(job.id);
}

void SlurmExecutor::submit(const QString &jobId)
{
    auto job = m_store.jobById(jobId);
    const auto it = m_runs.find(jobId);
    if (it == m_runs.end())
        return;
    Run &r = **it;
    if (!job || job->status != wire::JobStatus::Queued) {
        m_runs.remove(jobId);
        return;
    }
    r.attempt = job->retryCount;
    const QString dir = attemptDir(jobId, r.attempt);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    QFile::setPermissions(m_settings.dataDir + QStringLiteral("/slurm"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const Mapping m = sbatchArguments(*job, dir);
    QString err;
    if (m.error)
        err = m.error->message;
    else if (!writeScripts(*job, r.attempt, dir, &err))
        err = QStringLiteral("cannot write the batch script: %1").arg(err);
    if (!err.isEmpty()) {
        onEnded(jobId, {}, err);
        return;
    }
    // Secret values travel in sbatch's environment (Slurm keeps it with the job), never in a script or argument.
    QProcessEnvironment env = toolEnv();
    for (auto e = job->env.cbegin(); e != job->env.cend(); ++e)
        if (wire::isValidEnvName(e.key()))
            env.insert(QStringLiteral("SEED_SECRET_") + e.key(), e.value());
    const int attempt = r.attempt;
    runTool(QStringLiteral("sbatch"), m.args, [this, jobId, attempt, job = *job](int code, QByteArray out, QByteArray errOut) {
        const auto it = m_runs.find(jobId);
        if (it == m_runs.end() || (*it)->attempt != attempt) {
            // Deleted meanwhile: whatever was submitted goes.
            if (code == 0)
                runTool(QStringLiteral("scancel"), {QString::fromUtf8(out).trimmed().section(u';', 0, 0)}, [](int, QByteArray, QByteArray) {});
            return;
        }
        Run &r = **it;
        if (code != 0) {
            onEnded(jobId, {}, QStringLiteral("Slurm refused the job (sbatch exit %1): %2").arg(code).arg(QString::fromUtf8(errOut).trimmed().left(400)));
            return;
        }
        r.slurmId = QString::fromUtf8(out).trimmed().section(u';', 0, 0);
        r.submittedMs = QDateTime::currentMSecsSinceEpoch();
        saveRun(r);
        logSystem(jobId, attempt, QStringLiteral("Submitted to Slurm as job %1.").arg(r.slurmId));
        if (r.cancelledBeforeSubmit || r.deleted)
            runTool(QStringLiteral("scancel"), {r.slurmId}, [](int, QByteArray, QByteArray) {});
        Q_UNUSED(job);
    }, env);
}

void SlurmExecutor::saveRun(const Run &r)
{
    if (r.deleted)
        return;
    QJsonObject offs;
    for (auto it = r.offsets.cbegin(); it != r.offsets.cend(); ++it)
        offs.insert(it.key(), double(it.value()));
    const QJsonObject o{{QStringLiteral("slurm_id"), r.slurmId},
                        {QStringLiteral("attempt"), r.attempt},
                        {QStringLiteral("restarts"), r.restarts},
                        {QStringLiteral("ever_ran"), r.everRan},
                        {QStringLiteral("stop_reason"), r.stopReason},
                        {QStringLiteral("offsets"), offs}};
    QSaveFile f(attemptDir(r.jobId, r.attempt) + QStringLiteral("/run.json"));
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        f.commit();
    }
}

void SlurmExecutor::logSystem(const QString &jobId, int attempt, const QString &message)
{
    const auto it = m_runs.constFind(jobId);
    if (it != m_runs.cend() && (*it)->deleted)
        return;
    m_logs.append(jobId, attempt, logs::Source::System, QStringLiteral("[seed] ") + message);
}

void SlurmExecutor::poll()
{
    if (m_polling || !m_ready)
        return;
    m_polling = true;
    const qint64 askedMs = QDateTime::currentMSecsSinceEpoch();
    runTool(QStringLiteral("squeue"), queueArguments(), [this, askedMs](int code, QByteArray out, QByteArray err) {
        m_polling = false;
        if (code != 0) {
            qCWarning(lcRuntime, "squeue: %s", err.trimmed().constData());
            return;
        }
        const std::optional<QList<slurm::QueuedJob>> jobs = slurm::parseQueue(out);
        if (!jobs) {
            qCWarning(lcRuntime, "squeue --json gave no job list (%lld bytes): no conclusion from it",
                      qlonglong(out.size()));
            return;
        }
        onQueue(*jobs, askedMs);
    });
    if (QDateTime::currentMSecsSinceEpoch() - m_lastClusterMs > 2000)
        refreshCluster();
}

void SlurmExecutor::onQueue(const QList<slurm::QueuedJob> &jobs, qint64 askedMs)
{
    QHash<QString, slurm::QueuedJob> byId;
    for (const slurm::QueuedJob &o : jobs)
        byId.insert(o.id, o);
    const QStringList ids = m_runs.keys();
    for (const QString &jobId : ids) {
        const auto it = m_runs.find(jobId);
        if (it == m_runs.end())
            continue;
        std::shared_ptr<Run> r = *it;
        if (r->slurmId.isEmpty())
            continue;
        if (!byId.contains(r->slurmId)) {
            // A listing asked for before sbatch answered cannot know the job yet: no conclusion from it.
            if (r->submittedMs >= askedMs)
                continue;
            onEnded(jobId, {}, QStringLiteral("Slurm no longer knows job %1 (it ended longer ago than Slurm's MinJobAge, "
                                              "and there is no accounting to ask): its end state and exit code are unknown.")
                                   .arg(r->slurmId));
            continue;
        }
        const slurm::QueuedJob sj = byId.value(r->slurmId);
        if (sj.name != jobrun::attemptName(jobId, r->attempt)) {
            // The id is another job's now (Slurm's numbering began again after a reset): ours is gone.
            onEnded(jobId, {}, QStringLiteral("Slurm no longer knows job %1 (its id now names another job): its end "
                                              "state and exit code are unknown.")
                                   .arg(r->slurmId));
            continue;
        }
        const QString &state = sj.state;
        readOutput(*r, false);
        if (sj.restarts > r->restarts) {
            onRequeued(*r, sj, jobs);
            r->restarts = sj.restarts;
            saveRun(*r);
        }
        if (state == QLatin1String("RUNNING") && r->state != state)
            onRunning(*r, sj);
        r->state = state;
        if (!slurm::isActive(state))
            onEnded(jobId, sj);
    }
}

void SlurmExecutor::readOutput(Run &r, bool final)
{
    if (r.deleted)
        return;
    const QString dir = attemptDir(r.jobId, r.attempt);
    const QStringList files = QDir(dir).entryList({QStringLiteral("*.out")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        // Written by Slurm, in a directory no container mounts; opened as a regular file only all the same (no
        // link followed, never blocking on a fifo), as everything seedd reads as root.
        const int fd = fs::openRegularFile(dir + u'/' + name);
        QFile f;
        if (fd < 0 || !f.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
            if (fd >= 0)
                ::close(fd);
            continue;
        }
        const qint64 from = r.offsets.value(name);
        if (f.size() <= from)
            continue;
        f.seek(from);
        QByteArray data = r.partial.take(name) + f.read(8 << 20);
        const qint64 readTo = f.pos();
        qsizetype end = data.lastIndexOf('\n');
        QByteArray rest;
        if (end < 0 && !final) {
            r.partial.insert(name, data);
            r.offsets.insert(name, readTo);
            continue;
        }
        if (end >= 0) {
            rest = data.mid(end + 1);
            data.truncate(end);
        }
        if (final && !rest.isEmpty()) {
            data += (data.isEmpty() ? QByteArray() : QByteArray("\n")) + rest;
            rest.clear();
        }
        if (!rest.isEmpty())
            r.partial.insert(name, rest);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        LogBatch batch;
        const QList<QByteArray> lines = data.split('\n');
        for (const QByteArray &l : lines)
            batch.append({now, QString::fromUtf8(l)});
        // node-<NODE>.out: that node's lines (srun --output=...%N); batch.out: the batch shell's and Slurm's own.
        const QString node = name.startsWith(QLatin1String("node-")) ? name.mid(5).chopped(4) : QString();
        if (!batch.isEmpty())
            m_logs.append(r.jobId, r.attempt, logs::Source::Output, batch, node);
        r.offsets.insert(name, readTo);
        saveRun(r); // after the lines are stored: a crash between the two repeats lines, never loses them
    }
}

void SlurmExecutor::onRunning(Run &r, const slurm::QueuedJob &sj)
{
    auto job = m_store.jobById(r.jobId);
    if (!job)
        return;
    r.everRan = true;
    r.nodes = sj.nodes;
    r.attemptStartedAt = sj.startTime > 0 ? QDateTime::fromSecsSinceEpoch(sj.startTime, Qt::UTC) : nowSecs();
    saveRun(r);
    logSystem(
        r.jobId, r.attempt,
        jobrun::attemptLine(r.attempt, job->retries,
                            QStringLiteral("Slurm job %1 on %2 (partition %3)").arg(r.slurmId, r.nodes, sj.partition)));
    if (job->status == wire::JobStatus::Queued) {
        job->status = wire::JobStatus::Running;
        if (!job->startedAt)
            job->startedAt = *r.attemptStartedAt;
        else
            job->attemptStartedAt = *r.attemptStartedAt; // a rerun after a preemption
        job->exitCode.reset();
        job->statusMessage.clear();
        job->preemptedBy.clear();
        job->preemptedAt.reset();
        m_jobs.update(*job);
    }
    if (r.stopReason.isEmpty())
        armTimeout(r, *job);
    else
        requestStop(r.jobId, r.stopReason);
}

void SlurmExecutor::onRequeued(Run &r, const slurm::QueuedJob &sj, const QList<slurm::QueuedJob> &all)
{
    r.timeout.reset();
    r.everRan = false;
    auto job = m_store.jobById(r.jobId);
    if (!job || wire::isTerminal(job->status))
        return;
    const QDateTime when = sj.preemptTime > 0 ? QDateTime::fromSecsSinceEpoch(sj.preemptTime, Qt::UTC) : nowSecs();
    const QString whenText = wire::formatTime(when);
    QString who = QStringLiteral("a higher-priority Slurm job");
    std::optional<QString> byId;
    if (const std::optional<slurm::QueuedJob> by =
            slurm::likelyPreemptor(sj, all, QDateTime::currentSecsSinceEpoch())) {
        const QString &c = by->comment;
        const auto other =
            c.startsWith(kSlurmCommentPrefix) ? m_store.jobById(c.mid(kSlurmCommentPrefix.size())) : std::nullopt;
        if (other && other->ns == job->ns) {
            who = QStringLiteral("%1 (%2)").arg(other->name, other->id);
            byId = other->id;
        } else if (other) {
            who = QStringLiteral("a job of another namespace"); // never named across namespaces
        } else {
            who = QStringLiteral("Slurm job %1 (not a Seed job)").arg(by->id);
        }
    }
    logSystem(r.jobId, r.attempt,
              QStringLiteral("Preempted by %1 at %2: stopping (grace %3 s)").arg(who, whenText).arg(m_settings.cancelGraceSeconds));
    // Only the time run counts (runtime_seconds, total_cost): this run's share is kept, the wait is not.
    const QDateTime began = job->attemptStartedAt.value_or(job->startedAt.value_or(when));
    job->priorRunSeconds += std::max<qint64>(0, began.secsTo(when));
    job->attemptStartedAt.reset();
    job->preemptions += 1;
    job->preemptedBy = byId.value_or(QString());
    job->preemptedAt = when;
    job->status = wire::JobStatus::Queued;
    job->statusMessage = QStringLiteral("Preempted by %1 at %2; waiting for resources").arg(who, whenText);
    m_jobs.update(*job);
}

void SlurmExecutor::armTimeout(Run &r, const wire::Job &job)
{
    const QDateTime start = r.attemptStartedAt.value_or(QDateTime::currentDateTimeUtc());
    const qint64 limitMs = qint64(std::llround(double(job.timeoutMinutes) * m_settings.timeoutUnitSeconds * 1000.0));
    const qint64 leftMs = std::max<qint64>(0, start.toMSecsSinceEpoch() + limitMs - QDateTime::currentMSecsSinceEpoch());
    r.timeout = std::make_unique<QTimer>();
    r.timeout->setSingleShot(true);
    r.timeout->setInterval(int(std::min<qint64>(leftMs, 0x7fffffff)));
    connect(r.timeout.get(), &QTimer::timeout, this, [this, jobId = r.jobId, attempt = r.attempt, minutes = job.timeoutMinutes] {
        const auto it = m_runs.constFind(jobId);
        if (it == m_runs.cend() || (*it)->attempt != attempt)
            return;
        logSystem(jobId, attempt, jobrun::timeoutLine(minutes, m_settings.cancelGraceSeconds));
        requestStop(jobId, kStopTimeout);
    });
    r.timeout->start();
}

void SlurmExecutor::onEnded(const QString &jobId, const std::optional<slurm::QueuedJob> &sj, const QString &lostReason)
{
    const auto it = m_runs.find(jobId);
    if (it == m_runs.end())
        return;
    std::shared_ptr<Run> r = *it;
    if (r->collecting)
        return; // its artifacts are being saved: finishJob() follows
    readOutput(*r, true);
    r->timeout.reset();
    r->kill.reset();
    auto job = m_store.jobById(jobId);
    if (!job) {
        m_runs.remove(jobId);
        return;
    }
    const QString state = sj ? sj->state : QString();
    jobrun::EndFacts f;
    f.cancelled = job->status == wire::JobStatus::Cancelled || r->stopReason == kStopCancel;
    f.timeoutStop = r->stopReason == kStopTimeout || state == QLatin1String("TIMEOUT");
    f.oomKilled = state == QLatin1String("OUT_OF_MEMORY");
    f.timeoutMinutes = job->timeoutMinutes;
    f.memoryGb = job->memoryGb;
    std::optional<int> exitCode;
    if (sj) {
        f.exitCode = slurm::exitCodeOf(sj->exitStatus);
        if (r->everRan || state != QLatin1String("CANCELLED"))
            exitCode = f.exitCode;
    }
    f.reason = lostReason;
    f.exists = lostReason.isEmpty() || sj || r->slurmId.isEmpty();
    if (!sj && !lostReason.isEmpty() && !r->slurmId.isEmpty()) {
        if (const std::optional<int> recorded = recordedExit(attemptDir(jobId, r->attempt))) {
            // Slurm forgot the job, but its batch script left the exit status: the true end, not "unknown".
            f.reason.clear();
            f.exists = true;
            f.exitCode = *recorded;
            exitCode = *recorded;
            logSystem(jobId, r->attempt, QStringLiteral("Slurm no longer knows job %1 (it ended while seedd was down, longer "
                                                        "ago than MinJobAge); its exit status %2 is the one its batch "
                                                        "script recorded.")
                                             .arg(r->slurmId)
                                             .arg(*recorded));
        }
    }
    if (f.reason.isEmpty() && !f.cancelled && !f.timeoutStop)
        f.reason = slurm::endReason(state);
    const jobrun::Classification c = jobrun::classify(f);
    const int attempt = r->attempt;
    if (jobrun::shouldRetry(c.outcome, job->retryCount, job->retries) && r->slurmId.size() > 0) {
        logSystem(jobId, attempt, jobrun::retryLine(attempt, c.message, job->retryCount, job->retries));
        job->status = wire::JobStatus::Queued;
        job->retryCount += 1;
        job->exitCode = exitCode;
        job->statusMessage = jobrun::retryStatusMessage(c.message);
        m_jobs.update(*job);
        m_runs.remove(jobId);
        QDir(attemptDir(jobId, attempt)).removeRecursively();
        jobQueued(*job); // a new sbatch: a new Slurm job for the new attempt
        return;
    }
    const qint64 end = sj ? sj->endTime : 0;
    const QDateTime finishedAt = end > 0 && end < QDateTime::currentSecsSinceEpoch() + 86400
                                     ? QDateTime::fromSecsSinceEpoch(end, Qt::UTC)
                                     : nowSecs();
    if (job->outputPath.isEmpty() || !jobrun::inWorkspace(job->outputPath)) {
        finishJob(jobId, attempt, c, exitCode, finishedAt, std::nullopt);
        return;
    }
    // output_path is in the first node's workspace (on the shared file system): moved into the artifacts without
    // following any link the job planted, off the event loop, as the local runner does.
    r->collecting = true;
    const QString dest = artifactsDir(jobId);
    const QString rel = QDir::cleanPath(job->outputPath).mid(10); // beneath "/workspace/"
    QtConcurrent::run([ws = attemptDir(jobId, attempt) + QStringLiteral("/workspace-0"), rel, dest] {
        QDir(dest).removeRecursively();
        QDir().mkpath(dest);
        return fs::collectBeneath(ws, rel, dest + QStringLiteral("/files"));
    }).then(this, [this, jobId, attempt, c, exitCode, finishedAt, dest, path = job->outputPath](const fs::CollectResult &cr) {
        const auto it = m_runs.constFind(jobId);
        if (it == m_runs.cend() || (*it)->deleted)
            return; // deleted meanwhile: jobDeleted removed what was saved
        std::optional<wire::Artifacts> saved;
        if (!cr.ok) {
            fs::removeTreeInBackground(dest);
            logSystem(jobId, attempt, QStringLiteral("No artifacts saved: %1").arg(cr.message));
        } else {
            saved = wire::Artifacts{path, cr.stats.bytes, cr.stats.files, QString()};
            if (cr.stats.removed > 0)
                logSystem(jobId, attempt, jobrun::leftOutLine(cr.stats.removed));
        }
        finishJob(jobId, attempt, c, exitCode, finishedAt, saved);
    });
}

void SlurmExecutor::finishJob(const QString &jobId, int attempt, const jobrun::Classification &c,
                              std::optional<int> exitCode, const QDateTime &finishedAt,
                              std::optional<wire::Artifacts> artifacts)
{
    auto job = m_store.jobById(jobId);
    if (!job) {
        m_runs.remove(jobId);
        return;
    }
    // A cancel answered while the artifacts were saved stays the outcome, with the run's exit code.
    const bool cancelled = job->status == wire::JobStatus::Cancelled;
    if (!wire::isTerminal(job->status) || cancelled) {
        const wire::JobStatus settled = wire::settledStatus(job->status, jobrun::statusFor(c.outcome));
        if (settled != job->status) {
            job->status = settled;
            job->statusMessage = c.outcome == jobrun::Outcome::Succeeded ? QString() : c.message;
        }
        job->exitCode = exitCode;
        if (c.outcome != jobrun::Outcome::Cancelled || !job->completedAt)
            job->completedAt = std::max(finishedAt, job->startedAt.value_or(finishedAt));
        if (!job->startedAt && c.outcome != jobrun::Outcome::Cancelled)
            job->startedAt = job->completedAt;
    }
    if (artifacts)
        job->artifacts = artifacts;
    m_jobs.update(*job);
    logSystem(jobId, attempt, jobrun::endLine(job->status, exitCode, c.message));
    m_runs.remove(jobId);
    fs::removeTreeInBackground(m_settings.dataDir + QStringLiteral("/slurm/") + jobId);
}

QString SlurmExecutor::artifactsDir(const QString &jobId) const
{
    return m_settings.dataDir + QStringLiteral("/artifacts/") + jobId;
}

} // namespace seed::runtime
