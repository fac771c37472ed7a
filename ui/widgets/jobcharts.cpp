#include "jobcharts.h"

#include "client/seedclient.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace seed::ui {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Unlike wire::isTerminal, a status this client does not know also stops the chart.
bool stopsChart(wire::JobStatus status)
{
    return status != wire::JobStatus::Running && status != wire::JobStatus::Queued;
}

// The point of `s` nearest to x (the series are sorted by time); nullopt when it is empty.
std::optional<QPointF> nearest(const QLineSeries *s, qreal x)
{
    const QList<QPointF> pts = s->points();
    if (pts.isEmpty())
        return std::nullopt;
    auto it = std::lower_bound(pts.cbegin(), pts.cend(), x, [](const QPointF &p, qreal v) { return p.x() < v; });
    if (it == pts.cend())
        return pts.last();
    if (it != pts.cbegin() && x - std::prev(it)->x() < it->x() - x)
        --it;
    return *it;
}

} // namespace

JobCharts::JobCharts(client::SeedClient *client, const QString &jobName, QWidget *parent)
    : QWidget(parent), m_client(client), m_name(jobName), m_chart(new QChart)
{
    m_timer.setInterval(pollIntervalFromSettings());
    connect(&m_timer, &QTimer::timeout, this, &JobCharts::poll);
    connect(Settings::instance(), &Settings::changed, this, [this](Settings::Key key) {
        if (key == Settings::Key::ChartPollMs)
            setPollInterval(pollIntervalFromSettings());
    });

    auto mk = [this](const QString &name, const QColor &c) {
        auto *s = new QLineSeries(m_chart);
        s->setName(name);
        s->setColor(c);
        s->setPointsVisible(false);
        m_chart->addSeries(s);
        connect(s, &QLineSeries::hovered, this, [this, s](const QPointF &p, bool st) { onHover(s, p, st); });
        return s;
    };
    m_gpu = mk(tr("GPU %"), QColor(118, 185, 0));
    m_cpu = mk(tr("CPU %"), QColor(36, 114, 200));
    m_mem = mk(tr("Memory GB"), QColor(205, 49, 49));
    m_disk = mk(tr("Disk GB"), QColor(188, 63, 188));
    m_power = mk(tr("GPU power W"), QColor(230, 140, 20));
    m_time = new QDateTimeAxis(m_chart);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTitleText(tr("Time"));
    m_percent = new QValueAxis(m_chart);
    m_percent->setRange(0, 100);
    m_percent->setTitleText(tr("Utilization %"));
    m_percent->setLabelFormat(QStringLiteral("%d"));
    m_gb = new QValueAxis(m_chart);
    m_gb->setRange(0, 1);
    m_gb->setTitleText(tr("GB"));
    m_gb->setLabelFormat(QStringLiteral("%.1f"));
    m_watts = new QValueAxis(m_chart);
    m_watts->setRange(0, 100);
    m_watts->setTitleText(tr("W"));
    m_watts->setLabelFormat(QStringLiteral("%d"));
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_percent, Qt::AlignLeft);
    m_chart->addAxis(m_gb, Qt::AlignRight);
    m_chart->addAxis(m_watts, Qt::AlignRight);
    for (QLineSeries *s : {m_gpu, m_cpu, m_mem, m_disk, m_power})
        s->attachAxis(m_time);
    m_power->attachAxis(m_watts);
    m_gpu->attachAxis(m_percent);
    m_cpu->attachAxis(m_percent);
    m_mem->attachAxis(m_gb);
    m_disk->attachAxis(m_gb);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_time->setRange(now.addSecs(-60), now);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setTitle(tr("Utilization of %1").arg(jobName));
    updateGpuLegend(); // no power line or W axis until the server sends power

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_hover = new QLabel(this);
    m_hover->setObjectName(QStringLiteral("chartHover"));
    auto *exportButton = new QPushButton(tr("Export PNG…"), this);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export Chart"), m_name + QStringLiteral(".png"),
                                                       tr("PNG images (*.png)"));
        if (!f.isEmpty())
            exportPng(f);
    });
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_hover, 1);
    bottom->addWidget(exportButton);
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(m_view, 1);
    lay->addLayout(bottom);
}

int JobCharts::pollIntervalFromSettings() { return Settings::instance()->get<int>(Settings::Key::ChartPollMs); }

void JobCharts::start()
{
    m_loadedOnce = true;
    poll();
    m_timer.start();
}

void JobCharts::stop() { m_timer.stop(); }

// A finished job's chart is never start()ed: shown for the first time, it loads the history once (from the
// series; a server without it has nothing to give for a job that no longer runs).
void JobCharts::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce && !m_timer.isActive()) {
        m_loadedOnce = true;
        poll();
    }
}

int JobCharts::pointCount() const { return int(m_cpu->count()); }

int JobCharts::gpuPointCount() const { return int(m_gpu->count()); }

int JobCharts::powerPointCount() const { return int(m_power->count()); }

QString JobCharts::source() const
{
    switch (m_source) {
    case Source::Series:
        return QStringLiteral("series");
    case Source::Polling:
        return QStringLiteral("polling");
    case Source::Undecided:
        break;
    }
    return {};
}

void JobCharts::poll()
{
    if (!m_client || m_inFlight)
        return;
    m_inFlight = true;
    m_client->getJob(m_name, this, [this](const client::Result<wire::Job> &jr) {
        if (!jr.ok()) {
            m_inFlight = false;
            if (jr.httpStatus == 404)
                stop(); // the job is gone: the chart keeps what it has
            return;
        }
        const wire::Job &job = jr.value.value();
        m_cpuCores = std::max(1, job.cpu);
        if (job.status == wire::JobStatus::Queued) {
            m_inFlight = false; // nothing to chart yet
            return;
        }
        if (m_client && !m_client->lacksExtension(client::SeedClient::kSeriesExtension))
            pollSeries(job.status);
        else
            pollAnalytics(job.status);
    });
}

void JobCharts::pollSeries(wire::JobStatus status)
{
    m_client->getAnalyticsSeries(m_name, this, [this, status](const client::Result<client::AnalyticsSeries> &r) {
        m_seriesStatus = r.httpStatus;
        if (r.ok()) {
            m_source = Source::Series;
            applySeries(r.value.value());
            finishTick(status);
            return;
        }
        if (r.httpStatus == 404 && m_client) {
            // The job exists (we just read it), so the 404 is the path's: this server lacks the extension.
            m_client->noteMissingExtension(client::SeedClient::kSeriesExtension);
            pollAnalytics(status);
            return;
        }
        finishTick(status); // a passing failure: try again on the next tick
    });
}

void JobCharts::pollAnalytics(wire::JobStatus status)
{
    m_source = Source::Polling;
    if (stopsChart(status)) {
        finishTick(status); // values of a job that no longer runs do not move: nothing to add
        return;
    }
    m_client->getAnalyticsSample(m_name, this, [this, status](const client::Result<client::AnalyticsSample> &r) {
        if (r.ok()) {
            const client::AnalyticsSample &a = r.value.value();
            // The time of our tick, not sampled_at: a server that re-reports its newest sample must still
            // move the chart along, and our clock is the one the axis shows.
            addSample(QDateTime::currentDateTimeUtc(), a.gpuPercent, a.cpuPercent, a.memoryGb, a.diskGb,
                      a.gpuPowerWatts, a.gpuSimulated);
        }
        finishTick(status);
    });
}

void JobCharts::finishTick(wire::JobStatus status)
{
    m_inFlight = false;
    if (stopsChart(status))
        stop(); // ended: the chart keeps what it has
}

void JobCharts::applySeries(const client::AnalyticsSeries &series)
{
    const QList<client::SeriesPoint> &pts = series.points;
    // Incremental when the points we hold are still the server's first ones; the server merges old points
    // when a job reaches max_points, and then the whole (coarser) history is drawn again.
    qint64 same = 0;
    for (const client::SeriesPoint &p : pts)
        if (p.timestamp.toMSecsSinceEpoch() <= m_lastSeriesMs)
            ++same;
    const bool rebuild = same != m_seriesHeld;
    QList<QPointF> gpu, cpu, mem, disk, power;
    if (!rebuild) {
        gpu = m_gpu->points();
        cpu = m_cpu->points();
        mem = m_mem->points();
        disk = m_disk->points();
        power = m_power->points();
    } else {
        m_gpuMeasured = m_gpuUnmeasured = m_gpuSimulated = false;
        m_powerMeasured = m_powerSimulated = false;
        m_seriesHeld = 0;
    }
    const qsizetype before = cpu.size();
    for (qsizetype i = rebuild ? 0 : same; i < pts.size(); ++i) {
        const client::SeriesPoint &p = pts[i];
        const qreal x = qreal(p.timestamp.toMSecsSinceEpoch());
        if (p.gpuPercent) {
            gpu.append({x, *p.gpuPercent});
            (p.gpuSimulated ? m_gpuSimulated : m_gpuMeasured) = true;
        } else {
            m_gpuUnmeasured = true;
        }
        if (p.gpuPowerWatts) {
            power.append({x, *p.gpuPowerWatts});
            (p.gpuSimulated ? m_powerSimulated : m_powerMeasured) = true;
        }
        // The series' CPU % is of one core; the chart (like GET .../analytics) shows the share of the job's CPUs.
        cpu.append({x, std::min(100.0, p.cpuPercent.value_or(0) / m_cpuCores)});
        mem.append({x, p.memoryBytes.value_or(0) / kGiB});
        disk.append({x, p.diskBytes.value_or(0) / kGiB});
    }
    m_seriesHeld = pts.size();
    if (!pts.isEmpty())
        m_lastSeriesMs = pts.last().timestamp.toMSecsSinceEpoch();
    if (!rebuild && cpu.size() == before)
        return;          // nothing new
    m_gpu->replace(gpu); // one redraw per series, not one per point
    m_cpu->replace(cpu);
    m_mem->replace(mem);
    m_disk->replace(disk);
    m_power->replace(power);
    updateGpuLegend();
    updateAxes();
}

void JobCharts::addSample(const QDateTime &at, std::optional<double> gpu, double cpu, double memGb, double diskGb,
                          std::optional<double> powerWatts, bool gpuSimulated)
{
    const qreal x = qreal(at.toMSecsSinceEpoch());
    if (gpu) {
        m_gpu->append(x, *gpu);
        (gpuSimulated ? m_gpuSimulated : m_gpuMeasured) = true;
    } else {
        m_gpuUnmeasured = true;
    }
    if (powerWatts) {
        m_power->append(x, *powerWatts);
        (gpuSimulated ? m_powerSimulated : m_powerMeasured) = true;
    }
    m_cpu->append(x, cpu);
    m_mem->append(x, memGb);
    m_disk->append(x, diskGb);
    for (QLineSeries *s : {m_gpu, m_cpu, m_mem, m_disk, m_power})
        if (s->count() > kMaxPoints)
            s->removePoints(0, s->count() - kMaxPoints);
    updateGpuLegend();
    updateAxes();
}

void JobCharts::updateGpuLegend()
{
    // Simulated GPUs' numbers are a model: the legend says so (never a plain "GPU %" for them).
    if (m_gpuSimulated && !m_gpuMeasured)
        m_gpu->setName(tr("GPU % (simulated)"));
    else
        m_gpu->setName(m_gpuUnmeasured && !m_gpuMeasured ? tr("GPU % (not measured)") : tr("GPU %"));
    // A CPU-only job has no GPU to measure: no GPU line, no GPU entry in the legend.
    m_gpu->setVisible(!m_cpuOnly);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_gpu))
        marker->setVisible(!m_cpuOnly);
    // Power only where the server sent it: no line, no legend entry and no axis otherwise (never a flat 0 W).
    const bool power = !m_cpuOnly && m_power->count() > 0;
    m_power->setName(m_powerSimulated && !m_powerMeasured ? tr("GPU power W (simulated)") : tr("GPU power W"));
    m_power->setVisible(power);
    m_watts->setVisible(power);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_power))
        marker->setVisible(power);
}

void JobCharts::setCpuOnly(bool on)
{
    m_cpuOnly = on;
    updateGpuLegend();
}

void JobCharts::updateAxes()
{
    if (m_cpu->count() == 0)
        return;
    double maxGb = 1;
    for (QLineSeries *s : {m_mem, m_disk})
        for (const QPointF &p : s->points())
            maxGb = std::max(maxGb, p.y());
    m_gb->setRange(0, std::ceil(maxGb * 1.1 * 10) / 10);
    double maxW = 0;
    for (const QPointF &p : m_power->points())
        maxW = std::max(maxW, p.y());
    m_watts->setRange(0, std::max(50.0, std::ceil(maxW * 1.1 / 50) * 50));
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(qint64(m_cpu->at(0).x()), Qt::UTC);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(qint64(m_cpu->at(m_cpu->count() - 1).x()), Qt::UTC);
    m_time->setRange(std::min(first, last.addSecs(-20)), last); // a 20 s minimum window
}

QString JobCharts::valuesAt(const QDateTime &at) const
{
    const qreal x = qreal(at.toMSecsSinceEpoch());
    const auto c = nearest(m_cpu, x);
    if (!c)
        return {};
    const auto value = [&](const QLineSeries *s, int decimals) {
        const auto p = nearest(s, c->x());
        // A GPU value is only "at" this time when one was measured there.
        if (!p || std::abs(p->x() - c->x()) > 1)
            return tr("not measured");
        return QString::number(p->y(), 'f', decimals);
    };
    const QString t =
        QDateTime::fromMSecsSinceEpoch(qint64(c->x()), Qt::UTC).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    QString text = tr("%1 — GPU %: %2 · CPU %: %3 · Memory: %4 GB · Disk: %5 GB")
                       .arg(t, value(m_gpu, 0), value(m_cpu, 0), value(m_mem, 2), value(m_disk, 2));
    if (m_power->count() > 0)
        text += tr(" · GPU power: %1 W").arg(value(m_power, 0));
    return text;
}

void JobCharts::onHover(QLineSeries *s, const QPointF &p, bool state)
{
    if (!state) {
        m_hover->clear();
        QToolTip::hideText();
        return;
    }
    Q_UNUSED(s);
    const QString text = valuesAt(QDateTime::fromMSecsSinceEpoch(qint64(p.x()), Qt::UTC));
    m_hover->setText(text);
    QToolTip::showText(QCursor::pos(), text, m_view);
}

bool JobCharts::exportPng(const QString &file) { return m_view->grab().save(file, "PNG"); }

} // namespace seed::ui
