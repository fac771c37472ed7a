#pragma once

#include <QHash>
#include <QString>

namespace seed::auth {

struct RateLimitConfig
{
    double ratePerSecond = 100.0;
    double burst = 1000.0;
};

// One token bucket per key. Returns 0 when the request may pass, else the whole seconds to wait.
class RateLimiter
{
public:
    explicit RateLimiter(RateLimitConfig config = {}) : m_config(config) {}
    int take(const QString &key, qint64 nowMs);
    void setConfig(RateLimitConfig config) { m_config = config; }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    RateLimitConfig m_config;
    QHash<QString, Bucket> m_buckets;
};

} // namespace seed::auth
