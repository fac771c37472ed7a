// What the Slurm runner reads from Slurm's tools (backend/runtime/slurmparse.*), on output recorded from real
// two-node clusters of Slurm 22.05 (Debian 12) and 24.11 (Debian 13) by tests/fixtures/slurm/record.sh: the queue at
// a spot job's run, its requeue by a preemption and the ends of jobs; the nodes and their GPUs; the partitions.
// Each recorded case runs on both versions (the `version` column): their JSON differs in shape, not in meaning.
#include "runtime/slurmparse.h"

#include "fixture.h"

#include <QJsonObject>
#include <QTest>

using namespace seed::runtime::slurm;

namespace {
const char *const kVersions[] = {"22.05", "24.11"};

QByteArray fixture(const QString &version, const QString &name)
{
    return readFixture(QStringLiteral("slurm/%1/%2").arg(version, name));
}

// The test's `version` column.
QString version()
{
    QFETCH_GLOBAL(QString, version);
    return version;
}

QByteArray fixture(const char *name) { return fixture(version(), QString::fromLatin1(name)); }

QList<QueuedJob> queue(const char *name)
{
    const std::optional<QList<QueuedJob>> jobs = parseQueue(fixture(name));
    if (!jobs)
        qFatal("%s of Slurm %s is no squeue listing", name, qPrintable(version()));
    return *jobs;
}

// The per-node listing: 22.05's `sinfo --json`, or `scontrol show nodes --json` from 23.02 on.
QByteArray nodeListing(const char *moment)
{
    const bool grouped = version() != QLatin1String("22.05");
    return fixture(version(), (grouped ? QStringLiteral("scontrol-nodes-") : QStringLiteral("sinfo-")) +
                                  QLatin1String(moment) + QStringLiteral(".json"));
}

QString s(const char *text) { return QString::fromUtf8(text); }
} // namespace

class TestSlurmParse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("version");
        for (const char *v : kVersions)
            QTest::newRow(v) << QString::fromLatin1(v);
    }

    void runningSpotJob()
    {
        const QList<QueuedJob> jobs = queue("squeue-spot-running.json");
        QCOMPARE(jobs.size(), 1);
        const QueuedJob &j = jobs.first();
        QCOMPARE(j.id, s("1"));
        QCOMPARE(j.name, s("seed-job_5p07aaaaaaaa-a0"));
        QCOMPARE(j.comment, s("seed:job_5p07aaaaaaaa"));
        QCOMPARE(j.state, s("RUNNING"));
        QCOMPARE(j.partition, s("spot"));
        QCOMPARE(j.nodes, s("nodeA,nodeB"));
        QCOMPARE(j.restarts, 0);
        QVERIFY(j.submitTime > 1700000000);
        QVERIFY(j.startTime >= j.submitTime);
        QVERIFY(isActive(j.state));
    }

    void requeuedByAPreemption()
    {
        const QList<QueuedJob> jobs = queue("squeue-spot-requeued.json");
        QCOMPARE(jobs.size(), 2);
        const QueuedJob &spot = jobs[0];
        const QueuedJob &urgent = jobs[1];
        // Requeued: pending again, one restart more, no nodes; Slurm leaves preempt_time 0 (22.05 and 24.11).
        QCOMPARE(spot.state, s("PENDING"));
        QCOMPARE(spot.restarts, 1);
        QCOMPARE(spot.nodes, QString());
        QCOMPARE(spot.preemptTime, 0);
        QVERIFY(isActive(spot.state));
        QCOMPARE(urgent.state, s("RUNNING"));
        QCOMPARE(urgent.partition, s("main"));
        QCOMPARE(urgent.nodes, s("nodeA"));

        // The preemptor: the newest active job of another partition submitted by then.
        const std::optional<QueuedJob> by = likelyPreemptor(spot, jobs, urgent.startTime);
        QVERIFY(by);
        QCOMPARE(by->id, urgent.id);
        QCOMPARE(by->comment, s("seed:job_0rgentbbbbbb"));
        // A job submitted after the preemption did not cause it...
        QVERIFY(!likelyPreemptor(spot, jobs, urgent.submitTime - 2));
        QueuedJob withTime = spot;
        withTime.preemptTime = urgent.submitTime - 2;
        QVERIFY(!likelyPreemptor(withTime, jobs, urgent.startTime + 3600));
        // ...nor one of the victim's own partition, nor one that has ended.
        QList<QueuedJob> others = jobs;
        others[1].partition = spot.partition;
        QVERIFY(!likelyPreemptor(spot, others, urgent.startTime));
        others = jobs;
        others[1].state = s("COMPLETED");
        QVERIFY(!likelyPreemptor(spot, others, urgent.startTime));
        // Of two candidates, the newer.
        others = jobs;
        QueuedJob older = urgent;
        older.id = s("7");
        older.submitTime = urgent.submitTime - 60;
        others.append(older);
        QCOMPARE(likelyPreemptor(spot, others, urgent.startTime)->id, urgent.id);
    }

    void endedJobs()
    {
        const QList<QueuedJob> jobs = queue("squeue-ended.json");
        QCOMPARE(jobs.size(), 5);
        QHash<QString, QueuedJob> byComment;
        for (const QueuedJob &j : jobs) {
            QVERIFY2(!isActive(j.state), qPrintable(j.state));
            QVERIFY(j.endTime >= j.submitTime);
            byComment.insert(j.comment, j);
        }
        // `exit 3`: the wait status 768 (22.05 gives it as is; 24.11 as {"return_code": 3, "status": ["ERROR"]}).
        const QueuedJob failed = byComment.value(s("seed:job_fa11edcccccc"));
        QCOMPARE(failed.state, s("FAILED"));
        QCOMPARE(failed.exitStatus, 768);
        QCOMPARE(exitCodeOf(failed.exitStatus), 3);
        QCOMPARE(endReason(failed.state), QString()); // its exit code says it
        // Killed by SIGKILL: 128 + 9, as a shell reports it.
        const QueuedJob killed = byComment.value(s("seed:job_k111eddddddd"));
        QCOMPARE(killed.state, s("FAILED"));
        QCOMPARE(exitCodeOf(killed.exitStatus), 137);
        const QueuedJob ok = byComment.value(s("seed:job_0kaaaaaaaaaa"));
        QCOMPARE(ok.state, s("COMPLETED"));
        QCOMPARE(exitCodeOf(ok.exitStatus), 0);
        // scancel of a running job: SIGTERM, and a reason of its own.
        const QueuedJob cancelled = byComment.value(s("seed:job_0rgentbbbbbb"));
        QCOMPARE(cancelled.state, s("CANCELLED"));
        QCOMPARE(exitCodeOf(cancelled.exitStatus), 143);
        QCOMPARE(endReason(cancelled.state), s("Cancelled in Slurm, outside seedd (scancel)."));
        QVERIFY(!endReason(s("NODE_FAIL")).isEmpty());
        QVERIFY(!endReason(s("PREEMPTED")).isEmpty());
    }

    void notAListing_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        for (const char *v : kVersions) // a data function runs once, not per version
            QTest::addRow("truncated (%s)", v)
                << fixture(QString::fromLatin1(v), QStringLiteral("squeue-ended.json")).left(4000);
        QTest::newRow("an error text") << QByteArray("slurm_load_jobs error: Unable to contact slurm controller\n");
        QTest::newRow("no jobs key") << QByteArray(R"({"meta": {}, "errors": []})");
        QTest::newRow("jobs not a list") << QByteArray(R"({"jobs": {}})");
        QTest::newRow("a list") << QByteArray("[]");
    }
    void notAListing()
    {
        // Never "Slurm has no jobs": that would end every run as forgotten by Slurm.
        QFETCH(QByteArray, text);
        QVERIFY(!parseQueue(text));
        QVERIFY(!nodesOf(text));
    }

    void emptyQueue()
    {
        const std::optional<QList<QueuedJob>> jobs = parseQueue(R"({"meta": {}, "errors": [], "jobs": []})");
        QVERIFY(jobs);
        QVERIFY(jobs->isEmpty());
    }

    void wrappedNumbersAndStates()
    {
        // Slurm 23.02 on: numbers as {"set", "infinite", "number"}, job_state as a list of state and flags (an
        // exit_code wrapped as a number too is read as the wait status).
        const std::optional<QList<QueuedJob>> jobs = parseQueue(R"({"jobs": [{"job_id": 42, "name": "n",
            "job_state": ["FAILED"], "restart_cnt": 2, "exit_code": {"set": true, "infinite": false, "number": 512},
            "submit_time": {"set": true, "infinite": false, "number": 1765000000},
            "end_time": {"set": true, "infinite": false, "number": 1765000100}}]})");
        QVERIFY(jobs);
        QCOMPARE(jobs->size(), 1);
        const QueuedJob &j = jobs->first();
        QCOMPARE(j.id, s("42"));
        QCOMPARE(j.state, s("FAILED"));
        QCOMPARE(j.restarts, 2);
        QCOMPARE(exitCodeOf(j.exitStatus), 2);
        QCOMPARE(j.submitTime, 1765000000);
        QCOMPARE(j.endTime, 1765000100);
    }

    void hostileExitCodes_data()
    {
        QTest::addColumn<QByteArray>("exitCode");
        QTest::addColumn<int>("expected");
        QTest::newRow("signal past 127") << QByteArray(R"({"return_code": 3, "signal": {"id": 200}})") << 3;
        QTest::newRow("negative signal") << QByteArray(R"({"return_code": 3, "signal": {"id": -9}})") << 3;
        QTest::newRow("wrapped signal")
            << QByteArray(R"({"return_code": 0, "signal": {"id": {"set": true, "number": 9}}})") << 137;
        QTest::newRow("return code past 255") << QByteArray(R"({"return_code": 300})") << 300 % 256;
        QTest::newRow("negative return code") << QByteArray(R"({"return_code": -1})") << 255;
        QTest::newRow("return code 1e300") << QByteArray(R"({"return_code": 1e300})") << 0;
        QTest::newRow("return code -1e300") << QByteArray(R"({"return_code": -1e300})") << 0;
        QTest::newRow("wait status 1e300") << QByteArray("1e300") << 0;
        QTest::newRow("wait status as text") << QByteArray(R"("137")") << 0;
        QTest::newRow("signal as text") << QByteArray(R"({"signal": {"id": "KILL"}, "return_code": 1})") << 1;
    }
    void hostileExitCodes()
    {
        // Slurm writes these numbers, but the parser must not trust them: every one becomes an exit code of
        // 0..255 (a double out of qint64's range used to be converted undefined).
        QFETCH(QByteArray, exitCode);
        QFETCH(int, expected);
        const std::optional<QList<QueuedJob>> jobs =
            parseQueue(R"({"jobs": [{"job_id": 7, "job_state": ["FAILED"], "exit_code": )" + exitCode + "}]}");
        QVERIFY(jobs);
        QCOMPARE(jobs->size(), 1);
        QCOMPARE(exitCodeOf(jobs->first().exitStatus), expected);
    }

    void nodesWithTheirGpus()
    {
        // While the spot job held both GPUs of both nodes (and one CPU of each).
        const QJsonArray busy = nodesOf(nodeListing("busy")).value_or(QJsonArray());
        QCOMPARE(busy.size(), 2);
        const QJsonObject a = busy[0].toObject();
        QCOMPARE(a.value(s("name")).toString(), s("nodeA"));
        QCOMPARE(a.value(s("state")).toString(), s("mixed"));
        QCOMPARE(a.value(s("partitions")).toArray(), QJsonArray({s("main"), s("spot")}));
        QCOMPARE(a.value(s("cpus")).toInt(), 2);
        QCOMPARE(a.value(s("cpus_allocated")).toInt(), 1);
        QCOMPARE(a.value(s("memory_mb")).toInt(), 1000);
        QCOMPARE(a.value(s("gres")).toArray(),
                 QJsonArray({QJsonObject{{s("type"), s("a100")}, {s("count"), 2}, {s("allocated"), 2}}}));
        const QJsonArray idle = nodesOf(nodeListing("idle")).value_or(QJsonArray());
        QCOMPARE(idle.size(), 2);
        for (const QJsonValue &n : idle) {
            QCOMPARE(n.toObject().value(s("state")).toString(), s("idle"));
            QCOMPARE(n.toObject().value(s("gres")).toArray().first().toObject().value(s("allocated")).toInt(), 0);
        }
    }

    void whichToolListsTheNodes()
    {
        // 22.05's `sinfo --json` lists the nodes; 24.11's groups them (and lacks per-node GRES): seedd then asks
        // scontrol, whose listing is never taken for a grouped one.
        const bool grouped = version() != QLatin1String("22.05");
        QCOMPARE(listsNodesByGroup(fixture("sinfo-busy.json")), grouped);
        QCOMPARE(!nodesOf(fixture("sinfo-busy.json")), grouped);
        QVERIFY(!listsNodesByGroup(nodeListing("busy")));
        QVERIFY(!listsNodesByGroup("sinfo: error: Unable to contact slurm controller\n"));
        // A listing of no nodes is a listing (the nodes went away), not a failure to list them.
        QVERIFY(nodesOf(R"({"nodes": []})"));
        QVERIFY(nodesOf(R"({"nodes": []})")->isEmpty());
    }

    void untypedAndOtherGres()
    {
        const QJsonArray nodes = nodesOf(R"j({"nodes": [{"name": "n1", "gres": "shard:8,gpu:2(S:0-1)",
            "gres_used": "shard:0,gpu:1(IDX:0)"}]})j").value_or(QJsonArray());
        QCOMPARE(nodes.size(), 1);
        // Only GPUs; an untyped GRES has a null type.
        QCOMPARE(
            nodes[0].toObject().value(s("gres")).toArray(),
            QJsonArray({QJsonObject{{s("type"), QJsonValue(QJsonValue::Null)}, {s("count"), 2}, {s("allocated"), 1}}}));
    }

    void partitions()
    {
        const QJsonArray parts =
            partitionsOf(fixture("scontrol-partition.txt"), {{s("eu-west"), s("main")}}, s("spot"));
        QCOMPARE(parts.size(), 2);
        QCOMPARE(
            parts[0].toObject(),
            (QJsonObject{
                {s("name"), s("main")}, {s("region"), s("eu-west")}, {s("preemptible"), false}, {s("spot"), false}}));
        QCOMPARE(parts[1].toObject(), (QJsonObject{{s("name"), s("spot")},
                                                   {s("region"), QJsonValue(QJsonValue::Null)},
                                                   {s("preemptible"), true},
                                                   {s("spot"), true}}));
        QVERIFY(partitionsOf("scontrol: error: Unable to contact slurm controller\n", {}, s("spot")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSlurmParse)
#include "tst_slurmparse.moc"
