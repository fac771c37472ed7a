// The SQLite store: migrations, WAL, counts kept by triggers, one row per job.
#include "jobstatustest.h"
#include "store/migrations.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace seed;

namespace {
// A credential of namespace "acme" as the store keeps it (salt and hash stand-ins: the store does not check them).
store::Credential credential(const QString &id, const QString &kind, const QString &name = {})
{
    store::Credential c;
    c.id = id;
    c.kind = kind;
    c.name = name;
    c.salt = "salt";
    c.secretHash = "hash";
    c.namespaces = {QStringLiteral("acme")};
    return c;
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT
    static wire::Job makeJob(const QString &ns, const QString &name)
    {
        wire::Job j;
        j.id = wire::newJobId();
        j.ns = ns;
        j.name = name;
        j.command = QStringLiteral("true");
        j.image = QStringLiteral("img");
        j.gpu = QStringLiteral("none");
        j.region = QStringLiteral("us-east-1");
        j.env.insert(QStringLiteral("K"), QStringLiteral("v"));
        j.createdAt = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
        return j;
    }

private Q_SLOTS:
    void migratesOnceAndUsesWal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.db"));
        {
            store::Store s;
            QString err;
            QVERIFY2(s.open(path, &err), qPrintable(err));
            QSqlQuery q(s.db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), store::latestSchemaVersion());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QCOMPARE(s.insertJob(makeJob(QStringLiteral("a"), QStringLiteral("x"))), store::InsertResult::Inserted);
        }
        store::Store again;
        QString err;
        QVERIFY(again.open(path, &err));
        QVERIFY(again.job(QStringLiteral("a"), QStringLiteral("x")));
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.db"));
        {
            store::Store s;
            QString err;
            QVERIFY(s.open(path, &err));
            QSqlQuery(s.db()).exec(QStringLiteral("PRAGMA user_version = 999"));
        }
        store::Store s;
        QString err;
        QVERIFY(!s.open(path, &err));
        QVERIFY2(err.contains(QLatin1String("newer")), qPrintable(err));
    }

    void countsFollowEveryChange()
    {
        QTemporaryDir dir;
        store::Store s;
        QString err;
        QVERIFY(s.open(dir.filePath(QStringLiteral("s.db")), &err));
        QList<wire::Job> jobs;
        for (int i = 0; i < 10; ++i) {
            jobs << makeJob(QStringLiteral("ns"), QStringLiteral("j%1").arg(i));
            QCOMPARE(s.insertJob(jobs.last()), store::InsertResult::Inserted);
        }
        QCOMPARE(s.insertJob(makeJob(QStringLiteral("ns"), QStringLiteral("j0"))), store::InsertResult::NameTaken);
        QCOMPARE(s.countJobs(QStringLiteral("ns")), 10);
        QCOMPARE(s.countJobs(QStringLiteral("ns"), QStringLiteral("queued")), 10);
        for (int i = 0; i < 4; ++i) {
            jobs[i].status = wire::JobStatus::Cancelled;
            jobs[i].completedAt = QDateTime::currentDateTimeUtc();
            QVERIFY(s.updateJob(jobs[i]));
        }
        QVERIFY(s.updateJob(jobs[0])); // same status again: counts unchanged
        QCOMPARE(s.countJobs(QStringLiteral("ns"), QStringLiteral("queued")), 6);
        QCOMPARE(s.countJobs(QStringLiteral("ns"), QStringLiteral("cancelled")), 4);
        QVERIFY(s.deleteJob(jobs[1].id));
        QCOMPARE(s.countJobs(QStringLiteral("ns"), QStringLiteral("cancelled")), 3);
        QCOMPARE(s.countJobs(QStringLiteral("ns")), 9);
        QCOMPARE(s.countJobs(QStringLiteral("other")), 0);
        const auto back = s.jobById(jobs[0].id);
        QVERIFY(back);
        QCOMPARE(back->status, wire::JobStatus::Cancelled);
        // An ended job keeps its env names, not their values; a queued one keeps both.
        QVERIFY(back->env.contains(QStringLiteral("K")));
        QCOMPARE(back->env.value(QStringLiteral("K")), QString());
        QCOMPARE(s.jobById(jobs[5].id)->env.value(QStringLiteral("K")), QStringLiteral("v"));
        QCOMPARE(s.jobsWithStatus(wire::JobStatus::Queued).size(), 6);
    }

    // The events journal: ids increase, reads are per namespace and bounded, pruning moves the first id.
    void eventsJournal()
    {
        QTemporaryDir dir;
        store::Store s;
        QString err;
        QVERIFY(s.open(dir.filePath(QStringLiteral("s.db")), &err));
        QCOMPARE(s.lastEventId(), 0);
        QVERIFY(!s.firstEventId());
        QList<qint64> ids;
        for (int i = 0; i < 6; ++i)
            ids << s.appendEvent(i % 2 ? QStringLiteral("b") : QStringLiteral("a"), 1000 + i, "{\"n\":" + QByteArray::number(i) + '}');
        for (int i = 1; i < ids.size(); ++i)
            QVERIFY(ids[i] > ids[i - 1] && ids[0] > 0);
        QCOMPARE(s.lastEventId(), ids.last());
        QCOMPARE(s.firstEventId(), std::optional<qint64>(ids.first()));
        const auto a = s.events(QStringLiteral("a"), 0, ids.last(), 100);
        QVERIFY(a);
        QCOMPARE(a->size(), 3);
        QCOMPARE(a->at(1).id, ids[2]);
        QCOMPARE(a->at(1).data, QByteArray("{\"n\":2}"));
        const auto bounded = s.events(QStringLiteral("a"), ids[0], ids[3], 100); // after the first, up to the 4th
        QVERIFY(bounded && bounded->size() == 1 && bounded->first().id == ids[2]);
        QCOMPARE(s.events(QStringLiteral("b"), 0, ids.last(), 2)->size(), 2);
        s.pruneEventsUpTo(ids[2]);
        QCOMPARE(s.firstEventId(), std::optional<qint64>(ids[3]));
        QCOMPARE(s.events(QStringLiteral("a"), 0, ids.last(), 100)->size(), 1);
        QCOMPARE(s.lastEventId(), ids.last());
    }

    // Utilisation series: stored with their gaps (no reading stays no reading), replaced at once, and the
    // newest energy reading per job and per namespace.
    void samplesSeries()
    {
        QTemporaryDir dir;
        store::Store s;
        QString err;
        QVERIFY(s.open(dir.filePath(QStringLiteral("s.db")), &err));
        const wire::Job one = makeJob(QStringLiteral("a"), QStringLiteral("one"));
        const wire::Job two = makeJob(QStringLiteral("a"), QStringLiteral("two"));
        QCOMPARE(s.insertJob(one), store::InsertResult::Inserted);
        QCOMPARE(s.insertJob(two), store::InsertResult::Inserted);
        store::JobSample x;
        x.atMs = 1000;
        x.spanMs = 1000;
        x.cpuPercent = 150.5;
        x.memoryBytes = 1 << 20;
        x.energyJoules = 3600;
        x.gpuSimulated = true;
        store::JobSample y;
        y.atMs = 2000;
        y.spanMs = 1000;
        y.gpuPercent = 40;
        QVERIFY(s.insertSample(one.id, x));
        QVERIFY(s.insertSample(one.id, y));
        QList<store::JobSample> got = s.samples(one.id);
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0].cpuPercent, std::optional<double>(150.5));
        QCOMPARE(got[0].memoryBytes, std::optional<qint64>(1 << 20));
        QVERIFY(!got[0].diskBytes && !got[0].gpuPercent && got[0].gpuSimulated);
        QCOMPARE(got[1].gpuPercent, std::optional<double>(40));
        QVERIFY(!got[1].energyJoules && !got[1].gpuSimulated);
        // The newest sample has no energy reading: none (the job's own), while the namespace sum skips it.
        QVERIFY(!s.lastEnergyJoules(one.id));
        x.atMs = 3000;
        x.energyJoules = 7200;
        QVERIFY(s.insertSample(one.id, x));
        QCOMPARE(s.lastEnergyJoules(one.id), std::optional<double>(7200));
        y.energyJoules = 100;
        QVERIFY(s.insertSample(two.id, y));
        QCOMPARE(s.namespaceEnergyJoules(QStringLiteral("a")), (std::pair<qint64, double>(2, 7300.0)));
        QCOMPARE(s.namespaceEnergyJoules(QStringLiteral("other")), (std::pair<qint64, double>(0, 0.0)));
        QVERIFY(s.replaceSamples(one.id, {y}));
        QCOMPARE(s.samples(one.id).size(), 1);
        QCOMPARE(s.samples(two.id).size(), 1);
        s.deleteSamples(one.id);
        QVERIFY(s.samples(one.id).isEmpty());
        QCOMPARE(s.samples(two.id).size(), 1);
    }

    // The daemon answers credentials from memory, yet a change made by another process (`seedd token revoke`, a
    // second connection here) holds for the very next lookup; an edit by other means within kCredentialCacheMs.
    void credentialChangesReachACachingReaderAtOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("seed.db"));
        store::Store daemon, cli;
        QString error;
        QVERIFY2(daemon.open(path, &error), qPrintable(error));
        QVERIFY2(cli.open(path, &error), qPrintable(error));
        store::Credential token = credential(QStringLiteral("0123456789ab"), QStringLiteral("token"));
        QVERIFY(cli.insertCredential(token));
        QFileInfo marker(path + QStringLiteral("-credentials"));
        QVERIFY(marker.exists());
        QCOMPARE(int(marker.permissions() & 0x0077), 0); // owner only, like everything in the data dir

        QElapsedTimer sinceRead;
        sinceRead.start();
        QVERIFY(!daemon.credentialById(token.id)->revoked);
        // An edit behind the store's back is not seen at once (the read is cached) ...
        QSqlQuery q(cli.db());
        QVERIFY(q.exec(QStringLiteral("UPDATE credentials SET can_write = 1 WHERE id = '0123456789ab'")));
        const bool stale = !daemon.credentialById(token.id)->canWrite;
        if (sinceRead.elapsed() < store::Store::kCredentialCacheMs / 2)
            QVERIFY(stale);
        // ... but within the bound.
        QTRY_VERIFY_WITH_TIMEOUT(daemon.credentialById(token.id)->canWrite, int(3 * store::Store::kCredentialCacheMs));
        // A revoke by another connection: the very next lookup, by id or by name, sees it.
        QVERIFY(daemon.credentialById(token.id));
        QCOMPARE(cli.revokeCredential(token.id, 1000), store::Store::Revoke::Revoked);
        QVERIFY(daemon.credentialById(token.id)->revoked);

        store::Credential key = token;
        key.id = QStringLiteral("ba9876543210");
        key.kind = QStringLiteral("apikey");
        key.name = QStringLiteral("ci");
        QVERIFY(!daemon.credentialByName(QStringLiteral("ci"))); // a miss is never kept
        QVERIFY(cli.insertCredential(key));
        QVERIFY(!daemon.credentialByName(QStringLiteral("ci"))->revoked);
        QCOMPARE(cli.revokeCredential(key.id, 1000), store::Store::Revoke::Revoked);
        QVERIFY(daemon.credentialByName(QStringLiteral("ci"))->revoked);
        // The daemon's own changes too.
        key.id = QStringLiteral("cccccccccccc");
        key.name = QStringLiteral("own");
        QVERIFY(daemon.insertCredential(key));
        QVERIFY(!daemon.credentialById(key.id)->revoked);
        QCOMPARE(daemon.revokeCredential(key.id, 1000), store::Store::Revoke::Revoked);
        QVERIFY(daemon.credentialById(key.id)->revoked);
    }

    // Every request names a credential (id of a token, name of an API key) before any check: a flood of unknown ones
    // must cost a read each and keep nothing, whatever their number.
    void unknownCredentialsAreNeverKept()
    {
        QTemporaryDir dir;
        store::Store s;
        QString error;
        QVERIFY2(s.open(dir.filePath(QStringLiteral("seed.db")), &error), qPrintable(error));
        const store::Credential key =
            credential(QStringLiteral("0123456789ab"), QStringLiteral("apikey"), QStringLiteral("ci"));
        QVERIFY(s.insertCredential(key));
        const auto flood = [&s] {
            for (int i = 0; i < 20000; ++i) {
                const QString unknown = QStringLiteral("%1").arg(i, 12, 16, QLatin1Char('f'));
                if (s.credentialById(unknown) || s.credentialByName(unknown))
                    return false;
            }
            return true;
        };
        QVERIFY(flood());
        QCOMPARE(s.cachedCredentials(), 0);
        QCOMPARE(s.credentialByName(QStringLiteral("ci"))->id, key.id);
        QCOMPARE(s.credentialById(key.id)->name, key.name);
        QVERIFY(s.cachedCredentials() <= 1); // one credential, by id and by name (0 if the cache window turned)
        QVERIFY(flood());
        QVERIFY(s.cachedCredentials() <= 1);
        QCOMPARE(s.credentialByName(QStringLiteral("ci"))->id, key.id);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
