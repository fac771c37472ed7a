#pragma once

#include "apiserver.h"
#include "sse.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace seed::logs {
class LogStore;
}

namespace seed::server {

class LineEvents;

// The SSE endpoints of seedd (docs/api.md, "Streams, progress and analytics"):
//  - GET /{ns}/job/{name}/logs?stream=true: the job's log lines as they are stored, each event with its id;
//    Last-Event-ID resumes exactly after that line; a final `event: end` carries the terminal status.
//  - GET /{ns}/events: job state changes of a namespace (from JobService), ids from the job_events table,
//    the same resume semantics.
// Every client is fed from disk/SQLite at its own pace: a slow client holds at most SseSettings'
// buffer bound in memory and loses nothing (it is simply behind); one that stops reading is closed.
class StreamService : public QObject
{
    Q_OBJECT
public:
    StreamService(ApiServer &api, jobs::JobService &jobs, store::Store &store, SseSettings settings,
                  QObject *parent = nullptr);
    ~StreamService() override;

    // Logs are streamed only where a log store exists (a runner); without one, stream=true answers 409.
    void setLogStore(logs::LogStore *logs);
    // Events older than this many (per daemon) are pruned; a client resuming before them gets `reset`.
    void setEventRetention(int events) { m_retention = events; }

    int logClients() const;
    int eventClients() const;

private:
    struct LogClient
    {
        SseStream *stream = nullptr;
        QString jobId;
        qint64 lastSent = 0;
        bool ending = false; // the job ended: send what remains, then `end`, then close
        QByteArray endEvent;
    };
    // Serialized events of consecutive lines, built once and written as they are (implicitly shared) to every
    // client that is up to date.
    struct Segment
    {
        qint64 firstSeq = 0;
        qint64 lastSeq = 0;
        qint64 atMs = 0; // when it was built or last extended
        QByteArray bytes;
        QList<qsizetype> offsets; // where the event of firstSeq + i starts in bytes
    };
    struct LogFeed
    {
        QList<LogClient *> clients;
        QList<Segment> ring; // the newest lines, contiguous seqs, ascending
        qint64 ringBytes = 0;
        qint64 ringLines = 0;
        qint64 known = 0;                   // the newest seq read from the store
        std::shared_ptr<LineEvents> events; // created with the feed (ssestreams.cpp)
    };
    struct EventClient
    {
        SseStream *stream = nullptr;
        QString ns;
        qint64 lastSent = 0;
    };
    struct EventFeed
    {
        QList<EventClient *> clients;
        QList<QPair<qint64, QByteArray>> ring; // (id, serialized event), ascending
        qint64 coveredAfter = 0;               // the ring holds every event of the namespace after this id
    };

    HttpReply streamLogs(RequestContext &ctx, const RouteArgs &a);
    HttpReply streamEvents(RequestContext &ctx, const RouteArgs &a);
    void onLinesAppended(const QString &jobId, qint64 lastSeq);
    void refreshRing(const QString &jobId, LogFeed &feed);
    void pumpLog(LogClient *c);
    void checkEnded(const QString &jobId);
    void dropLogClient(LogClient *c);
    void onJobEvent(const wire::Job &job, bool removed);
    void pumpEvents(EventClient *c);
    void dropEventClient(EventClient *c);
    qint64 lastEventId();

    ApiServer &m_api;
    jobs::JobService &m_jobs;
    store::Store &m_store;
    SseSettings m_settings;
    logs::LogStore *m_logs = nullptr;
    QHash<QString, LogFeed> m_logFeeds;     // by job id
    QHash<QString, EventFeed> m_eventFeeds; // by namespace
    QTimer m_endCheck;                      // jobs that ended while their executor still finishes them
    QSet<QString> m_ending;
    int m_retention = 20000;
    qint64 m_inserted = 0;
};

} // namespace seed::server
