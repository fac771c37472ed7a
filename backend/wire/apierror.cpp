#include "apierror.h"

#include <QRandomGenerator>

namespace seed::wire {

namespace {
struct KindInfo
{
    ErrorKind kind;
    int status;
    const char *code;
};
// The single table that ties error kinds to HTTP statuses and envelope codes.
constexpr KindInfo kKinds[] = {
    {ErrorKind::InvalidRequest, 400, "invalid_request"},
    {ErrorKind::Unauthorized, 401, "unauthorized"},
    {ErrorKind::Forbidden, 403, "forbidden"},
    {ErrorKind::NotFound, 404, "not_found"},
    {ErrorKind::MethodNotAllowed, 405, "method_not_allowed"},
    {ErrorKind::RequestTimeout, 408, "request_timeout"},
    {ErrorKind::Conflict, 409, "conflict"},
    {ErrorKind::Unprocessable, 422, "unprocessable_entity"},
    {ErrorKind::RateLimited, 429, "rate_limit_exceeded"},
    {ErrorKind::Internal, 500, "internal_error"},
    {ErrorKind::InsufficientStorage, 507, "insufficient_storage"},
    {ErrorKind::Unavailable, 503, "unavailable"},
};
} // namespace

int ApiError::statusFor(ErrorKind kind)
{
    for (const auto &k : kKinds)
        if (k.kind == kind)
            return k.status;
    return 500;
}

QString ApiError::codeFor(ErrorKind kind)
{
    for (const auto &k : kKinds)
        if (k.kind == kind)
            return QString::fromLatin1(k.code);
    return QStringLiteral("internal_error");
}

ErrorKind ApiError::kindForStatus(int httpStatus)
{
    for (const auto &k : kKinds)
        if (k.status == httpStatus)
            return k.kind;
    if (httpStatus >= 500)
        return ErrorKind::Internal;
    return ErrorKind::InvalidRequest;
}

int ApiError::httpStatus() const { return statusFor(kind); }
QString ApiError::code() const { return codeFor(kind); }

QJsonObject ApiError::toJson() const
{
    QJsonObject inner{{QStringLiteral("code"), code()},
                      {QStringLiteral("message"), message},
                      {QStringLiteral("request_id"), requestId}};
    if (!field.isEmpty())
        inner.insert(QStringLiteral("field"), field);
    return QJsonObject{{QStringLiteral("error"), inner}};
}

ApiError ApiError::fromJson(const QJsonObject &envelope, int httpStatus)
{
    ApiError e;
    e.kind = kindForStatus(httpStatus);
    const QJsonObject inner = envelope.value(QStringLiteral("error")).toObject();
    e.message = inner.value(QStringLiteral("message")).toString();
    e.requestId = inner.value(QStringLiteral("request_id")).toString();
    e.field = inner.value(QStringLiteral("field")).toString();
    if (e.message.isEmpty())
        e.message = QStringLiteral("HTTP %1").arg(httpStatus);
    return e;
}

ApiError makeError(ErrorKind kind, const QString &message, const QString &field)
{
    ApiError e;
    e.kind = kind;
    e.message = message;
    e.field = field;
    return e;
}

QString newRequestId()
{
    const quint64 r = QRandomGenerator::global()->generate64();
    return QStringLiteral("req_") + QString::number(r & 0xFFFFFFFFFFFFull, 16).rightJustified(12, u'0');
}

} // namespace seed::wire
