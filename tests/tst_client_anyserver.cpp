// The client side against "any conforming server": seedctl (the real binary) and SeedClient/LogStream
// (in-process) against tests/support/openapi_mock.py, a server made from docs/openapi.yaml alone. Its answers
// are schema-generated, its prices are its own (total_cost is not cost_per_hour x runtime), its log lines have
// no ids (or seedd's ids, without `event: end`), and it answers 409 to a stream of a job that is not running.
// What a client assumes about seedd beyond the contract shows up here.
#include "ciskip.h"
#include "client/logstream.h"
#include "client/seedclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace seed;

namespace {

struct Ctl
{
    int exitCode = -1;
    QString out;
    QString err;
};

QProcessEnvironment cleanEnv()
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *key : {"SEED_URL", "SEED_NAMESPACE", "SEED_TOKEN", "SEED_API_KEY", "SEED_FOLLOW_GIVE_UP_SECONDS"})
        e.remove(QString::fromLatin1(key));
    return e;
}

// tests/support/openapi_mock.py, one per test (its jobs and clock are the test's own).
struct Mock
{
    QProcess process;
    QString url;
    QString why; // empty when it listens
    QString requestLog;

    explicit Mock(const QString &dir, const QStringList &extra = {})
    {
        requestLog = dir + QStringLiteral("/requests.log");
        QFile::remove(requestLog);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral("python3"), QStringList{QStringLiteral(SEED_TEST_DATA "/support/openapi_mock.py"),
                                                             QStringLiteral("--request-log"), requestLog} +
                                                     extra);
        if (!process.waitForStarted(10000)) {
            why = QStringLiteral("python3 is not available");
            return;
        }
        QElapsedTimer t;
        t.start();
        while (!process.canReadLine() && process.state() == QProcess::Running && !t.hasExpired(30000))
            process.waitForReadyRead(200);
        const QByteArray port = process.readLine().trimmed();
        if (port.isEmpty())
            why = QStringLiteral("openapi_mock.py did not start (python3-yaml and python3-jsonschema installed?)");
        url = QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(port);
    }
    ~Mock()
    {
        process.kill();
        process.waitForFinished();
    }
    QStringList args() const
    {
        return {QStringLiteral("--url"), url, QStringLiteral("--namespace"), QStringLiteral("acme")};
    }
    static QProcessEnvironment env(const QString &token = QStringLiteral("mock-token"))
    {
        QProcessEnvironment e = cleanEnv();
        e.insert(QStringLiteral("SEED_TOKEN"), token);
        e.insert(QStringLiteral("SEED_FOLLOW_GIVE_UP_SECONDS"), QStringLiteral("5"));
        return e;
    }
    QStringList requests() const
    {
        QFile f(requestLog);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    client::Endpoint endpoint(const QByteArray &authorization = "Bearer mock-token") const
    {
        client::Endpoint e;
        e.baseUrl = QUrl(url);
        e.ns = QStringLiteral("acme");
        e.authorization = authorization;
        return e;
    }
};

Ctl seedctl(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 30000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SEEDCTL_BIN), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

template <typename T, typename Call> client::Result<T> await(Call call)
{
    std::optional<client::Result<T>> got;
    QEventLoop loop;
    call([&](const client::Result<T> &r) {
        got.emplace(r);
        loop.quit();
    });
    if (!got)
        loop.exec();
    return *got;
}

QJsonObject rawGet(const QString &url)
{
    QNetworkAccessManager nam;
    QNetworkRequest req{QUrl(url)};
    req.setRawHeader("Authorization", "Bearer mock-token");
    QNetworkReply *r = nam.get(req);
    QEventLoop loop;
    QObject::connect(r, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    r->deleteLater();
    return QJsonDocument::fromJson(r->readAll()).object();
}

int countMatching(const QStringList &lines, const QString &needle)
{
    return int(std::count_if(lines.cbegin(), lines.cend(), [&](const QString &l) { return l.contains(needle); }));
}

} // namespace

class TestClientAnyServer : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

#define START_MOCK(name, ...)                                                                                          \
    Mock name(m_tmp.path(), __VA_ARGS__);                                                                              \
    if (!name.why.isEmpty())                                                                                           \
        SEED_SKIP_UNLESS_CI(qPrintable(name.why));

private Q_SLOTS:
    // The mock is only worth testing against if its own answers match the document: openapi_check.py
    // (the same checker seedd's answers go through) runs its whole cycle and every error class against it.
    void mockAnswersMatchTheDocument()
    {
        START_MOCK(mock, {});
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(QStringLiteral("python3"),
                    {QStringLiteral("-W"), QStringLiteral("ignore"),
                     QStringLiteral(SEED_TEST_DATA "/support/openapi_check.py"), QStringLiteral("--url"), mock.url,
                     QStringLiteral("--token"), QStringLiteral("mock-token"), QStringLiteral("--read-token"),
                     QStringLiteral("mock-read-token"), QStringLiteral("--namespace"), QStringLiteral("acme"),
                     QStringLiteral("--contract-only"), QStringLiteral("--no-runner")});
        QVERIFY(check.waitForFinished(120000));
        const QByteArray out = check.readAll();
        QVERIFY2(check.exitCode() == 0, out.right(3000).constData());
        QVERIFY(out.contains(" 0 mismatches"));
    }

    // list, get (every output format), analytics: what the server said, its total_cost included.
    void readsShowTheServersAnswers()
    {
        START_MOCK(mock, {});
        const auto env = Mock::env();
        Ctl c = seedctl(mock.args() + QStringList{QStringLiteral("list")}, env);
        QCOMPARE(c.exitCode, 0);
        for (const char *name : {"done-1", "failed-1", "queued-1", "random-1"})
            QVERIFY2(c.out.contains(QLatin1String(name)), qPrintable(c.out));
        QVERIFY(c.out.contains(QLatin1String("page 1 of 1, 6 jobs")));
        c = seedctl(mock.args() + QStringList{QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("wide")},
                    env);
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.contains(QLatin1String("COST/H")));
        QVERIFY(c.out.contains(QLatin1String("17.00"))); // the mock's price: 4 x 3.77 + 64 x 0.03

        // done-1: 17.00/h for 6 h; the mock bills 80 %: 81.60, where cost_per_hour x runtime is 102.00.
        c = seedctl(mock.args() + QStringList{QStringLiteral("get"), QStringLiteral("done-1")}, env);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.contains(QLatin1String("17.00/h, 81.60 so far")), qPrintable(c.out));
        QVERIFY(!c.out.contains(QLatin1String("102.00")));

        // -o json: the server's object verbatim, every key kept (null stays null).
        for (const QString &path : {QStringLiteral("/acme/job/done-1"), QStringLiteral("/acme/jobs")}) {
            const QStringList cmd = path.endsWith(QLatin1String("jobs"))
                                        ? QStringList{QStringLiteral("list")}
                                        : QStringList{QStringLiteral("get"), QStringLiteral("done-1")};
            c = seedctl(mock.args() + cmd + QStringList{QStringLiteral("-o"), QStringLiteral("json")}, env);
            QCOMPARE(c.exitCode, 0);
            QCOMPARE(QJsonDocument::fromJson(c.out.toUtf8()).object(), rawGet(mock.url + path));
        }
        c = seedctl(mock.args() + QStringList{QStringLiteral("analytics"), QStringLiteral("done-1")}, env);
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.startsWith(QLatin1String("GPU ")));

        // SeedClient reads the same: the server's total, never one of its own.
        client::SeedClient sc;
        sc.setEndpoint(mock.endpoint());
        const auto job = await<wire::Job>([&](auto cb) { sc.getJob(QStringLiteral("done-1"), &sc, cb); });
        QVERIFY(job.ok());
        QCOMPARE(job.value.value().shownTotalCostCents(job.value.value().runtimeSeconds), 8160);
        QCOMPARE(job.value.value().costPerHourCents, 1700);
        const auto page = await<wire::JobPage>([&](auto cb) { sc.listJobs({}, &sc, cb); });
        QVERIFY(page.ok());
        QCOMPARE(page.value.value().jobs.size(), 6);
        const auto logs = await<wire::LogPage>([&](auto cb) { sc.getLogs(QStringLiteral("done-1"), {}, &sc, cb); });
        QVERIFY(logs.ok());
        QCOMPARE(logs.value.value().lines.size(), 12);
        const auto an = await<wire::Analytics>([&](auto cb) { sc.getAnalytics(QStringLiteral("done-1"), &sc, cb); });
        QVERIFY(an.ok());
    }

    void submitCancelDelete()
    {
        START_MOCK(mock, {});
        const auto env = Mock::env();
        const QStringList base{QStringLiteral("submit"),
                               QStringLiteral("--command"),
                               QStringLiteral("train"),
                               QStringLiteral("--image"),
                               QStringLiteral("busybox"),
                               QStringLiteral("--gpu"),
                               QStringLiteral("none"),
                               QStringLiteral("--cpu"),
                               QStringLiteral("2"),
                               QStringLiteral("--memory-gb"),
                               QStringLiteral("8"),
                               QStringLiteral("--env"),
                               QStringLiteral("MOCK_RUN_SECONDS=600"),
                               QStringLiteral("--env"),
                               QStringLiteral("A=b=c")};
        Ctl c = seedctl(mock.args() + base + QStringList{QStringLiteral("--name"), QStringLiteral("plain")}, env);
        QVERIFY2(c.exitCode == 0, qPrintable(c.err));
        QVERIFY(c.out.startsWith(QLatin1String("plain queued (job_")));
        c = seedctl(mock.args() + base +
                        QStringList{QStringLiteral("--name"), QStringLiteral("spotty"), QStringLiteral("--spot"),
                                    QStringLiteral("--nodes"), QStringLiteral("2")},
                    env);
        QVERIFY2(c.exitCode == 0, qPrintable(c.err));
        // What went out: --nodes and --spot only where given, --env merged.
        const QStringList posts = mock.requests().filter(QStringLiteral("POST /auth/v1/seed/acme/jobs "));
        QCOMPARE(posts.size(), 2);
        const auto bodyOf = [](const QString &line) {
            return QJsonDocument::fromJson(line.section(u' ', 2).toUtf8()).object();
        };
        const QJsonObject plain = bodyOf(posts.at(0)), spotty = bodyOf(posts.at(1));
        QVERIFY(!plain.contains(QLatin1String("nodes")));
        QVERIFY(!plain.contains(QLatin1String("spot")));
        QCOMPARE(spotty.value(QLatin1String("nodes")).toInt(), 2);
        QCOMPARE(spotty.value(QLatin1String("spot")).toBool(), true);
        QCOMPARE(plain.value(QLatin1String("env")).toObject().value(QLatin1String("A")).toString(),
                 QStringLiteral("b=c"));
        // The mock echoes them (as seedd does): get and list show them.
        c = seedctl(mock.args() + QStringList{QStringLiteral("get"), QStringLiteral("spotty")}, env);
        QVERIFY(c.out.contains(QLatin1String("spot:           yes")));
        QVERIFY(c.out.contains(QLatin1String("nodes:          2")));
        QVERIFY(c.out.contains(QLatin1String("preemptions:    0")));
        c = seedctl(mock.args() + QStringList{QStringLiteral("list")}, env);
        QVERIFY(c.out.contains(QLatin1String("SPOT")) && c.out.contains(QLatin1String("NODES")));

        // A running job cannot be deleted (409, exit 1); cancelled it can, then it is gone (404).
        c = seedctl(mock.args() + QStringList{QStringLiteral("delete"), QStringLiteral("plain")}, env);
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 409")));
        c = seedctl(mock.args() + QStringList{QStringLiteral("cancel"), QStringLiteral("plain")}, env);
        QCOMPARE(c.exitCode, 0);
        QVERIFY(c.out.startsWith(QLatin1String("plain cancelled")));
        c = seedctl(mock.args() + QStringList{QStringLiteral("cancel"), QStringLiteral("plain")}, env);
        QCOMPARE(c.exitCode, 1); // already ended: 409
        QCOMPARE(seedctl(mock.args() + QStringList{QStringLiteral("delete"), QStringLiteral("plain")}, env).exitCode,
                 0);
        c = seedctl(mock.args() + QStringList{QStringLiteral("get"), QStringLiteral("plain")}, env);
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 404")));

        // The same cycle through SeedClient.
        client::SeedClient sc;
        sc.setEndpoint(mock.endpoint());
        wire::JobSpec spec;
        spec.name = QStringLiteral("in-process");
        spec.command = QStringLiteral("train");
        spec.image = QStringLiteral("busybox");
        spec.gpu = QStringLiteral("none");
        spec.cpu = 2;
        spec.memoryGb = 8;
        spec.env.insert(QStringLiteral("MOCK_RUN_SECONDS"), QStringLiteral("600"));
        const auto created = await<wire::Job>([&](auto cb) { sc.createJob(spec, &sc, cb); });
        QVERIFY(created.ok());
        QCOMPARE(created.httpStatus, 201);
        const auto cancelled = await<client::CancelResult>([&](auto cb) { sc.cancelJob(spec.name, &sc, cb); });
        QVERIFY(cancelled.ok());
        QCOMPARE(cancelled.value.value().job.status, wire::JobStatus::Cancelled);
        const auto deleted = await<client::Empty>([&](auto cb) { sc.deleteJob(spec.name, true, &sc, cb); });
        QVERIFY(deleted.ok());
        const auto gone = await<wire::Job>([&](auto cb) { sc.getJob(spec.name, &sc, cb); });
        QCOMPARE(gone.httpStatus, 404);
    }

    // Each error class of the contract, through SeedClient (status, envelope, request id) and seedctl (exit
    // code and message).
    void everyErrorKind()
    {
        START_MOCK(mock, {});
        client::SeedClient sc;
        sc.setEndpoint(mock.endpoint());
        const auto expectError = [&](const client::Result<QJsonObject> &r, int status, const char *code) {
            QCOMPARE(r.httpStatus, status);
            QVERIFY(!r.ok());
            QCOMPARE(r.value.error().code(), QString::fromLatin1(code));
            QVERIFY(r.requestId.startsWith(QLatin1String("req_")));
        };
        const auto get = [&](client::SeedClient &c, const QString &path, const QUrlQuery &q = {}) {
            return await<QJsonObject>([&](auto cb) { c.getObject(path, q, &c, cb); });
        };
        QUrlQuery perPage;
        perPage.addQueryItem(QStringLiteral("per_page"), QStringLiteral("101"));
        expectError(get(sc, QStringLiteral("/acme/jobs"), perPage), 400, "invalid_request");
        expectError(get(sc, QStringLiteral("/acme/job/nope")), 404, "not_found");
        expectError(get(sc, QStringLiteral("/other/jobs")), 403, "forbidden");
        expectError(get(sc, QStringLiteral("/acme/job/http-500")), 500, "internal_error");
        // 429 with a Retry-After of an hour: reported, and the next call is refused at once, not held for an hour.
        client::SeedClient limited;
        limited.setEndpoint(mock.endpoint());
        expectError(get(limited, QStringLiteral("/acme/job/http-429")), 429, "rate_limit_exceeded");
        QElapsedTimer held;
        held.start();
        const auto next = get(limited, QStringLiteral("/acme/jobs"));
        QCOMPARE(next.httpStatus, 429);
        QVERIFY(held.elapsed() < 5000);
        client::SeedClient bad;
        bad.setEndpoint(mock.endpoint("Bearer wrong"));
        expectError(get(bad, QStringLiteral("/acme/jobs")), 401, "unauthorized");
        wire::JobSpec spec;
        spec.name = QStringLiteral("shape");
        spec.command = QStringLiteral("x");
        spec.image = QStringLiteral("busybox");
        spec.gpu = QStringLiteral("L4");
        spec.cpu = 96;
        spec.memoryGb = 64;
        const auto shape = await<wire::Job>([&](auto cb) { sc.createJob(spec, &sc, cb); });
        QCOMPARE(shape.httpStatus, 422);
        client::SeedClient reader;
        reader.setEndpoint(mock.endpoint("Bearer mock-read-token"));
        spec.gpu = QStringLiteral("none");
        spec.cpu = 2;
        spec.memoryGb = 8;
        const auto readOnly = await<wire::Job>([&](auto cb) { reader.createJob(spec, &reader, cb); });
        QCOMPARE(readOnly.httpStatus, 403);

        // seedctl: 1 for every refusal of the API (its message and request id), 2 for bad input, 3 unreachable.
        const auto env = Mock::env();
        for (const char *name : {"nope", "http-500", "http-429"}) {
            const Ctl c = seedctl(mock.args() + QStringList{QStringLiteral("get"), QString::fromLatin1(name)}, env);
            QCOMPARE(c.exitCode, 1);
            QVERIFY2(c.err.contains(QLatin1String("(request req_")), qPrintable(c.err));
        }
        Ctl c = seedctl(mock.args() + QStringList{QStringLiteral("list")}, Mock::env(QStringLiteral("wrong")));
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 401")));
        c = seedctl({QStringLiteral("--url"), mock.url, QStringLiteral("--namespace"), QStringLiteral("other"),
                     QStringLiteral("list")},
                    env);
        QCOMPARE(c.exitCode, 1);
        QVERIFY(c.err.contains(QLatin1String("HTTP 403")));
        // Bad input: exit 2, nothing sent.
        const int before = int(mock.requests().size());
        for (const QStringList &bad :
             {QStringList{QStringLiteral("submit"), QStringLiteral("--name"), QStringLiteral("x"),
                          QStringLiteral("--cpu"), QStringLiteral("two")},
              QStringList{QStringLiteral("submit"), QStringLiteral("--name"), QStringLiteral("x"),
                          QStringLiteral("--nodes"), QStringLiteral("0")},
              QStringList{QStringLiteral("submit"), QStringLiteral("--env"), QStringLiteral("NOEQUALS")},
              QStringList{QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("yaml")},
              QStringList{QStringLiteral("get"), QStringLiteral("../x")},
              QStringList{QStringLiteral("artifacts"), QStringLiteral("done-1"), QStringLiteral("--tail"),
                          QStringLiteral("3")}}) {
            c = seedctl(mock.args() + bad, env);
            QVERIFY2(c.exitCode == 2, qPrintable(bad.join(u' ') + u'\n' + c.err));
            QVERIFY(c.err.contains(QLatin1String("Try 'seedctl --help'.")));
        }
        QCOMPARE(int(mock.requests().size()), before);
        c = seedctl({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--namespace"),
                     QStringLiteral("acme"), QStringLiteral("list")},
                    env);
        QCOMPARE(c.exitCode, 3);
    }

    void logsOfAnEndedJob()
    {
        START_MOCK(mock, {});
        const auto env = Mock::env();
        Ctl c = seedctl(mock.args() + QStringList{QStringLiteral("logs"), QStringLiteral("done-1")}, env);
        QCOMPARE(c.exitCode, 0);
        QCOMPARE(c.out.count(u'\n'), 12);
        c = seedctl(mock.args() + QStringList{QStringLiteral("logs"), QStringLiteral("done-1"), QStringLiteral("-f")},
                    env);
        QCOMPARE(c.exitCode, 0);
        QCOMPARE(c.out.count(u'\n'), 12);
        QVERIFY(c.err.contains(QLatin1String("job done-1 ended: succeeded")));
        // An ended job has no stream (the contract): asked at most once, answered 409, and done.
        QVERIFY(countMatching(mock.requests(), QStringLiteral("stream=true")) <= 1);
    }

    // logs -f of a job that runs and ends: every line once, exit 0 when it ends, no reconnect loop: with the
    // contract's id-less lines, and with seedd's additive ids but still no `event: end`.
    void followARunningJobToItsEnd_data()
    {
        QTest::addColumn<bool>("ids");
        QTest::newRow("lines without id") << false;
        QTest::newRow("lines with id, no end event") << true;
    }
    void followARunningJobToItsEnd()
    {
        QFETCH(bool, ids);
        START_MOCK(mock, ids ? QStringList{QStringLiteral("--log-ids")} : QStringList{});
        const auto env = Mock::env();
        const Ctl s =
            seedctl(mock.args() +
                        QStringList{QStringLiteral("submit"), QStringLiteral("--name"), QStringLiteral("live"),
                                    QStringLiteral("--command"), QStringLiteral("train"), QStringLiteral("--image"),
                                    QStringLiteral("busybox"), QStringLiteral("--gpu"), QStringLiteral("none"),
                                    QStringLiteral("--cpu"), QStringLiteral("2"), QStringLiteral("--memory-gb"),
                                    QStringLiteral("8"), QStringLiteral("--env"), QStringLiteral("MOCK_RUN_SECONDS=3")},
                    env);
        QCOMPARE(s.exitCode, 0);
        QElapsedTimer t;
        t.start();
        const Ctl c =
            seedctl(mock.args() + QStringList{QStringLiteral("logs"), QStringLiteral("live"), QStringLiteral("-f")},
                    env, 25000);
        QVERIFY2(c.exitCode == 0, qPrintable(c.err));
        QVERIFY2(t.elapsed() < 15000, qPrintable(QString::number(t.elapsed())));
        QStringList lines = c.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 15); // 3 s, one line every 0.2 s
        for (int i = 0; i < lines.size(); ++i)
            QCOMPARE(lines.at(i), QStringLiteral("live step %1/15").arg(i + 1));
        QVERIFY(c.err.contains(QLatin1String("job live ended: succeeded")));
        QVERIFY2(!c.err.contains(QLatin1String("lost the connection")), qPrintable(c.err));
        // The stream, at most one reconnect when it closed (answered 409), and no loop.
        const int streams = countMatching(mock.requests(), QStringLiteral("stream=true"));
        QVERIFY2(streams >= 1 && streams <= 3, qPrintable(mock.requests().join(u'\n')));
    }

    // LogStream in-process: the lines of a running job once each, then notRunning (the server's 409 after it
    // closed the stream), not a retry loop, and not a failure.
    void logStreamEndsOnTheServers409()
    {
        START_MOCK(mock, {});
        client::SeedClient sc;
        sc.setEndpoint(mock.endpoint());
        wire::JobSpec spec;
        spec.name = QStringLiteral("stream");
        spec.command = QStringLiteral("train");
        spec.image = QStringLiteral("busybox");
        spec.gpu = QStringLiteral("none");
        spec.cpu = 2;
        spec.memoryGb = 8;
        spec.env.insert(QStringLiteral("MOCK_RUN_SECONDS"), QStringLiteral("2"));
        QVERIFY(await<wire::Job>([&](auto cb) { sc.createJob(spec, &sc, cb); }).ok());
        QTRY_COMPARE_WITH_TIMEOUT(
            (await<wire::Job>([&](auto cb) { sc.getJob(spec.name, &sc, cb); }).value.value().status),
            wire::JobStatus::Running, 5000);
        client::LogStream stream(&sc, spec.name);
        stream.setRetryDelayMs(200);
        QStringList got;
        QObject::connect(&stream, &client::LogStream::linesReceived, &stream, [&](const QList<wire::LogLine> &lines) {
            for (const wire::LogLine &l : lines)
                got.append(l.message);
        });
        QSignalSpy notRunning(&stream, &client::LogStream::notRunning);
        QSignalSpy failed(&stream, &client::LogStream::failed);
        stream.start(-1);
        QVERIFY(notRunning.wait(10000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(got.size(), 10);
        QCOMPARE(got.constLast(), QStringLiteral("stream step 10/10"));
        QCOMPARE(int(got.removeDuplicates()), 0);
        QVERIFY(stream.reconnects() <= 1);
    }

    // A hostile server's archive: names with '..', absolute names, links, a newline, a NUL. Nothing may land
    // outside the target directory, no link is created, and the listing cannot be forged by a name.
    void artifactsOfAHostileServerStayInTheirDirectory()
    {
        START_MOCK(mock, {QStringLiteral("--hostile-artifacts")});
        const auto env = Mock::env();
        QFile::remove(QStringLiteral("/tmp/seed-mock-absolute.txt"));
        const QString parent = m_tmp.filePath(QStringLiteral("art"));
        const QString target = parent + QStringLiteral("/deep/target");
        QVERIFY(QDir().mkpath(target));
        Ctl c = seedctl(mock.args() + QStringList{QStringLiteral("artifacts"), QStringLiteral("done-1")}, env);
        QCOMPARE(c.exitCode, 0);
        const QStringList listed = c.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(listed.size(), 10); // one line per entry: the newline in a name is shown as \x0a
        QVERIFY(c.out.contains(QLatin1String("output/new\\x0aline.txt  (not written")));
        QVERIFY(c.out.contains(QLatin1String("output/nul\\x00.txt  (not written")));
        QVERIFY(c.out.contains(QLatin1String("../escape.txt  (not written")));

        c = seedctl(mock.args() + QStringList{QStringLiteral("artifacts"), QStringLiteral("done-1"),
                                              QStringLiteral("--output-dir"), target},
                    env);
        QCOMPARE(c.exitCode, 5);
        QVERIFY(c.out.contains(QLatin1String("wrote 3 of 10 entries")));
        QCOMPARE(c.err.count(QLatin1String("seedctl: not written: ")), 7);
        QFile model(target + QStringLiteral("/output/model.bin"));
        QVERIFY(model.open(QIODevice::ReadOnly));
        QCOMPARE(model.readAll(), QByteArray("weights of done-1"));
        QVERIFY(QFileInfo::exists(target + QStringLiteral("/output/logs/metrics.json")));
        // Nothing outside: not beside the target, not above it, not at the absolute path, and no link inside.
        QVERIFY(!QFileInfo::exists(parent + QStringLiteral("/deep/escape.txt")));
        QVERIFY(!QFileInfo::exists(parent + QStringLiteral("/escape2.txt")));
        QVERIFY(!QFileInfo::exists(parent + QStringLiteral("/deep/escape2.txt")));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/seed-mock-absolute.txt")));
        QVERIFY(!QFileInfo(target + QStringLiteral("/output/link")).isSymLink());
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/output/hard")));
        QDir all(parent);
        const QStringList everything = [&] {
            QStringList out;
            std::function<void(const QString &)> walk = [&](const QString &dir) {
                for (const QFileInfo &fi :
                     QDir(dir).entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System | QDir::Hidden)) {
                    out.append(all.relativeFilePath(fi.filePath()));
                    if (fi.isDir() && !fi.isSymLink())
                        walk(fi.filePath());
                }
            };
            walk(parent);
            return out;
        }();
        for (const QString &path : everything) {
            QVERIFY2(path.startsWith(QLatin1String("deep")), qPrintable(path));
            QVERIFY2(!path.contains(u'\n') && !QFileInfo(parent + u'/' + path).isSymLink(), qPrintable(path));
        }
        // A job without artifacts: exit 5 and why.
        c = seedctl(mock.args() + QStringList{QStringLiteral("artifacts"), QStringLiteral("failed-1")}, env);
        QCOMPARE(c.exitCode, 5);
        QVERIFY(c.err.contains(QLatin1String("has no artifacts")));
    }
};

QTEST_GUILESS_MAIN(TestClientAnyServer)
#include "tst_client_anyserver.moc"
