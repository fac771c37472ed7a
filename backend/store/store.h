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

// One point of a job's utilisation series (table job_samples), possibly several ticks merged.
struct JobSample
{
    qint64 atMs = 0;
    qint64 spanMs = 0; // how much time this (possibly merged) sample stands for
    std::optional<double> cpuPercent;      // of one core (200 = two cores busy)
    std::optional<qint64> memoryBytes;
    std::optional<qint64> diskBytes;
    std::optional<double> gpuPercent;     // mean over the job's GPUs
    std::optional<qint64> gpuMemoryBytes; // sum over the job's GPUs
    std::optional<double> gpuPowerWatts;  // sum over the job's GPUs
    std::optional<double> energyJoules;   // the job's GPU energy from its first sample to this one
    bool gpuSimulated = false;            // the GPU values are modelled (simulated GPUs), never measured
};

// One stored job event (GET /{ns}/events): its id and the event's JSON.
struct JobEvent
{
    qint64 id = 0;
    QByteArray data;
};

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
    // How long a credential read by id or name may be answered from memory when it was changed by other means
    // than this class (see credentialCacheUsable).
    static constexpr qint64 kCredentialCacheMs = 1000;
    bool insertCredential(const Credential &c);
    std::optional<Credential> credentialById(const QString &id);
    std::optional<Credential> credentialByName(const QString &name);
    QList<Credential> credentials(); // every one, oldest first
    // Marks it revoked; the row stays, so that list still shows it. Unchanged: no such id, or already revoked.
    enum class Revoke { Revoked, Unchanged, Failed };
    Revoke revokeCredential(const QString &id, qint64 nowMs);
    bool touchCredential(const QString &id, qint64 nowMs);
    // How many credentials are held in memory now (misses never are: a flood of unknown ids or names keeps nothing).
    qsizetype cachedCredentials() const { return m_credentials.size(); }

    // Job events (store/events.cpp), ids increasing.
    qint64 appendEvent(const QString &ns, qint64 atMs, const QByteArray &data); // its id; 0 when it was not stored
    qint64 lastEventId();                                                        // 0 when none was ever stored
    std::optional<qint64> firstEventId();                                        // none when the table is empty
    void pruneEventsUpTo(qint64 id);
    // The namespace's events with afterId < id <= upToId, oldest first, at most `limit`; none when the read failed.
    std::optional<QList<JobEvent>> events(const QString &ns, qint64 afterId, qint64 upToId, int limit);

    // Utilisation series (store/samples.cpp).
    QList<JobSample> samples(const QString &jobId); // oldest first
    bool insertSample(const QString &jobId, const JobSample &s);
    bool replaceSamples(const QString &jobId, const QList<JobSample> &series); // one transaction
    void deleteSamples(const QString &jobId);
    std::optional<double> lastEnergyJoules(const QString &jobId); // of the newest sample, when it has one
    // Over every job of the namespace that has an energy reading: how many, and their newest readings' sum.
    std::pair<qint64, double> namespaceEnergyJoules(const QString &ns);

private:
    wire::Job readJob(const class QSqlQuery &q) const;
    // Prepared once per SQL text and reused: preparing costs more than running a page query.
    QSqlQuery &prepared(const QString &sql);
    bool fail(const class QSqlQuery &q);
    // An ended job keeps its env names with empty values (secrets are not kept past the job).
    void dropEnvValues(const QString &id);

    // Credentials as read by id or name, kept until a credential changes: one SQLite read per request was a third
    // of what an authenticated list request cost (docs/performance.md). Every change goes through
    // insertCredential/revokeCredential, which, after the commit, write the file "<db>-credentials"; a watch on the
    // data dir (inotify, read without blocking before each lookup) sees that write before the changing process
    // (`seedd token revoke`) has even exited, so a revoke holds for the very next request. An edit by any other
    // means (sqlite3 by hand) is seen within kCredentialCacheMs. Misses are never kept.
    bool credentialCacheUsable();
    void noteCredentialsChanged();
    void dropCachedCredentials();
    enum class CredentialKey { Id, Name };
    std::optional<Credential> credentialBy(CredentialKey key, const QString &value);
    QHash<QString, Credential> m_credentials;      // by id
    QHash<QString, QString> m_credentialIdsByName; // of those found by name
    qint64 m_credentialCacheSinceMs = 0;
    int m_credentialWatch = -1; // the inotify descriptor; -1 not yet made, -2 none to be had (no cache then)
    QByteArray m_credentialMarkerName; // the file name the watch waits for

    QHash<QString, QSqlQuery> m_statements;
    QString m_path;
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_lastError;
};

} // namespace seed::store
