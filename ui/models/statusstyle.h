#pragma once

#include "wire/job.h"
#include "wire/jobstatus.h"

#include <QColor>
#include <QDateTime>
#include <QIcon>
#include <QString>

namespace seed::models {

// How a job status looks everywhere in the app: a translated label, a colour that reads on light and dark
// palettes, and an icon whose shape (not only its colour) tells the status apart.
QString statusLabel(wire::JobStatus status);
QColor statusColor(wire::JobStatus status);
QIcon statusIcon(wire::JobStatus status);
// The same for a status name (the filter's value, the end event of a log stream): empty is "All"; a name
// outside the contract keeps its own text and the neutral colour.
QString statusLabel(const QString &filter);
QColor statusColor(const QString &filter);
QIcon statusIcon(const QString &filter);
// The status as a job's details show it: statusLabel(), or "Stopping… (force stop in 12 s)" while a cancelled
// job's container is still in its grace period (a server's additive `stopping`); `compact` ("Stopping… (12 s)")
// for the job table's Status column.
QString jobStatusLabel(const wire::Job &job, const QDateTime &nowUtc = QDateTime::currentDateTimeUtc(),
                       bool compact = false);

QString formatDuration(qint64 seconds); // "2h 03m", "45s", "3d 4h"
QString formatBytes(qint64 bytes);      // "15.0 GB"
// A price in the user's locale ("12.80", "12,80", "1,234.56"). The contract names no currency, so none is shown;
// wire::formatMoney is the API's own format and stays as it is.
QString formatMoney(qint64 cents);
QString formatGpu(const QString &gpu, int count);

} // namespace seed::models
