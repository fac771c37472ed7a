// Preferences > Local backend: the window starts its own seedd (found on PATH) with <data-dir>/seedd.json;
// the page shows and edits simulated GPUs, capacity, pull policy and default image; values that are wrong get
// a message at their field and change nothing; applying writes the file (keeping its other keys) and restarts
// the local seedd, whose machine then reports the new settings, while a job in a real container (Podman
// sandbox) keeps running across the restart.
#include "../runtimetesthelpers.h"
#include "client/connectionmanager.h"
#include "client/localdaemon.h"
#include "daemon/connectionfile.h"
#include "models/jobtablemodel.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "widgets/localbackendpage.h"
#include "widgets/machineview.h"
#include "widgets/mainwindow.h"
#include "widgets/preferencesdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace seed;

class TestGuiLocalBackend : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    QTemporaryDir m_tmp;
    QString m_dataDir;

    QJsonObject readConfig() const
    {
        QFile f(client::LocalDaemon::configFile(m_dataDir));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }
    std::optional<daemon::ConnectionInfo> info() const { return daemon::ConnectionInfo::read(m_dataDir); }
    TestHttp http() const
    {
        const auto i = info();
        return TestHttp(i->url, TestHttp::bearer(i->token));
    }
    QString jobsPath() const { return QStringLiteral("/auth/v1/seed/%1/jobs").arg(info()->ns); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QString error;
        if (!m_box.setUp(&error))
            QSKIP(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        m_dataDir = m_tmp.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        // The window finds seedd on PATH, as an installed app does.
        qputenv("PATH", QFileInfo(SeeddProcess::binary()).absolutePath().toLocal8Bit() + ':' + qgetenv("PATH"));
    }

    void cleanupTestCase() { QSettings().clear(); }

    void appliesSettingsAndRestartsWithJobsRunning()
    {
        // A settings file with keys the page does not edit: the first seedd reads it, and they survive.
        QVERIFY(client::LocalBackendConfig::writeFile(
            client::LocalDaemon::configFile(m_dataDir),
            QJsonObject{{QStringLiteral("logs"), QJsonObject{{QStringLiteral("max_mb_per_job"), 5}}},
                        {QStringLiteral("runtime"), QJsonObject{{QStringLiteral("cancel_grace_seconds"), 1},
                                                                {QStringLiteral("gpus"), QStringLiteral("none")}}}},
            nullptr));
        ui::MainWindowOptions o;
        o.localDataDir = m_dataDir;
        o.seeddArguments = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--cdi-kind"),
                            QStringLiteral("seed.local/gpu-lb%1").arg(QCoreApplication::applicationPid())};
        o.restoreState = false;
        o.pollIntervalMs = 250;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        ui::MainWindow w(o);
        const auto stopSeedd = qScopeGuard([this] {
            if (const auto i = info(); i && client::LocalDaemon::processAlive(i->pid)) {
                ::kill(pid_t(i->pid), SIGTERM);
                QTRY_VERIFY_WITH_TIMEOUT(!client::LocalDaemon::processAlive(i->pid), 20000);
            }
        });
        w.show();
        QTRY_VERIFY_WITH_TIMEOUT(w.connection()->isReady(), 30000);
        QVERIFY(w.connection()->startedLocalDaemon());
        const qint64 firstPid = info()->pid;
        QCOMPARE(firstPid, w.connection()->startedLocalDaemonPid());

        // A job in a real container, running across the restart.
        QJsonObject spec =
            rt::spec(QStringLiteral("keeps-running"), QStringLiteral("sleep 300"), PodmanSandbox::image());
        spec.insert(QStringLiteral("cpu"), 2);
        spec.insert(QStringLiteral("memory_gb"), 1);
        const HttpResult created = http().post(jobsPath(), spec);
        QVERIFY2(created.status == 201, created.body.constData());
        const auto running = [this] {
            return http()
                .get(QStringLiteral("/%1/job/keeps-running").arg(info()->ns))
                .json()
                .value(QStringLiteral("status"))
                .toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(running(), QStringLiteral("running"), 30000);
        QCOMPARE(m_box.containers().size(), 1);

        w.openPreferences();
        ui::PreferencesDialog *dlg = w.preferencesDialog();
        QVERIFY(dlg);
        auto *page = dlg->findChild<ui::LocalBackendPage *>(QStringLiteral("localBackendPage"));
        QVERIFY2(page, "Preferences has no Local backend page");
        // What the file says is what the page shows.
        auto *mode = page->findChild<QComboBox *>(QStringLiteral("gpuMode"));
        QCOMPARE(mode->currentData().toInt(), int(client::LocalBackendConfig::GpuMode::None));
        QCOMPARE(page->findChild<QComboBox *>(QStringLiteral("pullPolicy"))->currentData().toString(),
                 QStringLiteral("never"));

        // A wrong value: a message at its field, nothing written, nothing restarted.
        const QJsonObject before = readConfig();
        auto *image = page->findChild<QLineEdit *>(QStringLiteral("defaultImage"));
        image->setText(QStringLiteral("Not An Image!"));
        QTest::mouseClick(dlg->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QVERIFY(dlg->isVisible());
        QCOMPARE(dlg->tabs()->currentWidget(), page);
        QVERIFY2(page->fieldError(QStringLiteral("default_image")).contains(QLatin1String("image reference")),
                 qPrintable(page->fieldError(QStringLiteral("default_image"))));
        QCOMPARE(readConfig(), before);
        QCOMPARE(info()->pid, firstPid);

        // Good values: written, seedd restarted, its machine says so, and the job runs on.
        image->setText(PodmanSandbox::image());
        mode->setCurrentIndex(mode->findData(int(client::LocalBackendConfig::GpuMode::Simulated)));
        auto *type = page->findChild<QComboBox *>(QStringLiteral("simulatedGpuType"));
        type->setCurrentIndex(type->findData(QStringLiteral("L4")));
        page->findChild<QSpinBox *>(QStringLiteral("simulatedGpuCount"))->setValue(2);
        page->findChild<QSpinBox *>(QStringLiteral("capacityCpus"))->setValue(4);
        page->findChild<QSpinBox *>(QStringLiteral("capacityMemory"))->setValue(6);
        auto *pull = page->findChild<QComboBox *>(QStringLiteral("pullPolicy"));
        pull->setCurrentIndex(pull->findData(QStringLiteral("missing")));
        QSignalSpy restarted(&w, &ui::MainWindow::localBackendRestarted);
        QTest::mouseClick(dlg->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!w.preferencesDialog());
        QTRY_COMPARE_WITH_TIMEOUT(restarted.count(), 1, 40000);
        QCOMPARE(restarted.first().first().toBool(), true);
        QVERIFY(!client::LocalDaemon::processAlive(firstPid));
        QVERIFY(info()->pid != firstPid);
        QTRY_VERIFY(w.connection()->isReady());

        const QJsonObject file = readConfig();
        const QJsonObject rtSection = file.value(QStringLiteral("runtime")).toObject();
        QCOMPARE(rtSection.value(QStringLiteral("gpus")).toString(), QStringLiteral("simulate=L4:2"));
        QCOMPARE(rtSection.value(QStringLiteral("capacity")).toObject(),
                 (QJsonObject{{QStringLiteral("cpus"), 4}, {QStringLiteral("memory_gb"), 6}}));
        QCOMPARE(rtSection.value(QStringLiteral("pull")).toString(), QStringLiteral("missing"));
        QCOMPARE(rtSection.value(QStringLiteral("default_image")).toString(), PodmanSandbox::image());
        QCOMPARE(rtSection.value(QStringLiteral("cancel_grace_seconds")).toInt(), 1); // kept
        QCOMPARE(file.value(QStringLiteral("logs")).toObject().value(QStringLiteral("max_mb_per_job")).toInt(), 5);
        QVERIFY(!QFileInfo::exists(client::LocalDaemon::configFile(m_dataDir) + QStringLiteral(".new")));

        const QJsonObject machine = http().get(QStringLiteral("/%1/machine").arg(info()->ns)).json();
        QCOMPARE(machine.value(QStringLiteral("simulated")).toBool(), true);
        const QJsonArray gpus = machine.value(QStringLiteral("gpus")).toArray();
        QCOMPARE(gpus.size(), 2);
        QCOMPARE(gpus.first().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("L4"));
        QCOMPARE(machine.value(QStringLiteral("capacity")).toObject().value(QStringLiteral("cpu")).toInt(), 4);
        QCOMPARE(machine.value(QStringLiteral("capacity")).toObject().value(QStringLiteral("memory_gb")).toInt(), 6);

        QCOMPARE(running(), QStringLiteral("running"));
        QCOMPARE(m_box.containers().size(), 1);
        QTRY_VERIFY(w.jobModel()->rowOfName(QStringLiteral("keeps-running")) >= 0);

        // The machine view of the restarted backend: each GPU named once (the badge says "simulated"), and a dock
        // that leaves the job table its room.
        QAction *machineAction = w.menuBar()->findChild<QAction *>(QStringLiteral("machineAction"));
        QVERIFY(machineAction);
        machineAction->trigger();
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("machineDock"));
        QVERIFY(dock);
        auto *machineView = qobject_cast<ui::MachineView *>(dock->widget());
        QVERIFY(machineView);
        QStringList titles;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                titles.clear();
                for (QLabel *l : machineView->findChildren<QLabel *>())
                    if (l->text().startsWith(QLatin1String("GPU ")) && l->text().contains(u'·'))
                        titles << l->text();
                return titles.size() == 2;
            }(),
            10000);
        titles.sort();
        QCOMPARE(titles, (QStringList{QStringLiteral("GPU 0 · L4"), QStringLiteral("GPU 1 · L4")}));
        QTRY_VERIFY2(dock->width() <= 380, qPrintable(QString::number(dock->width())));
        QVERIFY2(w.jobView()->width() >= w.width() / 2, qPrintable(QString::number(w.jobView()->width())));

        // Opened again, the page shows what is in force now.
        w.openPreferences();
        page = w.preferencesDialog()->findChild<ui::LocalBackendPage *>(QStringLiteral("localBackendPage"));
        QCOMPARE(page->config().gpusValue(), QStringLiteral("simulate=L4:2"));
        QCOMPARE(page->config().cpus, 4);
        QVERIFY(!page->isModified());
        w.preferencesDialog()->reject();

        http().post(jobsPath() + QStringLiteral("/keeps-running/cancel"), QJsonObject{});
        QTRY_COMPARE_WITH_TIMEOUT(running(), QStringLiteral("cancelled"), 30000);
    }

    // The seedd that will read the file decides: what it refuses is said in its words, and the check starts
    // nothing.
    void seeddChecksTheFile()
    {
        client::LocalDaemon local;
        const QString file = m_tmp.filePath(QStringLiteral("bad.json"));
        QVERIFY(client::LocalBackendConfig::writeFile(
            file,
            QJsonObject{
                {QStringLiteral("runtime"), QJsonObject{{QStringLiteral("pull"), QStringLiteral("sometimes")}}}},
            nullptr));
        const QString why = local.checkConfig(file);
        QVERIFY2(why.contains(QLatin1String("pull must be one of")), qPrintable(why));
        QVERIFY(client::LocalBackendConfig::writeFile(
            file,
            QJsonObject{
                {QStringLiteral("runtime"), QJsonObject{{QStringLiteral("gpus"), QStringLiteral("simulate=L4:2")}}}},
            nullptr));
        QCOMPARE(local.checkConfig(file), QString());
    }

    // A stale connection file naming a pid that is now another program: the restart signals nothing.
    void stopSignalsOnlySeedd()
    {
        QProcess other;
        other.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(other.waitForStarted());
        const QString dir = m_tmp.filePath(QStringLiteral("stale"));
        QVERIFY(QDir().mkpath(dir));
        daemon::ConnectionInfo stale;
        stale.url = QStringLiteral("http://127.0.0.1:1");
        stale.token = QStringLiteral("sdt_stale");
        stale.ns = QStringLiteral("local");
        stale.pid = other.processId();
        QString error;
        QVERIFY2(stale.write(dir, &error), qPrintable(error));
        client::LocalDaemon local;
        std::optional<QString> result;
        local.stop(dir, this, [&result](const QString &e) { result = e; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(*result, QString());
        QVERIFY(client::LocalDaemon::processAlive(other.processId()));
        QCOMPARE(other.state(), QProcess::Running);
        other.kill();
        other.waitForFinished();
    }
};

QTEST_MAIN(TestGuiLocalBackend)
#include "tst_gui_localbackend.moc"
