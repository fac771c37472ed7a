// The submission form's knowledge of the connected backend: its machine (which GPU types, counts, vCPUs and
// memory it can run; the defaults follow) and the container images it has locally. A server that lacks
// these routes (404) leaves the form as the contract alone allows: every listed value, free image text.
#include "submitdialog.h"

#include "client/seedclient.h"
#include "wire/catalog.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace seed::ui {

namespace {

int gpusOfType(const client::MachineView &m, const QString &type)
{
    return int(
        std::count_if(m.gpus.cbegin(), m.gpus.cend(), [&type](const client::MachineGpu &g) { return g.type == type; }));
}
int cpusOf(const client::MachineView &m) { return m.capacityCpus > 0 ? m.capacityCpus : m.hostCpus; }
int memoryGbOf(const client::MachineView &m)
{
    return int(std::floor(m.capacityMemoryGb > 0 ? m.capacityMemoryGb : m.hostMemoryGb));
}

// Enables or disables one combo item, the reason in its text and tooltip: a greyed-out choice without a
// reason reads as a bug.
void setItemAvailable(QComboBox *cb, int i, const QString &label, const QString &shownWhenUnavailable,
                      const QString &reason)
{
    auto *model = qobject_cast<QStandardItemModel *>(cb->model());
    if (!model || !model->item(i))
        return;
    QStandardItem *item = model->item(i);
    item->setEnabled(reason.isEmpty());
    item->setText(reason.isEmpty() ? label : shownWhenUnavailable);
    item->setToolTip(reason);
}

} // namespace

void SubmitDialog::buildBackendParts()
{
    m_imagesButton = new QToolButton;
    m_imagesButton->setObjectName(QStringLiteral("localImages"));
    m_imagesButton->setText(tr("Local images"));
    m_imagesButton->setToolTip(tr("Images that exist on the backend's machine"));
    m_imagesButton->setPopupMode(QToolButton::InstantPopup);
    m_imagesButton->setMenu(new QMenu(m_imagesButton));
    m_imagesButton->setVisible(false);
    m_imageHint = new QLabel;
    m_imageHint->setObjectName(QStringLiteral("imageHint"));
    m_imageHint->setWordWrap(true);
    m_imageHint->setVisible(false);
    m_imageHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Beside the image field, inside the box that also holds its error label.
    if (auto *v = qobject_cast<QVBoxLayout *>(m_image->parentWidget()->layout())) {
        v->removeWidget(m_image);
        auto *row = new QHBoxLayout;
        row->addWidget(m_image, 1);
        row->addWidget(m_imagesButton);
        v->insertLayout(0, row);
        v->addWidget(m_imageHint);
    }
    connect(m_useImage, &QRadioButton::toggled, m_imagesButton, &QWidget::setEnabled);
    m_imagesButton->setEnabled(m_useImage->isChecked());
    connect(m_gpu, &QComboBox::currentIndexChanged, this, &SubmitDialog::applyMachineLimits);
    applyNodeLimit();
}

void SubmitDialog::applyNodeLimit()
{
    m_maxNodes = m_machine && m_machine->maxNodes ? std::clamp(*m_machine->maxNodes, 1, wire::catalog::kMaxNodes) : 1;
    m_nodes->setMaximum(std::max(1, m_maxNodes));
    m_nodes->setEnabled(m_maxNodes > 1 && !m_busy);
    if (m_maxNodes > 1)
        m_nodes->setToolTip(
            tr("Run the job on up to %n node(s) of the cluster; GPUs and vCPUs are per node.", nullptr, m_maxNodes));
    else if (m_machine && m_machine->maxNodes)
        m_nodes->setToolTip(tr("This backend runs single-node jobs only; multi-node jobs need a cluster runner "
                               "(seedd serve --runner slurm)."));
    else
        m_nodes->setToolTip(tr("This server does not say that it runs multi-node jobs."));
}

void SubmitDialog::loadLocalImages()
{
    if (!m_client || !m_client->endpoint().isValid())
        return;
    m_client->listImages(this, [this](const client::Result<QList<client::LocalImage>> &r) {
        if (!r.ok())
            return; // 404: this server lists no images; the field stays free text
        m_localImages.clear();
        for (const client::LocalImage &i : r.value.value())
            m_localImages << i.name;
        QMenu *menu = m_imagesButton->menu();
        menu->clear();
        for (const QString &name : std::as_const(m_localImages)) {
            menu->addAction(name, this, [this, name] {
                m_useImage->setChecked(true);
                m_image->setText(name);
            });
        }
        m_imagesButton->setVisible(!m_localImages.isEmpty());
        if (m_localImages.isEmpty()) {
            m_imageHint->setText(tr("No container images on this computer yet: get one with “podman pull IMAGE” "
                                    "or “podman load -i FILE”, then open this form again."));
            m_imageHint->setVisible(true);
            return;
        }
        m_imageHint->setVisible(false);
        auto *completer = new QCompleter(m_localImages, m_image);
        completer->setFilterMode(Qt::MatchContains);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        m_image->setCompleter(completer);
        m_image->setPlaceholderText(m_localImages.first());
    });
}

void SubmitDialog::setMachine(const client::MachineView &machine)
{
    const bool stock = m_gpu->currentData().toString() == QLatin1String("A100-80GB") &&
                       m_gpuCount->currentData().toInt() == 1 && m_cpu->currentData().toInt() == 8 &&
                       m_memory->value() == 32;
    m_machine = machine;
    if (stock) {
        // Defaults it can run: the stock GPU type when it has one, else the first type it has, else CPU only.
        QString gpu = QStringLiteral("none");
        if (gpusOfType(machine, QStringLiteral("A100-80GB")) > 0) {
            gpu = QStringLiteral("A100-80GB");
        } else {
            for (const QString &t : wire::catalog::gpuTypes())
                if (t != QLatin1String("none") && gpusOfType(machine, t) > 0) {
                    gpu = t;
                    break;
                }
        }
        const int cpuCap = cpusOf(machine) > 0 ? std::min(8, cpusOf(machine)) : 8;
        int cpu = wire::catalog::cpuCounts().constFirst();
        for (int n : wire::catalog::cpuCounts())
            if (n <= cpuCap)
                cpu = n;
        const wire::MachineShape shape = wire::machineShape(gpu);
        int memory = 32;
        if (memoryGbOf(machine) > 0)
            memory = std::min(memory, memoryGbOf(machine));
        memory =
            std::min(memory, gpu == QLatin1String("none") ? shape.maxMemoryGbPerGpu * cpu : shape.maxMemoryGbPerGpu);
        m_gpu->setCurrentIndex(m_gpu->findData(gpu));
        m_gpuCount->setCurrentIndex(m_gpuCount->findData(1));
        m_cpu->setCurrentIndex(m_cpu->findData(cpu));
        m_memory->setValue(std::max(1, memory));
    }
    if (memoryGbOf(machine) > 0)
        m_memory->setMaximum(std::max(1, memoryGbOf(machine)));
    applyMachineLimits();
    applyNodeLimit();
    updateCost();
    validate();
}

void SubmitDialog::applyMachineLimits()
{
    if (!m_machine)
        return;
    const client::MachineView &m = *m_machine;
    for (int i = 0; i < m_gpu->count(); ++i) {
        const QString type = m_gpu->itemData(i).toString();
        const QString label = type == QLatin1String("none") ? tr("None (CPU only)") : type;
        QString reason;
        if (type != QLatin1String("none") && gpusOfType(m, type) == 0)
            reason = m.gpus.isEmpty() ? tr("This machine has no GPU.") : tr("This machine has no %1 GPU.").arg(type);
        setItemAvailable(m_gpu, i, label, tr("%1 — not on this machine").arg(label), reason);
    }
    const QString type = m_gpu->currentData().toString();
    const int have = gpusOfType(m, type);
    for (int i = 0; i < m_gpuCount->count(); ++i) {
        const int n = m_gpuCount->itemData(i).toInt();
        QString reason;
        if (type != QLatin1String("none") && have > 0 && n > have)
            reason = tr("This machine has %1 × %2.").arg(have).arg(type);
        setItemAvailable(m_gpuCount, i, QString::number(n), tr("%1 — more than this machine has").arg(n), reason);
    }
    const int cpus = cpusOf(m);
    for (int i = 0; i < m_cpu->count(); ++i) {
        const int n = m_cpu->itemData(i).toInt();
        QString reason;
        if (cpus > 0 && n > cpus && i > 0)
            reason = tr("This machine has %n vCPU(s) for jobs.", nullptr, cpus);
        setItemAvailable(m_cpu, i, QString::number(n), tr("%1 — more than this machine has").arg(n), reason);
    }
}

std::optional<wire::ApiError> SubmitDialog::machineError(const wire::JobSpec &s) const
{
    if (!m_machine)
        return std::nullopt;
    const client::MachineView &m = *m_machine;
    using wire::ErrorKind;
    if (s.gpu != QLatin1String("none") && !s.gpu.isEmpty()) {
        const int have = gpusOfType(m, s.gpu);
        if (have == 0)
            return wire::makeError(
                ErrorKind::Unprocessable,
                tr("This machine has no %1 GPU: choose a type it has, or None (CPU only).").arg(s.gpu),
                QStringLiteral("gpu"));
        if (s.gpuCount > have)
            return wire::makeError(ErrorKind::Unprocessable, tr("This machine has %1 × %2.").arg(have).arg(s.gpu),
                                   QStringLiteral("gpu_count"));
    }
    if (cpusOf(m) > 0 && s.cpu > cpusOf(m))
        return wire::makeError(ErrorKind::Unprocessable,
                               tr("This machine has %n vCPU(s) for jobs.", nullptr, cpusOf(m)), QStringLiteral("cpu"));
    if (memoryGbOf(m) > 0 && s.memoryGb > memoryGbOf(m))
        return wire::makeError(ErrorKind::Unprocessable,
                               tr("This machine has %1 GB of memory for jobs.").arg(memoryGbOf(m)),
                               QStringLiteral("memory_gb"));
    return std::nullopt;
}

} // namespace seed::ui
