// PodmanRuntime, what an earlier seedd left running: its `podman wait`/`podman logs -f` watchers and the
// `podman run`s still creating a container, found by command line in /proc.
#include "logging.h"
#include "podman.h"
#include "procfs.h"

#include <csignal>

namespace seed::runtime {

namespace {
// A podman process of ours whose seedd is gone: `podman wait NAME` / `podman logs -f ... NAME` watchers, or a
// `podman run --name NAME` still creating its container. Found by command line; a process whose parent is a live
// seedd belongs to that seedd and is never touched.
struct OrphanPodman
{
    qint64 pid = 0;
    bool starter = false; // `podman run` (else a watcher)
};

QList<OrphanPodman> orphanPodmanProcesses(const QSet<QString> &containers)
{
    QList<OrphanPodman> found;
    for (const procfs::Process &p : procfs::processes()) {
        if (p.pid == ::getpid())
            continue;
        const QList<QByteArray> &argv = p.argv;
        // podman itself, or a script named podman run by its interpreter (a wrapper on PATH).
        const auto isPodman = [](const QByteArray &a) { return a == "podman" || a.endsWith("/podman"); };
        if (argv.size() < 3 || !(isPodman(argv[0]) || isPodman(argv[1])))
            continue;
        OrphanPodman o;
        o.pid = p.pid;
        const qsizetype name = argv.indexOf("--name");
        if (argv.contains("run") && name > 0 && name + 1 < argv.size()) {
            if (!containers.contains(QString::fromUtf8(argv[name + 1])))
                continue;
            o.starter = true;
        } else if (!(argv.contains("wait") || argv.contains("stop")) ||
                   !containers.contains(QString::fromUtf8(argv.last()))) {
            // A `podman stop --time N` of an earlier seedd still waiting out its grace races the restarted seedd's
            // own stop or `rm --force`: seen here, the container then left podman's list while its processes ran on.
            continue;
        }
        const QByteArray st = procfs::read(QStringLiteral("/proc/%1/stat").arg(p.pid));
        if (st.isEmpty())
            continue;
        const QList<QByteArray> fields = st.mid(st.lastIndexOf(')') + 2).split(' ');
        const QByteArray ppid = fields.size() > 1 ? fields[1] : QByteArray();
        const bool parentIsSeedd =
            procfs::read(QStringLiteral("/proc/%1/comm").arg(QString::fromLatin1(ppid))).trimmed() == "seedd";
        if (!parentIsSeedd && fields.value(0) != "Z")
            found.append(o);
    }
    return found;
}
} // namespace

int PodmanRuntime::killOrphanWatchers(const QSet<QString> &containers)
{
    // Watchers of an earlier seedd that died without taking them along (a version without PR_SET_PDEATHSIG, or
    // one started by hand): their parent is gone, so they hang on init or a subreaper.
    int killed = 0;
    for (const OrphanPodman &o : orphanPodmanProcesses(containers))
        if (!o.starter && ::kill(pid_t(o.pid), SIGKILL) == 0)
            ++killed;
    return killed;
}

QList<qint64> PodmanRuntime::orphanStarters(const QSet<QString> &containers) const
{
    QList<qint64> pids;
    for (const OrphanPodman &o : orphanPodmanProcesses(containers))
        if (o.starter)
            pids.append(o.pid);
    return pids;
}

int PodmanRuntime::endOrphanStarters(const QSet<QString> &startedContainers)
{
    // An attached `podman run` of a killed seedd waits for its container's end; once the container has started it
    // is only a watcher (SIGKILL is not passed on to the container).
    int killed = 0;
    for (const OrphanPodman &o : orphanPodmanProcesses(startedContainers))
        if (o.starter && ::kill(pid_t(o.pid), SIGKILL) == 0)
            ++killed;
    return killed;
}

} // namespace seed::runtime
