#include "commands.h"

#include "cli.h"
#include "format.h"
#include "seedctl.h"
#include "wire/catalog.h"
#include "wire/jsonnum.h"
#include "wire/timefmt.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTextStream>
#include <QTimer>

namespace seed::cli {

void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

Commands::Commands(QTextStream &out, QTextStream &err, const Connection &connection)
    : m_out(out), m_err(err), m_credentialsFromEnv(connection.credentialsFromEnv)
{
    m_client.setEndpoint(connection.endpoint);
}

int Commands::run(const Invocation &inv)
{
    m_json = inv.json;
    m_output = inv.output;
    m_followGiveUpSeconds = inv.followGiveUpSeconds;
    const QString &command = inv.command;
    const QString &arg = inv.arg;
    if (command == QLatin1String("list"))
        return doList(*inv.list);
    if (command == QLatin1String("get"))
        return doGet(arg);
    if (command == QLatin1String("logs"))
        return doLogs(arg, *inv.logs, inv.follow, inv.timestamps);
    if (command == QLatin1String("analytics"))
        return doAnalytics(arg);
    if (command == QLatin1String("submit"))
        return doSubmit(*inv.spec, inv.specExtras);
    if (command == QLatin1String("cancel"))
        return doCancel(arg);
    if (command == QLatin1String("delete"))
        return doDelete(arg, inv.deleteArtifacts);
    if (command == QLatin1String("artifacts"))
        return doArtifacts(arg, inv.outputDir);
    return doWait(arg, inv.timeoutSeconds);
}

int Commands::apiFailure(const wire::ApiError &e, int httpStatus)
{
    if (httpStatus == 0) {
        // The client's message already names the endpoint ("Cannot reach URL: why"): say it once.
        const QString base = m_client.endpoint().baseUrl.toString();
        QString why = e.message;
        const QString prefix =
            QStringLiteral("Cannot reach %1: ").arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo));
        if (why.startsWith(prefix))
            why = why.mid(prefix.size());
        m_err << tr("seedctl: cannot reach %1: %2").arg(base, why) << u'\n';
    } else if (e.field.isEmpty())
        m_err << tr("seedctl: %1 (HTTP %2)").arg(client::describe(e)).arg(httpStatus) << u'\n';
    else
        m_err << tr("seedctl: %1: %2 (HTTP %3)").arg(e.field, client::describe(e)).arg(httpStatus) << u'\n';
    if (httpStatus == 401)
        m_err << tr("Check SEED_TOKEN or SEED_API_KEY (or unset both to use the local seedd's own token).") << u'\n';
    return httpStatus == 0 ? ExitUnreachable : ExitApiError;
}

namespace {

// The additive keys of spot and multi-node jobs (docs/api.md), shown only where the server sends them.
QString spotText(const QJsonValue &v) { return v.isBool() ? (v.toBool() ? tr("yes") : tr("no")) : QStringLiteral("-"); }
QString numberText(const QJsonValue &v) { return v.isDouble() ? QString::number(v.toInteger()) : QStringLiteral("-"); }

bool anyHas(const QJsonArray &items, QLatin1String key)
{
    return std::any_of(items.begin(), items.end(), [key](const QJsonValue &v) { return v.toObject().contains(key); });
}

} // namespace

int Commands::doList(const wire::ListQuery &q)
{
    // One read for every format: the server's object as it answered (json prints it verbatim), the typed
    // job for the table.
    const auto raw = getObject(QStringLiteral("/%1/jobs").arg(m_client.endpoint().ns), q.toUrlQuery());
    if (!raw.ok())
        return apiFailure(raw);
    if (m_output == Output::Json) {
        printJson(m_out, raw.value.value());
        return ExitOk;
    }
    const QJsonArray items = raw.value.value().value(QLatin1String("data")).toArray();
    const wire::JobPage page = wire::JobPage::fromJson(raw.value.value());
    const bool wide = m_output == Output::Wide;
    const bool spot = anyHas(items, QLatin1String("spot"));
    const bool nodes = anyHas(items, QLatin1String("nodes"));
    const bool preemptions = anyHas(items, QLatin1String("preemptions"));
    QStringList header{tr("NAME"), tr("STATUS"), tr("GPU")};
    if (spot)
        header << tr("SPOT");
    if (nodes)
        header << tr("NODES");
    if (preemptions)
        header << tr("PREEMPTIONS");
    header << tr("PROGRESS") << tr("RUNTIME") << tr("CREATED");
    if (wide)
        header << tr("ID") << tr("REGION") << tr("COST/H") << tr("STARTED") << tr("COMPLETED");
    QList<QStringList> rows;
    for (qsizetype i = 0; i < page.jobs.size(); ++i) {
        const wire::Job &j = page.jobs.at(i);
        const QJsonObject o = items.at(i).toObject();
        QStringList row{j.name, wire::jobStatusName(j.status), gpuText(j)};
        if (spot)
            row << spotText(o.value(QLatin1String("spot")));
        if (nodes)
            row << numberText(o.value(QLatin1String("nodes")));
        if (preemptions)
            row << numberText(o.value(QLatin1String("preemptions")));
        row << (j.progress.isEmpty() ? QStringLiteral("-") : j.progress) << duration(j.runtimeSeconds)
            << wire::formatTime(j.createdAt);
        if (wide)
            row << j.id << (j.region.isEmpty() ? QStringLiteral("-") : j.region)
                << wire::formatMoney(j.costPerHourCents)
                << (j.startedAt ? wire::formatTime(*j.startedAt) : QStringLiteral("-"))
                << (j.completedAt ? wire::formatTime(*j.completedAt) : QStringLiteral("-"));
        rows.append(row);
    }
    printTable(m_out, header, rows);
    m_out << tr("page %1 of %2, %3 jobs")
                 .arg(page.pagination.page)
                 .arg(qMax(1, page.pagination.totalPages))
                 .arg(page.pagination.total)
          << u'\n';
    return ExitOk;
}

int Commands::doGet(const QString &name)
{
    const auto raw = getObject(QStringLiteral("/%1/job/%2").arg(m_client.endpoint().ns, name));
    if (!raw.ok())
        return apiFailure(raw);
    const QJsonObject &o = raw.value.value();
    if (m_output == Output::Json) {
        printJson(m_out, o);
        return ExitOk;
    }
    const wire::Job j = wire::Job::fromJson(o);
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
             .arg(wire::formatMoney(j.costPerHourCents), wire::formatMoney(j.shownTotalCostCents(j.runtimeSeconds)))},
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
    if (o.contains(QLatin1String("spot")))
        rows.append({tr("spot"), spotText(o.value(QLatin1String("spot")))});
    if (o.contains(QLatin1String("nodes")))
        rows.append({tr("nodes"), numberText(o.value(QLatin1String("nodes")))});
    if (o.contains(QLatin1String("preemptions")))
        rows.append({tr("preemptions"), numberText(o.value(QLatin1String("preemptions")))});
    if (const QJsonValue by = o.value(QLatin1String("preempted_by"));
        by.isString() || o.value(QLatin1String("preempted_at")).isString())
        rows.append({tr("preempted"), tr("by %1 at %2")
                                          .arg(by.isString() ? by.toString() : tr("a job of another namespace"),
                                               o.value(QLatin1String("preempted_at")).toString())});
    if (m_output == Output::Wide) {
        // Every other key the server sent, as it sent it: nothing it says is hidden in the wide view.
        static const QStringList shown{QStringLiteral("id"),
                                       QStringLiteral("name"),
                                       QStringLiteral("namespace"),
                                       QStringLiteral("status"),
                                       QStringLiteral("image"),
                                       QStringLiteral("repo"),
                                       QStringLiteral("branch"),
                                       QStringLiteral("commit_sha"),
                                       QStringLiteral("command"),
                                       QStringLiteral("cpu"),
                                       QStringLiteral("memory_gb"),
                                       QStringLiteral("disk_gb"),
                                       QStringLiteral("gpu"),
                                       QStringLiteral("gpu_count"),
                                       QStringLiteral("region"),
                                       QStringLiteral("timeout_minutes"),
                                       QStringLiteral("retry_count"),
                                       QStringLiteral("retries"),
                                       QStringLiteral("output_path"),
                                       QStringLiteral("progress"),
                                       QStringLiteral("runtime_seconds"),
                                       QStringLiteral("cost_per_hour"),
                                       QStringLiteral("total_cost"),
                                       QStringLiteral("created_at"),
                                       QStringLiteral("started_at"),
                                       QStringLiteral("completed_at"),
                                       QStringLiteral("eta_seconds"),
                                       QStringLiteral("artifacts"),
                                       QStringLiteral("exit_code"),
                                       QStringLiteral("status_message"),
                                       QStringLiteral("queue_position"),
                                       QStringLiteral("spot"),
                                       QStringLiteral("nodes"),
                                       QStringLiteral("preemptions"),
                                       QStringLiteral("preempted_by"),
                                       QStringLiteral("preempted_at")};
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!shown.contains(it.key()))
                rows.append({it.key(), jsonText(it.value())});
    }
    for (const QStringList &row : std::as_const(rows))
        m_out << (row.at(0) + u':').leftJustified(16) << row.at(1) << u'\n';
    return ExitOk;
}

client::Result<QJsonObject> Commands::getObject(const QString &path, const QUrlQuery &query)
{
    return await<QJsonObject>([&](auto cb) { m_client.getObject(path, query, &m_client, cb); });
}

int Commands::doAnalytics(const QString &name)
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

int Commands::doSubmit(const wire::JobSpec &spec, const QJsonObject &extras)
{
    // The body as the wire rules normalised it, with the additive keys exactly as given (none: not sent).
    QJsonObject body = spec.toJson();
    body.remove(QStringLiteral("spot"));
    body.remove(QStringLiteral("nodes"));
    for (auto it = extras.begin(); it != extras.end(); ++it)
        body.insert(it.key(), it.value());
    const auto r = await<wire::Job>([&](auto cb) { m_client.createJob(body, &m_client, cb); });
    if (!r.ok())
        return apiFailure(r);
    const wire::Job &j = r.value.value();
    if (m_json)
        printJson(m_out, j.toCreatedJson());
    else
        m_out << tr("%1 %2 (%3)").arg(j.name, wire::jobStatusName(j.status), j.id) << u'\n';
    return ExitOk;
}

int Commands::doCancel(const QString &name)
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

int Commands::doDelete(const QString &name, bool artifacts)
{
    const auto r = await<client::Empty>([&](auto cb) { m_client.deleteJob(name, artifacts, &m_client, cb); });
    if (!r.ok())
        return apiFailure(r);
    if (!m_json)
        m_out << tr("%1 deleted").arg(name) << u'\n';
    return ExitOk;
}

int Commands::doWait(const QString &name, int timeoutSeconds)
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
            m_err
                << tr("seedctl: %1 is still %2 after %3 s").arg(name, wire::jobStatusName(j.status)).arg(timeoutSeconds)
                << u'\n';
            return ExitJobUnsuccessful;
        }
        pause(500);
    }
}

} // namespace seed::cli
