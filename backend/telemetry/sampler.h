#pragma once

#include "store/store.h"

#include "sched/nvml.h"
#include "wire/job.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <memory>
#include <optional>

namespace seed::runtime {
class LocalExecutor;
class Runtime;
}
namespace seed::jobs {
class JobService;
}

namespace seed::telemetry {

// One point of a job's series (stored in job_samples by the store).
using Sample = store::JobSample;

struct SamplerSettings
{
    int intervalMs = 1000;   // one tick for every running job
    int maxPoints = 600;     // per job: beyond it, neighbouring samples are merged (the series halves)
    int diskEveryTicks = 10; // the workspace walk is the costly part
    std::optional<double> pricePerKwh; // config "electricity": energy_cost when set
    QString currency;
};

// Samples every running job of the local runner on one tick, only while jobs run: CPU and memory from the
// container's cgroup files (v1 or v2), disk used of its /workspace, GPU utilisation, memory, power and energy
// through NVML (else nvidia-smi) for real GPUs; for simulated GPUs a model that follows the job's CPU share,
// always marked simulated. Keeps a bounded, downsampled series per job in SQLite (job_samples) and serves
// analytics, the series and the machine view.
class Sampler : public QObject
{
    Q_OBJECT
public:
    Sampler(runtime::LocalExecutor &executor, runtime::Runtime &runtime, jobs::JobService &jobs, store::Store &store,
            SamplerSettings settings, QObject *parent = nullptr);
    ~Sampler() override;

    // GET .../analytics: the contract's fields from the newest sample, plus additive ones.
    QJsonObject analyticsJson(const wire::Job &job);
    QList<Sample> series(const QString &jobId);
    // GET .../analytics/series' body: the job's series with the sampling settings.
    QJsonObject seriesJson(const wire::Job &job);
    // The job's GPU energy so far (kWh), once sampled with a power or energy reading.
    std::optional<double> energyKwh(const QString &jobId, bool terminal);
    // GET /{ns}/machine/view's body (the inventory with each GPU's newest reading), also read by /metrics.
    QJsonObject machineJson(const QString &ns);

private:
    struct Tracked
    {
        QString container;
        QString cgroup;          // "" until inspect answered; "-" when unknown
        bool resolving = false;
        qint64 lastCpuNs = -1;
        qint64 lastCpuAtMs = 0;
        std::optional<qint64> lastDisk;
        bool walking = false; // a walk of the workspace is under way on a worker
        std::optional<double> cpuLimitCores;
        int ticks = 0;
        QList<int> gpus;
        QString workspace;
        struct GpuTrack
        {
            std::optional<qint64> lastMillijoules;
            std::optional<double> lastWatts;
            qint64 lastAtMs = 0;
        };
        QHash<int, GpuTrack> gpuTrack;
        std::optional<double> energyJoules; // carried over from the stored series when seedd restarted
    };
    enum class GpuSource { None, Nvml, NvidiaSmi, Simulated };
    static QString sourceName(GpuSource s);
    void tick();
    void ensureRunning();
    Sample sampleOne(const QString &jobId, Tracked &t);
    void store(const QString &jobId, const Sample &s);
    QList<Sample> &loaded(const QString &jobId);
    void gpuSample(Tracked &t, Sample &s);
    std::optional<sched::GpuReading> gpuReading(int index, bool live);
    sched::GpuReading simulatedReading(int index, double share) const;
    void querySmi();
    QJsonObject namespaceEnergyJson(const QString &ns);

    runtime::LocalExecutor &m_executor;
    runtime::Runtime &m_runtime;
    jobs::JobService &m_jobs;
    store::Store &m_store;
    SamplerSettings m_settings;
    QTimer m_timer;
    QHash<QString, Tracked> m_tracked;
    QHash<QString, QList<Sample>> m_series; // loaded lazily, kept while running
    QHash<QString, Sample> m_last;
    QHash<QString, std::optional<double>> m_energyDone; // ended jobs' final energy, looked up once
    GpuSource m_gpuSource = GpuSource::None;
    std::unique_ptr<sched::Nvml> m_nvml;
    QPointer<QProcess> m_smi; // one nvidia-smi at a time
    QHash<int, sched::GpuReading> m_smiLast;
    qint64 m_smiAtMs = 0;
    bool m_smiWarned = false;
    QHash<int, sched::GpuReading> m_simulatedLast; // per simulated GPU, from its holder's newest sample
};

} // namespace seed::telemetry
