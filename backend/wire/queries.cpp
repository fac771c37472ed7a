#include "queries.h"

#include "catalog.h"
#include "timefmt.h"

namespace seed::wire {

namespace {
QString k(const char *latin1) { return QString::fromLatin1(latin1); }

std::optional<ApiError> readIntParam(const QUrlQuery &q, const QString &key, int min, int max, int &out)
{
    if (!q.hasQueryItem(key))
        return std::nullopt;
    bool ok = false;
    const QString raw = q.queryItemValue(key, QUrl::FullyDecoded);
    const int v = raw.toInt(&ok);
    if (!ok)
        return makeError(ErrorKind::InvalidRequest, QStringLiteral("'%1' must be an integer.").arg(key), key);
    if (v < min || v > max)
        return makeError(ErrorKind::InvalidRequest,
                         QStringLiteral("'%1' must be between %2 and %3.").arg(key).arg(min).arg(max), key);
    out = v;
    return std::nullopt;
}

std::optional<ApiError> readEnumParam(const QUrlQuery &q, const QString &key, const QStringList &allowed,
                                      QString &out)
{
    if (!q.hasQueryItem(key))
        return std::nullopt;
    const QString v = q.queryItemValue(key, QUrl::FullyDecoded);
    if (!allowed.contains(v))
        return makeError(ErrorKind::InvalidRequest,
                         QStringLiteral("'%1' must be one of %2.").arg(key, allowed.join(k(", "))), key);
    out = v;
    return std::nullopt;
}
} // namespace

Expected<bool> parseBoolParam(const QUrlQuery &q, const QString &key, bool def)
{
    if (!q.hasQueryItem(key))
        return def;
    const QString v = q.queryItemValue(key, QUrl::FullyDecoded).toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0"))
        return false;
    return makeError(ErrorKind::InvalidRequest, QStringLiteral("'%1' must be true or false.").arg(key), key);
}

Expected<ListQuery> parseListQuery(const QUrlQuery &q)
{
    // Made once: the list page is the most frequent request.
    static const QStringList statuses = catalog::statuses();
    static const QStringList sortFields = catalog::sortFields();
    static const QStringList sortOrders = catalog::sortOrders();
    ListQuery lq;
    if (auto e = readEnumParam(q, k("status"), statuses, lq.status))
        return *e;
    if (auto e = readIntParam(q, k("page"), 1, 1000000000, lq.page))
        return *e;
    if (auto e = readIntParam(q, k("per_page"), 1, catalog::kMaxPerPage, lq.perPage))
        return *e;
    if (auto e = readEnumParam(q, k("sort"), sortFields, lq.sort))
        return *e;
    if (auto e = readEnumParam(q, k("order"), sortOrders, lq.order))
        return *e;
    return lq;
}

QUrlQuery ListQuery::toUrlQuery() const
{
    QUrlQuery q;
    if (!status.isEmpty())
        q.addQueryItem(k("status"), status);
    q.addQueryItem(k("page"), QString::number(page));
    q.addQueryItem(k("per_page"), QString::number(perPage));
    q.addQueryItem(k("sort"), sort);
    q.addQueryItem(k("order"), order);
    return q;
}

Expected<LogQuery> parseLogQuery(const QUrlQuery &q)
{
    LogQuery lq;
    if (auto e = readIntParam(q, k("tail"), 1, catalog::kMaxTail, lq.tail))
        return *e;
    if (q.hasQueryItem(k("since"))) {
        lq.since = parseTime(q.queryItemValue(k("since"), QUrl::FullyDecoded));
        if (!lq.since)
            return makeError(ErrorKind::InvalidRequest,
                             k("'since' must be an ISO 8601 timestamp, for example 2026-03-18T12:00:00Z."),
                             k("since"));
    }
    auto stream = parseBoolParam(q, k("stream"), false);
    if (!stream)
        return stream.error();
    lq.stream = stream.value();
    return lq;
}

QUrlQuery LogQuery::toUrlQuery() const
{
    QUrlQuery q;
    q.addQueryItem(k("tail"), QString::number(tail));
    if (since)
        q.addQueryItem(k("since"), formatTimeMs(*since));
    if (stream)
        q.addQueryItem(k("stream"), k("true"));
    return q;
}

} // namespace seed::wire
