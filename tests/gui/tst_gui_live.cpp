// Live views against a real seedd running real containers (Podman sandbox, busybox image): the log
// pane streams a running job's lines, survives seedd being killed (-9) and restarted on the same address
// and data dir (the container is re-adopted) without losing or duplicating a line, stops at the terminal
// event; the cap holds; a finished job's tail and "load earlier"; the charts gain points while a job runs.
// seedd has no analytics time-series extension, so the charts here exercise the polling fallback (the
// contract's own GET .../analytics) — exactly what a remote endpoint offers.
#include "../runtimetesthelpers.h"
#include "client/logstream.h"
#include "client/seedclient.h"
#include "models/logbuffer.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "widgets/jobcharts.h"
#include "widgets/logpane.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace seed;

class TestGuiLive : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    SeeddProcess m_seedd;
    QStringList m_args;
    std::unique_ptr<client::SeedClient> m_client;
    std::unique_ptr<TestHttp> m_http;

    void submit(const QString &name, const QString &cmd)
    {
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(rt::ns()),
                                          rt::spec(name, cmd, PodmanSandbox::image()));
        QCOMPARE(r.status, 201);
    }
    static QStringList messages(const ui::LogBuffer *b)
    {
        QStringList out;
        for (const ui::LogEntry &e : b->lines())
            out << e.message;
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        QTcpServer probe; // a free port, so that a restarted seedd comes back on the same address
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        m_args = {QStringLiteral("--gpus"),         QStringLiteral("none"),
                  QStringLiteral("--capacity"),     QStringLiteral("cpus=8,memory_gb=8"),
                  QStringLiteral("--cancel-grace"), QStringLiteral("1"),
                  QStringLiteral("--listen"),       QStringLiteral("127.0.0.1:%1").arg(port)};
        QVERIFY(m_seedd.start(m_args));
        m_http = std::make_unique<TestHttp>(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        m_client = std::make_unique<client::SeedClient>();
        m_client->setRetryPolicy({3, 100, 400, 5, 10000});
        client::Endpoint ep;
        ep.baseUrl = QUrl(m_seedd.url());
        ep.ns = rt::ns();
        ep.authorization = "Bearer " + m_seedd.localToken().toUtf8();
        ep.local = true;
        m_client->setEndpoint(ep);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_seedd.isRunning())
            m_seedd.stop();
    }

    // Lines arrive live; seedd killed and restarted mid-run; every line exactly once, in order; the pane stops
    // at the terminal event.
    void liveStreamSurvivesRestart()
    {
        submit(QStringLiteral("live"),
               QStringLiteral("i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo \"line $i\"; sleep 0.08; done"));
        QVERIFY(rt::waitStatus(*m_http, QStringLiteral("live"), {QStringLiteral("running")})
                    .value(QStringLiteral("status")) == QStringLiteral("running"));
        ui::LogPane pane(m_client.get(), QStringLiteral("live"));
        pane.stream()->setRetryDelayMs(300);
        pane.resize(800, 400);
        pane.show();
        QSignalSpy ended(&pane, &ui::LogPane::endedWith);
        pane.start();
        // Live: lines come while the job still runs.
        QTRY_VERIFY_WITH_TIMEOUT(pane.buffer()->size() >= 5, 20000);
        QCOMPARE(rt::job(*m_http, QStringLiteral("live")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));
        QCOMPARE(pane.stream()->state(), client::LogStream::State::Open);

        m_seedd.kill9();
        QTRY_COMPARE_WITH_TIMEOUT(pane.stream()->state(), client::LogStream::State::Connecting, 10000);
        const int before = pane.buffer()->size() + pane.buffer()->pending();
        QTest::qWait(1000); // the container keeps printing while seedd is away
        QVERIFY(m_seedd.start(m_args));
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
        QVERIFY(pane.stream()->reconnects() >= 1);
        QCOMPARE(pane.endStatus(), QStringLiteral("succeeded"));
        QCOMPARE(pane.stream()->state(), client::LogStream::State::Ended);
        pane.buffer()->flush();

        QStringList expected;
        for (int i = 1; i <= 60; ++i)
            expected << QStringLiteral("line %1").arg(i);
        QStringList got = messages(pane.buffer());
        got.removeIf([](const QString &m) { return m.startsWith(QLatin1String("[seed]")); });
        QCOMPARE(got, expected);
        QVERIFY(before < 60 + 5); // some lines came only after the restart
        QCOMPARE(pane.shownLineCount(), pane.buffer()->size());
        QCOMPARE(pane.view()->model()->rowCount(), pane.buffer()->size());
        // Nothing more after the end.
        const int n = pane.buffer()->size();
        QTest::qWait(500);
        QCOMPARE(pane.buffer()->size(), n);
    }

    // The ring buffer never holds more than its cap, and neither does the view.
    void capHolds()
    {
        submit(QStringLiteral("flood"),
               QStringLiteral("i=0; sleep 1; while [ $i -lt 3000 ]; do i=$((i+1)); echo \"n $i\"; done; sleep 1"));
        QCOMPARE(rt::waitStatus(*m_http, QStringLiteral("flood"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        ui::LogPane pane(m_client.get(), QStringLiteral("flood"));
        pane.buffer()->setCapacity(500);
        pane.show();
        QSignalSpy ended(&pane, &ui::LogPane::endedWith);
        pane.start();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
        pane.buffer()->flush();
        QCOMPARE(pane.buffer()->size(), 500);
        QVERIFY(pane.buffer()->droppedByCap() > 0);
        QStringList got = messages(pane.buffer());
        got.removeIf([](const QString &m) { return m.startsWith(QLatin1String("[seed]")); });
        QVERIFY(!got.isEmpty());
        QCOMPARE(got.last(), QStringLiteral("n 3000"));
        QCOMPARE(pane.shownLineCount(), 500); // the view holds no more than the buffer

        // A finished job: the tail, then "load earlier" up to the cap.
        ui::LogPane done(m_client.get(), QStringLiteral("flood"));
        done.buffer()->setCapacity(5000);
        done.start();
        QTRY_VERIFY_WITH_TIMEOUT(done.isEnded() && done.buffer()->size() > 0, 10000);
        QCOMPARE(done.buffer()->size(), 1000);
        QVERIFY(done.canLoadEarlier());
        done.loadEarlier();
        QTRY_COMPARE_WITH_TIMEOUT(done.buffer()->size(), 2000, 10000);
        while (done.canLoadEarlier()) {
            const int had = done.buffer()->size();
            done.loadEarlier();
            QTRY_VERIFY_WITH_TIMEOUT(done.buffer()->size() > had, 10000);
        }
        QVERIFY(done.buffer()->size() > 3000); // every line, [seed] lines included
        QStringList all = messages(done.buffer());
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
        QVERIFY(all.contains(QStringLiteral("n 1")));
        // Find highlights, the filter keeps matching lines only, save writes what is shown.
        done.setFind(QStringLiteral("n 299"));
        QCOMPARE(done.highlightCount(), 11); // n 299, n 2990..2999
        done.setFilterToFind(true);
        QCOMPARE(done.shownLineCount(), 11);
        for (int r = 0; r < 11; ++r)
            QVERIFY(done.shownLine(r).contains(QLatin1String("n 299")));
        QTemporaryDir tmp;
        QVERIFY(done.saveTo(tmp.filePath(QStringLiteral("x.log"))));
        QFile f(tmp.filePath(QStringLiteral("x.log")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 11);
    }

    // Follow scrolls only while the view shows the end; wrap keeps every line; fed in-process (no server).
    void followOnlyAtTheEnd()
    {
        client::SeedClient offline;
        ui::LogPane pane(&offline, QStringLiteral("local-only"));
        pane.resize(700, 300);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        qint64 id = 0;
        const auto feed = [&](int n) {
            QByteArray bytes;
            for (int i = 0; i < n; ++i) {
                ++id;
                bytes += "id: " + QByteArray::number(id) + "\ndata: {\"message\":\"line " + QByteArray::number(id) +
                         "\"}\n\n";
            }
            pane.stream()->reader()->feed(bytes);
            pane.buffer()->flush();
            QCoreApplication::processEvents();
        };
        QScrollBar *sb = pane.view()->verticalScrollBar();
        feed(500);
        QCOMPARE(pane.shownLineCount(), 500);
        QVERIFY(sb->maximum() > 0);
        QCOMPARE(sb->value(), sb->maximum()); // following
        sb->setValue(10);                     // the user scrolls up to read
        feed(200);
        QCOMPARE(pane.shownLineCount(), 700);
        QCOMPARE(sb->value(), 10); // left where the user put it
        sb->setValue(sb->maximum());
        feed(200);
        QCOMPARE(sb->value(), sb->maximum()); // back at the end: following again
        QCOMPARE(pane.shownLine(899), QStringLiteral("line 900"));
        pane.setWrap(true);
        QCOMPARE(pane.shownLineCount(), 900);
        pane.setShowTimestamps(true);
        QVERIFY(pane.shownLine(0).endsWith(QLatin1String("line 1")));
    }

    // Charts gain points while the job runs, from polling GET .../analytics (seedd has no series extension).
    void chartsGainPoints()
    {
        submit(QStringLiteral("busy"), QStringLiteral("i=0; while [ $i -lt 200 ]; do i=$((i+1)); sleep 0.1; done"));
        QCOMPARE(rt::waitStatus(*m_http, QStringLiteral("busy"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        ui::JobCharts charts(m_client.get(), QStringLiteral("busy"));
        charts.setPollInterval(200);
        charts.resize(800, 400);
        charts.show();
        QCOMPARE(charts.pointCount(), 0);
        charts.start();
        QTRY_VERIFY_WITH_TIMEOUT(charts.pointCount() >= 3, 20000);
        QCOMPARE(charts.source(), QStringLiteral("series")); // seedd has the series extension (tst_gui_charts: fallback)
        QTemporaryDir tmp;
        QVERIFY(charts.exportPng(tmp.filePath(QStringLiteral("c.png"))));
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("c.png"))).size() > 0);
        QCOMPARE(m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/busy/cancel").arg(rt::ns()), QJsonObject{}).status,
                 200);
        rt::waitTerminal(*m_http, QStringLiteral("busy"));
    }
};

QTEST_MAIN(TestGuiLive)
#include "tst_gui_live.moc"
