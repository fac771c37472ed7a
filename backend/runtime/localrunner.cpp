#include "localrunner.h"
#include "logging.h"

#include "wire/jobspec.h"
#include "wire/timefmt.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace seed::runtime {

bool LocalRunnerConfig::setGpus(const QString &value, QString *error)
{
    const QString v = value.trimmed();
    if (v == QLatin1String("auto") || v == QLatin1String("none") || v.startsWith(QLatin1String("simulate="))) {
        if (v.startsWith(QLatin1String("simulate="))) {
            if (!sched::parseSimulated(v.mid(9), error))
                return false;
        }
        gpus = v;
        return true;
    }
    *error = QStringLiteral("--gpus wants auto, none or simulate=TYPE:COUNT[,TYPE:COUNT...], e.g. simulate=A100-80GB:4,L4:2");
    return false;
}

bool LocalRunnerConfig::setCapacity(const QString &value, QString *error)
{
    const QStringList parts = value.split(u',', Qt::SkipEmptyParts);
    for (const QString &p : parts) {
        const QStringList kv = p.trimmed().split(u'=');
        bool ok = kv.size() == 2;
        const int n = ok ? kv[1].toInt(&ok) : 0;
        if (ok && n > 0 && kv[0] == QLatin1String("cpus"))
            capacityCpus = n;
        else if (ok && n > 0 && kv[0] == QLatin1String("memory_gb"))
            capacityMemoryGb = n;
        else {
            *error = QStringLiteral("--capacity wants cpus=N,memory_gb=M (positive integers), got '%1'").arg(value);
            return false;
        }
    }
    return true;
}

bool LocalRunnerConfig::applyJson(const QJsonObject &s, QString *error)
{
    if (s.contains(QStringLiteral("gpus")) && !setGpus(s.value(QStringLiteral("gpus")).toString(), error))
        return false;
    const QJsonObject cap = s.value(QStringLiteral("capacity")).toObject();
    capacityCpus = cap.value(QStringLiteral("cpus")).toInt(capacityCpus);
    capacityMemoryGb = cap.value(QStringLiteral("memory_gb")).toInt(capacityMemoryGb);
    ExecutorSettings &e = executor;
    e.cancelGraceSeconds = s.value(QStringLiteral("cancel_grace_seconds")).toInt(e.cancelGraceSeconds);
    e.spotGraceSeconds = s.value(QStringLiteral("spot_grace_seconds")).toInt(e.spotGraceSeconds);
    e.timeoutUnitSeconds = s.value(QStringLiteral("timeout_unit_seconds")).toDouble(e.timeoutUnitSeconds);
    e.gitBase = s.value(QStringLiteral("git_base")).toString(e.gitBase);
    e.defaultImage = s.value(QStringLiteral("default_image")).toString(e.defaultImage);
    e.cdiKind = s.value(QStringLiteral("cdi_kind")).toString(e.cdiKind);
    e.cdiSpecDir = s.value(QStringLiteral("cdi_spec_dir")).toString(e.cdiSpecDir);
    e.network = s.value(QStringLiteral("network")).toBool(e.network);
    podman.program = s.value(QStringLiteral("podman")).toString(podman.program);
    podman.ociRuntime = s.value(QStringLiteral("oci_runtime")).toString(podman.ociRuntime);
    podman.pull = s.value(QStringLiteral("pull")).toString(podman.pull);
    if (s.contains(QStringLiteral("log_backlog_mb")))
        podman.logBacklogBytes = qint64(s.value(QStringLiteral("log_backlog_mb")).toDouble() * 1024 * 1024);
    if (s.contains(QStringLiteral("ulimits"))) {
        podman.ulimits.clear();
        const QJsonArray u = s.value(QStringLiteral("ulimits")).toArray();
        for (const QJsonValue &v : u)
            podman.ulimits << v.toString();
    }
    static const QStringList pulls{QStringLiteral("never"), QStringLiteral("missing"), QStringLiteral("always"),
                                   QStringLiteral("newer")};
    if (!pulls.contains(podman.pull)) {
        *error = QStringLiteral("pull must be one of never, missing, always, newer");
        return false;
    }
    // The image of repo-only jobs goes to podman like a job's own image: the same rule, no transports.
    if (!wire::isValidImageReference(e.defaultImage)) {
        *error = QStringLiteral("default_image '%1' is not a registry image reference "
                                "([REGISTRY[:PORT]/]PATH[:TAG][@DIGEST], no transport prefix)")
                     .arg(e.defaultImage);
        return false;
    }
    if (e.cancelGraceSeconds < 0 || e.timeoutUnitSeconds <= 0 || e.spotGraceSeconds < 0 || e.spotGraceSeconds > 3600) {
        *error = QStringLiteral("cancel_grace_seconds must be >= 0, spot_grace_seconds between 0 and 3600 and "
                                "timeout_unit_seconds > 0");
        return false;
    }
    return true;
}

LocalRunner::~LocalRunner() = default;

std::unique_ptr<LocalRunner> LocalRunner::create(const LocalRunnerConfig &config, const QString &dataDir,
                                                 jobs::JobService &jobs, store::Store &store, QString *error)
{
    std::unique_ptr<LocalRunner> r(new LocalRunner);
    r->m_jobs = &jobs;
    sched::GpuInventory inv;
    if (config.gpus.startsWith(QLatin1String("simulate="))) {
        auto gpus = sched::parseSimulated(config.gpus.mid(9), error);
        if (!gpus)
            return nullptr;
        inv.source = QStringLiteral("simulated");
        inv.gpus = *gpus;
    } else if (config.gpus == QLatin1String("auto")) {
        inv = sched::detectGpus(); // blocking, but before the server listens (Daemon::start)
    }
    sched::Capacity cap;
    cap.cpus = config.capacityCpus > 0 ? config.capacityCpus : sched::hostCpuCount();
    cap.memoryGb = config.capacityMemoryGb > 0 ? config.capacityMemoryGb : int(sched::hostMemoryBytes() >> 30);
    ExecutorSettings es = config.executor;
    es.dataDir = dataDir;
    es.pullPolicy = config.podman.pull;
    r->m_logs = std::make_unique<logs::LogStore>(dataDir + QStringLiteral("/logs"));
    PodmanSettings podman = config.podman;
    if (podman.logDir.isEmpty())
        podman.logDir = dataDir + QStringLiteral("/container-logs");
    r->m_runtime = std::make_unique<PodmanRuntime>(podman);
    r->m_executor = std::make_unique<LocalExecutor>(jobs, store, *r->m_logs, *r->m_runtime, inv, cap, es);
    qCInfo(lcRuntime, "GPUs: %s [%s]; capacity %d vCPUs, %d GB", qPrintable(inv.describe()), qPrintable(inv.source),
          cap.cpus, cap.memoryGb);
    if (!inv.note.isEmpty() && config.gpus == QLatin1String("auto") && inv.gpus.isEmpty())
        qCInfo(lcRuntime, "no GPUs detected (%s)", qPrintable(inv.note));
    return r;
}

void LocalRunner::withImages(std::function<void(const QByteArray &, const QString &)> done)
{
    if (!m_imagesBody.isEmpty() && QDateTime::currentMSecsSinceEpoch() - m_imagesAtMs < kImagesCacheMs) {
        done(m_imagesBody, QString());
        return;
    }
    m_imagesWaiting.append(std::move(done));
    if (m_imagesWaiting.size() > 1)
        return; // one `podman images` at a time
    m_runtime->images(this, [this](bool ok, QList<ImageInfo> images, QString error) {
        QByteArray body;
        if (ok) {
            QList<QPair<QString, const ImageInfo *>> named;
            for (const ImageInfo &i : std::as_const(images))
                for (const QString &n : i.names)
                    named.append({n, &i});
            std::sort(named.begin(), named.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
            QJsonArray data;
            for (const auto &[name, i] : std::as_const(named))
                data.append(QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("id"), i->id},
                                        {QStringLiteral("size_bytes"), i->sizeBytes},
                                        {QStringLiteral("created_at"), i->createdAt.isValid()
                                                                           ? QJsonValue(wire::formatTime(i->createdAt))
                                                                           : QJsonValue(QJsonValue::Null)}});
            body = QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
            m_imagesBody = body;
            m_imagesAtMs = QDateTime::currentMSecsSinceEpoch();
        } else if (error.isEmpty()) {
            error = QStringLiteral("podman images failed");
        }
        const auto waiting = std::exchange(m_imagesWaiting, {});
        for (const auto &w : waiting)
            w(body, ok ? QString() : error);
    });
}

bool LocalRunner::start(const QString &baseUrl, QString *error)
{
    m_executor->setBaseUrl(baseUrl);
    m_jobs->setExecutor(m_executor.get());
    return m_executor->start(error);
}

void LocalRunner::shutdown()
{
    if (m_executor)
        m_executor->shutdown();
}

} // namespace seed::runtime
