#include "preferencesdialog.h"

#include "localbackendpage.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace seed::ui {

namespace {
QLabel *note(const QString &text)
{
    auto *l = new QLabel(text);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}
} // namespace

Preferences Preferences::defaults() { return Preferences{}; }

Preferences Preferences::load()
{
    const Settings *s = Settings::instance();
    Preferences p;
    p.logMaxLines = s->get<int>(Settings::Key::LogMaxLines);
    p.chartPollMs = s->get<int>(Settings::Key::ChartPollMs);
    p.desktopNotifications = s->get<bool>(Settings::Key::DesktopNotifications);
    p.failedOnly = s->get<bool>(Settings::Key::NotifyFailedOnly);
    return p;
}

void Preferences::save() const
{
    Settings *s = Settings::instance();
    s->set(Settings::Key::LogMaxLines, logMaxLines);
    s->set(Settings::Key::ChartPollMs, chartPollMs);
    s->set(Settings::Key::DesktopNotifications, desktopNotifications);
    s->set(Settings::Key::NotifyFailedOnly, failedOnly);
}

bool isFailedEnd(wire::JobStatus status)
{
    return status != wire::JobStatus::Succeeded && status != wire::JobStatus::Cancelled;
}

bool shouldPopUp(wire::JobStatus status, const Preferences &prefs)
{
    if (!prefs.desktopNotifications)
        return false;
    return !prefs.failedOnly || isFailedEnd(status);
}

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    auto *logs = new QGroupBox(tr("Log pane"));
    auto *logForm = new QFormLayout(logs);
    m_logLines = new QSpinBox;
    m_logLines->setObjectName(QStringLiteral("logMaxLines"));
    m_logLines->setRange(Preferences::kMinLogLines, Preferences::kMaxLogLines);
    m_logLines->setSingleStep(10000);
    m_logLines->setGroupSeparatorShown(true);
    m_logLines->setAccessibleName(tr("Lines kept per log pane"));
    logForm->addRow(tr("&Lines kept per log pane:"), m_logLines);
    m_memoryNote = note(QString());
    m_memoryNote->setObjectName(QStringLiteral("memoryNote"));
    logForm->addRow(m_memoryNote);
    connect(m_logLines, &QSpinBox::valueChanged, this, &PreferencesDialog::updateMemoryNote);

    auto *charts = new QGroupBox(tr("Charts"));
    auto *chartForm = new QFormLayout(charts);
    m_pollSeconds = new QDoubleSpinBox;
    m_pollSeconds->setObjectName(QStringLiteral("chartPollSeconds"));
    m_pollSeconds->setDecimals(1);
    m_pollSeconds->setRange(Preferences::kMinPollMs / 1000.0, Preferences::kMaxPollMs / 1000.0);
    m_pollSeconds->setSingleStep(0.5);
    m_pollSeconds->setSuffix(tr(" s"));
    m_pollSeconds->setAccessibleName(tr("Chart refresh interval in seconds"));
    chartForm->addRow(tr("&Refresh interval:"), m_pollSeconds);
    chartForm->addRow(note(tr("How often the charts of a running job ask the server for new values: its time "
                              "series where the server has them, else one analytics sample per interval (the "
                              "chart then holds only what was seen while it was open).")));

    auto *notices = new QGroupBox(tr("Notifications"));
    auto *noticeBox = new QVBoxLayout(notices);
    m_desktop = new QCheckBox(tr("Show a &desktop notification when a job ends"));
    m_desktop->setObjectName(QStringLiteral("desktopNotifications"));
    m_failedOnly = new QCheckBox(tr("Only for &failed jobs"));
    m_failedOnly->setObjectName(QStringLiteral("failedOnly"));
    auto *indent = new QHBoxLayout;
    indent->addSpacing(24);
    indent->addWidget(m_failedOnly);
    noticeBox->addWidget(m_desktop);
    noticeBox->addLayout(indent);
    noticeBox->addWidget(note(tr("The Notifications list in the main window records every job that ends either "
                                 "way. Desktop notifications need a system tray.")));
    connect(m_desktop, &QCheckBox::toggled, m_failedOnly, &QWidget::setEnabled);

    m_buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &PreferencesDialog::restoreDefaults);

    auto *general = new QWidget;
    auto *generalLayout = new QVBoxLayout(general);
    generalLayout->addWidget(logs);
    generalLayout->addWidget(charts);
    generalLayout->addWidget(notices);
    generalLayout->addStretch(1);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("preferencesTabs"));
    m_tabs->addTab(general, tr("&General"));
    auto *lay = new QVBoxLayout(this);
    lay->addWidget(m_tabs, 1);
    lay->addWidget(m_buttons);

    setPreferences(Preferences::load());
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.logMaxLines = m_logLines->value();
    p.chartPollMs = int(std::lround(m_pollSeconds->value() * 1000.0));
    p.desktopNotifications = m_desktop->isChecked();
    p.failedOnly = m_failedOnly->isChecked();
    return p;
}

void PreferencesDialog::setPreferences(const Preferences &prefs)
{
    m_logLines->setValue(prefs.logMaxLines); // the ranges clamp a stored value outside them
    m_pollSeconds->setValue(prefs.chartPollMs / 1000.0);
    m_desktop->setChecked(prefs.desktopNotifications);
    m_failedOnly->setChecked(prefs.failedOnly);
    m_failedOnly->setEnabled(prefs.desktopNotifications);
    updateMemoryNote();
}

void PreferencesDialog::restoreDefaults() { setPreferences(Preferences::defaults()); }

// A held line is a LogEntry (id, time, string header: 40 bytes) plus its UTF-16 text on the heap
// (a 16-byte header and 2 bytes a character, rounded up by the allocator): about 280 bytes at 100 characters.
double PreferencesDialog::approxLogMemoryMb(int lines) { return lines * 280.0 / (1024.0 * 1024.0); }

void PreferencesDialog::updateMemoryNote()
{
    const double mb = approxLogMemoryMb(m_logLines->value());
    m_memoryNote->setText(tr("Each log pane keeps up to this many lines; beyond that the oldest are let go. "
                             "Memory grows with it: about %1 MB per pane with lines of 100 characters. Open "
                             "panes take a new value at once.")
                              .arg(QLocale().toString(mb, 'f', mb < 10 ? 1 : 0)));
}

void PreferencesDialog::setLocalBackendPage(LocalBackendPage *page)
{
    m_localPage = page;
    m_tabs->addTab(page, tr("Local &backend"));
}

void PreferencesDialog::accept()
{
    const bool localChanged = m_localPage && m_localPage->isModified();
    if (localChanged && !m_localPage->apply()) {
        m_tabs->setCurrentWidget(m_localPage); // where the messages are
        return;
    }
    const Preferences p = preferences();
    p.save();
    QDialog::accept();
    Q_EMIT applied(p);
    if (localChanged)
        Q_EMIT localBackendChanged();
}

} // namespace seed::ui
