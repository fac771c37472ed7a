#pragma once

#include "client/profiles.h"
#include "client/seedclient.h"
// The parts whole, not declared only: callers reach them through the accessors below.
#include "connectionbar.h"
#include "jobactions.h"
#include "jobtableview.h"
#include "logtabs.h"
#include "notificationcentre.h"
#include "preferencesdialog.h"
#include "profilesdialog.h"
#include "submitdialog.h"
#include "wire/job.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QMenu;
class QMessageBox;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QToolButton;

namespace seed::client {
class ConnectionManager;
class JobFeed;
class LocalDaemon;
class SecretStore;
class SeedClient;
} // namespace seed::client
namespace seed::models {
class JobFilterProxy;
class JobTableModel;
class StatusCountsModel;
} // namespace seed::models

namespace seed::ui {

class JobDetails;
class LogPane;

struct MainWindowOptions
{
    QString localDataDir;       // "This computer": seedd's data dir (empty: $XDG_DATA_HOME/seed)
    QStringList seeddArguments; // extra arguments for a seedd this window starts
    QString keychainService = QStringLiteral("Seed");
    int pollIntervalMs = 3000;
    bool restoreState = true;
    QString initialProfile; // a profile id; empty: the last one used
};

// The main window builds its parts and wires them: the connection bar (ConnectionBar), the job table
// (JobTableView), the details (JobDetails), the Logs dock (LogTabs), the notifications (NotificationCentre)
// and what the job actions do (JobActions), which its menus' and toolbar's QActions route to. It keeps the
// menus, the dialogs it opens (Connections, Preferences, Keyboard Shortcuts), the machine summary in the status
// bar, the window state and the notice on close. The accessors below are what the tests drive.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    client::SeedClient *client() const { return m_client; }
    client::ConnectionManager *connection() const { return m_connection; }
    client::SecretStore *secrets() const { return m_secrets; }
    client::LocalDaemon *localDaemon() const { return m_local; }
    models::JobTableModel *jobModel() const { return m_model; }
    client::JobFeed *jobFeed() const { return m_feed; }
    models::JobFilterProxy *proxy() const { return m_proxy; }
    models::StatusCountsModel *statusCounts() const { return m_counts; }
    QListView *statusView() const { return m_statusView; }
    QLineEdit *searchEdit() const { return m_search; }
    JobDetails *details() const { return m_details; }
    ProfilesDialog *profilesDialog() const { return m_profilesDialog; }
    PreferencesDialog *preferencesDialog() const { return m_preferencesDialog; }

    // The parts.
    ConnectionBar *connectionBar() const { return m_bar; }
    JobTableView *jobTable() const { return m_table; }
    JobActions *jobActions() const { return m_actions; }
    LogTabs *logDock() const { return m_logs; }
    NotificationCentre *notificationCentre() const { return m_notices; }

    // Forwarded from the parts.
    QTableView *jobView() const;
    QComboBox *profileCombo() const;
    QLabel *connectionIndicator() const;
    QString bannerText() const;
    QPushButton *editConnectionButton() const;
    QPushButton *startLocalButton() const;
    QList<client::Profile> profiles() const;
    QString emptyStateText() const;
    QMessageBox *pendingConfirmation() const;
    SubmitDialog *submitDialog() const;

    QAction *newJobAction() const { return m_newJob; }
    QAction *submitCopyAction() const { return m_submitCopy; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *deleteAction() const { return m_delete; }
    QAction *refreshAction() const { return m_refresh; }
    QAction *copyCommandAction() const { return m_copyCommand; }
    QAction *openLogsAction() const { return m_openLogs; }
    QAction *preferencesAction() const { return m_preferences; }
    QAction *stopNowAction() const { return m_stopNow; }

    // What the connected backend can run (GET /{ns}/machine), when it says; the status bar shows it.
    const std::optional<client::MachineView> &machine() const { return m_machine; }
    QLabel *machineLabel() const { return m_machineLabel; }
    // "2 vCPUs · 23 GB · no GPU", "16 vCPUs · 64 GB · 4 × A100-80GB (simulated)"
    static QString describeMachine(const client::MachineView &m);

    // Log tabs (LogTabs): one closable tab per job, each with its own LogPane and stream; several at once.
    LogPane *openLogTab(const QString &jobName); // focuses the job's tab when it is already open
    void closeLogTab(int index);                 // stops that tab's stream
    LogPane *logTab(const QString &jobName) const;
    QTabWidget *logTabs() const;

    // Job-end notifications (NotificationCentre).
    QListWidget *notifications() const;
    QDockWidget *notificationDock() const;
    QToolButton *notificationButton() const;
    enum NotificationRole {
        NoticeJobRole = NotificationCentre::JobRole,
        NoticeStatusRole = NotificationCentre::StatusRole,
        NoticeFailedRole = NotificationCentre::FailedRole
    };

    QList<wire::Job> selectedJobs() const;
    void selectJobs(const QStringList &names);
    // Selects the job (and scrolls to it) as soon as the list has it: the one just submitted.
    void selectWhenListed(const QString &name);

    void setProfiles(const QList<client::Profile> &profiles); // saves them (without secrets)
    void connectToProfile(const QString &id, const QString &ns = {});

    // Job actions (JobActions).
    void newJob();
    void submitCopy();
    void cancelSelected();
    void stopNowSelected(); // force-cancels the selected jobs that are still stopping
    void deleteSelected();
    void refreshNow();

    void openConnections(const QString &notice = {}, const QString &selectId = {});
    void openPreferences(); // Edit > Preferences; the open log panes and charts follow Settings::changed
    // Stops the local seedd and starts it again with its settings file (Preferences > Local backend); its
    // running jobs keep running. Ends in `localBackendRestarted`.
    void restartLocalBackend();
    QString localDataDir() const;
    void showShortcuts();           // Help > Keyboard Shortcuts
    static QUrl documentationUrl(); // Help > Seed Documentation
    QMessageBox *closeNotice() const { return m_closeNotice; }

Q_SIGNALS:
    void localBackendRestarted(bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void wireParts();
    void restoreWindowState();
    void saveWindowState();
    void updateActions();
    void onCurrentChanged();
    void addHelpActions(QMenu *help);
    void showMessage(const QString &text, int timeoutMs);
    bool sayJobsKeepRunning(); // on close: true while the notice is up (the close waits for it)
    void refreshMachine();

    MainWindowOptions m_options;
    client::SeedClient *m_client;
    client::SecretStore *m_secrets;
    client::LocalDaemon *m_local;
    client::ConnectionManager *m_connection;
    client::JobFeed *m_feed;
    models::JobTableModel *m_model;
    models::JobFilterProxy *m_proxy;
    models::StatusCountsModel *m_counts;

    ConnectionBar *m_bar = nullptr;
    JobTableView *m_table = nullptr;
    JobActions *m_actions = nullptr;
    LogTabs *m_logs = nullptr;
    NotificationCentre *m_notices = nullptr;
    QListView *m_statusView = nullptr;
    QLineEdit *m_search = nullptr;
    JobDetails *m_details = nullptr;
    QSplitter *m_hsplit = nullptr;
    QSplitter *m_vsplit = nullptr;
    QPointer<ProfilesDialog> m_profilesDialog;
    QPointer<PreferencesDialog> m_preferencesDialog;
    QPointer<QMessageBox> m_closeNotice;
    bool m_closeNoticeDone = false;
    QLabel *m_machineLabel = nullptr;
    std::optional<client::MachineView> m_machine;
    quint64 m_machineGeneration = 0;

    QAction *m_newJob = nullptr;
    QAction *m_submitCopy = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_stopNow = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_copyCommand = nullptr;
    QAction *m_openLogs = nullptr;
    QAction *m_connections = nullptr;
    QAction *m_find = nullptr;
    QAction *m_preferences = nullptr;
    QAction *m_showDetails = nullptr;
    QAction *m_quit = nullptr;
};

} // namespace seed::ui
