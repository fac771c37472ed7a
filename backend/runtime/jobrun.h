#pragma once

#include "runtime.h"
#include "wire/jobstatus.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

// What every runner (the local one, the Slurm one) decides the same way about one attempt of a job: how it
// ended, whether it is retried, the `[seed] ...` lines of its log, and the flags of the container it runs.
// Pure functions: no I/O, table-tested in tst_jobrun.
namespace seed::runtime::jobrun {

// Why a runner stopped an attempt, as its run record keeps it (a restarted seedd reads it back).
inline const QString kStopCancel = QStringLiteral("cancel");
inline const QString kStopTimeout = QStringLiteral("timeout");

// A job's times are whole seconds (the API's format).
inline QDateTime nowSecs() { return QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC); }

enum class Outcome { Succeeded, Failed, Cancelled, TimedOut };

// The facts known when an attempt has ended.
struct EndFacts
{
    bool cancelled = false;     // the job's row says cancelled, or a cancel stop was requested
    bool timeoutStop = false;   // the runner stopped it at its timeout
    QString reason;             // the runner's own words why it failed (start failure, lost container)
    bool exists = true;         // the container (or the runner's record of the run) still existed at the end
    bool oomKilled = false;
    int exitCode = -1;
    QString error;              // the runtime's error text of the run, appended to a failure
    int timeoutMinutes = 0;
    int memoryGb = 0;
};

struct Classification
{
    Outcome outcome = Outcome::Failed;
    QString message; // empty for a success
};

Classification classify(const EndFacts &f);
wire::JobStatus statusFor(Outcome o);

// A failed attempt is retried while retries are left; nothing else is.
bool shouldRetry(Outcome o, int retryCount, int retries);

// The `[seed] ` prefix is added by whoever stores the line.
QString attemptLine(int attempt, int retries, const QString &where, int preemptions = 0, int retryCount = 0);
QString retryLine(int attempt, const QString &message, int retryCount, int retries);
QString retryStatusMessage(const QString &message);
QString cancelRequestedLine(int graceSeconds);
QString forceStopLine();
QString cancelledWhileQueuedLine();
QString timeoutLine(int minutes, int graceSeconds);
QString endLine(wire::JobStatus status, std::optional<int> exitCode, const QString &message);
// What the collection of output_path left out (links, fifos, devices): empty when nothing was.
QString leftOutLine(int removed);

// The name of a job's attempt: its container (local runner), its Slurm job (Slurm runner, whose node containers add
// "-n"). A restarted seedd tells a job's current attempt from an older one, or from another job, by it.
QString attemptName(const QString &jobId, int attempt);

// Whether a container path is /workspace or beneath it, after cleaning ("/workspace/../etc" is not).
bool inWorkspace(const QString &containerPath);
// Whether an output_path outside /workspace is carried across a preemption (saved from the stopped container and
// bind-mounted at the same path in the next attempt). Not for paths a bind mount cannot stand on (the root, the
// kernel's file systems) nor for characters podman's --volume syntax would read as separators.
bool carriesOutput(const QString &outputPath);

// How `podman run` is invoked besides the spec itself.
struct PodmanRunOptions
{
    QStringList global;           // before the subcommand (--root of a sandbox, --runtime)
    QString pull = QStringLiteral("never");
    bool detach = true; // detached: `podman run` returns once the container has started
    // Not detached, with no output attached (--attach stdin, stdin being closed): `podman run` prints the container's
    // id once it has started, as detached, and then returns with the container's exit status: one process per job
    // instead of `run --detach` + `wait`. The output goes only to the log (read from the file). Signals to this
    // podman are not passed on to the job (--sig-proxy=false): it may be killed without touching the container.
    bool exitStatusOnly = false;
    bool removeOnExit = false;    // --rm (a node's container goes with its step)
    bool replace = false;         // --replace: a leftover of the same name (a requeued run on this node) goes first
    QString logPath;              // k8s-file log path ("" = podman's own place); only with a k8s-file log
    qint64 logMaxBytes = 0;       // 0: no --log-opt max-size
    QString conmonPidFile;        // --conmon-pidfile: where the container's monitor writes its pid ("" = none)
    bool noLog = false;           // --log-driver none: the output goes only to the attached caller
    QStringList ulimits;
    QString network;              // "" = from spec.network (bridge / none); else this mode (host)
};

// The whole argument list of `podman run` (without the program): the same flags on every runner.
QStringList podmanRunArguments(const ContainerSpec &spec, const PodmanRunOptions &o);

// A POSIX shell word that is exactly `s` (single-quoted): for the batch scripts seedd writes.
QString shellQuote(const QString &s);

} // namespace seed::runtime::jobrun
