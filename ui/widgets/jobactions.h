#pragma once

#include "client/seedclient.h"
#include "wire/job.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QCheckBox;

namespace seed::client {
class ConnectionManager;
}
namespace seed::models {
class JobTableModel;
class StatusCountsModel;
} // namespace seed::models

namespace seed::ui {

class JobDetails;
class JobTableView;
class SubmitDialog;

// What the window's job actions do (New Job, Submit a Copy, Cancel, Stop Now, Delete, Refresh) on the jobs
// selected in the table; the window's QActions route here. Cancel and Delete ask first, one confirmation at a
// time, through the same box; what the server answers goes to the status bar (statusMessage).
class JobActions : public QObject
{
    Q_OBJECT
public:
    JobActions(client::SeedClient *client, client::ConnectionManager *connection, models::JobTableModel *model,
               models::StatusCountsModel *counts, JobTableView *table, JobDetails *details, QWidget *window);

    void newJob();
    void submitCopy();      // the selected job's spec, under a name not yet in the list
    void cancelSelected();  // the selected jobs still queued or running
    void stopNowSelected(); // force-cancels the selected jobs that are still stopping
    void deleteSelected();  // the selected jobs that ended
    void refreshNow();

    // What the backend's machine can run: the form's defaults (an open form takes it at once).
    void setMachine(const std::optional<client::MachineView> &machine);

    QMessageBox *pendingConfirmation() const { return m_confirm; }
    SubmitDialog *submitDialog() const { return m_submit; }

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void jobsChanged(); // requests answered: what the window's actions allow may differ

private:
    // One confirmation box for an action on several jobs: `names` listed (the first ten) under `info`, then
    // `skippedNote` where some of the selection is left alone. `accept` runs on the accepting button.
    struct Confirmation
    {
        QMessageBox::Icon icon;
        QString objectName;
        QString title;
        QString text;
        QString info;
        QString skippedNote;
        QString acceptText;
        QString rejectText;
        QCheckBox *checkBox = nullptr;
    };
    void confirm(const Confirmation &c, const QStringList &names, std::function<void()> accept);
    void openSubmit(const wire::JobSpec *prefill);

    client::SeedClient *m_client;
    client::ConnectionManager *m_connection;
    models::JobTableModel *m_model;
    models::StatusCountsModel *m_counts;
    JobTableView *m_table;
    JobDetails *m_details;
    QWidget *m_window;
    std::optional<client::MachineView> m_machine;
    QPointer<QMessageBox> m_confirm;
    QPointer<SubmitDialog> m_submit;
};

} // namespace seed::ui
