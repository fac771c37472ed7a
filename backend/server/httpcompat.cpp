#include "httpcompat.h"

namespace seed::server {

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool CompatHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    serve(request, responder, socket);
    return true;
}

void CompatHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Unreachable: handleRequest answers everything. Kept to satisfy the interface.
    QHttpServerResponder responder = makeResponder(request, socket);
    serve(request, responder, socket);
}
#else
bool CompatHttpServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    serve(request, responder, connectionOf(request.remoteAddress(), request.remotePort(), request.localPort()));
    return true;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
void CompatHttpServer::missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder)
#else
void CompatHttpServer::missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder)
#endif
{
    // Reached only for a WebSocket upgrade seedd does not serve (handleRequest answers everything else).
    serve(request, responder, connectionOf(request.remoteAddress(), request.remotePort(), request.localPort()));
}
#endif

void disposeAbortedSocket(QTcpSocket *socket)
{
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    socket->deleteLater();
#else
    Q_UNUSED(socket);
#endif
}

void writeRawResponse(QTcpSocket *socket, int status, const HeaderList &headers, const QByteArray &body)
{
    if (!socket)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status);
    if (const QByteArray reason = reasonPhrase(status); !reason.isEmpty())
        out += ' ' + reason;
    out += "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    out += body;
    socket->write(out);
    // Out now rather than on the next turn of the event loop: a client that half-closed after its request
    // has its end-of-stream read by then, and Qt drops what is still unwritten when it sees that.
    socket->flush();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Requested Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return {};
    }
}

} // namespace seed::server
