// The query string of "List jobs", "Get logs" and DELETE (?delete_artifacts), as seedd's routes parse them, and
// the ISO-8601 times of `since`.
#include "fuzzcheck.h"

#include "wire/queries.h"
#include "wire/timefmt.h"

using namespace seed::wire;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString raw = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QUrlQuery q(raw);

    if (const auto lq = parseListQuery(q)) {
        // What the client sends for a parsed query parses to the same query.
        const auto again = parseListQuery(lq->toUrlQuery());
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again->status == lq->status && again->page == lq->page && again->perPage == lq->perPage &&
                   again->sort == lq->sort && again->order == lq->order);
    } else {
        FUZZ_CHECK(lq.error().httpStatus() == 400 && !lq.error().field.isEmpty());
    }

    if (const auto gq = parseLogQuery(q)) {
        FUZZ_CHECK(gq->tail >= 1);
        const auto again = parseLogQuery(gq->toUrlQuery());
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again->tail == gq->tail && again->stream == gq->stream && again->since == gq->since);
    } else {
        FUZZ_CHECK(gq.error().httpStatus() == 400 && !gq.error().field.isEmpty());
    }

    (void)parseBoolParam(q, QStringLiteral("delete_artifacts"), false);

    // A time the API accepts is one it can write and read back (log line times, `since`).
    if (const auto t = parseTime(raw)) {
        FUZZ_CHECK(t->isValid());
        const auto back = parseTime(formatTimeMs(*t));
        FUZZ_CHECK(back && *back == *t);
    }
    return 0;
}
