#include "job.h"

#include "catalog.h"
#include "jsonnum.h"
#include "jsonwriter.h"
#include "timefmt.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace seed::wire {

namespace {
QString k(const char *latin1) { return QString::fromLatin1(latin1); }
QJsonValue strOrNull(const QString &v) { return v.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v); }
QString strOf(const QJsonObject &o, const char *key) { return o.value(k(key)).toString(); }
int intOf(const QJsonObject &o, const char *key, int def)
{
    const QJsonValue v = o.value(k(key));
    return v.isDouble() ? v.toInt() : def;
}
// Money arrives as a string ("12.80") per the contract; tolerate a number too.
qint64 centsOf(const QJsonValue &v)
{
    if (v.isDouble())
        return saturatingCast<qint64>(std::round(v.toDouble() * 100.0));
    bool ok = false;
    const double d = v.toString().toDouble(&ok);
    return ok ? saturatingCast<qint64>(std::round(d * 100.0)) : 0;
}
} // namespace

QString newJobId()
{
    const quint64 r = QRandomGenerator::global()->generate64();
    return QStringLiteral("job_") + QString::number(r & 0xFFFFFFFFFFFFull, 16).rightJustified(12, u'0');
}

Job Job::fromSpec(const JobSpec &spec, const QString &ns)
{
    Job j;
    j.name = spec.name;
    j.ns = ns;
    j.command = spec.command;
    j.repo = spec.repo;
    j.image = spec.image;
    j.branch = spec.branch;
    j.gpu = spec.gpu;
    j.gpuCount = spec.gpuCount;
    j.cpu = spec.cpu;
    j.memoryGb = spec.memoryGb;
    j.diskGb = spec.diskGb;
    j.env = spec.env;
    j.region = spec.region;
    j.timeoutMinutes = spec.timeoutMinutes;
    j.retries = spec.retries;
    j.outputPath = spec.outputPath;
    j.spot = spec.spot;
    j.nodes = spec.nodes;
    return j;
}

qint64 Job::runtimeAt(const QDateTime &now) const
{
    const qint64 prior = qMax<qint64>(0, priorRunSeconds);
    const std::optional<QDateTime> &start = attemptStartedAt ? attemptStartedAt : startedAt;
    if (!start || (status == JobStatus::Queued && preemptedAt))
        return prior;
    const QDateTime end = completedAt ? *completedAt : now;
    return prior + qMax<qint64>(0, start->secsTo(end));
}

qint64 Job::totalCostCents() const { return wire::totalCostCents(costPerHourCents, runtimeSeconds); }

qint64 Job::shownTotalCostCents(qint64 runtimeNow) const
{
    if (!serverTotalCostCents)
        return wire::totalCostCents(costPerHourCents, runtimeNow);
    if (runtimeNow <= runtimeSeconds)
        return *serverTotalCostCents;
    return *serverTotalCostCents + wire::totalCostCents(costPerHourCents, runtimeNow) -
           wire::totalCostCents(costPerHourCents, runtimeSeconds);
}

QJsonObject Job::toListItemJson() const
{
    JsonObjectSink sink;
    writeListItem(sink);
    return sink.object;
}

QJsonObject Job::toCreatedJson() const
{
    return QJsonObject{{k("id"), id},
                       {k("name"), name},
                       {k("namespace"), ns},
                       {k("status"), jobStatusName(status)},
                       {k("command"), command},
                       {k("repo"), strOrNull(repo)},
                       {k("image"), strOrNull(image)},
                       {k("branch"), strOrNull(branch)},
                       {k("commit_sha"), strOrNull(commitSha)},
                       {k("gpu"), gpu},
                       {k("gpu_count"), gpuCount},
                       {k("cpu"), cpu},
                       {k("memory_gb"), memoryGb},
                       {k("disk_gb"), diskGb},
                       {k("region"), region},
                       {k("timeout_minutes"), timeoutMinutes},
                       {k("retries"), retries},
                       {k("retry_count"), retryCount},
                       {k("output_path"), strOrNull(outputPath)},
                       {k("cost_per_hour"), formatMoney(costPerHourCents)},
                       {k("created_at"), formatTime(createdAt)},
                       {k("started_at"), timeOrNull(startedAt)},
                       {k("completed_at"), timeOrNull(completedAt)},
                       {k("spot"), spot},
                       {k("nodes"), nodes},
                       {k("preemptions"), preemptions}};
}

QJsonObject Job::toDetailJson() const
{
    QJsonObject o = toCreatedJson();
    o.insert(k("exit_code"), exitCode ? QJsonValue(*exitCode) : QJsonValue(QJsonValue::Null));
    o.insert(k("total_cost"), formatMoney(totalCostCents()));
    o.insert(k("runtime_seconds"), runtimeSeconds);
    if (artifacts) {
        o.insert(k("artifacts"), QJsonObject{{k("path"), artifacts->path},
                                             {k("size_bytes"), artifacts->sizeBytes},
                                             {k("files"), artifacts->files},
                                             {k("download_url"), artifacts->downloadUrl}});
    } else {
        o.insert(k("artifacts"), QJsonValue::Null);
    }
    // Additive fields (docs/api.md).
    o.insert(k("progress"), strOrNull(progress));
    if (progressFraction)
        o.insert(k("progress_fraction"), *progressFraction);
    if (etaSeconds)
        o.insert(k("eta_seconds"), *etaSeconds);
    if (queuePosition)
        o.insert(k("queue_position"), *queuePosition);
    if (energyKwh)
        o.insert(k("energy_kwh"), *energyKwh);
    if (!statusMessage.isEmpty())
        o.insert(k("status_message"), statusMessage);
    if (stopping) {
        o.insert(k("stopping"), true);
        if (forceStopAt && forceStopAt->isValid())
            o.insert(k("force_stop_at"), formatTime(*forceStopAt));
    }
    if (preemptedAt && preemptedAt->isValid()) {
        o.insert(k("preempted_by"), strOrNull(preemptedBy));
        o.insert(k("preempted_at"), formatTime(*preemptedAt));
    }
    return o;
}

QJsonObject Job::toCancelJson(const QString &message) const
{
    return QJsonObject{{k("id"), id},
                       {k("name"), name},
                       {k("namespace"), ns},
                       {k("status"), jobStatusName(status)},
                       {k("message"), message},
                       {k("runtime_seconds"), runtimeSeconds},
                       {k("total_cost"), formatMoney(totalCostCents())},
                       {k("completed_at"), timeOrNull(completedAt)},
                       {k("spot"), spot},
                       {k("nodes"), nodes},
                       {k("preemptions"), preemptions}};
}

Job Job::fromJson(const QJsonObject &o)
{
    Job j;
    j.id = strOf(o, "id");
    j.name = strOf(o, "name");
    j.ns = strOf(o, "namespace");
    j.status = jobStatusOrUnknown(strOf(o, "status"));
    j.command = strOf(o, "command");
    j.repo = strOf(o, "repo");
    j.image = strOf(o, "image");
    j.branch = strOf(o, "branch");
    j.commitSha = strOf(o, "commit_sha");
    j.gpu = strOf(o, "gpu");
    j.gpuCount = intOf(o, "gpu_count", 1);
    j.cpu = intOf(o, "cpu", 0);
    j.memoryGb = intOf(o, "memory_gb", 0);
    j.diskGb = intOf(o, "disk_gb", 0);
    j.region = strOf(o, "region");
    j.timeoutMinutes = intOf(o, "timeout_minutes", 0);
    j.retries = intOf(o, "retries", 0);
    j.retryCount = intOf(o, "retry_count", 0);
    j.outputPath = strOf(o, "output_path");
    if (o.value(k("exit_code")).isDouble())
        j.exitCode = o.value(k("exit_code")).toInt();
    j.costPerHourCents = centsOf(o.value(k("cost_per_hour")));
    j.progress = strOf(o, "progress");
    if (o.value(k("progress_fraction")).isDouble())
        j.progressFraction = o.value(k("progress_fraction")).toDouble();
    if (o.value(k("eta_seconds")).isDouble())
        j.etaSeconds = int64Of(o.value(k("eta_seconds")));
    if (o.value(k("queue_position")).isDouble())
        j.queuePosition = o.value(k("queue_position")).toInt();
    if (o.value(k("energy_kwh")).isDouble())
        j.energyKwh = o.value(k("energy_kwh")).toDouble();
    j.statusMessage = strOf(o, "status_message");
    j.stopping = o.value(k("stopping")).toBool(false);
    if (j.stopping)
        j.forceStopAt = timeFromJson(o.value(k("force_stop_at")));
    j.runtimeSeconds = int64Of(o.value(k("runtime_seconds")));
    j.spot = o.value(k("spot")).toBool(false);
    j.nodes = qMax(1, intOf(o, "nodes", 1));
    j.preemptions = qMax(0, intOf(o, "preemptions", 0));
    j.preemptedBy = strOf(o, "preempted_by");
    j.preemptedAt = timeFromJson(o.value(k("preempted_at")));
    const QJsonValue total = o.value(k("total_cost"));
    if (total.isString() || total.isDouble())
        j.serverTotalCostCents = centsOf(total);
    const QJsonValue a = o.value(k("artifacts"));
    if (a.isObject()) {
        const QJsonObject ao = a.toObject();
        j.artifacts = Artifacts{strOf(ao, "path"), int64Of(ao.value(k("size_bytes"))), ao.value(k("files")).toInt(),
                                strOf(ao, "download_url")};
    }
    j.createdAt = timeFromJson(o.value(k("created_at"))).value_or(QDateTime());
    j.startedAt = timeFromJson(o.value(k("started_at")));
    j.completedAt = timeFromJson(o.value(k("completed_at")));
    return j;
}

QJsonObject JobPage::toJson() const
{
    QJsonArray data;
    for (const Job &j : jobs)
        data.append(j.toListItemJson());
    return QJsonObject{{k("data"), data},
                       {k("pagination"), QJsonObject{{k("page"), pagination.page},
                                                     {k("per_page"), pagination.perPage},
                                                     {k("total"), pagination.total},
                                                     {k("total_pages"), pagination.totalPages}}}};
}

QByteArray JobPage::toJsonBytes() const
{
    QByteArray out;
    out.reserve(400 * jobs.size() + 128);
    JsonWriter w(out);
    w.beginObject();
    w.key("data");
    w.beginArray();
    for (const Job &j : jobs) {
        w.beginObject();
        j.writeListItem(w);
        w.endObject();
    }
    w.endArray();
    w.key("pagination");
    w.beginObject();
    w.field("page", pagination.page);
    w.field("per_page", pagination.perPage);
    w.field("total", pagination.total);
    w.field("total_pages", pagination.totalPages);
    w.endObject();
    w.endObject();
    return out;
}

JobPage JobPage::fromJson(const QJsonObject &o)
{
    JobPage p;
    const QJsonArray data = o.value(k("data")).toArray();
    p.jobs.reserve(data.size());
    for (const QJsonValue &v : data)
        p.jobs.append(Job::fromJson(v.toObject()));
    const QJsonObject pg = o.value(k("pagination")).toObject();
    p.pagination.page = pg.value(k("page")).toInt(1);
    p.pagination.perPage = pg.value(k("per_page")).toInt(20);
    p.pagination.total = int64Of(pg.value(k("total")));
    p.pagination.totalPages = pg.value(k("total_pages")).toInt();
    return p;
}

QJsonObject Analytics::toJson() const
{
    return QJsonObject{{k("name"), name},
                       {k("namespace"), ns},
                       {k("gpu_utilization_percent"), gpuUtilizationPercent},
                       {k("cpu_utilization_percent"), cpuUtilizationPercent},
                       {k("memory_used_gb"), memoryUsedGb},
                       {k("disk_used_gb"), diskUsedGb},
                       {k("runtime_seconds"), runtimeSeconds}};
}

Analytics Analytics::fromJson(const QJsonObject &o)
{
    Analytics a;
    a.name = strOf(o, "name");
    a.ns = strOf(o, "namespace");
    a.gpuUtilizationPercent = intOf(o, "gpu_utilization_percent", 0);
    a.cpuUtilizationPercent = intOf(o, "cpu_utilization_percent", 0);
    a.memoryUsedGb = intOf(o, "memory_used_gb", 0);
    a.diskUsedGb = intOf(o, "disk_used_gb", 0);
    a.runtimeSeconds = int64Of(o.value(k("runtime_seconds")));
    return a;
}

} // namespace seed::wire
