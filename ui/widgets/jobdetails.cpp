#include "jobdetails.h"

#include "jobcharts.h"
#include "logpane.h"

#include "client/errortext.h"
#include "client/seedclient.h"
#include "models/statusstyle.h"
#include "wire/catalog.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedLayout>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <algorithm>

namespace seed::ui {

using models::formatBytes;
using models::formatDuration;

namespace {
QString timeText(const std::optional<QDateTime> &t)
{
    if (!t || !t->isValid())
        return QStringLiteral("—");
    return QLocale().toString(t->toLocalTime(), QLocale::LongFormat);
}
QString orDash(const QString &s) { return s.isEmpty() ? QStringLiteral("—") : s; }
} // namespace

JobDetails::JobDetails(client::SeedClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailsTabs"));
    m_tabs->setDocumentMode(true);
    outer->addWidget(m_tabs);
    // The tab the user picks stays picked when another job is selected (the Logs and Charts tabs are
    // rebuilt for each job; without this the details fell back to Overview on every selection).
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (!m_rebuildingTabs)
            m_wantedTab = m_tabs->widget(index) ? m_tabs->widget(index)->property("detailsTab").toString() : QString();
    });
    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &JobDetails::updateClockFields);

    auto *overview = new QWidget;
    auto *stack = new QStackedLayout(overview);
    m_placeholder = new QLabel(tr("Select a job to see its details."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);
    stack->addWidget(m_placeholder);

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_body = new QWidget;
    scroll->setWidget(m_body);
    stack->addWidget(scroll);
    overview->setProperty("detailsTab", QStringLiteral("overview"));
    m_tabs->addTab(overview, tr("Overview"));

    auto *v = new QVBoxLayout(m_body);
    auto *head = new QHBoxLayout;
    m_statusIcon = new QLabel;
    m_statusIcon->setFixedSize(24, 24);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.3);
    tf.setBold(true);
    m_title->setFont(tf);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    head->addWidget(m_statusIcon);
    head->addWidget(m_title, 1);
    v->addLayout(head);

    auto *columns = new QHBoxLayout;
    v->addLayout(columns);

    auto *left = new QFormLayout;
    left->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addField(left, QStringLiteral("status"), tr("Status"));
    addField(left, QStringLiteral("progress"), tr("Progress"));
    // Under the progress text while the job runs and a fraction is known.
    m_progressBar = new QProgressBar;
    m_progressBar->setRange(0, 1000);
    m_progressBar->setTextVisible(false);
    m_progressBar->setMaximumHeight(8);
    m_progressBar->setAccessibleName(tr("Job progress"));
    m_progressBar->setVisible(false);
    left->addRow(static_cast<QWidget *>(nullptr), m_progressBar);
    addField(left, QStringLiteral("id"), tr("ID"));
    addField(left, QStringLiteral("namespace"), tr("Namespace"));
    addField(left, QStringLiteral("source"), tr("Source"));
    addField(left, QStringLiteral("branch"), tr("Branch"));
    addField(left, QStringLiteral("commit_sha"), tr("Commit"));
    addField(left, QStringLiteral("exit_code"), tr("Exit code"));
    addField(left, QStringLiteral("retries"), tr("Retries"));
    addField(left, QStringLiteral("preemptions"), tr("Preemptions"));
    addField(left, QStringLiteral("output_path"), tr("Output path"));

    auto *right = new QFormLayout;
    right->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addField(right, QStringLiteral("gpu"), tr("GPU"));
    addField(right, QStringLiteral("nodes"), tr("Nodes"));
    addField(right, QStringLiteral("pricing"), tr("Pricing"));
    addField(right, QStringLiteral("machine"), tr("Machine"));
    addField(right, QStringLiteral("region"), tr("Region"));
    addField(right, QStringLiteral("timeout_minutes"), tr("Timeout"));
    addField(right, QStringLiteral("cost_per_hour"), tr("Cost per hour"));
    addField(right, QStringLiteral("total_cost"), tr("Total cost"));
    addField(right, QStringLiteral("projected_cost"), tr("Projected total"));
    addField(right, QStringLiteral("energy"), tr("GPU energy"));
    addField(right, QStringLiteral("energy_cost"), tr("Energy cost"));
    addField(right, QStringLiteral("runtime_seconds"), tr("Runtime"));
    addField(right, QStringLiteral("created_at"), tr("Created"));
    addField(right, QStringLiteral("started_at"), tr("Started"));
    addField(right, QStringLiteral("completed_at"), tr("Finished"));
    columns->addLayout(left, 1);
    columns->addSpacing(16);
    columns->addLayout(right, 1);

    auto *cmdBox = new QGroupBox(tr("Command"));
    auto *cmdLayout = new QHBoxLayout(cmdBox);
    m_command = new QPlainTextEdit;
    m_command->setObjectName(QStringLiteral("commandText"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setMaximumHeight(m_command->fontMetrics().lineSpacing() * 4 + 12);
    m_command->setAccessibleName(tr("Command"));
    m_copy = new QPushButton(tr("&Copy"));
    m_copy->setObjectName(QStringLiteral("copyCommand"));
    m_copy->setToolTip(tr("Copy the command to the clipboard"));
    m_copy->setAccessibleName(tr("Copy command"));
    connect(m_copy, &QPushButton::clicked, this, &JobDetails::copyCommand);
    cmdLayout->addWidget(m_command, 1);
    cmdLayout->addWidget(m_copy, 0, Qt::AlignTop);
    v->addWidget(cmdBox);

    m_artifactsBox = new QGroupBox(tr("Artifacts"));
    auto *art = new QVBoxLayout(m_artifactsBox);
    auto *artForm = new QFormLayout;
    addField(artForm, QStringLiteral("artifacts.path"), tr("Path"));
    addField(artForm, QStringLiteral("artifacts.size"), tr("Size"));
    addField(artForm, QStringLiteral("artifacts.files"), tr("Files"));
    addField(artForm, QStringLiteral("artifacts.download_url"), tr("Download URL"));
    art->addLayout(artForm);
    auto *artButtons = new QHBoxLayout;
    m_downloadButton = new QPushButton(tr("&Download…"));
    m_downloadButton->setObjectName(QStringLiteral("downloadArtifacts"));
    m_openFolderButton = new QPushButton(tr("Open &folder"));
    m_openFolderButton->setObjectName(QStringLiteral("openArtifactsFolder"));
    m_downloadProgress = new QProgressBar;
    m_downloadProgress->setObjectName(QStringLiteral("downloadProgress"));
    m_downloadProgress->setAccessibleName(tr("Download progress"));
    m_downloadProgress->setVisible(false);
    m_cancelDownload = new QToolButton;
    m_cancelDownload->setText(tr("Cancel download"));
    m_cancelDownload->setObjectName(QStringLiteral("cancelDownload"));
    m_cancelDownload->setVisible(false);
    artButtons->addWidget(m_downloadButton);
    artButtons->addWidget(m_openFolderButton);
    artButtons->addWidget(m_downloadProgress, 1);
    artButtons->addWidget(m_cancelDownload);
    artButtons->addStretch();
    art->addLayout(artButtons);
    v->addWidget(m_artifactsBox);
    v->addStretch();

    connect(m_downloadButton, &QPushButton::clicked, this, [this] {
        if (!m_job.artifacts)
            return;
        auto *dlg = new QFileDialog(this, tr("Save artifacts"));
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        dlg->setAcceptMode(QFileDialog::AcceptSave);
        dlg->setObjectName(QStringLiteral("saveArtifactsDialog"));
        // The Downloads folder (else home): the working directory, where the dialog opened, is wherever Seed was
        // started from, often / or the install dir.
        QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        if (dir.isEmpty() || !QFileInfo(dir).isDir())
            dir = QDir::homePath();
        dlg->setDirectory(dir);
        dlg->setNameFilters({tr("Tar archives (*.tar)"), tr("All files (*)")});
        dlg->setDefaultSuffix(QStringLiteral("tar"));
        dlg->selectFile(suggestedArtifactsName(m_job));
        connect(dlg, &QFileDialog::fileSelected, this, &JobDetails::startDownload);
        dlg->open();
    });
    connect(m_openFolderButton, &QPushButton::clicked, this, &JobDetails::openFolder);
    connect(m_cancelDownload, &QToolButton::clicked, this, [this] {
        if (m_download)
            m_download->cancel();
    });
    clear();
}

void JobDetails::addField(QFormLayout *form, const QString &key, const QString &label)
{
    auto *value = new QLabel;
    value->setObjectName(QStringLiteral("field_") + key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setAccessibleName(label);
    auto *l = new QLabel(label + QLatin1Char(':'));
    l->setBuddy(value);
    form->addRow(l, value);
    m_fields.insert(key, value);
    m_fieldForms.insert(key, form);
}

void JobDetails::setFieldShown(const QString &key, bool shown)
{
    QFormLayout *form = m_fieldForms.value(key);
    QLabel *l = m_fields.value(key);
    if (!form || !l)
        return;
    form->setRowVisible(l, shown);
    // The word-wrapped labels put the form on its height-for-width path, which in Qt 6.4 still reserves a hidden
    // row's height: a hidden row gets none.
    for (QWidget *w : {static_cast<QWidget *>(l), form->labelForField(l)})
        if (w)
            w->setMaximumHeight(shown ? QWIDGETSIZE_MAX : 0);
}

bool JobDetails::isFieldShown(const QString &key) const
{
    const QLabel *l = m_fields.value(key);
    return l && !l->isHidden();
}

void JobDetails::setField(const QString &key, const QString &text)
{
    if (QLabel *l = m_fields.value(key)) {
        l->setText(text);
        l->setAccessibleDescription(text);
    }
}

QString JobDetails::fieldText(const QString &key) const
{
    if (key == QLatin1String("command"))
        return m_command->toPlainText();
    if (key == QLatin1String("name"))
        return m_title->text();
    const QLabel *l = m_fields.value(key);
    return l ? l->text() : QString();
}

void JobDetails::clear()
{
    ++m_generation;
    m_job = wire::Job{};
    m_job.name.clear();
    m_energy.reset();
    m_energyAnswered = false;
    ++m_energyGeneration;
    m_clock->stop();
    // The Logs and Charts tabs stream from the endpoint they were opened on: a job shown next (another
    // connection's, perhaps of the same name) gets tabs of its own.
    m_rebuildingTabs = true;
    delete m_logPane;
    delete m_charts;
    m_rebuildingTabs = false;
    static_cast<QStackedLayout *>(m_placeholder->parentWidget()->layout())->setCurrentIndex(0);
    ensureLiveTabs(); // no job: no Logs or Charts of the one shown before
    Q_EMIT jobChanged();
}

void JobDetails::showJob(const wire::Job &fromList)
{
    const bool same = fromList.name == m_job.name && fromList.id == m_job.id;
    if (!same)
        setJob(fromList);
    reload();
}

void JobDetails::reload()
{
    if (!m_client || m_job.name.isEmpty())
        return;
    const quint64 gen = ++m_generation;
    const QString name = m_job.name;
    m_client->getJob(name, this, [this, gen, name](const client::Result<wire::Job> &r) {
        if (gen != m_generation || name != m_job.name)
            return;
        if (!r.ok()) {
            if (r.value.error().kind == wire::ErrorKind::NotFound)
                clear();
            Q_EMIT statusMessage(client::describeForUser(r.value.error()));
            return;
        }
        setJob(r.value.value());
        loadEnergy();
    });
}

void JobDetails::loadEnergy()
{
    const wire::Job &j = m_job;
    if (!m_client || j.name.isEmpty() || j.status == wire::JobStatus::Queued || j.gpu.isEmpty() ||
        j.gpu == QLatin1String("none")) {
        showEnergy();
        return;
    }
    const quint64 gen = ++m_energyGeneration;
    const QString id = j.id;
    m_client->getAnalyticsSample(j.name, this, [this, gen, id](const client::Result<client::AnalyticsSample> &r) {
        if (gen != m_energyGeneration || id != m_job.id)
            return;
        m_energyAnswered = true;
        if (r.ok())
            m_energy = r.value.value();
        showEnergy();
    });
}

// The job's GPU energy and its cost: only what the server sent (a server without them, or a job not yet measured,
// shows no row rather than a 0), marked simulated when the numbers are a simulated GPU's model.
void JobDetails::showEnergy()
{
    // Until its analytics answered, nothing: the job's own energy_kwh does not say whether it is a model's, and a
    // simulated GPU's energy must not show unmarked even for a moment. Where the analytics cannot be read, the
    // job's value is all there is.
    std::optional<double> kwh;
    if (m_energy)
        kwh = m_energy->energyKwh;
    else if (m_energyAnswered)
        kwh = m_job.energyKwh;
    const bool simulated = m_energy && m_energy->gpuSimulated;
    const auto marked = [simulated](const QString &t) { return simulated ? tr("%1 (simulated)").arg(t) : t; };
    if (kwh)
        setField(QStringLiteral("energy"), marked(energyText(*kwh)));
    setFieldShown(QStringLiteral("energy"), kwh.has_value());
    const bool cost = kwh && m_energy && m_energy->energyCost && !m_energy->energyCurrency.isEmpty();
    if (cost) {
        const double v = *m_energy->energyCost;
        // Energy costs are small: cents and below keep a few significant digits (the server rounds to 6 decimals).
        const QString amount = QLocale().toString(v, 'f', v >= 1 ? 2 : v >= 0.01 ? 4 : 6);
        setField(QStringLiteral("energy_cost"), marked(tr("%1 %2").arg(amount, m_energy->energyCurrency)));
    }
    setFieldShown(QStringLiteral("energy_cost"), cost);
}

QString JobDetails::energyText(double kwh)
{
    // Under one watt-hour in Wh, so that a short job does not read "0.0000 kWh".
    if (kwh < 0.001)
        return tr("%1 Wh").arg(QLocale().toString(kwh * 1000.0, 'f', kwh * 1000.0 >= 0.1 ? 2 : 3));
    return tr("%1 kWh").arg(QLocale().toString(kwh, 'f', kwh >= 100 ? 1 : kwh >= 1 ? 2 : 3));
}

void JobDetails::setJob(const wire::Job &j)
{
    if (j.id != m_job.id) {
        m_energy.reset();
        m_energyAnswered = false;
        ++m_energyGeneration;
    }
    m_job = j;
    static_cast<QStackedLayout *>(m_placeholder->parentWidget()->layout())->setCurrentIndex(1);
    m_title->setText(j.name);
    m_statusIcon->setPixmap(models::statusIcon(j.status).pixmap(24, 24));
    m_statusIcon->setAccessibleName(models::statusLabel(j.status));
    QString status = models::jobStatusLabel(j);
    if (j.queuePosition && j.status == wire::JobStatus::Queued)
        status += tr(" (#%1 in queue)").arg(*j.queuePosition);
    if (!j.statusMessage.isEmpty())
        status += QStringLiteral(" — ") + j.statusMessage;
    setField(QStringLiteral("status"), status);
    QString progress = j.progress;
    if (j.etaSeconds)
        progress += (progress.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    tr("about %1 left").arg(formatDuration(*j.etaSeconds));
    std::optional<double> fraction = j.progressFraction;
    if (fraction)
        progress += (progress.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    tr("%1 %").arg(QString::number(*fraction * 100.0, 'f', 0));
    setField(QStringLiteral("progress"), orDash(progress));
    m_progressBar->setVisible(fraction.has_value() && j.status == wire::JobStatus::Running);
    m_progressBar->setValue(fraction ? int(qBound(0.0, *fraction, 1.0) * 1000) : 0);
    const qint64 projected = projectedCostCents(j);
    setField(QStringLiteral("projected_cost"), projected >= 0 ? models::formatMoney(projected) : QStringLiteral("—"));
    setField(QStringLiteral("id"), j.id);
    setField(QStringLiteral("namespace"), j.ns);
    setField(QStringLiteral("source"), !j.repo.isEmpty() ? tr("Repository %1").arg(j.repo)
                                       : !j.image.isEmpty() ? tr("Image %1").arg(j.image)
                                                            : QStringLiteral("—"));
    setField(QStringLiteral("branch"), orDash(j.branch));
    setField(QStringLiteral("commit_sha"), orDash(j.commitSha));
    setField(QStringLiteral("exit_code"), j.exitCode ? QString::number(*j.exitCode) : QStringLiteral("—"));
    setField(QStringLiteral("retries"), tr("%1 of %2 used").arg(j.retryCount).arg(j.retries));
    // Spot and nodes only where they say something: an on-demand single-node job looks as it always did.
    setField(QStringLiteral("preemptions"), j.preemptions > 0 ? tr("%n time(s)", nullptr, j.preemptions) : tr("none"));
    setFieldShown(QStringLiteral("preemptions"), j.spot || j.preemptions > 0);
    setField(QStringLiteral("nodes"), QString::number(j.nodes));
    setFieldShown(QStringLiteral("nodes"), j.nodes > 1);
    setField(QStringLiteral("pricing"), tr("Spot (preemptible)"));
    setFieldShown(QStringLiteral("pricing"), j.spot);
    setField(QStringLiteral("output_path"), orDash(j.outputPath));
    setField(QStringLiteral("gpu"), models::formatGpu(j.gpu, j.gpuCount));
    setField(QStringLiteral("machine"), tr("%1 vCPUs · %2 GB memory · %3 GB disk").arg(j.cpu).arg(j.memoryGb).arg(j.diskGb));
    setField(QStringLiteral("region"), orDash(j.region));
    setField(QStringLiteral("timeout_minutes"), formatDuration(qint64(j.timeoutMinutes) * 60));
    setField(QStringLiteral("cost_per_hour"), models::formatMoney(j.costPerHourCents));
    m_readAt.start();
    updateClockFields();
    const bool ticking = j.status == wire::JobStatus::Running && j.startedAt && !j.completedAt;
    if (ticking && !m_clock->isActive())
        m_clock->start();
    else if (!ticking)
        m_clock->stop();
    setField(QStringLiteral("created_at"), timeText(j.createdAt));
    setField(QStringLiteral("started_at"), timeText(j.startedAt));
    setField(QStringLiteral("completed_at"), timeText(j.completedAt));
    if (m_command->toPlainText() != j.command)
        m_command->setPlainText(j.command);
    m_copy->setEnabled(!j.command.isEmpty());
    if (j.artifacts) {
        setField(QStringLiteral("artifacts.path"), orDash(j.artifacts->path));
        setField(QStringLiteral("artifacts.size"), formatBytes(j.artifacts->sizeBytes));
        setField(QStringLiteral("artifacts.files"), QLocale().toString(j.artifacts->files));
        setField(QStringLiteral("artifacts.download_url"), orDash(j.artifacts->downloadUrl));
    } else {
        const QString none = wire::isTerminal(j.status) ? tr("none") : tr("after the job ends");
        for (const char *k : {"artifacts.path", "artifacts.size", "artifacts.files", "artifacts.download_url"})
            setField(QLatin1String(k), none);
    }
    showEnergy();
    updateButtons();
    ensureLiveTabs();
    Q_EMIT jobChanged();
}

void JobDetails::takeRowUpdate(const wire::Job &r, qint64 runtimeNow)
{
    if (!hasJob() || r.id != m_job.id)
        return;
    // The row may hold the list shape (after a refresh), which has no command, image, machine, exit
    // code...: the details keep their full record and take from the row only what a row says.
    wire::Job job = m_job;
    const bool sameState = job.status == r.status;
    job.status = r.status;
    job.progress = r.progress;
    job.progressFraction = r.progressFraction;
    job.etaSeconds = r.etaSeconds;
    job.queuePosition = r.queuePosition;
    if (r.exitCode || !sameState)
        job.exitCode = r.exitCode;
    if (!r.statusMessage.isEmpty() || !sameState)
        job.statusMessage = r.statusMessage;
    job.stopping = r.stopping;
    job.forceStopAt = r.forceStopAt;
    job.retryCount = std::max(job.retryCount, r.retryCount);
    job.spot = r.spot;
    job.nodes = r.nodes;
    job.preemptions = std::max(job.preemptions, r.preemptions);
    job.preemptedBy = r.preemptedBy;
    job.preemptedAt = r.preemptedAt;
    job.costPerHourCents = r.costPerHourCents;
    job.startedAt = r.startedAt;
    job.completedAt = r.completedAt;
    // A row in the list shape has no total_cost: keep the server's from the details, gone on to runtimeNow.
    if (r.serverTotalCostCents)
        job.serverTotalCostCents = r.shownTotalCostCents(runtimeNow);
    else if (m_job.serverTotalCostCents)
        job.serverTotalCostCents = m_job.shownTotalCostCents(runtimeNow);
    job.runtimeSeconds = runtimeNow;
    if (r.artifacts)
        job.artifacts = r.artifacts;
    setJob(job);
    if (!sameState)
        reload(); // the full record of the new state (exit code, message, artifacts)
}

// Like the table's Runtime and Total cost columns: a running job's runtime goes on from the value read,
// so the details do not stand still until the next event or refresh (up to 25 s with the events stream).
void JobDetails::updateClockFields()
{
    const wire::Job &j = m_job;
    qint64 runtime = j.runtimeSeconds;
    if (j.status == wire::JobStatus::Running && j.startedAt && !j.completedAt && m_readAt.isValid())
        runtime += m_readAt.elapsed() / 1000;
    setField(QStringLiteral("total_cost"),
             j.startedAt ? models::formatMoney(j.shownTotalCostCents(runtime)) : QStringLiteral("—"));
    setField(QStringLiteral("runtime_seconds"), j.startedAt ? formatDuration(runtime) : QStringLiteral("—"));
    // A running GPU job's energy grows: read again every few seconds, not on every tick.
    if (m_clock->isActive() && ++m_energyTicks % 5 == 0)
        loadEnergy();
}

qint64 JobDetails::projectedCostCents(const wire::Job &j)
{
    if (j.status != wire::JobStatus::Running || !j.etaSeconds || !j.startedAt)
        return -1;
    const qint64 seconds = j.runtimeSeconds + std::max<qint64>(0, *j.etaSeconds);
    return (j.costPerHourCents * seconds + 1800) / 3600; // half up to the cent
}

// The Logs and Charts tabs follow the shown job; a job not yet started gets them once it runs.
void JobDetails::ensureLiveTabs()
{
    if (m_logPane && m_logPane->jobName() == m_job.name)
        return;
    m_rebuildingTabs = true;
    delete m_logPane;
    delete m_charts;
    if (m_job.name.isEmpty() || m_job.status == wire::JobStatus::Queued) {
        m_rebuildingTabs = false;
        return;
    }
    m_logPane = new LogPane(m_client, m_job.name);
    m_logPane->setObjectName(QStringLiteral("logPane"));
    m_logPane->setProperty("detailsTab", QStringLiteral("logs"));
    m_tabs->addTab(m_logPane, tr("Logs"));
    m_charts = new JobCharts(m_client, m_job.name);
    m_charts->setObjectName(QStringLiteral("jobCharts"));
    m_charts->setCpuOnly(m_job.gpu.isEmpty() || m_job.gpu == QLatin1String("none") || m_job.gpuCount == 0);
    m_charts->setProperty("detailsTab", QStringLiteral("charts"));
    m_tabs->addTab(m_charts, tr("Charts"));
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->property("detailsTab").toString() == m_wantedTab)
            m_tabs->setCurrentIndex(i);
    m_rebuildingTabs = false;
    m_logPane->start();
    if (m_job.status == wire::JobStatus::Running)
        m_charts->start();
}

void JobDetails::updateButtons()
{
    const bool busy = m_download && !m_download->isFinished();
    const bool canDownload = m_job.artifacts && !m_job.artifacts->downloadUrl.isEmpty() &&
                             QUrl(m_job.artifacts->downloadUrl).scheme().startsWith(QLatin1String("http"));
    m_downloadButton->setEnabled(canDownload && !busy);
    const bool local = m_client && m_client->endpoint().local;
    m_openFolderButton->setVisible(local);
    m_openFolderButton->setEnabled(local && !localArtifactsDir().isEmpty());
}

QString JobDetails::suggestedArtifactsName(const wire::Job &job)
{
    // The server sends a tar archive; its URL often ends in ".../artifacts" with no extension.
    QString base = job.artifacts ? QUrl(job.artifacts->downloadUrl).fileName() : QString();
    if (base.isEmpty() || base == job.name)
        base = QStringLiteral("artifacts");
    QString name = job.name + QLatin1Char('-') + base;
    if (!name.endsWith(QLatin1String(".tar")) && !name.endsWith(QLatin1String(".tar.gz")) &&
        !name.endsWith(QLatin1String(".tgz")))
        name += QStringLiteral(".tar");
    return name;
}

void JobDetails::copyCommand()
{
    if (m_job.command.isEmpty())
        return;
    QApplication::clipboard()->setText(m_job.command);
    Q_EMIT statusMessage(tr("Command copied."));
}

QString JobDetails::localArtifactsDir() const
{
    if (!m_client || !m_client->endpoint().local || !m_job.artifacts)
        return {};
    const QUrl u(m_job.artifacts->downloadUrl);
    if (u.isLocalFile() && QFileInfo(u.toLocalFile()).exists())
        return QFileInfo(u.toLocalFile()).isDir() ? u.toLocalFile() : QFileInfo(u.toLocalFile()).absolutePath();
    const QString dataDir = m_client->endpoint().localDataDir;
    for (const QString &candidate : {dataDir + QStringLiteral("/artifacts/") + m_job.ns + QLatin1Char('/') + m_job.name,
                                     dataDir + QStringLiteral("/artifacts/") + m_job.id, m_job.artifacts->path})
        if (!candidate.isEmpty() && QFileInfo(candidate).isDir())
            return candidate;
    return {};
}

void JobDetails::openFolder()
{
    const QString dir = localArtifactsDir();
    if (!dir.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(dir));
}

void JobDetails::startDownload(const QString &targetFile)
{
    if (!m_client || !m_job.artifacts || targetFile.isEmpty())
        return;
    if (m_download)
        m_download->deleteLater();
    m_download = m_client->download(QUrl(m_job.artifacts->downloadUrl), targetFile, this);
    m_downloadProgress->setRange(0, 0);
    m_downloadProgress->setVisible(true);
    m_cancelDownload->setVisible(true);
    updateButtons();
    connect(m_download, &client::Download::progress, this, [this](qint64 got, qint64 total) {
        if (total > 0) {
            m_downloadProgress->setRange(0, 1000);
            m_downloadProgress->setValue(int(got * 1000 / total));
            m_downloadProgress->setFormat(tr("%1 of %2").arg(formatBytes(got), formatBytes(total)));
        } else {
            m_downloadProgress->setRange(0, 0);
        }
    });
    connect(m_download, &client::Download::finished, this, [this, targetFile](bool ok, const QString &error) {
        m_downloadProgress->setVisible(false);
        m_cancelDownload->setVisible(false);
        updateButtons();
        Q_EMIT statusMessage(ok ? tr("Saved %1.").arg(QDir::toNativeSeparators(targetFile))
                                : tr("Download failed: %1").arg(error));
        Q_EMIT downloadFinished(ok, error);
    });
}

} // namespace seed::ui
