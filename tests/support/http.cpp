#include "http.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

TestHttp::TestHttp(QString baseUrl, QByteArray authorization) : m_base(std::move(baseUrl)), m_auth(std::move(authorization)) {}

HttpResult TestHttp::get(const QString &p) const { return request("GET", p); }
HttpResult TestHttp::del(const QString &p) const { return request("DELETE", p); }
HttpResult TestHttp::post(const QString &p, const QJsonObject &body) const
{
    return request("POST", p, QJsonDocument(body).toJson(QJsonDocument::Compact));
}
HttpResult TestHttp::postRaw(const QString &p, const QByteArray &body) const { return request("POST", p, body); }

HttpResult TestHttp::request(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body) const
{
    static QNetworkAccessManager *nam = new QNetworkAccessManager;
    QNetworkRequest req(QUrl(m_base + pathAndQuery));
    if (!m_auth.isEmpty())
        req.setRawHeader("Authorization", m_auth);
    if (!body.isEmpty() || verb == "POST")
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam->sendCustomRequest(req, verb, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(30000);
    loop.exec();
    HttpResult r;
    if (!reply->isFinished()) {
        reply->abort();
        r.transportError = QStringLiteral("timeout");
    }
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.headers = reply->rawHeaderPairs();
    if (r.status == 0)
        r.transportError = reply->errorString();
    reply->deleteLater();
    return r;
}
