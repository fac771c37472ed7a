#include "sampler.h"

#include "jobs/jobservice.h"
#include "runtime/localexecutor.h"
#include "runtime/runtime.h"
#include "runtime/safefs.h"
#include "server/apiserver.h"
#include "store/store.h"
#include "wire/timefmt.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>

#include <dlfcn.h>

namespace seed::telemetry {

namespace {
std::optional<qint64> readInt(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 v = f.readAll().trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}
// "key value" lines (memory.stat, cpu.stat)
std::optional<qint64> readKey(const QString &path, const QByteArray &key)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> kv = line.split(' ');
        if (kv.size() == 2 && kv[0] == key)
            return kv[1].toLongLong();
    }
    return std::nullopt;
}
const QString kRoot = QStringLiteral("/sys/fs/cgroup");

// CPU time used by a cgroup, ns: cgroup v1 cpuacct, else v2 (also the "unified" mount of hybrid hosts).
std::optional<qint64> cpuNs(const QString &cg)
{
    for (const char *c : {"/cpuacct", "/cpu,cpuacct"})
        if (auto v = readInt(kRoot + QLatin1String(c) + cg + QStringLiteral("/cpuacct.usage")))
            return v;
    for (const QString &base : {kRoot, kRoot + QStringLiteral("/unified")})
        if (auto v = readKey(base + cg + QStringLiteral("/cpu.stat"), "usage_usec"))
            return *v * 1000;
    return std::nullopt;
}
// Memory in use, page cache that can be dropped excluded (as `podman stats` does).
std::optional<qint64> memoryBytes(const QString &cg)
{
    if (auto v = readInt(kRoot + QStringLiteral("/memory") + cg + QStringLiteral("/memory.usage_in_bytes"))) {
        const qint64 inactive = readKey(kRoot + QStringLiteral("/memory") + cg + QStringLiteral("/memory.stat"), "total_inactive_file").value_or(0);
        return std::max<qint64>(0, *v - inactive);
    }
    for (const QString &base : {kRoot, kRoot + QStringLiteral("/unified")})
        if (auto v = readInt(base + cg + QStringLiteral("/memory.current"))) {
            const qint64 inactive = readKey(base + cg + QStringLiteral("/memory.stat"), "inactive_file").value_or(0);
            return std::max<qint64>(0, *v - inactive);
        }
    return std::nullopt;
}
// The CPU limit (--cpus) as the kernel enforces it.
std::optional<double> cpuLimit(const QString &cg)
{
    for (const char *c : {"/cpu", "/cpu,cpuacct"}) {
        const auto q = readInt(kRoot + QLatin1String(c) + cg + QStringLiteral("/cpu.cfs_quota_us"));
        const auto p = readInt(kRoot + QLatin1String(c) + cg + QStringLiteral("/cpu.cfs_period_us"));
        if (q && p && *p > 0)
            return *q > 0 ? std::optional<double>(double(*q) / double(*p)) : std::nullopt;
    }
    for (const QString &base : {kRoot, kRoot + QStringLiteral("/unified")}) {
        QFile f(base + cg + QStringLiteral("/cpu.max"));
        if (f.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> v = f.readAll().trimmed().split(' ');
            if (v.size() == 2 && v[0] != "max" && v[1].toLongLong() > 0)
                return v[0].toDouble() / v[1].toDouble();
            return std::nullopt;
        }
    }
    return std::nullopt;
}
qint64 diskUsed(const QString &dir)
{
    qint64 bytes = 0;
    runtime::walkTree(dir, [&bytes](const runtime::TreeEntry &e) { bytes += e.size; });
    return bytes;
}
QJsonValue opt(const std::optional<double> &v, int decimals = 1)
{
    if (!v)
        return QJsonValue(QJsonValue::Null);
    const double f = std::pow(10.0, decimals);
    return std::round(*v * f) / f;
}
QJsonValue opt(const std::optional<qint64> &v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); }
} // namespace

// NVML, opened once (dlopen; absent on machines without the driver).
struct Sampler::Nvml
{
    void *lib = nullptr;
    using Dev = void *;
    struct Util
    {
        unsigned gpu, memory;
    };
    struct Mem
    {
        unsigned long long total, free, used;
    };
    int (*handle)(unsigned, Dev *) = nullptr;
    int (*util)(Dev, Util *) = nullptr;
    int (*mem)(Dev, Mem *) = nullptr;
    bool ok = false;
    Nvml()
    {
        lib = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            return;
        auto init = reinterpret_cast<int (*)()>(::dlsym(lib, "nvmlInit_v2"));
        handle = reinterpret_cast<int (*)(unsigned, Dev *)>(::dlsym(lib, "nvmlDeviceGetHandleByIndex_v2"));
        util = reinterpret_cast<int (*)(Dev, Util *)>(::dlsym(lib, "nvmlDeviceGetUtilizationRates"));
        mem = reinterpret_cast<int (*)(Dev, Mem *)>(::dlsym(lib, "nvmlDeviceGetMemoryInfo"));
        ok = init && handle && util && mem && init() == 0;
    }
    ~Nvml()
    {
        if (lib) {
            if (ok)
                if (auto shutdown = reinterpret_cast<int (*)()>(::dlsym(lib, "nvmlShutdown")))
                    shutdown();
            ::dlclose(lib);
        }
    }
    bool read(int index, double *utilPct, qint64 *memUsed) const
    {
        Dev d = nullptr;
        Util u{};
        Mem m{};
        if (!ok || handle(unsigned(index), &d) != 0 || util(d, &u) != 0 || mem(d, &m) != 0)
            return false;
        *utilPct = u.gpu;
        *memUsed = qint64(m.used);
        return true;
    }
};

Sampler::Sampler(runtime::LocalExecutor &executor, runtime::Runtime &runtime, jobs::JobService &jobs, store::Store &store,
                 SamplerSettings settings, QObject *parent)
    : QObject(parent), m_executor(executor), m_runtime(runtime), m_jobs(jobs), m_store(store), m_settings(settings)
{
    if (m_executor.inventory().source == QLatin1String("nvml"))
        m_nvml = std::make_unique<Nvml>();
    m_timer.setInterval(std::max(100, m_settings.intervalMs));
    connect(&m_timer, &QTimer::timeout, this, &Sampler::tick);
    connect(&m_jobs, &jobs::JobService::jobChanged, this, [this](const wire::Job &j) {
        if (j.status == wire::JobStatus::Running)
            ensureRunning();
    });
    connect(&m_jobs, &jobs::JobService::jobRemoved, this, [this](const wire::Job &j) {
        m_series.remove(j.id);
        m_last.remove(j.id);
        QSqlQuery q(m_store.db());
        q.prepare(QStringLiteral("DELETE FROM job_samples WHERE job_id = ?"));
        q.addBindValue(j.id);
        q.exec();
    });
    ensureRunning();
}

Sampler::~Sampler() = default;

void Sampler::ensureRunning()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void Sampler::tick()
{
    const QList<runtime::LocalExecutor::RunningContainer> running = m_executor.runningContainers();
    QSet<QString> alive;
    for (const auto &rc : running) {
        alive.insert(rc.jobId);
        Tracked &t = m_tracked[rc.jobId];
        if (t.container != rc.container) {
            t = Tracked{};
            t.container = rc.container;
        }
        t.gpus = rc.gpus;
        t.workspace = m_executor.workspaceDir(rc.jobId);
        if (t.cgroup.isEmpty() && !t.resolving) {
            t.resolving = true;
            const QString jobId = rc.jobId, container = rc.container;
            m_runtime.inspect(container, this, [this, jobId, container](runtime::ContainerState st) {
                auto it = m_tracked.find(jobId);
                if (it == m_tracked.end() || it->container != container)
                    return;
                it->resolving = false;
                it->cgroup = st.cgroupPath.isEmpty() ? QStringLiteral("-") : st.cgroupPath;
                if (!st.cgroupPath.isEmpty())
                    it->cpuLimitCores = cpuLimit(st.cgroupPath);
            });
        }
        const Sample s = sampleOne(t);
        store(rc.jobId, s);
    }
    for (auto it = m_tracked.begin(); it != m_tracked.end();) {
        if (!alive.contains(it.key())) {
            m_series.remove(it.key()); // on disk; loaded again when asked
            it = m_tracked.erase(it);
        } else {
            ++it;
        }
    }
    if (running.isEmpty())
        m_timer.stop(); // sampling only while jobs run; a job that starts restarts it
}

Sample Sampler::sampleOne(Tracked &t)
{
    Sample s;
    s.atMs = QDateTime::currentMSecsSinceEpoch();
    s.spanMs = m_settings.intervalMs;
    if (!t.cgroup.isEmpty() && t.cgroup != QLatin1String("-")) {
        if (const auto ns = cpuNs(t.cgroup)) {
            if (t.lastCpuNs >= 0 && s.atMs > t.lastCpuAtMs)
                s.cpuPercent = std::max(0.0, double(*ns - t.lastCpuNs) / 1e6 / double(s.atMs - t.lastCpuAtMs) * 100.0);
            t.lastCpuNs = *ns;
            t.lastCpuAtMs = s.atMs;
        }
        s.memoryBytes = memoryBytes(t.cgroup);
    }
    if (t.ticks++ % std::max(1, m_settings.diskEveryTicks) == 0)
        t.lastDisk = diskUsed(t.workspace);
    s.diskBytes = t.lastDisk;
    gpuSample(t.gpus, s);
    return s;
}

void Sampler::gpuSample(const QList<int> &gpus, Sample &s)
{
    if (gpus.isEmpty() || !m_nvml || !m_nvml->ok)
        return; // no GPU, simulated GPUs, or no NVML: nothing measured, nothing invented
    double sum = 0;
    qint64 mem = 0;
    for (int g : gpus) {
        double u = 0;
        qint64 m = 0;
        if (!m_nvml->read(g, &u, &m))
            return;
        sum += u;
        mem += m;
    }
    s.gpuPercent = sum / double(gpus.size());
    s.gpuMemoryBytes = mem;
}

QList<Sample> &Sampler::loaded(const QString &jobId)
{
    auto it = m_series.find(jobId);
    if (it != m_series.end())
        return *it;
    QList<Sample> out;
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT at_ms, span_ms, cpu_percent, memory_bytes, disk_bytes, gpu_percent, gpu_memory_bytes "
                             "FROM job_samples WHERE job_id = ? ORDER BY at_ms"));
    q.addBindValue(jobId);
    if (q.exec())
        while (q.next()) {
            Sample s;
            s.atMs = q.value(0).toLongLong();
            s.spanMs = q.value(1).toLongLong();
            if (!q.value(2).isNull()) s.cpuPercent = q.value(2).toDouble();
            if (!q.value(3).isNull()) s.memoryBytes = q.value(3).toLongLong();
            if (!q.value(4).isNull()) s.diskBytes = q.value(4).toLongLong();
            if (!q.value(5).isNull()) s.gpuPercent = q.value(5).toDouble();
            if (!q.value(6).isNull()) s.gpuMemoryBytes = q.value(6).toLongLong();
            out.append(s);
        }
    return *m_series.insert(jobId, out);
}

namespace {
QVariant v(const std::optional<double> &x) { return x ? QVariant(*x) : QVariant(QMetaType(QMetaType::Double)); }
QVariant v(const std::optional<qint64> &x) { return x ? QVariant(*x) : QVariant(QMetaType(QMetaType::LongLong)); }
bool insertSample(QSqlDatabase &db, const QString &jobId, const Sample &s)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO job_samples(job_id, at_ms, span_ms, cpu_percent, memory_bytes, disk_bytes, "
                             "gpu_percent, gpu_memory_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant &x : {QVariant(jobId), QVariant(s.atMs), QVariant(s.spanMs), v(s.cpuPercent), v(s.memoryBytes),
                              v(s.diskBytes), v(s.gpuPercent), v(s.gpuMemoryBytes)})
        q.addBindValue(x);
    return q.exec();
}
template <typename T>
std::optional<T> mean(const std::optional<T> &a, qint64 wa, const std::optional<T> &b, qint64 wb)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return T((double(*a) * double(wa) + double(*b) * double(wb)) / double(std::max<qint64>(1, wa + wb)));
}
} // namespace

void Sampler::store(const QString &jobId, const Sample &s)
{
    m_last.insert(jobId, s);
    QList<Sample> &series = loaded(jobId);
    series.append(s);
    if (series.size() <= m_settings.maxPoints) {
        insertSample(m_store.db(), jobId, s);
        return;
    }
    // Downsample: merge neighbours pairwise (time-weighted means), rewrite this job's rows in one transaction.
    QList<Sample> merged;
    for (qsizetype i = 0; i + 1 < series.size(); i += 2) {
        const Sample &a = series[i], &b = series[i + 1];
        Sample m;
        m.atMs = a.atMs;
        m.spanMs = a.spanMs + b.spanMs;
        m.cpuPercent = mean(a.cpuPercent, a.spanMs, b.cpuPercent, b.spanMs);
        m.memoryBytes = mean(a.memoryBytes, a.spanMs, b.memoryBytes, b.spanMs);
        m.diskBytes = b.diskBytes ? b.diskBytes : a.diskBytes;
        m.gpuPercent = mean(a.gpuPercent, a.spanMs, b.gpuPercent, b.spanMs);
        m.gpuMemoryBytes = mean(a.gpuMemoryBytes, a.spanMs, b.gpuMemoryBytes, b.spanMs);
        merged.append(m);
    }
    if (series.size() % 2)
        merged.append(series.last());
    series = merged;
    QSqlDatabase &db = m_store.db();
    db.transaction();
    QSqlQuery del(db);
    del.prepare(QStringLiteral("DELETE FROM job_samples WHERE job_id = ?"));
    del.addBindValue(jobId);
    del.exec();
    for (const Sample &x : std::as_const(series))
        insertSample(db, jobId, x);
    db.commit();
}

QList<Sample> Sampler::series(const QString &jobId) { return loaded(jobId); }

QJsonObject Sampler::analyticsJson(const wire::Job &job)
{
    QJsonObject o{{QStringLiteral("name"), job.name},
                  {QStringLiteral("namespace"), job.ns},
                  {QStringLiteral("gpu_utilization_percent"), 0},
                  {QStringLiteral("cpu_utilization_percent"), 0},
                  {QStringLiteral("memory_used_gb"), 0},
                  {QStringLiteral("disk_used_gb"), 0},
                  {QStringLiteral("runtime_seconds"), job.runtimeSeconds}};
    std::optional<Sample> last;
    if (auto it = m_last.constFind(job.id); it != m_last.constEnd())
        last = *it;
    else if (job.startedAt) {
        const QList<Sample> &s = loaded(job.id);
        if (!s.isEmpty())
            last = s.last();
    }
    if (!last)
        return o; // never sampled (queued, or ran before sampling): the contract's fields, zero
    // The job's share of its vCPUs (the contract's example: 67 on a 64-vCPU job), and the raw figures.
    const double cores = last->cpuPercent.value_or(0) / 100.0;
    const auto t = m_tracked.constFind(job.id);
    const bool hasLimit = t != m_tracked.constEnd() && t->cpuLimitCores.has_value();
    const double limitCores = hasLimit ? t->cpuLimitCores.value() : 0.0;
    const double alloc = hasLimit ? limitCores : double(job.cpu);
    o.insert(QStringLiteral("cpu_utilization_percent"), alloc > 0 ? qRound(std::min(100.0, cores / alloc * 100.0)) : 0);
    o.insert(QStringLiteral("memory_used_gb"), qRound(double(last->memoryBytes.value_or(0)) / double(1ll << 30)));
    o.insert(QStringLiteral("disk_used_gb"), qRound(double(last->diskBytes.value_or(0)) / double(1ll << 30)));
    const bool gpuJob = job.gpu != QLatin1String("none") && !job.gpu.isEmpty();
    const bool simulated = m_executor.inventory().simulated();
    if (gpuJob && !last->gpuPercent)
        o.insert(QStringLiteral("gpu_utilization_percent"), QJsonValue(QJsonValue::Null)); // not measured: never invented
    else
        o.insert(QStringLiteral("gpu_utilization_percent"), qRound(last->gpuPercent.value_or(0)));
    // Additive (docs/api.md): exact values, and what could not be measured.
    o.insert(QStringLiteral("cpu_cores_used"), opt(std::optional<double>(cores), 2));
    o.insert(QStringLiteral("cpu_limit_cores"), hasLimit ? QJsonValue(std::round(limitCores * 100) / 100) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("memory_used_bytes"), opt(last->memoryBytes));
    o.insert(QStringLiteral("disk_used_bytes"), opt(last->diskBytes));
    if (gpuJob) {
        o.insert(QStringLiteral("gpu_memory_used_bytes"), opt(last->gpuMemoryBytes));
        o.insert(QStringLiteral("gpu_simulated"), simulated);
    }
    o.insert(QStringLiteral("sampled_at"), wire::formatTimeMs(QDateTime::fromMSecsSinceEpoch(last->atMs, Qt::UTC)));
    return o;
}

QJsonObject Sampler::machineJson(const QString &ns)
{
    QJsonObject m = m_executor.machineJson(ns);
    QJsonArray gpus = m.value(QStringLiteral("gpus")).toArray();
    for (qsizetype i = 0; i < gpus.size(); ++i) {
        QJsonObject g = gpus[i].toObject();
        const int index = g.value(QStringLiteral("index")).toInt();
        double u = 0;
        qint64 mem = 0;
        const bool measured = m_nvml && m_nvml->read(index, &u, &mem);
        g.insert(QStringLiteral("utilization_percent"), measured ? QJsonValue(u) : QJsonValue(QJsonValue::Null));
        g.insert(QStringLiteral("memory_used_mib"), measured ? QJsonValue(mem >> 20) : QJsonValue(QJsonValue::Null));
        // job_id is set only for this namespace's jobs (machineJson(ns)); another namespace's job shows as an
        // empty object: held, by whom not said.
        const QString holder = g.value(QStringLiteral("job_id")).toString();
        QJsonValue job(QJsonValue::Null);
        if (!holder.isEmpty()) {
            if (auto j = m_store.jobById(holder); j && j->ns == ns)
                job = QJsonObject{{QStringLiteral("id"), j->id}, {QStringLiteral("name"), j->name},
                                  {QStringLiteral("namespace"), j->ns}};
        }
        if (job.isNull() && g.value(QStringLiteral("in_use")).toBool())
            job = QJsonObject{};
        g.insert(QStringLiteral("job"), job);
        gpus[i] = g;
    }
    m.insert(QStringLiteral("gpus"), gpus);
    QJsonArray queue;
    const QList<wire::Job> queued = m_store.jobsWithStatus(wire::JobStatus::Queued);
    for (wire::Job j : queued) {
        m_executor.decorate(j);
        if (!j.queuePosition)
            continue;
        // Every queued job counts for the positions; only this namespace's say who they are.
        QJsonObject q{{QStringLiteral("position"), *j.queuePosition}, {QStringLiteral("gpu"), j.gpu},
                      {QStringLiteral("gpu_count"), j.gpuCount}};
        if (j.ns == ns) {
            q.insert(QStringLiteral("namespace"), j.ns);
            q.insert(QStringLiteral("id"), j.id);
            q.insert(QStringLiteral("name"), j.name);
        }
        queue.append(q);
    }
    m.insert(QStringLiteral("queue"), queue);
    return m;
}

void Sampler::addRoutes(server::ApiServer &api)
{
    using server::HttpReply;
    api.addRoute(server::ApiServer::Method::Get, QStringLiteral("/{ns}/job/{name}/analytics/series"), auth::Access::Read,
                 [this](server::RequestContext &ctx, const server::RouteArgs &a) {
                     auto job = m_jobs.get(a.ns, a.name);
                     if (!job)
                         return HttpReply::error(job.error(), ctx.requestId);
                     QJsonArray points;
                     const QList<Sample> s = series(job->id);
                     for (const Sample &x : s)
                         points.append(QJsonObject{
                             {QStringLiteral("timestamp"), wire::formatTimeMs(QDateTime::fromMSecsSinceEpoch(x.atMs, Qt::UTC))},
                             {QStringLiteral("span_ms"), x.spanMs},
                             {QStringLiteral("cpu_percent"), opt(x.cpuPercent)},
                             {QStringLiteral("memory_used_bytes"), opt(x.memoryBytes)},
                             {QStringLiteral("disk_used_bytes"), opt(x.diskBytes)},
                             {QStringLiteral("gpu_utilization_percent"), opt(x.gpuPercent)},
                             {QStringLiteral("gpu_memory_used_bytes"), opt(x.gpuMemoryBytes)}});
                     return HttpReply::json(QJsonObject{{QStringLiteral("name"), job->name},
                                                        {QStringLiteral("namespace"), job->ns},
                                                        {QStringLiteral("interval_ms"), m_settings.intervalMs},
                                                        {QStringLiteral("max_points"), m_settings.maxPoints},
                                                        {QStringLiteral("points"), points}});
                 });
    api.addRoute(server::ApiServer::Method::Get, QStringLiteral("/{ns}/machine/view"), auth::Access::Read,
                 [this](server::RequestContext &, const server::RouteArgs &a) { return HttpReply::json(machineJson(a.ns)); });
}

} // namespace seed::telemetry
