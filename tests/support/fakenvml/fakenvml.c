/*
 * A test double of NVML (libnvidia-ml.so.1): the entry points seedd calls, with values scripted from a file.
 * Built only with the tests, into a directory of its own; a test puts that directory on LD_LIBRARY_PATH so
 * that seedd's real dlopen("libnvidia-ml.so.1") finds it. Installed nowhere.
 *
 * The script is the file named by SEED_FAKE_NVML_SCRIPT, read once by nvmlInit_v2. Lines:
 *
 *   # a comment; blank lines are ignored
 *   gpu INDEX UUID MEMORY_TOTAL_BYTES POWER_LIMIT_MW NAME...
 *       one per device, indices 0..N-1 in order; NAME is the rest of the line ("NVIDIA A100-SXM4-80GB")
 *   T_SECONDS GPU_INDEX UTIL_PERCENT MEM_USED_BYTES POWER_MW ENERGY_MJ TEMP_C
 *       what GPU_INDEX reports from T_SECONDS on (until its next line with a later T). T counts from
 *       SEED_FAKE_NVML_T0 (Unix time, seconds, may have decimals) when set, else from the script file's mtime.
 *       ENERGY_MJ is the total-energy counter at T: later reads add POWER_MW x (now - T) to it, as a real
 *       counter grows. Any value "-" makes its getter answer NVML_ERROR_NOT_SUPPORTED (e.g. no energy counter
 *       before Volta). Before a GPU's first line every getter but name/UUID/memory total is NOT_SUPPORTED.
 *
 * SEED_FAKE_NVML_FAIL_INIT=1 makes nvmlInit_v2 fail (driver not loaded). Every call is counted; the counts
 * are written to SEED_FAKE_NVML_CALLS (if set) at nvmlShutdown, "FUNCTION COUNT" per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_UNKNOWN 999

#define MAX_GPUS 64
#define MAX_ROWS_PER_GPU 256
#define NA (-1.0)

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;

struct row { double t; double util, mem, power, energy, temp; };
struct dev {
    int present;
    char uuid[96];
    char name[96];
    unsigned long long memTotal;
    double powerLimit;
    struct row rows[MAX_ROWS_PER_GPU];
    int nrows;
};

static struct dev g_devs[MAX_GPUS];
static int g_count;
static int g_inits;
static double g_t0;

enum { C_INIT, C_SHUTDOWN, C_COUNT, C_HANDLE, C_NAME, C_UUID, C_MEM, C_UTIL, C_POWER, C_LIMIT, C_ENERGY, C_TEMP, C_N };
static const char *const g_callNames[C_N] = {"nvmlInit_v2", "nvmlShutdown", "nvmlDeviceGetCount_v2",
    "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetName", "nvmlDeviceGetUUID", "nvmlDeviceGetMemoryInfo",
    "nvmlDeviceGetUtilizationRates", "nvmlDeviceGetPowerUsage", "nvmlDeviceGetEnforcedPowerLimit",
    "nvmlDeviceGetTotalEnergyConsumption", "nvmlDeviceGetTemperature"};
static unsigned long g_calls[C_N];

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double num(const char *s)
{
    if (!s || strcmp(s, "-") == 0)
        return NA;
    return strtod(s, NULL);
}

static int load(void)
{
    const char *path = getenv("SEED_FAKE_NVML_SCRIPT");
    FILE *f;
    char line[1024];
    struct stat st;
    memset(g_devs, 0, sizeof g_devs);
    g_count = 0;
    if (!path || !(f = fopen(path, "r")))
        return 0;
    if (getenv("SEED_FAKE_NVML_T0"))
        g_t0 = strtod(getenv("SEED_FAKE_NVML_T0"), NULL);
    else
        g_t0 = stat(path, &st) == 0 ? (double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec / 1e9 : now();
    while (fgets(line, sizeof line, f)) {
        char *tok[8] = {0};
        int n = 0;
        char *p = line, *save = NULL;
        line[strcspn(line, "\r\n")] = 0;
        while (*p == ' ' || *p == '\t')
            ++p;
        if (*p == '#' || *p == 0)
            continue;
        if (strncmp(p, "gpu ", 4) == 0) {
            /* gpu INDEX UUID MEMORY_TOTAL_BYTES POWER_LIMIT_MW NAME... */
            char uuid[96] = {0};
            unsigned idx = 0;
            unsigned long long mem = 0;
            char limit[32] = {0};
            int used = 0;
            if (sscanf(p, "gpu %u %95s %llu %31s %n", &idx, uuid, &mem, limit, &used) < 4 || idx >= MAX_GPUS)
                continue;
            g_devs[idx].present = 1;
            snprintf(g_devs[idx].uuid, sizeof g_devs[idx].uuid, "%s", uuid);
            snprintf(g_devs[idx].name, sizeof g_devs[idx].name, "%s", used ? p + used : "");
            g_devs[idx].memTotal = mem;
            g_devs[idx].powerLimit = num(limit);
            if ((int)idx + 1 > g_count)
                g_count = (int)idx + 1;
            continue;
        }
        for (char *t = strtok_r(p, " \t", &save); t && n < 8; t = strtok_r(NULL, " \t", &save))
            tok[n++] = t;
        if (n < 7)
            continue;
        {
            unsigned idx = (unsigned)strtoul(tok[1], NULL, 10);
            struct dev *d;
            struct row *r;
            if (idx >= MAX_GPUS || g_devs[idx].nrows >= MAX_ROWS_PER_GPU)
                continue;
            d = &g_devs[idx];
            r = &d->rows[d->nrows++];
            r->t = num(tok[0]);
            r->util = num(tok[2]);
            r->mem = num(tok[3]);
            r->power = num(tok[4]);
            r->energy = num(tok[5]);
            r->temp = num(tok[6]);
        }
    }
    fclose(f);
    return 1;
}

/* The row in force now, or NULL before the first one. */
static const struct row *current(const struct dev *d, double *elapsed)
{
    const double t = now() - g_t0;
    const struct row *best = NULL;
    for (int i = 0; i < d->nrows; ++i)
        if (d->rows[i].t <= t && (!best || d->rows[i].t >= best->t))
            best = &d->rows[i];
    if (best && elapsed)
        *elapsed = t - best->t;
    return best;
}

static struct dev *devOf(void *handle)
{
    struct dev *d = (struct dev *)handle;
    if (!g_inits || d < g_devs || d >= g_devs + g_count || !d->present)
        return NULL;
    return d;
}

int nvmlInit_v2(void)
{
    ++g_calls[C_INIT];
    if (getenv("SEED_FAKE_NVML_FAIL_INIT") && strcmp(getenv("SEED_FAKE_NVML_FAIL_INIT"), "1") == 0)
        return NVML_ERROR_DRIVER_NOT_LOADED;
    if (g_inits == 0 && !load())
        return NVML_ERROR_DRIVER_NOT_LOADED;
    ++g_inits;
    return NVML_SUCCESS;
}

int nvmlInit(void) { return nvmlInit_v2(); }

int nvmlShutdown(void)
{
    const char *out = getenv("SEED_FAKE_NVML_CALLS");
    ++g_calls[C_SHUTDOWN];
    if (!g_inits)
        return NVML_ERROR_UNINITIALIZED;
    --g_inits;
    if (out) {
        FILE *f = fopen(out, "a");
        if (f) {
            for (int i = 0; i < C_N; ++i)
                fprintf(f, "%s %lu\n", g_callNames[i], g_calls[i]);
            fclose(f);
        }
    }
    return NVML_SUCCESS;
}

const char *nvmlErrorString(int result)
{
    switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}

int nvmlDeviceGetCount_v2(unsigned int *count)
{
    ++g_calls[C_COUNT];
    if (!g_inits)
        return NVML_ERROR_UNINITIALIZED;
    if (!count)
        return NVML_ERROR_INVALID_ARGUMENT;
    *count = (unsigned)g_count;
    return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device)
{
    ++g_calls[C_HANDLE];
    if (!g_inits)
        return NVML_ERROR_UNINITIALIZED;
    if (!device || index >= (unsigned)g_count || !g_devs[index].present)
        return NVML_ERROR_INVALID_ARGUMENT;
    *device = &g_devs[index];
    return NVML_SUCCESS;
}

static int copyString(const char *s, char *buf, unsigned int length)
{
    if (!buf)
        return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(s) + 1 > length)
        return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(buf, s, strlen(s) + 1);
    return NVML_SUCCESS;
}

int nvmlDeviceGetName(void *device, char *name, unsigned int length)
{
    struct dev *d = devOf(device);
    ++g_calls[C_NAME];
    return d ? copyString(d->name, name, length) : NVML_ERROR_INVALID_ARGUMENT;
}

int nvmlDeviceGetUUID(void *device, char *uuid, unsigned int length)
{
    struct dev *d = devOf(device);
    ++g_calls[C_UUID];
    return d ? copyString(d->uuid, uuid, length) : NVML_ERROR_INVALID_ARGUMENT;
}

int nvmlDeviceGetMemoryInfo(void *device, nvmlMemory_t *memory)
{
    struct dev *d = devOf(device);
    const struct row *r;
    ++g_calls[C_MEM];
    if (!d || !memory)
        return NVML_ERROR_INVALID_ARGUMENT;
    r = current(d, NULL);
    memory->total = d->memTotal;
    memory->used = r && r->mem >= 0 ? (unsigned long long)r->mem : 0;
    memory->free = memory->total > memory->used ? memory->total - memory->used : 0;
    return NVML_SUCCESS;
}

int nvmlDeviceGetUtilizationRates(void *device, nvmlUtilization_t *utilization)
{
    struct dev *d = devOf(device);
    const struct row *r;
    ++g_calls[C_UTIL];
    if (!d || !utilization)
        return NVML_ERROR_INVALID_ARGUMENT;
    r = current(d, NULL);
    if (!r || r->util < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    utilization->gpu = (unsigned)r->util;
    utilization->memory = 0;
    return NVML_SUCCESS;
}

int nvmlDeviceGetPowerUsage(void *device, unsigned int *power)
{
    struct dev *d = devOf(device);
    const struct row *r;
    ++g_calls[C_POWER];
    if (!d || !power)
        return NVML_ERROR_INVALID_ARGUMENT;
    r = current(d, NULL);
    if (!r || r->power < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *power = (unsigned)r->power;
    return NVML_SUCCESS;
}

int nvmlDeviceGetEnforcedPowerLimit(void *device, unsigned int *limit)
{
    struct dev *d = devOf(device);
    ++g_calls[C_LIMIT];
    if (!d || !limit)
        return NVML_ERROR_INVALID_ARGUMENT;
    if (d->powerLimit < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *limit = (unsigned)d->powerLimit;
    return NVML_SUCCESS;
}

int nvmlDeviceGetTotalEnergyConsumption(void *device, unsigned long long *energy)
{
    struct dev *d = devOf(device);
    const struct row *r;
    double elapsed = 0;
    ++g_calls[C_ENERGY];
    if (!d || !energy)
        return NVML_ERROR_INVALID_ARGUMENT;
    r = current(d, &elapsed);
    if (!r || r->energy < 0 || r->power < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *energy = (unsigned long long)(r->energy + r->power * elapsed);
    return NVML_SUCCESS;
}

int nvmlDeviceGetTemperature(void *device, int sensor, unsigned int *temp)
{
    struct dev *d = devOf(device);
    const struct row *r;
    ++g_calls[C_TEMP];
    if (!d || !temp || sensor != 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    r = current(d, NULL);
    if (!r || r->temp < 0)
        return NVML_ERROR_NOT_SUPPORTED;
    *temp = (unsigned)r->temp;
    return NVML_SUCCESS;
}
