#pragma once

#include "gpuinventory.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace seed::sched {

struct Capacity
{
    int cpus = 0;
    int memoryGb = 0;
};

struct Request
{
    QString jobId;
    QString gpuType; // "none" for CPU-only
    int gpuCount = 0;
    int cpus = 0;
    int memoryGb = 0;
};

struct Grant
{
    QString jobId;
    QList<int> gpuIndices; // pinned, ascending
};

// Who holds what on this machine. Pure bookkeeping (no I/O), so the policy is unit-tested directly.
// Policy: FIFO with backfill. Queued requests are considered oldest first; each one that fits in what is
// free right now is granted (the lowest free indices of its GPU type), and one that does not fit is
// skipped without blocking those behind it. There is no reservation for a large job (documented).
class Allocator
{
public:
    Allocator() = default;
    Allocator(QList<Gpu> gpus, Capacity capacity);

    const QList<Gpu> &gpus() const { return m_gpus; }
    Capacity capacity() const { return m_capacity; }
    Capacity free() const;

    // Why the request can never fit on this machine, or nullopt.
    std::optional<QString> neverFits(const Request &r) const;
    std::optional<Grant> tryGrant(const Request &r);
    // In queue order, the requests granted now (already reserved).
    QList<Grant> admit(const QList<Request> &queue);
    // Re-reserve what a re-adopted job holds (after a restart), even beyond capacity.
    void restore(const Request &r, const QList<int> &gpuIndices);
    void release(const QString &jobId);
    bool holds(const QString &jobId) const { return m_held.contains(jobId); }
    QString holderOf(int gpuIndex) const;
    QString describe() const;

private:
    struct Held
    {
        QList<int> gpus;
        int cpus = 0;
        int memoryGb = 0;
    };
    QList<Gpu> m_gpus;
    Capacity m_capacity;
    QHash<QString, Held> m_held;
    QHash<int, QString> m_gpuHolder;
};

} // namespace seed::sched
