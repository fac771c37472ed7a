// LogStore: every line on disk before it is served; ids per job strictly increasing across attempts and
// reopenings; tail/since/has_more; torn last lines; per-attempt output counts (re-attach after restarts).
// Also the pure parts of the runtime: podman arguments (secrets by name only), the tar layout, and the k8s-file
// log follower on a file written by the test.
#include "logs/logstore.h"
#include "fs/tar.h"
#include "runtime/logfollower.h"
#include "runtime/podman.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace seed;

namespace {
QDateTime at(qint64 s) { return QDateTime::fromSecsSinceEpoch(1700000000 + s, Qt::UTC); }
} // namespace

class TestLogStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Lines of a multi-node job carry the node that printed them (additive "node"), from memory and from disk
    // alike, count as container lines for re-attaching, and a node name that would break the format is left out.
    void nodeTags()
    {
        QTemporaryDir dir;
        const QString id = QStringLiteral("job_n");
        {
            logs::LogStore store(dir.path());
            store.append(id, 0, logs::Source::Output, {{at(1), QStringLiteral("from a")}}, QStringLiteral("nodeA"));
            store.append(id, 0, logs::Source::Output, {{at(2), QStringLiteral("from b")}}, QStringLiteral("nodeB"));
            store.append(id, 0, logs::Source::Output, {{at(3), QStringLiteral("bad")}}, QStringLiteral("x\ty"));
            store.append(id, 0, logs::Source::System, QStringLiteral("[seed] sys"), at(4));
            const wire::LogPage mem = store.read(id, {});
            QCOMPARE(mem.lines.size(), 4);
            QCOMPARE(mem.lines[0].node, QStringLiteral("nodeA"));
            QCOMPARE(mem.lines[1].toJson().value(QStringLiteral("node")).toString(), QStringLiteral("nodeB"));
            QVERIFY(!mem.lines[2].toJson().contains(QStringLiteral("node")));
            QVERIFY(!mem.lines[3].toJson().contains(QStringLiteral("node")));
        }
        logs::LogStore reopened(dir.path());
        const wire::LogPage disk = reopened.read(id, {});
        QCOMPARE(disk.lines.size(), 4);
        QCOMPARE(disk.lines[0].node, QStringLiteral("nodeA"));
        QCOMPARE(disk.lines[1].node, QStringLiteral("nodeB"));
        QCOMPARE(disk.lines[1].message, QStringLiteral("from b"));
        QVERIFY(disk.lines[2].node.isEmpty());
        QCOMPARE(reopened.outputLines(id, 0), 3);
        QCOMPARE(wire::LogLine::fromJson(disk.lines[0].toJson()), disk.lines[0]);
    }

    void appendAndRead()
    {
        QTemporaryDir dir;
        logs::LogStore store(dir.path());
        QSignalSpy spy(&store, &logs::LogStore::linesAppended);
        QCOMPARE(store.lastSeq(QStringLiteral("job_a")), 0);
        QList<QPair<QDateTime, QString>> batch;
        for (int i = 0; i < 10; ++i)
            batch.append({at(i), QStringLiteral("line %1").arg(i)});
        QCOMPARE(store.append(QStringLiteral("job_a"), 0, logs::Source::Output, batch), 10);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy[0][0].toString(), QStringLiteral("job_a"));
        QCOMPARE(spy[0][1].toLongLong(), 10);
        // On disk before the signal: a fresh store over the same directory sees it.
        logs::LogStore other(dir.path());
        QCOMPARE(other.lastSeq(QStringLiteral("job_a")), 10);

        wire::LogQuery q;
        q.tail = 3;
        wire::LogPage p = store.read(QStringLiteral("job_a"), q);
        QCOMPARE(p.lines.size(), 3);
        QCOMPARE(p.lines.first().message, QStringLiteral("line 7"));
        QCOMPARE(p.lines.last().seq, 10);
        QVERIFY(p.hasMore);
        q.tail = 100;
        q.since = at(6);
        p = store.read(QStringLiteral("job_a"), q);
        QCOMPARE(p.lines.size(), 3); // 7, 8, 9
        QVERIFY(!p.hasMore);
        q.tail = 0;
        QVERIFY(store.read(QStringLiteral("job_a"), q).lines.isEmpty());
        QCOMPARE(store.readAfter(QStringLiteral("job_a"), 8).size(), 2);
        QCOMPARE(store.readAfter(QStringLiteral("job_a"), 0, 4).last().seq, 4);
    }

    void attemptsAndEscapes()
    {
        QTemporaryDir dir;
        {
            logs::LogStore store(dir.path());
            store.append(QStringLiteral("job_b"), 0, logs::Source::System, QStringLiteral("[seed] starting"));
            store.append(QStringLiteral("job_b"), 0, logs::Source::Output, QStringLiteral("tab\there\\n back\\slash"));
            store.append(QStringLiteral("job_b"), 1, logs::Source::Output,
                         {{at(1), QStringLiteral("x")}, {at(2), QStringLiteral("y")}});
        }
        logs::LogStore store(dir.path());
        QCOMPARE(store.outputLines(QStringLiteral("job_b"), 0), 1);
        QCOMPARE(store.outputLines(QStringLiteral("job_b"), 1), 2);
        QCOMPARE(store.outputLines(QStringLiteral("job_b"), 2), 0);
        QCOMPARE(store.append(QStringLiteral("job_b"), 1, logs::Source::Output, QStringLiteral("z")),
                 5); // seq continues
        const QList<logs::StoredLine> all = store.readAll(QStringLiteral("job_b"));
        QCOMPARE(all.size(), 5);
        QCOMPARE(all[1].message, QStringLiteral("tab\there\\n back\\slash"));
        QCOMPARE(all[0].source, logs::Source::System);
        QCOMPARE(all[4].attempt, 1);
    }

    void tornLastLineIsNotServed()
    {
        QTemporaryDir dir;
        {
            logs::LogStore store(dir.path());
            store.append(QStringLiteral("job_c"), 0, logs::Source::Output, QStringLiteral("whole"));
        }
        QFile f(dir.path() + QStringLiteral("/job_c.log"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("2\t0\to\t1700000000000\tpart");
        f.close();
        logs::LogStore store(dir.path());
        QCOMPARE(store.readAll(QStringLiteral("job_c")).size(), 1);
        QCOMPARE(store.lastSeq(QStringLiteral("job_c")), 1);
        store.remove(QStringLiteral("job_c"));
        QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/job_c.log")));
    }

    // Re-attaching after a restart skips as many container lines as were stored, counted from the file. A line
    // stored as several parts (carriage-return redraws, over kMaxLineChars) or as none (only "\r") counted once in
    // memory but per part from the file: after a restart of seedd, re-attaching skipped lines the job printed later.
    void restartCountsContainerLinesNotParts()
    {
        QTemporaryDir dir;
        const QString job = QStringLiteral("job_r");
        const QList<QPair<QDateTime, QString>> batch = {
            {at(0), QStringLiteral("\r 10%|#   | 1/10\r 20%|##  | 2/10\r 30%|### | 3/10")},
            {at(1), QStringLiteral("\r")},
            {at(2), QString()},
            {at(3), QString(logs::LogStore::kMaxLineChars + 5, u'x')},
            {at(4), QStringLiteral("done")},
        };
        qint64 stored = 0;
        {
            logs::LogStore store(dir.path());
            stored = store.append(job, 0, logs::Source::Output, batch);
            store.append(job, 0, logs::Source::System, QStringLiteral("[seed] a\rsystem line"), at(5));
            QCOMPARE(store.outputLines(job, 0), qint64(batch.size()));
        }
        logs::LogStore restarted(dir.path());
        QCOMPARE(restarted.outputLines(job, 0), qint64(batch.size()));
        // Every part is still served, in order.
        const QList<logs::StoredLine> all = restarted.readAll(job);
        QCOMPARE(all.size(), stored + 2);
        QCOMPARE(all[0].message, QStringLiteral(" 10%|#   | 1/10"));
        QCOMPARE(all[2].message, QStringLiteral(" 30%|### | 3/10"));
        QCOMPARE(all[3].message, QString());
        QCOMPARE(all[stored - 1].message, QStringLiteral("done"));
        QCOMPARE(all[stored].source, logs::Source::System);
        // The same after the size bound dropped the oldest lines (the .meta side file keeps their count).
        restarted.setMaxBytesPerJob(16384);
        for (int i = 0; i < 600; ++i)
            restarted.append(job, 0, logs::Source::Output, QStringLiteral("x\ry %1").arg(i), at(10 + i));
        QVERIFY(restarted.dropped(job) > 0);
        logs::LogStore again(dir.path());
        QCOMPARE(again.outputLines(job, 0), qint64(batch.size() + 600));
    }

    // Ids in a file that this store never writes (past 2^53, the JSON-exact range) are foreign lines: appending
    // after one overflowed the next id.
    void hugeIdsInAFileAreForeign()
    {
        QTemporaryDir dir;
        QFile f(dir.path() + QStringLiteral("/job_h.log"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("1\t0\to\t1700000000000\tok\n9223372036854775807\t0\to\t1700000000000\tforeign\n");
        f.close();
        logs::StoredLine l;
        QVERIFY(logs::parseStoredLine("1\t0\to\t1700000000000\tok", &l));
        QVERIFY(!logs::parseStoredLine("9223372036854775807\t0\to\t1700000000000\tforeign", &l));
        logs::LogStore store(dir.path());
        QCOMPARE(store.lastSeq(QStringLiteral("job_h")), 1);
        QCOMPARE(store.append(QStringLiteral("job_h"), 0, logs::Source::Output, QStringLiteral("next")), 2);
        QCOMPARE(store.readAll(QStringLiteral("job_h")).size(), 2);
    }

    // The newest lines are served from memory: exactly what a reader of the file gets (a fresh store over the same
    // directory), for tail, since and resume, across escapes, splits of long lines and millisecond timestamps.
    void memoryAndDiskServeTheSame()
    {
        QTemporaryDir dir;
        logs::LogStore live(dir.path());
        const QString job = QStringLiteral("job_m");
        const QString longLine(logs::LogStore::kMaxLineChars + 100, QChar(0x00e9)); // split in two, 2-byte UTF-8
        qint64 expectedLast = 0;
        for (int b = 0; b < 40; ++b) {
            QList<QPair<QDateTime, QString>> batch;
            for (int i = 0; i < 700; ++i) {
                const qint64 n = qint64(b) * 700 + i;
                QString msg = QStringLiteral("line-%1").arg(n);
                if (n % 97 == 0)
                    msg += QStringLiteral("\ttab\\back\x01ctl\x7f\u00e4\U0001F600");
                if (n % 5001 == 0)
                    msg = longLine;
                // Local-time QDateTimes with milliseconds: served as the same instant either way.
                batch.append({QDateTime::fromMSecsSinceEpoch(1700000000000 + n * 7), msg});
                expectedLast += n % 5001 == 0 ? 2 : 1;
            }
            live.append(job, b % 2, b == 3 ? logs::Source::System : logs::Source::Output, batch);
        }
        QCOMPARE(live.lastSeq(job), expectedLast);
        logs::LogStore disk(dir.path());
        for (const qint64 after : {qint64(0), qint64(511), qint64(512), expectedLast - 9000, expectedLast - 8192,
                                   expectedLast - 100, expectedLast - 1, expectedLast}) {
            const QList<wire::LogLine> m = live.readAfter(job, after, 3000);
            QVERIFY2(m == disk.readAfter(job, after, 3000), qPrintable(QString::number(after)));
            for (qsizetype i = 0; i < m.size(); ++i)
                QCOMPARE(m[i].seq, after + 1 + i); // dense, in order
        }
        QCOMPARE(live.readAfter(job, 0, 3000).first().message, longLine.left(logs::LogStore::kMaxLineChars));
        for (const int tail : {1, 100, 5000, 10000}) {
            wire::LogQuery q;
            q.tail = tail;
            const wire::LogPage a = live.read(job, q), b = disk.read(job, q);
            QVERIFY(a.lines == b.lines);
            QCOMPARE(a.hasMore, b.hasMore);
            QCOMPARE(a.lines.size(), tail);
            QCOMPARE(a.lines.last().seq, expectedLast);
        }
        wire::LogQuery q;
        q.tail = 300;
        q.since = QDateTime::fromMSecsSinceEpoch(1700000000000 + 20000 * 7);
        const wire::LogPage a = live.read(job, q);
        QVERIFY(a.lines == disk.read(job, q).lines);
        QCOMPARE(a.lines.size(), 300);
        QVERIFY(a.hasMore);
        QCOMPARE(a.lines.last().seq, expectedLast);
    }

    // Resume from early in a log larger than one read chunk, with lines longer than a chunk's worth of lines.
    void resumeReadsAcrossChunks()
    {
        QTemporaryDir dir;
        const QString job = QStringLiteral("job_k");
        {
            logs::LogStore store(dir.path());
            for (int b = 0; b < 30; ++b) {
                QList<QPair<QDateTime, QString>> batch;
                for (int i = 0; i < 50; ++i)
                    batch.append({at(b * 50 + i), QString(10000 + i, QChar(u'a' + (b * 50 + i) % 26))});
                store.append(job, 0, logs::Source::Output, batch);
            }
        }
        logs::LogStore store(dir.path()); // from disk only
        const QList<wire::LogLine> lines = store.readAfter(job, 700, 400);
        QCOMPARE(lines.size(), 400);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const qint64 n = 700 + i; // 0-based index of the printed line
            QCOMPARE(lines[i].seq, n + 1);
            QCOMPARE(lines[i].message, QString(10000 + n % 50, QChar(char16_t(u'a' + n % 26))));
            QCOMPARE(lines[i].timestamp, at(n));
        }
        wire::LogQuery q;
        q.since = at(1400);
        q.tail = 10;
        const wire::LogPage p = store.read(job, q);
        QCOMPARE(p.lines.size(), 10);
        QCOMPARE(p.lines.first().seq, 1491);
        QVERIFY(p.hasMore);
    }

    // The per-job bound drops old lines from memory too; many jobs do not hold memory without bound (the lines of
    // the least recent ones are read from disk again).
    void boundAndManyJobs()
    {
        QTemporaryDir dir;
        logs::LogStore store(dir.path());
        store.setMaxBytesPerJob(200 * 1024);
        const QString job = QStringLiteral("job_d");
        for (int b = 0; b < 100; ++b) {
            QList<QPair<QDateTime, QString>> batch;
            for (int i = 0; i < 100; ++i)
                batch.append({at(b), QStringLiteral("bounded line %1 ........................").arg(b * 100 + i)});
            store.append(job, 0, logs::Source::Output, batch);
        }
        const qint64 dropped = store.dropped(job);
        QVERIFY(dropped > 0);
        const QList<wire::LogLine> fromStart = store.readAfter(job, 0, 100000);
        QCOMPARE(fromStart.first().seq, dropped + 1);
        QCOMPARE(fromStart.last().seq, 10000);
        QCOMPARE(fromStart.size(), 10000 - dropped);
        for (int j = 0; j < 80; ++j)
            store.append(QStringLiteral("job_many_%1").arg(j), 0, logs::Source::Output,
                         {{at(j), QStringLiteral("a")}, {at(j), QStringLiteral("b")}});
        for (int j = 0; j < 80; ++j) {
            const QList<wire::LogLine> l = store.readAfter(QStringLiteral("job_many_%1").arg(j), 1);
            QCOMPARE(l.size(), 1);
            QCOMPARE(l.first().message, QStringLiteral("b"));
        }
        QCOMPARE(store.readAfter(job, 9990).size(), 10);
    }

    // The files stay open between appends, for the jobs that appended last only: a hundred jobs printing hold a
    // bounded number of descriptors, and every line still reaches the file that a restarted seedd reads, also after
    // the size bound replaced a job's file and after a job's log was removed and written again.
    void filesKeptOpenStayBoundedAndCurrent()
    {
        const auto openFiles = [] {
            return QDir(QStringLiteral("/proc/self/fd"))
                .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
                .size();
        };
        QTemporaryDir dir;
        logs::LogStore store(dir.path());
        store.setMaxBytesPerJob(4096);
        const qsizetype before = openFiles();
        for (int round = 0; round < 3; ++round)
            for (int j = 0; j < 100; ++j)
                store.append(
                    QStringLiteral("job_fd_%1").arg(j), 0, logs::Source::Output,
                    {{at(round),
                      QStringLiteral("round %1 of job %2 .................................").arg(round).arg(j)}});
        const qsizetype held = openFiles() - before;
        QVERIFY2(held <= 16, qPrintable(QString::number(held)));
        QVERIFY2(held >= 1, "no file kept open: the change is not in effect");
        // None of them reaches a process seedd starts (podman, and through it a job): close-on-exec, every one.
        int ofTheStore = 0;
        for (const QFileInfo &fd : QDir(QStringLiteral("/proc/self/fd"))
                                       .entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
            if (!fd.symLinkTarget().startsWith(dir.path()))
                continue;
            ++ofTheStore;
            QFile info(QStringLiteral("/proc/self/fdinfo/") + fd.fileName());
            QVERIFY(info.open(QIODevice::ReadOnly));
            const QByteArray flags = info.readAll().split('\n').value(1); // "flags:\t0102001"
            QVERIFY2(flags.startsWith("flags:") && (flags.mid(6).trimmed().toLongLong(nullptr, 8) & 02000000),
                     flags.constData());
        }
        QCOMPARE(ofTheStore, held);
        // Compaction replaces job_fd_0's file while it is open: later lines go to the new one.
        const QString busy = QStringLiteral("job_fd_0");
        for (int i = 0; i < 1200; ++i)
            store.append(busy, 0, logs::Source::Output,
                         {{at(i), QStringLiteral("busy line %1 ..............................").arg(i)}});
        QVERIFY(store.dropped(busy) > 0);
        // Removed and written again: a new file.
        const QString again = QStringLiteral("job_fd_1");
        store.remove(again);
        QCOMPARE(store.append(again, 1, logs::Source::Output, {{at(9), QStringLiteral("after the removal")}}), 1);

        logs::LogStore restarted(dir.path());
        const QList<wire::LogLine> busyLines = restarted.readAfter(busy, store.dropped(busy), 100000);
        QCOMPARE(busyLines, store.readAfter(busy, store.dropped(busy), 100000));
        QCOMPARE(busyLines.last().message, QStringLiteral("busy line 1199 .............................."));
        QCOMPARE(restarted.lastSeq(busy), 1203);
        const QList<wire::LogLine> againLines = restarted.readAfter(again, 0);
        QCOMPARE(againLines.size(), 1);
        QCOMPARE(againLines.first().message, QStringLiteral("after the removal"));
        for (int j = 2; j < 100; ++j) {
            const QList<wire::LogLine> l = restarted.readAfter(QStringLiteral("job_fd_%1").arg(j), 0);
            QCOMPARE(l.size(), 3);
            QVERIFY(l.last().message.startsWith(QStringLiteral("round 2 of job %1 ").arg(j)));
        }
    }

    void podmanArguments()
    {
        runtime::PodmanSettings s;
        s.ulimits = {QStringLiteral("nofile=20000:20000")};
        runtime::PodmanRuntime podman(s);
        runtime::ContainerSpec spec;
        spec.name = QStringLiteral("seed-job_x-a0");
        spec.image = QStringLiteral("img:1");
        spec.command = QStringLiteral("echo $HOME; exit 3");
        spec.labels = {{QStringLiteral("seed.job"), QStringLiteral("job_x")}};
        spec.env = {{QStringLiteral("TOKEN"), QStringLiteral("very-secret")}};
        spec.publicEnv = {{QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("GPU-1")}};
        spec.devices = {QStringLiteral("seed.local/gpu=1")};
        spec.cpus = 2;
        spec.memoryBytes = 1ll << 30;
        const QStringList a = podman.runArguments(spec);
        QVERIFY(!a.join(u' ').contains(QLatin1String("very-secret")));
        QCOMPARE(a.mid(0, 3),
                 (QStringList{QStringLiteral("--runtime"), QStringLiteral("runc"), QStringLiteral("run")}));
        const auto pairOf = [&a](const char *flag, const QString &value) {
            for (qsizetype i = 0; i + 1 < a.size(); ++i)
                if (a[i] == QLatin1String(flag) && a[i + 1] == value)
                    return true;
            return false;
        };
        QVERIFY(a.contains(QStringLiteral("--pull=never")));
        QVERIFY(pairOf("--env", QStringLiteral("TOKEN")));
        QVERIFY(pairOf("--env", QStringLiteral("CUDA_VISIBLE_DEVICES=GPU-1")));
        QVERIFY(pairOf("--label", QStringLiteral("seed.job=job_x")));
        QVERIFY(pairOf("--network", QStringLiteral("none")));
        QVERIFY(pairOf("--device", QStringLiteral("seed.local/gpu=1")));
        QVERIFY(pairOf("--ulimit", QStringLiteral("nofile=20000:20000")));
        QVERIFY(pairOf("--cpus", QStringLiteral("2")));
        QVERIFY(pairOf("--memory", QStringLiteral("1073741824")));
        QVERIFY(pairOf("--workdir", QStringLiteral("/workspace")));
        QCOMPARE(a.last(), spec.command); // one argument, run by the container's /bin/sh -c
        QCOMPARE(a[a.size() - 2], spec.image);
        // No log dir: podman's own path, found by inspect; the size cap holds either way.
        QVERIFY(!a.join(u' ').contains(QLatin1String("path=")));
        QVERIFY(pairOf("--log-opt", QStringLiteral("max-size=268435456")));
        // The container keeps only the capabilities a training job needs, and never gains more.
        QVERIFY(pairOf("--cap-drop", QStringLiteral("NET_RAW,MKNOD,AUDIT_WRITE,SYS_CHROOT,SETFCAP,SETPCAP,NET_BIND_SERVICE")));
        QVERIFY(pairOf("--security-opt", QStringLiteral("no-new-privileges")));
        QVERIFY(podman.logPath(spec.name).isEmpty());

        // With a log dir, the k8s-file log is where capture can read it without asking podman first.
        s.logDir = QStringLiteral("/data/container-logs");
        runtime::PodmanRuntime own(s);
        const QStringList b = own.runArguments(spec);
        QCOMPARE(own.logPath(spec.name), QStringLiteral("/data/container-logs/seed-job_x-a0.log"));
        const qsizetype i = b.indexOf(QStringLiteral("--log-opt"));
        QVERIFY(i > 0 && i + 1 < b.size());
        QCOMPARE(b[i + 1], QStringLiteral("path=/data/container-logs/seed-job_x-a0.log"));
        QCOMPARE(b[b.indexOf(QStringLiteral("--log-driver")) + 1], QStringLiteral("k8s-file"));
        // One process per job: `podman run` stays attached to nothing but the exit status (its id printed at the
        // start, the container's status at the end), passes no signal on, and names conmon's pid file beside the log.
        QVERIFY(!b.contains(QStringLiteral("--detach")));
        QCOMPARE(b[b.indexOf(QStringLiteral("--attach")) + 1], QStringLiteral("stdin"));
        QVERIFY(b.contains(QStringLiteral("--sig-proxy=false")));
        QCOMPARE(b[b.indexOf(QStringLiteral("--conmon-pidfile")) + 1],
                 QStringLiteral("/data/container-logs/seed-job_x-a0.log.conmon"));
        QVERIFY(!a.contains(QStringLiteral("--conmon-pidfile"))); // no log dir: no place of ours for it
    }

    void followerTailsFromCreationThroughRotation()
    {
        // The follower starts before the file exists (it is tailed while `podman run` still starts the container),
        // is woken by the file's changes (inotify), joins partial records, follows conmon's rotation (a new file
        // renamed over the path), and reads to the end after finish().
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/seed-job_f-a0.log");
        auto *f = new runtime::LogFollower(path, 0, 64 << 20);
        QPointer<runtime::LogFollower> alive(f);
        QStringList got;
        bool done = false;
        f->onLines = [&got](const runtime::LogBatch &b) {
            for (const auto &l : b)
                got << l.second;
        };
        f->onDone = [&done] { done = true; };
        f->start();
        QVERIFY(f->watching()); // inotify is there on every supported host; the 20 ms poll is the fallback
        const auto append = [](const QString &p, const QByteArray &records) {
            QFile out(p);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Append));
            QCOMPARE(out.write(records), records.size());
        };
        // Another container's log in the same directory wakes nobody up for this one's lines.
        append(dir.path() + QStringLiteral("/other.log"), "2026-11-28T18:23:00Z stdout F other\n");
        append(path, "2026-11-28T18:23:01.123456789Z stdout F one\n");
        QTRY_COMPARE(got, QStringList{QStringLiteral("one")});
        append(path, "2026-11-28T18:23:01.2Z stdout P tw\n2026-11-28T18:23:01.3Z stderr F o\n");
        QTRY_COMPARE(got, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        // Rotation: conmon writes a new file beside it and renames it over the path.
        append(path + QStringLiteral(".tmp"), "2026-11-28T18:23:02Z stdout F three\n");
        QCOMPARE(std::rename(QFile::encodeName(path + QStringLiteral(".tmp")).constData(),
                             QFile::encodeName(path).constData()),
                 0);
        QTRY_COMPARE(got.size(), 3);
        QCOMPARE(got.last(), QStringLiteral("three"));
        append(path, "2026-11-28T18:23:03Z stdout P unterminated");
        append(path, "\n");
        f->finish();
        QTRY_VERIFY(done);
        QCOMPARE(got.last(), QStringLiteral("unterminated"));
        QTRY_VERIFY(!alive); // it deletes itself after done
    }

    void followerOfAFileNeverCreatedEnds()
    {
        // A start that failed before conmon made the log: finish() ends the follower without lines.
        QTemporaryDir dir;
        auto *f = new runtime::LogFollower(dir.path() + QStringLiteral("/never.log"), 0, 64 << 20);
        bool done = false;
        int batches = 0;
        f->onLines = [&batches](const runtime::LogBatch &) { ++batches; };
        f->onDone = [&done] { done = true; };
        f->start();
        f->finish();
        QTRY_VERIFY(done);
        QCOMPARE(batches, 0);
    }

    void tarLayout()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.path() + QStringLiteral("/files/sub"));
        const auto write = [&](const QString &rel, qint64 n) {
            QFile f(dir.path() + QStringLiteral("/files/") + rel);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(int(n), 'x'));
        };
        write(QStringLiteral("a"), 1);
        write(QStringLiteral("sub/b"), 512);
        write(QString(QStringLiteral("sub/")) + QString(120, u'n'), 513);
        const QList<fs::TarEntry> e =
            fs::tarEntries(dir.path() + QStringLiteral("/files"), QStringLiteral("out"));
        QCOMPARE(e.size(), 5); // out/, out/a, out/sub/, out/sub/b, out/sub/nnn...
        QCOMPARE(e[0].name, QByteArray("out/"));
        qint64 computed = 0;
        for (const auto &x : e)
            computed += fs::tarHeader(x).size() + (x.dir ? 0 : (x.size + 511) / 512 * 512);
        QCOMPARE(fs::tarSize(e), computed + 1024);
        QCOMPARE(fs::tarHeader(e[4]).size(), 512 * 3); // GNU long name: header + name block + header

        // The reader's bytes are exactly the announced size and a tar that GNU tar reads back, names and contents.
        fs::TarReader reader(e, false);
        QByteArray archive;
        for (QByteArray piece = reader.next(); !piece.isEmpty(); piece = reader.next()) {
            QVERIFY(piece.size() <= fs::TarReader::kChunk);
            archive += piece;
        }
        QCOMPARE(archive.size(), reader.size());
        QFile tarFile(dir.path() + QStringLiteral("/out.tar"));
        QVERIFY(tarFile.open(QIODevice::WriteOnly));
        tarFile.write(archive);
        tarFile.close();
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-xf"), tarFile.fileName(), QStringLiteral("-C"), dir.path()});
        QVERIFY(tar.waitForFinished(10000));
        QCOMPARE(tar.exitCode(), 0);
        QFile longOne(dir.path() + QStringLiteral("/out/sub/") + QString(120, u'n'));
        QVERIFY(longOne.open(QIODevice::ReadOnly));
        QCOMPARE(longOne.readAll(), QByteArray(513, 'x'));
        QCOMPARE(QFileInfo(dir.path() + QStringLiteral("/out/a")).size(), 1);

        // One file alone: its content, nothing else; a file that shrank meanwhile keeps the announced length.
        fs::TarReader single({e[3]}, true);
        QCOMPARE(single.size(), 512);
        write(QStringLiteral("sub/b"), 100);
        const QByteArray first = single.next();
        QCOMPARE(first.size() + single.next().size(), 512);
        QCOMPARE(first.left(100), QByteArray(100, 'x'));
        QVERIFY(single.next().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLogStore)
#include "tst_logstore.moc"
