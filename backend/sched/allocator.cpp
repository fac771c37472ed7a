#include "allocator.h"

namespace seed::sched {

Allocator::Allocator(QList<Gpu> gpus, Capacity capacity) : m_gpus(std::move(gpus)), m_capacity(capacity) {}

Capacity Allocator::free() const
{
    Capacity c = m_capacity;
    for (const Held &h : m_held) {
        c.cpus -= h.cpus;
        c.memoryGb -= h.memoryGb;
    }
    return c;
}

QString Allocator::describe() const
{
    GpuInventory inv;
    inv.gpus = m_gpus;
    if (!m_gpus.isEmpty() && m_gpus.first().simulated)
        inv.source = QStringLiteral("simulated");
    return QStringLiteral("%1, %2 vCPUs and %3 GB of memory").arg(inv.describe()).arg(m_capacity.cpus).arg(m_capacity.memoryGb);
}

std::optional<QString> Allocator::neverFits(const Request &r) const
{
    QStringList missing;
    if (r.gpuType != QLatin1String("none") && r.gpuCount > 0) {
        const int have = int(std::count_if(m_gpus.cbegin(), m_gpus.cend(), [&](const Gpu &g) { return g.type == r.gpuType; }));
        if (have < r.gpuCount)
            missing << QStringLiteral("%1 x %2").arg(r.gpuCount).arg(r.gpuType);
    }
    if (r.cpus > m_capacity.cpus)
        missing << QStringLiteral("%1 vCPUs").arg(r.cpus);
    if (r.memoryGb > m_capacity.memoryGb)
        missing << QStringLiteral("%1 GB of memory").arg(r.memoryGb);
    if (missing.isEmpty())
        return std::nullopt;
    return QStringLiteral("This machine cannot run a job asking for %1: it has %2.")
        .arg(missing.join(QStringLiteral(" and ")), describe());
}

std::optional<Grant> Allocator::tryGrant(const Request &r)
{
    if (m_held.contains(r.jobId))
        return std::nullopt;
    const Capacity f = free();
    if (r.cpus > f.cpus || r.memoryGb > f.memoryGb)
        return std::nullopt;
    Grant g{r.jobId, {}};
    if (r.gpuType != QLatin1String("none")) {
        for (const Gpu &gpu : m_gpus) {
            if (int(g.gpuIndices.size()) == r.gpuCount)
                break;
            if (gpu.type == r.gpuType && !m_gpuHolder.contains(gpu.index))
                g.gpuIndices.append(gpu.index);
        }
        if (int(g.gpuIndices.size()) < r.gpuCount)
            return std::nullopt;
    }
    restore(r, g.gpuIndices);
    return g;
}

QList<Grant> Allocator::admit(const QList<Request> &queue)
{
    QList<Grant> out;
    for (const Request &r : queue)
        if (auto g = tryGrant(r))
            out.append(*g);
    return out;
}

void Allocator::restore(const Request &r, const QList<int> &gpuIndices)
{
    release(r.jobId);
    m_held.insert(r.jobId, Held{gpuIndices, r.cpus, r.memoryGb});
    for (int i : gpuIndices)
        m_gpuHolder.insert(i, r.jobId);
}

void Allocator::release(const QString &jobId)
{
    auto it = m_held.find(jobId);
    if (it == m_held.end())
        return;
    for (int i : std::as_const(it->gpus))
        if (m_gpuHolder.value(i) == jobId)
            m_gpuHolder.remove(i);
    m_held.erase(it);
}

QString Allocator::holderOf(int gpuIndex) const { return m_gpuHolder.value(gpuIndex); }

} // namespace seed::sched
