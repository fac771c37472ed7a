// GET /metrics: what seedd reports to Prometheus. Every figure is read when a scraper asks (nothing is sampled for
// a scraper that never comes); the names are documented in docs/api.md ("Prometheus metrics").
#include "daemon.h"

#include "runtime/localrunner.h"
#include "server/ssestreams.h"
#include "telemetry/sampler.h"

#include <QLoggingCategory>
#include <QJsonArray>
#include <QMap>

namespace {
Q_LOGGING_CATEGORY(lcDaemon, "seedd.daemon")
}

namespace seed::daemon {

void Daemon::addMetrics()
{
    // "metrics": {"public_on_loopback": false}: a scrape without credentials, only where nobody else can connect.
    const bool publicAsked =
        m_config.file.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("public_on_loopback")).toBool(false);
    const bool publicRoute = publicAsked && m_config.address.isLoopback();
    if (publicAsked && !publicRoute)
        qCWarning(lcDaemon, "metrics.public_on_loopback is ignored: seedd listens on %s, not on a loopback address; "
                 "/metrics needs a credential for every namespace",
                 qPrintable(m_config.address.toString()));
    m_api->addMetricsRoute(publicRoute);
    server::Metrics &metrics = m_api->metrics();

    metrics.addCollector([this](server::PrometheusText &t) {
        QMap<QString, QMap<QString, qint64>> counts;
        for (const auto &[ns, status, n] : m_store.jobCounts())
            counts[ns][status] += n;
        t.family("seed_jobs", "gauge", "Jobs stored, by namespace and status.");
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            for (const wire::JobStatus s : wire::allJobStatuses()) {
                const QString status = wire::jobStatusName(s);
                t.sample("seed_jobs", {{QStringLiteral("namespace"), it.key()}, {QStringLiteral("status"), status}},
                         double(it.value().value(status)));
            }
        const QList<wire::Job> queued = m_store.jobsWithStatus(wire::JobStatus::Queued);
        t.family("seed_queue_depth", "gauge", "Jobs waiting to start, all namespaces.");
        t.sample("seed_queue_depth", {}, double(queued.size()));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        qint64 oldest = 0;
        for (const wire::Job &j : queued)
            oldest = std::max(oldest, j.createdAt.secsTo(now));
        t.family("seed_queue_oldest_wait_seconds", "gauge", "How long the longest-waiting queued job has waited (0: none waits).");
        t.sample("seed_queue_oldest_wait_seconds", {}, double(oldest));
    });

    metrics.addCollector([this](server::PrometheusText &t) {
        t.family("seed_sse_streams_open", "gauge", "Open Server-Sent Events streams (logs and job events).");
        t.sample("seed_sse_streams_open", {{QStringLiteral("kind"), QStringLiteral("logs")}},
                 double(m_streams ? m_streams->logClients() : 0));
        t.sample("seed_sse_streams_open", {{QStringLiteral("kind"), QStringLiteral("events")}},
                 double(m_streams ? m_streams->eventClients() : 0));
        const logs::LogStore *logStore = m_logStore;
        if (!logStore)
            return;
        t.family("seed_log_bytes_written_total", "counter", "Bytes of job log lines written to disk since seedd started.");
        t.sample("seed_log_bytes_written_total", {}, double(logStore->bytesWritten()));
    });

    metrics.addCollector([this](server::PrometheusText &t) {
        if (!m_sampler)
            return;
        // The machine view as a namespace-less caller sees it: no job of any namespace is named.
        const QJsonArray gpus = m_sampler->machineJson(QString()).value(QStringLiteral("gpus")).toArray();
        const auto labels = [](const QJsonObject &g) -> server::PrometheusText::Labels {
            return {{QStringLiteral("index"), QString::number(g.value(QStringLiteral("index")).toInt())},
                    {QStringLiteral("uuid"), g.value(QStringLiteral("uuid")).toString()},
                    {QStringLiteral("model"), g.value(QStringLiteral("model")).toString()},
                    {QStringLiteral("simulated"), g.value(QStringLiteral("simulated")).toBool() ? QStringLiteral("true")
                                                                                                 : QStringLiteral("false")}};
        };
        // Only what was measured (or, for simulated GPUs, modelled and labelled so): an unmeasured value is left out.
        const struct
        {
            const char *name;
            const char *key;
            const char *help;
            double scale;
        } series[] = {
            {"seed_gpu_in_use", "in_use", "1 while a job holds the GPU.", 1},
            {"seed_gpu_utilization_percent", "utilization_percent", "GPU utilization, percent.", 1},
            {"seed_gpu_memory_used_bytes", "memory_used_mib", "GPU memory in use, bytes.", 1024.0 * 1024.0},
            {"seed_gpu_power_watts", "power_watts", "GPU power draw, watts.", 1},
        };
        for (const auto &s : series) {
            t.family(s.name, "gauge", s.help);
            for (const QJsonValue &v : gpus) {
                const QJsonObject g = v.toObject();
                const QJsonValue x = g.value(QLatin1String(s.key));
                if (x.isBool())
                    t.sample(s.name, labels(g), x.toBool() ? 1 : 0);
                else if (x.isDouble())
                    t.sample(s.name, labels(g), x.toDouble() * s.scale);
            }
        }
    });
}

} // namespace seed::daemon
