#include "format.h"

#include "wire/timefmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace seed::cli {

QString gpuText(const wire::Job &j)
{
    if (j.gpu.isEmpty() || j.gpu == QLatin1String("none"))
        return QStringLiteral("-");
    return QStringLiteral("%1×%2").arg(j.gpuCount).arg(j.gpu);
}

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m%2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h%2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QString &h : header)
        widths.append(int(h.size()));
    for (const QStringList &row : rows)
        for (int c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = qMax(widths[c], int(row.at(c).size()));
    auto line = [&](const QStringList &cells) {
        QString s;
        for (int c = 0; c < cells.size(); ++c)
            s += c + 1 < cells.size() ? cells.at(c).leftJustified(widths.at(c) + 2) : cells.at(c);
        out << s << u'\n';
    };
    line(header);
    for (const QStringList &row : rows)
        line(row);
}

void printJson(QTextStream &out, const QJsonObject &o)
{
    out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

void printLines(QTextStream &out, const QList<wire::LogLine> &lines, bool timestamps, bool json)
{
    for (const wire::LogLine &l : lines) {
        if (json) {
            out << QString::fromUtf8(QJsonDocument(l.toJson()).toJson(QJsonDocument::Compact)) << u'\n';
            continue;
        }
        if (timestamps)
            out << wire::formatTime(l.timestamp) << u' ';
        out << l.message << u'\n';
    }
    out.flush();
}

} // namespace seed::cli
