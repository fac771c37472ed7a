#pragma once

#include "ssereader.h"

#include <QObject>
#include <QPointer>

namespace seed::client {

class SeedClient;

// GET /{ns}/events as Server-Sent Events: job state changes of the namespace, where the backend has the
// stream (docs/api.md). Reconnects by itself with Last-Event-ID after a drop; a server without the
// endpoint (404/405) is remembered as "unsupported" and the caller keeps polling.
class EventStream : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Open, Unsupported };

    explicit EventStream(SeedClient *client, QObject *parent = nullptr);
    ~EventStream() override;

    void start(); // (re)connects to the client's current endpoint
    void stop();
    State state() const { return m_state; }
    qint64 lastEventId() const { return m_lastId; }
    void setRetryDelayMs(int ms) { m_retryMs = ms; }
    void forgetPosition()
    {
        m_lastId = -1;
        m_hadDrop = false;
    } // a new endpoint: a new id space

Q_SIGNALS:
    void stateChanged(seed::client::EventStream::State state);
    // One event: its SSE type ("message" when none), its JSON data, its id (-1 when none).
    void event(const QString &type, const QByteArray &data, qint64 id);
    // The server could not replay what we missed ("reset"), or we were away: list everything again.
    void resyncNeeded();

private:
    void setState(State s);
    void onOpened();
    void onEvents(const QList<SseReader::Event> &events);
    void onClosed(int httpStatus);

    QPointer<SeedClient> m_client;
    SseReader *m_reader;
    State m_state = State::Idle;
    qint64 m_lastId = -1;
    int m_retryMs = 3000;
    bool m_hadDrop = false;
};

} // namespace seed::client
