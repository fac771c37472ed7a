#pragma once

#include <QFile>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

// A tiny HTTP/1.1 server for the client's contract test: answers each "METHOD /path" with canned bytes
// (the contract's examples, verbatim from tests/fixtures/contract) and records what it was asked.
class FixtureServer : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    struct Seen
    {
        QByteArray method;
        QByteArray target; // path?query
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    bool listen(quint16 port = 0)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FixtureServer::onConnection, Qt::UniqueConnection);
        return m_server.listen(QHostAddress::LocalHost, port);
    }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

    // Answers for "GET /acme/jobs" etc.; a queue per route (the last one repeats).
    void on(const QByteArray &methodAndPath, const Answer &a) { m_routes[methodAndPath].append(a); }
    void clear() { m_routes.clear(); m_seen.clear(); }
    const QList<Seen> &seen() const { return m_seen; }

    static QByteArray fixture(const QString &name)
    {
        QFile f(QStringLiteral(SEED_TEST_DATA "/fixtures/contract/") + name);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private:
    void onConnection()
    {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    }
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        Seen seen;
        const QList<QByteArray> req = lines.value(0).trimmed().split(' ');
        seen.method = req.value(0);
        seen.target = req.value(1);
        for (int i = 1; i < lines.size(); ++i) {
            const qsizetype c = lines.at(i).indexOf(':');
            if (c > 0)
                seen.headers.insert(lines.at(i).left(c).trimmed().toLower(), lines.at(i).mid(c + 1).trimmed());
        }
        const int length = seen.headers.value("content-length").toInt();
        if (buf.size() < end + 4 + length)
            return;
        seen.body = buf.mid(end + 4, length);
        m_buffers.remove(s);
        m_seen.append(seen);
        const QByteArray path = seen.target.left(seen.target.indexOf('?') < 0 ? seen.target.size() : seen.target.indexOf('?'));
        QList<Answer> &queue = m_routes[seen.method + ' ' + path];
        Answer a;
        if (queue.isEmpty()) {
            a.status = 404;
            a.body = R"({"error":{"code":"not_found","message":"No fixture.","request_id":"req_000000000000"}})";
        } else {
            a = queue.size() > 1 ? queue.takeFirst() : queue.first();
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + " X\r\n";
        if (a.status != 204)
            out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(a.body.size()) + "\r\n";
        for (const auto &h : a.headers)
            out += h.first + ": " + h.second + "\r\n";
        out += "Connection: close\r\n\r\n";
        if (a.status != 204)
            out += a.body;
        s->write(out);
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QByteArray, QList<Answer>> m_routes;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Seen> m_seen;
};
