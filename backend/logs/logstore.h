#pragma once

#include "wire/logs.h"
#include "wire/queries.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>

namespace seed::logs {

// Where a line came from: the container's stdout/stderr, or seedd itself (attempt started, clamped
// limits, why it failed). Both are served; only Output lines count when re-attaching to a container.
enum class Source { Output, System };

struct StoredLine
{
    qint64 seq = 0;  // 1, 2, 3 ... per job, never reused (also across attempts and restarts)
    int attempt = 0; // 0 = first run, 1 = first retry, ...
    Source source = Source::Output;
    QDateTime timestamp;
    QString message;
};

// Append-only job logs under one directory: one file per job, one line per log line
// ("seq <TAB> attempt <TAB> o|s <TAB> epoch-ms <TAB> message", message escaped). A line is written
// (and flushed to the kernel) before append() returns and before linesAppended is emitted, so nothing is
// ever served that a crash of seedd could lose. Not thread-safe: lives on the daemon's thread.
class LogStore : public QObject
{
    Q_OBJECT
public:
    explicit LogStore(QString directory, QObject *parent = nullptr);

    QString directory() const { return m_dir; }

    // Appends lines of one attempt; returns the seq of the last line written (0 if none).
    qint64 append(const QString &jobId, int attempt, Source source, const QList<QPair<QDateTime, QString>> &lines);
    qint64 append(const QString &jobId, int attempt, Source source, const QString &message,
                  const QDateTime &timestamp = QDateTime::currentDateTimeUtc());

    // The contract's read: lines after `since` (if given), the last `tail` of them; has_more says that
    // older matching lines exist. name/namespace are left to the caller.
    wire::LogPage read(const QString &jobId, const wire::LogQuery &q) const;
    // For streams resuming from an event id: lines with seq > afterSeq, oldest first, at most `limit`.
    QList<wire::LogLine> readAfter(const QString &jobId, qint64 afterSeq, int limit = 10000) const;
    QList<StoredLine> readAll(const QString &jobId) const;

    qint64 lastSeq(const QString &jobId) const;
    // Container output lines already stored for one attempt (to skip them when re-attaching).
    qint64 outputLines(const QString &jobId, int attempt) const;
    void remove(const QString &jobId);

Q_SIGNALS:
    // Emitted after the lines are on disk.
    void linesAppended(const QString &jobId, qint64 lastSeq);

private:
    struct Meta
    {
        qint64 lastSeq = 0;
        QHash<int, qint64> outputPerAttempt;
    };
    QString pathFor(const QString &jobId) const;
    Meta &meta(const QString &jobId) const;

    QString m_dir;
    mutable QHash<QString, Meta> m_meta;
};

} // namespace seed::logs
