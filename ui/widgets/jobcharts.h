#pragma once

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace seed::client {
class SeedClient;
}

namespace seed::ui {

// GPU %, CPU %, memory GB and disk GB of one job over time (Qt Charts, a time axis), live. The remote
// contract has no time series, and seedd offers none either (yet): the series is built here by polling
// GET .../analytics while the job runs (interval: QSettings "charts/pollMs", default 2 s).
class JobCharts : public QWidget
{
    Q_OBJECT
public:
    JobCharts(client::SeedClient *client, const QString &jobName, QWidget *parent = nullptr);

    void start();
    void stop();
    void setPollInterval(int ms) { m_timer.setInterval(ms); }
    int pointCount() const; // samples held (all series have as many)
    bool exportPng(const QString &file);
    QString source() const { return QStringLiteral("polling"); }
    QChart *chart() const { return m_chart; }
    // One sample (also used by a backend time series when one exists).
    void addSample(const QDateTime &at, double gpu, double cpu, double memGb, double diskGb);

private:
    void poll();
    void onHover(QLineSeries *s, const QPointF &p, bool state);

    QPointer<client::SeedClient> m_client;
    QString m_name;
    QTimer m_timer;
    QChart *m_chart;
    QChartView *m_view;
    QLineSeries *m_gpu, *m_cpu, *m_mem, *m_disk;
    QDateTimeAxis *m_time;
    QValueAxis *m_percent, *m_gb;
    QLabel *m_hover;
    double m_maxGb = 1;
    bool m_inFlight = false;
    static constexpr int kMaxPoints = 3600;
};

} // namespace seed::ui
