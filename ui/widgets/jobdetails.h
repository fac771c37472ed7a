#pragma once

#include "client/seedclient.h"
#include "jobcharts.h"
#include "logpane.h"
#include "wire/job.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTimer;
class QToolButton;
class QGroupBox;
class QFormLayout;

namespace seed::client {
class SeedClient;
class Download;
}

namespace seed::ui {

// Everything GET job says about one job, in tabs: "Overview" now; the log pane and the utilization
// charts add their own tabs through tabs().
class JobDetails : public QWidget
{
    Q_OBJECT
public:
    explicit JobDetails(client::SeedClient *client, QWidget *parent = nullptr);

    // Shows `name` at once from what the table knows, then reads the full record.
    void showJob(const wire::Job &fromList);
    void clear();
    void reload(); // re-reads the shown job
    void setJob(const wire::Job &job);
    // A change of the shown job seen in the job table (an event or a list refresh), with its runtime as of now.
    void takeRowUpdate(const wire::Job &row, qint64 runtimeNow);

    const wire::Job &job() const { return m_job; }
    bool hasJob() const { return !m_job.name.isEmpty(); }
    QString fieldText(const QString &key) const; // the shown text of one field (tests, accessibility)
    bool isFieldShown(const QString &key) const; // rows of additive keys the server did not send are hidden
    static QString energyText(double kwh);       // "1.25 kWh", "0.42 Wh"
    QTabWidget *tabs() const { return m_tabs; }
    client::Download *activeDownload() const { return m_download; }

    void copyCommand();
    static QString suggestedArtifactsName(const wire::Job &job); // "<job>-artifacts.tar"
    void startDownload(const QString &targetFile); // what "Download…" does after the file dialog
    void openFolder();
    QString localArtifactsDir() const; // empty when the artifacts are not on this disk

Q_SIGNALS:
    void statusMessage(const QString &message);
    void jobChanged(); // another job shown, the shown one re-read, or none
    void downloadFinished(bool ok, const QString &error);

private:
    void addField(QFormLayout *form, const QString &key, const QString &label);
    void setField(const QString &key, const QString &text);
    void setFieldShown(const QString &key, bool shown);
    void loadEnergy(); // the job's GPU energy (GET .../analytics, additive keys)
    void showEnergy();
    void updateButtons();
    void updateClockFields(); // runtime and total cost of a running job, counted on from when it was read

    QPointer<client::SeedClient> m_client;
    wire::Job m_job;
    quint64 m_generation = 0;
    QTabWidget *m_tabs;
    QLabel *m_title;
    QLabel *m_statusIcon;
    QLabel *m_placeholder;
    QWidget *m_body;
    QPlainTextEdit *m_command;
    QPushButton *m_copy;
    QGroupBox *m_artifactsBox;
    QPushButton *m_downloadButton;
    QPushButton *m_openFolderButton;
    QProgressBar *m_downloadProgress;
    QToolButton *m_cancelDownload;
    QPointer<client::Download> m_download;
    QHash<QString, QLabel *> m_fields;
    QHash<QString, QFormLayout *> m_fieldForms;
    std::optional<client::AnalyticsSample> m_energy; // of m_job, from its analytics
    bool m_energyAnswered = false;                   // its analytics answered (or failed) at least once
    quint64 m_energyGeneration = 0;
    int m_energyTicks = 0;
    QProgressBar *m_progressBar = nullptr;
    QPointer<LogPane> m_logPane;
    QPointer<JobCharts> m_charts;
    QTimer *m_clock;          // ticks the runtime and cost of a running job between updates
    QElapsedTimer m_readAt;   // since m_job was read
    QString m_wantedTab;      // the tab the user last chose ("logs", "charts"), kept across jobs
    bool m_rebuildingTabs = false;
    void ensureLiveTabs();

public:
    LogPane *logPane() const { return m_logPane; }
    JobCharts *charts() const { return m_charts; }
    // cost_per_hour x (runtime + ETA) for a running job with an ETA, in cents; -1 otherwise.
    static qint64 projectedCostCents(const wire::Job &j);
};

} // namespace seed::ui
