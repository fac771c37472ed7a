#include "logstream.h"

#include "seedclient.h"
#include "wire/jsonnum.h"

#include <QJsonDocument>
#include <QUrlQuery>

#include <algorithm>

#include <algorithm>

namespace seed::client {

LogStream::LogStream(SeedClient *client, const QString &jobName, QObject *parent)
    : QObject(parent), m_client(client), m_name(jobName), m_reader(new SseReader(this))
{
    connect(m_reader, &SseReader::opened, this, &LogStream::onOpened);
    connect(m_reader, &SseReader::received, this, &LogStream::onEvents);
    connect(m_reader, &SseReader::closed, this, &LogStream::onClosed);
}

LogStream::~LogStream() { stop(); }

void LogStream::setState(State s)
{
    if (s == m_state)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void LogStream::stop()
{
    m_reader->stop();
    if (m_state == State::Connecting || m_state == State::Open)
        setState(State::Idle);
}

void LogStream::start(qint64 afterId)
{
    stop();
    m_lastId = afterId;
    m_end = {};
    m_wasOpen = false;
    m_idless = false;
    m_lastLine.reset();
    m_skipThrough.reset();
    connectNow();
}

void LogStream::startAfter(const wire::LogLine &last)
{
    stop();
    m_lastId = 0;
    m_end = {};
    m_wasOpen = false;
    m_idless = true;
    m_lastLine = last;
    m_skipThrough.reset();
    connectNow();
}

void LogStream::connectNow()
{
    if (!m_client || !m_client->endpoint().isValid()) {
        setState(State::Failed);
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("stream"), QStringLiteral("true"));
    if (m_lastId < 0) {
        q.addQueryItem(QStringLiteral("tail"), QString::number(qMax(1, m_tail)));
    } else if (m_idless) {
        // It cannot resume: the backlog from just before the last line had, that line and what came before it
        // skipped (no line twice, none lost). tail=0 is outside the contract's range (a server may answer 400).
        q.addQueryItem(QStringLiteral("tail"), QStringLiteral("10000"));
        if (m_lastLine) {
            q.addQueryItem(QStringLiteral("since"),
                           m_lastLine->timestamp.addSecs(-1).toUTC().toString(Qt::ISODate));
            m_skipThrough = m_lastLine;
        }
    }
    const QString path = QStringLiteral("/%1/job/%2/logs").arg(m_client->endpoint().ns, m_name);
    const bool resume = m_lastId >= 0 && !m_idless;
    m_reader->open(m_client->openStream(path, resume ? QByteArray::number(m_lastId) : QByteArray(), q));
    setState(State::Connecting);
}

void LogStream::onOpened()
{
    setState(State::Open);
    m_wasOpen = true;
}

void LogStream::onEvents(const QList<SseReader::Event> &events)
{
    QList<wire::LogLine> out;
    QStringList nodes;
    out.reserve(events.size());
    bool reachedEnd = false;
    for (const SseReader::Event &e : events) {
        if (e.type == "message") {
            if (e.data.isEmpty() || (e.id >= 0 && e.id <= m_lastId))
                continue; // empty, or already had it
            const QJsonObject o = QJsonDocument::fromJson(e.data).object();
            wire::LogLine l = wire::LogLine::fromJson(o);
            nodes.append(o.value(QLatin1String("node")).toString());
            if (e.id >= 0) {
                l.seq = e.id;
                m_lastId = e.id;
            } else {
                if (m_skipThrough) {
                    // The backlog of a reconnect without ids: what is not after the last line had was shown.
                    if (l.timestamp < m_skipThrough->timestamp)
                        continue;
                    if (l.timestamp == m_skipThrough->timestamp) {
                        if (l.message == m_skipThrough->message)
                            m_skipThrough.reset();
                        continue;
                    }
                    m_skipThrough.reset();
                }
                m_lastLine = l;
                // No id (a contract-only server): the position is the count of lines received. The line
                // keeps seq 0 (no id), so that views telling lines apart by id do not take the count for one.
                m_idless = true;
                m_lastId = std::max<qint64>(m_lastId, 0) + 1;
            }
            out.append(std::move(l));
        } else if (e.type == "dropped") {
            const QJsonObject o = QJsonDocument::fromJson(e.data).object();
            Q_EMIT linesDropped(wire::int64Of(o.value(QLatin1String("lines_dropped"))));
        } else if (e.type == "end") {
            m_end = QJsonDocument::fromJson(e.data).object();
            reachedEnd = true;
            break; // the terminal event: nothing after it belongs to the job
        }
    }
    if (!out.isEmpty()) {
        Q_EMIT linesWithNodes(out, nodes);
        Q_EMIT linesReceived(out);
    }
    if (reachedEnd) {
        const QJsonObject end = m_end;
        stop();
        setState(State::Ended);
        Q_EMIT ended(end);
    }
}

void LogStream::onClosed(int httpStatus, const QByteArray &errorBody)
{
    // 409: the job is not running (any more). seedd serves a resuming stream in any state, so this is a fresh
    // stream, or the reconnect after a server without `event: end` closed the stream at the job's end.
    if (httpStatus == 409) {
        setState(State::NotRunning);
        Q_EMIT notRunning();
        return;
    }
    // Any other refusal (400, 401, 403, 404, 405, 410, 422, ...) says the same again when asked again: only
    // 408 and 429 are worth another try, like a dropped connection.
    if (httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429) {
        setState(State::Failed);
        Q_EMIT failed(QString::fromUtf8(errorBody));
        return;
    }
    // Dropped (seedd restarted, network): resume after the last line we hold. Once a stream was open, a
    // reconnect resumes from id 0 at least (a resuming stream is served in any state, so the end still comes).
    if (m_wasOpen && m_lastId < 0)
        m_lastId = 0;
    ++m_reconnects;
    setState(State::Connecting);
    m_reader->retryLater(m_retryMs, [this] {
        if (m_state == State::Connecting)
            connectNow();
    });
}

QList<wire::LogLine> LogStream::linesAfter(const QList<wire::LogLine> &page, const std::optional<wire::LogLine> &last)
{
    if (!last)
        return page;
    const bool ids = std::any_of(page.cbegin(), page.cend(), [](const wire::LogLine &l) { return l.seq > 0; });
    if (ids) {
        QList<wire::LogLine> after;
        for (const wire::LogLine &l : page)
            if (l.seq > last->seq)
                after.append(l);
        return after;
    }
    for (qsizetype i = page.size() - 1; i >= 0; --i)
        if (page.at(i).timestamp == last->timestamp && page.at(i).message == last->message)
            return page.mid(i + 1);
    return page; // nothing shown is in the page: all of it is new
}

} // namespace seed::client
