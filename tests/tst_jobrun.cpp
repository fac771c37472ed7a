// The decisions both runners share (backend/runtime/jobrun.*): how an attempt ended, whether it is retried,
// the [seed] lines, the flags of `podman run` and the shell quoting of the Slurm runner's batch scripts.
#include "runtime/jobrun.h"

#include <QProcess>
#include <QTest>

using namespace seed::runtime;
using namespace seed::runtime::jobrun;

Q_DECLARE_METATYPE(seed::runtime::jobrun::Outcome)

class TestJobRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<bool>("timeoutStop");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("exists");
        QTest::addColumn<bool>("oom");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("message");
        QTest::newRow("success") << false << false << QString() << true << false << 0 << Outcome::Succeeded << QString();
        QTest::newRow("exit 3") << false << false << QString() << true << false << 3 << Outcome::Failed
                                << QStringLiteral("Exited with code 3. boom");
        QTest::newRow("oom flag") << false << false << QString() << true << true << 137 << Outcome::Failed
                                  << QStringLiteral("Out of memory: the container was killed at its 4 GB memory limit (exit 137).");
        QTest::newRow("sigkill") << false << false << QString() << true << false << 137 << Outcome::Failed
                                 << QStringLiteral("Killed (SIGKILL, exit 137): most likely out of memory at its 4 GB memory "
                                                   "limit (the kernel's OOM killer), or killed from outside seedd.");
        QTest::newRow("gone") << false << false << QString() << false << false << -1 << Outcome::Failed
                              << QStringLiteral("The container disappeared.");
        QTest::newRow("reason") << false << false << QStringLiteral("No image.") << true << false << -1 << Outcome::Failed
                                << QStringLiteral("No image.");
        QTest::newRow("timeout") << false << true << QString() << true << false << 143 << Outcome::TimedOut
                                 << QStringLiteral("Timed out after 5 minute(s).");
        QTest::newRow("cancel") << true << false << QString() << true << false << 143 << Outcome::Cancelled
                                << QStringLiteral("Cancelled.");
        QTest::newRow("cancel in timeout grace") << true << true << QString() << true << false << 137 << Outcome::Cancelled
                                                 << QStringLiteral("Timed out after 5 minute(s), then cancelled while it was being stopped.");
        QTest::newRow("cancel with reason") << true << false << QStringLiteral("Why.") << true << false << 0
                                            << Outcome::Cancelled << QStringLiteral("Why.");
    }
    void classify()
    {
        QFETCH(bool, cancelled);
        QFETCH(bool, timeoutStop);
        QFETCH(QString, reason);
        QFETCH(bool, exists);
        QFETCH(bool, oom);
        QFETCH(int, exitCode);
        QFETCH(Outcome, outcome);
        QFETCH(QString, message);
        EndFacts f;
        f.cancelled = cancelled;
        f.timeoutStop = timeoutStop;
        f.reason = reason;
        f.exists = exists;
        f.oomKilled = oom;
        f.exitCode = exitCode;
        f.error = QStringLiteral("boom");
        f.timeoutMinutes = 5;
        f.memoryGb = 4;
        const Classification c = jobrun::classify(f);
        QCOMPARE(c.outcome, outcome);
        QCOMPARE(c.message, message);
    }

    void retryAndStatus()
    {
        QVERIFY(shouldRetry(Outcome::Failed, 0, 1));
        QVERIFY(!shouldRetry(Outcome::Failed, 1, 1));
        QVERIFY(!shouldRetry(Outcome::TimedOut, 0, 3));
        QVERIFY(!shouldRetry(Outcome::Cancelled, 0, 3));
        QVERIFY(!shouldRetry(Outcome::Succeeded, 0, 3));
        QCOMPARE(statusFor(Outcome::Succeeded), seed::wire::JobStatus::Succeeded);
        QCOMPARE(statusFor(Outcome::Failed), seed::wire::JobStatus::Failed);
        QCOMPARE(statusFor(Outcome::TimedOut), seed::wire::JobStatus::TimedOut);
        QCOMPARE(statusFor(Outcome::Cancelled), seed::wire::JobStatus::Cancelled);
    }

    void lines()
    {
        QCOMPARE(attemptLine(0, 2, QStringLiteral("container c")), QStringLiteral("Attempt 1 of 3 starting as container c."));
        QCOMPARE(attemptLine(3, 2, QStringLiteral("container c"), 2, 1),
                 QStringLiteral("Attempt 4 starting as container c (after 2 preemption(s); failures: 1 of 2 retries used)."));
        QCOMPARE(retryLine(0, QStringLiteral("Exited with code 1."), 0, 2),
                 QStringLiteral("Attempt 1 failed: Exited with code 1. Retrying (1 of 2)."));
        QCOMPARE(retryStatusMessage(QStringLiteral("x")), QStringLiteral("Retrying after: x"));
        QCOMPARE(cancelRequestedLine(30), QStringLiteral("Cancel requested: SIGTERM, then SIGKILL after 30 s."));
        QCOMPARE(cancelledWhileQueuedLine(), QStringLiteral("Cancelled while queued."));
        QCOMPARE(timeoutLine(2, 5), QStringLiteral("Timed out after 2 minute(s): stopping (SIGTERM, SIGKILL after 5 s)."));
        QCOMPARE(endLine(seed::wire::JobStatus::Failed, 3, QStringLiteral("Exited with code 3.")),
                 QStringLiteral("Job failed (exit code 3): Exited with code 3."));
        QCOMPARE(endLine(seed::wire::JobStatus::Succeeded, 0, QString()), QStringLiteral("Job succeeded (exit code 0)."));
        QCOMPARE(endLine(seed::wire::JobStatus::Cancelled, std::nullopt, QStringLiteral("Cancelled.")),
                 QStringLiteral("Job cancelled: Cancelled."));
    }

    void podmanFlags()
    {
        ContainerSpec spec;
        spec.name = QStringLiteral("c1");
        spec.image = QStringLiteral("img");
        spec.command = QStringLiteral("echo hi");
        spec.labels.insert(QStringLiteral("seed.job"), QStringLiteral("job_1"));
        spec.env.insert(QStringLiteral("SECRET"), QStringLiteral("s3cr3t"));
        spec.publicEnv.insert(QStringLiteral("SEED_ATTEMPT"), QStringLiteral("0"));
        spec.cpus = 2;
        spec.memoryBytes = 1024;
        spec.devices << QStringLiteral("nvidia.com/gpu=0");
        spec.mounts.append(Mount{QStringLiteral("/h"), QStringLiteral("/workspace"), false});
        PodmanRunOptions local;
        local.global = {QStringLiteral("--root"), QStringLiteral("/r")};
        local.logPath = QStringLiteral("/logs/c1.log");
        local.logMaxBytes = 10;
        local.ulimits = {QStringLiteral("nofile=1:1")};
        const QStringList a = podmanRunArguments(spec, local);
        const QStringList expected{
            QStringLiteral("--root"), QStringLiteral("/r"), QStringLiteral("run"), QStringLiteral("--detach"),
            QStringLiteral("--name"), QStringLiteral("c1"), QStringLiteral("--pull=never"), QStringLiteral("--log-driver"),
            QStringLiteral("k8s-file"), QStringLiteral("--log-opt"), QStringLiteral("path=/logs/c1.log"),
            QStringLiteral("--log-opt"), QStringLiteral("max-size=10"), QStringLiteral("--label"),
            QStringLiteral("seed.job=job_1"), QStringLiteral("--network"), QStringLiteral("none"),
            QStringLiteral("--cap-drop"), QStringLiteral("NET_RAW,MKNOD,AUDIT_WRITE,SYS_CHROOT,SETFCAP,SETPCAP,NET_BIND_SERVICE"),
            QStringLiteral("--security-opt"), QStringLiteral("no-new-privileges"), QStringLiteral("--cpus"),
            QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("1024"), QStringLiteral("--ulimit"),
            QStringLiteral("nofile=1:1"), QStringLiteral("--env"), QStringLiteral("SEED_ATTEMPT=0"), QStringLiteral("--env"),
            QStringLiteral("SECRET"), QStringLiteral("--device"), QStringLiteral("nvidia.com/gpu=0"),
            QStringLiteral("--volume"), QStringLiteral("/h:/workspace"), QStringLiteral("--workdir"),
            QStringLiteral("/workspace"), QStringLiteral("--entrypoint"), QStringLiteral(R"(["/bin/sh","-c"])"),
            QStringLiteral("img"), QStringLiteral("echo hi")};
        QCOMPARE(a, expected);
        QVERIFY(!a.join(u' ').contains(QLatin1String("s3cr3t")));

        // A Slurm node: attached, removed with its step, no stored log, the same confinement flags.
        PodmanRunOptions node = local;
        node.detach = false;
        node.removeOnExit = true;
        node.noLog = true;
        node.network = QStringLiteral("host");
        const QStringList b = podmanRunArguments(spec, node);
        QVERIFY(!b.contains(QLatin1String("--detach")));
        QVERIFY(b.contains(QLatin1String("--rm")));
        QCOMPARE(b.at(b.indexOf(QLatin1String("--log-driver")) + 1), QStringLiteral("none"));
        QCOMPARE(b.at(b.indexOf(QLatin1String("--network")) + 1), QStringLiteral("host"));
        for (const QString &flag : {QStringLiteral("--cap-drop"), QStringLiteral("--security-opt"), QStringLiteral("--cpus"),
                                    QStringLiteral("--memory"), QStringLiteral("--entrypoint"), QStringLiteral("--workdir")})
            QCOMPARE(b.at(b.indexOf(flag) + 1), a.at(a.indexOf(flag) + 1));
        QCOMPARE(b.last(), QStringLiteral("echo hi"));
    }

    void shellQuoting_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("plain") << QStringLiteral("abc");
        QTest::newRow("empty") << QString();
        QTest::newRow("quote") << QStringLiteral("it's");
        QTest::newRow("hostile") << QStringLiteral("'; rm -rf / #$(id)`id`\"\\\n$HOME");
        QTest::newRow("many quotes") << QStringLiteral("''''");
    }
    // A quoted word reaches a real /bin/sh as exactly itself.
    void shellQuoting()
    {
        QFETCH(QString, word);
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf %s ") + shellQuote(word)});
        QVERIFY(sh.waitForFinished(5000));
        QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()), word);
    }

    // Which output_path a preempted attempt's container hands on to the next (bind-mounted at the same path):
    // never one a bind mount cannot stand on, one under /workspace (kept anyway), or one with characters that
    // podman's --volume syntax reads as separators.
    void carriedOutputPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("carried");
        QTest::newRow("a directory") << QStringLiteral("/ckpt") << true;
        QTest::newRow("a file, deep") << QStringLiteral("/data/run-1/model_v2.pt") << true;
        QTest::newRow("'+' and '@'") << QStringLiteral("/out/a+b@c") << true;
        QTest::newRow("trailing slash") << QStringLiteral("/ckpt/") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("the root") << QStringLiteral("/") << false;
        QTest::newRow("the root, dotted") << QStringLiteral("/./") << false;
        QTest::newRow("/workspace") << QStringLiteral("/workspace") << false;
        QTest::newRow("under /workspace") << QStringLiteral("/workspace/out") << false;
        QTest::newRow("back into /workspace") << QStringLiteral("/x/../workspace/out") << false;
        QTest::newRow("/proc") << QStringLiteral("/proc/self/root") << false;
        QTest::newRow("dotted into /proc") << QStringLiteral("/a/../proc/1") << false;
        QTest::newRow("/sys") << QStringLiteral("/sys") << false;
        QTest::newRow("/dev") << QStringLiteral("/dev/shm/x") << false;
        QTest::newRow("a colon (volume options)") << QStringLiteral("/out:rw") << false;
        QTest::newRow("a comma (mount options)") << QStringLiteral("/out,ro") << false;
        QTest::newRow("a space") << QStringLiteral("/my out") << false;
        QTest::newRow("a newline") << QStringLiteral("/out\n/x") << false;
        QTest::newRow("a NUL") << QStringLiteral("/out") + QChar(0) + QStringLiteral("x") << false;
        QTest::newRow("not ASCII") << QStringLiteral("/ausgabe-\u00e4") << false;
        QTest::newRow("relative") << QStringLiteral("ckpt") << false;
    }
    void carriedOutputPaths()
    {
        QFETCH(QString, path);
        QFETCH(bool, carried);
        QCOMPARE(jobrun::carriesOutput(path), carried);
    }

    void workspacePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("inside");
        QTest::newRow("/workspace") << QStringLiteral("/workspace") << true;
        QTest::newRow("trailing slash") << QStringLiteral("/workspace/") << true;
        QTest::newRow("beneath") << QStringLiteral("/workspace/out/model.pt") << true;
        QTest::newRow("dotted into it") << QStringLiteral("/x/../workspace/out") << true;
        QTest::newRow("dotted out of it") << QStringLiteral("/workspace/../etc") << false;
        QTest::newRow("a longer name") << QStringLiteral("/workspacex") << false;
        QTest::newRow("a sibling") << QStringLiteral("/workspace-0/out") << false;
        QTest::newRow("relative") << QStringLiteral("workspace/out") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void workspacePaths()
    {
        // The Slurm runner keeps only what is in the workspace; the local runner carries what is outside it.
        QFETCH(QString, path);
        QFETCH(bool, inside);
        QCOMPARE(jobrun::inWorkspace(path), inside);
    }

    void leftOutLine()
    {
        QCOMPARE(jobrun::leftOutLine(0), QString());
        QCOMPARE(jobrun::leftOutLine(1), QStringLiteral("Artifacts: 1 entry that is neither a regular file nor a "
                                                        "directory (links, fifos, devices) left out."));
        QCOMPARE(jobrun::leftOutLine(3), QStringLiteral("Artifacts: 3 entries that are neither a regular file nor a "
                                                        "directory (links, fifos, devices) left out."));
    }
};

QTEST_GUILESS_MAIN(TestJobRun)
#include "tst_jobrun.moc"
