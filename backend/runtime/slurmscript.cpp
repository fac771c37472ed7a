// SlurmExecutor, what an attempt is submitted with: sbatch's arguments (partition, resources, the backstop time
// limit, requeue for spot jobs) and the batch script that runs the job's container on each node.
#include "fs/safefs.h"
#include "jobrun.h"
#include "logging.h"
#include "slurmexecutor.h"
#include "slurmexecutor_p.h"
#include "wire/jobspec.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

#include <cmath>

namespace seed::runtime {

using wire::ErrorKind;
using wire::makeError;

SlurmExecutor::Mapping SlurmExecutor::sbatchArguments(const wire::Job &job, const QString &dir) const
{
    Mapping m;
    QStringList &a = m.args;
    const int nodes = std::max(1, job.nodes);
    const bool spot = job.spot;
    a << QStringLiteral("--parsable") << QStringLiteral("--job-name=") + jobrun::attemptName(job.id, job.retryCount)
      << QStringLiteral("--comment=") + kSlurmCommentPrefix + job.id
      << QStringLiteral("--output=") + dir + QStringLiteral("/batch.out") << QStringLiteral("--open-mode=append")
      << QStringLiteral("--chdir=") + dir;
    QString partition = m_settings.partitions.value(job.region);
    if (spot && !m_settings.spotPartition.isEmpty())
        partition = m_settings.spotPartition;
    if (!m_settings.partitions.isEmpty() && partition.isEmpty()) {
        m.error = makeError(ErrorKind::Unprocessable,
                            QStringLiteral("No Slurm partition serves region '%1' here.").arg(job.region),
                            QStringLiteral("region"));
        return m;
    }
    if (!partition.isEmpty())
        a << QStringLiteral("--partition=") + partition;
    a << QStringLiteral("--nodes=%1").arg(nodes) << QStringLiteral("--ntasks-per-node=1")
      << QStringLiteral("--cpus-per-task=%1").arg(job.cpu) << QStringLiteral("--mem=%1G").arg(job.memoryGb);
    const bool gpu = !job.gpu.isEmpty() && job.gpu != QLatin1String("none") && job.gpuCount > 0;
    if (gpu) {
        const QString type = m_settings.gresTypes.value(job.gpu, job.gpu.toLower());
        a << (type == QLatin1String("none") ? QStringLiteral("--gres=gpu:%1").arg(job.gpuCount)
                                            : QStringLiteral("--gres=gpu:%1:%2").arg(type).arg(job.gpuCount));
    }
    // Slurm's limit is a backstop only (whole minutes, at least 1): seedd's own timer stops the job at its
    // timeout with the usual grace, and Slurm ends it should seedd be down then.
    const double limitSeconds =
        double(job.timeoutMinutes) * m_settings.timeoutUnitSeconds + m_settings.cancelGraceSeconds + 60;
    a << QStringLiteral("--time=%1").arg(std::max<qint64>(1, qint64(std::ceil(limitSeconds / 60.0))));
    a << (spot ? QStringLiteral("--requeue") : QStringLiteral("--no-requeue"));
    a << dir + QStringLiteral("/batch.sh");
    return m;
}

bool SlurmExecutor::writeScripts(const wire::Job &job, int attempt, const QString &dir, QString *error)
{
    using jobrun::shellQuote;
    const QString podman = QStandardPaths::findExecutable(m_settings.podman).isEmpty()
                               ? m_settings.podman
                               : QStandardPaths::findExecutable(m_settings.podman);
    const int nodes = std::max(1, job.nodes);
    ContainerSpec spec;
    spec.name = jobrun::attemptName(job.id, attempt) + QStringLiteral("-n");
    spec.image = job.image.isEmpty() ? m_settings.defaultImage : job.image;
    spec.command = job.command;
    spec.labels = {{QStringLiteral("seed.job"), job.id},
                   {QStringLiteral("seed.attempt"), QString::number(attempt)},
                   {QStringLiteral("seed.namespace"), job.ns},
                   {QStringLiteral("seed.name"), job.name},
                   {QStringLiteral("seed.runner"), QStringLiteral("slurm")}};
    spec.publicEnv.insert(QStringLiteral("SEED_JOB_ID"), job.id);
    spec.publicEnv.insert(QStringLiteral("SEED_JOB_NAME"), job.name);
    spec.publicEnv.insert(QStringLiteral("MASTER_PORT"), QString::number(m_settings.masterPort));
    // Known only on the node, at run time: passed by name from the task's environment.
    for (const char *n : {"NNODES", "NODE_RANK", "MASTER_ADDR", "WORLD_SIZE", "SEED_ATTEMPT", "SEED_GPU_INDICES",
                          "CUDA_VISIBLE_DEVICES", "SLURM_JOB_ID", "SEED_NODE", "SEED_PREEMPTED"})
        spec.env.insert(QLatin1String(n), QString());
    QStringList secretExports;
    for (auto it = job.env.cbegin(); it != job.env.cend(); ++it) {
        if (!wire::isValidEnvName(it.key()))
            continue;
        spec.env.insert(it.key(), QString());
        secretExports << QStringLiteral("export %1=\"$SEED_SECRET_%1\"; unset SEED_SECRET_%1").arg(it.key());
    }
    spec.cpus = job.cpu;
    spec.memoryBytes = qint64(job.memoryGb) << 30;
    spec.workdir = QStringLiteral("/workspace");
    jobrun::PodmanRunOptions o;
    o.global = m_settings.podmanGlobal;
    o.pull = m_settings.pull;
    o.detach = false;
    o.removeOnExit = true;
    o.replace = true; // one podman process per node and run: no separate `podman rm` of a leftover first
    o.noLog = true;
    o.ulimits = m_settings.ulimits;
    if (nodes > 1)
        o.network = QStringLiteral("host"); // the nodes reach each other (MASTER_ADDR:MASTER_PORT)
    spec.network = m_settings.network;
    const QStringList args = jobrun::podmanRunArguments(spec, o);
    // Everything before the image, then the GPUs of this node, then image and command.
    const qsizetype imageAt = args.size() - 2;
    QStringList head;
    for (qsizetype i = 0; i < imageAt; ++i) {
        if (i > 0 && args[i - 1] == QLatin1String("--name"))
            head << shellQuote(args[i]) + QStringLiteral("\"$SLURM_NODEID\"");
        else
            head << shellQuote(args[i]);
    }
    const int grace = m_settings.cancelGraceSeconds;
    QString task;
    task +=
        QStringLiteral("#!/bin/sh\n# Written by seedd: one node of job %1, attempt %2.\n").arg(job.id).arg(attempt + 1);
    task += QStringLiteral("export NNODES=\"$SLURM_NNODES\" NODE_RANK=\"$SLURM_NODEID\" WORLD_SIZE=\"$SLURM_NNODES\"\n"
                           "export MASTER_ADDR=\"$SEED_MASTER_ADDR\" SEED_NODE=\"$SLURMD_NODENAME\"\n"
                           "export SEED_ATTEMPT=$(( ${SLURM_RESTART_COUNT:-0} + %1 ))\n"
                           "[ \"${SLURM_RESTART_COUNT:-0}\" -gt 0 ] && export SEED_PREEMPTED=1\n"
                           "export SEED_GPU_INDICES=\"${SLURM_STEP_GPUS:-${SLURM_JOB_GPUS:-}}\"\n")
                .arg(attempt + 1);
    for (const QString &e : std::as_const(secretExports))
        task += e + u'\n';
    task += QStringLiteral("name=%1\"$SLURM_NODEID\"\nPODMAN=%2\n").arg(shellQuote(spec.name), shellQuote(podman));
    QString global;
    for (const QString &g : m_settings.podmanGlobal)
        global += u' ' + shellQuote(g);
    // TERM (scancel --signal=TERM --full, a preemption, Slurm's time limit) stops the container the way the local
    // runner does: SIGTERM, SIGKILL after the grace. Detached, so that Slurm's own SIGKILL of this step cannot
    // cut the stop short.
    task += QStringLiteral("trap 'setsid -f \"$PODMAN\"%1 stop --time %2 \"$name\" >/dev/null 2>&1' TERM INT\n")
                .arg(global)
                .arg(grace);
    // USR2 (a forced cancel) kills the container at once: a SIGKILL of this step alone would leave the container
    // running (Podman's conmon is not the step's child), to be stopped later with a SIGTERM the job would see.
    task += QStringLiteral("trap 'setsid -f \"$PODMAN\"%1 kill --signal KILL \"$name\" >/dev/null 2>&1' USR2\n")
                .arg(global);
    // /workspace: a fresh directory per node and attempt (under seedd's data dir, which the nodes share), removed
    // with the job's Slurm directory when the job ends.
    task += QStringLiteral("ws=%1\"$SLURM_NODEID\"\nmkdir -p \"$ws\"\n")
                .arg(shellQuote(dir + QStringLiteral("/workspace-")));
    task += QStringLiteral("set -- %1 --volume \"$ws:/workspace\"\n").arg(head.join(u' '));
    if (!m_settings.cdiKind.isEmpty())
        task += QStringLiteral(
                    "for g in $(echo \"$SEED_GPU_INDICES\" | tr ',' ' '); do set -- \"$@\" --device %1\"=$g\"; done\n")
                    .arg(shellQuote(m_settings.cdiKind));
    task += QStringLiteral("set -- \"$@\" %1 %2\n").arg(shellQuote(args[imageAt]), shellQuote(args[imageAt + 1]));
    task += QStringLiteral("\"$PODMAN\" \"$@\" &\npid=$!\n"
                           "while :; do wait $pid; rc=$?; kill -0 $pid 2>/dev/null || break; done\nexit $rc\n");

    QString batch;
    batch += QStringLiteral("#!/bin/sh\n# Written by seedd: job %1 (%2/%3), attempt %4.\n")
                 .arg(job.id, job.ns, job.name)
                 .arg(attempt + 1);
    batch += QStringLiteral("first=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n"
                            "addr=$(scontrol show node \"$first\" -o | sed -n 's/.*NodeAddr=\\([^ ]*\\).*/\\1/p')\n"
                            "export SEED_MASTER_ADDR=\"${addr:-$first}\"\n"
                            "trap ':' TERM\n");
    batch += QStringLiteral("rm -f %1\n").arg(shellQuote(dir + QStringLiteral("/exit"))); // a requeued run's own
    batch += QStringLiteral("srun --nodes=%1 --ntasks-per-node=1 --cpus-per-task=%2 --kill-on-bad-exit=0 --output=%3 "
                            "--open-mode=append sh %4 &\n")
                 .arg(nodes)
                 .arg(job.cpu)
                 .arg(shellQuote(dir + QStringLiteral("/node-%N.out")), shellQuote(dir + QStringLiteral("/task.sh")));
    // The exit status is also left in the attempt's directory: Slurm forgets an ended job after MinJobAge, and a
    // seedd that was down longer than that (without accounting to ask) still learns how the job ended.
    batch += QStringLiteral("pid=$!\nwhile :; do wait $pid; rc=$?; kill -0 $pid 2>/dev/null || break; done\n"
                            "printf '%s\\n' \"$rc\" > %1 && mv -f %1 %2\nexit $rc\n")
                 .arg(shellQuote(dir + QStringLiteral("/exit.new")), shellQuote(dir + QStringLiteral("/exit")));

    for (const auto &[file, text] :
         {std::pair{QStringLiteral("/task.sh"), task}, std::pair{QStringLiteral("/batch.sh"), batch}}) {
        QSaveFile f(dir + file);
        if (!f.open(QIODevice::WriteOnly)) {
            *error = f.errorString();
            return false;
        }
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        f.write(text.toUtf8());
        if (!f.commit()) {
            *error = f.errorString();
            return false;
        }
    }
    return true;
}

} // namespace seed::runtime
