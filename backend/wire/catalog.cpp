#include "catalog.h"

#include "jobstatus.h"

#include <QtNumeric>

#include <cmath>
#include <limits>

namespace seed::wire {

namespace catalog {
QStringList gpuTypes()
{
    return {QStringLiteral("A100-40GB"), QStringLiteral("A100-80GB"), QStringLiteral("H100-80GB"),
            QStringLiteral("L4"),        QStringLiteral("T4"),        QStringLiteral("none")};
}
QList<int> gpuCounts() { return {1, 2, 4, 8}; }
QList<int> cpuCounts() { return {2, 4, 8, 16, 32, 64, 96}; }
QStringList regions()
{
    return {QStringLiteral("us-east-1"), QStringLiteral("us-west-2"), QStringLiteral("eu-west-1"),
            QStringLiteral("eu-central-1"), QStringLiteral("ap-northeast-1")};
}
QStringList statuses()
{
    QStringList out;
    for (JobStatus s : allJobStatuses())
        out.append(jobStatusName(s));
    return out;
}
QStringList sortFields()
{
    return {QStringLiteral("created_at"), QStringLiteral("started_at"), QStringLiteral("completed_at"),
            QStringLiteral("name")};
}
QStringList sortOrders() { return {QStringLiteral("asc"), QStringLiteral("desc")}; }
} // namespace catalog

MachineShape machineShape(const QString &gpuType)
{
    if (gpuType == QLatin1String("A100-80GB") || gpuType == QLatin1String("H100-80GB"))
        return {24, 240};
    if (gpuType == QLatin1String("A100-40GB"))
        return {12, 120};
    if (gpuType == QLatin1String("L4"))
        return {16, 64};
    if (gpuType == QLatin1String("T4"))
        return {8, 52};
    return {96, 8}; // "none": up to 96 vCPUs, 8 GB per vCPU
}

PriceTable PriceTable::defaults()
{
    PriceTable t;
    t.centsPerGpuHour = {{QStringLiteral("A100-40GB"), 240}, {QStringLiteral("A100-80GB"), 320},
                         {QStringLiteral("H100-80GB"), 450}, {QStringLiteral("L4"), 80},
                         {QStringLiteral("T4"), 50}};
    t.centsPerCpuHour = 5;
    return t;
}

qint64 PriceTable::costPerHourCents(const QString &gpu, int gpuCount, int cpu) const
{
    if (gpu == QLatin1String("none") || gpu.isEmpty())
        return centsPerCpuHour * cpu;
    return centsPerGpuHour.value(gpu, 0) * gpuCount;
}

qint64 PriceTable::costPerHourCents(const QString &gpu, int gpuCount, int cpu, bool spot, int nodes) const
{
    qint64 perNode = costPerHourCents(gpu, gpuCount, cpu);
    if (spot)
        perNode = qint64(std::llround(double(perNode) * spotFactor));
    return perNode * qMax(1, nodes);
}

qint64 totalCostCents(qint64 centsPerHour, qint64 runtimeSeconds)
{
    // Rounded half up to the cent. A client computes this from a server's numbers: saturate, never overflow.
    qint64 product = 0;
    if (qMulOverflow(centsPerHour, runtimeSeconds, &product) || qAddOverflow(product, qint64(1800), &product))
        return (centsPerHour < 0) != (runtimeSeconds < 0) ? std::numeric_limits<qint64>::min() / 3600
                                                          : std::numeric_limits<qint64>::max() / 3600;
    return product / 3600;
}

QString formatMoney(qint64 cents)
{
    const QString sign = cents < 0 ? QStringLiteral("-") : QString();
    // Unsigned magnitude: -INT64_MIN does not fit a qint64 (a server may send any number).
    const quint64 a = cents < 0 ? 0 - quint64(cents) : quint64(cents);
    return sign + QString::number(a / 100) + u'.' + QString::number(a % 100).rightJustified(2, u'0');
}

} // namespace seed::wire
