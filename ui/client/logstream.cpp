#include "logstream.h"

#include "seedclient.h"
#include "wire/jsonnum.h"

#include <QJsonDocument>
#include <QUrlQuery>

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
    if (m_lastId < 0)
        q.addQueryItem(QStringLiteral("tail"), QString::number(m_tail));
    const QString path = QStringLiteral("/%1/job/%2/logs").arg(m_client->endpoint().ns, m_name);
    m_reader->open(m_client->openStream(path, m_lastId >= 0 ? QByteArray::number(m_lastId) : QByteArray(), q));
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
    out.reserve(events.size());
    bool reachedEnd = false;
    for (const SseReader::Event &e : events) {
        if (e.type == "message") {
            if (e.data.isEmpty() || (e.id >= 0 && e.id <= m_lastId))
                continue; // empty, or already had it
            wire::LogLine l = wire::LogLine::fromJson(QJsonDocument::fromJson(e.data).object());
            if (e.id >= 0) {
                l.seq = e.id;
                m_lastId = e.id;
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
    if (!out.isEmpty())
        Q_EMIT linesReceived(out);
    if (reachedEnd) {
        const QJsonObject end = m_end;
        stop();
        setState(State::Ended);
        Q_EMIT ended(end);
    }
}

void LogStream::onClosed(int httpStatus, const QByteArray &errorBody)
{
    if (httpStatus == 409 && m_lastId < 0) {
        setState(State::NotRunning);
        Q_EMIT notRunning();
        return;
    }
    if (httpStatus == 401 || httpStatus == 403 || httpStatus == 404) {
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

} // namespace seed::client
