#include "runstore.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace {
Q_LOGGING_CATEGORY(lcStore, "seedd.store")
}

namespace seed::store {

bool RunStore::save(const RunRecord &r)
{
    QStringList gpus;
    for (int i : r.gpuIndices)
        gpus << QString::number(i);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO job_runs (job_id, attempt, container, gpu_indices, phase, attempt_started_at, "
                             "stop_reason, preempted_by, preempt_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(job_id) DO "
                             "UPDATE SET attempt = excluded.attempt, container = excluded.container, gpu_indices = "
                             "excluded.gpu_indices, phase = excluded.phase, attempt_started_at = "
                             "excluded.attempt_started_at, stop_reason = excluded.stop_reason, preempted_by = "
                             "excluded.preempted_by, preempt_at = excluded.preempt_at"));
    q.addBindValue(r.jobId);
    q.addBindValue(r.attempt);
    q.addBindValue(r.container);
    q.addBindValue(gpus.join(u','));
    q.addBindValue(r.phase);
    q.addBindValue(r.attemptStartedAt ? QVariant(r.attemptStartedAt->toMSecsSinceEpoch())
                                      : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(r.stopReason);
    q.addBindValue(r.preemptedBy.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(r.preemptedBy));
    q.addBindValue(r.preemptAt ? QVariant(r.preemptAt->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong)));
    if (!q.exec()) {
        qCWarning(lcStore, "runs: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool RunStore::remove(const QString &jobId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM job_runs WHERE job_id = ?"));
    q.addBindValue(jobId);
    return q.exec();
}

QList<RunRecord> RunStore::all()
{
    QList<RunRecord> out;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT job_id, attempt, container, gpu_indices, phase, attempt_started_at, stop_reason, "
                               "preempted_by, preempt_at FROM job_runs ORDER BY rowid")))
        return out;
    while (q.next()) {
        RunRecord r;
        r.jobId = q.value(0).toString();
        r.attempt = q.value(1).toInt();
        r.container = q.value(2).toString();
        const QStringList gpus = q.value(3).toString().split(u',', Qt::SkipEmptyParts);
        for (const QString &g : gpus)
            r.gpuIndices << g.toInt();
        r.phase = q.value(4).toString();
        if (!q.value(5).isNull())
            r.attemptStartedAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
        r.stopReason = q.value(6).toString();
        r.preemptedBy = q.value(7).toString();
        if (!q.value(8).isNull())
            r.preemptAt = QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC);
        out.append(r);
    }
    return out;
}

QString RunStore::instanceId()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT value FROM daemon_settings WHERE key = 'instance_id'")) && q.next())
        return q.value(0).toString();
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(16);
    QSqlQuery ins(m_db);
    ins.prepare(QStringLiteral("INSERT INTO daemon_settings (key, value) VALUES ('instance_id', ?)"));
    ins.addBindValue(id);
    ins.exec();
    return id;
}

} // namespace seed::store
