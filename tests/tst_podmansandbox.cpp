// The suites' Podman sandbox (tests/support/podmansandbox.*) leaves no container process behind, also one caught in
// "stopping": a `podman stop` killed in its grace (a test's seedd stopped in the middle of a cancel) leaves that
// state, and Podman 4.3's `rm --force` then drops the container from its list while its processes run on. Seen in a
// CI run of tst_telemetry: a CPU-burning job's container ran on for 18 minutes after the suite had passed.
#include "podmansandbox.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <csignal>

namespace {
// Whether the process runs (a zombie does not: its parent has yet to reap it).
bool running(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    return s.mid(s.lastIndexOf(')') + 2, 1) != "Z";
}
QByteArray trimmedOut(const PodmanSandbox::Run &r) { return r.out.trimmed(); }
} // namespace

class TestPodmanSandbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noContainerOutlivesTheSandbox()
    {
        qint64 pid = 0;
        {
            PodmanSandbox box;
            QString error;
            if (!box.setUp(&error))
                SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
            QCOMPARE(
                box.podman({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"),
                            QStringLiteral("stubborn"), QStringLiteral("--pull=never"), PodmanSandbox::image(),
                            QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("while :; do sleep 1; done")})
                    .exitCode,
                0);
            const QStringList inspect{QStringLiteral("inspect"), QStringLiteral("--format"),
                                      QStringLiteral("{{.State.Pid}}"), QStringLiteral("stubborn")};
            pid = trimmedOut(box.podman(inspect)).toLongLong();
            QVERIFY(pid > 0 && running(pid));
            // sh as PID 1 ignores SIGTERM: the stop waits out its grace, and is killed in it.
            QProcess stop;
            stop.start(QStringLiteral("podman"), {QStringLiteral("stop"), QStringLiteral("--time"),
                                                  QStringLiteral("60"), QStringLiteral("stubborn")});
            QVERIFY(stop.waitForStarted());
            const QStringList status{QStringLiteral("inspect"), QStringLiteral("--format"),
                                     QStringLiteral("{{.State.Status}}"), QStringLiteral("stubborn")};
            QTRY_COMPARE_WITH_TIMEOUT(trimmedOut(box.podman(status)), QByteArray("stopping"), 20000);
            stop.kill();
            QVERIFY(stop.waitForFinished(10000));
            QCOMPARE(trimmedOut(box.podman(status)), QByteArray("stopping"));
            QVERIFY(running(pid));
        }
        QTRY_VERIFY2_WITH_TIMEOUT(!running(pid), qPrintable(QStringLiteral("pid %1 runs on").arg(pid)), 10000);
    }
};

QTEST_GUILESS_MAIN(TestPodmanSandbox)
#include "tst_podmansandbox.moc"
