// SeedClient fed every response example of the contract verbatim (tests/fixtures/contract, copied from
// the reference page) by a tiny HTTP server: typed results, the error envelope with its request_id,
// Retry-After on 429, retried reads with backoff, the disconnected state and the reconnect signal.
#include "jobstatustest.h"
#include "client/jobfeed.h"
#include "client/seedclient.h"
#include "wire/catalog.h"
#include "fixtureserver.h"
#include "wire/jobspec.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

using namespace seed;
using client::Result;

namespace {
template <typename T>
struct Capture
{
    std::optional<Result<T>> result;
    int calls = 0;
    client::SeedClient::Callback<T> cb()
    {
        return [this](const Result<T> &r) {
            result.emplace(r);
            ++calls;
        };
    }
};
FixtureServer::Answer ok(const char *file, int status = 200)
{
    return {status, FixtureServer::fixture(QLatin1String(file)), {}};
}
} // namespace

class TestGuiContract : public QObject
{
    Q_OBJECT
    FixtureServer m_server;
    std::unique_ptr<client::SeedClient> m_client;

    void useServer(const QString &url)
    {
        client::Endpoint e;
        e.baseUrl = QUrl(url);
        e.ns = QStringLiteral("acme");
        e.authorization = "Bearer sdt_test_token";
        m_client->setEndpoint(e);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void init()
    {
        m_server.clear();
        m_client = std::make_unique<client::SeedClient>();
        m_client->setRetryPolicy({4, 20, 100, 5, 5000});
        useServer(m_server.url());
    }

    void listJobs()
    {
        m_server.on("GET /acme/jobs", ok("list_response.json"));
        Capture<wire::JobPage> c;
        wire::ListQuery q;
        q.status = QStringLiteral("running");
        m_client->listJobs(q, this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(c.result->ok());
        const wire::JobPage &p = c.result->value.value();
        QCOMPARE(p.jobs.size(), 1);
        const wire::Job &j = p.jobs.first();
        QCOMPARE(j.id, QStringLiteral("job_6e5d4c3b2a1f"));
        QCOMPARE(j.name, QStringLiteral("finetune-llama-3-r1"));
        QCOMPARE(j.ns, QStringLiteral("acme"));
        QCOMPARE(j.status, wire::JobStatus::Running);
        QCOMPARE(j.gpu, QStringLiteral("A100-80GB"));
        QCOMPARE(j.gpuCount, 4);
        QCOMPARE(j.region, QStringLiteral("us-east-1"));
        QCOMPARE(j.progress, QStringLiteral("Epoch 2/3 - Step 4200/6300"));
        QCOMPARE(j.costPerHourCents, 1280);
        QCOMPARE(j.runtimeSeconds, 14400);
        QCOMPARE(j.createdAt, QDateTime(QDate(2026, 3, 18), QTime(10, 0), Qt::UTC));
        QCOMPARE(*j.startedAt, QDateTime(QDate(2026, 3, 18), QTime(10, 1, 15), Qt::UTC));
        QVERIFY(!j.completedAt);
        QCOMPARE(p.pagination.page, 1);
        QCOMPARE(p.pagination.perPage, 20);
        QCOMPARE(p.pagination.total, 1);
        QCOMPARE(p.pagination.totalPages, 1);
        // What went out: the contract's path, query and credentials.
        const auto &seen = m_server.seen().last();
        QVERIFY(seen.target.startsWith("/acme/jobs?"));
        QVERIFY(seen.target.contains("status=running"));
        QCOMPARE(seen.headers.value("authorization"), QByteArray("Bearer sdt_test_token"));
        QCOMPARE(m_client->state(), client::ConnectionState::Connected);
    }

    // The job feed reads for the models: a new endpoint forgets the rows and reads page 1 and every status
    // count; a refresh re-reads the loaded pages and hands them out whole, in the server's order.
    void jobFeedReadsForTheModels()
    {
        m_server.on("GET /acme/jobs", ok("list_response.json"));
        client::JobFeed feed(m_client.get());
        feed.setPollInterval(0); // only what the test asks for
        QSignalSpy cleared(&feed, &client::JobFeed::cleared);
        QSignalSpy pages(&feed, &client::JobFeed::pageLoaded);
        QSignalSpy read(&feed, &client::JobFeed::listRead);
        QSignalSpy counts(&feed, &client::JobFeed::countRead);
        QSignalSpy countsDone(&feed, &client::JobFeed::countsRefreshed);
        QSignalSpy refreshed(&feed, &client::JobFeed::refreshed);
        QSignalSpy busy(&feed, &client::JobFeed::busyChanged);
        wire::ListQuery q;
        q.perPage = 50;
        feed.setQuery(q);
        useServer(m_server.url());
        QCOMPARE(cleared.count(), 1);
        QVERIFY(feed.isBusy());
        QTRY_COMPARE(pages.count(), 1);
        QCOMPARE(pages.at(0).at(0).toInt(), 1);
        QCOMPARE(pages.at(0).at(1).value<wire::JobPage>().jobs.first().id, QStringLiteral("job_6e5d4c3b2a1f"));
        QCOMPARE(feed.loadedPages(), 1);
        QVERIFY(!feed.isBusy());
        QCOMPARE(refreshed.count(), 1);
        QTRY_COMPARE(countsDone.count(), 1);
        QCOMPARE(counts.count(), 1 + wire::catalog::statuses().size()); // "" (all) and each status
        QCOMPARE(counts.at(0).at(0).toString(), QString());

        feed.refresh();
        QTRY_COMPARE(read.count(), 1);
        QCOMPARE(read.at(0).at(0).value<QList<wire::Job>>().size(), 1);
        QCOMPARE(refreshed.count(), 2);
        QCOMPARE(pages.count(), 1); // a refresh is not a new page
        QVERIFY(!feed.isStreaming()); // the fixture server has no events stream
        // The page size of the query went out with each list read.
        bool sawPerPage = false;
        for (const auto &r : m_server.seen())
            sawPerPage |= r.target.contains("per_page=50");
        QVERIFY(sawPerPage);
    }

    void getJob()
    {
        m_server.on("GET /acme/job/finetune-llama-3-r1", ok("get_response.json"));
        Capture<wire::Job> c;
        m_client->getJob(QStringLiteral("finetune-llama-3-r1"), this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(c.result->ok());
        const wire::Job &j = c.result->value.value();
        QCOMPARE(j.status, wire::JobStatus::Succeeded);
        QVERIFY(j.command.startsWith(QLatin1String("python train.py --model meta-llama/Meta-Llama-3.1-8B")));
        QCOMPARE(j.repo, QStringLiteral("acme/training-pipeline"));
        QCOMPARE(j.branch, QStringLiteral("main"));
        QCOMPARE(j.commitSha, QStringLiteral("f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5"));
        QCOMPARE(j.cpu, 64);
        QCOMPARE(j.memoryGb, 256);
        QCOMPARE(j.diskGb, 500);
        QCOMPARE(j.timeoutMinutes, 4320);
        QCOMPARE(j.retries, 1);
        QCOMPARE(j.retryCount, 0);
        QCOMPARE(j.outputPath, QStringLiteral("/workspace/output/checkpoints"));
        QCOMPARE(*j.exitCode, 0);
        QCOMPARE(j.totalCostCents(), 7680);
        QCOMPARE(j.runtimeSeconds, 21600);
        QVERIFY(j.artifacts);
        QCOMPARE(j.artifacts->sizeBytes, Q_INT64_C(16106127360));
        QCOMPARE(j.artifacts->files, 12);
        QCOMPARE(j.artifacts->downloadUrl, QStringLiteral("https://artifacts.outpost.run/acme/job_6e5d4c3b2a1f/checkpoints"));
        QCOMPARE(*j.completedAt, QDateTime(QDate(2026, 3, 18), QTime(16, 1, 15), Qt::UTC));
    }

    void createJob()
    {
        m_server.on("POST /auth/v1/seed/acme/jobs", ok("create_response.json", 201));
        const QJsonObject request = QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("create_request.json"))).object();
        auto spec = wire::parseJobSpec(request);
        QVERIFY(spec.ok());
        Capture<wire::Job> c;
        m_client->createJob(spec.value(), this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(c.result->ok());
        QCOMPARE(c.result->httpStatus, 201);
        QCOMPARE(c.result->value->status, wire::JobStatus::Queued);
        QCOMPARE(c.result->value->costPerHourCents, 1280);
        QVERIFY(!c.result->value->startedAt);
        // The body the client sent is the contract's request, key for key.
        const auto &seen = m_server.seen().last();
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(QJsonDocument::fromJson(seen.body).object(), request);
    }

    void cancelJob()
    {
        m_server.on("POST /auth/v1/seed/acme/jobs/finetune-llama-3-r1/cancel", ok("cancel_response.json"));
        Capture<client::CancelResult> c;
        m_client->cancelJob(QStringLiteral("finetune-llama-3-r1"), this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(c.result->ok());
        QCOMPARE(c.result->value->job.status, wire::JobStatus::Cancelled);
        QCOMPARE(c.result->value->job.runtimeSeconds, 14400);
        QCOMPARE(c.result->value->message,
                 QStringLiteral("Job cancellation initiated. Running processes will be terminated."));
        QCOMPARE(*c.result->value->job.completedAt, QDateTime(QDate(2026, 3, 18), QTime(14, 1, 15), Qt::UTC));
    }

    void deleteJob()
    {
        m_server.on("DELETE /auth/v1/seed/acme/jobs/finetune-llama-3-r1", {204, {}, {}});
        Capture<client::Empty> c;
        m_client->deleteJob(QStringLiteral("finetune-llama-3-r1"), true, this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(c.result->ok());
        QCOMPARE(c.result->httpStatus, 204);
        QCOMPARE(m_server.seen().last().target, QByteArray("/auth/v1/seed/acme/jobs/finetune-llama-3-r1?delete_artifacts=true"));
    }

    void logsAndAnalytics()
    {
        m_server.on("GET /acme/job/finetune-llama-3-r1/logs", ok("logs_response.json"));
        m_server.on("GET /acme/job/finetune-llama-3-r1/analytics", ok("analytics_response.json"));
        Capture<wire::LogPage> logs;
        wire::LogQuery q;
        q.tail = 50;
        m_client->getLogs(QStringLiteral("finetune-llama-3-r1"), q, this, logs.cb());
        Capture<wire::Analytics> an;
        m_client->getAnalytics(QStringLiteral("finetune-llama-3-r1"), this, an.cb());
        QTRY_VERIFY(logs.result && an.result);
        QVERIFY(logs.result->ok());
        QCOMPARE(logs.result->value->lines.size(), 8);
        QVERIFY(logs.result->value->hasMore);
        QCOMPARE(logs.result->value->lines.last().message,
                 QStringLiteral("Done. Artifacts uploaded to acme/job_6e5d4c3b2a1f/checkpoints"));
        QVERIFY(an.result->ok());
        QCOMPARE(an.result->value->gpuUtilizationPercent, 94);
        QCOMPARE(an.result->value->cpuUtilizationPercent, 67);
        QCOMPARE(an.result->value->memoryUsedGb, 210);
        QCOMPARE(an.result->value->diskUsedGb, 380);
        QCOMPARE(an.result->value->runtimeSeconds, 21600);
    }

    void errorEnvelope()
    {
        m_server.on("POST /auth/v1/seed/acme/jobs", ok("error_response.json", 400));
        Capture<wire::Job> c;
        wire::JobSpec s;
        s.name = QStringLiteral("x");
        m_client->createJob(s, this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(!c.result->ok());
        const wire::ApiError &e = c.result->value.error();
        QCOMPARE(e.kind, wire::ErrorKind::InvalidRequest);
        QCOMPARE(e.message, QStringLiteral("Either 'repo' or 'image' must be provided."));
        QCOMPARE(e.requestId, QStringLiteral("req_7b8c9d0e1f2a"));
        QCOMPARE(c.result->requestId, QStringLiteral("req_7b8c9d0e1f2a"));
        QCOMPARE(c.result->httpStatus, 400);
        QVERIFY(client::describe(e).contains(QLatin1String("req_7b8c9d0e1f2a")));
        QCOMPARE(m_server.seen().size(), 1); // a POST is never repeated
    }

    void rateLimitedReadIsRetriedAfterRetryAfter()
    {
        const QByteArray limited = R"({"error":{"code":"rate_limited","message":"Slow down.","request_id":"req_aaaaaaaaaaaa"}})";
        m_server.on("GET /acme/jobs", {429, limited, {{"Retry-After", "1"}}});
        m_server.on("GET /acme/jobs", ok("list_response.json"));
        Capture<wire::JobPage> c;
        m_client->listJobs({}, this, c.cb());
        QTRY_VERIFY_WITH_TIMEOUT(c.result, 5000);
        QVERIFY(c.result->ok());
        QCOMPARE(c.calls, 1);
        QCOMPARE(m_server.seen().size(), 2);
    }

    void rateLimitedWriteReportsRetryAfter()
    {
        const QByteArray limited = R"({"error":{"code":"rate_limited","message":"Slow down.","request_id":"req_bbbbbbbbbbbb"}})";
        m_server.on("POST /auth/v1/seed/acme/jobs/x/cancel", {429, limited, {{"Retry-After", "7"}}});
        Capture<client::CancelResult> c;
        m_client->cancelJob(QStringLiteral("x"), this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(!c.result->ok());
        QCOMPARE(c.result->value.error().kind, wire::ErrorKind::RateLimited);
        QCOMPARE(c.result->value.error().retryAfterSeconds, 7);
        QCOMPARE(c.result->requestId, QStringLiteral("req_bbbbbbbbbbbb"));
        QCOMPARE(m_server.seen().size(), 1);
    }

    void nonJsonErrorStillTyped()
    {
        m_server.on("GET /acme/job/gone", {502, "<html>bad gateway</html>", {}});
        m_client->setRetryPolicy({2, 10, 20, 5, 5000});
        Capture<wire::Job> c;
        m_client->getJob(QStringLiteral("gone"), this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(!c.result->ok());
        QCOMPARE(c.result->httpStatus, 502);
        QCOMPARE(m_server.seen().size(), 2); // one retry of an idempotent read
    }

    void unreachableThenReconnected()
    {
        // A port with nothing behind it: reads retry with backoff, then fail as Unavailable.
        FixtureServer other;
        QVERIFY(other.listen());
        const quint16 port = other.port();
        other.close();
        useServer(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QSignalSpy states(m_client.get(), &client::SeedClient::stateChanged);
        QSignalSpy reconnected(m_client.get(), &client::SeedClient::reconnected);
        Capture<wire::JobPage> c;
        m_client->listJobs({}, this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(!c.result->ok());
        QCOMPARE(c.result->value.error().kind, wire::ErrorKind::Unavailable);
        QCOMPARE(c.result->httpStatus, 0);
        QCOMPARE(m_client->state(), client::ConnectionState::Disconnected);
        // The server comes back at the same address: the next read reconnects.
        other.on("GET /acme/jobs", ok("list_response.json"));
        QVERIFY(other.listen(port));
        Capture<wire::JobPage> again;
        m_client->listJobs({}, this, again.cb());
        QTRY_VERIFY(again.result);
        QVERIFY(again.result->ok());
        QCOMPARE(m_client->state(), client::ConnectionState::Connected);
        QCOMPARE(reconnected.count(), 1);
    }

    void deadContextGetsNoCallback()
    {
        m_server.on("GET /acme/jobs", ok("list_response.json"));
        int calls = 0;
        {
            QObject context;
            m_client->listJobs({}, &context, [&calls](const Result<wire::JobPage> &) { ++calls; });
        }
        Capture<wire::JobPage> c;
        m_client->listJobs({}, this, c.cb());
        QTRY_VERIFY(c.result);
        QCOMPARE(calls, 0);
    }

    void downloadWithProgressAndNoLeakedToken()
    {
        QTemporaryDir dir;
        QByteArray blob(3 * 1024 * 1024, 'x');
        // Same origin as the API: the credentials go along.
        m_server.on("GET /artifacts/acme/ckpt.tar", {200, blob, {}});
        const QString target = dir.filePath(QStringLiteral("ckpt.tar"));
        client::Download *d = m_client->download(QUrl(m_server.url() + QStringLiteral("/artifacts/acme/ckpt.tar")), target, this);
        QSignalSpy progress(d, &client::Download::progress);
        QSignalSpy finished(d, &client::Download::finished);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(progress.count() >= 1);
        QCOMPARE(progress.last().at(0).toLongLong(), blob.size());
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.size(), blob.size());
        QCOMPARE(m_server.seen().last().headers.value("authorization"), QByteArray("Bearer sdt_test_token"));

        // Another host (artifact storage): never our token.
        FixtureServer storage;
        QVERIFY(storage.listen());
        storage.on("GET /ckpt.tar", {200, "data", {}});
        client::Download *other = m_client->download(QUrl(storage.url() + QStringLiteral("/ckpt.tar")),
                                                     dir.filePath(QStringLiteral("other.tar")), this);
        QSignalSpy otherDone(other, &client::Download::finished);
        QTRY_COMPARE(otherDone.count(), 1);
        QVERIFY(otherDone.first().at(0).toBool());
        QVERIFY(!storage.seen().last().headers.contains("authorization"));

        // Cancelled: no partial file is left behind.
        m_server.on("GET /artifacts/acme/slow.tar", {200, blob, {}});
        const QString slow = dir.filePath(QStringLiteral("slow.tar"));
        client::Download *c = m_client->download(QUrl(m_server.url() + QStringLiteral("/artifacts/acme/slow.tar")), slow, this);
        QSignalSpy cancelled(c, &client::Download::finished);
        c->cancel();
        QTRY_COMPARE(cancelled.count(), 1);
        QVERIFY(!cancelled.first().at(0).toBool());
        QVERIFY(!QFile::exists(slow));
    }

    void secretsNeverInUrls()
    {
        // The token rides in a header only.
        m_server.on("GET /acme/jobs", ok("list_response.json"));
        Capture<wire::JobPage> c;
        m_client->listJobs({}, this, c.cb());
        QTRY_VERIFY(c.result);
        QVERIFY(!m_server.seen().last().target.contains("sdt_test_token"));
        QVERIFY(!m_client->urlFor(QStringLiteral("/acme/jobs")).toString().contains(QLatin1String("sdt_")));
    }
};

QTEST_MAIN(TestGuiContract)
#include "tst_gui_contract.moc"
