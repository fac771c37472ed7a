#include "sampler.h"

#include "fs/offthread.h"
#include "fs/safefs.h"
#include "jobs/jobservice.h"
#include "runtime/localexecutor.h"
#include "runtime/runtime.h"
#include "sched/nvml.h"
#include "store/store.h"
#include "wire/catalog.h"
#include "wire/timefmt.h"

#include <QLoggingCategory>
#include <QFile>
#include <QJsonArray>

namespace {
Q_LOGGING_CATEGORY(lcTelemetry, "seedd.telemetry")
}

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
    fs::walkTree(dir, [&bytes](const fs::TreeEntry &e) { bytes += e.size; });
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

Sampler::Sampler(runtime::LocalExecutor &executor, runtime::Runtime &runtime, jobs::JobService &jobs, store::Store &store,
                 SamplerSettings settings, QObject *parent)
    : QObject(parent), m_executor(executor), m_runtime(runtime), m_jobs(jobs), m_store(store), m_settings(settings)
{
    const QString source = m_executor.inventory().source;
    if (m_executor.inventory().simulated()) {
        m_gpuSource = GpuSource::Simulated;
    } else if (source == QLatin1String("nvml")) {
        QString err;
        m_nvml = sched::Nvml::open(&err); // opened once, for the daemon's life
        m_gpuSource = m_nvml ? GpuSource::Nvml : GpuSource::NvidiaSmi;
        if (!m_nvml)
            qCWarning(lcTelemetry, "GPU sampling through NVML unavailable (%s); trying nvidia-smi", qPrintable(err));
    } else if (source == QLatin1String("nvidia-smi")) {
        m_gpuSource = GpuSource::NvidiaSmi;
    }
    m_timer.setInterval(std::max(100, m_settings.intervalMs));
    connect(&m_timer, &QTimer::timeout, this, &Sampler::tick);
    connect(&m_jobs, &jobs::JobService::jobChanged, this, [this](const wire::Job &j) {
        if (j.status == wire::JobStatus::Running)
            ensureRunning();
    });
    m_executor.setEnergyLookup(
        [this](const wire::Job &j) { return energyKwh(j.id, wire::isTerminal(j.status)); });
    connect(&m_jobs, &jobs::JobService::jobRemoved, this, [this](const wire::Job &j) {
        m_energyDone.remove(j.id);
        m_series.remove(j.id);
        m_last.remove(j.id);
        m_store.deleteSamples(j.id);
    });
    ensureRunning();
}

Sampler::~Sampler()
{
    if (m_smi) {
        m_smi->disconnect(this);
        m_smi->kill();
        m_smi->waitForFinished(1000);
    }
}

QString Sampler::sourceName(GpuSource s)
{
    switch (s) {
    case GpuSource::Nvml:
        return QStringLiteral("nvml");
    case GpuSource::NvidiaSmi:
        return QStringLiteral("nvidia-smi");
    case GpuSource::Simulated:
        return QStringLiteral("simulated");
    case GpuSource::None:
        break;
    }
    return QStringLiteral("none");
}

void Sampler::querySmi()
{
    if (m_smi)
        return; // the previous one has not answered yet: its answer serves this tick
    auto *p = new QProcess(this);
    m_smi = p;
    const auto done = [this, p] {
        if (m_smi == p)
            m_smi = nullptr;
        p->deleteLater();
    };
    connect(p, &QProcess::finished, this, [this, p, done](int code, QProcess::ExitStatus st) {
        QString err;
        const auto rows = st == QProcess::NormalExit && code == 0
                              ? sched::parseNvidiaSmiMetrics(p->readAllStandardOutput(), &err)
                              : std::nullopt;
        if (rows) {
            m_smiLast = *rows;
            m_smiAtMs = QDateTime::currentMSecsSinceEpoch();
        } else if (!m_smiWarned) {
            m_smiWarned = true; // once: it would repeat every tick
            qCWarning(lcTelemetry, "nvidia-smi gave no GPU metrics (%s)",
                     qPrintable(err.isEmpty() ? QStringLiteral("exit %1").arg(code) : err));
        }
        done();
    });
    connect(p, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        if (!m_smiWarned) {
            m_smiWarned = true;
            qCWarning(lcTelemetry, "nvidia-smi cannot be started: GPU metrics unavailable");
        }
        done();
    });
    // Never on the event loop's time: asynchronous, and killed when it hangs (a wedged driver does that).
    QTimer::singleShot(5000, p, [p] { p->kill(); });
    p->start(QStringLiteral("nvidia-smi"), sched::nvidiaSmiMetricsArguments());
}

namespace {
// Board power of the simulated types (the makers' TDP), for a model that is plausible, not measured.
double simulatedTdpWatts(const QString &type)
{
    if (type.startsWith(QLatin1String("A100")))
        return 400;
    if (type.startsWith(QLatin1String("H100")))
        return 700;
    if (type == QLatin1String("L4"))
        return 72;
    if (type == QLatin1String("T4"))
        return 70;
    return 300;
}
} // namespace

sched::GpuReading Sampler::simulatedReading(int index, double share) const
{
    // A GPU busy as much as the job's CPUs are: utilisation follows the container's CPU share, memory and power
    // rise with it from an idle floor. Only ever served marked simulated.
    sched::GpuReading r;
    const auto &gpus = m_executor.inventory().gpus;
    const auto it = std::find_if(gpus.cbegin(), gpus.cend(), [index](const sched::Gpu &g) { return g.index == index; });
    const qint64 totalBytes = it == gpus.cend() ? 0 : it->memoryMiB << 20;
    const double tdp = simulatedTdpWatts(it == gpus.cend() ? QString() : it->type);
    share = std::clamp(share, 0.0, 1.0);
    r.utilizationPercent = std::round(share * 100.0);
    r.memoryUsedBytes = qint64(double(totalBytes) * (0.05 + 0.75 * share));
    r.powerWatts = std::round(tdp * (0.15 + 0.85 * share) * 10.0) / 10.0;
    r.powerLimitWatts = tdp;
    return r;
}

std::optional<sched::GpuReading> Sampler::gpuReading(int index, bool live)
{
    switch (m_gpuSource) {
    case GpuSource::Nvml:
        return m_nvml->read(unsigned(index));
    case GpuSource::NvidiaSmi: {
        // The newest answer, if it is recent: a stale one is not this moment's value.
        const qint64 maxAge = 3ll * std::max(100, m_settings.intervalMs) + 5000;
        if (QDateTime::currentMSecsSinceEpoch() - m_smiAtMs > maxAge)
            return std::nullopt;
        const auto it = m_smiLast.constFind(index);
        return it == m_smiLast.constEnd() ? std::nullopt : std::optional<sched::GpuReading>(*it);
    }
    case GpuSource::Simulated: {
        if (live)
            return m_simulatedLast.value(index, simulatedReading(index, 0.0)); // free: idle
        return std::nullopt;
    }
    case GpuSource::None:
        break;
    }
    return std::nullopt;
}

void Sampler::ensureRunning()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void Sampler::tick()
{
    const QList<runtime::LocalExecutor::RunningContainer> running = m_executor.runningContainers();
    if (m_gpuSource == GpuSource::NvidiaSmi &&
        std::any_of(running.cbegin(), running.cend(), [](const auto &rc) { return !rc.gpus.isEmpty(); }))
        querySmi();
    QSet<int> held;
    QSet<QString> alive;
    for (const auto &rc : running) {
        alive.insert(rc.jobId);
        Tracked &t = m_tracked[rc.jobId];
        if (t.container != rc.container) {
            t = Tracked{};
            t.container = rc.container;
            // The energy so far goes on from the stored series (seedd restarted while the job ran).
            const QList<Sample> &stored = loaded(rc.jobId);
            if (!stored.isEmpty())
                t.energyJoules = stored.last().energyJoules;
        }
        t.gpus = rc.gpus;
        t.workspace = m_executor.workspaceDir(rc.jobId);
        // The cgroup from /proc where the runtime can read it there (at once, no process); else from inspect, asked
        // from the job's second tick on: a `podman inspect` costs about as much CPU as a trivial job's whole start,
        // and a job that ends within its first tick has nothing to chart.
        if (t.cgroup.isEmpty() && !t.resolving) {
            if (const QString cg = m_runtime.knownCgroup(rc.container); !cg.isEmpty()) {
                t.cgroup = cg;
                t.cpuLimitCores = cpuLimit(cg);
            } else if (t.ticks > 0) {
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
        }
        const Sample s = sampleOne(rc.jobId, t);
        store(rc.jobId, s);
        for (int g : std::as_const(rc.gpus))
            held.insert(g);
    }
    for (auto it = m_simulatedLast.begin(); it != m_simulatedLast.end();)
        it = held.contains(it.key()) ? std::next(it) : m_simulatedLast.erase(it); // given back: idle again
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

Sample Sampler::sampleOne(const QString &jobId, Tracked &t)
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
    if (t.ticks++ % std::max(1, m_settings.diskEveryTicks) == 0 && !t.walking) {
        // A job's workspace may hold a million files (seconds to walk): walked on a worker, the sample carries
        // the newest size known. The answer is dropped if the sampler, or the job's container, is gone by then.
        t.walking = true;
        fs::runOffThread(
            this, [ws = t.workspace] { return diskUsed(ws); },
            [this, jobId, container = t.container](qint64 bytes) {
                const auto it = m_tracked.find(jobId);
                if (it == m_tracked.end() || it->container != container)
                    return;
                it->walking = false;
                it->lastDisk = bytes;
            });
    }
    s.diskBytes = t.lastDisk;
    gpuSample(t, s);
    return s;
}

void Sampler::gpuSample(Tracked &t, Sample &s)
{
    if (t.gpus.isEmpty() || m_gpuSource == GpuSource::None)
        return; // no GPU, or nothing to read them with: nothing measured, nothing invented
    QList<sched::GpuReading> readings;
    if (m_gpuSource == GpuSource::Simulated) {
        // The share of the job's CPU limit it uses (one core when unlimited).
        const double share = s.cpuPercent ? *s.cpuPercent / 100.0 / std::max(1.0, t.cpuLimitCores.value_or(1.0)) : 0.0;
        for (int g : std::as_const(t.gpus)) {
            readings << simulatedReading(g, share);
            m_simulatedLast.insert(g, readings.last());
        }
        s.gpuSimulated = true;
    } else {
        for (int g : std::as_const(t.gpus)) {
            const auto r = gpuReading(g, false);
            if (!r)
                return; // one GPU unreadable: the job's figures would be wrong, so none
            readings << *r;
        }
    }
    if (std::all_of(readings.cbegin(), readings.cend(),
                    [](const auto &r) { return r.utilizationPercent.has_value(); })) {
        double sum = 0;
        for (const auto &r : std::as_const(readings))
            sum += *r.utilizationPercent;
        s.gpuPercent = sum / double(readings.size());
    }
    if (std::all_of(readings.cbegin(), readings.cend(), [](const auto &r) { return r.memoryUsedBytes.has_value(); })) {
        qint64 mem = 0;
        for (const auto &r : std::as_const(readings))
            mem += *r.memoryUsedBytes;
        s.gpuMemoryBytes = mem;
    }
    if (std::all_of(readings.cbegin(), readings.cend(), [](const auto &r) { return r.powerWatts.has_value(); })) {
        double w = 0;
        for (const auto &r : std::as_const(readings))
            w += *r.powerWatts;
        s.gpuPowerWatts = w;
    }
    // Energy per GPU since the previous sample: the driver's total-energy counter where it has one (exact),
    // else the power integrated over the interval (trapezoids). Nothing before the job's first sample.
    bool any = false;
    double joules = 0;
    for (qsizetype i = 0; i < readings.size(); ++i) {
        const sched::GpuReading &r = readings[i];
        Tracked::GpuTrack &g = t.gpuTrack[t.gpus[i]];
        if (r.energyMillijoules && g.lastMillijoules && *r.energyMillijoules >= *g.lastMillijoules) {
            joules += double(*r.energyMillijoules - *g.lastMillijoules) / 1000.0;
            any = true;
        } else if (r.powerWatts && g.lastWatts && s.atMs > g.lastAtMs) {
            joules += (*r.powerWatts + *g.lastWatts) / 2.0 * double(s.atMs - g.lastAtMs) / 1000.0;
            any = true;
        } else if (r.energyMillijoules || r.powerWatts) {
            any = true; // the first reading: the start of the count
        }
        g.lastMillijoules = r.energyMillijoules;
        g.lastWatts = r.powerWatts;
        g.lastAtMs = s.atMs;
    }
    if (any)
        t.energyJoules = t.energyJoules.value_or(0) + joules;
    s.energyJoules = t.energyJoules;
}

QList<Sample> &Sampler::loaded(const QString &jobId)
{
    auto it = m_series.find(jobId);
    if (it != m_series.end())
        return *it;
    return *m_series.insert(jobId, m_store.samples(jobId));
}

namespace {
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
        m_store.insertSample(jobId, s);
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
        m.gpuPowerWatts = mean(a.gpuPowerWatts, a.spanMs, b.gpuPowerWatts, b.spanMs);
        m.energyJoules = b.energyJoules ? b.energyJoules : a.energyJoules; // a running total: the later one
        m.gpuSimulated = a.gpuSimulated || b.gpuSimulated;
        merged.append(m);
    }
    if (series.size() % 2)
        merged.append(series.last());
    series = merged;
    m_store.replaceSamples(jobId, series);
}

QList<Sample> Sampler::series(const QString &jobId) { return loaded(jobId); }

std::optional<double> Sampler::energyKwh(const QString &jobId, bool terminal)
{
    const auto kwh = [](const std::optional<double> &j) {
        return j ? std::optional<double>(std::round(*j * 1000.0) / 1000.0 / 3.6e6) : std::nullopt;
    };
    if (m_tracked.contains(jobId)) // running: the newest sample
        return kwh(m_last.value(jobId).energyJoules);
    if (auto it = m_energyDone.constFind(jobId); it != m_energyDone.constEnd())
        return *it;
    // Not tracked: its last stored sample, one indexed row; remembered once the job has ended (then it no
    // longer changes).
    const std::optional<double> e = kwh(m_store.lastEnergyJoules(jobId));
    if (terminal)
        m_energyDone.insert(jobId, e);
    return e;
}

QJsonObject Sampler::analyticsJson(const wire::Job &job)
{
    QJsonObject o{{QStringLiteral("name"), job.name},
                  {QStringLiteral("namespace"), job.ns},
                  {QStringLiteral("gpu_utilization_percent"), 0},
                  {QStringLiteral("cpu_utilization_percent"), 0},
                  {QStringLiteral("memory_used_gb"), 0},
                  {QStringLiteral("disk_used_gb"), 0},
                  {QStringLiteral("runtime_seconds"), job.runtimeSeconds},
                  {QStringLiteral("gpu_measured"), false},
                  {QStringLiteral("energy_kwh"), 0}};
    if (m_settings.pricePerKwh) {
        o.insert(QStringLiteral("energy_cost"), 0);
        o.insert(QStringLiteral("energy_currency"), m_settings.currency);
    }
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
    // The contract's field is always a number; whether it is a reading says gpu_measured (0 and false: nothing
    // was measured, never an invented number).
    o.insert(QStringLiteral("gpu_utilization_percent"), qRound(last->gpuPercent.value_or(0)));
    o.insert(QStringLiteral("gpu_measured"), gpuJob && last->gpuPercent.has_value() && !last->gpuSimulated);
    // Energy of the job's GPUs so far (kWh, unrounded beyond a millijoule), and its price when configured.
    const double kwh = std::round(last->energyJoules.value_or(0) * 1000.0) / 1000.0 / 3.6e6;
    o.insert(QStringLiteral("energy_kwh"), kwh);
    if (m_settings.pricePerKwh)
        o.insert(QStringLiteral("energy_cost"), std::round(kwh * *m_settings.pricePerKwh * 1e6) / 1e6);
    // Additive (docs/api.md): exact values, and what could not be measured.
    o.insert(QStringLiteral("cpu_cores_used"), opt(std::optional<double>(cores), 2));
    o.insert(QStringLiteral("cpu_limit_cores"), hasLimit ? QJsonValue(std::round(limitCores * 100) / 100) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("memory_used_bytes"), opt(last->memoryBytes));
    o.insert(QStringLiteral("disk_used_bytes"), opt(last->diskBytes));
    if (gpuJob) {
        o.insert(QStringLiteral("gpu_memory_used_bytes"), opt(last->gpuMemoryBytes));
        o.insert(QStringLiteral("gpu_simulated"), simulated);
        o.insert(QStringLiteral("gpu_telemetry"), sourceName(m_gpuSource));
        o.insert(QStringLiteral("gpu_power_watts"), opt(last->gpuPowerWatts));
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
        const std::optional<sched::GpuReading> r = gpuReading(index, true);
        g.insert(QStringLiteral("utilization_percent"), r ? opt(r->utilizationPercent) : QJsonValue(QJsonValue::Null));
        g.insert(QStringLiteral("memory_used_mib"),
                 r && r->memoryUsedBytes ? QJsonValue(*r->memoryUsedBytes >> 20) : QJsonValue(QJsonValue::Null));
        g.insert(QStringLiteral("power_watts"), r ? opt(r->powerWatts) : QJsonValue(QJsonValue::Null));
        g.insert(QStringLiteral("power_limit_watts"), r ? opt(r->powerLimitWatts) : QJsonValue(QJsonValue::Null));
        g.insert(QStringLiteral("temperature_c"),
                 r && r->temperatureC ? QJsonValue(*r->temperatureC) : QJsonValue(QJsonValue::Null));
        // Where the numbers come from; "simulated" ones are a model, never a measurement.
        g.insert(QStringLiteral("telemetry"), sourceName(m_gpuSource));
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
    m.insert(QStringLiteral("gpu_telemetry"), sourceName(m_gpuSource));
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
    if (!ns.isEmpty())
        m.insert(QStringLiteral("namespace_energy"), namespaceEnergyJson(ns));
    return m;
}

QJsonObject Sampler::namespaceEnergyJson(const QString &ns)
{
    // Every job of the namespace, ended or running: its newest stored energy reading.
    const auto [jobs, joules] = m_store.namespaceEnergyJoules(ns);
    const double kwh = std::round(joules * 1000.0) / 1000.0 / 3.6e6;
    QJsonObject e{{QStringLiteral("jobs"), jobs},
                  {QStringLiteral("energy_kwh"), kwh},
                  {QStringLiteral("simulated"), m_executor.inventory().simulated()}};
    if (m_settings.pricePerKwh) {
        e.insert(QStringLiteral("energy_cost"), std::round(kwh * *m_settings.pricePerKwh * 1e6) / 1e6);
        e.insert(QStringLiteral("currency"), m_settings.currency);
    }
    return e;
}

QJsonObject Sampler::seriesJson(const wire::Job &job)
{
    QJsonArray points;
    const QList<Sample> s = series(job.id);
    for (const Sample &x : s)
        points.append(QJsonObject{
            {QStringLiteral("timestamp"), wire::formatTimeMs(QDateTime::fromMSecsSinceEpoch(x.atMs, Qt::UTC))},
            {QStringLiteral("span_ms"), x.spanMs},
            {QStringLiteral("cpu_percent"), opt(x.cpuPercent)},
            {QStringLiteral("memory_used_bytes"), opt(x.memoryBytes)},
            {QStringLiteral("disk_used_bytes"), opt(x.diskBytes)},
            {QStringLiteral("gpu_utilization_percent"), opt(x.gpuPercent)},
            {QStringLiteral("gpu_memory_used_bytes"), opt(x.gpuMemoryBytes)},
            {QStringLiteral("gpu_power_watts"), opt(x.gpuPowerWatts)},
            {QStringLiteral("energy_kwh"), x.energyJoules ? QJsonValue(*x.energyJoules / 3.6e6) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("gpu_simulated"), x.gpuSimulated}});
    return QJsonObject{{QStringLiteral("name"), job.name},
                       {QStringLiteral("namespace"), job.ns},
                       {QStringLiteral("interval_ms"), m_settings.intervalMs},
                       {QStringLiteral("max_points"), m_settings.maxPoints},
                       {QStringLiteral("gpu_telemetry"), sourceName(m_gpuSource)},
                       {QStringLiteral("points"), points}};
}

} // namespace seed::telemetry
