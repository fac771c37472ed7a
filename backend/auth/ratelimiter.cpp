#include "ratelimiter.h"

#include <cmath>

namespace seed::auth {

int RateLimiter::take(const QString &key, qint64 nowMs)
{
    if (m_config.ratePerSecond <= 0)
        return 0; // disabled
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_config.burst, nowMs});
    Bucket &b = *it;
    b.tokens = std::min(m_config.burst, b.tokens + (nowMs - b.lastMs) * m_config.ratePerSecond / 1000.0);
    b.lastMs = nowMs;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - b.tokens) / m_config.ratePerSecond)));
}

} // namespace seed::auth
