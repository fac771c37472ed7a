// The SQLite store: migrations, WAL, counts kept by triggers, one row per job.
#include "jobstatustest.h"
#include "store/migrations.h"
#include "store/store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace seed;

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
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
