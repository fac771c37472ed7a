// Spot jobs, multi-node jobs and GPU energy in the desktop app, against a real seedd running real containers
// (Podman sandbox, busybox image, one simulated L4, an electricity price in its config):
// - the form: a Spot check box with both prices in the estimate (the server's spot_factor), a Nodes box that is
//   disabled on a single-machine backend and sent only when set; the server's refusal of nodes > 1 at the field;
// - the job table and details: the Spot tag, the preemptions count and "Preempted by ..." after a real preemption
//   (an on-demand job needing the spot job's GPU), and a notification for it in the main window;
// - GPU energy: the job details show kWh and its cost marked simulated, the charts a power line; nothing of it
//   for a CPU-only job or a server that does not send it;
// - a cluster runner's answers (nodes in GET /machine/view, a node on each log line), which this machine's
//   seedd cannot give without Slurm: a canned server (FixtureServer) stands in for it.
#include "../runtimetesthelpers.h"
#include "client/connectionmanager.h"
#include "client/seedclient.h"
#include "fixtureserver.h"
#include "models/jobtablemodel.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "widgets/jobcharts.h"
#include "widgets/jobdetails.h"
#include "widgets/logpane.h"
#include "widgets/machineview.h"
#include "widgets/mainwindow.h"
#include "widgets/spotdelegate.h"
#include "widgets/submitdialog.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryFile>
#include <QTest>
#include <QToolButton>

using namespace seed;

class TestGuiSpot : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    SeeddProcess m_seedd;
    QTemporaryFile m_config;
    std::unique_ptr<TestHttp> m_http;
    std::unique_ptr<client::SeedClient> m_client;
    FixtureServer m_fixture;

    static std::unique_ptr<client::SeedClient> clientFor(const QString &url, const QString &ns, const QString &token)
    {
        auto c = std::make_unique<client::SeedClient>();
        c->setRetryPolicy({3, 100, 400, 5, 10000});
        client::Endpoint ep;
        ep.baseUrl = QUrl(url);
        ep.ns = ns;
        if (!token.isEmpty())
            ep.authorization = "Bearer " + token.toUtf8();
        c->setEndpoint(ep);
        return c;
    }
    void submit(QJsonObject spec) const
    {
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(rt::ns()), spec);
        QVERIFY2(r.status == 201, r.body.constData());
    }
    static QJsonObject gpuSpec(const QString &name, const QString &cmd)
    {
        QJsonObject s = rt::spec(name, cmd, PodmanSandbox::image());
        s.insert(QStringLiteral("gpu"), QStringLiteral("L4"));
        s.insert(QStringLiteral("gpu_count"), 1);
        s.insert(QStringLiteral("cpu"), 4);
        s.insert(QStringLiteral("memory_gb"), 4);
        return s;
    }
    void cancelAndWait(const QString &name) const
    {
        m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(rt::ns(), name), QJsonObject{});
        rt::waitTerminal(*m_http, name);
    }
    client::MachineView machineOf(client::SeedClient *c)
    {
        std::optional<client::MachineView> m;
        c->getMachine(this, [&m](const client::Result<client::MachineView> &r) {
            if (r.ok())
                m = r.value.value();
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(m.has_value(), 10000); }();
        return m.value_or(client::MachineView{});
    }
    // With SEED_SPOT_SHOTS=DIR (under Xvfb: docs/screenshots/take.sh shows how), the widget as a PNG there.
    static void shot(QWidget *w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("SEED_SPOT_SHOTS");
        if (!dir.isEmpty())
            QVERIFY(w->grab().save(dir + u'/' + name + QStringLiteral(".png")));
    }
    static QString money(qint64 cents) { return QString::number(double(cents) / 100.0, 'f', 2); }

    static inline const QString kBusy = QStringLiteral("i=0; while [ $i -lt 300 ]; do i=$((i+1)); sleep 0.1; done");

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale::c()); // money and numbers as the assertions write them
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        QVERIFY(m_config.open());
        m_config.write(R"({"electricity": {"price_per_kwh": 0.30, "currency": "EUR"}})");
        m_config.flush();
        // One simulated L4: a spot job holding it is what an on-demand job preempts.
        QVERIFY(m_seedd.start({QStringLiteral("--capacity"), QStringLiteral("cpus=8,memory_gb=8"),
                               QStringLiteral("--cancel-grace"), QStringLiteral("1"), QStringLiteral("--gpus"),
                               QStringLiteral("simulate=L4:1"), QStringLiteral("--cdi-kind"),
                               QStringLiteral("seed.local/gpu-s%1").arg(QCoreApplication::applicationPid()),
                               QStringLiteral("--config"), m_config.fileName()}));
        m_http = std::make_unique<TestHttp>(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        m_client = clientFor(m_seedd.url(), rt::ns(), m_seedd.localToken());
        m_client->setEndpoint([&] {
            client::Endpoint ep = m_client->endpoint();
            ep.local = true;
            return ep;
        }());
        QVERIFY(m_fixture.listen());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_seedd.isRunning())
            m_seedd.stop();
    }

    // The form against the real local backend: Spot with both prices at the server's factor, Nodes disabled on a
    // single machine and said why; neither key in the body unless set.
    void formSpotAndBothPrices()
    {
        const client::MachineView machine = machineOf(m_client.get());
        ui::SubmitDialog form(m_client.get());
        form.setMachine(machine);
        form.setSpec([] {
            wire::JobSpec s;
            s.name = QStringLiteral("form-spot");
            s.command = QStringLiteral("echo hi");
            s.image = PodmanSandbox::image();
            s.gpu = QStringLiteral("L4");
            s.gpuCount = 1;
            s.cpu = 4;
            s.memoryGb = 4;
            s.diskGb = 10;
            s.region = QStringLiteral("us-east-1");
            s.timeoutMinutes = 10;
            return s;
        }());
        QCheckBox *spot = form.spotBox();
        QVERIFY(spot);
        QVERIFY2(spot->text().remove(u'&').startsWith(QLatin1String("Spot")), qPrintable(spot->text()));
        QVERIFY(!spot->isChecked());
        const double factor = machine.spotFactor.value_or(wire::PriceTable::defaults().spotFactor);
        QCOMPARE(form.spotCents(), qint64(std::llround(double(form.onDemandCents()) * factor)));
        QVERIFY(form.spotCents() < form.onDemandCents());
        // Both prices in the estimate, the chosen one first.
        QString text = form.costEstimateText();
        QVERIFY2(text.startsWith(money(form.onDemandCents())) && text.contains(money(form.spotCents())),
                 qPrintable(text));
        QJsonObject body = form.requestBody();
        QVERIFY(!body.contains(QLatin1String("spot")));
        QVERIFY(!body.contains(QLatin1String("nodes")));
        spot->setChecked(true);
        text = form.costEstimateText();
        QVERIFY2(text.startsWith(money(form.spotCents())) && text.contains(money(form.onDemandCents())),
                 qPrintable(text));
        body = form.requestBody();
        QCOMPARE(body.value(QLatin1String("spot")), QJsonValue(true));
        form.resize(640, 900);
        form.show();
        shot(&form, QStringLiteral("submit-form-spot"));

        // A single machine: one node, and the box says why it is off.
        QSpinBox *nodes = form.nodesBox();
        QVERIFY(nodes);
        QVERIFY(!nodes->isEnabled());
        QVERIFY2(nodes->toolTip().contains(QLatin1String("single-node")) ||
                     nodes->toolTip().contains(QLatin1String("multi-node")),
                 qPrintable(nodes->toolTip()));
        QVERIFY(!form.requestBody().contains(QLatin1String("nodes")));

        // Submitted: the server takes the spot job and prices it at its spot rate.
        QSignalSpy submitted(&form, &ui::SubmitDialog::submitted);
        form.submit();
        QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, 10000);
        const QJsonObject created = rt::job(*m_http, QStringLiteral("form-spot"));
        QCOMPARE(created.value(QLatin1String("spot")), QJsonValue(true));
        QCOMPARE(created.value(QLatin1String("cost_per_hour")).toString(), money(form.spotCents()));
        rt::waitTerminal(*m_http, QStringLiteral("form-spot"));
    }

    // A cluster's /machine (max_nodes > 1) enables Nodes; the estimate counts every node. A server without
    // /machine leaves the box off. The local seedd refuses nodes > 1 and the form says so at the field.
    void formNodes()
    {
        ui::SubmitDialog noMachine(m_client.get());
        QVERIFY(!noMachine.nodesBox()->isEnabled());
        QVERIFY(!noMachine.nodesBox()->toolTip().isEmpty());

        client::MachineView cluster = machineOf(m_client.get());
        cluster.runner = QStringLiteral("slurm");
        cluster.maxNodes = 4;
        ui::SubmitDialog form(m_client.get());
        form.setMachine(cluster);
        wire::JobSpec s;
        s.name = QStringLiteral("form-nodes");
        s.command = QStringLiteral("echo hi");
        s.image = PodmanSandbox::image();
        s.gpu = QStringLiteral("none");
        s.gpuCount = 0;
        s.cpu = 2;
        s.memoryGb = 2;
        s.diskGb = 10;
        s.region = QStringLiteral("us-east-1");
        s.timeoutMinutes = 10;
        form.setSpec(s);
        QSpinBox *nodes = form.nodesBox();
        QVERIFY(nodes->isEnabled());
        QCOMPARE(nodes->maximum(), 4);
        const qint64 one = form.onDemandCents();
        nodes->setValue(3);
        QCOMPARE(form.onDemandCents(), one * 3);
        QVERIFY2(form.costEstimateText().startsWith(money(one * 3)), qPrintable(form.costEstimateText()));
        QCOMPARE(form.requestBody().value(QLatin1String("nodes")).toInt(), 3);

        // This seedd runs single-node jobs: its 422 reaches the Nodes field, in the UI's words.
        form.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!form.fieldError(QStringLiteral("nodes")).isEmpty(), 10000);
        QVERIFY2(form.fieldError(QStringLiteral("nodes")).contains(QLatin1String("single-node")),
                 qPrintable(form.fieldError(QStringLiteral("nodes"))));
        QCOMPARE(m_http->get(QStringLiteral("/%1/job/form-nodes").arg(rt::ns())).status, 404);
    }

    // GPU energy from the real sampler (a simulated L4's model): kWh and its cost in the details, marked simulated,
    // and the power line in the charts; a CPU-only job shows neither row.
    void energyInDetailsAndCharts()
    {
        submit(gpuSpec(QStringLiteral("energy-gpu"), kBusy));
        QCOMPARE(rt::waitStatus(*m_http, QStringLiteral("energy-gpu"), {QStringLiteral("running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("running"));
        // The server has measured some energy (its analytics say so) before the details read it.
        QTRY_VERIFY_WITH_TIMEOUT(m_http->get(QStringLiteral("/%1/job/energy-gpu/analytics").arg(rt::ns()))
                                         .json()
                                         .value(QStringLiteral("energy_kwh"))
                                         .toDouble() > 0,
                                 20000);
        ui::JobDetails details(m_client.get());
        details.resize(900, 600);
        details.show();
        details.showJob(wire::Job::fromJson(rt::job(*m_http, QStringLiteral("energy-gpu"))));
        QTRY_VERIFY_WITH_TIMEOUT(details.isFieldShown(QStringLiteral("energy")), 10000);
        // Marked from its first showing: never a bare number for a model's energy.
        const QString kwh = details.fieldText(QStringLiteral("energy"));
        QVERIFY2(kwh.contains(QLatin1String("Wh")) && kwh.endsWith(QLatin1String("(simulated)")), qPrintable(kwh));
        QVERIFY2(!kwh.startsWith(QLatin1String("0 ")) && !kwh.startsWith(QLatin1String("0.00 ")), qPrintable(kwh));
        QTRY_VERIFY_WITH_TIMEOUT(details.isFieldShown(QStringLiteral("energy_cost")), 10000);
        const QString cost = details.fieldText(QStringLiteral("energy_cost"));
        QVERIFY2(cost.contains(QLatin1String("EUR")) && cost.endsWith(QLatin1String("(simulated)")), qPrintable(cost));

        ui::JobCharts charts(m_client.get(), QStringLiteral("energy-gpu"));
        charts.setPollInterval(300);
        charts.show();
        charts.start();
        QTRY_VERIFY_WITH_TIMEOUT(charts.powerPointCount() > 0, 15000);
        QStringList names;
        for (QAbstractSeries *series : charts.chart()->series())
            if (series->isVisible())
                names << series->name();
        QVERIFY2(names.contains(QStringLiteral("GPU power W (simulated)")), qPrintable(names.join(u',')));
        QVERIFY2(charts.valuesAt(QDateTime::currentDateTimeUtc()).contains(QLatin1String("GPU power")),
                 qPrintable(charts.valuesAt(QDateTime::currentDateTimeUtc())));
        cancelAndWait(QStringLiteral("energy-gpu"));

        // The machine view sums the namespace's GPU energy (ended jobs included), marked simulated, with its cost.
        ui::MachineView mv(m_client.get());
        mv.setPollInterval(200);
        mv.show();
        QTRY_VERIFY_WITH_TIMEOUT(mv.summary().contains(QLatin1String("GPU energy of")), 10000);
        QVERIFY2(mv.summary().contains(QLatin1String("EUR")) && mv.summary().endsWith(QLatin1String("(simulated)")),
                 qPrintable(mv.summary()));

        // CPU only: no GPU energy, so no row (not "0 kWh") and no power line.
        submit(rt::spec(QStringLiteral("energy-cpu"), QStringLiteral("sleep 2"), PodmanSandbox::image()));
        rt::waitTerminal(*m_http, QStringLiteral("energy-cpu"));
        ui::JobDetails cpu(m_client.get());
        cpu.show();
        cpu.showJob(wire::Job::fromJson(rt::job(*m_http, QStringLiteral("energy-cpu"))));
        QTRY_COMPARE_WITH_TIMEOUT(cpu.job().status, wire::JobStatus::Succeeded, 10000);
        QTest::qWait(300); // the analytics read that could bring energy (none comes)
        QVERIFY(!cpu.isFieldShown(QStringLiteral("energy")));
        QVERIFY(!cpu.isFieldShown(QStringLiteral("energy_cost")));
    }

    // A server without the energy keys (the contract's job and analytics): the rows stay hidden, no power line.
    void energyAbsentOnAContractServer()
    {
        QJsonObject job = QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("get_response.json"))).object();
        job.insert(QStringLiteral("status"), QStringLiteral("succeeded"));
        const QString name = job.value(QStringLiteral("name")).toString();
        m_fixture.clear();
        m_fixture.on("GET /acme/job/" + name.toUtf8(), {200, QJsonDocument(job).toJson(), {}});
        m_fixture.on("GET /acme/job/" + name.toUtf8() + "/analytics",
                     {200,
                      R"({"name":"x","namespace":"acme","gpu_utilization_percent":80,"cpu_utilization_percent":10,)"
                      R"("memory_used_gb":3,"disk_used_gb":1,"runtime_seconds":60})",
                      {}});
        auto c = clientFor(m_fixture.url(), QStringLiteral("acme"), QStringLiteral("t"));
        ui::JobDetails details(c.get());
        details.show();
        details.showJob(wire::Job::fromJson(job));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(m_fixture.seen().cbegin(), m_fixture.seen().cend(),
                        [](const FixtureServer::Seen &s) { return s.target.endsWith("/analytics"); }),
            10000);
        QTest::qWait(200);
        QVERIFY(!details.isFieldShown(QStringLiteral("energy")));
        QVERIFY(!details.isFieldShown(QStringLiteral("energy_cost")));
    }

    // A cluster runner's machine: one block per node with its state, partitions, GPUs and vCPUs.
    void machineViewNodes()
    {
        m_fixture.clear();
        const QByteArray view = R"({"runner":"slurm","max_nodes":2,"spot_factor":0.35,"gpu_source":"none",
            "gpus":[],"queue":[],"running":1,"queued":0,
            "capacity":{"cpu":4,"memory_gb":8},"free":{"cpu":2,"memory_gb":6},
            "nodes":[{"name":"nodeA","state":"mixed","partitions":["main","spot"],"cpus":2,"cpus_allocated":2,
                      "memory_mb":4000,"memory_allocated_mb":1000,"gres":[{"type":"a100","count":2,"allocated":1}]},
                     {"name":"nodeB","state":"idle","partitions":["main"],"cpus":2,"cpus_allocated":0,
                      "memory_mb":4000,"memory_allocated_mb":0,"gres":[{"type":"a100","count":2,"allocated":0}]}],
            "partitions":[{"name":"main","region":"us-east-1","preemptible":false},
                          {"name":"spot","region":"us-east-1","preemptible":true}]})";
        m_fixture.on("GET /acme/machine/view", {200, view, {}});
        auto c = clientFor(m_fixture.url(), QStringLiteral("acme"), QStringLiteral("t"));
        ui::MachineView mv(c.get());
        mv.setPollInterval(200);
        mv.resize(800, 600);
        mv.show();
        QTRY_VERIFY_WITH_TIMEOUT(mv.hasData(), 10000);
        QCOMPARE(mv.nodeCount(), 2);
        const QString a = mv.nodeText(0);
        QVERIFY2(a.startsWith(QLatin1String("nodeA\nmixed")), qPrintable(a));
        QVERIFY2(a.contains(QLatin1String("main, spot")), qPrintable(a));
        QVERIFY2(a.contains(QLatin1String("a100: 1 of 2 allocated")), qPrintable(a));
        QVERIFY2(a.contains(QLatin1String("vCPUs: 2 of 2 allocated")), qPrintable(a));
        QVERIFY2(mv.nodeText(1).startsWith(QLatin1String("nodeB\nidle")), qPrintable(mv.nodeText(1)));
        QVERIFY2(mv.summary().contains(QLatin1String("2 node")), qPrintable(mv.summary()));
    }

    // A multi-node job's log: a node filter ("All nodes", each node) and the node as a column; a single
    // machine's log (no node on any line) shows neither.
    void logNodeFilter()
    {
        QJsonObject job = QJsonDocument::fromJson(FixtureServer::fixture(QStringLiteral("get_response.json"))).object();
        job.insert(QStringLiteral("name"), QStringLiteral("mn"));
        job.insert(QStringLiteral("status"), QStringLiteral("succeeded"));
        job.insert(QStringLiteral("nodes"), 2);
        QJsonArray lines;
        for (int i = 1; i <= 6; ++i)
            lines.append(
                QJsonObject{{QStringLiteral("id"), i},
                            {QStringLiteral("timestamp"), QStringLiteral("2026-03-18T15:59:0%1Z").arg(i)},
                            {QStringLiteral("message"), QStringLiteral("step %1").arg(i)},
                            {QStringLiteral("node"), i % 2 ? QStringLiteral("nodeA") : QStringLiteral("nodeB")}});
        // A line the runner printed itself, of no node.
        lines.append(QJsonObject{{QStringLiteral("id"), 7},
                                 {QStringLiteral("timestamp"), QStringLiteral("2026-03-18T15:59:07Z")},
                                 {QStringLiteral("message"), QStringLiteral("[seed] Job ended")}});
        m_fixture.clear();
        m_fixture.on("GET /acme/job/mn", {200, QJsonDocument(job).toJson(), {}});
        m_fixture.on("GET /acme/job/mn/logs",
                     {200,
                      QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("mn")},
                                                {QStringLiteral("namespace"), QStringLiteral("acme")},
                                                {QStringLiteral("lines"), lines},
                                                {QStringLiteral("has_more"), false}})
                          .toJson(),
                      {}});
        auto c = clientFor(m_fixture.url(), QStringLiteral("acme"), QStringLiteral("t"));
        ui::LogPane pane(c.get(), QStringLiteral("mn"));
        pane.resize(800, 400);
        pane.show();
        pane.start();
        QTRY_COMPARE_WITH_TIMEOUT(pane.shownLineCount(), 7, 10000);
        QVERIFY(pane.showsNodes());
        QComboBox *filter = pane.nodeFilter();
        QVERIFY(filter->isVisible());
        QCOMPARE(filter->count(), 3);
        QCOMPARE(filter->itemText(0), QStringLiteral("All nodes"));
        QCOMPARE(filter->itemText(1), QStringLiteral("nodeA"));
        QCOMPARE(filter->itemText(2), QStringLiteral("nodeB"));
        QCOMPARE(pane.shownLine(0), QStringLiteral("nodeA  step 1"));
        QCOMPARE(pane.shownLine(1), QStringLiteral("nodeB  step 2"));
        QCOMPARE(pane.shownLine(6), QStringLiteral("-      [seed] Job ended"));
        pane.setNodeFilter(QStringLiteral("nodeB"));
        QCOMPARE(pane.shownLineCount(), 3);
        for (int r = 0; r < 3; ++r)
            QVERIFY2(pane.shownLine(r).startsWith(QLatin1String("nodeB")), qPrintable(pane.shownLine(r)));
        // Find and node filter together; the saved text is what is shown, with the node.
        pane.setFind(QStringLiteral("step 4"));
        pane.setFilterToFind(true);
        QCOMPARE(pane.shownLineCount(), 1);
        QCOMPARE(pane.plainText(), QStringLiteral("[nodeB] step 4\n"));
        pane.setFilterToFind(false);
        pane.setNodeFilter(QString());
        QCOMPARE(pane.shownLineCount(), 7);

        // A single machine's job: no node anywhere, so no filter and no column.
        submit(rt::spec(QStringLiteral("one-node"), QStringLiteral("echo a; echo b"), PodmanSandbox::image()));
        rt::waitTerminal(*m_http, QStringLiteral("one-node"));
        ui::LogPane plain(m_client.get(), QStringLiteral("one-node"));
        plain.show();
        plain.start();
        QTRY_VERIFY_WITH_TIMEOUT(plain.shownLineCount() >= 2, 10000);
        QVERIFY(!plain.showsNodes());
        QVERIFY(!plain.nodeFilter()->isVisible());
        bool sawA = false;
        for (int r = 0; r < plain.shownLineCount(); ++r)
            sawA = sawA || plain.shownLine(r) == QLatin1String("a");
        QVERIFY(sawA);
    }

    // The main window against the real seedd: a spot job carries the Spot tag; an on-demand job that needs its
    // GPU preempts it, and the window says so (status, details, a notification) once the count grows.
    void spotTagPreemptionAndNotification()
    {
        const QString ns = QStringLiteral("local"); // the "This computer" profile's namespace
        const auto post = [this, &ns](QJsonObject spec) {
            const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(ns), spec);
            QVERIFY2(r.status == 201, r.body.constData());
        };
        const auto get = [this, &ns](const QString &name) {
            return m_http->get(QStringLiteral("/%1/job/%2").arg(ns, name)).json();
        };
        QJsonObject spotSpec = gpuSpec(QStringLiteral("spot-a"), kBusy);
        spotSpec.insert(QStringLiteral("spot"), true);
        post(spotSpec);
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("spot-a")).value(QLatin1String("status")).toString(),
                                  QStringLiteral("running"), 30000);

        ui::MainWindowOptions o;
        o.localDataDir = m_seedd.dataDir();
        o.pollIntervalMs = 250;
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        ui::MainWindow w(o);
        w.client()->setRetryPolicy({3, 100, 400, 5, 10000});
        w.resize(1300, 700);
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isReady(), 15000);
        QCOMPARE(w.connection()->currentNamespace(), ns);
        models::JobTableModel *model = w.jobModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOfName(QStringLiteral("spot-a")) >= 0, 10000);
        const QModelIndex name = model->index(model->rowOfName(QStringLiteral("spot-a")), models::JobTableModel::Name);
        QVERIFY(name.data(models::JobTableModel::SpotRole).toBool());
        QCOMPARE(name.data(Qt::AccessibleTextRole).toString(), QStringLiteral("spot-a, spot"));
        QVERIFY(qobject_cast<ui::SpotDelegate *>(w.jobView()->itemDelegateForColumn(models::JobTableModel::Name)));
        // The tag makes room for itself: the spot row's name cell is wider than the name alone.
        QStyleOptionViewItem opt;
        opt.initFrom(w.jobView());
        auto *delegate = w.jobView()->itemDelegateForColumn(models::JobTableModel::Name);
        QVERIFY(delegate->sizeHint(opt, name).width() >= opt.fontMetrics.horizontalAdvance(QStringLiteral("spot-a")) +
                                                             ui::SpotDelegate::tagWidth(opt.fontMetrics));
        w.selectJobs({QStringLiteral("spot-a")});
        QTRY_COMPARE_WITH_TIMEOUT(w.details()->job().name, QStringLiteral("spot-a"), 10000);
        QTRY_VERIFY(w.details()->isFieldShown(QStringLiteral("pricing")));
        QCOMPARE(w.details()->fieldText(QStringLiteral("preemptions")), QStringLiteral("none"));
        shot(&w, QStringLiteral("main-window-spot"));
        {
            // The machine view marks the GPU that this namespace's spot job holds; another namespace is not told.
            auto local = clientFor(m_seedd.url(), ns, m_seedd.localToken());
            ui::MachineView mv(local.get());
            mv.setPollInterval(200);
            mv.show();
            QTRY_VERIFY_WITH_TIMEOUT(mv.hasData() && mv.gpuCount() == 1, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(mv.gpuIsSpot(0), 10000);
            QCOMPARE(mv.gpuHolderText(0), QStringLiteral("spot-a"));
            ui::MachineView other(m_client.get()); // namespace rt
            other.show();
            QTRY_VERIFY_WITH_TIMEOUT(other.hasData(), 10000);
            QVERIFY(!other.gpuIsSpot(0));
        }

        // An on-demand job for the only GPU: the spot job is preempted and waits again.
        QSignalSpy preempted(model, &models::JobTableModel::jobPreempted);
        post(gpuSpec(QStringLiteral("od-b"), kBusy));
        QTRY_VERIFY_WITH_TIMEOUT(get(QStringLiteral("spot-a")).value(QLatin1String("preemptions")).toInt() == 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(preempted.count(), 1, 10000);
        QCOMPARE(preempted.first().first().value<wire::Job>().name, QStringLiteral("spot-a"));
        const int row = model->rowOfName(QStringLiteral("spot-a"));
        QCOMPARE(model->index(row, models::JobTableModel::Name).data(models::JobTableModel::PreemptionsRole).toInt(),
                 1);
        QCOMPARE(model->index(row, models::JobTableModel::Status).data().toString(),
                 QStringLiteral("Queued (preempted)"));
        const QString tip = model->index(row, models::JobTableModel::Status).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QLatin1String("Preempted by od-b")), qPrintable(tip));
        // The notification, in the list (and the tray where there is one).
        QListWidgetItem *notice = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < w.notifications()->count(); ++i)
                    if (w.notifications()->item(i)->data(ui::MainWindow::NoticeStatusRole).toString() ==
                        QLatin1String("preempted"))
                        notice = w.notifications()->item(i);
                return notice != nullptr;
            }(),
            5000);
        QCOMPARE(notice->data(ui::MainWindow::NoticeJobRole).toString(), QStringLiteral("spot-a"));
        QVERIFY2(notice->text().contains(QLatin1String("preempted")), qPrintable(notice->text()));
        QVERIFY(!notice->data(ui::MainWindow::NoticeFailedRole).toBool());
        // Counted as what it is, not as a job end.
        QVERIFY2(w.notificationButton()->text().contains(QLatin1String("preempted")),
                 qPrintable(w.notificationButton()->text()));
        // The details: how often, and by whom.
        QTRY_COMPARE_WITH_TIMEOUT(w.details()->fieldText(QStringLiteral("preemptions")), QStringLiteral("1 time(s)"),
                                  10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            w.details()->fieldText(QStringLiteral("status")).contains(QLatin1String("Preempted by od-b")), 10000);
        shot(&w, QStringLiteral("main-window-preempted"));

        for (const QString &n : {QStringLiteral("od-b"), QStringLiteral("spot-a")})
            m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(ns, n), QJsonObject{});
        for (const QString &n : {QStringLiteral("od-b"), QStringLiteral("spot-a")})
            QTRY_VERIFY_WITH_TIMEOUT(
                wire::isTerminal(wire::jobStatusOrUnknown(get(n).value(QLatin1String("status")).toString())), 30000);
        // One preemption, one notice: later refreshes do not repeat it.
        QCOMPARE(preempted.count(), 1);
    }
};

QTEST_MAIN(TestGuiSpot)
#include "tst_gui_spot.moc"
