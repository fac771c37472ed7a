#pragma once

#include "jobcharts.h"
#include "models/logbuffer.h"
#include "models/settings.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTabWidget;

namespace seed::ui {

class LocalBackendPage;

// The Preferences dialog's share of the user settings (Settings holds their names, defaults and bounds):
//   logMaxLines           lines a log pane keeps (LogBuffer's cap)
//   chartPollMs           how often a running job's chart asks the server again
//   desktopNotifications  a desktop (tray) notification when a job ends
//   failedOnly            ... only for jobs that did not succeed and were not cancelled
// The in-window notification list records every job end whatever these say: it is the history.
struct Preferences
{
    static constexpr int kMinLogLines = Settings::kLogMaxLines.min;
    static constexpr int kMaxLogLines = Settings::kLogMaxLines.max;
    static constexpr int kMinPollMs = Settings::kChartPollMs.min;
    static constexpr int kMaxPollMs = Settings::kChartPollMs.max;

    int logMaxLines = Settings::kLogMaxLines.defaultValue;
    int chartPollMs = Settings::kChartPollMs.defaultValue;
    bool desktopNotifications = true;
    bool failedOnly = false;

    static Preferences defaults();
    static Preferences load(); // through Settings: values outside the ranges come clamped
    // Through Settings::set: each value that changes is said once by Settings::changed, which the open views
    // follow.
    void save() const;

    bool operator==(const Preferences &) const = default;
};

// A job that ended with this status counts as failed (the notification list marks it, "only for failed jobs"
// pops up for it): anything but succeeded or cancelled.
bool isFailedEnd(wire::JobStatus status);

// Whether a job that ended with `status` gets a desktop notification under these preferences.
bool shouldPopUp(wire::JobStatus status, const Preferences &prefs);

// Edit > Preferences: the settings above, with OK (saves, then `applied`), Cancel (saves nothing) and
// Restore Defaults (fills in the defaults; saved only on OK). The widgets' ranges are the validation.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    Preferences preferences() const; // what the widgets show now
    void setPreferences(const Preferences &prefs);
    void restoreDefaults();

    QSpinBox *logLinesSpin() const { return m_logLines; }
    QDoubleSpinBox *pollSecondsSpin() const { return m_pollSeconds; }
    QCheckBox *desktopCheck() const { return m_desktop; }
    QCheckBox *failedOnlyCheck() const { return m_failedOnly; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QLabel *memoryNote() const { return m_memoryNote; }
    QTabWidget *tabs() const { return m_tabs; }

    // Adds the "Local backend" tab (the dialog owns it). On OK, changed settings there are checked and written
    // first: what is wrong keeps the dialog open at that tab; written ones end in `localBackendChanged`.
    void setLocalBackendPage(LocalBackendPage *page);
    LocalBackendPage *localBackendPage() const { return m_localPage; }

    // Rough memory a log pane holding `lines` lines of 100 characters takes, in MB.
    static double approxLogMemoryMb(int lines);

    void accept() override;

Q_SIGNALS:
    void applied(const seed::ui::Preferences &prefs);
    void localBackendChanged(); // its settings file was rewritten: the local seedd has to restart

private:
    void updateMemoryNote();

    QSpinBox *m_logLines;
    QLabel *m_memoryNote;
    QDoubleSpinBox *m_pollSeconds;
    QCheckBox *m_desktop;
    QCheckBox *m_failedOnly;
    QDialogButtonBox *m_buttons;
    QTabWidget *m_tabs;
    LocalBackendPage *m_localPage = nullptr;
};

} // namespace seed::ui

Q_DECLARE_METATYPE(seed::ui::Preferences)
