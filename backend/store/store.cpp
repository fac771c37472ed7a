#include "store.h"

#include "migrations.h"

#include <QLoggingCategory>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {
Q_LOGGING_CATEGORY(lcStore, "seedd.store")
}

namespace seed::store {

namespace {
const QString kJobColumns = QStringLiteral(
    "id, namespace, name, status, command, repo, image, branch, commit_sha, gpu, gpu_count, cpu, memory_gb, "
    "disk_gb, env, region, timeout_minutes, retries, retry_count, output_path, exit_code, cost_per_hour_cents, "
    "progress, progress_fraction, eta_seconds, status_message, artifacts, created_at, started_at, completed_at, spot, "
    "nodes, preemptions, preempted_by, preempted_at, prior_run_seconds, attempt_started_at");

QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s); }
QVariant msOrNull(const std::optional<QDateTime> &t)
{
    return t && t->isValid() ? QVariant(t->toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}
std::optional<QDateTime> timeOrNull(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}
QString envToText(const QMap<QString, QString> &env)
{
    QJsonObject o;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        o.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
// What a job that has ended keeps of its env: the names, every value "" (values are often secrets and no
// attempt will need them again).
QMap<QString, QString> endedEnv(QMap<QString, QString> env)
{
    for (auto it = env.begin(); it != env.end(); ++it)
        it->clear();
    return env;
}
QString artifactsToText(const std::optional<wire::Artifacts> &a)
{
    if (!a)
        return {};
    const QJsonObject o{{QStringLiteral("path"), a->path},
                        {QStringLiteral("size_bytes"), a->sizeBytes},
                        {QStringLiteral("files"), a->files},
                        {QStringLiteral("download_url"), a->downloadUrl}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString orderColumn(const QString &sort)
{
    // Whitelisted by wire::parseListQuery; never interpolate anything else.
    if (sort == QLatin1String("started_at"))
        return QStringLiteral("started_at");
    if (sort == QLatin1String("completed_at"))
        return QStringLiteral("completed_at");
    if (sort == QLatin1String("name"))
        return QStringLiteral("name");
    return QStringLiteral("created_at");
}
} // namespace

Store::Store() : m_connectionName(QStringLiteral("seed-store-") + QUuid::createUuid().toString(QUuid::Id128)) {}

QSqlQuery &Store::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(sql);
        it = m_statements.insert(sql, q);
    }
    it->finish();
    return *it;
}

Store::~Store()
{
    if (m_credentialWatch >= 0)
        ::close(m_credentialWatch);
    m_statements.clear();
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Store::open(const QString &path, QString *error)
{
    // Owner only, also for a database an older seedd made 0644 (SQLite gives -wal and -shm the mode of the
    // database when it creates them).
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-credentials")})
        if (QFile::exists(path + suffix))
            QFile::setPermissions(path + suffix, ownerOnly);
    m_path = QFileInfo(path).absoluteFilePath(); // the credential marker's place, whatever the working dir later
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    // WAL lets `seedd token create` write while a daemon serves; NORMAL sync is durable across crashes of
    // the process (only an OS crash may lose the last transactions).
    // secure_delete: the env values dropped when a job ends are overwritten in the file, not left in free space.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA secure_delete=ON"}) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            *error = q.lastError().text();
            return false;
        }
    }
    return migrate(m_db, error);
}

bool Store::fail(const QSqlQuery &q)
{
    m_lastError = q.lastError().text();
    qCWarning(lcStore, "%s", qPrintable(m_lastError));
    return false;
}

InsertResult Store::insertJob(const wire::Job &j)
{
    static const QString sql =
        QStringLiteral("INSERT INTO jobs (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
            .arg(kJobColumns);
    QSqlQuery &q = prepared(sql);
    const QList<QVariant> values = {
        j.id, j.ns, j.name, wire::jobStatusName(j.status), j.command, nullable(j.repo), nullable(j.image), nullable(j.branch),
        nullable(j.commitSha), j.gpu, j.gpuCount, j.cpu, j.memoryGb, j.diskGb,
        envToText(wire::isTerminal(j.status) ? endedEnv(j.env) : j.env), j.region,
        j.timeoutMinutes, j.retries, j.retryCount, nullable(j.outputPath),
        j.exitCode ? QVariant(*j.exitCode) : QVariant(QMetaType(QMetaType::Int)), j.costPerHourCents,
        nullable(j.progress),
        j.progressFraction ? QVariant(*j.progressFraction) : QVariant(QMetaType(QMetaType::Double)),
        j.etaSeconds ? QVariant(*j.etaSeconds) : QVariant(QMetaType(QMetaType::LongLong)),
        nullable(j.statusMessage), nullable(artifactsToText(j.artifacts)), j.createdAt.toMSecsSinceEpoch(),
        msOrNull(j.startedAt), msOrNull(j.completedAt), j.spot ? 1 : 0, j.nodes, j.preemptions,
        nullable(j.preemptedBy), msOrNull(j.preemptedAt), j.priorRunSeconds, msOrNull(j.attemptStartedAt)};
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (q.exec())
        return InsertResult::Inserted;
    // SQLITE_CONSTRAINT_UNIQUE on (namespace, name)
    if (q.lastError().nativeErrorCode() == QLatin1String("2067") ||
        q.lastError().text().contains(QLatin1String("UNIQUE")))
        return InsertResult::NameTaken;
    fail(q);
    // SQLITE_FULL: the disk (or the data dir's file system) has no space left.
    if (q.lastError().nativeErrorCode() == QLatin1String("13") || q.lastError().text().contains(QLatin1String("disk is full")))
        return InsertResult::NoSpace;
    return InsertResult::Failed;
}

wire::Job Store::readJob(const QSqlQuery &q) const
{
    wire::Job j;
    int c = 0;
    j.id = q.value(c++).toString();
    j.ns = q.value(c++).toString();
    j.name = q.value(c++).toString();
    j.status = wire::jobStatusOrUnknown(q.value(c++).toString());
    j.command = q.value(c++).toString();
    j.repo = q.value(c++).toString();
    j.image = q.value(c++).toString();
    j.branch = q.value(c++).toString();
    j.commitSha = q.value(c++).toString();
    j.gpu = q.value(c++).toString();
    j.gpuCount = q.value(c++).toInt();
    j.cpu = q.value(c++).toInt();
    j.memoryGb = q.value(c++).toInt();
    j.diskGb = q.value(c++).toInt();
    const QJsonObject env = QJsonDocument::fromJson(q.value(c++).toString().toUtf8()).object();
    for (auto it = env.begin(); it != env.end(); ++it)
        j.env.insert(it.key(), it.value().toString());
    j.region = q.value(c++).toString();
    j.timeoutMinutes = q.value(c++).toInt();
    j.retries = q.value(c++).toInt();
    j.retryCount = q.value(c++).toInt();
    j.outputPath = q.value(c++).toString();
    if (!q.value(c).isNull())
        j.exitCode = q.value(c).toInt();
    ++c;
    j.costPerHourCents = q.value(c++).toLongLong();
    j.progress = q.value(c++).toString();
    if (!q.value(c).isNull())
        j.progressFraction = q.value(c).toDouble();
    ++c;
    if (!q.value(c).isNull())
        j.etaSeconds = q.value(c).toLongLong();
    ++c;
    j.statusMessage = q.value(c++).toString();
    const QString artifacts = q.value(c++).toString();
    if (!artifacts.isEmpty()) {
        const QJsonObject a = QJsonDocument::fromJson(artifacts.toUtf8()).object();
        j.artifacts = wire::Artifacts{a.value(QStringLiteral("path")).toString(),
                                      qint64(a.value(QStringLiteral("size_bytes")).toDouble()),
                                      a.value(QStringLiteral("files")).toInt(),
                                      a.value(QStringLiteral("download_url")).toString()};
    }
    j.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(c++).toLongLong(), Qt::UTC);
    j.startedAt = timeOrNull(q.value(c++));
    j.completedAt = timeOrNull(q.value(c++));
    j.spot = q.value(c++).toInt() != 0;
    j.nodes = q.value(c++).toInt();
    j.preemptions = q.value(c++).toInt();
    j.preemptedBy = q.value(c++).toString();
    j.preemptedAt = timeOrNull(q.value(c++));
    j.priorRunSeconds = q.value(c++).toLongLong();
    j.attemptStartedAt = timeOrNull(q.value(c++));
    return j;
}

std::optional<wire::Job> Store::job(const QString &ns, const QString &name)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM jobs WHERE namespace = ? AND name = ?").arg(kJobColumns);
    QSqlQuery &q = prepared(sql);
    q.addBindValue(ns);
    q.addBindValue(name);
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    wire::Job j = readJob(q);
    q.finish();
    return j;
}

std::optional<wire::Job> Store::jobById(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE id = ?").arg(kJobColumns));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readJob(q);
}

qint64 Store::countJobs(const QString &ns, const QString &status)
{
    static const QString all = QStringLiteral("SELECT COALESCE(SUM(n), 0) FROM job_counts WHERE namespace = ?");
    static const QString one =
        QStringLiteral("SELECT COALESCE(SUM(n), 0) FROM job_counts WHERE namespace = ? AND status = ?");
    QSqlQuery &q = prepared(status.isEmpty() ? all : one);
    q.addBindValue(ns);
    if (!status.isEmpty())
        q.addBindValue(status);
    if (!q.exec() || !q.next())
        return 0;
    const qint64 n = q.value(0).toLongLong();
    q.finish();
    return n;
}

QList<std::tuple<QString, QString, qint64>> Store::jobCounts()
{
    QList<std::tuple<QString, QString, qint64>> out;
    QSqlQuery &q = prepared(QStringLiteral("SELECT namespace, status, SUM(n) FROM job_counts GROUP BY namespace, status"));
    if (!q.exec())
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    q.finish();
    return out;
}

std::optional<wire::JobPage> Store::listJobs(const QString &ns, const wire::ListQuery &lq)
{
    wire::JobPage page;
    page.pagination.page = lq.page;
    page.pagination.perPage = lq.perPage;
    page.pagination.total = countJobs(ns, lq.status);
    page.pagination.totalPages = int((page.pagination.total + lq.perPage - 1) / lq.perPage);

    const QString dir = lq.order == QLatin1String("asc") ? QStringLiteral("ASC") : QStringLiteral("DESC");
    const QString col = orderColumn(lq.sort);
    // Jobs without a start/completion time sort last in either direction; ties by insertion order.
    const QString nullsLast = (col == QLatin1String("started_at") || col == QLatin1String("completed_at"))
                                  ? QStringLiteral("%1 IS NULL, ").arg(col)
                                  : QString();
    const QString where = lq.status.isEmpty() ? QStringLiteral("namespace = ?")
                                              : QStringLiteral("namespace = ? AND status = ?");
    // The offset is walked in the index alone (the inner query reads no rows), so deep pages stay cheap.
    const QString order = QStringLiteral("%1%2 %3, seq %3").arg(nullsLast, col, dir);
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM jobs WHERE seq IN (SELECT seq FROM jobs WHERE %2 ORDER BY "
                                           "%3 LIMIT ? OFFSET ?) ORDER BY %3")
                                .arg(kJobColumns, where, order));
    q.addBindValue(ns);
    if (!lq.status.isEmpty())
        q.addBindValue(lq.status);
    q.addBindValue(lq.perPage);
    q.addBindValue(qint64(lq.page - 1) * lq.perPage);
    if (!q.exec()) {
        fail(q);
        return std::nullopt;
    }
    page.jobs.reserve(lq.perPage);
    while (q.next())
        page.jobs.append(readJob(q));
    q.finish();
    return page;
}

QList<wire::Job> Store::jobsWithStatus(wire::JobStatus status)
{
    QList<wire::Job> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE status = ? ORDER BY seq ASC").arg(kJobColumns));
    q.addBindValue(wire::jobStatusName(status));
    if (!q.exec()) {
        fail(q);
        return out;
    }
    while (q.next())
        out.append(readJob(q));
    return out;
}

bool Store::updateJob(const wire::Job &j)
{
    QSqlQuery &q = prepared(QStringLiteral(
        "UPDATE jobs SET status = ?, commit_sha = ?, retry_count = ?, exit_code = ?, progress = ?, "
        "progress_fraction = ?, eta_seconds = ?, status_message = ?, artifacts = ?, started_at = ?, "
        "completed_at = ?, preemptions = ?, preempted_by = ?, preempted_at = ?, prior_run_seconds = ?, "
        "attempt_started_at = ? WHERE id = ?"));
    q.addBindValue(wire::jobStatusName(j.status));
    q.addBindValue(nullable(j.commitSha));
    q.addBindValue(j.retryCount);
    q.addBindValue(j.exitCode ? QVariant(*j.exitCode) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(nullable(j.progress));
    q.addBindValue(j.progressFraction ? QVariant(*j.progressFraction) : QVariant(QMetaType(QMetaType::Double)));
    q.addBindValue(j.etaSeconds ? QVariant(*j.etaSeconds) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(nullable(j.statusMessage));
    q.addBindValue(nullable(artifactsToText(j.artifacts)));
    q.addBindValue(msOrNull(j.startedAt));
    q.addBindValue(msOrNull(j.completedAt));
    q.addBindValue(j.preemptions);
    q.addBindValue(nullable(j.preemptedBy));
    q.addBindValue(msOrNull(j.preemptedAt));
    q.addBindValue(j.priorRunSeconds);
    q.addBindValue(msOrNull(j.attemptStartedAt));
    q.addBindValue(j.id);
    // A single UPDATE statement is its own transaction (the count triggers run inside it).
    if (!q.exec())
        return fail(q);
    if (wire::isTerminal(j.status))
        dropEnvValues(j.id);
    return true;
}

void Store::dropEnvValues(const QString &id)
{
    QSqlQuery &read = prepared(QStringLiteral("SELECT env FROM jobs WHERE id = ?"));
    read.addBindValue(id);
    if (!read.exec() || !read.next())
        return;
    const QString stored = read.value(0).toString();
    read.finish();
    QMap<QString, QString> env;
    const QJsonObject o = QJsonDocument::fromJson(stored.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        env.insert(it.key(), it.value().toString());
    const QString ended = envToText(endedEnv(env));
    if (ended == stored)
        return; // no values (or already dropped): nothing to write
    QSqlQuery &write = prepared(QStringLiteral("UPDATE jobs SET env = ? WHERE id = ?"));
    write.addBindValue(ended);
    write.addBindValue(id);
    if (!write.exec()) {
        fail(write);
        return;
    }
    // The old row is still in the WAL until a checkpoint rewrites it: truncate the WAL now (rare: once per
    // ended job that had env values; a reader that holds the WAL only delays this to a later checkpoint).
    QSqlQuery checkpoint(m_db);
    checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

bool Store::deleteJob(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM jobs WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() || fail(q);
}

bool Store::insertCredential(const Credential &c)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO credentials (id, kind, name, salt, secret_hash, namespaces, can_write, "
                             "created_at, revoked, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(c.id);
    q.addBindValue(c.kind);
    q.addBindValue(nullable(c.name));
    q.addBindValue(c.salt);
    q.addBindValue(c.secretHash);
    q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(c.namespaces)).toJson(QJsonDocument::Compact)));
    q.addBindValue(c.canWrite ? 1 : 0);
    q.addBindValue(c.createdAtMs > 0 ? c.createdAtMs : QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(c.revoked ? 1 : 0);
    q.addBindValue(c.expiresAtMs ? QVariant(*c.expiresAtMs) : QVariant(QMetaType(QMetaType::LongLong)));
    if (!q.exec())
        return fail(q);
    noteCredentialsChanged();
    return true;
}

bool Store::credentialCacheUsable()
{
    if (m_credentialWatch == -1) {
        m_credentialWatch = -2;
        const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        const QByteArray dir = QFile::encodeName(QFileInfo(m_path).absolutePath());
        m_credentialMarkerName = QFile::encodeName(QFileInfo(m_path).fileName()) + "-credentials";
        if (fd >= 0 && ::inotify_add_watch(fd, dir.constData(), IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_DELETE) >= 0)
            m_credentialWatch = fd;
        else if (fd >= 0)
            ::close(fd);
        m_credentialCacheSinceMs = 0; // what was read before the watch existed is not trusted
    }
    if (m_credentialWatch < 0)
        return false;
    bool changed = false;
    alignas(inotify_event) char buf[4096];
    for (;;) {
        const ssize_t n = ::read(m_credentialWatch, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // EAGAIN: nothing happened since the last look
        for (ssize_t at = 0; at + ssize_t(sizeof(inotify_event)) <= n;) {
            const auto *e = reinterpret_cast<const inotify_event *>(buf + at);
            // The name is NUL-padded to its length; an overflowed queue may have lost the marker's event.
            if ((e->mask & IN_Q_OVERFLOW) || (e->len > 0 && m_credentialMarkerName == e->name))
                changed = true;
            at += ssize_t(sizeof(inotify_event) + e->len);
        }
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (changed || now - m_credentialCacheSinceMs >= kCredentialCacheMs || now < m_credentialCacheSinceMs) {
        dropCachedCredentials();
        m_credentialCacheSinceMs = now;
    }
    return true;
}

void Store::dropCachedCredentials()
{
    m_credentials.clear();
    m_credentialIdsByName.clear();
}

void Store::noteCredentialsChanged()
{
    dropCachedCredentials();
    // Written after the commit, so that whoever sees the write reads the change. O_NOFOLLOW: never write through
    // a link planted in the data dir.
    const int fd = ::open(QFile::encodeName(m_path + QStringLiteral("-credentials")).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0)
        ::close(fd);
    else
        qCWarning(lcStore, "cannot note a credential change in %s-credentials: %s", qPrintable(m_path), strerror(errno));
}

namespace {
Credential readCredential(const QSqlQuery &q)
{
    Credential c;
    c.id = q.value(0).toString();
    c.kind = q.value(1).toString();
    c.name = q.value(2).toString();
    c.salt = q.value(3).toByteArray();
    c.secretHash = q.value(4).toByteArray();
    const QJsonArray ns = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).array();
    for (const QJsonValue &v : ns)
        c.namespaces << v.toString();
    c.canWrite = q.value(6).toInt() != 0;
    c.revoked = q.value(7).toInt() != 0;
    c.createdAtMs = q.value(8).toLongLong();
    const auto optMs = [&q](int i) { return q.isNull(i) ? std::nullopt : std::optional<qint64>(q.value(i).toLongLong()); };
    c.expiresAtMs = optMs(9);
    c.revokedAtMs = optMs(10);
    c.lastUsedAtMs = optMs(11);
    return c;
}

const QString kCredentialColumns = QStringLiteral(
    "id, kind, name, salt, secret_hash, namespaces, can_write, revoked, created_at, expires_at, revoked_at, last_used_at");
const QString kCredentialById =
    QStringLiteral("SELECT ") + kCredentialColumns + QStringLiteral(" FROM credentials WHERE id = ?");
const QString kCredentialByName =
    QStringLiteral("SELECT ") + kCredentialColumns + QStringLiteral(" FROM credentials WHERE name = ?");
} // namespace

std::optional<Credential> Store::credentialById(const QString &id) { return credentialBy(CredentialKey::Id, id); }

std::optional<Credential> Store::credentialByName(const QString &name)
{
    return credentialBy(CredentialKey::Name, name);
}

std::optional<Credential> Store::credentialBy(CredentialKey key, const QString &value)
{
    const bool cache = credentialCacheUsable();
    if (cache) {
        const QString id = key == CredentialKey::Id ? value : m_credentialIdsByName.value(value);
        if (auto it = m_credentials.constFind(id); !id.isEmpty() && it != m_credentials.cend())
            return *it;
    }
    QSqlQuery &q = prepared(key == CredentialKey::Id ? kCredentialById : kCredentialByName);
    q.addBindValue(value);
    if (!q.exec() || !q.next())
        return std::nullopt; // a miss is never kept: unknown ids cannot grow the cache
    Credential c = readCredential(q);
    q.finish();
    if (cache) {
        m_credentials.insert(c.id, c);
        if (key == CredentialKey::Name)
            m_credentialIdsByName.insert(value, c.id);
    }
    return c;
}

QList<Credential> Store::credentials()
{
    QSqlQuery q(m_db);
    QList<Credential> out;
    if (!q.exec(QStringLiteral("SELECT ") + kCredentialColumns +
                QStringLiteral(" FROM credentials ORDER BY created_at, id"))) {
        fail(q);
        return out;
    }
    while (q.next())
        out.append(readCredential(q));
    return out;
}

Store::Revoke Store::revokeCredential(const QString &id, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE credentials SET revoked = 1, revoked_at = ? WHERE id = ? AND revoked = 0"));
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec()) {
        fail(q);
        return Revoke::Failed;
    }
    if (q.numRowsAffected() != 1)
        return Revoke::Unchanged;
    noteCredentialsChanged();
    return Revoke::Revoked;
}

bool Store::touchCredential(const QString &id, qint64 nowMs)
{
    QSqlQuery &q = prepared(QStringLiteral("UPDATE credentials SET last_used_at = ? WHERE id = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec())
        return fail(q);
    // Not a change of what a credential allows: the cached copy only learns the time.
    if (auto it = m_credentials.find(id); it != m_credentials.end())
        it->lastUsedAtMs = nowMs;
    return true;
}

} // namespace seed::store
