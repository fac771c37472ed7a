// Reading /proc, as the Podman runtime (and the tests' sandbox) ask of it: processes by command line, a process's
// children, small files. Every answer is a snapshot: a process may be gone (or its pid reused) by the next read.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace seed::runtime::procfs {

struct Process
{
    qint64 pid = 0;
    QList<QByteArray> argv; // /proc/PID/cmdline split at NUL (no trailing empty argument)
};

// A file under /proc (at most 64 KiB of it); empty when it cannot be read.
QByteArray read(const QString &path);

// Every process this one can see, with its command line; processes that end while they are listed are left out.
QList<Process> processes();

// The children of a process's main thread (/proc/PID/task/PID/children).
QList<qint64> childrenOf(qint64 pid);

} // namespace seed::runtime::procfs
