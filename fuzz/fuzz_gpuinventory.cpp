// What the GPU inventory reads from outside: nvidia-smi's CSV, the NVML record (JSON lines), and the
// simulated-GPU spec of seedd's configuration.
#include "fuzzcheck.h"

#include "sched/gpuinventory.h"

using namespace seed::sched;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray in(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    GpuInventory inv;
    if (const auto gpus = parseNvidiaSmiCsv(in, &error)) {
        inv.gpus = *gpus;
        for (const Gpu &g : std::as_const(inv.gpus))
            (void)g.toJson();
    } else {
        FUZZ_CHECK(!error.isEmpty());
    }
    (void)inv.describe();
    error.clear();
    if (const auto devs = parseNvmlRecord(in, &error)) {
        for (const NvmlDevice &d : *devs) {
            const Gpu g = gpuFromNvml(d);
            FUZZ_CHECK(g.memoryMiB >= 0);
            (void)g.toJson();
        }
    } else {
        FUZZ_CHECK(!error.isEmpty());
    }
    error.clear();
    if (const auto sim = parseSimulated(QString::fromUtf8(in), &error))
        FUZZ_CHECK(!sim->isEmpty());
    return 0;
}
