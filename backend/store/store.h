#pragma once

#include "wire/job.h"
#include "wire/queries.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <tuple>

namespace seed::store {

struct Credential
{
    QString id;
    QString kind; // "token", "apikey" or "local"
    QString name; // API keys only
    QByteArray salt;
    QByteArray secretHash;
    QStringList namespaces; // "*" grants every namespace
    bool canWrite = false;
    bool revoked = false;
    qint64 createdAtMs = 0;
    std::optional<qint64> expiresAtMs;  // none: never expires
    std::optional<qint64> revokedAtMs;
    std::optional<qint64> lastUsedAtMs; // to the minute (see Authenticator)
};

enum class InsertResult { Inserted, NameTaken, NoSpace, Failed };

// The daemon's SQLite database (WAL). Not thread-safe: one instance per thread.
class Store
{
public:
    Store();
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    bool open(const QString &path, QString *error);
    QString lastError() const { return m_lastError; }
    QSqlDatabase &db() { return m_db; }

    // Jobs
    InsertResult insertJob(const wire::Job &job);
    std::optional<wire::Job> job(const QString &ns, const QString &name);
    std::optional<wire::Job> jobById(const QString &id);
    // Fills `pagination` but leaves runtime_seconds to the caller (it depends on "now").
    std::optional<wire::JobPage> listJobs(const QString &ns, const wire::ListQuery &q);
    QList<wire::Job> jobsWithStatus(wire::JobStatus status); // across namespaces, oldest first
    bool updateJob(const wire::Job &job); // every mutable column, one transaction
    bool deleteJob(const QString &id);
    qint64 countJobs(const QString &ns, const QString &status = {});
    // Jobs per (namespace, status name), across namespaces: what /metrics reports.
    QList<std::tuple<QString, QString, qint64>> jobCounts();

    // Credentials
    bool insertCredential(const Credential &c);
    std::optional<Credential> credentialById(const QString &id);
    std::optional<Credential> credentialByName(const QString &name);
    QList<Credential> credentials(); // every one, oldest first
    // Marks it revoked; the row stays, so that list still shows it. Unchanged: no such id, or already revoked.
    enum class Revoke { Revoked, Unchanged, Failed };
    Revoke revokeCredential(const QString &id, qint64 nowMs);
    bool touchCredential(const QString &id, qint64 nowMs);

private:
    wire::Job readJob(const class QSqlQuery &q) const;
    // Prepared once per SQL text and reused: preparing costs more than running a page query.
    QSqlQuery &prepared(const QString &sql);
    bool fail(const class QSqlQuery &q);
    // An ended job keeps its env names with empty values (secrets are not kept past the job).
    void dropEnvValues(const QString &id);

    QHash<QString, QSqlQuery> m_statements;
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_lastError;
};

} // namespace seed::store
