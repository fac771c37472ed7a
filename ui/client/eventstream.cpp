#include "eventstream.h"

#include "seedclient.h"

#include <QNetworkReply>
#include <QTimer>

namespace seed::client {

EventStream::EventStream(SeedClient *client, QObject *parent) : QObject(parent), m_client(client) {}

EventStream::~EventStream() { stop(); }

void EventStream::setState(State s)
{
    if (s == m_state)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void EventStream::stop()
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
    if (m_state != State::Unsupported)
        setState(State::Idle);
}

void EventStream::start()
{
    stop();
    if (!m_client || !m_client->endpoint().isValid())
        return;
    if (m_state == State::Unsupported)
        m_state = State::Idle;
    m_reply = m_client->openStream(QStringLiteral("/") + m_client->endpoint().ns + QStringLiteral("/events"),
                                   m_lastId >= 0 ? QByteArray::number(m_lastId) : QByteArray());
    setState(State::Connecting);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EventStream::onFinished);
}

void EventStream::onReadyRead()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: handled in onFinished
    if (m_state != State::Open) {
        setState(State::Open);
        if (m_hadDrop) {
            m_hadDrop = false;
            Q_EMIT resyncNeeded(); // whatever happened while we were away
        }
    }
    m_buffer += m_reply->readAll();
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        QByteArray line = m_buffer.left(nl);
        m_buffer.remove(0, nl + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            dispatch();
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
}

void EventStream::dispatch()
{
    if (m_data.isEmpty() && m_type.isEmpty())
        return;
    const QString type = m_type.isEmpty() ? QStringLiteral("message") : QString::fromUtf8(m_type);
    if (m_id >= 0)
        m_lastId = m_id;
    const QByteArray data = m_data;
    const qint64 id = m_id;
    m_type.clear();
    m_data.clear();
    m_id = -1;
    if (type == QLatin1String("reset"))
        Q_EMIT resyncNeeded();
    Q_EMIT event(type, data, id);
}

void EventStream::onFinished()
{
    QNetworkReply *r = m_reply;
    if (!r)
        return;
    m_reply = nullptr;
    r->deleteLater();
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404 || status == 405 || status == 501) {
        setState(State::Unsupported);
        return;
    }
    // Dropped (daemon restart, network): try again later and resync once back.
    m_hadDrop = true;
    setState(State::Connecting);
    const quint64 gen = m_generation;
    QTimer::singleShot(m_retryMs, this, [this, gen] {
        if (gen == m_generation)
            start();
    });
}

} // namespace seed::client
