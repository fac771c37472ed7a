#pragma once

#include "gpuinventory.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
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
    bool spot = false; // preemptible: never preempts, may be preempted by a non-spot request
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
// Spot requests are admitted only after every non-spot one (they fill what is left), and a non-spot request
// that does not fit only because spot holders have what it needs is given a preemption plan.
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
    bool holdsSpot(const QString &jobId) const { return m_held.value(jobId).spot; }

    struct Preemption
    {
        QString forJob;       // the non-spot request that needs them
        QStringList victims;  // spot holders to stop, most recently started first
    };
    // For the waiting non-spot requests, oldest first: the spot holders to preempt so that each fits. Holders in
    // `leaving` are being stopped already: their resources count as coming free, for the first requests that need
    // them. Per request the fewest spot holders that free enough, preferring the most recently started; a request
    // that would not fit even without every spot holder is left alone (it waits, like any queued job), as is one
    // that fits once `leaving` has left. Requests it plans for (or that only wait for `leaving`) get an empty or
    // non-empty entry; none of this reserves anything in this allocator.
    QList<Preemption> planPreemptions(const QList<Request> &waiting, const QSet<QString> &leaving) const;
    QString holderOf(int gpuIndex) const;
    QString describe() const;

private:
    struct Held
    {
        QList<int> gpus;
        int cpus = 0;
        int memoryGb = 0;
        bool spot = false;
        quint64 order = 0; // when it was granted: larger is more recent
    };
    bool fitsWithout(const Request &r, const QList<QString> &gone) const;
    QList<Gpu> m_gpus;
    quint64 m_grants = 0;
    Capacity m_capacity;
    QHash<QString, Held> m_held;
    QHash<int, QString> m_gpuHolder;
};

} // namespace seed::sched
