#pragma once

#include "ciskip.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A fresh, isolated Podman storage for one test executable: containers.conf and
// storage.conf under a temp dir (overlay, runc, cgroupfs, file events logger, netns none, default
// ulimits), exported through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF so that every child process
// (seedd, podman) uses it. Imports localhost/seed-busybox:test from /bin/busybox (busybox-static).
// The destructor removes every container and the whole storage.
class PodmanSandbox
{
public:
    PodmanSandbox();
    ~PodmanSandbox();

    // Sets everything up; false with `error` when Podman or busybox is missing (tests then SEED_SKIP_UNLESS_CI).
    bool setUp(QString *error);
    QString root() const { return m_dir ? m_dir->path() : QString(); }
    static QString image() { return QStringLiteral("localhost/seed-busybox:test"); }

    // podman with the sandbox's config: {exit code, stdout+stderr}.
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
    };
    Run podman(const QStringList &args, int timeoutMs = 60000) const;
    // Names of the containers (running or not) that carry a label KEY=VALUE (or any, when empty).
    QStringList containers(const QString &labelFilter = {}) const;

    // A bare git repository at BASE/<ns>/<repo>.git with one commit on `branch` holding `files`
    // (path -> content). Returns the commit sha, empty on failure.
    static QString makeGitRepo(const QString &base, const QString &nsRepo, const QMap<QString, QByteArray> &files,
                               const QString &branch = QStringLiteral("main"));

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_oldConf, m_oldStorage;
    bool m_ready = false;
};
