#pragma once

#include "auth/auth.h"
#include "config.h"
#include "connectionfile.h"
#include "jobs/jobservice.h"
#include "server/apiserver.h"
#include "server/ssestreams.h"
#include "telemetry/progress.h"
#include "telemetry/sampler.h"
#include "store/store.h"

#include <QLockFile>
#include <QObject>

#include <memory>

namespace seed::daemon {

// One seedd: store + auth + job service + HTTP server, plus the connection file for local clients.
class Daemon : public QObject
{
    Q_OBJECT
public:
    explicit Daemon(DaemonConfig config, QObject *parent = nullptr);
    ~Daemon() override;

    bool start(QString *error);
    void stop();

    QString url() const { return m_url; }
    const DaemonConfig &config() const { return m_config; }
    store::Store &store() { return m_store; }
    auth::Authenticator &authenticator() { return *m_auth; }
    jobs::JobService &jobs() { return *m_jobs; }
    server::ApiServer &api() { return *m_api; }
    runtime::LocalRunner *runner() { return m_runner.get(); }

private:
    QString ensureLocalToken(QString *error);
    // GET /metrics and what it reports (daemonmetrics.cpp).
    void addMetrics();

    DaemonConfig m_config;
    std::unique_ptr<QLockFile> m_lock;
    store::Store m_store;
    std::unique_ptr<auth::Authenticator> m_auth;
    std::unique_ptr<jobs::JobService> m_jobs;
    std::unique_ptr<runtime::LocalRunner> m_runner;
    // The Slurm runner ("runner": "slurm"): its log store and executor.
    std::unique_ptr<logs::LogStore> m_slurmLogs;
    std::unique_ptr<runtime::SlurmExecutor> m_slurm;
    logs::LogStore *m_logStore = nullptr; // the active runner's (either above)
    std::unique_ptr<server::ApiServer> m_api;
    std::unique_ptr<server::StreamService> m_streams; // SSE: log streams and job events
    std::unique_ptr<telemetry::ProgressTracker> m_progress;
    std::unique_ptr<telemetry::Sampler> m_sampler;
    QString m_url;
    bool m_wroteConnectionFile = false;
};

// The namespace the local user's jobs live in: the login name, made safe, or "local".
QString defaultLocalNamespace();

} // namespace seed::daemon
