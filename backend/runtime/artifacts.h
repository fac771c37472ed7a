#pragma once

#include "server/http.h"

#include <functional>

namespace seed::jobs {
class JobService;
}
namespace seed::server {
class ApiServer;
}

namespace seed::runtime {

// GET {download_url}: the job's saved output_path as one uncompressed tar stream (application/x-tar,
// exact Content-Length, entries relative to output_path's last component). With ?file=REL the single
// file REL under it is sent as application/octet-stream. Streamed in 256 KiB chunks as the socket
// drains; never loads an artifact into memory. `root` is DATA/artifacts/<job id>/files.
server::HttpReply serveArtifacts(server::RequestContext &ctx, const QString &root, const QString &topName);

// Adds GET /{ns}/job/{name}/artifacts (read access) for any runner: the job's saved output_path under
// dirOf(<job id>)/files, 404 in the error envelope when there is none.
void addArtifactsRoute(server::ApiServer &api, jobs::JobService &jobs, std::function<QString(const QString &)> dirOf);

// The tar layout (ustar headers, GNU long names), exposed for tests.
struct TarEntry
{
    QString absolutePath;
    QByteArray name; // inside the archive, '/'-separated, directories end with '/'
    qint64 size = 0;
    bool dir = false;
    int mode = 0644;
    qint64 mtime = 0;
};
QList<TarEntry> tarEntries(const QString &root, const QString &topName);
QByteArray tarHeader(const TarEntry &e);      // one or two headers (GNU 'L' record first for long names)
qint64 tarSize(const QList<TarEntry> &entries); // exact byte count of the archive

} // namespace seed::runtime
