// seedctl, the command-line client, run as a user runs it (the real binary) against a real seedd on loopback:
// every command, its exit codes, bad input refused before anything is sent (nothing stored is lost),
// credentials from the environment, and `logs -f` of a real container job to its end.
#include "gui/fixtureserver.h"
#include "podmansandbox.h"
#include "runtimetesthelpers.h"
#include "seeddprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rt;

namespace {

struct Ctl
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The caller's own SEED_* settings must not leak into a test: each test says what it sets.
QProcessEnvironment cleanEnv()
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *key : {"SEED_URL", "SEED_NAMESPACE", "SEED_TOKEN", "SEED_API_KEY"})
        e.remove(QString::fromLatin1(key));
    return e;
}

Ctl seedctl(const QStringList &args, const QProcessEnvironment &env = cleanEnv(), int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SEEDCTL_BIN), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Ctl c;
    c.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    c.out = QString::fromUtf8(p.readAllStandardOutput());
    c.err = QString::fromUtf8(p.readAllStandardError());
    return c;
}

// tests/support/contractserver.py: an endpoint that serves only the contract, not seedd (no SSE ids, no
// `event: end`, 409 for stream=true on a job that is not running, its own total_cost). One per test: its
// live job runs once.
struct ContractServer
{
    QProcess process;
    QString url;
    QString why; // empty when it listens
    ContractServer()
    {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral("python3"), {QStringLiteral(SEED_TEST_DATA "/support/contractserver.py")});
        if (!process.waitForStarted(10000)) {
            why = QStringLiteral("python3 is not available");
            return;
        }
        QElapsedTimer t;
        t.start();
        while (!process.canReadLine() && process.state() == QProcess::Running && !t.hasExpired(20000))
            process.waitForReadyRead(500);
        const QByteArray port = process.readLine().trimmed();
        if (port.isEmpty())
            why = QStringLiteral("the contract server did not start");
        url = QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(port);
    }
    ~ContractServer()
    {
        process.kill();
        process.waitForFinished();
    }
    QStringList args() const
    {
        return {QStringLiteral("--url"), url, QStringLiteral("--namespace"), QStringLiteral("acme")};
    }
    static QProcessEnvironment env()
    {
        QProcessEnvironment e = cleanEnv();
        e.insert(QStringLiteral("SEED_TOKEN"), QStringLiteral("any-token"));
        return e;
    }
};

QStringList messagesOf(const QString &out) { return out.split(u'\n', Qt::SkipEmptyParts); }

} // namespace

class TestSeedctl : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString specFile(const QString &fileName, const QJsonObject &spec)
    {
        const QString path = m_tmp.filePath(fileName);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QJsonDocument(spec).toJson());
        return path;
    }

    // One Podman sandbox and one seedd for the tests that run containers, started by the first of them.
    std::unique_ptr<PodmanSandbox> m_box;
    std::unique_ptr<SeeddProcess> m_local;
    QString containerSetUp() // empty when ready; else why containers cannot run here
    {
        if (m_box)
            return {};
        auto box = std::make_unique<PodmanSandbox>();
        QString error;
        if (!box->setUp(&error))
            return QStringLiteral("Podman sandbox unavailable: ") + error;
        m_box = std::move(box);
        m_local = std::make_unique<SeeddProcess>();
        // Simulated GPUs (a CDI kind of this run's own, as tst_runtime_podman) so that a GPU job runs here.
        m_localArgs =
            QStringList{QStringLiteral("--gpus"), QStringLiteral("simulate=L4:1"), QStringLiteral("--cdi-kind"),
                        QStringLiteral("seed.local/gpu-ctl%1").arg(QCoreApplication::applicationPid())};
        if (!m_local->start(m_localArgs))
            return QStringLiteral("seedd did not start: ") + QString::fromUtf8(m_local->output());
        return {};
    }
    QStringList m_localArgs;
    QStringList localArgs() const
    {
        return {QStringLiteral("--data-dir"), m_local->dataDir(), QStringLiteral("--namespace"), ns()};
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        if (m_local && m_local->isRunning())
            QVERIFY(m_local->stop());
        m_local.reset();
        m_box.reset();
    }

    // get/list --json print the server's objects as it wrote them (they were rebuilt from seedctl's own types,
    // which drop what those do not know: a newer server's keys, a remote's extensions).
    void getAndListJsonAreTheServersObjects()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QStringList local{QStringLiteral("--data-dir"), seedd.dataDir()};
        const QString file = specFile(QStringLiteral("raw.json"),
                                      spec(QStringLiteral("raw-1"), QStringLiteral("echo hi"), QStringLiteral("busybox")));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), file}).exitCode, 0);
        TestHttp http(seedd.url(), TestHttp::bearer(seedd.localToken()));
        const QString ns = QJsonDocument::fromJson([&] {
                               QFile f(seedd.dataDir() + QStringLiteral("/connection.json"));
                               return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
                           }())
                               .object()
                               .value(QStringLiteral("namespace"))
                               .toString();
        QVERIFY(!ns.isEmpty());

        const Ctl get = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("raw-1"), QStringLiteral("--json")});
        QCOMPARE(get.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(get.out.toUtf8()).object(), http.get(QStringLiteral("/%1/job/raw-1").arg(ns)).json());
        const Ctl list = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--status"),
                                                     QStringLiteral("queued"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).object(),
                 http.get(QStringLiteral("/%1/jobs?status=queued").arg(ns)).json());
        // The table says "every field": the ones it used to leave out are there too.
        const Ctl table = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("raw-1")});
        QCOMPARE(table.exitCode, 0);
        for (const char *label : {"namespace:", "commit:", "region:", "timeout:", "retries:", "output path:", "started:",
                                  "completed:"})
            QVERIFY2(table.out.contains(u'\n' + QLatin1String(label)), qPrintable(QLatin1String(label) + u'\n' + table.out));
        QVERIFY2(table.out.contains(QLatin1String("0 of ")), qPrintable(table.out));
        const Ctl missing = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("nobody"), QStringLiteral("--json")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(seedd.stop());

        // A remote with keys seedctl has never heard of (a newer server, extensions) and nulls: kept as sent.
        FixtureServer remote;
        QVERIFY(remote.listen());
        QJsonObject job = QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("get_response.json"))).object();
        QVERIFY(!job.isEmpty());
        job.insert(QStringLiteral("future_field"), QJsonObject{{QStringLiteral("nested"), QJsonArray{1, 2}}});
        job.insert(QStringLiteral("progress"), QJsonValue::Null);
        remote.on("GET /acme/job/" + job.value(QStringLiteral("name")).toString().toUtf8(),
                  {200, QJsonDocument(job).toJson(QJsonDocument::Compact), {}});
        const QJsonObject page{{QStringLiteral("data"), QJsonArray{job}},
                               {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("page"), 1},
                                                                         {QStringLiteral("per_page"), 20},
                                                                         {QStringLiteral("total"), 1},
                                                                         {QStringLiteral("total_pages"), 1}}},
                               {QStringLiteral("next_cursor"), QStringLiteral("abc")}};
        remote.on("GET /acme/jobs", {200, QJsonDocument(page).toJson(QJsonDocument::Compact), {}});
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("SEED_TOKEN"), QStringLiteral("tok"));
        const QStringList at{QStringLiteral("--url"), remote.url(), QStringLiteral("--namespace"), QStringLiteral("acme")};
        // seedctl runs while this process's event loop answers it.
        const auto run = [&env](const QStringList &args) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(SEEDCTL_BIN), args);
            const bool done = QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 30000);
            if (!done) {
                p.kill();
                p.waitForFinished();
            }
            return std::pair{done ? p.exitCode() : -1, QJsonDocument::fromJson(p.readAllStandardOutput()).object()};
        };
        const auto [getCode, gotJob] =
            run(at + QStringList{QStringLiteral("get"), job.value(QStringLiteral("name")).toString(), QStringLiteral("--json")});
        QCOMPARE(getCode, 0);
        QCOMPARE(gotJob, job);
        const auto [listCode, gotPage] = run(at + QStringList{QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(listCode, 0);
        QCOMPARE(gotPage, page);
    }

    void everyCommandAndItsExitCode()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QStringList local{QStringLiteral("--data-dir"), seedd.dataDir()};
        const QString good =
            specFile(QStringLiteral("good.json"),
                     spec(QStringLiteral("demo-1"), QStringLiteral("echo hi"), QStringLiteral("busybox")));

        Ctl c = seedctl(local + QStringList{QStringLiteral("submit"), good});
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.startsWith(QLatin1String("demo-1 queued (job_")), qPrintable(c.out));

        // Refused before anything is sent: the spec's own rules (the server's, linked in), options, names.
        QJsonObject badCpu = spec(QStringLiteral("demo-2"), QStringLiteral("echo"), QStringLiteral("busybox"));
        badCpu[QStringLiteral("cpu")] = 3;
        c = seedctl(local + QStringList{QStringLiteral("submit"), specFile(QStringLiteral("bad.json"), badCpu)});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("cpu:")), qPrintable(c.err));
        // A spec that is JSON but not an object says so (it said "not a JSON object: no error occurred").
        {
            QFile arr(m_tmp.filePath(QStringLiteral("array.json")));
            QVERIFY(arr.open(QIODevice::WriteOnly));
            arr.write("[{\"name\": \"demo-2\"}]\n");
        }
        c = seedctl(local + QStringList{QStringLiteral("submit"), m_tmp.filePath(QStringLiteral("array.json"))});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("not an array")) && !c.err.contains(QLatin1String("no error")),
                 qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("submit"), m_tmp.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("cannot read")));
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("bogus")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("status")));
        // Named as the option the user typed, not as the API's query parameter.
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--per-page"), QStringLiteral("500")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("--per-page must be between 1 and 100")), qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1"), QStringLiteral("--tail"),
                                        QStringLiteral("3")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY(c.err.contains(QLatin1String("does not apply")));
        c = seedctl(local + QStringList{QStringLiteral("launch")});
        QCOMPARE(c.exitCode, 2);
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("no such/job")});
        QCOMPARE(c.exitCode, 2);

        // The server refuses: exit 1 with its message, status and request id.
        c = seedctl(local + QStringList{QStringLiteral("submit"), good});
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(c.err.contains(QLatin1String("already exists")) && c.err.contains(QLatin1String("HTTP 409")) &&
                     c.err.contains(QLatin1String("request req_")),
                 qPrintable(c.err));
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("nobody")});
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 404")));

        // Nothing stored was lost or added by the refusals above.
        c = seedctl(local + QStringList{QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(c.exitCode, 0);
        const QJsonObject page = QJsonDocument::fromJson(c.out.toUtf8()).object();
        QCOMPARE(page.value(QStringLiteral("pagination")).toObject().value(QStringLiteral("total")).toInt(), 1);
        QCOMPARE(page.value(QStringLiteral("data")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("demo-1"));
        c = seedctl(local + QStringList{QStringLiteral("list")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("demo-1")) && c.out.contains(QLatin1String("queued")));

        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("echo hi")));
        c = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("demo-1"),
                                        QStringLiteral("--timeout-seconds"), QStringLiteral("1")});
        QCOMPARE(c.exitCode, 4); // still queued (no runner): the wait gave up
        c = seedctl(local + QStringList{QStringLiteral("cancel"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("cancelled")));
        c = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 4); // ended, but not succeeded
        QVERIFY(c.out.contains(QLatin1String("demo-1 cancelled")));
        c = seedctl(local + QStringList{QStringLiteral("delete"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 0);
        c = seedctl(local + QStringList{QStringLiteral("get"), QStringLiteral("demo-1")});
        QCOMPARE(c.exitCode, 1);
    }

    void remoteCredentialsComeFromTheEnvironment()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString readOnly = seedd.createToken({QStringLiteral("acme")}, true);
        QVERIFY(!readOnly.isEmpty());
        const QStringList remote{QStringLiteral("--url"), seedd.url(), QStringLiteral("--namespace"),
                                 QStringLiteral("acme")};
        const QString good = specFile(QStringLiteral("acme.json"),
                                      spec(QStringLiteral("r-1"), QStringLiteral("echo"), QStringLiteral("busybox")));

        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("SEED_TOKEN"), readOnly);
        Ctl c = seedctl(remote + QStringList{QStringLiteral("list")}, env);
        QCOMPARE(c.exitCode, 0);
        c = seedctl(remote + QStringList{QStringLiteral("submit"), good}, env);
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(c.err.contains(QLatin1String("HTTP 403")), qPrintable(c.err));
        QVERIFY(!c.err.contains(readOnly.section(u'_', -1))); // the secret is never echoed

        c = seedctl(remote + QStringList{QStringLiteral("list")});
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 401")));
        QVERIFY2(c.err.contains(QLatin1String("SEED_TOKEN")), qPrintable(c.err)); // what to do about it

        c = seedctl({QStringLiteral("--url"), seedd.url(), QStringLiteral("list")}, env);
        QCOMPARE(c.exitCode, 2); // a remote needs a namespace
    }

    void unreachableIsItsOwnExitCode()
    {
        QTemporaryDir empty;
        Ctl c = seedctl({QStringLiteral("--data-dir"), empty.path(), QStringLiteral("list")});
        QCOMPARE(c.exitCode, 3);
        QVERIFY(c.err.contains(QLatin1String("seedd serve")));
        // A bad argument is exit 2 whether or not a seedd runs: it is checked before connecting.
        c = seedctl({QStringLiteral("--data-dir"), empty.path(), QStringLiteral("wait"), QStringLiteral("j"),
                     QStringLiteral("--timeout-seconds"), QStringLiteral("soon")});
        QCOMPARE(c.exitCode, 2);
        QVERIFY2(c.err.contains(QLatin1String("--timeout-seconds")), qPrintable(c.err));

        SeeddProcess gone;
        QVERIFY(gone.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const QString url = gone.url();
        QVERIFY(gone.stop());
        c = seedctl({QStringLiteral("--url"), url, QStringLiteral("--namespace"), QStringLiteral("x"),
                     QStringLiteral("get"), QStringLiteral("j")});
        QCOMPARE(c.exitCode, 3);
        QVERIFY(c.err.contains(QLatin1String("cannot reach")));
        QCOMPARE(c.err.count(url), 1); // the endpoint is named once ("cannot reach URL: Cannot reach URL: ...")
    }

    // API keys are NAME$SECRET: a value without the '$' (often a shell that expanded "$secret") is a local
    // format error, named before anything is sent (the server could only say "Invalid/Missing credentials").
    void malformedApiKeyIsRefusedLocally()
    {
        SeeddProcess seedd;
        QVERIFY(seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        QTemporaryDir empty;
        for (const QString &key : {QStringLiteral("nodollar"), QStringLiteral("$sk_abc"), QStringLiteral("ci$"),
                                   QStringLiteral("ci$sk abc")}) {
            QProcessEnvironment env = cleanEnv();
            env.insert(QStringLiteral("SEED_API_KEY"), key);
            for (const QString &dir : {seedd.dataDir(), empty.path()}) { // a seedd running or not: exit 2 alike
                const Ctl c = seedctl({QStringLiteral("--data-dir"), dir, QStringLiteral("list")}, env);
                QCOMPARE(c.exitCode, 2);
                QVERIFY2(c.err.contains(QLatin1String("SEED_API_KEY")) && c.err.contains(QLatin1String("NAME$SECRET")),
                         qPrintable(c.err));
                QVERIFY2(!c.err.contains(QLatin1String("credentials")), qPrintable(c.err));
                QVERIFY2(!c.err.contains(key), qPrintable(c.err)); // a secret is never echoed
            }
        }
        // A well-formed key goes to the server, which judges it.
        const QString key = seedd.createApiKey(QStringLiteral("ci"), {QStringLiteral("acme")});
        QVERIFY(key.contains(u'$'));
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("SEED_API_KEY"), key);
        const Ctl c = seedctl({QStringLiteral("--url"), seedd.url(), QStringLiteral("--namespace"),
                               QStringLiteral("acme"), QStringLiteral("list")},
                              env);
        QCOMPARE(c.exitCode, 0);
    }

    // `--json` is the server's object as it came: a simulated GPU's utilisation is null (not measured), never
    // 0, and the additive keys stay; the text says "not measured" instead of inventing a 0.
    void analyticsPassesTheServersObjectThrough()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(why));
        const QStringList local = localArgs();
        QJsonObject gpuJob = spec(QStringLiteral("gpu-job"), QStringLiteral("sleep 60"), PodmanSandbox::image());
        gpuJob[QStringLiteral("gpu")] = QStringLiteral("L4");
        gpuJob[QStringLiteral("gpu_count")] = 1;
        const Ctl submitted =
            seedctl(local + QStringList{QStringLiteral("submit"), specFile(QStringLiteral("gpu.json"), gpuJob)});
        QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.err));

        QJsonObject a;
        QDeadlineTimer deadline(30000);
        while (!a.contains(QLatin1String("sampled_at")) && !deadline.hasExpired()) {
            const Ctl c = seedctl(
                local + QStringList{QStringLiteral("analytics"), QStringLiteral("gpu-job"), QStringLiteral("--json")});
            QCOMPARE(c.exitCode, 0);
            a = QJsonDocument::fromJson(c.out.toUtf8()).object();
            if (!a.contains(QLatin1String("sampled_at")))
                QTest::qWait(200);
        }
        QVERIFY2(a.contains(QLatin1String("sampled_at")), "the job was never sampled");
        // A number, as the contract shows, that says it was not measured.
        QVERIFY2(a.value(QLatin1String("gpu_utilization_percent")).isDouble(), QJsonDocument(a).toJson().constData());
        QCOMPARE(a.value(QLatin1String("gpu_measured")), QJsonValue(false));
        QCOMPARE(a.value(QLatin1String("gpu_simulated")), QJsonValue(true));
        QVERIFY(a.contains(QLatin1String("cpu_cores_used")));
        QVERIFY(a.contains(QLatin1String("memory_used_bytes")));

        const Ctl text = seedctl(local + QStringList{QStringLiteral("analytics"), QStringLiteral("gpu-job")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.startsWith(QLatin1String("GPU simulated, not measured, CPU ")), qPrintable(text.out));
        QVERIFY2(!text.out.contains(QLatin1String("GPU 0")), qPrintable(text.out));

        // An API refusal keeps its exit code and message on this path too.
        const Ctl missing = seedctl(local + QStringList{QStringLiteral("analytics"), QStringLiteral("nobody")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QLatin1String("HTTP 404")), qPrintable(missing.err));

        QCOMPARE(seedctl(local + QStringList{QStringLiteral("cancel"), QStringLiteral("gpu-job")}).exitCode, 0);
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("gpu-job")}).exitCode, 4);
    }

    // logs -f --json: one log entry per line, as the API's entries, readable while the follow runs.
    void followJsonIsOneEntryPerLine()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(why));
        const QStringList local = localArgs();
        const QString path = specFile(QStringLiteral("json-follow.json"),
                                      spec(QStringLiteral("json-follow"),
                                           QStringLiteral("echo j-1; echo j-2; sleep 2; echo 'j-3 \"quoted\"'"),
                                           PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);
        const Ctl c = seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("json-follow"),
                                                  QStringLiteral("-f"), QStringLiteral("--json")},
                              cleanEnv(), 60000);
        QCOMPARE(c.exitCode, 0);
        QStringList messages;
        for (const QString &line : c.out.split(u'\n', Qt::SkipEmptyParts)) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &pe);
            QVERIFY2(pe.error == QJsonParseError::NoError && doc.isObject(), qPrintable(line));
            const QJsonObject o = doc.object();
            QVERIFY2(o.value(QLatin1String("timestamp")).isString() && o.value(QLatin1String("message")).isString(),
                     qPrintable(line));
            messages << o.value(QLatin1String("message")).toString();
        }
        messages.removeIf([](const QString &m) { return m.startsWith(QLatin1String("[seed] ")); });
        QCOMPARE(messages,
                 (QStringList{QStringLiteral("j-1"), QStringLiteral("j-2"), QStringLiteral("j-3 \"quoted\"")}));
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));
    }

    // A server with other pricing (here a discount): `get` shows its total_cost, not cost_per_hour x runtime.
    void getShowsTheServersTotalCost()
    {
        ContractServer server;
        if (!server.why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(server.why));
        const Ctl c = seedctl(server.args() + QStringList{QStringLiteral("get"), QStringLiteral("done-1")},
                              ContractServer::env(), 20000);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.contains(QLatin1String("61.44")), qPrintable(c.out));
        QVERIFY2(!c.out.contains(QLatin1String("76.80")), qPrintable(c.out)); // 12.80/h x 6 h: not its price
    }

    // Money as the API writes it (wire::formatMoney), negative totals included: "-0.05", never "0.-5".
    void getShowsANegativeTotalCost()
    {
        ContractServer server;
        if (!server.why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(server.why));
        const QList<QPair<QString, QString>> cases{{QStringLiteral("refund-1"), QStringLiteral("-0.05 so far")},
                                                   {QStringLiteral("refund-2"), QStringLiteral("-1234567.05 so far")}};
        for (const auto &[name, shown] : cases) {
            const Ctl c = seedctl(server.args() + QStringList{QStringLiteral("get"), name}, ContractServer::env(), 20000);
            QCOMPARE(c.exitCode, 0);
            QVERIFY2(c.out.contains(shown), qPrintable(c.out));
            QVERIFY2(!c.out.contains(QLatin1String(".-")), qPrintable(c.out));
        }
    }

    // logs -f on a job that has ended, at a server without seedd's additions: its log, then exit 0 at once
    // (it asked for stream=true, got 409, and reconnected each second until it gave up after 60 s).
    void followOfAnEndedJobAtAContractServerStops()
    {
        ContractServer server;
        if (!server.why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(server.why));
        QElapsedTimer t;
        t.start();
        const Ctl c = seedctl(server.args() + QStringList{QStringLiteral("logs"), QStringLiteral("done-1"),
                                                          QStringLiteral("-f")},
                              ContractServer::env(), 20000);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(t.elapsed() < 15000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(messagesOf(c.out), (QStringList{QStringLiteral("done line 1"), QStringLiteral("done line 2"),
                                                 QStringLiteral("done line 3"), QStringLiteral("done line 4"),
                                                 QStringLiteral("done line 5")}));
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));
    }

    // logs -f on a running job at a server whose SSE lines carry no id and whose stream just closes at the
    // end: every line once (no id must not mean "from line 0 again"), then exit 0.
    void followOfARunningJobAtAContractServerPrintsEachLineOnce()
    {
        ContractServer server;
        if (!server.why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(server.why));
        const Ctl c = seedctl(server.args() + QStringList{QStringLiteral("logs"), QStringLiteral("live-1"),
                                                          QStringLiteral("-f")},
                              ContractServer::env(), 20000);
        QCOMPARE(c.exitCode, 0);
        QStringList expected;
        for (int i = 1; i <= 8; ++i)
            expected << QStringLiteral("live line %1").arg(i);
        QCOMPARE(messagesOf(c.out), expected);
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));
        QVERIFY2(!c.err.contains(QLatin1String("lost the connection")), qPrintable(c.err));
    }

    void followsARunningContainerJobToItsEnd()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(why));
        QVERIFY(m_local->isRunning());
        const QStringList local = localArgs();
        const QString path = specFile(QStringLiteral("follow.json"),
                                      spec(QStringLiteral("counter"),
                                           QStringLiteral("i=1; while [ $i -le 300 ]; do echo line-$i; i=$((i+1)); [ "
                                                          "$((i % 50)) -eq 0 ] && sleep 0.3; done; true"),
                                           PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);

        // Started while the job runs (or is still starting): every line once, in order, then the end.
        const Ctl c =
            seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("counter"), QStringLiteral("--follow"),
                                        QStringLiteral("--tail"), QStringLiteral("10000")},
                    cleanEnv(), 120000);
        QCOMPARE(c.exitCode, 0);
        QStringList expected;
        for (int i = 1; i <= 300; ++i)
            expected << QStringLiteral("line-%1").arg(i);
        QStringList printed = c.out.split(u'\n', Qt::SkipEmptyParts);
        // seedd's own lines ("[seed] Attempt 1 of 1 starting…") are part of the job's log; the job's follow them.
        QVERIFY2(printed.value(0).startsWith(QLatin1String("[seed] ")), qPrintable(printed.value(0)));
        printed.removeIf([](const QString &l) { return l.startsWith(QLatin1String("[seed] ")); });
        QCOMPARE(printed, expected);
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));

        const Ctl w = seedctl(local + QStringList{QStringLiteral("wait"), QStringLiteral("counter")});
        QCOMPARE(w.exitCode, 0);
        QVERIFY(w.out.contains(QLatin1String("exit code 0")));
    }

    void followSinceSkipsOlderLines()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(why));
        QVERIFY(m_local->isRunning());
        const QStringList local = localArgs();
        const QString path = specFile(
            QStringLiteral("since.json"),
            spec(QStringLiteral("since-job"), QStringLiteral("echo old-1; echo old-2; echo old-3; sleep 4; echo new-1"),
                 PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);

        // The timestamp of old-3, once it is there (the job then sleeps before new-1).
        QString since;
        QDeadlineTimer deadline(30000);
        while (since.isEmpty() && !deadline.hasExpired()) {
            const Ctl l = seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("since-job"),
                                                      QStringLiteral("--json")});
            const QJsonArray lines = QJsonDocument::fromJson(l.out.toUtf8()).object().value(QStringLiteral("lines")).toArray();
            for (const QJsonValue &v : lines)
                if (v.toObject().value(QStringLiteral("message")).toString() == QLatin1String("old-3"))
                    since = v.toObject().value(QStringLiteral("timestamp")).toString();
            if (since.isEmpty())
                QTest::qWait(100);
        }
        QVERIFY(!since.isEmpty());

        // Nothing after --since yet: follow prints only what comes after it (it printed the whole log).
        const Ctl c = seedctl(local + QStringList{QStringLiteral("logs"), QStringLiteral("since-job"), QStringLiteral("-f"),
                                                  QStringLiteral("--since"), since},
                              cleanEnv(), 60000);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(!c.out.contains(QLatin1String("old-")), qPrintable(c.out));
        QVERIFY2(c.out.contains(QLatin1String("new-1")), qPrintable(c.out));
        QVERIFY2(c.err.contains(QLatin1String("ended: succeeded")), qPrintable(c.err));
    }

    // The local seedd restarts on another port (--listen 127.0.0.1:0): a follow finds it again through the
    // connection file and resumes where it was (no line lost, none twice); it printed nothing and retried the
    // old URL forever. While nothing answers, one note; after SEED_FOLLOW_GIVE_UP_SECONDS, exit 3.
    void followSurvivesASeeddRestartOnAnotherPort()
    {
        if (const QString why = containerSetUp(); !why.isEmpty())
            SEED_SKIP_UNLESS_CI(qPrintable(why));
        QVERIFY(m_local->isRunning());
        const QStringList local = localArgs();
        const QString path =
            specFile(QStringLiteral("moving.json"),
                     spec(QStringLiteral("moving"),
                          QStringLiteral("i=1; while [ $i -le 40 ]; do echo tick-$i; i=$((i+1)); sleep 0.25; done"),
                          PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), path}).exitCode, 0);

        QProcess follow;
        follow.setProcessEnvironment(cleanEnv());
        follow.start(QStringLiteral(SEEDCTL_BIN),
                     local + QStringList{QStringLiteral("logs"), QStringLiteral("moving"), QStringLiteral("-f"),
                                         QStringLiteral("--tail"), QStringLiteral("10000")});
        QVERIFY(follow.waitForStarted());
        QByteArray out;
        QDeadlineTimer seen(30000);
        while (!out.contains("tick-5\n") && !seen.hasExpired() && follow.state() == QProcess::Running) {
            follow.waitForReadyRead(100);
            out += follow.readAllStandardOutput();
        }
        QVERIFY2(out.contains("tick-5\n"), out.constData());

        const QString oldUrl = m_local->url();
        QVERIFY(m_local->stop());
        QTest::qWait(1500); // the follow notices and retries the old URL
        QVERIFY(m_local->start(m_localArgs));
        QVERIFY2(m_local->url() != oldUrl, "seedd came back on the same port: nothing to test");

        const bool finished = follow.waitForFinished(60000);
        if (!finished) {
            follow.kill();
            follow.waitForFinished();
        }
        out += follow.readAllStandardOutput();
        const QString err = QString::fromUtf8(follow.readAllStandardError());
        QVERIFY2(finished, qPrintable(QStringLiteral("still following after the restart; stderr: ") + err));
        QCOMPARE(follow.exitCode(), 0);
        QStringList printed = QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
        printed.removeIf([](const QString &l) { return l.startsWith(QLatin1String("[seed] ")); });
        QStringList expected;
        for (int i = 1; i <= 40; ++i)
            expected << QStringLiteral("tick-%1").arg(i);
        QCOMPARE(printed, expected);
        QCOMPARE(err.count(QLatin1String("lost the connection")), 1);
        QVERIFY2(err.contains(m_local->url()) && err.contains(QLatin1String("ended: succeeded")), qPrintable(err));

        // Nothing comes back: one note, then exit 3 after the bound (shortened here).
        const QString longPath =
            specFile(QStringLiteral("stranded.json"),
                     spec(QStringLiteral("stranded"), QStringLiteral("echo up; sleep 60"), PodmanSandbox::image()));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("submit"), longPath}).exitCode, 0);
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("SEED_FOLLOW_GIVE_UP_SECONDS"), QStringLiteral("3"));
        follow.setProcessEnvironment(env);
        follow.start(QStringLiteral(SEEDCTL_BIN),
                     local + QStringList{QStringLiteral("logs"), QStringLiteral("stranded"), QStringLiteral("-f")});
        QVERIFY(follow.waitForStarted());
        out.clear();
        QDeadlineTimer up(30000);
        while (!out.contains("up\n") && !up.hasExpired() && follow.state() == QProcess::Running) {
            follow.waitForReadyRead(100);
            out += follow.readAllStandardOutput();
        }
        QVERIFY2(out.contains("up\n"), out.constData());
        QVERIFY(m_local->stop());
        QElapsedTimer gone;
        gone.start();
        const bool gaveUp = follow.waitForFinished(30000);
        if (!gaveUp) {
            follow.kill();
            follow.waitForFinished();
        }
        const QString err2 = QString::fromUtf8(follow.readAllStandardError());
        QVERIFY2(gaveUp, qPrintable(err2));
        QCOMPARE(follow.exitCode(), 3);
        QVERIFY2(gone.elapsed() >= 2500, qPrintable(QString::number(gone.elapsed())));
        QCOMPARE(err2.count(QLatin1String("lost the connection")), 1);
        QVERIFY2(err2.contains(QLatin1String("gave up")), qPrintable(err2));

        // Leave the shared seedd as the other tests found it, and the stranded job ended.
        QVERIFY(m_local->start(m_localArgs));
        QCOMPARE(seedctl(local + QStringList{QStringLiteral("cancel"), QStringLiteral("stranded")}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestSeedctl)
#include "tst_seedctl.moc"
