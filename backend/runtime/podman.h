#pragma once

#include "runtime.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <memory>

class QProcess;
class QSocketNotifier;

namespace seed::runtime {

struct PodmanSettings
{
    QString program = QStringLiteral("podman");
    QString ociRuntime = QStringLiteral("runc"); // "" = podman's default; crun where cgroup v2 allows
    QString pull = QStringLiteral("never");      // never | missing | always | newer
    QStringList ulimits;                          // e.g. "nofile=20000:20000"; empty = from seedd's hard limits
    QStringList extraGlobalArgs;                  // before the subcommand (e.g. --root for a sandbox)
    // Where containers' k8s-file logs go (`--log-opt path=DIR/NAME.log`): capture starts reading the moment
    // `podman run` returns, without asking `podman container inspect` for the path first (~0.15 s of a flood
    // otherwise reached clients as one backlog). "" = podman's own place, found through inspect.
    QString logDir;
    // Unread container output beyond this is skipped, its lines counted and reported in the job's log, so that
    // a job printing faster than seedd can store never outruns it for ever (config runtime.log_backlog_mb).
    qint64 logBacklogBytes = 64ll << 20;
};

// The container id in conmon's command line (NUL-separated, /proc/PID/cmdline), provided it is the monitor of
// `container` ("-n NAME"); "" otherwise.
QString containerIdOfMonitor(const QByteArray &cmdline, const QString &container);
// The container's cgroup in /proc/PID/cgroup of a process in it: the memory controller's path (cgroup v1) or the
// unified one (v2), cut after the component "libpod-ID" or "libpod-ID.scope" (whatever the job made beneath it);
// "" when no such component is there (the process is not in the container's cgroup yet).
QString containerCgroupOf(const QByteArray &procCgroup, const QString &containerId);

// Podman through its command line: QProcess with argument lists, never a shell string.
class PodmanRuntime : public Runtime
{
    Q_OBJECT
public:
    explicit PodmanRuntime(PodmanSettings settings, QObject *parent = nullptr);
    ~PodmanRuntime() override;

    QString name() const override { return QStringLiteral("podman"); }
    const PodmanSettings &settings() const { return m_settings; }

    // The arguments of `podman run` for a spec (tested directly; secrets appear as names only).
    QStringList runArguments(const ContainerSpec &spec) const;
    // The k8s-file log of a container started with settings().logDir set ("" without one).
    QString logPath(const QString &container) const;
    int removeLeftovers(const QSet<QString> &existing) override;
    int killOrphanWatchers(const QSet<QString> &containers) override;
    QList<qint64> orphanStarters(const QSet<QString> &containers) const override;
    int endOrphanStarters(const QSet<QString> &startedContainers) override;
    static QStringList defaultUlimits();

    void start(const ContainerSpec &spec, QObject *context, std::function<void(Result)> done) override;
    // With our own log path the file is known before the container exists: tailing starts with `podman run`.
    bool canFollowWhileStarting() const override { return !m_settings.logDir.isEmpty(); }
    void follow(const QString &container, qint64 skipLines, QObject *context,
                std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                std::function<void()> done) override;
    void inspect(const QString &container, QObject *context, std::function<void(ContainerState)> done) override;
    // From /proc: the cgroup of the child of the container's monitor (conmon), cut at the component that names the
    // container's id as conmon has it. No podman process (an inspect costs about as much CPU as a trivial job's start).
    QString knownCgroup(const QString &container) const override;
    std::optional<ContainerState> knownEnd(const QString &container) const override;
    void wait(const QString &container, QObject *context, std::function<void(Result)> done) override;
    void stop(const QString &container, int graceSeconds, QObject *context, std::function<void(Result)> done) override;
    void kill(const QString &container, QObject *context, std::function<void(Result)> done) override;
    void copyOut(const QString &container, const QString &path, const QString &hostDest, QObject *context,
                 std::function<void(Result)> done) override;
    void remove(const QString &container, QObject *context, std::function<void(Result)> done) override;
    void list(const QString &labelKey, const QString &labelValue, QObject *context,
              std::function<void(bool, QList<ContainerInfo>, QString)> done) override;
    void images(QObject *context, std::function<void(bool, QList<ImageInfo>, QString)> done) override;

private:
    struct Output
    {
        Result result;
        QByteArray out;
        QByteArray err;
    };
    QProcess *spawn(const QStringList &args, const QMap<QString, QString> &env = {}, bool watcher = false);
    void exec(const QStringList &args, QObject *context, std::function<void(Output)> done,
              const QMap<QString, QString> &env = {});
    QStringList global() const;
    // follow(): the k8s-file log read directly (complete, partial records joined), or `podman logs -f`.
    void tailLogFile(const QString &container, const QString &path, qint64 skipLines, QObject *context,
                     std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                     std::function<void()> done);
    void followWithPodmanLogs(const QString &container, qint64 skipLines, QObject *context,
                              std::function<void(const LogBatch &)> lines, std::function<void()> done);

    // A start's `podman run` stays until its container exits (jobrun's exitStatusOnly): it says when the container
    // has started (it prints the id) and, by its own exit status, how the container ended, so that no `podman wait`
    // (and, for most ends, no `podman inspect`) is needed. It waits on the container's monitor (conmon); when that is
    // killed it would wait for ever, so the monitor is watched through a pidfd.
    struct AttachedRun
    {
        ~AttachedRun();
        void stopWatchingMonitor();
        QPointer<QProcess> process;
        bool started = false;
        bool ended = false;
        std::optional<int> exitCode; // the container's, when `podman run` returned it
        bool monitorWatched = false;
        int monitorFd = -1;
        std::unique_ptr<QSocketNotifier> monitorGone;
        QList<std::function<void()>> onEnd;
    };
    void runAttached(const ContainerSpec &spec, std::function<void(Result)> started);
    void watchMonitor(const QString &container, const std::shared_ptr<AttachedRun> &run);
    QString conmonPidFile(const QString &container) const;
    // The pid conmon wrote for the container (it does before the container starts); 0 while there is none.
    qint64 monitorPid(const QString &container) const;
    QString cannotRunMessage(const QProcess *p) const;

    PodmanSettings m_settings;
    QHash<QString, std::shared_ptr<AttachedRun>> m_attached;
    QSet<QString> m_starting; // containers whose `podman run` has not returned yet
    QSet<QString> m_leftoverLog; // of those, the ones whose log path a leftover of the same attempt still holds
    QHash<QString, QList<std::function<void(bool started)>>> m_afterStart;
    // Exited containers are removed together and off the critical path: one `podman rm` once no container has been
    // started for kRemovalQuietMs (a `podman rm` beside a job's start slows that start on two cores), at the latest
    // kRemovalMaxWaitMs after the first of them ended, or at once when kRemovalMaxBatch are waiting. Nothing waits
    // on it but the job's workspace removal; a seedd that stops before removes them after its restart (reconcile).
    static constexpr int kRemovalQuietMs = 2000;
    static constexpr int kRemovalMaxWaitMs = 30000;
    static constexpr qsizetype kRemovalMaxBatch = 256;
    struct PendingRemoval
    {
        QString container;
        QPointer<QObject> context;
        std::function<void(Result)> done;
    };
    void removeExitedSoon(const QString &container, QObject *context, std::function<void(Result)> done);
    void removePending();
    // One `podman rm` for all of them; then forgetContainer() for each removed.
    void removeContainers(const QList<PendingRemoval> &batch);
    // Drops what seedd kept beside a removed container: its log files and its attached run.
    void forgetContainer(const QString &container);
    QList<PendingRemoval> m_pendingRemovals;
    QTimer m_removalBatch;
    QElapsedTimer m_sinceLastStart;    // invalid until the first start
    QElapsedTimer m_sinceFirstPending; // of the batch now waiting
};

} // namespace seed::runtime
