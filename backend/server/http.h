#pragma once

#include "httpcompat.h"
#include "wire/apierror.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QTcpServer;

namespace seed::server {

// The largest request body any route accepts (docs/api.md), and the most header bytes allowed besides it.
inline constexpr qint64 kMaxRequestBodyBytes = 1 << 20;
inline constexpr qint64 kMaxRequestHeaderBytes = 64 << 10;

// What all connections together may hold before anything about them is known (docs/api.md, "Connections").
struct ConnectionLimits
{
    int maxConnections = 1024;            // past it the longest idle one makes room, or the new one gets 503
    qint64 maxBufferedBytes = 32 << 20;   // unanswered request bytes, all connections together
    qint64 bytesOutsideBudget = 16 << 10; // what each request may hold even when the budget is spent
    int requestTimeoutMs = 10000;         // from a request's first byte to its last
};

struct ConnectionBudget;

struct HttpReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    HeaderList headers;
    bool streamed = false; // the handler took the responder over (SSE, file download)

    static HttpReply json(const QJsonObject &o, int status = 200);
    static HttpReply error(wire::ApiError e, const QString &requestId);
    static HttpReply noContent();
    static HttpReply takenOver();
};

struct RequestContext
{
    const QHttpServerRequest &request;
    // A handler that answers later moves it out and keeps it until the answer is written: on Qt 6.5+ the
    // connection reads no further request while it lives.
    QHttpServerResponder &responder;
    QTcpSocket *socket; // the connection, nullptr if it is gone; answers are written onto it
    QString requestId;
    QStringList pathArgs;
};

// A QAbstractHttpServer that hands every request to one dispatcher and closes keep-alive connections that
// stay idle (Qt 6.4's server never does).
class HttpServer : public CompatHttpServer
{
    Q_OBJECT
public:
    using Dispatcher = std::function<HttpReply(RequestContext &)>;

    explicit HttpServer(Dispatcher dispatcher, QObject *parent = nullptr);
    ~HttpServer() override;
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    void setConnectionLimits(const ConnectionLimits &limits);
    ConnectionLimits connectionLimits() const;

    // Writes the whole answer onto the connection (nothing when socket is nullptr).
    static void send(QTcpSocket *socket, const HttpReply &reply, const QString &requestId);
    // The status line and headers of a body that the caller then writes onto ctx.socket itself (SSE, file
    // download); marks the connection as streaming.
    static void sendHead(RequestContext &ctx, int status, const HeaderList &headers);
    // The same, later than the handler's return (an answer that waited for work off the main thread).
    static void sendHead(QTcpSocket *socket, const QString &requestId, int status, const HeaderList &headers);
    // Long-lived responses (SSE) mark their socket so the idle sweep leaves it alone.
    static void markStreaming(QTcpSocket *socket);
    // A listening socket (TLS when tls is set) to bind(); nullptr when it cannot listen. Its connections count
    // each request's bytes as they arrive: Qt 6.4's server keeps a whole request in memory, twice, before
    // any handler can look at its size (or its credential), so a larger one, or one past the shared budget of
    // this server's limits, is refused here, unread.
    QTcpServer *createListener(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls,
                               QString *error);

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder, QTcpSocket *socket) override;
    QTcpSocket *connectionOf(const QHostAddress &peer, quint16 peerPort, quint16 localPort) const override;

private:
    void sweepIdle();

    Dispatcher m_dispatch;
    std::shared_ptr<ConnectionBudget> m_budget; // shared with the connections, which may outlive this object
    QTimer m_sweep;
    int m_idleTimeoutMs = 60000;
};

} // namespace seed::server
