#include "logs.h"

#include "jsonnum.h"
#include "timefmt.h"

#include <QJsonArray>

namespace seed::wire {

namespace {
QString k(const char *latin1) { return QString::fromLatin1(latin1); }
} // namespace

QJsonObject LogLine::toJson() const
{
    QJsonObject o{{k("timestamp"), formatTimeMs(timestamp)}, {k("message"), message}, {k("id"), seq}};
    if (!node.isEmpty())
        o.insert(k("node"), node);
    return o;
}

LogLine LogLine::fromJson(const QJsonObject &o)
{
    LogLine l;
    l.seq = int64Of(o.value(k("id")));
    l.timestamp = timeFromJson(o.value(k("timestamp"))).value_or(QDateTime());
    l.message = o.value(k("message")).toString();
    l.node = o.value(k("node")).toString();
    return l;
}

QJsonObject LogPage::toJson() const
{
    QJsonArray arr;
    for (const LogLine &l : lines)
        arr.append(l.toJson());
    QJsonObject o{{k("name"), name}, {k("namespace"), ns}, {k("lines"), arr}, {k("has_more"), hasMore}};
    if (dropped > 0)
        o.insert(k("lines_dropped"), dropped);
    return o;
}

LogPage LogPage::fromJson(const QJsonObject &o)
{
    LogPage p;
    p.name = o.value(k("name")).toString();
    p.ns = o.value(k("namespace")).toString();
    const QJsonArray arr = o.value(k("lines")).toArray();
    for (const QJsonValue &v : arr)
        p.lines.append(LogLine::fromJson(v.toObject()));
    p.hasMore = o.value(k("has_more")).toBool();
    p.dropped = int64Of(o.value(k("lines_dropped")));
    return p;
}

} // namespace seed::wire
