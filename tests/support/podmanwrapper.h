#pragma once
// A `podman` first on PATH (and so on the PATH of every seedd a test starts) that runs a test's shell body in
// front of the real podman: to hold one call across a kill -9 of seedd, or drop it. The body sees the real
// podman as $PODMAN and its own directory as $d, where the test and the body exchange marker files.
#include <QByteArray>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

class PodmanWrapper
{
public:
    // `body` runs before `exec "$PODMAN" "$@"`; it may exit itself.
    explicit PodmanWrapper(const QString &body)
    {
        const QString real = QStandardPaths::findExecutable(QStringLiteral("podman"));
        if (!m_dir.isValid() || real.isEmpty())
            return;
        QFile script(m_dir.filePath(QStringLiteral("podman")));
        if (!script.open(QIODevice::WriteOnly))
            return;
        script.write(QStringLiteral("#!/bin/sh\nd=$(dirname \"$0\")\nPODMAN='%1'\n%2\nexec \"$PODMAN\" \"$@\"\n")
                         .arg(real, body)
                         .toUtf8());
        script.close();
        script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_oldPath = qgetenv("PATH");
        qputenv("PATH", m_dir.path().toUtf8() + ':' + m_oldPath);
        m_ready = true;
    }
    ~PodmanWrapper()
    {
        touch(QStringLiteral("release")); // a call still held goes on (or is dropped) rather than wait out its limit
        if (m_ready)
            qputenv("PATH", m_oldPath);
    }
    PodmanWrapper(const PodmanWrapper &) = delete;
    PodmanWrapper &operator=(const PodmanWrapper &) = delete;

    bool isReady() const { return m_ready; }
    QString filePath(const QString &marker) const { return m_dir.filePath(marker); }
    void touch(const QString &marker) const { QFile(filePath(marker)).open(QIODevice::WriteOnly); }
    bool exists(const QString &marker) const { return QFile::exists(filePath(marker)); }

private:
    QTemporaryDir m_dir;
    QByteArray m_oldPath;
    bool m_ready = false;
};
