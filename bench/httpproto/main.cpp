// Prototype HTTP layers for seedd, measured by bench/http_layers.sh beside seedd and nginx (docs/performance.md,
// "Choosing the HTTP layer"). Each serves one route the way seedd serves a cached list page: check the bearer
// credential (lookup + salted SHA-256 + constant-time compare, as seed::auth does), then answer the cached bytes
// with seedd's headers (Content-Type, Content-Length, a fresh X-Request-Id). Nothing else of seedd is here: what
// is compared is the HTTP layer and its use of the cores.
//
//   httpproto qt  THREADS PORT BODY_FILE TOKEN   one QHttpServer per thread on a SO_REUSEPORT socket each
//   httpproto mhd THREADS PORT BODY_FILE TOKEN   libmicrohttpd, epoll, a pool of THREADS polling threads
// TOKEN is "<id>.<secret>"; GET /bench/jobs with "Authorization: Bearer <id>.<secret>" gets the body.
#include <QByteArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>

#include <microhttpd.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
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

MHD_Result onMhdRequest(void *, MHD_Connection *connection, const char *url, const char *method, const char *,
                        const char *, size_t *, void **state)
{
    // The first call comes with the headers, before MHD knows the request is complete: an answer queued then makes
    // it close the connection (no keep-alive). Answer on the second call, as MHD's examples do.
    static int headersSeen;
    if (*state == nullptr) {
        *state = &headersSeen;
        return MHD_YES;
    }
    if (qstrcmp(method, "GET") != 0 || qstrcmp(url, "/bench/jobs") != 0) {
        MHD_Response *r = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
        const MHD_Result ok = MHD_queue_response(connection, MHD_HTTP_NOT_FOUND, r);
        MHD_destroy_response(r);
        return ok;
    }
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

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 6) {
        std::fprintf(stderr, "usage: httpproto qt|mhd THREADS PORT BODY_FILE TOKEN\n");
        return 2;
    }
    const QByteArray mode = argv[1];
    const int threads = std::max(1, atoi(argv[2]));
    const quint16 port = quint16(atoi(argv[3]));
    QFile bodyFile(QString::fromLocal8Bit(argv[4]));
    if (!bodyFile.open(QIODevice::ReadOnly))
        return 1;
    g_body = bodyFile.readAll();
    const QByteArray token = argv[5];
    const qsizetype dot = token.indexOf('.');
    g_credential.id = token.left(dot);
    g_credential.salt = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    g_credential.hash = hashSecret(g_credential.salt, token.mid(dot + 1));

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
