#pragma once

#include "apierror.h"

#include <QDateTime>
#include <QUrlQuery>

#include <optional>

namespace seed::wire {

struct ListQuery
{
    QString status; // empty: all
    int page = 1;
    int perPage = 20;
    QString sort = QStringLiteral("created_at");
    QString order = QStringLiteral("desc");

    QUrlQuery toUrlQuery() const;
};
Expected<ListQuery> parseListQuery(const QUrlQuery &q);

struct LogQuery
{
    int tail = 100;
    std::optional<QDateTime> since;
    bool stream = false;

    QUrlQuery toUrlQuery() const;
};
Expected<LogQuery> parseLogQuery(const QUrlQuery &q);

// "true"/"false" (and 1/0); anything else is a 400 naming the parameter.
Expected<bool> parseBoolParam(const QUrlQuery &q, const QString &key, bool def);

} // namespace seed::wire
