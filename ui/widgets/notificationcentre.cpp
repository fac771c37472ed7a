#include "notificationcentre.h"

#include "appicon.h"
#include "models/statusstyle.h"
#include "preferencesdialog.h"

#include <QAction>
#include <QDockWidget>
#include <QListWidget>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QToolButton>

namespace seed::ui {

NotificationCentre::NotificationCentre(QMainWindow *window)
    : QObject(window), m_window(window), m_dock(new QDockWidget(tr("Notifications"), window)), m_list(new QListWidget),
      m_button(new QToolButton), m_toggle(new QAction(tr("&Notifications"), this))
{
    m_toggle->setCheckable(true);
    connect(m_toggle, &QAction::toggled, m_dock, &QWidget::setVisible);

    m_button->setObjectName(QStringLiteral("notificationButton"));
    m_button->setAutoRaise(true);
    // Text beside the icon: icon-only (a QToolButton's default) hid the count as soon as the failure icon
    // was set, leaving a bare red mark where "2 jobs ended" belonged.
    m_button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_button->setToolTip(tr("Jobs that ended while Seed was open"));
    connect(m_button, &QToolButton::clicked, this, [this] { m_toggle->setChecked(!m_dock->isVisible()); });

    m_list->setObjectName(QStringLiteral("notifications"));
    m_list->setAccessibleName(tr("Notifications"));
    // Entries wrap in the narrow dock ("name — Timed out (exit code 137) · 14:02") instead of scrolling sideways.
    m_list->setWordWrap(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_list, &QListWidget::itemActivated, this, &NotificationCentre::onActivated);
    connect(m_list, &QListWidget::itemClicked, this, &NotificationCentre::onActivated);
    m_dock->setObjectName(QStringLiteral("notificationDock"));
    m_dock->setWidget(m_list);
    m_dock->hide();
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(m_dock->isVisible());
        if (visible) { // seen
            m_unread = 0;
            m_unreadFailures = 0;
            m_unreadPreemptions = 0;
            updateButton();
        }
    });
    updateButton();
}

void NotificationCentre::clear()
{
    m_list->clear();
    m_unread = m_unreadFailures = m_unreadPreemptions = 0;
    updateButton();
}

void NotificationCentre::add(const wire::Job &job, const QString &preemptedText)
{
    const bool failed = preemptedText.isEmpty() && isFailedEnd(job.status);
    QString text =
        preemptedText.isEmpty() ? tr("%1 — %2").arg(job.name, models::statusLabel(job.status)) : preemptedText;
    if (preemptedText.isEmpty() && job.exitCode && *job.exitCode != 0)
        text += tr(" (exit code %1)").arg(*job.exitCode);
    QDateTime when = job.completedAt && job.completedAt->isValid() ? *job.completedAt : QDateTime::currentDateTimeUtc();
    if (!preemptedText.isEmpty())
        when = job.preemptedAt && job.preemptedAt->isValid() ? *job.preemptedAt : QDateTime::currentDateTimeUtc();
    text += QStringLiteral(" · ") + QLocale().toString(when.toLocalTime().time(), QLocale::ShortFormat);
    auto *item = new QListWidgetItem(models::statusIcon(job.status), text);
    item->setData(JobRole, job.name);
    item->setData(StatusRole, preemptedText.isEmpty() ? wire::jobStatusName(job.status) : QStringLiteral("preempted"));
    item->setData(FailedRole, failed);
    item->setToolTip(job.statusMessage.isEmpty() ? tr("Click to open the logs of %1").arg(job.name)
                                                 : job.statusMessage);
    if (failed) {
        item->setForeground(models::statusColor(wire::JobStatus::Failed));
        QFont bold = m_list->font();
        bold.setBold(true);
        item->setFont(bold);
    }
    m_list->insertItem(0, item);  // newest first
    while (m_list->count() > 200) // a bounded history
        delete m_list->takeItem(m_list->count() - 1);
    if (!m_dock->isVisible()) {
        ++(preemptedText.isEmpty() ? m_unread : m_unreadPreemptions);
        if (failed)
            ++m_unreadFailures;
    }
    updateButton();
}

void NotificationCentre::updateButton()
{
    m_button->setVisible(m_list->count() > 0);
    // A preemption is not an end: counted apart, and named only when no end is waiting to be seen.
    m_button->setText(m_unread > 0              ? tr("%n job(s) ended", nullptr, m_unread)
                      : m_unreadPreemptions > 0 ? tr("%n spot job(s) preempted", nullptr, m_unreadPreemptions)
                                                : tr("Notifications"));
    m_button->setIcon(m_unreadFailures > 0 ? models::statusIcon(wire::JobStatus::Failed) : QIcon());
    QFont f = m_button->font();
    f.setBold(m_unread > 0 || m_unreadPreemptions > 0);
    m_button->setFont(f);
}

void NotificationCentre::onActivated(QListWidgetItem *item)
{
    if (item)
        Q_EMIT openLogsRequested(item->data(JobRole).toString());
}

void NotificationCentre::showWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

void NotificationCentre::buildTray(QAction *newJob, QAction *quit)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setToolTip(tr("Seed"));
    auto *menu = new QMenu(m_window);
    menu->addAction(tr("&Show Seed"), this, &NotificationCentre::showWindow);
    menu->addAction(newJob);
    menu->addSeparator();
    menu->addAction(quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            showWindow();
    });
    // The tray says which message was clicked no further: the last one shown is the one on screen.
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showWindow();
        Q_EMIT openLogsRequested(m_lastTrayJob);
    });
    m_tray->show();
}

void NotificationCentre::jobFinished(const wire::Job &job)
{
    const QString text = tr("%1 %2").arg(job.name, models::statusLabel(job.status).toLower());
    Q_EMIT statusMessage(text, 8000);
    add(job); // always: the in-window list is the history, and the fallback where there is no tray
    if (shouldPopUp(job.status, Preferences::load()) && m_tray && m_tray->isVisible() &&
        QSystemTrayIcon::supportsMessages()) {
        const bool ok = !isFailedEnd(job.status);
        m_lastTrayJob = job.name;
        m_tray->showMessage(ok ? tr("Job ended") : tr("Job failed"), text,
                            ok ? QSystemTrayIcon::Information : QSystemTrayIcon::Critical, 8000);
    }
}

// A spot job of this namespace was stopped for an on-demand job: it waits in the queue and runs again (its
// workspace kept). Said like a job end: the status bar, the notifications list, the tray where allowed.
void NotificationCentre::jobPreempted(const wire::Job &job)
{
    const QString text = job.statusMessage.startsWith(QLatin1String("Preempted"))
                             ? tr("%1 was preempted: %2").arg(job.name, job.statusMessage)
                             : tr("%1 was preempted and waits for resources.").arg(job.name);
    Q_EMIT statusMessage(text, 8000);
    add(job, text);
    const Preferences prefs = Preferences::load();
    if (prefs.desktopNotifications && !prefs.failedOnly && m_tray && m_tray->isVisible() &&
        QSystemTrayIcon::supportsMessages()) {
        m_lastTrayJob = job.name;
        m_tray->showMessage(tr("Spot job preempted"), text, QSystemTrayIcon::Warning, 8000);
    }
}

} // namespace seed::ui
