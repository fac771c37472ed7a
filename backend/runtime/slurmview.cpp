// What the API shows of the Slurm runner: /machine (nodes and partitions, refreshed from sinfo or scontrol) and a
// job's logs, analytics and download link.
#include "slurmexecutor.h"

namespace seed::runtime {

void SlurmExecutor::refreshCluster()
{
    m_lastClusterMs = QDateTime::currentMSecsSinceEpoch();
    refreshNodes();
    runTool(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("partition"), QStringLiteral("-o")},
            [this](int code, QByteArray out, QByteArray) {
                if (code == 0)
                    m_partitions = slurm::partitionsOf(out, m_settings.partitions, m_settings.spotPartition);
            });
}

void SlurmExecutor::refreshNodes()
{
    // Slurm 22.05 lists the nodes in `sinfo --json`, whose scontrol has no --json; 23.02 on groups them there and
    // lists them in `scontrol show nodes --json`. The first grouped answer switches to scontrol for good.
    const bool fromScontrol = m_nodesFromScontrol;
    const QStringList args =
        fromScontrol ? QStringList{QStringLiteral("show"), QStringLiteral("nodes"), QStringLiteral("--json")}
                     : QStringList{QStringLiteral("--json")};
    runTool(fromScontrol ? QStringLiteral("scontrol") : QStringLiteral("sinfo"), args,
            [this, fromScontrol](int code, QByteArray out, QByteArray) {
                if (code != 0)
                    return;
                // One parse per refresh: the grouped kind is looked for only when there is no node list.
                const std::optional<QJsonArray> nodes = slurm::nodesOf(out);
                if (!nodes && !fromScontrol && slurm::listsNodesByGroup(out)) {
                    m_nodesFromScontrol = true;
                    refreshNodes();
                    return;
                }
                m_nodes = nodes.value_or(QJsonArray());
                m_nodeCount = int(m_nodes.size());
            });
}

QJsonObject SlurmExecutor::machineJson(const QString &ns) const
{
    Q_UNUSED(ns);
    int queued = 0, running = 0;
    for (const auto &r : m_runs)
        (r->everRan ? running : queued) += 1;
    return QJsonObject{{QStringLiteral("runner"), QStringLiteral("slurm")},
                       {QStringLiteral("gpu_source"), QStringLiteral("slurm")},
                       {QStringLiteral("simulated"), false},
                       {QStringLiteral("gpus"), QJsonArray()},
                       {QStringLiteral("max_nodes"), m_nodeCount},
                       {QStringLiteral("spot_factor"), m_jobs.prices().spotFactor},
                       {QStringLiteral("nodes"), m_nodes},
                       {QStringLiteral("partitions"), m_partitions},
                       {QStringLiteral("queued"), queued},
                       {QStringLiteral("running"), running},
                       {QStringLiteral("runtime"), QStringLiteral("slurm")}};
}

QJsonObject SlurmExecutor::analyticsJson(const wire::Job &job) const
{
    // Slurm without accounting measures no utilisation: those figures are null and flagged, never made up.
    return QJsonObject{
        {QStringLiteral("name"), job.name},
        {QStringLiteral("namespace"), job.ns},
        {QStringLiteral("gpu_utilization_percent"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("cpu_utilization_percent"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("memory_used_gb"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("disk_used_gb"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("runtime_seconds"), job.runtimeSeconds},
        {QStringLiteral("measured"), false},
        {QStringLiteral("gpu_measured"), false},
        {QStringLiteral("unmeasured_reason"),
         QStringLiteral("The Slurm runner reads no utilisation (it needs Slurm accounting with a profile plugin).")}};
}

wire::LogPage SlurmExecutor::logs(const wire::Job &job, const wire::LogQuery &q) { return m_logs.read(job, q); }

wire::Analytics SlurmExecutor::analytics(const wire::Job &job)
{
    wire::Analytics a;
    a.name = job.name;
    a.ns = job.ns;
    a.runtimeSeconds = job.runtimeSeconds;
    return a;
}

void SlurmExecutor::decorate(wire::Job &job)
{
    if (job.artifacts && !m_baseUrl.isEmpty())
        job.artifacts->downloadUrl = QStringLiteral("%1/%2/job/%3/artifacts").arg(m_baseUrl, job.ns, job.name);
    const auto it = m_runs.constFind(job.id);
    if (it == m_runs.cend())
        return;
    const Run &r = **it;
    if (!r.stopReason.isEmpty() && r.forceStopAt && r.everRan) {
        job.stopping = true;
        job.forceStopAt = QDateTime::fromSecsSinceEpoch((r.forceStopAt->toMSecsSinceEpoch() + 999) / 1000, Qt::UTC);
    }
}

} // namespace seed::runtime
