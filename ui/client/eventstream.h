#pragma once

#include <QObject>
#include <QPointer>

class QNetworkReply;

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
    void forgetPosition() { m_lastId = -1; m_hadDrop = false; } // a new endpoint: a new id space

Q_SIGNALS:
    void stateChanged(seed::client::EventStream::State state);
    // One event: its SSE type ("message" when none), its JSON data, its id (-1 when none).
    void event(const QString &type, const QByteArray &data, qint64 id);
    // The server could not replay what we missed ("reset"), or we were away: list everything again.
    void resyncNeeded();

private:
    void setState(State s);
    void onReadyRead();
    void onFinished();
    void dispatch();

    QPointer<SeedClient> m_client;
    QPointer<QNetworkReply> m_reply;
    State m_state = State::Idle;
    QByteArray m_buffer;
    QByteArray m_type;
    QByteArray m_data;
    qint64 m_id = -1;
    qint64 m_lastId = -1;
    int m_retryMs = 3000;
    quint64 m_generation = 0;
    bool m_hadDrop = false;
};

} // namespace seed::client
