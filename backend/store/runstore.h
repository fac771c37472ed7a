#pragma once

#include "store.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace seed::store {

// What the local executor (runtime/localexecutor.cpp) must remember across a crash of seedd, one row per job being run (table job_runs,
// migration step 2): the scheduler's decision (attempt, pinned GPUs, container name) is written here
// before the container is started, and the row goes when the container is removed.
struct RunRecord
{
    QString jobId;
    int attempt = 0;
    QString container;
    QList<int> gpuIndices;
    QString phase; // "starting", "running", "finishing"
    std::optional<QDateTime> attemptStartedAt;
    QString stopReason; // "", "cancel", "timeout", "preempt", "deleted"
    // A preemption decided (stopReason "preempt"): by which job, and when. On disk before the stop is sent.
    QString preemptedBy;
    std::optional<QDateTime> preemptAt;
};

class RunStore
{
public:
    explicit RunStore(Store &store) : m_db(store.db()) {}

    bool save(const RunRecord &r);
    bool remove(const QString &jobId);
    QList<RunRecord> all();
    // A random id for this data dir, put on every container as label seed.instance, so that two seedds
    // sharing one Podman storage never touch each other's containers.
    QString instanceId();

private:
    QSqlDatabase m_db;
};

} // namespace seed::store
