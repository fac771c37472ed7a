#pragma once

#include <QLockFile>
#include <QTest>

#include <csignal>

// Stops a seedd that a window under test may have started detached on `dataDir` (it is not our child, so
// nothing else would): the daemon's lock file names its pid. Waits briefly for one still starting.
inline void stopStraySeedd(const QString &dataDir, int waitMs = 2000)
{
    const QString lockPath = dataDir + QStringLiteral("/seedd.lock");
    for (int waited = 0; waited <= waitMs; waited += 100) {
        QLockFile lock(lockPath);
        qint64 pid = 0;
        QString host, app;
        if (lock.getLockInfo(&pid, &host, &app) && pid > 0 && ::kill(pid_t(pid), 0) == 0) {
            ::kill(pid_t(pid), SIGTERM);
            for (int i = 0; i < 50 && ::kill(pid_t(pid), 0) == 0; ++i)
                QTest::qWait(100);
            return;
        }
        QTest::qWait(100);
    }
}
