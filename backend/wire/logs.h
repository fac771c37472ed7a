#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace seed::wire {

struct LogLine
{
    qint64 seq = 0; // additive "id": position in the job's log, the SSE event id
    QDateTime timestamp;
    QString message;
    QString node; // additive "node" (only when set): the cluster node that printed it (Slurm runner)

    QJsonObject toJson() const;
    static LogLine fromJson(const QJsonObject &o);
    // The same line: the same seq, instant (whatever the time spec) and message.
    friend bool operator==(const LogLine &, const LogLine &) = default;
};

struct LogPage
{
    QString name;
    QString ns;
    QList<LogLine> lines;
    bool hasMore = false;
    qint64 dropped = 0; // additive "lines_dropped" (only when > 0): oldest lines dropped by the per-job bound

    QJsonObject toJson() const;
    static LogPage fromJson(const QJsonObject &o);
};

} // namespace seed::wire
