// LocalExecutor against a scripted Runtime (no Podman): the decisions that must hold whatever the runtime's
// timing is. Resources are freed only once the container's exit is confirmed, never because a log stream
// ended; repo jobs resolve their branch head at submit without blocking the event loop.
#include "jobs/jobservice.h"
#include "podmansandbox.h"
#include "logs/logstore.h"
#include "runtime/localexecutor.h"
#include "runtime/runtime.h"
#include "store/store.h"
#include "wire/jobspec.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace seed;

namespace {

// A runtime whose containers run until the test says they exit, and whose log streams end when the test says.
class FakeRuntime : public runtime::Runtime
{
public:
    struct Container
    {
        bool running = true;
        int exitCode = -1;
        bool oom = false;
        QList<std::function<void()>> followers;
        QList<std::function<void()>> exitWatchers; // follow()'s `exited`
        QList<std::function<void(runtime::Result)>> waiters;
    };
    QMap<QString, Container> containers;
    QStringList started; // names, in start order
    QHash<QString, runtime::ContainerSpec> specs;

    QString name() const override { return QStringLiteral("fake"); }
    void start(const runtime::ContainerSpec &spec, QObject *context, std::function<void(runtime::Result)> done) override
    {
        started << spec.name;
        specs.insert(spec.name, spec);
        containers.insert(spec.name, Container{});
        QTimer::singleShot(0, context, [done] { done(runtime::Result{true, 0, {}}); });
    }
    void follow(const QString &c, qint64, QObject *context, std::function<void(const runtime::LogBatch &)>,
                std::function<void()> exited, std::function<void()> done) override
    {
        containers[c].followers << [context, done] { QTimer::singleShot(0, context, done); };
        containers[c].exitWatchers << [context, exited] { QTimer::singleShot(0, context, exited); };
    }
    void inspect(const QString &c, QObject *context, std::function<void(runtime::ContainerState)> done) override
    {
        runtime::ContainerState s;
        if (containers.contains(c)) {
            const Container &k = containers[c];
            s.exists = true;
            s.running = k.running;
            s.status = k.running ? QStringLiteral("running") : QStringLiteral("exited");
            s.exitCode = k.exitCode;
            s.oomKilled = k.oom;
        }
        QTimer::singleShot(0, context, [done, s] { done(s); });
    }
    void wait(const QString &c, QObject *context, std::function<void(runtime::Result)> done) override
    {
        if (!containers.contains(c) || !containers[c].running) {
            const int code = containers.value(c).exitCode;
            QTimer::singleShot(0, context, [done, code] { done(runtime::Result{true, code, {}}); });
            return;
        }
        containers[c].waiters << [context, done](runtime::Result r) { QTimer::singleShot(0, context, [done, r] { done(r); }); };
    }
    void stop(const QString &c, int, QObject *context, std::function<void(runtime::Result)> done) override
    {
        exit(c, 137);
        QTimer::singleShot(0, context, [done] { done(runtime::Result{true, 0, {}}); });
    }
    void copyOut(const QString &, const QString &, const QString &, QObject *context, std::function<void(runtime::Result)> done) override
    {
        QTimer::singleShot(0, context, [done] { done(runtime::Result{false, 1, QStringLiteral("no files")}); });
    }
    void remove(const QString &c, QObject *context, std::function<void(runtime::Result)> done) override
    {
        containers.remove(c);
        QTimer::singleShot(0, context, [done] { done(runtime::Result{true, 0, {}}); });
    }
    void list(const QString &, const QString &, QObject *context,
              std::function<void(bool, QList<runtime::ContainerInfo>, QString)> done) override
    {
        QTimer::singleShot(0, context, [done] { done(true, {}, {}); });
    }

    // The log stream of `c` ends (the container may well still run).
    void endStream(const QString &c)
    {
        const auto fs = std::exchange(containers[c].followers, {});
        for (const auto &f : fs)
            f();
    }
    // The container exits; its log stream ends too unless `streamEnds` is false (the last read still to come).
    void exit(const QString &c, int code, bool streamEnds = true)
    {
        Container &k = containers[c];
        k.running = false;
        k.exitCode = code;
        const auto ws = std::exchange(k.waiters, {});
        for (const auto &w : ws)
            w(runtime::Result{true, code, {}});
        const auto xs = std::exchange(k.exitWatchers, {});
        for (const auto &x : xs)
            x();
        if (streamEnds)
            endStream(c);
    }
};

wire::JobSpec gpuJob(const QString &name)
{
    wire::JobSpec s;
    s.name = name;
    s.command = QStringLiteral("sleep 100");
    s.image = QStringLiteral("localhost/seed-busybox:test");
    s.gpu = QStringLiteral("A100-80GB");
    s.gpuCount = 1;
    s.cpu = 2;
    s.memoryGb = 2;
    return s;
}

} // namespace

class TestExecutor : public QObject
{
    Q_OBJECT
    struct Rig
    {
        QTemporaryDir dir;
        store::Store store;
        std::unique_ptr<logs::LogStore> logs;
        std::unique_ptr<jobs::JobService> jobs;
        FakeRuntime runtime;
        std::unique_ptr<runtime::LocalExecutor> exec;

        bool up(const QString &gitBase = {})
        {
            QString err;
            if (!store.open(dir.path() + QStringLiteral("/seed.db"), &err))
                return false;
            logs = std::make_unique<logs::LogStore>(dir.path() + QStringLiteral("/logs"));
            jobs = std::make_unique<jobs::JobService>(store, wire::PriceTable::defaults());
            QString perr;
            const auto gpus = sched::parseSimulated(QStringLiteral("A100-80GB:1"), &perr);
            sched::GpuInventory inv;
            inv.source = QStringLiteral("simulated");
            inv.gpus = *gpus;
            runtime::ExecutorSettings es;
            es.dataDir = dir.path();
            es.cdiSpecDir = dir.path() + QStringLiteral("/cdi");
            es.cancelGraceSeconds = 1;
            if (!gitBase.isEmpty())
                es.gitBase = gitBase;
            exec = std::make_unique<runtime::LocalExecutor>(*jobs, store, *logs, runtime, inv, sched::Capacity{64, 256}, es);
            jobs->setExecutor(exec.get());
            if (!exec->start(&err))
                return false;
            return QTest::qWaitFor([this] { return exec->ready(); }, 5000);
        }
        QString status(const QString &name) { return seed::wire::jobStatusName(store.job(QStringLiteral("t"), name)->status); }
    };

private Q_SLOTS:
    // The end of a log stream freed the GPU while the container still ran, and the next job
    // was started on the same GPU.
    void gpuStaysHeldUntilTheContainerHasExited()
    {
        Rig rig;
        QVERIFY(rig.up());
        auto a = rig.jobs->create(QStringLiteral("t"), gpuJob(QStringLiteral("a")));
        QVERIFY(a);
        auto b = rig.jobs->create(QStringLiteral("t"), gpuJob(QStringLiteral("b")));
        QVERIFY(b);
        QTRY_COMPARE(rig.status(QStringLiteral("a")), QStringLiteral("running"));
        QCOMPARE(rig.runtime.started.size(), 1);
        const QString ca = rig.runtime.started.first();

        // The log reader stops early; the container runs on.
        rig.runtime.endStream(ca);
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents(QEventLoop::AllEvents);
        QTest::qWait(50);
        QCOMPARE(rig.runtime.started.size(), 1); // b must not get the GPU that a still uses
        QCOMPARE(rig.status(QStringLiteral("b")), QStringLiteral("queued"));
        QCOMPARE(rig.status(QStringLiteral("a")), QStringLiteral("running"));

        // The container really exits: only now does b start, on the same (single) GPU.
        rig.runtime.exit(ca, 0);
        QTRY_COMPARE(rig.status(QStringLiteral("a")), QStringLiteral("succeeded"));
        QTRY_COMPARE(rig.status(QStringLiteral("b")), QStringLiteral("running"));
        QCOMPARE(rig.runtime.started.size(), 2);
        QCOMPARE(rig.runtime.specs.value(rig.runtime.started.at(1)).devices, rig.runtime.specs.value(ca).devices);
        rig.runtime.exit(rig.runtime.started.at(1), 0);
        QTRY_COMPARE(rig.status(QStringLiteral("b")), QStringLiteral("succeeded"));
    }

    // The next job starts as soon as the runtime has seen the container exit, not only after its last log read
    // and its inspection (~0.2 s per job that kept a one-at-a-time queue idle).
    void gpuIsFreedWhenTheExitIsSeen()
    {
        Rig rig;
        QVERIFY(rig.up());
        QVERIFY(rig.jobs->create(QStringLiteral("t"), gpuJob(QStringLiteral("a"))));
        QVERIFY(rig.jobs->create(QStringLiteral("t"), gpuJob(QStringLiteral("b"))));
        QTRY_COMPARE(rig.status(QStringLiteral("a")), QStringLiteral("running"));
        const QString ca = rig.runtime.started.first();

        rig.runtime.exit(ca, 0, /*streamEnds=*/false);
        QTRY_COMPARE(rig.status(QStringLiteral("b")), QStringLiteral("running"));
        QCOMPARE(rig.runtime.started.size(), 2);
        QCOMPARE(rig.runtime.specs.value(rig.runtime.started.at(1)).devices, rig.runtime.specs.value(ca).devices);
        QCOMPARE(rig.status(QStringLiteral("a")), QStringLiteral("running")); // its end is stored after the last read
        rig.runtime.endStream(ca);
        QTRY_COMPARE(rig.status(QStringLiteral("a")), QStringLiteral("succeeded"));
        rig.runtime.exit(rig.runtime.started.at(1), 0);
        QTRY_COMPARE(rig.status(QStringLiteral("b")), QStringLiteral("succeeded"));
    }

    // A repo job's branch head is resolved at submit without blocking the event loop; the
    // caller gets the job (with commit_sha) later, then the row exists.
    void repoBranchResolvesAsynchronously()
    {
        QTemporaryDir git;
        const QString sha = PodmanSandbox::makeGitRepo(git.path(), QStringLiteral("t/proj"), {{QStringLiteral("a.txt"), "x\n"}});
        QVERIFY(!sha.isEmpty());
        Rig rig;
        QVERIFY(rig.up(QStringLiteral("file://") + git.path()));
        wire::JobSpec s = gpuJob(QStringLiteral("r"));
        s.image.clear();
        s.repo = QStringLiteral("t/proj");
        s.branch = QStringLiteral("main");
        std::optional<wire::Expected<wire::Job>> got;
        rig.jobs->createAsync(QStringLiteral("t"), s, &rig.runtime, [&](wire::Expected<wire::Job> j) { got = j; });
        QVERIFY(!got); // answered later, from the event loop
        QVERIFY(!rig.store.job(QStringLiteral("t"), QStringLiteral("r")));
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QCOMPARE(got->value().commitSha, sha);
        QCOMPARE(rig.store.job(QStringLiteral("t"), QStringLiteral("r"))->commitSha, sha);
        // The same name again: still one transaction per create, so the second is a conflict.
        std::optional<wire::Expected<wire::Job>> again;
        rig.jobs->createAsync(QStringLiteral("t"), s, &rig.runtime, [&](wire::Expected<wire::Job> j) { again = j; });
        QTRY_VERIFY(again.has_value());
        QVERIFY(!again->ok());
        QCOMPARE(again->error().httpStatus(), 409);
        // A branch that does not exist: created all the same, commit_sha left to the clone (which then fails).
        s.name = QStringLiteral("r2");
        s.branch = QStringLiteral("nope");
        std::optional<wire::Expected<wire::Job>> missing;
        rig.jobs->createAsync(QStringLiteral("t"), s, &rig.runtime, [&](wire::Expected<wire::Job> j) { missing = j; });
        QTRY_VERIFY(missing.has_value());
        QVERIFY(missing->ok());
        QVERIFY(missing->value().commitSha.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
