// Every request and response example of the contract, replayed against a real seedd on loopback with a
// real SQLite file, compared key for key and type for type.
#include "apiassert.h"
#include "seeddprocess.h"

#include <QJsonArray>

using namespace apiassert;

class TestApiContract : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    QString m_token;
    QString m_apiKey;
    TestHttp http() const { return TestHttp(m_seedd.url(), TestHttp::bearer(m_token)); }

    const QSet<QString> m_nullable{QStringLiteral("started_at"), QStringLiteral("completed_at"),
                                   QStringLiteral("exit_code"),  QStringLiteral("artifacts"),
                                   QStringLiteral("commit_sha"), QStringLiteral("progress")};

    // The contract's keys plus exactly the additive spot/nodes/preemptions every job object carries (docs/api.md):
    // those three are checked and removed, so that any other extra key still fails the comparison.
    static QJsonObject withoutSpotKeys(QJsonObject o)
    {
        if (!o.value(QStringLiteral("spot")).isBool() || !o.value(QStringLiteral("nodes")).isDouble() ||
            !o.value(QStringLiteral("preemptions")).isDouble())
            return {};
        for (const char *k : {"spot", "nodes", "preemptions"})
            o.remove(QString::fromLatin1(k));
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        m_token = m_seedd.createToken({QStringLiteral("acme")});
        QVERIFY(m_token.startsWith(QLatin1String("sdt_")));
        m_apiKey = m_seedd.createApiKey(QStringLiteral("my-key"), {QStringLiteral("acme")});
        QVERIFY(m_apiKey.startsWith(QLatin1String("my-key$")));
    }

    // The API's own description, without credentials (additive): every route of the contract is in it.
    void openApiDocumentIsServed()
    {
        const HttpResult r = TestHttp(m_seedd.url()).get(QStringLiteral("/openapi.json"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("Content-Type").startsWith("application/json"));
        const QJsonObject doc = r.json();
        QVERIFY(doc.value(QStringLiteral("openapi")).toString().startsWith(QLatin1String("3.")));
        const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
        for (const char *route : {"/{namespace}/jobs", "/{namespace}/job/{name}", "/{namespace}/job/{name}/logs",
                                  "/{namespace}/job/{name}/analytics", "/auth/v1/seed/{namespace}/jobs",
                                  "/auth/v1/seed/{namespace}/jobs/{name}/cancel", "/auth/v1/seed/{namespace}/jobs/{name}"})
            QVERIFY2(paths.contains(QLatin1String(route)), route);
        // Nothing else is public: a job route without credentials is still refused.
        QCOMPARE(TestHttp(m_seedd.url()).get(QStringLiteral("/acme/jobs")).status, 401);
    }

    void createWithRepo()
    {
        const QJsonObject request = fixture(QStringLiteral("create_request.json"));
        const QJsonObject example = fixture(QStringLiteral("create_response.json"));
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/acme/jobs"), request);
        QCOMPARE(r.status, 201);
        QVERIFY(r.header("Content-Type").startsWith("application/json"));
        const QJsonObject got = r.json();
        EXPECT_SHAPE(got, example, m_nullable);
        QVERIFY(matches(kJobId, got.value(QStringLiteral("id")).toString()));
        QVERIFY(matches(kTimestamp, got.value(QStringLiteral("created_at")).toString()));
        // The request's own values come back unchanged; the example's money and state hold too.
        for (const char *key : {"name", "command", "repo", "branch", "gpu", "gpu_count", "cpu", "memory_gb", "disk_gb",
                                "region", "timeout_minutes", "retries", "output_path"})
            QCOMPARE(got.value(QLatin1String(key)), request.value(QLatin1String(key)));
        for (const char *key : {"namespace", "status", "retry_count", "cost_per_hour", "started_at", "completed_at"})
            QCOMPARE(got.value(QLatin1String(key)), example.value(QLatin1String(key)));
        // The request's secrets are never echoed.
        QVERIFY(!r.body.contains("wk_abc123"));
        QVERIFY(!r.body.contains("hf_xyz789"));
    }

    void createWithImageAndApiKey()
    {
        const QJsonObject request = fixture(QStringLiteral("create_apikey_request.json"));
        TestHttp h(m_seedd.url(), TestHttp::apiKey(m_apiKey));
        const HttpResult r = h.post(QStringLiteral("/auth/v1/seed/acme/jobs"), request);
        QCOMPARE(r.status, 201);
        const QJsonObject got = r.json();
        EXPECT_SHAPE(got, fixture(QStringLiteral("create_response.json")),
                     m_nullable + QSet<QString>{QStringLiteral("repo"), QStringLiteral("branch")});
        QCOMPARE(got.value(QStringLiteral("image")).toString(), request.value(QStringLiteral("image")).toString());
        QCOMPARE(got.value(QStringLiteral("gpu_count")).toInt(), 1);            // default
        QCOMPARE(got.value(QStringLiteral("region")).toString(), QStringLiteral("us-east-1")); // default
        QCOMPARE(got.value(QStringLiteral("retries")).toInt(), 0);              // default
        QCOMPARE(got.value(QStringLiteral("cost_per_hour")).toString(), QStringLiteral("0.80"));
        QVERIFY(got.value(QStringLiteral("repo")).isNull());
    }

    void listJobs()
    {
        const QJsonObject example = fixture(QStringLiteral("list_response.json"));
        const HttpResult r = http().get(QStringLiteral("/acme/jobs?status=queued"));
        QCOMPARE(r.status, 200);
        EXPECT_SHAPE(r.json(), example, m_nullable);
        const QJsonArray data = r.json().value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 2);
        // Same keys as the example's items, and nothing missing from the pagination block.
        const QJsonObject item = data.first().toObject();
        const QJsonObject exItem = example.value(QStringLiteral("data")).toArray().first().toObject();
        QCOMPARE(withoutSpotKeys(item).keys(), exItem.keys());
        const QJsonObject pg = r.json().value(QStringLiteral("pagination")).toObject();
        QCOMPARE(pg, (QJsonObject{{QStringLiteral("page"), 1}, {QStringLiteral("per_page"), 20},
                                  {QStringLiteral("total"), 2}, {QStringLiteral("total_pages"), 1}}));
        // Default order: newest first.
        QCOMPARE(item.value(QStringLiteral("name")).toString(), QStringLiteral("batch-embeddings"));
        QVERIFY(item.value(QStringLiteral("progress")).isNull());
        QVERIFY(matches(kMoney, item.value(QStringLiteral("cost_per_hour")).toString()));
    }

    void getJob()
    {
        const HttpResult r = http().get(QStringLiteral("/acme/job/finetune-llama-3-r1"));
        QCOMPARE(r.status, 200);
        const QJsonObject got = r.json();
        EXPECT_SHAPE(got, fixture(QStringLiteral("get_response.json")), m_nullable);
        QCOMPARE(got.value(QStringLiteral("status")).toString(), QStringLiteral("queued"));
        QCOMPARE(got.value(QStringLiteral("total_cost")).toString(), QStringLiteral("0.00"));
        QCOMPARE(got.value(QStringLiteral("runtime_seconds")).toInt(), 0);
        QVERIFY(got.value(QStringLiteral("exit_code")).isNull());
        QVERIFY(got.value(QStringLiteral("env")).isUndefined()); // may hold secrets
    }

    void logs()
    {
        const HttpResult r = http().get(QStringLiteral("/acme/job/finetune-llama-3-r1/logs?tail=50"));
        QCOMPARE(r.status, 200);
        EXPECT_SHAPE(r.json(), fixture(QStringLiteral("logs_response.json")), {});
        QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("finetune-llama-3-r1"));
        QCOMPARE(r.json().value(QStringLiteral("namespace")).toString(), QStringLiteral("acme"));
        QVERIFY(r.json().value(QStringLiteral("has_more")).isBool());
        const HttpResult since = http().get(QStringLiteral("/acme/job/finetune-llama-3-r1/logs?since=2026-03-18T12:00:00Z"));
        QCOMPARE(since.status, 200);
    }

    void analytics()
    {
        const HttpResult r = http().get(QStringLiteral("/acme/job/finetune-llama-3-r1/analytics"));
        QCOMPARE(r.status, 200);
        const QJsonObject example = fixture(QStringLiteral("analytics_response.json"));
        EXPECT_SHAPE(r.json(), example, {});
        QCOMPARE(r.json().keys(), example.keys());
    }

    void cancel()
    {
        const QJsonObject example = fixture(QStringLiteral("cancel_response.json"));
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/acme/jobs/finetune-llama-3-r1/cancel"), {});
        QCOMPARE(r.status, 200);
        const QJsonObject got = r.json();
        EXPECT_SHAPE(got, example, {});
        QCOMPARE(withoutSpotKeys(got).keys(), example.keys());
        QCOMPARE(got.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(got.value(QStringLiteral("message")), example.value(QStringLiteral("message")));
        QVERIFY(matches(kTimestamp, got.value(QStringLiteral("completed_at")).toString()));
        QVERIFY(matches(kMoney, got.value(QStringLiteral("total_cost")).toString()));
        // The state is stored, not just answered.
        QCOMPARE(http().get(QStringLiteral("/acme/job/finetune-llama-3-r1")).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
    }

    void deleteJob()
    {
        const HttpResult r = http().del(QStringLiteral("/auth/v1/seed/acme/jobs/finetune-llama-3-r1?delete_artifacts=true"));
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        EXPECT_ENVELOPE(http().get(QStringLiteral("/acme/job/finetune-llama-3-r1")), 404, "not_found");
    }

    void errorEnvelope()
    {
        const QJsonObject example = fixture(QStringLiteral("error_response.json"));
        QJsonObject body = fixture(QStringLiteral("create_request.json"));
        body.remove(QStringLiteral("repo"));
        body.insert(QStringLiteral("name"), QStringLiteral("no-source"));
        const HttpResult r = http().post(QStringLiteral("/auth/v1/seed/acme/jobs"), body);
        EXPECT_ENVELOPE(r, 400, "invalid_request");
        EXPECT_SHAPE(r.json(), example, {});
        // The contract's own example message, verbatim.
        QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")),
                 example.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")));
    }

    void totalCostFollowsRuntime()
    {
        // The contract's examples: 12.80/h for 6 h is 76.80, for 4 h 51.20.
        QCOMPARE(wire_total(1280, 21600), QStringLiteral("76.80"));
        QCOMPARE(wire_total(1280, 14400), QStringLiteral("51.20"));
    }

private:
    static QString wire_total(qint64 cents, qint64 seconds);
};

#include "wire/catalog.h"
QString TestApiContract::wire_total(qint64 cents, qint64 seconds)
{
    return seed::wire::formatMoney(seed::wire::totalCostCents(cents, seconds));
}

QTEST_GUILESS_MAIN(TestApiContract)
#include "tst_api_contract.moc"
