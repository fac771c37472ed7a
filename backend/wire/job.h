#pragma once

#include "catalog.h"
#include "jobspec.h"
#include "jobstatus.h"
#include "timefmt.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace seed::wire {

struct Artifacts
{
    QString path;
    qint64 sizeBytes = 0;
    int files = 0;
    QString downloadUrl;
};

// A job as the API describes it. The server fills it from the store; the client from JSON.
struct Job
{
    QString id; // "job_" + 12 hex
    QString name;
    QString ns;
    JobStatus status = JobStatus::Queued;
    QString command;
    QString repo;
    QString image;
    QString branch;
    QString commitSha;
    QString gpu;
    int gpuCount = 1;
    int cpu = 8;
    int memoryGb = 32;
    int diskGb = 100;
    QMap<QString, QString> env; // never serialized: it may hold secrets
    QString region;
    int timeoutMinutes = 1440;
    int retries = 0;
    int retryCount = 0;
    QString outputPath;
    std::optional<int> exitCode;
    qint64 costPerHourCents = 0;
    QString progress;                       // null on the wire when empty
    std::optional<double> progressFraction; // additive: 0..1
    std::optional<qint64> etaSeconds;       // additive
    std::optional<int> queuePosition;       // additive: 1-based while queued
    std::optional<double> energyKwh;        // additive: energy of its GPUs (local backend, once sampled)
    QString statusMessage;                  // additive: why it failed, when known
    bool stopping = false;                  // additive: cancelled (or timed out), its container still stopping
    std::optional<QDateTime> forceStopAt;   // additive, while stopping: when SIGKILL is sent
    qint64 runtimeSeconds = 0;
    bool spot = false;                     // preemptible (docs/api.md, spot jobs)
    int nodes = 1;
    int preemptions = 0;                   // how often it was preempted (not failures: retry_count is those)
    QString preemptedBy;                   // while it waits after a preemption: the preempting job's id (same
                                           // namespace only)
    std::optional<QDateTime> preemptedAt;  // while it waits after a preemption
    // The server's side, not on the wire: seconds run by attempts that a preemption ended, and when the current
    // attempt started (none: started_at). runtime_seconds (and so total_cost) count only time actually run.
    qint64 priorRunSeconds = 0;
    std::optional<QDateTime> attemptStartedAt;
    // The client's side: `total_cost` as the server sent it (a server may price by spot rates or discounts,
    // so it is not always cost_per_hour x runtime). Absent in the list shape.
    std::optional<qint64> serverTotalCostCents;
    std::optional<Artifacts> artifacts;
    QDateTime createdAt;
    std::optional<QDateTime> startedAt;
    std::optional<QDateTime> completedAt;

    static Job fromSpec(const JobSpec &spec, const QString &ns);

    // Seconds actually run: earlier attempts ended by preemptions, plus the current one between its start and
    // completion (or `now` while running); a job waiting after a preemption is not running.
    qint64 runtimeAt(const QDateTime &now) const;
    qint64 totalCostCents() const;
    // What a client shows as the total cost at `runtimeNow` (>= runtimeSeconds while a job runs between two
    // answers): the server's total_cost plus the live tick at cost_per_hour since that answer; without a
    // server total, cost_per_hour x runtime.
    qint64 shownTotalCostCents(qint64 runtimeNow) const;

    // The response shapes of the contract, key for key.
    QJsonObject toListItemJson() const;
    template <typename Sink>
    void writeListItem(Sink &s) const;
    QJsonObject toDetailJson() const;
    QJsonObject toCreatedJson() const;
    QJsonObject toCancelJson(const QString &message) const;

    // Tolerant reader for any of the shapes above (the client's side).
    static Job fromJson(const QJsonObject &o);
};

struct Pagination
{
    int page = 1;
    int perPage = 20;
    qint64 total = 0;
    int totalPages = 0;
};

struct JobPage
{
    QList<Job> jobs;
    Pagination pagination;

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; // the same document, written directly (hot path)
    static JobPage fromJson(const QJsonObject &o);
};

struct Analytics
{
    QString name;
    QString ns;
    int gpuUtilizationPercent = 0;
    int cpuUtilizationPercent = 0;
    int memoryUsedGb = 0;
    int diskUsedGb = 0;
    qint64 runtimeSeconds = 0;

    QJsonObject toJson() const;
    static Analytics fromJson(const QJsonObject &o);
};

QString newJobId();

template <typename Sink>
void Job::writeListItem(Sink &s) const
{
    s.field("id", id);
    s.field("name", name);
    s.field("namespace", ns);
    s.field("status", jobStatusName(status));
    s.field("gpu", gpu);
    s.field("gpu_count", gpuCount);
    s.field("region", region);
    if (progress.isEmpty())
        s.nullField("progress");
    else
        s.field("progress", progress);
    s.field("cost_per_hour", formatMoney(costPerHourCents));
    s.field("runtime_seconds", runtimeSeconds);
    s.field("created_at", formatTime(createdAt));
    if (startedAt && startedAt->isValid())
        s.field("started_at", formatTime(*startedAt));
    else
        s.nullField("started_at");
    if (completedAt && completedAt->isValid())
        s.field("completed_at", formatTime(*completedAt));
    else
        s.nullField("completed_at");
    if (stopping) { // additive (docs/api.md)
        s.field("stopping", true);
        if (forceStopAt && forceStopAt->isValid())
            s.field("force_stop_at", formatTime(*forceStopAt));
    }
    s.field("spot", spot);
    s.field("nodes", nodes);
    s.field("preemptions", preemptions);
    if (preemptedAt && preemptedAt->isValid()) {
        if (preemptedBy.isEmpty())
            s.nullField("preempted_by");
        else
            s.field("preempted_by", preemptedBy);
        s.field("preempted_at", formatTime(*preemptedAt));
    }
}

} // namespace seed::wire
