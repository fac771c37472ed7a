// PodmanRuntime: a running container's cgroup, read from /proc through its monitor (conmon) rather than asked of
// `podman inspect`. The sampler needs it for every job; an inspect beside the next job's start slowed that start.
#include "podman.h"
#include "procfs.h"

#include <QRegularExpression>

namespace seed::runtime {

QString containerIdOfMonitor(const QByteArray &cmdline, const QString &container)
{
    const QList<QByteArray> args = cmdline.split('\0');
    QString id, name;
    for (qsizetype i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "-c" || args[i] == "--cid")
            id = QString::fromUtf8(args[i + 1]);
        else if (args[i] == "-n" || args[i] == "--name")
            name = QString::fromUtf8(args[i + 1]);
    }
    static const QRegularExpression hex(QRegularExpression::anchoredPattern(QStringLiteral("[0-9a-f]{64}")));
    return !container.isEmpty() && name == container && hex.match(id).hasMatch() ? id : QString();
}

QString containerCgroupOf(const QByteArray &procCgroup, const QString &containerId)
{
    if (containerId.isEmpty())
        return {};
    // "4:memory:/libpod_parent/libpod-ID" (v1), "0::/machine.slice/libpod-ID.scope/container" (v2).
    QString memory, unified;
    for (const QByteArray &line : procCgroup.split('\n')) {
        const qsizetype a = line.indexOf(':'), b = line.indexOf(':', a + 1);
        if (a < 0 || b < 0)
            continue;
        const QByteArray controllers = line.mid(a + 1, b - a - 1);
        const QString path = QString::fromUtf8(line.mid(b + 1));
        if (controllers.split(',').contains("memory"))
            memory = path;
        else if (controllers.isEmpty() && line.startsWith("0:"))
            unified = path;
    }
    const QString own = QStringLiteral("libpod-") + containerId;
    const QStringList parts = (memory.isEmpty() ? unified : memory).split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i)
        if (parts[i] == own || parts[i] == own + QStringLiteral(".scope"))
            return parts.first(i + 1).join(u'/');
    return {};
}

QString PodmanRuntime::knownCgroup(const QString &container) const
{
    const qint64 monitor = monitorPid(container);
    if (monitor == 0)
        return {};
    // The monitor's command line names the container and its id: a pid reused since by another process fails here.
    const QString proc = QStringLiteral("/proc/%1").arg(monitor);
    const QString id = containerIdOfMonitor(procfs::read(proc + QStringLiteral("/cmdline")), container);
    if (id.isEmpty())
        return {};
    // The container's first process is the monitor's child (runc hands it over); during the start the child may
    // be runc itself, outside the container's cgroup: then "" and the next tick asks again.
    for (const qint64 pid : procfs::childrenOf(monitor)) {
        const QString cg = containerCgroupOf(procfs::read(QStringLiteral("/proc/%1/cgroup").arg(pid)), id);
        if (!cg.isEmpty())
            return cg;
    }
    return {};
}

} // namespace seed::runtime
