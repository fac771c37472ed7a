// The Slurm runner (seedd serve --runner slurm) against a real two-node Slurm cluster this suite starts itself
// (tests/support/slurm-cluster.sh: munged, slurmctld, two slurmd with fake GPUs, a preemptible partition) and
// real Podman containers from the suite's busybox image: every mapping row of docs/scale-out.md, the end states
// with exit codes, live logs, cancel with grace, timeouts, retries, GRES, the machine view and a kill -9 of seedd.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"
#include "streaming/sseclient.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {
const QString kScript = QStringLiteral(SEED_TEST_DATA "/support/slurm-cluster.sh");

QJsonObject submit(const TestHttp &http, const QJsonObject &spec, int *status = nullptr)
{
    const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec);
    if (status)
        *status = r.status;
    if (r.status != 201 && !status)
        qWarning("submit -> %d %s", r.status, r.body.constData());
    return r.json();
}

QJsonObject gpuSpec(const QString &name, const QString &command, int count)
{
    QJsonObject s = spec(name, command, PodmanSandbox::image());
    s.insert(QStringLiteral("gpu"), QStringLiteral("A100-80GB"));
    s.insert(QStringLiteral("gpu_count"), count);
    return s;
}
// The 422 message a job spanning `nodes` nodes gets; what came instead when it was not refused.
QString refusalOfNodes(const TestHttp &http, int nodes)
{
    QJsonObject s = spec(QStringLiteral("nodes-%1").arg(nodes), QStringLiteral("true"), PodmanSandbox::image());
    s.insert(QStringLiteral("nodes"), nodes);
    int status = 0;
    const QJsonObject answer = submit(http, s, &status);
    if (status != 422)
        return QStringLiteral("status %1: %2").arg(status).arg(QString::fromUtf8(QJsonDocument(answer).toJson()));
    return answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

// The job and its log, for a failure's message.
QByteArray dump(const TestHttp &http, const QString &name)
{
    return (QJsonDocument(job(http, name)).toJson(QJsonDocument::Compact) + "\n" + logLines(http, name).join(u'\n').toUtf8());
}
} // namespace

class TestSlurm : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_clusterDir;
    QString m_config;

    // The suite's two-node cluster; `oneNodeDir`: a second cluster of nodeA alone there (ports of their own).
    bool cluster(const QString &mode, QByteArray *out = nullptr, const QString &oneNodeDir = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SLURM2_CPUS"), QStringLiteral("4"));
        env.insert(QStringLiteral("SLURM2_MEM_MB"), QStringLiteral("8192"));
        env.insert(QStringLiteral("SLURM2_GPU_TYPE"), QStringLiteral("a100-80gb"));
        const int port = 27000 + (QCoreApplication::applicationPid() % 500) * 3 + (oneNodeDir.isEmpty() ? 0 : 1500);
        env.insert(QStringLiteral("SLURM2_PORT"), QString::number(port));
        if (!oneNodeDir.isEmpty())
            env.insert(QStringLiteral("SLURM2_NODES"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("bash"), {kScript, oneNodeDir.isEmpty() ? m_clusterDir : oneNodeDir, mode});
        if (!p.waitForFinished(60000))
            return false;
        if (out)
            *out = p.readAllStandardOutput() + p.readAllStandardError();
        return p.exitCode() == 0;
    }

    QStringList seeddArgs() const
    {
        return {QStringLiteral("--runner"), QStringLiteral("slurm"), QStringLiteral("--config"), m_config,
                QStringLiteral("--cancel-grace"), QStringLiteral("3"), QStringLiteral("--timeout-unit-seconds"),
                QStringLiteral("3")};
    }

    // A running job that answers SIGTERM with a line and never ends by itself (for the cancel tests).
    void startStubborn(const TestHttp &http, const QString &name)
    {
        QJsonObject s = spec(name, QStringLiteral("trap 'echo got-term' TERM; echo ready; while true; do sleep 0.2; done"),
                             PodmanSandbox::image());
        QVERIFY(!submit(http, s).isEmpty());
        QVERIFY2(waitLog(http, name, QStringLiteral("ready"), 60000), dump(http, name).right(1500).constData());
    }
    // Whether squeue lists no job in these states (-t), as Slurm's own view that nothing is left running.
    static bool slurmListsNone(const QString &states)
    {
        QProcess sq;
        sq.start(QStringLiteral("squeue"), {QStringLiteral("-h"), QStringLiteral("-t"), states});
        sq.waitForFinished();
        return sq.readAllStandardOutput().trimmed().isEmpty();
    }
    // The job has stopped stopping and is cancelled, and its container is gone.
    void expectCancelledAndGone(const TestHttp &http, const QString &name)
    {
        QVERIFY(waitFor(http, name, [](const QJsonObject &j) { return !j.value(QStringLiteral("stopping")).toBool(); }, 30000)
                    .value(QStringLiteral("status")) == QStringLiteral("cancelled"));
        QVERIFY(QTest::qWaitFor([&] { return m_box.containers().isEmpty(); }, 20000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *t : {"sbatch", "squeue", "scontrol", "scancel", "slurmctld", "slurmd", "munged"})
            if (QStandardPaths::findExecutable(QLatin1String(t)).isEmpty() &&
                !QFileInfo::exists(QStringLiteral("/usr/sbin/") + QLatin1String(t)))
                SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Slurm is not installed (%1 missing; apt install slurm-wlm munge)")
                                                   .arg(QLatin1String(t))));
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        // Unix socket paths under the cluster directory must stay short.
        m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/seed-slurm-XXXXXX"));
        QVERIFY(m_dir->isValid());
        m_clusterDir = m_dir->path() + QStringLiteral("/c");
        QByteArray out;
        QVERIFY2(cluster(QStringLiteral("start"), &out), out.constData());
        qputenv("SLURM_CONF", (m_clusterDir + QStringLiteral("/slurm.conf")).toUtf8());
        m_config = m_dir->path() + QStringLiteral("/seedd.json");
        QFile f(m_config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{
                                  {QStringLiteral("slurm"),
                                   QJsonObject{{QStringLiteral("partitions"),
                                                QJsonObject{{QStringLiteral("us-east-1"), QStringLiteral("main")}}},
                                               {QStringLiteral("spot_partition"), QStringLiteral("spot")},
                                               {QStringLiteral("poll_ms"), 200}}}})
                    .toJson());
    }

    void cleanupTestCase()
    {
        if (!m_clusterDir.isEmpty())
            cluster(QStringLiteral("stop"));
        qunsetenv("SLURM_CONF");
    }

    // Exit codes and end states; the container's lines in the job's log; the batch script's mapping.
    void succeedAndFail()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject ok = spec(QStringLiteral("ok"), QStringLiteral("echo hello-from-slurm; echo rank=$NODE_RANK nn=$NNODES "
                                                                   "ma=$MASTER_ADDR mp=$MASTER_PORT ws=$WORLD_SIZE"),
                              PodmanSandbox::image());
        QJsonObject bad = ok;
        bad.insert(QStringLiteral("name"), QStringLiteral("bad"));
        bad.insert(QStringLiteral("command"), QStringLiteral("echo failing; exit 3"));
        QVERIFY(!submit(http, ok).isEmpty());
        QVERIFY(!submit(http, bad).isEmpty());
        const QJsonObject j = waitTerminal(http, QStringLiteral("ok"), 60000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"), dump(http, QStringLiteral("ok")).constData());
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 0);
        const QStringList lines = logLines(http, QStringLiteral("ok"));
        QVERIFY2(lines.contains(QStringLiteral("hello-from-slurm")), qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.contains(QStringLiteral("rank=0 nn=1 ma=127.0.0.1 mp=29500 ws=1")), qPrintable(lines.join(u'\n')));
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(),
                            [](const QString &l) { return l.startsWith(QLatin1String("[seed] Attempt 1 of 1 starting as Slurm job")); }));
        // Analytics: what Slurm without accounting cannot measure is null and says so, never invented.
        const QJsonObject an = http.get(QStringLiteral("/%1/job/ok/analytics").arg(ns())).json();
        QCOMPARE(an.value(QStringLiteral("measured")), QJsonValue(false));
        QCOMPARE(an.value(QStringLiteral("gpu_utilization_percent")), QJsonValue(QJsonValue::Null));
        QCOMPARE(an.value(QStringLiteral("cpu_utilization_percent")), QJsonValue(QJsonValue::Null));
        QVERIFY(!an.value(QStringLiteral("unmeasured_reason")).toString().isEmpty());
        QCOMPARE(an.value(QStringLiteral("runtime_seconds")).toInteger(-1), j.value(QStringLiteral("runtime_seconds")).toInteger(-2));
        const QJsonObject b = waitTerminal(http, QStringLiteral("bad"), 60000);
        QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(b.value(QStringLiteral("exit_code")).toInt(-1), 3);
        QCOMPARE(b.value(QStringLiteral("status_message")).toString(), QStringLiteral("Exited with code 3."));
        QVERIFY(logLines(http, QStringLiteral("bad")).contains(QStringLiteral("failing")));
    }

    // seedd reads each node's output file as root: a link or a fifo where an output file belongs (which only a
    // compromised node or a shared file system could put there) is never followed and never blocks seedd.
    void outputFilesAreNeverFollowed()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QVERIFY(!submit(http, spec(QStringLiteral("planted"), QStringLiteral("echo first; sleep 4; echo last"),
                                   PodmanSandbox::image())).isEmpty());
        QVERIFY(waitLog(http, QStringLiteral("planted"), QStringLiteral("first"), 60000));
        const QString id = job(http, QStringLiteral("planted")).value(QStringLiteral("id")).toString();
        const QString attemptDir = seedd.dataDir() + QStringLiteral("/slurm/") + id + QStringLiteral("/a0");
        QVERIFY2(QFileInfo(attemptDir).isDir(), qPrintable(attemptDir));
        QFile secret(m_dir->filePath(QStringLiteral("host-secret.txt")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("host-secret-line\n");
        secret.close();
        QVERIFY(QFile::link(secret.fileName(), attemptDir + QStringLiteral("/node-zlink.out")));
        QCOMPARE(QProcess::execute(QStringLiteral("mkfifo"), {attemptDir + QStringLiteral("/node-zfifo.out")}), 0);
        // seedd keeps answering (a blocking open of the fifo would freeze it) and ends the job as it is.
        const QJsonObject j = waitTerminal(http, QStringLiteral("planted"), 60000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"), dump(http, QStringLiteral("planted")).constData());
        const QStringList lines = logLines(http, QStringLiteral("planted"));
        QVERIFY2(lines.contains(QStringLiteral("last")), qPrintable(lines.join(u'\n')));
        QVERIFY2(!lines.contains(QStringLiteral("host-secret-line")), qPrintable(lines.join(u'\n')));
        QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
    }

    // output_path under /workspace: the first node's workspace is saved as the job's artifacts (links left out),
    // downloadable like the local runner's; a path outside /workspace is refused (it would go with the container).
    void artifactsFromTheFirstNode()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject art = spec(QStringLiteral("art"),
                               QStringLiteral("mkdir -p /workspace/out/sub; echo hello > /workspace/out/a.txt; "
                                              "echo x > /workspace/out/sub/b; ln -s /etc/passwd /workspace/out/link"),
                               PodmanSandbox::image());
        art.insert(QStringLiteral("output_path"), QStringLiteral("/workspace/out"));
        QVERIFY(!submit(http, art).isEmpty());
        const QJsonObject j = waitTerminal(http, QStringLiteral("art"), 60000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"), dump(http, QStringLiteral("art")).constData());
        const QJsonObject a = j.value(QStringLiteral("artifacts")).toObject();
        QCOMPARE(a.value(QStringLiteral("path")).toString(), QStringLiteral("/workspace/out"));
        QCOMPARE(a.value(QStringLiteral("files")).toInt(), 2);
        QCOMPARE(a.value(QStringLiteral("size_bytes")).toInteger(), 8);
        QCOMPARE(a.value(QStringLiteral("download_url")).toString(),
                 QStringLiteral("%1/%2/job/art/artifacts").arg(seedd.url(), ns()));
        const HttpResult file = http.get(QStringLiteral("/%1/job/art/artifacts?file=a.txt").arg(ns()));
        QCOMPARE(file.status, 200);
        QCOMPARE(file.body, QByteArray("hello\n"));
        const HttpResult tar = http.get(QStringLiteral("/%1/job/art/artifacts").arg(ns()));
        QCOMPARE(tar.status, 200);
        QVERIFY(tar.body.contains("out/sub/b"));
        QVERIFY(!tar.body.contains("out/link"));
        QVERIFY(logLines(http, QStringLiteral("art")).contains(
            QStringLiteral("[seed] Artifacts: 1 entry that is neither a regular file nor a directory (links, fifos, devices) left out.")));
        // The job's Slurm directory (scripts, outputs, workspaces) goes; the artifacts stay until asked.
        const QString id = j.value(QStringLiteral("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + QStringLiteral("/slurm/") + id), 10000);
        QCOMPARE(http.del(QStringLiteral("/auth/v1/seed/%1/jobs/art?delete_artifacts=true").arg(ns())).status, 204);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + QStringLiteral("/artifacts/") + id), 10000);

        QJsonObject outside = art;
        outside.insert(QStringLiteral("name"), QStringLiteral("outside"));
        outside.insert(QStringLiteral("output_path"), QStringLiteral("/ckpt"));
        int status = 0;
        const QJsonObject e = submit(http, outside, &status);
        QCOMPARE(status, 422);
        QCOMPARE(e.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("output_path"));
    }

    // Live logs over SSE from a running Slurm job, with a forced reconnect (Last-Event-ID): every line once, in
    // order, then `event: end` with the job's status.
    void liveLogsOverSse()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QVERIFY(!submit(http, spec(QStringLiteral("live"),
                                   QStringLiteral("i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo n$i; sleep 0.1; done"),
                                   PodmanSandbox::image())).isEmpty());
        QCOMPARE(waitStatus(http, QStringLiteral("live"), {QStringLiteral("running")}, 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
        const QString path = QStringLiteral("/%1/job/live/logs?stream=true&tail=10000").arg(ns());
        const QByteArray auth = "Bearer " + seedd.localToken().toUtf8();
        QStringList messages;
        qint64 last = -1;
        bool sawLive = false;
        for (int round = 0; round < 2; ++round) {
            SseClient sse;
            QVERIFY(sse.open(seedd.url(), path, auth, last));
            if (round == 0) {
                // Lines arrive while the job still runs (not one backlog at the end).
                QVERIFY(sse.waitFor([&] { return sse.events.size() >= 5; }, 30000));
                sawLive = job(http, QStringLiteral("live")).value(QStringLiteral("status")).toString() == QStringLiteral("running");
                sse.abort();
            } else {
                QVERIFY(sse.waitEnd(60000));
            }
            QCOMPARE(sse.status, 200);
            for (const SseEvent &e : std::as_const(sse.events)) {
                if (e.type == "end") {
                    QCOMPARE(e.json().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
                    continue;
                }
                if (e.id >= 0) {
                    QVERIFY2(e.id > last, "an id seen twice after the reconnect");
                    last = e.id;
                }
                if (e.message().startsWith(u'n'))
                    messages << e.message();
            }
        }
        QVERIFY(sawLive);
        QStringList expected;
        for (int i = 1; i <= 40; ++i)
            expected << QStringLiteral("n%1").arg(i);
        QCOMPARE(messages, expected);
    }

    // A region no partition serves is refused before anything is stored.
    void regionWithoutPartition()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("eu"), QStringLiteral("true"), PodmanSandbox::image());
        s.insert(QStringLiteral("region"), QStringLiteral("eu-west-1"));
        int status = 0;
        const QJsonObject e = submit(http, s, &status);
        QCOMPARE(status, 422);
        QCOMPARE(e.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("region"));
    }

    // A job that ignores SIGTERM: cancelled, and killed once the grace (3 s) is over.
    void cancelStubborn()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        startStubborn(http, QStringLiteral("stub"));
        if (QTest::currentTestFailed())
            return;
        QElapsedTimer t;
        t.start();
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/stub/cancel").arg(ns()), {}).status, 200);
        QVERIFY2(waitLog(http, QStringLiteral("stub"), QStringLiteral("got-term"), 15000), dump(http, QStringLiteral("stub")).right(1500).constData());
        expectCancelledAndGone(http, QStringLiteral("stub"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(t.elapsed() >= 3000, "killed before its grace was over");
        // Slurm no longer runs it (the container was killed after its grace, not left to run).
        QVERIFY(QTest::qWaitFor([] { return slurmListsNone(QStringLiteral("R,CG")); }, 30000));
        const QStringList lines = logLines(http, QStringLiteral("stub"));
        QVERIFY(lines.contains(QStringLiteral("[seed] Cancel requested: SIGTERM, then SIGKILL after 3 s.")));
    }

    // cancel?force=true on a running job: SIGKILL at once, never a SIGTERM first, and nothing left running.
    void forceCancel()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        startStubborn(http, QStringLiteral("forced"));
        if (QTest::currentTestFailed())
            return;
        const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs/forced/cancel?force=true").arg(ns()), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        expectCancelledAndGone(http, QStringLiteral("forced"));
        if (QTest::currentTestFailed())
            return;
        const QStringList lines = logLines(http, QStringLiteral("forced"));
        QVERIFY2(lines.contains(QStringLiteral("[seed] Force stop requested: SIGKILL now.")), qPrintable(lines.join(u'\n')));
        QVERIFY2(!lines.contains(QStringLiteral("got-term")), "got SIGTERM first");
        QVERIFY(!lines.contains(QStringLiteral("[seed] Cancel requested: SIGTERM, then SIGKILL after 3 s.")));
    }

    // timeout_minutes (a "minute" is 3 s here): timed_out with the usual message.
    void timeout()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("slow"), QStringLiteral("echo start; sleep 600"), PodmanSandbox::image());
        s.insert(QStringLiteral("timeout_minutes"), 1);
        QVERIFY(!submit(http, s).isEmpty());
        const QJsonObject j = waitTerminal(http, QStringLiteral("slow"), 60000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("timed_out"), dump(http, QStringLiteral("slow")).constData());
        QCOMPARE(j.value(QStringLiteral("status_message")).toString(), QStringLiteral("Timed out after 1 minute(s)."));
    }

    // retries: a failing job is resubmitted (a new Slurm job per attempt), counted in retry_count.
    void retries()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("flaky"), QStringLiteral("echo attempt=$SEED_ATTEMPT; exit 2"), PodmanSandbox::image());
        s.insert(QStringLiteral("retries"), 1);
        QVERIFY(!submit(http, s).isEmpty());
        const QJsonObject j = waitTerminal(http, QStringLiteral("flaky"), 90000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("retry_count")).toInt(), 1);
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), 2);
        const QStringList lines = logLines(http, QStringLiteral("flaky"));
        QVERIFY2(lines.contains(QStringLiteral("[seed] Attempt 1 failed: Exited with code 2. Retrying (1 of 1).")),
                 qPrintable(lines.join(u'\n')));
        QVERIFY(lines.contains(QStringLiteral("attempt=1")));
        QVERIFY(lines.contains(QStringLiteral("attempt=2")));
    }

    // GRES: four fake GPUs (two per node); two 2-GPU jobs run, a third waits until one ends. Each sees its own GPUs.
    void gresPinning()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QVERIFY(!submit(http, gpuSpec(QStringLiteral("g1"), QStringLiteral("echo gpus=$CUDA_VISIBLE_DEVICES; sleep 8"), 2)).isEmpty());
        QVERIFY(!submit(http, gpuSpec(QStringLiteral("g2"), QStringLiteral("echo gpus=$CUDA_VISIBLE_DEVICES; sleep 8"), 2)).isEmpty());
        QVERIFY2(waitStatus(http, QStringLiteral("g1"), {QStringLiteral("running")}, 60000).value(QStringLiteral("status")).toString() ==
                     QStringLiteral("running"),
                 dump(http, QStringLiteral("g1")).constData());
        QCOMPARE(waitStatus(http, QStringLiteral("g2"), {QStringLiteral("running")}, 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
        QVERIFY(!submit(http, gpuSpec(QStringLiteral("g3"), QStringLiteral("echo third; echo gpus=$CUDA_VISIBLE_DEVICES"), 2)).isEmpty());
        // The third waits while both others hold their GPUs.
        QTest::qWait(2000);
        QCOMPARE(job(http, QStringLiteral("g3")).value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(job(http, QStringLiteral("g1")).value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(job(http, QStringLiteral("g2")).value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        const QJsonObject m = http.get(QStringLiteral("/%1/machine").arg(ns())).json();
        QCOMPARE(m.value(QStringLiteral("runner")).toString(), QStringLiteral("slurm"));
        QCOMPARE(m.value(QStringLiteral("nodes")).toArray().size(), 2);
        QCOMPARE(m.value(QStringLiteral("max_nodes")).toInt(), 2);
        // More nodes than the cluster has: refused in the cluster's words (not the single machine's).
        QCOMPARE(refusalOfNodes(http, 3), QStringLiteral("This cluster has 2 nodes: 'nodes' may be at most 2."));
        const QJsonObject n0 = m.value(QStringLiteral("nodes")).toArray().at(0).toObject();
        QCOMPARE(n0.value(QStringLiteral("gres")).toArray().at(0).toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("a100-80gb"));
        QCOMPARE(n0.value(QStringLiteral("gres")).toArray().at(0).toObject().value(QStringLiteral("count")).toInt(), 2);
        bool regionShown = false;
        for (const QJsonValue &p : m.value(QStringLiteral("partitions")).toArray())
            if (p.toObject().value(QStringLiteral("name")) == QStringLiteral("main"))
                regionShown = p.toObject().value(QStringLiteral("region")) == QStringLiteral("us-east-1");
        QVERIFY(regionShown);
        for (const QString &n : {QStringLiteral("g1"), QStringLiteral("g2"), QStringLiteral("g3")}) {
            const QJsonObject j = waitTerminal(http, n, 90000);
            QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
            const QStringList lines = logLines(http, n);
            QVERIFY2(lines.contains(QStringLiteral("gpus=0,1")), qPrintable(lines.join(u'\n')));
        }
    }

    // nodes: 2 -> one container per node, each with its NODE_RANK, the first node's address as MASTER_ADDR.
    void multiNode()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("mn"), QStringLiteral("echo rank=$NODE_RANK nn=$NNODES ma=$MASTER_ADDR ws=$WORLD_SIZE host=$(hostname)"),
                             PodmanSandbox::image());
        s.insert(QStringLiteral("nodes"), 2);
        const QJsonObject created = submit(http, s);
        QCOMPARE(created.value(QStringLiteral("nodes")).toInt(), 2);
        const QJsonObject j = waitTerminal(http, QStringLiteral("mn"), 60000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"), dump(http, QStringLiteral("mn")).constData());
        const QStringList lines = logLines(http, QStringLiteral("mn"));
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [](const QString &l) { return l.startsWith(QLatin1String("rank=0 nn=2 ma=127.0.0.1 ws=2")); }),
                 qPrintable(lines.join(u'\n')));
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(), [](const QString &l) { return l.startsWith(QLatin1String("rank=1 nn=2 ma=127.0.0.1 ws=2")); }),
                 qPrintable(lines.join(u'\n')));
        // Each line names the node that printed it (additive "node"); seedd's own lines name none.
        const QJsonArray raw = http.get(QStringLiteral("/%1/job/mn/logs?tail=1000").arg(ns())).json().value(QStringLiteral("lines")).toArray();
        QHash<QString, QString> nodeOf;
        for (const QJsonValue &v : raw)
            nodeOf.insert(v.toObject().value(QStringLiteral("message")).toString().left(6), v.toObject().value(QStringLiteral("node")).toString());
        QCOMPARE(nodeOf.value(QStringLiteral("rank=0")), QStringLiteral("nodeA"));
        QCOMPARE(nodeOf.value(QStringLiteral("rank=1")), QStringLiteral("nodeB"));
        QCOMPARE(nodeOf.value(QStringLiteral("[seed]")), QString());
        // More nodes than the cluster has: refused before it is stored.
        s.insert(QStringLiteral("name"), QStringLiteral("mn3"));
        s.insert(QStringLiteral("nodes"), 3);
        int status = 0;
        const QJsonObject e = submit(http, s, &status);
        QCOMPARE(status, 422);
        QCOMPARE(e.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("nodes"));
    }

    // spot: a spot job holding all four GPUs is preempted by a non-spot job, requeued by Slurm, shown as the local
    // runner shows it (preemptions, [seed] Preempted ..., back to queued), and reruns with SEED_PREEMPTED=1.
    void spotPreemption()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject sp = gpuSpec(QStringLiteral("spotty"),
                                 QStringLiteral("if [ \"${SEED_PREEMPTED:-0}\" = 1 ]; then echo rerun-$NODE_RANK-$(cat /workspace/ckpt); exit 0; fi; "
                                                "echo c$NODE_RANK > /workspace/ckpt; echo first-$NODE_RANK; sleep 600"),
                                 2);
        sp.insert(QStringLiteral("spot"), true);
        sp.insert(QStringLiteral("nodes"), 2);
        QVERIFY(!submit(http, sp).isEmpty());
        QVERIFY(waitLog(http, QStringLiteral("spotty"), QStringLiteral("first-0"), 60000));
        const QJsonObject main = submit(http, gpuSpec(QStringLiteral("urgent"), QStringLiteral("echo urgent-ran"), 1));
        const QJsonObject pre = waitFor(http, QStringLiteral("spotty"),
                                        [](const QJsonObject &j) { return j.value(QStringLiteral("preemptions")).toInt() == 1; }, 30000);
        QVERIFY2(pre.value(QStringLiteral("preemptions")).toInt() == 1, dump(http, QStringLiteral("spotty")).constData());
        QCOMPARE(pre.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QVERIFY2(pre.value(QStringLiteral("status_message")).toString().startsWith(QStringLiteral("Preempted by urgent (%1) at ")
                                                                                     .arg(main.value(QStringLiteral("id")).toString())),
                 qPrintable(pre.value(QStringLiteral("status_message")).toString()));
        QCOMPARE(pre.value(QStringLiteral("preempted_by")).toString(), main.value(QStringLiteral("id")).toString());
        const QJsonObject u = waitTerminal(http, QStringLiteral("urgent"), 60000);
        QCOMPARE(u.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QJsonObject j = waitTerminal(http, QStringLiteral("spotty"), 90000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"), dump(http, QStringLiteral("spotty")).constData());
        QCOMPARE(j.value(QStringLiteral("preemptions")).toInt(), 1);
        QCOMPARE(j.value(QStringLiteral("retry_count")).toInt(), 0);
        const QStringList lines = logLines(http, QStringLiteral("spotty"));
        // Each node's rerun finds the checkpoint its first run left in its /workspace (kept across the requeue).
        QVERIFY2(lines.contains(QStringLiteral("rerun-0-c0")), qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.contains(QStringLiteral("rerun-1-c1")), qPrintable(lines.join(u'\n')));
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QString &l) { return l.startsWith(QLatin1String("[seed] Preempted by urgent (")); }));
        QCOMPARE(lines.count(QStringLiteral("[seed] Attempt 1 of 1 starting as Slurm job ") + QString()) , 0);
        QCOMPARE(int(std::count_if(lines.cbegin(), lines.cend(), [](const QString &l) { return l.startsWith(QLatin1String("[seed] Attempt 1 of 1 starting as Slurm job")); })), 2);
    }

    // A cluster of one node is still a cluster: `nodes: 2` is refused in its words, not with the single machine's
    // advice to use a cluster runner.
    void oneNodeCluster()
    {
        const QString dir = m_dir->path() + QStringLiteral("/one");
        QByteArray out;
        const bool up = cluster(QStringLiteral("start"), &out, dir);
        const auto stop = qScopeGuard([&] { cluster(QStringLiteral("stop"), nullptr, dir); });
        QVERIFY2(up, out.constData());
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs() << QStringLiteral("--slurm-conf") << dir + QStringLiteral("/slurm.conf")),
                 seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.get(QStringLiteral("/%1/machine").arg(ns())).json().value(QStringLiteral("max_nodes")).toInt(),
                 1);
        QCOMPARE(refusalOfNodes(http, 2), QStringLiteral("This cluster has one node: 'nodes' may be at most 1."));
    }

    // kill -9 of seedd just after it was asked to cancel a job that ignores SIGTERM: the store already says
    // cancelled, Slurm still runs it. The new seedd takes the stop over: the KILL after the grace, and the lines
    // the job printed on its TERM are kept.
    void restartDuringCancelGrace()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        {
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            startStubborn(http, QStringLiteral("graceful"));
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/graceful/cancel").arg(ns()), {}).status, 200);
        }
        seedd.kill9();
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QVERIFY2(waitLog(http, QStringLiteral("graceful"), QStringLiteral("got-term"), 30000),
                 dump(http, QStringLiteral("graceful")).right(1500).constData());
        expectCancelledAndGone(http, QStringLiteral("graceful"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(QTest::qWaitFor([] { return slurmListsNone(QStringLiteral("R,CG")); }, 30000));
        // Read on from where the first seedd stopped: no line twice.
        QCOMPARE(logLines(http, QStringLiteral("graceful")).count(QStringLiteral("ready")), 1);
    }

    // kill -9 of seedd while its job runs, the job ends meanwhile: a new seedd re-finds it by its comment and
    // records its true end state, exit code and the output written while seedd was down.
    void restartReconciles()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        {
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            QJsonObject s = spec(QStringLiteral("survivor"), QStringLiteral("echo before; sleep 4; echo after; exit 5"),
                                 PodmanSandbox::image());
            QVERIFY(!submit(http, s).isEmpty());
            QVERIFY(waitLog(http, QStringLiteral("survivor"), QStringLiteral("before"), 60000));
        }
        seedd.kill9();
        // It ends while no seedd watches.
        QVERIFY(QTest::qWaitFor([] { return slurmListsNone(QStringLiteral("R,CG,PD")); }, 30000));
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject j = waitTerminal(http, QStringLiteral("survivor"), 30000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), 5);
        const QStringList lines = logLines(http, QStringLiteral("survivor"));
        QCOMPARE(lines.count(QStringLiteral("before")), 1);
        QCOMPARE(lines.count(QStringLiteral("after")), 1);
    }

    // A job that ended while seedd was down, and that Slurm has forgotten since (past MinJobAge; here: the
    // cluster restarted without its state): its true exit code, from what its batch script recorded, and every
    // line. Last: it restarts the cluster.
    void forgottenJobGetsItsRecordedExit()
    {
        SeeddProcess seedd;
        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        QString id;
        {
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            QVERIFY(!submit(http, spec(QStringLiteral("forgotten"), QStringLiteral("echo started; sleep 2; echo ending; exit 7"),
                                       PodmanSandbox::image())).isEmpty());
            QVERIFY(waitLog(http, QStringLiteral("forgotten"), QStringLiteral("started"), 60000));
            id = job(http, QStringLiteral("forgotten")).value(QStringLiteral("id")).toString();
        }
        seedd.kill9();
        const auto active = [&] {
            QProcess q;
            q.start(QStringLiteral("squeue"), {QStringLiteral("-h"), QStringLiteral("-n"), QStringLiteral("seed-%1-a0").arg(id),
                                               QStringLiteral("-o"), QStringLiteral("%T")});
            q.waitForFinished(10000);
            return QString::fromUtf8(q.readAllStandardOutput()).trimmed();
        };
        QTRY_VERIFY_WITH_TIMEOUT(active().isEmpty(), 60000);
        QVERIFY(cluster(QStringLiteral("stop")));
        QVERIFY(QDir(m_clusterDir + QStringLiteral("/state")).removeRecursively());
        QVERIFY(QDir().mkpath(m_clusterDir + QStringLiteral("/state")));
        QByteArray out;
        QVERIFY2(cluster(QStringLiteral("start"), &out), out.constData());

        QVERIFY2(seedd.start(seeddArgs()), seedd.output().constData());
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject j = waitTerminal(http, QStringLiteral("forgotten"), 30000);
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QStringLiteral("failed"), dump(http, QStringLiteral("forgotten")).constData());
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 7);
        QCOMPARE(j.value(QStringLiteral("status_message")).toString(), QStringLiteral("Exited with code 7."));
        const QStringList lines = logLines(http, QStringLiteral("forgotten"));
        QCOMPARE(lines.count(QStringLiteral("started")), 1);
        QCOMPARE(lines.count(QStringLiteral("ending")), 1);
        QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QString &l) {
            return l.startsWith(QLatin1String("[seed] Slurm no longer knows job")) && l.endsWith(QLatin1String("its exit status 7 is the one its batch script recorded."));
        }));
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
