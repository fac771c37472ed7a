// LocalExecutor, what the API shows of it: /machine (the GPUs and who holds them, capacity, queue) and a job's
// logs, analytics, queue position, stop deadline and download link.
#include "localexecutor.h"
#include "localexecutor_p.h"

#include "sched/gpuinventory.h"

#include <QJsonArray>

namespace seed::runtime {

QJsonObject LocalExecutor::machineJson(const QString &ns) const
{
    QJsonArray gpus;
    for (const sched::Gpu &g : m_inventory.gpus) {
        QJsonObject o = g.toJson();
        const QString holder = m_alloc.holderOf(g.index);
        // GPUs are shared across namespaces, jobs are not: another namespace's job shows only as "in use".
        const std::optional<wire::Job> job = holder.isEmpty() ? std::nullopt : m_store.jobById(holder);
        const bool mine = job && job->ns == ns;
        o.insert(QStringLiteral("job_id"), mine ? QJsonValue(holder) : QJsonValue(QJsonValue::Null));
        o.insert(QStringLiteral("in_use"), !holder.isEmpty());
        // Whether the holder is preemptible: only for the caller's own jobs (like job_id).
        o.insert(QStringLiteral("spot"), mine ? QJsonValue(m_alloc.holdsSpot(holder)) : QJsonValue(QJsonValue::Null));
        gpus.append(o);
    }
    const sched::Capacity cap = m_alloc.capacity(), free = m_alloc.free();
    return QJsonObject{{QStringLiteral("gpu_source"), m_inventory.source},
                       {QStringLiteral("simulated"), m_inventory.simulated()},
                       {QStringLiteral("gpus"), gpus},
                       {QStringLiteral("cdi_kind"), m_settings.cdiKind},
                       {QStringLiteral("capacity"),
                        QJsonObject{{QStringLiteral("cpu"), cap.cpus}, {QStringLiteral("memory_gb"), cap.memoryGb}}},
                       {QStringLiteral("free"),
                        QJsonObject{{QStringLiteral("cpu"), free.cpus}, {QStringLiteral("memory_gb"), free.memoryGb}}},
                       {QStringLiteral("host"),
                        QJsonObject{{QStringLiteral("cpu"), sched::hostCpuCount()},
                                    {QStringLiteral("memory_gb"), double(sched::hostMemoryBytes() >> 20) / 1024.0}}},
                       {QStringLiteral("queued"), int(m_queue.size())},
                       {QStringLiteral("running"), int(m_active.size())},
                       {QStringLiteral("runtime"), m_runtime.name()},
                       {QStringLiteral("runner"), QStringLiteral("local")},
                       {QStringLiteral("max_nodes"), maxNodes()},
                       {QStringLiteral("spot_factor"), m_jobs.prices().spotFactor}};
}

wire::LogPage LocalExecutor::logs(const wire::Job &job, const wire::LogQuery &q) { return m_logs.read(job, q); }

wire::Analytics LocalExecutor::analytics(const wire::Job &job)
{
    Q_UNUSED(job);
    return {}; // utilisation sampling belongs to telemetry/ (a later issue)
}

void LocalExecutor::decorate(wire::Job &job)
{
    if (const auto it = m_active.constFind(job.id); it != m_active.cend()) {
        const Active &a = **it;
        if (!a.run.stopReason.isEmpty() && a.forceStopAt && !a.exited && !a.concluding && !a.deleted) {
            job.stopping = true;
            job.forceStopAt = QDateTime::fromSecsSinceEpoch((a.forceStopAt->toMSecsSinceEpoch() + 999) / 1000, Qt::UTC);
        }
    }
    if (job.status == wire::JobStatus::Queued) {
        const qsizetype i = m_queue.indexOf(job.id);
        if (i >= 0)
            job.queuePosition = int(i) + 1;
        else
            job.queuePosition.reset();
    }
    if (job.artifacts && !m_baseUrl.isEmpty())
        job.artifacts->downloadUrl = QStringLiteral("%1/%2/job/%3/artifacts").arg(m_baseUrl, job.ns, job.name);
    if (m_energyLookup && job.startedAt && job.gpu != QLatin1String("none"))
        job.energyKwh = m_energyLookup(job);
}

} // namespace seed::runtime
