#pragma once

#include "wire/job.h"

#include <QFlags>

namespace seed::models {

// The fields of a job that the job table shows or hands on (roles), one bit each: what changed between two
// reads of a job, so that a refresh signals only the columns those fields are drawn in.
enum class JobField : quint32 {
    Status = 1u << 0,
    Progress = 1u << 1,
    ProgressFraction = 1u << 2,
    Runtime = 1u << 3,
    CostPerHour = 1u << 4,
    StartedAt = 1u << 5,
    CompletedAt = 1u << 6,
    ExitCode = 1u << 7,
    QueuePosition = 1u << 8,
    StatusMessage = 1u << 9,
    Name = 1u << 10,
    Gpu = 1u << 11,
    GpuCount = 1u << 12,
    Region = 1u << 13,
    RetryCount = 1u << 14,
    Eta = 1u << 15,
    CreatedAt = 1u << 16,
    ServerTotalCost = 1u << 17,
    Stopping = 1u << 18,
    ForceStopAt = 1u << 19,
    Spot = 1u << 20,
    Nodes = 1u << 21,
    Preemptions = 1u << 22,
    PreemptedBy = 1u << 23,
    PreemptedAt = 1u << 24,
};
Q_DECLARE_FLAGS(JobFields, JobField)
Q_DECLARE_OPERATORS_FOR_FLAGS(JobFields)

inline constexpr int kJobFieldCount = 25;

// Which of the fields above differ between a and b; none: the table has nothing to redraw.
JobFields changedFields(const wire::Job &a, const wire::Job &b);

} // namespace seed::models
