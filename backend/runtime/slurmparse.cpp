#include "slurmparse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace seed::runtime::slurm {

namespace {

qint64 numberOf(const QJsonValue &v)
{
    // 22.05 gives plain numbers; later versions wrap them as {"set", "infinite", "number"}. Clamped: converting a
    // double outside qint64's range (1e300 is valid JSON) is undefined behaviour.
    const double d = v.isObject() ? v.toObject().value(QStringLiteral("number")).toDouble() : v.toDouble();
    return qint64(std::clamp(d, -9.0e18, 9.0e18));
}

// exit_code as a wait status (the exit code << 8, or the signal). 22.05 gives the wait status itself; Slurm 23.02
// on gives {"status": ["SUCCESS"|"ERROR"|"SIGNALED"|...], "return_code": n, "signal": {"id": n, "name": "KILL"}}
// (numbers wrapped as above; recorded from 24.11): read as 0 it would make every failed job a success.
qint64 waitStatusOf(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    if (!o.contains(QStringLiteral("return_code")) && !o.contains(QStringLiteral("signal")))
        return numberOf(v);
    const qint64 signal = numberOf(o.value(QStringLiteral("signal")).toObject().value(QStringLiteral("id")));
    if (signal > 0 && signal < 128)
        return signal;
    return (numberOf(o.value(QStringLiteral("return_code"))) & 0xff) << 8;
}

QString stateOf(const QJsonValue &v)
{
    // 22.05: "RUNNING"; later versions: ["RUNNING", <flags>...].
    return v.isArray() ? v.toArray().first().toString() : v.toString();
}

std::optional<QJsonArray> listOf(const QByteArray &json, const QString &key)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonValue list = doc.object().value(key);
    if (!doc.isObject() || !list.isArray())
        return std::nullopt;
    return list.toArray();
}

} // namespace

std::optional<QList<QueuedJob>> parseQueue(const QByteArray &json)
{
    const std::optional<QJsonArray> jobs = listOf(json, QStringLiteral("jobs"));
    if (!jobs)
        return std::nullopt;
    QList<QueuedJob> out;
    out.reserve(jobs->size());
    for (const QJsonValue &v : *jobs) {
        const QJsonObject o = v.toObject();
        QueuedJob j;
        j.id = QString::number(numberOf(o.value(QStringLiteral("job_id"))));
        j.name = o.value(QStringLiteral("name")).toString();
        j.comment = o.value(QStringLiteral("comment")).toString();
        j.state = stateOf(o.value(QStringLiteral("job_state")));
        j.partition = o.value(QStringLiteral("partition")).toString();
        j.nodes = o.value(QStringLiteral("nodes")).toString();
        j.restarts = int(numberOf(o.value(QStringLiteral("restart_cnt"))));
        j.submitTime = numberOf(o.value(QStringLiteral("submit_time")));
        j.startTime = numberOf(o.value(QStringLiteral("start_time")));
        j.endTime = numberOf(o.value(QStringLiteral("end_time")));
        j.preemptTime = numberOf(o.value(QStringLiteral("preempt_time")));
        j.exitStatus = waitStatusOf(o.value(QStringLiteral("exit_code")));
        out.append(j);
    }
    return out;
}

bool isActive(const QString &state)
{
    static const QStringList active{
        QStringLiteral("PENDING"),      QStringLiteral("RUNNING"),     QStringLiteral("COMPLETING"),
        QStringLiteral("CONFIGURING"),  QStringLiteral("SUSPENDED"),   QStringLiteral("REQUEUED"),
        QStringLiteral("REQUEUE_HOLD"), QStringLiteral("REQUEUE_FED"), QStringLiteral("RESIZING"),
        QStringLiteral("SIGNALING"),    QStringLiteral("STAGE_OUT"),   QStringLiteral("STOPPED")};
    return active.contains(state);
}

int exitCodeOf(qint64 waitStatus)
{
    const int raw = int(waitStatus);
    return (raw & 0x7f) ? 128 + (raw & 0x7f) : (raw >> 8) & 0xff;
}

QString endReason(const QString &state)
{
    if (state == QLatin1String("NODE_FAIL"))
        return QStringLiteral("A Slurm node failed (NODE_FAIL) under the job.");
    if (state == QLatin1String("BOOT_FAIL"))
        return QStringLiteral("A Slurm node failed to boot (BOOT_FAIL).");
    if (state == QLatin1String("CANCELLED"))
        return QStringLiteral("Cancelled in Slurm, outside seedd (scancel).");
    if (state == QLatin1String("PREEMPTED"))
        return QStringLiteral("Preempted by Slurm and not requeued.");
    if (state == QLatin1String("DEADLINE"))
        return QStringLiteral("Slurm's deadline passed.");
    return {};
}

std::optional<QueuedJob> likelyPreemptor(const QueuedJob &victim, const QList<QueuedJob> &all, qint64 nowSecs)
{
    const qint64 by = (victim.preemptTime > 0 ? victim.preemptTime : nowSecs) + 1; // squeue's times are whole seconds
    std::optional<QueuedJob> newest;
    for (const QueuedJob &o : all) {
        if (o.partition == victim.partition || o.submitTime > by || !isActive(o.state))
            continue;
        if (!newest || o.submitTime > newest->submitTime)
            newest = o;
    }
    return newest;
}

std::optional<QJsonArray> nodesOf(const QByteArray &nodesJson)
{
    const std::optional<QJsonArray> listed = listOf(nodesJson, QStringLiteral("nodes"));
    if (!listed)
        return std::nullopt;
    QJsonArray nodes;
    for (const QJsonValue &v : *listed) {
        const QJsonObject n = v.toObject();
        // "gpu:a100:2(S:0)" and "gpu:a100:1(IDX:0)": type and counts per GRES entry, in the same order.
        QJsonArray gres;
        const QStringList total = n.value(QStringLiteral("gres")).toString().split(u',', Qt::SkipEmptyParts);
        const QStringList used = n.value(QStringLiteral("gres_used")).toString().split(u',', Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < total.size(); ++i) {
            const QStringList t = total[i].section(u'(', 0, 0).split(u':');
            if (t.value(0) != QLatin1String("gpu"))
                continue;
            const QStringList u = used.value(i).section(u'(', 0, 0).split(u':');
            gres.append(QJsonObject{{QStringLiteral("type"), t.size() > 2 ? t[1] : QJsonValue(QJsonValue::Null)},
                                    {QStringLiteral("count"), t.last().toInt()},
                                    {QStringLiteral("allocated"), u.last().toInt()}});
        }
        nodes.append(QJsonObject{{QStringLiteral("name"), n.value(QStringLiteral("name"))},
                                 {QStringLiteral("state"), stateOf(n.value(QStringLiteral("state"))).toLower()},
                                 {QStringLiteral("partitions"), n.value(QStringLiteral("partitions"))},
                                 {QStringLiteral("cpus"), n.value(QStringLiteral("cpus"))},
                                 {QStringLiteral("cpus_allocated"), n.value(QStringLiteral("alloc_cpus"))},
                                 {QStringLiteral("memory_mb"), n.value(QStringLiteral("real_memory"))},
                                 {QStringLiteral("memory_allocated_mb"), n.value(QStringLiteral("alloc_memory"))},
                                 {QStringLiteral("gres"), gres}});
    }
    return nodes;
}

bool listsNodesByGroup(const QByteArray &sinfoJson)
{
    const QJsonObject o = QJsonDocument::fromJson(sinfoJson).object();
    return o.value(QStringLiteral("sinfo")).isArray() && !o.value(QStringLiteral("nodes")).isArray();
}

QJsonArray partitionsOf(const QByteArray &scontrolText, const QMap<QString, QString> &regions,
                        const QString &spotPartition)
{
    static const QRegularExpression nameRe(QStringLiteral("^PartitionName=(\\S+)"));
    static const QRegularExpression modeRe(QStringLiteral("\\bPreemptMode=(\\S+)"));
    QJsonArray parts;
    for (const QByteArray &l : scontrolText.split('\n')) {
        const QString line = QString::fromUtf8(l);
        const QRegularExpressionMatch nm = nameRe.match(line);
        if (!nm.hasMatch())
            continue;
        const QString name = nm.captured(1);
        const QString mode = modeRe.match(line).captured(1);
        const QString region = regions.key(name);
        parts.append(QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("region"), region.isEmpty() ? QJsonValue(QJsonValue::Null) : region},
                                 {QStringLiteral("preemptible"), mode.contains(QLatin1String("REQUEUE"))},
                                 {QStringLiteral("spot"), name == spotPartition}});
    }
    return parts;
}

} // namespace seed::runtime::slurm
