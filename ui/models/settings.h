#pragma once

#include <QObject>
#include <QVariant>

#include <optional>

class QSettings;

namespace seed::ui {

// The desktop app's user settings, typed, each with its QSettings name, default and bounds stated once here
// (the Transmission Prefs idea): views read them with get<T>() when they are made and follow `changed` while
// they are open, so no one has to walk the open views when a value changes. Stored in QSettings() under the
// names below (unchanged from before, so existing settings files keep working); never a secret.
//   logs/maxLines             lines a log pane keeps (LogBuffer's cap)
//   charts/pollMs             how often a running job's chart asks the server again
//   machine/pollMs            how often the machine view asks while shown (no dialog: set by hand)
//   notifications/desktop     a desktop (tray) notification when a job ends
//   notifications/failedOnly  ... only for jobs that did not succeed and were not cancelled
//   window/closeNoticeOff     the "jobs keep running" notice on close is not shown again
// Window geometry, the last connection, profiles and submission templates are documents of the window and
// the dialogs, not settings: they stay with their owners.
class Settings : public QObject
{
    Q_OBJECT
public:
    enum class Key { LogMaxLines, ChartPollMs, MachinePollMs, DesktopNotifications, NotifyFailedOnly, CloseNoticeOff };
    Q_ENUM(Key)

    struct IntRange
    {
        int defaultValue;
        int min;
        int max;
    };
    static constexpr IntRange kLogMaxLines{50000, 1000, 1000000};
    static constexpr IntRange kChartPollMs{2000, 500, 300000};
    static constexpr IntRange kMachinePollMs{2000, 200, 300000};

    // The one instance the app's views share (made on first use, in the thread that owns the GUI).
    static Settings *instance();

    static QString name(Key key);                  // its QSettings key
    static QVariant defaultValue(Key key);         // typed: int or bool
    static std::optional<IntRange> range(Key key); // for the numeric ones

    // What is stored, or the default where nothing (or nothing of the type) is; numbers clamped to their range.
    // Reading never writes: a value edited by hand outside the range stays in the file until a set().
    QVariant value(Key key) const;
    template <typename T> T get(Key key) const { return value(key).value<T>(); }

    // Stores `value` (clamped). `changed` is emitted once when what get() returns differs from before; an
    // equal value emits nothing (it is still written when the file held something else, e.g. nothing).
    void set(Key key, const QVariant &value);

Q_SIGNALS:
    void changed(seed::ui::Settings::Key key);

private:
    explicit Settings(QObject *parent = nullptr);
    static QVariant normalized(Key key, const QVariant &raw);
};

} // namespace seed::ui
