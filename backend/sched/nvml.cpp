#include "nvml.h"

#include <QList>

#include <dlfcn.h>

namespace seed::sched {

namespace {
using nvmlReturn_t = int;
using nvmlDevice_t = void *;
struct nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct nvmlUtilization_t
{
    unsigned gpu;
    unsigned memory;
};
constexpr nvmlReturn_t NVML_SUCCESS = 0;
constexpr int NVML_TEMPERATURE_GPU = 0;
constexpr unsigned kNameLen = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE
constexpr unsigned kUuidLen = 96; // NVML_DEVICE_UUID_V2_BUFFER_SIZE
} // namespace

struct Nvml::Api
{
    nvmlReturn_t (*shutdown)() = nullptr;
    nvmlReturn_t (*count)(unsigned *) = nullptr;
    nvmlReturn_t (*handle)(unsigned, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*name)(nvmlDevice_t, char *, unsigned) = nullptr;
    nvmlReturn_t (*uuid)(nvmlDevice_t, char *, unsigned) = nullptr;
    nvmlReturn_t (*memory)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    // Optional: older drivers or devices lack some; a missing one leaves its metric empty.
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *) = nullptr;
    nvmlReturn_t (*power)(nvmlDevice_t, unsigned *) = nullptr;
    nvmlReturn_t (*powerLimit)(nvmlDevice_t, unsigned *) = nullptr;
    nvmlReturn_t (*energy)(nvmlDevice_t, unsigned long long *) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned *) = nullptr;
};

std::unique_ptr<Nvml> Nvml::open(QString *error)
{
    void *lib = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        *error = QStringLiteral("NVML not available (libnvidia-ml.so.1 not found)");
        return nullptr;
    }
    const auto sym = [lib]<typename F>(F &f, const char *name) { f = reinterpret_cast<F>(::dlsym(lib, name)); };
    auto api = std::make_unique<Api>();
    nvmlReturn_t (*init)() = nullptr;
    sym(init, "nvmlInit_v2");
    sym(api->shutdown, "nvmlShutdown");
    sym(api->count, "nvmlDeviceGetCount_v2");
    sym(api->handle, "nvmlDeviceGetHandleByIndex_v2");
    sym(api->name, "nvmlDeviceGetName");
    sym(api->uuid, "nvmlDeviceGetUUID");
    sym(api->memory, "nvmlDeviceGetMemoryInfo");
    sym(api->utilization, "nvmlDeviceGetUtilizationRates");
    sym(api->power, "nvmlDeviceGetPowerUsage");
    sym(api->powerLimit, "nvmlDeviceGetEnforcedPowerLimit");
    sym(api->energy, "nvmlDeviceGetTotalEnergyConsumption");
    sym(api->temperature, "nvmlDeviceGetTemperature");
    if (!init || !api->shutdown || !api->count || !api->handle || !api->name || !api->uuid || !api->memory) {
        ::dlclose(lib);
        *error = QStringLiteral("NVML: a required function is missing");
        return nullptr;
    }
    if (init() != NVML_SUCCESS) {
        ::dlclose(lib);
        *error = QStringLiteral("NVML: nvmlInit failed (driver not loaded?)");
        return nullptr;
    }
    std::unique_ptr<Nvml> n(new Nvml);
    n->m_lib = lib;
    n->m_api = std::move(api);
    return n;
}

Nvml::~Nvml()
{
    m_api->shutdown();
    ::dlclose(m_lib);
}

std::optional<QList<NvmlDevice>> Nvml::devices(QString *error) const
{
    QList<NvmlDevice> out;
    unsigned n = 0;
    nvmlReturn_t rc = m_api->count(&n);
    for (unsigned i = 0; rc == NVML_SUCCESS && i < n; ++i) {
        nvmlDevice_t dev = nullptr;
        NvmlDevice d;
        d.index = i;
        char buf[kNameLen > kUuidLen ? kNameLen : kUuidLen] = {};
        nvmlMemory_t mem = {};
        if ((rc = m_api->handle(i, &dev)) != NVML_SUCCESS || (rc = m_api->name(dev, buf, kNameLen)) != NVML_SUCCESS)
            break;
        d.name = QByteArray(buf, qstrnlen(buf, sizeof buf));
        if ((rc = m_api->uuid(dev, buf, kUuidLen)) != NVML_SUCCESS)
            break;
        d.uuid = QByteArray(buf, qstrnlen(buf, sizeof buf));
        if ((rc = m_api->memory(dev, &mem)) != NVML_SUCCESS)
            break;
        d.memoryTotalBytes = mem.total;
        out.append(d);
    }
    if (rc != NVML_SUCCESS) {
        *error = QStringLiteral("NVML: query failed with code %1").arg(rc);
        return std::nullopt;
    }
    return out;
}

std::optional<GpuReading> Nvml::read(unsigned index) const
{
    nvmlDevice_t d = nullptr;
    if (m_api->handle(index, &d) != NVML_SUCCESS)
        return std::nullopt;
    GpuReading r;
    nvmlMemory_t m{};
    if (m_api->memory(d, &m) == NVML_SUCCESS)
        r.memoryUsedBytes = qint64(m.used);
    nvmlUtilization_t u{};
    if (m_api->utilization && m_api->utilization(d, &u) == NVML_SUCCESS)
        r.utilizationPercent = double(u.gpu);
    unsigned mw = 0;
    if (m_api->power && m_api->power(d, &mw) == NVML_SUCCESS)
        r.powerWatts = double(mw) / 1000.0;
    if (m_api->powerLimit && m_api->powerLimit(d, &mw) == NVML_SUCCESS)
        r.powerLimitWatts = double(mw) / 1000.0;
    unsigned long long mj = 0;
    if (m_api->energy && m_api->energy(d, &mj) == NVML_SUCCESS && mj <= 0x7fffffffffffffffull)
        r.energyMillijoules = qint64(mj);
    unsigned t = 0;
    if (m_api->temperature && m_api->temperature(d, NVML_TEMPERATURE_GPU, &t) == NVML_SUCCESS)
        r.temperatureC = int(t);
    return r;
}

} // namespace seed::sched
