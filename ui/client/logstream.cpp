#include "logstream.h"

#include "seedclient.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

namespace seed::client {

LogStream::LogStream(SeedClient *client, const QString &jobName, QObject *parent)
    : QObject(parent), m_client(client), m_name(jobName)
{
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
    ++m_generation;
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    m_buffer.clear();
    m_type.clear();
    m_data.clear();
    m_id = -1;
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
    m_reply = m_client->openStream(path, m_lastId >= 0 ? QByteArray::number(m_lastId) : QByteArray(), q);
    setState(State::Connecting);
    connect(m_reply, &QNetworkReply::readyRead, this, &LogStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &LogStream::onFinished);
}

void LogStream::onReadyRead()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: handled in onFinished
    if (m_state != State::Open) {
        setState(State::Open);
        m_wasOpen = true;
    }
    m_buffer += m_reply->readAll();
    QList<wire::LogLine> out;
    qsizetype pos = 0;
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n', pos)) >= 0) {
        QByteArray line = m_buffer.mid(pos, nl - pos);
        pos = nl + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            dispatch(out);
            if (m_state == State::Ended)
                break;
            continue;
        }
        if (line.startsWith(':'))
            continue; // a comment (keep-alive)
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "event")
            m_type = value;
        else if (field == "data")
            m_data += (m_data.isEmpty() ? QByteArray() : QByteArray("\n")) + value;
        else if (field == "id")
            m_id = value.toLongLong();
    }
    m_buffer.remove(0, pos);
    if (!out.isEmpty())
        Q_EMIT linesReceived(out);
    if (m_state == State::Ended) {
        const QJsonObject end = m_end;
        stop();
        setState(State::Ended);
        Q_EMIT ended(end);
    }
}

void LogStream::dispatch(QList<wire::LogLine> &out)
{
    const QByteArray type = m_type.isEmpty() ? QByteArray("message") : m_type;
    const QByteArray data = m_data;
    const qint64 id = m_id;
    m_type.clear();
    m_data.clear();
    m_id = -1;
    if (data.isEmpty() && type == "message")
        return;
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    if (type == "message") {
        if (id >= 0 && id <= m_lastId)
            return; // already had it
        wire::LogLine l = wire::LogLine::fromJson(o);
        if (id >= 0) {
            l.seq = id;
            m_lastId = id;
        }
        out.append(l);
    } else if (type == "dropped") {
        Q_EMIT linesDropped(qint64(o.value(QLatin1String("lines_dropped")).toDouble()));
    } else if (type == "end") {
        m_end = o;
        m_state = State::Ended; // announced after the lines of this chunk
    }
}

void LogStream::onFinished()
{
    QNetworkReply *r = m_reply;
    if (!r)
        return;
    m_reply = nullptr;
    r->deleteLater();
    if (r->bytesAvailable() > 0 && r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
        m_reply = r;
        onReadyRead();
        if (m_state == State::Ended)
            return;
        m_reply = nullptr;
    }
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 409 && m_lastId < 0) {
        setState(State::NotRunning);
        Q_EMIT notRunning();
        return;
    }
    if (status == 401 || status == 403 || status == 404) {
        setState(State::Failed);
        Q_EMIT failed(QString::fromUtf8(r->readAll()));
        return;
    }
    // Dropped (seedd restarted, network): resume after the last line we hold. Once a stream was open, a
    // reconnect resumes from id 0 at least (a resuming stream is served in any state, so the end still comes).
    if (m_wasOpen && m_lastId < 0)
        m_lastId = 0;
    m_buffer.clear();
    m_type.clear();
    m_data.clear();
    m_id = -1;
    ++m_reconnects;
    setState(State::Connecting);
    const quint64 gen = m_generation;
    QTimer::singleShot(m_retryMs, this, [this, gen] {
        if (gen == m_generation && m_state == State::Connecting)
            connectNow();
    });
}

} // namespace seed::client
