#include "extensionroutes.h"

#include "fs/offthread.h"
#include "fs/tar.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QTcpSocket>

#include <memory>

#include <sys/stat.h>

namespace seed::server {

namespace {

// Writes a TarReader's bytes onto the connection as it drains; deletes itself when done or when the client goes.
class TarStream : public QObject
{
public:
    TarStream(QHttpServerResponder &&responder, QTcpSocket *socket)
        : m_responder(std::move(responder)), m_socket(socket)
    {
        if (!m_socket) {
            deleteLater();
            return;
        }
        // Long-lived from now on, also while the listing is being made: not an idle connection to close.
        HttpServer::markStreaming(m_socket);
        connect(m_socket, &QObject::destroyed, this, [this] { deleteLater(); });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] { deleteLater(); });
    }
    void begin(QList<fs::TarEntry> entries, bool rawSingleFile, const QByteArray &contentType,
               const QByteArray &disposition, const QString &requestId)
    {
        if (!m_socket)
            return;
        m_reader = std::make_unique<fs::TarReader>(std::move(entries), rawSingleFile);
        HttpServer::sendHead(m_socket, requestId, 200,
                             {{"Content-Type", contentType},
                              {"Content-Length", QByteArray::number(m_reader->size())},
                              {"Content-Disposition", disposition}});
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] { pump(); });
        pump();
    }

private:
    void pump()
    {
        while (m_socket && m_socket->bytesToWrite() < 4 * fs::TarReader::kChunk) {
            const QByteArray next = m_reader->next();
            if (next.isEmpty()) {
                disconnect(m_socket, nullptr, this, nullptr);
                deleteLater();
                return;
            }
            m_socket->write(next);
        }
    }

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    std::unique_ptr<fs::TarReader> m_reader;
};

QByteArray attachment(const QString &fileName)
{
    return "attachment; filename=\"" + fileName.toUtf8().replace('"', '_') + '"';
}

HttpReply serveArtifacts(RequestContext &ctx, const QString &root, const QString &topName)
{
    const QString file = ctx.request.query().queryItemValue(QStringLiteral("file"), QUrl::FullyDecoded);
    if (!file.isEmpty()) {
        const QString clean = QDir::cleanPath(file);
        if (clean.startsWith(QLatin1String("..")) || clean.startsWith(u'/') || clean.contains(QLatin1String("/../")))
            return HttpReply::error(
                wire::makeError(wire::ErrorKind::InvalidRequest,
                                QStringLiteral("'file' must be a relative path inside the artifacts."),
                                QStringLiteral("file")),
                ctx.requestId);
        const QFileInfo fi(QFileInfo(root).isFile() ? root : root + u'/' + clean);
        const QString canonRoot = QFileInfo(root).canonicalFilePath();
        const QString canon = fi.canonicalFilePath();
        // Never follow a link the job planted out of its artifacts.
        const bool inside = !canon.isEmpty() && (canon == canonRoot || canon.startsWith(canonRoot + u'/'));
        struct stat st = {};
        const bool regular =
            ::lstat(QFile::encodeName(fi.absoluteFilePath()).constData(), &st) == 0 && S_ISREG(st.st_mode);
        if (!inside || !regular)
            return HttpReply::error(wire::makeError(wire::ErrorKind::NotFound,
                                                    QStringLiteral("No artifact file '%1'.").arg(file),
                                                    QStringLiteral("file")),
                                    ctx.requestId);
        fs::TarEntry e;
        e.absolutePath = fi.absoluteFilePath();
        e.size = st.st_size;
        auto *stream = new TarStream(std::move(ctx.responder), ctx.socket);
        stream->begin({e}, true, "application/octet-stream", attachment(fi.fileName()), ctx.requestId);
        return HttpReply::takenOver();
    }
    // The listing walks the whole tree (a job may have saved a million files: seconds): on a worker; the answer
    // begins when it is there. A client that left meanwhile took the stream, and the listing's end, with it.
    auto *stream = new TarStream(std::move(ctx.responder), ctx.socket);
    fs::runOffThread(
        stream, [root, topName] { return fs::tarEntries(root, topName); },
        [stream, disposition = attachment(topName + QStringLiteral(".tar")),
         rid = ctx.requestId](const QList<fs::TarEntry> &entries) {
            stream->begin(entries, false, "application/x-tar", disposition, rid);
        });
    return HttpReply::takenOver();
}

} // namespace

void addMachineRoute(ApiServer &api, NamespaceJson machine)
{
    api.addRoute(ApiServer::Method::Get, QStringLiteral("/{ns}/machine"), auth::Access::Read,
                 [machine = std::move(machine)](RequestContext &, const RouteArgs &a) {
                     return HttpReply::json(machine(a.ns));
                 });
}

void addMachineViewRoute(ApiServer &api, NamespaceJson view)
{
    api.addRoute(
        ApiServer::Method::Get, QStringLiteral("/{ns}/machine/view"), auth::Access::Read,
        [view = std::move(view)](RequestContext &, const RouteArgs &a) { return HttpReply::json(view(a.ns)); });
}

void addSeriesRoute(ApiServer &api, ApiServer::JobJson series)
{
    api.addRoute(ApiServer::Method::Get, QStringLiteral("/{ns}/job/{name}/analytics/series"), auth::Access::Read,
                 [&api, series = std::move(series)](RequestContext &ctx, const RouteArgs &a) {
                     auto job = api.jobs().get(a.ns, a.name);
                     return job ? HttpReply::json(series(job.value())) : HttpReply::error(job.error(), ctx.requestId);
                 });
}

void addImagesRoute(ApiServer &api, std::function<void(ImagesDone)> readImages)
{
    api.addRoute(
        ApiServer::Method::Get, QStringLiteral("/{ns}/images"), auth::Access::Read,
        [readImages = std::move(readImages)](RequestContext &ctx, const RouteArgs &) {
            auto responder = std::make_shared<QHttpServerResponder>(std::move(ctx.responder));
            QPointer<QTcpSocket> socket(ctx.socket);
            readImages([responder, socket, rid = ctx.requestId](const QByteArray &body, const QString &error) {
                if (!socket)
                    return;
                HttpReply r;
                if (!error.isEmpty())
                    r = HttpReply::error(
                        wire::makeError(wire::ErrorKind::Internal,
                                        QStringLiteral("Cannot list the local images: %1").arg(error.left(300))),
                        rid);
                else
                    r.body = body;
                HttpServer::send(socket, r, rid);
            });
            return HttpReply::takenOver();
        });
}

void addArtifactsRoute(ApiServer &api, std::function<QString(const QString &jobId)> filesDirOf)
{
    api.addRoute(ApiServer::Method::Get, QStringLiteral("/{ns}/job/{name}/artifacts"), auth::Access::Read,
                 [&api, filesDirOf = std::move(filesDirOf)](RequestContext &ctx, const RouteArgs &a) {
                     auto job = api.jobs().get(a.ns, a.name);
                     if (!job)
                         return HttpReply::error(job.error(), ctx.requestId);
                     const QString root = filesDirOf(job->id);
                     if (!job->artifacts || !QFileInfo::exists(root))
                         return HttpReply::error(
                             wire::makeError(wire::ErrorKind::NotFound,
                                             QStringLiteral("Job '%1' has no artifacts.").arg(a.name)),
                             ctx.requestId);
                     QString top = QFileInfo(job->artifacts->path).fileName();
                     if (top.isEmpty())
                         top = QStringLiteral("artifacts");
                     return serveArtifacts(ctx, root, top);
                 });
}

} // namespace seed::server
