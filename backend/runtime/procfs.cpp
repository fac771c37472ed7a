#include "procfs.h"

#include <QDir>
#include <QFile>

namespace seed::runtime::procfs {

QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly | QIODevice::Unbuffered) ? f.read(64 * 1024) : QByteArray();
}

QList<Process> processes()
{
    QList<Process> found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        bool numeric = false;
        const qint64 n = pid.toLongLong(&numeric);
        if (!numeric || n <= 0)
            continue;
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(n));
        if (!cmd.open(QIODevice::ReadOnly))
            continue;
        QList<QByteArray> argv = cmd.readAll().split('\0');
        if (!argv.isEmpty() && argv.last().isEmpty())
            argv.removeLast();
        found.append(Process{n, argv});
    }
    return found;
}

QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> children;
    for (const QByteArray &c : read(QStringLiteral("/proc/%1/task/%1/children").arg(pid)).split(' '))
        if (const qint64 child = c.trimmed().toLongLong(); child > 0)
            children.append(child);
    return children;
}

} // namespace seed::runtime::procfs
