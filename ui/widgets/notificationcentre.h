#pragma once

#include "wire/job.h"

#include <QObject>

class QAction;
class QDockWidget;
class QListWidget;
class QListWidgetItem;
class QMainWindow;
class QSystemTrayIcon;
class QToolButton;

namespace seed::ui {

// Job-end notifications of the main window: always an entry in the Notifications list (the history, failed
// ones marked; newest first, bounded), a status-bar button counting the unseen ones, and a tray message where
// there is a tray and the Preferences allow it (shouldPopUp). Activating an entry or a tray message asks for
// that job's logs (openLogsRequested). A spot job's preemption is said the same way, counted apart.
class NotificationCentre : public QObject
{
    Q_OBJECT
public:
    enum Role { JobRole = Qt::UserRole + 1, StatusRole, FailedRole };

    // Makes the dock (not yet added to `window`), the list, the button and the View menu's toggle.
    explicit NotificationCentre(QMainWindow *window);

    QDockWidget *dock() const { return m_dock; }
    QListWidget *list() const { return m_list; }
    QToolButton *button() const { return m_button; }
    QAction *toggleAction() const { return m_toggle; } // View > Notifications
    QSystemTrayIcon *tray() const { return m_tray; }

    // The tray icon where the platform has a tray: Show Seed, then these actions, a separator, `quit`.
    void buildTray(QAction *newJob, QAction *quit);

    void jobFinished(const wire::Job &job);
    void jobPreempted(const wire::Job &job);
    void clear(); // the window connects elsewhere: the list belonged to the endpoint it leaves

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void openLogsRequested(const QString &jobName);

private:
    void add(const wire::Job &job, const QString &preemptedText = {});
    void updateButton();
    void onActivated(QListWidgetItem *item);
    void showWindow();

    QMainWindow *m_window;
    QDockWidget *m_dock;
    QListWidget *m_list;
    QToolButton *m_button;
    QAction *m_toggle;
    QSystemTrayIcon *m_tray = nullptr;
    int m_unread = 0;
    int m_unreadFailures = 0;
    int m_unreadPreemptions = 0;
    QString m_lastTrayJob; // the job a click on the tray message opens
};

} // namespace seed::ui
