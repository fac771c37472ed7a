#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace seed::wire {

// The lifecycle of a job. The JSON names ("queued", "timed_out", ...) live only in jobstatus.cpp. The name
// functions are not called toString: QTest's toString would find them by argument-dependent lookup.
enum class JobStatus {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    // Only a client reads this: a status name this build does not know (a newer server). seedd never stores it
    // and no transition leads to or from it.
    Unknown,
};

QString jobStatusName(JobStatus s); // the contract's name; "unknown" for Unknown
std::optional<JobStatus> jobStatusFromString(QStringView name); // nullopt: not a name of the contract
// The tolerant reader's form: an unknown name is JobStatus::Unknown.
JobStatus jobStatusOrUnknown(QStringView name);
QList<JobStatus> allJobStatuses(); // the contract's six, in its order (Unknown left out)
bool isTerminal(JobStatus s);      // succeeded, failed, cancelled, timed_out

// The one state machine of a job: whether a stored job in `from` may be stored as `to`.
//   queued  -> running                         (started, or re-attached after a restart)
//   queued  -> failed                          (could not start: clone, image, GPUs)
//   running -> succeeded | failed | timed_out  (the container ended)
//   queued | running -> cancelled              (the API's cancel)
//   running -> queued                          (a retry after a failed attempt; a preempted spot job)
//   s -> s                                     (other fields change, the status does not)
// A terminal status never changes; Unknown is never a source or a target.
bool canTransition(JobStatus from, JobStatus to);
// The status a runner's outcome `proposed` leaves on a job stored as `stored`: a terminal status stays (a cancel
// answered while the run's artifacts were being collected stays the outcome; the run's exit code and artifacts
// are still recorded), anything else becomes `proposed`.
JobStatus settledStatus(JobStatus stored, JobStatus proposed);

} // namespace seed::wire
