// A request body of "Create a job" as seedd's route reads it (JSON, then parseJobSpec), and the client's
// tolerant readers of the server's answers (Job, JobPage, LogPage, Analytics, the error envelope).
#include "fuzzcheck.h"

#include "wire/apierror.h"
#include "wire/job.h"
#include "wire/jobspec.h"
#include "wire/logs.h"

#include <QJsonDocument>

using namespace seed::wire;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
    if (!doc.isObject())
        return 0;
    const QJsonObject o = doc.object();

    const Expected<JobSpec> spec = parseJobSpec(o);
    if (spec) {
        // What a client sends for an accepted spec is accepted again, unchanged.
        const QJsonObject sent = spec->toJson();
        const Expected<JobSpec> again = parseJobSpec(sent);
        FUZZ_CHECK(again.ok());
        FUZZ_CHECK(again->toJson() == sent);
        FUZZ_CHECK(!validateSpec(spec.value()));
        // The job made of it renders every shape, and the client reads it back.
        Job j = Job::fromSpec(spec.value(), QStringLiteral("acme"));
        j.createdAt = QDateTime::fromSecsSinceEpoch(1773835200, Qt::UTC);
        const Job back = Job::fromJson(j.toDetailJson());
        FUZZ_CHECK(back.name == j.name && back.command == j.command && back.gpu == j.gpu && back.region == j.region);
        (void)j.toListItemJson();
        (void)j.toCreatedJson();
        (void)JobPage{{j}, {}}.toJsonBytes();
    } else {
        const ApiError &e = spec.error();
        FUZZ_CHECK(e.httpStatus() == 400 || e.httpStatus() == 422);
        const ApiError back = ApiError::fromJson(e.toJson(), e.httpStatus());
        FUZZ_CHECK(back.kind == e.kind && back.message == e.message && back.field == e.field);
    }

    // The client's side: any object an endpoint answers with.
    const Job j = Job::fromJson(o);
    (void)j.totalCostCents();
    (void)j.runtimeAt(QDateTime::fromSecsSinceEpoch(1773835200, Qt::UTC));
    (void)j.toDetailJson();
    const JobPage page = JobPage::fromJson(o);
    (void)page.toJsonBytes();
    (void)LogPage::fromJson(o).toJson();
    (void)Analytics::fromJson(o).toJson();
    (void)ApiError::fromJson(o, 500).toJson();
    return 0;
}
