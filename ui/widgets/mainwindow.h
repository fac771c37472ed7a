#pragma once

#include "client/profiles.h"
#include "client/seedclient.h"
#include "wire/job.h"

#include <QMainWindow>
#include <QMessageBox>

#include "preferencesdialog.h"
#include "profilesdialog.h"
#include "submitdialog.h"
#include <QPointer>

class QAction;
class QComboBox;
class QDockWidget;
class QListWidget;
class QListWidgetItem;
class QMenu;
class QTabWidget;
class QToolButton;
class QLabel;
class QLineEdit;
class QListView;
class QMessageBox;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QSystemTrayIcon;
class QTableView;

namespace seed::client {
class ConnectionManager;
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
class SubmitDialog;
class ProfilesDialog;

struct MainWindowOptions
{
    QString localDataDir;       // "This computer": seedd's data dir (empty: $XDG_DATA_HOME/seed)
    QStringList seeddArguments; // extra arguments for a seedd this window starts
    QString keychainService = QStringLiteral("Seed");
    int pollIntervalMs = 3000;
    bool restoreState = true;
    QString initialProfile; // a profile id; empty: the last one used
};

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
    models::JobFilterProxy *proxy() const { return m_proxy; }
    models::StatusCountsModel *statusCounts() const { return m_counts; }
    QTableView *jobView() const { return m_view; }
    QListView *statusView() const { return m_statusView; }
    QLineEdit *searchEdit() const { return m_search; }
    JobDetails *details() const { return m_details; }
    QComboBox *profileCombo() const { return m_profileCombo; }
    QLabel *connectionIndicator() const { return m_indicator; }
    QString bannerText() const;
    QMessageBox *pendingConfirmation() const { return m_confirm; }
    SubmitDialog *submitDialog() const { return m_submit; }
    ProfilesDialog *profilesDialog() const { return m_profilesDialog; }
    PreferencesDialog *preferencesDialog() const { return m_preferencesDialog; }
    QList<client::Profile> profiles() const { return m_profiles; }

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
    QPushButton *editConnectionButton() const { return m_editConnection; }
    QPushButton *startLocalButton() const { return m_startLocal; }
    QString emptyStateText() const;

    // Log tabs: one closable tab per job, each with its own LogPane and stream; several at once.
    LogPane *openLogTab(const QString &jobName); // focuses the job's tab when it is already open
    void closeLogTab(int index);                 // stops that tab's stream
    LogPane *logTab(const QString &jobName) const;
    QTabWidget *logTabs() const { return m_logTabs; }
    QDockWidget *logDock() const { return m_logDock; }

    // Job-end notifications: a tray message where there is a tray and the Preferences allow it
    // (shouldPopUp), and always an entry in this list (failed ones marked); activating an entry opens that
    // job's logs in a tab.
    QListWidget *notifications() const { return m_notices; }
    QDockWidget *notificationDock() const { return m_noticeDock; }
    QToolButton *notificationButton() const { return m_noticeButton; }
    enum NotificationRole { NoticeJobRole = Qt::UserRole + 1, NoticeStatusRole, NoticeFailedRole };

    QList<wire::Job> selectedJobs() const;
    void selectJobs(const QStringList &names);

    void setProfiles(const QList<client::Profile> &profiles); // saves them (without secrets)
    void connectToProfile(const QString &id, const QString &ns = {});

    void newJob();
    void submitCopy();
    void cancelSelected();
    void stopNowSelected(); // force-cancels the selected jobs that are still stopping
    void deleteSelected();
    void refreshNow();
    void openConnections(const QString &notice = {}, const QString &selectId = {});
    void openPreferences(); // Edit > Preferences; on OK the open log panes and charts take the new values
    // Stops the local seedd and starts it again with its settings file (Preferences > Local backend); its
    // running jobs keep running. Ends in `localBackendRestarted`.
    void restartLocalBackend();
    QString localDataDir() const;
    // Selects the job (and scrolls to it) as soon as the list has it: the one just submitted.
    void selectWhenListed(const QString &name);
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
    void buildTray();
    void restoreWindowState();
    void saveWindowState();
    void updateActions();
    void updateIndicator();
    void updateEmptyState();
    void showBanner(const QString &text);
    void onCurrentChanged();
    void onJobFinished(const wire::Job &job);
    void onJobPreempted(const wire::Job &job);
    void buildLiveDocks();
    void addNotification(const wire::Job &job, const QString &preemptedText = {});
    void onNotificationActivated(QListWidgetItem *item);
    void updateNotificationButton();
    void closeAllLogTabs();
    void reloadProfileCombo();
    void openSubmit(const wire::JobSpec *prefill);
    void addHelpActions(QMenu *help);
    bool sayJobsKeepRunning(); // on close: true while the notice is up (the close waits for it)
    // Requests failing after the connection was made (a wrong or revoked credential, a stopped local seedd)
    // show in the banner; the next successful list read clears it.
    void onListFailed(const wire::ApiError &error);
    void onListLoaded();
    void updateBannerButtons();
    void refreshMachine();
    // The narrowest a table column may be in the language in use: its header, and for Status the longest
    // status label beside its icon.
    int neededColumnWidth(int column) const;

    MainWindowOptions m_options;
    client::SeedClient *m_client;
    client::SecretStore *m_secrets;
    client::LocalDaemon *m_local;
    client::ConnectionManager *m_connection;
    models::JobTableModel *m_model;
    models::JobFilterProxy *m_proxy;
    models::StatusCountsModel *m_counts;
    QList<client::Profile> m_profiles;

    QTableView *m_view = nullptr;
    QListView *m_statusView = nullptr;
    QLineEdit *m_search = nullptr;
    JobDetails *m_details = nullptr;
    QSplitter *m_hsplit = nullptr;
    QSplitter *m_vsplit = nullptr;
    QStackedWidget *m_tableStack = nullptr;
    QLabel *m_empty = nullptr;
    QComboBox *m_profileCombo = nullptr;
    QComboBox *m_nsCombo = nullptr;
    QAction *m_nsComboAction = nullptr;
    QLabel *m_indicator = nullptr;
    QLabel *m_countLabel = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QDockWidget *m_logDock = nullptr;
    QTabWidget *m_logTabs = nullptr;
    QDockWidget *m_noticeDock = nullptr;
    QListWidget *m_notices = nullptr;
    QToolButton *m_noticeButton = nullptr;
    int m_unreadNotices = 0;
    int m_unreadFailures = 0;
    int m_unreadPreemptions = 0;
    QString m_lastTrayJob; // the job a click on the tray message opens
    QPointer<QMessageBox> m_confirm;
    QPointer<SubmitDialog> m_submit;
    QPointer<ProfilesDialog> m_profilesDialog;
    QPointer<PreferencesDialog> m_preferencesDialog;
    QString m_connectError;
    QString m_selectWhenListed;
    bool m_selectWhenListedHooked = false;
    QPointer<QMessageBox> m_closeNotice;
    bool m_closeNoticeDone = false;
    QString m_listError;        // the last list read failed with this (shown in the banner and the empty state)
    bool m_authRefused = false; // ...because the server refused the credential (401/403)
    QPushButton *m_retry = nullptr;
    QPushButton *m_editConnection = nullptr;
    QPushButton *m_startLocal = nullptr;
    QLabel *m_machineLabel = nullptr;
    std::optional<client::MachineView> m_machine;
    quint64 m_machineGeneration = 0;
    QAction *m_stopNow = nullptr;

    QAction *m_newJob = nullptr;
    QAction *m_submitCopy = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_copyCommand = nullptr;
    QAction *m_openLogs = nullptr;
    QAction *m_showNotices = nullptr;
    QAction *m_connections = nullptr;
    QAction *m_find = nullptr;
    QAction *m_preferences = nullptr;
    QAction *m_showDetails = nullptr;
    QAction *m_quit = nullptr;
};

} // namespace seed::ui
