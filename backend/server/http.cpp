#include "http.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

#include <sys/socket.h>

namespace seed::server {

namespace {
const char *const kLastActivity = "seed_last_activity_ms";
const char *const kStreaming = "seed_streaming";
const char *const kRequestBytes = "seed_request_bytes";
constexpr qint64 kMaxRequestBytes = kMaxRequestBodyBytes + kMaxRequestHeaderBytes;
// How long a refused client may go on sending (dropped unread) before the connection is cut.
constexpr int kRefusedDrainMs = 5000;

void refuseOversizedRequest(QTcpSocket *socket)
{
    // Qt's parser is connected after the counter, so it has not seen this chunk: cut it off and free the
    // request it has buffered so far.
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->skip(socket->bytesAvailable());

    const QString requestId = wire::newRequestId();
    qWarning("refused a request larger than 1 MiB + 64 KiB from %s (%s)", qPrintable(socket->peerAddress().toString()),
             qPrintable(requestId));
    // No QHttpServerRequest exists for a request that was never parsed, hence no responder: written by hand.
    const HttpReply reply = HttpReply::error(
        wire::makeError(wire::ErrorKind::InvalidRequest, QStringLiteral("Request is too large: seedd reads at most "
                                                                        "1 MiB + 64 KiB of one request (its body may "
                                                                        "have 1 MiB).")),
        requestId);
    socket->write("HTTP/1.1 " + QByteArray::number(reply.status) + " Bad Request\r\n"
                  "Content-Type: " + reply.contentType + "\r\n"
                  "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n"
                  "X-Request-Id: " + requestId.toLatin1() + "\r\n"
                  "Connection: close\r\n\r\n" + reply.body);
    socket->setProperty(kStreaming, true); // the drain below decides when it closes, not the idle sweep

    // A client that is still sending would get a reset, and lose the answer, if the socket closed now. So what
    // it sends is dropped unread for a while; a plain TCP client also gets end-of-stream once the answer is out.
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->skip(socket->bytesAvailable()); });
    // TLS has no half-close: there the client closes after reading the answer (Connection: close), or the
    // drain time runs out.
    if (!qobject_cast<QSslSocket *>(socket)) {
        auto halfClose = [socket] {
            if (socket->bytesToWrite() == 0 && socket->socketDescriptor() != -1)
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        };
        QObject::connect(socket, &QTcpSocket::bytesWritten, socket, halfClose);
        socket->flush();
        halfClose();
    }
    QTimer::singleShot(kRefusedDrainMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

void limitRequestSize(QTcpSocket *socket)
{
    // Connected before QAbstractHttpServer's own readyRead handler, which reads everything buffered: so what
    // is available here is exactly what arrived since its last read.
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
        const qint64 seen = socket->property(kRequestBytes).toLongLong() + socket->bytesAvailable();
        socket->setProperty(kRequestBytes, seen);
        if (seen > kMaxRequestBytes)
            refuseOversizedRequest(socket);
    });
}

// QAbstractHttpServer connects to a connection right after taking it from nextPendingConnection().
template <class Server>
class RequestSizeLimitedServer : public Server
{
public:
    using Server::Server;
    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = Server::nextPendingConnection();
        if (socket)
            limitRequestSize(socket);
        return socket;
    }
};
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
    for (const auto &h : reply.headers) {
        // Header values come from stored data; a line break in one would split the response.
        if (h.second.contains('\r') || h.second.contains('\n')) {
            qWarning("dropped header %s of %s: it contains a line break", h.first.constData(), qPrintable(requestId));
            continue;
        }
        responder.writeHeader(h.first, h.second);
    }
    responder.writeBody(reply.body);
}

void HttpServer::markStreaming(QTcpSocket *socket)
{
    if (socket)
        socket->setProperty(kStreaming, true);
}

QTcpServer *HttpServer::createListener(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls,
                               QString *error)
{
    std::unique_ptr<QTcpServer> server;
    if (tls) {
        auto sslServer = std::make_unique<RequestSizeLimitedServer<QSslServer>>();
        sslServer->setSslConfiguration(*tls);
        server = std::move(sslServer);
    } else {
        server = std::make_unique<RequestSizeLimitedServer<QTcpServer>>();
    }
    if (!server->listen(address, port)) {
        if (error)
            *error = server->errorString();
        return nullptr;
    }
    return server.release();
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    socket->setProperty(kLastActivity, QDateTime::currentMSecsSinceEpoch());
    socket->setProperty(kRequestBytes, 0); // the next request on this connection counts from zero
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
