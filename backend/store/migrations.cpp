#include "migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace seed::store {

namespace {
// Append new steps; never edit a step that has shipped.
const char *const kSteps[] = {
    // 1: jobs, credentials, per-namespace counts kept by triggers so list totals cost nothing.
    R"SQL(
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  command TEXT NOT NULL,
  repo TEXT, image TEXT, branch TEXT, commit_sha TEXT,
  gpu TEXT NOT NULL, gpu_count INTEGER NOT NULL, cpu INTEGER NOT NULL,
  memory_gb INTEGER NOT NULL, disk_gb INTEGER NOT NULL,
  env TEXT NOT NULL DEFAULT '{}',
  region TEXT NOT NULL,
  timeout_minutes INTEGER NOT NULL, retries INTEGER NOT NULL, retry_count INTEGER NOT NULL DEFAULT 0,
  output_path TEXT, exit_code INTEGER,
  cost_per_hour_cents INTEGER NOT NULL,
  progress TEXT, progress_fraction REAL, eta_seconds INTEGER, status_message TEXT,
  artifacts TEXT,
  created_at INTEGER NOT NULL, started_at INTEGER, completed_at INTEGER,
  UNIQUE(namespace, name)
);
CREATE INDEX jobs_ns_created ON jobs(namespace, created_at, seq);
CREATE INDEX jobs_ns_status_created ON jobs(namespace, status, created_at, seq);
CREATE INDEX jobs_ns_started ON jobs(namespace, started_at, seq);
CREATE INDEX jobs_ns_completed ON jobs(namespace, completed_at, seq);
CREATE INDEX jobs_status ON jobs(status);
CREATE TABLE job_counts (
  namespace TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY(namespace, status)
) WITHOUT ROWID;
CREATE TRIGGER jobs_count_ins AFTER INSERT ON jobs BEGIN
  INSERT INTO job_counts(namespace, status, n) VALUES (NEW.namespace, NEW.status, 1)
    ON CONFLICT(namespace, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER jobs_count_del AFTER DELETE ON jobs BEGIN
  UPDATE job_counts SET n = n - 1 WHERE namespace = OLD.namespace AND status = OLD.status;
END;
CREATE TRIGGER jobs_count_upd AFTER UPDATE OF status ON jobs WHEN OLD.status <> NEW.status BEGIN
  UPDATE job_counts SET n = n - 1 WHERE namespace = OLD.namespace AND status = OLD.status;
  INSERT INTO job_counts(namespace, status, n) VALUES (NEW.namespace, NEW.status, 1)
    ON CONFLICT(namespace, status) DO UPDATE SET n = n + 1;
END;
CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT UNIQUE,
  salt BLOB NOT NULL,
  secret_hash BLOB NOT NULL,
  namespaces TEXT NOT NULL,
  can_write INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
)SQL",
    // 2: the local executor's memory across restarts (backend/store/runstore.h): one row per job being run,
    // written before its container starts; and small daemon-wide settings (the instance id on containers).
    R"SQL(
CREATE TABLE job_runs (
  job_id TEXT PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  container TEXT NOT NULL,
  gpu_indices TEXT,
  phase TEXT NOT NULL,
  attempt_started_at INTEGER,
  stop_reason TEXT
);
CREATE TABLE daemon_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL",
    // 3: streams and telemetry (backend/server/ssestreams.h, backend/telemetry/): job state changes per namespace
    // for the events stream (ids are its resume points, pruned to the newest ~20k), and utilisation samples per
    // job (downsampled, bounded per job).
    R"SQL(
CREATE TABLE job_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX job_events_ns ON job_events(namespace, id);
CREATE TABLE job_samples (
  job_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  span_ms INTEGER NOT NULL,
  cpu_percent REAL, memory_bytes INTEGER, disk_bytes INTEGER,
  gpu_percent REAL, gpu_memory_bytes INTEGER,
  PRIMARY KEY(job_id, at_ms)
) WITHOUT ROWID;
)SQL",
    // 4: credentials that end: an optional expiry, when it was revoked, and when it was last used (written at
    // most once a minute per credential, so that authenticating stays a read).
    R"SQL(
ALTER TABLE credentials ADD COLUMN expires_at INTEGER;
ALTER TABLE credentials ADD COLUMN revoked_at INTEGER;
ALTER TABLE credentials ADD COLUMN last_used_at INTEGER;
)SQL",
    // 5: GPU power and energy per sample (backend/telemetry/): the power of the job's GPUs, the job's GPU energy
    // so far, and whether the GPU values were modelled (simulated GPUs) rather than measured.
    R"SQL(
ALTER TABLE job_samples ADD COLUMN gpu_power_w REAL;
ALTER TABLE job_samples ADD COLUMN energy_j REAL;
ALTER TABLE job_samples ADD COLUMN gpu_simulated INTEGER NOT NULL DEFAULT 0;
)SQL",
    // 6: spot (preemptible) and multi-node jobs: the request's spot and nodes, how often a job was preempted, who
    // preempted it and when (while it waits), the seconds run by attempts a preemption ended and when the current
    // attempt started (runtime and cost count only time run); and the executor's pending preemption of a run.
    R"SQL(
ALTER TABLE jobs ADD COLUMN spot INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN nodes INTEGER NOT NULL DEFAULT 1;
ALTER TABLE jobs ADD COLUMN preemptions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN preempted_by TEXT;
ALTER TABLE jobs ADD COLUMN preempted_at INTEGER;
ALTER TABLE jobs ADD COLUMN prior_run_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN attempt_started_at INTEGER;
ALTER TABLE job_runs ADD COLUMN preempted_by TEXT;
ALTER TABLE job_runs ADD COLUMN preempt_at INTEGER;
)SQL",
};

bool execScript(QSqlDatabase &db, const QString &script, QString *error)
{
    // QSQLITE runs one statement per exec; split on ';' at line ends, keeping trigger bodies whole.
    QStringList statements;
    QString current;
    const QStringList lines = script.split(u'\n');
    for (const QString &line : lines) {
        current += line + u'\n';
        const QString t = line.trimmed();
        const bool inTrigger = current.contains(QLatin1String("CREATE TRIGGER")) && !t.startsWith(QLatin1String("END;"));
        if (t.endsWith(u';') && !inTrigger) {
            statements << current;
            current.clear();
        }
    }
    if (!current.trimmed().isEmpty())
        statements << current;
    for (const QString &st : statements) {
        QSqlQuery q(db);
        if (!q.exec(st)) {
            *error = q.lastError().text() + QStringLiteral(" in: ") + st.left(200);
            return false;
        }
    }
    return true;
}
} // namespace

int latestSchemaVersion() { return int(std::size(kSteps)); }

bool migrate(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    const int current = q.value(0).toInt();
    if (current > latestSchemaVersion()) {
        *error = QStringLiteral("database schema version %1 is newer than this build understands (%2)")
                     .arg(current)
                     .arg(latestSchemaVersion());
        return false;
    }
    for (int v = current; v < latestSchemaVersion(); ++v) {
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        if (!execScript(db, QString::fromUtf8(kSteps[v]), error) ||
            !QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1))) {
            db.rollback();
            return false;
        }
        if (!db.commit()) {
            *error = db.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace seed::store
