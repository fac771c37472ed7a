#include "mainwindow.h"

#include "appicon.h"
#include "client/connectionmanager.h"
#include "client/errortext.h"
#include "client/localdaemon.h"
#include "client/logstream.h"
#include "client/secretstore.h"
#include "client/seedclient.h"
#include "formhelpers.h"
#include "jobdetails.h"
#include "localbackendpage.h"
#include "logpane.h"
#include "machineview.h"
#include "models/jobfilterproxy.h"
#include "models/jobtablemodel.h"
#include "models/settings.h"
#include "models/statuscountsmodel.h"
#include "models/statusstyle.h"
#include "preferencesdialog.h"
#include "profilesdialog.h"
#include "progressdelegate.h"
#include "spotdelegate.h"
#include "submitdialog.h"
#include "wire/catalog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

using models::JobTableModel;

namespace {
QPixmap dot(const QColor &c)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawEllipse(QRectF(1, 1, 10, 10));
    return pm;
}
} // namespace

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent) : QMainWindow(parent), m_options(options)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(appIcon());
    m_client = new client::SeedClient(this);
    m_secrets = new client::SecretStore(options.keychainService, this);
    m_local = new client::LocalDaemon(this);
    m_local->setExtraArguments(options.seeddArguments);
    m_connection = new client::ConnectionManager(m_client, m_secrets, m_local, this);
    m_model = new JobTableModel(m_client, this);
    m_model->setPollInterval(options.pollIntervalMs);
    m_proxy = new models::JobFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_counts = new models::StatusCountsModel(m_client, this);

    buildActions();
    buildUi();
    buildTray();

    QSettings settings;
    m_profiles = client::ProfileStore::load(settings, options.localDataDir);
    reloadProfileCombo();

    connect(m_client, &client::SeedClient::stateChanged, this, &MainWindow::updateIndicator);
    connect(m_connection, &client::ConnectionManager::connecting, this, [this](const QString &m) {
        m_connectError.clear();
        m_listError.clear();
        m_authRefused = false;
        m_machine.reset();
        ++m_machineGeneration;
        m_machineLabel->clear();
        m_machineLabel->setVisible(false);
        updateBannerButtons();
        m_banner->setVisible(false);
        m_indicator->setText(m);
        m_indicator->setPixmap(QPixmap());
        updateIndicator();
        statusBar()->showMessage(m, 4000);
    });
    connect(m_connection, &client::ConnectionManager::connected, this, [this] {
        m_connectError.clear();
        m_banner->setVisible(false);
        statusBar()->clearMessage();
        updateIndicator();
        updateActions();
        setWindowTitle(m_connection->profile().name); // the platform adds " — Seed" (the display name)
        refreshMachine();
    });
    connect(m_connection, &client::ConnectionManager::failed, this, [this](const QString &m) {
        m_connectError = m;
        showBanner(m);
        updateBannerButtons();
        updateIndicator();
    });
    connect(m_connection, &client::ConnectionManager::secretNeeded, this,
            [this](const client::Profile &p, const QString &message, bool) {
                m_connectError = message;
                showBanner(tr("%1 needs a token or API key. %2").arg(p.name, message));
                updateBannerButtons();
                updateIndicator();
            });
    connect(m_model, &JobTableModel::errorOccurred, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(m_model, &JobTableModel::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_model, &JobTableModel::jobPreempted, this, &MainWindow::onJobPreempted);
    connect(m_model, &JobTableModel::listFailed, this, &MainWindow::onListFailed);
    connect(m_model, &JobTableModel::refreshed, this, &MainWindow::onListLoaded);
    connect(m_model, &JobTableModel::clockTicked, this, [this] {
        // Repaint only the clock-driven columns that are on screen.
        QHeaderView *hh = m_view->horizontalHeader();
        for (int c : {int(JobTableModel::Runtime), int(JobTableModel::TotalCost)})
            if (!hh->isSectionHidden(c))
                m_view->viewport()->update(hh->sectionViewportPosition(c), 0, hh->sectionSize(c),
                                           m_view->viewport()->height());
    });
    connect(m_model, &JobTableModel::refreshed, m_counts, &models::StatusCountsModel::refresh);
    // With the events stream open, status changes arrive between refreshes: the sidebar's counts follow them
    // (they stayed as they were, e.g. "Failed (1)" beside two failed rows, until the next full refresh).
    auto *countsSoon = new QTimer(this);
    countsSoon->setSingleShot(true);
    countsSoon->setInterval(200); // one re-count for a burst of changes
    connect(countsSoon, &QTimer::timeout, m_counts, &models::StatusCountsModel::refresh);
    connect(m_model, &JobTableModel::statusesChanged, countsSoon, qOverload<>(&QTimer::start));
    connect(m_model, &JobTableModel::refreshed, this, [this] {
        updateEmptyState();
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
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        if (!m_details->hasJob())
            return;
        const int row = m_model->rowOfId(m_details->job().id);
        if (row < topLeft.row() || row > bottomRight.row())
            return;
        m_details->takeRowUpdate(m_model->jobAt(row), m_model->displayedRuntime(row));
    });
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, sig, this, [this] { updateEmptyState(); });
    // A removed selected row (a delete) hands "current" to a neighbour without selecting it: the details would
    // show that job, with nothing selected. Once the selection model has settled: nothing selected, nothing shown.
    connect(
        m_proxy, &QAbstractItemModel::rowsRemoved, this,
        [this] {
            if (!m_view->selectionModel()->hasSelection() && m_details->hasJob()) {
                m_view->selectionModel()->clearCurrentIndex();
                m_details->clear();
                updateActions();
            }
        },
        Qt::QueuedConnection);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] { updateEmptyState(); });
    connect(m_model, &JobTableModel::busyChanged, this, [this] { updateEmptyState(); });

    restoreWindowState();

    QString initial = options.initialProfile;
    if (initial.isEmpty())
        initial = settings.value(QStringLiteral("connection/last"), QStringLiteral("local")).toString();
    bool known = false;
    for (const auto &p : std::as_const(m_profiles))
        known = known || p.id == initial;
    connectToProfile(known ? initial : QStringLiteral("local"));
}

MainWindow::~MainWindow()
{
    // ~QWidget hides the docks after this object is a MainWindow no more: their visibilityChanged must not reach
    // the lambdas above (UBSan under the asan preset: member access within a QWidget, tst_gui_logtabs).
    if (m_noticeDock)
        m_noticeDock->disconnect(this);
}

void MainWindow::buildActions()
{
    m_newJob = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Job…"), this);
    m_newJob->setShortcut(QKeySequence::New);
    m_newJob->setToolTip(
        tr("Submit a new job (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(m_newJob, &QAction::triggered, this, &MainWindow::newJob);

    m_submitCopy = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("Submit a &Copy…"), this);
    m_submitCopy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_submitCopy, &QAction::triggered, this, &MainWindow::submitCopy);

    m_cancel = new QAction(QIcon::fromTheme(QStringLiteral("process-stop")), tr("C&ancel Job"), this);
    m_cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    connect(m_cancel, &QAction::triggered, this, &MainWindow::cancelSelected);

    m_stopNow = new QAction(QIcon::fromTheme(QStringLiteral("process-stop")), tr("&Stop Now"), this);
    m_stopNow->setObjectName(QStringLiteral("stopNowAction"));
    m_stopNow->setToolTip(tr("Kill a cancelled job's processes now instead of at the end of its grace period"));
    connect(m_stopNow, &QAction::triggered, this, &MainWindow::stopNowSelected);

    m_delete = new QAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Delete Job…"), this);
    m_delete->setShortcut(QKeySequence::Delete);
    connect(m_delete, &QAction::triggered, this, &MainWindow::deleteSelected);

    m_refresh = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence::Refresh);
    connect(m_refresh, &QAction::triggered, this, &MainWindow::refreshNow);

    m_copyCommand = new QAction(tr("Copy Co&mmand"), this);
    m_copyCommand->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyCommand, &QAction::triggered, this, [this] { m_details->copyCommand(); });

    m_openLogs = new QAction(QIcon::fromTheme(QStringLiteral("utilities-terminal")), tr("Open &Logs in New Tab"), this);
    m_openLogs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_openLogs, &QAction::triggered, this, [this] {
        for (const wire::Job &j : selectedJobs())
            openLogTab(j.name);
    });

    m_showNotices = new QAction(tr("&Notifications"), this);
    m_showNotices->setCheckable(true);
    connect(m_showNotices, &QAction::toggled, this, [this](bool on) {
        if (m_noticeDock)
            m_noticeDock->setVisible(on);
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
    m_preferences->setShortcut(QKeySequence::keyBindings(QKeySequence::Preferences).value(
        0, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Comma)));
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
    view->addAction(m_showNotices);
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
    auto *connLabel = new QLabel(tr("Connection:"));
    tb->addWidget(connLabel);
    m_profileCombo = new QComboBox;
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    m_profileCombo->setAccessibleName(tr("Connection"));
    m_profileCombo->setMinimumContentsLength(14);
    m_profileCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connLabel->setBuddy(m_profileCombo);
    tb->addWidget(m_profileCombo);
    m_nsCombo = new QComboBox;
    m_nsCombo->setObjectName(QStringLiteral("namespaceCombo"));
    m_nsCombo->setAccessibleName(tr("Namespace"));
    m_nsComboAction = tb->addWidget(m_nsCombo);
    m_nsComboAction->setVisible(false);
    tb->addAction(m_connections);
    connect(m_profileCombo, &QComboBox::activated, this, [this](int i) {
        const QString id = m_profileCombo->itemData(i).toString();
        if (id == QLatin1String("__manage")) {
            reloadProfileCombo();
            openConnections();
            return;
        }
        connectToProfile(id);
    });
    connect(m_nsCombo, &QComboBox::activated, this,
            [this](int i) { connectToProfile(m_connection->profile().id, m_nsCombo->itemText(i)); });

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

    // Center: search + table, details below.
    auto *center = new QWidget;
    auto *cv = new QVBoxLayout(center);
    cv->setContentsMargins(0, 0, 0, 0);
    m_banner = new QWidget;
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setAutoFillBackground(true);
    {
        QPalette pal = m_banner->palette();
        pal.setColor(QPalette::Window, pal.color(QPalette::AlternateBase));
        m_banner->setPalette(pal);
    }
    auto *bl = new QHBoxLayout(m_banner);
    auto *warn = new QLabel;
    warn->setPixmap(models::statusIcon(wire::JobStatus::Failed).pixmap(16, 16));
    m_bannerLabel = new QLabel;
    m_bannerLabel->setObjectName(QStringLiteral("bannerText"));
    m_bannerLabel->setWordWrap(true);
    m_bannerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry = new QPushButton(tr("Re&try"));
    m_retry->setObjectName(QStringLiteral("bannerRetry"));
    m_editConnection = new QPushButton(tr("Edit Co&nnection…"));
    m_editConnection->setObjectName(QStringLiteral("editConnection"));
    m_startLocal = new QPushButton(tr("&Start Local Backend"));
    m_startLocal->setObjectName(QStringLiteral("startLocalBackend"));
    bl->addWidget(warn, 0, Qt::AlignTop);
    bl->addWidget(m_bannerLabel, 1);
    bl->addWidget(m_retry);
    bl->addWidget(m_startLocal);
    bl->addWidget(m_editConnection);
    m_banner->setVisible(false);
    connect(m_retry, &QPushButton::clicked, this, [this] { m_connection->reconnect(); });
    // For the local profile reconnecting is starting: LocalDaemon starts seedd when none answers.
    connect(m_startLocal, &QPushButton::clicked, this, [this] { m_connection->reconnect(); });
    connect(m_editConnection, &QPushButton::clicked, this, [this] {
        openConnections(m_connectError.isEmpty() ? m_listError : m_connectError, m_connection->profile().id);
    });
    cv->addWidget(m_banner);

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(
        tr("Search job names (%1)").arg(QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search job names"));
    connect(m_search, &QLineEdit::textChanged, m_proxy, &models::JobFilterProxy::setNameFilter);
    cv->addWidget(m_search);

    m_view = new QTableView;
    m_view->setObjectName(QStringLiteral("jobTable"));
    m_view->setAccessibleName(tr("Jobs"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->setItemDelegateForColumn(JobTableModel::Progress, new ProgressDelegate(m_view));
    m_view->setItemDelegateForColumn(JobTableModel::Name, new SpotDelegate(m_view));
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_openLogs, m_submitCopy, m_copyCommand, m_cancel, m_stopNow, m_delete});
    QHeaderView *hh = m_view->horizontalHeader();
    hh->setSectionsMovable(true);
    hh->setHighlightSections(false);
    hh->setStretchLastSection(true);
    hh->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_view->fontMetrics();
    const auto chars = [&fm](int n) { return fm.horizontalAdvance(QLatin1Char('x')) * n + 16; };
    // Wide enough for the longest status label of the language in use (German: "Zeit überschritten") next to
    // its icon, with the delegate's margins around and between them.
    const int statusWidth = std::max(chars(12), neededColumnWidth(JobTableModel::Status));
    hh->resizeSection(JobTableModel::Status, statusWidth);
    // ...taken from the name column, so the table as a whole is as wide in every language.
    hh->resizeSection(JobTableModel::Name, std::max(chars(16), chars(24) - (statusWidth - chars(12))));
    hh->resizeSection(JobTableModel::Gpu, chars(14));
    hh->resizeSection(JobTableModel::Region, chars(14));
    hh->resizeSection(JobTableModel::Progress, chars(23)); // "step 1200/5000 · ETA 12m" whole; longer: elided
    hh->resizeSection(JobTableModel::Runtime, chars(8));
    hh->resizeSection(JobTableModel::CostPerHour, chars(7));
    hh->resizeSection(JobTableModel::TotalCost, chars(9));
    hh->resizeSection(JobTableModel::Created, chars(17));
    hh->setSectionHidden(JobTableModel::Started, true);
    hh->setSectionHidden(JobTableModel::Completed, true);
    hh->setSortIndicator(JobTableModel::Created, Qt::DescendingOrder);
    hh->setSortIndicatorShown(true);
    hh->setSectionsClickable(true);
    connect(hh, &QHeaderView::sortIndicatorChanged, this, [this, hh](int column, Qt::SortOrder order) {
        if (JobTableModel::sortFieldFor(column).isEmpty()) {
            const QSignalBlocker block(hh);
            hh->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
            statusBar()->showMessage(tr("Jobs can be sorted by name, created, started and finished time."), 4000);
            return;
        }
        m_model->sort(column, order);
    });
    hh->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(hh, &QHeaderView::customContextMenuRequested, this, [this, hh](const QPoint &pos) {
        QMenu menu;
        for (int c = 0; c < JobTableModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!hh->isSectionHidden(c));
            a->setEnabled(c != JobTableModel::Name);
            connect(a, &QAction::toggled, hh, [hh, c](bool on) { hh->setSectionHidden(c, !on); });
        }
        menu.exec(hh->mapToGlobal(pos)); // a context menu is the one modal popup the platform expects
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onCurrentChanged);
    // A double-click opens the job's logs in a tab of their own (the details stay on the selected job).
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        m_showDetails->setChecked(true);
        openLogTab(index.data(JobTableModel::JobNameRole).toString());
    });

    m_empty = new QLabel;
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_tableStack = new QStackedWidget;
    m_tableStack->addWidget(m_view);
    m_tableStack->addWidget(m_empty);
    cv->addWidget(m_tableStack, 1);

    m_details = new JobDetails(m_client);
    m_details->setObjectName(QStringLiteral("jobDetails"));
    connect(m_details, &JobDetails::jobChanged, this, &MainWindow::updateActions); // Copy Command needs the full record
    connect(m_details, &JobDetails::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 5000); });

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

    m_indicator = new QLabel;
    m_indicator->setObjectName(QStringLiteral("connectionIndicator"));
    m_countLabel = new QLabel;
    m_countLabel->setObjectName(QStringLiteral("jobCount"));
    auto *indicatorBox = new QWidget;
    auto *il = new QHBoxLayout(indicatorBox);
    il->setContentsMargins(0, 0, 0, 0);
    auto *indicatorIcon = new QLabel;
    indicatorIcon->setObjectName(QStringLiteral("connectionDot"));
    il->addWidget(indicatorIcon);
    il->addWidget(m_indicator);
    m_machineLabel = new QLabel;
    m_machineLabel->setObjectName(QStringLiteral("machineSummary"));
    m_machineLabel->setVisible(false);
    statusBar()->addPermanentWidget(m_machineLabel);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(indicatorBox);
    m_noticeButton = new QToolButton;
    m_noticeButton->setObjectName(QStringLiteral("notificationButton"));
    m_noticeButton->setAutoRaise(true);
    // Text beside the icon: icon-only (a QToolButton's default) hid the count as soon as the failure icon
    // was set, leaving a bare red mark where "2 jobs ended" belonged.
    m_noticeButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_noticeButton->setToolTip(tr("Jobs that ended while Seed was open"));
    connect(m_noticeButton, &QToolButton::clicked, this,
            [this] { m_showNotices->setChecked(!m_noticeDock->isVisible()); });
    statusBar()->addPermanentWidget(m_noticeButton);
    buildLiveDocks();
    resize(1200, 760);
    updateActions();
    updateEmptyState();
}

void MainWindow::buildLiveDocks()
{
    m_logTabs = new QTabWidget;
    m_logTabs->setObjectName(QStringLiteral("logTabs"));
    m_logTabs->setTabsClosable(true);
    m_logTabs->setMovable(true);
    m_logTabs->setDocumentMode(true);
    connect(m_logTabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeLogTab);
    m_logDock = new QDockWidget(tr("Logs"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_logTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->hide(); // until a tab opens

    m_notices = new QListWidget;
    m_notices->setObjectName(QStringLiteral("notifications"));
    m_notices->setAccessibleName(tr("Notifications"));
    // Entries wrap in the narrow dock ("name — Timed out (exit code 137) · 14:02") instead of scrolling sideways.
    m_notices->setWordWrap(true);
    m_notices->setResizeMode(QListView::Adjust);
    m_notices->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_notices, &QListWidget::itemActivated, this, &MainWindow::onNotificationActivated);
    connect(m_notices, &QListWidget::itemClicked, this, &MainWindow::onNotificationActivated);
    m_noticeDock = new QDockWidget(tr("Notifications"), this);
    m_noticeDock->setObjectName(QStringLiteral("notificationDock"));
    m_noticeDock->setWidget(m_notices);
    addDockWidget(Qt::RightDockWidgetArea, m_noticeDock);
    m_noticeDock->hide();
    connect(m_noticeDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        const QSignalBlocker block(m_showNotices);
        m_showNotices->setChecked(m_noticeDock->isVisible());
        if (visible) { // seen
            m_unreadNotices = 0;
            m_unreadFailures = 0;
            m_unreadPreemptions = 0;
            updateNotificationButton();
        }
    });
    updateNotificationButton();
}

LogPane *MainWindow::logTab(const QString &jobName) const
{
    for (int i = 0; i < m_logTabs->count(); ++i)
        if (auto *pane = qobject_cast<LogPane *>(m_logTabs->widget(i)); pane && pane->jobName() == jobName)
            return pane;
    return nullptr;
}

LogPane *MainWindow::openLogTab(const QString &jobName)
{
    if (jobName.isEmpty() || !m_connection->isReady())
        return nullptr;
    LogPane *pane = logTab(jobName);
    if (!pane) {
        pane = new LogPane(m_client, jobName);
        pane->setObjectName(QStringLiteral("logTab:") + jobName);
        const int i = m_logTabs->addTab(pane, jobName);
        m_logTabs->setTabToolTip(i, tr("Logs of %1").arg(jobName));
        connect(pane, &LogPane::endedWith, this, [this, pane](const QString &status) {
            const int at = m_logTabs->indexOf(pane);
            if (at >= 0)
                m_logTabs->setTabIcon(at, models::statusIcon(status));
        });
        pane->start();
    }
    m_logTabs->setCurrentWidget(pane);
    m_logDock->show();
    m_logDock->raise();
    return pane;
}

void MainWindow::closeLogTab(int index)
{
    auto *pane = qobject_cast<LogPane *>(m_logTabs->widget(index));
    if (!pane)
        return;
    pane->stream()->stop(); // now, not when the deferred delete runs
    m_logTabs->removeTab(index);
    pane->deleteLater();
    if (m_logTabs->count() == 0)
        m_logDock->hide();
}

void MainWindow::closeAllLogTabs()
{
    while (m_logTabs->count() > 0)
        closeLogTab(m_logTabs->count() - 1);
}

void MainWindow::addNotification(const wire::Job &job, const QString &preemptedText)
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
    item->setData(NoticeJobRole, job.name);
    item->setData(NoticeStatusRole,
                  preemptedText.isEmpty() ? wire::jobStatusName(job.status) : QStringLiteral("preempted"));
    item->setData(NoticeFailedRole, failed);
    item->setToolTip(job.statusMessage.isEmpty() ? tr("Click to open the logs of %1").arg(job.name)
                                                 : job.statusMessage);
    if (failed) {
        item->setForeground(models::statusColor(wire::JobStatus::Failed));
        QFont bold = m_notices->font();
        bold.setBold(true);
        item->setFont(bold);
    }
    m_notices->insertItem(0, item);  // newest first
    while (m_notices->count() > 200) // a bounded history
        delete m_notices->takeItem(m_notices->count() - 1);
    if (!m_noticeDock->isVisible()) {
        ++(preemptedText.isEmpty() ? m_unreadNotices : m_unreadPreemptions);
        if (failed)
            ++m_unreadFailures;
    }
    updateNotificationButton();
}

void MainWindow::updateNotificationButton()
{
    m_noticeButton->setVisible(m_notices->count() > 0);
    // A preemption is not an end: counted apart, and named only when no end is waiting to be seen.
    m_noticeButton->setText(m_unreadNotices > 0       ? tr("%n job(s) ended", nullptr, m_unreadNotices)
                            : m_unreadPreemptions > 0 ? tr("%n spot job(s) preempted", nullptr, m_unreadPreemptions)
                                                      : tr("Notifications"));
    m_noticeButton->setIcon(m_unreadFailures > 0 ? models::statusIcon(wire::JobStatus::Failed) : QIcon());
    QFont f = m_noticeButton->font();
    f.setBold(m_unreadNotices > 0 || m_unreadPreemptions > 0);
    m_noticeButton->setFont(f);
}

void MainWindow::onNotificationActivated(QListWidgetItem *item)
{
    if (item)
        openLogTab(item->data(NoticeJobRole).toString());
}

void MainWindow::buildTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setToolTip(tr("Seed"));
    auto *menu = new QMenu(this);
    menu->addAction(tr("&Show Seed"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(m_newJob);
    menu->addSeparator();
    menu->addAction(m_quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger) {
            showNormal();
            raise();
            activateWindow();
        }
    });
    // The tray says which message was clicked no further: the last one shown is the one on screen.
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        showNormal();
        raise();
        activateWindow();
        openLogTab(m_lastTrayJob);
    });
    m_tray->show();
}

void MainWindow::onJobFinished(const wire::Job &job)
{
    const QString text = tr("%1 %2").arg(job.name, models::statusLabel(job.status).toLower());
    statusBar()->showMessage(text, 8000);
    addNotification(job); // always: the in-window list is the history, and the fallback where there is no tray
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
void MainWindow::onJobPreempted(const wire::Job &job)
{
    const QString text = job.statusMessage.startsWith(QLatin1String("Preempted"))
                             ? tr("%1 was preempted: %2").arg(job.name, job.statusMessage)
                             : tr("%1 was preempted and waits for resources.").arg(job.name);
    statusBar()->showMessage(text, 8000);
    addNotification(job, text);
    const Preferences prefs = Preferences::load();
    if (prefs.desktopNotifications && !prefs.failedOnly && m_tray && m_tray->isVisible() &&
        QSystemTrayIcon::supportsMessages()) {
        m_lastTrayJob = job.name;
        m_tray->showMessage(tr("Spot job preempted"), text, QSystemTrayIcon::Warning, 8000);
    }
}

void MainWindow::restoreWindowState()
{
    if (!m_options.restoreState)
        return;
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_logDock->setVisible(m_logTabs->count() > 0); // log tabs are not restored: an empty dock stays hidden
    m_hsplit->restoreState(s.value(QStringLiteral("window/hsplit")).toByteArray());
    m_vsplit->restoreState(s.value(QStringLiteral("window/vsplit")).toByteArray());
    const QByteArray header = s.value(QStringLiteral("window/table")).toByteArray();
    if (!header.isEmpty()) {
        const QSignalBlocker block(m_view->horizontalHeader());
        m_view->horizontalHeader()->restoreState(header);
        // The server's sort is the model's: the saved indicator tells it.
        QHeaderView *hh = m_view->horizontalHeader();
        if (!JobTableModel::sortFieldFor(hh->sortIndicatorSection()).isEmpty())
            m_model->sort(hh->sortIndicatorSection(), hh->sortIndicatorOrder());
        else
            hh->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    // Widths saved under another language may be too narrow for this one's labels.
    for (int c = 0; c < JobTableModel::ColumnCount; ++c)
        if (m_view->horizontalHeader()->sectionSize(c) < neededColumnWidth(c))
            m_view->horizontalHeader()->resizeSection(c, neededColumnWidth(c));
    m_showDetails->setChecked(s.value(QStringLiteral("window/details"), true).toBool());
}

void MainWindow::saveWindowState()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/hsplit"), m_hsplit->saveState());
    s.setValue(QStringLiteral("window/vsplit"), m_vsplit->saveState());
    s.setValue(QStringLiteral("window/table"), m_view->horizontalHeader()->saveState());
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

void MainWindow::reloadProfileCombo()
{
    const QSignalBlocker block(m_profileCombo);
    m_profileCombo->clear();
    for (const auto &p : std::as_const(m_profiles))
        m_profileCombo->addItem(p.isLocal() ? QIcon::fromTheme(QStringLiteral("computer"))
                                            : QIcon::fromTheme(QStringLiteral("network-server")),
                                p.name, p.id);
    m_profileCombo->insertSeparator(m_profileCombo->count());
    m_profileCombo->addItem(tr("Manage connections…"), QStringLiteral("__manage"));
    const int i = m_profileCombo->findData(m_connection->profile().id);
    m_profileCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void MainWindow::setProfiles(const QList<client::Profile> &profiles)
{
    m_profiles = profiles;
    QSettings s;
    client::ProfileStore::save(s, m_profiles);
    reloadProfileCombo();
}

void MainWindow::connectToProfile(const QString &id, const QString &ns)
{
    for (const auto &p : std::as_const(m_profiles)) {
        if (p.id != id)
            continue;
        QSettings().setValue(QStringLiteral("connection/last"), id);
        m_details->clear();
        closeAllLogTabs(); // their streams belong to the endpoint we leave
        m_notices->clear();
        m_unreadNotices = m_unreadFailures = m_unreadPreemptions = 0;
        updateNotificationButton();
        m_connection->connectTo(p, ns);
        reloadProfileCombo();
        {
            const QSignalBlocker block(m_nsCombo);
            m_nsCombo->clear();
            m_nsCombo->addItems(p.namespaces);
            m_nsCombo->setCurrentIndex(qMax(0, int(p.namespaces.indexOf(m_connection->currentNamespace()))));
        }
        m_nsComboAction->setVisible(!p.isLocal() && p.namespaces.size() > 1);
        setWindowTitle(p.name);
        return;
    }
}

void MainWindow::showBanner(const QString &text)
{
    m_bannerLabel->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString MainWindow::bannerText() const { return m_banner->isVisible() ? m_bannerLabel->text() : QString(); }

void MainWindow::updateIndicator()
{
    auto *dotLabel = findChild<QLabel *>(QStringLiteral("connectionDot"));
    const QString where = m_connection->profile().name;
    QString text;
    QColor colour;
    if (!m_connectError.isEmpty()) {
        text = tr("Not connected");
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (m_connection->isReady() && m_authRefused) {
        text = tr("%1 refused the credential").arg(where);
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (m_connection->isReady() && !m_listError.isEmpty() &&
               m_client->state() == client::ConnectionState::Connected) {
        text = tr("%1 · requests fail").arg(where);
        colour = models::statusColor(wire::JobStatus::Failed);
    } else if (!m_connection->isReady()) {
        text = tr("Connecting to %1…").arg(where);
        colour = models::statusColor(wire::JobStatus::Queued);
    } else {
        switch (m_client->state()) {
        case client::ConnectionState::Connected:
            text = tr("%1 · %2").arg(where, m_connection->currentNamespace());
            colour = models::statusColor(wire::JobStatus::Succeeded);
            break;
        case client::ConnectionState::Disconnected:
            text = tr("Disconnected from %1 — retrying").arg(where);
            colour = models::statusColor(wire::JobStatus::Failed);
            break;
        case client::ConnectionState::Unknown:
            text = tr("Connecting to %1…").arg(where);
            colour = models::statusColor(wire::JobStatus::Queued);
            break;
        }
    }
    m_indicator->setText(text);
    m_indicator->setAccessibleName(tr("Connection state: %1").arg(text));
    // Which credential this window acts with (its id or name, never the secret): the one to revoke or renew.
    QString credential;
    if (m_connection->isReady() && m_connectError.isEmpty() && !m_authRefused) {
        const client::CredentialLabel c = client::credentialLabel(m_client->endpoint().authorization);
        switch (c.kind) {
        case client::CredentialLabel::Token:
            credential = tr("Signed in with token %1").arg(c.id);
            break;
        case client::CredentialLabel::ApiKey:
            credential = tr("Signed in with API key %1").arg(c.id);
            break;
        case client::CredentialLabel::OtherBearer:
            credential = tr("Signed in with a bearer token");
            break;
        case client::CredentialLabel::None:
            break;
        }
    }
    QString tip = m_client->state() == client::ConnectionState::Disconnected ? m_client->lastTransportError() : QString();
    if (!credential.isEmpty())
        tip = tip.isEmpty() ? credential : tip + u'\n' + credential;
    m_indicator->setToolTip(tip);
    if (dotLabel)
        dotLabel->setPixmap(dot(colour));
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_proxy->rowCount() == 0;
    QString text;
    if (empty) {
        // Never "No jobs yet" while requests fail: the list is unknown, not empty.
        if (!m_connectError.isEmpty() || !m_listError.isEmpty())
            text = tr("The jobs could not be loaded.");
        else if (!m_connection->isReady() || m_model->isBusy())
            text = tr("Loading jobs…");
        else if (!m_proxy->nameFilter().isEmpty())
            text = tr("No job name contains “%1”.").arg(m_proxy->nameFilter());
        else if (!m_model->statusFilter().isEmpty())
            text = tr("No %1 jobs.").arg(models::statusLabel(m_model->statusFilter()).toLower());
        else
            text = tr("No jobs yet.\nPress %1 to submit one.")
                       .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
    }
    m_empty->setText(text);
    m_tableStack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_view);
    m_countLabel->setText(m_listError.isEmpty() && (m_model->totalOnServer() > 0 || m_connection->isReady())
                              ? tr("%n job(s)", nullptr, int(m_model->totalOnServer()))
                              : QString());
}

QList<wire::Job> MainWindow::selectedJobs() const
{
    QList<wire::Job> out;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        out.append(i.data(JobTableModel::JobRole).value<wire::Job>());
    return out;
}

void MainWindow::selectJobs(const QStringList &names)
{
    QItemSelection sel;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (names.contains(i.data(JobTableModel::JobNameRole).toString()))
            sel.select(i, m_proxy->index(r, JobTableModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!sel.isEmpty())
        m_view->selectionModel()->setCurrentIndex(sel.first().topLeft(), QItemSelectionModel::NoUpdate);
}

void MainWindow::updateActions()
{
    const QList<wire::Job> sel = selectedJobs();
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
    const QModelIndex cur = m_view->selectionModel()->currentIndex();
    if (!cur.isValid() || !m_view->selectionModel()->hasSelection()) {
        m_details->clear();
    } else {
        const auto job = cur.data(JobTableModel::JobRole).value<wire::Job>();
        if (job.id != m_details->job().id || !m_details->hasJob())
            m_details->showJob(job);
    }
    updateActions();
}

void MainWindow::refreshNow()
{
    m_model->refresh();
    m_counts->refresh();
    if (m_details->hasJob())
        m_details->reload();
}

void MainWindow::openSubmit(const wire::JobSpec *prefill)
{
    if (m_submit) {
        m_submit->raise();
        m_submit->activateWindow();
        return;
    }
    m_submit = new SubmitDialog(m_client, this);
    m_submit->setAttribute(Qt::WA_DeleteOnClose);
    if (m_machine)
        m_submit->setMachine(*m_machine); // before a prefill: its values are the user's, the machine's are defaults
    if (prefill)
        m_submit->setSpec(*prefill);
    connect(m_submit, &SubmitDialog::submitted, this, [this](const wire::Job &job) {
        // A server without spot jobs ignores the key: say that this one runs (and is priced) on demand.
        if (m_submit && m_submit->isSpot() && !job.spot)
            statusBar()->showMessage(
                tr("Submitted %1, but this server does not know spot jobs: it runs on demand.").arg(job.name), 10000);
        else
            statusBar()->showMessage(tr("Submitted %1.").arg(job.name), 5000);
        selectWhenListed(job.name);
        m_model->refresh();
        m_counts->refresh();
    });
    m_submit->open();
}

void MainWindow::newJob() { openSubmit(nullptr); }

void MainWindow::submitCopy()
{
    const auto sel = selectedJobs();
    if (sel.size() != 1)
        return;
    // The table holds the list shape; the details hold the full record when it is the same job.
    wire::Job job = sel.first();
    if (m_details->hasJob() && m_details->job().id == job.id)
        job = m_details->job();
    wire::JobSpec spec = SubmitDialog::specFromJob(job);
    // Skip names already in the list (the server still has the last word: a 409 shows at the name).
    for (int guard = 0; guard < 1000 && m_model->rowOfName(spec.name) >= 0; ++guard) {
        wire::Job next = job;
        next.name = spec.name;
        spec.name = SubmitDialog::specFromJob(next).name;
    }
    openSubmit(&spec);
}

void MainWindow::cancelSelected()
{
    QStringList names;
    int skipped = 0;
    for (const auto &j : selectedJobs()) {
        if (wire::isTerminal(j.status))
            ++skipped;
        else
            names.append(j.name);
    }
    if (names.isEmpty() || m_confirm)
        return;
    QString text = names.size() == 1 ? tr("Cancel job “%1”?").arg(names.first())
                                     : tr("Cancel %n jobs?", nullptr, int(names.size()));
    QString info = tr("Running processes receive SIGTERM, then SIGKILL after a 30-second grace period.");
    if (names.size() > 1)
        info += QStringLiteral("\n\n") + names.mid(0, 10).join(QStringLiteral(", ")) +
                (names.size() > 10 ? QStringLiteral(", …") : QString());
    if (skipped > 0)
        info += QStringLiteral("\n\n") + tr("%n selected job(s) already ended and are left alone.", nullptr, skipped);
    auto *box = new QMessageBox(QMessageBox::Question, names.size() == 1 ? tr("Cancel job") : tr("Cancel jobs"), text,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmCancel"));
    box->setInformativeText(info);
    box->button(QMessageBox::Yes)->setText(names.size() == 1 ? tr("Cancel Job") : tr("Cancel Jobs"));
    box->button(QMessageBox::No)->setText(tr("Keep Running"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = box;
    connect(box, &QMessageBox::finished, this, [this, names](int result) {
        if (result != QMessageBox::Yes)
            return;
        auto left = std::make_shared<int>(int(names.size()));
        auto errors = std::make_shared<QStringList>();
        for (const QString &name : names) {
            m_client->cancelJob(name, this, [this, name, left, errors](const client::Result<client::CancelResult> &r) {
                if (r.ok())
                    m_model->mergeCancel(r.value->job);
                else
                    errors->append(tr("%1: %2").arg(name, client::describeForUser(r.value.error())));
                if (--*left > 0)
                    return;
                statusBar()->showMessage(errors->isEmpty() ? tr("Cancelled.") : errors->join(QStringLiteral("; ")),
                                         8000);
                m_model->refresh();
                m_counts->refresh();
                if (m_details->hasJob())
                    m_details->reload();
                updateActions();
            });
        }
    });
    box->open();
}

void MainWindow::deleteSelected()
{
    QStringList names;
    int skipped = 0;
    for (const auto &j : selectedJobs()) {
        if (wire::isTerminal(j.status))
            names.append(j.name);
        else
            ++skipped;
    }
    if (names.isEmpty() || m_confirm)
        return;
    QString text = names.size() == 1 ? tr("Delete job “%1”?").arg(names.first())
                                     : tr("Delete %n jobs?", nullptr, int(names.size()));
    QString info = tr("The job record is removed from the list.");
    if (names.size() > 1)
        info += QStringLiteral("\n\n") + names.mid(0, 10).join(QStringLiteral(", ")) +
                (names.size() > 10 ? QStringLiteral(", …") : QString());
    if (skipped > 0)
        info += QStringLiteral("\n\n") +
                tr("%n selected job(s) are still queued or running and are left alone; cancel them first.", nullptr,
                   skipped);
    auto *box = new QMessageBox(QMessageBox::Warning, names.size() == 1 ? tr("Delete job") : tr("Delete jobs"), text,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setInformativeText(info);
    auto *artifacts = new QCheckBox(tr("Also delete &artifacts (cannot be undone)"));
    artifacts->setObjectName(QStringLiteral("deleteArtifacts"));
    box->setCheckBox(artifacts);
    box->button(QMessageBox::Yes)->setText(names.size() == 1 ? tr("Delete Job") : tr("Delete Jobs"));
    box->button(QMessageBox::No)->setText(tr("Keep"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = box;
    connect(box, &QMessageBox::finished, this, [this, names, artifacts](int result) {
        if (result != QMessageBox::Yes)
            return;
        const bool withArtifacts = artifacts->isChecked();
        auto left = std::make_shared<int>(int(names.size()));
        auto errors = std::make_shared<QStringList>();
        for (const QString &name : names) {
            m_client->deleteJob(name, withArtifacts, this,
                                [this, name, left, errors](const client::Result<client::Empty> &r) {
                                    if (r.ok() || r.value.error().kind == wire::ErrorKind::NotFound) {
                                        m_model->removeByName(name);
                                        if (m_details->hasJob() && m_details->job().name == name)
                                            m_details->clear();
                                    } else {
                                        errors->append(
                                            tr("%1: %2").arg(name, client::describeForUser(r.value.error())));
                                    }
                                    if (--*left > 0)
                                        return;
                                    statusBar()->showMessage(
                                        errors->isEmpty() ? tr("Deleted.") : errors->join(QStringLiteral("; ")), 8000);
                                    m_model->refresh();
                                    m_counts->refresh();
                                    updateActions();
                                });
        }
    });
    box->open();
}

void MainWindow::openConnections(const QString &notice, const QString &selectId)
{
    if (m_profilesDialog) {
        m_profilesDialog->raise();
        return;
    }
    m_profilesDialog = new ProfilesDialog(m_profiles, m_secrets, this);
    m_profilesDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_profilesDialog->setNotice(notice);
    if (!selectId.isEmpty())
        m_profilesDialog->selectProfile(selectId);
    connect(m_profilesDialog, &ProfilesDialog::profilesChanged, this, &MainWindow::setProfiles);
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
    for (const auto &p : m_profiles)
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

} // namespace seed::ui

namespace seed::ui {

void MainWindow::selectWhenListed(const QString &name)
{
    m_selectWhenListed = name;
    if (!m_selectWhenListedHooked) {
        m_selectWhenListedHooked = true;
        const auto trySelect = [this] {
            if (m_selectWhenListed.isEmpty() || m_model->rowOfName(m_selectWhenListed) < 0)
                return;
            const QString name = std::exchange(m_selectWhenListed, QString());
            selectJobs({name});
            const QModelIndex cur = m_view->selectionModel()->currentIndex();
            if (cur.isValid())
                m_view->scrollTo(cur);
        };
        connect(m_model, &JobTableModel::refreshed, this, trySelect);
        connect(m_proxy, &QAbstractItemModel::rowsInserted, this, trySelect, Qt::QueuedConnection);
    }
    if (m_model->rowOfName(name) >= 0) {
        m_selectWhenListed.clear();
        selectJobs({name});
    }
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
    for (const QString &guide : {bin + QStringLiteral("/../share/doc/seed/desktop.md"), bin + QStringLiteral("/../../docs/desktop.md")}) {
        if (QFileInfo::exists(guide))
            return QUrl::fromLocalFile(QFileInfo(guide).canonicalFilePath());
    }
    return QUrl(QStringLiteral("https://outpost.run/seed/docs/desktop"));
}

void MainWindow::showShortcuts()
{
    auto *dlg = new QDialog(this);
    dlg->setObjectName(QStringLiteral("shortcutsDialog"));
    dlg->setWindowTitle(tr("Keyboard Shortcuts"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    auto *table = new QTableWidget(0, 2, dlg);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    for (QMenu *menu : menuBar()->findChildren<QMenu *>()) {
        for (QAction *a : menu->actions()) {
            if (a->shortcut().isEmpty() || a->isSeparator())
                continue;
            const int r = table->rowCount();
            table->insertRow(r);
            table->setItem(r, 0, new QTableWidgetItem(plainLabel(a->text()).remove(QChar(0x2026))));
            table->setItem(r, 1, new QTableWidgetItem(a->shortcut().toString(QKeySequence::NativeText)));
        }
    }
    // Ones that live outside the menus.
    const std::pair<QString, QString> extra[] = {
        {tr("Submit the form"), QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)},
        {tr("Open a job's logs in a tab"), tr("Double-click")},
    };
    for (const auto &[what, key] : extra) {
        const int r = table->rowCount();
        table->insertRow(r);
        table->setItem(r, 0, new QTableWidgetItem(what));
        table->setItem(r, 1, new QTableWidgetItem(key));
    }
    table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dlg);
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::reject);
    auto *lay = new QVBoxLayout(dlg);
    lay->addWidget(table);
    lay->addWidget(buttons);
    dlg->resize(460, 480);
    dlg->open();
}

} // namespace seed::ui
