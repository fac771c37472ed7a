// The wire module on its own: formats, the error table, spec rules, JSON round trips.
#include "wire/apierror.h"
#include "wire/catalog.h"
#include "wire/job.h"
#include "wire/jobspec.h"
#include "wire/logs.h"
#include "wire/queries.h"
#include "wire/timefmt.h"

#include <QJsonDocument>

#include <QSet>
#include <QTest>

#include <limits>

#include <limits>

using namespace seed::wire;

class TestWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void errorTableIsOneToOne()
    {
        QSet<int> statuses;
        QSet<QString> codes;
        const QList<ErrorKind> kinds = {ErrorKind::InvalidRequest, ErrorKind::Unauthorized, ErrorKind::Forbidden,
                                        ErrorKind::NotFound,       ErrorKind::MethodNotAllowed, ErrorKind::Conflict,
                                        ErrorKind::Unprocessable,  ErrorKind::RateLimited, ErrorKind::Internal,
                                        ErrorKind::Unavailable,    ErrorKind::RequestTimeout};
        for (ErrorKind k : kinds) {
            statuses.insert(ApiError::statusFor(k));
            codes.insert(ApiError::codeFor(k));
            QCOMPARE(ApiError::kindForStatus(ApiError::statusFor(k)), k);
        }
        QCOMPARE(statuses.size(), kinds.size());
        QCOMPARE(codes.size(), kinds.size());
        QCOMPARE(ApiError::statusFor(ErrorKind::Unprocessable), 422);
        QCOMPARE(ApiError::statusFor(ErrorKind::RateLimited), 429);
    }

    void envelopeRoundTrip()
    {
        ApiError e = makeError(ErrorKind::Unprocessable, QStringLiteral("too much"), QStringLiteral("memory_gb"));
        e.requestId = newRequestId();
        QVERIFY(QRegularExpression(QStringLiteral("^req_[0-9a-f]{12}$")).match(e.requestId).hasMatch());
        const ApiError back = ApiError::fromJson(e.toJson(), 422);
        QCOMPARE(back.kind, e.kind);
        QCOMPARE(back.message, e.message);
        QCOMPARE(back.field, e.field);
        QCOMPARE(back.requestId, e.requestId);
    }

    void ids()
    {
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString id = newJobId();
            QVERIFY(QRegularExpression(QStringLiteral("^job_[0-9a-f]{12}$")).match(id).hasMatch());
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void money()
    {
        QCOMPARE(formatMoney(1280), QStringLiteral("12.80"));
        QCOMPARE(formatMoney(5), QStringLiteral("0.05"));
        QCOMPARE(formatMoney(0), QStringLiteral("0.00"));
        QCOMPARE(formatMoney(-5), QStringLiteral("-0.05"));
        QCOMPARE(formatMoney(std::numeric_limits<qint64>::min()), QStringLiteral("-92233720368547758.08"));
        QCOMPARE(formatMoney(std::numeric_limits<qint64>::max()), QStringLiteral("92233720368547758.07"));
        QCOMPARE(PriceTable::defaults().costPerHourCents(QStringLiteral("A100-80GB"), 4, 64), 1280);
        QCOMPARE(PriceTable::defaults().costPerHourCents(QStringLiteral("none"), 1, 8), 40);
        QCOMPARE(totalCostCents(1280, 21600), 7680);
        QCOMPARE(totalCostCents(100, 18), 1);  // 0.5 cent rounds up
        QCOMPARE(totalCostCents(100, 17), 0);
    }

    void times()
    {
        const auto t = parseTime(QStringLiteral("2026-03-18T12:00:00Z"));
        QVERIFY(t);
        QCOMPARE(formatTime(*t), QStringLiteral("2026-03-18T12:00:00Z"));
        QCOMPARE(formatTime(*parseTime(QStringLiteral("2026-03-18T14:00:00+02:00"))), QStringLiteral("2026-03-18T12:00:00Z"));
        QCOMPARE(formatTimeMs(*parseTime(QStringLiteral("2026-03-18T12:00:00.123456Z"))), QStringLiteral("2026-03-18T12:00:00.123Z"));
        QVERIFY(!parseTime(QStringLiteral("2026-03-18")));
        QVERIFY(!parseTime(QStringLiteral("yesterday")));
        QVERIFY(!parseTime(QStringLiteral("2026-02-30T00:00:00Z")));
        QVERIFY(timeOrNull(std::nullopt).isNull());
    }

    void defaultsOfEveryGpuTypeAreValid()
    {
        // The contract's defaults (cpu 8, memory 32, 1 GPU) must be accepted for every GPU type.
        for (const QString &gpu : catalog::gpuTypes()) {
            JobSpec s;
            s.name = QStringLiteral("x");
            s.command = QStringLiteral("true");
            s.image = QStringLiteral("img");
            s.gpu = gpu;
            const auto e = validateSpec(s);
            QVERIFY2(!e, qPrintable(gpu + u' ' + (e ? e->message : QString())));
        }
    }

    void parseDefaultsAndTypes()
    {
        const QJsonObject body{{QStringLiteral("name"), QStringLiteral("a")},
                               {QStringLiteral("command"), QStringLiteral("true")},
                               {QStringLiteral("repo"), QStringLiteral("acme/x")},
                               {QStringLiteral("gpu"), QStringLiteral("T4")}};
        const auto spec = parseJobSpec(body);
        QVERIFY(spec);
        QCOMPARE(spec->branch, QStringLiteral("main"));
        QCOMPARE(spec->gpuCount, 1);
        QCOMPARE(spec->cpu, 8);
        QCOMPARE(spec->memoryGb, 32);
        QCOMPARE(spec->diskGb, 100);
        QCOMPARE(spec->region, QStringLiteral("us-east-1"));
        QCOMPARE(spec->timeoutMinutes, 1440);
        QCOMPARE(spec->retries, 0);
        QJsonObject bad = body;
        bad.insert(QStringLiteral("cpu"), 8.5);
        QCOMPARE(parseJobSpec(bad).error().field, QStringLiteral("cpu"));
        bad = body;
        bad.insert(QStringLiteral("gpu_count"), 1e12);
        QCOMPARE(parseJobSpec(bad).error().kind, ErrorKind::InvalidRequest);
    }

    void jobJsonRoundTrip()
    {
        Job j;
        j.id = newJobId();
        j.name = QStringLiteral("n");
        j.ns = QStringLiteral("acme");
        j.status = JobStatus::Succeeded;
        j.gpu = QStringLiteral("L4");
        j.costPerHourCents = 80;
        j.exitCode = 3;
        j.createdAt = *parseTime(QStringLiteral("2026-03-18T10:00:00Z"));
        j.startedAt = parseTime(QStringLiteral("2026-03-18T10:01:00Z"));
        j.completedAt = parseTime(QStringLiteral("2026-03-18T11:01:00Z"));
        j.runtimeSeconds = j.runtimeAt(QDateTime::currentDateTimeUtc());
        QCOMPARE(j.runtimeSeconds, 3600);
        j.artifacts = Artifacts{QStringLiteral("/out"), 42, 2, QStringLiteral("http://x/y")};
        const QJsonObject o = j.toDetailJson();
        QCOMPARE(o.value(QStringLiteral("total_cost")).toString(), QStringLiteral("0.80"));
        const Job back = Job::fromJson(o);
        QCOMPARE(back.id, j.id);
        QCOMPARE(back.exitCode, j.exitCode);
        QCOMPARE(back.costPerHourCents, j.costPerHourCents);
        QCOMPARE(back.completedAt, j.completedAt);
        QCOMPARE(back.artifacts->sizeBytes, 42);
        QCOMPARE(back.toDetailJson(), o);
    }

    void pageWriterMatchesJsonObjects()
    {
        JobPage page;
        page.pagination = {2, 3, 7, 3};
        for (int i = 0; i < 3; ++i) {
            Job j;
            j.id = newJobId();
            j.name = QStringLiteral("n%1").arg(i);
            j.ns = QStringLiteral("acme");
            j.gpu = QStringLiteral("L4");
            j.region = QStringLiteral("us-east-1");
            // Quotes, backslashes, control characters and non-ASCII must survive escaping.
            j.progress = i == 1 ? QString() : QStringLiteral("Epoch \"2\"/3 \\ tab\there \u0001 ünï 🚀");
            j.createdAt = *parseTime(QStringLiteral("2026-03-18T10:00:00Z"));
            if (i == 2)
                j.startedAt = parseTime(QStringLiteral("2026-03-18T10:00:05Z"));
            j.runtimeSeconds = 42 * i;
            page.jobs << j;
        }
        const QByteArray bytes = page.toJsonBytes();
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
        QVERIFY2(err.error == QJsonParseError::NoError, bytes.constData());
        QCOMPARE(doc.object(), page.toJson());
        // Keys in the contract's order.
        QVERIFY(bytes.startsWith("{\"data\":[{\"id\":"));
    }

    void listQueryRoundTrip()
    {
        ListQuery q;
        q.status = QStringLiteral("running");
        q.page = 3;
        q.sort = QStringLiteral("name");
        q.order = QStringLiteral("asc");
        const auto back = parseListQuery(q.toUrlQuery());
        QVERIFY(back);
        QCOMPARE(back->status, q.status);
        QCOMPARE(back->page, 3);
        QCOMPARE(back->sort, q.sort);
    }

    // A client reads whatever numbers an endpoint sends. A double past qint64 has no defined conversion (x86
    // gives INT64_MIN: a negative size, ETA, cost), and cost x runtime overflowed: both saturate.
    void outOfRangeNumbersSaturate()
    {
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        constexpr qint64 min = std::numeric_limits<qint64>::min();
        const auto obj = [](const char *json) { return QJsonDocument::fromJson(QByteArray(json)).object(); };
        const Job j = Job::fromJson(obj(R"({"eta_seconds":1e300,"runtime_seconds":1e300,"cost_per_hour":"1e300",)"
                                        R"("artifacts":{"size_bytes":1e19}})"));
        QCOMPARE(*j.etaSeconds, max);
        QCOMPARE(j.runtimeSeconds, max);
        QCOMPARE(j.costPerHourCents, max);
        QCOMPARE(j.artifacts->sizeBytes, max);
        QCOMPARE(j.totalCostCents(), max / 3600);
        QCOMPARE(Job::fromJson(obj(R"({"cost_per_hour":-1e30,"runtime_seconds":1e30})")).totalCostCents(), min / 3600);
        QCOMPARE(Job::fromJson(obj(R"({"cost_per_hour":"12.80"})")).costPerHourCents, 1280);
        QCOMPARE(JobPage::fromJson(obj(R"({"pagination":{"total":-1e300}})")).pagination.total, min);
        QCOMPARE(Analytics::fromJson(obj(R"({"runtime_seconds":1e20})")).runtimeSeconds, max);
        const LogPage p = LogPage::fromJson(obj(R"({"lines":[{"id":1e300}],"lines_dropped":1e300})"));
        QCOMPARE(p.lines.first().seq, max);
        QCOMPARE(p.dropped, max);
        QCOMPARE(totalCostCents(1280, 3600), 1280); // ordinary values unchanged
    }

    // Every time the API accepts is one it can write back: a `since` whose offset moves it past year 9999 UTC was
    // accepted, and the client's toUrlQuery then wrote "10000-01-01T…", which the server refused.
    void acceptedTimesRoundTrip()
    {
        QVERIFY(!parseTime(QStringLiteral("9999-12-31T23:59:59-14:00")));
        QVERIFY(!parseTime(QStringLiteral("0001-01-01T00:00:00+14:00")));
        const auto last = parseTime(QStringLiteral("9999-12-31T23:59:59Z"));
        QVERIFY(last);
        QCOMPARE(parseTime(formatTimeMs(*last)), last);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("since"), QStringLiteral("9999-12-31T09:59:59-14:00"));
        const auto lq = parseLogQuery(q);
        QVERIFY(lq);
        QVERIFY(parseLogQuery(lq->toUrlQuery()));
    }
};

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
