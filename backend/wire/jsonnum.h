#pragma once

#include <QJsonValue>

#include <cmath>
#include <limits>

namespace seed::wire {

// A double as an integer of type Int, truncated toward zero and saturated at the type's ends; NaN gives
// `fallback`. JSON numbers are doubles, and what arrives may be 1e300: converting a double outside the target's
// range is undefined behaviour in C++ (on x86 it yields INT64_MIN, a negative size or ETA), so every number a
// peer or a job sends goes through here.
template <typename Int> Int saturatingCast(double d, Int fallback = 0)
{
    if (std::isnan(d))
        return fallback;
    // double(max) rounds up to 2^63 (2^64): ">=" also catches the values that round to it.
    if (d >= double(std::numeric_limits<Int>::max()))
        return std::numeric_limits<Int>::max();
    if (d <= double(std::numeric_limits<Int>::min()))
        return std::numeric_limits<Int>::min();
    return Int(d);
}

// A JSON number as qint64 (0, or `fallback`, when it is not a number).
inline qint64 int64Of(const QJsonValue &v, qint64 fallback = 0)
{
    return v.isDouble() ? saturatingCast<qint64>(v.toDouble(), fallback) : fallback;
}

} // namespace seed::wire
