#pragma once

#include "localexecutor.h"
#include "podman.h"

#include <QJsonObject>

#include <memory>

namespace seed::runtime {

// Settings of the local runner: the "runtime" section of seedd's config file, then command-line options
// (docs/local-backend.md lists them).
struct LocalRunnerConfig
{
    ExecutorSettings executor;
    PodmanSettings podman;
    QString gpus = QStringLiteral("auto"); // auto | none | simulate=TYPE:N,...
    int capacityCpus = 0;                  // 0: the host's
    int capacityMemoryGb = 0;              // 0: the host's

    bool applyJson(const QJsonObject &section, QString *error);
    bool setGpus(const QString &value, QString *error);
    bool setCapacity(const QString &value, QString *error); // "cpus=N,memory_gb=M"
};

// Everything that runs jobs on this machine, built from the settings and wired into the daemon: log
// store, Podman, GPU inventory, executor, and the local images (what the server's extension routes serve).
class LocalRunner : public QObject
{
    Q_OBJECT
public:
    static std::unique_ptr<LocalRunner> create(const LocalRunnerConfig &config, const QString &dataDir,
                                               jobs::JobService &jobs, store::Store &store, QString *error);
    ~LocalRunner() override;

    bool start(const QString &baseUrl, QString *error);
    void shutdown();

    LocalExecutor &executor() { return *m_executor; }
    logs::LogStore &logStore() { return *m_logs; }
    Runtime &runtime() { return *m_runtime; }

    // GET /{ns}/images' body ({"data": [{name, id, size_bytes, created_at}]}, one entry per REPOSITORY:TAG), or
    // an error in words: `podman images` at most once per kImagesCacheMs; requests meanwhile share one answer.
    void withImages(std::function<void(const QByteArray &body, const QString &error)> done);

private:
    LocalRunner() = default;
    static constexpr qint64 kImagesCacheMs = 2000;
    QByteArray m_imagesBody;
    qint64 m_imagesAtMs = 0;
    QList<std::function<void(const QByteArray &, const QString &)>> m_imagesWaiting;

    std::unique_ptr<logs::LogStore> m_logs;
    std::unique_ptr<PodmanRuntime> m_runtime;
    std::unique_ptr<LocalExecutor> m_executor;
    jobs::JobService *m_jobs = nullptr;
};

} // namespace seed::runtime
