#include "arguments.h"

#include "cli.h"
#include "seedctl.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QUrlQuery>

#include <climits>

namespace seed::cli {
namespace {

const char kUsage[] = R"(Usage: seedctl [connection options] COMMAND [arguments]

Commands:
  list [--status S] [--sort F] [--order asc|desc] [--page N] [--per-page N]
  get NAME                       one job, every field
  logs NAME [--tail N] [--since ISO-8601] [-f|--follow] [--timestamps]
  analytics NAME                 current utilization of a job
  submit [FILE|-] [job options]  create a job: a JSON spec (the API's create body; also --file), options on top
  cancel NAME
  delete NAME [--delete-artifacts]
  wait NAME [--timeout-seconds N] until the job ends; exit 0 only if it succeeded
  artifacts NAME [--output-dir DIR] list a job's artifacts; with --output-dir, write them into DIR

Job options (submit; each sets one key of the create body, over the spec file's):
  --file FILE|-  --name NAME  --command CMD  --image REF  --repo OWNER/NAME  --branch B  --gpu TYPE
  --gpu-count N  --cpu N  --memory-gb N  --disk-gb N  --region R  --timeout-minutes N  --retries N
  --output-path PATH  --env KEY=VALUE (repeatable)  --spot (preemptible)  --nodes N (sent only when given)

Connection (default: this computer's seedd, found through <data-dir>/connection.json):
  --data-dir DIR                 the local seedd's data directory
  --url URL                      a remote endpoint (also SEED_URL)
  --namespace NS                 (also SEED_NAMESPACE; local default: the daemon's)
  --ca-file FILE                 extra trusted certificate (PEM) for a self-signed endpoint
  Credentials come from the environment only, never from the command line:
  SEED_TOKEN (a bearer token) or SEED_API_KEY (name$secret).

Output: -o|--output table (default), wide (list, get: every column or field) or json (the server's JSON
as it answered, every field kept; with logs -f, one log entry per line); --json is -o json.
logs -f gives up after SEED_FOLLOW_GIVE_UP_SECONDS (default 60) without an answer from the endpoint.
Exit codes: 0 ok, 1 the API refused (its message and request id are printed), 2 bad arguments or an
invalid spec (nothing sent), 3 cannot reach the endpoint, 4 `wait`: the job did not succeed,
5 `artifacts`: the job has none, or entries were not written (unsafe names, links; the rest was).
)";

// The server's rules name its query parameters ('per_page'); on the command line they are options (--per-page).
QString asOption(const wire::ApiError &e)
{
    QString m = e.message;
    if (!e.field.isEmpty())
        m.replace(u'\'' + e.field + u'\'', QStringLiteral("--") + QString(e.field).replace(u'_', u'-'));
    return m;
}

// The job options of submit: option -> key of the create body.
const std::pair<QString, QString> kSpecOptions[] = {
    {QStringLiteral("name"), QStringLiteral("name")},
    {QStringLiteral("command"), QStringLiteral("command")},
    {QStringLiteral("image"), QStringLiteral("image")},
    {QStringLiteral("repo"), QStringLiteral("repo")},
    {QStringLiteral("branch"), QStringLiteral("branch")},
    {QStringLiteral("gpu"), QStringLiteral("gpu")},
    {QStringLiteral("gpu-count"), QStringLiteral("gpu_count")},
    {QStringLiteral("cpu"), QStringLiteral("cpu")},
    {QStringLiteral("memory-gb"), QStringLiteral("memory_gb")},
    {QStringLiteral("disk-gb"), QStringLiteral("disk_gb")},
    {QStringLiteral("region"), QStringLiteral("region")},
    {QStringLiteral("timeout-minutes"), QStringLiteral("timeout_minutes")},
    {QStringLiteral("retries"), QStringLiteral("retries")},
    {QStringLiteral("output-path"), QStringLiteral("output_path")},
    {QStringLiteral("env"), QStringLiteral("env")},
    {QStringLiteral("spot"), QStringLiteral("spot")},
    {QStringLiteral("nodes"), QStringLiteral("nodes")},
};

const QStringList kIntegerOptions{QStringLiteral("gpu-count"),
                                  QStringLiteral("cpu"),
                                  QStringLiteral("memory-gb"),
                                  QStringLiteral("disk-gb"),
                                  QStringLiteral("timeout-minutes"),
                                  QStringLiteral("retries"),
                                  QStringLiteral("nodes")};

QStringList submitOptions()
{
    QStringList names{QStringLiteral("file")};
    for (const auto &[flag, key] : kSpecOptions)
        names.append(flag);
    return names;
}

class Parser
{
public:
    Parser(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

    std::variant<Invocation, int> parse(const QStringList &arguments)
    {
        Invocation inv;
        QCommandLineParser p;
        p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        const QList<QCommandLineOption> options{
            {QStringLiteral("data-dir"), QString(), QStringLiteral("dir")},
            {QStringLiteral("url"), QString(), QStringLiteral("url")},
            {QStringLiteral("namespace"), QString(), QStringLiteral("ns")},
            {QStringLiteral("ca-file"), QString(), QStringLiteral("file")},
            {QStringLiteral("json"), QString()},
            {QStringLiteral("status"), QString(), QStringLiteral("s")},
            {QStringLiteral("sort"), QString(), QStringLiteral("f")},
            {QStringLiteral("order"), QString(), QStringLiteral("o")},
            {QStringLiteral("page"), QString(), QStringLiteral("n")},
            {QStringLiteral("per-page"), QString(), QStringLiteral("n")},
            {QStringLiteral("tail"), QString(), QStringLiteral("n")},
            {QStringLiteral("since"), QString(), QStringLiteral("t")},
            {{QStringLiteral("f"), QStringLiteral("follow")}, QString()},
            {QStringLiteral("timestamps"), QString()},
            {QStringLiteral("delete-artifacts"), QString()},
            {QStringLiteral("timeout-seconds"), QString(), QStringLiteral("n")},
            {{QStringLiteral("o"), QStringLiteral("output")}, QString(), QStringLiteral("format")},
            {QStringLiteral("file"), QString(), QStringLiteral("file")},
            {QStringLiteral("output-dir"), QString(), QStringLiteral("dir")},
            {QStringLiteral("spot"), QString()},
            {{QStringLiteral("h"), QStringLiteral("help")}, QString()},
            {QStringLiteral("version"), QString()},
        };
        p.addOptions(options);
        for (const auto &[flag, key] : kSpecOptions)
            if (flag != QLatin1String("spot"))
                p.addOption({flag, QString(), QStringLiteral("value")});
        if (!p.parse(QStringList{QStringLiteral("seedctl")} + arguments))
            return usage(p.errorText());
        if (p.isSet(QStringLiteral("help"))) {
            m_out << QString::fromUtf8(kUsage);
            return ExitOk;
        }
        if (p.isSet(QStringLiteral("version"))) {
            m_out << QStringLiteral("seedctl %1\n").arg(QStringLiteral(SEED_VERSION));
            return ExitOk;
        }
        const QStringList pos = p.positionalArguments();
        if (pos.isEmpty())
            return usage(tr("No command given."));
        inv.json = p.isSet(QStringLiteral("json"));
        if (p.isSet(QStringLiteral("output"))) {
            const QString o = p.value(QStringLiteral("output"));
            if (o == QLatin1String("json"))
                inv.json = true;
            else if (inv.json)
                return usage(tr("--json and -o %1 contradict each other.").arg(o));
            else if (o == QLatin1String("wide"))
                inv.output = Output::Wide;
            else if (o != QLatin1String("table"))
                return usage(tr("-o takes json, table or wide, not '%1'.").arg(o));
        }
        if (inv.json)
            inv.output = Output::Json;
        const QString command = pos.first();

        // Which options belong to which command: a stray one is a mistake worth saying, not ignoring.
        static const QHash<QString, QStringList> allowed{
            {QStringLiteral("list"),
             {QStringLiteral("status"), QStringLiteral("sort"), QStringLiteral("order"), QStringLiteral("page"),
              QStringLiteral("per-page")}},
            {QStringLiteral("get"), {}},
            {QStringLiteral("logs"),
             {QStringLiteral("tail"), QStringLiteral("since"), QStringLiteral("follow"), QStringLiteral("timestamps")}},
            {QStringLiteral("analytics"), {}},
            {QStringLiteral("submit"), submitOptions()},
            {QStringLiteral("artifacts"), {QStringLiteral("output-dir")}},
            {QStringLiteral("cancel"), {}},
            {QStringLiteral("delete"), {QStringLiteral("delete-artifacts")}},
            {QStringLiteral("wait"), {QStringLiteral("timeout-seconds")}},
        };
        if (!allowed.contains(command))
            return usage(tr("Unknown command '%1'.").arg(command));
        static const QStringList global{QStringLiteral("data-dir"), QStringLiteral("url"),  QStringLiteral("namespace"),
                                        QStringLiteral("ca-file"),  QStringLiteral("json"), QStringLiteral("output")};
        for (const QString &name : p.optionNames()) {
            const QString lng = name == QLatin1String("f")   ? QStringLiteral("follow")
                                : name == QLatin1String("o") ? QStringLiteral("output")
                                                             : name;
            if (!global.contains(lng) && !allowed.value(command).contains(lng))
                return usage(tr("Option --%1 does not apply to '%2'.").arg(lng, command));
        }
        const int wantArgs = command == QLatin1String("list") ? 1 : 2;
        // submit: the spec file is optional (options alone can make a body) and may come as --file.
        if (command == QLatin1String("submit") && pos.size() == 2 && p.isSet(QStringLiteral("file")))
            return usage(tr("Give the spec file once: as an argument or as --file."));
        bool specOptions = false;
        for (const QString &name : submitOptions())
            specOptions = specOptions || p.isSet(name);
        const bool submitWithoutFile = command == QLatin1String("submit") && pos.size() == 1 && specOptions;
        if (!submitWithoutFile && pos.size() != wantArgs)
            return usage(wantArgs == 1 ? tr("'%1' takes no argument.").arg(command)
                                       : tr("'%1' needs exactly one argument.").arg(command));
        const QString arg = pos.value(1);

        // Check what can be checked before anything is sent, with the server's own rules.
        std::optional<wire::ListQuery> list;
        std::optional<wire::LogQuery> logs;
        std::optional<wire::JobSpec> spec;
        if (command == QLatin1String("list")) {
            QUrlQuery q;
            for (const QString &key : allowed.value(command))
                if (p.isSet(key))
                    q.addQueryItem(key == QLatin1String("per-page") ? QStringLiteral("per_page") : key, p.value(key));
            auto parsed = wire::parseListQuery(q);
            if (!parsed.ok())
                return usage(asOption(parsed.error()));
            list = parsed.value();
        } else if (command == QLatin1String("logs")) {
            QUrlQuery q;
            if (p.isSet(QStringLiteral("tail")))
                q.addQueryItem(QStringLiteral("tail"), p.value(QStringLiteral("tail")));
            if (p.isSet(QStringLiteral("since")))
                q.addQueryItem(QStringLiteral("since"), p.value(QStringLiteral("since")));
            auto parsed = wire::parseLogQuery(q);
            if (!parsed.ok())
                return usage(asOption(parsed.error()));
            logs = parsed.value();
        } else if (command == QLatin1String("submit")) {
            const QString file = p.isSet(QStringLiteral("file")) ? p.value(QStringLiteral("file")) : arg;
            auto parsed = readSpec(file, p, inv.specExtras);
            if (!parsed)
                return ExitUsage;
            spec = *parsed;
        } else if (!wire::isValidJobName(arg)) {
            return usage(tr("'%1' is not a valid job name.").arg(arg));
        }
        bool timeoutOk = true;
        const int timeout = p.isSet(QStringLiteral("timeout-seconds"))
                                ? p.value(QStringLiteral("timeout-seconds")).toInt(&timeoutOk)
                                : 0;
        if (!timeoutOk || timeout < 0)
            return usage(tr("--timeout-seconds takes a whole number of seconds."));

        if (const QString giveUp =
                QProcessEnvironment::systemEnvironment().value(QStringLiteral("SEED_FOLLOW_GIVE_UP_SECONDS"));
            !giveUp.isEmpty() && command == QLatin1String("logs") && p.isSet(QStringLiteral("follow"))) {
            bool ok = false;
            inv.followGiveUpSeconds = giveUp.toInt(&ok);
            if (!ok || inv.followGiveUpSeconds < 1)
                return usage(tr("SEED_FOLLOW_GIVE_UP_SECONDS takes a whole number of seconds, at least 1."));
        }

        inv.command = command;
        inv.arg = arg;
        inv.list = list;
        inv.logs = logs;
        inv.spec = spec;
        inv.follow = p.isSet(QStringLiteral("follow"));
        inv.timestamps = p.isSet(QStringLiteral("timestamps"));
        inv.deleteArtifacts = p.isSet(QStringLiteral("delete-artifacts"));
        inv.timeoutSeconds = timeout;
        inv.outputDir = p.value(QStringLiteral("output-dir"));
        if (p.isSet(QStringLiteral("output-dir")) && inv.outputDir.isEmpty())
            return usage(tr("--output-dir needs a directory."));
        inv.connection = {p.value(QStringLiteral("data-dir")), p.value(QStringLiteral("url")),
                          p.value(QStringLiteral("namespace")),
                          p.isSet(QStringLiteral("ca-file")) ? p.value(QStringLiteral("ca-file")) : QString()};
        return inv;
    }

private:
    int usage(const QString &message) { return cli::usage(m_err, message); }

    // The create body: the spec file's object (none: {}), each job option on top, then the server's own
    // rules (wire::parseJobSpec). A mistake names the option when an option gave the value.
    std::optional<wire::JobSpec> readSpec(const QString &path, const QCommandLineParser &p, QJsonObject &extras)
    {
        QJsonObject body;
        if (!path.isEmpty()) {
            QFile f;
            const bool stdinSpec = path == QLatin1String("-");
            const bool opened =
                stdinSpec ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(path), f.open(QIODevice::ReadOnly));
            if (!opened) {
                usage(tr("cannot read %1: %2").arg(path, f.errorString()));
                return std::nullopt;
            }
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
            if (pe.error != QJsonParseError::NoError) {
                usage(tr("%1 is not valid JSON: %2 at offset %3.").arg(path, pe.errorString()).arg(pe.offset));
                return std::nullopt;
            }
            if (!doc.isObject()) {
                usage(tr("%1 must hold one JSON object (the API's create body: {\"name\": ..., \"command\": ...}), "
                         "not an array.")
                          .arg(path));
                return std::nullopt;
            }
            body = doc.object();
        }
        QHash<QString, QString> optionOf; // body key -> the option that set it
        for (const auto &[flag, key] : kSpecOptions) {
            if (!p.isSet(flag))
                continue;
            optionOf.insert(key, QStringLiteral("--") + flag);
            const QString value = p.value(flag);
            if (flag == QLatin1String("spot")) {
                body.insert(key, true);
            } else if (flag == QLatin1String("env")) {
                QJsonObject env = body.value(key).toObject();
                for (const QString &pair : p.values(flag)) {
                    const qsizetype eq = pair.indexOf(u'=');
                    if (eq <= 0) {
                        usage(tr("--env takes KEY=VALUE, not '%1'.").arg(pair));
                        return std::nullopt;
                    }
                    env.insert(pair.left(eq), pair.mid(eq + 1));
                }
                body.insert(key, env);
            } else if (kIntegerOptions.contains(flag)) {
                bool ok = false;
                const qlonglong n = value.toLongLong(&ok);
                if (!ok || n < INT_MIN || n > INT_MAX) {
                    usage(tr("--%1 takes a whole number, not '%2'.").arg(flag, value));
                    return std::nullopt;
                }
                body.insert(key, n);
            } else {
                body.insert(key, value);
            }
        }
        const auto named = [&optionOf](const QString &field) { return optionOf.value(field, field); };
        // The additive keys (docs/api.md): checked here as the server checks them, sent only when given.
        extras = {};
        if (body.contains(QLatin1String("spot"))) {
            if (!body.value(QLatin1String("spot")).isBool()) {
                usage(tr("%1: must be true or false.").arg(named(QStringLiteral("spot"))));
                return std::nullopt;
            }
            extras.insert(QStringLiteral("spot"), body.value(QLatin1String("spot")));
        }
        if (body.contains(QLatin1String("nodes"))) {
            const QJsonValue v = body.value(QLatin1String("nodes"));
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d != double(qint64(d)) || d < 1 || d > 64) {
                usage(tr("%1: must be a whole number from 1 to 64.").arg(named(QStringLiteral("nodes"))));
                return std::nullopt;
            }
            extras.insert(QStringLiteral("nodes"), qint64(d));
        }
        auto spec = wire::parseJobSpec(body);
        if (!spec.ok()) {
            const wire::ApiError &e = spec.error();
            if (optionOf.contains(e.field)) {
                QString m = e.message;
                m.replace(u'\'' + e.field + u'\'', optionOf.value(e.field));
                usage(m.contains(optionOf.value(e.field)) ? m : tr("%1: %2").arg(optionOf.value(e.field), m));
            } else {
                usage(e.field.isEmpty() ? e.message : tr("%1: %2").arg(e.field, e.message));
            }
            return std::nullopt;
        }
        return spec.value();
    }

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace

int usage(QTextStream &err, const QString &message)
{
    err << tr("seedctl: %1").arg(message) << u'\n' << tr("Try 'seedctl --help'.") << u'\n';
    return ExitUsage;
}

std::variant<Invocation, int> parseArguments(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    return Parser(out, err).parse(arguments);
}

} // namespace seed::cli
