#pragma once

#include "wire/apierror.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QTimer>

#include <functional>

namespace seed::server {

struct HttpReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool streamed = false; // the handler took the responder over (SSE, file download)

    static HttpReply json(const QJsonObject &o, int status = 200);
    static HttpReply error(wire::ApiError e, const QString &requestId);
    static HttpReply noContent();
    static HttpReply takenOver();
};

struct RequestContext
{
    const QHttpServerRequest &request;
    QHttpServerResponder &responder;
    QString requestId;
    QStringList pathArgs;
};

// A QAbstractHttpServer that hands every request to one dispatcher and closes keep-alive connections that
// stay idle (Qt 6.4's server never does).
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Dispatcher = std::function<HttpReply(RequestContext &)>;

    explicit HttpServer(Dispatcher dispatcher, QObject *parent = nullptr);
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }

    static void send(QHttpServerResponder &responder, const HttpReply &reply, const QString &requestId);
    // Long-lived responses (SSE) mark their socket so the idle sweep leaves it alone.
    static void markStreaming(QTcpSocket *socket);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void sweepIdle();

    Dispatcher m_dispatch;
    QTimer m_sweep;
    int m_idleTimeoutMs = 60000;
};

} // namespace seed::server
