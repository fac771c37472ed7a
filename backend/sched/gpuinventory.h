#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "nvml.h"

#include <optional>

namespace seed::sched {

struct Gpu
{
    int index = 0;
    QString uuid;      // "GPU-..." (what CUDA_VISIBLE_DEVICES accepts)
    QString model;     // as the driver names it, e.g. "NVIDIA H200"
    QString type;      // contract type (A100-80GB, ...) or empty when it stands in for none
    qint64 memoryMiB = 0;
    bool simulated = false;

    QJsonObject toJson() const;
};

struct GpuInventory
{
    QString source = QStringLiteral("none"); // "nvml", "nvidia-smi", "simulated" or "none"
    QList<Gpu> gpus;
    QString note; // why detection fell back, when it did

    bool simulated() const { return source == QLatin1String("simulated"); }
    int count(const QString &type) const;
    QString describe() const; // "4 x A100-80GB, 2 x L4 (simulated)"
};

// The contract type a GPU model is offered as. Rule (docs/api.md): a GPU is offered as the contract type it
// can stand in for: same family, or a newer one of the same class with at least the memory. A100/A800 by
// memory (> 48 GiB: A100-80GB, else A100-40GB); H100, H800, H200, GH200 -> H100-80GB; L4, L40, L40S -> L4;
// T4 -> T4. Anything else maps to "" (listed, never allocated).
QString contractTypeFor(const QString &model, qint64 memoryMiB);

// `nvidia-smi --query-gpu=index,uuid,name,memory.total --format=csv[,noheader][,nounits]`
std::optional<QList<Gpu>> parseNvidiaSmiCsv(const QByteArray &csv, QString *error);
QStringList nvidiaSmiArguments();
// The sampler's fallback where NVML cannot load: `nvidia-smi --query-gpu=index,utilization.gpu,memory.used,
// power.draw,temperature.gpu --format=csv,noheader,nounits` (a header line and units are accepted too).
// "[N/A]" and "[Not Supported]" leave that metric empty. Keyed by index.
QStringList nvidiaSmiMetricsArguments();
std::optional<QHash<int, GpuReading>> parseNvidiaSmiMetrics(const QByteArray &csv, QString *error);

Gpu gpuFromNvml(const NvmlDevice &d);
// One JSON object per line: {"index":0,"name":"...","uuid":"...","memory_total_bytes":N} (the recorder's
// output, tests/fixtures/gpu/).
std::optional<QList<NvmlDevice>> parseNvmlRecord(const QByteArray &jsonLines, QString *error);
// dlopen("libnvidia-ml.so.1"); nullopt with a reason when NVML is absent or fails.
std::optional<QList<NvmlDevice>> queryNvml(QString *error);

// "A100-80GB:4,L4:2" -> indices 0..3 A100-80GB, 4..5 L4, simulated, with stable fake UUIDs.
inline constexpr int kMaxSimulatedGpus = 64; // in one simulated inventory, all types together
std::optional<QList<Gpu>> parseSimulated(const QString &spec, QString *error);

// NVML, then nvidia-smi, then nothing.
GpuInventory detectGpus();

// Host capacity as the kernel reports it.
int hostCpuCount();
qint64 hostMemoryBytes();

} // namespace seed::sched
