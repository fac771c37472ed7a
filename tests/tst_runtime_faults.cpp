// Faults on real Podman (sandbox storage): a job killed at its memory limit, Podman absent, and a data
// dir that runs out of space. Each ends the job with a clear reason; seedd keeps serving.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {
// A tmpfs of `size` at `path` for one test, unmounted when it goes (mounted is false where mounting is refused).
struct Tmpfs
{
    QString path;
    bool mounted = false;
    Tmpfs(const QString &where, const QString &size) : path(where)
    {
        mounted = QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                              QStringLiteral("size=") + size, QStringLiteral("tmpfs"), path}) == 0;
    }
    ~Tmpfs()
    {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), path});
    }
};
} // namespace

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
            SEED_SKIP_UNLESS_CI("Podman sandbox unavailable");
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
            SEED_SKIP_UNLESS_CI("Podman sandbox unavailable");
        QTemporaryDir mnt(QStringLiteral("/tmp/seedfull-XXXXXX"));
        QVERIFY(mnt.isValid());
        const Tmpfs tmpfs(mnt.path(), QStringLiteral("16m"));
        if (!tmpfs.mounted)
            QSKIP("cannot mount a tmpfs here (not root?)");
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

    // The log store's disk fills while a job prints: no line that was served ever disappears (also after a
    // restart), what could not be stored is counted in a line written when space returns and in the job's
    // status, and nothing is silently lost: stored + counted = printed.
    void aFullLogDiskLosesNoServedLine()
    {
        if (!m_boxReady)
            SEED_SKIP_UNLESS_CI("Podman sandbox unavailable");
        QTemporaryDir data(QStringLiteral("/tmp/seedlogfull-XXXXXX"));
        const QString logs = data.path() + QStringLiteral("/logs");
        QVERIFY(QDir().mkpath(logs));
        const Tmpfs tmpfs(logs, QStringLiteral("2m"));
        if (!tmpfs.mounted)
            QSKIP("cannot mount a tmpfs here (not root?)");
        SeeddProcess seedd(data.path());
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("none")}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        // ~200 kB of lines at first, then far more than 2 MB, then it waits for the space to come back.
        constexpr int kLines = 150000;
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("printer"),
                                QStringLiteral("seq 1 %1; while [ ! -e /workspace/go ]; do sleep 0.1; done; echo after-space").arg(kLines),
                                PodmanSandbox::image()))
                     .status,
                 201);
        const QJsonObject running = waitStatus(http, QStringLiteral("printer"), {QStringLiteral("running")});
        // The disk is full once the log stops growing: what is served now must survive everything below.
        QStringList served, previous;
        QDeadlineTimer d(60000);
        while (!d.hasExpired()) {
            served = logLines(http, QStringLiteral("printer"));
            if (!served.isEmpty() && served == previous)
                break;
            previous = served;
            QTest::qWait(1000);
        }
        QVERIFY(served.size() > 10);
        // Space comes back, the job goes on and ends.
        QCOMPARE(QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,size=64m"), logs}), 0);
        QFile go(data.path() + QStringLiteral("/work/") + running.value(QStringLiteral("id")).toString() + QStringLiteral("/workspace/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        const QJsonObject j = waitTerminal(http, QStringLiteral("printer"), 60000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY2(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("could not be stored")),
                 qPrintable(j.value(QStringLiteral("status_message")).toString()));
        const auto check = [&](const QStringList &after) {
            for (const QString &l : std::as_const(served))
                QVERIFY2(after.contains(l), qPrintable(QStringLiteral("served, then gone: ") + l));
            qint64 stored = 0, counted = 0, last = 0;
            static const QRegularExpression marker(QStringLiteral("^\\[seed\\] (\\d+) lines could not be stored"));
            for (const QString &l : after) {
                if (const auto m = marker.match(l); m.hasMatch()) {
                    counted += m.captured(1).toLongLong();
                    continue;
                }
                bool number = false;
                const qint64 n = l.toLongLong(&number);
                if (!number)
                    continue;
                QVERIFY2(n > last, qPrintable(l));
                last = n;
                ++stored;
            }
            QVERIFY(counted > 0);
            QCOMPARE(stored + counted, qint64(kLines));
            QVERIFY(after.contains(QStringLiteral("after-space")));
        };
        // Every line of the job as the log store keeps it ("seq TAB attempt TAB o|s TAB ms TAB message").
        const auto allLines = [&] {
            QFile f(logs + u'/' + running.value(QStringLiteral("id")).toString() + QStringLiteral(".log"));
            QStringList out;
            if (f.open(QIODevice::ReadOnly))
                while (!f.atEnd())
                    out << QString::fromUtf8(f.readLine().chopped(1).split('\t').value(4));
            return out;
        };
        check(allLines());
        // And after a restart, read from the file alone.
        QVERIFY(seedd.stop());
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("none")}));
        check(allLines());
        const QStringList tail = logLines(TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken())), QStringLiteral("printer"));
        QVERIFY(tail.contains(QStringLiteral("after-space")));
        QVERIFY(seedd.stop());
    }

    // A create while seedd's disk is full answers 507 insufficient_storage, and what was stored stays.
    void aCreateWhileFullIsRefusedClearly()
    {
        QTemporaryDir mnt(QStringLiteral("/tmp/seedfull507-XXXXXX"));
        const Tmpfs tmpfs(mnt.path(), QStringLiteral("8m"));
        if (!tmpfs.mounted)
            QSKIP("cannot mount a tmpfs here (not root?)");
        SeeddProcess seedd(mnt.path() + QStringLiteral("/data"));
        // API only: no container runs, the store is what fills.
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("kept"), QStringLiteral("echo"), QStringLiteral("localhost/x:1"))).status,
                 201);
        const QString filler = mnt.path() + QStringLiteral("/filler");
        QProcess::execute(QStringLiteral("dd"), {QStringLiteral("if=/dev/zero"), QStringLiteral("of=") + filler,
                                                 QStringLiteral("bs=64k"), QStringLiteral("status=none")});
        HttpResult r;
        // SQLite may still fit a row or two in free pages of its files: a few creates, then it is full.
        for (int i = 0; i < 200; ++i) {
            QJsonObject s = spec(QStringLiteral("big-%1").arg(i), QString(60000, u'x'), QStringLiteral("localhost/x:1"));
            r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s);
            if (r.status != 201)
                break;
        }
        QCOMPARE(r.status, 507);
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("insufficient_storage"));
        QVERIFY(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(
            QLatin1String("no space left")));
        QCOMPARE(http.get(QStringLiteral("/%1/job/kept").arg(ns())).status, 200);
        QVERIFY(QFile::remove(filler));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("again"), QStringLiteral("echo"), QStringLiteral("localhost/x:1"))).status,
                 201);
        QVERIFY(seedd.stop());
    }
};

QTEST_GUILESS_MAIN(TestRuntimeFaults)
#include "tst_runtime_faults.moc"
