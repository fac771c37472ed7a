#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace seed::client {

// Secrets (tokens, API keys) live only in the system keychain through QtKeychain. When no keychain
// answers (no Secret Service, a locked keyring, no D-Bus) the caller is told so, and the user may keep a
// secret in memory for this session only. Nothing here ever writes a secret to disk or a log.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status { Ok, NotFound, Unavailable };
    struct Result
    {
        Status status = Status::Ok;
        QString secret;
        QString error; // for Unavailable: what the keychain said
    };
    using Callback = std::function<void(const Result &)>;

    explicit SecretStore(const QString &service = QStringLiteral("Seed"), QObject *parent = nullptr);

    // `label` is what a keychain manager shows for the item (and, with the key, finds it by): each connection's
    // secret is labelled with that connection. "" = the store's service name (how earlier versions stored them).
    void read(const QString &key, QObject *context, Callback cb, const QString &label = {});
    void write(const QString &key, const QString &secret, QObject *context, Callback cb, const QString &label = {});
    void remove(const QString &key, QObject *context, Callback cb, const QString &label = {});

    // The no-keychain fallback: held in memory until the app quits.
    void keepForSession(const QString &key, const QString &secret);
    bool hasSessionSecret(const QString &key) const { return m_session.contains(key); }
    void forgetSession(const QString &key) { m_session.remove(key); }
    QString service() const { return m_service; }

    static QString userMessage(const Result &r);

private:
    QString m_service;
    QHash<QString, QString> m_session;
};

} // namespace seed::client
