#pragma once

#include "http.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

namespace seed::server {

// Settings of every Server-Sent Events response (config file "streams" section, docs/api.md).
struct SseSettings
{
    int keepAliveMs = 15000;            // a ": keep-alive" comment when nothing else was sent for this long
    qint64 maxBufferedBytes = 1 << 20;  // per client: above this nothing more is queued until it drains
    int stallTimeoutMs = 30000;         // a client that reads nothing for this long while its buffer is full
                                        // is closed (it reconnects with Last-Event-ID and loses nothing)
    int idleTimeoutMs = 3600000;        // a stream that carried no event for this long is closed
};

// One text/event-stream response. Owns the responder (moved out of the request), writes events straight to
// the socket, and never buffers more than maxBufferedBytes: producers ask canSend() and wait for drained().
// Deletes itself when the client leaves or after close().
class SseStream : public QObject
{
    Q_OBJECT
public:
    // Writes the status line and headers, marks the socket as streaming. Never null; isOpen() tells.
    static SseStream *open(RequestContext &ctx, const SseSettings &settings, QObject *parent = nullptr);

    bool isOpen() const { return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && !m_closing; }
    bool canSend() const { return isOpen() && buffered() < m_settings.maxBufferedBytes; }
    qint64 buffered() const { return m_socket ? m_socket->bytesToWrite() : 0; }
    // Queues bytes (one or more whole events). Returns false when the stream is closed.
    bool write(const QByteArray &bytes);
    // Flushes what is queued, then closes the connection.
    void close();

    static QByteArray event(const QByteArray &data, qint64 id = -1, const QByteArray &type = {});
    // Asked on every tick (at most every 5 s); the stream closes when it answers false (its credential was
    // revoked or expired after the stream opened).
    void setStillAuthorized(std::function<bool()> check) { m_stillAuthorized = std::move(check); }

Q_SIGNALS:
    void drained(); // the buffer fell below half of the bound: producers may send again
    void closed();  // the client left or the stream was closed (emitted once)

private:
    SseStream(QHttpServerResponder &&responder, QTcpSocket *socket, const SseSettings &settings, QObject *parent);
    void onBytesWritten();
    void tick();
    void finish();

    QHttpServerResponder m_responder; // held while the stream lives: see RequestContext::responder
    QPointer<QTcpSocket> m_socket;
    SseSettings m_settings;
    QTimer m_timer;
    std::function<bool()> m_stillAuthorized;
    qint64 m_lastWriteMs = 0;      // any bytes, keep-alives included
    qint64 m_lastEventMs = 0;      // events only
    qint64 m_lastProgressMs = 0;   // the client read something
    bool m_wasFull = false;
    bool m_closing = false;
    bool m_finished = false;
};

} // namespace seed::server
