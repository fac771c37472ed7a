// The desktop app at an endpoint that follows only the contract, not seedd (a tiny HTTP server with the
// contract's shapes): the job's total cost is the server's own (its pricing may differ from cost_per_hour x
// runtime), and the log follower at a server whose SSE lines have no id and no `event: end` neither starts
// over at line 0 nor reconnects forever once the job ended (409 on stream=true).
#include "client/logstream.h"
#include "client/seedclient.h"
#include "fixtureserver.h"
#include "widgets/jobdetails.h"
#include "widgets/logpane.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace seed;

class TestGuiAnyEndpoint : public QObject
{
    Q_OBJECT
    FixtureServer m_server;
    std::unique_ptr<client::SeedClient> m_client;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void init()
    {
        m_server.clear();
        m_client = std::make_unique<client::SeedClient>();
        client::Endpoint e;
        e.baseUrl = QUrl(m_server.url());
        e.ns = QStringLiteral("acme");
        e.authorization = "Bearer sdt_test_token";
        m_client->setEndpoint(e);
    }

    // The contract's finished job, priced with a discount by its server: 12.80/h for 6 h is 76.80, the
    // server says 61.44. The details show the server's figure.
    void detailsShowTheServersTotalCost()
    {
        QJsonObject detail =
            QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("get_response.json"))).object();
        QCOMPARE(detail.value(QLatin1String("total_cost")).toString(), QStringLiteral("76.80"));
        detail.insert(QStringLiteral("total_cost"), QStringLiteral("61.44"));
        m_server.on("GET /acme/job/finetune-llama-3-r1", {200, QJsonDocument(detail).toJson(), {}});

        QJsonObject listItem = detail;
        listItem.remove(QStringLiteral("total_cost")); // the list shape has none
        ui::JobDetails details(m_client.get());
        details.showJob(wire::Job::fromJson(listItem));
        QTRY_COMPARE(details.fieldText(QStringLiteral("total_cost")), QStringLiteral("61.44"));
        QCOMPARE(details.fieldText(QStringLiteral("cost_per_hour")), QStringLiteral("12.80"));
    }

    // SSE lines without id, then the stream closes (no `event: end`); the reconnect is answered 409 (the job
    // is not running any more). The lines are numbered by count, the reconnect asks for the backlog since just
    // before the last line (it cannot resume; tail=0 is outside the contract's range), and the 409 says "not
    // running" (it had retried every second, from line 0, forever).
    void logStreamWithoutIdsStopsAtTheEnd()
    {
        QByteArray sse;
        for (int i = 1; i <= 3; ++i)
            sse += "data: {\"timestamp\":\"2026-03-18T15:59:0" + QByteArray::number(i) + "Z\",\"message\":\"line " +
                   QByteArray::number(i) + "\"}\n\n";
        m_server.on("GET /acme/job/live-1/logs", {200, sse, {}});
        m_server.on("GET /acme/job/live-1/logs",
                    {409, R"({"error":{"code":"conflict","message":"Job is not running.","request_id":"req_1"}})", {}});

        client::LogStream stream(m_client.get(), QStringLiteral("live-1"));
        stream.setRetryDelayMs(20);
        QList<wire::LogLine> lines;
        connect(&stream, &client::LogStream::linesReceived, this,
                [&lines](const QList<wire::LogLine> &l) { lines += l; });
        QSignalSpy notRunning(&stream, &client::LogStream::notRunning);
        stream.start();
        QTRY_COMPARE(notRunning.count(), 1);
        QCOMPARE(stream.state(), client::LogStream::State::NotRunning);
        QCOMPARE(lines.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(lines.at(i).message, QStringLiteral("line %1").arg(i + 1));
            QCOMPARE(lines.at(i).seq, qint64(0)); // the server gave no id
        }
        QCOMPARE(stream.lastEventId(), qint64(3)); // counted, not reset to 0
        QCOMPARE(m_server.seen().size(), 2);
        const FixtureServer::Seen &again = m_server.seen().at(1);
        QVERIFY2(again.target.contains("stream=true") && again.target.contains("tail=10000") &&
                     again.target.contains("since=2026-03-18T15:59:02Z"),
                 again.target.constData());
        QVERIFY(!again.headers.contains("last-event-id"));

        // What the plain read brings after the stream: only the lines after the last one streamed.
        QList<wire::LogLine> page = lines;
        wire::LogLine fourth;
        fourth.timestamp = QDateTime::fromString(QStringLiteral("2026-03-18T15:59:04Z"), Qt::ISODate);
        fourth.message = QStringLiteral("line 4");
        page.append(fourth);
        const QList<wire::LogLine> rest = client::LogStream::linesAfter(page, lines.constLast());
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.at(0).message, QStringLiteral("line 4"));
    }

    // The log pane at such a server: the stream's lines, then (409 on the reconnect: the job ended) the plain
    // read adds only the line that came after them, not the whole tail again.
    void logPaneShowsEachLineOnceAtTheEnd()
    {
        QJsonObject job = QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("get_response.json"))).object();
        job.insert(QStringLiteral("name"), QStringLiteral("live-1"));
        job.insert(QStringLiteral("status"), QStringLiteral("running"));
        m_server.on("GET /acme/job/live-1", {200, QJsonDocument(job).toJson(), {}});
        QByteArray sse;
        QJsonArray plain;
        for (int i = 1; i <= 4; ++i) {
            const QJsonObject line{{QStringLiteral("timestamp"), QStringLiteral("2026-03-18T15:59:0%1Z").arg(i)},
                                   {QStringLiteral("message"), QStringLiteral("line %1").arg(i)}};
            if (i <= 3)
                sse += "data: " + QJsonDocument(line).toJson(QJsonDocument::Compact) + "\n\n";
            plain.append(line);
        }
        m_server.on("GET /acme/job/live-1/logs", {200, sse, {}});
        m_server.on("GET /acme/job/live-1/logs",
                    {409, R"({"error":{"code":"conflict","message":"Job is not running.","request_id":"req_1"}})", {}});
        m_server.on("GET /acme/job/live-1/logs",
                    {200,
                     QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("live-1")},
                                               {QStringLiteral("namespace"), QStringLiteral("acme")},
                                               {QStringLiteral("lines"), plain},
                                               {QStringLiteral("has_more"), false}})
                         .toJson(),
                     {}});

        ui::LogPane pane(m_client.get(), QStringLiteral("live-1"));
        pane.start();
        QTRY_VERIFY_WITH_TIMEOUT(pane.isEnded(), 10000);
        QTRY_COMPARE(pane.shownLineCount(), 4);
    }
};

QTEST_MAIN(TestGuiAnyEndpoint)
#include "tst_gui_anyendpoint.moc"
