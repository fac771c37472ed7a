#pragma once

#include "auth/ratelimiter.h"
#include "runtime/localrunner.h"
#include "runtime/slurmexecutor.h"
#include "wire/catalog.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QString>

namespace seed::daemon {

// seedd's settings: defaults, then the JSON config file, then the command line (each overrides the last).
// The whole file stays available in `file` so that other modules read their own sections.
struct DaemonConfig
{
    QString dataDir;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8731;
    QString tlsCert;
    QString tlsKey;
    bool allowInsecurePublic = false;
    auth::RateLimitConfig rateLimit;
    wire::PriceTable prices = wire::PriceTable::defaults();
    int idleTimeoutMs = 60000;
    bool accessLog = false;
    // What runs jobs: "podman" (default), "slurm" (a Slurm cluster, docs/scale-out.md) or "none" (the API only: jobs stay queued; used by API tests and
    // by a seedd that fronts nothing but its store).
    QString runner = QStringLiteral("podman");
    // The local runner's settings: the "runtime" section of the file, then the command line.
    runtime::LocalRunnerConfig local;
    // The Slurm runner's settings ("runner": "slurm"): the "slurm" section of the file, then --slurm-conf.
    runtime::SlurmSettings slurm;
    QJsonObject file;
    // Keys of the file that seedd does not know (a misspelling, or a newer seedd's setting): said at start.
    QStringList unknownKeys;

    bool useTls() const { return !tlsCert.isEmpty(); }
    // Reads a config file over the current values; false with a message on a bad file.
    bool loadFile(const QString &path, QString *error);
    // "127.0.0.1:8731", "0.0.0.0:443", "[::1]:8731"
    bool setListen(const QString &hostPort, QString *error);
    static QString defaultDataDir();
    // Every key seedd reads, with its type and range: "section.key: must be ..." for the first one that is
    // wrong; unknown keys are collected, not refused (a config written for a newer seedd still starts).
    static QString checkSchema(const QJsonObject &file, QStringList *unknownKeys);
};

} // namespace seed::daemon
