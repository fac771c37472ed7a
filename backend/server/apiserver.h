#pragma once

#include "auth/auth.h"
#include "http.h"
#include "metrics.h"
#include "jobs/jobservice.h"

#include <QHostAddress>
#include <QSslConfiguration>

namespace seed::server {

struct RouteArgs
{
    QString ns;
    QString name;          // the {name} segment, when the route has one
    QStringList rest;      // any other {arg} segments, in order
    auth::Principal principal;
};

// The Seed Jobs API over HTTP. Routes are matched segment by segment; a known path with an unrouted method
// answers 405, an unknown path 404, both in the error envelope. Auth, scope and rate limit run before every
// handler, in that order.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    using Method = QHttpServerRequest::Method;
    using Handler = std::function<HttpReply(RequestContext &, const RouteArgs &)>;

    ApiServer(jobs::JobService &jobs, auth::Authenticator &auth, QObject *parent = nullptr);

    // Pattern segments: literal text, {ns}, {name}, or {arg}. Extensions register their routes here too.
    void addRoute(Method method, const QString &pattern, auth::Access access, Handler handler);
    // A route answered without credentials, scope or rate limit: only for what describes the API itself.
    void addPublicRoute(Method method, const QString &pattern, Handler handler);
    // Unregisters a route (every method): the path then answers 404 like any unknown path. For extensions
    // switched off in the config file ("extensions", docs/api.md).
    void removeRoute(const QString &pattern);
    // Serves GET .../logs?stream=true (server/ssestreams.h); without one, stream=true answers 409.
    void setLogStreamHandler(Handler handler) { m_logStream = std::move(handler); }
    // GET .../analytics from the runner's measurements when set (the sampler, Slurm's accounting); otherwise
    // JobService's analytics. The server looks the job up and answers its errors.
    using JobJson = std::function<QJsonObject(const wire::Job &)>;
    void setAnalyticsSource(JobJson source) { m_analytics = std::move(source); }

    // Returns the bound port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls = {});
    void setIdleTimeoutMs(int ms) { m_http.setIdleTimeoutMs(ms); }
    void setConnectionLimits(const ConnectionLimits &limits) { m_http.setConnectionLimits(limits); }
    void setAccessLog(bool on) { m_accessLog = on; }
    jobs::JobService &jobs() { return m_jobs; }
    // GET /metrics (Prometheus): a credential for every namespace ("*"), or none at all when `publicRoute`
    // (config metrics.public_on_loopback, only honoured on a loopback address).
    Metrics &metrics() { return m_metrics; }
    void addMetricsRoute(bool publicRoute);
    auth::Authenticator &authenticator() { return m_auth; }

    static QString baseUrl(const QHostAddress &address, quint16 port, bool tls);

private:
    struct Route
    {
        Method method;
        QStringList segments;
        auth::Access access;
        Handler handler;
        bool isPublic = false;
    };
    HttpReply dispatch(RequestContext &ctx);
    void addContractRoutes();

    // Serialized list pages per namespace, dropped whenever a job of that namespace changes; pages that
    // show a running job (whose runtime ticks) live at most one second. GUIs and scripts poll the same pages.
    struct CachedPage
    {
        QByteArray body;
        qint64 expiresMs = 0;
    };
    QHash<QString, QHash<QString, CachedPage>> m_listCache;

    jobs::JobService &m_jobs;
    auth::Authenticator &m_auth;
    Metrics m_metrics;
    HttpServer m_http;
    QList<Route> m_routes;
    Handler m_logStream;
    JobJson m_analytics;
    bool m_accessLog = false;
};

} // namespace seed::server
