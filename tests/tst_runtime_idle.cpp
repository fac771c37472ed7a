// seedd at rest and under a job's file-system load, on real Podman: an idle seedd is not woken up by timers of
// its own; while a job runs and prints nothing, its log is not polled; and a job that writes 200,000 files does
// not stall other clients (workspace walks and removals run on worker threads).
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>

using namespace rt;

namespace {
// Context switches of every thread of `pid` (voluntary + involuntary: a thread that wakes up and sleeps again
// counts one), by thread id.
QHash<QString, qint64> switches(qint64 pid)
{
    QHash<QString, qint64> out;
    const QString task = QStringLiteral("/proc/%1/task").arg(pid);
    for (const QString &tid : QDir(task).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(task + u'/' + tid + QStringLiteral("/status"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        qint64 n = 0;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                n += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        out.insert(tid, n);
    }
    return out;
}

// Wake-ups of `pid` over windowMs. Threads that ended meanwhile are not counted (a pool thread expiring).
qint64 wakeupsOver(qint64 pid, int windowMs)
{
    const QHash<QString, qint64> before = switches(pid);
    QTest::qWait(windowMs); // the measurement window itself, not a wait for something to happen
    const QHash<QString, qint64> after = switches(pid);
    qint64 n = 0;
    for (auto it = after.cbegin(); it != after.cend(); ++it)
        n += it.value() - before.value(it.key(), 0);
    return n;
}

// Whether some window of windowMs within timeoutMs sees at most `bound` wake-ups; the counts seen go to `seen`.
bool quietWindowWithin(qint64 pid, int windowMs, qint64 bound, int timeoutMs, QList<qint64> *seen)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() + windowMs <= timeoutMs) {
        const qint64 n = wakeupsOver(pid, windowMs);
        seen->append(n);
        if (n <= bound)
            return true;
    }
    return false;
}

QString counts(const QList<qint64> &l)
{
    QStringList s;
    for (qint64 n : l)
        s << QString::number(n);
    return s.join(QStringLiteral(", "));
}

// One GET over a fresh connection that is closed afterwards (so that no kept-alive connection keeps seedd's
// connection sweep running): milliseconds until the whole answer is in, -1 on failure.
double timedGet(const QUrl &base, const QByteArray &auth, const QString &path)
{
    QElapsedTimer t;
    t.start();
    QTcpSocket s;
    s.connectToHost(base.host(), quint16(base.port()));
    if (!s.waitForConnected(30000))
        return -1;
    s.write("GET " + path.toUtf8() + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth +
            "\r\nConnection: close\r\n\r\n");
    QByteArray got;
    const auto complete = [&got] {
        const qsizetype head = got.indexOf("\r\n\r\n");
        const qsizetype cl = got.indexOf("Content-Length: ");
        return head > 0 && cl > 0 && cl < head &&
               got.size() - head - 4 >= got.mid(cl + 16, got.indexOf('\r', cl) - cl - 16).toLongLong();
    };
    while (!complete()) {
        const bool more = s.waitForReadyRead(30000);
        got += s.readAll();
        if (!more)
            break;
    }
    s.abort();
    return got.startsWith("HTTP/1.1 200") ? double(t.nsecsElapsed()) / 1e6 : -1;
}
} // namespace

class TestRuntimeIdle : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_tmp;
    std::unique_ptr<SeeddProcess> m_seedd;

    QJsonObject submit(const QJsonObject &spec)
    {
        TestHttp http(m_seedd->url(), TestHttp::bearer(m_seedd->localToken()));
        const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec);
        [&] { QCOMPARE(r.status, 201); }();
        return r.json();
    }
    QByteArray auth() const { return TestHttp::bearer(m_seedd->localToken()); }
    QString status(const QString &name) const
    {
        const QUrl base(m_seedd->url());
        QTcpSocket s;
        s.connectToHost(base.host(), quint16(base.port()));
        if (!s.waitForConnected(10000))
            return {};
        s.write("GET /" + ns().toUtf8() + "/job/" + name.toUtf8() + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth() +
                "\r\nConnection: close\r\n\r\n");
        QByteArray got;
        while (s.waitForReadyRead(10000))
            got += s.readAll();
        const qsizetype body = got.indexOf("\r\n\r\n");
        return QJsonDocument::fromJson(got.mid(body + 4)).object().value(QStringLiteral("status")).toString();
    }
    bool waitStatusClosing(const QString &name, const QStringList &want, int timeoutMs = 60000)
    {
        QDeadlineTimer d(timeoutMs);
        while (!d.hasExpired()) {
            if (want.contains(status(name)))
                return true;
            QTest::qWait(100);
        }
        return false;
    }
    QString workspaceOf(const QString &jobId) const
    {
        return m_seedd->dataDir() + QStringLiteral("/work/") + jobId + QStringLiteral("/workspace");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        // Samples every 100 ms: the workspace is walked every tenth sample, once a second. No rate limit: the
        // test asks as fast as it is answered.
        QFile cfg(m_tmp.path() + QStringLiteral("/seedd.json"));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write(R"({"telemetry": {"sample_interval_ms": 100}, "rate_limit": {"per_second": 0}})");
        cfg.close();
        m_seedd = std::make_unique<SeeddProcess>();
        QVERIFY(m_seedd->start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                                QStringLiteral("cpus=8,memory_gb=16"), QStringLiteral("--cancel-grace"),
                                QStringLiteral("1"), QStringLiteral("--config"), cfg.fileName()}));
    }

    void cleanupTestCase()
    {
        if (m_seedd)
            QVERIFY(m_seedd->stop());
    }

    void idleSeeddIsNotWokenUp()
    {
        // Nothing runs and no client is connected: within 30 s (start-up's own work done), some 5 s window sees
        // at most 2 wake-ups of any seedd thread. Periodic timers (a 1 s connection sweep, a 1 s descriptor
        // check) made at least 5 per window.
        QList<qint64> seen;
        QVERIFY2(quietWindowWithin(m_seedd->pid(), 5000, 2, 30000, &seen), qPrintable(counts(seen)));
        qInfo("wake-ups per 5 s idle: %s", qPrintable(counts(seen)));
    }

    void silentJobsLogIsNotPolled()
    {
        // A running job that prints nothing: its log is read when it changes (inotify), with a 1 s safety poll;
        // the 100 ms sampler ticks are the rest. At most 150 wake-ups per 5 s; a 20 ms poll of the log made
        // 250 on its own.
        const QJsonObject j =
            submit(spec(QStringLiteral("silent"), QStringLiteral("while [ ! -e /workspace/go ]; do sleep 1; done"),
                        PodmanSandbox::image()));
        QVERIFY(waitStatusClosing(QStringLiteral("silent"), {QStringLiteral("running")}));
        QList<qint64> seen;
        const bool quiet = quietWindowWithin(m_seedd->pid(), 5000, 150, 30000, &seen);
        QFile go(workspaceOf(j.value(QStringLiteral("id")).toString()) + QStringLiteral("/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QVERIFY2(quiet, qPrintable(counts(seen)));
        qInfo("wake-ups per 5 s with a silent job: %s", qPrintable(counts(seen)));
        QVERIFY(waitStatusClosing(QStringLiteral("silent"), {QStringLiteral("succeeded")}));
    }

    void manyFilesDoNotStallOtherClients()
    {
        // GET /jobs while a job writes 200,000 files, while they are walked (sampler: once a second) and while
        // they are removed after the job: its slowest answer stays within a bound relative to the same GET on an
        // idle seedd (5x its slowest, or 20x its p99, over 10 s).
        const QUrl base(m_seedd->url());
        const QString list = QStringLiteral("/%1/jobs").arg(ns());
        // The idle baseline: the same GET for 10 s on this machine as it is now (other work on it included).
        QList<double> idle;
        QElapsedTimer idleFor;
        idleFor.start();
        while (idleFor.elapsed() < 10000) {
            const double ms = timedGet(base, auth(), list);
            QVERIFY(ms >= 0);
            idle << ms;
            QTest::qWait(5); // a client asking 100-200 times a second, not a busy loop taking a core of its own
        }
        std::sort(idle.begin(), idle.end());
        const double idleMedian = idle[idle.size() / 2];
        const double idleP99 = idle[idle.size() * 99 / 100];
        const double idleMax = idle.last();

        const QJsonObject j = submit(spec(QStringLiteral("files"),
                                          QStringLiteral("mkdir -p /workspace/d && cd /workspace/d && seq 1 200000 | "
                                                         "xargs touch && echo made && "
                                                         "while [ ! -e /workspace/go ]; do sleep 0.2; done"),
                                          PodmanSandbox::image()));
        const QString ws = workspaceOf(j.value(QStringLiteral("id")).toString());
        double worst = 0;
        int samples = 0;
        const auto measureUntil = [&](const std::function<bool()> &done, int timeoutMs) {
            QDeadlineTimer d(timeoutMs);
            while (!d.hasExpired() && !done()) {
                const double ms = timedGet(base, auth(), list);
                if (ms < 0) {
                    qWarning("GET %s failed", qPrintable(list));
                    return false;
                }
                worst = std::max(worst, ms);
                ++samples;
                QTest::qWait(5);
            }
            return done();
        };
        // Until all files are there, then three walks' worth (3 s of 100 ms ticks) of answers.
        const auto so = [&] { return QStringLiteral("worst %1 ms of %2 GETs so far").arg(worst).arg(samples); };
        QVERIFY2(measureUntil([&] { return QFileInfo::exists(ws + QStringLiteral("/d/200000")); }, 180000),
                 qPrintable(so()));
        QElapsedTimer walks;
        walks.start();
        QVERIFY2(measureUntil([&] { return walks.elapsed() > 3500; }, 10000), qPrintable(so()));
        // The job ends; its workspace, with the files, is removed.
        QFile go(ws + QStringLiteral("/go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QVERIFY2(measureUntil([&] { return !QFileInfo::exists(ws + QStringLiteral("/d")); }, 120000), qPrintable(so()));
        QVERIFY2(measureUntil([&] { return status(QStringLiteral("files")) == QLatin1String("succeeded"); }, 60000),
                 qPrintable(so()));
        // Removed in the background, the files may still be going: answers while that happens count too.
        QVERIFY2(
            measureUntil(
                [&] {
                    const QStringList rest =
                        QDir(QFileInfo(ws).path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
                    const QStringList trash =
                        QDir(m_seedd->dataDir() + QStringLiteral("/work"))
                            .entryList(QStringList{QStringLiteral(".trash-*")}, QDir::Dirs | QDir::Hidden);
                    return rest.isEmpty() && trash.isEmpty();
                },
                120000),
            qPrintable(so()));
        // Relative to the idle GETs: the scheduler's noise on a shared machine is in both. The main thread walking
        // and removing the files stalled answers for seconds (9.3 s seen; 364 ms with the workers at the main
        // thread's priority); a worker costs them CPU time at most. Never below 100 ms: a quiet idle phase (max
        // 3.2 ms) made the bound 16 ms, and a build starting on the cores meanwhile cost one GET 20.9 ms.
        const double bound = std::max({5 * idleMax, 20 * idleP99, 100.0});
        qInfo(
            "GET %s: idle (%lld GETs) median %.1f ms, p99 %.1f ms, max %.1f ms; under the 200k-file job: worst %.1f ms "
            "of %d (bound %.1f ms)",
            qPrintable(list), qlonglong(idle.size()), idleMedian, idleP99, idleMax, worst, samples, bound);
        QVERIFY2(worst <= bound, qPrintable(QStringLiteral("worst %1 ms > bound %2 ms").arg(worst).arg(bound)));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeIdle)
#include "tst_runtime_idle.moc"
