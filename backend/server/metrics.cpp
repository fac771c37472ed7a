#include "metrics.h"

#include <cmath>

namespace seed::server {

namespace {
QByteArray number(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(v, 'g', 17);
}
} // namespace

QByteArray PrometheusText::escapeLabelValue(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void PrometheusText::family(const char *name, const char *type, const char *help)
{
    m_out += "# HELP ";
    m_out += name;
    m_out += ' ';
    m_out += help;
    m_out += "\n# TYPE ";
    m_out += name;
    m_out += ' ';
    m_out += type;
    m_out += '\n';
}

void PrometheusText::sample(const QByteArray &name, const Labels &labels, double value)
{
    m_out += name;
    if (!labels.isEmpty()) {
        m_out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i)
                m_out += ',';
            m_out += labels[i].first.toLatin1();
            m_out += "=\"";
            m_out += escapeLabelValue(labels[i].second);
            m_out += '"';
        }
        m_out += '}';
    }
    m_out += ' ';
    m_out += number(value);
    m_out += '\n';
}

void Metrics::observeRequest(double seconds)
{
    ++m_requests;
    m_requestSeconds += seconds;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (seconds <= kLatencyBuckets[i])
            ++m_bucketCounts[i];
}

QByteArray Metrics::render() const
{
    PrometheusText t;
    t.family("seed_http_request_duration_seconds", "histogram", "Time seedd took to answer an API request.");
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
        t.sample("seed_http_request_duration_seconds_bucket", {{QStringLiteral("le"), QString::number(kLatencyBuckets[i])}},
                 double(m_bucketCounts[i]));
    t.sample("seed_http_request_duration_seconds_bucket", {{QStringLiteral("le"), QStringLiteral("+Inf")}}, double(m_requests));
    t.sample("seed_http_request_duration_seconds_sum", {}, m_requestSeconds);
    t.sample("seed_http_request_duration_seconds_count", {}, double(m_requests));
    for (const Collector &c : m_collectors)
        c(t);
    return t.text();
}

} // namespace seed::server
