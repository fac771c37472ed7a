#include "sse.h"

#include <QDateTime>

namespace seed::server {

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
} // namespace

SseStream *SseStream::open(RequestContext &ctx, const SseSettings &settings, QObject *parent)
{
    HttpServer::sendHead(ctx, 200,
                         {{"Content-Type", "text/event-stream"},
                          {"Cache-Control", "no-cache"},
                          {"Connection", "close"},
                          {"X-Accel-Buffering", "no"}});
    return new SseStream(std::move(ctx.responder), ctx.socket, settings, parent);
}

SseStream::SseStream(QHttpServerResponder &&responder, QTcpSocket *socket, const SseSettings &settings, QObject *parent)
    : QObject(parent), m_responder(std::move(responder)), m_socket(socket), m_settings(settings)
{
    m_lastWriteMs = m_lastEventMs = m_lastProgressMs = nowMs();
    if (!m_socket) {
        QTimer::singleShot(0, this, &SseStream::finish);
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &SseStream::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &SseStream::finish);
    connect(m_socket, &QObject::destroyed, this, &SseStream::finish);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_socket)
            m_socket->abort();
        finish();
    });
    m_timer.setInterval(std::max(250, std::min(m_settings.keepAliveMs, 5000)));
    connect(&m_timer, &QTimer::timeout, this, &SseStream::tick);
    m_timer.start();
}

QByteArray SseStream::event(const QByteArray &data, qint64 id, const QByteArray &type)
{
    QByteArray out;
    out.reserve(data.size() + 40);
    if (!type.isEmpty())
        out += "event: " + type + '\n';
    if (id >= 0)
        out += "id: " + QByteArray::number(id) + '\n';
    // `data` is compact JSON: it holds no raw newline, so one data: line carries it.
    out += "data: " + data + "\n\n";
    return out;
}

bool SseStream::write(const QByteArray &bytes)
{
    if (!isOpen())
        return false;
    if (m_socket->bytesToWrite() == 0)
        m_lastProgressMs = nowMs();
    m_socket->write(bytes);
    // Hand the kernel what it takes now. Left to the socket's write notifier, Qt writes one buffered block (one
    // shared segment of events) per event-loop turn: while seedd was busy parsing a flood, 1 MiB waited here with
    // the client's socket empty and clients fell 0.5 s behind. flush() stops when the kernel is full.
    m_socket->flush();
    m_lastWriteMs = m_lastEventMs = nowMs();
    if (m_socket->bytesToWrite() >= m_settings.maxBufferedBytes)
        m_wasFull = true;
    return true;
}

void SseStream::close()
{
    if (m_closing || m_finished)
        return;
    m_closing = true;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost(); // sends what is queued first
    else
        finish();
}

void SseStream::onBytesWritten()
{
    m_lastProgressMs = nowMs();
    if (m_wasFull && buffered() < m_settings.maxBufferedBytes / 2 && !m_closing) {
        m_wasFull = false;
        Q_EMIT drained();
    }
}

void SseStream::tick()
{
    if (!m_socket) {
        finish();
        return;
    }
    const qint64 now = nowMs();
    if (buffered() > 0 && now - m_lastProgressMs > m_settings.stallTimeoutMs) {
        // The client stopped reading: drop it (abort: its unread buffer is discarded).
        m_socket->abort();
        finish();
        return;
    }
    if (m_closing)
        return;
    if (m_stillAuthorized && !m_stillAuthorized()) {
        close();
        return;
    }
    if (m_settings.idleTimeoutMs > 0 && now - m_lastEventMs > m_settings.idleTimeoutMs) {
        close();
        return;
    }
    if (now - m_lastWriteMs >= m_settings.keepAliveMs && buffered() == 0) {
        m_socket->write(": keep-alive\n\n");
        m_lastWriteMs = now;
    }
}

void SseStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    Q_EMIT closed();
    deleteLater();
}

} // namespace seed::server
