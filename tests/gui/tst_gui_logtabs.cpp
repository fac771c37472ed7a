// In the main window, against a real seedd running real containers (Podman sandbox, busybox image):
// several log tabs at once, each with its own pane and stream, both live; closing a tab stops its stream;
// a job that ends produces a notification entry (a failing one marked failed), a job that had already
// ended when the window opened produces none, and activating an entry opens that job's logs in a tab.
#include "jobstatustest.h"
#include "../runtimetesthelpers.h"
#include "client/connectionmanager.h"
#include "client/logstream.h"
#include "client/seedclient.h"
#include "models/jobtablemodel.h"
#include "models/logbuffer.h"
#include "models/statuscountsmodel.h"
#include "models/statusstyle.h"
#include "podmansandbox.h"
#include "seeddprocess.h"
#include "widgets/jobdetails.h"
#include "widgets/logpane.h"
#include "widgets/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QListWidget>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace seed;

class TestGuiLogTabs : public QObject
{
    Q_OBJECT
    PodmanSandbox m_box;
    SeeddProcess m_seedd;
    std::unique_ptr<TestHttp> m_http;
    std::unique_ptr<ui::MainWindow> m_w;
    const QString m_ns = QStringLiteral("local"); // the "This computer" profile's namespace

    void submit(const QString &name, const QString &cmd)
    {
        const HttpResult r = m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs").arg(m_ns),
                                          rt::spec(name, cmd, PodmanSandbox::image()));
        QCOMPARE(r.status, 201);
    }
    QString status(const QString &name) const
    {
        return m_http->get(QStringLiteral("/%1/job/%2").arg(m_ns, name))
            .json()
            .value(QStringLiteral("status"))
            .toString();
    }
    bool waitStatus(const QString &name, const QStringList &wanted, int timeoutMs = 30000) const
    {
        QDeadlineTimer d(timeoutMs);
        while (!d.hasExpired()) {
            if (wanted.contains(status(name)))
                return true;
            QTest::qWait(100);
        }
        return false;
    }
    static QStringList messages(const ui::LogPane *pane)
    {
        QStringList out;
        for (const ui::LogEntry &e : pane->buffer()->lines())
            if (!e.message.startsWith(QLatin1String("[seed]")))
                out << e.message;
        return out;
    }
    QListWidgetItem *notice(const QString &job) const
    {
        for (int i = 0; i < m_w->notifications()->count(); ++i)
            if (m_w->notifications()->item(i)->data(ui::MainWindow::NoticeJobRole).toString() == job)
                return m_w->notifications()->item(i);
        return nullptr;
    }
    int rowOf(const QString &name) const { return m_w->jobModel()->rowOfName(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        if (!m_box.setUp(&error))
            SEED_SKIP_UNLESS_CI(qPrintable(QStringLiteral("Podman sandbox unavailable: ") + error));
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_seedd.start({QStringLiteral("--gpus"), QStringLiteral("none"), QStringLiteral("--capacity"),
                               QStringLiteral("cpus=8,memory_gb=8"), QStringLiteral("--cancel-grace"),
                               QStringLiteral("1")}));
        m_http = std::make_unique<TestHttp>(m_seedd.url(), TestHttp::bearer(m_seedd.localToken()));

        // Ended before the window opens: no notification may come for it.
        submit(QStringLiteral("old-fail"), QStringLiteral("echo old; exit 3"));
        QVERIFY(waitStatus(QStringLiteral("old-fail"), {QStringLiteral("failed")}));

        ui::MainWindowOptions o;
        o.localDataDir = m_seedd.dataDir();
        o.pollIntervalMs = 250;
        o.restoreState = false;
        o.initialProfile = QStringLiteral("local");
        o.keychainService = QStringLiteral("seed-test");
        m_w = std::make_unique<ui::MainWindow>(o);
        m_w->client()->setRetryPolicy({3, 100, 400, 5, 10000});
        m_w->show();
        QTRY_VERIFY(m_w->connection()->isReady());
        QVERIFY(!m_w->connection()->startedLocalDaemon()); // it found ours
        QCOMPARE(m_w->connection()->currentNamespace(), m_ns);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("old-fail")) >= 0, 10000);
    }

    void cleanupTestCase()
    {
        m_w.reset();
        if (m_seedd.isRunning())
            m_seedd.stop();
    }

    // Two running jobs, two tabs, each pane live with its own lines only; closing one tab stops its stream
    // while the other keeps receiving.
    void twoPanesLiveAtOnce()
    {
        const QString loop = QStringLiteral("i=0; while [ $i -lt 80 ]; do i=$((i+1)); echo \"%1 $i\"; sleep 0.1; done");
        submit(QStringLiteral("alpha"), loop.arg(QStringLiteral("alpha")));
        submit(QStringLiteral("beta"), loop.arg(QStringLiteral("beta")));
        QVERIFY(waitStatus(QStringLiteral("alpha"), {QStringLiteral("running")}));
        QVERIFY(waitStatus(QStringLiteral("beta"), {QStringLiteral("running")}));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("alpha")) >= 0 && rowOf(QStringLiteral("beta")) >= 0, 10000);

        // alpha through the table's action (what the context menu and Ctrl+L trigger), beta by a double-click.
        m_w->selectJobs({QStringLiteral("alpha")});
        QTRY_VERIFY(m_w->openLogsAction()->isEnabled());
        m_w->openLogsAction()->trigger();
        QCOMPARE(m_w->logTabs()->count(), 1);
        QTableView *table = m_w->jobView();
        const QModelIndex betaIndex = [&] {
            for (int r = 0; r < table->model()->rowCount(); ++r)
                if (table->model()->index(r, 0).data(models::JobTableModel::JobNameRole).toString() ==
                    QLatin1String("beta"))
                    return table->model()->index(r, 0);
            return QModelIndex();
        }();
        QVERIFY(betaIndex.isValid());
        const QPoint at = table->visualRect(betaIndex).center();
        QCOMPARE(table->indexAt(at), betaIndex);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at); // a double-click is a press, then a second one
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(m_w->logTabs()->count(), 2);
        QVERIFY(m_w->logDock()->isVisible());

        QPointer<ui::LogPane> alpha = m_w->logTab(QStringLiteral("alpha"));
        QPointer<ui::LogPane> beta = m_w->logTab(QStringLiteral("beta"));
        QVERIFY(alpha && beta && alpha != beta);
        QCOMPARE(m_w->logTabs()->currentWidget(), beta.data());
        // Opening alpha again focuses its tab instead of adding one.
        QCOMPARE(m_w->openLogTab(QStringLiteral("alpha")), alpha.data());
        QCOMPARE(m_w->logTabs()->count(), 2);

        // Both stream at the same time, while both jobs still run.
        QTRY_VERIFY_WITH_TIMEOUT(alpha->stream()->state() == client::LogStream::State::Open &&
                                     beta->stream()->state() == client::LogStream::State::Open,
                                 20000);
        const int alphaSeen = alpha->buffer()->size() + alpha->buffer()->pending();
        const int betaSeen = beta->buffer()->size() + beta->buffer()->pending();
        QTRY_VERIFY_WITH_TIMEOUT(alpha->buffer()->size() > alphaSeen + 3 && beta->buffer()->size() > betaSeen + 3,
                                 20000);
        QCOMPARE(status(QStringLiteral("alpha")), QStringLiteral("running"));
        QCOMPARE(status(QStringLiteral("beta")), QStringLiteral("running"));
        for (const QString &m : messages(alpha))
            QVERIFY2(m.startsWith(QLatin1String("alpha ")), qPrintable(m));
        for (const QString &m : messages(beta))
            QVERIFY2(m.startsWith(QLatin1String("beta ")), qPrintable(m));
        // The tab's view shows what its buffer holds.
        const auto shows = [](const ui::LogPane *pane, const QString &line) {
            for (int r = 0; r < pane->shownLineCount(); ++r)
                if (pane->shownLine(r) == line)
                    return true;
            return false;
        };
        QTRY_VERIFY(shows(alpha, QStringLiteral("alpha 3")));
        QVERIFY(!shows(alpha, QStringLiteral("beta 3")));

        // Closing alpha's tab stops its stream at once; beta goes on to its end.
        client::LogStream *alphaStream = alpha->stream();
        QSignalSpy alphaLines(alphaStream, &client::LogStream::linesReceived);
        m_w->closeLogTab(m_w->logTabs()->indexOf(alpha));
        QCOMPARE(alphaStream->state(), client::LogStream::State::Idle);
        QCOMPARE(m_w->logTabs()->count(), 1);
        QTRY_VERIFY(alpha.isNull()); // deleted
        const int betaBefore = beta->buffer()->size();
        QTRY_VERIFY_WITH_TIMEOUT(beta->buffer()->size() > betaBefore, 10000);
        QCOMPARE(alphaLines.count(), 0); // nothing more reached the closed tab's stream
        QTRY_VERIFY_WITH_TIMEOUT(beta->isEnded(), 30000);
        beta->buffer()->flush();
        QStringList expected;
        for (int i = 1; i <= 80; ++i)
            expected << QStringLiteral("beta %1").arg(i);
        QCOMPARE(messages(beta), expected);                                               // every line once, in order
        QCOMPARE(m_w->logTabs()->tabIcon(m_w->logTabs()->indexOf(beta)).isNull(), false); // marked ended

        m_w->closeLogTab(0);
        QCOMPARE(m_w->logTabs()->count(), 0);
        QVERIFY(!m_w->logDock()->isVisible());
        QVERIFY(waitStatus(QStringLiteral("alpha"), {QStringLiteral("succeeded")}));
    }

    // Job ends produce entries (failed marked); the job that ended before the window opened has none;
    // clicking an entry opens a pane with that job's logs.
    void notificationsOnEnd()
    {
        QVERIFY(!notice(QStringLiteral("old-fail")));
        submit(QStringLiteral("boom"), QStringLiteral("sleep 2; echo 'boom output'; echo 'about to fail'; exit 7"));
        submit(QStringLiteral("fine"), QStringLiteral("sleep 2; echo 'all good'"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("boom")) >= 0 && rowOf(QStringLiteral("fine")) >= 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(notice(QStringLiteral("boom")) && notice(QStringLiteral("fine")), 40000);
        QCOMPARE(status(QStringLiteral("boom")), QStringLiteral("failed"));

        QListWidgetItem *boom = notice(QStringLiteral("boom"));
        QVERIFY(boom->data(ui::MainWindow::NoticeFailedRole).toBool());
        QCOMPARE(boom->data(ui::MainWindow::NoticeStatusRole).toString(), QStringLiteral("failed"));
        QCOMPARE(boom->foreground().color(), models::statusColor(QStringLiteral("failed")));
        QVERIFY(boom->font().bold());
        QVERIFY2(boom->text().contains(QLatin1String("boom")) && boom->text().contains(QLatin1String("7")),
                 qPrintable(boom->text()));
        QListWidgetItem *fine = notice(QStringLiteral("fine"));
        QVERIFY(!fine->data(ui::MainWindow::NoticeFailedRole).toBool());
        QVERIFY(!fine->font().bold());
        QVERIFY(!notice(QStringLiteral("old-fail"))); // still none for the job that ended before
        QVERIFY(!notice(QStringLiteral("alpha")) ||
                !notice(QStringLiteral("alpha"))->data(ui::MainWindow::NoticeFailedRole).toBool());

        // The status bar button counts what was not seen yet, marked by the failure; opening the list clears it.
        QVERIFY(m_w->notificationButton()->isVisible());
        QVERIFY2(m_w->notificationButton()->text().contains(QLatin1String("ended")),
                 qPrintable(m_w->notificationButton()->text()));
        QVERIFY(!m_w->notificationButton()->icon().isNull());
        // ... in words beside that mark: an icon-only button showed the mark alone and hid the count.
        QToolButton *button = m_w->notificationButton();
        QVERIFY2(button->sizeHint().width() > button->fontMetrics().horizontalAdvance(button->text()),
                 qPrintable(QStringLiteral("%1 px for \"%2\"").arg(button->sizeHint().width()).arg(button->text())));
        QTest::mouseClick(m_w->notificationButton(), Qt::LeftButton);
        QTRY_VERIFY(m_w->notificationDock()->isVisible());
        QVERIFY(m_w->notificationButton()->icon().isNull());

        // Entries wrap in a narrow dock rather than running past its edge.
        {
            QListWidget *list = m_w->notifications();
            m_w->resizeDocks({m_w->notificationDock()}, {160}, Qt::Horizontal);
            QTest::qWait(50);
            const QRect shown = list->visualItemRect(boom);
            QVERIFY2(shown.right() <= list->viewport()->width() && shown.height() > list->fontMetrics().height() * 3 / 2,
                     qPrintable(QStringLiteral("entry %1 px wide, %2 high in a %3 px list")
                                    .arg(shown.width()).arg(shown.height()).arg(list->viewport()->width())));
            m_w->resizeDocks({m_w->notificationDock()}, {320}, Qt::Horizontal);
        }

        // A click on the failed entry opens boom's logs in a tab.
        QListWidget *list = m_w->notifications();
        list->scrollToItem(boom);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(boom).center());
        QTRY_VERIFY(m_w->logTab(QStringLiteral("boom")));
        ui::LogPane *pane = m_w->logTab(QStringLiteral("boom"));
        QCOMPARE(m_w->logTabs()->currentWidget(), pane);
        QVERIFY(m_w->logDock()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(pane->isEnded() && messages(pane).contains(QStringLiteral("about to fail")), 10000);
        QCOMPARE(messages(pane), (QStringList{QStringLiteral("boom output"), QStringLiteral("about to fail")}));
        QVERIFY(pane->plainText().contains(QLatin1String("boom output")));
        QVERIFY(pane->shownLine(pane->shownLineCount() - 1).contains(QLatin1String("exit code 7"))); // seedd's own line
        // Opened after the end: the pane says how it ended in the same words as a live end, exit code included.
        QCOMPARE(pane->statusText(), QStringLiteral("Job ended: Failed (exit code 7)"));
        m_w->closeLogTab(m_w->logTabs()->indexOf(pane));
    }

    // With polling off, the shown job's details still follow it: its progress and status arrive as job
    // events (row updates in the table), and the details take them from there.
    void detailsFollowEvents()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->isStreaming(), 10000);
        m_w->jobModel()->setPollInterval(0);
        submit(QStringLiteral("steps"),
               QStringLiteral("i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo \"Step $i/40\"; sleep 0.3; done"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("steps")) >= 0, 10000); // the event "created" refreshes
        QTableView *view = m_w->jobView();
        for (int row = 0; row < view->model()->rowCount(); ++row)
            if (view->model()->index(row, 0).data().toString() == QLatin1String("steps"))
                view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_COMPARE(m_w->details()->job().name, QStringLiteral("steps"));
        const auto progress = [this] { return m_w->details()->fieldText(QStringLiteral("progress")); };
        QTRY_VERIFY_WITH_TIMEOUT(progress().startsWith(QLatin1String("Step ")), 20000);
        const QString first = progress();
        QTRY_VERIFY_WITH_TIMEOUT(progress().startsWith(QLatin1String("Step ")) && progress() != first, 10000);
        QCOMPARE(m_w->details()->job().status, wire::JobStatus::Running);
        QTRY_COMPARE_WITH_TIMEOUT(m_w->details()->job().status, wire::JobStatus::Succeeded, 30000);
        m_w->jobModel()->setPollInterval(250);
    }

    // The details of a running job count its runtime on between updates, as the table does (a job that
    // prints no progress sends no events while it runs: its details stood still until the next refresh);
    // and the tab picked in the details (Logs, Charts) stays picked when another job is selected.
    void detailsTickAndKeepTheirTab()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->isStreaming(), 10000);
        m_w->jobModel()->setPollInterval(0); // no refreshes: only events reach the window
        submit(QStringLiteral("quiet-a"), QStringLiteral("echo a; sleep 60"));
        submit(QStringLiteral("quiet-b"), QStringLiteral("echo b; sleep 60"));
        const auto runningInTable = [this](const QString &name) {
            const int r = rowOf(name);
            return r >= 0 && m_w->jobModel()->jobAt(r).status == wire::JobStatus::Running;
        };
        QTRY_VERIFY_WITH_TIMEOUT(runningInTable(QStringLiteral("quiet-a")) && runningInTable(QStringLiteral("quiet-b")),
                                 30000);
        ui::JobDetails *d = m_w->details();
        m_w->selectJobs({QStringLiteral("quiet-a")});
        QTRY_COMPARE(d->job().name, QStringLiteral("quiet-a"));
        QTRY_COMPARE(d->job().status, wire::JobStatus::Running);
        const auto runtime = [d] { return d->fieldText(QStringLiteral("runtime_seconds")); };
        const QString before = runtime();
        QVERIFY2(before != QLatin1String("—"), qPrintable(before));
        QTRY_VERIFY_WITH_TIMEOUT(runtime() != before, 3500);
        const QString later = runtime();
        QTRY_VERIFY_WITH_TIMEOUT(runtime() != later, 3500); // and goes on

        QVERIFY(d->logPane() && d->charts());
        d->tabs()->setCurrentWidget(d->logPane());
        m_w->selectJobs({QStringLiteral("quiet-b")});
        QTRY_COMPARE(d->job().name, QStringLiteral("quiet-b"));
        QTRY_COMPARE(d->logPane()->jobName(), QStringLiteral("quiet-b"));
        QCOMPARE(d->tabs()->currentWidget(), d->logPane());
        d->tabs()->setCurrentWidget(d->charts());
        m_w->selectJobs({QStringLiteral("quiet-a")});
        QTRY_COMPARE(d->logPane()->jobName(), QStringLiteral("quiet-a"));
        QCOMPARE(d->tabs()->currentWidget(), d->charts());
        d->tabs()->setCurrentIndex(0); // Overview, picked by hand, stays too
        m_w->selectJobs({QStringLiteral("quiet-b")});
        QTRY_COMPARE(d->logPane()->jobName(), QStringLiteral("quiet-b"));
        QCOMPARE(d->tabs()->currentIndex(), 0);

        for (const char *n : {"quiet-a", "quiet-b"})
            m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/%2/cancel").arg(m_ns, QLatin1String(n)), QJsonObject{});
        m_w->jobModel()->setPollInterval(250);
    }

    // A refresh reads the list shape, which lacks what job events carry (progress_fraction, exit code) and
    // what the details show (command, machine): neither the table's progress bar nor the details may lose
    // them to a refresh (the bar vanished until the next event; the details lost command and machine until
    // their own re-read, and a finished job's exit code for good).
    void refreshKeepsWhatEventsAndDetailsHold()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->isStreaming(), 10000);
        m_w->jobModel()->setPollInterval(0);
        submit(QStringLiteral("paced"), QStringLiteral("i=0; while [ $i -lt 16 ]; do i=$((i+1)); "
                                                       "echo \"SEED_PROGRESS $i/16 warming up\"; sleep 0.5; done; exit 5"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("paced")) >= 0, 10000);
        models::JobTableModel *model = m_w->jobModel();
        const auto fraction = [model, this] {
            return model->index(rowOf(QStringLiteral("paced")), 0).data(models::JobTableModel::ProgressFractionRole);
        };
        QTRY_VERIFY_WITH_TIMEOUT(fraction().isValid(), 20000); // from an event: the list has no fraction
        m_w->selectJobs({QStringLiteral("paced")});
        ui::JobDetails *d = m_w->details();
        QTRY_VERIFY(d->fieldText(QStringLiteral("command")).contains(QLatin1String("SEED_PROGRESS")));
        const QString machine = d->fieldText(QStringLiteral("machine"));

        // What the table and the details show right when a refresh has been applied (before any event or
        // re-read could put anything back).
        QVariant fractionAfter;
        QString commandAfter, machineAfter;
        auto c = connect(model, &models::JobTableModel::refreshed, this, [&] {
            fractionAfter = fraction();
            commandAfter = d->fieldText(QStringLiteral("command"));
            machineAfter = d->fieldText(QStringLiteral("machine"));
        });
        QSignalSpy refreshed(model, &models::JobTableModel::refreshed);
        model->refresh();
        QVERIFY(refreshed.wait(10000));
        QVERIFY2(fractionAfter.isValid(), "the progress bar lost its fraction to the list refresh");
        QVERIFY2(commandAfter.contains(QLatin1String("SEED_PROGRESS")), qPrintable(commandAfter));
        QCOMPARE(machineAfter, machine);

        // Ended (an event with the exit code), then a refresh: the details keep the exit code and the command.
        QTRY_COMPARE_WITH_TIMEOUT(d->fieldText(QStringLiteral("exit_code")), QStringLiteral("5"), 30000);
        model->refresh();
        QVERIFY(refreshed.wait(10000));
        QTest::qWait(300);
        QCOMPARE(d->fieldText(QStringLiteral("exit_code")), QStringLiteral("5"));
        QCOMPARE(commandAfter, d->fieldText(QStringLiteral("command")));
        QCOMPARE(d->fieldText(QStringLiteral("machine")), machine);
        disconnect(c);

        // A job that sends no events while it runs: its row changes with every refresh (the runtime), and
        // the details must keep their full record through it.
        submit(QStringLiteral("quiet-c"), QStringLiteral("sleep 30"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("quiet-c")) >= 0 &&
                                     model->jobAt(rowOf(QStringLiteral("quiet-c"))).status == wire::JobStatus::Running,
                                 30000);
        m_w->selectJobs({QStringLiteral("quiet-c")});
        QTRY_COMPARE(d->fieldText(QStringLiteral("command")), QStringLiteral("sleep 30"));
        const QString quietMachine = d->fieldText(QStringLiteral("machine"));
        QTest::qWait(1500); // the runtime the list reads differs from the event's
        c = connect(model, &models::JobTableModel::refreshed, this, [&] {
            commandAfter = d->fieldText(QStringLiteral("command"));
            machineAfter = d->fieldText(QStringLiteral("machine"));
        });
        model->refresh();
        QVERIFY(refreshed.wait(10000));
        disconnect(c);
        QCOMPARE(commandAfter, QStringLiteral("sleep 30"));
        QCOMPARE(machineAfter, quietMachine);
        m_http->post(QStringLiteral("/auth/v1/seed/%1/jobs/quiet-c/cancel").arg(m_ns), QJsonObject{});
        model->setPollInterval(250);
    }

    // The sidebar's counts follow status changes that arrive as events, not only full refreshes.
    void statusCountsFollowEvents()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_w->jobModel()->isStreaming(), 10000);
        m_w->jobModel()->setPollInterval(0);
        submit(QStringLiteral("dies"), QStringLiteral("sleep 2; exit 2"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(QStringLiteral("dies")) >= 0, 10000); // "created": a refresh, counts too
        models::StatusCountsModel *counts = m_w->statusCounts();
        const auto failed = [this] {
            return m_http->get(QStringLiteral("/%1/jobs?status=failed&per_page=1").arg(m_ns))
                .json()
                .value(QStringLiteral("pagination"))
                .toObject()
                .value(QStringLiteral("total"))
                .toInteger();
        };
        QTRY_COMPARE_WITH_TIMEOUT(m_w->jobModel()->jobAt(rowOf(QStringLiteral("dies"))).status, wire::JobStatus::Failed,
                                  30000);
        QTRY_COMPARE_WITH_TIMEOUT(counts->count(QStringLiteral("failed")), failed(), 3000);
        QCOMPARE(counts->count(QStringLiteral("running")), 0);
        m_w->jobModel()->setPollInterval(250);
    }
};

QTEST_MAIN(TestGuiLogTabs)
#include "tst_gui_logtabs.moc"
