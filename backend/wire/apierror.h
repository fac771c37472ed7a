#pragma once

#include <QJsonObject>
#include <QString>

#include <variant>

namespace seed::wire {

// The error classes of the contract. Each maps to exactly one HTTP status and one `code` string, here
// and nowhere else (httpStatus / codeString).
enum class ErrorKind {
    InvalidRequest,   // 400
    Unauthorized,     // 401
    Forbidden,        // 403
    NotFound,         // 404
    MethodNotAllowed, // 405
    RequestTimeout,   // 408
    Conflict,         // 409
    Unprocessable,    // 422
    RateLimited,      // 429
    Internal,         // 500
    InsufficientStorage, // 507 (seedd's disk is full: retry once space is freed)
    Unavailable,      // 503 (client side: transport failure, server unreachable)
};

struct ApiError
{
    ErrorKind kind = ErrorKind::Internal;
    QString message;
    QString field;     // which body/query parameter is at fault, when one is (additive "field" key)
    QString requestId; // "req_" + 12 hex
    int retryAfterSeconds = 0;

    int httpStatus() const;
    QString code() const;
    QJsonObject toJson() const; // {"error":{"code","message","request_id"[,"field"]}}

    static ApiError fromJson(const QJsonObject &envelope, int httpStatus);
    static ErrorKind kindForStatus(int httpStatus);
    static QString codeFor(ErrorKind kind);
    static int statusFor(ErrorKind kind);
};

ApiError makeError(ErrorKind kind, const QString &message, const QString &field = {});

// A value or the error that prevented it: what crosses module boundaries instead of exceptions.
template <typename T>
class Expected
{
public:
    Expected(T value) : m_v(std::move(value)) {}
    Expected(ApiError error) : m_v(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_v); }
    T &value() { return std::get<T>(m_v); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const ApiError &error() const { return std::get<ApiError>(m_v); }

private:
    std::variant<T, ApiError> m_v;
};

QString newRequestId();

} // namespace seed::wire
