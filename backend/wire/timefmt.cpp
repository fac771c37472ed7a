#include "timefmt.h"

#include <QRegularExpression>

namespace seed::wire {

QString formatTime(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + u'Z';
}

QString formatTimeMs(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + u'Z';
}

QJsonValue timeOrNull(const std::optional<QDateTime> &t)
{
    if (!t || !t->isValid())
        return QJsonValue::Null;
    return formatTime(*t);
}

std::optional<QDateTime> parseTime(const QString &s)
{
    // Qt's ISO parser is lenient (it takes a bare date); the contract means a full date-time.
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))")));
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QString norm = s;
    // Qt parses at most milliseconds; trim longer fractions.
    static const QRegularExpression frac(QStringLiteral(R"(\.(\d{3})\d+)"));
    norm.replace(frac, QStringLiteral(".\\1"));
    QDateTime t = QDateTime::fromString(norm, Qt::ISODateWithMs).toUTC();
    // An offset can move the time out of the four-digit years (9999-12-31T23:59-14:00 is in 10000 UTC), which
    // formatTime cannot write as the pattern above reads: a client that sent such a `since` back was refused.
    if (!t.isValid() || t.date().year() < 1 || t.date().year() > 9999)
        return std::nullopt;
    return t;
}

std::optional<QDateTime> timeFromJson(const QJsonValue &v)
{
    if (!v.isString())
        return std::nullopt;
    return parseTime(v.toString());
}

} // namespace seed::wire
