// Charts and machine view against real seedd processes running real containers (Podman sandbox,
// busybox image, simulated GPUs):
// - a seedd with its extensions: the job charts come from GET .../analytics/series (whole history on open,
//   then new points while the job runs; a finished job's chart loads its history when shown);
// - a seedd configured with "contract_only": true (its additive routes answer 404, like a remote endpoint
//   with only the contract): the series path answers 404, the client remembers it for the connection and
//   the charts gain points by polling GET .../analytics; the machine view says it is unavailable;
// - the machine view lists the simulated GPUs as simulated with "not measured" utilisation, the running
//   GPU jobs holding them (a click selects the job), a queued job at position 1 while all GPUs are busy,
//   and polls only while it is shown.
#include "../runtimetesthelpers.h"
#include "client/seedclient.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "widgets/jobcharts.h"
#include "widgets/machineview.h"

#include <QAbstractButton>
#include <QAbstractSeries>
#include <QChart>
#include <QApplication>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace seed;

class TestGuiCharts : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    SeeddProcess m_full;     // every extension
    SeeddProcess m_contract; // "contract_only": true
    QTemporaryFile m_config;
    std::unique_ptr<TestHttp> m_fullHttp, m_contractHttp;
    std::unique_ptr<client::SeedClient> m_fullClient, m_contractClient;

    static std::unique_ptr<client::SeedClient> clientFor(const SeeddProcess &s)
    {
        auto c = std::make_unique<client::SeedClient>();
        c->setRetryPolicy({3, 100, 400, 5, 10000});
        client::Endpoint ep;
        ep.baseUrl = QUrl(s.url());
        ep.ns = rt::ns();
        ep.authorization = "Bearer " + s.localToken().toUtf8();
        ep.local = true;
        c->setEndpoint(ep);
        return c;
    }
    static void submit(const TestHttp &http, QJsonObject spec)
    {
        const HttpResult r = http.post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(rt::ns()), spec);
        QVERIFY2(r.status == 201, r.body.constData());
    }
    static QJsonObject gpuSpec(const QString &name, const QString &cmd)
    {
        QJsonObject s = rt::spec(name, cmd, PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("L4"));
        s.insert(QStringLiteral("gpu_count"), 1);
        return s;
    }
    static void cancel(const TestHttp &http, const QString &name)
    {
        http.post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(rt::ns(), name), QJsonObject{});
    }
    static QString status(const TestHttp &http, const QString &name)
    {
        return rt::job(http, name).value(QStringLiteral("status")).toString();
    }
    static inline const QString kBusy = QStringLiteral("i=0; while [ $i -lt 300 ]; do i=$((i+1)); sleep 0.1; done");

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        const QStringList common{QStringLiteral("--capacity"), QStringLiteral("cpus=8,memory_gb=8"),
                                 QStringLiteral("--cancel-grace"), QStringLiteral("1")};
        // Two simulated L4s under a CDI kind of this process's own (parallel suites write theirs too).
        QVERIFY(m_full.start(
            common + QStringList{QStringLiteral("--gpus"), QStringLiteral("simulate=L4:2"),
                                 QStringLiteral("--cdi-kind"),
                                 QStringLiteral("seed.local/gpu-c%1").arg(QCoreApplication::applicationPid())}));
        QVERIFY(m_config.open());
        m_config.write(R"({"contract_only": true})");
        m_config.flush();
        QVERIFY(m_contract.start(common + QStringList{QStringLiteral("--gpus"), QStringLiteral("none"),
                                                      QStringLiteral("--config"), m_config.fileName()}));
        m_fullHttp = std::make_unique<TestHttp>(m_full.url(), TestHttp::bearer(m_full.localToken()));
        m_contractHttp = std::make_unique<TestHttp>(m_contract.url(), TestHttp::bearer(m_contract.localToken()));
        m_fullClient = clientFor(m_full);
        m_contractClient = clientFor(m_contract);
    }

    void cleanupTestCase()
    {
        m_fullClient.reset();
        m_contractClient.reset();
        for (SeeddProcess *s : {&m_full, &m_contract})
            if (s->isRunning())
                s->stop();
    }

    // The server has the series: the history since the job started comes at once, then it grows.
    void chartsFromSeries()
    {
        submit(*m_fullHttp, rt::spec(QStringLiteral("series-job"), kBusy, PodmanSandbox::image()));
        QCOMPARE(rt::waitStatus(*m_fullHttp, QStringLiteral("series-job"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        // Let seedd sample a few ticks (1 s each) before the chart opens.
        QTRY_VERIFY_WITH_TIMEOUT(m_fullHttp->get(QStringLiteral("/%1/job/series-job/analytics/series").arg(rt::ns()))
                                         .json()
                                         .value(QStringLiteral("points"))
                                         .toArray()
                                         .size() >= 3,
                                 20000);

        ui::JobCharts charts(m_fullClient.get(), QStringLiteral("series-job"));
        charts.setPollInterval(300);
        charts.resize(900, 420);
        charts.show();
        QCOMPARE(charts.pointCount(), 0);
        charts.start();
        QTRY_COMPARE_WITH_TIMEOUT(charts.source(), QStringLiteral("series"), 10000);
        QCOMPARE(charts.seriesStatus(), 200);
        QVERIFY2(charts.pointCount() >= 3, qPrintable(QString::number(charts.pointCount()))); // history on open
        QVERIFY(!m_fullClient->lacksExtension(client::SeedClient::kSeriesExtension));
        const int first = charts.pointCount();
        QTRY_VERIFY_WITH_TIMEOUT(charts.pointCount() >= first + 2, 15000); // live: new points while it runs
        // A gpu "none" job: the series carries no GPU value (null), so the GPU line stays empty, not a flat 0.
        QCOMPARE(charts.gpuPointCount(), 0);
        const QString hover = charts.valuesAt(QDateTime::currentDateTimeUtc());
        QVERIFY2(hover.contains(QLatin1String("CPU %")) && hover.contains(QLatin1String("Memory")), qPrintable(hover));
        QTemporaryDir tmp;
        QVERIFY(charts.exportPng(tmp.filePath(QStringLiteral("c.png"))));
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("c.png"))).size() > 1000);

        cancel(*m_fullHttp, QStringLiteral("series-job"));
        rt::waitTerminal(*m_fullHttp, QStringLiteral("series-job"));
        QTRY_VERIFY_WITH_TIMEOUT(!charts.isActive(), 10000); // ended: stops asking
        const int held = charts.pointCount();
        QTest::qWait(700);
        QCOMPARE(charts.pointCount(), held);

        // A finished job's chart (never started) loads the whole history when it is first shown.
        ui::JobCharts later(m_fullClient.get(), QStringLiteral("series-job"));
        later.show();
        QTRY_VERIFY_WITH_TIMEOUT(later.pointCount() >= held - 1, 10000);
        QCOMPARE(later.source(), QStringLiteral("series"));
        QVERIFY(!later.isActive());
    }

    // A server configured without the extensions: 404 on the series path, remembered for the connection; the
    // charts gain points by polling the contract's GET .../analytics.
    void chartsFallBackToPolling()
    {
        // The server really is contract-only on this path, and says so as for any unknown path.
        submit(*m_contractHttp, rt::spec(QStringLiteral("poll-job"), kBusy, PodmanSandbox::image()));
        QCOMPARE(rt::waitStatus(*m_contractHttp, QStringLiteral("poll-job"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        const HttpResult raw = m_contractHttp->get(QStringLiteral("/%1/job/poll-job/analytics/series").arg(rt::ns()));
        QCOMPARE(raw.status, 404);
        QCOMPARE(m_contractHttp->get(QStringLiteral("/%1/job/poll-job/analytics").arg(rt::ns())).status, 200);

        QVERIFY(!m_contractClient->lacksExtension(client::SeedClient::kSeriesExtension));
        ui::JobCharts charts(m_contractClient.get(), QStringLiteral("poll-job"));
        charts.setPollInterval(250);
        charts.resize(900, 420);
        charts.show();
        charts.start();
        QTRY_VERIFY_WITH_TIMEOUT(charts.pointCount() >= 3, 20000);
        QCOMPARE(charts.seriesStatus(), 404);
        QCOMPARE(charts.source(), QStringLiteral("polling"));
        QVERIFY(m_contractClient->lacksExtension(client::SeedClient::kSeriesExtension));
        const int n = charts.pointCount();
        QTRY_VERIFY_WITH_TIMEOUT(charts.pointCount() > n, 10000);

        // A second chart of the same connection does not ask for the series again.
        ui::JobCharts second(m_contractClient.get(), QStringLiteral("poll-job"));
        second.setPollInterval(250);
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(second.pointCount() >= 2, 10000);
        QCOMPARE(second.seriesStatus(), 0);
        QCOMPARE(second.source(), QStringLiteral("polling"));

        // Another endpoint on the same client starts with a clean slate.
        client::Endpoint ep = m_contractClient->endpoint();
        m_contractClient->setEndpoint(ep);
        QVERIFY(!m_contractClient->lacksExtension(client::SeedClient::kSeriesExtension));

        cancel(*m_contractHttp, QStringLiteral("poll-job"));
        rt::waitTerminal(*m_contractHttp, QStringLiteral("poll-job"));
    }

    void machineView()
    {
        // Two GPU jobs take both simulated L4s; a third waits at position 1.
        submit(*m_fullHttp, gpuSpec(QStringLiteral("gpu-a"), kBusy));
        QCOMPARE(rt::waitStatus(*m_fullHttp, QStringLiteral("gpu-a"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        submit(*m_fullHttp, gpuSpec(QStringLiteral("gpu-b"), kBusy));
        QCOMPARE(rt::waitStatus(*m_fullHttp, QStringLiteral("gpu-b"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        submit(*m_fullHttp, gpuSpec(QStringLiteral("gpu-c"), kBusy));
        QCOMPARE(status(*m_fullHttp, QStringLiteral("gpu-c")), QStringLiteral("queued"));

        ui::MachineView view(m_fullClient.get());
        view.setPollInterval(200);
        QCOMPARE(view.polls(), 0);
        QTest::qWait(300);
        QCOMPARE(view.polls(), 0); // hidden: nothing asked
        view.resize(900, 600);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasData(), 10000);
        QVERIFY(view.isAvailable());
        QCOMPARE(view.gpuCount(), 2);
        QStringList holders;
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(view.gpuTitle(i).contains(QLatin1String("L4")), qPrintable(view.gpuTitle(i)));
            QVERIFY2(view.gpuTitle(i).contains(QLatin1String("[simulated]")), qPrintable(view.gpuTitle(i)));
            // A simulated GPU's numbers are a model: either not there yet, or said to be simulated; never a bare reading.
            for (const QString &text : {view.gpuUtilizationText(i), view.gpuMemoryText(i)})
                QVERIFY2(text.startsWith(QLatin1String("not measured")) || text.endsWith(QLatin1String("(simulated)")),
                         qPrintable(text));
            holders << view.gpuHolderText(i);
        }
        holders.sort();
        QCOMPARE(holders, (QStringList{QStringLiteral("gpu-a"), QStringLiteral("gpu-b")}));
        QVERIFY2(view.summary().contains(QLatin1String("2 of 2 GPUs busy")), qPrintable(view.summary()));
        QTableWidget *queue = view.queueTable();
        QCOMPARE(queue->rowCount(), 1);
        QCOMPARE(queue->item(0, 0)->text(), QStringLiteral("1"));
        QCOMPARE(queue->item(0, 1)->text(), QStringLiteral("gpu-c"));
        QVERIFY(queue->item(0, 2)->text().contains(QLatin1String("L4")));

        // Once sampled, a simulated GPU shows its model's numbers marked simulated, in the machine view and in the
        // job's charts, whose legend never says a plain "GPU %" for them.
        QTRY_VERIFY_WITH_TIMEOUT(view.gpuUtilizationText(0).endsWith(QLatin1String("(simulated)")), 15000);
        {
            ui::JobCharts charts(m_fullClient.get(), QStringLiteral("gpu-a"));
            charts.setPollInterval(300);
            charts.show();
            charts.start();
            QTRY_VERIFY_WITH_TIMEOUT(charts.gpuPointCount() > 0, 15000);
            QStringList names;
            for (QAbstractSeries *series : charts.chart()->series())
                names << series->name();
            QVERIFY2(names.contains(QStringLiteral("GPU % (simulated)")), qPrintable(names.join(u',')));
        }

        // Clicking the job holding a GPU selects it.
        QSignalSpy activated(&view, &ui::MachineView::jobActivated);
        const int row = view.gpuHolderText(0) == QLatin1String("gpu-a") ? 0 : 1;
        QTest::mouseClick(view.gpuHolderButton(row), Qt::LeftButton);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toString(), QStringLiteral("gpu-a"));

        // As narrow as the window's dock: the holder stays in sight.
        view.resize(360, 600);
        QTest::qWait(50);
        for (int i = 0; i < 2; ++i) {
            QAbstractButton *holder = view.gpuHolderButton(i);
            const QRect inView(holder->mapTo(&view, QPoint(0, 0)), holder->size());
            QVERIFY2(holder->isVisible() && view.rect().contains(inView),
                     qPrintable(QStringLiteral("holder at x %1..%2 in a view %3 wide")
                                    .arg(inView.left()).arg(inView.right()).arg(view.width())));
        }
        view.resize(900, 600);

        // The history grows while shown; hidden, the view stops asking.
        QTRY_VERIFY_WITH_TIMEOUT(view.gpuHistoryLength(0) >= 3, 10000);
        view.hide();
        QVERIFY(!view.isPolling());
        const int polls = view.polls();
        QTest::qWait(700);
        QCOMPARE(view.polls(), polls);

        // A GPU frees up: the queued job starts and holds it, the queue empties.
        cancel(*m_fullHttp, QStringLiteral("gpu-a"));
        QCOMPARE(rt::waitStatus(*m_fullHttp, QStringLiteral("gpu-c"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        view.show();
        QTRY_COMPARE_WITH_TIMEOUT(view.queueTable()->rowCount(), 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.gpuHolderText(0) == QLatin1String("gpu-c") || view.gpuHolderText(1) == QLatin1String("gpu-c"), 10000);

        for (const QString &n : {QStringLiteral("gpu-b"), QStringLiteral("gpu-c")})
            cancel(*m_fullHttp, n);
        for (const QString &n : {QStringLiteral("gpu-a"), QStringLiteral("gpu-b"), QStringLiteral("gpu-c")})
            rt::waitTerminal(*m_fullHttp, n);
    }

    // Without the extension the machine view says so instead of showing an empty machine, and stops asking.
    void machineViewUnavailable()
    {
        ui::MachineView view(m_contractClient.get());
        view.setPollInterval(200);
        QSignalSpy refreshed(&view, &ui::MachineView::refreshed);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(!view.isAvailable(), 10000);
        QVERIFY2(view.message().contains(QLatin1String("not available")), qPrintable(view.message()));
        QVERIFY(!view.isPolling());
        QVERIFY(m_contractClient->lacksExtension(client::SeedClient::kMachineViewExtension));
        QCOMPARE(view.polls(), 1);
        // Remembered for the connection: another view does not ask at all.
        ui::MachineView again(m_contractClient.get());
        again.show();
        QTRY_VERIFY_WITH_TIMEOUT(!again.isAvailable(), 5000);
        QCOMPARE(again.polls(), 0);
    }
};

QTEST_MAIN(TestGuiCharts)
#include "tst_gui_charts.moc"
