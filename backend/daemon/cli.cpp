#include "cli.h"

#include "daemon.h"
#include "wire/timefmt.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QFile>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seed::daemon {

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalFd[1], &c, 1);
}

// SIGTERM/SIGINT stop the event loop cleanly (the self-pipe trick: nothing but write() in the handler).
void installSignalHandlers(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFd[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] {
        char c;
        [[maybe_unused]] auto n = ::read(g_signalFd[0], &c, 1);
        app.quit();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}
QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int usage(const QString &message)
{
    err() << "seedd: " << message << "\nRun 'seedd --help' for usage.\n";
    err().flush();
    return 2;
}

const char *kHelp = R"(Usage:
  seedd serve [--listen HOST:PORT] [--data-dir DIR] [--config FILE]
              [--tls-cert FILE --tls-key FILE] [--allow-insecure-public] [--access-log]
              [--runner podman|slurm|none] [--slurm-conf FILE] [--gpus auto|none|simulate=TYPE:N,...]
              [--capacity cpus=N,memory_gb=M] [--cancel-grace SECONDS] [--git-base URL]
              [--default-image IMAGE] [--oci-runtime runc|crun] [--pull never|missing|always|newer]
              [--cdi-kind VENDOR/CLASS] [--cdi-spec-dir DIR] [--timeout-unit-seconds S]
  seedd token create --data-dir DIR --namespace NS [--namespace NS2 ...] [--read-only] [--expires WHEN]
  seedd token list --data-dir DIR [--json]
  seedd token revoke --data-dir DIR ID
  seedd apikey create --data-dir DIR --namespace NS [--namespace NS2 ...] --name NAME [--read-only]
                      [--expires WHEN]
  seedd apikey list --data-dir DIR [--json]
  seedd apikey revoke --data-dir DIR NAME
  seedd config check --config FILE
  seedd --help | --version

serve           Serve the Seed Jobs API (loopback 127.0.0.1:8731 by default). Writes DIR/connection.json
                (mode 0600) with the URL and a local token for the desktop app.
token create    Print a new bearer token (alone on stdout) granting read+write (or read) on the namespaces.
apikey create   Print a new API key as NAME$SECRET for the 'Authorization: API-Key' header.
--expires WHEN  The credential stops working at WHEN: a duration from now (90s, 45m, 12h, 30d, 2w) or an
                RFC 3339 time with its offset (2026-01-31T18:00:00Z). Default: never.
token list      List the tokens (the desktop app's local token too): id, kind, namespaces, access, created,
apikey list     expires, last used (to the minute), state. Never a secret. --json for a JSON array.
token revoke    Revoke a token (ID: its id, its sdt_<id> prefix, or the whole token) or an API key (by name).
apikey revoke   A running seedd refuses it from the next request on (401).
config check    Read FILE as 'serve --config FILE' would, start nothing: exit 0 when serve would accept it,
                else 2 with the reason (the desktop app checks its settings so before a restart).

The data directory defaults to $XDG_DATA_HOME/seed. See docs/api.md for the config file and
docs/local-backend.md for the local runner's settings (the config file's "runtime" section).
)";

int serve(QCoreApplication &app, const QCommandLineParser &p)
{
    DaemonConfig config;
    config.dataDir = DaemonConfig::defaultDataDir();
    QString error;
    if (p.isSet(QStringLiteral("config")) && !config.loadFile(p.value(QStringLiteral("config")), &error))
        return usage(error);
    for (const QString &key : std::as_const(config.unknownKeys))
        err() << "seedd: config file " << p.value(QStringLiteral("config")) << ": unknown key '" << key
              << "' (ignored)\n";
    err().flush();
    if (p.isSet(QStringLiteral("listen")) && !config.setListen(p.value(QStringLiteral("listen")), &error))
        return usage(error);
    if (p.isSet(QStringLiteral("data-dir")))
        config.dataDir = p.value(QStringLiteral("data-dir"));
    if (p.isSet(QStringLiteral("tls-cert")))
        config.tlsCert = p.value(QStringLiteral("tls-cert"));
    if (p.isSet(QStringLiteral("tls-key")))
        config.tlsKey = p.value(QStringLiteral("tls-key"));
    if (config.tlsCert.isEmpty() != config.tlsKey.isEmpty())
        return usage(QStringLiteral("--tls-cert and --tls-key go together"));
    if (p.isSet(QStringLiteral("runner")))
        config.runner = p.value(QStringLiteral("runner"));
    if (config.runner != QLatin1String("podman") && config.runner != QLatin1String("slurm") &&
        config.runner != QLatin1String("none"))
        return usage(QStringLiteral("--runner must be podman, slurm or none"));
    if (p.isSet(QStringLiteral("slurm-conf")))
        config.slurm.slurmConf = p.value(QStringLiteral("slurm-conf"));
    {
        runtime::LocalRunnerConfig &l = config.local;
        const auto opt = [&p](const char *name) { return p.value(QString::fromLatin1(name)); };
        const auto has = [&p](const char *name) { return p.isSet(QString::fromLatin1(name)); };
        if (has("gpus") && !l.setGpus(opt("gpus"), &error))
            return usage(error);
        if (has("capacity") && !l.setCapacity(opt("capacity"), &error))
            return usage(error);
        QJsonObject o;
        if (has("cancel-grace")) {
            bool ok = false;
            const int g = opt("cancel-grace").toInt(&ok);
            if (!ok || g < 0)
                return usage(QStringLiteral("--cancel-grace wants a number of seconds"));
            o.insert(QStringLiteral("cancel_grace_seconds"), g);
        }
        if (has("timeout-unit-seconds")) {
            bool ok = false;
            const double u = opt("timeout-unit-seconds").toDouble(&ok);
            if (!ok || u <= 0)
                return usage(QStringLiteral("--timeout-unit-seconds wants a positive number"));
            o.insert(QStringLiteral("timeout_unit_seconds"), u);
        }
        const std::pair<const char *, const char *> strings[] = {
            {"git-base", "git_base"},     {"default-image", "default_image"}, {"oci-runtime", "oci_runtime"},
            {"pull", "pull"},             {"cdi-kind", "cdi_kind"},           {"cdi-spec-dir", "cdi_spec_dir"},
            {"podman", "podman"}};
        for (const auto &[cli, key] : strings)
            if (has(cli))
                o.insert(QString::fromLatin1(key), opt(cli));
        if (!l.applyJson(o, &error))
            return usage(error);
    }
    config.allowInsecurePublic = p.isSet(QStringLiteral("allow-insecure-public"));
    config.accessLog = p.isSet(QStringLiteral("access-log"));

    installSignalHandlers(app);
    Daemon daemon(config);
    if (!daemon.start(&error)) {
        err() << "seedd: " << error << "\n";
        err().flush();
        return 1;
    }
    err() << "seedd " << SEED_VERSION << " serving " << daemon.url() << " (data " << config.dataDir << ")\n";
    err().flush();
    const int rc = app.exec();
    daemon.stop();
    return rc;
}

int checkConfig(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("config")))
        return usage(QStringLiteral("config check wants --config FILE"));
    DaemonConfig config;
    QString error;
    if (!config.loadFile(p.value(QStringLiteral("config")), &error))
        return usage(error);
    for (const QString &key : std::as_const(config.unknownKeys))
        err() << "seedd: config file " << p.value(QStringLiteral("config")) << ": unknown key '" << key
              << "' (ignored)\n";
    err().flush();
    out() << "ok\n";
    return 0;
}

int createCredential(const QCommandLineParser &p, bool apiKey)
{
    if (!p.isSet(QStringLiteral("data-dir")))
        return usage(QStringLiteral("--data-dir is required"));
    const QStringList namespaces = p.values(QStringLiteral("namespace"));
    if (namespaces.isEmpty())
        return usage(QStringLiteral("at least one --namespace is required"));
    if (apiKey && !p.isSet(QStringLiteral("name")))
        return usage(QStringLiteral("--name is required"));
    QString error;
    std::optional<qint64> expires;
    if (p.isSet(QStringLiteral("expires"))) {
        expires = auth::Authenticator::parseExpiry(p.value(QStringLiteral("expires")),
                                                   QDateTime::currentMSecsSinceEpoch(), &error);
        if (!expires)
            return usage(error);
    }
    store::Store store;
    const QString dataDir = p.value(QStringLiteral("data-dir"));
    if (!QDir().mkpath(dataDir) ||
        !QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner) ||
        !store.open(dataDir + QStringLiteral("/seed.db"), &error)) {
        err() << "seedd: cannot open " << dataDir << ": " << error << "\n";
        return 1;
    }
    auth::Authenticator auth(store);
    const bool canWrite = !p.isSet(QStringLiteral("read-only"));
    auto made = apiKey ? auth.createApiKey(p.value(QStringLiteral("name")), namespaces, canWrite, expires)
                       : auth.createToken(namespaces, canWrite, QStringLiteral("token"), expires);
    if (!made) {
        err() << "seedd: " << made.error().message << "\n";
        return made.error().kind == wire::ErrorKind::Internal ? 1 : 2;
    }
    out() << made.value() << "\n";
    return 0;
}

bool openStore(const QCommandLineParser &p, store::Store &store)
{
    const QString dataDir = p.value(QStringLiteral("data-dir"));
    QString error;
    // Never creates a data dir: listing or revoking in a mistyped one must not look like an empty store.
    if (!QFileInfo::exists(dataDir + QStringLiteral("/seed.db"))) {
        err() << "seedd: no seedd data in " << dataDir << "\n";
        return false;
    }
    if (!store.open(dataDir + QStringLiteral("/seed.db"), &error)) {
        err() << "seedd: cannot open " << dataDir << ": " << error << "\n";
        return false;
    }
    return true;
}

QString timeText(std::optional<qint64> ms, const QString &none)
{
    return ms ? wire::formatTime(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC)) : none;
}

// Secrets are never read back (only their salted hashes are stored): what identifies a credential here is its
// id (the "sdt_<id>" prefix of a token) or an API key's name.
int listCredentials(const QCommandLineParser &p, bool apiKeys)
{
    if (!p.isSet(QStringLiteral("data-dir")))
        return usage(QStringLiteral("--data-dir is required"));
    store::Store store;
    if (!openStore(p, store))
        return 1;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<store::Credential> list;
    const QList<store::Credential> all = store.credentials();
    for (const store::Credential &c : all)
        if ((c.kind == QLatin1String("apikey")) == apiKeys)
            list.append(c);
    const auto state = [now](const store::Credential &c) {
        if (c.revoked)
            return QStringLiteral("revoked");
        if (c.expiresAtMs && *c.expiresAtMs <= now)
            return QStringLiteral("expired");
        return QStringLiteral("active");
    };
    const auto prefix = [](const store::Credential &c) {
        return c.kind == QLatin1String("apikey") ? c.name + u'$' : QStringLiteral("sdt_") + c.id;
    };
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray arr;
        const auto opt = [](std::optional<qint64> ms) { return ms ? QJsonValue(timeText(ms, {})) : QJsonValue(); };
        for (const store::Credential &c : std::as_const(list)) {
            QJsonObject o{{QStringLiteral("id"), c.id},
                          {QStringLiteral("prefix"), prefix(c)},
                          {QStringLiteral("kind"), c.kind},
                          {QStringLiteral("namespaces"), QJsonArray::fromStringList(c.namespaces)},
                          {QStringLiteral("read_only"), !c.canWrite},
                          {QStringLiteral("created_at"), opt(c.createdAtMs)},
                          {QStringLiteral("expires_at"), opt(c.expiresAtMs)},
                          {QStringLiteral("last_used_at"), opt(c.lastUsedAtMs)},
                          {QStringLiteral("revoked_at"), opt(c.revokedAtMs)},
                          {QStringLiteral("state"), state(c)}};
            if (apiKeys)
                o.insert(QStringLiteral("name"), c.name);
            arr.append(o);
        }
        out() << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return 0;
    }
    QList<QStringList> rows{{apiKeys ? QStringLiteral("NAME") : QStringLiteral("TOKEN"), QStringLiteral("ID"),
                             QStringLiteral("KIND"), QStringLiteral("NAMESPACES"), QStringLiteral("ACCESS"),
                             QStringLiteral("CREATED"), QStringLiteral("EXPIRES"), QStringLiteral("LAST USED"),
                             QStringLiteral("STATE")}};
    for (const store::Credential &c : std::as_const(list))
        rows.append({prefix(c), c.id, c.kind, c.namespaces.join(u','),
                     c.canWrite ? QStringLiteral("read-write") : QStringLiteral("read-only"),
                     timeText(c.createdAtMs, QStringLiteral("-")), timeText(c.expiresAtMs, QStringLiteral("never")),
                     timeText(c.lastUsedAtMs, QStringLiteral("-")), state(c)});
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &r : std::as_const(rows))
        for (qsizetype i = 0; i < r.size(); ++i)
            widths[i] = std::max(widths[i], r[i].size());
    for (const QStringList &r : std::as_const(rows)) {
        QString line;
        for (qsizetype i = 0; i < r.size(); ++i)
            line += i + 1 < r.size() ? r[i].leftJustified(widths[i] + 2) : r[i];
        out() << line << "\n";
    }
    return 0;
}

int revokeCredential(const QCommandLineParser &p, bool apiKey, const QString &which)
{
    if (!p.isSet(QStringLiteral("data-dir")))
        return usage(QStringLiteral("--data-dir is required"));
    store::Store store;
    if (!openStore(p, store))
        return 1;
    std::optional<store::Credential> c;
    if (apiKey) {
        c = store.credentialByName(which);
        if (c && c->kind != QLatin1String("apikey"))
            c.reset();
    } else if (const QString id = auth::Authenticator::tokenId(which); !id.isEmpty()) {
        c = store.credentialById(id);
        if (c && c->kind == QLatin1String("apikey"))
            c.reset();
    }
    // The argument may be a whole secret: never echo it.
    const QString what = apiKey ? QStringLiteral("API key") : QStringLiteral("token");
    if (!c) {
        err() << "seedd: no such " << what << " (see 'seedd " << (apiKey ? "apikey" : "token") << " list')\n";
        return 1;
    }
    const QString label = apiKey ? c->name : QStringLiteral("sdt_") + c->id;
    switch (store.revokeCredential(c->id, QDateTime::currentMSecsSinceEpoch())) {
    case store::Store::Revoke::Revoked:
        out() << "Revoked " << what << " " << label << ".\n";
        return 0;
    case store::Store::Revoke::Unchanged:
        out() << what << " " << label << " was already revoked.\n";
        return 0;
    case store::Store::Revoke::Failed:
        break;
    }
    err() << "seedd: cannot revoke " << label << ": " << store.lastError() << "\n";
    return 1;
}

} // namespace

int runCli(int argc, char **argv)
{
    // Before anything is created: seed.db holds credentials' hashes and job env values, logs hold a job's
    // output; nothing seedd writes (data dir, database, logs, workspaces, connection file) is for other users.
    ::umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("seedd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEED_VERSION));

    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        {QStringLiteral("help"), QStringLiteral("Show help.")},
        {QStringLiteral("version"), QStringLiteral("Show version.")},
        {QStringLiteral("listen"), QStringLiteral("Address to serve."), QStringLiteral("HOST:PORT")},
        {QStringLiteral("data-dir"), QStringLiteral("Data directory."), QStringLiteral("DIR")},
        {QStringLiteral("config"), QStringLiteral("Config file (JSON)."), QStringLiteral("FILE")},
        {QStringLiteral("tls-cert"), QStringLiteral("TLS certificate (PEM)."), QStringLiteral("FILE")},
        {QStringLiteral("tls-key"), QStringLiteral("TLS private key (PEM)."), QStringLiteral("FILE")},
        {QStringLiteral("allow-insecure-public"), QStringLiteral("Serve a public address without TLS.")},
        {QStringLiteral("runner"), QStringLiteral("What runs jobs: podman (default), slurm or none."), QStringLiteral("NAME")},
        {QStringLiteral("slurm-conf"), QStringLiteral("The Slurm cluster's slurm.conf (default: $SLURM_CONF)."), QStringLiteral("FILE")},
        {QStringLiteral("gpus"), QStringLiteral("GPU inventory: auto, none, or simulate=TYPE:N,..."), QStringLiteral("SPEC")},
        {QStringLiteral("capacity"), QStringLiteral("Schedulable capacity: cpus=N,memory_gb=M."), QStringLiteral("SPEC")},
        {QStringLiteral("cancel-grace"), QStringLiteral("Seconds between SIGTERM and SIGKILL."), QStringLiteral("SECONDS")},
        {QStringLiteral("timeout-unit-seconds"), QStringLiteral("Length of a timeout 'minute' (tests)."), QStringLiteral("S")},
        {QStringLiteral("git-base"), QStringLiteral("Base URL of repo jobs."), QStringLiteral("URL")},
        {QStringLiteral("default-image"), QStringLiteral("Image of repo-only jobs."), QStringLiteral("IMAGE")},
        {QStringLiteral("oci-runtime"), QStringLiteral("OCI runtime for podman."), QStringLiteral("NAME")},
        {QStringLiteral("pull"), QStringLiteral("Image pull policy."), QStringLiteral("POLICY")},
        {QStringLiteral("cdi-kind"), QStringLiteral("CDI kind of GPU devices."), QStringLiteral("KIND")},
        {QStringLiteral("cdi-spec-dir"), QStringLiteral("Where to write the simulated GPUs' CDI spec."), QStringLiteral("DIR")},
        {QStringLiteral("podman"), QStringLiteral("Podman program."), QStringLiteral("PATH")},
        {QStringLiteral("access-log"), QStringLiteral("Log one line per request (never credentials).")},
        {QStringLiteral("namespace"), QStringLiteral("Namespace to grant."), QStringLiteral("NS")},
        {QStringLiteral("read-only"), QStringLiteral("Grant read access only.")},
        {QStringLiteral("name"), QStringLiteral("API key name."), QStringLiteral("NAME")},
        {QStringLiteral("expires"), QStringLiteral("When the credential stops working."), QStringLiteral("WHEN")},
        {QStringLiteral("json"), QStringLiteral("List as JSON.")},
    });
    if (!p.parse(QCoreApplication::arguments()))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        out() << kHelp;
        return 0;
    }
    if (p.isSet(QStringLiteral("version"))) {
        out() << "seedd " << SEED_VERSION << "\n";
        return 0;
    }
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return usage(QStringLiteral("missing command"));
    if (pos == QStringList{QStringLiteral("serve")})
        return serve(app, p);
    if (pos == QStringList{QStringLiteral("config"), QStringLiteral("check")})
        return checkConfig(p);
    if (pos == QStringList{QStringLiteral("token"), QStringLiteral("create")})
        return createCredential(p, false);
    if (pos == QStringList{QStringLiteral("apikey"), QStringLiteral("create")})
        return createCredential(p, true);
    for (const bool apiKey : {false, true}) {
        const QString noun = apiKey ? QStringLiteral("apikey") : QStringLiteral("token");
        if (pos == QStringList{noun, QStringLiteral("list")})
            return listCredentials(p, apiKey);
        if (pos.size() >= 2 && pos[0] == noun && pos[1] == QLatin1String("revoke")) {
            if (pos.size() != 3)
                return usage(apiKey ? QStringLiteral("apikey revoke wants one NAME")
                                    : QStringLiteral("token revoke wants one ID"));
            return revokeCredential(p, apiKey, pos[2]);
        }
    }
    return usage(QStringLiteral("unknown command '%1'").arg(pos.join(u' ')));
}

} // namespace seed::daemon
