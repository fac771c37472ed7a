// How a job ends, as the API shows it, on a real seedd with real containers: deleting a cancelled job while its
// container is still in the grace period (also across a kill -9 of seedd), cancel?force=true and the `stopping`
// keys, the final progress of an ended job, and the local images (GET /{ns}/images, the missing-image message).
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace rt;

namespace {
// TERM is ignored: only the SIGKILL at the end of the grace period (or a forced cancel) ends it.
// A conmon process (of any Podman storage) of a container of `jobId` (named seed-<job id>-a<attempt>).
bool conmonRunsFor(const QString &jobId)
{
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmd.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> argv = cmd.readAll().split('\0');
        if (argv.isEmpty() || !argv.first().endsWith("conmon"))
            continue;
        const QByteArray prefix = "seed-" + jobId.toUtf8() + "-a";
        for (const QByteArray &a : argv)
            if (a.startsWith(prefix))
                return true;
    }
    return false;
}

const QString kStubborn =
    QStringLiteral("trap 'echo got-term' TERM; echo ready; while true; do echo tick; sleep 0.2; done");

QJsonObject listItem(const TestHttp &http, const QString &name)
{
    const QJsonArray data =
        http.get(QStringLiteral("/%1/jobs?per_page=100").arg(ns())).json().value(QStringLiteral("data")).toArray();
    for (const QJsonValue &v : data)
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

QString cancelPath(const QString &name, const QString &query = {})
{
    return QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel%3").arg(ns(), name, query);
}
} // namespace

class TestRuntimeJobEnd : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;

    static QStringList args(int graceSeconds)
    {
        return {QStringLiteral("--gpus"),         QStringLiteral("none"),
                QStringLiteral("--capacity"),     QStringLiteral("cpus=16,memory_gb=32"),
                QStringLiteral("--cancel-grace"), QString::number(graceSeconds)};
    }
    static QJsonObject submit(const TestHttp &http, const QJsonObject &spec)
    {
        const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns()), spec);
        if (r.status != 201)
            qWarning("submit -> %d %s", r.status, r.body.constData());
        return r.status == 201 ? r.json() : QJsonObject{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            QSKIP(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
    }

    // DELETE of a cancelled job in its grace period: 204 at once, the name is free at once, the old container
    // still gets its SIGKILL after the grace and is removed, and nothing of the old job is written afterwards.
    void deleteDuringGrace()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(4)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("stub"), kStubborn, PodmanSandbox::image());
        s.insert(QStringLiteral("output_path"), QStringLiteral("/workspace"));
        const QString oldId = submit(http, s).value(QStringLiteral("id")).toString();
        QVERIFY(!oldId.isEmpty());
        QVERIFY(waitLog(http, QStringLiteral("stub"), QStringLiteral("ready")));
        QCOMPARE(http.post(cancelPath(QStringLiteral("stub")), {}).status, 200);
        QVERIFY(waitLog(http, QStringLiteral("stub"), QStringLiteral("got-term"), 10000));

        const HttpResult del = http.del(QStringLiteral("/auth/v1/seed/%1/jobs/stub?delete_artifacts=false").arg(ns()));
        QVERIFY2(del.status == 204, del.body.constData());
        QCOMPARE(http.get(QStringLiteral("/%1/job/stub").arg(ns())).status, 404);
        // Still running in its grace period: the delete did not wait for it.
        QCOMPARE(m_box.containers(QStringLiteral("seed.job=") + oldId).size(), 1);

        // The name is free at once; the new job's log and artifacts are its own.
        QJsonObject again =
            spec(QStringLiteral("stub"), QStringLiteral("echo new-job; mkdir -p /workspace/o; echo x > /workspace/o/f"),
                 PodmanSandbox::image());
        again.insert(QStringLiteral("output_path"), QStringLiteral("/workspace/o"));
        const QString newId = submit(http, again).value(QStringLiteral("id")).toString();
        QVERIFY(!newId.isEmpty());
        QVERIFY(newId != oldId);

        const QString oldLog = seedd.dataDir() + QStringLiteral("/logs/") + oldId + QStringLiteral(".log");
        const QString oldArtifacts = seedd.dataDir() + QStringLiteral("/artifacts/") + oldId;
        const QString oldWork = seedd.dataDir() + QStringLiteral("/work/") + oldId;
        // The old container prints "tick" all through its grace period: none of it is stored anywhere.
        for (QDeadlineTimer t(20000);
             !t.hasExpired() && !m_box.containers(QStringLiteral("seed.job=") + oldId).isEmpty();) {
            QVERIFY2(!QFile::exists(oldLog), "the deleted job's log came back");
            QTest::qWait(100);
        }
        QVERIFY2(m_box.containers(QStringLiteral("seed.job=") + oldId).isEmpty(),
                 "old container not removed after its grace");
        QVERIFY(!QFile::exists(oldLog));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(oldWork), 5000);
        QVERIFY2(!QFileInfo::exists(oldArtifacts), "artifacts saved for a job deleted before they were");

        const QJsonObject n = waitTerminal(http, QStringLiteral("stub"));
        QCOMPARE(n.value(QStringLiteral("id")).toString(), newId);
        QCOMPARE(n.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QStringList lines = logLines(http, QStringLiteral("stub"));
        QVERIFY2(lines.contains(QStringLiteral("new-job")), qPrintable(lines.join(u'\n')));
        QVERIFY2(!lines.contains(QStringLiteral("tick")) && !lines.contains(QStringLiteral("got-term")),
                 qPrintable(lines.join(u'\n')));
        QCOMPARE(n.value(QStringLiteral("artifacts")).toObject().value(QStringLiteral("files")).toInt(), 1);
        QVERIFY(seedd.stop());
    }

    // The same delete, then kill -9 of seedd before the container has stopped: the restarted seedd finishes the
    // clean-up (container removed, no log, workspace or artifacts of the deleted job).
    void deleteDuringGraceThenKill9()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(60)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QJsonObject s = spec(QStringLiteral("crashy"), kStubborn, PodmanSandbox::image());
        s.insert(QStringLiteral("output_path"), QStringLiteral("/workspace"));
        const QString id = submit(http, s).value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(waitLog(http, QStringLiteral("crashy"), QStringLiteral("ready")));
        QCOMPARE(http.post(cancelPath(QStringLiteral("crashy")), {}).status, 200);
        QCOMPARE(http.del(QStringLiteral("/auth/v1/seed/%1/jobs/crashy").arg(ns())).status, 204);
        seedd.kill9();
        QCOMPARE(m_box.containers(QStringLiteral("seed.job=") + id).size(), 1); // its 60 s grace is far from over

        QVERIFY(seedd.start(args(60)));
        http = TestHttp(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(http.get(QStringLiteral("/%1/job/crashy").arg(ns())).status, 404);
        // Well before the grace would have ended.
        QTRY_VERIFY_WITH_TIMEOUT(m_box.containers(QStringLiteral("seed.job=") + id).isEmpty(), 30000);
        // Not only gone from podman's list: nothing of the container runs on (its conmon did, with the job's shell,
        // when the restarted seedd's `rm --force` met the container "stopping" under the earlier seedd's stop).
        QTRY_VERIFY_WITH_TIMEOUT(!conmonRunsFor(id), 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(!QFileInfo::exists(seedd.dataDir() + QStringLiteral("/work/") + id),
                                  seedd.output().constData(), 5000);
        QVERIFY(!QFile::exists(seedd.dataDir() + QStringLiteral("/logs/") + id + QStringLiteral(".log")));
        QVERIFY(!QFileInfo::exists(seedd.dataDir() + QStringLiteral("/artifacts/") + id));
        // The name is free, and a job under it runs normally.
        QVERIFY(!submit(http, spec(QStringLiteral("crashy"), QStringLiteral("echo fine"), PodmanSandbox::image()))
                     .isEmpty());
        QCOMPARE(waitTerminal(http, QStringLiteral("crashy")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("succeeded"));
        QVERIFY(!logLines(http, QStringLiteral("crashy")).contains(QStringLiteral("tick")));
        QVERIFY(seedd.stop());
    }

    // cancel?force=true: SIGKILL at once, on a running job and on one cancelled before that is still stopping;
    // `stopping` / `force_stop_at` while the grace period runs.
    void forceCancel()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(60)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QVERIFY(!submit(http, spec(QStringLiteral("slow-stop"), kStubborn, PodmanSandbox::image())).isEmpty());
        QVERIFY(!submit(http, spec(QStringLiteral("kill-now"), kStubborn, PodmanSandbox::image())).isEmpty());
        QVERIFY(waitLog(http, QStringLiteral("slow-stop"), QStringLiteral("ready")));
        QVERIFY(waitLog(http, QStringLiteral("kill-now"), QStringLiteral("ready")));

        // Unknown values of the new parameter: the envelope names it.
        const HttpResult bad = http.post(cancelPath(QStringLiteral("slow-stop"), QStringLiteral("?force=maybe")), {});
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString(),
                 QStringLiteral("force"));
        QCOMPARE(job(http, QStringLiteral("slow-stop")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));

        const qint64 before = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(http.post(cancelPath(QStringLiteral("slow-stop")), {}).status, 200);
        const QJsonObject stopping = job(http, QStringLiteral("slow-stop"));
        QCOMPARE(stopping.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(stopping.value(QStringLiteral("stopping")), QJsonValue(true));
        const QDateTime at =
            QDateTime::fromString(stopping.value(QStringLiteral("force_stop_at")).toString(), Qt::ISODate);
        QVERIFY2(at.isValid() && stopping.value(QStringLiteral("force_stop_at")).toString().endsWith(u'Z'),
                 QJsonDocument(stopping).toJson().constData());
        QVERIFY2(at.toSecsSinceEpoch() >= before + 58 &&
                     at.toSecsSinceEpoch() <= QDateTime::currentSecsSinceEpoch() + 61,
                 qPrintable(at.toString(Qt::ISODate)));
        const QJsonObject item = listItem(http, QStringLiteral("slow-stop"));
        QCOMPARE(item.value(QStringLiteral("stopping")), QJsonValue(true));
        QCOMPARE(item.value(QStringLiteral("force_stop_at")), stopping.value(QStringLiteral("force_stop_at")));
        QVERIFY(!listItem(http, QStringLiteral("kill-now")).contains(QStringLiteral("stopping")));

        // Already cancelled, still stopping: force kills now and answers the job.
        QElapsedTimer clock;
        clock.start();
        const HttpResult forced = http.post(cancelPath(QStringLiteral("slow-stop"), QStringLiteral("?force=true")), {});
        QCOMPARE(forced.status, 200);
        QCOMPARE(forced.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QJsonObject ended = waitFor(
            http, QStringLiteral("slow-stop"),
            [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); }, 20000);
        QCOMPARE(ended.value(QStringLiteral("exit_code")).toInt(-1), 137);
        QVERIFY2(clock.elapsed() < 20000, "not killed before the 60 s grace");
        QVERIFY(!ended.contains(QStringLiteral("stopping")) && !ended.contains(QStringLiteral("force_stop_at")));
        QVERIFY(!listItem(http, QStringLiteral("slow-stop")).contains(QStringLiteral("stopping")));
        // Stopped: nothing left to force.
        QCOMPARE(http.post(cancelPath(QStringLiteral("slow-stop"), QStringLiteral("?force=true")), {}).status, 409);

        // A running job, forced straight away.
        clock.restart();
        const HttpResult now = http.post(cancelPath(QStringLiteral("kill-now"), QStringLiteral("?force=1")), {});
        QCOMPARE(now.status, 200);
        QCOMPARE(now.json().value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QJsonObject k = waitFor(
            http, QStringLiteral("kill-now"),
            [](const QJsonObject &o) { return o.value(QStringLiteral("exit_code")).isDouble(); }, 20000);
        QCOMPARE(k.value(QStringLiteral("exit_code")).toInt(-1), 137);
        QVERIFY(clock.elapsed() < 20000);
        QVERIFY2(!logLines(http, QStringLiteral("kill-now")).contains(QStringLiteral("got-term")), "got SIGTERM first");
        QVERIFY(seedd.stop());
    }

    // An ended job shows its final progress: no eta_seconds in any terminal status, the last progress text as
    // printed, and progress_fraction 1 once it succeeded (its last line said 29/30).
    void finalProgress()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(2)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const auto command = [](const QString &end) {
            return QStringLiteral(
                       "echo 'SEED_PROGRESS {\"progress\": \"Step 1/30\", \"fraction\": 0.0333, \"eta_seconds\": 58}'; "
                       "while [ ! -f /workspace/go ]; do sleep 0.1; done; "
                       "echo 'SEED_PROGRESS {\"progress\": \"Step 29/30\", \"fraction\": 0.9667, \"eta_seconds\": "
                       "2}'; ") +
                   end;
        };
        const QStringList names{QStringLiteral("p-ok"), QStringLiteral("p-fail"), QStringLiteral("p-cancel")};
        QHash<QString, QString> ids;
        ids[names[0]] = submit(http, spec(names[0], command(QStringLiteral("exit 0")), PodmanSandbox::image()))
                            .value(QStringLiteral("id"))
                            .toString();
        ids[names[1]] = submit(http, spec(names[1], command(QStringLiteral("exit 3")), PodmanSandbox::image()))
                            .value(QStringLiteral("id"))
                            .toString();
        ids[names[2]] = submit(http, spec(names[2], command(QStringLiteral("sleep 600")), PodmanSandbox::image()))
                            .value(QStringLiteral("id"))
                            .toString();
        for (const QString &n : names) {
            QVERIFY(!ids[n].isEmpty());
            const QJsonObject j = waitFor(
                http, n, [](const QJsonObject &o) { return o.contains(QStringLiteral("eta_seconds")); }, 20000);
            QVERIFY2(j.value(QStringLiteral("eta_seconds")).toInt() == 58, QJsonDocument(j).toJson().constData());
            // Straight after the first progress was stored: the last line comes within the 2 s write interval.
            QFile go(seedd.dataDir() + QStringLiteral("/work/") + ids[n] + QStringLiteral("/workspace/go"));
            QVERIFY(go.open(QIODevice::WriteOnly));
        }
        QVERIFY(waitLog(
            http, names[2],
            QStringLiteral("SEED_PROGRESS {\"progress\": \"Step 29/30\", \"fraction\": 0.9667, \"eta_seconds\": 2}")));
        QCOMPARE(http.post(cancelPath(names[2]), {}).status, 200);

        const QHash<QString, QString> status{{names[0], QStringLiteral("succeeded")},
                                             {names[1], QStringLiteral("failed")},
                                             {names[2], QStringLiteral("cancelled")}};
        for (const QString &n : names) {
            // Terminal, and its last progress line stored (no later change is expected).
            const QJsonObject j = waitFor(
                http, n,
                [&](const QJsonObject &o) {
                    return o.value(QStringLiteral("status")).toString() == status[n] &&
                           o.value(QStringLiteral("exit_code")).isDouble() &&
                           o.value(QStringLiteral("progress")).toString() == QLatin1String("Step 29/30");
                },
                30000);
            const QByteArray dump = QJsonDocument(j).toJson();
            QVERIFY2(j.value(QStringLiteral("status")).toString() == status[n], dump.constData());
            QVERIFY2(j.value(QStringLiteral("progress")).toString() == QLatin1String("Step 29/30"), dump.constData());
            QVERIFY2(!j.contains(QStringLiteral("eta_seconds")), dump.constData());
            QCOMPARE(j.value(QStringLiteral("progress_fraction")).toDouble(), n == names[0] ? 1.0 : 0.9667);
            const QJsonObject item = listItem(http, n);
            QCOMPARE(item.value(QStringLiteral("status")).toString(), status[n]);
            QCOMPARE(item.value(QStringLiteral("progress")).toString(), QStringLiteral("Step 29/30"));
            QVERIFY(!item.contains(QStringLiteral("eta_seconds")));
        }
        QVERIFY(seedd.stop());
    }

    // GET /{ns}/images lists what is in seedd's Podman storage, one entry per REPOSITORY:TAG, untagged images
    // left out; a job whose image is missing says how to get one.
    void localImages()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start(args(2)));
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        QCOMPARE(TestHttp(seedd.url()).get(QStringLiteral("/%1/images").arg(ns())).status, 401);

        QVERIFY(m_box.podman({QStringLiteral("tag"), PodmanSandbox::image(), QStringLiteral("localhost/seed-other:v2")})
                    .exitCode == 0);
        QTemporaryDir tmp;
        QFile emptyTar(tmp.path() + QStringLiteral("/empty.tar"));
        QVERIFY(emptyTar.open(QIODevice::WriteOnly));
        emptyTar.write(QByteArray(10240, '\0'));
        emptyTar.close();
        const PodmanSandbox::Run imported = m_box.podman({QStringLiteral("import"), emptyTar.fileName()});
        QVERIFY2(imported.exitCode == 0, imported.out.constData());
        const QString untaggedId =
            QString::fromUtf8(imported.out).trimmed().split(u'\n').last().remove(QStringLiteral("sha256:"));
        const PodmanSandbox::Run inspected =
            m_box.podman({QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                          QStringLiteral("{{.Id}}"), PodmanSandbox::image()});
        const QString busyboxId = QString::fromUtf8(inspected.out).trimmed();
        QVERIFY(!busyboxId.isEmpty());

        const HttpResult r = http.get(QStringLiteral("/%1/images").arg(ns()));
        QCOMPARE(r.status, 200);
        const QJsonArray data = r.json().value(QStringLiteral("data")).toArray();
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue &v : data) {
            const QJsonObject o = v.toObject();
            QVERIFY2(!o.value(QStringLiteral("id")).toString().startsWith(untaggedId.left(12)), r.body.constData());
            QVERIFY2(!o.value(QStringLiteral("name")).toString().contains(QLatin1String("<none>")), r.body.constData());
            byName.insert(o.value(QStringLiteral("name")).toString(), o);
        }
        QVERIFY2(byName.contains(PodmanSandbox::image()) && byName.contains(QStringLiteral("localhost/seed-other:v2")),
                 r.body.constData());
        const QJsonObject b = byName.value(PodmanSandbox::image());
        QCOMPARE(b.value(QStringLiteral("id")).toString(), busyboxId);
        QCOMPARE(byName.value(QStringLiteral("localhost/seed-other:v2")).value(QStringLiteral("id")).toString(),
                 busyboxId);
        QVERIFY(b.value(QStringLiteral("size_bytes")).toDouble() > 0);
        QVERIFY(QDateTime::fromString(b.value(QStringLiteral("created_at")).toString(), Qt::ISODate).isValid());
        QCOMPARE(b.keys(), (QStringList{QStringLiteral("created_at"), QStringLiteral("id"), QStringLiteral("name"),
                                        QStringLiteral("size_bytes")}));

        // A missing image (pull policy "never", the default): the job fails and says how to get the image.
        QVERIFY(!submit(http, spec(QStringLiteral("no-image"), QStringLiteral("true"),
                                   QStringLiteral("localhost/not-here:v1")))
                     .isEmpty());
        const QJsonObject f = waitTerminal(http, QStringLiteral("no-image"));
        QCOMPARE(f.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QString why = f.value(QStringLiteral("status_message")).toString();
        QVERIFY2(why.contains(QLatin1String("podman pull localhost/not-here:v1")) &&
                     why.contains(QLatin1String("podman load -i")) && why.contains(QLatin1String("pull policy")) &&
                     why.contains(QLatin1String("'never'")),
                 qPrintable(why));
        QVERIFY(m_box.podman({QStringLiteral("rmi"), QStringLiteral("localhost/seed-other:v2")}).exitCode == 0);
        QVERIFY(seedd.stop());
    }
};

QTEST_GUILESS_MAIN(TestRuntimeJobEnd)
#include "tst_runtime_jobend.moc"
