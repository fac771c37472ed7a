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
    m_held.insert(r.jobId, Held{gpuIndices, r.cpus, r.memoryGb, r.spot, ++m_grants});
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

bool Allocator::fitsWithout(const Request &r, const QList<QString> &gone) const
{
    Capacity f = free();
    int gpus = 0;
    if (r.gpuType != QLatin1String("none"))
        for (const Gpu &gpu : m_gpus)
            if (gpu.type == r.gpuType && !m_gpuHolder.contains(gpu.index))
                ++gpus;
    for (const QString &id : gone) {
        const auto it = m_held.constFind(id);
        if (it == m_held.cend())
            continue;
        f.cpus += it->cpus;
        f.memoryGb += it->memoryGb;
        if (r.gpuType != QLatin1String("none"))
            for (int i : it->gpus)
                for (const Gpu &gpu : m_gpus)
                    if (gpu.index == i && gpu.type == r.gpuType)
                        ++gpus;
    }
    return r.cpus <= f.cpus && r.memoryGb <= f.memoryGb && (r.gpuType == QLatin1String("none") || gpus >= r.gpuCount);
}

QList<Allocator::Preemption> Allocator::planPreemptions(const QList<Request> &waiting, const QSet<QString> &leaving) const
{
    QList<Preemption> out;
    // A scratch copy: what each planned request will take is reserved in it, so that the next request is planned
    // against what is left (two requests never count on the same stopping job).
    Allocator scratch = *this;
    QList<QString> stillLeaving(leaving.cbegin(), leaving.cend());
    stillLeaving.removeIf([&](const QString &id) { return !m_held.contains(id); });
    for (const Request &r : waiting) {
        if (r.spot)
            continue; // spot jobs never preempt
        // Fits in what is free plus what is already being stopped: no new victim.
        if (scratch.fitsWithout(r, stillLeaving)) {
            QList<QString> used;
            for (const QString &id : std::as_const(stillLeaving)) {
                used.append(id);
                if (scratch.fitsWithout(r, used))
                    break;
            }
            // Only the stopping jobs it needs are its own; the others stay for the requests behind it.
            QList<QString> needed = used;
            for (const QString &id : used) {
                QList<QString> without = needed;
                without.removeOne(id);
                if (scratch.fitsWithout(r, without))
                    needed = without;
            }
            for (const QString &id : std::as_const(needed)) {
                scratch.release(id);
                stillLeaving.removeOne(id);
            }
            if (scratch.tryGrant(r))
                out.append(Preemption{r.jobId, {}});
            continue;
        }
        // Candidates: spot holders not already stopping, most recently granted first.
        QList<QString> candidates;
        for (auto it = scratch.m_held.cbegin(); it != scratch.m_held.cend(); ++it)
            if (it->spot && !stillLeaving.contains(it.key()))
                candidates.append(it.key());
        std::sort(candidates.begin(), candidates.end(), [&](const QString &a, const QString &b) {
            return scratch.m_held.value(a).order > scratch.m_held.value(b).order;
        });
        if (!scratch.fitsWithout(r, stillLeaving + candidates))
            continue; // non-spot jobs hold what it needs: preempting would not help
        // The fewest victims; among sets of that size the most recently started (lexicographic over the sorted
        // candidates). Exhaustive up to 16 candidates, greedy beyond (then pruned of victims it does not need).
        QList<QString> best;
        const int n = int(candidates.size());
        if (n <= 16) {
            for (int k = 1; k <= n && best.isEmpty(); ++k) {
                QList<int> idx(k);
                for (int i = 0; i < k; ++i)
                    idx[i] = i;
                while (true) {
                    QList<QString> set = stillLeaving;
                    for (int i : idx)
                        set.append(candidates[i]);
                    if (scratch.fitsWithout(r, set)) {
                        for (int i : idx)
                            best.append(candidates[i]);
                        break;
                    }
                    int i = k - 1;
                    while (i >= 0 && idx[i] == n - k + i)
                        --i;
                    if (i < 0)
                        break;
                    ++idx[i];
                    for (int j = i + 1; j < k; ++j)
                        idx[j] = idx[j - 1] + 1;
                }
            }
        } else {
            for (const QString &c : std::as_const(candidates)) {
                best.append(c);
                if (scratch.fitsWithout(r, stillLeaving + best))
                    break;
            }
            for (qsizetype i = best.size() - 1; i >= 0; --i) {
                QList<QString> without = best;
                without.removeAt(i);
                if (scratch.fitsWithout(r, stillLeaving + without))
                    best = without;
            }
        }
        if (best.isEmpty())
            continue;
        for (const QString &id : std::as_const(best))
            scratch.release(id);
        // What it takes of the jobs already stopping is its own as well.
        for (const QString &id : QList<QString>(stillLeaving)) {
            QList<QString> without = stillLeaving;
            without.removeOne(id);
            if (!scratch.fitsWithout(r, without)) {
                scratch.release(id);
                stillLeaving.removeOne(id);
            }
        }
        scratch.tryGrant(r);
        out.append(Preemption{r.jobId, QStringList(best)});
    }
    return out;
}

QString Allocator::holderOf(int gpuIndex) const { return m_gpuHolder.value(gpuIndex); }

} // namespace seed::sched
