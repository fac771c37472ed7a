#pragma once

#include "models/settings.h"
#include "wire/jobstatus.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <optional>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace seed::client {
class SeedClient;
struct AnalyticsSeries;
} // namespace seed::client

namespace seed::ui {

// GPU %, CPU %, memory GB and disk GB of one job over time (Qt Charts, a time axis, a legend, the values at
// a point on hover, PNG export), live.
//
// Where the server has seedd's time series (GET .../analytics/series) the chart shows the job's whole
// history at once and then refreshes it on every tick (new points appended; redrawn when the server has
// merged old points). A server that answers 404 there (a remote with only the contract) is remembered on
// the client for the connection, and the chart is built here instead by polling GET .../analytics while the
// job runs. Either way a running job's chart asks again every Settings::Key::ChartPollMs (default 2 s; the
// Preferences dialog's "chart refresh interval"), and takes a new value at once. A GPU utilisation that was not
// measured (simulated GPUs, no NVML) is left out of the chart and said so in the legend, never drawn as 0.
class JobCharts : public QWidget
{
    Q_OBJECT
public:
    enum class Source { Undecided, Series, Polling };

    JobCharts(client::SeedClient *client, const QString &jobName, QWidget *parent = nullptr);

    static constexpr int kDefaultPollMs = Settings::kChartPollMs.defaultValue;
    static constexpr int kMinPollMs = 100;
    static int pollIntervalFromSettings(); // Settings::Key::ChartPollMs (an open chart follows its changes)

    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    void setPollInterval(int ms) { m_timer.setInterval(std::max(kMinPollMs, ms)); }
    void setCpuOnly(bool on); // a job without GPUs: the GPU line and its legend entry are left out
    bool isCpuOnly() const { return m_cpuOnly; }
    int pollInterval() const { return m_timer.interval(); }
    int pointCount() const; // samples held (CPU, memory and disk have as many; GPU as many as were measured)
    int gpuPointCount() const;
    int powerPointCount() const; // GPU power (W) points: only where the server sent a power value
    bool exportPng(const QString &file);
    // "series", "polling", or empty before the first answer.
    QString source() const;
    Source sourceKind() const { return m_source; }
    // The HTTP status the series path last answered (404: the extension is absent; 0: not asked).
    int seriesStatus() const { return m_seriesStatus; }
    QChart *chart() const { return m_chart; }
    QLabel *hoverLabel() const { return m_hover; }
    // The values at (or nearest to) a time, as the hover shows them.
    QString valuesAt(const QDateTime &at) const;
    // One sample (polling, or tests).
    void addSample(const QDateTime &at, std::optional<double> gpu, double cpu, double memGb, double diskGb,
                   std::optional<double> powerWatts = std::nullopt, bool gpuSimulated = false);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void poll();
    void pollSeries(wire::JobStatus status);
    void pollAnalytics(wire::JobStatus status);
    void applySeries(const client::AnalyticsSeries &series);
    void finishTick(wire::JobStatus status);
    void updateAxes();
    void updateGpuLegend();
    void onHover(QLineSeries *s, const QPointF &p, bool state);

    QPointer<client::SeedClient> m_client;
    QString m_name;
    QTimer m_timer;
    QChart *m_chart;
    QChartView *m_view;
    QLineSeries *m_gpu, *m_cpu, *m_mem, *m_disk, *m_power;
    QDateTimeAxis *m_time;
    QValueAxis *m_percent, *m_gb, *m_watts;
    QLabel *m_hover;
    Source m_source = Source::Undecided;
    int m_seriesStatus = 0;
    int m_cpuCores = 1;           // the job's vCPUs: the series' CPU % (of one core) is shown as a share of them
    qint64 m_seriesHeld = 0;      // points taken from the series so far
    qint64 m_lastSeriesMs = -1;   // timestamp of the newest of them
    bool m_gpuMeasured = false;   // some GPU value was measured
    bool m_gpuUnmeasured = false; // some GPU value was null (no NVML, an older seedd)
    bool m_gpuSimulated = false;  // some GPU value was a simulated GPU's model
    bool m_powerSimulated = false; // some power value was a simulated GPU's model
    bool m_powerMeasured = false;
    bool m_inFlight = false;
    bool m_loadedOnce = false;
    static constexpr int kMaxPoints = 3600;
    bool m_cpuOnly = false;
};

} // namespace seed::ui
