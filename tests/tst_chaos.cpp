// Chaos: seedd is killed with SIGKILL 20 times at random moments while a mix of real container jobs runs
// (printing, failing, retried, cancelled, timing out) and restarted each time on the same data dir. In the end
// no line is lost or duplicated, every job has its true terminal state and exit code, and nothing is left
// behind (containers, podman watchers). The random seed is printed, and SEED_CHAOS_SEED replays a run.
#include "podmansandbox.h"
#include "podmanwrapper.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

class TestChaos : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;

    static QStringList startArgs()
    {
        return {QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"), QStringLiteral("cpus=16,memory_gb=64"),
                QStringLiteral("--cancel-grace"), QStringLiteral("2"), QStringLiteral("--timeout-unit-seconds"), QStringLiteral("2")};
    }
    // Processes that watch one of the sandbox's containers (podman wait/logs) or monitor it (conmon).
    int podmanProcessesFor(const QStringList &containers) const
    {
        int n = 0;
        const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &pid : pids) {
            QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray cmd = f.readAll();
            for (const QString &c : containers)
                if (cmd.contains(c.toUtf8()) && (cmd.startsWith("podman") || cmd.contains("/podman") || cmd.contains("conmon")))
                    ++n;
        }
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error)) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL(qPrintable(QStringLiteral("Podman sandbox unavailable in CI: ") + error));
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        }
    }

    // A kill -9 in the middle of `podman run`: the podman of the dead seedd goes on creating the container while
    // the new seedd starts. The restart must wait for it and take that container over, never start the job a
    // second time under the same name (which failed the job: "name ... is already in use", exit 125).
    void killDuringContainerCreation()
    {
        // A `podman` first on seedd's PATH that holds the first `podman run` until the test releases it, and
        // records any later one (which then waits until the first has created its container, as podman would
        // have done had the first simply been slow).
        PodmanWrapper wrap(QStringLiteral(R"(case " $* " in *" run "*)
  if [ -e "$d/hold" ]; then
    rm -f "$d/hold"; touch "$d/first-waiting"
    i=0; while [ ! -e "$d/release" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
    "$PODMAN" "$@"; rc=$?; touch "$d/first-done"; exit $rc
  fi
  touch "$d/second-run"
  i=0; while [ ! -e "$d/first-done" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done;;
esac)"));
        QVERIFY(wrap.isReady());
        wrap.touch(QStringLiteral("hold"));

        SeeddProcess seedd;
        QVERIFY(seedd.start(startArgs()));
        {
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                                           spec(QStringLiteral("created-once"), QStringLiteral("echo ran-once; sleep 1"), PodmanSandbox::image()));
            QVERIFY2(r.status == 201, r.body.constData());
        }
        QTRY_VERIFY_WITH_TIMEOUT(wrap.exists(QStringLiteral("first-waiting")), 30000);
        seedd.kill9();
        QVERIFY2(seedd.start(startArgs()), seedd.output().right(2000).constData());
        // Give the restarted seedd the time to (wrongly) start the job again before the first podman goes on.
        for (int i = 0; i < 30 && !wrap.exists(QStringLiteral("second-run")); ++i)
            QTest::qWait(100);
        wrap.touch(QStringLiteral("release"));

        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QJsonObject j = waitTerminal(http, QStringLiteral("created-once"), 60000);
        const QString what = QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
        QVERIFY2(j.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"), qPrintable(what));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(-1), 0);
        QCOMPARE(j.value(QStringLiteral("retry_count")).toInt(-1), 0);
        QVERIFY2(!wrap.exists(QStringLiteral("second-run")), "the restarted seedd started the job a second time");
        QCOMPARE(logLines(http, QStringLiteral("created-once")).count(QStringLiteral("ran-once")), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.namespace=") + ns()).isEmpty(), 30000);
        QVERIFY(seedd.stop());
    }

    void twentyKillsLoseNothing()
    {
        const quint32 seed = qEnvironmentVariableIsSet("SEED_CHAOS_SEED") ? quint32(qEnvironmentVariableIntValue("SEED_CHAOS_SEED"))
                                                                           : QRandomGenerator::global()->generate();
        qInfo("chaos seed %u (SEED_CHAOS_SEED=%u replays it)", seed, seed);
        QRandomGenerator rng(seed);
        SeeddProcess seedd;
        QVERIFY(seedd.start(startArgs()));

        struct Expect
        {
            QString name;
            QString status;
            int exitCode = -1; // -1: none expected
            int lines = 0;     // printers: p1..pN exactly once, in order
            int retryCount = 0;
        };
        QList<Expect> expected;
        const auto submit = [&](const QString &name, const QString &command, int retries = 0, int timeoutMinutes = 60) {
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            QJsonObject s = spec(name, command, PodmanSandbox::image());
            s.insert(QStringLiteral("retries"), retries);
            s.insert(QStringLiteral("timeout_minutes"), timeoutMinutes);
            const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s);
            QVERIFY2(r.status == 201, r.body.constData());
        };
        int cancelsPending = 0;
        QStringList toCancel;
        constexpr int kKills = 20;
        for (int round = 0; round < kKills; ++round) {
            // New work every other round: a printer always, and one of the other kinds in turn.
            if (round % 2 == 0) {
                const int n = 150 + int(rng.bounded(150));
                const QString p = QStringLiteral("print-%1").arg(round);
                submit(p, QStringLiteral("for i in $(seq 1 %1); do echo p$i; sleep 0.02; done").arg(n));
                expected.append({p, QStringLiteral("succeeded"), 0, n, 0});
                switch ((round / 2) % 4) {
                case 0:
                    submit(QStringLiteral("fail-%1").arg(round), QStringLiteral("echo start; sleep 1; exit 3"));
                    expected.append({QStringLiteral("fail-%1").arg(round), QStringLiteral("failed"), 3, 0, 0});
                    break;
                case 1:
                    submit(QStringLiteral("retry-%1").arg(round), QStringLiteral("echo try; sleep 1; exit 4"), 1);
                    expected.append({QStringLiteral("retry-%1").arg(round), QStringLiteral("failed"), 4, 0, 1});
                    break;
                case 2:
                    submit(QStringLiteral("cancel-%1").arg(round), QStringLiteral("echo waiting; sleep 60"));
                    expected.append({QStringLiteral("cancel-%1").arg(round), QStringLiteral("cancelled"), -1, 0, 0});
                    toCancel << QStringLiteral("cancel-%1").arg(round);
                    ++cancelsPending;
                    break;
                case 3:
                    // timeout_minutes 1 = 2 s here (--timeout-unit-seconds 2)
                    submit(QStringLiteral("slow-%1").arg(round), QStringLiteral("echo slow; sleep 60"), 0, 1);
                    expected.append({QStringLiteral("slow-%1").arg(round), QStringLiteral("timed_out"), -1, 0, 0});
                    break;
                }
            }
            QTest::qWait(300 + int(rng.bounded(1500)));
            // A cancel request somewhere in the middle of the chaos (it must hold across the kills after it).
            if (!toCancel.isEmpty() && rng.bounded(2) == 0) {
                TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
                const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(ns(), toCancel.takeFirst()), {});
                QVERIFY2(r.status == 200, r.body.constData());
                --cancelsPending;
            }
            seedd.kill9();
            QVERIFY2(seedd.start(startArgs()), seedd.output().right(2000).constData());
        }
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        for (const QString &name : std::as_const(toCancel))
            QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(ns(), name), {}).status, 200);

        QStringList containers;
        for (const Expect &e : std::as_const(expected)) {
            const QJsonObject j = waitTerminal(http, e.name, 120000);
            const QString what = QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
            QVERIFY2(j.value(QStringLiteral("status")).toString() == e.status, qPrintable(e.name + u' ' + what));
            if (e.exitCode >= 0)
                QVERIFY2(j.value(QStringLiteral("exit_code")).toInt(-1) == e.exitCode, qPrintable(what));
            QVERIFY2(j.value(QStringLiteral("retry_count")).toInt() == e.retryCount, qPrintable(what));
            const QString id = j.value(QStringLiteral("id")).toString();
            for (int a = 0; a <= e.retryCount; ++a)
                containers << QStringLiteral("seed-%1-a%2").arg(id).arg(a);
            const QStringList log = logLines(http, e.name);
            if (e.lines > 0) {
                QStringList printed;
                for (const QString &l : log)
                    if (l.startsWith(u'p'))
                        printed << l;
                QStringList want;
                for (int i = 1; i <= e.lines; ++i)
                    want << QStringLiteral("p%1").arg(i);
                QVERIFY2(printed == want, qPrintable(QStringLiteral("%1: %2 lines, first difference near %3")
                                                         .arg(e.name)
                                                         .arg(printed.size())
                                                         .arg([&] {
                                                             for (qsizetype i = 0; i < std::min(printed.size(), want.size()); ++i)
                                                                 if (printed[i] != want[i])
                                                                     return printed[i];
                                                             return QString();
                                                         }())));
            }
            if (e.retryCount > 0)
                QCOMPARE(log.count(QStringLiteral("try")), e.retryCount + 1);
        }
        // Nothing left behind: every container removed, no podman watcher or conmon for any of them.
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.namespace=") + ns()).isEmpty(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(podmanProcessesFor(containers), 0, 10000);
        QVERIFY(seedd.stop());
        QCOMPARE(podmanProcessesFor(containers), 0);
    }
};

QTEST_GUILESS_MAIN(TestChaos)
#include "tst_chaos.moc"
