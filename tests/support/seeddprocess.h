#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

// A real `seedd serve` on 127.0.0.1 with an ephemeral port and a temporary data dir (kept across restarts
// of the same object, removed with it). The process is killed when the object dies.
class SeeddProcess
{
public:
    explicit SeeddProcess(const QString &dataDir = {});
    ~SeeddProcess();

    bool start(const QStringList &extraArgs = {}, int timeoutMs = 15000);
    // Runs in the child between fork and exec of the next start() (e.g. setrlimit).
    void setChildProcessModifier(std::function<void()> modifier) { m_childModifier = std::move(modifier); }
    bool stop(int timeoutMs = 10000); // SIGTERM, then wait
    void kill9();
    bool isRunning() const;
    qint64 pid() const;

    QString url() const { return m_url; }
    QString localToken() const { return m_token; }
    QString dataDir() const { return m_dataDir; }
    QByteArray output() const; // what seedd wrote to stdout/stderr so far

    // `seedd token create` / `seedd apikey create` against this data dir; empty on failure.
    QString createToken(const QStringList &namespaces, bool readOnly = false) const;
    QString createApiKey(const QString &name, const QStringList &namespaces, bool readOnly = false) const;

    static QString binary();
    // Runs seedd with arguments to completion: {exit code, stdout, stderr}.
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run run(const QStringList &args, int timeoutMs = 30000);

private:
    QString createCredential(QStringList args, const QStringList &namespaces, bool readOnly) const;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dataDir;
    std::unique_ptr<QProcess> m_proc;
    std::function<void()> m_childModifier;
    QString m_url;
    QString m_token;
    mutable QByteArray m_output;
};
