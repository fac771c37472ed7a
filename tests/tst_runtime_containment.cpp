// A job stays in its box, tried as an attacker would with real containers: links planted in the workspace
// never let seedd move or serve a host file (the data dir's local-token included), fifos never freeze seedd,
// the container runs without the capabilities a training job does not need, and a job printing as fast as it
// can neither exhausts seedd's memory nor the disk, nor loses lines silently.
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "sanitizers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/stat.h>

using namespace rt;

namespace {
QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
// A /proc/PID/status value in kB.
qint64 statusKb(qint64 pid, const char *key)
{
    const QList<QByteArray> lines = readFile(QStringLiteral("/proc/%1/status").arg(pid)).split('\n');
    for (const QByteArray &l : lines)
        if (l.startsWith(key))
            return l.mid(qstrlen(key)).trimmed().split(' ').first().toLongLong();
    return -1;
}
// Disk blocks actually used under a directory (holes do not count), in bytes.
qint64 diskUsed(const QString &dir)
{
    qint64 total = 0;
    const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden);
    for (const QFileInfo &fi : files) {
        struct stat st = {};
        if (::stat(QFile::encodeName(fi.filePath()).constData(), &st) == 0)
            total += qint64(st.st_blocks) * 512;
    }
    return total;
}
} // namespace

class TestRuntimeContainment : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_host; // stands for any host directory: /etc, /root, another user's data
    std::unique_ptr<SeeddProcess> m_seedd;
    std::unique_ptr<TestHttp> m_http;

    void submit(const QString &name, const QString &command, const QString &outputPath)
    {
        QJsonObject s = spec(name, command, PodmanSandbox::image());
        if (!outputPath.isEmpty())
            s.insert(QStringLiteral("output_path"), outputPath);
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s);
        QCOMPARE(r.status, 201);
    }
    QString canary() const { return m_host.path() + QStringLiteral("/canary"); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        QVERIFY(m_host.isValid());
        m_seedd = std::make_unique<SeeddProcess>();
        QVERIFY(m_seedd->start({QStringLiteral("--capacity"), QStringLiteral("cpus=8,memory_gb=16")}));
        m_http = std::make_unique<TestHttp>(m_seedd->url(), TestHttp::bearer(m_seedd->localToken()));
    }
    void init()
    {
        QFile f(canary());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("host-secret");
    }

    void linksInTheOutputPathNeverReachTheHost_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("outputPath");
        QTest::addColumn<QString>("victim"); // the host file that must stay where it is, unread
        const QString host = m_host.path();
        const QString data = m_seedd ? m_seedd->dataDir() : QString();
        QTest::newRow("middle component") << QStringLiteral("busybox ln -s %1 /workspace/sub").arg(host)
                                          << QStringLiteral("/workspace/sub/canary") << canary();
        QTest::newRow("last component") << QStringLiteral("busybox ln -s %1/canary /workspace/out").arg(host)
                                        << QStringLiteral("/workspace/out") << canary();
        QTest::newRow("deeper middle") << QStringLiteral("mkdir -p /workspace/a && busybox ln -s %1 /workspace/a/b").arg(host)
                                       << QStringLiteral("/workspace/a/b/canary") << canary();
        QTest::newRow("/proc/self/root") << QStringLiteral("busybox ln -s /proc/self/root%1 /workspace/p").arg(host)
                                         << QStringLiteral("/workspace/p/canary") << canary();
        QTest::newRow("the data dir's local-token") << QStringLiteral("busybox ln -s %1 /workspace/d").arg(data)
                                                    << QStringLiteral("/workspace/d/local-token")
                                                    << data + QStringLiteral("/local-token");
    }
    void linksInTheOutputPathNeverReachTheHost()
    {
        QFETCH(QString, command);
        QFETCH(QString, outputPath);
        QFETCH(QString, victim);
        const QByteArray before = readFile(victim);
        QVERIFY(!before.isEmpty());
        const QString name = QStringLiteral("link-%1").arg(QLatin1String(QTest::currentDataTag())).replace(QRegularExpression(QStringLiteral("[^a-z0-9-]")), QStringLiteral("-"));
        submit(name, command, outputPath);
        const QJsonObject j = waitTerminal(*m_http, name);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY2(!j.contains(QStringLiteral("artifacts")) || j.value(QStringLiteral("artifacts")).isNull(),
                 qPrintable(QString::fromUtf8(QJsonDocument(j).toJson())));
        QCOMPARE(readFile(victim), before); // still there, unchanged
        const QStringList log = logLines(*m_http, name);
        QVERIFY2(std::any_of(log.cbegin(), log.cend(), [](const QString &l) {
                     return l.startsWith(QLatin1String("[seed] No artifacts saved:")) && l.contains(QLatin1String("link"));
                 }),
                 qPrintable(log.join(u'\n')));
        // Nothing of it reached the artifacts directory either.
        const QString id = j.value(QStringLiteral("id")).toString();
        QVERIFY(!QFileInfo::exists(m_seedd->dataDir() + QStringLiteral("/artifacts/") + id + QStringLiteral("/files")));
        // The token still works: nobody took it over.
        QCOMPARE(m_http->get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
    }

    void aFifoNeverFreezesSeedd()
    {
        // The fifo as the output path, and inside an output directory beside a real file.
        submit(QStringLiteral("fifo-top"), QStringLiteral("busybox mkfifo /workspace/f"), QStringLiteral("/workspace/f"));
        submit(QStringLiteral("fifo-inside"),
               QStringLiteral("mkdir /workspace/o && busybox mkfifo /workspace/o/pipe && echo hi > /workspace/o/a.txt"),
               QStringLiteral("/workspace/o"));
        const QJsonObject top = waitTerminal(*m_http, QStringLiteral("fifo-top"));
        QCOMPARE(top.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(!top.contains(QStringLiteral("artifacts")) || top.value(QStringLiteral("artifacts")).isNull());
        const QJsonObject inside = waitTerminal(*m_http, QStringLiteral("fifo-inside"));
        const QJsonObject art = inside.value(QStringLiteral("artifacts")).toObject();
        QCOMPARE(art.value(QStringLiteral("files")).toInt(), 1);
        // The download answers at once with the one regular file, and seedd keeps answering others meanwhile.
        const QString path = art.value(QStringLiteral("download_url")).toString().mid(m_seedd->url().size());
        QElapsedTimer t;
        t.start();
        const HttpResult tar = m_http->get(path);
        QCOMPARE(tar.status, 200);
        bool ok = false;
        const QList<TarFile> files = readTar(tar.body, &ok);
        QVERIFY(ok);
        QCOMPARE(std::count_if(files.cbegin(), files.cend(), [](const TarFile &f) { return f.type == '0'; }), 1);
        QCOMPARE(m_http->get(path + QStringLiteral("?file=pipe")).status, 404);
        QCOMPARE(m_http->get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(logLines(*m_http, QStringLiteral("fifo-inside")).join(u'\n').contains(QLatin1String("left out")));
    }

    void copiedOutputKeepsNoLinksOrSpecialFiles()
    {
        // Outside /workspace: podman cp keeps links and fifos as they were; seedd removes them after the copy.
        submit(QStringLiteral("cp-links"),
               QStringLiteral("mkdir -p /out && echo data > /out/real && busybox ln -s /etc/passwd /out/pw && "
                              "busybox ln -s %1 /out/host && busybox mkfifo /out/pipe").arg(m_host.path()),
               QStringLiteral("/out"));
        const QJsonObject j = waitTerminal(*m_http, QStringLiteral("cp-links"));
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(j.value(QStringLiteral("artifacts")).toObject().value(QStringLiteral("files")).toInt(), 1);
        const QString files = m_seedd->dataDir() + QStringLiteral("/artifacts/") + j.value(QStringLiteral("id")).toString() +
                              QStringLiteral("/files");
        QCOMPARE(QDir(files).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("real")});
        QCOMPARE(readFile(canary()), QByteArray("host-secret"));
    }

    void theContainerHasNoSpareCapabilities()
    {
        submit(QStringLiteral("caps"), QStringLiteral("cat /proc/self/status; busybox mknod /tmp/disk b 7 0 && echo MKNOD-OK"), {});
        QCOMPARE(waitTerminal(*m_http, QStringLiteral("caps")).value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QStringList log = logLines(*m_http, QStringLiteral("caps"));
        quint64 capEff = ~0ull;
        int noNewPrivs = -1;
        for (const QString &l : log) {
            if (l.startsWith(QLatin1String("CapEff:")))
                capEff = l.mid(7).trimmed().toULongLong(nullptr, 16);
            if (l.startsWith(QLatin1String("NoNewPrivs:")))
                noNewPrivs = l.mid(11).trimmed().toInt();
        }
        QVERIFY2(capEff != ~0ull, qPrintable(log.join(u'\n')));
        for (int bit : {8 /*SETPCAP*/, 10 /*NET_BIND_SERVICE*/, 13 /*NET_RAW*/, 18 /*SYS_CHROOT*/, 21 /*SYS_ADMIN*/,
                        27 /*MKNOD*/, 29 /*AUDIT_WRITE*/, 31 /*SETFCAP*/})
            QVERIFY2(!(capEff & (1ull << bit)), qPrintable(QStringLiteral("capability bit %1 is set: %2").arg(bit).arg(capEff, 0, 16)));
        QCOMPARE(noNewPrivs, 1);
        QVERIFY(!log.contains(QStringLiteral("MKNOD-OK")));
    }

    // `yes` at full speed: seedd's memory stays bounded, the container's log on disk stays bounded, the job ends
    // with its last line stored, and what could not be stored is said in the log with its count.
    void aFloodIsBounded()
    {
        const int seconds = qEnvironmentVariableIntValue("SEED_FLOOD_SECONDS") > 0 ? qEnvironmentVariableIntValue("SEED_FLOOD_SECONDS") : 60;
        submit(QStringLiteral("flood"), QStringLiteral("yes & sleep %1; kill $!; wait $!; echo flood-done").arg(seconds), {});
        QVERIFY(waitStatus(*m_http, QStringLiteral("flood"), {QStringLiteral("running")}).value(QStringLiteral("status")) ==
                QStringLiteral("running"));
        const QString containerLogs = m_seedd->dataDir() + QStringLiteral("/container-logs");
        qint64 maxDisk = 0;
        QDeadlineTimer d((seconds + 60) * 1000);
        QJsonObject j;
        while (!d.hasExpired()) {
            maxDisk = std::max(maxDisk, diskUsed(containerLogs));
            j = job(*m_http, QStringLiteral("flood"));
            if (j.value(QStringLiteral("status")).toString() != QLatin1String("running"))
                break;
            QTest::qWait(500);
        }
        j = waitTerminal(*m_http, QStringLiteral("flood"), 120000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const qint64 peakKb = statusKb(m_seedd->pid(), "VmHWM:");
        qInfo("flood %d s: seedd peak RSS %lld kB, container log on disk at most %lld MB", seconds, peakKb, maxDisk >> 20);
        QVERIFY2(peakKb > 0 && (kUnderAddressSanitizer || peakKb <= 100 * 1024), qPrintable(QString::number(peakKb)));
        QVERIFY2(maxDisk <= (300ll << 20), qPrintable(QString::number(maxDisk)));
        const QJsonArray tail = m_http->get(QStringLiteral("/%1/job/flood/logs?tail=200").arg(ns())).json().value(QStringLiteral("lines")).toArray();
        QStringList last;
        for (const QJsonValue &v : tail)
            last << v.toObject().value(QStringLiteral("message")).toString();
        QVERIFY2(last.contains(QStringLiteral("flood-done")), qPrintable(last.join(u'\n')));
        // The daemon still answers promptly.
        QElapsedTimer t;
        t.start();
        QCOMPARE(m_http->get(QStringLiteral("/%1/jobs").arg(ns())).status, 200);
        QVERIFY(t.elapsed() < 2000);
    }

    // With a small backlog cap seedd has to skip part of a fast printer's output: every line the job printed is
    // either stored, once and in order, or counted in a "[seed] N lines dropped (log cap)" line. Never silently.
    void everyLineIsStoredOrCounted()
    {
        QTemporaryDir cfgDir;
        QFile cfg(cfgDir.path() + QStringLiteral("/seedd.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(R"({"runtime": {"log_backlog_mb": 1}})");
        cfg.close();
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--config"), cfg.fileName()}));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        constexpr int kLines = 3000000;
        const QJsonObject s = spec(QStringLiteral("count"), QStringLiteral("seq 1 %1").arg(kLines), PodmanSandbox::image());
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), s).status, 201);
        const QJsonObject j = waitTerminal(http, QStringLiteral("count"), 180000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        // The log store's own file: "seq TAB attempt TAB o|s TAB ms TAB message".
        QFile store(seedd.dataDir() + QStringLiteral("/logs/") + j.value(QStringLiteral("id")).toString() + QStringLiteral(".log"));
        QVERIFY(store.open(QIODevice::ReadOnly));
        static const QRegularExpression marker(QStringLiteral("^\\[seed\\] (\\d+) lines dropped \\(log cap\\)"));
        qint64 stored = 0, dropped = 0, last = 0;
        while (!store.atEnd()) {
            const QByteArray line = store.readLine().chopped(1);
            const QList<QByteArray> f = line.split('\t');
            QCOMPARE(f.size(), 5);
            if (f[2] == "s") {
                const auto m = marker.match(QString::fromUtf8(f[4]));
                if (m.hasMatch())
                    dropped += m.captured(1).toLongLong();
                continue;
            }
            const qint64 n = f[4].toLongLong();
            QVERIFY2(n > last, qPrintable(QStringLiteral("%1 after %2").arg(n).arg(last))); // once, in order
            last = n;
            ++stored;
        }
        qInfo("%lld lines stored, %lld counted as dropped", stored, dropped);
        QCOMPARE(last, qint64(kLines));
        QCOMPARE(stored + dropped, qint64(kLines));
        QVERIFY(seedd.stop());
    }

    // kill -9 of the container's conmon: the exit is unknown, so the job is failed with that said, never
    // "succeeded, exit 0"; every line written before is kept.
    void aKilledMonitorIsReportedTruthfully()
    {
        submit(QStringLiteral("monitor"), QStringLiteral("for i in $(seq 1 300); do echo line $i; sleep 0.05; done"), {});
        QJsonObject j = waitStatus(*m_http, QStringLiteral("monitor"), {QStringLiteral("running")});
        QVERIFY(waitLog(*m_http, QStringLiteral("monitor"), QStringLiteral("line 20")));
        const QString container = QStringLiteral("seed-%1-a0").arg(j.value(QStringLiteral("id")).toString());
        const PodmanSandbox::Run r = m_box.podman({QStringLiteral("inspect"), QStringLiteral("--format"),
                                                   QStringLiteral("{{.State.ConmonPid}}"), container});
        const qint64 conmon = r.out.trimmed().toLongLong();
        QVERIFY2(conmon > 0, r.out.constData());
        QStringList seen = logLines(*m_http, QStringLiteral("monitor"));
        QCOMPARE(::kill(pid_t(conmon), SIGKILL), 0);
        j = waitTerminal(*m_http, QStringLiteral("monitor"), 90000);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(!j.contains(QStringLiteral("exit_code")) || j.value(QStringLiteral("exit_code")).isNull(),
                 qPrintable(QString::fromUtf8(QJsonDocument(j).toJson())));
        QVERIFY2(j.value(QStringLiteral("status_message")).toString().contains(QLatin1String("conmon")),
                 qPrintable(j.value(QStringLiteral("status_message")).toString()));
        const QStringList after = logLines(*m_http, QStringLiteral("monitor"));
        seen.erase(std::remove_if(seen.begin(), seen.end(), [](const QString &l) { return !l.startsWith(QLatin1String("line ")); }),
                   seen.end());
        for (const QString &l : std::as_const(seen))
            QVERIFY2(after.contains(l), qPrintable(l));
        // What is kept is a gap-free start: line 1 .. line N.
        int n = 0;
        for (const QString &l : after)
            if (l.startsWith(QLatin1String("line ")))
                QCOMPARE(l, QStringLiteral("line %1").arg(++n));
        QVERIFY(n >= seen.size());
    }

    // A job may end with the codes podman uses for itself (125: podman's error, 126/127: the command could not run,
    // 137: SIGKILL) and print what looks like a container id; none of it may change what seedd reports. Only the
    // job's stdin is attached to its `podman run`, so nothing it prints reaches the start's output; its exit status is
    // taken as is except for those codes, which inspect confirms.
    void ownExitCodesAndFakeIdsAreReportedTruthfully_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString fakeId = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        const QString prints = QStringLiteral("echo %1; echo %1 >&2; ").arg(fakeId);
        QTest::newRow("125 after a fake id") << prints + QStringLiteral("exit 125") << QStringLiteral("failed") << 125
                                             << QStringLiteral("Exited with code 125.");
        QTest::newRow("126") << prints + QStringLiteral("exit 126") << QStringLiteral("failed") << 126
                             << QStringLiteral("Exited with code 126.");
        QTest::newRow("127") << prints + QStringLiteral("exit 127") << QStringLiteral("failed") << 127
                             << QStringLiteral("Exited with code 127.");
        QTest::newRow("137 without a kill") << prints + QStringLiteral("exit 137") << QStringLiteral("failed") << 137
                                            << QStringLiteral("exit 137");
        QTest::newRow("3") << prints + QStringLiteral("exit 3") << QStringLiteral("failed") << 3
                           << QStringLiteral("Exited with code 3.");
        QTest::newRow("0 after a fake id") << prints + QStringLiteral("exit 0") << QStringLiteral("succeeded") << 0
                                           << QString();
    }
    void ownExitCodesAndFakeIdsAreReportedTruthfully()
    {
        QFETCH(QString, command);
        QFETCH(QString, status);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString name = QStringLiteral("code-%1-%2").arg(exitCode).arg(QTest::currentDataTag()[0] == '0' ? 0 : 1);
        submit(name, command, {});
        const QJsonObject j = waitTerminal(*m_http, name, 60000);
        const QByteArray shown = QJsonDocument(j).toJson();
        QCOMPARE(j.value(QStringLiteral("status")).toString(), status);
        QVERIFY2(j.value(QStringLiteral("exit_code")).isDouble(), shown.constData());
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), exitCode);
        QVERIFY2(!j.value(QStringLiteral("started_at")).toString().isEmpty(), shown.constData());
        if (!message.isEmpty())
            QVERIFY2(j.value(QStringLiteral("status_message")).toString().contains(message), shown.constData());
        // Both copies of the fake id are in the job's log (stdout and stderr), as the job's own lines.
        const QStringList lines = logLines(*m_http, name);
        QCOMPARE(lines.count(QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")), 2);
    }

    // Nothing of a seedd killed with kill -9 watches its containers after a restart: its `podman wait` watchers go with
    // it, the `podman run` that stays attached to each container it started goes when the restarted seedd finds that
    // container started (the container runs on and is re-attached); the restart also removes the simulated-GPU CDI spec
    // the killed seedd left when it no longer simulates GPUs.
    void nothingOutlivesAKilledSeedd()
    {
        QTemporaryDir cdi;
        SeeddProcess seedd;
        const QString kind = QStringLiteral("seed.local/gpu-c%1").arg(QCoreApplication::applicationPid());
        QVERIFY(seedd.start({QStringLiteral("--gpus"), QStringLiteral("simulate=L4:1"), QStringLiteral("--cdi-kind"), kind,
                             QStringLiteral("--cdi-spec-dir"), cdi.path()}));
        const QString specFile = cdi.path() + u'/' + QString(kind).replace(u'/', u'_') + QStringLiteral(".json");
        QVERIFY(QFile::exists(specFile));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()),
                           spec(QStringLiteral("sleeper"), QStringLiteral("sleep 60"), PodmanSandbox::image()))
                     .status,
                 201);
        const QJsonObject j = waitStatus(http, QStringLiteral("sleeper"), {QStringLiteral("running")});
        const QString container = QStringLiteral("seed-%1-a0").arg(j.value(QStringLiteral("id")).toString());
        // podman processes of the container: `podman wait` and the start's attached `podman run`.
        const auto watchers = [&container] {
            QSet<QString> found;
            const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
            for (const QString &pid : pids) {
                const QList<QByteArray> argv = readFile(QStringLiteral("/proc/%1/cmdline").arg(pid)).split('\0');
                if (argv.size() > 2 && argv.first().endsWith("podman") &&
                    (argv.contains("wait") || argv.contains("run")) && argv.contains(container.toUtf8()))
                    found.insert(pid);
            }
            return found;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!watchers().isEmpty(), 10000);
        const QSet<QString> before = watchers();
        // One podman process per running job: the start's, which returns the exit status (no `podman wait` beside it).
        QCOMPARE(before.size(), 1);
        QVERIFY(readFile(QStringLiteral("/proc/%1/cmdline").arg(*before.cbegin())).split('\0').contains("run"));
        seedd.kill9();
        QVERIFY(QFile::exists(specFile)); // nobody removed it yet
        // Back without simulated GPUs: the stale spec goes; the job is re-attached and followed again.
        QVERIFY(seedd.start({QStringLiteral("--cdi-spec-dir"), cdi.path()}));
        QVERIFY(!QFile::exists(specFile));
        QTRY_VERIFY_WITH_TIMEOUT(!watchers().intersects(before), 10000);
        TestHttp again(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QTRY_VERIFY_WITH_TIMEOUT(!watchers().isEmpty(), 10000);
        QCOMPARE(again.post(QStringLiteral("/auth/v1/seed/%1/jobs/sleeper/cancel").arg(ns()), QJsonObject{}).status, 200);
        QCOMPARE(waitTerminal(again, QStringLiteral("sleeper"), 60000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QVERIFY(seedd.stop());
    }

    void cleanupTestCase()
    {
        if (m_seedd)
            QVERIFY(m_seedd->stop());
    }
};

QTEST_GUILESS_MAIN(TestRuntimeContainment)
#include "tst_runtime_containment.moc"
