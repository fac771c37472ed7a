#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace seed::wire {

// Timestamps on the wire: ISO-8601 UTC with a trailing Z. Job times carry whole seconds like the
// contract's examples; log lines carry milliseconds so that `since` can resume exactly.
QString formatTime(const QDateTime &t);
QString formatTimeMs(const QDateTime &t);
QJsonValue timeOrNull(const std::optional<QDateTime> &t);
// Accepts ISO-8601 with Z or an offset, with or without fractional seconds. Invalid -> nullopt.
std::optional<QDateTime> parseTime(const QString &s);
std::optional<QDateTime> timeFromJson(const QJsonValue &v);

} // namespace seed::wire
