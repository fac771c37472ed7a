// Jobs never depend on the seedd process: after `kill -9` of seedd mid-run and a restart, running containers
// are re-adopted by label, those that ended meanwhile get their true exit status, queued jobs start, and no
// job, log line or container is lost or duplicated.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace rt;

class TestRuntimeRecovery : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
    }

    void killNineThenRestart()
    {
        SeeddProcess seedd;
        // Room for two 2-vCPU jobs at once: the third waits in the queue.
        const QStringList args{QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                               QStringLiteral("cpus=4,memory_gb=8"), QStringLiteral("--cancel-grace"), QStringLiteral("2")};
        QVERIFY(seedd.start(args));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const auto submit = [&](const QString &name, const QString &cmd) {
            const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec(name, cmd, PodmanSandbox::image()));
            QCOMPARE(r.status, 201);
        };
        // long: still running when seedd comes back; short: ends while seedd is down; queued: waits for a slot;
        // doomed: cancelled just before the kill, still inside its grace (TERM ignored).
        submit(QStringLiteral("long"), QStringLiteral("echo one; while [ ! -f /workspace/go ]; do sleep 0.1; done; echo two; exit 7"));
        submit(QStringLiteral("short"), QStringLiteral("echo first; sleep 1; echo second"));
        submit(QStringLiteral("queued"), QStringLiteral("echo third"));
        QVERIFY(waitLog(http, QStringLiteral("long"), QStringLiteral("one")));
        QVERIFY(waitLog(http, QStringLiteral("short"), QStringLiteral("first")));
        QCOMPARE(job(http, QStringLiteral("queued")).value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        const QString longId = job(http, QStringLiteral("long")).value(QStringLiteral("id")).toString();

        seedd.kill9();
        QVERIFY(!seedd.isRunning());
        // The containers do not need seedd.
        QCOMPARE(m_box.containers(QStringLiteral("seed.name=long")).size(), 1);
        // "short" finishes while seedd is down: wait until its container has exited, not for a fixed time.
        QTRY_VERIFY_WITH_TIMEOUT(!m_box.podman({QStringLiteral("ps"), QStringLiteral("--all"), QStringLiteral("--filter"),
                                                QStringLiteral("label=seed.name=short"), QStringLiteral("--filter"),
                                                QStringLiteral("status=exited"), QStringLiteral("--format"),
                                                QStringLiteral("{{.Names}}")})
                                      .out.trimmed()
                                      .isEmpty(),
                                 20000);

        QVERIFY(seedd.start(args));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(waitTerminal(http, QStringLiteral("short")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(job(http, QStringLiteral("short")).value(QStringLiteral("exit_code")).toInt(-1), 0);
        QCOMPARE(waitTerminal(http, QStringLiteral("queued")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(job(http, QStringLiteral("long")).value(QStringLiteral("status")).toString(), QStringLiteral("running"));

        // The re-adopted job still reads its workspace and ends with its own exit code.
        QFile go(seedd.dataDir() + QStringLiteral("/work/") + longId + QStringLiteral("/workspace/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        const QJsonObject l = waitTerminal(http, QStringLiteral("long"));
        QCOMPARE(l.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(l.value(QStringLiteral("exit_code")).toInt(-1), 7);

        // Every output line exactly once, across the restart.
        const QStringList ll = logLines(http, QStringLiteral("long"));
        QCOMPARE(ll.count(QStringLiteral("one")), 1);
        QCOMPARE(ll.count(QStringLiteral("two")), 1);
        const QStringList sl = logLines(http, QStringLiteral("short"));
        QCOMPARE(sl.count(QStringLiteral("first")), 1);
        QCOMPARE(sl.count(QStringLiteral("second")), 1);
        QCOMPARE(logLines(http, QStringLiteral("queued")).count(QStringLiteral("third")), 1);

        // No job lost or duplicated, no container left behind.
        QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).json().value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.namespace=rt")).isEmpty(), 10000);
        QVERIFY(seedd.stop());
    }

    void containerRemovedWhileDownKeepsItsLines()
    {
        SeeddProcess seedd;
        const QStringList args{QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--cancel-grace"),
                               QStringLiteral("2")};
        QVERIFY(seedd.start(args));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("vanishing"),
                                QStringLiteral("echo before; while [ ! -f /workspace/go ]; do sleep 0.1; done; "
                                               "echo while-down; sleep 600"),
                                PodmanSandbox::image()))
                     .status,
                 201);
        QVERIFY(waitLog(http, QStringLiteral("vanishing"), QStringLiteral("before")));
        const QString id = job(http, QStringLiteral("vanishing")).value(QStringLiteral("id")).toString();
        const QStringList names = m_box.containers(QStringLiteral("seed.name=vanishing"));
        QCOMPARE(names.size(), 1);
        const QString logDir = seedd.dataDir() + QStringLiteral("/container-logs");
        const QString containerLog = logDir + u'/' + names.first() + QStringLiteral(".log");

        // seedd dies; the job prints a line; then its container is removed by hand. Its log file stays.
        seedd.kill9();
        QFile go(seedd.dataDir() + QStringLiteral("/work/") + id + QStringLiteral("/workspace/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            QFile f(containerLog);
            return f.open(QIODevice::ReadOnly) && f.readAll().contains("while-down");
        }(), 10000);
        QCOMPARE(m_box.podman({QStringLiteral("rm"), QStringLiteral("--force"), names.first()}).exitCode, 0);
        QVERIFY(QFile::exists(containerLog));
        // A log whose container no one knows (left by a crash between `podman rm` and the file's removal).
        QFile stray(logDir + QStringLiteral("/seed-stray-0000.log"));
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.close();

        QVERIFY(seedd.start(args));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject j = waitTerminal(http, QStringLiteral("vanishing"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("disappeared")),
                 qPrintable(j.value(QStringLiteral("status_message")).toString()));
        // The line written while seedd was down is in the job's log, once.
        const QStringList lines = logLines(http, QStringLiteral("vanishing"));
        QCOMPARE(lines.count(QStringLiteral("before")), 1);
        QCOMPARE(lines.count(QStringLiteral("while-down")), 1);
        // And no container log is left behind: neither the removed container's nor the stray one.
        QTRY_COMPARE_WITH_TIMEOUT(QDir(logDir).entryList({QStringLiteral("*.log")}, QDir::Files), QStringList(), 10000);
        QVERIFY(seedd.stop());
    }

    void cancelInGraceSurvivesKillNine()
    {
        SeeddProcess seedd;
        const QStringList args{QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                               QStringLiteral("cpus=4,memory_gb=8"), QStringLiteral("--cancel-grace"), QStringLiteral("3")};
        QVERIFY(seedd.start(args));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("doomed"), QStringLiteral("trap '' TERM; echo up; while true; do sleep 0.2; done"),
                                PodmanSandbox::image())).status,
                 201);
        QVERIFY(waitLog(http, QStringLiteral("doomed"), QStringLiteral("up")));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/doomed/cancel").arg(ns()), {}).status, 200);
        seedd.kill9(); // inside the grace: the stop in flight dies with seedd
        QVERIFY(seedd.start(args));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject j = waitFor(http, QStringLiteral("doomed"),
                                      [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); }, 20000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 137);
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.name=doomed")).isEmpty(), 10000);
        QVERIFY(seedd.stop());
    }
};

QTEST_GUILESS_MAIN(TestRuntimeRecovery)
#include "tst_runtime_recovery.moc"
