#include "daemon.h"
#include "server/extensionroutes.h"

#include <QLoggingCategory>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>

#include <algorithm>

#include <sys/resource.h>

namespace {
Q_LOGGING_CATEGORY(lcDaemon, "seedd.daemon")
}

namespace seed::daemon {

namespace {
// Descriptors kept for what is not a connection: SQLite, log files, podman's pipes, Qt's own; and for the
// connections past the cap that are still answered 503. A "max" set in the config file is taken as it is, up
// to the file limit less kMinReserved.
constexpr int kReservedDescriptors = 128 + 64;
constexpr int kMinReserved = 16;

// Every connection costs a descriptor, and the soft limit is often 1,024 while the hard one is far higher:
// seedd takes what it may (at most 65,536, plenty for its connection cap). Returns the soft limit in force.
rlim_t raiseFileLimit()
{
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    const rlim_t want = std::min<rlim_t>(rl.rlim_max, 65536);
    if (rl.rlim_cur < want) {
        rlimit raised = rl;
        raised.rlim_cur = want;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    return rl.rlim_cur;
}
} // namespace

QString defaultLocalNamespace()
{
    QString user = qEnvironmentVariable("USER");
    user.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("_"));
    return user.isEmpty() ? QStringLiteral("local") : user.left(64);
}

Daemon::Daemon(DaemonConfig config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

Daemon::~Daemon() { stop(); }

QString Daemon::ensureLocalToken(QString *error)
{
    // The local token lives in its own 0600 file so that it survives restarts (connection.json is removed on
    // a clean stop): clients that read it earlier keep working.
    const QString path = m_config.dataDir + QStringLiteral("/local-token");
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray prev = f.readAll().trimmed();
        f.close();
        if (!prev.isEmpty() && m_auth->authenticate("Bearer " + prev))
            return QString::fromLatin1(prev);
    }
    auto token = m_auth->createToken({QStringLiteral("*")}, true, QStringLiteral("local"));
    if (!token) {
        *error = token.error().message;
        return {};
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return {};
    }
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(token.value().toLatin1() + '\n');
    if (!out.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return {};
    }
    return token.value();
}

bool Daemon::start(QString *error)
{
    if (!QDir().mkpath(m_config.dataDir)) {
        *error = QStringLiteral("cannot create data directory %1").arg(m_config.dataDir);
        return false;
    }
    QFile::setPermissions(m_config.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_lock = std::make_unique<QLockFile>(m_config.dataDir + QStringLiteral("/seedd.lock"));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(100)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        *error = QStringLiteral("another seedd (pid %1) is serving %2").arg(pid).arg(m_config.dataDir);
        return false;
    }
    if (!m_store.open(m_config.dataDir + QStringLiteral("/seed.db"), error))
        return false;
    m_auth = std::make_unique<auth::Authenticator>(m_store, m_config.rateLimit);
    m_jobs = std::make_unique<jobs::JobService>(m_store, m_config.prices);
    if (m_config.runner == QLatin1String("podman")) {
        m_runner = runtime::LocalRunner::create(m_config.local, m_config.dataDir, *m_jobs, m_store, error);
        if (!m_runner)
            return false;
    }
    m_api = std::make_unique<server::ApiServer>(*m_jobs, *m_auth);
    if (m_runner) {
        // The extension routes are the server's; the runner hands over what they serve.
        runtime::LocalExecutor &local = m_runner->executor();
        server::addArtifactsRoute(*m_api, [&local](const QString &jobId) { return local.artifactsDir(jobId) + QStringLiteral("/files"); });
        server::addImagesRoute(*m_api, [this](server::ImagesDone done) { m_runner->withImages(std::move(done)); });
        server::addMachineRoute(*m_api, [&local](const QString &ns) { return local.machineJson(ns); });
    }
    if (m_config.runner == QLatin1String("slurm")) {
        runtime::SlurmSettings ss = m_config.slurm;
        const runtime::LocalRunnerConfig &l = m_config.local;
        ss.dataDir = m_config.dataDir;
        ss.cancelGraceSeconds = l.executor.cancelGraceSeconds;
        ss.timeoutUnitSeconds = l.executor.timeoutUnitSeconds;
        ss.defaultImage = l.executor.defaultImage;
        ss.network = l.executor.network;
        ss.podman = l.podman.program;
        ss.pull = l.podman.pull;
        ss.ulimits = l.podman.ulimits.isEmpty() ? runtime::PodmanRuntime::defaultUlimits() : l.podman.ulimits;
        ss.podmanGlobal = l.podman.extraGlobalArgs;
        if (!l.podman.ociRuntime.isEmpty())
            ss.podmanGlobal << QStringLiteral("--runtime") << l.podman.ociRuntime;
        m_slurmLogs = std::make_unique<logs::LogStore>(m_config.dataDir + QStringLiteral("/logs"));
        m_slurm = std::make_unique<runtime::SlurmExecutor>(*m_jobs, m_store, *m_slurmLogs, ss);
        server::addMachineRoute(*m_api, [this](const QString &ns) { return m_slurm->machineJson(ns); });
        m_api->setAnalyticsSource([this](const wire::Job &job) { return m_slurm->analyticsJson(job); });
        server::addArtifactsRoute(*m_api, [this](const QString &jobId) { return m_slurm->artifactsDir(jobId) + QStringLiteral("/files"); });
    }
    {
        // "streams": {"keep_alive_seconds", "client_buffer_kib", "stall_timeout_seconds", "idle_timeout_seconds"}
        const QJsonObject s = m_config.file.value(QStringLiteral("streams")).toObject();
        server::SseSettings sse;
        sse.keepAliveMs = int(s.value(QStringLiteral("keep_alive_seconds")).toDouble(sse.keepAliveMs / 1000.0) * 1000);
        sse.maxBufferedBytes = qint64(s.value(QStringLiteral("client_buffer_kib")).toDouble(double(sse.maxBufferedBytes >> 10))) << 10;
        sse.stallTimeoutMs = int(s.value(QStringLiteral("stall_timeout_seconds")).toDouble(sse.stallTimeoutMs / 1000.0) * 1000);
        sse.idleTimeoutMs = int(s.value(QStringLiteral("idle_timeout_seconds")).toDouble(sse.idleTimeoutMs / 1000.0) * 1000);
        m_streams = std::make_unique<server::StreamService>(*m_api, *m_jobs, m_store, sse);
        // The active runner's log store: one place for streams, progress, the size cap and /metrics.
        m_logStore = m_runner ? &m_runner->logStore() : m_slurmLogs.get();
        if (m_logStore) {
            m_streams->setLogStore(m_logStore);
            // "logs": {"max_mb_per_job": 512}: the oldest half of a job's log goes when it grows past this.
            const QJsonObject l = m_config.file.value(QStringLiteral("logs")).toObject();
            m_logStore->setMaxBytesPerJob(qint64(l.value(QStringLiteral("max_mb_per_job")).toDouble(512) * 1024 * 1024));
            m_progress = std::make_unique<telemetry::ProgressTracker>(*m_logStore, *m_jobs, m_store);
        }
        if (m_runner) {
            // "telemetry": {"sample_interval_ms": 1000, "series_max_points": 600, "progress_interval_ms": 2000}
            const QJsonObject t = m_config.file.value(QStringLiteral("telemetry")).toObject();
            m_progress->setMinIntervalMs(t.value(QStringLiteral("progress_interval_ms")).toInt(2000));
            telemetry::SamplerSettings ss;
            ss.intervalMs = t.value(QStringLiteral("sample_interval_ms")).toInt(ss.intervalMs);
            ss.maxPoints = std::max(16, t.value(QStringLiteral("series_max_points")).toInt(ss.maxPoints));
            // "electricity": {"price_per_kwh": 0.30, "currency": "EUR"} (both or neither: checked with the file)
            const QJsonObject el = m_config.file.value(QStringLiteral("electricity")).toObject();
            if (el.contains(QStringLiteral("price_per_kwh"))) {
                ss.pricePerKwh = el.value(QStringLiteral("price_per_kwh")).toDouble();
                ss.currency = el.value(QStringLiteral("currency")).toString();
            }
            m_sampler = std::make_unique<telemetry::Sampler>(m_runner->executor(), m_runner->runtime(), *m_jobs, m_store, ss);
            server::addSeriesRoute(*m_api, [this](const wire::Job &job) { return m_sampler->seriesJson(job); });
            server::addMachineViewRoute(*m_api, [this](const QString &ns) { return m_sampler->machineJson(ns); });
            m_api->setAnalyticsSource([this](const wire::Job &job) { return m_sampler->analyticsJson(job); });
        }
    }
    addMetrics();
    {
        // "extensions": {"series", "machine_view", "machine", "events", "images", "openapi", "metrics"} (each default true), or
        // "contract_only": true for all of them: a seedd that offers only the contract's routes, as a remote endpoint
        // may (the desktop app's fallbacks are tested against it). Additive keys on jobs are not affected.
        const QJsonObject ext = m_config.file.value(QStringLiteral("extensions")).toObject();
        const bool contractOnly = m_config.file.value(QStringLiteral("contract_only")).toBool(false);
        const std::pair<const char *, const char *> routes[] = {{"series", "/{ns}/job/{name}/analytics/series"},
                                                                {"machine_view", "/{ns}/machine/view"},
                                                                {"machine", "/{ns}/machine"},
                                                                {"events", "/{ns}/events"},
                                                                {"images", "/{ns}/images"},
                                                                {"openapi", "/openapi.json"},
                                                                {"metrics", "/metrics"}};
        for (const auto &[key, pattern] : routes)
            if (contractOnly || !ext.value(QLatin1String(key)).toBool(true))
                m_api->removeRoute(QLatin1String(pattern));
    }
    m_api->setIdleTimeoutMs(m_config.idleTimeoutMs);
    {
        // "connections": {"max": 1024, "request_buffer_mib": 32, "request_timeout_seconds": 10}
        const QJsonObject c = m_config.file.value(QStringLiteral("connections")).toObject();
        server::ConnectionLimits limits;
        limits.maxConnections = c.value(QStringLiteral("max")).toInt(limits.maxConnections);
        limits.maxBufferedBytes =
            qint64(c.value(QStringLiteral("request_buffer_mib")).toDouble(double(limits.maxBufferedBytes >> 20)) * (1 << 20));
        limits.requestTimeoutMs =
            int(c.value(QStringLiteral("request_timeout_seconds")).toDouble(limits.requestTimeoutMs / 1000.0) * 1000);
        const rlim_t files = raiseFileLimit();
        const rlim_t reserved = c.contains(QStringLiteral("max")) ? kMinReserved : kReservedDescriptors;
        const int fitting = int(std::clamp<rlim_t>(files > reserved ? files - reserved : 0, kMinReserved, 1 << 30));
        if (fitting < limits.maxConnections) {
            qCWarning(lcDaemon, "serving at most %d connections: only %llu files may be open", fitting, (unsigned long long)files);
            limits.maxConnections = fitting;
        }
        m_api->setConnectionLimits(limits);
    }
    m_api->setAccessLog(m_config.accessLog);

    const bool loopback = m_config.address.isLoopback();
    if (!loopback && !m_config.useTls() && !m_config.allowInsecurePublic) {
        *error = QStringLiteral("refusing to serve %1 without TLS: give --tls-cert and --tls-key (or "
                                "--allow-insecure-public on a trusted network)")
                     .arg(m_config.address.toString());
        return false;
    }
    std::optional<QSslConfiguration> tls;
    if (m_config.useTls()) {
        QFile certFile(m_config.tlsCert), keyFile(m_config.tlsKey);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read TLS certificate or key");
            return false;
        }
        QSslCertificate cert(&certFile, QSsl::Pem);
        QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
        if (key.isNull()) {
            keyFile.seek(0);
            key = QSslKey(&keyFile, QSsl::Ec, QSsl::Pem);
        }
        if (cert.isNull() || key.isNull()) {
            *error = QStringLiteral("TLS certificate or key is not valid PEM");
            return false;
        }
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setLocalCertificate(cert);
        conf.setPrivateKey(key);
        tls = conf;
    }
    const quint16 port = m_api->listen(m_config.address, m_config.port, tls);
    if (port == 0) {
        *error = QStringLiteral("cannot listen on %1:%2").arg(m_config.address.toString()).arg(m_config.port);
        return false;
    }
    m_url = server::ApiServer::baseUrl(m_config.address, port, tls.has_value());
    if (m_runner && !m_runner->start(m_url, error))
        return false;
    if (m_slurm) {
        m_slurm->setBaseUrl(m_url);
        m_jobs->setExecutor(m_slurm.get());
        if (!m_slurm->start(error))
            return false;
    }

    ConnectionInfo info;
    info.url = m_url;
    info.token = ensureLocalToken(error);
    if (info.token.isEmpty())
        return false;
    info.ns = defaultLocalNamespace();
    info.pid = QCoreApplication::applicationPid();
    info.version = QStringLiteral(SEED_VERSION);
    info.simulatedGpus = m_runner && m_runner->executor().inventory().simulated();
    if (!info.write(m_config.dataDir, error))
        return false;
    m_wroteConnectionFile = true;
    return true;
}

void Daemon::stop()
{
    if (m_wroteConnectionFile) {
        QFile::remove(ConnectionInfo::pathIn(m_config.dataDir));
        m_wroteConnectionFile = false;
    }
    m_streams.reset();
    m_sampler.reset();
    m_progress.reset();
    m_logStore = nullptr;
    if (m_runner) {
        m_runner->shutdown();
        m_jobs->setExecutor(nullptr);
        m_runner.reset();
    }
    if (m_slurm) {
        m_jobs->setExecutor(nullptr);
        m_slurm.reset();
        m_slurmLogs.reset();
    }
    m_api.reset();
    if (m_lock)
        m_lock->unlock();
}

} // namespace seed::daemon
