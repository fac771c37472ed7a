#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace seed::wire {

// The closed vocabularies of the contract, in one place for the server's validation and the GUI's
// lists and combo boxes.
namespace catalog {
QStringList gpuTypes();     // A100-40GB, A100-80GB, H100-80GB, L4, T4, none
QList<int> gpuCounts();     // 1, 2, 4, 8
QList<int> cpuCounts();     // 2, 4, 8, 16, 32, 64, 96
QStringList regions();      // us-east-1, ...
QStringList statuses();     // the names of allJobStatuses() (jobstatus.h): the status filter's values
QStringList sortFields();   // created_at, started_at, completed_at, name
QStringList sortOrders();   // asc, desc

constexpr int kMaxPerPage = 100;
constexpr int kMaxTail = 10000;
constexpr int kMaxTimeoutMinutes = 10080;
constexpr int kMaxRetries = 5;
constexpr int kMaxNameLength = 128;
constexpr int kMaxCommandLength = 65536; // UTF-8 bytes: the command is one argument of `podman run`
constexpr int kMaxEnvValueBytes = 65536; // UTF-8 bytes of one env value (Linux takes at most 128 KiB per string)
constexpr int kMaxDiskGb = 10000;
constexpr int kMaxNodes = 64;
} // namespace catalog

// Per-GPU-type machine shapes: the ceilings of vCPUs and memory a job may ask for, per GPU. A request
// outside its shape is "an invalid GPU/CPU/memory combination" (422). Documented in docs/api.md.
struct MachineShape
{
    int maxCpuPerGpu = 0;      // for gpu == "none": the total vCPU ceiling
    int maxMemoryGbPerGpu = 0; // for gpu == "none": GB per vCPU
};
MachineShape machineShape(const QString &gpuType);

// Prices in cents per hour. GPU jobs are priced per GPU-hour (vCPUs and memory included); CPU-only jobs
// per vCPU-hour. The defaults make the contract's example hold: 4 x A100-80GB = 12.80 per hour.
struct PriceTable
{
    QMap<QString, qint64> centsPerGpuHour;
    qint64 centsPerCpuHour = 5;
    double spotFactor = 0.35; // a spot job's price: the on-demand price x this (0 < factor <= 1)

    static PriceTable defaults();
    qint64 costPerHourCents(const QString &gpu, int gpuCount, int cpu) const;
    // Per hour for `nodes` nodes of this shape; spot: the on-demand price x spotFactor, rounded to the cent.
    qint64 costPerHourCents(const QString &gpu, int gpuCount, int cpu, bool spot, int nodes) const;
};

qint64 totalCostCents(qint64 centsPerHour, qint64 runtimeSeconds);
QString formatMoney(qint64 cents); // "12.80"

} // namespace seed::wire
