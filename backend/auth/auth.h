#pragma once

#include "ratelimiter.h"
#include "store/store.h"
#include "wire/apierror.h"

namespace seed::auth {

enum class Access { Read, Write };

struct Principal
{
    QString credentialId;
    QStringList namespaces;
    bool canWrite = false;
    bool allows(const QString &ns) const { return namespaces.contains(ns) || namespaces.contains(QStringLiteral("*")); }
};

// Verifies `Authorization` headers against hashed credentials and applies scopes and rate limits.
// Secrets never leave this class except once, as the return value of create*().
class Authenticator
{
public:
    Authenticator(store::Store &store, RateLimitConfig limits = {});

    // 401 when missing or invalid.
    wire::Expected<Principal> authenticate(const QByteArray &authorizationHeader);
    // 403 when the credential has no right on `ns`, or only reads and `access` writes.
    std::optional<wire::ApiError> authorize(const Principal &p, const QString &ns, Access access) const;
    // 429 (with retryAfterSeconds) when the credential's bucket is empty.
    std::optional<wire::ApiError> admit(const Principal &p, qint64 nowMs);

    // Returns the token text ("sdt_<id>_<secret>") or an error.
    wire::Expected<QString> createToken(const QStringList &namespaces, bool canWrite,
                                        const QString &kind = QStringLiteral("token"));
    // Returns "NAME$sk_<secret>" or an error (name taken, bad name).
    wire::Expected<QString> createApiKey(const QString &name, const QStringList &namespaces, bool canWrite);

    static bool isValidNamespace(const QString &ns);

private:
    std::optional<store::Credential> verify(const std::optional<store::Credential> &c, const QByteArray &secret) const;

    store::Store &m_store;
    RateLimiter m_limiter;
};

QByteArray hashSecret(const QByteArray &salt, const QByteArray &secret);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace seed::auth
