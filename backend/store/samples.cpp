// Utilisation series (telemetry/sampler.cpp decides what is sampled and how a series is downsampled).
#include "store.h"

#include <QSqlError>
#include <QVariant>

namespace seed::store {

namespace {
QVariant value(const std::optional<double> &x) { return x ? QVariant(*x) : QVariant(QMetaType(QMetaType::Double)); }
QVariant value(const std::optional<qint64> &x) { return x ? QVariant(*x) : QVariant(QMetaType(QMetaType::LongLong)); }
} // namespace

QList<JobSample> Store::samples(const QString &jobId)
{
    QList<JobSample> out;
    QSqlQuery &q = prepared(
        QStringLiteral("SELECT at_ms, span_ms, cpu_percent, memory_bytes, disk_bytes, gpu_percent, gpu_memory_bytes, "
                       "gpu_power_w, energy_j, gpu_simulated FROM job_samples WHERE job_id = ? ORDER BY at_ms"));
    q.addBindValue(jobId);
    if (!q.exec()) {
        fail(q);
        return out;
    }
    const auto real = [&q](int i) { return q.value(i).isNull() ? std::nullopt : std::optional<double>(q.value(i).toDouble()); };
    const auto whole = [&q](int i) {
        return q.value(i).isNull() ? std::nullopt : std::optional<qint64>(q.value(i).toLongLong());
    };
    while (q.next()) {
        JobSample s;
        s.atMs = q.value(0).toLongLong();
        s.spanMs = q.value(1).toLongLong();
        s.cpuPercent = real(2);
        s.memoryBytes = whole(3);
        s.diskBytes = whole(4);
        s.gpuPercent = real(5);
        s.gpuMemoryBytes = whole(6);
        s.gpuPowerWatts = real(7);
        s.energyJoules = real(8);
        s.gpuSimulated = q.value(9).toInt() != 0;
        out.append(s);
    }
    q.finish();
    return out;
}

bool Store::insertSample(const QString &jobId, const JobSample &s)
{
    QSqlQuery &q = prepared(QStringLiteral(
        "INSERT OR REPLACE INTO job_samples(job_id, at_ms, span_ms, cpu_percent, memory_bytes, disk_bytes, "
        "gpu_percent, gpu_memory_bytes, gpu_power_w, energy_j, gpu_simulated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &x : {QVariant(jobId), QVariant(s.atMs), QVariant(s.spanMs), value(s.cpuPercent),
                              value(s.memoryBytes), value(s.diskBytes), value(s.gpuPercent), value(s.gpuMemoryBytes),
                              value(s.gpuPowerWatts), value(s.energyJoules), QVariant(s.gpuSimulated ? 1 : 0)})
        q.addBindValue(x);
    return q.exec() || fail(q);
}

bool Store::replaceSamples(const QString &jobId, const QList<JobSample> &series)
{
    m_db.transaction();
    deleteSamples(jobId);
    bool ok = true;
    for (const JobSample &s : series)
        ok = insertSample(jobId, s) && ok;
    return m_db.commit() && ok;
}

void Store::deleteSamples(const QString &jobId)
{
    QSqlQuery &q = prepared(QStringLiteral("DELETE FROM job_samples WHERE job_id = ?"));
    q.addBindValue(jobId);
    if (!q.exec())
        fail(q);
}

std::optional<double> Store::lastEnergyJoules(const QString &jobId)
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT energy_j FROM job_samples WHERE job_id = ? ORDER BY at_ms DESC LIMIT 1"));
    q.addBindValue(jobId);
    std::optional<double> joules;
    if (q.exec() && q.next() && !q.value(0).isNull())
        joules = q.value(0).toDouble();
    q.finish();
    return joules;
}

std::pair<qint64, double> Store::namespaceEnergyJoules(const QString &ns)
{
    // Each job's newest stored energy reading: one indexed row per job.
    QSqlQuery &q = prepared(QStringLiteral(
        "SELECT COUNT(e), COALESCE(SUM(e), 0) FROM (SELECT (SELECT s.energy_j FROM job_samples s WHERE s.job_id = j.id "
        "AND s.energy_j IS NOT NULL ORDER BY s.at_ms DESC LIMIT 1) AS e FROM jobs j WHERE j.namespace = ?)"));
    q.addBindValue(ns);
    std::pair<qint64, double> sum{0, 0.0};
    if (q.exec() && q.next())
        sum = {q.value(0).toLongLong(), q.value(1).toDouble()};
    q.finish();
    return sum;
}

} // namespace seed::store
