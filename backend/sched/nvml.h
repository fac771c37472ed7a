#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace seed::sched {

// What NVML reports for one device (the raw values the inventory reads).
struct NvmlDevice
{
    unsigned int index = 0;
    QByteArray name;
    QByteArray uuid;
    unsigned long long memoryTotalBytes = 0;
};

// One reading of one device (NVML or nvidia-smi); a metric the device or driver does not support stays empty.
struct GpuReading
{
    std::optional<double> utilizationPercent;
    std::optional<qint64> memoryUsedBytes;
    std::optional<double> powerWatts;
    std::optional<double> powerLimitWatts;
    std::optional<qint64> energyMillijoules; // total since the driver loaded (Volta and newer)
    std::optional<int> temperatureC;
};

// seedd's one binding of NVML: dlopen("libnvidia-ml.so.1") with our own declarations of the few entry points
// used (ABI of nvml.h, stable since driver 325), so that seedd builds and runs without the driver. Used by
// the inventory at start and by the sampler on every tick.
class Nvml
{
public:
    // nullptr with a reason when the library is absent, lacks a required function, or nvmlInit fails.
    static std::unique_ptr<Nvml> open(QString *error);
    ~Nvml(); // nvmlShutdown, dlclose
    Nvml(const Nvml &) = delete;
    Nvml &operator=(const Nvml &) = delete;

    std::optional<QList<NvmlDevice>> devices(QString *error) const;
    // Metrics of the device with this NVML index; nullopt when the device cannot be reached at all.
    std::optional<GpuReading> read(unsigned index) const;

private:
    Nvml() = default;
    struct Api;
    void *m_lib = nullptr;
    std::unique_ptr<Api> m_api;
};

} // namespace seed::sched
