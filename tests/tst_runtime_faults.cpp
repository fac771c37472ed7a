// Issue 3 faults on real Podman (sandbox storage): a job killed at its memory limit, Podman absent, and a data
// dir that runs out of space. Each ends the job with a clear reason; seedd keeps serving.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

class TestRuntimeFaults : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    bool m_boxReady = false;

    static bool anyLine(const QStringList &lines, const QString &needle)
    {
        return std::any_of(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.contains(needle, Qt::CaseInsensitive); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_boxReady = m_box.setUp(&error);
        if (!m_boxReady)
            qWarning("Podman sandbox unavailable: %s", qPrintable(error));
    }

    void oomKillFailsWithReason()
    {
        if (!m_boxReady)
            QSKIP("Podman sandbox unavailable");
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("none")}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        // busybox sort keeps its whole input (one 1.5 GB line) in memory: over the 1 GB limit.
        QJsonObject s = spec(QStringLiteral("oom"), QStringLiteral("head -c 1500m /dev/zero | sort >/dev/null"), PodmanSandbox::image());
        s.insert(QStringLiteral("memory_gb"), 1);
        const HttpResult created = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s);
        QVERIFY2(created.status == 201, created.body.constData());
        const QJsonObject j = waitTerminal(http, QStringLiteral("oom"), 120000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), 137);
        const QString msg = j.value(QStringLiteral("status_message")).toString();
        QVERIFY2(msg.contains(QLatin1String("out of memory"), Qt::CaseInsensitive), qPrintable(msg));
        QVERIFY(anyLine(logLines(http, QStringLiteral("oom")), QStringLiteral("out of memory")));
        QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
        QVERIFY(seedd.stop());
    }

    void podmanAbsentFailsJobsAndKeepsServing()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--podman"),
                             QStringLiteral("/nonexistent/podman")}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("nopod"), QStringLiteral("true"), PodmanSandbox::image()))
                     .status,
                 201);
        const QJsonObject j = waitTerminal(http, QStringLiteral("nopod"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QString msg = j.value(QStringLiteral("status_message")).toString();
        QVERIFY2(msg.contains(QLatin1String("/nonexistent/podman")) && msg.contains(QLatin1String("Podman")), qPrintable(msg));
        QVERIFY(anyLine(logLines(http, QStringLiteral("nopod")), QStringLiteral("is Podman installed")));
        QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
        QVERIFY(seedd.isRunning());
        QVERIFY(seedd.stop());
    }

    // The data dir on a 16 MiB tmpfs: an artifact copy that does not fit, and a job that fills /workspace.
    void fullDataDirFailsCleanly()
    {
        if (!m_boxReady)
            QSKIP("Podman sandbox unavailable");
        QTemporaryDir mnt(QStringLiteral("/tmp/seedfull-XXXXXX"));
        QVERIFY(mnt.isValid());
        if (QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                         QStringLiteral("size=16m"), QStringLiteral("tmpfs"), mnt.path()}) != 0)
            QSKIP("cannot mount a tmpfs here (not root?)");
        struct Unmount
        {
            QString path;
            ~Unmount() { QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), path}); }
        } unmount{mnt.path()};
        {
            SeeddProcess seedd(mnt.path() + QStringLiteral("/data"));
            QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("none")}));
            TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
            QJsonObject big = spec(QStringLiteral("bigout"), QStringLiteral("mkdir -p /out && head -c 40m /dev/zero > /out/big && echo wrote"),
                                   PodmanSandbox::image());
            big.insert(QStringLiteral("output_path"), QStringLiteral("/out"));
            QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), big).status, 201);
            const QJsonObject j = waitTerminal(http, QStringLiteral("bigout"), 60000);
            QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded")); // the job itself did succeed
            QVERIFY(!j.contains(QStringLiteral("artifacts")) || j.value(QStringLiteral("artifacts")).isNull());
            QVERIFY(anyLine(logLines(http, QStringLiteral("bigout")), QStringLiteral("No artifacts saved")));

            QJsonObject fill = spec(QStringLiteral("fillws"), QStringLiteral("head -c 40m /dev/zero > /workspace/f"), PodmanSandbox::image());
            QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), fill).status, 201);
            const QJsonObject f = waitTerminal(http, QStringLiteral("fillws"), 60000);
            QCOMPARE(f.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
            QVERIFY(f.value(QStringLiteral("exit_code")).toInt() != 0);
            // seedd is alive and serving, and the space came back (the workspace is removed with the job).
            QVERIFY(seedd.isRunning());
            QCOMPARE(http.get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
            QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                               spec(QStringLiteral("after"), QStringLiteral("echo ok"), PodmanSandbox::image()))
                         .status,
                     201);
            QCOMPARE(waitTerminal(http, QStringLiteral("after")).value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
            QVERIFY(seedd.stop());
        }
    }
};

QTEST_GUILESS_MAIN(TestRuntimeFaults)
#include "tst_runtime_faults.moc"
