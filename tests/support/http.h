#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrl>

// Synchronous HTTP for tests only (a nested event loop; never do this in product code).
struct HttpResult
{
    int status = 0; // 0: transport error
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString transportError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const;
};

class TestHttp
{
public:
    explicit TestHttp(QString baseUrl, QByteArray authorization = {});
    void setAuthorization(const QByteArray &a) { m_auth = a; }
    static QByteArray bearer(const QString &token) { return "Bearer " + token.toUtf8(); }
    static QByteArray apiKey(const QString &key) { return "API-Key " + key.toUtf8(); }

    HttpResult get(const QString &pathAndQuery) const;
    HttpResult post(const QString &pathAndQuery, const QJsonObject &body) const;
    HttpResult postRaw(const QString &pathAndQuery, const QByteArray &body) const;
    HttpResult del(const QString &pathAndQuery) const;
    HttpResult request(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {}) const;

private:
    QString m_base;
    QByteArray m_auth;
};
