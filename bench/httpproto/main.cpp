// Prototype HTTP layers for seedd, measured by bench/http_layers.sh beside seedd and nginx (docs/performance.md,
// "Choosing the HTTP layer"). Each serves one route the way seedd serves a cached list page: check the bearer
// credential (lookup + salted SHA-256 + constant-time compare, as seed::auth does), then answer the cached bytes
// with seedd's headers (Content-Type, Content-Length, a fresh X-Request-Id). Nothing else of seedd is here: what
// is compared is the HTTP layer and its use of the cores.
//
//   httpproto qt  THREADS PORT BODY_FILE TOKEN   one QHttpServer per thread on a SO_REUSEPORT socket each
//   httpproto mhd THREADS PORT BODY_FILE TOKEN   libmicrohttpd, epoll, a pool of THREADS polling threads
// TOKEN is "<id>.<secret>"; GET /bench/jobs with "Authorization: Bearer <id>.<secret>" gets the body.
//
// The SSE flood (bench/sse_layers.py): the lines appended to LOG_FILE ("<epoch ns> <message>") as server-sent
// events shaped like seedd's ("id: N", "event: log", one JSON data line), to every client of GET /bench/stream,
// the file read on an inotify event as seedd reads a container's log:
//   httpproto qt-sse  PORT LOG_FILE TOKEN           Qt HTTP Server, the connection's socket taken as seedd does (6.4)
//   httpproto mhd-sse THREADS PORT LOG_FILE TOKEN   libmicrohttpd, a response from a callback, suspended while
//                                                   there is nothing to send and resumed by the reader thread
#include <QAbstractHttpServer>
#include <QByteArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <microhttpd.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {

struct Credential
{
    QByteArray id;
    QByteArray salt;
    QByteArray hash;
};

QByteArray g_body;
Credential g_credential;

QByteArray hashSecret(const QByteArray &salt, const QByteArray &secret)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(salt);
    h.addData(secret);
    return h.result();
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// "Bearer <id>.<secret>": the id finds the credential, the secret is hashed with its salt (as seedd does).
bool authorized(const QByteArray &header)
{
    if (!header.startsWith("Bearer "))
        return false;
    const QByteArray token = header.mid(7);
    const qsizetype dot = token.indexOf('.');
    const QByteArray id = dot < 0 ? token : token.left(dot);
    const QByteArray secret = dot < 0 ? QByteArray() : token.mid(dot + 1);
    const bool known = id == g_credential.id;
    const QByteArray salt = known ? g_credential.salt : QByteArray(16, '\0');
    const QByteArray expected = known ? g_credential.hash : QByteArray(32, '\0');
    return constantTimeEquals(hashSecret(salt, secret), expected) && known;
}

// The one credential a prototype knows: TOKEN "<id>.<secret>", kept as seedd keeps one (salt, hash).
void setCredential(const QByteArray &token)
{
    const qsizetype dot = token.indexOf('.');
    g_credential.id = token.left(dot);
    g_credential.salt = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    g_credential.hash = hashSecret(g_credential.salt, token.mid(dot + 1));
}

QByteArray newRequestId()
{
    quint64 r = QRandomGenerator::global()->generate64();
    return "req_" + QByteArray::number(r, 16).rightJustified(16, '0');
}

const QByteArray kUnauthorized = R"({"error":{"code":"unauthorized","message":"Invalid credentials."}})";

// --- Qt HTTP Server: one server per thread, each with its own listening socket on the same port ---

int reusePortSocket(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(fd, 511) != 0) {
        std::perror("bind/listen");
        std::exit(1);
    }
    return fd;
}

class QtWorker : public QThread
{
public:
    explicit QtWorker(quint16 port) : m_port(port) {}

protected:
    void run() override
    {
        QHttpServer server;
        server.route(QStringLiteral("/bench/jobs"), [](const QHttpServerRequest &request) {
            const QByteArray rid = newRequestId();
            if (!authorized(request.value("Authorization"))) {
                QHttpServerResponse r("application/json", kUnauthorized, QHttpServerResponse::StatusCode::Unauthorized);
                r.addHeader("X-Request-Id", rid);
                return r;
            }
            QHttpServerResponse r("application/json", g_body);
            r.addHeader("X-Request-Id", rid);
            return r;
        });
        auto *tcp = new QTcpServer;
        tcp->setSocketDescriptor(reusePortSocket(m_port));
        server.bind(tcp);
        exec();
    }

private:
    quint16 m_port;
};

// --- libmicrohttpd: its own thread pool over epoll ---

// What every route of a prototype does first: wait for the request's second call (the first comes with the headers,
// before MHD knows the request is complete: an answer queued then makes it close the connection, no keep-alive;
// MHD's examples answer on the second call), and answer 404 to anything but GET `route`. An answer when handled.
std::optional<MHD_Result> mhdPreamble(MHD_Connection *connection, const char *url, const char *method, void **state,
                                      const char *route)
{
    static int headersSeen;
    if (*state == nullptr) {
        *state = &headersSeen;
        return MHD_YES;
    }
    if (qstrcmp(method, "GET") != 0 || qstrcmp(url, route) != 0) {
        MHD_Response *r = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
        const MHD_Result ok = MHD_queue_response(connection, MHD_HTTP_NOT_FOUND, r);
        MHD_destroy_response(r);
        return ok;
    }
    return std::nullopt;
}

MHD_Result onMhdRequest(void *, MHD_Connection *connection, const char *url, const char *method, const char *,
                        const char *, size_t *, void **state)
{
    if (const auto handled = mhdPreamble(connection, url, method, state, "/bench/jobs"))
        return *handled;
    const char *auth = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
    const bool allowed = auth && authorized(QByteArray(auth));
    const QByteArray &body = allowed ? g_body : kUnauthorized;
    MHD_Response *r = MHD_create_response_from_buffer(size_t(body.size()), const_cast<char *>(body.constData()),
                                                      MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "X-Request-Id", newRequestId().constData());
    const MHD_Result ok = MHD_queue_response(connection, allowed ? MHD_HTTP_OK : MHD_HTTP_UNAUTHORIZED, r);
    MHD_destroy_response(r);
    return ok;
}


// --- The SSE flood: a file's new lines as events ---

// Reads what was appended to a file since the last call and turns whole lines into events.
class LineTail
{
public:
    explicit LineTail(const QByteArray &path) : m_fd(::open(path.constData(), O_RDONLY | O_CLOEXEC)) {}
    ~LineTail() { ::close(m_fd); }
    bool ok() const { return m_fd >= 0; }
    // "<epoch ns> <message>" per line -> "id: N\nevent: log\ndata: {...}\n\n" per line.
    QByteArray newEvents()
    {
        char buf[1 << 16];
        for (;;) {
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n <= 0)
                break;
            m_partial.append(buf, n);
        }
        const qsizetype end = m_partial.lastIndexOf('\n');
        if (end < 0)
            return {};
        QByteArray out;
        out.reserve((end + 1) * 3);
        qsizetype from = 0;
        while (from <= end) {
            const qsizetype nl = m_partial.indexOf('\n', from);
            const qsizetype sp = m_partial.indexOf(' ', from);
            const QByteArrayView ts(m_partial.constData() + from, (sp < 0 || sp > nl ? nl : sp) - from);
            const QByteArrayView msg = sp < 0 || sp > nl ? QByteArrayView() : QByteArrayView(m_partial.constData() + sp + 1, nl - sp - 1);
            const QByteArray id = QByteArray::number(++m_seq);
            out += "id: " + id + "\nevent: log\ndata: {\"id\":" + id + ",\"timestamp_ns\":" + ts.toByteArray() +
                   ",\"message\":\"" + msg.toByteArray() + "\",\"stream\":\"stdout\"}\n\n";
            from = nl + 1;
        }
        m_partial.remove(0, end + 1);
        return out;
    }

private:
    int m_fd;
    QByteArray m_partial;
    qint64 m_seq = 0;
};

int watchFile(const QByteArray &path)
{
    const int fd = ::inotify_init1(IN_CLOEXEC);
    if (fd < 0 || ::inotify_add_watch(fd, path.constData(), IN_MODIFY) < 0) {
        std::perror("inotify");
        std::exit(1);
    }
    return fd;
}

void drainInotify(int fd)
{
    alignas(inotify_event) char buf[4096];
    (void)::read(fd, buf, sizeof buf);
}

const QByteArray kSseHeaders = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";

// Qt HTTP Server 6.4 as seedd uses it: the handler takes the connection's socket and writes the stream onto it.
class QtSseServer : public QAbstractHttpServer
{
public:
    explicit QtSseServer(const QByteArray &path) : m_tail(path), m_inotify(watchFile(path))
    {
        m_notifier = new QSocketNotifier(qintptr(m_inotify), QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            drainInotify(m_inotify);
            const QByteArray events = m_tail.newEvents();
            if (events.isEmpty())
                return;
            for (QTcpSocket *c : std::as_const(m_clients))
                c->write(events);
        });
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        if (request.url().path() != QLatin1String("/bench/stream"))
            return false;
        if (!authorized(request.value("Authorization"))) {
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " +
                          QByteArray::number(kUnauthorized.size()) + "\r\n\r\n" + kUnauthorized);
            return true;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // as seedd's SSE (no Nagle delay)
        socket->write(kSseHeaders);
        m_clients.append(socket);
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { m_clients.removeOne(socket); });
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override
    {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }

private:
    LineTail m_tail;
    int m_inotify;
    QSocketNotifier *m_notifier = nullptr;
    QList<QTcpSocket *> m_clients;
};

// libmicrohttpd: each stream is a response from a callback; with nothing to send, the callback suspends its
// connection (MHD then stops polling it), and the tail thread resumes it when events arrive.
struct MhdStream
{
    std::mutex lock;
    QByteArray pending;
    bool suspended = false;
    bool closed = false;
    MHD_Connection *connection = nullptr;
};
std::mutex g_streamsLock;
std::vector<std::shared_ptr<MhdStream>> g_streams;

ssize_t readStream(void *cls, uint64_t, char *buf, size_t max)
{
    auto *s = static_cast<MhdStream *>(cls);
    std::lock_guard guard(s->lock);
    if (s->pending.isEmpty()) {
        // Safe from a content reader callback (libmicrohttpd's manual); resumed by the tail thread, under the same
        // lock, so that an event appended meanwhile cannot be missed.
        s->suspended = true;
        MHD_suspend_connection(s->connection);
        return 0;
    }
    const size_t n = std::min(max, size_t(s->pending.size()));
    memcpy(buf, s->pending.constData(), n);
    s->pending.remove(0, qsizetype(n));
    return ssize_t(n);
}

void streamClosed(void *cls)
{
    auto *s = static_cast<MhdStream *>(cls);
    std::lock_guard all(g_streamsLock);
    {
        std::lock_guard guard(s->lock);
        s->closed = true;
    }
    std::erase_if(g_streams, [s](const auto &p) { return p.get() == s; });
}

MHD_Result onMhdSseRequest(void *, MHD_Connection *connection, const char *url, const char *method, const char *,
                           const char *, size_t *, void **state)
{
    if (const auto handled = mhdPreamble(connection, url, method, state, "/bench/stream"))
        return *handled;
    const char *auth = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
    if (!auth || !authorized(QByteArray(auth))) {
        MHD_Response *r = MHD_create_response_from_buffer(size_t(kUnauthorized.size()),
                                                          const_cast<char *>(kUnauthorized.constData()),
                                                          MHD_RESPMEM_PERSISTENT);
        const MHD_Result ok = MHD_queue_response(connection, MHD_HTTP_UNAUTHORIZED, r);
        MHD_destroy_response(r);
        return ok;
    }
    auto stream = std::make_shared<MhdStream>();
    stream->connection = connection;
    {
        std::lock_guard all(g_streamsLock);
        g_streams.push_back(stream);
    }
    MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 << 10, &readStream, stream.get(),
                                                        &streamClosed);
    MHD_add_response_header(r, "Content-Type", "text/event-stream");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    const MHD_Result ok = MHD_queue_response(connection, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

void mhdTailThread(const QByteArray &path)
{
    LineTail tail(path);
    const int in = watchFile(path);
    for (;;) {
        drainInotify(in); // blocks until the file grows
        const QByteArray events = tail.newEvents();
        if (events.isEmpty())
            continue;
        std::lock_guard all(g_streamsLock);
        for (const auto &s : g_streams) {
            std::lock_guard guard(s->lock);
            if (s->closed)
                continue;
            s->pending += events;
            if (s->suspended) {
                s->suspended = false;
                MHD_resume_connection(s->connection);
            }
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 5 && QByteArrayView(argv[1]) == "qt-sse") {
        setCredential(argv[4]);
        QtSseServer server(argv[3]);
        auto *tcp = new QTcpServer;
        tcp->setSocketDescriptor(reusePortSocket(quint16(atoi(argv[2]))));
        server.bind(tcp);
        return app.exec();
    }
    if (argc == 6 && QByteArrayView(argv[1]) == "mhd-sse") {
        setCredential(argv[5]);
        std::thread(mhdTailThread, QByteArray(argv[4])).detach();
        MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME,
                                         quint16(atoi(argv[3])), nullptr, nullptr, &onMhdSseRequest, nullptr,
                                         MHD_OPTION_THREAD_POOL_SIZE, unsigned(std::max(1, atoi(argv[2]))),
                                         MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
                                         MHD_OPTION_END);
        if (!d) {
            std::fprintf(stderr, "MHD_start_daemon failed\n");
            return 1;
        }
        return app.exec();
    }
    if (argc != 6) {
        std::fprintf(stderr, "usage: httpproto qt|mhd THREADS PORT BODY_FILE TOKEN | qt-sse PORT LOG_FILE TOKEN | "
                             "mhd-sse THREADS PORT LOG_FILE TOKEN\n");
        return 2;
    }
    const QByteArray mode = argv[1];
    const int threads = std::max(1, atoi(argv[2]));
    const quint16 port = quint16(atoi(argv[3]));
    QFile bodyFile(QString::fromLocal8Bit(argv[4]));
    if (!bodyFile.open(QIODevice::ReadOnly))
        return 1;
    g_body = bodyFile.readAll();
    setCredential(argv[5]);

    if (mode == "qt") {
        std::vector<std::unique_ptr<QtWorker>> workers;
        for (int i = 0; i < threads; ++i) {
            workers.push_back(std::make_unique<QtWorker>(port));
            workers.back()->start();
        }
        return app.exec();
    }
    if (mode == "mhd") {
        MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, port, nullptr, nullptr,
                                         &onMhdRequest, nullptr, MHD_OPTION_THREAD_POOL_SIZE, unsigned(threads),
                                         MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
                                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, size_t(128 << 10), MHD_OPTION_END);
        if (!d) {
            std::fprintf(stderr, "MHD_start_daemon failed\n");
            return 1;
        }
        return app.exec();
    }
    return 2;
}
