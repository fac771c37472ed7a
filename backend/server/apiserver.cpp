#include "apiserver.h"

#include <QLoggingCategory>
#include <QElapsedTimer>

#include <QFile>

#include "wire/jobspec.h"
#include "wire/queries.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpSocket>
#include <QTcpServer>

namespace {
Q_LOGGING_CATEGORY(lcServer, "seedd.server")
}

namespace seed::server {

using wire::ErrorKind;
using wire::makeError;

namespace {

QStringList splitPath(const QUrl &url)
{
    QStringList out;
    const QString path = url.path(QUrl::FullyEncoded);
    const auto parts = QStringView(path).split(u'/', Qt::SkipEmptyParts);
    for (const auto &p : parts)
        out << QUrl::fromPercentEncoding(p.toUtf8());
    return out;
}

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    default: return "OTHER";
    }
}
} // namespace

ApiServer::ApiServer(jobs::JobService &jobs, auth::Authenticator &auth, QObject *parent)
    : QObject(parent), m_jobs(jobs), m_auth(auth), m_http(
          [this](RequestContext &ctx) {
              QElapsedTimer t;
              t.start();
              HttpReply r = dispatch(ctx);
              m_metrics.observeRequest(double(t.nsecsElapsed()) / 1e9);
              return r;
          },
          this)
{
    addContractRoutes();
    // The API's own description (docs/openapi.yaml, converted to JSON at build time), for tools and clients.
    addPublicRoute(Method::Get, QStringLiteral("/openapi.json"), [](RequestContext &, const RouteArgs &) {
        static const QByteArray document = [] {
            QFile f(QStringLiteral(":/seed/openapi.json"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        HttpReply r;
        r.body = document;
        return r;
    });
    const auto invalidate = [this](const wire::Job &job) { m_listCache.remove(job.ns); };
    connect(&m_jobs, &jobs::JobService::jobChanged, this, invalidate);
    connect(&m_jobs, &jobs::JobService::jobRemoved, this, invalidate);
}

void ApiServer::addRoute(Method method, const QString &pattern, auth::Access access, Handler handler)
{
    m_routes.append(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), access, std::move(handler)});
}

void ApiServer::addMetricsRoute(bool publicRoute)
{
    const Handler h = [this](RequestContext &, const RouteArgs &) {
        HttpReply r;
        r.body = m_metrics.render();
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return r;
    };
    if (publicRoute)
        addPublicRoute(Method::Get, QStringLiteral("/metrics"), h);
    else
        addRoute(Method::Get, QStringLiteral("/metrics"), auth::Access::Read, h); // no {ns}: needs "*"
}

void ApiServer::addPublicRoute(Method method, const QString &pattern, Handler handler)
{
    m_routes.append(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), auth::Access::Read, std::move(handler), true});
}

void ApiServer::removeRoute(const QString &pattern)
{
    const QStringList segments = pattern.split(u'/', Qt::SkipEmptyParts);
    m_routes.removeIf([&](const Route &r) { return r.segments == segments; });
}

QString ApiServer::baseUrl(const QHostAddress &address, quint16 port, bool tls)
{
    QString host = address.toString();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        host = QStringLiteral("127.0.0.1");
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    return QStringLiteral("%1://%2:%3").arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host).arg(port);
}

quint16 ApiServer::listen(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls)
{
    QString error;
    QTcpServer *server = m_http.createListener(address, port, tls, &error);
    if (!server) {
        qCWarning(lcServer, "cannot listen on %s:%u: %s", qPrintable(address.toString()), port, qPrintable(error));
        return 0;
    }
    m_http.bind(server);
    return server->serverPort();
}

HttpReply ApiServer::dispatch(RequestContext &ctx)
{
    const QStringList segments = splitPath(ctx.request.url());
    const Route *match = nullptr;
    QByteArrayList allowed;
    RouteArgs args;
    for (const Route &r : std::as_const(m_routes)) {
        if (r.segments.size() != segments.size())
            continue;
        RouteArgs candidate;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i) {
            const QString &pat = r.segments[i];
            if (pat == QLatin1String("{ns}"))
                candidate.ns = segments[i];
            else if (pat == QLatin1String("{name}"))
                candidate.name = segments[i];
            else if (pat == QLatin1String("{arg}"))
                candidate.rest << segments[i];
            else
                ok = pat == segments[i];
        }
        if (!ok)
            continue;
        if (r.method != ctx.request.method()) {
            allowed << methodName(r.method);
            continue;
        }
        match = &r;
        args = candidate;
        break;
    }
    if (m_accessLog)
        qCInfo(lcServer, "%s %s %s", qPrintable(ctx.requestId), methodName(ctx.request.method()).constData(),
              qPrintable(ctx.request.url().path()));
    if (!match) {
        if (!allowed.isEmpty()) {
            HttpReply r = HttpReply::error(
                makeError(ErrorKind::MethodNotAllowed, QStringLiteral("Method not allowed on this path.")), ctx.requestId);
            r.headers.append({"Allow", allowed.join(", ")});
            return r;
        }
        return HttpReply::error(makeError(ErrorKind::NotFound, QStringLiteral("No such endpoint.")), ctx.requestId);
    }
    if (match->isPublic)
        return match->handler(ctx, args);

    // A namespace in the path is a name, never "*" (a credential's wildcard) nor anything that could end up in
    // a header (Location) or a file name: checked before anything else looks at it.
    if (match->segments.contains(QStringLiteral("{ns}"))
        && (args.ns == QLatin1String("*") || !auth::Authenticator::isValidNamespace(args.ns))) {
        return HttpReply::error(makeError(ErrorKind::InvalidRequest,
                                          QStringLiteral("Invalid namespace: use 1 to 64 letters, digits, '-' or '_'."),
                                          QStringLiteral("namespace")),
                                ctx.requestId);
    }
    auto principal = m_auth.authenticate(ctx.request.value("Authorization"));
    if (!principal) {
        HttpReply r = HttpReply::error(principal.error(), ctx.requestId);
        r.headers.append({QByteArray("WWW-Authenticate"), QByteArray("Bearer")});
        return r;
    }
    if (auto e = m_auth.authorize(principal.value(), args.ns, match->access))
        return HttpReply::error(*e, ctx.requestId);
    if (auto e = m_auth.admit(principal.value(), QDateTime::currentMSecsSinceEpoch()))
        return HttpReply::error(*e, ctx.requestId);
    args.principal = principal.value();
    return match->handler(ctx, args);
}

void ApiServer::addContractRoutes()
{
    using auth::Access;
    const auto fail = [](const wire::ApiError &e, const RequestContext &ctx) { return HttpReply::error(e, ctx.requestId); };

    addRoute(Method::Get, QStringLiteral("/{ns}/jobs"), Access::Read, [this, fail](RequestContext &ctx, const RouteArgs &a) {
        auto q = wire::parseListQuery(ctx.request.query());
        if (!q)
            return fail(q.error(), ctx);
        const wire::ListQuery &lq = q.value();
        const QString key = QStringLiteral("%1|%2|%3|%4|%5").arg(lq.status).arg(lq.page).arg(lq.perPage).arg(lq.sort, lq.order);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto &pages = m_listCache[a.ns];
        if (auto it = pages.constFind(key); it != pages.constEnd() && it->expiresMs > now) {
            HttpReply r;
            r.body = it->body;
            return r;
        }
        auto page = m_jobs.list(a.ns, lq);
        if (!page)
            return fail(page.error(), ctx);
        HttpReply r;
        r.body = page->toJsonBytes();
        const bool ticking = std::any_of(page->jobs.cbegin(), page->jobs.cend(),
                                         [](const wire::Job &j) { return j.status == wire::JobStatus::Running; });
        if (pages.size() >= 512)
            pages.clear();
        pages.insert(key, CachedPage{r.body, ticking ? now + 1000 : std::numeric_limits<qint64>::max()});
        return r;
    });

    addRoute(Method::Get, QStringLiteral("/{ns}/job/{name}"), Access::Read, [this, fail](RequestContext &ctx, const RouteArgs &a) {
        auto job = m_jobs.get(a.ns, a.name);
        return job ? HttpReply::json(job->toDetailJson()) : fail(job.error(), ctx);
    });

    addRoute(Method::Get, QStringLiteral("/{ns}/job/{name}/logs"), Access::Read,
             [this, fail](RequestContext &ctx, const RouteArgs &a) {
                 auto q = wire::parseLogQuery(ctx.request.query());
                 if (!q)
                     return fail(q.error(), ctx);
                 if (q->stream && m_logStream)
                     return m_logStream(ctx, a);
                 if (q->stream) {
                     auto job = m_jobs.get(a.ns, a.name);
                     if (!job)
                         return fail(job.error(), ctx);
                     return fail(makeError(ErrorKind::Conflict,
                                           QStringLiteral("Job '%1' is %2: streaming is only available for running "
                                                          "jobs. Read its logs without stream=true.")
                                               .arg(a.name, wire::jobStatusName(job->status)),
                                           QStringLiteral("stream")),
                                 ctx);
                 }
                 auto page = m_jobs.logs(a.ns, a.name, q.value());
                 return page ? HttpReply::json(page->toJson()) : fail(page.error(), ctx);
             });

    addRoute(Method::Get, QStringLiteral("/{ns}/job/{name}/analytics"), Access::Read,
             [this, fail](RequestContext &ctx, const RouteArgs &a) {
                 if (m_analytics) {
                     auto job = m_jobs.get(a.ns, a.name);
                     return job ? HttpReply::json(m_analytics(job.value())) : fail(job.error(), ctx);
                 }
                 auto an = m_jobs.analytics(a.ns, a.name);
                 return an ? HttpReply::json(an->toJson()) : fail(an.error(), ctx);
             });

    addRoute(Method::Post, QStringLiteral("/auth/v1/seed/{ns}/jobs"), Access::Write,
             [this, fail](RequestContext &ctx, const RouteArgs &a) {
                 const QByteArray body = ctx.request.body();
                 if (body.size() > kMaxRequestBodyBytes)
                     return fail(makeError(ErrorKind::InvalidRequest, QStringLiteral("Request body is larger than 1 MiB.")), ctx);
                 QJsonParseError perr;
                 const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
                 if (perr.error != QJsonParseError::NoError && !body.trimmed().isEmpty())
                     return fail(makeError(ErrorKind::InvalidRequest,
                                           QStringLiteral("Request body is not valid JSON: %1 at offset %2.")
                                               .arg(perr.errorString())
                                               .arg(perr.offset)),
                                 ctx);
                 if (!doc.isObject())
                     return fail(makeError(ErrorKind::InvalidRequest, QStringLiteral("Request body must be a JSON object.")), ctx);
                 auto spec = wire::parseJobSpec(doc.object());
                 if (!spec)
                     return fail(spec.error(), ctx);
                 const auto reply = [ns = a.ns, rid = ctx.requestId](const wire::Expected<wire::Job> &job) {
                     if (!job)
                         return HttpReply::error(job.error(), rid);
                     HttpReply r = HttpReply::json(job->toCreatedJson(), 201);
                     r.headers.append({"Location", QStringLiteral("/%1/job/%2").arg(ns, job->name).toUtf8()});
                     return r;
                 };
                 if (spec->repo.isEmpty())
                     return reply(m_jobs.create(a.ns, spec.value()));
                 // A repo job: its branch head is resolved (git ls-remote) before the 201 names commit_sha. This
                 // route takes the responder over and answers when that is done; the event loop keeps serving.
                 auto responder = std::make_shared<QHttpServerResponder>(std::move(ctx.responder));
                 QPointer<QTcpSocket> socket(ctx.socket);
                 m_jobs.createAsync(a.ns, spec.value(), this,
                                    [responder, socket, reply, rid = ctx.requestId](wire::Expected<wire::Job> job) {
                                        if (socket) // the client may have left meanwhile (the job is stored anyway)
                                            HttpServer::send(socket, reply(job), rid);
                                    });
                 return HttpReply::takenOver();
             });

    addRoute(Method::Post, QStringLiteral("/auth/v1/seed/{ns}/jobs/{name}/cancel"), Access::Write,
             [this, fail](RequestContext &ctx, const RouteArgs &a) {
                 // force=true (additive): SIGKILL at once instead of the grace period.
                 auto force = wire::parseBoolParam(ctx.request.query(), QStringLiteral("force"), false);
                 if (!force)
                     return fail(force.error(), ctx);
                 auto job = m_jobs.cancel(a.ns, a.name, force.value());
                 if (!job)
                     return fail(job.error(), ctx);
                 return HttpReply::json(
                     job->toCancelJson(QStringLiteral("Job cancellation initiated. Running processes will be terminated.")));
             });

    addRoute(Method::Delete, QStringLiteral("/auth/v1/seed/{ns}/jobs/{name}"), Access::Write,
             [this, fail](RequestContext &ctx, const RouteArgs &a) {
                 auto del = wire::parseBoolParam(ctx.request.query(), QStringLiteral("delete_artifacts"), false);
                 if (!del)
                     return fail(del.error(), ctx);
                 if (auto e = m_jobs.remove(a.ns, a.name, del.value()))
                     return fail(*e, ctx);
                 return HttpReply::noContent();
             });
}

} // namespace seed::server
