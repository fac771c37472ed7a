#include "mainwindow.h"

#include "appicon.h"
#include "client/connectionmanager.h"
#include "client/jobfeed.h"
#include "client/localdaemon.h"
#include "client/secretstore.h"
#include "client/seedclient.h"
#include "connectionbar.h"
#include "jobactions.h"
#include "jobdetails.h"
#include "jobtableview.h"
#include "localbackendpage.h"
#include "logtabs.h"
#include "machineview.h"
#include "models/jobfilterproxy.h"
#include "models/jobtablemodel.h"
#include "models/settings.h"
#include "models/statuscountsmodel.h"
#include "shortcutsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

using models::JobTableModel;

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent) : QMainWindow(parent), m_options(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(appIcon());
    m_client = new client::SeedClient(this);
    m_secrets = new client::SecretStore(options.keychainService, this);
    m_local = new client::LocalDaemon(this);
    m_local->setExtraArguments(options.seeddArguments);
    m_connection = new client::ConnectionManager(m_client, m_secrets, m_local, this);
    m_feed = new client::JobFeed(m_client, this); // before the models: they reconcile what it reads
    m_model = new JobTableModel(m_feed, this);
    m_model->setPollInterval(options.pollIntervalMs);
    m_proxy = new models::JobFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_counts = new models::StatusCountsModel(m_feed, this);

    m_notices = new NotificationCentre(this); // before the menus: View holds its toggle
    buildActions();
    buildUi();
    m_notices->buildTray(m_newJob, m_quit);
    m_bar->loadProfiles(options.localDataDir);
    wireParts();
    restoreWindowState();
    m_bar->connectInitially(options.initialProfile);
}

MainWindow::~MainWindow() = default;

void MainWindow::showMessage(const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); }

// What the connection, the job model and the parts say, to the parts that show it.
void MainWindow::wireParts()
{
    connect(m_connection, &client::ConnectionManager::connecting, this, [this](const QString &m) {
        m_machine.reset();
        m_actions->setMachine(m_machine);
        ++m_machineGeneration;
        m_machineLabel->clear();
        m_machineLabel->setVisible(false);
        statusBar()->showMessage(m, 4000);
    });
    connect(m_connection, &client::ConnectionManager::connected, this, [this] {
        statusBar()->clearMessage();
        updateActions();
        setWindowTitle(m_connection->profile().name); // the platform adds " — Seed" (the display name)
        refreshMachine();
    });
    connect(m_bar, &ConnectionBar::switching, this, [this](const client::Profile &p) {
        m_details->clear();
        m_logs->closeAllLogTabs(); // their streams belong to the endpoint we leave
        m_notices->clear();
        setWindowTitle(p.name);
    });
    connect(m_bar, &ConnectionBar::manageRequested, this, [this] { openConnections(); });
    connect(m_bar, &ConnectionBar::editRequested, this, &MainWindow::openConnections);
    connect(m_bar, &ConnectionBar::errorsChanged, this, [this] {
        m_table->setLoadState(!m_bar->connectError().isEmpty(), !m_bar->listError().isEmpty());
        m_table->updateEmptyState();
    });
    connect(m_model, &JobTableModel::errorOccurred, this, [this](const QString &m) { showMessage(m, 6000); });
    connect(m_model, &JobTableModel::jobFinished, m_notices, &NotificationCentre::jobFinished);
    connect(m_model, &JobTableModel::jobPreempted, m_notices, &NotificationCentre::jobPreempted);
    connect(m_model, &JobTableModel::listFailed, m_bar, &ConnectionBar::listFailed);
    connect(m_model, &JobTableModel::refreshed, m_bar, &ConnectionBar::listLoaded);
    connect(m_notices, &NotificationCentre::statusMessage, this, &MainWindow::showMessage);
    connect(m_notices, &NotificationCentre::openLogsRequested, this, &MainWindow::openLogTab);
    connect(m_actions, &JobActions::statusMessage, this, &MainWindow::showMessage);
    connect(m_actions, &JobActions::jobsChanged, this, &MainWindow::updateActions);
    connect(m_table, &JobTableView::statusMessage, this, &MainWindow::showMessage);
    // The job actions' QActions (menus, toolbar, the table's context menu) route to what does them.
    connect(m_newJob, &QAction::triggered, m_actions, &JobActions::newJob);
    connect(m_submitCopy, &QAction::triggered, m_actions, &JobActions::submitCopy);
    connect(m_cancel, &QAction::triggered, m_actions, &JobActions::cancelSelected);
    connect(m_stopNow, &QAction::triggered, m_actions, &JobActions::stopNowSelected);
    connect(m_delete, &QAction::triggered, m_actions, &JobActions::deleteSelected);
    connect(m_refresh, &QAction::triggered, m_actions, &JobActions::refreshNow);

    connect(m_model, &JobTableModel::refreshed, m_counts, &models::StatusCountsModel::refresh);
    // With the events stream open, status changes arrive between refreshes: the sidebar's counts follow them
    // (they stayed as they were, e.g. "Failed (1)" beside two failed rows, until the next full refresh).
    auto *countsSoon = new QTimer(this);
    countsSoon->setSingleShot(true);
    countsSoon->setInterval(200); // one re-count for a burst of changes
    connect(countsSoon, &QTimer::timeout, m_counts, &models::StatusCountsModel::refresh);
    connect(m_model, &JobTableModel::statusesChanged, countsSoon, qOverload<>(&QTimer::start));
    connect(m_model, &JobTableModel::refreshed, this, [this] {
        m_table->updateEmptyState();
        // Keep the details of a live job current.
        if (m_details->hasJob()) {
            const int row = m_model->rowOfId(m_details->job().id);
            if (row >= 0 && (m_model->jobAt(row).status != m_details->job().status ||
                             !wire::isTerminal(m_model->jobAt(row).status)))
                m_details->reload();
        }
        updateActions();
    });
    // With the events stream open, a job's changes arrive as row updates between refreshes: the details of
    // the shown job take them too (no request needed).
    // A selected job that ends between refreshes: Cancel goes off at once, Delete on.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (!m_details->hasJob())
                    return;
                const int row = m_model->rowOfId(m_details->job().id);
                if (row < topLeft.row() || row > bottomRight.row())
                    return;
                m_details->takeRowUpdate(m_model->jobAt(row), m_model->displayedRuntime(row));
            });
    // A removed selected row (a delete) hands "current" to a neighbour without selecting it: the details would
    // show that job, with nothing selected. Once the selection model has settled: nothing selected, nothing shown.
    connect(
        m_proxy, &QAbstractItemModel::rowsRemoved, this,
        [this] {
            QTableView *view = m_table->view();
            if (!view->selectionModel()->hasSelection() && m_details->hasJob()) {
                view->selectionModel()->clearCurrentIndex();
                m_details->clear();
                updateActions();
            }
        },
        Qt::QueuedConnection);
}

void MainWindow::buildActions()
{
    m_newJob = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Job…"), this);
    m_newJob->setShortcut(QKeySequence::New);
    m_newJob->setToolTip(
        tr("Submit a new job (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    m_submitCopy = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Submit a &Copy…"), this);
    m_submitCopy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));

    m_cancel = new QAction(QIcon::fromTheme(QStringLiteral("process-stop")), tr("C&ancel Job"), this);
    m_cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));

    m_stopNow = new QAction(QIcon::fromTheme(QStringLiteral("process-stop")), tr("&Stop Now"), this);
    m_stopNow->setObjectName(QStringLiteral("stopNowAction"));
    m_stopNow->setToolTip(tr("Kill a cancelled job's processes now instead of at the end of its grace period"));

    m_delete = new QAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Delete Job…"), this);
    m_delete->setShortcut(QKeySequence::Delete);

    m_refresh = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);

    m_copyCommand = new QAction(tr("Copy Co&mmand"), this);
    m_copyCommand->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyCommand, &QAction::triggered, this, [this] { m_details->copyCommand(); });

    m_openLogs = new QAction(QIcon::fromTheme(QStringLiteral("utilities-terminal")), tr("Open &Logs in New Tab"), this);
    m_openLogs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_openLogs, &QAction::triggered, this, [this] {
        for (const wire::Job &j : selectedJobs())
            openLogTab(j.name);
    });

    m_connections = new QAction(QIcon::fromTheme(QStringLiteral("network-server")), tr("C&onnections…"), this);
    m_connections->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_connections, &QAction::triggered, this, [this] { openConnections(); });

    m_find = new QAction(tr("&Find…"), this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    m_preferences = new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Preferences…"), this);
    m_preferences->setObjectName(QStringLiteral("preferencesAction"));
    // Most Linux desktops define no standard Preferences key; there KDE's "Configure" key is used (Ctrl+, is
    // taken by Connections).
    m_preferences->setShortcut(QKeySequence::keyBindings(QKeySequence::Preferences)
                                   .value(0, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Comma)));
    m_preferences->setMenuRole(QAction::PreferencesRole);
    connect(m_preferences, &QAction::triggered, this, &MainWindow::openPreferences);

    m_showDetails = new QAction(tr("Show &Details"), this);
    m_showDetails->setCheckable(true);
    m_showDetails->setChecked(true);
    m_showDetails->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));

    m_quit = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, qApp, &QApplication::quit);

    auto *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newJob);
    file->addAction(m_submitCopy);
    file->addSeparator();
    file->addAction(m_connections);
    file->addSeparator();
    file->addAction(m_quit);
    auto *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_copyCommand);
    edit->addAction(m_find);
    edit->addSeparator();
    edit->addAction(m_preferences);
    auto *job = menuBar()->addMenu(tr("&Job"));
    job->addAction(m_cancel);
    job->addAction(m_stopNow);
    job->addAction(m_delete);
    job->addSeparator();
    job->addAction(m_openLogs);
    job->addSeparator();
    job->addAction(m_refresh);
    auto *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_showDetails);
    // Machine view: the local machine's GPUs, their holders and the queue, in a dock; it polls only
    // while shown.
    auto *machineAction = view->addAction(tr("&Machine"));
    machineAction->setObjectName(QStringLiteral("machineAction"));
    machineAction->setCheckable(true); // checked while the dock is shown, like Notifications
    connect(machineAction, &QAction::toggled, this, [this, machineAction](bool on) {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("machineDock"));
        if (!dock && !on)
            return;
        if (!dock) {
            dock = new QDockWidget(tr("Machine"), this);
            dock->setObjectName(QStringLiteral("machineDock"));
            auto *machine = new MachineView(m_client, dock);
            connect(machine, &MachineView::jobActivated, this, [this](const QString &name) { selectJobs({name}); });
            dock->setWidget(machine);
            addDockWidget(Qt::RightDockWidgetArea, dock);
            // Its size hint (two GPU cards side by side) took half the window and pushed the job table's columns
            // out of sight: a column of cards fits a quarter.
            resizeDocks({dock}, {std::clamp(width() / 4, 260, 380)}, Qt::Horizontal);
            connect(dock, &QDockWidget::visibilityChanged, machineAction, [dock, machineAction] {
                const QSignalBlocker block(machineAction);
                machineAction->setChecked(dock->isVisible());
            });
        }
        dock->setVisible(on);
        if (on)
            dock->raise();
    });
    view->addAction(m_notices->toggleAction());
    auto *help = menuBar()->addMenu(tr("&Help"));
    addHelpActions(help);
    help->addAction(tr("&About Seed"), this, [this] {
        auto *box = new QMessageBox(QMessageBox::NoIcon, tr("About Seed"),
                                    tr("<b>Seed %1</b><p>Submit, watch and manage GPU batch jobs on this computer or a "
                                       "remote Seed endpoint.</p>")
                                        .arg(QApplication::applicationVersion()),
                                    QMessageBox::Ok, this);
        box->setIconPixmap(appIcon().pixmap(64, 64));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::buildUi()
{
    auto *tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->setMovable(false);
    tb->addAction(m_newJob);
    tb->addAction(m_submitCopy);
    tb->addSeparator();
    tb->addAction(m_cancel);
    tb->addAction(m_stopNow); // shown only while a selected cancelled job is still stopping
    tb->addAction(m_delete);
    tb->addSeparator();
    tb->addAction(m_refresh);
    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    tb->addWidget(spacer);
    m_bar = new ConnectionBar(m_client, m_connection, this);
    m_bar->addToToolBar(tb);
    tb->addAction(m_connections);

    // Left: status filter with counts.
    m_statusView = new QListView;
    m_statusView->setObjectName(QStringLiteral("statusFilter"));
    m_statusView->setAccessibleName(tr("Status filter"));
    m_statusView->setModel(m_counts);
    m_statusView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_statusView->setCurrentIndex(m_counts->index(0));
    m_statusView->setMinimumWidth(150);
    connect(m_statusView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &cur) {
        if (cur.isValid())
            m_model->setStatusFilter(m_counts->statusAt(cur.row()));
    });

    // Center: the banner, search + table, details below.
    auto *center = new QWidget;
    auto *cv = new QVBoxLayout(center);
    cv->setContentsMargins(0, 0, 0, 0);
    cv->addWidget(m_bar->banner());

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(
        tr("Search job names (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search job names"));
    connect(m_search, &QLineEdit::textChanged, m_proxy, &models::JobFilterProxy::setNameFilter);
    cv->addWidget(m_search);

    m_table = new JobTableView(m_model, m_proxy, m_connection);
    QTableView *view = m_table->view();
    view->addActions({m_openLogs, m_submitCopy, m_copyCommand, m_cancel, m_stopNow, m_delete});
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onCurrentChanged);
    // A double-click opens the job's logs in a tab of their own (the details stay on the selected job).
    connect(view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        m_showDetails->setChecked(true);
        openLogTab(index.data(JobTableModel::JobNameRole).toString());
    });
    cv->addWidget(m_table, 1);

    m_details = new JobDetails(m_client);
    m_details->setObjectName(QStringLiteral("jobDetails"));
    connect(m_details, &JobDetails::jobChanged, this, &MainWindow::updateActions); // Copy Command needs the full record
    connect(m_details, &JobDetails::statusMessage, this, [this](const QString &m) { showMessage(m, 5000); });
    m_actions = new JobActions(m_client, m_connection, m_model, m_counts, m_table, m_details, this);

    m_vsplit = new QSplitter(Qt::Vertical);
    m_vsplit->setObjectName(QStringLiteral("verticalSplitter"));
    m_vsplit->addWidget(center);
    m_vsplit->addWidget(m_details);
    m_vsplit->setStretchFactor(0, 3);
    m_vsplit->setStretchFactor(1, 2);
    m_vsplit->setChildrenCollapsible(false);
    connect(m_showDetails, &QAction::toggled, m_details, &QWidget::setVisible);

    m_hsplit = new QSplitter(Qt::Horizontal);
    m_hsplit->setObjectName(QStringLiteral("horizontalSplitter"));
    m_hsplit->addWidget(m_statusView);
    m_hsplit->addWidget(m_vsplit);
    m_hsplit->setStretchFactor(1, 1);
    m_hsplit->setSizes({170, 1000});
    setCentralWidget(m_hsplit);

    m_machineLabel = new QLabel;
    m_machineLabel->setObjectName(QStringLiteral("machineSummary"));
    m_machineLabel->setVisible(false);
    statusBar()->addPermanentWidget(m_machineLabel);
    statusBar()->addPermanentWidget(m_table->countLabel());
    statusBar()->addPermanentWidget(m_bar->indicatorBox());
    statusBar()->addPermanentWidget(m_notices->button());

    m_logs = new LogTabs(m_client, m_connection, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_logs);
    m_logs->hide(); // until a tab opens
    addDockWidget(Qt::RightDockWidgetArea, m_notices->dock());
    m_notices->dock()->hide();
    resize(1200, 760);
    updateActions();
    m_table->updateEmptyState();
}

// Forwarders: the accessors the window had before its parts were classes of their own.
QTableView *MainWindow::jobView() const { return m_table->view(); }
QComboBox *MainWindow::profileCombo() const { return m_bar->profileCombo(); }
QLabel *MainWindow::connectionIndicator() const { return m_bar->indicator(); }
QString MainWindow::bannerText() const { return m_bar->bannerText(); }
QPushButton *MainWindow::editConnectionButton() const { return m_bar->editConnectionButton(); }
QPushButton *MainWindow::startLocalButton() const { return m_bar->startLocalButton(); }
QList<client::Profile> MainWindow::profiles() const { return m_bar->profiles(); }
QString MainWindow::emptyStateText() const { return m_table->emptyStateText(); }
QMessageBox *MainWindow::pendingConfirmation() const { return m_actions->pendingConfirmation(); }
SubmitDialog *MainWindow::submitDialog() const { return m_actions->submitDialog(); }
LogPane *MainWindow::openLogTab(const QString &jobName) { return m_logs->openLogTab(jobName); }
void MainWindow::closeLogTab(int index) { m_logs->closeLogTab(index); }
LogPane *MainWindow::logTab(const QString &jobName) const { return m_logs->logTab(jobName); }
QTabWidget *MainWindow::logTabs() const { return m_logs->tabs(); }
QListWidget *MainWindow::notifications() const { return m_notices->list(); }
QDockWidget *MainWindow::notificationDock() const { return m_notices->dock(); }
QToolButton *MainWindow::notificationButton() const { return m_notices->button(); }
QList<wire::Job> MainWindow::selectedJobs() const { return m_table->selectedJobs(); }
void MainWindow::selectJobs(const QStringList &names) { m_table->selectJobs(names); }
void MainWindow::selectWhenListed(const QString &name) { m_table->selectWhenListed(name); }
void MainWindow::setProfiles(const QList<client::Profile> &profiles) { m_bar->setProfiles(profiles); }
void MainWindow::connectToProfile(const QString &id, const QString &ns) { m_bar->connectToProfile(id, ns); }
void MainWindow::newJob() { m_actions->newJob(); }
void MainWindow::submitCopy() { m_actions->submitCopy(); }
void MainWindow::cancelSelected() { m_actions->cancelSelected(); }
void MainWindow::stopNowSelected() { m_actions->stopNowSelected(); }
void MainWindow::deleteSelected() { m_actions->deleteSelected(); }
void MainWindow::refreshNow() { m_actions->refreshNow(); }

void MainWindow::restoreWindowState()
{
    if (!m_options.restoreState)
        return;
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_logs->setVisible(m_logs->tabs()->count() > 0); // log tabs are not restored: an empty dock stays hidden
    m_hsplit->restoreState(s.value(QStringLiteral("window/hsplit")).toByteArray());
    m_vsplit->restoreState(s.value(QStringLiteral("window/vsplit")).toByteArray());
    m_table->restoreHeader(s.value(QStringLiteral("window/table")).toByteArray());
    m_showDetails->setChecked(s.value(QStringLiteral("window/details"), true).toBool());
}

void MainWindow::saveWindowState()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/hsplit"), m_hsplit->saveState());
    s.setValue(QStringLiteral("window/vsplit"), m_vsplit->saveState());
    s.setValue(QStringLiteral("window/table"), m_table->saveHeader());
    s.setValue(QStringLiteral("window/details"), m_showDetails->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closeNoticeDone && sayJobsKeepRunning()) {
        event->ignore(); // closes once the notice is read
        return;
    }
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::updateActions()
{
    const QList<wire::Job> sel = m_table->selectedJobs();
    int live = 0, ended = 0;
    for (const auto &j : sel)
        (wire::isTerminal(j.status) ? ended : live)++;
    const bool ready = m_connection->isReady();
    m_newJob->setEnabled(ready);
    m_cancel->setEnabled(ready && live > 0);
    m_delete->setEnabled(ready && ended > 0);
    const bool stopping = std::any_of(sel.cbegin(), sel.cend(), [](const wire::Job &j) { return j.stopping; });
    m_stopNow->setEnabled(ready && stopping);
    m_stopNow->setVisible(stopping); // only while a cancelled job is in its grace period
    m_submitCopy->setEnabled(ready && sel.size() == 1);
    m_openLogs->setEnabled(ready && !sel.isEmpty());
    m_copyCommand->setEnabled(m_details->hasJob() && !m_details->job().command.isEmpty());
    m_cancel->setText(live > 1 ? tr("C&ancel %n Jobs", nullptr, live) : tr("C&ancel Job"));
    m_delete->setText(ended > 1 ? tr("&Delete %n Jobs…", nullptr, ended) : tr("&Delete Job…"));
}

void MainWindow::onCurrentChanged()
{
    const QItemSelectionModel *selection = m_table->view()->selectionModel();
    const QModelIndex cur = selection->currentIndex();
    if (!cur.isValid() || !selection->hasSelection()) {
        m_details->clear();
    } else {
        const auto job = cur.data(JobTableModel::JobRole).value<wire::Job>();
        if (job.id != m_details->job().id || !m_details->hasJob())
            m_details->showJob(job);
    }
    updateActions();
}

void MainWindow::openConnections(const QString &notice, const QString &selectId)
{
    if (m_profilesDialog) {
        m_profilesDialog->raise();
        return;
    }
    m_profilesDialog = new ProfilesDialog(m_bar->profiles(), m_secrets, this);
    m_profilesDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_profilesDialog->setNotice(notice);
    if (!selectId.isEmpty())
        m_profilesDialog->selectProfile(selectId);
    connect(m_profilesDialog, &ProfilesDialog::profilesChanged, m_bar, &ConnectionBar::setProfiles);
    connect(m_profilesDialog, &ProfilesDialog::secretStored, this, [this](const QString &id) {
        if (id == m_connection->profile().id && !m_connection->isReady())
            m_connection->reconnect();
    });
    m_profilesDialog->open();
}

void MainWindow::openPreferences()
{
    if (m_preferencesDialog) {
        m_preferencesDialog->raise();
        m_preferencesDialog->activateWindow();
        return;
    }
    m_preferencesDialog = new PreferencesDialog(this);
    m_preferencesDialog->setAttribute(Qt::WA_DeleteOnClose);
    // Its OK writes through Settings: the open panes and charts follow Settings::changed themselves.
    m_preferencesDialog->setLocalBackendPage(new LocalBackendPage(localDataDir(), m_local));
    connect(m_preferencesDialog, &PreferencesDialog::localBackendChanged, this, &MainWindow::restartLocalBackend);
    m_preferencesDialog->open();
}

QString MainWindow::localDataDir() const
{
    for (const auto &p : m_bar->profiles())
        if (p.isLocal() && !p.dataDir.isEmpty())
            return p.dataDir;
    return m_options.localDataDir.isEmpty() ? client::defaultLocalDataDir() : m_options.localDataDir;
}

void MainWindow::restartLocalBackend()
{
    const QString dataDir = localDataDir();
    statusBar()->showMessage(tr("Restarting the local backend with the new settings…"));
    m_local->stop(dataDir, this, [this, dataDir](const QString &error) {
        if (!error.isEmpty()) {
            statusBar()->showMessage(error, 10000);
            return;
        }
        const auto started = [this](const client::LocalDaemon::Outcome &o) {
            statusBar()->showMessage(o.info ? tr("The local backend runs with the new settings.") : o.error, 10000);
            Q_EMIT localBackendRestarted(o.info.has_value());
        };
        if (m_connection->profile().isLocal()) {
            // Reconnecting starts it again (with the settings file) and follows it to its new address.
            auto once = std::make_shared<QMetaObject::Connection>();
            auto fail = std::make_shared<QMetaObject::Connection>();
            const auto done = [this, once, fail](bool ok, const QString &message) {
                disconnect(*once);
                disconnect(*fail);
                statusBar()->showMessage(ok ? tr("The local backend runs with the new settings.") : message, 10000);
                Q_EMIT localBackendRestarted(ok);
            };
            *once = connect(m_connection, &client::ConnectionManager::connected, this, [done] { done(true, {}); });
            *fail = connect(m_connection, &client::ConnectionManager::failed, this,
                            [done](const QString &m) { done(false, m); });
            m_connection->reconnect();
        } else {
            m_local->ensureRunning(dataDir, this, started);
        }
    });
}

bool MainWindow::sayJobsKeepRunning()
{
    if (m_closeNotice)
        return true; // up already: the close waits for it
    if (Settings::instance()->get<bool>(Settings::Key::CloseNoticeOff))
        return false;
    int live = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        live += wire::isTerminal(m_model->jobAt(r).status) ? 0 : 1;
    if (live == 0)
        return false;
    auto *box = new QMessageBox(QMessageBox::Information, tr("Jobs keep running"),
                                tr("%n job(s) keep running after Seed closes.", nullptr, live), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("closeNotice"));
    box->setInformativeText(m_connection->profile().isLocal()
                                ? tr("The Seed backend on this computer runs them on; open Seed again to see how "
                                     "they are doing. Quitting the backend is not needed.")
                                : tr("The Seed endpoint runs them on; open Seed again to see how they are doing."));
    auto *dontShow = new QCheckBox(tr("&Don't show this again"));
    dontShow->setObjectName(QStringLiteral("closeNoticeOff"));
    box->setCheckBox(dontShow);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_closeNotice = box;
    connect(box, &QMessageBox::finished, this, [this, dontShow] {
        if (dontShow->isChecked())
            Settings::instance()->set(Settings::Key::CloseNoticeOff, true);
        m_closeNoticeDone = true; // said once per window
        close();
    });
    box->open();
    return true;
}

void MainWindow::addHelpActions(QMenu *help)
{
    auto *docs = help->addAction(QIcon::fromTheme(QStringLiteral("help-contents")), tr("Seed &Documentation"));
    docs->setObjectName(QStringLiteral("documentationAction"));
    docs->setShortcut(QKeySequence::HelpContents);
    docs->setData(documentationUrl());
    connect(docs, &QAction::triggered, this, [docs] { QDesktopServices::openUrl(docs->data().toUrl()); });
    auto *keys = help->addAction(tr("&Keyboard Shortcuts"));
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    connect(keys, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
}

QUrl MainWindow::documentationUrl()
{
    // The guide installed with the app (share/doc/seed), the source tree's when run from build/bin, else the web.
    const QString bin = QCoreApplication::applicationDirPath();
    for (const QString &guide :
         {bin + QStringLiteral("/../share/doc/seed/desktop.md"), bin + QStringLiteral("/../../docs/desktop.md")}) {
        if (QFileInfo::exists(guide))
            return QUrl::fromLocalFile(QFileInfo(guide).canonicalFilePath());
    }
    return QUrl(QStringLiteral("https://outpost.run/seed/docs/desktop"));
}

void MainWindow::showShortcuts()
{
    auto *dlg = new ShortcutsDialog(menuBar(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->open();
}

} // namespace seed::ui
