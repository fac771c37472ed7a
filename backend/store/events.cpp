// The job events journal behind GET /{ns}/events (server/ssestreams.cpp keeps the live ring in front of it).
#include "store.h"

#include <QSqlError>
#include <QVariant>

namespace seed::store {

qint64 Store::appendEvent(const QString &ns, qint64 atMs, const QByteArray &data)
{
    QSqlQuery &q = prepared(QStringLiteral("INSERT INTO job_events(namespace, at_ms, data) VALUES (?, ?, ?)"));
    q.addBindValue(ns);
    q.addBindValue(atMs);
    q.addBindValue(QString::fromUtf8(data));
    if (!q.exec()) {
        fail(q);
        return 0;
    }
    return q.lastInsertId().toLongLong();
}

qint64 Store::lastEventId()
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM job_events"));
    const qint64 id = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    q.finish(); // a statement left open would hold its read snapshot
    return id;
}

std::optional<qint64> Store::firstEventId()
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT MIN(id) FROM job_events"));
    std::optional<qint64> id;
    if (q.exec() && q.next() && !q.value(0).isNull())
        id = q.value(0).toLongLong();
    q.finish();
    return id;
}

void Store::pruneEventsUpTo(qint64 id)
{
    QSqlQuery &q = prepared(QStringLiteral("DELETE FROM job_events WHERE id <= ?"));
    q.addBindValue(id);
    if (!q.exec())
        fail(q);
}

std::optional<QList<JobEvent>> Store::events(const QString &ns, qint64 afterId, qint64 upToId, int limit)
{
    QList<JobEvent> out;
    QSqlQuery &q = prepared(
        QStringLiteral("SELECT id, data FROM job_events WHERE namespace = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?"));
    q.addBindValue(ns);
    q.addBindValue(afterId);
    q.addBindValue(upToId);
    q.addBindValue(limit);
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString().toUtf8()});
    q.finish();
    return out;
}

} // namespace seed::store
