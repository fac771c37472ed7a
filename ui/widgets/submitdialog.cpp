#include "submitdialog.h"

#include "client/errortext.h"
#include "client/seedclient.h"
#include "formhelpers.h"
#include "models/envmodel.h"
#include "models/statusstyle.h"
#include "wire/catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

namespace {

// Edits a secret value with a password field.
class EnvValueDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QWidget *w = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *le = qobject_cast<QLineEdit *>(w)) {
            const bool secret =
                index.sibling(index.row(), models::EnvModel::SecretColumn).data(Qt::CheckStateRole).toInt() == Qt::Checked;
            if (secret)
                le->setEchoMode(QLineEdit::Password);
        }
        return w;
    }
};

QString field(const char *f) { return QLatin1String(f); }

} // namespace

SubmitDialog::SubmitDialog(client::SeedClient *client, QWidget *parent) : QDialog(parent), m_client(client)
{
    setWindowTitle(tr("New job"));
    setObjectName(QStringLiteral("submitDialog"));
    build();
    buildBackendParts();
    loadLocalImages();
    reloadTemplateList();
    updateSource();
    updateCost();
    validate();
}

QWidget *SubmitDialog::withError(QWidget *input, const QString &key)
{
    auto *box = new QWidget;
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(input);
    auto *err = new QLabel;
    err->setObjectName(QStringLiteral("error_") + key);
    err->setWordWrap(true);
    // Always in the layout with a line reserved: a message appearing does not push the form around.
    err->setMinimumHeight(err->fontMetrics().lineSpacing());
    err->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A red that reads on light and dark bases, plus an icon-like prefix so colour is not the only cue.
    err->setStyleSheet(QStringLiteral("color: #e5484d;"));
    v->addWidget(err);
    m_errors.insert(key, err);
    m_widgets.insert(key, input);
    input->setObjectName(key);
    return box;
}

void SubmitDialog::build()
{
    auto *outer = new QVBoxLayout(this);

    auto *tplRow = new QHBoxLayout;
    auto *tplLabel = new QLabel(tr("&Template:"));
    m_templates = new QComboBox;
    m_templates->setObjectName(QStringLiteral("templates"));
    m_templates->setAccessibleName(tr("Template"));
    tplLabel->setBuddy(m_templates);
    auto *saveTpl = new QToolButton;
    saveTpl->setText(tr("Save as template…"));
    saveTpl->setObjectName(QStringLiteral("saveTemplate"));
    auto *delTpl = new QToolButton;
    delTpl->setText(tr("Delete template"));
    delTpl->setObjectName(QStringLiteral("deleteTemplate"));
    tplRow->addWidget(tplLabel);
    tplRow->addWidget(m_templates, 1);
    tplRow->addWidget(saveTpl);
    tplRow->addWidget(delTpl);
    outer->addLayout(tplRow);
    connect(m_templates, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            loadTemplate(m_templates->itemText(i));
    });
    connect(saveTpl, &QToolButton::clicked, this, [this] {
        auto *dlg = new QInputDialog(this);
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        dlg->setWindowTitle(tr("Save as template"));
        dlg->setLabelText(tr("Template name:"));
        dlg->setTextValue(m_name->text());
        connect(dlg, &QInputDialog::textValueSelected, this, [this](const QString &n) {
            if (!n.trimmed().isEmpty())
                saveTemplate(n.trimmed());
        });
        dlg->open();
    });
    connect(delTpl, &QToolButton::clicked, this, [this] {
        if (m_templates->currentIndex() > 0)
            deleteTemplate(m_templates->currentText());
    });

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    auto *v = new QVBoxLayout(content);
    v->setContentsMargins(0, 0, 0, 0);

    // Job
    auto *jobBox = new QGroupBox(tr("Job"));
    auto *jobForm = new QFormLayout(jobBox);
    m_name = new QLineEdit;
    m_name->setPlaceholderText(tr("letters, digits, - and _"));
    m_name->setAccessibleName(tr("Job name"));
    m_name->setMaxLength(wire::catalog::kMaxNameLength);
    jobForm->addRow(tr("&Name:"), withError(m_name, field("name")));
    m_command = new QPlainTextEdit;
    m_command->setPlaceholderText(tr("python train.py --epochs 3"));
    m_command->setAccessibleName(tr("Command"));
    m_command->setTabChangesFocus(true);
    m_command->setFixedHeight(m_command->fontMetrics().lineSpacing() * 3 + 14);
    jobForm->addRow(tr("&Command:"), withError(m_command, field("command")));
    v->addWidget(jobBox);

    // Source
    auto *srcBox = new QGroupBox(tr("Source"));
    auto *srcForm = new QFormLayout(srcBox);
    auto *which = new QHBoxLayout;
    m_useRepo = new QRadioButton(tr("&Repository"));
    m_useRepo->setObjectName(QStringLiteral("useRepo"));
    m_useImage = new QRadioButton(tr("Container &image"));
    m_useImage->setObjectName(QStringLiteral("useImage"));
    m_useRepo->setChecked(true);
    which->addWidget(m_useRepo);
    which->addWidget(m_useImage);
    which->addStretch();
    srcForm->addRow(tr("Run from:"), which);
    m_repo = new QLineEdit;
    m_repo->setPlaceholderText(tr("namespace/repo"));
    m_repo->setAccessibleName(tr("Repository"));
    srcForm->addRow(tr("Re&pository:"), withError(m_repo, field("repo")));
    m_branch = new QLineEdit;
    m_branch->setPlaceholderText(QStringLiteral("main"));
    m_branch->setAccessibleName(tr("Branch"));
    srcForm->addRow(tr("&Branch:"), withError(m_branch, field("branch")));
    m_image = new QLineEdit;
    m_image->setPlaceholderText(tr("ghcr.io/acme/image:tag"));
    m_image->setAccessibleName(tr("Container image"));
    srcForm->addRow(tr("I&mage:"), withError(m_image, field("image")));
    v->addWidget(srcBox);
    connect(m_useRepo, &QRadioButton::toggled, this, &SubmitDialog::updateSource);

    // Machine
    auto *mBox = new QGroupBox(tr("Machine"));
    auto *mForm = new QFormLayout(mBox);
    m_gpu = new QComboBox;
    for (const QString &g : wire::catalog::gpuTypes())
        m_gpu->addItem(g == QLatin1String("none") ? tr("None (CPU only)") : g, g);
    m_gpu->setCurrentIndex(m_gpu->findData(QStringLiteral("A100-80GB")));
    m_gpu->setAccessibleName(tr("GPU type"));
    mForm->addRow(tr("&GPU:"), withError(m_gpu, field("gpu")));
    m_gpuCount = new QComboBox;
    for (int n : wire::catalog::gpuCounts())
        m_gpuCount->addItem(QString::number(n), n);
    m_gpuCount->setAccessibleName(tr("GPU count"));
    mForm->addRow(tr("GPU c&ount:"), withError(m_gpuCount, field("gpu_count")));
    m_cpu = new QComboBox;
    for (int n : wire::catalog::cpuCounts())
        m_cpu->addItem(QString::number(n), n);
    m_cpu->setCurrentIndex(m_cpu->findData(8));
    m_cpu->setAccessibleName(tr("vCPUs"));
    mForm->addRow(tr("v&CPUs:"), withError(m_cpu, field("cpu")));
    m_memory = new QSpinBox;
    m_memory->setRange(1, 4096);
    m_memory->setValue(32);
    m_memory->setSuffix(tr(" GB"));
    m_memory->setAccessibleName(tr("Memory in gigabytes"));
    mForm->addRow(tr("&Memory:"), withError(m_memory, field("memory_gb")));
    m_disk = new QSpinBox;
    m_disk->setRange(1, wire::catalog::kMaxDiskGb);
    m_disk->setValue(100);
    m_disk->setSuffix(tr(" GB"));
    m_disk->setAccessibleName(tr("Disk in gigabytes"));
    mForm->addRow(tr("&Disk:"), withError(m_disk, field("disk_gb")));
    m_region = new QComboBox;
    for (const QString &r : wire::catalog::regions())
        m_region->addItem(r, r);
    m_region->setAccessibleName(tr("Region"));
    mForm->addRow(tr("Re&gion:"), withError(m_region, field("region")));
    m_spot = new QCheckBox(tr("S&pot (preemptible, cheaper)"));
    m_spot->setToolTip(tr("A spot job costs less but may be stopped when an on-demand job needs its GPUs; it then "
                          "waits in the queue and runs again (its workspace is kept)."));
    mForm->addRow(QString(), withError(m_spot, field("spot")));
    m_nodes = new QSpinBox;
    m_nodes->setRange(1, wire::catalog::kMaxNodes);
    m_nodes->setValue(1);
    m_nodes->setAccessibleName(tr("Nodes"));
    mForm->addRow(tr("N&odes:"), withError(m_nodes, field("nodes")));
    m_cost = new QLabel;
    m_cost->setObjectName(QStringLiteral("costEstimate"));
    m_cost->setAccessibleName(tr("Estimated cost per hour"));
    QFont cf = m_cost->font();
    cf.setBold(true);
    m_cost->setFont(cf);
    mForm->addRow(tr("Estimate:"), m_cost);
    v->addWidget(mBox);

    // Limits
    auto *lBox = new QGroupBox(tr("Limits and output"));
    auto *lForm = new QFormLayout(lBox);
    m_timeout = new QSpinBox;
    m_timeout->setRange(1, wire::catalog::kMaxTimeoutMinutes);
    m_timeout->setValue(1440);
    m_timeout->setSuffix(tr(" min"));
    m_timeout->setAccessibleName(tr("Timeout in minutes"));
    lForm->addRow(tr("&Timeout:"), withError(m_timeout, field("timeout_minutes")));
    m_retries = new QSpinBox;
    m_retries->setRange(0, wire::catalog::kMaxRetries);
    m_retries->setAccessibleName(tr("Retries"));
    lForm->addRow(tr("Retr&ies:"), withError(m_retries, field("retries")));
    m_outputPath = new QLineEdit;
    m_outputPath->setPlaceholderText(QStringLiteral("/workspace/output"));
    m_outputPath->setAccessibleName(tr("Output path"));
    lForm->addRow(tr("O&utput path:"), withError(m_outputPath, field("output_path")));
    v->addWidget(lBox);

    // Environment
    auto *eBox = new QGroupBox(tr("Environment"));
    auto *eLayout = new QVBoxLayout(eBox);
    m_env = new models::EnvModel(this);
    m_envView = new QTableView;
    m_envView->setModel(m_env);
    m_envView->setItemDelegateForColumn(models::EnvModel::ValueColumn, new EnvValueDelegate(m_envView));
    m_envView->horizontalHeader()->setSectionResizeMode(models::EnvModel::NameColumn, QHeaderView::Stretch);
    m_envView->horizontalHeader()->setSectionResizeMode(models::EnvModel::ValueColumn, QHeaderView::Stretch);
    m_envView->horizontalHeader()->setSectionResizeMode(models::EnvModel::SecretColumn, QHeaderView::ResizeToContents);
    m_envView->verticalHeader()->setVisible(false);
    m_envView->setMinimumHeight(110);
    m_envView->setAccessibleName(tr("Environment variables"));
    auto *envBox = withError(m_envView, field("env"));
    m_envView->setObjectName(QStringLiteral("envTable"));
    eLayout->addWidget(envBox);
    auto *envButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add variable"));
    add->setObjectName(QStringLiteral("addEnv"));
    auto *remove = new QPushButton(tr("Remo&ve"));
    remove->setObjectName(QStringLiteral("removeEnv"));
    envButtons->addWidget(add);
    envButtons->addWidget(remove);
    envButtons->addStretch();
    eLayout->addLayout(envButtons);
    v->addWidget(eBox);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_env->addEntry();
        m_envView->setCurrentIndex(m_env->index(row, models::EnvModel::NameColumn));
        m_envView->edit(m_env->index(row, models::EnvModel::NameColumn));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_envView->currentIndex();
        if (i.isValid())
            m_env->removeRows(i.row(), 1);
    });

    m_general = new QLabel;
    m_general->setObjectName(QStringLiteral("generalError"));
    m_general->setWordWrap(true);
    m_general->setVisible(false);
    m_general->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_general->setStyleSheet(QStringLiteral("color: #e5484d;"));
    outer->addWidget(m_general);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_submit = m_buttons->addButton(tr("&Submit"), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setDefault(true);
    outer->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_submit, &QPushButton::clicked, this, &SubmitDialog::submit);

    // Validate and re-estimate on every edit.
    for (QLineEdit *le : {m_name, m_repo, m_branch, m_image, m_outputPath})
        connect(le, &QLineEdit::textChanged, this, &SubmitDialog::validate);
    connect(m_command, &QPlainTextEdit::textChanged, this, &SubmitDialog::validate);
    for (QComboBox *cb : {m_gpu, m_gpuCount, m_cpu, m_region})
        connect(cb, &QComboBox::currentIndexChanged, this, [this] {
            validate();
            updateCost();
        });
    for (QSpinBox *sb : {m_memory, m_disk, m_timeout, m_retries})
        connect(sb, &QSpinBox::valueChanged, this, &SubmitDialog::validate);
    connect(m_spot, &QCheckBox::toggled, this, &SubmitDialog::updateCost);
    connect(m_nodes, &QSpinBox::valueChanged, this, [this] {
        validate();
        updateCost();
    });
    connect(m_env, &QAbstractItemModel::dataChanged, this, &SubmitDialog::validate);
    connect(m_env, &QAbstractItemModel::rowsRemoved, this, &SubmitDialog::validate);
    resize(620, 760);

    WheelGuard::install(content);
    // Ctrl+Enter submits from any field (Enter alone is a new line in the command).
    for (const QKeySequence &k : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *sc = new QShortcut(k, this);
        sc->setContext(Qt::WindowShortcut);
        connect(sc, &QShortcut::activated, this, [this] {
            if (m_submit->isEnabled() || !m_clientValidation)
                submit();
            else
                showAllProblems(true);
        });
    }
    m_submit->setToolTip(
        tr("Submit (%1)").arg(QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)));
}

QHash<QString, QString> SubmitDialog::fieldLabels() const
{
    QHash<QString, QString> out;
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        QWidget *box = it.value()->parentWidget();
        const auto *form =
            box && box->parentWidget() ? qobject_cast<QFormLayout *>(box->parentWidget()->layout()) : nullptr;
        const auto *label = form ? qobject_cast<QLabel *>(form->labelForField(box)) : nullptr;
        out.insert(it.key(), label ? plainLabel(label->text()) : it.value()->accessibleName());
    }
    return out;
}

QList<wire::ApiError> SubmitDialog::formProblems() const
{
    // In the server's words: showError() puts them in the UI's language (client::errorText), or, for a message it
    // does not know, at least in the words of the form's labels.
    const wire::JobSpec s = spec();
    QList<wire::ApiError> all = allSpecProblems(s);
    for (wire::ApiError &e : all) {
        // "Either repo or image": the form asks for the one the user chose.
        if (e.field == QLatin1String("repo") && s.repo.isEmpty() && s.image.isEmpty() && m_useImage->isChecked())
            e.field = QStringLiteral("image");
    }
    // What this backend's machine cannot run (its inventory), once the spec itself is right.
    if (all.isEmpty())
        if (auto machine = machineError(s))
            all.append(*machine);
    return all;
}

void SubmitDialog::showAllProblems(bool focusFirst)
{
    clearErrors();
    const QList<wire::ApiError> all = formProblems();
    for (const wire::ApiError &e : all)
        showError(e, false);
    if (focusFirst && !all.isEmpty())
        if (QWidget *w = m_widgets.value(all.first().field)) {
            w->setFocus(Qt::OtherFocusReason);
            if (auto *sa = findChild<QScrollArea *>())
                sa->ensureWidgetVisible(w);
        }
}

void SubmitDialog::updateSource()
{
    const bool repo = m_useRepo->isChecked();
    m_repo->setEnabled(repo);
    m_branch->setEnabled(repo);
    m_image->setEnabled(!repo);
    validate();
}

wire::PriceTable SubmitDialog::prices() const
{
    wire::PriceTable p = wire::PriceTable::defaults();
    if (m_machine && m_machine->spotFactor)
        p.spotFactor = *m_machine->spotFactor;
    return p;
}

qint64 SubmitDialog::onDemandCents() const
{
    return prices().costPerHourCents(m_gpu->currentData().toString(), m_gpuCount->currentData().toInt(),
                                     m_cpu->currentData().toInt(), false, nodes());
}

qint64 SubmitDialog::spotCents() const
{
    return prices().costPerHourCents(m_gpu->currentData().toString(), m_gpuCount->currentData().toInt(),
                                     m_cpu->currentData().toInt(), true, nodes());
}

void SubmitDialog::updateCost()
{
    // Both prices, the chosen one first: what spot saves is the reason to pick it.
    const QString onDemand = models::formatMoney(onDemandCents());
    const QString spot = models::formatMoney(spotCents());
    m_cost->setText(isSpot() ? tr("%1 per hour as spot (on demand: %2)").arg(spot, onDemand)
                             : tr("%1 per hour (as spot: %2)").arg(onDemand, spot));
    QString tip = tr("At the list prices; the server's answer shows the price it applies.");
    if (nodes() > 1)
        tip += u'\n' + tr("For all %n node(s).", nullptr, nodes());
    m_cost->setToolTip(tip);
}

QString SubmitDialog::costEstimateText() const { return m_cost->text(); }

bool SubmitDialog::isSpot() const { return m_spot->isChecked(); }

int SubmitDialog::nodes() const { return m_maxNodes > 1 ? std::min(m_nodes->value(), m_maxNodes) : 1; }

QJsonObject SubmitDialog::requestBody() const { return spec().toJson(); }

wire::JobSpec SubmitDialog::spec() const
{
    wire::JobSpec s;
    s.name = m_name->text().trimmed();
    s.command = m_command->toPlainText().trimmed();
    if (m_useRepo->isChecked()) {
        s.repo = m_repo->text().trimmed();
        s.branch = m_branch->text().trimmed();
        if (s.branch.isEmpty() && !s.repo.isEmpty())
            s.branch = QStringLiteral("main");
    } else {
        s.image = m_image->text().trimmed();
    }
    s.gpu = m_gpu->currentData().toString();
    s.gpuCount = m_gpuCount->currentData().toInt();
    s.cpu = m_cpu->currentData().toInt();
    s.memoryGb = m_memory->value();
    s.diskGb = m_disk->value();
    s.region = m_region->currentData().toString();
    s.timeoutMinutes = m_timeout->value();
    s.retries = m_retries->value();
    s.outputPath = m_outputPath->text().trimmed();
    s.env = m_env->toMap();
    // Sent only when set (JobSpec::toJson): a server without spot or nodes sees the contract's body.
    s.spot = isSpot();
    s.nodes = nodes();
    return s;
}

void SubmitDialog::setSpec(const wire::JobSpec &s, const QMap<QString, bool> &secretEnv)
{
    m_name->setText(s.name);
    m_command->setPlainText(s.command);
    const bool image = s.repo.isEmpty() && !s.image.isEmpty();
    m_useImage->setChecked(image);
    m_useRepo->setChecked(!image);
    m_repo->setText(s.repo);
    m_branch->setText(s.branch);
    m_image->setText(s.image);
    const auto pick = [](QComboBox *cb, const QVariant &v) {
        const int i = cb->findData(v);
        if (i >= 0)
            cb->setCurrentIndex(i);
    };
    pick(m_gpu, s.gpu);
    pick(m_gpuCount, s.gpuCount);
    pick(m_cpu, s.cpu);
    pick(m_region, s.region);
    m_memory->setValue(s.memoryGb);
    m_disk->setValue(s.diskGb);
    m_timeout->setValue(s.timeoutMinutes);
    m_retries->setValue(s.retries);
    m_outputPath->setText(s.outputPath);
    m_spot->setChecked(s.spot);
    m_nodes->setValue(s.nodes);
    QList<models::EnvModel::Entry> env;
    for (auto it = s.env.cbegin(); it != s.env.cend(); ++it)
        env.append({it.key(), it.value(), secretEnv.value(it.key(), models::EnvModel::looksSecret(it.key()))});
    m_env->setEntries(env);
    updateCost();
    validate();
}

wire::JobSpec SubmitDialog::specFromJob(const wire::Job &j)
{
    wire::JobSpec s;
    // A free name: "<name>-2", "<name>-3", ... (the server has the last word: 409 shows at the name).
    static const QRegularExpression suffix(QRegularExpression::anchoredPattern(QStringLiteral("(.*)-(\\d+)")));
    const auto m = suffix.match(j.name);
    const QString stem = m.hasMatch() ? m.captured(1) : j.name;
    const int n = m.hasMatch() ? m.captured(2).toInt() + 1 : 2;
    s.name = (stem + QStringLiteral("-%1").arg(n)).left(wire::catalog::kMaxNameLength);
    s.command = j.command;
    s.repo = j.repo;
    s.image = j.image;
    s.branch = j.branch;
    s.gpu = j.gpu;
    s.gpuCount = j.gpuCount;
    s.cpu = j.cpu > 0 ? j.cpu : 8;
    s.memoryGb = j.memoryGb > 0 ? j.memoryGb : 32;
    s.diskGb = j.diskGb > 0 ? j.diskGb : 100;
    s.region = j.region.isEmpty() ? QStringLiteral("us-east-1") : j.region;
    s.timeoutMinutes = j.timeoutMinutes > 0 ? j.timeoutMinutes : 1440;
    s.retries = j.retries;
    s.outputPath = j.outputPath;
    s.spot = j.spot;
    s.nodes = std::max(1, j.nodes);
    return s;
}

void SubmitDialog::setClientSideValidation(bool on)
{
    m_clientValidation = on;
    validate();
}

void SubmitDialog::clearErrors()
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        it.value()->clear();
        m_widgets.value(it.key())->setAccessibleDescription(QString());
    }
    m_general->clear();
    m_general->setVisible(false);
}

void SubmitDialog::showError(const wire::ApiError &e, bool fromServer)
{
    // In the UI's language where the error is a known one; otherwise the server's words, with the form's labels
    // for the API's field names when the form found it.
    QString text = client::errorText(e);
    if (!fromServer && text == e.message)
        text = withFormLabels(text, fieldLabels());
    if (fromServer && !e.requestId.isEmpty())
        text = tr("%1 (request %2)").arg(text, e.requestId);
    if (QLabel *l = m_errors.value(e.field)) {
        l->setText(text);
        QWidget *w = m_widgets.value(e.field);
        w->setAccessibleDescription(text);
        if (fromServer) {
            w->setFocus(Qt::OtherFocusReason);
            if (auto *sa = findChild<QScrollArea *>())
                sa->ensureWidgetVisible(w);
        }
        return;
    }
    m_general->setText(text);
    m_general->setVisible(true);
}

void SubmitDialog::validate()
{
    if (m_busy)
        return;
    clearErrors();
    if (!m_clientValidation) {
        m_submit->setEnabled(true);
        return;
    }
    const wire::JobSpec s = spec();
    const QList<wire::ApiError> all = formProblems();
    // An empty form is not an error yet: only the submit button says so.
    const bool pristine = s.name.isEmpty() && s.command.isEmpty();
    if (!pristine)
        for (const wire::ApiError &e : all)
            showError(e, false);
    m_submit->setEnabled(all.isEmpty());
}

QString SubmitDialog::fieldError(const QString &f) const
{
    const QLabel *l = m_errors.value(f);
    return l ? l->text() : QString();
}

QString SubmitDialog::generalError() const { return m_general->isVisible() ? m_general->text() : QString(); }

QWidget *SubmitDialog::fieldWidget(const QString &f) const { return m_widgets.value(f); }

void SubmitDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_submit->setEnabled(!busy);
    m_submit->setText(busy ? tr("Submitting…") : tr("&Submit"));
    for (QWidget *w : std::as_const(m_widgets))
        w->setEnabled(!busy);
    if (!busy) {
        updateSource();
        applyNodeLimit();
    }
}

void SubmitDialog::submit()
{
    if (m_busy || !m_client)
        return;
    const wire::JobSpec s = spec();
    if (m_clientValidation && !formProblems().isEmpty()) {
        showAllProblems(true);
        return;
    }
    clearErrors();
    setBusy(true);
    m_client->createJob(s, this, [this](const client::Result<wire::Job> &r) {
        setBusy(false);
        if (!r.ok()) {
            wire::ApiError e = r.value.error();
            if (e.kind == wire::ErrorKind::RateLimited && e.retryAfterSeconds > 0)
                e.message = tr("%1 Try again in %n second(s).", nullptr, e.retryAfterSeconds).arg(client::errorText(e));
            if (e.field == QLatin1String("repo") && m_useImage->isChecked())
                e.field = QStringLiteral("image");
            showError(e, true);
            m_submit->setEnabled(true);
            return;
        }
        Q_EMIT submitted(r.value.value());
        accept();
    });
}

// --- templates -------------------------------------------------------------------------------------

QStringList SubmitDialog::templateNames() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("templates"));
    QStringList names = s.childKeys();
    s.endGroup();
    names.sort(Qt::CaseInsensitive);
    return names;
}

void SubmitDialog::reloadTemplateList()
{
    const QString current = m_templates->currentText();
    m_templates->clear();
    m_templates->addItem(tr("(none)"));
    m_templates->addItems(templateNames());
    const int i = m_templates->findText(current);
    m_templates->setCurrentIndex(i > 0 ? i : 0);
}

void SubmitDialog::saveTemplate(const QString &name)
{
    QJsonObject o = spec().toJson();
    // Secret values never reach QSettings: the template remembers the variable and that it is secret.
    QJsonArray env;
    for (const auto &e : m_env->entries()) {
        if (e.name.isEmpty())
            continue;
        env.append(QJsonObject{{QStringLiteral("name"), e.name},
                               {QStringLiteral("value"), e.secret ? QString() : e.value},
                               {QStringLiteral("secret"), e.secret}});
    }
    o.remove(QStringLiteral("env"));
    o.insert(QStringLiteral("env_rows"), env);
    QSettings s;
    s.beginGroup(QStringLiteral("templates"));
    s.setValue(name, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    s.endGroup();
    reloadTemplateList();
    m_templates->setCurrentIndex(m_templates->findText(name));
}

bool SubmitDialog::loadTemplate(const QString &name)
{
    QSettings s;
    s.beginGroup(QStringLiteral("templates"));
    const QString json = s.value(name).toString();
    s.endGroup();
    QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    if (o.isEmpty())
        return false;
    const QJsonArray env = o.take(QStringLiteral("env_rows")).toArray();
    // The template's spec may be incomplete (no name yet): read it leniently.
    wire::JobSpec spec;
    spec.name = o.value(QStringLiteral("name")).toString();
    spec.command = o.value(QStringLiteral("command")).toString();
    spec.repo = o.value(QStringLiteral("repo")).toString();
    spec.image = o.value(QStringLiteral("image")).toString();
    spec.branch = o.value(QStringLiteral("branch")).toString();
    spec.gpu = o.value(QStringLiteral("gpu")).toString();
    spec.gpuCount = o.value(QStringLiteral("gpu_count")).toInt(1);
    spec.cpu = o.value(QStringLiteral("cpu")).toInt(8);
    spec.memoryGb = o.value(QStringLiteral("memory_gb")).toInt(32);
    spec.diskGb = o.value(QStringLiteral("disk_gb")).toInt(100);
    spec.region = o.value(QStringLiteral("region")).toString(QStringLiteral("us-east-1"));
    spec.timeoutMinutes = o.value(QStringLiteral("timeout_minutes")).toInt(1440);
    spec.retries = o.value(QStringLiteral("retries")).toInt(0);
    spec.outputPath = o.value(QStringLiteral("output_path")).toString();
    spec.spot = o.value(QStringLiteral("spot")).toBool(false);
    spec.nodes = std::clamp(o.value(QStringLiteral("nodes")).toInt(1), 1, wire::catalog::kMaxNodes);
    QMap<QString, bool> secret;
    for (const QJsonValue &v : env) {
        const QJsonObject e = v.toObject();
        spec.env.insert(e.value(QStringLiteral("name")).toString(), e.value(QStringLiteral("value")).toString());
        secret.insert(e.value(QStringLiteral("name")).toString(), e.value(QStringLiteral("secret")).toBool());
    }
    setSpec(spec, secret);
    return true;
}

void SubmitDialog::deleteTemplate(const QString &name)
{
    QSettings s;
    s.beginGroup(QStringLiteral("templates"));
    s.remove(name);
    s.endGroup();
    reloadTemplateList();
}

} // namespace seed::ui
