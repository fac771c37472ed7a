#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace seed::runtime {

struct Mount
{
    QString hostPath;
    QString containerPath;
    bool readOnly = false;
};

// One container to start. The command runs inside the container through /bin/sh -c (the contract's
// "command ... run inside the container as the entrypoint"); nothing is ever run through a host shell.
struct ContainerSpec
{
    QString name;
    QString image;
    QString command;
    QMap<QString, QString> labels;
    QMap<QString, QString> env;       // values never appear on a command line (passed by name)
    QMap<QString, QString> publicEnv; // non-secret values seedd sets (CUDA_VISIBLE_DEVICES, ...)
    QString workdir = QStringLiteral("/workspace");
    double cpus = 0;         // 0: no limit
    qint64 memoryBytes = 0;  // 0: no limit
    QStringList devices;     // CDI device names, e.g. "nvidia.com/gpu=0"
    QList<Mount> mounts;
    bool network = false;
};

struct ContainerState
{
    bool exists = false;
    bool running = false;
    QString status; // runtime's word: created, running, exited, ...
    int exitCode = -1;
    bool oomKilled = false;
    QString error;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString cgroupPath; // the container's cgroup (relative to the cgroup mount), for telemetry
    qint64 pid = 0;     // the container's first process on the host (0: none)
    qint64 monitorPid = 0; // conmon
    // "running" by the runtime's records while its process is gone: the monitor that would have recorded the
    // exit was killed, so the exit code is unknown.
    bool lostMonitor() const;
};

struct ContainerInfo
{
    QString name;
    QMap<QString, QString> labels;
    QString state;
};

// One image in the runtime's local storage.
struct ImageInfo
{
    QString id;
    QStringList names; // every REPOSITORY:TAG; empty for an untagged image
    qint64 sizeBytes = 0;
    QDateTime createdAt;
};

struct Result
{
    bool ok = false;
    int code = -1;   // the runtime tool's exit code (125: the runtime's own error), -1: it did not run
    QString message; // its error output, or why it did not run
};

using LogBatch = QList<QPair<QDateTime, QString>>;

// What runs containers. Every call is asynchronous: the callback runs later on the caller's thread, and
// never after `context` is destroyed.
class Runtime : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Runtime() override = default;

    virtual QString name() const = 0;
    // Creates and starts the container detached: it runs on without this process.
    virtual void start(const ContainerSpec &spec, QObject *context, std::function<void(Result)> done) = 0;
    // Whether follow() may be called right after start(), before its callback: the output is then read from
    // the container's first line on, not from when the start was confirmed.
    virtual bool canFollowWhileStarting() const { return false; }
    // Streams the container's output (stdout and stderr, in order, with the runtime's timestamps) from the
    // beginning, skipping the first `skipLines`, until the container stops. `exited` comes as soon as the
    // runtime knows the container has exited, before its last output is read (the exit code is for inspect);
    // a runtime that cannot tell never calls it. `done` always comes, last.
    virtual void follow(const QString &container, qint64 skipLines, QObject *context,
                        std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                        std::function<void()> done) = 0;
    virtual void inspect(const QString &container, QObject *context, std::function<void(ContainerState)> done) = 0;
    // How the container ended, when this runtime saw it end itself (the start stayed attached to it) and that is
    // the whole truth; nullopt when it has not ended, or when only inspect can tell (then inspect is asked). Kept
    // until the container is removed.
    virtual std::optional<ContainerState> knownEnd(const QString &container) const
    {
        Q_UNUSED(container)
        return std::nullopt;
    }
    // The cgroup of a running container (relative to the cgroup mount, as ContainerState::cgroupPath), where this
    // runtime can read it from the host without a process of its own; "" where it cannot (then inspect tells).
    virtual QString knownCgroup(const QString &container) const
    {
        Q_UNUSED(container)
        return {};
    }
    virtual void wait(const QString &container, QObject *context, std::function<void(Result)> done) = 0;
    // SIGTERM, then SIGKILL after graceSeconds.
    virtual void stop(const QString &container, int graceSeconds, QObject *context, std::function<void(Result)> done) = 0;
    // SIGKILL now (also while a stop() waits out its grace period).
    virtual void kill(const QString &container, QObject *context, std::function<void(Result)> done)
    {
        stop(container, 0, context, std::move(done));
    }
    // Copies `path` out of a (stopped) container to hostDest (which must not exist yet).
    virtual void copyOut(const QString &container, const QString &path, const QString &hostDest, QObject *context,
                         std::function<void(Result)> done) = 0;
    virtual void remove(const QString &container, QObject *context, std::function<void(Result)> done) = 0;
    // Containers carrying label key=value, running or not.
    virtual void list(const QString &labelKey, const QString &labelValue, QObject *context,
                      std::function<void(bool ok, QList<ContainerInfo>, QString error)> done) = 0;
    // The images in local storage.
    virtual void images(QObject *context, std::function<void(bool ok, QList<ImageInfo>, QString error)> done)
    {
        Q_UNUSED(context);
        done(false, {}, QStringLiteral("This runtime cannot list images."));
    }
    // Deletes what the runtime keeps on the host for containers that no longer exist (a log file left by a
    // container removed while seedd was down), keeping what belongs to `existing`. Returns how many went.
    virtual int removeLeftovers(const QSet<QString> &existing) { Q_UNUSED(existing) return 0; }
    // Ends watcher processes (e.g. `podman wait`) an earlier seedd left behind for these containers.
    virtual int killOrphanWatchers(const QSet<QString> &containers) { Q_UNUSED(containers) return 0; }
    // Processes an earlier seedd left behind that are still creating/starting one of these containers (it was
    // killed in the middle of a start). Until they end, whether their container exists is not yet known.
    virtual QList<qint64> orphanStarters(const QSet<QString> &containers) const { Q_UNUSED(containers) return {}; }
    // Ends those orphan starters whose container has started (they only wait for its end now). Returns how many.
    virtual int endOrphanStarters(const QSet<QString> &startedContainers)
    {
        Q_UNUSED(startedContainers)
        return 0;
    }

Q_SIGNALS:
    // Output of a followed container that could not be captured: `lines` of it (-1: an unknown number), and why.
    void outputDropped(const QString &container, qint64 lines, const QString &why);
};

} // namespace seed::runtime
