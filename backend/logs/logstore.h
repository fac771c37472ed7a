#pragma once

#include "wire/job.h"
#include "wire/logs.h"
#include "wire/queries.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

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
    QString node; // the cluster node that printed it ("" = seedd, or a single machine)
};

// Parses one line of a job's log file (without its newline); false for a torn or foreign line, which readers skip.
bool parseStoredLine(QByteArrayView line, StoredLine *out);

// Append-only job logs under one directory: one file per job, one line per log line
// ("seq <TAB> attempt <TAB> o|p|s <TAB> epoch-ms <TAB> message", message escaped; p: a further part of an
// output line that was stored as several). A line is written
// (and flushed to the kernel) before append() returns and before linesAppended is emitted, so nothing is
// ever served that a crash of seedd could lose. Not thread-safe: lives on the daemon's thread.
class LogStore : public QObject
{
    Q_OBJECT
public:
    explicit LogStore(QString directory, QObject *parent = nullptr);

    QString directory() const { return m_dir; }

    // Appends lines of one attempt; returns the seq of the last line written (0 if none).
    // `node` (letters, digits, '.', '_', '-'; anything else is left out) tags each line with the cluster node
    // that printed it: stored as "o@NODE" / "p@NODE" in the source field.
    qint64 append(const QString &jobId, int attempt, Source source, const QList<QPair<QDateTime, QString>> &lines,
                  const QString &node = {});
    qint64 append(const QString &jobId, int attempt, Source source, const QString &message,
                  const QDateTime &timestamp = QDateTime::currentDateTimeUtc());

    // The contract's read: lines after `since` (if given), the last `tail` of them; has_more says that
    // older matching lines exist. name/namespace are left to the caller.
    wire::LogPage read(const QString &jobId, const wire::LogQuery &q) const;
    // The same for a job, its name and namespace filled in: the API's answer, whichever runner holds the job.
    wire::LogPage read(const wire::Job &job, const wire::LogQuery &q) const;
    // For streams resuming from an event id: lines with seq > afterSeq, oldest first, at most `limit`.
    QList<wire::LogLine> readAfter(const QString &jobId, qint64 afterSeq, int limit = 10000) const;
    QList<StoredLine> readAll(const QString &jobId) const;

    qint64 lastSeq(const QString &jobId) const;
    // Container output lines already stored for one attempt (to skip them when re-attaching).
    qint64 outputLines(const QString &jobId, int attempt) const;
    void remove(const QString &jobId);

    // Storage bound per job (bytes of the log file; 0 = unbounded). When a job's file grows past it, the
    // oldest half is dropped (whole lines); dropped() counts them and read() reports it (lines_dropped).
    void setMaxBytesPerJob(qint64 bytes) { m_maxBytes = bytes; }
    qint64 maxBytesPerJob() const { return m_maxBytes; }
    // Bytes of log lines written to disk since this process started (a counter for /metrics).
    qint64 bytesWritten() const { return m_bytesWritten; }
    // Lines dropped from the start of a job's log by the bound (their ids are 1..dropped()).
    qint64 dropped(const QString &jobId) const;
    // Lines that could not be written (a full disk) while seedd ran: never served, counted, and said in a
    // "[seed] N lines could not be stored" line by the next append that succeeds.
    qint64 unstored(const QString &jobId) const;

    // One stored message is at most this many UTF-16 units; longer lines are split into several lines.
    static constexpr qsizetype kMaxLineChars = 16384;

Q_SIGNALS:
    // Emitted after the lines are on disk.
    void linesAppended(const QString &jobId, qint64 lastSeq);

private:
    // A sparse index of a job's file: one entry per kBlockLines lines, so that tail, since and resume seek
    // instead of re-reading the whole file.
    struct Block
    {
        qint64 firstSeq = 0;
        qint64 offset = 0;
        qint64 maxTsUpTo = 0; // the largest timestamp (ms) of every line from the file start to this block's end
    };
    struct RecentBatch
    {
        qint64 firstSeq = 0;
        qint64 atMs = 0;
    };
    struct Meta
    {
        qint64 lastSeq = 0;
        qint64 firstSeq = 0; // first seq still in the file (0: empty)
        qint64 dropped = 0;
        qint64 size = 0; // bytes in the file
        qint64 linesInLastBlock = 0;
        qint64 unstoredUnreported = 0; // since the last successful write
        qint64 unstoredTotal = 0;
        QList<Block> blocks;
        QHash<int, qint64> outputPerAttempt;
        QHash<int, qint64> droppedOutputPerAttempt; // kept in <job>.meta once lines were dropped
        // The newest lines of a job that is being appended to, exactly as stored (already on disk): live
        // streams and the progress tracker read them from memory instead of from the file. Contiguous seqs.
        QList<wire::LogLine> recent;
        QList<RecentBatch> recentBatches; // when each batch in `recent` came (to drop by age)
        qint64 recentBytes = 0;
        quint64 recentUsed = 0; // when this job last appended (m_appends), to evict the least recent
        // The job's file, open for appending between appends (the jobs that appended most recently only).
        std::shared_ptr<QFile> appender;
        quint64 appenderUsed = 0; // when it last appended (m_appenderTick)
    };
    static constexpr qint64 kBlockLines = 512;
    static constexpr qsizetype kRecentLines = 262144;
    static constexpr qint64 kRecentBytes = 16 << 20; // per job: messages (UTF-16) + kRecentLineOverhead per line
    static constexpr qint64 kRecentLineOverhead = 64;
    static constexpr qsizetype kRecentJobs = 8;
    static constexpr qint64 kRecentMaxAgeMs = 60000;
    // Files kept open for appending: an open and a close per batch were a fifth of an append's cost. Bounded, so
    // that a thousand jobs printing never hold a thousand descriptors.
    static constexpr int kOpenAppenders = 16;
    QString pathFor(const QString &jobId) const;
    Meta &meta(const QString &jobId) const;
    void index(Meta &m, QByteArrayView data, qint64 baseOffset) const;
    void indexLine(Meta &m, qint64 seq, qint64 tsMs, qint64 offset) const;
    void forget(const QString &jobId);
    // The job's file open for appending (O_APPEND, unbuffered), kept open; not open when it cannot be opened.
    QFile &appenderFor(const QString &jobId, Meta &m);
    void closeAppender(Meta &m);
    void compact(const QString &jobId, Meta &m);
    // Calls f(line, seq, tsMs) for every whole line of the job's file from `offset` (a block start) to the
    // end of what the index covers, reading chunk by chunk; stops early when f returns false.
    template <typename F> void scan(const QString &jobId, const Meta &m, qint64 offset, F &&f) const;
    void remember(const QString &jobId, Meta &m, QList<wire::LogLine> &&lines);
    void dropRecentBefore(Meta &m, qint64 seq);
    // The index in m.recent of `seq`, or -1 when memory does not hold it.
    static qsizetype recentIndex(const Meta &m, qint64 seq);
    qsizetype blockFor(const Meta &m, qint64 seq) const;

    QString m_dir;
    qint64 m_maxBytes = 0;
    qint64 m_bytesWritten = 0;
    mutable QHash<QString, Meta> m_meta;
    quint64 m_appends = 0;
    qsizetype m_jobsWithRecent = 0;
    int m_openAppenders = 0;
    quint64 m_appenderTick = 0;
};

} // namespace seed::logs
