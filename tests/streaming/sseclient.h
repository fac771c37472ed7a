#pragma once
// A raw SSE client for tests: a plain QTcpSocket, so that a test can cut the connection at any byte (forced
// disconnects) and see every field (id:, event:, comments) exactly as seedd wrote it.
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <functional>

struct SseEvent
{
    QByteArray type = "message";
    qint64 id = -1;
    QByteArray data;
    QJsonObject json() const { return QJsonDocument::fromJson(data).object(); }
    QString message() const { return json().value(QStringLiteral("message")).toString(); }
};

class SseClient
{
public:
    // GET path with Authorization and, when lastEventId >= 0, Last-Event-ID.
    bool open(const QString &baseUrl, const QString &path, const QByteArray &authorization, qint64 lastEventId = -1)
    {
        const QUrl u(baseUrl);
        m_sock.connectToHost(u.host(), quint16(u.port()));
        if (!m_sock.waitForConnected(5000))
            return false;
        QByteArray req = "GET " + path.toUtf8() + " HTTP/1.1\r\nHost: " + u.host().toUtf8() +
                         "\r\nAccept: text/event-stream\r\nAuthorization: " + authorization + "\r\n";
        if (lastEventId >= 0)
            req += "Last-Event-ID: " + QByteArray::number(lastEventId) + "\r\n";
        req += "\r\n";
        m_sock.write(req);
        return m_sock.waitForBytesWritten(5000);
    }
    // Reads until pred() holds, the server closes, or the time is up. Returns pred().
    bool waitFor(const std::function<bool()> &pred, int timeoutMs = 30000)
    {
        QDeadlineTimer d(timeoutMs);
        while (!pred() && !d.hasExpired()) {
            if (m_sock.state() != QAbstractSocket::ConnectedState && m_sock.bytesAvailable() == 0) {
                m_closed = true;
                break;
            }
            if (m_sock.bytesAvailable() == 0)
                m_sock.waitForReadyRead(int(std::min<qint64>(200, std::max<qint64>(1, d.remainingTime()))));
            m_buf += m_sock.readAll();
            parse();
        }
        return pred();
    }
    bool waitClosed(int timeoutMs = 30000) { return waitFor([this] { return m_closed; }, timeoutMs); }
    bool waitEnd(int timeoutMs = 60000)
    {
        return waitFor([this] { return !events.isEmpty() && events.last().type == "end"; }, timeoutMs);
    }
    void abort() { m_sock.abort(); }

    int status = 0;
    QByteArray headers;
    QList<SseEvent> events;
    int comments = 0;

private:
    void parse()
    {
        if (status == 0) {
            const qsizetype end = m_buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            headers = m_buf.left(end);
            status = headers.mid(9, 3).toInt();
            m_buf.remove(0, end + 4);
            if (status != 200) {
                m_closed = true; // an error envelope, not a stream
                return;
            }
        }
        qsizetype pos = 0;
        while (true) {
            const qsizetype end = m_buf.indexOf("\n\n", pos);
            if (end < 0) {
                m_buf.remove(0, pos);
                return;
            }
            const QByteArray block = m_buf.mid(pos, end - pos);
            pos = end + 2;
            SseEvent e;
            bool any = false;
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith(':')) {
                    ++comments;
                    continue;
                }
                const qsizetype colon = line.indexOf(':');
                const QByteArray field = line.left(colon);
                QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
                if (value.startsWith(' '))
                    value.remove(0, 1);
                if (field == "data") {
                    e.data += (e.data.isEmpty() ? QByteArray() : QByteArray("\n")) + value;
                    any = true;
                } else if (field == "id") {
                    e.id = value.toLongLong();
                    any = true;
                } else if (field == "event") {
                    e.type = value;
                    any = true;
                }
            }
            if (any)
                events.append(e);
        }
    }

    QTcpSocket m_sock;
    QByteArray m_buf;
    bool m_closed = false;
};
