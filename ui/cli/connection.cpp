#include "connection.h"

#include "cli.h"
#include "client/profiles.h"
#include "daemon/connectionfile.h"
#include "seedctl.h"

#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QTextStream>

namespace seed::cli {
namespace {

// Why SEED_API_KEY cannot be an API key (NAME$SECRET, docs/api.md), or empty when it can. The key itself is
// never echoed: it is a secret.
QString apiKeyProblem(const QString &key)
{
    for (const QChar c : key)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return tr("SEED_API_KEY holds a space, a control or a non-ASCII character; an API key is NAME$SECRET "
                      "as 'seedd apikey create' printed it.");
    const qsizetype dollar = key.indexOf(u'$');
    if (dollar < 0)
        return tr("SEED_API_KEY must be NAME$SECRET (as 'seedd apikey create' printed it), but it has no '$'. "
                  "In a shell, put it in single quotes so that $SECRET is not expanded as a variable.");
    if (dollar == 0)
        return tr("SEED_API_KEY must be NAME$SECRET, but the name before '$' is empty.");
    if (dollar == key.size() - 1)
        return tr("SEED_API_KEY must be NAME$SECRET, but the secret after '$' is empty. In a shell, put it in "
                  "single quotes so that $SECRET is not expanded as a variable.");
    return {};
}

} // namespace

std::variant<Connection, int> resolveConnection(const ConnectionOptions &o, QTextStream &err)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Credentials first: a malformed one is a bad argument (exit 2) whether or not a seedd runs, and the
    // server could only answer "Invalid credentials" without saying what is wrong with it.
    QByteArray envAuthorization;
    if (const QString token = env.value(QStringLiteral("SEED_TOKEN")); !token.isEmpty()) {
        envAuthorization = "Bearer " + token.toUtf8();
    } else if (const QString key = env.value(QStringLiteral("SEED_API_KEY")); !key.isEmpty()) {
        if (const QString why = apiKeyProblem(key); !why.isEmpty())
            return usage(err, why);
        envAuthorization = "API-Key " + key.toUtf8();
    }
    client::Endpoint e;
    QString url = o.url;
    if (url.isEmpty())
        url = env.value(QStringLiteral("SEED_URL"));
    QString ns = o.ns;
    if (ns.isEmpty())
        ns = env.value(QStringLiteral("SEED_NAMESPACE"));
    if (!url.isEmpty()) {
        e.baseUrl = QUrl(url, QUrl::StrictMode);
        if (!e.baseUrl.isValid() || !e.baseUrl.scheme().startsWith(QLatin1String("http")))
            return usage(err, tr("--url needs an http:// or https:// address, not '%1'.").arg(url));
        if (ns.isEmpty())
            return usage(err, tr("A remote endpoint needs --namespace (or SEED_NAMESPACE)."));
    } else {
        QString dataDir = o.dataDir;
        if (dataDir.isEmpty())
            dataDir = client::defaultLocalDataDir();
        const auto info = daemon::ConnectionInfo::read(dataDir);
        if (!info) {
            err << tr("seedctl: no local seedd is running (no live connection file in %1). Start it with "
                      "'seedd serve', or pass --url for a remote endpoint.")
                       .arg(dataDir)
                << u'\n';
            return ExitUnreachable;
        }
        e.baseUrl = QUrl(info->url);
        e.local = true;
        e.localDataDir = dataDir;
        e.authorization = "Bearer " + info->token.toUtf8();
        if (ns.isEmpty())
            ns = info->ns;
    }
    e.ns = ns;
    if (!envAuthorization.isEmpty())
        e.authorization = envAuthorization;
    if (!o.caFile.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(o.caFile);
        if (certs.isEmpty())
            return usage(err, tr("no PEM certificate in %1.").arg(o.caFile));
        e.caCertificates = certs;
    }
    return Connection{e, !envAuthorization.isEmpty()};
}

bool refreshLocalEndpoint(client::SeedClient &client, bool credentialsFromEnv)
{
    client::Endpoint e = client.endpoint();
    if (!e.local)
        return false;
    const auto info = daemon::ConnectionInfo::read(e.localDataDir);
    if (!info)
        return false;
    const QUrl url(info->url);
    const QByteArray authorization =
        credentialsFromEnv ? e.authorization : QByteArray("Bearer " + info->token.toUtf8());
    if (!url.isValid() || (url == e.baseUrl && authorization == e.authorization))
        return false;
    e.baseUrl = url;
    e.authorization = authorization;
    client.setEndpoint(e);
    return true;
}

} // namespace seed::cli
