#include "eventstream.h"

#include "seedclient.h"

namespace seed::client {

EventStream::EventStream(SeedClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_reader(new SseReader(this))
{
    connect(m_reader, &SseReader::opened, this, &EventStream::onOpened);
    connect(m_reader, &SseReader::received, this, &EventStream::onEvents);
    connect(m_reader, &SseReader::closed, this, &EventStream::onClosed);
}

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
    m_reader->stop();
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
    m_reader->open(m_client->openStream(QStringLiteral("/") + m_client->endpoint().ns + QStringLiteral("/events"),
                                        m_lastId >= 0 ? QByteArray::number(m_lastId) : QByteArray()));
    setState(State::Connecting);
}

void EventStream::onOpened()
{
    setState(State::Open);
    if (m_hadDrop) {
        m_hadDrop = false;
        Q_EMIT resyncNeeded(); // whatever happened while we were away
    }
}

void EventStream::onEvents(const QList<SseReader::Event> &events)
{
    for (const SseReader::Event &e : events) {
        if (!m_reader->isReading())
            break; // a handler stopped the stream
        if (e.id >= 0)
            m_lastId = e.id;
        const QString type = QString::fromUtf8(e.type);
        if (type == QLatin1String("reset"))
            Q_EMIT resyncNeeded();
        Q_EMIT event(type, e.data, e.id);
    }
}

void EventStream::onClosed(int httpStatus)
{
    if (httpStatus == 404 || httpStatus == 405 || httpStatus == 501) {
        setState(State::Unsupported);
        return;
    }
    // Dropped (daemon restart, network): try again later and resync once back.
    m_hadDrop = true;
    setState(State::Connecting);
    m_reader->retryLater(m_retryMs, [this] { start(); });
}

} // namespace seed::client
