#include "gpuinventory.h"
#include "wire/lines.h"

#include "wire/catalog.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>

#include <cmath>
#include <limits>

#include <sched.h>
#include <unistd.h>

namespace seed::sched {

QJsonObject Gpu::toJson() const
{
    return QJsonObject{{QStringLiteral("index"), index},
                       {QStringLiteral("uuid"), uuid},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("type"), type.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(type)},
                       {QStringLiteral("memory_mib"), memoryMiB},
                       {QStringLiteral("simulated"), simulated}};
}

int GpuInventory::count(const QString &type) const
{
    return int(std::count_if(gpus.cbegin(), gpus.cend(), [&](const Gpu &g) { return g.type == type; }));
}

QString GpuInventory::describe() const
{
    if (gpus.isEmpty())
        return QStringLiteral("no GPUs");
    QStringList parts;
    QStringList seen;
    for (const Gpu &g : gpus) {
        const QString t = g.type.isEmpty() ? g.model : g.type;
        if (seen.contains(t))
            continue;
        seen << t;
        const int n = int(std::count_if(gpus.cbegin(), gpus.cend(), [&](const Gpu &o) {
            return (o.type.isEmpty() ? o.model : o.type) == t;
        }));
        parts << QStringLiteral("%1 x %2").arg(n).arg(t);
    }
    return parts.join(QStringLiteral(", ")) + (simulated() ? QStringLiteral(" (simulated)") : QString());
}

QString contractTypeFor(const QString &model, qint64 memoryMiB)
{
    const QString m = model.toUpper();
    const auto word = [&](const char *w) {
        return QRegularExpression(QStringLiteral("(^|[^A-Z0-9])%1([^A-Z0-9]|$)").arg(QLatin1String(w))).match(m).hasMatch();
    };
    if (m.contains(QLatin1String("A100")) || m.contains(QLatin1String("A800")))
        return memoryMiB > 48 * 1024 ? QStringLiteral("A100-80GB") : QStringLiteral("A100-40GB");
    if (m.contains(QLatin1String("H100")) || m.contains(QLatin1String("H800")) || m.contains(QLatin1String("H200")))
        return QStringLiteral("H100-80GB");
    if (word("L4") || word("L40") || word("L40S"))
        return QStringLiteral("L4");
    if (word("T4"))
        return QStringLiteral("T4");
    return {};
}

QStringList nvidiaSmiArguments()
{
    return {QStringLiteral("--query-gpu=index,uuid,name,memory.total"), QStringLiteral("--format=csv,noheader,nounits")};
}

namespace {
// The rows of nvidia-smi's `--format=csv,noheader,nounits` output, for both queries: each non-empty line split on
// ',' with its fields trimmed, a header row (first field "index") skipped, the GPU index checked. f(line, index,
// fields) returns false to stop; so does a bad row, with *error set.
template <typename F> bool forEachSmiRow(const QByteArray &csv, qsizetype minColumns, qsizetype maxColumns, QString *error, F &&f)
{
    bool ok = true;
    wire::forEachLine(csv.endsWith('\n') ? csv : csv + '\n', [&](QByteArrayView raw) {
        const QByteArray line = raw.toByteArray().trimmed();
        if (line.isEmpty())
            return true;
        QList<QByteArray> fields = line.split(',');
        for (QByteArray &field : fields)
            field = field.trimmed();
        const QString shown = QString::fromUtf8(line.left(200));
        if (fields.size() < minColumns || fields.size() > maxColumns) {
            *error = QStringLiteral("nvidia-smi: expected %1 columns, got: %2").arg(minColumns).arg(shown);
            return ok = false;
        }
        if (fields.first() == "index")
            return true;
        bool numeric = false;
        const int index = fields.first().toInt(&numeric);
        if (!numeric || index < 0 || index > 1023) {
            *error = QStringLiteral("nvidia-smi: bad index in: %1").arg(shown);
            return ok = false;
        }
        return ok = f(shown, index, fields);
    });
    return ok;
}
} // namespace

std::optional<QList<Gpu>> parseNvidiaSmiCsv(const QByteArray &csv, QString *error)
{
    QList<Gpu> out;
    const bool ok = forEachSmiRow(csv, 4, std::numeric_limits<qsizetype>::max(), error,
                                  [&](const QString &line, int index, const QList<QByteArray> &f) {
        Gpu g;
        g.index = index;
        g.uuid = QString::fromUtf8(f[1]);
        // Model names do not contain commas in practice; join defensively anyway.
        g.model = QString::fromUtf8(f.mid(2, f.size() - 3).join(','));
        QByteArray mem = f.last();
        if (mem.endsWith("MiB"))
            mem.chop(3);
        bool numeric = false;
        g.memoryMiB = mem.trimmed().toLongLong(&numeric);
        if (!numeric || g.memoryMiB < 0) {
            *error = QStringLiteral("nvidia-smi: bad memory.total in: %1").arg(line);
            return false;
        }
        g.type = contractTypeFor(g.model, g.memoryMiB);
        out.append(g);
        return true;
    });
    return ok ? std::optional<QList<Gpu>>(out) : std::nullopt;
}

QStringList nvidiaSmiMetricsArguments()
{
    return {QStringLiteral("--query-gpu=index,utilization.gpu,memory.used,power.draw,temperature.gpu"),
            QStringLiteral("--format=csv,noheader,nounits")};
}

std::optional<QHash<int, GpuReading>> parseNvidiaSmiMetrics(const QByteArray &csv, QString *error)
{
    // A field: a number, optionally with its unit ("37 %", "2048 MiB", "250.12 W"); "[N/A]", "[Not
    // Supported]" or anything else that is not a finite number >= 0 is unmeasured.
    const auto field = [](QByteArray f, const char *unit) -> std::optional<double> {
        f = f.trimmed();
        if (f.endsWith(unit))
            f.chop(qstrlen(unit));
        bool ok = false;
        const double v = f.trimmed().toDouble(&ok);
        return ok && std::isfinite(v) && v >= 0 ? std::optional<double>(v) : std::nullopt;
    };
    QHash<int, GpuReading> out;
    const bool ok = forEachSmiRow(csv, 5, 5, error, [&](const QString &, int index, const QList<QByteArray> &f) {
        GpuReading r;
        r.utilizationPercent = field(f[1], "%");
        if (r.utilizationPercent && *r.utilizationPercent > 100)
            r.utilizationPercent.reset();
        if (const auto mib = field(f[2], "MiB"); mib && *mib < 1e12)
            r.memoryUsedBytes = qint64(*mib * 1024 * 1024);
        r.powerWatts = field(f[3], "W");
        if (const auto c = field(f[4], ""); c && *c < 1000)
            r.temperatureC = int(*c);
        out.insert(index, r);
        return true;
    });
    return ok ? std::optional<QHash<int, GpuReading>>(out) : std::nullopt;
}

Gpu gpuFromNvml(const NvmlDevice &d)
{
    Gpu g;
    g.index = int(d.index);
    g.model = QString::fromUtf8(d.name.constData(), qstrnlen(d.name.constData(), d.name.size())).trimmed();
    g.uuid = QString::fromUtf8(d.uuid.constData(), qstrnlen(d.uuid.constData(), d.uuid.size())).trimmed();
    g.memoryMiB = qint64(d.memoryTotalBytes / (1024ull * 1024ull));
    g.type = contractTypeFor(g.model, g.memoryMiB);
    return g;
}

std::optional<QList<NvmlDevice>> parseNvmlRecord(const QByteArray &jsonLines, QString *error)
{
    QList<NvmlDevice> out;
    const QList<QByteArray> lines = jsonLines.split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError perr;
        const QJsonObject o = QJsonDocument::fromJson(line, &perr).object();
        if (perr.error != QJsonParseError::NoError || !o.contains(QStringLiteral("uuid"))) {
            *error = QStringLiteral("NVML record: not a device object: %1").arg(QString::fromUtf8(line.left(120)));
            return std::nullopt;
        }
        // Whole numbers in range only: a double outside unsigned long long has no defined conversion.
        const QJsonValue index = o.value(QStringLiteral("index"));
        const double bytes = o.value(QStringLiteral("memory_total_bytes")).toDouble(-1);
        if (!index.isDouble() || index.toInt(-1) < 0 || !(bytes >= 0 && bytes < 0x1p64) || bytes != std::floor(bytes)) {
            *error = QStringLiteral("NVML record: bad index or memory_total_bytes: %1")
                         .arg(QString::fromUtf8(line.left(120)));
            return std::nullopt;
        }
        NvmlDevice d;
        d.index = unsigned(index.toInt());
        d.name = o.value(QStringLiteral("name")).toString().toUtf8();
        d.uuid = o.value(QStringLiteral("uuid")).toString().toUtf8();
        d.memoryTotalBytes = static_cast<unsigned long long>(bytes);
        out.append(d);
    }
    return out;
}

std::optional<QList<NvmlDevice>> queryNvml(QString *error)
{
    const std::unique_ptr<Nvml> nvml = Nvml::open(error);
    return nvml ? nvml->devices(error) : std::nullopt;
}

namespace {
qint64 simulatedMemoryMiB(const QString &type)
{
    if (type == QLatin1String("A100-40GB"))
        return 40960;
    if (type == QLatin1String("L4"))
        return 23034;
    if (type == QLatin1String("T4"))
        return 15360;
    return 81920;
}
} // namespace

std::optional<QList<Gpu>> parseSimulated(const QString &spec, QString *error)
{
    QList<Gpu> out;
    const QStringList parts = spec.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QStringList tc = part.trimmed().split(u':');
        bool ok = tc.size() == 2;
        const int n = ok ? tc[1].toInt(&ok) : 0;
        const QString type = tc.value(0).trimmed();
        if (!ok || n < 1 || n > 64 || !wire::catalog::gpuTypes().contains(type) || type == QLatin1String("none")) {
            *error = QStringLiteral("simulated GPUs: '%1' is not TYPE:COUNT with TYPE one of A100-40GB, A100-80GB, "
                                    "H100-80GB, L4, T4")
                         .arg(part);
            return std::nullopt;
        }
        // No machine has more: a longer list is a mistake (and would make thousands of devices from a few KiB).
        if (out.size() + n > kMaxSimulatedGpus) {
            *error = QStringLiteral("simulated GPUs: at most %1 in all").arg(kMaxSimulatedGpus);
            return std::nullopt;
        }
        for (int i = 0; i < n; ++i) {
            Gpu g;
            g.index = int(out.size());
            g.uuid = QStringLiteral("GPU-5eed0000-0000-4000-8000-%1").arg(g.index, 12, 10, QLatin1Char('0'));
            g.model = QStringLiteral("Simulated %1").arg(type);
            g.type = type;
            g.memoryMiB = simulatedMemoryMiB(type);
            g.simulated = true;
            out.append(g);
        }
    }
    if (out.isEmpty()) {
        *error = QStringLiteral("simulated GPUs: empty list");
        return std::nullopt;
    }
    return out;
}

GpuInventory detectGpus()
{
    GpuInventory inv;
    QString nvmlError;
    if (auto devs = queryNvml(&nvmlError)) {
        inv.source = QStringLiteral("nvml");
        for (const NvmlDevice &d : std::as_const(*devs))
            inv.gpus.append(gpuFromNvml(d));
        return inv;
    }
    // Synchronous on purpose, and allowed only because detectGpus() runs once at startup, from
    // LocalRunner::create() in Daemon::start(), before the API server listens: no request can be waiting. Never
    // call it from a running event loop (bounded: 2 s to start, 10 s to answer).
    QProcess smi;
    smi.start(QStringLiteral("nvidia-smi"), nvidiaSmiArguments());
    if (smi.waitForStarted(2000) && smi.waitForFinished(10000) && smi.exitStatus() == QProcess::NormalExit &&
        smi.exitCode() == 0) {
        QString err;
        if (auto gpus = parseNvidiaSmiCsv(smi.readAllStandardOutput(), &err)) {
            inv.source = QStringLiteral("nvidia-smi");
            inv.gpus = *gpus;
            inv.note = nvmlError;
            return inv;
        }
        inv.note = nvmlError + QStringLiteral("; ") + err;
        return inv;
    }
    if (smi.state() != QProcess::NotRunning) {
        smi.kill();
        smi.waitForFinished(1000);
    }
    inv.note = nvmlError + QStringLiteral("; nvidia-smi not available");
    return inv;
}

int hostCpuCount()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof(set), &set) == 0)
        return CPU_COUNT(&set);
    return int(::sysconf(_SC_NPROCESSORS_ONLN));
}

qint64 hostMemoryBytes() { return qint64(::sysconf(_SC_PHYS_PAGES)) * qint64(::sysconf(_SC_PAGE_SIZE)); }

} // namespace seed::sched
