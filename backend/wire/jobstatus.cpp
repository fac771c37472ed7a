#include "jobstatus.h"

namespace seed::wire {

namespace {
struct Name
{
    JobStatus status;
    QLatin1String name;
};
constexpr Name kNames[] = {
    {JobStatus::Queued, QLatin1String("queued")},       {JobStatus::Running, QLatin1String("running")},
    {JobStatus::Succeeded, QLatin1String("succeeded")}, {JobStatus::Failed, QLatin1String("failed")},
    {JobStatus::Cancelled, QLatin1String("cancelled")}, {JobStatus::TimedOut, QLatin1String("timed_out")},
};
} // namespace

QString jobStatusName(JobStatus s)
{
    for (const Name &n : kNames)
        if (n.status == s)
            return n.name;
    return QStringLiteral("unknown");
}

std::optional<JobStatus> jobStatusFromString(QStringView name)
{
    for (const Name &n : kNames)
        if (name == n.name)
            return n.status;
    return std::nullopt;
}

JobStatus jobStatusOrUnknown(QStringView name) { return jobStatusFromString(name).value_or(JobStatus::Unknown); }

QList<JobStatus> allJobStatuses()
{
    QList<JobStatus> out;
    for (const Name &n : kNames)
        out.append(n.status);
    return out;
}

bool isTerminal(JobStatus s)
{
    return s == JobStatus::Succeeded || s == JobStatus::Failed || s == JobStatus::Cancelled || s == JobStatus::TimedOut;
}

bool canTransition(JobStatus from, JobStatus to)
{
    if (from == JobStatus::Unknown || to == JobStatus::Unknown)
        return false;
    if (from == to)
        return true;
    switch (from) {
    case JobStatus::Queued:
        return to == JobStatus::Running || to == JobStatus::Failed || to == JobStatus::Cancelled;
    case JobStatus::Running:
        return to == JobStatus::Succeeded || to == JobStatus::Failed || to == JobStatus::TimedOut
               || to == JobStatus::Cancelled || to == JobStatus::Queued;
    case JobStatus::Succeeded:
    case JobStatus::Failed:
    case JobStatus::Cancelled:
    case JobStatus::TimedOut:
    case JobStatus::Unknown:
        return false;
    }
    return false;
}

JobStatus settledStatus(JobStatus stored, JobStatus proposed)
{
    return isTerminal(stored) ? stored : proposed;
}

} // namespace seed::wire
