// Settings: the typed user settings. Each key's default when nothing is stored, values outside a key's bounds
// clamped (stored and read), `changed` once per real change and never for an equal value, the QSettings names
// existing settings files use, and open views (log pane, charts, machine view) following `changed` on their
// own. Settings live in QStandardPaths' test location.
#include "models/logbuffer.h"
#include "models/settings.h"
#include "widgets/jobcharts.h"
#include "widgets/logpane.h"
#include "widgets/machineview.h"
#include "widgets/preferencesdialog.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace seed;
using ui::Settings;
using Key = ui::Settings::Key;

Q_DECLARE_METATYPE(seed::ui::Settings::Key)

class TestGuiSettings : public QObject
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

    void defaults()
    {
        Settings *s = Settings::instance();
        QCOMPARE(s->get<int>(Key::LogMaxLines), 50000);
        QCOMPARE(s->get<int>(Key::ChartPollMs), 2000);
        QCOMPARE(s->get<int>(Key::MachinePollMs), 2000);
        QCOMPARE(s->get<bool>(Key::DesktopNotifications), true);
        QCOMPARE(s->get<bool>(Key::NotifyFailedOnly), false);
        QCOMPARE(s->get<bool>(Key::CloseNoticeOff), false);
        // The constants the views and the dialog name are these.
        QCOMPARE(ui::LogBuffer::kDefaultCapacity, 50000);
        QCOMPARE(ui::JobCharts::kDefaultPollMs, 2000);
        QCOMPARE(ui::Preferences::load(), ui::Preferences::defaults());
        QVERIFY(QSettings().allKeys().isEmpty()); // reading writes nothing
    }

    // The names existing settings files use.
    void storedNamesUnchanged()
    {
        QSettings q;
        q.setValue(QStringLiteral("logs/maxLines"), 2345);
        q.setValue(QStringLiteral("charts/pollMs"), 3456);
        q.setValue(QStringLiteral("machine/pollMs"), 4567);
        q.setValue(QStringLiteral("notifications/desktop"), false);
        q.setValue(QStringLiteral("notifications/failedOnly"), true);
        q.setValue(QStringLiteral("window/closeNoticeOff"), true);
        q.sync();
        Settings *s = Settings::instance();
        QCOMPARE(s->get<int>(Key::LogMaxLines), 2345);
        QCOMPARE(s->get<int>(Key::ChartPollMs), 3456);
        QCOMPARE(s->get<int>(Key::MachinePollMs), 4567);
        QCOMPARE(s->get<bool>(Key::DesktopNotifications), false);
        QCOMPARE(s->get<bool>(Key::NotifyFailedOnly), true);
        QCOMPARE(s->get<bool>(Key::CloseNoticeOff), true);
    }

    void boundsClamped_data()
    {
        QTest::addColumn<Key>("key");
        QTest::addColumn<QVariant>("stored");
        QTest::addColumn<int>("expected");
        QTest::newRow("lines below") << Key::LogMaxLines << QVariant(10) << 1000;
        QTest::newRow("lines above") << Key::LogMaxLines << QVariant(50000000) << 1000000;
        QTest::newRow("lines negative") << Key::LogMaxLines << QVariant(-5) << 1000;
        QTest::newRow("lines not a number") << Key::LogMaxLines << QVariant(QStringLiteral("lots")) << 50000;
        QTest::newRow("chart below") << Key::ChartPollMs << QVariant(100) << 500;
        QTest::newRow("chart above") << Key::ChartPollMs << QVariant(9000000) << 300000;
        QTest::newRow("machine below") << Key::MachinePollMs << QVariant(0) << 200;
        QTest::newRow("machine text") << Key::MachinePollMs << QVariant(QStringLiteral("750")) << 750;
    }
    void boundsClamped()
    {
        QFETCH(Key, key);
        QFETCH(QVariant, stored);
        QFETCH(int, expected);
        Settings *s = Settings::instance();
        // Edited by hand: read clamped, the file left as it is.
        QSettings().setValue(Settings::name(key), stored);
        QCOMPARE(s->get<int>(key), expected);
        QCOMPARE(QSettings().value(Settings::name(key)), stored);
        // Set: stored clamped.
        QSettings().clear();
        s->set(key, stored);
        QCOMPARE(s->get<int>(key), expected);
        QCOMPARE(QSettings().value(Settings::name(key)).toInt(), expected);
    }

    void changedOncePerRealChange()
    {
        Settings *s = Settings::instance();
        QSignalSpy changed(s, &Settings::changed);
        s->set(Key::LogMaxLines, 2000);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.takeFirst().first().value<Key>(), Key::LogMaxLines);
        s->set(Key::LogMaxLines, 2000); // equal: nothing
        QCOMPARE(changed.count(), 0);
        s->set(Key::LogMaxLines, 1000);
        s->set(Key::LogMaxLines, 5); // clamped to 1000: equal, nothing
        QCOMPARE(changed.count(), 1);
        changed.clear();
        // The default written where nothing was stored: no change to what get() said, so no signal; still
        // written (Preferences' OK stores every value it shows).
        s->set(Key::ChartPollMs, 2000);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(QSettings().value(QStringLiteral("charts/pollMs")).toInt(), 2000);
        s->set(Key::DesktopNotifications, true);
        QCOMPARE(changed.count(), 0);
        s->set(Key::DesktopNotifications, false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.takeFirst().first().value<Key>(), Key::DesktopNotifications);
        // Preferences save through it: only the values that change are said.
        ui::Preferences p = ui::Preferences::load();
        p.chartPollMs = 4500;
        p.save();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.takeFirst().first().value<Key>(), Key::ChartPollMs);
    }

    // Open views take a new value from the signal: nobody walks them.
    void viewsFollow()
    {
        ui::LogPane pane(nullptr, QStringLiteral("job"));
        ui::JobCharts charts(nullptr, QStringLiteral("job"));
        ui::MachineView machine(nullptr);
        QCOMPARE(pane.buffer()->capacity(), 50000);
        QCOMPARE(charts.pollInterval(), 2000);
        QCOMPARE(machine.pollInterval(), 2000);
        QList<wire::LogLine> lines;
        for (int i = 1; i <= 3000; ++i)
            lines.append({i, QDateTime::currentDateTimeUtc(), QStringLiteral("line %1").arg(i)});
        pane.buffer()->append(lines);
        pane.buffer()->flush();
        QCOMPARE(pane.buffer()->size(), 3000);

        Settings::instance()->set(Key::LogMaxLines, 1000);
        QCOMPARE(pane.buffer()->capacity(), 1000);
        QCOMPARE(pane.buffer()->size(), 1000); // the oldest went at once
        QCOMPARE(pane.buffer()->at(0).message, QStringLiteral("line 2001"));
        Settings::instance()->set(Key::ChartPollMs, 7000);
        QCOMPARE(charts.pollInterval(), 7000);
        Settings::instance()->set(Key::MachinePollMs, 900);
        QCOMPARE(machine.pollInterval(), 900);
        // A new view reads the value when it is made.
        ui::JobCharts later(nullptr, QStringLiteral("job"));
        QCOMPARE(later.pollInterval(), 7000);
    }
};

QTEST_MAIN(TestGuiSettings)
#include "tst_gui_settings.moc"
