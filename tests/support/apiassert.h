#pragma once

#include "http.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

// Shape checks shared by the API suites.
namespace apiassert {

inline bool matches(const QString &pattern, const QString &value)
{
    return QRegularExpression(QStringLiteral("^") + pattern + QStringLiteral("$")).match(value).hasMatch();
}
inline const QString kJobId = QStringLiteral("job_[0-9a-f]{12}");
inline const QString kRequestId = QStringLiteral("req_[0-9a-f]{12}");
inline const QString kTimestamp = QStringLiteral(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
inline const QString kTimestampMs = QStringLiteral(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z)");
inline const QString kMoney = QStringLiteral(R"(\d+\.\d{2})");

// Every key of `example` is in `actual` with the same JSON type; keys in `nullable` may also be null.
// Recurses into objects and into the first element of arrays. Returns the first difference, or empty.
inline QString shapeDiff(const QJsonValue &actual, const QJsonValue &example, const QSet<QString> &nullable,
                         const QString &path = QStringLiteral("$"))
{
    if (example.isObject()) {
        if (!actual.isObject())
            return path + QStringLiteral(": expected object");
        const QJsonObject a = actual.toObject(), e = example.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!a.contains(it.key()))
                return path + u'.' + it.key() + QStringLiteral(": missing");
            const QJsonValue av = a.value(it.key());
            if (av.isNull() && (nullable.contains(it.key()) || it.value().isNull()))
                continue;
            const QString d = shapeDiff(av, it.value(), nullable, path + u'.' + it.key());
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    if (example.isArray()) {
        if (!actual.isArray())
            return path + QStringLiteral(": expected array");
        if (example.toArray().isEmpty() || actual.toArray().isEmpty())
            return {};
        return shapeDiff(actual.toArray().first(), example.toArray().first(), nullable, path + QStringLiteral("[0]"));
    }
    if (example.isNull())
        return {};
    if (actual.type() != example.type())
        return path + QStringLiteral(": type %1, expected %2").arg(int(actual.type())).arg(int(example.type()));
    if (example.isDouble() && std::floor(example.toDouble()) == example.toDouble() &&
        std::floor(actual.toDouble()) != actual.toDouble())
        return path + QStringLiteral(": expected an integer");
    return {};
}

// An error response: the status, the envelope, its code, a request id that matches X-Request-Id.
inline QString envelopeDiff(const HttpResult &r, int status, const QString &code)
{
    if (r.status != status)
        return QStringLiteral("status %1, expected %2: %3").arg(r.status).arg(status).arg(QString::fromUtf8(r.body));
    const QJsonObject e = r.json().value(QStringLiteral("error")).toObject();
    if (r.json().keys() != QStringList{QStringLiteral("error")})
        return QStringLiteral("not an error envelope: ") + QString::fromUtf8(r.body);
    if (e.value(QStringLiteral("code")).toString() != code)
        return QStringLiteral("code %1, expected %2").arg(e.value(QStringLiteral("code")).toString(), code);
    if (e.value(QStringLiteral("message")).toString().isEmpty())
        return QStringLiteral("empty message");
    const QString rid = e.value(QStringLiteral("request_id")).toString();
    if (!matches(kRequestId, rid))
        return QStringLiteral("bad request_id ") + rid;
    if (QString::fromLatin1(r.header("X-Request-Id")) != rid)
        return QStringLiteral("X-Request-Id header differs from request_id");
    return {};
}

inline QJsonObject fixture(const QString &name)
{
    QFile f(QStringLiteral(SEED_TEST_DATA "/fixtures/contract/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace apiassert

#define EXPECT_ENVELOPE(result, status, code)                                                                        \
    do {                                                                                                             \
        const QString d_ = apiassert::envelopeDiff((result), (status), QString::fromLatin1(code));                        \
        QVERIFY2(d_.isEmpty(), qPrintable(d_));                                                                      \
    } while (false)

#define EXPECT_SHAPE(actual, example, ...)                                                                           \
    do {                                                                                                             \
        const QSet<QString> n_ = __VA_ARGS__;                                                                        \
        const QString d_ = apiassert::shapeDiff((actual), (example), n_);                                            \
        QVERIFY2(d_.isEmpty(), qPrintable(d_));                                                                      \
    } while (false)
