#include "http.h"

#include <QLoggingCategory>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QPointer>
#include <QSocketNotifier>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>

#include <cerrno>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
Q_LOGGING_CATEGORY(lcServer, "seedd.server")
}

namespace seed::server {

// Every connection of one HttpServer and what its unanswered request holds. Shared (not owned) by the
// connections' handlers: Qt deletes sockets after the server's members are gone.
struct ConnectionBudget
{
    enum class State { Serving, Draining, Closed };
    struct Connection
    {
        qint64 requestBytes = 0;  // of the request that has begun and is not answered yet
        qint64 retainedBytes = 0; // the last request's body: Qt's parser keeps it until the next request begins
        qint64 requestStartMs = 0;
        qint64 lastActivityMs = 0;
        quint64 lastActivityOrder = 0; // ties in lastActivityMs are common under a flood: this orders them
        bool answerPending = false;    // a handler took the responder over and has not written yet
        bool servedOne = false;        // at least one request answered (an idle keep-alive, not a fresh one)
        qint64 admittedMs = 0;
        State state = State::Serving;
    };

    ConnectionLimits limits;
    QHash<QTcpSocket *, Connection> connections;
    // The same connections by (peer port, local port): from Qt 6.5 a request names its connection only so.
    QMultiHash<quint32, QTcpSocket *> byPorts;
    int serving = 0;  // State::Serving
    int draining = 0; // State::Draining: refused, the answer going out, its descriptor still open
    int closed = 0;   // State::Closed: descriptor closed, the object not deleted yet
    qint64 heldBytes = 0;
    qint64 releasedSinceTrim = 0;
    quint64 activityCount = 0;
    qint64 lastWarningMs = 0;
    int unloggedWarnings = 0; // warnings left out since the last one logged
    std::function<void()> admitted; // the server's idle sweep runs only while there are connections

    void setHeld(Connection &c, qint64 requestBytes, qint64 retainedBytes)
    {
        const qint64 before = c.requestBytes + c.retainedBytes;
        const qint64 after = requestBytes + retainedBytes;
        c.requestBytes = requestBytes;
        c.retainedBytes = retainedBytes;
        heldBytes += after - before;
        if (after < before)
            releasedSinceTrim += before - after;
    }
    int &count(State s) { return s == State::Serving ? serving : s == State::Draining ? draining : closed; }
    void setState(Connection &c, State s)
    {
        --count(c.state);
        c.state = s;
        ++count(s);
    }
    // A flood of refusals must not become a flood of log lines.
    void warn(const QByteArray &line)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - lastWarningMs < 1000) {
            ++unloggedWarnings;
            return;
        }
        if (unloggedWarnings > 0)
            qCWarning(lcServer, "%s (%d more warnings left out)", line.constData(), unloggedWarnings);
        else
            qCWarning(lcServer, "%s", line.constData());
        lastWarningMs = now;
        unloggedWarnings = 0;
    }
};

namespace {
const char *const kStreaming = "seed_streaming";
constexpr qint64 kMaxRequestBytes = kMaxRequestBodyBytes + kMaxRequestHeaderBytes;
// How long a refused client may go on sending (dropped unread) before the connection is cut.
constexpr int kRefusedDrainMs = 5000;
// Connections past the cap that are answered 503 rather than just closed; each holds a descriptor while its
// answer goes out.
constexpr int kMaxDraining = 64;
constexpr int kBusyDrainMs = 1000;
// Out of descriptors, a connection this new that has sent nothing yet is not closed for room (see closeLongestIdle).
constexpr qint64 kFreshConnectionMs = 1000;
// malloc keeps freed request buffers for reuse; past this much, they go back to the system.
constexpr qint64 kTrimAfterBytes = 1 << 20;

using Connection = ConnectionBudget::Connection;
using State = ConnectionBudget::State;

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

quint32 portsKey(quint16 peerPort, quint16 localPort) { return quint32(peerPort) << 16 | localPort; }

// Answers a request that Qt's parser has not finished (so there is no QHttpServerRequest and no responder:
// written by hand), reads nothing more of it, and closes the connection once the answer is out.
void refuse(QTcpSocket *socket, ConnectionBudget &budget, wire::ApiError error, int drainMs)
{
    // Qt's parser is connected after the counter, so it has not seen this chunk: cut it off and free the
    // request it has buffered so far. What the parser kept stays counted until the socket is gone.
    QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->skip(socket->bytesAvailable());
    if (auto it = budget.connections.find(socket); it != budget.connections.end())
        budget.setState(*it, State::Draining);

    const QString requestId = wire::newRequestId();
    budget.warn("refused a request from " + socket->peerAddress().toString().toLatin1() + ": "
                + error.message.toUtf8() + " (" + requestId.toLatin1() + ')');
    HttpReply reply = HttpReply::error(std::move(error), requestId);
    reply.headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
    HttpServer::send(socket, reply, requestId);
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
    QTimer::singleShot(drainMs, socket, [socket] {
        socket->abort();
        disposeAbortedSocket(socket);
    });
}

wire::ApiError busyError()
{
    wire::ApiError e = wire::makeError(wire::ErrorKind::Unavailable,
                                       QStringLiteral("seedd is busy: too many connections or unanswered request "
                                                      "bytes. Retry later."));
    e.retryAfterSeconds = 1;
    return e;
}

void countRequestBytes(QTcpSocket *socket, const std::shared_ptr<ConnectionBudget> &budget)
{
    // Connected before QAbstractHttpServer's own readyRead handler, which reads everything buffered: so what
    // is available here is exactly what arrived since its last read.
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, budget] {
        auto it = budget->connections.find(socket);
        const qint64 arrived = socket->bytesAvailable();
        if (it == budget->connections.end() || it->state != State::Serving || arrived <= 0)
            return;
        qint64 retained = it->retainedBytes;
        if (it->requestBytes == 0) {
            retained = 0; // the parser drops the previous request's body as it starts on this one
            it->requestStartMs = nowMs();
        }
        const qint64 seen = it->requestBytes + arrived;
        budget->setHeld(*it, seen, retained);
        if (seen > kMaxRequestBytes) {
            refuse(socket, *budget,
                   wire::makeError(wire::ErrorKind::InvalidRequest,
                                   QStringLiteral("Request is too large: seedd reads at most 1 MiB + 64 KiB of one "
                                                  "request (its body may have 1 MiB).")),
                   kRefusedDrainMs);
        } else if (seen > budget->limits.bytesOutsideBudget && budget->heldBytes > budget->limits.maxBufferedBytes) {
            refuse(socket, *budget, busyError(), kRefusedDrainMs);
        }
    });
}

// The serving connection, not streaming and with nothing on its way out, for which `eligible` holds and
// `rank` is lowest: the one to close for room. Null when there is none.
template <class Eligible, class Rank>
QTcpSocket *pickForRoom(const ConnectionBudget &budget, Eligible eligible, Rank rank)
{
    QTcpSocket *best = nullptr;
    qint64 bestRank = 0;
    for (auto it = budget.connections.cbegin(); it != budget.connections.cend(); ++it) {
        const Connection &c = it.value();
        QTcpSocket *s = it.key();
        if (c.state != State::Serving || c.answerPending || s->bytesToWrite() > 0 || s->property(kStreaming).toBool()
            || !eligible(c))
            continue;
        if (!best || rank(c) < bestRank) {
            best = s;
            bestRank = rank(c);
        }
    }
    return best;
}

// Closes the connection that has been idle longest (no request begun, no answer owed or on its way), to
// make room for a new one. False when there is none. `spareFreshMs`: a connection admitted less than this ago
// that has not had a request yet is spared — its first bytes may simply not have been read (out of
// descriptors, the room is made right after the accept, before the new connection's request is seen: closing
// it then reset the very client that was let in).
bool closeLongestIdle(ConnectionBudget &budget, qint64 spareFreshMs = 0)
{
    const qint64 now = nowMs();
    QTcpSocket *oldest = pickForRoom(
        budget,
        [now, spareFreshMs](const Connection &c) {
            return c.requestBytes == 0 && (c.servedOne || now - c.admittedMs >= spareFreshMs);
        },
        [](const Connection &c) { return qint64(c.lastActivityOrder); });
    if (!oldest)
        return false;
    budget.setState(budget.connections[oldest], State::Closed);
    oldest->disconnectFromHost(); // nothing to write: the descriptor is closed now, the object goes later
    return true;
}

// Out of descriptors with no idle connection to close: the request that began longest ago and is still not
// complete (a slow or stalled sender) is answered 503 and closed at once, so that one descriptor comes free and
// seedd goes on serving. False when there is none.
bool shedOldestUnfinished(ConnectionBudget &budget)
{
    QTcpSocket *oldest = pickForRoom(
        budget, [](const Connection &c) { return c.requestBytes > 0; }, [](const Connection &c) { return c.requestStartMs; });
    if (!oldest)
        return false;
    refuse(oldest, budget, busyError(), 0);
    return true;
}

// Takes a new connection in, or answers it 503, or closes it at once. False: closed, forget it.
bool admit(QTcpSocket *socket, const std::shared_ptr<ConnectionBudget> &budget)
{
    ConnectionBudget &b = *budget;
    if (b.serving >= b.limits.maxConnections)
        closeLongestIdle(b);
    State state = State::Serving;
    if (b.serving >= b.limits.maxConnections) {
        if (b.draining >= kMaxDraining) {
            b.warn("closed a new connection at once: " + QByteArray::number(b.serving) + " connections are open");
            socket->abort();
            socket->deleteLater();
            return false;
        }
        state = State::Draining;
    }
    Connection c;
    c.lastActivityMs = nowMs();
    c.admittedMs = c.lastActivityMs;
    c.lastActivityOrder = ++b.activityCount;
    b.connections.insert(socket, c);
    const quint32 key = portsKey(socket->peerPort(), socket->localPort());
    b.byPorts.insert(key, socket);
    ++b.serving;
    if (b.admitted)
        b.admitted();
    // The socket is its own context: destroyed() still reaches it (Qt 6.7+ refuses a connect without one).
    QObject::connect(socket, &QObject::destroyed, socket, [budget, socket, key] {
        budget->byPorts.remove(key, socket);
        auto it = budget->connections.find(socket);
        if (it == budget->connections.end())
            return;
        budget->setHeld(*it, 0, 0);
        --budget->count(it->state);
        budget->connections.erase(it);
    });
    QObject::connect(socket, &QTcpSocket::bytesWritten, socket, [budget, socket] {
        if (auto it = budget->connections.find(socket); it != budget->connections.end())
            it->answerPending = false;
    });
    if (state == State::Draining)
        refuse(socket, b, busyError(), kBusyDrainMs);
    else
        countRequestBytes(socket, budget);
    return true;
}

// Whether this process can open one more file. Qt 6.4 takes accept()'s EMFILE for a passing error: it tries
// again at once, and again, at full CPU, so seedd has to know before that.
bool descriptorLeft(qintptr anyOpen)
{
    const int fd = ::fcntl(int(anyOpen), F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return errno != EMFILE && errno != ENFILE;
    ::close(fd);
    return true;
}

// QAbstractHttpServer connects to a connection right after taking it from nextPendingConnection().
template <class Server>
class GuardedServer : public Server
{
public:
    explicit GuardedServer(std::shared_ptr<ConnectionBudget> budget) : m_budget(std::move(budget))
    {
        m_resume.setSingleShot(true);
        m_resume.setInterval(100);
        QObject::connect(&m_resume, &QTimer::timeout, this, [this] { tryResume(); });
        // Descriptors also go to log files and podman's pipes, and a flood can use the last one between two
        // waiting connections: while connections exist, a look each second as well (stopped when none is left,
        // so that an idle seedd still wakes for nothing).
        m_watch.setInterval(1000);
        QObject::connect(&m_watch, &QTimer::timeout, this, [this] {
            if (m_budget->connections.isEmpty()) {
                m_watch.stop();
                return;
            }
            if (!m_paused && this->isListening() && !descriptorLeft(this->socketDescriptor()))
                pause();
        });
        QObject::connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
            // Qt stops accepting for good on an error it does not take for passing: try again shortly.
            m_budget->warn("cannot accept a connection: " + this->errorString().toUtf8());
            m_paused = true;
            m_resume.start();
        });
    }
    ~GuardedServer() override
    {
        delete m_pending;
        if (m_pendingFd >= 0)
            ::close(m_pendingFd);
    }
    // Descriptors also go to log files and podman's pipes: whether one is left for the next connection is
    // looked at when a connection is waiting, before Qt's accept() (which would spin on EMFILE). Not on a
    // timer: an idle seedd wakes up for nothing. A duplicate of the listening descriptor carries the notifier
    // (readable exactly when Qt's is), as one descriptor takes only one read notifier.
    void watchDescriptors()
    {
        if (m_pending || !this->isListening())
            return;
        m_pendingFd = ::fcntl(int(this->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (m_pendingFd < 0)
            return;
        m_pending = new QSocketNotifier(m_pendingFd, QSocketNotifier::Read);
        // Once per waiting connection: off again until Qt has taken one or 100 ms have passed, so that a backlog
        // Qt is not reading (its own limit of pending connections, TLS handshakes) never becomes a busy loop.
        m_rearm.setSingleShot(true);
        m_rearm.setInterval(100);
        QObject::connect(&m_rearm, &QTimer::timeout, this, [this] {
            if (!m_paused && this->isListening())
                m_pending->setEnabled(true);
        });
        QObject::connect(m_pending, &QSocketNotifier::activated, this, [this] {
            m_pending->setEnabled(false);
            if (!this->isListening())
                return; // closed: nothing more to watch
            if (!m_paused && !descriptorLeft(this->socketDescriptor())) {
                pause();
                return;
            }
            m_rearm.start();
        });
    }
    QTcpSocket *nextPendingConnection() override
    {
        if (!m_watch.isActive())
            m_watch.start();
        if (m_pending && !m_paused) { // Qt is accepting: the next waiting connection is looked at again
            m_rearm.stop();
            m_pending->setEnabled(true);
        }
        while (QTcpSocket *socket = Server::nextPendingConnection()) {
            // Paused only once Qt's queue is drained: taking a connection from it resumes accepting.
            if (!m_paused && !descriptorLeft(socket->socketDescriptor()))
                QMetaObject::invokeMethod(this, [this] { pause(); }, Qt::QueuedConnection);
            if (admit(socket, m_budget))
                return socket;
        }
        return nullptr;
    }

private:
    void pause()
    {
        if (m_paused)
            return;
        m_budget->warn("out of file descriptors: accepting no connections until one is free");
        this->pauseAccepting();
        m_paused = true;
        if (m_pending) // it would stay readable, and fire, until accepting resumes
            m_pending->setEnabled(false);
        makeRoom();
        m_resume.start();
    }
    void tryResume()
    {
        if (this->isListening() && !descriptorLeft(this->socketDescriptor())) {
            makeRoom();
            m_resume.start();
            return;
        }
        m_paused = false;
        this->resumeAccepting();
        if (m_pending)
            m_pending->setEnabled(true);
    }

    // An idle connection first; else the oldest unfinished request (every connection mid-request would
    // otherwise hold seedd closed until the request timeout).
    void makeRoom()
    {
        if (!closeLongestIdle(*m_budget, kFreshConnectionMs))
            shedOldestUnfinished(*m_budget);
    }

    std::shared_ptr<ConnectionBudget> m_budget;
    QTimer m_resume;
    QTimer m_watch;
    QSocketNotifier *m_pending = nullptr; // on a duplicate of the listening descriptor
    QTimer m_rearm;
    int m_pendingFd = -1;
    bool m_paused = false;
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

HttpServer::HttpServer(Dispatcher dispatcher, QObject *parent)
    : CompatHttpServer(parent), m_dispatch(std::move(dispatcher)), m_budget(std::make_shared<ConnectionBudget>())
{
    m_sweep.setInterval(1000);
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweepIdle);
    m_budget->admitted = [this] {
        if (!m_sweep.isActive())
            m_sweep.start();
    };
}

HttpServer::~HttpServer()
{
    m_budget->admitted = nullptr; // the budget may outlive this server
}

void HttpServer::setConnectionLimits(const ConnectionLimits &limits) { m_budget->limits = limits; }
ConnectionLimits HttpServer::connectionLimits() const { return m_budget->limits; }

namespace {
// Header values come from stored data; a line break in one would split the response.
void appendSafe(HeaderList &out, const HeaderList &headers, const QString &requestId)
{
    for (const auto &h : headers) {
        if (h.second.contains('\r') || h.second.contains('\n')) {
            qCWarning(lcServer, "dropped header %s of %s: it contains a line break", h.first.constData(), qPrintable(requestId));
            continue;
        }
        out.append(h);
    }
}
} // namespace

void HttpServer::send(QTcpSocket *socket, const HttpReply &reply, const QString &requestId)
{
    HeaderList headers;
    if (!reply.contentType.isEmpty())
        headers.append({"Content-Type", reply.contentType});
    if (reply.status != 204)
        headers.append({"Content-Length", QByteArray::number(reply.body.size())});
    headers.append({"X-Request-Id", requestId.toLatin1()});
    appendSafe(headers, reply.headers, requestId);
    writeRawResponse(socket, reply.status, headers, reply.body);
}

void HttpServer::sendHead(RequestContext &ctx, int status, const HeaderList &headers)
{
    sendHead(ctx.socket, ctx.requestId, status, headers);
}

void HttpServer::sendHead(QTcpSocket *socket, const QString &requestId, int status, const HeaderList &headers)
{
    HeaderList all;
    appendSafe(all, headers, requestId);
    all.append({"X-Request-Id", requestId.toLatin1()});
    writeRawResponse(socket, status, all, QByteArray());
    markStreaming(socket);
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
        auto sslServer = std::make_unique<GuardedServer<QSslServer>>(m_budget);
        sslServer->setSslConfiguration(*tls);
        // A connection is counted once its handshake is done; until then only this bounds it.
        sslServer->setHandshakeTimeout(m_budget->limits.requestTimeoutMs);
        server = std::move(sslServer);
    } else {
        server = std::make_unique<GuardedServer<QTcpServer>>(m_budget);
    }
    // A burst (hundreds of clients reconnecting at once) waits in the kernel's queue, handshake done, rather than
    // in SYN retries of 1, 3, 7 s once Qt's default queue of 50 is full: nginx's default.
    server->setListenBacklogSize(511);
    if (!server->listen(address, port)) {
        if (error)
            *error = server->errorString();
        return nullptr;
    }
    if (tls)
        static_cast<GuardedServer<QSslServer> *>(server.get())->watchDescriptors();
    else
        static_cast<GuardedServer<QTcpServer> *>(server.get())->watchDescriptors();
    return server.release();
}

QTcpSocket *HttpServer::connectionOf(const QHostAddress &peer, quint16 peerPort, quint16 localPort) const
{
    const auto range = m_budget->byPorts.equal_range(portsKey(peerPort, localPort));
    for (auto it = range.first; it != range.second; ++it) {
        // A connection the server closed for room may still be in the index until its object is deleted.
        if ((*it)->state() == QAbstractSocket::ConnectedState && (*it)->peerAddress().isEqual(peer))
            return *it;
    }
    return nullptr;
}

void HttpServer::serve(const QHttpServerRequest &request, QHttpServerResponder &responder, QTcpSocket *socket)
{
    auto conn = m_budget->connections.find(socket);
    if (conn != m_budget->connections.end()) {
        conn->lastActivityMs = nowMs();
        conn->lastActivityOrder = ++m_budget->activityCount;
        // The next request on this connection counts from zero; this one's body stays with the parser.
        m_budget->setHeld(*conn, 0, request.body().size());
        conn->requestStartMs = 0;
        conn->servedOne = true;
    }
    RequestContext ctx{request, responder, socket, wire::newRequestId(), {}};
    HttpReply reply;
    try {
        reply = m_dispatch(ctx);
    } catch (const std::exception &e) {
        // A bug must cost one request, never the daemon.
        qCWarning(lcServer, "request %s failed: %s", qPrintable(ctx.requestId), e.what());
        reply = HttpReply::error(wire::makeError(wire::ErrorKind::Internal, QStringLiteral("Internal error.")),
                                 ctx.requestId);
    }
    if (!reply.streamed)
        send(socket, reply, ctx.requestId);
    else if (auto c = m_budget->connections.find(socket); c != m_budget->connections.end() && socket->bytesToWrite() == 0)
        c->answerPending = true; // not a connection to close for room while its answer is being prepared
}

void HttpServer::sweepIdle()
{
    ConnectionBudget &b = *m_budget;
    const qint64 now = nowMs();
    QList<QPointer<QTcpSocket>> timedOut, idle;
    for (auto it = b.connections.begin(); it != b.connections.end(); ++it) {
        QTcpSocket *socket = it.key();
        const Connection &c = it.value();
        if (c.state != State::Serving || socket->property(kStreaming).toBool())
            continue;
        if (c.requestBytes > 0) {
            if (now - c.requestStartMs > b.limits.requestTimeoutMs)
                timedOut.append(socket);
            continue;
        }
        if (socket->bytesToWrite() > 0 || c.answerPending)
            continue;
        // A connection that keeps a large body in the parser gives it back sooner than an ordinary idle one.
        const int limit = c.retainedBytes > b.limits.bytesOutsideBudget ? std::min(b.limits.requestTimeoutMs, m_idleTimeoutMs)
                                                                        : m_idleTimeoutMs;
        if (now - c.lastActivityMs > limit)
            idle.append(socket);
    }
    for (const QPointer<QTcpSocket> &socket : std::as_const(timedOut))
        if (socket)
            refuse(socket, b,
                   wire::makeError(wire::ErrorKind::RequestTimeout,
                                   QStringLiteral("Request was not complete after %1 s.").arg(b.limits.requestTimeoutMs / 1000.0)),
                   kRefusedDrainMs);
    for (const QPointer<QTcpSocket> &socket : std::as_const(idle))
        if (socket)
            socket->disconnectFromHost();

#ifdef __GLIBC__
    if (b.releasedSinceTrim >= kTrimAfterBytes) {
        malloc_trim(0);
        b.releasedSinceTrim = 0;
    }
#endif
    if (b.connections.isEmpty())
        m_sweep.stop(); // nothing to watch until the next connection (admit starts it again)
}

} // namespace seed::server
