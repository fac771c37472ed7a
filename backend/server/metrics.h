#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <array>
#include <functional>

namespace seed::server {

// Prometheus text exposition format 0.0.4, written family by family.
class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;
    // Starts a metric family: its # HELP and # TYPE lines (type: gauge, counter, histogram).
    void family(const char *name, const char *type, const char *help);
    void sample(const QByteArray &name, const Labels &labels, double value);
    const QByteArray &text() const { return m_out; }

    // A label value as the format wants it: backslash, double quote and line feed escaped. Values come from jobs
    // and GPUs (a model name is whatever the driver says): never trusted to be plain.
    static QByteArray escapeLabelValue(const QString &value);

private:
    QByteArray m_out;
};

// seedd's /metrics: its own counters (request latency) plus what other parts report through collectors, each
// asked at scrape time, so that nothing is sampled for a scraper that never comes.
class Metrics
{
public:
    using Collector = std::function<void(PrometheusText &)>;
    void addCollector(Collector c) { m_collectors.append(std::move(c)); }
    // One answered request and how long it took to answer (handler time; streams count until they are set up).
    void observeRequest(double seconds);
    QByteArray render() const;

    static constexpr std::array<double, 11> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

private:
    QList<Collector> m_collectors;
    std::array<quint64, kLatencyBuckets.size()> m_bucketCounts{};
    quint64 m_requests = 0;
    double m_requestSeconds = 0;
};

} // namespace seed::server
