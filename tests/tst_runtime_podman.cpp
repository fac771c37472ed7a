// Acceptance on real Podman: jobs run as containers in an isolated sandbox storage, with a busybox
// image the suite imports itself, file:// git repos, and simulated GPUs injected through a generated CDI spec.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

class TestRuntimePodman : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_git;
    std::unique_ptr<SeeddProcess> m_seedd;
    std::unique_ptr<TestHttp> m_http;
    QString m_repoSha;
    QString m_cdiKind;

    QJsonObject submit(const QJsonObject &spec, int expectStatus = 201)
    {
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec);
        if (r.status != expectStatus)
            qWarning("submit %s -> %d %s", qPrintable(spec.value(QStringLiteral("name")).toString()), r.status, r.body.constData());
        [&] { QCOMPARE(r.status, expectStatus); }();
        return r.json();
    }
    QJsonObject gpuSpec(const QString &name, const QString &command)
    {
        QJsonObject s = spec(name, command, PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("A100-80GB"));
        s.insert(QStringLiteral("gpu_count"), 1);
        return s;
    }
    QString workspace(const QString &jobId) const { return m_seedd->dataDir() + QStringLiteral("/work/") + jobId + QStringLiteral("/workspace"); }
    void release(const QString &jobId)
    {
        QFile f(workspace(jobId) + QStringLiteral("/go"));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        m_repoSha = PodmanSandbox::makeGitRepo(m_git.path(), QStringLiteral("rt/proj"),
                                               {{QStringLiteral("run.sh"), "echo from-repo\ncat data.txt\n"},
                                                {QStringLiteral("data.txt"), "repo-data-42\n"}});
        QVERIFY(!m_repoSha.isEmpty());
        // A kind of our own per run, so that parallel suites never share a CDI spec file.
        m_cdiKind = QStringLiteral("seed.local/gpu-t%1").arg(QCoreApplication::applicationPid());
        m_seedd = std::make_unique<SeeddProcess>();
        QVERIFY(m_seedd->start({QStringLiteral("--gpus"), QStringLiteral("simulate=A100-80GB:2,L4:1"),
                                QStringLiteral("--capacity"), QStringLiteral("cpus=64,memory_gb=256"),
                                QStringLiteral("--cancel-grace"), QStringLiteral("2"),
                                QStringLiteral("--timeout-unit-seconds"), QStringLiteral("1"),
                                QStringLiteral("--cdi-kind"), m_cdiKind,
                                QStringLiteral("--git-base"), QStringLiteral("file://") + m_git.path()}));
        m_http = std::make_unique<TestHttp>(m_seedd->url(), TestHttp::bearer(m_seedd->localToken()));
        // The connection file tells clients the GPUs are simulated.
        QFile conn(m_seedd->dataDir() + QStringLiteral("/connection.json"));
        QVERIFY(conn.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(conn.readAll()).object().value(QStringLiteral("simulated_gpus")), QJsonValue(true));
    }

    void cleanupTestCase()
    {
        if (m_seedd) {
            QVERIFY(m_seedd->stop());
            // seedd removes its CDI spec on a clean stop.
            QString file = m_cdiKind;
            QVERIFY(!QFile::exists(QStringLiteral("/var/run/cdi/") + file.replace(u'/', u'_') + QStringLiteral(".json")));
        }
    }

    void succeedsWithStdoutInLogs()
    {
        submit(spec(QStringLiteral("ok"), QStringLiteral("echo hello-from-container; echo to-stderr >&2; pwd"), PodmanSandbox::image()));
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("ok"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 0);
        QVERIFY(j.value(QStringLiteral("started_at")).isString());
        QVERIFY(j.value(QStringLiteral("completed_at")).isString());
        QVERIFY(j.value(QStringLiteral("total_cost")).isString());
        const QStringList lines = logLines(*m_http, QStringLiteral("ok"));
        QVERIFY2(lines.contains(QStringLiteral("hello-from-container")), qPrintable(lines.join(u'\n')));
        QVERIFY(lines.contains(QStringLiteral("to-stderr")));
        QVERIFY(lines.contains(QStringLiteral("/workspace")));
        // Log ids increase strictly.
        const QJsonArray arr = m_http->get(QStringLiteral("/%1/job/ok/logs").arg(ns())).json().value(QStringLiteral("lines")).toArray();
        qint64 last = 0;
        for (const QJsonValue &v : arr) {
            const qint64 id = qint64(v.toObject().value(QStringLiteral("id")).toDouble());
            QVERIFY(id > last);
            last = id;
        }
        // The container is gone once the job is done.
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.name=ok")).isEmpty(), 10000);
    }

    void failureKeepsExitCode()
    {
        submit(spec(QStringLiteral("boom"), QStringLiteral("echo about-to-fail; exit 3"), PodmanSandbox::image()));
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("boom"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 3);
        QVERIFY(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("code 3")));
        QVERIFY(logLines(*m_http, QStringLiteral("boom")).contains(QStringLiteral("about-to-fail")));
    }

    void retriesAreCountedAndEveryAttemptLogged()
    {
        QJsonObject s = spec(QStringLiteral("flaky"), QStringLiteral("echo attempt-$SEED_ATTEMPT; exit 4"), PodmanSandbox::image());
        s.insert(QStringLiteral("retries"), 2);
        submit(s);
        QJsonObject j = waitTerminal(*m_http, QStringLiteral("flaky"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("retry_count")).toInt(), 2);
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 4);
        const QStringList lines = logLines(*m_http, QStringLiteral("flaky"));
        for (const char *a : {"attempt-0", "attempt-1", "attempt-2"})
            QVERIFY2(lines.count(QString::fromLatin1(a)) == 1, qPrintable(lines.join(u'\n')));

        // A retry that succeeds ends the job as succeeded, counting the one retry.
        s = spec(QStringLiteral("second-time"), QStringLiteral("echo try-$SEED_ATTEMPT; [ \"$SEED_ATTEMPT\" = 1 ]"), PodmanSandbox::image());
        s.insert(QStringLiteral("retries"), 3);
        submit(s);
        j = waitTerminal(*m_http, QStringLiteral("second-time"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(j.value(QStringLiteral("retry_count")).toInt(), 1);
    }

    void cancelTermTrappedExitsWithinGrace()
    {
        submit(spec(QStringLiteral("polite"),
                    QStringLiteral("trap 'echo got-term; exit 42' TERM; echo ready; while true; do sleep 0.1; done"),
                    PodmanSandbox::image()));
        waitStatus(*m_http, QStringLiteral("polite"), {QStringLiteral("running")});
        QVERIFY(waitLog(*m_http, QStringLiteral("polite"), QStringLiteral("ready")));
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/polite/cancel").arg(ns()), {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QJsonObject j = waitFor(*m_http, QStringLiteral("polite"),
                                      [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); });
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 42); // its own handler ended it, not SIGKILL
        QVERIFY(logLines(*m_http, QStringLiteral("polite")).contains(QStringLiteral("got-term")));
        // Cancelling again is a conflict.
        QCOMPARE(m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/polite/cancel").arg(ns()), {}).status, 409);
    }

    void cancelTermIgnoredIsKilledAfterGrace()
    {
        submit(spec(QStringLiteral("stubborn"), QStringLiteral("trap '' TERM; echo ready; while true; do sleep 0.2; done"),
                    PodmanSandbox::image()));
        QVERIFY(waitLog(*m_http, QStringLiteral("stubborn"), QStringLiteral("ready")));
        QCOMPARE(m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/stubborn/cancel").arg(ns()), {}).status, 200);
        // Already "cancelled", but its container is still in the grace period: shown as stopping until it has.
        const QString del = QStringLiteral("/auth/v1/seed/%1/jobs/stubborn").arg(ns());
        QCOMPARE(job(*m_http, QStringLiteral("stubborn")).value(QStringLiteral("stopping")), QJsonValue(true));
        const QJsonObject j = waitFor(*m_http, QStringLiteral("stubborn"),
                                      [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); });
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 137); // SIGKILL after the grace
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.name=stubborn")).isEmpty(), 10000);
        QVERIFY(!j.contains(QStringLiteral("stopping")));
        // Once stopped it is deleted like any ended job (deleting in the grace period: tst_runtime_jobend), and
        // nothing of it is left behind.
        QCOMPARE(m_http->del(del).status, 204);
        const QString logFile =
            m_seedd->dataDir() + QStringLiteral("/logs/") + j.value(QStringLiteral("id")).toString() + QStringLiteral(".log");
        QTest::qWait(500);
        QVERIFY2(!QFile::exists(logFile), qPrintable(logFile));
    }

    void cancelQueuedIsImmediate()
    {
        // 4 x L4 can never run here (one L4), but 1 x L4 waits behind a holder.
        QJsonObject holder = spec(QStringLiteral("l4-holder"), QStringLiteral("while [ ! -f /workspace/go ]; do sleep 0.1; done"),
                                  PodmanSandbox::image());
        holder.insert(QStringLiteral("gpu"), QStringLiteral("L4"));
        holder.insert(QStringLiteral("gpu_count"), 1);
        const QString holderId = submit(holder).value(QStringLiteral("id")).toString();
        waitStatus(*m_http, QStringLiteral("l4-holder"), {QStringLiteral("running")});
        QJsonObject waiter = holder;
        waiter.insert(QStringLiteral("name"), QStringLiteral("l4-waiter"));
        submit(waiter);
        QJsonObject w = job(*m_http, QStringLiteral("l4-waiter"));
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(w.value(QStringLiteral("queue_position")).toInt(), 1);
        QCOMPARE(m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/l4-waiter/cancel").arg(ns()), {}).status, 200);
        QTest::qWait(300);
        w = job(*m_http, QStringLiteral("l4-waiter"));
        QCOMPARE(w.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QVERIFY(w.value(QStringLiteral("started_at")).isNull());
        release(holderId);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("l4-holder")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    }

    void timeoutStopsTheJob()
    {
        QJsonObject s = spec(QStringLiteral("slow"), QStringLiteral("echo started; sleep 60"), PodmanSandbox::image());
        s.insert(QStringLiteral("timeout_minutes"), 2); // 2 s with --timeout-unit-seconds 1
        submit(s);
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("slow"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("timed_out"));
        QVERIFY(j.value(QStringLiteral("exit_code")).isDouble());
        QVERIFY(logLines(*m_http, QStringLiteral("slow")).contains(QStringLiteral("started")));
        QVERIFY(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("Timed out")));
    }

    void cancelDuringTimeoutGraceKeepsTheTimeout()
    {
        QJsonObject s = spec(QStringLiteral("late-cancel"), QStringLiteral("trap '' TERM; echo ready; while true; do sleep 0.2; done"),
                             PodmanSandbox::image());
        s.insert(QStringLiteral("timeout_minutes"), 1); // 1 s with --timeout-unit-seconds 1; then a 2 s grace
        submit(s);
        QVERIFY(waitLog(*m_http, QStringLiteral("late-cancel"), QStringLiteral("[seed] Timed out after 1 minute(s): stopping (SIGTERM, SIGKILL after 2 s).")));
        const HttpResult cancel = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/late-cancel/cancel").arg(ns()), {});
        QCOMPARE(cancel.status, 200);
        QCOMPARE(cancel.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QJsonObject j = waitFor(*m_http, QStringLiteral("late-cancel"),
                                      [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); });
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(j.value(QStringLiteral("status_message")).toString(),
                 QStringLiteral("Timed out after 1 minute(s), then cancelled while it was being stopped."));
    }

    void gpusArePinnedThroughCdi()
    {
        const QString cmd = QStringLiteral("env | grep -E '^(CUDA_VISIBLE_DEVICES|SEED_GPU_)' | sort; "
                                           "while [ ! -f /workspace/go ]; do sleep 0.1; done");
        const QString a = submit(gpuSpec(QStringLiteral("gpu-a"), cmd)).value(QStringLiteral("id")).toString();
        const QString b = submit(gpuSpec(QStringLiteral("gpu-b"), cmd)).value(QStringLiteral("id")).toString();
        waitStatus(*m_http, QStringLiteral("gpu-a"), {QStringLiteral("running")});
        waitStatus(*m_http, QStringLiteral("gpu-b"), {QStringLiteral("running")});
        submit(gpuSpec(QStringLiteral("gpu-c"), cmd));
        QTest::qWait(300);
        const QJsonObject c = job(*m_http, QStringLiteral("gpu-c"));
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("queued")); // both A100s are taken
        QCOMPARE(c.value(QStringLiteral("queue_position")).toInt(), 1);

        // Each container got one device by CDI (its SEED_GPU_<i>_UUID) and the same UUID in CUDA_VISIBLE_DEVICES.
        const auto gpuOf = [this](const QString &name) {
            QString uuid, cuda;
            for (int i = 0; i < 100 && (uuid.isEmpty() || cuda.isEmpty()); ++i) {
                const QStringList lines = logLines(*m_http, name);
                for (const QString &l : lines) {
                    if (l.startsWith(QLatin1String("CUDA_VISIBLE_DEVICES=")))
                        cuda = l.section(u'=', 1);
                    if (l.startsWith(QLatin1String("SEED_GPU_")) && l.contains(QLatin1String("_UUID=")))
                        uuid = uuid.isEmpty() ? l.section(u'=', 1) : QStringLiteral("MORE-THAN-ONE");
                }
                QTest::qWait(100);
            }
            return std::make_pair(uuid, cuda);
        };
        const auto [ua, ca] = gpuOf(QStringLiteral("gpu-a"));
        const auto [ub, cb] = gpuOf(QStringLiteral("gpu-b"));
        QVERIFY2(ua.startsWith(QLatin1String("GPU-")), qPrintable(ua));
        QCOMPARE(ca, ua);
        QCOMPARE(cb, ub);
        QVERIFY(ua != ub);

        const QJsonObject machine = m_http->get(QStringLiteral("/%1/machine").arg(ns())).json();
        QCOMPARE(machine.value(QStringLiteral("simulated")).toBool(), true);
        int busy = 0;
        const QJsonArray gpus = machine.value(QStringLiteral("gpus")).toArray();
        for (const QJsonValue &g : gpus)
            busy += g.toObject().value(QStringLiteral("job_id")).isString() ? 1 : 0;
        QCOMPARE(busy, 2);

        release(a);
        waitTerminal(*m_http, QStringLiteral("gpu-a"));
        const QJsonObject cr = waitStatus(*m_http, QStringLiteral("gpu-c"), {QStringLiteral("running")});
        QCOMPARE(cr.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        const QString cId = cr.value(QStringLiteral("id")).toString();
        const auto [uc, cc] = gpuOf(QStringLiteral("gpu-c"));
        QCOMPARE(uc, ua); // it took the GPU gpu-a gave back
        release(b);
        release(cId);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("gpu-b")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("gpu-c")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    }

    // The GPUs are shared, the jobs are not: each namespace's machine view names its own job and shows the other's
    // only as a GPU in use and a place in the queue.
    void machineViewsNameOnlyTheCallersJobs()
    {
        const QString rival = QStringLiteral("rival");
        TestHttp mine(m_seedd->url(), TestHttp::bearer(m_seedd->createToken({ns()})));
        TestHttp theirs(m_seedd->url(), TestHttp::bearer(m_seedd->createToken({rival})));
        // The only L4: rt's job holds it, rival's waits for it.
        QJsonObject s = gpuSpec(QStringLiteral("l4-mine"), QStringLiteral("while [ ! -f /workspace/go ]; do sleep 0.1; done"));
        s.insert(QStringLiteral("gpu"), QStringLiteral("L4"));
        HttpResult r = mine.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s);
        QVERIFY2(r.status == 201, r.body.constData());
        const QString holder = r.json().value(QStringLiteral("id")).toString();
        waitStatus(mine, QStringLiteral("l4-mine"), {QStringLiteral("running")});
        s.insert(QStringLiteral("name"), QStringLiteral("l4-theirs"));
        s.insert(QStringLiteral("command"), QStringLiteral("true"));
        r = theirs.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(rival), s);
        QVERIFY2(r.status == 201, r.body.constData());
        const QString waiter = r.json().value(QStringLiteral("id")).toString();
        QTRY_VERIFY(theirs.get(QStringLiteral("/%1/job/l4-theirs").arg(rival)).json().value(QStringLiteral("queue_position")).toInt() >= 1);

        const auto l4 = [](const QJsonObject &machine) {
            for (const QJsonValue &g : machine.value(QStringLiteral("gpus")).toArray())
                if (g.toObject().value(QStringLiteral("type")).toString() == QLatin1String("L4"))
                    return g.toObject();
            return QJsonObject();
        };
        const auto queued = [](const QJsonObject &view) {
            QJsonArray q = view.value(QStringLiteral("queue")).toArray();
            return q.size() == 1 ? q.first().toObject() : QJsonObject();
        };
        // No other namespace's id, name or namespace anywhere in either body.
        struct Side
        {
            const TestHttp *http;
            QString ns, ownId, ownName, otherId, otherName, otherNs;
        };
        for (const Side &side : {Side{&mine, ns(), holder, QStringLiteral("l4-mine"), waiter, QStringLiteral("l4-theirs"), rival},
                                 Side{&theirs, rival, waiter, QStringLiteral("l4-theirs"), holder, QStringLiteral("l4-mine"), ns()}})
            for (const char *path : {"/%1/machine", "/%1/machine/view"}) {
                const HttpResult m = side.http->get(QString::fromLatin1(path).arg(side.ns));
                QCOMPARE(m.status, 200);
                QVERIFY2(!m.body.contains(side.otherId.toLatin1()), m.body.constData());
                QVERIFY2(!m.body.contains(side.otherName.toLatin1()), m.body.constData());
                QVERIFY2(!m.body.contains("\"" + side.otherNs.toLatin1() + "\""), m.body.constData());
            }

        // rt's job holds the L4: rt sees it; rival sees the GPU in use, by no one named.
        QJsonObject g = l4(mine.get(QStringLiteral("/%1/machine").arg(ns())).json());
        QCOMPARE(g.value(QStringLiteral("job_id")).toString(), holder);
        QCOMPARE(g.value(QStringLiteral("in_use")).toBool(), true);
        g = l4(theirs.get(QStringLiteral("/%1/machine").arg(rival)).json());
        QVERIFY(g.value(QStringLiteral("job_id")).isNull());
        QCOMPARE(g.value(QStringLiteral("in_use")).toBool(), true);
        QJsonObject view = mine.get(QStringLiteral("/%1/machine/view").arg(ns())).json();
        QCOMPARE(l4(view).value(QStringLiteral("job")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("l4-mine"));
        QJsonObject q = queued(view); // rival's job: a place in the queue, no more
        QCOMPARE(q.value(QStringLiteral("position")).toInt(), 1);
        QCOMPARE(q.value(QStringLiteral("gpu")).toString(), QStringLiteral("L4"));
        QVERIFY(!q.contains(QStringLiteral("id")) && !q.contains(QStringLiteral("name")) && !q.contains(QStringLiteral("namespace")));
        view = theirs.get(QStringLiteral("/%1/machine/view").arg(rival)).json();
        QCOMPARE(l4(view).value(QStringLiteral("job")), QJsonValue(QJsonObject{}));
        QCOMPARE(l4(view).value(QStringLiteral("in_use")).toBool(), true);
        q = queued(view);
        QCOMPARE(q.value(QStringLiteral("id")).toString(), waiter);
        QCOMPARE(q.value(QStringLiteral("name")).toString(), QStringLiteral("l4-theirs"));

        release(holder);
        QCOMPARE(waitTerminal(mine, QStringLiteral("l4-mine")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QTRY_COMPARE_WITH_TIMEOUT(theirs.get(QStringLiteral("/%1/job/l4-theirs").arg(rival)).json().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("succeeded"), 30000);
    }

    void oversizedJobIsRejected()
    {
        QJsonObject s = gpuSpec(QStringLiteral("too-big"), QStringLiteral("true"));
        s.insert(QStringLiteral("gpu_count"), 4);
        const QJsonObject e = submit(s, 422).value(QStringLiteral("error")).toObject();
        QVERIFY2(e.value(QStringLiteral("message")).toString().contains(QLatin1String("2 x A100-80GB")),
                 qPrintable(e.value(QStringLiteral("message")).toString()));
        QCOMPARE(e.value(QStringLiteral("field")).toString(), QStringLiteral("gpu_count"));
        // A type this machine has none of: the type is at fault, not the count.
        s = gpuSpec(QStringLiteral("no-h100"), QStringLiteral("true"));
        s.insert(QStringLiteral("gpu"), QStringLiteral("H100-80GB"));
        QCOMPARE(submit(s, 422).value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("gpu"));
        s = spec(QStringLiteral("too-many-cpus"), QStringLiteral("true"), PodmanSandbox::image());
        s.insert(QStringLiteral("cpu"), 96);
        s.insert(QStringLiteral("memory_gb"), 64);
        QCOMPARE(submit(s, 422).value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(), QStringLiteral("cpu"));
        // Nothing was stored.
        QCOMPARE(m_http->get(QStringLiteral("/%1/job/too-big").arg(ns())).status, 404);
    }

    void artifactsRoundTrip()
    {
        QJsonObject s = spec(QStringLiteral("art"),
                             QStringLiteral("mkdir -p /workspace/out/sub && head -c 1000 /dev/zero > /workspace/out/a.bin && "
                                            "head -c 2500 /dev/zero > /workspace/out/sub/b.bin && printf hi > /workspace/out/c.txt"),
                             PodmanSandbox::image());
        s.insert(QStringLiteral("output_path"), QStringLiteral("/workspace/out"));
        submit(s);
        QJsonObject j = waitTerminal(*m_http, QStringLiteral("art"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QJsonObject a = j.value(QStringLiteral("artifacts")).toObject();
        QCOMPARE(a.value(QStringLiteral("path")).toString(), QStringLiteral("/workspace/out"));
        QCOMPARE(a.value(QStringLiteral("files")).toInt(), 3);
        QCOMPARE(qint64(a.value(QStringLiteral("size_bytes")).toDouble()), qint64(3502));
        const QString url = a.value(QStringLiteral("download_url")).toString();
        QVERIFY2(url.startsWith(m_seedd->url()), qPrintable(url));
        const QString path = url.mid(m_seedd->url().size());

        const HttpResult tar = m_http->get(path);
        QCOMPARE(tar.status, 200);
        QCOMPARE(tar.header("Content-Type"), QByteArray("application/x-tar"));
        bool ok = false;
        const QList<TarFile> files = readTar(tar.body, &ok);
        QVERIFY(ok);
        qint64 total = 0;
        int regular = 0;
        for (const TarFile &f : files)
            if (f.type == '0') {
                total += f.size;
                ++regular;
            }
        QCOMPARE(regular, 3);
        QCOMPARE(total, qint64(3502));
        QVERIFY(std::any_of(files.cbegin(), files.cend(), [](const TarFile &f) { return f.name == "out/sub/b.bin" && f.size == 2500; }));
        const HttpResult one = m_http->get(path + QStringLiteral("?file=sub/b.bin"));
        QCOMPARE(one.status, 200);
        QCOMPARE(one.body.size(), 2500);
        QCOMPARE(m_http->get(path + QStringLiteral("?file=../../seed.db")).status, 400);
        // Authenticated like every read.
        QCOMPARE(TestHttp(m_seedd->url()).get(path).status, 401);

        // A path outside /workspace is copied out of the stopped container (podman cp).
        s = spec(QStringLiteral("art-cp"), QStringLiteral("mkdir -p /out && printf 12345 > /out/x && exit 2"), PodmanSandbox::image());
        s.insert(QStringLiteral("output_path"), QStringLiteral("/out"));
        submit(s);
        j = waitTerminal(*m_http, QStringLiteral("art-cp"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed")); // failed, yet its files are kept
        QCOMPARE(j.value(QStringLiteral("artifacts")).toObject().value(QStringLiteral("files")).toInt(), 1);
        QCOMPARE(qint64(j.value(QStringLiteral("artifacts")).toObject().value(QStringLiteral("size_bytes")).toDouble()), qint64(5));

        // DELETE keeps artifacts on disk unless asked; with delete_artifacts=true they go.
        const QString artId = job(*m_http, QStringLiteral("art")).value(QStringLiteral("id")).toString();
        const QString cpId = j.value(QStringLiteral("id")).toString();
        QCOMPARE(m_http->del(QStringLiteral("/auth/v1/seed/%1/jobs/art").arg(ns())).status, 204);
        QVERIFY(QFileInfo::exists(m_seedd->dataDir() + QStringLiteral("/artifacts/") + artId));
        QCOMPARE(m_http->del(QStringLiteral("/auth/v1/seed/%1/jobs/art-cp?delete_artifacts=true").arg(ns())).status, 204);
        QVERIFY(!QFileInfo::exists(m_seedd->dataDir() + QStringLiteral("/artifacts/") + cpId));
    }

    void repoJobRunsTheResolvedCommit()
    {
        QJsonObject s = spec(QStringLiteral("from-repo"), QStringLiteral("sh run.sh"), PodmanSandbox::image());
        s.insert(QStringLiteral("repo"), QStringLiteral("rt/proj"));
        const QJsonObject created = submit(s);
        QCOMPARE(created.value(QStringLiteral("commit_sha")).toString(), m_repoSha);
        QCOMPARE(created.value(QStringLiteral("branch")).toString(), QStringLiteral("main"));
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("from-repo"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QStringList lines = logLines(*m_http, QStringLiteral("from-repo"));
        QVERIFY2(lines.contains(QStringLiteral("repo-data-42")), qPrintable(lines.join(u'\n')));

        s = spec(QStringLiteral("no-repo"), QStringLiteral("true"), PodmanSandbox::image());
        s.insert(QStringLiteral("repo"), QStringLiteral("rt/does-not-exist"));
        QVERIFY(submit(s).value(QStringLiteral("commit_sha")).isNull());
        const QJsonObject f = waitTerminal(*m_http, QStringLiteral("no-repo"));
        QCOMPARE(f.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY(f.value(QStringLiteral("status_message")).toString().contains(QLatin1String("Clone failed")));
        const QStringList fl = logLines(*m_http, QStringLiteral("no-repo"));
        QVERIFY(std::any_of(fl.cbegin(), fl.cend(), [](const QString &l) { return l.contains(QLatin1String("Clone failed")); }));
    }

    void missingImageFailsClearly()
    {
        submit(spec(QStringLiteral("no-image"), QStringLiteral("true"), QStringLiteral("localhost/not-here:1")));
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("no-image"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("not available locally")),
                 qPrintable(j.value(QStringLiteral("status_message")).toString()));
        // seedd keeps serving.
        QCOMPARE(m_http->get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
    }

    void secretsStayOutOfLogsAndCommandLines()
    {
        QJsonObject s = spec(QStringLiteral("secret"), QStringLiteral("[ ${#API_TOKEN} = 16 ] && echo has-token"),
                             PodmanSandbox::image());
        s.insert(QStringLiteral("env"), QJsonObject{{QStringLiteral("API_TOKEN"), QStringLiteral("tok-s3cr3t-value")}});
        submit(s);
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("secret")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(logLines(*m_http, QStringLiteral("secret")).contains(QStringLiteral("has-token")));
        QVERIFY(!m_seedd->output().contains("tok-s3cr3t-value"));
        QVERIFY(!m_http->get(QStringLiteral("/%1/job/secret").arg(ns())).body.contains("tok-s3cr3t-value"));
    }
};

QTEST_GUILESS_MAIN(TestRuntimePodman)
#include "tst_runtime_podman.moc"
