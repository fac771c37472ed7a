#include "jobactions.h"

#include "client/connectionmanager.h"
#include "client/errortext.h"
#include "jobdetails.h"
#include "jobtableview.h"
#include "models/jobtablemodel.h"
#include "models/statuscountsmodel.h"
#include "submitdialog.h"

#include <QCheckBox>
#include <QPushButton>

namespace seed::ui {

JobActions::JobActions(client::SeedClient *client, client::ConnectionManager *connection, models::JobTableModel *model,
                       models::StatusCountsModel *counts, JobTableView *table, JobDetails *details, QWidget *window)
    : QObject(window), m_client(client), m_connection(connection), m_model(model), m_counts(counts), m_table(table),
      m_details(details), m_window(window)
{
}

void JobActions::confirm(const Confirmation &c, const QStringList &names, std::function<void()> accept)
{
    QString info = c.info;
    if (names.size() > 1)
        info += QStringLiteral("\n\n") + names.mid(0, 10).join(QStringLiteral(", ")) +
                (names.size() > 10 ? QStringLiteral(", …") : QString());
    if (!c.skippedNote.isEmpty())
        info += QStringLiteral("\n\n") + c.skippedNote;
    auto *box = new QMessageBox(c.icon, c.title, c.text, QMessageBox::Yes | QMessageBox::No, m_window);
    box->setObjectName(c.objectName);
    box->setInformativeText(info);
    if (c.checkBox)
        box->setCheckBox(c.checkBox);
    box->button(QMessageBox::Yes)->setText(c.acceptText);
    box->button(QMessageBox::No)->setText(c.rejectText);
    box->setDefaultButton(QMessageBox::No); // the safe answer
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm = box;
    connect(box, &QMessageBox::finished, this, [accept = std::move(accept)](int result) {
        if (result == QMessageBox::Yes)
            accept();
    });
    box->open();
}

void JobActions::cancelSelected()
{
    QStringList names;
    int skipped = 0;
    for (const auto &j : m_table->selectedJobs()) {
        if (wire::isTerminal(j.status))
            ++skipped;
        else
            names.append(j.name);
    }
    if (names.isEmpty() || m_confirm)
        return;
    const bool one = names.size() == 1;
    Confirmation c{QMessageBox::Question,
                   QStringLiteral("confirmCancel"),
                   one ? tr("Cancel job") : tr("Cancel jobs"),
                   one ? tr("Cancel job “%1”?").arg(names.first()) : tr("Cancel %n jobs?", nullptr, int(names.size())),
                   tr("Running processes receive SIGTERM, then SIGKILL after a 30-second grace period."),
                   skipped > 0 ? tr("%n selected job(s) already ended and are left alone.", nullptr, skipped)
                               : QString(),
                   one ? tr("Cancel Job") : tr("Cancel Jobs"),
                   tr("Keep Running")};
    confirm(c, names, [this, names] {
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
                Q_EMIT statusMessage(errors->isEmpty() ? tr("Cancelled.") : errors->join(QStringLiteral("; ")), 8000);
                m_model->refresh();
                m_counts->refresh();
                if (m_details->hasJob())
                    m_details->reload();
                Q_EMIT jobsChanged();
            });
        }
    });
}

void JobActions::deleteSelected()
{
    QStringList names;
    int skipped = 0;
    for (const auto &j : m_table->selectedJobs()) {
        if (wire::isTerminal(j.status))
            names.append(j.name);
        else
            ++skipped;
    }
    if (names.isEmpty() || m_confirm)
        return;
    const bool one = names.size() == 1;
    auto *artifacts = new QCheckBox(tr("Also delete &artifacts (cannot be undone)"));
    artifacts->setObjectName(QStringLiteral("deleteArtifacts"));
    Confirmation c{QMessageBox::Warning,
                   QStringLiteral("confirmDelete"),
                   one ? tr("Delete job") : tr("Delete jobs"),
                   one ? tr("Delete job “%1”?").arg(names.first()) : tr("Delete %n jobs?", nullptr, int(names.size())),
                   tr("The job record is removed from the list."),
                   skipped > 0 ? tr("%n selected job(s) are still queued or running and are left alone; cancel them "
                                    "first.",
                                    nullptr, skipped)
                               : QString(),
                   one ? tr("Delete Job") : tr("Delete Jobs"),
                   tr("Keep"),
                   artifacts};
    confirm(c, names, [this, names, artifacts] {
        const bool withArtifacts = artifacts->isChecked();
        auto left = std::make_shared<int>(int(names.size()));
        auto errors = std::make_shared<QStringList>();
        for (const QString &name : names) {
            m_client->deleteJob(
                name, withArtifacts, this, [this, name, left, errors](const client::Result<client::Empty> &r) {
                    if (r.ok() || r.value.error().kind == wire::ErrorKind::NotFound) {
                        m_model->removeByName(name);
                        if (m_details->hasJob() && m_details->job().name == name)
                            m_details->clear();
                    } else {
                        errors->append(tr("%1: %2").arg(name, client::describeForUser(r.value.error())));
                    }
                    if (--*left > 0)
                        return;
                    Q_EMIT statusMessage(errors->isEmpty() ? tr("Deleted.") : errors->join(QStringLiteral("; ")), 8000);
                    m_model->refresh();
                    m_counts->refresh();
                    Q_EMIT jobsChanged();
                });
        }
    });
}

void JobActions::stopNowSelected()
{
    QStringList names;
    for (const wire::Job &j : m_table->selectedJobs())
        if (j.stopping)
            names << j.name;
    for (const QString &name : std::as_const(names)) {
        m_client->forceCancelJob(name, this, [this, name](const client::Result<client::CancelResult> &r) {
            if (r.ok()) {
                m_model->mergeCancel(r.value->job);
                Q_EMIT statusMessage(tr("Stopped %1.").arg(name), 5000);
            } else if (r.httpStatus == 400 || r.httpStatus == 404 || r.httpStatus == 405) {
                // A server without the extension: the job still stops, at the end of its grace period.
                Q_EMIT statusMessage(tr("%1 cannot stop a job at once; “%2” stops when its grace period ends.")
                                         .arg(m_connection->profile().name, name),
                                     10000);
            } else {
                Q_EMIT statusMessage(tr("%1: %2").arg(name, client::describeForUser(r.value.error())), 10000);
            }
            m_model->refresh();
            if (m_details->hasJob())
                m_details->reload();
            Q_EMIT jobsChanged();
        });
    }
}

void JobActions::refreshNow()
{
    m_model->refresh();
    m_counts->refresh();
    if (m_details->hasJob())
        m_details->reload();
}

void JobActions::setMachine(const std::optional<client::MachineView> &machine)
{
    m_machine = machine;
    if (m_submit && m_machine)
        m_submit->setMachine(*m_machine);
}

void JobActions::openSubmit(const wire::JobSpec *prefill)
{
    if (m_submit) {
        m_submit->raise();
        m_submit->activateWindow();
        return;
    }
    m_submit = new SubmitDialog(m_client, m_window);
    m_submit->setAttribute(Qt::WA_DeleteOnClose);
    if (m_machine)
        m_submit->setMachine(*m_machine); // before a prefill: its values are the user's, the machine's are defaults
    if (prefill)
        m_submit->setSpec(*prefill);
    connect(m_submit, &SubmitDialog::submitted, this, [this](const wire::Job &job) {
        // A server without spot jobs ignores the key: say that this one runs (and is priced) on demand.
        if (m_submit && m_submit->isSpot() && !job.spot)
            Q_EMIT statusMessage(
                tr("Submitted %1, but this server does not know spot jobs: it runs on demand.").arg(job.name), 10000);
        else
            Q_EMIT statusMessage(tr("Submitted %1.").arg(job.name), 5000);
        m_table->selectWhenListed(job.name);
        m_model->refresh();
        m_counts->refresh();
    });
    m_submit->open();
}

void JobActions::newJob() { openSubmit(nullptr); }

void JobActions::submitCopy()
{
    const auto sel = m_table->selectedJobs();
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

} // namespace seed::ui
