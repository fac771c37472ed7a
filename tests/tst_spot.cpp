// Spot jobs on the local runner: a non-spot job that does not fit only because spot jobs hold what it needs
// preempts the fewest, most recently started of them (SIGTERM, grace, SIGKILL); the spot job waits in the queue
// at its place and reruns in the workspace it left (its checkpoint), with SEED_PREEMPTED=1; nothing of either
// log is lost, also across kill -9 of seedd in the middle of a preemption. Real seedd, real Podman containers on
// simulated GPUs.
#include "podmansandbox.h"
#include "podmanwrapper.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"
#include "wire/catalog.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {
const int kSpotGrace = 3;

QString s(const char *latin1) { return QString::fromLatin1(latin1); }

QJsonObject gpuSpec(const QString &name, const QString &command, bool spot)
{
    QJsonObject o = spec(name, command, PodmanSandbox::image());
    o.insert(s("gpu"), s("L4"));
    o.insert(s("gpu_count"), 1);
    if (spot)
        o.insert(s("spot"), true);
    return o;
}

QDateTime timeOf(const QJsonObject &o, const char *key)
{
    return QDateTime::fromString(o.value(QLatin1String(key)).toString(), Qt::ISODate);
}

// The timestamp of the first log line equal to `line` (or starting with it, when `prefix`).
QDateTime lineTime(const TestHttp &http, const QString &name, const QString &line, bool prefix = false)
{
    const QJsonArray lines =
        http.get(QStringLiteral("/%1/job/%2/logs?tail=10000").arg(ns(), name)).json().value(s("lines")).toArray();
    for (const QJsonValue &v : lines) {
        const QString m = v.toObject().value(s("message")).toString();
        if (prefix ? m.startsWith(line) : m == line)
            return QDateTime::fromString(v.toObject().value(s("timestamp")).toString(), Qt::ISODate);
    }
    return {};
}

int countPrefix(const QStringList &lines, const QString &prefix)
{
    return int(std::count_if(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.startsWith(prefix); }));
}
} // namespace

class TestSpot : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_conf;
    QString m_cdiKind;

    // A seedd with `gpus` simulated L4s, spot grace kSpotGrace s and the given spot factor.
    QStringList args(int gpus, double spotFactor = 0.35)
    {
        const QString conf = m_conf.filePath(QStringLiteral("seedd-%1.json").arg(spotFactor));
        QFile f(conf);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(QJsonObject{{s("prices"), QJsonObject{{s("spot_factor"), spotFactor}}},
                                              {s("runtime"), QJsonObject{{s("spot_grace_seconds"), kSpotGrace}}}})
                        .toJson());
        return {s("--config"),   conf,
                s("--gpus"),     QStringLiteral("simulate=L4:%1").arg(gpus),
                s("--capacity"), s("cpus=64,memory_gb=256"),
                s("--cancel-grace"), s("2"),
                s("--cdi-kind"), m_cdiKind};
    }
    // Whether every container of these jobs is gone within `ms` (a deadline in time: one `podman ps` can take
    // seconds on a loaded machine, so QTRY's count of polls is no clock).
    bool containersGone(const QStringList &jobIds, int ms) const
    {
        QDeadlineTimer d(ms);
        while (true) {
            bool any = false;
            for (const QString &id : jobIds)
                any = any || !m_box.containers(QStringLiteral("seed.job=") + id).isEmpty();
            if (!any)
                return true;
            if (d.hasExpired())
                return false;
            QTest::qWait(200);
        }
    }
    static QString idOf(const TestHttp &http, const char *name) { return job(http, s(name)).value(s("id")).toString(); }
    static void submit(const TestHttp &http, const QJsonObject &body)
    {
        const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), body);
        QVERIFY2(r.status == 201, r.body.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        m_cdiKind = QStringLiteral("seed.local/gpu-spot%1").arg(QCoreApplication::applicationPid());
    }

    // Both GPUs held by spot jobs; a non-spot job preempts the most recently started one, which waits, then reruns
    // in its workspace (checkpoint of attempt 1 seen by attempt 2) and succeeds. Prices, runtime and the machine view.
    void preemptsTheNewestSpotJobWhichResumes()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(2, 0.5)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        // Attempt 1 keeps its GPU (sleep as PID 1 ignores SIGTERM: the grace ends in SIGKILL); attempt 2 finishes.
        const QString resumable = s("echo attempt=$SEED_ATTEMPT preempted=${SEED_PREEMPTED:-0}; "
                                    "[ -f /workspace/ckpt ] && echo found=$(cat /workspace/ckpt); "
                                    "echo a$SEED_ATTEMPT > /workspace/ckpt; "
                                    "[ \"$SEED_ATTEMPT\" = 0 ] && exec sleep 600; echo done");
        submit(http, gpuSpec(s("older"), resumable, true));
        QCOMPARE(waitStatus(http, s("older"), {s("running")}).value(s("status")).toString(), s("running"));
        submit(http, gpuSpec(s("newer"), resumable, true));
        QCOMPARE(waitStatus(http, s("newer"), {s("running")}).value(s("status")).toString(), s("running"));
        QVERIFY(waitLog(http, s("newer"), s("attempt=0 preempted=0")));

        // The machine view marks both GPUs as held by spot jobs of this namespace.
        QJsonObject machine = http.get(QStringLiteral("/%1/machine").arg(ns())).json();
        QCOMPARE(machine.value(s("runner")).toString(), s("local"));
        QCOMPARE(machine.value(s("max_nodes")).toInt(), 1);
        QCOMPARE(machine.value(s("spot_factor")).toDouble(), 0.5);
        for (const QJsonValue &g : machine.value(s("gpus")).toArray())
            QCOMPARE(g.toObject().value(s("spot")), QJsonValue(true));
        // Another namespace sees neither the job nor whether it is spot.
        const QString other = seedd.createToken({s("other")});
        const QJsonObject otherMachine = TestHttp(seedd.url(), TestHttp::bearer(other)).get(s("/other/machine")).json();
        for (const QJsonValue &g : otherMachine.value(s("gpus")).toArray())
            QCOMPARE(g.toObject().value(s("spot")), QJsonValue(QJsonValue::Null));

        // A spot job never preempts: a third spot job waits.
        submit(http, gpuSpec(s("third"), s("echo third"), true));
        QElapsedTimer clock;
        clock.start();
        submit(http, gpuSpec(s("urgent"), s("echo urgent-start; sleep 3; echo urgent-end"), false));
        const QString urgentId = job(http, s("urgent")).value(s("id")).toString();
        const QJsonObject preempted = waitFor(
            http, s("newer"), [](const QJsonObject &j) { return j.value(s("status")).toString() == s("queued"); },
            (kSpotGrace + 5) * 1000);
        QCOMPARE(preempted.value(s("status")).toString(), s("queued"));
        QVERIFY2(clock.elapsed() < (kSpotGrace + 5) * 1000, qPrintable(QString::number(clock.elapsed())));
        qInfo("preempted and queued %lld ms after the non-spot job was submitted (grace %d s)", clock.elapsed(), kSpotGrace);
        QCOMPARE(preempted.value(s("preemptions")).toInt(), 1);
        QCOMPARE(preempted.value(s("retry_count")).toInt(), 0);
        QCOMPARE(preempted.value(s("preempted_by")).toString(), urgentId);
        const QDateTime preemptedAt = timeOf(preempted, "preempted_at");
        QVERIFY(preemptedAt.isValid());
        QCOMPARE(preempted.value(s("status_message")).toString(),
                 QStringLiteral("Preempted by urgent (%1) at %2; waiting for resources")
                     .arg(urgentId, preempted.value(s("preempted_at")).toString()));
        // Waiting is not run time: runtime_seconds stays what attempt 1 ran.
        const qint64 firstRun = preempted.value(s("runtime_seconds")).toInteger();
        QVERIFY2(firstRun <= timeOf(preempted, "started_at").secsTo(preemptedAt) + kSpotGrace + 1,
                 qPrintable(QString::number(firstRun)));
        // The older one runs on; the third still waits.
        QCOMPARE(job(http, s("older")).value(s("status")).toString(), s("running"));
        QCOMPARE(job(http, s("older")).value(s("preemptions")).toInt(), 0);
        QCOMPARE(job(http, s("third")).value(s("status")).toString(), s("queued"));

        QCOMPARE(waitTerminal(http, s("urgent")).value(s("status")).toString(), s("succeeded"));
        const QJsonObject again = waitTerminal(http, s("newer"), 60000);
        QCOMPARE(again.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(again.value(s("preemptions")).toInt(), 1);
        QCOMPARE(again.value(s("retry_count")).toInt(), 0);
        QVERIFY(!again.contains(s("preempted_at")));
        const QStringList lines = logLines(http, s("newer"));
        QCOMPARE(lines.count(s("attempt=0 preempted=0")), 1);
        QCOMPARE(lines.count(s("attempt=1 preempted=1")), 1);
        QCOMPARE(lines.count(s("found=a0")), 1); // attempt 1's checkpoint, seen by attempt 2
        QCOMPARE(lines.count(s("done")), 1);
        QCOMPARE(countPrefix(lines, QStringLiteral("[seed] Preempted by urgent (%1) at ").arg(urgentId)), 1);
        QVERIFY(lines.contains(QStringLiteral("[seed] Preempted by urgent (%1) at %2: stopping (grace %3 s).")
                                   .arg(urgentId, preempted.value(s("preempted_at")).toString())
                                   .arg(kSpotGrace)));
        QCOMPARE(countPrefix(lines, s("[seed] Attempt 2 starting as container")), 1);
        const qsizetype preemptLine = lines.indexOf(QRegularExpression(s("^\\[seed\\] Preempted by .*")));
        const qsizetype attempt2 = lines.indexOf(QRegularExpression(s("^\\[seed\\] Attempt 2 starting.*")));
        QVERIFY(preemptLine >= 0 && attempt2 > preemptLine && lines.indexOf(s("attempt=1 preempted=1")) > attempt2);
        // Attempt 1 ignores SIGTERM, so its container ends only by the SIGKILL at the end of the grace, which starts
        // after the "stopping" line: an urgent job that started earlier shared the GPU with it. (The "stopped by the
        // preemption" line is no such bound: it is written once the log is read to its end, after the GPU was freed.)
        const QDateTime urgentStart = lineTime(http, s("urgent"), s("urgent-start"));
        const QDateTime stopping =
            lineTime(http, s("newer"), QStringLiteral("[seed] Preempted by urgent (%1) at ").arg(urgentId), true);
        QVERIFY(urgentStart.isValid() && stopping.isValid());
        QVERIFY2(stopping.addSecs(kSpotGrace) <= urgentStart,
                 qPrintable(stopping.toString(Qt::ISODateWithMs) + u' ' + urgentStart.toString(Qt::ISODateWithMs)));

        // Prices: spot = on-demand x prices.spot_factor (0.5 here); total_cost counts only the time run.
        const QJsonObject u = job(http, s("urgent"));
        QCOMPARE(u.value(s("cost_per_hour")).toString(), s("0.80"));
        QCOMPARE(again.value(s("cost_per_hour")).toString(), s("0.40"));
        const qint64 wall = timeOf(again, "started_at").secsTo(timeOf(again, "completed_at"));
        const qint64 ran = again.value(s("runtime_seconds")).toInteger();
        QVERIFY2(ran >= firstRun && ran <= wall - 2, qPrintable(QStringLiteral("ran %1 of %2 s").arg(ran).arg(wall)));
        QCOMPARE(again.value(s("total_cost")).toString(), seed::wire::formatMoney(seed::wire::totalCostCents(40, ran)));

        QCOMPARE(waitTerminal(http, s("third"), 30000).value(s("status")).toString(), s("succeeded"));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/older/cancel").arg(ns()), QJsonObject{}).status, 200);
        QCOMPARE(waitTerminal(http, s("older")).value(s("status")).toString(), s("cancelled"));
        // The preempted job's kept workspace went with its end.
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + s("/work/") + again.value(s("id")).toString()), 10000);
        QVERIFY(containersGone({idOf(http, "older"), idOf(http, "newer"), idOf(http, "third"), urgentId}, 20000));
        QVERIFY(seedd.stop());
    }

    // A spot job that catches SIGTERM finishes writing its checkpoint in the grace period (its lines are in the log)
    // before anything is killed; exiting 0 from the trap is no success: it reruns and resumes.
    void trapFinishesItsCheckpoint()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(1)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        submit(http, gpuSpec(s("saver"),
                             s("if [ -f /workspace/ckpt ]; then echo resumed-$(cat /workspace/ckpt); exit 0; fi; "
                               "trap 'echo saving; sleep 1; echo step-42 > /workspace/ckpt; echo saved; exit 0' TERM; "
                               "echo ready; while true; do sleep 0.2; done"),
                             true));
        QVERIFY(waitLog(http, s("saver"), s("ready")));
        QCOMPARE(job(http, s("saver")).value(s("cost_per_hour")).toString(), s("0.28")); // 0.80 x 0.35
        // The preempting job is another namespace's: it is never named to this one.
        const TestHttp other(seedd.url(), TestHttp::bearer(seedd.createToken({s("other")})));
        QCOMPARE(other.post(s("/auth/v1/seed/other/jobs"), gpuSpec(s("boss"), s("echo boss; sleep 2"), false)).status, 201);
        const QJsonObject waiting = waitFor(
            http, s("saver"), [](const QJsonObject &j) { return j.value(s("preemptions")).toInt() == 1; }, (kSpotGrace + 10) * 1000);
        QCOMPARE(waiting.value(s("status")).toString(), s("queued"));
        QCOMPARE(waiting.value(s("preempted_by")), QJsonValue(QJsonValue::Null));
        QCOMPARE(waiting.value(s("status_message")).toString(),
                 QStringLiteral("Preempted by a job of another namespace at %1; waiting for resources")
                     .arg(waiting.value(s("preempted_at")).toString()));
        QDeadlineTimer bossDone(30000);
        while (other.get(s("/other/job/boss")).json().value(s("status")).toString() != s("succeeded") && !bossDone.hasExpired())
            QTest::qWait(100);
        QCOMPARE(other.get(s("/other/job/boss")).json().value(s("status")).toString(), s("succeeded"));
        const QJsonObject j = waitTerminal(http, s("saver"), 30000);
        QCOMPARE(j.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(j.value(s("preemptions")).toInt(), 1);
        const QStringList lines = logLines(http, s("saver"));
        QCOMPARE(lines.count(s("saving")), 1);
        QCOMPARE(lines.count(s("saved")), 1);
        QCOMPARE(lines.count(s("resumed-step-42")), 1);
        QCOMPARE(countPrefix(lines, s("[seed] Preempted by a job of another namespace at ")), 1);
        for (const QString &l : lines)
            QVERIFY2(!l.contains(s("boss")), qPrintable(l));
        QVERIFY(lines.indexOf(s("saved")) < lines.indexOf(QRegularExpression(s("^\\[seed\\] Attempt 2 starting.*"))));
        QVERIFY(containersGone({idOf(http, "saver"), other.get(s("/other/job/boss")).json().value(s("id")).toString()}, 20000));
        QVERIFY(seedd.stop());
    }

    // Hostile spot jobs: one that ignores SIGTERM, forks children that ignore it too, and floods its log in the grace
    // period. The grace still ends in SIGKILL of the whole container, on time; the non-spot job gets the GPU.
    void hostileSpotJobIsStoppedOnTime()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(1)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        submit(http, gpuSpec(s("hostile"),
                             s("[ \"$SEED_ATTEMPT\" != 0 ] && exit 0; "
                               "trap 'while true; do echo spam-$SEED_ATTEMPT; done' TERM; "
                               "(trap '' TERM; while true; do sleep 1; done) & echo forked; "
                               "while true; do sleep 0.2; done"),
                             true));
        QVERIFY(waitLog(http, s("hostile"), s("forked")));
        QElapsedTimer clock;
        clock.start();
        submit(http, gpuSpec(s("owner"), s("echo owner"), false));
        // The GPU is the owner's as soon as the container has ended (SIGKILL at the end of the grace), even while
        // seedd still reads the flood of its log.
        QCOMPARE(waitStatus(http, s("owner"), {s("running"), s("succeeded")}, (kSpotGrace + 5) * 1000).value(s("status")).toString().isEmpty(),
                 false);
        QVERIFY(QStringList({s("running"), s("succeeded")}).contains(job(http, s("owner")).value(s("status")).toString()));
        qInfo("the non-spot job started %lld ms after its submit (grace %d s)", clock.elapsed(), kSpotGrace);
        QCOMPARE(waitTerminal(http, s("owner")).value(s("status")).toString(), s("succeeded"));
        QCOMPARE(waitFor(http, s("hostile"), [](const QJsonObject &j) { return j.value(s("preemptions")).toInt() == 1; },
                         60000)
                     .value(s("preemptions"))
                     .toInt(),
                 1);
        qInfo("the hostile spot job was back in the queue %lld ms after the non-spot job's submit", clock.elapsed());
        QVERIFY(logLines(http, s("hostile")).contains(s("spam-0"))); // it did flood its log in the grace period
        // Attempt 1's container is gone with all its processes (the rerun is another container).
        const QString id = job(http, s("hostile")).value(s("id")).toString();
        QVERIFY(m_box.containers(s("seed.attempt=0")).count(QStringLiteral("seed-%1-a0").arg(id)) == 0 ||
                containersGone({id}, 20000));
        // It reruns and ends; its kept workspace goes with its end.
        const QJsonObject h = waitTerminal(http, s("hostile"));
        QCOMPARE(h.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(h.value(s("preemptions")).toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + s("/work/") + id), 15000);
        QVERIFY(containersGone({id, idOf(http, "owner")}, 20000));
        QVERIFY(seedd.stop());
    }

    // A waiting spot job never preempts, and a non-spot job is never preempted: FIFO among non-spot jobs, spot jobs
    // only get what is left.
    void nonSpotJobsAreNeverPreempted()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(1)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        submit(http, gpuSpec(s("firm"), s("echo firm-start; while [ ! -f /workspace/go ]; do sleep 0.1; done"), false));
        QVERIFY(waitLog(http, s("firm"), s("firm-start")));
        submit(http, gpuSpec(s("firm2"), s("echo firm2"), false));
        submit(http, gpuSpec(s("cheap"), s("echo cheap"), true));
        const QString firmId = job(http, s("firm")).value(s("id")).toString();
        QFile go(seedd.dataDir() + s("/work/") + firmId + s("/workspace/go"));
        // firm2 is first in line (FIFO among non-spot jobs); the spot job only gets what is left afterwards.
        QCOMPARE(job(http, s("firm2")).value(s("status")).toString(), s("queued"));
        QCOMPARE(job(http, s("firm")).value(s("preemptions")).toInt(), 0);
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QCOMPARE(waitTerminal(http, s("firm2")).value(s("status")).toString(), s("succeeded"));
        QCOMPARE(waitTerminal(http, s("cheap")).value(s("status")).toString(), s("succeeded"));
        QVERIFY(lineTime(http, s("firm2"), s("firm2")) <= lineTime(http, s("cheap"), s("cheap")));
        QVERIFY(containersGone({firmId, idOf(http, "firm2"), idOf(http, "cheap")}, 20000));
        QVERIFY(seedd.stop());
    }

    // kill -9 of seedd while a preempted job is in its grace period: after the restart the preemption is carried
    // out exactly once (one preemption, one log line of it), the preempting job runs only after the spot job's
    // container has ended, every line of both logs is there once, and the spot job resumes.
    void killNineDuringAPreemption()
    {
        SeeddProcess seedd;
        const QStringList a = args(1);
        QVERIFY(seedd.start(a));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        submit(http, gpuSpec(s("victim"),
                             s("if [ -f /workspace/ckpt ]; then echo resumed-$(cat /workspace/ckpt); exit 0; fi; "
                               "trap 'echo term; sleep 2; echo 7 > /workspace/ckpt; echo saved; exit 0' TERM; "
                               "echo up; while true; do sleep 0.2; done"),
                             true));
        QVERIFY(waitLog(http, s("victim"), s("up")));
        const QString victimId = job(http, s("victim")).value(s("id")).toString();
        submit(http, gpuSpec(s("boss"), s("echo boss-ran"), false));
        // The decision is made and the job signalled: kill seedd in the middle of the grace period.
        QVERIFY(waitLog(http, s("victim"), s("term"), (kSpotGrace + 5) * 1000));
        seedd.kill9();
        QVERIFY(!seedd.isRunning());
        // The spot job's container ends while seedd is down (its trap exits after saving).
        QTRY_VERIFY_WITH_TIMEOUT(!m_box.podman({s("ps"), s("--all"), s("--filter"), s("label=seed.name=victim"), s("--filter"),
                                                s("status=exited"), s("--format"), s("{{.Names}}")})
                                      .out.trimmed()
                                      .isEmpty(),
                                 20000);
        QVERIFY(seedd.start(a));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(waitTerminal(http, s("boss"), 30000).value(s("status")).toString(), s("succeeded"));
        const QJsonObject v = waitTerminal(http, s("victim"), 30000);
        QCOMPARE(v.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(v.value(s("preemptions")).toInt(), 1);
        QCOMPARE(v.value(s("retry_count")).toInt(), 0);
        const QStringList lines = logLines(http, s("victim"));
        for (const char *line : {"up", "term", "saved", "resumed-7"})
            QCOMPARE(lines.count(s(line)), 1);
        QCOMPARE(countPrefix(lines, s("[seed] Preempted by boss (")), 1);
        QCOMPARE(countPrefix(lines, s("[seed] Attempt 2 starting")), 1);
        QCOMPARE(logLines(http, s("boss")).count(s("boss-ran")), 1);
        // The boss ran only after the victim's attempt had ended.
        QVERIFY(lineTime(http, s("victim"), s("saved")) <= lineTime(http, s("boss"), s("boss-ran")));
        QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).json().value(s("pagination")).toObject().value(s("total")).toInt(), 2);
        QVERIFY(containersGone({victimId, idOf(http, "boss")}, 20000));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + s("/work/") + victimId), 10000);
        QVERIFY(seedd.stop());
    }

    // An output_path outside /workspace survives the preemption too: saved from the stopped container (links left
    // out), bind-mounted at the same path in the next attempt, and collected as the artifacts at the end.
    void outputOutsideWorkspaceSurvives_data()
    {
        QTest::addColumn<QString>("outputPath");
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("files");
        QTest::addColumn<int>("bytes");
        QTest::newRow("directory") << s("/ckpt")
                                   << s("if [ -f /ckpt/step ]; then echo resumed-$(cat /ckpt/step); echo two > /ckpt/final; "
                                        "exit 0; fi; mkdir -p /ckpt/sub; echo 5 > /ckpt/step; echo x > /ckpt/sub/a; "
                                        "ln -s /etc/passwd /ckpt/link; mkfifo /ckpt/fifo; echo up; exec sleep 600")
                                   << 3 << 8;
        QTest::newRow("file") << s("/out/model.bin")
                              << s("if [ -f /out/model.bin ]; then echo resumed-$(cat /out/model.bin); echo 66 > /out/model.bin; "
                                   "exit 0; fi; mkdir -p /out; echo 5 > /out/model.bin; echo up; exec sleep 600")
                              << 1 << 3;
    }
    void outputOutsideWorkspaceSurvives()
    {
        QFETCH(QString, outputPath);
        QFETCH(QString, command);
        QFETCH(int, files);
        QFETCH(int, bytes);
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(1)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject victim = gpuSpec(s("keeper"), command, true);
        victim.insert(s("output_path"), outputPath);
        submit(http, victim);
        QVERIFY(waitLog(http, s("keeper"), s("up")));
        submit(http, gpuSpec(s("boss"), s("echo boss-ran"), false));
        QCOMPARE(waitTerminal(http, s("boss"), 60000).value(s("status")).toString(), s("succeeded"));
        const QJsonObject v = waitTerminal(http, s("keeper"), 60000);
        QCOMPARE(v.value(s("status")).toString(), s("succeeded"));
        QCOMPARE(v.value(s("preemptions")).toInt(), 1);
        const QStringList lines = logLines(http, s("keeper"));
        QCOMPARE(lines.count(s("resumed-5")), 1);
        QCOMPARE(countPrefix(lines, QStringLiteral("[seed] Output path %1 kept for the next attempt").arg(outputPath)), 1);
        QCOMPARE(countPrefix(lines, QStringLiteral("[seed] Output path %1 is the preempted attempt's").arg(outputPath)), 1);
        // Attempt 2's changes are in the artifacts; links and fifos were never kept.
        const QJsonObject art = v.value(s("artifacts")).toObject();
        QCOMPARE(art.value(s("files")).toInt(), files);
        QCOMPARE(art.value(s("size_bytes")).toInteger(), bytes);
        const QString id = v.value(s("id")).toString();
        QVERIFY(containersGone({id, idOf(http, "boss")}, 20000));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + s("/work/") + id), 10000);
        QVERIFY(seedd.stop());
    }

    // kill -9 of seedd at each step of a preemption, held there by a `podman` wrapper on seedd's PATH: before the
    // stop is sent (the wrapper then drops it), while the output_path is copied out (dropped), while the preempted
    // container is removed, while the preempting job's container is created. After the restart: one preemption,
    // both jobs succeed, every line of both logs once, the checkpoint outside /workspace carried, no container left.
    void killNineAtEachStepOfAPreemption_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<bool>("drop");
        QTest::newRow("stop not yet sent") << s("stop") << true;
        QTest::newRow("output being saved") << s("cp") << true;
        QTest::newRow("preempted container being removed") << s("rm") << false;
        QTest::newRow("preempting container being created") << s("run") << false;
    }
    void killNineAtEachStepOfAPreemption()
    {
        QFETCH(QString, verb);
        QFETCH(bool, drop);
        PodmanWrapper wrap(QStringLiteral(R"(case " $* " in *" %1 "*)
  if [ -e "$d/hold" ]; then
    rm -f "$d/hold"; touch "$d/waiting"
    i=0; while [ ! -e "$d/release" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
    [ -e "$d/drop" ] && exit 1
  fi;;
esac)").arg(verb));
        QVERIFY(wrap.isReady());
        if (drop)
            wrap.touch(s("drop"));

        SeeddProcess seedd;
        const QStringList a = args(1);
        QVERIFY(seedd.start(a));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject victim = gpuSpec(s("victim"),
                                     s("if [ -f /ckpt/step ]; then echo resumed-$(cat /ckpt/step); exit 0; fi; "
                                       "mkdir -p /ckpt; echo 5 > /ckpt/step; echo up; "
                                       "i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"),
                                     true);
        victim.insert(s("output_path"), s("/ckpt"));
        submit(http, victim);
        QVERIFY(waitLog(http, s("victim"), s("up")));
        const QString victimId = idOf(http, "victim");
        wrap.touch(s("hold"));
        submit(http, gpuSpec(s("boss"), s("echo boss-ran"), false));
        QTRY_VERIFY_WITH_TIMEOUT(wrap.exists(s("waiting")), 30000);
        seedd.kill9();
        QVERIFY(!seedd.isRunning());
        QVERIFY2(seedd.start(a), seedd.output().right(2000).constData());
        QTest::qWait(1000);
        wrap.touch(s("release"));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));

        const QJsonObject b = waitTerminal(http, s("boss"), 60000);
        QVERIFY2(b.value(s("status")).toString() == s("succeeded"), QJsonDocument(b).toJson().constData());
        const QJsonObject v = waitTerminal(http, s("victim"), 60000);
        QVERIFY2(v.value(s("status")).toString() == s("succeeded"), QJsonDocument(v).toJson().constData());
        QCOMPARE(v.value(s("preemptions")).toInt(), 1);
        QCOMPARE(v.value(s("retry_count")).toInt(), 0);
        const QStringList lines = logLines(http, s("victim"));
        QCOMPARE(lines.count(s("up")), 1);
        QCOMPARE(lines.count(s("resumed-5")), 1);
        QCOMPARE(countPrefix(lines, s("[seed] Preempted by boss (")), 1);
        QCOMPARE(countPrefix(lines, s("[seed] Attempt 2 starting")), 1);
        // Every tick once and in order, with no gap: nothing lost or repeated across the kill.
        int expected = 1;
        for (const QString &l : lines)
            if (l.startsWith(s("tick-")))
                QCOMPARE(l, QStringLiteral("tick-%1").arg(expected++));
        QVERIFY(expected > 1);
        QCOMPARE(logLines(http, s("boss")).count(s("boss-ran")), 1);
        // The boss ran only after the victim's container had ended (its last line), never beside it.
        const QDateTime lastTick = lineTime(http, s("victim"), QStringLiteral("tick-%1").arg(expected - 1));
        const QDateTime bossRan = lineTime(http, s("boss"), s("boss-ran"));
        QVERIFY2(lastTick.isValid() && bossRan.isValid() && lastTick <= bossRan,
                 qPrintable(lastTick.toString(Qt::ISODateWithMs) + u' ' + bossRan.toString(Qt::ISODateWithMs)));
        QCOMPARE(v.value(s("artifacts")).toObject().value(s("files")).toInt(), 1);
        QVERIFY(containersGone({victimId, idOf(http, "boss")}, 30000));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + s("/work/") + victimId), 10000);
        QVERIFY(seedd.stop());
    }

    // The config keys are validated like every other: by serve and by `seedd config check`.
    void configIsChecked_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("factor 0") << QByteArray(R"({"prices":{"spot_factor":0}})") << s("prices.spot_factor must be a number > 0 and <= 1");
        QTest::newRow("factor 1.5") << QByteArray(R"({"prices":{"spot_factor":1.5}})") << s("prices.spot_factor must be a number > 0 and <= 1");
        QTest::newRow("factor string") << QByteArray(R"({"prices":{"spot_factor":"0.3"}})") << s("prices.spot_factor must be a number");
        QTest::newRow("grace -1") << QByteArray(R"({"runtime":{"spot_grace_seconds":-1}})") << s("runtime.spot_grace_seconds must be an integer >= 0");
        QTest::newRow("grace 2.5") << QByteArray(R"({"runtime":{"spot_grace_seconds":2.5}})") << s("runtime.spot_grace_seconds must be an integer");
        QTest::newRow("grace 1e9") << QByteArray(R"({"runtime":{"spot_grace_seconds":1e9}})") << s("runtime.spot_grace_seconds must be an integer >= 0 and <= 3600");
        QTest::newRow("valid") << QByteArray(R"({"prices":{"spot_factor":1},"runtime":{"spot_grace_seconds":0}})") << QString();
    }
    void configIsChecked()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString path = m_conf.filePath(s("check.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(json);
        f.close();
        const SeeddProcess::Run r = SeeddProcess::run({s("config"), s("check"), s("--config"), path});
        if (message.isEmpty()) {
            QVERIFY2(r.exitCode == 0, r.err.constData());
            return;
        }
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err + r.out).contains(message), (r.err + r.out).constData());
    }

    void cleanupTestCase()
    {
        // seedd removes its CDI spec on a clean stop; a failed test may leave one.
        QFile::remove(QStringLiteral("/var/run/cdi/") + QString(m_cdiKind).replace(u'/', u'_') + QStringLiteral(".json"));
    }
};

QTEST_GUILESS_MAIN(TestSpot)
#include "tst_spot.moc"
