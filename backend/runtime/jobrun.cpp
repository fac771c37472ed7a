#include "jobrun.h"

#include <QDir>
#include <QRegularExpression>

namespace seed::runtime::jobrun {

Classification classify(const EndFacts &f)
{
    Classification c;
    QString message = f.reason;
    if (f.cancelled) {
        c.outcome = Outcome::Cancelled;
        // A cancel during a timeout's grace period: the API has already answered "cancelled" (a terminal status
        // never changes afterwards), but the message keeps that the job had run out of time first.
        if (message.isEmpty() && f.timeoutStop)
            message = QStringLiteral("Timed out after %1 minute(s), then cancelled while it was being stopped.")
                          .arg(f.timeoutMinutes);
        else if (message.isEmpty())
            message = QStringLiteral("Cancelled.");
    } else if (f.timeoutStop) {
        c.outcome = Outcome::TimedOut;
        message = QStringLiteral("Timed out after %1 minute(s).").arg(f.timeoutMinutes);
    } else if (!f.reason.isEmpty() || !f.exists) {
        c.outcome = Outcome::Failed;
        if (message.isEmpty())
            message = QStringLiteral("The container disappeared.");
    } else if (f.oomKilled) {
        c.outcome = Outcome::Failed;
        message = QStringLiteral("Out of memory: the container was killed at its %1 GB memory limit (exit %2).")
                      .arg(f.memoryGb)
                      .arg(f.exitCode);
    } else if (f.exitCode == 137) {
        // SIGKILL that seedd did not send. Podman's OOMKilled flag only covers the container's first process
        // (and stays false on hybrid cgroups): a child killed by the kernel at the memory limit (a pipeline's
        // `sort`) shows up only as this exit code.
        c.outcome = Outcome::Failed;
        message = QStringLiteral("Killed (SIGKILL, exit 137): most likely out of memory at its %1 GB memory limit "
                                 "(the kernel's OOM killer), or killed from outside seedd.")
                      .arg(f.memoryGb);
    } else if (f.exitCode == 0) {
        c.outcome = Outcome::Succeeded;
    } else {
        c.outcome = Outcome::Failed;
        message = QStringLiteral("Exited with code %1.").arg(f.exitCode);
        if (!f.error.isEmpty())
            message += u' ' + f.error;
    }
    c.message = message;
    return c;
}

wire::JobStatus statusFor(Outcome o)
{
    switch (o) {
    case Outcome::Succeeded: return wire::JobStatus::Succeeded;
    case Outcome::Failed: return wire::JobStatus::Failed;
    case Outcome::TimedOut: return wire::JobStatus::TimedOut;
    case Outcome::Cancelled: return wire::JobStatus::Cancelled;
    }
    return wire::JobStatus::Failed;
}

bool shouldRetry(Outcome o, int retryCount, int retries) { return o == Outcome::Failed && retryCount < retries; }

QString attemptLine(int attempt, int retries, const QString &where, int preemptions, int retryCount)
{
    if (preemptions > 0) // the count of attempts is open: preemptions are not bounded by `retries`
        return QStringLiteral("Attempt %1 starting as %2 (after %3 preemption(s); failures: %4 of %5 retries used).")
            .arg(attempt + 1)
            .arg(where)
            .arg(preemptions)
            .arg(retryCount)
            .arg(retries);
    return QStringLiteral("Attempt %1 of %2 starting as %3.").arg(attempt + 1).arg(retries + 1).arg(where);
}

QString retryLine(int attempt, const QString &message, int retryCount, int retries)
{
    return QStringLiteral("Attempt %1 failed: %2 Retrying (%3 of %4).")
        .arg(attempt + 1)
        .arg(message)
        .arg(retryCount + 1)
        .arg(retries);
}

QString retryStatusMessage(const QString &message) { return QStringLiteral("Retrying after: %1").arg(message); }

QString cancelRequestedLine(int graceSeconds)
{
    return QStringLiteral("Cancel requested: SIGTERM, then SIGKILL after %1 s.").arg(graceSeconds);
}

QString forceStopLine() { return QStringLiteral("Force stop requested: SIGKILL now."); }

QString cancelledWhileQueuedLine() { return QStringLiteral("Cancelled while queued."); }

QString timeoutLine(int minutes, int graceSeconds)
{
    return QStringLiteral("Timed out after %1 minute(s): stopping (SIGTERM, SIGKILL after %2 s).").arg(minutes).arg(graceSeconds);
}

QString endLine(wire::JobStatus status, std::optional<int> exitCode, const QString &message)
{
    return QStringLiteral("Job %1%2%3").arg(wire::jobStatusName(status),
                                            exitCode ? QStringLiteral(" (exit code %1)").arg(*exitCode) : QString(),
                                            message.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + message);
}

QString leftOutLine(int removed)
{
    if (removed <= 0)
        return QString();
    return QStringLiteral("Artifacts: %1 entr%2 that %3 neither a regular file nor a directory (links, fifos, devices) "
                          "left out.")
        .arg(removed)
        .arg(removed == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
        .arg(removed == 1 ? QStringLiteral("is") : QStringLiteral("are"));
}

QString attemptName(const QString &jobId, int attempt) { return QStringLiteral("seed-%1-a%2").arg(jobId).arg(attempt); }

bool inWorkspace(const QString &containerPath)
{
    const QString p = QDir::cleanPath(containerPath);
    return p == QLatin1String("/workspace") || p.startsWith(QLatin1String("/workspace/"));
}

bool carriesOutput(const QString &outputPath)
{
    static const QRegularExpression plain(QRegularExpression::anchoredPattern(QStringLiteral("/[A-Za-z0-9._+@/-]+")));
    const QString p = QDir::cleanPath(outputPath);
    if (p.isEmpty() || p == QLatin1String("/") || inWorkspace(p))
        return false;
    if (!plain.match(p).hasMatch())
        return false;
    const QString first = p.section(u'/', 1, 1);
    return first != QLatin1String("proc") && first != QLatin1String("sys") && first != QLatin1String("dev");
}

QStringList podmanRunArguments(const ContainerSpec &spec, const PodmanRunOptions &o)
{
    QStringList a = o.global;
    a << QStringLiteral("run");
    if (o.detach)
        a << QStringLiteral("--detach");
    else if (o.exitStatusOnly)
        a << QStringLiteral("--attach") << QStringLiteral("stdin") << QStringLiteral("--sig-proxy=false");
    if (o.removeOnExit)
        a << QStringLiteral("--rm");
    if (o.replace)
        a << QStringLiteral("--replace");
    a << QStringLiteral("--name") << spec.name << QStringLiteral("--pull=%1").arg(o.pull);
    if (o.noLog) {
        a << QStringLiteral("--log-driver") << QStringLiteral("none");
    } else {
        a << QStringLiteral("--log-driver") << QStringLiteral("k8s-file");
        if (!o.logPath.isEmpty())
            a << QStringLiteral("--log-opt") << QStringLiteral("path=") + o.logPath;
        if (o.logMaxBytes > 0)
            a << QStringLiteral("--log-opt") << QStringLiteral("max-size=%1").arg(o.logMaxBytes);
    }
    if (!o.conmonPidFile.isEmpty())
        a << QStringLiteral("--conmon-pidfile") << o.conmonPidFile;
    for (auto it = spec.labels.cbegin(); it != spec.labels.cend(); ++it)
        a << QStringLiteral("--label") << it.key() + u'=' + it.value();
    a << QStringLiteral("--network")
      << (!o.network.isEmpty() ? o.network : spec.network ? QStringLiteral("bridge") : QStringLiteral("none"));
    // A training job needs no raw sockets, device nodes, chroot or capability games, and never more privileges
    // than it starts with (setuid binaries included); docs/security.md lists what stays.
    a << QStringLiteral("--cap-drop") << QStringLiteral("NET_RAW,MKNOD,AUDIT_WRITE,SYS_CHROOT,SETFCAP,SETPCAP,NET_BIND_SERVICE")
      << QStringLiteral("--security-opt") << QStringLiteral("no-new-privileges");
    if (spec.cpus > 0)
        a << QStringLiteral("--cpus") << QString::number(spec.cpus, 'g', 6);
    if (spec.memoryBytes > 0)
        a << QStringLiteral("--memory") << QString::number(spec.memoryBytes);
    for (const QString &u : o.ulimits)
        a << QStringLiteral("--ulimit") << u;
    for (auto it = spec.publicEnv.cbegin(); it != spec.publicEnv.cend(); ++it)
        a << QStringLiteral("--env") << it.key() + u'=' + it.value();
    // Secrets by name only: podman copies the value from its own environment.
    for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it)
        a << QStringLiteral("--env") << it.key();
    for (const QString &d : spec.devices)
        a << QStringLiteral("--device") << d;
    for (const Mount &m : spec.mounts)
        a << QStringLiteral("--volume")
          << m.hostPath + u':' + m.containerPath + (m.readOnly ? QStringLiteral(":ro") : QString());
    a << QStringLiteral("--workdir") << spec.workdir;
    a << QStringLiteral("--entrypoint") << QStringLiteral(R"(["/bin/sh","-c"])");
    a << spec.image << spec.command;
    return a;
}

QString shellQuote(const QString &s)
{
    QString out = s;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

} // namespace seed::runtime::jobrun
