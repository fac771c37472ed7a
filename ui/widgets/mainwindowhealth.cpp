// The main window's view of the connected backend beyond "connected": requests that fail after the
// connection was made (a wrong or revoked credential, a stopped local seedd) and what the backend's machine
// can run. Kept apart from mainwindow.cpp, which holds the window's layout and actions.
#include "client/connectionmanager.h"
#include "client/errortext.h"
#include "client/localdaemon.h"
#include "client/seedclient.h"
#include "daemon/connectionfile.h"
#include "jobdetails.h"
#include "mainwindow.h"
#include "models/jobtablemodel.h"
#include "models/statusstyle.h"
#include "wire/catalog.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QtMath>

namespace seed::ui {

using models::JobTableModel;

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
            m_machineLabel->setVisible(false);
            return;
        }
        m_machine = r.value.value();
        m_machineLabel->setText(describeMachine(*m_machine));
        m_machineLabel->setToolTip(m_client->endpoint().local ? tr("What the Seed backend on this computer can run")
                                                              : tr("What this endpoint's machine can run"));
        m_machineLabel->setVisible(true);
        if (m_submit)
            m_submit->setMachine(*m_machine);
    });
}

void MainWindow::onListFailed(const wire::ApiError &e)
{
    if (!m_connection->isReady() || !m_connectError.isEmpty())
        return;
    const client::Profile &p = m_connection->profile();
    m_authRefused = e.kind == wire::ErrorKind::Unauthorized || e.kind == wire::ErrorKind::Forbidden;
    QString text;
    if (m_authRefused) {
        text = tr("%1 refused the token or API key: %2 Edit the connection to enter a valid one.")
                   .arg(p.name, client::errorText(e));
    } else if (e.kind == wire::ErrorKind::Unavailable && p.isLocal()) {
        // Said plainly when its process is gone: nothing else will bring it back.
        const auto info = daemon::ConnectionInfo::read(m_client->endpoint().localDataDir);
        if (!info || !client::LocalDaemon::processAlive(info->pid))
            text = tr("The Seed backend on this computer (seedd) is not running. Start it to see and run jobs; "
                      "jobs that were running when it stopped are checked when it starts.");
        else
            text = tr("The Seed backend on this computer does not answer: %1").arg(client::errorText(e));
    } else if (e.kind == wire::ErrorKind::Unavailable) {
        text = client::errorText(e); // "Cannot reach <address>: <why>"

    } else {
        text = tr("The jobs could not be loaded from %1: %2").arg(p.name, client::describeForUser(e));
    }
    m_listError = text;
    showBanner(text);
    updateBannerButtons();
    updateIndicator();
    updateEmptyState();
}

void MainWindow::onListLoaded()
{
    if (m_listError.isEmpty())
        return;
    m_listError.clear();
    m_authRefused = false;
    if (m_connectError.isEmpty())
        showBanner({});
    updateIndicator();
    updateEmptyState();
}

void MainWindow::updateBannerButtons()
{
    const bool local = m_connection->profile().isLocal();
    const bool localDown =
        local && (!m_connectError.isEmpty() || (!m_listError.isEmpty() && !m_authRefused &&
                                                m_client->state() != client::ConnectionState::Connected));
    m_startLocal->setVisible(localDown);
    m_editConnection->setVisible(!local);
    m_retry->setVisible(!localDown);
}

QString MainWindow::emptyStateText() const
{
    return m_tableStack->currentWidget() == m_empty ? m_empty->text() : QString();
}

void MainWindow::stopNowSelected()
{
    QStringList names;
    for (const wire::Job &j : selectedJobs())
        if (j.stopping)
            names << j.name;
    for (const QString &name : std::as_const(names)) {
        m_client->forceCancelJob(name, this, [this, name](const client::Result<client::CancelResult> &r) {
            if (r.ok()) {
                m_model->mergeCancel(r.value->job);
                statusBar()->showMessage(tr("Stopped %1.").arg(name), 5000);
            } else if (r.httpStatus == 400 || r.httpStatus == 404 || r.httpStatus == 405) {
                // A server without the extension: the job still stops, at the end of its grace period.
                statusBar()->showMessage(tr("%1 cannot stop a job at once; “%2” stops when its grace period ends.")
                                             .arg(m_connection->profile().name, name),
                                         10000);
            } else {
                statusBar()->showMessage(tr("%1: %2").arg(name, client::describeForUser(r.value.error())), 10000);
            }
            m_model->refresh();
            if (m_details->hasJob())
                m_details->reload();
            updateActions();
        });
    }
}

int MainWindow::neededColumnWidth(int column) const
{
    const QFontMetrics fm = m_view->fontMetrics();
    const QStyle *style = m_view->style();
    const int cellMargin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1;
    int width = 0;
    if (column == JobTableModel::Status) {
        // Wide enough for the longest status label of the language in use (German: "Zeit überschritten") next
        // to its icon, with the delegate's margins around and between them.
        const int icon = style->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_view);
        for (const wire::JobStatus status : wire::allJobStatuses())
            width = std::max(width, fm.horizontalAdvance(models::statusLabel(status)) + icon + 4 * cellMargin + 4);
        // ...and for a cancelled job still stopping, its countdown.
        wire::Job stopping;
        stopping.status = wire::JobStatus::Cancelled;
        stopping.stopping = true;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        stopping.forceStopAt = now.addSecs(88);
        width = std::max(width, fm.horizontalAdvance(models::jobStatusLabel(stopping, now, true)) + icon +
                                    4 * cellMargin + 4);
    }
    // The header's label with the sort indicator beside it.
    const QHeaderView *hh = m_view->horizontalHeader();
    const QString label = m_model->headerData(column, Qt::Horizontal).toString();
    const int indicator = style->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, hh);
    const int headerMargin = style->pixelMetric(QStyle::PM_HeaderMargin, nullptr, hh);
    width = std::max(width, hh->fontMetrics().horizontalAdvance(label) + indicator + 4 * headerMargin);
    return width;
}

} // namespace seed::ui
