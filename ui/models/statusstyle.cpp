#include "statusstyle.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace seed::models {

QString statusLabel(const QString &status)
{
    if (status == QLatin1String("queued"))
        return QCoreApplication::translate("seed::models", "Queued");
    if (status == QLatin1String("running"))
        return QCoreApplication::translate("seed::models", "Running");
    if (status == QLatin1String("succeeded"))
        return QCoreApplication::translate("seed::models", "Succeeded");
    if (status == QLatin1String("failed"))
        return QCoreApplication::translate("seed::models", "Failed");
    if (status == QLatin1String("cancelled"))
        return QCoreApplication::translate("seed::models", "Cancelled");
    if (status == QLatin1String("timed_out"))
        return QCoreApplication::translate("seed::models", "Timed out");
    if (status.isEmpty())
        return QCoreApplication::translate("seed::models", "All");
    return status;
}

QString jobStatusLabel(const wire::Job &job, const QDateTime &nowUtc, bool compact)
{
    if (!job.stopping)
        return statusLabel(job.status);
    if (!job.forceStopAt || !job.forceStopAt->isValid())
        return QCoreApplication::translate("seed::models", "Stopping…");
    const int left = int(qMax<qint64>(0, nowUtc.secsTo(*job.forceStopAt)));
    if (compact)
        return QCoreApplication::translate("seed::models", "Stopping… (%n s)", nullptr, left);
    return QCoreApplication::translate("seed::models", "Stopping… (force stop in %n s)", nullptr, left);
}

QColor statusColor(const QString &status)
{
    // Mid-tone colours: legible as icons on both light and dark bases.
    if (status == QLatin1String("queued"))
        return QColor(0x86, 0x8e, 0x96);
    if (status == QLatin1String("running"))
        return QColor(0x35, 0x84, 0xe4);
    if (status == QLatin1String("succeeded"))
        return QColor(0x26, 0xa2, 0x69);
    if (status == QLatin1String("failed"))
        return QColor(0xe0, 0x1b, 0x24);
    if (status == QLatin1String("cancelled"))
        return QColor(0x9a, 0x6f, 0x3c);
    if (status == QLatin1String("timed_out"))
        return QColor(0xe6, 0x61, 0x00);
    return QColor(0x77, 0x76, 0x7b);
}

namespace {
QPixmap drawStatus(const QString &status, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = statusColor(status);
    const qreal m = size * 0.08;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    const qreal w = qMax<qreal>(1.5, size / 8.0);
    if (status == QLatin1String("queued") || status.isEmpty()) {
        p.setPen(QPen(c, w));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(w / 2, w / 2, -w / 2, -w / 2));
        if (!status.isEmpty()) { // clock hands
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
    if (status == QLatin1String("running")) {
        QPainterPath tri;
        tri.moveTo(at(0.38, 0.28));
        tri.lineTo(at(0.74, 0.5));
        tri.lineTo(at(0.38, 0.72));
        tri.closeSubpath();
        p.setBrush(Qt::white);
        p.setPen(Qt::NoPen);
        p.drawPath(tri);
    } else if (status == QLatin1String("succeeded")) {
        p.drawPolyline(QList<QPointF>{at(0.27, 0.52), at(0.44, 0.68), at(0.74, 0.34)});
    } else if (status == QLatin1String("failed")) {
        p.drawLine(at(0.32, 0.32), at(0.68, 0.68));
        p.drawLine(at(0.68, 0.32), at(0.32, 0.68));
    } else if (status == QLatin1String("cancelled")) {
        p.drawLine(at(0.28, 0.5), at(0.72, 0.5));
    } else if (status == QLatin1String("timed_out")) {
        p.drawLine(at(0.5, 0.25), at(0.5, 0.58));
        p.drawPoint(at(0.5, 0.74));
    }
    return pm;
}
} // namespace

QIcon statusIcon(const QString &status)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(status);
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(drawStatus(status, size));
    cache.insert(status, icon);
    return icon;
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
