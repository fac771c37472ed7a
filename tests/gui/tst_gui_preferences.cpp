// Edit > Preferences: the dialog shows what QSettings holds, OK writes, Cancel writes nothing,
// Restore Defaults fills in the defaults; the widgets' ranges validate; new log panes and charts read the
// settings, open ones take new values on OK; the notification switches decide the desktop popup while the
// in-window list records every job end. No seedd: the window's only connection fails at once (no namespace),
// so nothing is started and no keychain is asked. Settings live in QStandardPaths' test location.
#include "client/connectionmanager.h"
#include "models/jobtablemodel.h"
#include "models/logbuffer.h"
#include "widgets/jobcharts.h"
#include "widgets/logpane.h"
#include "widgets/mainwindow.h"
#include "widgets/preferencesdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace seed;
using ui::Preferences;
using ui::PreferencesDialog;

namespace {
QMap<QString, QVariant> snapshot()
{
    QSettings s;
    QMap<QString, QVariant> out;
    for (const QString &k : s.allKeys())
        out.insert(k, s.value(k));
    return out;
}

void storeNonDefaults()
{
    QSettings s;
    s.setValue(QStringLiteral("logs/maxLines"), 123456);
    s.setValue(QStringLiteral("charts/pollMs"), 7500);
    s.setValue(QStringLiteral("notifications/desktop"), false);
    s.setValue(QStringLiteral("notifications/failedOnly"), true);
}

QList<wire::LogLine> lines(int n, qint64 firstSeq = 1)
{
    QList<wire::LogLine> out;
    for (int i = 0; i < n; ++i)
        out.append({firstSeq + i, QDateTime::currentDateTimeUtc(), QStringLiteral("line %1").arg(firstSeq + i)});
    return out;
}
} // namespace

class TestGuiPreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // ~/.qttest/config: the user's settings are never touched
        QSettings().clear();
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void defaultsWhenNothingIsStored()
    {
        QCOMPARE(Preferences::load(), Preferences::defaults());
        PreferencesDialog d;
        QCOMPARE(d.logLinesSpin()->value(), ui::LogBuffer::kDefaultCapacity);
        QCOMPARE(d.pollSecondsSpin()->value(), ui::JobCharts::kDefaultPollMs / 1000.0);
        QVERIFY(d.desktopCheck()->isChecked());
        QVERIFY(!d.failedOnlyCheck()->isChecked());
        QVERIFY(d.failedOnlyCheck()->isEnabled());
        QCOMPARE(d.preferences(), Preferences::defaults());
        QVERIFY(d.memoryNote()->text().contains(QLatin1String("MB")));
    }

    void showsStoredValues()
    {
        storeNonDefaults();
        PreferencesDialog d;
        QCOMPARE(d.logLinesSpin()->value(), 123456);
        QCOMPARE(d.pollSecondsSpin()->value(), 7.5);
        QVERIFY(!d.desktopCheck()->isChecked());
        QVERIFY(d.failedOnlyCheck()->isChecked());
        QVERIFY(!d.failedOnlyCheck()->isEnabled()); // "only failed" means nothing without the popup
        d.desktopCheck()->setChecked(true);
        QVERIFY(d.failedOnlyCheck()->isEnabled());
    }

    void okWritesAndSignals()
    {
        PreferencesDialog d;
        d.show();
        QSignalSpy applied(&d, &PreferencesDialog::applied);
        d.logLinesSpin()->setValue(250000);
        d.pollSecondsSpin()->setValue(3.5);
        d.desktopCheck()->setChecked(true);
        d.failedOnlyCheck()->setChecked(true);
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QVERIFY(!d.isVisible());
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("logs/maxLines")).toInt(), 250000);
        QCOMPARE(s.value(QStringLiteral("charts/pollMs")).toInt(), 3500);
        QCOMPARE(s.value(QStringLiteral("notifications/desktop")).toBool(), true);
        QCOMPARE(s.value(QStringLiteral("notifications/failedOnly")).toBool(), true);
        QCOMPARE(applied.count(), 1);
        const auto sent = applied.first().first().value<Preferences>();
        QCOMPARE(sent, Preferences::load());
        QCOMPARE(sent.logMaxLines, 250000);
        // What the views read follows.
        QCOMPARE(ui::LogBuffer::capacityFromSettings(), 250000);
        QCOMPARE(ui::JobCharts::pollIntervalFromSettings(), 3500);
    }

    void cancelWritesNothing()
    {
        // Nothing stored: Cancel leaves nothing behind.
        {
            PreferencesDialog d;
            d.show();
            d.logLinesSpin()->setValue(2000);
            d.desktopCheck()->setChecked(false);
            QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
            QCOMPARE(d.result(), int(QDialog::Rejected));
            QVERIFY(QSettings().allKeys().isEmpty());
        }
        // Something stored: Cancel (and Escape) leave it as it was, Restore Defaults included.
        storeNonDefaults();
        const auto before = snapshot();
        {
            PreferencesDialog d;
            d.show();
            QSignalSpy applied(&d, &PreferencesDialog::applied);
            d.logLinesSpin()->setValue(1000);
            d.pollSecondsSpin()->setValue(60);
            d.desktopCheck()->setChecked(true);
            d.failedOnlyCheck()->setChecked(false);
            QTest::mouseClick(d.buttons()->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
            QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
            QCOMPARE(applied.count(), 0);
        }
        QCOMPARE(snapshot(), before);
        {
            PreferencesDialog d;
            d.show();
            d.logLinesSpin()->setValue(1000);
            QTest::keyClick(&d, Qt::Key_Escape);
            QCOMPARE(d.result(), int(QDialog::Rejected));
        }
        QCOMPARE(snapshot(), before);
    }

    void restoreDefaults()
    {
        storeNonDefaults();
        PreferencesDialog d;
        d.show();
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
        QCOMPARE(d.preferences(), Preferences::defaults());
        QCOMPARE(d.logLinesSpin()->value(), ui::LogBuffer::kDefaultCapacity);
        QCOMPARE(d.pollSecondsSpin()->value(), 2.0);
        QVERIFY(d.desktopCheck()->isChecked());
        QVERIFY(!d.failedOnlyCheck()->isChecked());
        QVERIFY(d.failedOnlyCheck()->isEnabled());
        QCOMPARE(QSettings().value(QStringLiteral("logs/maxLines")).toInt(), 123456); // not written yet
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(Preferences::load(), Preferences::defaults());
        QCOMPARE(QSettings().value(QStringLiteral("logs/maxLines")).toInt(), ui::LogBuffer::kDefaultCapacity);
        QCOMPARE(QSettings().value(QStringLiteral("notifications/desktop")).toBool(), true);
    }

    // The ranges are the validation: nothing outside them can be entered or written.
    void rangesValidate()
    {
        PreferencesDialog d;
        d.logLinesSpin()->setValue(10);
        QCOMPARE(d.logLinesSpin()->value(), Preferences::kMinLogLines);
        d.logLinesSpin()->setValue(50'000'000);
        QCOMPARE(d.logLinesSpin()->value(), Preferences::kMaxLogLines);
        d.pollSecondsSpin()->setValue(0.01);
        QCOMPARE(d.preferences().chartPollMs, Preferences::kMinPollMs);
        d.pollSecondsSpin()->setValue(100000);
        QCOMPARE(d.preferences().chartPollMs, Preferences::kMaxPollMs);
        // Typed text goes through the spin box's validator: letters never reach the value.
        d.show();
        d.logLinesSpin()->setFocus();
        d.logLinesSpin()->selectAll();
        QTest::keyClicks(d.logLinesSpin(), QStringLiteral("abc"));
        QCOMPARE(d.logLinesSpin()->value(), Preferences::kMaxLogLines);
        // A stored value outside the range (edited by hand) is shown clamped, and written so only on OK.
        QSettings().setValue(QStringLiteral("logs/maxLines"), 10);
        QSettings().setValue(QStringLiteral("charts/pollMs"), 100);
        PreferencesDialog clamped;
        QCOMPARE(clamped.logLinesSpin()->value(), Preferences::kMinLogLines);
        QCOMPARE(clamped.preferences().chartPollMs, Preferences::kMinPollMs);
        QCOMPARE(QSettings().value(QStringLiteral("logs/maxLines")).toInt(), 10);
        // Memory note follows the value.
        clamped.logLinesSpin()->setValue(1000000);
        QVERIFY2(clamped.memoryNote()->text().contains(
                     QLocale().toString(PreferencesDialog::approxLogMemoryMb(1000000), 'f', 0)),
                 qPrintable(clamped.memoryNote()->text()));
    }

    // New panes and charts read the settings when they are made.
    void newViewsReadSettings()
    {
        QSettings().setValue(QStringLiteral("logs/maxLines"), 2000);
        QSettings().setValue(QStringLiteral("charts/pollMs"), 4000);
        QCOMPARE(ui::LogBuffer::capacityFromSettings(), 2000);
        ui::LogPane pane(nullptr, QStringLiteral("job"));
        QCOMPARE(pane.buffer()->capacity(), 2000);
        ui::JobCharts charts(nullptr, QStringLiteral("job"));
        QCOMPARE(charts.pollInterval(), 4000);
        pane.buffer()->append(lines(2500));
        pane.buffer()->flush();
        QCOMPARE(pane.buffer()->size(), 2000);
        QCOMPARE(pane.buffer()->at(0).message, QStringLiteral("line 501"));
    }

    void popUpDecision_data()
    {
        QTest::addColumn<bool>("desktop");
        QTest::addColumn<bool>("failedOnly");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("popUp");
        const QStringList ends{QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("cancelled"),
                               QStringLiteral("timed_out")};
        for (const bool desktop : {true, false})
            for (const bool failedOnly : {false, true})
                for (const QString &status : ends) {
                    const bool failed = status == QLatin1String("failed") || status == QLatin1String("timed_out");
                    QTest::addRow("desktop=%d failedOnly=%d %s", int(desktop), int(failedOnly), qPrintable(status))
                        << desktop << failedOnly << status << (desktop && (!failedOnly || failed));
                }
    }
    void popUpDecision()
    {
        QFETCH(bool, desktop);
        QFETCH(bool, failedOnly);
        QFETCH(QString, status);
        QFETCH(bool, popUp);
        Preferences p;
        p.desktopNotifications = desktop;
        p.failedOnly = failedOnly;
        QCOMPARE(ui::shouldPopUp(wire::jobStatusOrUnknown(status), p), popUp);
        // Through QSettings, as MainWindow reads them on every job end.
        p.save();
        QCOMPARE(ui::shouldPopUp(wire::jobStatusOrUnknown(status), Preferences::load()), popUp);
    }

    // The main window: Edit > Preferences opens the dialog; OK gives the open panes and charts the new values;
    // the in-window list records a job end even with desktop notifications off.
    void mainWindow()
    {
        // Its only usable connection is one that fails at once (no namespace): no seedd, no keychain.
        QSettings s;
        s.beginWriteArray(QStringLiteral("profiles"));
        s.setArrayIndex(0);
        s.setValue(QStringLiteral("id"), QStringLiteral("offline"));
        s.setValue(QStringLiteral("name"), QStringLiteral("Offline"));
        s.setValue(QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9"));
        s.setValue(QStringLiteral("namespaces"), QStringList());
        s.endArray();
        s.sync();
        ui::MainWindowOptions o;
        o.restoreState = false;
        o.initialProfile = QStringLiteral("offline");
        o.keychainService = QStringLiteral("seed-test-preferences");
        ui::MainWindow w(o);
        w.show();
        QVERIFY(!w.connection()->isReady());
        QVERIFY(!w.connection()->startedLocalDaemon());

        QAction *action = w.preferencesAction();
        QVERIFY(action);
        // A key on every platform (the standard one where there is one), used by no other action of the window.
        QVERIFY(!action->shortcut().isEmpty());
        if (!QKeySequence::keyBindings(QKeySequence::Preferences).isEmpty())
            QCOMPARE(action->shortcut(), QKeySequence::keyBindings(QKeySequence::Preferences).first());
        for (QAction *other : w.findChildren<QAction *>())
            if (other != action && !other->shortcut().isEmpty())
                QVERIFY2(other->shortcut() != action->shortcut(), qPrintable(other->text()));
        QMenu *edit = nullptr;
        for (QAction *top : w.menuBar()->actions())
            if (top->menu() && top->text().remove(QLatin1Char('&')) == QLatin1String("Edit"))
                edit = top->menu();
        QVERIFY(edit);
        QVERIFY(edit->actions().contains(action));

        // Views open in the window (the details' Logs and Charts tabs, log tabs): made under the old values.
        auto *pane = new ui::LogPane(nullptr, QStringLiteral("long-job"), &w);
        auto *charts = new ui::JobCharts(nullptr, QStringLiteral("long-job"), &w);
        QCOMPARE(pane->buffer()->capacity(), ui::LogBuffer::kDefaultCapacity);
        pane->buffer()->append(lines(5000));
        pane->buffer()->flush();
        QCOMPARE(pane->buffer()->size(), 5000);

        action->trigger();
        QPointer<PreferencesDialog> d = w.preferencesDialog();
        QVERIFY(d);
        QTRY_VERIFY(d->isVisible());
        action->trigger(); // a second trigger raises the same dialog
        QCOMPARE(w.preferencesDialog(), d.data());
        d->logLinesSpin()->setValue(1000);
        d->pollSecondsSpin()->setValue(5);
        d->desktopCheck()->setChecked(false);
        QTest::mouseClick(d->buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(d.isNull()); // closed and deleted
        QCOMPARE(pane->buffer()->capacity(), 1000);
        QCOMPARE(pane->buffer()->size(), 1000); // the oldest went at once
        QCOMPARE(pane->buffer()->at(0).message, QStringLiteral("line 4001"));
        QCOMPARE(pane->shownLineCount(), 1000);
        QCOMPARE(charts->pollInterval(), 5000);
        QCOMPARE(QSettings().value(QStringLiteral("notifications/desktop")).toBool(), false);

        // Cancel there changes nothing in the open views either.
        action->trigger();
        d = w.preferencesDialog();
        QVERIFY(d);
        d->logLinesSpin()->setValue(3000);
        QTest::mouseClick(d->buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(d.isNull());
        QCOMPARE(pane->buffer()->capacity(), 1000);

        // Desktop notifications off: the list (the history) still records the end.
        wire::Job job;
        job.name = QStringLiteral("done-job");
        job.status = wire::JobStatus::Failed;
        job.exitCode = 2;
        const int before = w.notifications()->count();
        Q_EMIT w.jobModel()->jobFinished(job);
        QCOMPARE(w.notifications()->count(), before + 1);
        QCOMPARE(w.notifications()->item(0)->data(ui::MainWindow::NoticeJobRole).toString(), job.name);
        QVERIFY(w.notifications()->item(0)->data(ui::MainWindow::NoticeFailedRole).toBool());
    }
};

QTEST_MAIN(TestGuiPreferences)
#include "tst_gui_preferences.moc"
