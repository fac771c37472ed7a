#include "podman.h"
#include "jobrun.h"
#include "logfollower.h"
#include "logging.h"

#include "wire/lines.h"
#include "wire/timefmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <QRegularExpression>
#include <QStandardPaths>

#include <QSaveFile>
#include <QSocketNotifier>

#include <csignal>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace seed::runtime {

namespace {
// conmon's cap of a container's log file (it then starts a new one): bounds the disk while seedd is not reading.
constexpr qint64 kContainerLogMaxBytes = 256 << 20;

// conmon's pid file of a container whose log is at seedd's own path `log`: beside it.
QString conmonPidFileFor(const QString &log) { return log.isEmpty() ? QString() : log + QStringLiteral(".conmon"); }

// A container's log at seedd's own path, its read position and conmon's pid file beside it; whether the log went.
bool removeLogFiles(const QString &log)
{
    if (log.isEmpty())
        return false;
    const bool removed = QFile::remove(log);
    QFile::remove(LogFollower::positionFileFor(log));
    QFile::remove(conmonPidFileFor(log));
    return removed;
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray st = stat.readAll();
    const qsizetype close = st.lastIndexOf(')');
    return close > 0 && close + 2 < st.size() && st[close + 2] != 'Z';
}
} // namespace

bool ContainerState::lostMonitor() const
{
    return exists && running && pid > 0 && !processAlive(pid) && !processAlive(monitorPid);
}

PodmanRuntime::PodmanRuntime(PodmanSettings settings, QObject *parent) : Runtime(parent), m_settings(std::move(settings))
{
    if (m_settings.ulimits.isEmpty())
        m_settings.ulimits = defaultUlimits();
    m_removalBatch.setSingleShot(true);
    connect(&m_removalBatch, &QTimer::timeout, this, &PodmanRuntime::removePending);
}

PodmanRuntime::~PodmanRuntime()
{
    // The `podman run`s still attached to running containers go without a word (SIGKILL is never passed on to the
    // container): the containers run on, and a restarted seedd re-attaches to them.
    for (const auto &run : std::as_const(m_attached)) {
        if (QProcess *p = run->process) {
            p->disconnect(this);
            p->kill();
            p->waitForFinished(1000);
        }
    }
}

PodmanRuntime::AttachedRun::~AttachedRun() { stopWatchingMonitor(); }

void PodmanRuntime::AttachedRun::stopWatchingMonitor()
{
    monitorGone.reset();
    if (monitorFd >= 0)
        ::close(monitorFd);
    monitorFd = -1;
}

QStringList PodmanRuntime::defaultUlimits()
{
    // Podman asks for nofile=1048576 unless told otherwise, which fails where seedd's own hard limit is lower
    //: hand containers what this process may have.
    QStringList out;
    struct rlimit rl = {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0)
        out << QStringLiteral("nofile=%1:%1").arg(std::min<qulonglong>(rl.rlim_max, 1048576));
    // nproc: podman's default and seedd's own hard limit (96551 here) were both refused by runc at
    // setrlimit on the hybrid-cgroup VMs, 32768 works; a batch job needs no more.
    qulonglong nproc = 32768;
    if (::getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
        nproc = std::min<qulonglong>(nproc, rl.rlim_max);
    out << QStringLiteral("nproc=%1:%1").arg(nproc);
    return out;
}

QStringList PodmanRuntime::global() const
{
    QStringList g = m_settings.extraGlobalArgs;
    if (!m_settings.ociRuntime.isEmpty())
        g << QStringLiteral("--runtime") << m_settings.ociRuntime;
    return g;
}

QStringList PodmanRuntime::runArguments(const ContainerSpec &spec) const
{
    jobrun::PodmanRunOptions o;
    o.global = global();
    o.pull = m_settings.pull;
    o.logPath = logPath(spec.name);
    o.logMaxBytes = kContainerLogMaxBytes;
    o.detach = false;
    o.exitStatusOnly = true;
    o.conmonPidFile = conmonPidFile(spec.name);
    o.ulimits = m_settings.ulimits;
    return jobrun::podmanRunArguments(spec, o);
}

QString PodmanRuntime::logPath(const QString &container) const
{
    return m_settings.logDir.isEmpty() ? QString() : m_settings.logDir + u'/' + container + QStringLiteral(".log");
}

QString PodmanRuntime::conmonPidFile(const QString &container) const { return conmonPidFileFor(logPath(container)); }

qint64 PodmanRuntime::monitorPid(const QString &container) const
{
    const QString path = conmonPidFile(container);
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return 0;
    const qint64 pid = f.read(32).trimmed().toLongLong();
    return pid > 0 ? pid : 0;
}

int PodmanRuntime::removeLeftovers(const QSet<QString> &existing)
{
    if (m_settings.logDir.isEmpty())
        return 0;
    // `podman rm` leaves a log at a path it was given; seedd removes it with the container, but not when the
    // container went while seedd was down (removed by hand, a reboot with transient storage).
    int removed = 0;
    const QFileInfoList logs = QDir(m_settings.logDir).entryInfoList({QStringLiteral("*.log")}, QDir::Files);
    for (const QFileInfo &log : logs)
        if (!existing.contains(log.completeBaseName()) && removeLogFiles(log.filePath()))
            ++removed;
    return removed;
}

QProcess *PodmanRuntime::spawn(const QStringList &args, const QMap<QString, QString> &env, bool watcher)
{
    auto *p = new QProcess(this);
    if (watcher) {
        // A watcher (podman wait, podman logs -f) is only seedd's eyes: it goes when seedd goes, also on kill -9
        // (each one otherwise lives on at ~36 MB; a restarted seedd starts its own).
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    }
    if (!env.isEmpty()) {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        p->setProcessEnvironment(e);
    }
    p->setProgram(m_settings.program);
    p->setArguments(args);
    return p;
}

void PodmanRuntime::exec(const QStringList &args, QObject *context, std::function<void(Output)> done,
                         const QMap<QString, QString> &env)
{
    QProcess *p = spawn(args, env);
    QPointer<QObject> ctx(context);
    auto finish = std::make_shared<bool>(false);
    auto complete = [p, ctx, done, finish](Output o) {
        if (*finish)
            return;
        *finish = true;
        p->deleteLater();
        if (ctx)
            done(std::move(o));
    };
    connect(p, &QProcess::finished, context, [p, complete](int code, QProcess::ExitStatus st) {
        Output o;
        o.out = p->readAllStandardOutput();
        o.err = p->readAllStandardError();
        o.result.code = st == QProcess::NormalExit ? code : -1;
        o.result.ok = st == QProcess::NormalExit && code == 0;
        o.result.message = QString::fromUtf8(o.err).trimmed();
        if (st != QProcess::NormalExit)
            o.result.message = QStringLiteral("podman crashed: %1").arg(o.result.message);
        complete(std::move(o));
    });
    connect(p, &QProcess::errorOccurred, context, [this, p, complete](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        Output o;
        o.result.code = -1;
        o.result.message = cannotRunMessage(p);
        complete(std::move(o));
    });
    p->start();
}

QString PodmanRuntime::cannotRunMessage(const QProcess *p) const
{
    QString message = QStringLiteral("cannot run '%1': %2").arg(m_settings.program, p->errorString());
    // The hint only where it can be the cause (a missing program, not e.g. an argument list too long).
    if (QStandardPaths::findExecutable(m_settings.program).isEmpty()) // also checks an absolute path
        message += QStringLiteral(" (is Podman installed?)");
    return message;
}

void PodmanRuntime::runAttached(const ContainerSpec &spec, std::function<void(Result)> started)
{
    const QString name = spec.name;
    auto run = std::make_shared<AttachedRun>();
    m_attached.insert(name, run);
    if (const QString pidFile = conmonPidFile(name); !pidFile.isEmpty())
        QFile::remove(pidFile); // an earlier attempt's: only the monitor of this start may be read
    QProcess *p = spawn(runArguments(spec), spec.env);
    p->setStandardInputFile(QProcess::nullDevice());
    run->process = p;
    // The process's connections hold the run (they go with the process): its end is reported even after the
    // container's removal dropped it from m_attached. Only the monitor's notifier, which the run owns, holds it weakly.
    const auto onStarted = [this, run, name, started] {
        const auto &r = run;
        if (r->started)
            return;
        r->started = true;
        watchMonitor(name, r);
        started(Result{true, 0, {}});
    };
    // It prints the container's id once the container has started (as `run --detach` does before it returns).
    connect(p, &QProcess::readyReadStandardOutput, this, [p, onStarted] {
        if (p->canReadLine())
            onStarted();
    });
    connect(
        p, &QProcess::finished, this, [this, p, run, name, started, onStarted](int code, QProcess::ExitStatus status) {
            p->deleteLater();
            const auto &r = run;
            const QByteArray out = p->readAllStandardOutput();
            const QString err = QString::fromUtf8(p->readAllStandardError()).trimmed();
            if (!r->started && status == QProcess::NormalExit && !out.trimmed().isEmpty())
                onStarted(); // started and ended before its id was read
            r->ended = true;
            r->stopWatchingMonitor();
            if (!r->started) {
                if (m_attached.value(name) == r)
                    m_attached.remove(name);
                Result res;
                res.code = status == QProcess::NormalExit ? code : -1;
                res.message = status == QProcess::NormalExit ? err : QStringLiteral("podman crashed: %1").arg(err);
                if (res.message.isEmpty())
                    res.message =
                        QStringLiteral("podman run ended (exit status %1) without starting the container").arg(code);
                started(res);
                return;
            }
            // 125: podman's own error after the start (the container may run on); a crash or a kill (its monitor gone):
            // the end is not known from here.
            if (status == QProcess::NormalExit && code >= 0 && code != 125)
                r->exitCode = code;
            else if (!err.isEmpty())
                qCWarning(lcRuntime, "podman run %s: %s", qPrintable(name), qPrintable(err));
            const auto callbacks = std::exchange(r->onEnd, {});
            for (const auto &f : callbacks)
                f();
        });
    connect(p, &QProcess::errorOccurred, this, [this, p, run, name, started](QProcess::ProcessError e) {
        const auto &r = run;
        if (e != QProcess::FailedToStart || r->ended)
            return;
        r->ended = true;
        p->deleteLater();
        if (m_attached.value(name) == r)
            m_attached.remove(name);
        started(Result{false, -1, cannotRunMessage(p)});
    });
    p->start();
}

void PodmanRuntime::watchMonitor(const QString &container, const std::shared_ptr<AttachedRun> &run)
{
    // conmon writes its pid before the container starts. A pidfd becomes readable when that process has exited,
    // whoever its parent is: no polling.
    // conmon writes it 0644 whatever the umask; nothing under the data dir is open to other users (the dir is 0700
    // anyway, and a pid is no secret).
    QFile::setPermissions(conmonPidFile(container), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const qint64 pid = monitorPid(container);
    if (pid == 0)
        return;
    const int fd = int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
    if (fd < 0)
        return; // gone already, or no pidfd here: `podman wait` then watches the end
    run->monitorFd = fd;
    run->monitorWatched = true;
    run->monitorGone = std::make_unique<QSocketNotifier>(qintptr(fd), QSocketNotifier::Read);
    std::weak_ptr<AttachedRun> weak = run;
    connect(run->monitorGone.get(), &QSocketNotifier::activated, this, [this, weak, container] {
        const auto r = weak.lock();
        if (!r)
            return;
        r->monitorGone->setEnabled(false);
        // Normally `podman run` returns right after its monitor: if it has not within 2 s, the monitor was killed
        // and it would wait for ever. Ending it hands the end to `podman wait` and inspect (which tell the truth).
        QTimer::singleShot(2000, this, [weak, container] {
            const auto r2 = weak.lock();
            if (r2 && !r2->ended && r2->process) {
                qCWarning(lcRuntime, "the monitor (conmon) of %s is gone and its podman run still waits: ending it",
                          qPrintable(container));
                r2->process->kill();
            }
        });
    });
}

std::optional<ContainerState> PodmanRuntime::knownEnd(const QString &container) const
{
    const auto run = m_attached.value(container);
    // exitCode is only set when `podman run` returned normally with a status other than 125 (podman's own error).
    // The status alone cannot tell 137 (killed: out of memory?) nor 126/127 (the command could not run, podman's
    // words for it are in inspect's error) from the container's own exit: inspect says how.
    if (!run || !run->ended || !run->exitCode || *run->exitCode == 137 || *run->exitCode == 126 || *run->exitCode == 127)
        return std::nullopt;
    ContainerState st;
    st.exists = true;
    st.status = QStringLiteral("exited");
    st.exitCode = *run->exitCode;
    st.finishedAt = QDateTime::currentDateTimeUtc();
    return st;
}

void PodmanRuntime::start(const ContainerSpec &spec, QObject *context, std::function<void(Result)> done)
{
    if (!m_settings.logDir.isEmpty())
        QDir().mkpath(m_settings.logDir);
    const QString name = spec.name;
    m_starting.insert(name);
    m_sinceLastStart.start();
    // A log at our path already belongs to a leftover of this very attempt (replaced below): followers of the
    // container wait for the start instead of reading the leftover's lines.
    if (!logPath(name).isEmpty() && QFileInfo::exists(logPath(name)))
        m_leftoverLog.insert(name);
    const auto finish = [this, name, done](const Result &r) {
        m_starting.remove(name);
        m_leftoverLog.remove(name);
        // Followers that began while it started: on to `podman wait`, or to the end of what was written.
        const auto waiting = m_afterStart.take(name);
        for (const auto &next : waiting)
            next(r.ok);
        done(r);
    };
    const QPointer<QObject> ctx(context);
    runAttached(spec, [this, spec, ctx, finish](Result r) {
        if (!ctx)
            return;
        // Names are per job and attempt, so a container of this name is a leftover of this very attempt: a start
        // that an earlier seedd began and was killed in (podman finished it after seedd's restart had looked).
        // Nobody follows it: replace it once, rather than fail a job that never ran.
        if (r.ok || r.code != 125 || !r.message.contains(QLatin1String("already in use"))) {
            finish(r);
            return;
        }
        qCWarning(lcRuntime, "container %s already exists (a start interrupted by a seedd restart): replacing it",
                  qPrintable(spec.name));
        remove(spec.name, ctx, [this, spec, ctx, finish](Result) {
            if (ctx)
                runAttached(spec, [ctx, finish](Result r2) {
                    if (ctx)
                        finish(r2);
                });
        });
    });
}

void PodmanRuntime::inspect(const QString &container, QObject *context, std::function<void(ContainerState)> done)
{
    exec(global() << QStringLiteral("container") << QStringLiteral("inspect") << QStringLiteral("--format")
                  << QStringLiteral("json") << container,
         context, [done](Output o) {
             ContainerState s;
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             if (!o.result.ok || arr.isEmpty()) {
                 s.error = o.result.message;
                 done(s);
                 return;
             }
             const QJsonObject state = arr.first().toObject().value(QStringLiteral("State")).toObject();
             s.exists = true;
             s.status = state.value(QStringLiteral("Status")).toString();
             s.running = state.value(QStringLiteral("Running")).toBool();
             s.exitCode = state.value(QStringLiteral("ExitCode")).toInt(-1);
             s.oomKilled = state.value(QStringLiteral("OOMKilled")).toBool();
             s.cgroupPath = state.value(QStringLiteral("CgroupPath")).toString();
             s.error = state.value(QStringLiteral("Error")).toString();
             s.pid = qint64(state.value(QStringLiteral("Pid")).toDouble());
             s.monitorPid = qint64(state.value(QStringLiteral("ConmonPid")).toDouble());
             if (auto t = wire::parseTime(state.value(QStringLiteral("StartedAt")).toString()))
                 s.startedAt = *t;
             if (auto t = wire::parseTime(state.value(QStringLiteral("FinishedAt")).toString()))
                 s.finishedAt = *t;
             done(s);
         });
}

void PodmanRuntime::wait(const QString &container, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("wait") << container, context, [done](Output o) {
        Result r = o.result;
        if (r.ok)
            r.code = o.out.trimmed().toInt();
        done(r);
    });
}

void PodmanRuntime::stop(const QString &container, int graceSeconds, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("stop") << QStringLiteral("--time") << QString::number(graceSeconds) << container,
         context, [done](Output o) { done(o.result); });
}

void PodmanRuntime::kill(const QString &container, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("kill") << QStringLiteral("--signal") << QStringLiteral("KILL") << container,
         context, [done](Output o) { done(o.result); });
}

void PodmanRuntime::copyOut(const QString &container, const QString &path, const QString &hostDest, QObject *context,
                            std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("cp") << container + u':' + path << hostDest, context,
         [done](Output o) { done(o.result); });
}

void PodmanRuntime::remove(const QString &container, QObject *context, std::function<void(Result)> done)
{
    // A container caught in "stopping" (an earlier seedd's `podman stop` died in its grace) leaves podman's list on
    // `rm --force` while its processes run on (seen with Podman 4.3): SIGKILL it first, then remove it. Not one whose
    // own `podman run` returned its exit status: it has exited, and a second podman process per job would compete
    // with the next job's start.
    if (const auto run = m_attached.value(container); run && run->ended && run->exitCode) {
        removeExitedSoon(container, context, std::move(done));
        return;
    }
    exec(global() << QStringLiteral("kill") << QStringLiteral("--signal") << QStringLiteral("KILL") << container, context,
         [this, container, context, done](Output) { removeContainers({PendingRemoval{container, context, done}}); });
}

void PodmanRuntime::removeExitedSoon(const QString &container, QObject *context, std::function<void(Result)> done)
{
    if (m_pendingRemovals.isEmpty())
        m_sinceFirstPending.start();
    m_pendingRemovals.append(PendingRemoval{container, context, std::move(done)});
    if (m_pendingRemovals.size() >= kRemovalMaxBatch)
        removePending();
    else if (!m_removalBatch.isActive())
        m_removalBatch.start(kRemovalQuietMs);
}

void PodmanRuntime::removePending()
{
    if (m_pendingRemovals.isEmpty())
        return;
    const qint64 quietFor = m_sinceLastStart.isValid() ? m_sinceLastStart.elapsed() : kRemovalQuietMs;
    const qint64 waited = m_sinceFirstPending.elapsed();
    if (quietFor < kRemovalQuietMs && waited < kRemovalMaxWaitMs && m_pendingRemovals.size() < kRemovalMaxBatch) {
        m_removalBatch.start(int(std::min(kRemovalQuietMs - quietFor, kRemovalMaxWaitMs - waited)));
        return;
    }
    m_removalBatch.stop();
    removeContainers(std::exchange(m_pendingRemovals, {}));
}

void PodmanRuntime::removeContainers(const QList<PendingRemoval> &batch)
{
    if (batch.isEmpty())
        return;
    // --time 0: a container still running here is one nobody wants any more (a deleted job's, an orphan): no
    // second grace period of podman's default 10 s.
    QStringList args = global() << QStringLiteral("rm") << QStringLiteral("--force") << QStringLiteral("--time")
                                << QStringLiteral("0") << QStringLiteral("--ignore");
    for (const PendingRemoval &r : batch)
        args << r.container;
    exec(args, this, [this, batch](Output o) {
        for (const PendingRemoval &r : batch) {
            if (o.result.ok)
                forgetContainer(r.container);
            if (r.context && r.done)
                r.done(o.result);
        }
    });
}

void PodmanRuntime::forgetContainer(const QString &container)
{
    // A log at our own path is not podman's to delete (the job's lines are in the log store by now).
    removeLogFiles(logPath(container));
    m_attached.remove(container);
}

void PodmanRuntime::images(QObject *context, std::function<void(bool, QList<ImageInfo>, QString)> done)
{
    exec(global() << QStringLiteral("images") << QStringLiteral("--format") << QStringLiteral("json"), context,
         [done](Output o) {
             QList<ImageInfo> out;
             if (!o.result.ok) {
                 done(false, out, o.result.message);
                 return;
             }
             QHash<QString, qsizetype> byId; // podman may list an image once per tag
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             for (const QJsonValue &v : arr) {
                 const QJsonObject i = v.toObject();
                 const QString id = i.value(QStringLiteral("Id")).toString();
                 if (id.isEmpty())
                     continue;
                 if (!byId.contains(id)) {
                     ImageInfo info;
                     info.id = id;
                     info.sizeBytes = qint64(i.value(QStringLiteral("Size")).toDouble());
                     const qint64 created = qint64(i.value(QStringLiteral("Created")).toDouble());
                     if (created > 0)
                         info.createdAt = QDateTime::fromSecsSinceEpoch(created, Qt::UTC);
                     byId.insert(id, out.size());
                     out.append(info);
                 }
                 ImageInfo &info = out[byId.value(id)];
                 const QJsonArray names = i.value(QStringLiteral("Names")).toArray();
                 for (const QJsonValue &n : names) {
                     const QString name = n.toString();
                     // "<none>:<none>" and digest-only references are no name a job could use.
                     if (name.isEmpty() || name.contains(QLatin1String("<none>")) || name.contains(u'@') ||
                         info.names.contains(name))
                         continue;
                     info.names.append(name);
                 }
             }
             done(true, out, QString());
         });
}

void PodmanRuntime::list(const QString &labelKey, const QString &labelValue, QObject *context,
                         std::function<void(bool, QList<ContainerInfo>, QString)> done)
{
    exec(global() << QStringLiteral("ps") << QStringLiteral("--all") << QStringLiteral("--filter")
                  << QStringLiteral("label=%1=%2").arg(labelKey, labelValue) << QStringLiteral("--format")
                  << QStringLiteral("json"),
         context, [done](Output o) {
             QList<ContainerInfo> out;
             if (!o.result.ok) {
                 done(false, out, o.result.message);
                 return;
             }
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             for (const QJsonValue &v : arr) {
                 const QJsonObject c = v.toObject();
                 ContainerInfo info;
                 info.name = c.value(QStringLiteral("Names")).toArray().first().toString();
                 info.state = c.value(QStringLiteral("State")).toString();
                 const QJsonObject labels = c.value(QStringLiteral("Labels")).toObject();
                 for (auto it = labels.begin(); it != labels.end(); ++it)
                     info.labels.insert(it.key(), it.value().toString());
                 out.append(info);
             }
             done(true, out, {});
         });
}

} // namespace seed::runtime
