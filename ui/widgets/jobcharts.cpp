#include "jobcharts.h"

#include "client/seedclient.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QValueAxis>
#include <QVBoxLayout>

namespace seed::ui {

JobCharts::JobCharts(client::SeedClient *client, const QString &jobName, QWidget *parent)
    : QWidget(parent), m_client(client), m_name(jobName), m_chart(new QChart)
{
    m_timer.setInterval(std::max(100, QSettings().value(QStringLiteral("charts/pollMs"), 2000).toInt()));
    connect(&m_timer, &QTimer::timeout, this, &JobCharts::poll);

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
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_percent, Qt::AlignLeft);
    m_chart->addAxis(m_gb, Qt::AlignRight);
    for (QLineSeries *s : {m_gpu, m_cpu, m_mem, m_disk})
        s->attachAxis(m_time);
    m_gpu->attachAxis(m_percent);
    m_cpu->attachAxis(m_percent);
    m_mem->attachAxis(m_gb);
    m_disk->attachAxis(m_gb);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_time->setRange(now.addSecs(-60), now);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setTitle(tr("Utilization of %1").arg(jobName));

    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_hover = new QLabel(this);
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

void JobCharts::start()
{
    poll();
    m_timer.start();
}

void JobCharts::stop() { m_timer.stop(); }

int JobCharts::pointCount() const { return int(m_gpu->count()); }

void JobCharts::poll()
{
    if (!m_client || m_inFlight)
        return;
    m_inFlight = true;
    m_client->getJob(m_name, this, [this](const client::Result<wire::Job> &jr) {
        if (!jr.ok()) {
            m_inFlight = false;
            return;
        }
        const QString status = jr.value.value().status;
        if (status != QLatin1String("running")) {
            m_inFlight = false;
            if (status != QLatin1String("queued"))
                stop(); // ended: the chart keeps what it has
            return;
        }
        m_client->getAnalytics(m_name, this, [this](const client::Result<wire::Analytics> &r) {
            m_inFlight = false;
            if (!r.ok())
                return;
            const wire::Analytics &a = r.value.value();
            addSample(QDateTime::currentDateTimeUtc(), a.gpuUtilizationPercent, a.cpuUtilizationPercent,
                      a.memoryUsedGb, a.diskUsedGb);
        });
    });
}

void JobCharts::addSample(const QDateTime &at, double gpu, double cpu, double memGb, double diskGb)
{
    const qreal x = qreal(at.toMSecsSinceEpoch());
    m_gpu->append(x, gpu);
    m_cpu->append(x, cpu);
    m_mem->append(x, memGb);
    m_disk->append(x, diskGb);
    for (QLineSeries *s : {m_gpu, m_cpu, m_mem, m_disk})
        if (s->count() > kMaxPoints)
            s->removePoints(0, s->count() - kMaxPoints);
    m_maxGb = std::max({m_maxGb, memGb, diskGb});
    m_gb->setRange(0, std::ceil(m_maxGb * 1.1));
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(qint64(m_gpu->at(0).x()), Qt::UTC);
    m_time->setRange(std::min(first, at.addSecs(-20)), at);
}

void JobCharts::onHover(QLineSeries *s, const QPointF &p, bool state)
{
    if (!state) {
        m_hover->clear();
        return;
    }
    const QPointF v = m_chart->mapToValue(m_chart->mapToPosition(p, s), s);
    const QString t = QDateTime::fromMSecsSinceEpoch(qint64(v.x()), Qt::UTC).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    m_hover->setText(tr("%1 at %2: %3").arg(s->name(), t, QString::number(v.y(), 'f', 1)));
}

bool JobCharts::exportPng(const QString &file) { return m_view->grab().save(file, "PNG"); }

} // namespace seed::ui
