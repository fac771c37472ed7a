// The desktop app as a new user meets it: a wrong or revoked credential and a stopped local seedd are said
// in the banner (never "No jobs yet"); switching connection leaves nothing of the previous endpoint's job; a
// cancelled job still stopping counts down to its force stop and can be stopped now; the form follows the
// machine the backend has and offers its local images; messages are in the UI's language and saved column
// widths do not clip another language's labels.
//
// Real seedd processes on loopback; the additive keys and routes that today's seedd lacks ("stopping",
// "force_stop_at", ?force=true, GET /{ns}/images) come from a small server of canned answers.
#include "client/connectionmanager.h"
#include "client/errortext.h"
#include "client/localdaemon.h"
#include "client/secretstore.h"
#include "client/seedclient.h"
#include "fixtureserver.h"
#include "http.h"
#include "models/jobtablemodel.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "strayseedd.h"
#include "widgets/jobdetails.h"
#include "widgets/mainwindow.h"
#include "widgets/submitdialog.h"
#include "wire/timefmt.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

using namespace seed;

namespace {

// Marks every string that goes through tr(): proves a message is translatable without a catalogue that
// already holds it.
class MarkingTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *source, const char *, int n) const override
    {
        QString s = QString::fromUtf8(source);
        if (n >= 0)
            s.replace(QStringLiteral("%n"), QString::number(n));
        return QStringLiteral("⟪") + s + QStringLiteral("⟫");
    }
};

QJsonObject listJob(const QString &name, const QString &status)
{
    return QJsonObject{{QStringLiteral("id"),
                        QStringLiteral("job_") + QString::number(qHash(name), 16).rightJustified(12, u'0').right(12)},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("namespace"), QStringLiteral("acme")},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("gpu"), QStringLiteral("L4")},
                       {QStringLiteral("gpu_count"), 1},
                       {QStringLiteral("region"), QStringLiteral("us-east-1")},
                       {QStringLiteral("progress"), QJsonValue::Null},
                       {QStringLiteral("cost_per_hour"), QStringLiteral("0.80")},
                       {QStringLiteral("runtime_seconds"), 60},
                       {QStringLiteral("created_at"), QStringLiteral("2026-03-18T10:00:00Z")},
                       {QStringLiteral("started_at"), QStringLiteral("2026-03-18T10:00:05Z")},
                       {QStringLiteral("completed_at"), status == QLatin1String("running")
                                                            ? QJsonValue(QJsonValue::Null)
                                                            : QJsonValue(QStringLiteral("2026-03-18T10:01:05Z"))}};
}

QByteArray page(const QList<QJsonObject> &jobs)
{
    QJsonArray data;
    for (const QJsonObject &j : jobs)
        data.append(j);
    return QJsonDocument(
               QJsonObject{{QStringLiteral("data"), data},
                           {QStringLiteral("pagination"), QJsonObject{{QStringLiteral("page"), 1},
                                                                      {QStringLiteral("per_page"), 100},
                                                                      {QStringLiteral("total"), int(jobs.size())},
                                                                      {QStringLiteral("total_pages"), 1}}}})
        .toJson();
}

QJsonObject stopping(QJsonObject job, int secondsLeft)
{
    job.insert(QStringLiteral("stopping"), true);
    job.insert(QStringLiteral("force_stop_at"), wire::formatTime(QDateTime::currentDateTimeUtc().addSecs(secondsLeft)));
    return job;
}

// With SEED_SHOTS_DIR set (a run under Xvfb), saves what the user would see there.
void shoot(QWidget *w, const char *name)
{
    const QString dir = qEnvironmentVariable("SEED_SHOTS_DIR");
    if (!dir.isEmpty())
        w->grab().save(dir + u'/' + QLatin1String(name) + QStringLiteral(".png"));
}

} // namespace

class TestGuiFirstRun : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd; // "This computer" of the shared window
    FixtureServer m_fixture;
    std::unique_ptr<ui::MainWindow> m_w;

    client::Profile addRemote(ui::MainWindow *w, const QString &id, const QString &url, const QString &ns,
                              const QString &secret)
    {
        client::Profile p;
        p.id = id;
        p.name = id;
        p.baseUrl = QUrl(url);
        p.namespaces = {ns};
        QList<client::Profile> profiles = w->profiles();
        profiles.append(p);
        w->setProfiles(profiles);
        w->secrets()->keepForSession(p.secretKey(), secret);
        return p;
    }
    static ui::MainWindowOptions options(const QString &dataDir)
    {
        ui::MainWindowOptions o;
        o.localDataDir = dataDir;
        o.seeddArguments = {QStringLiteral("--runner"), QStringLiteral("none"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0")};
        o.pollIntervalMs = 250;
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test-firstrun");
        return o;
    }
    static QString statusText(ui::MainWindow *w, const QString &name)
    {
        const int r = w->jobModel()->rowOfName(name);
        return r < 0 ? QString() : w->jobModel()->index(r, models::JobTableModel::Status).data().toString();
    }
    // "2 vCPUs · ..." with the app's English catalogue; this test runs without one ("2 vCPU(s)").
    static QString summary(int cpus, const QString &rest)
    {
        return QCoreApplication::translate("seed::ui::MainWindow", "%n vCPU(s)", nullptr, cpus) +
               QStringLiteral(" · ") + rest;
    }
    static bool isGreen(ui::MainWindow *w)
    {
        // The indicator text a healthy connection shows: "<profile> · <namespace>".
        return w->connectionIndicator()->text().contains(QStringLiteral(" · ")) &&
               !w->connectionIndicator()->text().contains(QLatin1String("fail")) &&
               !w->connectionIndicator()->text().contains(QLatin1String("refused"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_fixture.listen());
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        m_w = std::make_unique<ui::MainWindow>(options(m_seedd.dataDir()));
        m_w->client()->setRetryPolicy({2, 50, 100, 5, 5000});
        m_w->show();
        QTRY_VERIFY(m_w->connection()->isReady());
        QTRY_COMPARE(m_w->client()->state(), client::ConnectionState::Connected);
    }

    void cleanupTestCase() { m_w.reset(); }

    // A token the server does not know: it had looked like a healthy, empty endpoint (green, "No jobs yet").
    void wrongTokenShowsTheBanner()
    {
        addRemote(m_w.get(), QStringLiteral("wrong"), m_seedd.url(), QStringLiteral("local"),
                  QStringLiteral("sdt_000000000000_notatoken"));
        m_w->connectToProfile(QStringLiteral("wrong"));
        QTRY_VERIFY(m_w->connection()->isReady());
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->bannerText().isEmpty(), 10000);
        QVERIFY2(m_w->bannerText().contains(QLatin1String("refused the token or API key")),
                 qPrintable(m_w->bannerText()));
        QVERIFY2(m_w->bannerText().contains(QLatin1String("not valid")), qPrintable(m_w->bannerText()));
        QVERIFY(m_w->editConnectionButton()->isVisible());
        QVERIFY(!m_w->startLocalButton()->isVisible());
        QVERIFY2(!isGreen(m_w.get()), qPrintable(m_w->connectionIndicator()->text()));
        QVERIFY2(!m_w->emptyStateText().contains(QLatin1String("No jobs yet")), qPrintable(m_w->emptyStateText()));
        shoot(m_w.get(), "banner-wrong-token");
        // It stays so across polls.
        QTest::qWait(600);
        QVERIFY(!m_w->bannerText().isEmpty());
        QVERIFY(!m_w->emptyStateText().contains(QLatin1String("No jobs yet")));
    }

    // A token that worked and is then revoked: the next poll turns the window red with the banner.
    void revokedTokenShowsTheBanner()
    {
        const QString token = m_seedd.createToken({QStringLiteral("local")});
        QVERIFY(!token.isEmpty());
        addRemote(m_w.get(), QStringLiteral("revoked"), m_seedd.url(), QStringLiteral("local"), token);
        m_w->connectToProfile(QStringLiteral("revoked"));
        QTRY_VERIFY(m_w->connection()->isReady());
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(m_w.get()), 10000);
        QVERIFY(m_w->bannerText().isEmpty());
        const SeeddProcess::Run revoke = SeeddProcess::run({QStringLiteral("token"), QStringLiteral("revoke"),
                                                            QStringLiteral("--data-dir"), m_seedd.dataDir(), token});
        QVERIFY2(revoke.exitCode == 0, revoke.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(m_w->bannerText().contains(QLatin1String("revoked")), 10000);
        QVERIFY(m_w->editConnectionButton()->isVisible());
        QVERIFY(!isGreen(m_w.get()));
        m_w->connectToProfile(QStringLiteral("local"));
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(m_w.get()), 10000);
        QVERIFY(m_w->bannerText().isEmpty());
    }

    // The local seedd stops: the window says so and offers to start it; the button does.
    void stoppedLocalBackendCanBeStarted()
    {
        SeeddProcess local;
        QVERIFY(local.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        const auto stopStarted = qScopeGuard([&local] { stopStraySeedd(local.dataDir()); });
        ui::MainWindow w(options(local.dataDir()));
        w.localDaemon()->setProgram(SeeddProcess::binary());
        w.client()->setRetryPolicy({2, 50, 100, 5, 3000});
        w.show();
        QTRY_VERIFY(w.connection()->isReady());
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(&w), 10000);
        QVERIFY(local.stop());
        QTRY_VERIFY_WITH_TIMEOUT(w.bannerText().contains(QLatin1String("is not running")), 15000);
        QVERIFY(w.startLocalButton()->isVisible());
        QVERIFY(!w.editConnectionButton()->isVisible());
        QVERIFY(!w.emptyStateText().contains(QLatin1String("No jobs yet")));
        shoot(&w, "banner-local-stopped");
        QTest::mouseClick(w.startLocalButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.connection()->startedLocalDaemon(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(&w), 20000);
        QTRY_VERIFY(w.bannerText().isEmpty());
        QTRY_VERIFY(w.emptyStateText().contains(QLatin1String("No jobs yet")));
    }

    // The Logs and Charts tabs of a job on one endpoint go when the window switches to another.
    void switchingConnectionClearsTheJobTabs()
    {
        m_fixture.clear();
        const QJsonObject train = listJob(QStringLiteral("train"), QStringLiteral("running"));
        m_fixture.on("GET /acme/jobs", {200, page({train}), {}});
        m_fixture.on("GET /acme/job/train", {200, QJsonDocument(train).toJson(), {}});
        addRemote(m_w.get(), QStringLiteral("fixture"), m_fixture.url(), QStringLiteral("acme"),
                  QStringLiteral("sdt_fixture"));
        m_w->connectToProfile(QStringLiteral("fixture"));
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->rowOfName(QStringLiteral("train")) >= 0, 10000);
        m_w->selectJobs({QStringLiteral("train")});
        QTRY_VERIFY(m_w->details()->logPane());
        QVERIFY(m_w->details()->charts());
        QCOMPARE(m_w->details()->logPane()->jobName(), QStringLiteral("train"));

        m_w->connectToProfile(QStringLiteral("local"));
        QVERIFY(!m_w->details()->hasJob());
        QVERIFY(!m_w->details()->logPane());
        QVERIFY(!m_w->details()->charts());
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(m_w.get()), 10000);
    }

    // A cancelled job whose container is still stopping: "Stopping… (force stop in N s)", Delete stays
    // enabled, "Stop now" sends ?force=true; a server without the extension (404) gets a clear message.
    void stoppingJobCountsDownAndStopsNow()
    {
        m_fixture.clear();
        const QJsonObject halt = stopping(listJob(QStringLiteral("halt"), QStringLiteral("cancelled")), 30);
        const QJsonObject old = stopping(listJob(QStringLiteral("old-server"), QStringLiteral("cancelled")), 30);
        m_fixture.on("GET /acme/jobs", {200, page({halt, old}), {}});
        m_fixture.on("GET /acme/job/halt", {200, QJsonDocument(halt).toJson(), {}});
        m_fixture.on("GET /acme/job/old-server", {200, QJsonDocument(old).toJson(), {}});
        QJsonObject stopped = listJob(QStringLiteral("halt"), QStringLiteral("cancelled"));
        stopped.insert(QStringLiteral("message"), QStringLiteral("Stopped."));
        m_fixture.on("POST /auth/v1/seed/acme/jobs/halt/cancel", {200, QJsonDocument(stopped).toJson(), {}});
        m_fixture.on("POST /auth/v1/seed/acme/jobs/old-server/cancel",
                     {404, R"({"error":{"code":"not_found","message":"No such endpoint.","request_id":"req_1"}})", {}});
        m_w->connectToProfile(QStringLiteral("fixture"));
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->rowOfName(QStringLiteral("halt")) >= 0, 10000);

        const QString first = statusText(m_w.get(), QStringLiteral("halt"));
        QVERIFY2(first.startsWith(QStringLiteral("Stopping… (")), qPrintable(first));
        const int secs = first.section(u'(', 1).section(u' ', 0, 0).toInt();
        QVERIFY2(secs >= 25 && secs <= 30, qPrintable(first));
        const QModelIndex cell =
            m_w->jobModel()->index(m_w->jobModel()->rowOfName(QStringLiteral("halt")), models::JobTableModel::Status);
        QVERIFY(cell.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Stopping… (force stop in ")));
        // The column is wide enough for the countdown (it had been cut to "Stopping…").
        QTableView *view = m_w->jobView();
        QVERIFY(view->horizontalHeader()->sectionSize(models::JobTableModel::Status) >=
                view->fontMetrics().horizontalAdvance(first) +
                    view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view));
        // It counts down without a new answer from the server.
        QTRY_VERIFY_WITH_TIMEOUT(statusText(m_w.get(), QStringLiteral("halt")) != first, 3000);

        m_w->selectJobs({QStringLiteral("halt")});
        QTRY_VERIFY(m_w->details()->hasJob());
        QTRY_VERIFY(m_w->details()->fieldText(QStringLiteral("status")).startsWith(QStringLiteral("Stopping…")));
        QVERIFY(m_w->deleteAction()->isEnabled());
        QVERIFY(m_w->stopNowAction()->isVisible());
        QVERIFY(m_w->stopNowAction()->isEnabled());
        shoot(m_w.get(), "stopping");

        // The server has stopped it: its next list says so.
        m_fixture.clear();
        m_fixture.on("POST /auth/v1/seed/acme/jobs/halt/cancel", {200, QJsonDocument(stopped).toJson(), {}});
        m_fixture.on("POST /auth/v1/seed/acme/jobs/old-server/cancel",
                     {404, R"({"error":{"code":"not_found","message":"No such endpoint.","request_id":"req_1"}})", {}});
        const QJsonObject haltDone = listJob(QStringLiteral("halt"), QStringLiteral("cancelled"));
        m_fixture.on("GET /acme/jobs", {200, page({haltDone, old}), {}});
        m_fixture.on("GET /acme/job/halt", {200, QJsonDocument(haltDone).toJson(), {}});
        m_fixture.on("GET /acme/job/old-server", {200, QJsonDocument(old).toJson(), {}});
        m_w->stopNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(statusText(m_w.get(), QStringLiteral("halt")) == QStringLiteral("Cancelled"), 5000);
        bool forced = false;
        for (const FixtureServer::Seen &s : m_fixture.seen())
            forced = forced || (s.method == "POST" && s.target == "/auth/v1/seed/acme/jobs/halt/cancel?force=true");
        QVERIFY(forced);
        QTRY_VERIFY(!m_w->stopNowAction()->isVisible());
        QVERIFY(m_w->deleteAction()->isEnabled());

        m_w->selectJobs({QStringLiteral("old-server")});
        QTRY_VERIFY(m_w->stopNowAction()->isEnabled());
        m_w->stopNowAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_w->statusBar()->currentMessage().contains(QLatin1String("cannot stop a job at once")), 5000);
        QVERIFY(statusText(m_w.get(), QStringLiteral("old-server")).startsWith(QStringLiteral("Stopping…")));
        m_w->connectToProfile(QStringLiteral("local"));
    }

    // Today's seedd has no "stopping" key: a cancelled job reads plain "Cancelled" and "Stop now" is not offered.
    void cancelledWithoutTheKeyIsPlainCancelled()
    {
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(m_w.get()), 10000);
        TestHttp http(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        const QJsonObject body{{QStringLiteral("name"), QStringLiteral("plain")},
                               {QStringLiteral("command"), QStringLiteral("sleep 100")},
                               {QStringLiteral("image"), QStringLiteral("busybox")},
                               {QStringLiteral("gpu"), QStringLiteral("none")}};
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/local/jobs"), body).status, 201);
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/local/jobs/plain/cancel"), QJsonObject{}).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(statusText(m_w.get(), QStringLiteral("plain")), QStringLiteral("Cancelled"), 10000);
        m_w->selectJobs({QStringLiteral("plain")});
        QTRY_VERIFY(m_w->deleteAction()->isEnabled());
        QVERIFY(!m_w->stopNowAction()->isVisible());
    }

    // The status bar's summary of a machine.
    void machineSummary()
    {
        client::MachineView none;
        none.capacityCpus = 2;
        none.capacityMemoryGb = 23.4;
        QCOMPARE(ui::MainWindow::describeMachine(none), summary(2, QStringLiteral("23 GB · no GPU")));
        client::MachineView sim;
        sim.capacityCpus = 16;
        sim.capacityMemoryGb = 64;
        sim.simulated = true;
        for (int i = 0; i < 4; ++i) {
            client::MachineGpu g;
            g.index = i;
            g.type = QStringLiteral("A100-80GB");
            g.simulated = true;
            sim.gpus.append(g);
        }
        QCOMPARE(ui::MainWindow::describeMachine(sim),
                 summary(16, QStringLiteral("64 GB · 4 × A100-80GB (simulated)")));
    }

    // First run on a machine without a GPU (2 vCPUs, 23 GB): the form's defaults are ones it can run, GPU types it
    // lacks are disabled with the reason, and submitting the defaults is accepted (it was refused twice).
    void formFollowsTheMachine()
    {
        PodmanSandbox box;
        QString error;
        if (!box.setUp(&error))
            QSKIP(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        SeeddProcess small;
        QVERIFY(small.start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                             QStringLiteral("cpus=2,memory_gb=23")}));
        ui::MainWindow w(options(small.dataDir()));
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.machineLabel()->isVisible(), 15000);
        QCOMPARE(w.machineLabel()->text(), summary(2, QStringLiteral("23 GB · no GPU")));

        w.newJobAction()->trigger();
        ui::SubmitDialog *d = w.submitDialog();
        QVERIFY(d);
        auto *gpu = qobject_cast<QComboBox *>(d->fieldWidget(QStringLiteral("gpu")));
        auto *cpu = qobject_cast<QComboBox *>(d->fieldWidget(QStringLiteral("cpu")));
        auto *memory = qobject_cast<QSpinBox *>(d->fieldWidget(QStringLiteral("memory_gb")));
        QCOMPARE(gpu->currentData().toString(), QStringLiteral("none"));
        QCOMPARE(cpu->currentData().toInt(), 2);
        QVERIFY2(memory->value() <= 16, qPrintable(QString::number(memory->value())));
        auto *gpuModel = qobject_cast<QStandardItemModel *>(gpu->model());
        QStandardItem *a100 = gpuModel->item(gpu->findData(QStringLiteral("A100-80GB")));
        QVERIFY(!a100->isEnabled());
        QCOMPARE(a100->toolTip(), QStringLiteral("This machine has no GPU."));
        QVERIFY(a100->text().contains(QLatin1String("not on this machine")));
        QVERIFY(!qobject_cast<QStandardItemModel *>(cpu->model())->item(cpu->findData(4))->isEnabled());
        shoot(d, "form-no-gpu");
        shoot(&w, "main-no-gpu");
        // Today's seedd lists no images (404): the image field stays free text.
        QVERIFY(!d->localImagesButton()->isVisible());

        auto *name = qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("name")));
        QTest::keyClicks(name, QStringLiteral("first-run"));
        QTest::keyClicks(qobject_cast<QPlainTextEdit *>(d->fieldWidget(QStringLiteral("command"))),
                         QStringLiteral("echo hello"));
        d->findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        QTest::keyClicks(qobject_cast<QLineEdit *>(d->fieldWidget(QStringLiteral("image"))), PodmanSandbox::image());
        QVERIFY(d->submitButton()->isEnabled());
        QSignalSpy submitted(d, &ui::SubmitDialog::submitted);
        d->submitButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(w.jobModel()->rowOfName(QStringLiteral("first-run")) >= 0, 10000);
        QVERIFY(small.stop());
    }

    // The images the backend has are offered beside the image field; an empty list says how to get one; a
    // server without the route (404) leaves free text.
    void localImagesAreOffered()
    {
        m_fixture.clear();
        m_fixture.on(
            "GET /acme/images",
            {200,
             R"({"data":[{"name":"localhost/seed-test:latest","id":"4a5b","size_bytes":123,"created_at":"2026-03-18T10:00:00Z"},
                               {"name":"localhost/trainer:1","id":"7c8d","size_bytes":456,"created_at":"2026-03-18T11:00:00Z"}]})",
             {}});
        client::SeedClient c;
        client::Endpoint e;
        e.baseUrl = QUrl(m_fixture.url());
        e.ns = QStringLiteral("acme");
        e.authorization = "Bearer sdt_fixture";
        c.setEndpoint(e);
        {
            ui::SubmitDialog d(&c);
            QTRY_COMPARE(d.localImages(), QStringList({QStringLiteral("localhost/seed-test:latest"),
                                                       QStringLiteral("localhost/trainer:1")}));
            QVERIFY(!d.localImagesButton()->isHidden());
            QVERIFY(d.imageHint()->isHidden());
            const QList<QAction *> actions = d.localImagesButton()->menu()->actions();
            QCOMPARE(actions.size(), 2);
            actions.at(1)->trigger();
            QCOMPARE(qobject_cast<QLineEdit *>(d.fieldWidget(QStringLiteral("image")))->text(),
                     QStringLiteral("localhost/trainer:1"));
            QVERIFY(d.findChild<QRadioButton *>(QStringLiteral("useImage"))->isChecked());
        }
        m_fixture.clear();
        m_fixture.on("GET /acme/images", {200, R"({"data":[]})", {}});
        {
            ui::SubmitDialog d(&c);
            QTRY_VERIFY(!d.imageHint()->isHidden());
            QVERIFY(d.imageHint()->text().contains(QLatin1String("podman pull")));
            QVERIFY(d.localImagesButton()->isHidden());
        }
        m_fixture.clear(); // 404
        {
            ui::SubmitDialog d(&c);
            QTRY_VERIFY(!m_fixture.seen().isEmpty());
            QTest::qWait(100);
            QVERIFY(d.localImagesButton()->isHidden());
            QVERIFY(d.imageHint()->isHidden());
        }
    }

    // Validation and the server's known errors in the UI's language; an unknown error in the server's words.
    void messagesGoThroughTranslation()
    {
        MarkingTranslator marking;
        QCoreApplication::installTranslator(&marking);
        const auto uninstall = qScopeGuard([&marking] { QCoreApplication::removeTranslator(&marking); });

        // The server's known errors, by code, field and message.
        QCOMPARE(
            client::errorText(wire::makeError(wire::ErrorKind::Unauthorized, QStringLiteral("Invalid credentials."))),
            QStringLiteral("⟪The token or API key is not valid.⟫"));
        QCOMPARE(client::errorText(wire::makeError(wire::ErrorKind::Unprocessable,
                                                   QStringLiteral("2 x L4 allows at most 32 vCPUs."),
                                                   QStringLiteral("cpu"))),
                 QStringLiteral("⟪2 × L4 allows at most 32 vCPUs.⟫"));
        QCOMPARE(client::errorText(wire::makeError(wire::ErrorKind::InvalidRequest,
                                                   QStringLiteral("'%2' is not a valid environment variable name."),
                                                   QStringLiteral("env"))),
                 QStringLiteral("⟪“%2” is not a valid environment variable name.⟫"));
        // Unknown message, or a known message under another field: the server's own words.
        QCOMPARE(client::errorText(wire::makeError(wire::ErrorKind::Conflict, QStringLiteral("Quota exceeded."),
                                                   QStringLiteral("name"))),
                 QStringLiteral("Quota exceeded."));
        QCOMPARE(client::errorText(wire::makeError(wire::ErrorKind::InvalidRequest,
                                                   QStringLiteral("'name' is required."), QStringLiteral("command"))),
                 QStringLiteral("'name' is required."));

        // The form: its own validation, and a real seedd's 409 at the name.
        TestHttp http(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));
        const QJsonObject body{{QStringLiteral("name"), QStringLiteral("taken")},
                               {QStringLiteral("command"), QStringLiteral("true")},
                               {QStringLiteral("image"), QStringLiteral("busybox")},
                               {QStringLiteral("gpu"), QStringLiteral("none")}};
        QCOMPARE(http.post(QStringLiteral("/auth/v1/seed/local/jobs"), body).status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(isGreen(m_w.get()), 10000);
        ui::SubmitDialog d(m_w->client());
        d.show();
        QTest::keyClicks(qobject_cast<QPlainTextEdit *>(d.fieldWidget(QStringLiteral("command"))),
                         QStringLiteral("true"));
        QCOMPARE(d.fieldError(QStringLiteral("name")), QStringLiteral("⟪Enter a job name.⟫"));
        QTest::keyClicks(qobject_cast<QLineEdit *>(d.fieldWidget(QStringLiteral("name"))), QStringLiteral("taken"));
        d.findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        QTest::keyClicks(qobject_cast<QLineEdit *>(d.fieldWidget(QStringLiteral("image"))), QStringLiteral("busybox"));
        const int none =
            qobject_cast<QComboBox *>(d.fieldWidget(QStringLiteral("gpu")))->findData(QStringLiteral("none"));
        qobject_cast<QComboBox *>(d.fieldWidget(QStringLiteral("gpu")))->setCurrentIndex(none);
        d.setClientSideValidation(false);
        d.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!d.fieldError(QStringLiteral("name")).isEmpty(), 10000);
        QVERIFY2(d.fieldError(QStringLiteral("name")).contains(QStringLiteral("⟪A job named “taken” already exists")),
                 qPrintable(d.fieldError(QStringLiteral("name"))));
    }

    // Column widths saved under English are widened where German needs more (they had clipped its labels).
    void savedColumnWidthsFitAnotherLanguage()
    {
        QSettings().remove(QStringLiteral("window"));
        ui::MainWindowOptions o = options(m_seedd.dataDir());
        o.restoreState = true;
        {
            ui::MainWindow english(o);
            english.show();
            english.close(); // saves the window state, English widths included
        }
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(SEED_DE_QM)));
        QCoreApplication::installTranslator(&german);
        const auto uninstall = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); });
        ui::MainWindow w(o);
        QTableView *view = w.jobView();
        const int icon = view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
        const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
        const QString label = QStringLiteral("Zeit überschritten");
        const int needed = margin + icon + 2 * margin + view->fontMetrics().horizontalAdvance(label);
        const int width = view->horizontalHeader()->sectionSize(models::JobTableModel::Status);
        QVERIFY2(width >= needed, qPrintable(QStringLiteral("%1 px needed, %2 px wide").arg(needed).arg(width)));
        QSettings().remove(QStringLiteral("window"));
    }
};

QTEST_MAIN(TestGuiFirstRun)
#include "tst_gui_firstrun.moc"
