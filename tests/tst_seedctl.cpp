// seedctl, the command-line client, run as a user runs it (the real binary) against a real seedd on loopback:
// every command, its exit codes, bad input refused before anything is sent (nothing stored is lost),
// credentials from the environment, and `logs -f` of a real container job to its end.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {

struct Ctl
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The caller's own SEED_* settings must not leak into a test: each test says what it sets.
QProcessEnvironment cleanEnv()
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *key : {"SEED_URL", "SEED_NAMESPACE", "SEED_TOKEN", "SEED_API_KEY"})
        e.remove(QString::fromLatin1(key));
    return e;
}

Ctl seedctl(const QStringList &args, const QProcessEnvironment &env = cleanEnv(), int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SEEDCTL_BIN), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Ctl c;
    c.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    c.out = QString::fromUtf8(p.readAllStandardOutput());
    c.err = QString::fromUtf8(p.readAllStandardError());
    return c;
}

} // namespace

class TestSeedctl : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString specFile(const QString &fileName, const QJsonObject &spec)
    {
        const QString path = m_tmp.filePath(fileName);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QJsonDocument(spec).toJson());
        return path;
    }

    // One Podman sandbox and one seedd for the tests that run containers, started by the first of them.
    std::unique_ptr<PodmanSandbox> m_box;
    std::unique_ptr<SeeddProcess> m_local;
    QString containerSetUp() // empty when ready; else why containers cannot run here
    {
        if (m_box)
            return {};
        auto box = std::make_unique<PodmanSandbox>();
        QString error;
        if (!box->setUp(&error))
            return QStringLiteral("Podman sandbox unavailable: ") + error;
        m_box = std::move(box);
        m_local = std::make_unique<SeeddProcess>();
        m_local->start({QStringLiteral("--gpus"), QStringLiteral("none")});
        return {};
    }
    QStringList localArgs() const
    {
        return {QStringLiteral("--data-dir"), m_local->dataDir(), QStringLiteral("--namespace"), ns()};
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        if (m_local && m_local->isRunning())
            QVERIFY(m_local->stop());
        m_local.reset();
        m_box.reset();
    }

    void everyCommandAndItsExitCode()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QStringList local{QStringLiteral("--data-dir"), seedd.dataDir()};
        const QString good =
            specFile(QStringLiteral("good.json"),
                     spec(QStringLiteral("demo-1"), QStringLiteral("echo hi"), QStringLiteral("busybox")));

        Ctl c = seedctl(local + QStringList{QStringLiteral("submit"), good});
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.startsWith(QLatin1String("demo-1 queued (job_")), qPrintable(c.out));

        // Refused before anything is sent: the spec's own rules (the server's, linked in), options, names.
        QJsonObject badCpu = spec(QStringLiteral("demo-2"), QStringLiteral("echo"), QStringLiteral("busybox"));
        badCpu[QStringLiteral("cpu")] = 3;
        c = seedctl(local + QStringList{QStringLiteral("submit"), specFile(QStringLiteral("bad.json"), badCpu)});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("cpu:")), qPrintable(c.err));
        // A spec that is JSON but not an object says so (it said "not a JSON object: no error occurred").
        {
            QFile arr(m_tmp.filePath(QStringLiteral("array.json")));
            QVERIFY(arr.open(QIODevice::WriteOnly));
            arr.write("[{\"name\": \"demo-2\"}]\n");
        }
        c = seedctl(local + QStringList{QStringLiteral("submit"), m_tmp.filePath(QStringLiteral("array.json"))});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("not an array")) && !c.err.contains(QLatin1String("no error")),
                 qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("submit"), m_tmp.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("cannot read")));
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("bogus")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("status")));
        // Named as the option the user typed, not as the API's query parameter.
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--per-page"), QStringLiteral("500")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("--per-page must be between 1 and 100")), qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1"), QStringLiteral("--tail"),
                                        QStringLiteral("3")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("does not apply")));
        c = seedctl(local + QStringList{QStringLiteral("launch")});
        QCOMPARE(c.exitCode, 2);
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("no such/job")});
        QCOMPARE(c.exitCode, 2);

        // The server refuses: exit 1 with its message, status and request id.
        c = seedctl(local + QStringList{QStringLiteral("submit"), good});
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(c.err.contains(QLatin1String("already exists")) && c.err.contains(QLatin1String("HTTP 409")) &&
                     c.err.contains(QLatin1String("request req_")),
                 qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("nobody")});
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 404")));

        // Nothing stored was lost or added by the refusals above.
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(c.exitCode, 0);
        const QJsonObject page = QJsonDocument::fromJson(c.out.toUtf8()).object();
        QCOMPARE(page.value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(page.value(QStringLiteral("data")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("demo-1"));
        c = seedctl(local + QStringList{QStringLiteral("list")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("demo-1")) && c.out.contains(QLatin1String("queued")));

        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("echo hi")));
        c = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("demo-1"),
                                        QStringLiteral("--timeout-seconds"), QStringLiteral("1")});
        QCOMPARE(c.exitCode, 4); // still queued (no runner): the wait gave up
        c = seedctl(local + QStringList{QStringLiteral("cancel"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("cancelled")));
        c = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 4); // ended, but not succeeded
        QVERIFY(c.out.contains(QLatin1String("demo-1 cancelled")));
        c = seedctl(local + QStringList{QStringLiteral("delete"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 1);
    }

    void remoteCredentialsComeFromTheEnvironment()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString readOnly = seedd.createToken({QStringLiteral("acme")}, true);
        QVERIFY(!readOnly.isEmpty());
        const QStringList remote{QStringLiteral("--url"), seedd.url(), QStringLiteral("--namespace"),
                                 QStringLiteral("acme")};
        const QString good = specFile(QStringLiteral("acme.json"),
                                      spec(QStringLiteral("r-1"), QStringLiteral("echo"), QStringLiteral("busybox")));

        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("SEED_TOKEN"), readOnly);
        Ctl c = seedctl(remote + QStringList{QStringLiteral("list")}, env);
        QCOMPARE(c.exitCode, 0);
        c = seedctl(remote + QStringList{QStringLiteral("submit"), good}, env);
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(c.err.contains(QLatin1String("HTTP 403")), qPrintable(c.err));
        QVERIFY(!c.err.contains(readOnly.section(u'_', -1))); // the secret is never echoed

        c = seedctl(remote + QStringList{QStringLiteral("list")});
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 401")));
        QVERIFY2(c.err.contains(QLatin1String("SEED_TOKEN")), qPrintable(c.err)); // what to do about it

        c = seedctl({QStringLiteral("--url"), seedd.url(), QStringLiteral("list")}, env);
        QCOMPARE(c.exitCode, 2); // a remote needs a namespace
    }

    void unreachableIsItsOwnExitCode()
    {
        QTemporaryDir empty;
        Ctl c = seedctl({QStringLiteral("--data-dir"), empty.path(), QStringLiteral("list")});
        QCOMPARE(c.exitCode, 3);
        QVERIFY(c.err.contains(QLatin1String("seedd serve")));
        // A bad argument is exit 2 whether or not a seedd runs: it is checked before connecting.
        c = seedctl({QStringLiteral("--data-dir"), empty.path(), QStringLiteral("wait"), QStringLiteral("j"),
                     QStringLiteral("--timeout-seconds"), QStringLiteral("soon")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("--timeout-seconds")), qPrintable(c.err));

        SeeddProcess gone;
        QVERIFY(gone.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString url = gone.url();
        QVERIFY(gone.stop());
        c = seedctl({QStringLiteral("--url"), url, QStringLiteral("--namespace"), QStringLiteral("x"),
                     QStringLiteral("get"), QStringLiteral("j")});
        QCOMPARE(c.exitCode, 3);
        QVERIFY(c.err.contains(QLatin1String("cannot reach")));
        QCOMPARE(c.err.count(url), 1); // the endpoint is named once ("cannot reach URL: Cannot reach URL: ...")
    }

    void followsARunningContainerJobToItsEnd()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_local->isRunning());
        const QStringList local = localArgs();
        const QString path = specFile(QStringLiteral("follow.json"),
                                      spec(QStringLiteral("counter"),
                                           QStringLiteral("i=1; while [ $i -le 300 ]; do echo line-$i; i=$((i+1)); [ "
                                                          "$((i % 50)) -eq 0 ] && sleep 0.3; done; true"),
                                           PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);

        // Started while the job runs (or is still starting): every line once, in order, then the end.
        const Ctl c =
            seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("counter"), QStringLiteral("--follow"),
                                        QStringLiteral("--tail"), QStringLiteral("10000")},
                    cleanEnv(), 120000);
        QCOMPARE(c.exitCode, 0);
        QStringList expected;
        for (int i = 1; i <= 300; ++i)
            expected << QStringLiteral("line-%1").arg(i);
        QStringList printed = c.out.split(u'\n', Qt::SkipEmptyParts);
        // seedd's own lines ("[seed] Attempt 1 of 1 starting…") are part of the job's log; the job's follow them.
        QVERIFY2(printed.value(0).startsWith(QLatin1String("[seed] ")), qPrintable(printed.value(0)));
        printed.removeIf([](const QString &l) { return l.startsWith(QLatin1String("[seed] ")); });
        QCOMPARE(printed, expected);
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));

        const Ctl w = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("counter")});
        QCOMPARE(w.exitCode, 0);
        QVERIFY(w.out.contains(QLatin1String("exit code 0")));
    }

    void followSinceSkipsOlderLines()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_local->isRunning());
        const QStringList local = localArgs();
        const QString path = specFile(
            QStringLiteral("since.json"),
            spec(QStringLiteral("since-job"), QStringLiteral("echo old-1; echo old-2; echo old-3; sleep 4; echo new-1"),
                 PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);

        // The timestamp of old-3, once it is there (the job then sleeps before new-1).
        QString since;
        QDeadlineTimer deadline(30000);
        while (since.isEmpty() && !deadline.hasExpired()) {
            const Ctl l = seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("since-job"),
                                                      QStringLiteral("--json")});
            const QJsonArray lines = QJsonDocument::fromJson(l.out.toUtf8()).object().value(QStringLiteral("lines")).toArray();
            for (const QJsonValue &v : lines)
                if (v.toObject().value(QStringLiteral("message")).toString() == QLatin1String("old-3"))
                    since = v.toObject().value(QStringLiteral("timestamp")).toString();
            if (since.isEmpty())
                QTest::qWait(100);
        }
        QVERIFY(!since.isEmpty());

        // Nothing after --since yet: follow prints only what comes after it (it printed the whole log).
        const Ctl c = seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("since-job"), QStringLiteral("-f"),
                                                  QStringLiteral("--since"), since},
                              cleanEnv(), 60000);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(!c.out.contains(QLatin1String("old-")), qPrintable(c.out));
        QVERIFY2(c.out.contains(QLatin1String("new-1")), qPrintable(c.out));
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));
    }
};

QTEST_GUILESS_MAIN(TestSeedctl)
#include "tst_seedctl.moc"
