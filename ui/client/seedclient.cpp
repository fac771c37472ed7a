#include "seedclient.h"

#include "wire/jsonnum.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QRegularExpression>
#include <QTimer>

namespace seed::client {

using wire::ApiError;
using wire::ErrorKind;

namespace {

int parseRetryAfter(const QByteArray &v)
{
    if (v.isEmpty())
        return 0;
    bool ok = false;
    const int s = v.trimmed().toInt(&ok);
    if (ok)
        return qMax(0, s);
    // An HTTP-date.
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(v.trimmed()), Qt::RFC2822Date);
    if (t.isValid())
        return int(qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(t)));
    return 0;
}

bool isTransportFailure(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout ends a reply this way
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::UnknownProxyError:
        return true;
    default:
        return false;
    }
}

const char *const kAbortedByUs = "seed_aborted";

} // namespace

QString describe(const ApiError &e)
{
    if (e.requestId.isEmpty())
        return e.message;
    return QCoreApplication::translate("seed::client", "%1 (request %2)").arg(e.message, e.requestId);
}

SeedClient::SeedClient(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<seed::client::ConnectionState>();
    m_nam.setAutoDeleteReplies(false);
}

SeedClient::~SeedClient()
{
    ++m_generation;
    const auto replies = m_replies;
    for (QNetworkReply *r : replies) {
        r->setProperty(kAbortedByUs, true);
        r->abort();
    }
}

void SeedClient::setEndpoint(const Endpoint &endpoint)
{
    ++m_generation;
    const auto replies = m_replies;
    for (QNetworkReply *r : replies) {
        r->setProperty(kAbortedByUs, true);
        r->abort();
    }
    m_endpoint = endpoint;
    m_hold = false;
    m_missingExtensions.clear();
    m_lastTransportError.clear();
    // Keep-alive connections to the old endpoint must not carry the new credentials' requests.
    m_nam.clearConnectionCache();
    m_state = ConnectionState::Unknown;
    Q_EMIT stateChanged(m_state);
    Q_EMIT endpointChanged();
}

CredentialLabel credentialLabel(const QByteArray &authorization)
{
    static const QRegularExpression seedToken(QStringLiteral("^sdt_([0-9a-f]{12})_"));
    const QByteArray a = authorization.trimmed();
    if (a.startsWith("Bearer ")) {
        const auto m = seedToken.match(QString::fromLatin1(a.mid(7).trimmed()));
        return m.hasMatch() ? CredentialLabel{CredentialLabel::Token, QStringLiteral("sdt_") + m.captured(1)}
                            : CredentialLabel{CredentialLabel::OtherBearer, {}};
    }
    if (a.startsWith("API-Key ")) {
        const QByteArray key = a.mid(8).trimmed();
        const qsizetype dollar = key.indexOf('$');
        if (dollar > 0)
            return CredentialLabel{CredentialLabel::ApiKey, QString::fromUtf8(key.left(dollar))};
    }
    return {};
}

QString SeedClient::nsPath() const { return QStringLiteral("/") + m_endpoint.ns; }

QUrl SeedClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_endpoint.baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    if (query.isEmpty())
        url.setQuery(QString());
    else
        url.setQuery(query);
    return url;
}

QNetworkRequest SeedClient::makeRequest(const QUrl &url) const
{
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    if (!m_endpoint.authorization.isEmpty())
        req.setRawHeader("Authorization", m_endpoint.authorization);
    req.setRawHeader("User-Agent", "seed-desktop/" SEED_VERSION);
    req.setTransferTimeout(m_policy.transferTimeoutMs);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (url.scheme() == QLatin1String("https") && !m_endpoint.caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_endpoint.caCertificates);
        req.setSslConfiguration(ssl);
    }
    return req;
}

void SeedClient::setState(ConnectionState s)
{
    if (s == m_state)
        return;
    const ConnectionState before = m_state;
    m_state = s;
    Q_EMIT stateChanged(s);
    if (before == ConnectionState::Disconnected && s == ConnectionState::Connected)
        Q_EMIT reconnected();
}

void SeedClient::send(Pending p)
{
    p.generation = m_generation;
    dispatch(std::make_shared<Pending>(std::move(p)));
}

void SeedClient::dispatch(std::shared_ptr<Pending> p)
{
    if (p->generation != m_generation)
        return;
    if (p->context.isNull())
        return;
    if (m_hold && !m_holdUntil.hasExpired()) {
        // A short Retry-After is waited for; a long one (beyond what a call retries for) is reported at once,
        // not turned into a call that silently hangs for an hour.
        const qint64 left = m_holdUntil.remainingTime();
        if (left > qint64(m_policy.maxRetryAfterSeconds) * 1000) {
            Raw raw;
            raw.status = 429;
            raw.error = wire::makeError(ErrorKind::RateLimited,
                                        tr("Rate limit exceeded: the server asked to wait %1 more seconds.")
                                            .arg((left + 999) / 1000));
            raw.error->retryAfterSeconds = int((left + 999) / 1000);
            p->done(raw);
            return;
        }
        retryLater(p, int(left));
        return;
    }
    m_hold = false;
    if (!m_endpoint.isValid()) {
        Raw raw;
        raw.error = wire::makeError(ErrorKind::Unavailable, tr("Not connected to a Seed endpoint."));
        p->done(raw);
        return;
    }
    ++p->attempt;
    QNetworkRequest req = makeRequest(urlFor(p->path, p->query));
    if (!p->body.isEmpty() || p->verb == "POST")
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nullptr;
    if (p->verb == "GET")
        reply = m_nam.get(req);
    else if (p->verb == "POST")
        reply = m_nam.post(req, p->body);
    else if (p->verb == "DELETE")
        reply = m_nam.deleteResource(req);
    else
        reply = m_nam.sendCustomRequest(req, p->verb, p->body);
    m_replies.insert(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, p] { finished(reply, p); });
}

void SeedClient::retryLater(std::shared_ptr<Pending> p, int delayMs)
{
    QTimer::singleShot(qMax(0, delayMs), this, [this, p] { dispatch(p); });
}

void SeedClient::finished(QNetworkReply *reply, std::shared_ptr<Pending> p)
{
    m_replies.remove(reply);
    reply->deleteLater();
    if (reply->property(kAbortedByUs).toBool() || p->generation != m_generation)
        return;

    Raw raw;
    raw.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    raw.body = reply->readAll();
    raw.requestId = QString::fromLatin1(reply->rawHeader("X-Request-Id"));

    if (raw.status == 0) {
        // No HTTP answer at all: the server is unreachable (or TLS failed).
        const QNetworkReply::NetworkError ne = reply->error();
        m_lastTransportError = reply->errorString();
        setState(ConnectionState::Disconnected);
        if (isTransportFailure(ne) && p->idempotent && p->attempt < m_policy.maxAttempts) {
            const int backoff = qMin(m_policy.maxBackoffMs, m_policy.initialBackoffMs << (p->attempt - 1));
            retryLater(p, backoff);
            return;
        }
        QString message;
        if (ne == QNetworkReply::SslHandshakeFailedError)
            message = tr("The secure connection to %1 failed: %2").arg(m_endpoint.baseUrl.host(), reply->errorString());
        else
            message = tr("Cannot reach %1: %2").arg(m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo),
                                                    reply->errorString());
        raw.error = wire::makeError(ErrorKind::Unavailable, message);
        if (!p->context.isNull())
            p->done(raw);
        return;
    }

    setState(ConnectionState::Connected);
    if (raw.status >= 400) {
        const QJsonDocument doc = QJsonDocument::fromJson(raw.body);
        ApiError e;
        if (doc.isObject() && doc.object().value(QStringLiteral("error")).isObject()) {
            e = ApiError::fromJson(doc.object(), raw.status);
        } else {
            e.kind = ApiError::kindForStatus(raw.status);
            e.message = tr("The server answered HTTP %1 %2.")
                            .arg(raw.status)
                            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        }
        if (e.requestId.isEmpty())
            e.requestId = raw.requestId;
        raw.requestId = e.requestId;
        e.retryAfterSeconds = qMax(e.retryAfterSeconds, parseRetryAfter(reply->rawHeader("Retry-After")));
        if (raw.status == 429) {
            const int wait = qMax(1, e.retryAfterSeconds);
            m_hold = true;
            m_holdUntil = QDeadlineTimer(qint64(wait) * 1000);
            if (p->idempotent && p->attempt < m_policy.maxAttempts && wait <= m_policy.maxRetryAfterSeconds) {
                retryLater(p, wait * 1000);
                return;
            }
        }
        if ((raw.status == 502 || raw.status == 503 || raw.status == 504) && p->idempotent &&
            p->attempt < m_policy.maxAttempts) {
            retryLater(p, qMin(m_policy.maxBackoffMs, m_policy.initialBackoffMs << (p->attempt - 1)));
            return;
        }
        raw.error = e;
    }
    if (!p->context.isNull())
        p->done(raw);
}

template <typename T>
void SeedClient::call(QByteArray verb, const QString &path, const QUrlQuery &query, QByteArray body, bool idempotent,
                      QObject *context, Callback<T> cb, std::function<T(const QJsonObject &)> parse)
{
    Pending p;
    p.verb = std::move(verb);
    p.path = path;
    p.query = query;
    p.body = std::move(body);
    p.idempotent = idempotent;
    p.context = context;
    p.done = [cb = std::move(cb), parse = std::move(parse)](const Raw &raw) {
        if (raw.error) {
            cb(Result<T>{*raw.error, raw.requestId, raw.status});
            return;
        }
        QJsonObject o;
        if (!raw.body.isEmpty()) {
            QJsonParseError perr;
            const QJsonDocument doc = QJsonDocument::fromJson(raw.body, &perr);
            if (perr.error != QJsonParseError::NoError || !doc.isObject()) {
                cb(Result<T>{wire::makeError(ErrorKind::Internal,
                                             QCoreApplication::translate("seed::client",
                                                                         "The server's answer is not JSON: %1")
                                                 .arg(perr.errorString())),
                             raw.requestId, raw.status});
                return;
            }
            o = doc.object();
        }
        cb(Result<T>{parse(o), raw.requestId, raw.status});
    };
    send(std::move(p));
}

void SeedClient::listJobs(const wire::ListQuery &q, QObject *context, Callback<wire::JobPage> cb)
{
    call<wire::JobPage>("GET", nsPath() + QStringLiteral("/jobs"), q.toUrlQuery(), {}, true, context, std::move(cb),
                        [](const QJsonObject &o) { return wire::JobPage::fromJson(o); });
}

void SeedClient::getObject(const QString &path, const QUrlQuery &query, QObject *context, Callback<QJsonObject> cb)
{
    call<QJsonObject>("GET", path, query, {}, true, context, std::move(cb), [](const QJsonObject &o) { return o; });
}

void SeedClient::getJob(const QString &name, QObject *context, Callback<wire::Job> cb)
{
    call<wire::Job>("GET", nsPath() + QStringLiteral("/job/") + name, {}, {}, true, context, std::move(cb),
                    [](const QJsonObject &o) { return wire::Job::fromJson(o); });
}

void SeedClient::createJob(const wire::JobSpec &spec, QObject *context, Callback<wire::Job> cb)
{
    call<wire::Job>("POST", QStringLiteral("/auth/v1/seed") + nsPath() + QStringLiteral("/jobs"), {},
                    QJsonDocument(spec.toJson()).toJson(QJsonDocument::Compact), false, context, std::move(cb),
                    [](const QJsonObject &o) { return wire::Job::fromJson(o); });
}

void SeedClient::createJob(const QJsonObject &body, QObject *context, Callback<wire::Job> cb)
{
    call<wire::Job>("POST", QStringLiteral("/auth/v1/seed") + nsPath() + QStringLiteral("/jobs"), {},
                    QJsonDocument(body).toJson(QJsonDocument::Compact), false, context, std::move(cb),
                    [](const QJsonObject &o) { return wire::Job::fromJson(o); });
}

void SeedClient::cancelJob(const QString &name, QObject *context, Callback<CancelResult> cb)
{
    call<CancelResult>("POST", QStringLiteral("/auth/v1/seed") + nsPath() + QStringLiteral("/jobs/") + name +
                                   QStringLiteral("/cancel"),
                       {}, {}, false, context, std::move(cb), [](const QJsonObject &o) {
                           return CancelResult{wire::Job::fromJson(o), o.value(QStringLiteral("message")).toString()};
                       });
}

void SeedClient::forceCancelJob(const QString &name, QObject *context, Callback<CancelResult> cb)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("force"), QStringLiteral("true"));
    call<CancelResult>("POST",
                       QStringLiteral("/auth/v1/seed") + nsPath() + QStringLiteral("/jobs/") + name +
                           QStringLiteral("/cancel"),
                       q, {}, false, context, std::move(cb), [](const QJsonObject &o) {
                           return CancelResult{wire::Job::fromJson(o), o.value(QStringLiteral("message")).toString()};
                       });
}

void SeedClient::deleteJob(const QString &name, bool deleteArtifacts, QObject *context, Callback<Empty> cb)
{
    QUrlQuery q;
    if (deleteArtifacts)
        q.addQueryItem(QStringLiteral("delete_artifacts"), QStringLiteral("true"));
    call<Empty>("DELETE", QStringLiteral("/auth/v1/seed") + nsPath() + QStringLiteral("/jobs/") + name, q, {}, false,
                context, std::move(cb), [](const QJsonObject &) { return Empty{}; });
}

void SeedClient::getLogs(const QString &name, const wire::LogQuery &q, QObject *context, Callback<wire::LogPage> cb)
{
    call<wire::LogPage>("GET", nsPath() + QStringLiteral("/job/") + name + QStringLiteral("/logs"), q.toUrlQuery(), {},
                        true, context, std::move(cb), [](const QJsonObject &o) { return wire::LogPage::fromJson(o); });
}

void SeedClient::getLogLines(const QString &name, const wire::LogQuery &q, QObject *context, Callback<NodeLogPage> cb)
{
    call<NodeLogPage>("GET", nsPath() + QStringLiteral("/job/") + name + QStringLiteral("/logs"), q.toUrlQuery(), {},
                      true, context, std::move(cb), [](const QJsonObject &o) {
                          NodeLogPage out{wire::LogPage::fromJson(o), {}};
                          const QJsonArray lines = o.value(QStringLiteral("lines")).toArray();
                          out.nodes.reserve(lines.size());
                          for (const QJsonValue &v : lines)
                              out.nodes.append(v.toObject().value(QStringLiteral("node")).toString());
                          return out;
                      });
}

void SeedClient::getAnalytics(const QString &name, QObject *context, Callback<wire::Analytics> cb)
{
    call<wire::Analytics>("GET", nsPath() + QStringLiteral("/job/") + name + QStringLiteral("/analytics"), {}, {}, true,
                          context, std::move(cb), [](const QJsonObject &o) { return wire::Analytics::fromJson(o); });
}

namespace {

std::optional<double> optDouble(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    return std::nullopt;
}

QDateTime parseTime(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

} // namespace

void SeedClient::getAnalyticsSample(const QString &name, QObject *context, Callback<AnalyticsSample> cb)
{
    call<AnalyticsSample>(
        "GET", nsPath() + QStringLiteral("/job/") + name + QStringLiteral("/analytics"), {}, {}, true, context,
        std::move(cb), [](const QJsonObject &o) {
            AnalyticsSample s;
            s.sampledAt = parseTime(o.value(QStringLiteral("sampled_at")));
            if (!s.sampledAt.isValid())
                s.sampledAt = QDateTime::currentDateTimeUtc();
            s.gpuPercent = optDouble(o.value(QStringLiteral("gpu_utilization_percent")));
            if (!o.value(QStringLiteral("gpu_measured")).toBool(true))
                s.gpuPercent.reset(); // a number the server did not measure (0, or simulated) is not a reading
            s.cpuPercent = o.value(QStringLiteral("cpu_utilization_percent")).toDouble();
            const auto memBytes = optDouble(o.value(QStringLiteral("memory_used_bytes")));
            s.memoryGb = memBytes ? *memBytes / kGiB : o.value(QStringLiteral("memory_used_gb")).toDouble();
            const auto diskBytes = optDouble(o.value(QStringLiteral("disk_used_bytes")));
            s.diskGb = diskBytes ? *diskBytes / kGiB : o.value(QStringLiteral("disk_used_gb")).toDouble();
            s.gpuSimulated = o.value(QStringLiteral("gpu_simulated")).toBool();
            s.gpuPowerWatts = optDouble(o.value(QStringLiteral("gpu_power_watts")));
            s.energyKwh = optDouble(o.value(QStringLiteral("energy_kwh")));
            // "0 until measured": a 0 with no power reading behind it is no measurement, and is not shown as one.
            if (s.energyKwh && *s.energyKwh <= 0 && !s.gpuPowerWatts)
                s.energyKwh.reset();
            s.energyCost = optDouble(o.value(QStringLiteral("energy_cost")));
            s.energyCurrency = o.value(QStringLiteral("energy_currency")).toString();
            if (!s.energyKwh || s.energyCurrency.isEmpty())
                s.energyCost.reset();
            return s;
        });
}

void SeedClient::getAnalyticsSeries(const QString &name, QObject *context, Callback<AnalyticsSeries> cb)
{
    call<AnalyticsSeries>(
        "GET", nsPath() + QStringLiteral("/job/") + name + QStringLiteral("/analytics/series"), {}, {}, true, context,
        std::move(cb), [](const QJsonObject &o) {
            AnalyticsSeries s;
            s.intervalMs = o.value(QStringLiteral("interval_ms")).toInt();
            s.maxPoints = o.value(QStringLiteral("max_points")).toInt();
            const QJsonArray points = o.value(QStringLiteral("points")).toArray();
            s.points.reserve(points.size());
            for (const QJsonValue &v : points) {
                const QJsonObject p = v.toObject();
                SeriesPoint x;
                x.timestamp = parseTime(p.value(QStringLiteral("timestamp")));
                if (!x.timestamp.isValid())
                    continue;
                x.spanMs = wire::int64Of(p.value(QStringLiteral("span_ms")));
                x.cpuPercent = optDouble(p.value(QStringLiteral("cpu_percent")));
                x.memoryBytes = optDouble(p.value(QStringLiteral("memory_used_bytes")));
                x.diskBytes = optDouble(p.value(QStringLiteral("disk_used_bytes")));
                x.gpuPercent = optDouble(p.value(QStringLiteral("gpu_utilization_percent")));
                x.gpuMemoryBytes = optDouble(p.value(QStringLiteral("gpu_memory_used_bytes")));
                x.gpuPowerWatts = optDouble(p.value(QStringLiteral("gpu_power_watts")));
                x.gpuSimulated = p.value(QStringLiteral("gpu_simulated")).toBool();
                s.points.append(x);
            }
            return s;
        });
}

static MachineView machineFromJson(const QJsonObject &o)
{
    MachineView m;
    m.gpuSource = o.value(QStringLiteral("gpu_source")).toString();
    m.simulated = o.value(QStringLiteral("simulated")).toBool();
    m.running = o.value(QStringLiteral("running")).toInt();
    m.queued = o.value(QStringLiteral("queued")).toInt();
    const QJsonObject cap = o.value(QStringLiteral("capacity")).toObject();
    const QJsonObject free = o.value(QStringLiteral("free")).toObject();
    m.capacityCpus = cap.value(QStringLiteral("cpu")).toInt();
    m.capacityMemoryGb = cap.value(QStringLiteral("memory_gb")).toDouble();
    m.freeCpus = free.value(QStringLiteral("cpu")).toInt();
    m.freeMemoryGb = free.value(QStringLiteral("memory_gb")).toDouble();
    const QJsonObject host = o.value(QStringLiteral("host")).toObject();
    m.hostCpus = host.value(QStringLiteral("cpu")).toInt();
    m.hostMemoryGb = host.value(QStringLiteral("memory_gb")).toDouble();
    for (const QJsonValue &v : o.value(QStringLiteral("gpus")).toArray()) {
        const QJsonObject g = v.toObject();
        MachineGpu gpu;
        gpu.index = g.value(QStringLiteral("index")).toInt();
        gpu.uuid = g.value(QStringLiteral("uuid")).toString();
        gpu.model = g.value(QStringLiteral("model")).toString();
        gpu.type = g.value(QStringLiteral("type")).toString();
        gpu.memoryMib = wire::int64Of(g.value(QStringLiteral("memory_mib")));
        gpu.simulated = g.value(QStringLiteral("simulated")).toBool();
        gpu.utilizationPercent = optDouble(g.value(QStringLiteral("utilization_percent")));
        gpu.telemetrySimulated = g.value(QStringLiteral("telemetry")).toString() == QLatin1String("simulated");
        if (const auto mem = optDouble(g.value(QStringLiteral("memory_used_mib"))))
            gpu.memoryUsedMib = qint64(*mem);
        const QJsonValue job = g.value(QStringLiteral("job"));
        gpu.held = job.isObject() || g.value(QStringLiteral("job_id")).isString() ||
                   g.value(QStringLiteral("in_use")).toBool();
        gpu.jobName = job.toObject().value(QStringLiteral("name")).toString();
        gpu.jobNamespace = job.toObject().value(QStringLiteral("namespace")).toString();
        if (g.value(QStringLiteral("spot")).isBool())
            gpu.spot = g.value(QStringLiteral("spot")).toBool();
        m.gpus.append(gpu);
    }
    m.runner = o.value(QStringLiteral("runner")).toString();
    if (const QJsonObject e = o.value(QStringLiteral("namespace_energy")).toObject(); !e.isEmpty()) {
        if (const auto kwh = optDouble(e.value(QStringLiteral("energy_kwh"))); kwh && *kwh >= 0) {
            MachineView::NamespaceEnergy ne;
            ne.kwh = *kwh;
            ne.jobs = std::max(0, e.value(QStringLiteral("jobs")).toInt());
            ne.simulated = e.value(QStringLiteral("simulated")).toBool();
            ne.currency = e.value(QStringLiteral("currency")).toString().left(8);
            if (const auto c = optDouble(e.value(QStringLiteral("energy_cost"))); c && *c >= 0 && !ne.currency.isEmpty())
                ne.cost = *c;
            m.namespaceEnergy = ne;
        }
    }
    if (o.value(QStringLiteral("max_nodes")).isDouble())
        m.maxNodes = std::max(1, o.value(QStringLiteral("max_nodes")).toInt());
    if (const auto f = optDouble(o.value(QStringLiteral("spot_factor"))); f && *f > 0 && *f <= 1)
        m.spotFactor = *f;
    for (const QJsonValue &v : o.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        ClusterNode node;
        node.name = n.value(QStringLiteral("name")).toString();
        node.state = n.value(QStringLiteral("state")).toString();
        for (const QJsonValue &p : n.value(QStringLiteral("partitions")).toArray())
            node.partitions << p.toString();
        node.cpus = n.value(QStringLiteral("cpus")).toInt();
        node.cpusAllocated = n.value(QStringLiteral("cpus_allocated")).toInt();
        node.memoryMb = wire::int64Of(n.value(QStringLiteral("memory_mb")));
        node.memoryAllocatedMb = wire::int64Of(n.value(QStringLiteral("memory_allocated_mb")));
        for (const QJsonValue &gv : n.value(QStringLiteral("gres")).toArray()) {
            const QJsonObject g = gv.toObject();
            node.gres.append({g.value(QStringLiteral("type")).toString(), g.value(QStringLiteral("count")).toInt(),
                              g.value(QStringLiteral("allocated")).toInt()});
        }
        if (!node.name.isEmpty())
            m.nodes.append(node);
    }
    for (const QJsonValue &v : o.value(QStringLiteral("partitions")).toArray()) {
        const QJsonObject p = v.toObject();
        m.partitions.append({p.value(QStringLiteral("name")).toString(), p.value(QStringLiteral("region")).toString(),
                             p.value(QStringLiteral("preemptible")).toBool()});
    }
    for (const QJsonValue &v : o.value(QStringLiteral("queue")).toArray()) {
        const QJsonObject q = v.toObject();
        m.queue.append(
            QueuedJob{q.value(QStringLiteral("position")).toInt(), q.value(QStringLiteral("name")).toString(),
                      q.value(QStringLiteral("namespace")).toString(), q.value(QStringLiteral("gpu")).toString(),
                      q.value(QStringLiteral("gpu_count")).toInt()});
    }
    std::sort(m.queue.begin(), m.queue.end(),
              [](const QueuedJob &a, const QueuedJob &b) { return a.position < b.position; });
    return m;
}

void SeedClient::getMachineView(QObject *context, Callback<MachineView> cb)
{
    call<MachineView>("GET", nsPath() + QStringLiteral("/machine/view"), {}, {}, true, context, std::move(cb),
                      machineFromJson);
}

void SeedClient::getMachine(QObject *context, Callback<MachineView> cb)
{
    call<MachineView>("GET", nsPath() + QStringLiteral("/machine"), {}, {}, true, context, std::move(cb),
                      machineFromJson);
}

void SeedClient::listImages(QObject *context, Callback<QList<LocalImage>> cb)
{
    call<QList<LocalImage>>(
        "GET", nsPath() + QStringLiteral("/images"), {}, {}, true, context, std::move(cb), [](const QJsonObject &o) {
            QList<LocalImage> out;
            for (const QJsonValue &v : o.value(QStringLiteral("data")).toArray()) {
                const QJsonObject i = v.toObject();
                LocalImage img;
                img.name = i.value(QStringLiteral("name")).toString();
                img.id = i.value(QStringLiteral("id")).toString();
                img.sizeBytes = wire::int64Of(i.value(QStringLiteral("size_bytes")));
                img.createdAt = wire::timeFromJson(i.value(QStringLiteral("created_at"))).value_or(QDateTime());
                if (!img.name.isEmpty())
                    out.append(img);
            }
            return out;
        });
}

QNetworkReply *SeedClient::openStream(const QString &path, const QByteArray &lastEventId, const QUrlQuery &query)
{
    QNetworkRequest req = makeRequest(urlFor(path, query));
    req.setRawHeader("Accept", "text/event-stream");
    req.setRawHeader("Cache-Control", "no-cache");
    if (!lastEventId.isEmpty())
        req.setRawHeader("Last-Event-ID", lastEventId);
    req.setTransferTimeout(0);
    return m_nam.get(req);
}

Download *SeedClient::download(const QUrl &url, const QString &targetFile, QObject *parent)
{
    const QUrl base = m_endpoint.baseUrl;
    const bool sameOrigin = url.scheme() == base.scheme() && url.host() == base.host() &&
                            url.port(url.scheme() == QLatin1String("https") ? 443 : 80) ==
                                base.port(base.scheme() == QLatin1String("https") ? 443 : 80);
    QNetworkRequest req = makeRequest(url);
    if (!sameOrigin)
        req.setRawHeader("Authorization", QByteArray()); // never hand our credentials to another host
    req.setTransferTimeout(0);
    req.setRawHeader("Accept", "*/*");
    QNetworkReply *reply = m_nam.get(req);
    return new Download(reply, targetFile, parent);
}

Download::Download(QNetworkReply *reply, const QString &targetFile, QObject *parent)
    : QObject(parent), m_reply(reply), m_target(targetFile)
{
    m_file = new QSaveFile(targetFile, this);
    if (!m_file->open(QIODevice::WriteOnly)) {
        const QString err = m_file->errorString();
        reply->abort();
        reply->deleteLater();
        m_done = true;
        QTimer::singleShot(0, this, [this, err] { Q_EMIT finished(false, err); });
        return;
    }
    connect(reply, &QNetworkReply::readyRead, this, &Download::onReadyRead);
    connect(reply, &QNetworkReply::downloadProgress, this, &Download::progress);
    connect(reply, &QNetworkReply::finished, this, &Download::onFinished);
}

Download::~Download()
{
    if (m_reply) {
        m_cancelled = true;
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void Download::cancel()
{
    if (m_done || !m_reply)
        return;
    m_cancelled = true;
    m_reply->abort();
}

void Download::onReadyRead()
{
    if (m_reply && m_file->isOpen())
        m_file->write(m_reply->readAll());
}

void Download::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_done = true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_cancelled) {
        m_file->cancelWriting();
        Q_EMIT finished(false, tr("Cancelled."));
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status >= 400) {
        m_file->cancelWriting();
        Q_EMIT finished(false, reply->errorString());
        return;
    }
    m_file->write(reply->readAll());
    if (!m_file->commit()) {
        Q_EMIT finished(false, m_file->errorString());
        return;
    }
    Q_EMIT finished(true, QString());
}

} // namespace seed::client
