#include "localbackendpage.h"

#include "client/localdaemon.h"
#include "wire/catalog.h"

#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace seed::ui {

using client::LocalBackendConfig;

namespace {
QLabel *note(const QString &text)
{
    auto *l = new QLabel(text);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

QJsonObject readFileObject(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

LocalBackendPage::LocalBackendPage(const QString &dataDir, client::LocalDaemon *daemon, QWidget *parent)
    : QWidget(parent), m_dataDir(dataDir), m_daemon(daemon)
{
    setObjectName(QStringLiteral("localBackendPage"));
    auto *lay = new QVBoxLayout(this);
    lay->addWidget(note(tr("What the Seed backend on this computer offers to jobs. Applying restarts it; jobs that "
                           "are running keep running.")));

    auto *gpuBox = new QGroupBox(tr("GPUs"));
    auto *gpuForm = new QFormLayout(gpuBox);
    m_gpuMode = new QComboBox;
    m_gpuMode->setObjectName(QStringLiteral("gpuMode"));
    m_gpuMode->addItem(tr("Use the GPUs of this computer"), int(LocalBackendConfig::GpuMode::Detect));
    m_gpuMode->addItem(tr("No GPUs (CPU-only jobs)"), int(LocalBackendConfig::GpuMode::None));
    m_gpuMode->addItem(tr("Simulated GPUs (for trying Seed out)"), int(LocalBackendConfig::GpuMode::Simulated));
    gpuForm->addRow(tr("&GPUs:"), m_gpuMode);
    auto *simRow = new QHBoxLayout;
    m_gpuType = new QComboBox;
    m_gpuType->setObjectName(QStringLiteral("simulatedGpuType"));
    m_gpuType->setAccessibleName(tr("Simulated GPU type"));
    for (const QString &t : wire::catalog::gpuTypes())
        if (t != QLatin1String("none"))
            m_gpuType->addItem(t, t);
    m_gpuCount = new QSpinBox;
    m_gpuCount->setObjectName(QStringLiteral("simulatedGpuCount"));
    m_gpuCount->setAccessibleName(tr("Number of simulated GPUs"));
    m_gpuCount->setRange(1, LocalBackendConfig::kMaxSimulatedGpus);
    m_gpuCount->setPrefix(tr("× "));
    simRow->addWidget(m_gpuType, 1);
    simRow->addWidget(m_gpuCount);
    auto *typeLabel = new QLabel(tr("Simulated &type:"));
    typeLabel->setBuddy(m_gpuType); // a row of a layout gets no buddy from addRow, and "&" would show as it is
    gpuForm->addRow(typeLabel, simRow);
    m_extraGpus = note(QString());
    m_extraGpus->setObjectName(QStringLiteral("extraSimulatedGpus"));
    m_extraGpus->setVisible(false);
    gpuForm->addRow(m_extraGpus);
    gpuForm->addRow(addErrorLabel(QStringLiteral("gpus")));
    connect(m_gpuMode, &QComboBox::currentIndexChanged, this, &LocalBackendPage::updateEnabled);
    lay->addWidget(gpuBox);

    auto *capBox = new QGroupBox(tr("Capacity for jobs"));
    auto *capForm = new QFormLayout(capBox);
    m_cpus = new QSpinBox;
    m_cpus->setObjectName(QStringLiteral("capacityCpus"));
    m_cpus->setRange(0, 4096);
    m_cpus->setSpecialValueText(tr("All of this computer's"));
    m_cpus->setAccessibleName(tr("vCPUs for jobs"));
    capForm->addRow(tr("&vCPUs:"), m_cpus);
    capForm->addRow(addErrorLabel(QStringLiteral("cpus")));
    m_memory = new QSpinBox;
    m_memory->setObjectName(QStringLiteral("capacityMemory"));
    m_memory->setRange(0, 1 << 20);
    m_memory->setSuffix(tr(" GB"));
    m_memory->setSpecialValueText(tr("All of this computer's"));
    m_memory->setAccessibleName(tr("Memory for jobs in gigabytes"));
    capForm->addRow(tr("&Memory:"), m_memory);
    capForm->addRow(addErrorLabel(QStringLiteral("memory_gb")));
    lay->addWidget(capBox);

    auto *imgBox = new QGroupBox(tr("Images"));
    auto *imgForm = new QFormLayout(imgBox);
    m_pull = new QComboBox;
    m_pull->setObjectName(QStringLiteral("pullPolicy"));
    m_pull->addItem(tr("Never: only images already on this computer (offline)"), QStringLiteral("never"));
    m_pull->addItem(tr("When missing: pull images this computer does not have"), QStringLiteral("missing"));
    m_pull->addItem(tr("Always: pull before every job"), QStringLiteral("always"));
    m_pull->addItem(tr("When newer: pull when the registry has a newer image"), QStringLiteral("newer"));
    imgForm->addRow(tr("&Pull images:"), m_pull);
    imgForm->addRow(addErrorLabel(QStringLiteral("pull")));
    m_image = new QLineEdit;
    m_image->setObjectName(QStringLiteral("defaultImage"));
    m_image->setPlaceholderText(QStringLiteral("docker.io/library/python:3.12-slim"));
    m_image->setAccessibleName(tr("Default image"));
    imgForm->addRow(tr("&Default image:"), m_image);
    imgForm->addRow(addErrorLabel(QStringLiteral("default_image")));
    imgForm->addRow(
        note(tr("The image of jobs that name a repository but no image. Empty: %1.").arg(m_image->placeholderText())));
    lay->addWidget(imgBox);

    m_general = new QLabel;
    m_general->setObjectName(QStringLiteral("localBackendError"));
    m_general->setWordWrap(true);
    m_general->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_general->setStyleSheet(QStringLiteral("color: #e5484d;"));
    m_general->setVisible(false);
    lay->addWidget(m_general);
    lay->addWidget(note(tr("Settings file: %1").arg(LocalBackendConfig::path(dataDir))));
    lay->addStretch(1);

    QString error;
    m_loaded = LocalBackendConfig::load(dataDir, &error);
    setConfig(m_loaded);
    if (!error.isEmpty())
        showProblems({}, error);
}

QLabel *LocalBackendPage::addErrorLabel(const QString &key)
{
    auto *l = new QLabel;
    l->setObjectName(QStringLiteral("error_") + key);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setStyleSheet(QStringLiteral("color: #e5484d;"));
    l->setVisible(false);
    m_errors.insert(key, l);
    return l;
}

LocalBackendConfig LocalBackendPage::config() const
{
    LocalBackendConfig c;
    c.gpuMode = LocalBackendConfig::GpuMode(m_gpuMode->currentData().toInt());
    if (c.gpuMode == LocalBackendConfig::GpuMode::Simulated) {
        c.simulated.append({m_gpuType->currentData().toString(), m_gpuCount->value()});
        c.simulated += m_extraSimulated;
    }
    c.cpus = m_cpus->value();
    c.memoryGb = m_memory->value();
    c.pull = m_pull->currentData().toString();
    c.defaultImage = m_image->text().trimmed();
    return c;
}

void LocalBackendPage::setConfig(const LocalBackendConfig &c)
{
    m_gpuMode->setCurrentIndex(m_gpuMode->findData(int(c.gpuMode)));
    m_extraSimulated.clear();
    if (!c.simulated.isEmpty()) {
        const int i = m_gpuType->findData(c.simulated.first().type);
        m_gpuType->setCurrentIndex(qMax(0, i));
        m_gpuCount->setValue(c.simulated.first().count);
        m_extraSimulated = c.simulated.mid(1);
    }
    QStringList extra;
    for (const auto &g : std::as_const(m_extraSimulated))
        extra << tr("%1 × %2").arg(g.count).arg(g.type);
    m_extraGpus->setText(tr("Also simulated (from the settings file, kept): %1").arg(extra.join(QStringLiteral(", "))));
    m_extraGpus->setVisible(!extra.isEmpty() && c.gpuMode == LocalBackendConfig::GpuMode::Simulated);
    m_cpus->setValue(c.cpus);
    m_memory->setValue(c.memoryGb);
    const int p = m_pull->findData(c.pull);
    m_pull->setCurrentIndex(p >= 0 ? p : 0);
    m_image->setText(c.defaultImage);
    updateEnabled();
}

void LocalBackendPage::updateEnabled()
{
    const bool sim = m_gpuMode->currentData().toInt() == int(LocalBackendConfig::GpuMode::Simulated);
    m_gpuType->setEnabled(sim);
    m_gpuCount->setEnabled(sim);
    m_extraGpus->setVisible(sim && !m_extraSimulated.isEmpty());
}

void LocalBackendPage::showProblems(const QHash<QString, QString> &problems, const QString &general)
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        const QString text = problems.value(it.key());
        it.value()->setText(text);
        it.value()->setVisible(!text.isEmpty());
    }
    m_general->setText(general);
    m_general->setVisible(!general.isEmpty());
}

QString LocalBackendPage::fieldError(const QString &key) const
{
    const QLabel *l = m_errors.value(key);
    return l && !l->isHidden() ? l->text() : QString();
}

QString LocalBackendPage::generalError() const { return m_general->isHidden() ? QString() : m_general->text(); }

bool LocalBackendPage::apply()
{
    const LocalBackendConfig c = config();
    const QHash<QString, QString> problems = c.problems();
    if (!problems.isEmpty()) {
        showProblems(problems, QString());
        return false;
    }
    // The seedd that will read the file has the last word: a candidate next to the file is checked first, so
    // that a refused setting never stops the running backend.
    const QString file = LocalBackendConfig::path(m_dataDir);
    const QString candidate = file + QStringLiteral(".new");
    const QJsonObject merged = c.mergedInto(readFileObject(file));
    QString error;
    if (!LocalBackendConfig::writeFile(candidate, merged, &error)) {
        showProblems({}, error);
        return false;
    }
    if (m_daemon) {
        error = m_daemon->checkConfig(candidate);
        if (!error.isEmpty()) {
            QFile::remove(candidate);
            showProblems({}, tr("The Seed backend would refuse these settings: %1").arg(error));
            return false;
        }
    }
    QFile::remove(candidate);
    if (!LocalBackendConfig::writeFile(file, merged, &error)) {
        showProblems({}, error);
        return false;
    }
    showProblems({}, QString());
    m_loaded = c;
    return true;
}

} // namespace seed::ui
