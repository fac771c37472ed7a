#pragma once
// Shared by the container suites: submit, poll, read logs, read a tar.

#include "http.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QStringList>
#include <QTest>

#include <functional>

namespace rt {

inline QString ns() { return QStringLiteral("rt"); }

inline QJsonObject job(const TestHttp &http, const QString &name)
{
    return http.get(QStringLiteral("/%1/job/%2").arg(ns(), name)).json();
}

// Polls GET until `pred` holds (10 polls a second); returns the last job seen.
inline QJsonObject waitFor(const TestHttp &http, const QString &name, const std::function<bool(const QJsonObject &)> &pred,
                           int timeoutMs = 30000)
{
    QDeadlineTimer d(timeoutMs);
    QJsonObject j;
    while (!d.hasExpired()) {
        j = job(http, name);
        if (pred(j))
            return j;
        QTest::qWait(100);
    }
    return j;
}

inline QJsonObject waitStatus(const TestHttp &http, const QString &name, const QStringList &statuses, int timeoutMs = 30000)
{
    return waitFor(http, name, [&](const QJsonObject &j) { return statuses.contains(j.value(QStringLiteral("status")).toString()); },
                   timeoutMs);
}

inline QJsonObject waitTerminal(const TestHttp &http, const QString &name, int timeoutMs = 30000)
{
    return waitStatus(http, name,
                      {QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("cancelled"), QStringLiteral("timed_out")},
                      timeoutMs);
}

inline QStringList logLines(const TestHttp &http, const QString &name)
{
    const QJsonArray lines = http.get(QStringLiteral("/%1/job/%2/logs?tail=10000").arg(ns(), name)).json().value(QStringLiteral("lines")).toArray();
    QStringList out;
    for (const QJsonValue &v : lines)
        out << v.toObject().value(QStringLiteral("message")).toString();
    return out;
}

inline bool waitLog(const TestHttp &http, const QString &name, const QString &line, int timeoutMs = 30000)
{
    QDeadlineTimer d(timeoutMs);
    while (!d.hasExpired()) {
        if (logLines(http, name).contains(line))
            return true;
        QTest::qWait(100);
    }
    return false;
}

inline QJsonObject spec(const QString &name, const QString &command, const QString &image)
{
    return QJsonObject{{QStringLiteral("name"), name},     {QStringLiteral("command"), command},
                       {QStringLiteral("image"), image},   {QStringLiteral("gpu"), QStringLiteral("none")},
                       {QStringLiteral("cpu"), 2},         {QStringLiteral("memory_gb"), 2}};
}

struct TarFile
{
    QByteArray name;
    qint64 size = 0;
    char type = '0';
};
// Reads a ustar stream (and GNU long names); nullopt-like empty list with ok=false on a malformed one.
inline QList<TarFile> readTar(const QByteArray &tar, bool *ok)
{
    QList<TarFile> out;
    *ok = false;
    qsizetype pos = 0;
    QByteArray longName;
    while (pos + 512 <= tar.size()) {
        const QByteArray h = tar.mid(pos, 512);
        if (h.count('\0') == 512) {
            *ok = true;
            return out;
        }
        TarFile f;
        f.name = longName.isEmpty() ? QByteArray(h.constData(), int(qstrnlen(h.constData(), 100))) : longName;
        longName.clear();
        f.size = QByteArray(h.constData() + 124, 11).toLongLong(nullptr, 8);
        f.type = h[156];
        pos += 512;
        if (f.type == 'L') {
            longName = tar.mid(pos, f.size - 1);
            pos += (f.size + 511) / 512 * 512;
            continue;
        }
        pos += (f.size + 511) / 512 * 512;
        out.append(f);
    }
    return out;
}

} // namespace rt
