#pragma once

// The one place that knows which Qt HTTP Server seedd is built against. Qt 6.4 hands a handler the
// connection's socket; 6.5 hands it a responder instead (and drops QHttpServerResponder::socket()); 6.8 also
// drops writeStatusLine()/writeHeader()/writeBody() and changes missingHandler's signature. seedd writes its
// answers itself onto the connection's socket on every version (the same bytes everywhere, and SSE/downloads
// need the raw socket anyway), and uses the responder only to keep Qt from reading the next request on that
// connection until the answer is out.

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QList>
#include <QPair>
#include <QTcpSocket>

namespace seed::server {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// A QAbstractHttpServer with one handler signature on every Qt version.
class CompatHttpServer : public QAbstractHttpServer
{
public:
    using QAbstractHttpServer::QAbstractHttpServer;

protected:
    // socket: the request's connection (nullptr when it cannot be told, which the caller must handle).
    virtual void serve(const QHttpServerRequest &request, QHttpServerResponder &responder, QTcpSocket *socket) = 0;
    // From Qt 6.5 a request names its connection only by address and ports; the subclass, which sees every
    // connection accepted, finds the socket.
    virtual QTcpSocket *connectionOf(const QHostAddress &peer, quint16 peerPort, quint16 localPort) const = 0;

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
#else
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#endif
#endif
};

// "HTTP/1.1 <status> <reason>", the headers as given, an empty line, then body; flushed at once. An empty
// body with no Content-Length leaves the connection to a streamed body written onto the socket after it.
// Every listener speaks HTTP/1.1 only (seedd offers no HTTP/2 by ALPN), so raw bytes are the whole protocol.
void writeRawResponse(QTcpSocket *socket, int status, const HeaderList &headers, const QByteArray &body);

QByteArray reasonPhrase(int status);

// Frees a socket seedd aborted after Qt had taken it. On 6.4 seedd deletes it; from 6.5 the connection's
// stream owns it and deletes it once no responder is alive (deleting it here could leave a live responder
// pointing at a freed socket).
void disposeAbortedSocket(QTcpSocket *socket);

} // namespace seed::server
