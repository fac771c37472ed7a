#include "cli.h"

#include "daemon.h"

#include <QCommandLineParser>
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
              [--runner podman|none] [--gpus auto|none|simulate=TYPE:N,...]
              [--capacity cpus=N,memory_gb=M] [--cancel-grace SECONDS] [--git-base URL]
              [--default-image IMAGE] [--oci-runtime runc|crun] [--pull never|missing|always|newer]
              [--cdi-kind VENDOR/CLASS] [--cdi-spec-dir DIR] [--timeout-unit-seconds S]
  seedd token create --data-dir DIR --namespace NS [--namespace NS2 ...] [--read-only]
  seedd apikey create --data-dir DIR --namespace NS [--namespace NS2 ...] --name NAME [--read-only]
  seedd --help | --version

serve           Serve the Seed Jobs API (loopback 127.0.0.1:8731 by default). Writes DIR/connection.json
                (mode 0600) with the URL and a local token for the desktop app.
token create    Print a new bearer token (alone on stdout) granting read+write (or read) on the namespaces.
apikey create   Print a new API key as NAME$SECRET for the 'Authorization: API-Key' header.

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
    if (config.runner != QLatin1String("podman") && config.runner != QLatin1String("none"))
        return usage(QStringLiteral("--runner must be podman or none"));
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

int createCredential(const QCommandLineParser &p, bool apiKey)
{
    if (!p.isSet(QStringLiteral("data-dir")))
        return usage(QStringLiteral("--data-dir is required"));
    const QStringList namespaces = p.values(QStringLiteral("namespace"));
    if (namespaces.isEmpty())
        return usage(QStringLiteral("at least one --namespace is required"));
    if (apiKey && !p.isSet(QStringLiteral("name")))
        return usage(QStringLiteral("--name is required"));
    store::Store store;
    QString error;
    const QString dataDir = p.value(QStringLiteral("data-dir"));
    if (!QDir().mkpath(dataDir) ||
        !QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner) ||
        !store.open(dataDir + QStringLiteral("/seed.db"), &error)) {
        err() << "seedd: cannot open " << dataDir << ": " << error << "\n";
        return 1;
    }
    auth::Authenticator auth(store);
    const bool canWrite = !p.isSet(QStringLiteral("read-only"));
    auto made = apiKey ? auth.createApiKey(p.value(QStringLiteral("name")), namespaces, canWrite)
                       : auth.createToken(namespaces, canWrite);
    if (!made) {
        err() << "seedd: " << made.error().message << "\n";
        return made.error().kind == wire::ErrorKind::Internal ? 1 : 2;
    }
    out() << made.value() << "\n";
    return 0;
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
        {QStringLiteral("runner"), QStringLiteral("What runs jobs: podman (default) or none."), QStringLiteral("NAME")},
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
    if (pos == QStringList{QStringLiteral("token"), QStringLiteral("create")})
        return createCredential(p, false);
    if (pos == QStringList{QStringLiteral("apikey"), QStringLiteral("create")})
        return createCredential(p, true);
    return usage(QStringLiteral("unknown command '%1'").arg(pos.join(u' ')));
}

} // namespace seed::daemon
