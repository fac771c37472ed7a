#include "secretstore.h"

#include <QCoreApplication>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace seed::client {

namespace {

SecretStore::Result resultOf(QKeychain::Job *job)
{
    SecretStore::Result r;
    switch (job->error()) {
    case QKeychain::NoError:
        r.status = SecretStore::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        r.status = SecretStore::Status::NotFound;
        break;
    default:
        // NoBackendAvailable, AccessDenied, OtherError (a locked keyring, no D-Bus: error 7) ...
        r.status = SecretStore::Status::Unavailable;
        r.error = job->errorString();
        break;
    }
    return r;
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent) : QObject(parent), m_service(service) {}

QString SecretStore::userMessage(const Result &r)
{
    switch (r.status) {
    case Status::Ok:
        return {};
    case Status::NotFound:
        return QCoreApplication::translate("seed::client::SecretStore", "No secret is stored for this connection.");
    case Status::Unavailable:
        return QCoreApplication::translate("seed::client::SecretStore",
                                           "The system keychain is not available (%1). Seed keeps tokens and API "
                                           "keys only in the keychain; you can keep this one for this session only "
                                           "and will be asked again next time.")
            .arg(r.error);
    }
    return {};
}

void SecretStore::read(const QString &key, QObject *context, Callback cb, const QString &label)
{
    if (m_session.contains(key)) {
        const QString s = m_session.value(key);
        QTimer::singleShot(0, context, [cb, s] { cb(Result{Status::Ok, s, {}}); });
        return;
    }
    // QtKeychain labels an item with its service name, so a labelled item is stored under the label as service.
    auto *job = new QKeychain::ReadPasswordJob(label.isEmpty() ? m_service : label, this);
    job->setAutoDelete(true);
    job->setKey(key);
    QPointer<QObject> ctx(context);
    connect(job, &QKeychain::Job::finished, this, [ctx, cb](QKeychain::Job *j) {
        if (ctx.isNull())
            return;
        Result r = resultOf(j);
        if (r.status == Status::Ok)
            r.secret = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
        cb(r);
    });
    job->start();
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context, Callback cb, const QString &label)
{
    auto *job = new QKeychain::WritePasswordJob(label.isEmpty() ? m_service : label, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    QPointer<QObject> ctx(context);
    connect(job, &QKeychain::Job::finished, this, [this, key, ctx, cb](QKeychain::Job *j) {
        const Result r = resultOf(j);
        if (r.status == Status::Ok)
            m_session.remove(key); // the keychain holds it now
        if (!ctx.isNull())
            cb(r);
    });
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, Callback cb, const QString &label)
{
    m_session.remove(key);
    auto *job = new QKeychain::DeletePasswordJob(label.isEmpty() ? m_service : label, this);
    job->setAutoDelete(true);
    job->setKey(key);
    QPointer<QObject> ctx(context);
    connect(job, &QKeychain::Job::finished, this, [ctx, cb](QKeychain::Job *j) {
        if (!ctx.isNull())
            cb(resultOf(j));
    });
    job->start();
}

void SecretStore::keepForSession(const QString &key, const QString &secret) { m_session.insert(key, secret); }

} // namespace seed::client
