#pragma once
// What the parts of LocalExecutor share (localexecutor.cpp: queue, attempts and ends; localadoption.cpp: taking over
// from an earlier seedd; localfiles.cpp: a job's files on the host). Not a public header.
#include "jobrun.h"
#include "wire/job.h"

#include <QDateTime>
#include <QString>

namespace seed::runtime {

inline const QString kLabelInstance = QStringLiteral("seed.instance");
inline const QString kPhaseStarting = QStringLiteral("starting");
// How long a restart waits for a `podman run` an earlier seedd began (creating a container takes ~0.3 s here; an
// image pull under runtime.pull can take long, but a pull is not worth holding every job back for).
inline constexpr qint64 kOrphanStarterWaitMs = 30000;
inline const QString kPhaseRunning = QStringLiteral("running");
inline const QString kPhaseFinishing = QStringLiteral("finishing");
using jobrun::kStopCancel;
using jobrun::kStopTimeout;
// A non-spot job needs what this spot job holds: it goes back to the queue when its container has ended.
inline const QString kStopPreempt = QStringLiteral("preempt");
// The job's row was deleted before its run was finalized: whatever the run still saves (artifacts) goes too, also
// when a restarted seedd finishes the clean-up.
inline const QString kStopDeleted = QStringLiteral("deleted");

inline QString lostMonitorReason(const QString &container)
{
    return QStringLiteral("The container %1 stopped without a recorded exit: its monitor (conmon) was killed, so its "
                          "exit code is unknown and output after that moment may be missing.")
        .arg(container);
}

// The attempt's number (0-based): every failure (retry_count) and every preemption starts a new one.
inline int attemptIndex(const wire::Job &job) { return job.retryCount + job.preemptions; }

using jobrun::nowSecs;
inline QDateTime wholeSeconds(const QDateTime &t)
{
    return QDateTime::fromSecsSinceEpoch(t.toSecsSinceEpoch(), Qt::UTC);
}

} // namespace seed::runtime
