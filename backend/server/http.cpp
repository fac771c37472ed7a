#include "http.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

namespace seed::server {

namespace {
const char *const kLastActivity = "seed_last_activity_ms";
const char *const kStreaming = "seed_streaming";
} // namespace

HttpReply HttpReply::json(const QJsonObject &o, int status)
{
    HttpReply r;
    r.status = status;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

HttpReply HttpReply::error(wire::ApiError e, const QString &requestId)
{
    e.requestId = requestId;
    HttpReply r = json(e.toJson(), e.httpStatus());
    if (e.retryAfterSeconds > 0)
        r.headers.append({"Retry-After", QByteArray::number(e.retryAfterSeconds)});
    return r;
}

HttpReply HttpReply::noContent()
{
    HttpReply r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

HttpReply HttpReply::takenOver()
{
    HttpReply r;
    r.streamed = true;
    return r;
}

HttpServer::HttpServer(Dispatcher dispatcher, QObject *parent) : QAbstractHttpServer(parent), m_dispatch(std::move(dispatcher))
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweepIdle);
    m_sweep.start();
}

void HttpServer::send(QHttpServerResponder &responder, const HttpReply &reply, const QString &requestId)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    if (!reply.contentType.isEmpty())
        responder.writeHeader("Content-Type", reply.contentType);
    if (reply.status != 204)
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    responder.writeHeader("X-Request-Id", requestId.toLatin1());
    for (const auto &h : reply.headers)
        responder.writeHeader(h.first, h.second);
    responder.writeBody(reply.body);
}

void HttpServer::markStreaming(QTcpSocket *socket)
{
    if (socket)
        socket->setProperty(kStreaming, true);
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    socket->setProperty(kLastActivity, QDateTime::currentMSecsSinceEpoch());
    QHttpServerResponder responder = makeResponder(request, socket);
    RequestContext ctx{request, responder, wire::newRequestId(), {}};
    HttpReply reply;
    try {
        reply = m_dispatch(ctx);
    } catch (const std::exception &e) {
        // A bug must cost one request, never the daemon.
        qWarning("request %s failed: %s", qPrintable(ctx.requestId), e.what());
        reply = HttpReply::error(wire::makeError(wire::ErrorKind::Internal, QStringLiteral("Internal error.")),
                                 ctx.requestId);
    }
    if (!reply.streamed)
        send(responder, reply, ctx.requestId);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Unreachable: handleRequest answers everything. Kept to satisfy the interface.
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString rid = wire::newRequestId();
    send(responder, HttpReply::error(wire::makeError(wire::ErrorKind::NotFound, QStringLiteral("Not found.")), rid), rid);
}

void HttpServer::sweepIdle()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto tcpServers = servers();
    for (QTcpServer *server : tcpServers) {
        const auto sockets = server->findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets) {
            if (socket->property(kStreaming).toBool())
                continue;
            const QVariant last = socket->property(kLastActivity);
            if (!last.isValid()) {
                socket->setProperty(kLastActivity, now);
                continue;
            }
            if (socket->bytesToWrite() == 0 && now - last.toLongLong() > m_idleTimeoutMs)
                socket->disconnectFromHost();
        }
    }
}

} // namespace seed::server
