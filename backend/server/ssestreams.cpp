#include "ssestreams.h"

#include "logs/logstore.h"
#include "wire/catalog.h"
#include "wire/jsonwriter.h"
#include "wire/timefmt.h"

#include <QLoggingCategory>
#include <QJsonDocument>

#include <charconv>
#include <cstring>

namespace {
Q_LOGGING_CATEGORY(lcServer, "seedd.server")
}

namespace seed::server {

using wire::ErrorKind;
using wire::makeError;

namespace {
constexpr qint64 kCatchUpLines = 65536; // at most this many lines are read into the ring at once
constexpr qint64 kRingBytes = 16 << 20; // events kept in memory per streamed job, at most
constexpr qint64 kRingLines = 262144;   // (clients further behind are served through LogStore::readAfter)
constexpr qint64 kRingMaxAgeMs = 60000; // (a slow job's ring holds a minute, not hours)
constexpr qsizetype kSmallSegmentBytes = 16 * 1024;
constexpr qsizetype kChunkBytes = 256 * 1024;
constexpr qsizetype kEventRing = 1024;

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

// Renders log line events. The timestamp text of the current second is kept: a flood writes thousands of lines
// per second, and QDateTime formatting would be most of the cost of an event.
class LineEvents
{
public:
    // "id: N\ndata: {"timestamp":...,"message":...}\n\n": the contract's log line, in its key order.
    void append(QByteArray &out, const wire::LogLine &l)
    {
        const qint64 ms = l.timestamp.toMSecsSinceEpoch();
        const qint64 sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
        if (sec != m_second || m_secondText.isEmpty()) {
            m_second = sec;
            m_secondText =
                QDateTime::fromSecsSinceEpoch(sec, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
        }
        const int milli = int(ms - sec * 1000);
        const QByteArray msg = l.message.toUtf8();
        char id[24];
        const auto idEnd = std::to_chars(id, id + sizeof id, l.seq).ptr;
        const char frac[] = {'.', char('0' + milli / 100), char('0' + milli / 10 % 10), char('0' + milli % 10), 'Z',
                             '"'};
        // Small appends to a QByteArray each go through its generic insert: assemble the event's pieces in one
        // copy instead (a flood renders hundreds of thousands of events a second).
        appendAll(out, {"id: ", QByteArrayView(id, idEnd - id), "\ndata: {\"timestamp\":\"", m_secondText,
                        QByteArrayView(frac, sizeof frac), ",\"message\":\""});
        wire::appendJsonEscaped(out, msg);
        if (!l.node.isEmpty()) { // additive: the cluster node of a multi-node job's line
            appendAll(out, {"\",\"node\":\""});
            wire::appendJsonEscaped(out, l.node.toUtf8());
        }
        appendAll(out, {"\"}\n\n"});
    }
    QByteArray operator()(const wire::LogLine &l)
    {
        QByteArray out;
        append(out, l);
        return out;
    }

private:
    static void appendAll(QByteArray &out, std::initializer_list<QByteArrayView> parts)
    {
        qsizetype n = 0;
        for (QByteArrayView p : parts)
            n += p.size();
        qsizetype at = out.size();
        if (out.capacity() < at + n)
            out.reserve(std::max(at + n, 2 * out.capacity())); // geometric: one event at a time is appended
        out.resize(at + n);
        char *dst = out.data();
        for (QByteArrayView p : parts) {
            memcpy(dst + at, p.data(), size_t(p.size()));
            at += p.size();
        }
    }
    qint64 m_second = 0;
    QByteArray m_secondText;
};

namespace {
// Last-Event-ID (header, or last_event_id in the query for clients that cannot set headers).
std::optional<std::optional<qint64>> resumeId(const RequestContext &ctx)
{
    QByteArray v = ctx.request.value("Last-Event-ID").trimmed();
    if (v.isEmpty())
        v = ctx.request.query().queryItemValue(QStringLiteral("last_event_id")).toLatin1().trimmed();
    if (v.isEmpty())
        return std::optional<qint64>();
    bool ok = false;
    const qint64 id = v.toLongLong(&ok);
    if (!ok || id < 0)
        return std::nullopt;
    return std::optional<qint64>(id);
}
} // namespace

StreamService::StreamService(ApiServer &api, jobs::JobService &jobs, store::Store &store, SseSettings settings,
                             QObject *parent)
    : QObject(parent), m_api(api), m_jobs(jobs), m_store(store), m_settings(settings)
{
    m_api.setLogStreamHandler([this](RequestContext &ctx, const RouteArgs &a) { return streamLogs(ctx, a); });
    m_api.addRoute(ApiServer::Method::Get, QStringLiteral("/{ns}/events"), auth::Access::Read,
                   [this](RequestContext &ctx, const RouteArgs &a) { return streamEvents(ctx, a); });
    connect(&m_jobs, &jobs::JobService::jobChanged, this, [this](const wire::Job &j) { onJobEvent(j, false); });
    connect(&m_jobs, &jobs::JobService::jobRemoved, this, [this](const wire::Job &j) { onJobEvent(j, true); });
    m_endCheck.setInterval(200);
    connect(&m_endCheck, &QTimer::timeout, this, [this] {
        const QSet<QString> ids = m_ending;
        for (const QString &id : ids)
            checkEnded(id);
        if (m_ending.isEmpty())
            m_endCheck.stop();
    });
}

StreamService::~StreamService()
{
    m_api.setLogStreamHandler({});
    for (LogFeed &f : m_logFeeds)
        for (LogClient *c : std::as_const(f.clients)) {
            disconnect(c->stream, nullptr, this, nullptr);
            c->stream->close();
            delete c;
        }
    for (EventFeed &f : m_eventFeeds)
        for (EventClient *c : std::as_const(f.clients)) {
            disconnect(c->stream, nullptr, this, nullptr);
            c->stream->close();
            delete c;
        }
}

void StreamService::setLogStore(logs::LogStore *logs)
{
    if (m_logs)
        disconnect(m_logs, nullptr, this, nullptr);
    m_logs = logs;
    if (m_logs)
        connect(m_logs, &logs::LogStore::linesAppended, this, &StreamService::onLinesAppended);
}

int StreamService::logClients() const
{
    int n = 0;
    for (const LogFeed &f : m_logFeeds)
        n += int(f.clients.size());
    return n;
}

int StreamService::eventClients() const
{
    int n = 0;
    for (const EventFeed &f : m_eventFeeds)
        n += int(f.clients.size());
    return n;
}

// ---- logs -------------------------------------------------------------------------------------------------

HttpReply StreamService::streamLogs(RequestContext &ctx, const RouteArgs &a)
{
    auto q = wire::parseLogQuery(ctx.request.query());
    if (!q)
        return HttpReply::error(q.error(), ctx.requestId);
    auto job = m_jobs.get(a.ns, a.name);
    if (!job)
        return HttpReply::error(job.error(), ctx.requestId);
    const auto resume = resumeId(ctx);
    if (!resume)
        return HttpReply::error(
            makeError(ErrorKind::InvalidRequest,
                      QStringLiteral("Last-Event-ID must be a log line id (a non-negative integer)."),
                      QStringLiteral("Last-Event-ID")),
            ctx.requestId);
    const bool running = job->status == wire::JobStatus::Running;
    // A new stream needs a running job (the contract); a resuming one (Last-Event-ID) is served in any state so
    // that a client cut off near the end still gets every line once, then `end`.
    if (!m_logs || (!running && !resume->has_value()))
        return HttpReply::error(makeError(ErrorKind::Conflict,
                                          QStringLiteral("Job '%1' is %2: streaming is only available for running "
                                                         "jobs. Read its logs without stream=true.")
                                              .arg(a.name, wire::jobStatusName(job->status)),
                                          QStringLiteral("stream")),
                                ctx.requestId);
    SseStream *stream = SseStream::open(ctx, m_settings, this);
    stream->setStillAuthorized([this, id = a.principal.credentialId] { return m_api.authenticator().stillValid(id); });
    auto *c = new LogClient;
    c->stream = stream;
    c->jobId = job->id;
    LogFeed &feed = m_logFeeds[job->id];
    if (!feed.events)
        feed.events = std::make_shared<LineEvents>();
    if (resume->has_value()) {
        c->lastSent = **resume;
    } else {
        // The backlog: the last `tail` lines (after `since`, when given), as GET .../logs would return them.
        const wire::LogPage page = m_logs->read(job->id, q.value());
        QByteArray backlog;
        if (page.dropped > 0 && (page.lines.isEmpty() || page.lines.first().seq == page.dropped + 1))
            backlog +=
                SseStream::event(compact(QJsonObject{{QStringLiteral("lines_dropped"), page.dropped}}), -1, "dropped");
        for (const wire::LogLine &l : page.lines)
            feed.events->append(backlog, l);
        c->lastSent = page.lines.isEmpty() ? m_logs->lastSeq(job->id) : page.lines.last().seq;
        stream->write(backlog);
    }
    feed.clients.append(c);
    connect(stream, &SseStream::closed, this, [this, c] { dropLogClient(c); });
    connect(stream, &SseStream::drained, this, [this, c] { pumpLog(c); });
    if (!running) {
        m_ending.insert(job->id);
        m_endCheck.start();
    }
    pumpLog(c);
    return HttpReply::takenOver();
}

void StreamService::refreshRing(const QString &jobId, LogFeed &feed)
{
    const qint64 last = m_logs->lastSeq(jobId);
    if (last <= feed.known)
        return;
    const qint64 from = std::max(feed.known, last - kCatchUpLines);
    // The lines just appended come from the store's memory (they are on disk already), not from the file.
    const QList<wire::LogLine> lines = m_logs->readAfter(jobId, from, int(last - from));
    feed.known = last;
    if (lines.isEmpty())
        return;
    if (feed.ring.isEmpty() || lines.first().seq != feed.ring.last().lastSeq + 1) {
        feed.ring.clear();
        feed.ringBytes = 0;
        feed.ringLines = 0;
    }
    // A job printing a few lines at a time would make many tiny segments: extend the newest one while it is small
    // (sockets copy small writes, so it is rarely shared and grows in place).
    Segment seg;
    if (!feed.ring.isEmpty() && feed.ring.last().bytes.size() < kSmallSegmentBytes) {
        seg = feed.ring.takeLast();
        feed.ringBytes -= seg.bytes.size();
        feed.ringLines -= seg.offsets.size();
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto push = [&] {
        seg.atMs = now;
        feed.ringBytes += seg.bytes.size();
        feed.ringLines += seg.offsets.size();
        feed.ring.append(std::move(seg));
        seg = Segment{};
    };
    for (const wire::LogLine &l : lines) {
        if (seg.bytes.size() >= kChunkBytes)
            push();
        if (seg.offsets.isEmpty())
            seg.firstSeq = l.seq;
        seg.offsets.append(seg.bytes.size());
        feed.events->append(seg.bytes, l);
        seg.lastSeq = l.seq;
    }
    push();
    while (feed.ring.size() > 1 && (feed.ringBytes > kRingBytes || feed.ringLines > kRingLines ||
                                    feed.ring.first().atMs < now - kRingMaxAgeMs)) {
        feed.ringBytes -= feed.ring.first().bytes.size();
        feed.ringLines -= feed.ring.first().offsets.size();
        feed.ring.removeFirst();
    }
}

void StreamService::onLinesAppended(const QString &jobId, qint64)
{
    auto it = m_logFeeds.find(jobId);
    if (it == m_logFeeds.end())
        return;
    refreshRing(jobId, *it);
    const QList<LogClient *> clients = it->clients;
    for (LogClient *c : clients)
        pumpLog(c);
}

void StreamService::pumpLog(LogClient *c)
{
    auto it = m_logFeeds.find(c->jobId);
    if (it == m_logFeeds.end() || !m_logs)
        return;
    LogFeed &feed = *it;
    refreshRing(c->jobId, feed);
    while (c->stream->canSend() && c->lastSent < feed.known) {
        const qint64 next = c->lastSent + 1;
        if (!feed.ring.isEmpty() && next >= feed.ring.first().firstSeq && next <= feed.ring.last().lastSeq) {
            // Up to date clients are in the newest segments: search from the end.
            qsizetype k = feed.ring.size() - 1;
            while (feed.ring[k].firstSeq > next)
                --k;
            const Segment &seg = feed.ring[k];
            if (next == seg.firstSeq)
                c->stream->write(seg.bytes);
            else
                c->stream->write(seg.bytes.sliced(seg.offsets[next - seg.firstSeq]));
            c->lastSent = seg.lastSeq;
            continue;
        }
        // Behind the in-memory ring (a slow or resuming client): from disk, in order.
        const QList<wire::LogLine> lines = m_logs->readAfter(c->jobId, c->lastSent, 2048);
        if (lines.isEmpty()) {
            c->lastSent = feed.known;
            break;
        }
        QByteArray chunk;
        if (lines.first().seq > next)
            chunk += SseStream::event(compact(QJsonObject{{QStringLiteral("lines_dropped"), lines.first().seq - next}}),
                                      -1, "dropped");
        for (const wire::LogLine &l : lines) { // all of them: what was read is not read again
            feed.events->append(chunk, l);
            c->lastSent = l.seq;
        }
        c->stream->write(chunk);
    }
    if (c->ending && c->lastSent >= feed.known && c->stream->isOpen()) {
        c->stream->write(c->endEvent);
        c->stream->close();
    }
}

void StreamService::checkEnded(const QString &jobId)
{
    auto it = m_logFeeds.find(jobId);
    if (it == m_logFeeds.end()) {
        m_ending.remove(jobId);
        return;
    }
    const jobs::Executor *ex = m_jobs.executor();
    if (ex && ex->busy(jobId))
        return; // still stopping (grace period) or saving: more lines may come
    const auto job = m_store.jobById(jobId);
    if (job && !wire::isTerminal(job->status)) {
        // Back in the queue for a retry, or running again: keep streaming.
        m_ending.remove(jobId);
        return;
    }
    m_ending.remove(jobId);
    QJsonObject end{{QStringLiteral("status"), job ? wire::jobStatusName(job->status) : QStringLiteral("deleted")}};
    if (job) {
        end.insert(QStringLiteral("exit_code"),
                   job->exitCode ? QJsonValue(*job->exitCode) : QJsonValue(QJsonValue::Null));
        end.insert(QStringLiteral("completed_at"), wire::timeOrNull(job->completedAt));
        if (!job->statusMessage.isEmpty())
            end.insert(QStringLiteral("status_message"), job->statusMessage);
    }
    const QByteArray ev = SseStream::event(compact(end), -1, "end");
    const QList<LogClient *> clients = it->clients;
    for (LogClient *c : clients) {
        c->ending = true;
        c->endEvent = ev;
        pumpLog(c);
    }
}

void StreamService::dropLogClient(LogClient *c)
{
    auto it = m_logFeeds.find(c->jobId);
    if (it != m_logFeeds.end()) {
        it->clients.removeOne(c);
        if (it->clients.isEmpty())
            m_logFeeds.erase(it);
    }
    delete c;
}

// ---- job events -------------------------------------------------------------------------------------------

qint64 StreamService::lastEventId() { return m_store.lastEventId(); }

void StreamService::onJobEvent(const wire::Job &job, bool removed)
{
    if (!removed && m_logFeeds.contains(job.id) && wire::isTerminal(job.status)) {
        m_ending.insert(job.id);
        m_endCheck.start();
    }
    const QByteArray data =
        compact(QJsonObject{{QStringLiteral("type"), removed ? QStringLiteral("removed") : QStringLiteral("changed")},
                            {QStringLiteral("job"), job.toDetailJson()}});
    const qint64 id = m_store.appendEvent(job.ns, QDateTime::currentMSecsSinceEpoch(), data);
    if (id == 0) {
        qCWarning(lcServer, "cannot store a job event: %s", qPrintable(m_store.lastError()));
        return;
    }
    if (++m_inserted % 500 == 0)
        m_store.pruneEventsUpTo(id - m_retention);
    auto it = m_eventFeeds.find(job.ns);
    if (it == m_eventFeeds.end())
        return;
    it->ring.append({id, SseStream::event(data, id)});
    if (it->ring.size() > kEventRing)
        it->coveredAfter = it->ring.takeFirst().first;
    const QList<EventClient *> clients = it->clients;
    for (EventClient *c : clients)
        pumpEvents(c);
}

HttpReply StreamService::streamEvents(RequestContext &ctx, const RouteArgs &a)
{
    const auto resume = resumeId(ctx);
    if (!resume)
        return HttpReply::error(makeError(ErrorKind::InvalidRequest,
                                          QStringLiteral("Last-Event-ID must be an event id (a non-negative integer)."),
                                          QStringLiteral("Last-Event-ID")),
                                ctx.requestId);
    SseStream *stream = SseStream::open(ctx, m_settings, this);
    stream->setStillAuthorized([this, id = a.principal.credentialId] { return m_api.authenticator().stillValid(id); });
    auto *c = new EventClient;
    c->stream = stream;
    c->ns = a.ns;
    const qint64 last = lastEventId();
    if (resume->has_value()) {
        c->lastSent = **resume;
        if (const auto first = m_store.firstEventId(); first && c->lastSent + 1 < *first) {
            // Events after the client's id were pruned: it must list the jobs again.
            stream->write(SseStream::event(compact(QJsonObject{{QStringLiteral("last_id"), last}}), last, "reset"));
            c->lastSent = last;
        }
    } else {
        c->lastSent = last;
        stream->write(SseStream::event(compact(QJsonObject{{QStringLiteral("last_id"), last}}), last, "ready"));
    }
    auto it = m_eventFeeds.find(a.ns);
    if (it == m_eventFeeds.end()) {
        it = m_eventFeeds.insert(a.ns, EventFeed{});
        it->coveredAfter = last;
    }
    it->clients.append(c);
    connect(stream, &SseStream::closed, this, [this, c] { dropEventClient(c); });
    connect(stream, &SseStream::drained, this, [this, c] { pumpEvents(c); });
    pumpEvents(c);
    return HttpReply::takenOver();
}

void StreamService::pumpEvents(EventClient *c)
{
    auto it = m_eventFeeds.find(c->ns);
    if (it == m_eventFeeds.end())
        return;
    EventFeed &feed = *it;
    while (c->stream->canSend()) {
        QByteArray chunk;
        if (c->lastSent >= feed.coveredAfter) {
            // The ring holds every event of the namespace after coveredAfter.
            for (const auto &e : std::as_const(feed.ring)) {
                if (e.first <= c->lastSent)
                    continue;
                chunk += e.second;
                c->lastSent = e.first;
            }
            if (!chunk.isEmpty())
                c->stream->write(chunk);
            return;
        }
        // Older than the ring (a resuming client): from the table, in id order.
        const auto stored = m_store.events(c->ns, c->lastSent, feed.coveredAfter, 500);
        if (!stored)
            return; // tried again when the stream drains or the next event comes
        for (const store::JobEvent &e : *stored) {
            chunk += SseStream::event(e.data, e.id);
            c->lastSent = e.id;
        }
        if (chunk.isEmpty())
            c->lastSent = feed.coveredAfter;
        else
            c->stream->write(chunk);
    }
}

void StreamService::dropEventClient(EventClient *c)
{
    auto it = m_eventFeeds.find(c->ns);
    if (it != m_eventFeeds.end()) {
        it->clients.removeOne(c);
        if (it->clients.isEmpty())
            m_eventFeeds.erase(it);
    }
    delete c;
}

} // namespace seed::server
