#include "statusstyle.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace seed::models {

QString statusLabel(wire::JobStatus status)
{
    switch (status) {
    case wire::JobStatus::Queued: return QCoreApplication::translate("seed::models", "Queued");
    case wire::JobStatus::Running: return QCoreApplication::translate("seed::models", "Running");
    case wire::JobStatus::Succeeded: return QCoreApplication::translate("seed::models", "Succeeded");
    case wire::JobStatus::Failed: return QCoreApplication::translate("seed::models", "Failed");
    case wire::JobStatus::Cancelled: return QCoreApplication::translate("seed::models", "Cancelled");
    case wire::JobStatus::TimedOut: return QCoreApplication::translate("seed::models", "Timed out");
    case wire::JobStatus::Unknown: break;
    }
    return QCoreApplication::translate("seed::models", "Unknown");
}

QString statusLabel(const QString &filter)
{
    if (filter.isEmpty())
        return QCoreApplication::translate("seed::models", "All");
    // A name outside the contract (the events stream's "deleted") is shown as it came.
    const std::optional<wire::JobStatus> s = wire::jobStatusFromString(filter);
    return s ? statusLabel(*s) : filter;
}

QString jobStatusLabel(const wire::Job &job, const QDateTime &nowUtc, bool compact)
{
    if (!job.stopping) {
        // Waiting again after a preemption: a queued job that already ran, said so.
        if (job.status == wire::JobStatus::Queued && job.preemptedAt)
            return QCoreApplication::translate("seed::models", "Queued (preempted)");
        return statusLabel(job.status);
    }
    if (!job.forceStopAt || !job.forceStopAt->isValid())
        return QCoreApplication::translate("seed::models", "Stopping…");
    const int left = int(qMax<qint64>(0, nowUtc.secsTo(*job.forceStopAt)));
    if (compact)
        return QCoreApplication::translate("seed::models", "Stopping… (%n s)", nullptr, left);
    return QCoreApplication::translate("seed::models", "Stopping… (force stop in %n s)", nullptr, left);
}

QColor statusColor(wire::JobStatus status)
{
    // Mid-tone colours: legible as icons on both light and dark bases.
    switch (status) {
    case wire::JobStatus::Queued: return QColor(0x86, 0x8e, 0x96);
    case wire::JobStatus::Running: return QColor(0x35, 0x84, 0xe4);
    case wire::JobStatus::Succeeded: return QColor(0x26, 0xa2, 0x69);
    case wire::JobStatus::Failed: return QColor(0xe0, 0x1b, 0x24);
    case wire::JobStatus::Cancelled: return QColor(0x9a, 0x6f, 0x3c);
    case wire::JobStatus::TimedOut: return QColor(0xe6, 0x61, 0x00);
    case wire::JobStatus::Unknown: break;
    }
    return QColor(0x77, 0x76, 0x7b);
}

QColor statusColor(const QString &filter)
{
    return filter.isEmpty() ? QColor(0x77, 0x76, 0x7b) : statusColor(wire::jobStatusOrUnknown(filter));
}

namespace {
// nullopt: the filter's "All" (an empty ring).
QPixmap drawStatus(std::optional<wire::JobStatus> status, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = status ? statusColor(*status) : statusColor(QString());
    const qreal m = size * 0.08;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    const qreal w = qMax<qreal>(1.5, size / 8.0);
    if (!status || *status == wire::JobStatus::Queued) {
        p.setPen(QPen(c, w));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(w / 2, w / 2, -w / 2, -w / 2));
        if (status) { // clock hands
            const QPointF ctr = r.center();
            p.drawLine(ctr, QPointF(ctr.x(), r.top() + r.height() * 0.28));
            p.drawLine(ctr, QPointF(r.left() + r.width() * 0.7, ctr.y()));
        }
        return pm;
    }
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(r);
    QPen glyph(Qt::white, w, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(glyph);
    const qreal s = r.width();
    const QPointF o = r.topLeft();
    auto at = [&](qreal x, qreal y) { return QPointF(o.x() + x * s, o.y() + y * s); };
    switch (*status) {
    case wire::JobStatus::Running: {
        QPainterPath tri;
        tri.moveTo(at(0.38, 0.28));
        tri.lineTo(at(0.74, 0.5));
        tri.lineTo(at(0.38, 0.72));
        tri.closeSubpath();
        p.setBrush(Qt::white);
        p.setPen(Qt::NoPen);
        p.drawPath(tri);
        break;
    }
    case wire::JobStatus::Succeeded:
        p.drawPolyline(QList<QPointF>{at(0.27, 0.52), at(0.44, 0.68), at(0.74, 0.34)});
        break;
    case wire::JobStatus::Failed:
        p.drawLine(at(0.32, 0.32), at(0.68, 0.68));
        p.drawLine(at(0.68, 0.32), at(0.32, 0.68));
        break;
    case wire::JobStatus::Cancelled: p.drawLine(at(0.28, 0.5), at(0.72, 0.5)); break;
    case wire::JobStatus::TimedOut:
        p.drawLine(at(0.5, 0.25), at(0.5, 0.58));
        p.drawPoint(at(0.5, 0.74));
        break;
    case wire::JobStatus::Queued:
    case wire::JobStatus::Unknown: break;
    }
    return pm;
}

QIcon cachedIcon(std::optional<wire::JobStatus> status)
{
    // Key: the enum's value, -1 for "All".
    static QHash<int, QIcon> cache;
    const int key = status ? int(*status) : -1;
    auto it = cache.find(key);
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(drawStatus(status, size));
    cache.insert(key, icon);
    return icon;
}
} // namespace

QIcon statusIcon(wire::JobStatus status) { return cachedIcon(status); }

QIcon statusIcon(const QString &filter)
{
    return cachedIcon(filter.isEmpty() ? std::nullopt : std::optional(wire::jobStatusOrUnknown(filter)));
}

QString formatDuration(qint64 s)
{
    if (s < 0)
        s = 0;
    const qint64 d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60, sec = s % 60;
    if (d > 0)
        return QCoreApplication::translate("seed::models", "%1d %2h").arg(d).arg(h);
    if (h > 0)
        return QCoreApplication::translate("seed::models", "%1h %2m").arg(h).arg(m, 2, 10, QLatin1Char('0'));
    if (m > 0)
        return QCoreApplication::translate("seed::models", "%1m %2s").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
    return QCoreApplication::translate("seed::models", "%1s").arg(sec);
}

QString formatBytes(qint64 bytes) { return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat); }

QString formatMoney(qint64 cents)
{
    // Whole units and cents apart: exact for any amount, where a double would round.
    const QLocale locale;
    const qint64 magnitude = cents < 0 ? -cents : cents;
    QString fraction = locale.toString(magnitude % 100);
    if (magnitude % 100 < 10)
        fraction.prepend(locale.zeroDigit());
    return (cents < 0 ? locale.negativeSign() : QString()) + locale.toString(magnitude / 100) + locale.decimalPoint()
           + fraction;
}

QString formatGpu(const QString &gpu, int count)
{
    if (gpu.isEmpty() || gpu == QLatin1String("none"))
        return QCoreApplication::translate("seed::models", "CPU only");
    return QStringLiteral("%1 × %2").arg(gpu).arg(count);
}

} // namespace seed::models
