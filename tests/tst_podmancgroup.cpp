// A running container's cgroup as PodmanRuntime reads it from /proc (backend/runtime/podmancgroup.cpp), on the
// command line of a real conmon and the /proc/PID/cgroup of its container's first process (tests/fixtures/cgroup).
#include "runtime/podman.h"

#include "fixture.h"

#include <QTest>

using namespace seed::runtime;

namespace {
QByteArray fixture(const char *name) { return readFixture(QStringLiteral("cgroup/") + QLatin1String(name)); }

QByteArray conmonCmdline() { return fixture("conmon-cmdline.txt").replace('\n', '\0'); }

const QString kName = QStringLiteral("seed-job_e50d2a31be93-a0");
const QString kId = QStringLiteral("8c647f609c4bf483f761afc52640d912ce28a5a5a1330b424be8ec99acf0cff9");
} // namespace

class TestPodmanCgroup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void monitorNamesTheContainer()
    {
        QCOMPARE(containerIdOfMonitor(conmonCmdline(), kName), kId);
        // Another container's monitor (a pid reused since), or no monitor at all: no id.
        QCOMPARE(containerIdOfMonitor(conmonCmdline(), QStringLiteral("seed-job_e50d2a31be93-a1")), QString());
        QCOMPARE(containerIdOfMonitor(conmonCmdline(), QString()), QString());
        QCOMPARE(containerIdOfMonitor(QByteArray("/bin/sleep\0"
                                                 "600\0",
                                                 15),
                                      kName),
                 QString());
        QCOMPARE(containerIdOfMonitor(QByteArray(), kName), QString());
        // An id that is not 64 hex digits is not taken.
        QByteArray odd = conmonCmdline();
        odd.replace(kId.toUtf8(), "../../etc");
        QCOMPARE(containerIdOfMonitor(odd, kName), QString());
    }

    void hybridCgroupOfTheContainer()
    {
        QCOMPARE(containerCgroupOf(fixture("proc-cgroup-hybrid.txt"), kId),
                 QStringLiteral("/libpod_parent/libpod-") + kId);
        // Another container's id, or none: not this container's cgroup.
        QCOMPARE(containerCgroupOf(fixture("proc-cgroup-hybrid.txt"), QString(64, u'0')), QString());
        QCOMPARE(containerCgroupOf(fixture("proc-cgroup-hybrid.txt"), QString()), QString());
    }

    void notYetInTheContainer()
    {
        // During the start the monitor's child is runc, in the monitor's own cgroup.
        const QByteArray runc =
            "4:memory:/libpod_parent/conmon\n1:cpu:/libpod_parent/conmon\n0::/libpod_parent/conmon\n";
        QCOMPARE(containerCgroupOf(runc, kId), QString());
    }

    void shapes_data()
    {
        QTest::addColumn<QByteArray>("procCgroup");
        QTest::addColumn<QString>("cgroup");
        const QByteArray id = kId.toUtf8();
        QTest::newRow("v2, systemd manager") << "0::/machine.slice/libpod-" + id + ".scope\n"
                                             << QStringLiteral("/machine.slice/libpod-%1.scope").arg(kId);
        // The container's own sub-cgroup (or one its job made): cut at the container's.
        QTest::newRow("v2, beneath the scope") << "0::/machine.slice/libpod-" + id + ".scope/container\n"
                                               << QStringLiteral("/machine.slice/libpod-%1.scope").arg(kId);
        QTest::newRow("v1, a job's sub-cgroup") << "4:memory:/libpod_parent/libpod-" + id + "/libpod-" + id + "\n"
                                                << QStringLiteral("/libpod_parent/libpod-%1").arg(kId);
        QTest::newRow("v1, memory with others") << "6:memory,hugetlb:/x/libpod-" + id + "\n0::/\n"
                                                << QStringLiteral("/x/libpod-%1").arg(kId);
        QTest::newRow("only a name lookalike") << "0::/libpod-" + id + "x\n" << QString();
        QTest::newRow("garbage") << QByteArray("no colons here\n::\n") << QString();
    }
    void shapes()
    {
        QFETCH(QByteArray, procCgroup);
        QFETCH(QString, cgroup);
        QCOMPARE(containerCgroupOf(procCgroup, kId), cgroup);
    }
};

QTEST_GUILESS_MAIN(TestPodmanCgroup)
#include "tst_podmancgroup.moc"
