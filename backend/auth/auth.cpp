#include "auth.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace seed::auth {

using wire::ErrorKind;
using wire::makeError;

namespace {
constexpr int kIdHexLength = 12;

QByteArray randomHex(int bytes)
{
    QByteArray raw;
    raw.reserve(bytes);
    while (raw.size() < bytes) {
        const quint32 r = QRandomGenerator::system()->generate();
        raw.append(reinterpret_cast<const char *>(&r), qMin<qsizetype>(4, bytes - raw.size()));
    }
    return raw.toHex();
}

wire::ApiError unauthorized(const QString &message) { return makeError(ErrorKind::Unauthorized, message); }
} // namespace

QByteArray hashSecret(const QByteArray &salt, const QByteArray &secret)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(salt);
    h.addData(secret);
    return h.result();
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Authenticator::Authenticator(store::Store &store, RateLimitConfig limits) : m_store(store), m_limiter(limits) {}

namespace {
// The whole string is 1 to 64 of [A-Za-z0-9_-], and '.' too where `dots` (a namespace is checked on every request,
// so by hand rather than by a regular expression).
bool isPlainName(const QString &s, bool dots)
{
    if (s.isEmpty() || s.size() > 64)
        return false;
    return std::all_of(s.cbegin(), s.cend(), [dots](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' ||
               u == u'-' || (dots && u == u'.');
    });
}
} // namespace

bool Authenticator::isValidNamespace(const QString &ns) { return ns == QLatin1String("*") || isPlainName(ns, false); }

wire::Expected<store::Credential> Authenticator::verify(const std::optional<store::Credential> &c,
                                                        const QByteArray &secret, qint64 nowMs) const
{
    // Hash even when the id is unknown, so that a miss costs the same as a wrong secret.
    const QByteArray salt = c ? c->salt : QByteArray(16, '\0');
    const QByteArray expected = c ? c->secretHash : QByteArray(32, '\0');
    const bool match = constantTimeEquals(hashSecret(salt, secret), expected);
    if (!c || !match)
        return unauthorized(QStringLiteral("Invalid credentials."));
    // Only the holder of the secret learns why a known credential stopped working.
    if (c->revoked)
        return unauthorized(QStringLiteral("This credential has been revoked."));
    if (c->expiresAtMs && *c->expiresAtMs <= nowMs)
        return unauthorized(QStringLiteral("This credential has expired."));
    return *c;
}

void Authenticator::noteUse(const QString &id, qint64 nowMs)
{
    // A write per request would turn every authenticated read into a write transaction; once a minute per
    // credential is enough for "last used".
    auto it = m_lastNoted.find(id);
    if (it != m_lastNoted.end() && nowMs - *it < kLastUsedResolutionMs)
        return;
    m_lastNoted.insert(id, nowMs);
    m_store.touchCredential(id, nowMs);
}

wire::Expected<Principal> Authenticator::authenticate(const QByteArray &header)
{
    const QByteArray h = header.trimmed();
    if (h.isEmpty())
        return unauthorized(QStringLiteral("Missing credentials: send 'Authorization: Bearer <token>' or "
                                           "'Authorization: API-Key <name>$<secret>'."));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<wire::Expected<store::Credential>> cred;
    if (h.startsWith("Bearer ")) {
        const QByteArray token = h.mid(7).trimmed();
        // sdt_<12 hex id>_<secret>
        if (!token.startsWith("sdt_") || token.size() < 4 + kIdHexLength + 2 || token[4 + kIdHexLength] != '_')
            return unauthorized(QStringLiteral("Invalid credentials."));
        const QString id = QString::fromLatin1(token.mid(4, kIdHexLength));
        cred = verify(m_store.credentialById(id), token.mid(4 + kIdHexLength + 1), now);
    } else if (h.startsWith("API-Key ")) {
        const QByteArray key = h.mid(8).trimmed();
        const qsizetype dollar = key.indexOf('$');
        if (dollar <= 0)
            return unauthorized(QStringLiteral("Invalid credentials."));
        auto c = m_store.credentialByName(QString::fromUtf8(key.left(dollar)));
        if (c && c->kind != QLatin1String("apikey"))
            c.reset();
        cred = verify(c, key.mid(dollar + 1), now);
    } else {
        return unauthorized(QStringLiteral("Unsupported authorization scheme: use Bearer or API-Key."));
    }
    if (!*cred)
        return cred->error();
    const store::Credential &c = cred->value();
    noteUse(c.id, now);
    return Principal{c.id, c.namespaces, c.canWrite};
}

bool Authenticator::stillValid(const QString &credentialId)
{
    const auto c = m_store.credentialById(credentialId);
    return c && !c->revoked && (!c->expiresAtMs || *c->expiresAtMs > QDateTime::currentMSecsSinceEpoch());
}

std::optional<wire::ApiError> Authenticator::authorize(const Principal &p, const QString &ns, Access access) const
{
    // A route of the whole server (no namespace in its path, e.g. /metrics) is for a credential of every namespace.
    if (ns.isEmpty() && !p.namespaces.contains(QStringLiteral("*")))
        return makeError(ErrorKind::Forbidden, QStringLiteral("This route needs a credential for every namespace (*)."));
    if (!p.allows(ns))
        return makeError(ErrorKind::Forbidden,
                         QStringLiteral("This credential has no access to namespace '%1'.").arg(ns));
    if (access == Access::Write && !p.canWrite)
        return makeError(ErrorKind::Forbidden, QStringLiteral("This credential is read-only."));
    return std::nullopt;
}

std::optional<wire::ApiError> Authenticator::admit(const Principal &p, qint64 nowMs)
{
    const int wait = m_limiter.take(p.credentialId, nowMs);
    if (wait == 0)
        return std::nullopt;
    auto e = makeError(ErrorKind::RateLimited, QStringLiteral("Rate limit exceeded: retry in %1 s.").arg(wait));
    e.retryAfterSeconds = wait;
    return e;
}

namespace {

// Both kinds of credential take the same namespace rules and the same salted hash of a fresh secret.
std::optional<wire::ApiError> checkNamespaces(const QStringList &namespaces)
{
    for (const QString &ns : namespaces)
        if (!Authenticator::isValidNamespace(ns))
            return makeError(ErrorKind::InvalidRequest, QStringLiteral("Invalid namespace '%1'.").arg(ns));
    if (namespaces.isEmpty())
        return makeError(ErrorKind::InvalidRequest, QStringLiteral("At least one namespace is required."));
    return std::nullopt;
}

store::Credential newCredential(const QString &kind, const QStringList &namespaces, bool canWrite,
                                const QByteArray &secret, std::optional<qint64> expiresAtMs)
{
    store::Credential c;
    c.id = QString::fromLatin1(randomHex(kIdHexLength / 2));
    c.kind = kind;
    c.salt = QByteArray::fromHex(randomHex(16));
    c.secretHash = hashSecret(c.salt, secret);
    c.namespaces = namespaces;
    c.canWrite = canWrite;
    c.expiresAtMs = expiresAtMs;
    return c;
}

} // namespace

wire::Expected<QString> Authenticator::createToken(const QStringList &namespaces, bool canWrite, const QString &kind,
                                                   std::optional<qint64> expiresAtMs)
{
    if (auto bad = checkNamespaces(namespaces))
        return *bad;
    const QByteArray secret = randomHex(24);
    const store::Credential c = newCredential(kind, namespaces, canWrite, secret, expiresAtMs);
    if (!m_store.insertCredential(c))
        return makeError(ErrorKind::Internal, m_store.lastError());
    return QStringLiteral("sdt_") + c.id + u'_' + QString::fromLatin1(secret);
}

wire::Expected<QString> Authenticator::createApiKey(const QString &name, const QStringList &namespaces, bool canWrite,
                                                    std::optional<qint64> expiresAtMs)
{
    if (!isPlainName(name, true))
        return makeError(ErrorKind::InvalidRequest,
                         QStringLiteral("API key names may contain letters, digits, '.', '-' and '_'."));
    if (m_store.credentialByName(name))
        return makeError(ErrorKind::Conflict, QStringLiteral("An API key named '%1' already exists.").arg(name));
    if (auto bad = checkNamespaces(namespaces))
        return *bad;
    const QByteArray secret = "sk_" + randomHex(20);
    store::Credential c = newCredential(QStringLiteral("apikey"), namespaces, canWrite, secret, expiresAtMs);
    c.name = name;
    if (!m_store.insertCredential(c))
        return makeError(ErrorKind::Internal, m_store.lastError());
    return name + u'$' + QString::fromLatin1(secret);
}

std::optional<qint64> Authenticator::parseExpiry(const QString &text, qint64 nowMs, QString *error)
{
    static const QRegularExpression duration(QStringLiteral("^([0-9]{1,9})([smhdw])$"));
    // RFC 3339 wants the offset: a time without one would silently mean this machine's zone.
    static const QRegularExpression rfc3339(QStringLiteral(
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"));
    const QString t = text.trimmed();
    qint64 at = 0;
    if (const auto m = duration.match(t); m.hasMatch()) {
        static const QHash<QChar, qint64> unitMs{
            {u's', 1000}, {u'm', 60000}, {u'h', 3600000}, {u'd', 86400000}, {u'w', 7 * 86400000LL}};
        const qint64 n = m.captured(1).toLongLong();
        if (n == 0) {
            *error = QStringLiteral("--expires: a duration must be longer than 0");
            return std::nullopt;
        }
        at = nowMs + n * unitMs.value(m.captured(2).at(0));
    } else if (rfc3339.match(t).hasMatch()) {
        QString iso = t;
        iso[10] = u'T';
        iso.replace(u'z', u'Z');
        const QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
        if (!dt.isValid()) {
            *error = QStringLiteral("--expires: '%1' is not a valid date and time").arg(t);
            return std::nullopt;
        }
        at = dt.toMSecsSinceEpoch();
        if (at <= nowMs) {
            *error = QStringLiteral("--expires: %1 is in the past").arg(t);
            return std::nullopt;
        }
    } else {
        *error = QStringLiteral("--expires wants a duration (e.g. 90s, 45m, 12h, 30d, 2w) or an RFC 3339 time "
                                "(e.g. 2026-01-31T18:00:00Z), not '%1'")
                     .arg(t);
        return std::nullopt;
    }
    return at;
}

QString Authenticator::tokenId(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(?:sdt_)?([0-9a-f]{12})(?:_.*)?$"));
    const auto m = re.match(text.trimmed());
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace seed::auth
