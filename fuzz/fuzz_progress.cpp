// A job's output, line by line as seedd stores it, through the progress parser (its state carried from line to
// line, as ProgressTracker does).
#include "fuzzcheck.h"

#include "telemetry/progress.h"

#include <cmath>

using namespace seed::telemetry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    ProgressState st;
    for (const QString &line : text.split(u'\n')) {
        parseProgressLine(line, st);
        if (st.fraction)
            FUZZ_CHECK(std::isfinite(*st.fraction) && *st.fraction >= 0.0 && *st.fraction <= 1.0);
        if (st.explicitFraction)
            FUZZ_CHECK(*st.explicitFraction >= 0.0 && *st.explicitFraction <= 1.0);
        // A bar's remaining time is what it printed: a duration, never negative.
        if (st.barEtaSeconds)
            FUZZ_CHECK(*st.barEtaSeconds >= 0);
        if (const auto eta = runEtaFromBar(st))
            FUZZ_CHECK(*eta >= 0);
    }
    return 0;
}
