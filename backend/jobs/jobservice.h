#pragma once

#include "executor.h"
#include "store/store.h"
#include "wire/catalog.h"
#include "wire/job.h"
#include "wire/logs.h"
#include "wire/queries.h"

#include <QObject>

#include <functional>

namespace seed::jobs {

// Every operation of the API, independent of HTTP. Validates again what the server parsed, persists each
// state change in one transaction, and tells listeners (events stream, GUI models) what changed.
class JobService : public QObject
{
    Q_OBJECT
public:
    JobService(store::Store &store, wire::PriceTable prices, QObject *parent = nullptr);

    void setExecutor(Executor *executor) { m_executor = executor; }
    Executor *executor() const { return m_executor; }
    const wire::PriceTable &prices() const { return m_prices; }

    wire::Expected<wire::Job> create(const QString &ns, const wire::JobSpec &spec);
    // The same, for the API: validation and admission at once, then the executor's prepareAsync (a repo job's
    // branch head, without blocking the event loop), then the row in one transaction; `done` runs on this
    // thread, never after `context` is gone (possibly before createAsync returns).
    void createAsync(const QString &ns, const wire::JobSpec &spec, QObject *context,
                     std::function<void(wire::Expected<wire::Job>)> done);
    wire::Expected<wire::Job> get(const QString &ns, const QString &name);
    wire::Expected<wire::JobPage> list(const QString &ns, const wire::ListQuery &q);
    // force: SIGKILL at once instead of the grace period; also accepted for a cancelled job still stopping.
    wire::Expected<wire::Job> cancel(const QString &ns, const QString &name, bool force = false);
    std::optional<wire::ApiError> remove(const QString &ns, const QString &name, bool deleteArtifacts);
    wire::Expected<wire::LogPage> logs(const QString &ns, const QString &name, const wire::LogQuery &q);
    wire::Expected<wire::Analytics> analytics(const QString &ns, const QString &name);

    // For executors: persist a state change of a job and announce it. False (nothing stored) when the job is
    // gone, the store fails, or wire::canTransition refuses the change of status (logged as an internal error).
    bool update(wire::Job &job);

    // Fills the fields that depend on the clock (runtime) and on live state (queue position).
    void finish(wire::Job &job) const;

Q_SIGNALS:
    void jobChanged(const seed::wire::Job &job);
    void jobRemoved(const seed::wire::Job &job);

private:
    wire::Expected<wire::Job> find(const QString &ns, const QString &name);
    // create() without prepare: validate + admit, then store a prepared job.
    wire::Expected<wire::Job> draft(const QString &ns, const wire::JobSpec &spec);
    wire::Expected<wire::Job> insert(wire::Job job, const wire::JobSpec &spec);

    store::Store &m_store;
    wire::PriceTable m_prices;
    Executor *m_executor = nullptr;
};

} // namespace seed::jobs
