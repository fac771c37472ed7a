#include "seedctl.h"

#include "client/logstream.h"
#include "client/profiles.h"
#include "client/seedclient.h"
#include "daemon/connectionfile.h"
#include "wire/catalog.h"
#include "wire/jobspec.h"
#include "wire/jsonnum.h"
#include "wire/queries.h"
#include "wire/timefmt.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>

namespace seed::cli {
namespace {

QString tr(const char *text) { return QCoreApplication::translate("seedctl", text); }

const char kUsage[] = R"(Usage: seedctl [connection options] COMMAND [arguments]

Commands:
  list [--status S] [--sort F] [--order asc|desc] [--page N] [--per-page N]
  get NAME                       one job, every field
  logs NAME [--tail N] [--since ISO-8601] [-f|--follow] [--timestamps]
  analytics NAME                 current utilization of a job
  submit FILE|-                  create a job from a JSON spec (the API's create body)
  cancel NAME
  delete NAME [--delete-artifacts]
  wait NAME [--timeout-seconds N] until the job ends; exit 0 only if it succeeded

Connection (default: this computer's seedd, found through <data-dir>/connection.json):
  --data-dir DIR                 the local seedd's data directory
  --url URL                      a remote endpoint (also SEED_URL)
  --namespace NS                 (also SEED_NAMESPACE; local default: the daemon's)
  --ca-file FILE                 extra trusted certificate (PEM) for a self-signed endpoint
  Credentials come from the environment only, never from the command line:
  SEED_TOKEN (a bearer token) or SEED_API_KEY (name$secret).

Output: --json prints the API's JSON instead of a table; with logs -f, one log entry per line.
logs -f gives up after SEED_FOLLOW_GIVE_UP_SECONDS (default 60) without an answer from the endpoint.
Exit codes: 0 ok, 1 the API refused (its message and request id are printed), 2 bad arguments or an
invalid spec (nothing sent), 3 cannot reach the endpoint, 4 `wait`: the job did not succeed.
)";

struct Failure
{
    int code;
    QString message;
};

// Runs one asynchronous SeedClient call to completion on a local event loop: the CLI has nothing else to do
// meanwhile, and the callback style keeps it on the very code path the GUI uses.
template <typename T, typename Call> client::Result<T> await(Call call)
{
    std::optional<client::Result<T>> got;
    QEventLoop loop;
    call([&got, &loop](const client::Result<T> &r) {
        got.emplace(r);
        loop.quit();
    });
    if (!got)
        loop.exec();
    return *got;
}

template <typename T> int exitCodeOf(const client::Result<T> &r)
{
    return r.httpStatus == 0 ? ExitUnreachable : ExitApiError;
}

QString gpuText(const wire::Job &j)
{
    if (j.gpu.isEmpty() || j.gpu == QLatin1String("none"))
        return QStringLiteral("-");
    return QStringLiteral("%1×%2").arg(j.gpuCount).arg(j.gpu);
}

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m%2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h%2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QString &h : header)
        widths.append(int(h.size()));
    for (const QStringList &row : rows)
        for (int c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = qMax(widths[c], int(row.at(c).size()));
    auto line = [&](const QStringList &cells) {
        QString s;
        for (int c = 0; c < cells.size(); ++c)
            s += c + 1 < cells.size() ? cells.at(c).leftJustified(widths.at(c) + 2) : cells.at(c);
        out << s << u'\n';
    };
    line(header);
    for (const QStringList &row : rows)
        line(row);
}

void printJson(QTextStream &out, const QJsonObject &o)
{
    out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

// json: one compact object per line, the API's log entry ({"timestamp","message","id"}, as in `logs --json`),
// so that a follow can be read line by line while it runs.
void printLines(QTextStream &out, const QList<wire::LogLine> &lines, bool timestamps, bool json = false)
{
    for (const wire::LogLine &l : lines) {
        if (json) {
            out << QString::fromUtf8(QJsonDocument(l.toJson()).toJson(QJsonDocument::Compact)) << u'\n';
            continue;
        }
        if (timestamps)
            out << wire::formatTime(l.timestamp) << u' ';
        out << l.message << u'\n';
    }
    out.flush();
}

class Seedctl
{
public:
    Seedctl(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

    int run(const QStringList &arguments)
    {
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
            {{QStringLiteral("h"), QStringLiteral("help")}, QString()},
            {QStringLiteral("version"), QString()},
        };
        p.addOptions(options);
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
        m_json = p.isSet(QStringLiteral("json"));
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
            {QStringLiteral("submit"), {}},
            {QStringLiteral("cancel"), {}},
            {QStringLiteral("delete"), {QStringLiteral("delete-artifacts")}},
            {QStringLiteral("wait"), {QStringLiteral("timeout-seconds")}},
        };
        if (!allowed.contains(command))
            return usage(tr("Unknown command '%1'.").arg(command));
        static const QStringList global{QStringLiteral("data-dir"), QStringLiteral("url"), QStringLiteral("namespace"),
                                        QStringLiteral("ca-file"), QStringLiteral("json")};
        for (const QString &name : p.optionNames()) {
            const QString lng = name == QLatin1String("f") ? QStringLiteral("follow") : name;
            if (!global.contains(lng) && !allowed.value(command).contains(lng))
                return usage(tr("Option --%1 does not apply to '%2'.").arg(lng, command));
        }
        const int wantArgs = command == QLatin1String("list") ? 1 : 2;
        if (pos.size() != wantArgs)
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
            auto parsed = readSpec(arg);
            if (!parsed)
                return ExitUsage;
            spec = *parsed;
        } else if (!wire::isValidJobName(arg)) {
            return usage(tr("'%1' is not a valid job name.").arg(arg));
        }
        bool timeoutOk = true;
        const int timeout =
            p.isSet(QStringLiteral("timeout-seconds")) ? p.value(QStringLiteral("timeout-seconds")).toInt(&timeoutOk) : 0;
        if (!timeoutOk || timeout < 0)
            return usage(tr("--timeout-seconds takes a whole number of seconds."));

        if (const QString giveUp =
                QProcessEnvironment::systemEnvironment().value(QStringLiteral("SEED_FOLLOW_GIVE_UP_SECONDS"));
            !giveUp.isEmpty() && command == QLatin1String("logs") && p.isSet(QStringLiteral("follow"))) {
            bool ok = false;
            m_followGiveUpSeconds = giveUp.toInt(&ok);
            if (!ok || m_followGiveUpSeconds < 1)
                return usage(tr("SEED_FOLLOW_GIVE_UP_SECONDS takes a whole number of seconds, at least 1."));
        }

        if (const int rc = connect(p); rc != ExitOk)
            return rc;

        if (command == QLatin1String("list"))
            return doList(*list);
        if (command == QLatin1String("get"))
            return doGet(arg);
        if (command == QLatin1String("logs"))
            return doLogs(arg, *logs, p.isSet(QStringLiteral("follow")), p.isSet(QStringLiteral("timestamps")));
        if (command == QLatin1String("analytics"))
            return doAnalytics(arg);
        if (command == QLatin1String("submit"))
            return doSubmit(*spec);
        if (command == QLatin1String("cancel"))
            return doCancel(arg);
        if (command == QLatin1String("delete"))
            return doDelete(arg, p.isSet(QStringLiteral("delete-artifacts")));
        return doWait(arg, timeout);
    }

private:
    int usage(const QString &message)
    {
        m_err << tr("seedctl: %1").arg(message) << u'\n' << tr("Try 'seedctl --help'.") << u'\n';
        return ExitUsage;
    }

    // The server's rules name its query parameters ('per_page'); on the command line they are options (--per-page).
    static QString asOption(const wire::ApiError &e)
    {
        QString m = e.message;
        if (!e.field.isEmpty())
            m.replace(u'\'' + e.field + u'\'', QStringLiteral("--") + QString(e.field).replace(u'_', u'-'));
        return m;
    }

    template <typename T> int apiFailure(const client::Result<T> &r)
    {
        const wire::ApiError &e = r.value.error();
        if (r.httpStatus == 0) {
            // The client's message already names the endpoint ("Cannot reach URL: why"): say it once.
            const QString base = m_client.endpoint().baseUrl.toString();
            QString why = e.message;
            const QString prefix = QStringLiteral("Cannot reach %1: ").arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo));
            if (why.startsWith(prefix))
                why = why.mid(prefix.size());
            m_err << tr("seedctl: cannot reach %1: %2").arg(base, why) << u'\n';
        } else if (e.field.isEmpty())
            m_err << tr("seedctl: %1 (HTTP %2)").arg(client::describe(e)).arg(r.httpStatus) << u'\n';
        else
            m_err << tr("seedctl: %1: %2 (HTTP %3)").arg(e.field, client::describe(e)).arg(r.httpStatus) << u'\n';
        if (r.httpStatus == 401)
            m_err << tr("Check SEED_TOKEN or SEED_API_KEY (or unset both to use the local seedd's own token).") << u'\n';
        return exitCodeOf(r);
    }

    // Why SEED_API_KEY cannot be an API key (NAME$SECRET, docs/api.md), or empty when it can. The key itself is
    // never echoed: it is a secret.
    static QString apiKeyProblem(const QString &key)
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

    std::optional<wire::JobSpec> readSpec(const QString &path)
    {
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
        auto spec = wire::parseJobSpec(doc.object());
        if (!spec.ok()) {
            const wire::ApiError &e = spec.error();
            usage(e.field.isEmpty() ? e.message : tr("%1: %2").arg(e.field, e.message));
            return std::nullopt;
        }
        return spec.value();
    }

    int connect(const QCommandLineParser &p)
    {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Credentials first: a malformed one is a bad argument (exit 2) whether or not a seedd runs, and the
        // server could only answer "Invalid credentials" without saying what is wrong with it.
        QByteArray envAuthorization;
        if (const QString token = env.value(QStringLiteral("SEED_TOKEN")); !token.isEmpty()) {
            envAuthorization = "Bearer " + token.toUtf8();
        } else if (const QString key = env.value(QStringLiteral("SEED_API_KEY")); !key.isEmpty()) {
            if (const QString why = apiKeyProblem(key); !why.isEmpty())
                return usage(why);
            envAuthorization = "API-Key " + key.toUtf8();
        }
        client::Endpoint e;
        QString url = p.value(QStringLiteral("url"));
        if (url.isEmpty())
            url = env.value(QStringLiteral("SEED_URL"));
        QString ns = p.value(QStringLiteral("namespace"));
        if (ns.isEmpty())
            ns = env.value(QStringLiteral("SEED_NAMESPACE"));
        if (!url.isEmpty()) {
            e.baseUrl = QUrl(url, QUrl::StrictMode);
            if (!e.baseUrl.isValid() || !e.baseUrl.scheme().startsWith(QLatin1String("http")))
                return usage(tr("--url needs an http:// or https:// address, not '%1'.").arg(url));
            if (ns.isEmpty())
                return usage(tr("A remote endpoint needs --namespace (or SEED_NAMESPACE)."));
        } else {
            QString dataDir = p.value(QStringLiteral("data-dir"));
            if (dataDir.isEmpty())
                dataDir = client::defaultLocalDataDir();
            const auto info = daemon::ConnectionInfo::read(dataDir);
            if (!info) {
                m_err << tr("seedctl: no local seedd is running (no live connection file in %1). Start it with "
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
        m_credentialsFromEnv = !envAuthorization.isEmpty();
        if (p.isSet(QStringLiteral("ca-file"))) {
            const auto certs = QSslCertificate::fromPath(p.value(QStringLiteral("ca-file")));
            if (certs.isEmpty())
                return usage(tr("no PEM certificate in %1.").arg(p.value(QStringLiteral("ca-file"))));
            e.caCertificates = certs;
        }
        m_client.setEndpoint(e);
        return ExitOk;
    }

    int doList(const wire::ListQuery &q)
    {
        if (m_json) {
            const auto raw = getObject(QStringLiteral("/%1/jobs").arg(m_client.endpoint().ns), q.toUrlQuery());
            if (!raw.ok())
                return apiFailure(raw);
            printJson(m_out, raw.value.value());
            return ExitOk;
        }
        const auto r = await<wire::JobPage>([&](auto cb) { m_client.listJobs(q, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        const wire::JobPage &page = r.value.value();
        QList<QStringList> rows;
        for (const wire::Job &j : page.jobs)
            rows.append({j.name, wire::jobStatusName(j.status), gpuText(j), j.progress.isEmpty() ? QStringLiteral("-") : j.progress,
                         duration(j.runtimeSeconds), wire::formatTime(j.createdAt)});
        printTable(m_out, {tr("NAME"), tr("STATUS"), tr("GPU"), tr("PROGRESS"), tr("RUNTIME"), tr("CREATED")}, rows);
        m_out << tr("page %1 of %2, %3 jobs")
                     .arg(page.pagination.page)
                     .arg(qMax(1, page.pagination.totalPages))
                     .arg(page.pagination.total)
              << u'\n';
        return ExitOk;
    }

    int doGet(const QString &name)
    {
        if (m_json) {
            const auto raw = getObject(QStringLiteral("/%1/job/%2").arg(m_client.endpoint().ns, name));
            if (!raw.ok())
                return apiFailure(raw);
            printJson(m_out, raw.value.value());
            return ExitOk;
        }
        const auto r = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        const wire::Job &j = r.value.value();
        const auto orDash = [](const QString &s) { return s.isEmpty() ? QStringLiteral("-") : s; };
        const auto time = [](const std::optional<QDateTime> &t) { return t ? wire::formatTime(*t) : QStringLiteral("-"); };
        QList<QStringList> rows{
            {tr("id"), j.id},
            {tr("namespace"), j.ns},
            {tr("status"), wire::jobStatusName(j.status)},
            {tr("image"), orDash(j.image)},
            {tr("repo"), j.repo.isEmpty() ? QStringLiteral("-") : j.repo + u'@' + j.branch},
            {tr("commit"), orDash(j.commitSha)},
            {tr("command"), j.command},
            {tr("resources"),
             tr("%1 CPU, %2 GB memory, %3 GB disk, GPU %4").arg(j.cpu).arg(j.memoryGb).arg(j.diskGb).arg(gpuText(j))},
            {tr("region"), orDash(j.region)},
            {tr("timeout"), tr("%1 min").arg(j.timeoutMinutes)},
            {tr("retries"), tr("%1 of %2 used").arg(j.retryCount).arg(j.retries)},
            {tr("output path"), orDash(j.outputPath)},
            {tr("progress"), orDash(j.progress)},
            {tr("runtime"), duration(j.runtimeSeconds)},
            // The server's total_cost (its own pricing), not cost_per_hour x runtime.
            {tr("cost"),
             tr("%1/h, %2 so far")
                 .arg(wire::formatMoney(j.costPerHourCents),
                      wire::formatMoney(j.shownTotalCostCents(j.runtimeSeconds)))},
            {tr("created"), wire::formatTime(j.createdAt)},
            {tr("started"), time(j.startedAt)},
            {tr("completed"), time(j.completedAt)}};
        if (j.etaSeconds)
            rows.append({tr("eta"), duration(*j.etaSeconds)});
        if (j.artifacts)
            rows.append({tr("artifacts"), tr("%1 file(s), %2 bytes in %3; %4")
                                              .arg(j.artifacts->files)
                                              .arg(j.artifacts->sizeBytes)
                                              .arg(j.artifacts->path, orDash(j.artifacts->downloadUrl))});
        if (j.exitCode)
            rows.append({tr("exit code"), QString::number(*j.exitCode)});
        if (!j.statusMessage.isEmpty())
            rows.append({tr("message"), j.statusMessage});
        if (j.queuePosition)
            rows.append({tr("queue position"), QString::number(*j.queuePosition)});
        for (const QStringList &row : std::as_const(rows))
            m_out << (row.at(0) + u':').leftJustified(16) << row.at(1) << u'\n';
        return ExitOk;
    }

    // Reads this computer's connection file again (local connections only) and switches to the URL and token
    // it names now. True when they changed: a seedd restarted on another port or with another token.
    bool refreshLocalEndpoint()
    {
        client::Endpoint e = m_client.endpoint();
        if (!e.local)
            return false;
        const auto info = daemon::ConnectionInfo::read(e.localDataDir);
        if (!info)
            return false;
        const QUrl url(info->url);
        const QByteArray authorization =
            m_credentialsFromEnv ? e.authorization : QByteArray("Bearer " + info->token.toUtf8());
        if (!url.isValid() || (url == e.baseUrl && authorization == e.authorization))
            return false;
        e.baseUrl = url;
        e.authorization = authorization;
        m_client.setEndpoint(e);
        return true;
    }

    int doLogs(const QString &name, const wire::LogQuery &q, bool follow, bool timestamps)
    {
        wire::JobStatus status = wire::JobStatus::Unknown; // read only when following
        if (follow) {
            // A queued job has nothing to stream yet: wait for it to start (or end) first.
            bool told = false;
            for (;;) {
                const auto j = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
                if (!j.ok())
                    return apiFailure(j);
                status = j.value.value().status;
                if (status != wire::JobStatus::Queued)
                    break;
                if (!told)
                    m_err << tr("seedctl: %1 is queued; waiting for it to start…").arg(name) << u'\n';
                told = true;
                m_err.flush();
                pause(500);
            }
        }
        const auto r = await<wire::LogPage>([&](auto cb) { m_client.getLogs(name, q, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        const wire::LogPage &page = r.value.value();
        if (m_json && !follow) {
            printJson(m_out, page.toJson());
            return ExitOk;
        }
        // A job that has ended has nothing to stream (the contract offers stream=true only for running jobs):
        // what there is, and done.
        if (follow && wire::isTerminal(status)) {
            printLines(m_out, page.lines, timestamps, m_json);
            m_err << tr("seedctl: job %1 ended: %2").arg(name, wire::jobStatusName(status)) << u'\n';
            m_err.flush();
            return ExitOk;
        }
        // Lines without ids (a server that follows only the contract) cannot be resumed after: the stream
        // itself then sends the same tail first, and the page read here is not printed (no line twice, and
        // none lost between the read and the stream).
        const bool pageHasIds = std::any_of(page.lines.cbegin(), page.lines.cend(),
                                            [](const wire::LogLine &l) { return l.seq > 0; });
        const bool freshStream = !page.lines.isEmpty() && !pageHasIds;
        if (!freshStream)
            printLines(m_out, page.lines, timestamps, m_json);
        if (!follow)
            return ExitOk;
        // Follow: the SSE stream from just after the last line printed (it reconnects with Last-Event-ID by
        // itself, so a seedd restart prints no line twice and loses none).
        qint64 last = page.lines.isEmpty() || freshStream ? 0 : page.lines.constLast().seq;
        std::optional<wire::LogLine> lastShown;
        if (!freshStream && !page.lines.isEmpty())
            lastShown = page.lines.constLast();
        client::LogStream stream(&m_client, name);
        stream.setTail(q.tail);
        int rc = ExitOk;
        bool notRunning = false;
        QEventLoop loop;
        // With --since and nothing printed yet, the stream starts at the log's first line: what is not after
        // --since must not be printed (a follow from "now" printed the whole log).
        const auto afterSince = [&q](const QList<wire::LogLine> &lines) {
            if (!q.since)
                return lines;
            QList<wire::LogLine> kept;
            for (const wire::LogLine &l : lines)
                if (l.timestamp > *q.since)
                    kept.append(l);
            return kept;
        };
        QObject::connect(&stream, &client::LogStream::linesReceived, &loop, [&](const QList<wire::LogLine> &lines) {
            printLines(m_out, afterSince(lines), timestamps, m_json);
            if (!lines.isEmpty()) {
                last = lines.constLast().seq;
                lastShown = lines.constLast();
            }
        });
        QObject::connect(&stream, &client::LogStream::ended, &loop, [&](const QJsonObject &end) {
            m_err << tr("seedctl: job %1 ended: %2").arg(name, end.value(QLatin1String("status")).toString()) << u'\n';
            loop.quit();
        });
        QObject::connect(&stream, &client::LogStream::notRunning, &loop, [&] {
            notRunning = true;
            loop.quit();
        });
        QObject::connect(&stream, &client::LogStream::failed, &loop, [&](const QString &message) {
            // A local seedd restarted with another token refuses the old one: follow the new one instead.
            if (refreshLocalEndpoint()) {
                QTimer::singleShot(0, &loop, [&] { stream.start(last); });
                return;
            }
            m_err << tr("seedctl: %1").arg(message) << u'\n';
            rc = ExitApiError;
            loop.quit();
        });

        // While the stream reconnects (seedd restarting, network): a local seedd may come back on another port
        // (`--listen 127.0.0.1:0`) or with another token, so its connection file is read again; the stream then
        // resumes after the last line printed (Last-Event-ID: none lost, none twice). One note says so, and
        // after m_followGiveUpSeconds without an answer seedctl gives up (exit 3) rather than hang.
        int reconnectsWhenOpen = 0;
        bool down = false;
        QElapsedTimer downFor;
        QObject::connect(&stream, &client::LogStream::stateChanged, &loop, [&](client::LogStream::State state) {
            if (state != client::LogStream::State::Open)
                return;
            if (down)
                m_err << tr("seedctl: reconnected to %1; following again.")
                             .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                      << u'\n';
            m_err.flush();
            down = false;
            reconnectsWhenOpen = stream.reconnects();
        });
        QTimer watch;
        watch.setInterval(250);
        QObject::connect(&watch, &QTimer::timeout, &loop, [&] {
            // One reconnect is how a server without `event: end` says the job ended (its stream closes, the
            // next answer is 409): only a second one means the endpoint is down.
            if (stream.state() != client::LogStream::State::Connecting ||
                stream.reconnects() - reconnectsWhenOpen < (stream.serverSendsIds() ? 1 : 2))
                return;
            if (!down) {
                down = true;
                downFor.start();
                m_err << tr("seedctl: lost the connection to %1; reconnecting (giving up after %2 s)…")
                             .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                             .arg(m_followGiveUpSeconds)
                      << u'\n';
                m_err.flush();
            }
            if (refreshLocalEndpoint()) {
                stream.start(last);
                return;
            }
            if (downFor.hasExpired(qint64(m_followGiveUpSeconds) * 1000)) {
                m_err << tr("seedctl: gave up: %1 did not answer for %2 s.")
                             .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                             .arg(m_followGiveUpSeconds)
                      << u'\n';
                rc = ExitUnreachable;
                loop.quit();
            }
        });
        watch.start();
        stream.start(freshStream ? -1 : last);
        for (;;) {
            loop.exec();
            stream.stop();
            if (!notRunning || rc != ExitOk)
                break;
            // 409 on stream=true: the job is not running. Ended: print what came after the last line printed
            // (the plain logs read) and stop. Still running (it had not started yet): stream again.
            notRunning = false;
            const auto j = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
            if (!j.ok())
                return apiFailure(j);
            const wire::JobStatus now = j.value.value().status;
            if (!wire::isTerminal(now)) {
                pause(1000);
                stream.setTail(0);
                stream.start(-1);
                continue;
            }
            wire::LogQuery rest;
            rest.tail = 10000;
            const auto more = await<wire::LogPage>([&](auto cb) { m_client.getLogs(name, rest, &m_client, cb); });
            if (!more.ok())
                return apiFailure(more);
            printLines(m_out, afterSince(client::LogStream::linesAfter(more.value.value().lines, lastShown)),
                       timestamps, m_json);
            m_err << tr("seedctl: job %1 ended: %2").arg(name, wire::jobStatusName(now)) << u'\n';
            break;
        }
        m_err.flush();
        return rc;
    }

    static void pause(int ms)
    {
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }

    // GET `path` as the server wrote it (null stays null, additive keys stay): SeedClient's untyped read.
    client::Result<QJsonObject> getObject(const QString &path, const QUrlQuery &query = {})
    {
        return await<QJsonObject>([&](auto cb) { m_client.getObject(path, query, &m_client, cb); });
    }

    int doAnalytics(const QString &name)
    {
        const auto r = getObject(QStringLiteral("/%1/job/%2/analytics").arg(m_client.endpoint().ns, name));
        if (!r.ok())
            return apiFailure(r);
        const QJsonObject &a = r.value.value();
        if (m_json) {
            printJson(m_out, a);
            return ExitOk;
        }
        // A null is a value the server could not measure (docs/api.md): say so, never show it as 0.
        const auto measured = [&a](const char *key, const QString &unit) {
            const QJsonValue v = a.value(QLatin1String(key));
            return v.isDouble() ? QString::number(v.toDouble()) + unit : tr("not measured");
        };
        const QJsonValue gpu = a.value(QLatin1String("gpu_utilization_percent"));
        // Older seedd answered null where nothing was measured; newer ones a number with gpu_measured: false.
        const bool gpuMeasured = gpu.isDouble() && a.value(QLatin1String("gpu_measured")).toBool(true);
        const QString gpuText = !gpuMeasured && a.value(QLatin1String("gpu_simulated")).toBool()
                                    ? tr("simulated, not measured")
                                : gpuMeasured ? QString::number(gpu.toDouble()) + QStringLiteral(" %")
                                              : tr("not measured");
        m_out << tr("GPU %1, CPU %2, memory %3, disk %4, runtime %5")
                     .arg(gpuText, measured("cpu_utilization_percent", QStringLiteral(" %")),
                          measured("memory_used_gb", QStringLiteral(" GB")),
                          measured("disk_used_gb", QStringLiteral(" GB")),
                          duration(wire::int64Of(a.value(QLatin1String("runtime_seconds")))))
              << u'\n';
        return ExitOk;
    }

    int doSubmit(const wire::JobSpec &spec)
    {
        const auto r = await<wire::Job>([&](auto cb) { m_client.createJob(spec, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        const wire::Job &j = r.value.value();
        if (m_json)
            printJson(m_out, j.toCreatedJson());
        else
            m_out << tr("%1 %2 (%3)").arg(j.name, wire::jobStatusName(j.status), j.id) << u'\n';
        return ExitOk;
    }

    int doCancel(const QString &name)
    {
        const auto r = await<client::CancelResult>([&](auto cb) { m_client.cancelJob(name, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        const client::CancelResult &c = r.value.value();
        if (m_json)
            printJson(m_out, c.job.toCancelJson(c.message));
        else
            m_out << tr("%1 %2: %3").arg(name, wire::jobStatusName(c.job.status), c.message) << u'\n';
        return ExitOk;
    }

    int doDelete(const QString &name, bool artifacts)
    {
        const auto r = await<client::Empty>([&](auto cb) { m_client.deleteJob(name, artifacts, &m_client, cb); });
        if (!r.ok())
            return apiFailure(r);
        if (!m_json)
            m_out << tr("%1 deleted").arg(name) << u'\n';
        return ExitOk;
    }

    int doWait(const QString &name, int timeoutSeconds)
    {
        QDeadlineTimer deadline =
            timeoutSeconds > 0 ? QDeadlineTimer(qint64(timeoutSeconds) * 1000) : QDeadlineTimer::Forever;
        for (;;) {
            const auto r = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
            if (!r.ok())
                return apiFailure(r);
            const wire::Job &j = r.value.value();
            if (wire::isTerminal(j.status)) {
                if (m_json)
                    printJson(m_out, j.toDetailJson());
                else
                    m_out << tr("%1 %2").arg(name, wire::jobStatusName(j.status))
                          << (j.exitCode ? tr(" (exit code %1)").arg(*j.exitCode) : QString()) << u'\n';
                return j.status == wire::JobStatus::Succeeded ? ExitOk : ExitJobUnsuccessful;
            }
            if (deadline.hasExpired()) {
                m_err << tr("seedctl: %1 is still %2 after %3 s").arg(name, wire::jobStatusName(j.status)).arg(timeoutSeconds) << u'\n';
                return ExitJobUnsuccessful;
            }
            pause(500);
        }
    }

    QTextStream &m_out;
    QTextStream &m_err;
    client::SeedClient m_client;
    bool m_json = false;
    int m_followGiveUpSeconds = 60;    // logs -f: how long an unreachable endpoint is retried
    bool m_credentialsFromEnv = false; // SEED_TOKEN/SEED_API_KEY: they stay when the local token changes
};

} // namespace

int runSeedctl(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Seedctl ctl(out, err);
    const int rc = ctl.run(arguments);
    out.flush();
    err.flush();
    return rc;
}

} // namespace seed::cli
