#pragma once

#include "wire/apierror.h"
#include "wire/job.h"
#include "wire/logs.h"
#include "wire/queries.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslCertificate>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkReply;
class QSaveFile;

namespace seed::client {

// Where the API lives and how to authenticate. The same client speaks to the bundled local seedd and to a
// remote endpoint: only this value differs (the Transmission RpcClient idea: one client, transport chosen
// when connecting).
struct Endpoint
{
    QUrl baseUrl;                          // http://127.0.0.1:8731, https://outpost.run
    QString ns;                            // the namespace the job calls address
    QByteArray authorization;              // "Bearer ..." or "API-Key name$secret"; never logged
    QList<QSslCertificate> caCertificates; // extra trust anchors (a self-signed remote)
    bool local = false;                    // the bundled seedd of this computer
    QString localDataDir;                  // local only: where artifacts live on this disk

    bool isValid() const { return baseUrl.isValid() && !ns.isEmpty(); }
};

// Which credential an Authorization value holds, for display, never its secret: a Seed token by its id prefix
// "sdt_<id>", an API key by its name. Another bearer token is only "a bearer token": nothing of it is known to be
// safe to show.
struct CredentialLabel
{
    enum Kind { None, Token, ApiKey, OtherBearer };
    Kind kind = None;
    QString id;
};
CredentialLabel credentialLabel(const QByteArray &authorization);

struct Empty
{
};

// A typed result with what the envelope said about the request.
template <typename T>
struct Result
{
    wire::Expected<T> value;
    QString requestId; // from the error envelope or the X-Request-Id header
    int httpStatus = 0; // 0: no HTTP answer (transport failure)

    bool ok() const { return value.ok(); }
};

// A cancel answers a short shape: the job's new state plus a message.
struct CancelResult
{
    wire::Job job;
    QString message;
};

// One point of GET .../analytics/series (seedd's additive time series). Unmeasured values are empty.
struct SeriesPoint
{
    QDateTime timestamp;
    qint64 spanMs = 0;                  // the time this (possibly merged) point stands for
    std::optional<double> cpuPercent;   // of one core: 200 = two cores busy
    std::optional<double> memoryBytes;
    std::optional<double> diskBytes;
    std::optional<double> gpuPercent;
    std::optional<double> gpuMemoryBytes;
    std::optional<double> gpuPowerWatts; // sum over the job's GPUs; empty when not sent (an older seedd) or null
    bool gpuSimulated = false; // the GPU numbers are seedd's model of a simulated GPU, never a reading
};

// GET .../logs with each line's node (a cluster runner's additive "node"; "" where absent).
struct NodeLogPage
{
    wire::LogPage page;
    QStringList nodes; // one per page.lines
};

struct AnalyticsSeries
{
    int intervalMs = 0;
    int maxPoints = 0;
    QList<SeriesPoint> points; // oldest first
};

// GET .../analytics read for a chart: the contract's keys, refined by seedd's additive ones when present
// (exact bytes instead of rounded GB; a GPU utilisation that was not measured stays empty, never 0).
struct AnalyticsSample
{
    QDateTime sampledAt; // when the server sampled it (additive), else when it answered
    std::optional<double> gpuPercent;
    double cpuPercent = 0;
    double memoryGb = 0;
    double diskGb = 0;
    bool gpuSimulated = false;
    std::optional<double> gpuPowerWatts; // additive: sum over the job's GPUs
    // Additive GPU energy: empty when the server does not send it, and a 0 kWh that nothing measured (no power
    // reading yet) is empty too. The cost only with the server's electricity price (and its currency).
    std::optional<double> energyKwh;
    std::optional<double> energyCost;
    QString energyCurrency;
};

// GET /{ns}/machine/view (seedd, local backend): the GPUs with their load and holder, and the queue.
struct MachineGpu
{
    int index = 0;
    QString uuid;
    QString model;                      // as the driver names it
    QString type;                       // the contract type it is offered as (may be empty: never allocated)
    qint64 memoryMib = 0;
    bool simulated = false;
    std::optional<double> utilizationPercent; // empty: not measured (no NVML, or an older seedd)
    std::optional<qint64> memoryUsedMib;
    bool telemetrySimulated = false;          // the numbers are a model of a simulated GPU, never a reading
    bool held = false;
    QString jobName;                    // set when a job of this namespace holds it
    QString jobNamespace;
    std::optional<bool> spot; // additive: whether this namespace's job holding it is a spot job
};

// One node of a cluster runner (GET /{ns}/machine `nodes`, Slurm): its state and what is allocated.
struct ClusterGres
{
    QString type;
    int count = 0;
    int allocated = 0;
};
struct ClusterNode
{
    QString name;
    QString state; // idle, mixed, allocated, down, drained, ... as the cluster says
    QStringList partitions;
    int cpus = 0, cpusAllocated = 0;
    qint64 memoryMb = 0, memoryAllocatedMb = 0;
    QList<ClusterGres> gres;
};
struct ClusterPartition
{
    QString name;
    QString region;
    bool preemptible = false;
};

struct QueuedJob
{
    int position = 0; // 1-based
    QString name;     // empty for another namespace's job
    QString ns;
    QString gpu;
    int gpuCount = 0;
};

struct MachineView
{
    QString gpuSource; // nvml, nvidia-smi, simulated, none
    bool simulated = false;
    QList<MachineGpu> gpus;
    QList<QueuedJob> queue;
    int running = 0;
    int queued = 0;
    int capacityCpus = 0, freeCpus = 0;
    double capacityMemoryGb = 0, freeMemoryGb = 0;
    int hostCpus = 0; // the real host (capacity may be set lower)
    double hostMemoryGb = 0;
    // Additive (spot and cluster runners): empty/unset where the server does not send them.
    QString runner;                   // "local", "slurm"
    std::optional<int> maxNodes;      // nodes a job may ask for; 1 on a single machine
    std::optional<double> spotFactor; // spot price = on-demand price x this
    QList<ClusterNode> nodes;         // a cluster runner's nodes
    QList<ClusterPartition> partitions;
    // Additive (local backend): the GPU energy of this namespace's jobs, ended ones included.
    struct NamespaceEnergy
    {
        int jobs = 0; // jobs with an energy reading
        double kwh = 0;
        std::optional<double> cost;
        QString currency;
        bool simulated = false;
    };
    std::optional<NamespaceEnergy> namespaceEnergy;
};

// GET /{ns}/images (seedd's additive route, local backend): an image that exists on the backend's machine.
struct LocalImage
{
    QString name; // "localhost/seed-test:latest"
    QString id;
    qint64 sizeBytes = 0;
    QDateTime createdAt;
};

enum class ConnectionState { Unknown, Connected, Disconnected };

struct RetryPolicy
{
    int maxAttempts = 4;          // idempotent reads, transport failures and 502/503/504
    int initialBackoffMs = 500;   // doubled after each failure
    int maxBackoffMs = 8000;
    int maxRetryAfterSeconds = 60; // a longer Retry-After is reported instead of waited for
    int transferTimeoutMs = 30000;
};

class Download;

// The asynchronous client of the Seed Jobs API. Never blocks; each call takes a context object and a
// callback that runs on the GUI thread unless the context died first.
class SeedClient : public QObject
{
    Q_OBJECT
public:
    explicit SeedClient(QObject *parent = nullptr);
    ~SeedClient() override;

    // Switching endpoints abandons every request in flight (their callbacks never run).
    void setEndpoint(const Endpoint &endpoint);
    const Endpoint &endpoint() const { return m_endpoint; }
    void setRetryPolicy(const RetryPolicy &p) { m_policy = p; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    ConnectionState state() const { return m_state; }
    QString lastTransportError() const { return m_lastTransportError; }
    int inFlight() const { return int(m_replies.size()); }

    template <typename T>
    using Callback = std::function<void(const Result<T> &)>;

    void listJobs(const wire::ListQuery &q, QObject *context, Callback<wire::JobPage> cb);
    void getJob(const QString &name, QObject *context, Callback<wire::Job> cb);
    void createJob(const wire::JobSpec &spec, QObject *context, Callback<wire::Job> cb);
    // The same POST with a body the caller composed: additive keys the server may know (spot, nodes) go out
    // exactly as given, and a key the caller left out is not sent (the server's default applies).
    void createJob(const QJsonObject &body, QObject *context, Callback<wire::Job> cb);
    void cancelJob(const QString &name, QObject *context, Callback<CancelResult> cb);
    // seedd's additive `?force=true`: SIGKILL now, also for a cancelled job still in its grace period. A server
    // without it answers 400 or 404.
    void forceCancelJob(const QString &name, QObject *context, Callback<CancelResult> cb);
    void deleteJob(const QString &name, bool deleteArtifacts, QObject *context, Callback<Empty> cb);
    void getLogs(const QString &name, const wire::LogQuery &q, QObject *context, Callback<wire::LogPage> cb);
    void getLogLines(const QString &name, const wire::LogQuery &q, QObject *context, Callback<NodeLogPage> cb);
    void getAnalytics(const QString &name, QObject *context, Callback<wire::Analytics> cb);
    // The same GET .../analytics, read with seedd's additive keys when the server sends them.
    void getAnalyticsSample(const QString &name, QObject *context, Callback<AnalyticsSample> cb);
    // seedd extensions (docs/api.md); a server with only the contract answers 404.
    void getAnalyticsSeries(const QString &name, QObject *context, Callback<AnalyticsSeries> cb);
    void getMachineView(QObject *context, Callback<MachineView> cb);
    // GET `path` (from the server's root) answered as the server's own JSON object, untyped: the typed calls
    // read the contract's fields into wire types, which turns a null into 0 and drops additive keys (seedctl's
    // --json prints the server's object). Same request, retries and error envelope as every other read.
    void getObject(const QString &path, const QUrlQuery &query, QObject *context, Callback<QJsonObject> cb);
    // GET /{ns}/machine: the inventory alone (no load, no queue).
    void getMachine(QObject *context, Callback<MachineView> cb);
    // GET /{ns}/images; 404 where the server has no such route.
    void listImages(QObject *context, Callback<QList<LocalImage>> cb);

    // Extensions this endpoint was found to lack (it answered 404 on their path): remembered until the
    // endpoint changes, so that every chart of a connection falls back at once instead of asking again.
    static inline const QString kSeriesExtension = QStringLiteral("series");
    static inline const QString kMachineViewExtension = QStringLiteral("machine_view");
    bool lacksExtension(const QString &extension) const { return m_missingExtensions.contains(extension); }
    void noteMissingExtension(const QString &extension) { m_missingExtensions.insert(extension); }

    // A long-lived GET for a Server-Sent Events stream at `path` (no transfer timeout); the caller owns
    // the reply. lastEventId resumes after that event.
    QNetworkReply *openStream(const QString &path, const QByteArray &lastEventId = {}, const QUrlQuery &query = {});

    // Downloads `url` into `targetFile`. Credentials go along only to the API's own origin.
    Download *download(const QUrl &url, const QString &targetFile, QObject *parent);

    // The request a caller would make, for "copy as curl" and the like (authorization left out).
    QUrl urlFor(const QString &path, const QUrlQuery &query = {}) const;
    // The request every call makes to `url`: credentials, CA certificates, timeout, redirect policy.
    QNetworkRequest makeRequest(const QUrl &url) const;

Q_SIGNALS:
    void stateChanged(seed::client::ConnectionState state);
    // After a transport failure, the first answer from the server again: models rebuild themselves.
    void reconnected();
    void endpointChanged();

private:
    struct Raw
    {
        int status = 0;
        QByteArray body;
        QString requestId;
        std::optional<wire::ApiError> error; // set for transport failures and HTTP >= 400
    };
    using RawCallback = std::function<void(const Raw &)>;
    struct Pending
    {
        QByteArray verb;
        QString path;
        QUrlQuery query;
        QByteArray body;
        bool idempotent = false;
        int attempt = 0;
        QPointer<QObject> context;
        RawCallback done;
        quint64 generation = 0;
    };

    void send(Pending p);
    void dispatch(std::shared_ptr<Pending> p);
    void finished(QNetworkReply *reply, std::shared_ptr<Pending> p);
    void retryLater(std::shared_ptr<Pending> p, int delayMs);
    void setState(ConnectionState s);
    template <typename T>
    void call(QByteArray verb, const QString &path, const QUrlQuery &query, QByteArray body, bool idempotent,
              QObject *context, Callback<T> cb, std::function<T(const QJsonObject &)> parse);
    QString nsPath() const;

    QNetworkAccessManager m_nam;
    Endpoint m_endpoint;
    RetryPolicy m_policy;
    ConnectionState m_state = ConnectionState::Unknown;
    QString m_lastTransportError;
    quint64 m_generation = 0;
    QSet<QNetworkReply *> m_replies;
    QDeadlineTimer m_holdUntil; // after a 429: nothing goes out before this
    bool m_hold = false;
    QSet<QString> m_missingExtensions;
};

// One file download with progress, cancellable. Writes to a temporary file that replaces the target only
// when complete.
class Download : public QObject
{
    Q_OBJECT
public:
    Download(QNetworkReply *reply, const QString &targetFile, QObject *parent);
    ~Download() override;
    void cancel();
    QString targetFile() const { return m_target; }
    bool isFinished() const { return m_done; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void finished(bool ok, const QString &error);

private:
    void onReadyRead();
    void onFinished();
    QPointer<QNetworkReply> m_reply;
    QString m_target;
    QSaveFile *m_file = nullptr;
    bool m_done = false;
    bool m_cancelled = false;
};

QString describe(const wire::ApiError &e); // one line for a user: message + request id

} // namespace seed::client

Q_DECLARE_METATYPE(seed::client::ConnectionState)
