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

    // 401 when missing, invalid, revoked or expired. Reads the credential's row on every call (a primary-key
    // lookup; no cache), so a revocation or expiry written by another process counts from the next request.
    wire::Expected<Principal> authenticate(const QByteArray &authorizationHeader);
    // Whether a credential that authenticated earlier still may (not revoked, not expired): long-lived streams
    // ask this as they go.
    bool stillValid(const QString &credentialId);
    // 403 when the credential has no right on `ns`, or only reads and `access` writes.
    std::optional<wire::ApiError> authorize(const Principal &p, const QString &ns, Access access) const;
    // 429 (with retryAfterSeconds) when the credential's bucket is empty.
    std::optional<wire::ApiError> admit(const Principal &p, qint64 nowMs);

    // Returns the token text ("sdt_<id>_<secret>") or an error. expiresAtMs: none = never.
    wire::Expected<QString> createToken(const QStringList &namespaces, bool canWrite,
                                        const QString &kind = QStringLiteral("token"),
                                        std::optional<qint64> expiresAtMs = std::nullopt);
    // Returns "NAME$sk_<secret>" or an error (name taken, bad name).
    wire::Expected<QString> createApiKey(const QString &name, const QStringList &namespaces, bool canWrite,
                                         std::optional<qint64> expiresAtMs = std::nullopt);

    static bool isValidNamespace(const QString &ns);
    // `--expires`: a duration from now ("90s", "45m", "12h", "30d", "2w") or an RFC 3339 time with its offset
    // ("2026-01-31T18:00:00Z"). nullopt with *error set when malformed or not in the future.
    static std::optional<qint64> parseExpiry(const QString &text, qint64 nowMs, QString *error);
    // The id of a token given as its id, its printable prefix "sdt_<id>" or the whole token; empty if none.
    static QString tokenId(const QString &text);
    // How long last_used_at may lag behind: it is written at most this often per credential.
    static constexpr qint64 kLastUsedResolutionMs = 60000;

private:
    wire::Expected<store::Credential> verify(const std::optional<store::Credential> &c, const QByteArray &secret,
                                             qint64 nowMs) const;

    void noteUse(const QString &id, qint64 nowMs);

    store::Store &m_store;
    RateLimiter m_limiter;
    QHash<QString, qint64> m_lastNoted; // credential id -> when its last_used_at was last written
};

QByteArray hashSecret(const QByteArray &salt, const QByteArray &secret);
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace seed::auth
