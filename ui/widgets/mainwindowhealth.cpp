// What the connected backend's machine can run, as the main window's status bar says it and the submission
// form takes it for its defaults. Kept apart from mainwindow.cpp, which builds and wires the window's parts.
#include "client/seedclient.h"
#include "jobactions.h"
#include "mainwindow.h"

#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QtMath>

namespace seed::ui {

QString MainWindow::describeMachine(const client::MachineView &m)
{
    const int cpus = m.capacityCpus > 0 ? m.capacityCpus : m.hostCpus;
    const double memory = m.capacityMemoryGb > 0 ? m.capacityMemoryGb : m.hostMemoryGb;
    QStringList parts;
    if (cpus > 0)
        parts << tr("%n vCPU(s)", nullptr, cpus);
    if (memory > 0)
        parts << tr("%1 GB").arg(QLocale().toString(qFloor(memory)));
    // GPUs by the type they are offered as, in the order the machine lists them; models never allocated count too.
    QStringList order;
    QMap<QString, int> count;
    bool simulated = m.simulated;
    for (const client::MachineGpu &g : m.gpus) {
        const QString type = g.type.isEmpty() ? g.model : g.type;
        if (!count.contains(type))
            order << type;
        ++count[type];
        simulated = simulated || g.simulated;
    }
    if (order.isEmpty()) {
        parts << tr("no GPU");
    } else {
        QStringList gpus;
        for (const QString &t : std::as_const(order))
            gpus << tr("%1 × %2").arg(count.value(t)).arg(t);
        QString text = gpus.join(QStringLiteral(", "));
        if (simulated)
            text = tr("%1 (simulated)").arg(text);
        parts << text;
    }
    return parts.join(QStringLiteral(" · "));
}

void MainWindow::refreshMachine()
{
    const quint64 gen = ++m_machineGeneration;
    m_client->getMachine(this, [this, gen](const client::Result<client::MachineView> &r) {
        if (gen != m_machineGeneration)
            return;
        if (!r.ok()) {
            // A server without the inventory (404: a contract-only endpoint) keeps the form's stock lists.
            m_machine.reset();
            m_actions->setMachine(m_machine);
            m_machineLabel->setVisible(false);
            return;
        }
        m_machine = r.value.value();
        m_machineLabel->setText(describeMachine(*m_machine));
        m_machineLabel->setToolTip(m_client->endpoint().local ? tr("What the Seed backend on this computer can run")
                                                              : tr("What this endpoint's machine can run"));
        m_machineLabel->setVisible(true);
        m_actions->setMachine(m_machine);
    });
}

} // namespace seed::ui
