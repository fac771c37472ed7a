#pragma once

#include <QString>

#include <optional>

namespace seed::daemon {

// <data-dir>/connection.json (mode 0600): how a local client reaches this daemon. Written atomically on
// start, removed on a clean stop; a stale one (dead pid) is detected by the reader.
struct ConnectionInfo
{
    QString url;
    QString token;
    QString ns;
    qint64 pid = 0;
    QString version;
    bool simulatedGpus = false;

    static QString pathIn(const QString &dataDir);
    bool write(const QString &dataDir, QString *error) const;
    static std::optional<ConnectionInfo> read(const QString &dataDir);
};

} // namespace seed::daemon
