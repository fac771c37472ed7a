// The desktop app's smaller rough edges, each seen by a reviewer, driven through the real widgets against a
// real seedd on loopback (runner "none": jobs stay queued until cancelled). The window polls only once a
// minute, so what changes between refreshes arrives through the events stream alone.
#include "client/connectionmanager.h"
#include "client/seedclient.h"
#include "http.h"
#include "jobstatustest.h"
#include "models/jobtablemodel.h"
#include "seeddprocess.h"
#include "widgets/jobcharts.h"
#include "widgets/jobdetails.h"
#include "widgets/logpane.h"
#include "widgets/mainwindow.h"
#include "widgets/profilesdialog.h"
#include "widgets/progressdelegate.h"
#include "widgets/submitdialog.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QWheelEvent>

using namespace seed;
using models::JobTableModel;

// A job shown in JobDetails without a server behind it: no GPU, a trivial command.
static wire::Job cpuJob(const QString &id, const QString &name, wire::JobStatus status)
{
    wire::Job job;
    job.id = id;
    job.name = name;
    job.status = status;
    job.gpu = QStringLiteral("none");
    job.gpuCount = 0;
    job.command = QStringLiteral("true");
    return job;
}

class TestGuiPolish : public QObject
{
    Q_OBJECT
    SeeddProcess m_seedd;
    std::unique_ptr<ui::MainWindow> m_w;
    const QString m_ns = QStringLiteral("local");

    TestHttp http() const { return TestHttp(m_seedd.url(), TestHttp::bearer(m_seedd.localToken())); }
    int row(const QString &name) const { return m_w->jobModel()->rowOfName(name); }
    bool create(const QString &name, const QString &gpu = QStringLiteral("L4"))
    {
        const QJsonObject body{{QStringLiteral("name"), name},
                               {QStringLiteral("command"), QStringLiteral("sleep 100")},
                               {QStringLiteral("image"), QStringLiteral("busybox")},
                               {QStringLiteral("gpu"), gpu}};
        return http().post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(m_ns), body).status == 201;
    }
    bool cancelViaHttp(const QString &name)
    {
        return http().post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(m_ns, name), {}).status == 200;
    }
    ui::SubmitDialog *openForm()
    {
        m_w->newJobAction()->trigger();
        return m_w->submitDialog();
    }
    template <typename T> T *field(ui::SubmitDialog *d, const char *name)
    {
        return qobject_cast<T *>(d->fieldWidget(QLatin1String(name)));
    }
    QAction *menuAction(const QString &objectName) const { return m_w->menuBar()->findChild<QAction *>(objectName); }
    void confirm(const char *objectName)
    {
        QTRY_VERIFY(m_w->pendingConfirmation());
        QMessageBox *box = m_w->pendingConfirmation();
        QCOMPARE(box->objectName(), QLatin1String(objectName));
        box->button(QMessageBox::Yes)->click();
        QTRY_VERIFY(!m_w->pendingConfirmation());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QApplication::setApplicationDisplayName(QStringLiteral("Seed"));
        QVERIFY(m_seedd.start({QStringLiteral("--runner"), QStringLiteral("none")}));
        ui::MainWindowOptions o;
        o.localDataDir = m_seedd.dataDir();
        o.pollIntervalMs = 60000; // changes arrive by events; a refresh would hide a missing update
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        m_w = std::make_unique<ui::MainWindow>(o);
        m_w->show();
        QTRY_VERIFY(m_w->connection()->isReady());
        QTRY_COMPARE(m_w->client()->state(), client::ConnectionState::Connected);
    }

    void cleanupTestCase()
    {
        m_w.reset();
        QSettings().clear();
    }

    // The platform adds the application's display name to a window title: "Seed — This computer — Seed".
    void windowTitleNamesTheConnectionOnce()
    {
        QCOMPARE(m_w->windowTitle(), QStringLiteral("This computer"));
        QVERIFY(!m_w->windowTitle().contains(QApplication::applicationDisplayName()));
    }

    // All of the form's own problems at once, at their fields, in the UI's words (never an API field name), in
    // reserved space.
    void formShowsEveryProblemWithLabels()
    {
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        auto *command = field<QPlainTextEdit>(d, "command");
        const int commandY = command->mapTo(d, QPoint()).y();
        QTest::keyClicks(field<QLineEdit>(d, "name"), QStringLiteral("bad name!"));
        d->findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        // Three fields are wrong at once: name, command (empty) and image (empty).
        QVERIFY2(d->fieldError(QStringLiteral("name")).contains(QLatin1String("letters, digits")),
                 qPrintable(d->fieldError(QStringLiteral("name"))));
        QCOMPARE(d->fieldError(QStringLiteral("command")), QStringLiteral("Enter the command to run."));
        QCOMPARE(d->fieldError(QStringLiteral("image")), QStringLiteral("Enter a container image."));
        for (const char *f : {"name", "command", "image"})
            QVERIFY2(!d->fieldError(QLatin1String(f)).contains(u'\''), qPrintable(d->fieldError(QLatin1String(f))));
        d->findChild<QRadioButton *>(QStringLiteral("useRepo"))->click();
        QCOMPARE(d->fieldError(QStringLiteral("repo")), QStringLiteral("Enter a repository or a container image."));
        QVERIFY(d->fieldError(QStringLiteral("image")).isEmpty());
        d->findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        QVERIFY(d->fieldError(QStringLiteral("disk_gb")).isEmpty());
        QVERIFY(!d->submitButton()->isEnabled());
        // Fields below a message stay where they were: its line was reserved.
        QTest::keyClicks(command, QStringLiteral("true"));
        QVERIFY(d->fieldError(QStringLiteral("command")).isEmpty());
        field<QLineEdit>(d, "name")->setText(QStringLiteral("name-ok"));
        QVERIFY(d->fieldError(QStringLiteral("name")).isEmpty());
        command->clear();
        QCOMPARE(d->fieldError(QStringLiteral("command")), QStringLiteral("Enter the command to run."));
        QCOMPARE(command->mapTo(d, QPoint()).y(), commandY);
        // A combination the server refuses (422) is said in the UI's words too.
        field<QPlainTextEdit>(d, "command")->setPlainText(QStringLiteral("true"));
        field<QLineEdit>(d, "image")->setText(QStringLiteral("busybox"));
        auto *gpu = field<QComboBox>(d, "gpu");
        gpu->setCurrentIndex(gpu->findData(QStringLiteral("none")));
        auto *count = field<QComboBox>(d, "gpu_count");
        count->setCurrentIndex(count->findData(2));
        QVERIFY2(d->fieldError(QStringLiteral("gpu_count"))
                     .startsWith(QLatin1String("A CPU-only job cannot ask for 2 GPUs")),
                 qPrintable(d->fieldError(QStringLiteral("gpu_count"))));
        d->reject();
        QTRY_VERIFY(!m_w->submitDialog());
    }

    // The wheel over a spin box or list that does not have the focus scrolls the form, not the value: they leave
    // the event unaccepted, and Qt hands a mouse's wheel event on to the parents (the scroll area) then.
    void wheelScrollsTheFormNotTheValues()
    {
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        d->resize(620, 420); // the form scrolls
        QVERIFY(QTest::qWaitForWindowExposed(d));
        auto *memory = field<QSpinBox>(d, "memory_gb");
        auto *region = field<QComboBox>(d, "region");
        field<QLineEdit>(d, "name")->setFocus();
        QTRY_VERIFY(field<QLineEdit>(d, "name")->hasFocus());
        QVERIFY(d->findChild<QScrollArea *>()->verticalScrollBar()->maximum() > 0);
        const int memoryBefore = memory->value();
        const int regionBefore = region->currentIndex();
        const auto wheel = [](QWidget *w) {
            const QPointF at(w->width() / 2.0, w->height() / 2.0);
            QWheelEvent ev(at, w->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                           Qt::NoScrollPhase, false);
            QApplication::sendEvent(w, &ev);
            return ev.isAccepted();
        };
        QVERIFY(!wheel(memory));
        QVERIFY(!wheel(region));
        QCOMPARE(memory->value(), memoryBefore);
        QCOMPARE(region->currentIndex(), regionBefore);
        QCOMPARE(memory->focusPolicy(), Qt::StrongFocus); // passing over does not take the focus
        QCOMPARE(region->focusPolicy(), Qt::StrongFocus);
        // Focused, it takes the wheel as before.
        memory->setFocus();
        QTRY_VERIFY(memory->hasFocus());
        QVERIFY(wheel(memory));
        QCOMPARE(memory->value(), memoryBefore - 1);
        d->reject();
        QTRY_VERIFY(!m_w->submitDialog());
    }

    // Ctrl+Enter submits from any field; the new job is then selected (and its details shown).
    void ctrlEnterSubmitsAndSelectsTheNewJob()
    {
        ui::SubmitDialog *d = openForm();
        QVERIFY(d);
        QTest::keyClicks(field<QLineEdit>(d, "name"), QStringLiteral("by-keyboard"));
        auto *command = field<QPlainTextEdit>(d, "command");
        QTest::keyClicks(command, QStringLiteral("true"));
        d->findChild<QRadioButton *>(QStringLiteral("useImage"))->click();
        QTest::keyClicks(field<QLineEdit>(d, "image"), QStringLiteral("busybox"));
        command->setFocus();
        QTRY_VERIFY(command->hasFocus());
        QTest::keyClick(command, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(!m_w->submitDialog()); // closed on 201
        QTRY_VERIFY(row(QStringLiteral("by-keyboard")) >= 0);
        QTRY_COMPARE(m_w->selectedJobs().size(), 1);
        QCOMPARE(m_w->selectedJobs().first().name, QStringLiteral("by-keyboard"));
        QTRY_COMPARE(m_w->details()->job().name, QStringLiteral("by-keyboard"));
        QTRY_COMPARE(m_w->details()->job().command, QStringLiteral("true")); // no new line was typed
    }

    // Edit > Copy Command follows the details, which hold the command (the list does not).
    void copyCommandEnablesForTheShownJob()
    {
        QTRY_VERIFY(row(QStringLiteral("by-keyboard")) >= 0);
        m_w->selectJobs({QStringLiteral("by-keyboard")});
        QTRY_COMPARE(m_w->details()->job().command, QStringLiteral("true"));
        QTRY_VERIFY(m_w->copyCommandAction()->isEnabled());
        m_w->copyCommandAction()->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("true"));
    }

    // A selected job that ends between refreshes: Cancel goes off with the event, not a minute later.
    void cancelOffWhenTheJobEnds()
    {
        QVERIFY(create(QStringLiteral("ends-soon")));
        QTRY_VERIFY(row(QStringLiteral("ends-soon")) >= 0);
        m_w->selectJobs({QStringLiteral("ends-soon")});
        QTRY_VERIFY(m_w->cancelAction()->isEnabled());
        QVERIFY(!m_w->deleteAction()->isEnabled());
        QVERIFY(cancelViaHttp(QStringLiteral("ends-soon")));
        QTRY_COMPARE(m_w->jobModel()->jobAt(row(QStringLiteral("ends-soon"))).status, wire::JobStatus::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->cancelAction()->isEnabled(), 3000);
        QVERIFY(m_w->deleteAction()->isEnabled());
    }

    // One job: the confirmations' titles say "job", not "jobs".
    void confirmationTitlesForOneJob()
    {
        QVERIFY(create(QStringLiteral("title-one")));
        QTRY_VERIFY(row(QStringLiteral("title-one")) >= 0);
        m_w->selectJobs({QStringLiteral("title-one")});
        m_w->cancelSelected();
        QTRY_VERIFY(m_w->pendingConfirmation());
        QCOMPARE(m_w->pendingConfirmation()->windowTitle(), QStringLiteral("Cancel job"));
        m_w->pendingConfirmation()->button(QMessageBox::No)->click();
        QTRY_VERIFY(!m_w->pendingConfirmation());
        m_w->selectJobs({QStringLiteral("ends-soon")});
        m_w->deleteSelected();
        QTRY_VERIFY(m_w->pendingConfirmation());
        QCOMPARE(m_w->pendingConfirmation()->windowTitle(), QStringLiteral("Delete job"));
        m_w->pendingConfirmation()->button(QMessageBox::No)->click();
        QTRY_VERIFY(!m_w->pendingConfirmation());
    }

    // After a delete nothing is selected: the details (and their Logs tab) show no job, not a neighbour's.
    void deleteLeavesNoOtherJobShown()
    {
        for (const char *n : {"del-a", "del-b", "del-c"}) {
            QVERIFY(create(QLatin1String(n)));
            QTRY_VERIFY(row(QLatin1String(n)) >= 0);
            QVERIFY(cancelViaHttp(QLatin1String(n)));
        }
        QTRY_COMPARE(m_w->jobModel()->jobAt(row(QStringLiteral("del-b"))).status, wire::JobStatus::Cancelled);
        m_w->selectJobs({QStringLiteral("del-b")});
        QTRY_COMPARE(m_w->details()->job().name, QStringLiteral("del-b"));
        QTRY_VERIFY(m_w->details()->findChild<ui::LogPane *>(QStringLiteral("logPane")));
        QTRY_VERIFY(m_w->deleteAction()->isEnabled());
        m_w->deleteSelected();
        confirm("confirmDelete");
        QTRY_VERIFY(row(QStringLiteral("del-b")) < 0);
        QTest::qWait(200); // let a current-row change after the removal land, if one comes
        QVERIFY(m_w->selectedJobs().isEmpty());
        QVERIFY2(!m_w->details()->hasJob(), qPrintable(m_w->details()->job().name));
        for (ui::LogPane *pane : m_w->details()->findChildren<ui::LogPane *>())
            QVERIFY2(pane->jobName().isEmpty(), qPrintable(pane->jobName()));
    }

    // View > Machine is checked while its dock shows; Help has the guide and a list of shortcuts.
    void machineCheckMarkAndHelp()
    {
        QAction *machine = menuAction(QStringLiteral("machineAction"));
        QVERIFY(machine);
        QVERIFY(machine->isCheckable());
        QVERIFY(!machine->isChecked());
        machine->trigger();
        auto *dock = m_w->findChild<QDockWidget *>(QStringLiteral("machineDock"));
        QVERIFY(dock);
        QTRY_VERIFY(dock->isVisible());
        QVERIFY(machine->isChecked());
        dock->close(); // its own close button
        QTRY_VERIFY(!machine->isChecked());
        machine->trigger();
        QTRY_VERIFY(dock->isVisible());
        machine->trigger();
        QTRY_VERIFY(!dock->isVisible());

        QAction *docs = menuAction(QStringLiteral("documentationAction"));
        QVERIFY(docs);
        QVERIFY(docs->data().toUrl().isValid());
        QVERIFY(!docs->data().toUrl().isRelative());
        QAction *keys = menuAction(QStringLiteral("shortcutsAction"));
        QVERIFY(keys);
        keys->trigger();
        auto *table = m_w->findChild<QTableWidget *>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r)
            rows << table->item(r, 0)->text() + QStringLiteral(" = ") + table->item(r, 1)->text();
        QVERIFY2(rows.contains(QStringLiteral("New Job = ") +
                               QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
                 qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("Submit the form = ") +
                               QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)),
                 qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.contains(QStringLiteral("Open a job's logs in a tab = Double-click")),
                 qPrintable(rows.join(u'\n')));
        table->window()->close();
    }

    // The progress text fits its column; a longer one ends in "…" instead of being cut at both ends.
    void progressTextFits()
    {
        const QFontMetrics fm(m_w->jobView()->font());
        const QString typical = QStringLiteral("step 1200/5000 · ETA 12m");
        const int column = m_w->jobView()->horizontalHeader()->sectionSize(JobTableModel::Progress);
        const int bar = column - 4; // the delegate's margins
        QVERIFY2(fm.horizontalAdvance(typical) + 2 * ui::ProgressDelegate::kTextPadding <= bar,
                 qPrintable(QStringLiteral("%1 px column").arg(column)));
        QCOMPARE(ui::ProgressDelegate::fittedText(typical, fm, bar), typical);
        const QString longer = typical + QStringLiteral(" · loss 0.4183 · lr 3e-4 · step 5120/10000");
        const QString fitted = ui::ProgressDelegate::fittedText(longer, fm, bar);
        QVERIFY(fitted.endsWith(QChar(0x2026)));
        QVERIFY(fm.horizontalAdvance(fitted) <= bar - 2 * ui::ProgressDelegate::kTextPadding);
    }

    // A CPU-only job's charts have no GPU line to call "not measured".
    void cpuOnlyChartsHaveNoGpuLegend()
    {
        ui::JobDetails details(m_w->client());
        wire::Job job = cpuJob(QStringLiteral("job_cpu"), QStringLiteral("cpu-only"), wire::JobStatus::Running);
        details.setJob(job);
        details.show();
        auto *charts = details.findChild<ui::JobCharts *>(QStringLiteral("jobCharts"));
        QVERIFY(charts);
        charts->addSample(QDateTime::currentDateTimeUtc(), std::nullopt, 50, 1, 1);
        QStringList shown;
        const auto visibleLabels = [&shown, &charts] {
            shown.clear();
            for (QLegendMarker *m : charts->chart()->legend()->markers())
                if (m->isVisible() && m->series()->isVisible())
                    shown << m->label();
            return shown;
        };
        QTRY_VERIFY2(!visibleLabels().isEmpty(), "no legend at all");
        for (const QString &label : shown)
            QVERIFY2(!label.startsWith(QLatin1String("GPU")), qPrintable(shown.join(u',')));

        // A GPU job keeps its GPU line, "not measured" where nothing measures it.
        job.name = QStringLiteral("gpu-job");
        job.gpu = QStringLiteral("L4");
        job.gpuCount = 1;
        details.setJob(job);
        charts = details.findChild<ui::JobCharts *>(QStringLiteral("jobCharts"));
        charts->addSample(QDateTime::currentDateTimeUtc(), std::nullopt, 50, 1, 1);
        QTRY_VERIFY2(visibleLabels().contains(QStringLiteral("GPU % (not measured)")), qPrintable(shown.join(u',')));
    }

    // Saving artifacts starts in the Downloads folder and suggests a .tar name.
    void artifactsSaveDialogSuggestsTarInDownloads()
    {
        ui::JobDetails details(m_w->client());
        wire::Job job = cpuJob(QStringLiteral("job_art"), QStringLiteral("trained"), wire::JobStatus::Succeeded);
        job.artifacts = wire::Artifacts{QStringLiteral("/workspace/output"), 1024, 2,
                                        QStringLiteral("http://127.0.0.1:1/local/jobs/trained/artifacts")};
        details.setJob(job);
        details.show();
        auto *download = details.findChild<QPushButton *>(QStringLiteral("downloadArtifacts"));
        QVERIFY(download);
        QVERIFY(download->isEnabled());
        download->click();
        QFileDialog *dlg = nullptr;
        QTRY_VERIFY((dlg = details.findChild<QFileDialog *>()));
        QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        if (downloads.isEmpty() || !QFileInfo(downloads).isDir())
            downloads = QDir::homePath();
        QVERIFY(QDir(downloads).canonicalPath() != QDir::current().canonicalPath());
        QCOMPARE(QDir(dlg->directory()).canonicalPath(), QDir(downloads).canonicalPath());
        QVERIFY(!dlg->selectedFiles().isEmpty());
        QCOMPARE(QFileInfo(dlg->selectedFiles().first()).fileName(), QStringLiteral("trained-artifacts.tar"));
        dlg->reject();
    }

    // Log timestamps say which zone they are in.
    void logTimestampsSayUtc()
    {
        ui::LogPane pane(m_w->client(), QStringLiteral("no-such-job"));
        const QDateTime at = QDateTime(QDate(2026, 3, 1), QTime(14, 5, 6, 789), Qt::UTC);
        pane.buffer()->append({wire::LogLine{1, at, QStringLiteral("hello")}});
        pane.setShowTimestamps(true);
        QTRY_COMPARE(pane.shownLineCount(), 1);
        QCOMPARE(pane.shownLine(0), QStringLiteral("2026-03-01 14:05:06.789Z hello"));
    }

    // Connections: a mnemonic, not a literal "&"; no stored secret to keep on a new remote; a test button.
    void connectionDialogDetails()
    {
        m_w->openConnections();
        ui::ProfilesDialog *dlg = m_w->profilesDialog();
        QVERIFY(dlg);
        bool found = false;
        for (QLabel *l : dlg->findChildren<QLabel *>()) {
            if (!l->text().contains(QLatin1String("certificate:")))
                continue;
            found = true;
            QCOMPARE(l->buddy(), static_cast<QWidget *>(dlg->caFileEdit())); // "&" is a mnemonic only with a buddy
        }
        QVERIFY(found);
        dlg->addRemote();
        bool keepsStored = false;
        for (QLabel *l : dlg->findChildren<QLabel *>())
            keepsStored = keepsStored || (l->isVisibleTo(dlg) && l->text().contains(QLatin1String("keep the stored")));
        QVERIFY(!keepsStored);

        auto *test = dlg->findChild<QPushButton *>(QStringLiteral("testConnection"));
        QVERIFY2(test, "no Test Connection button");
        auto *result = dlg->findChild<QLabel *>(QStringLiteral("testResult"));
        QVERIFY(result);
        dlg->urlEdit()->setText(m_seedd.url());
        dlg->namespacesEdit()->setText(m_ns);
        dlg->secretEdit()->setText(QStringLiteral("sdt_wrongwrongwrong"));
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Failed")), 10000);
        QVERIFY2(result->text().contains(QLatin1String("req_")) || result->text().contains(QLatin1String("401")) ||
                     result->text().contains(QLatin1String("token")),
                 qPrintable(result->text()));
        dlg->secretEdit()->setText(m_seedd.localToken());
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Connected")), 10000);
        QVERIFY2(result->text().contains(m_ns), qPrintable(result->text()));
        dlg->reject();
        QTRY_VERIFY(!m_w->profilesDialog());
    }

    // Closing the window with jobs queued or running says that they keep running, until told not to.
    void closingSaysJobsKeepRunning()
    {
        QVERIFY(create(QStringLiteral("keeps-going")));
        QTRY_VERIFY(row(QStringLiteral("keeps-going")) >= 0);
        QVERIFY(m_w->isVisible());
        QVERIFY(!m_w->close()); // the notice first
        QVERIFY(m_w->isVisible());
        QTRY_VERIFY(m_w->findChild<QMessageBox *>(QStringLiteral("closeNotice")));
        QMessageBox *box = m_w->findChild<QMessageBox *>(QStringLiteral("closeNotice"));
        QVERIFY2(box->text().contains(QLatin1String("keep running")), qPrintable(box->text()));
        QVERIFY(box->checkBox());
        box->checkBox()->setChecked(true); // don't show again
        box->button(QMessageBox::Ok)->click();
        QTRY_VERIFY(!m_w->isVisible());
        QVERIFY(QSettings().value(QStringLiteral("window/closeNoticeOff")).toBool());
        // Not again, in this window or the next.
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QVERIFY(m_w->close());
        QVERIFY(!m_w->findChild<QMessageBox *>(QStringLiteral("closeNotice")));
    }
};

QTEST_MAIN(TestGuiPolish)
#include "tst_gui_polish.moc"
