#include "jobfeed.h"

#include "errortext.h"
#include "seedclient.h"
#include "wire/catalog.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <memory>

namespace seed::client {

using wire::Job;

JobFeed::JobFeed(SeedClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    m_poll.setInterval(m_pollMs);
    connect(&m_poll, &QTimer::timeout, this, &JobFeed::refresh);
    m_soon.setSingleShot(true);
    m_soon.setInterval(150);
    connect(&m_soon, &QTimer::timeout, this, &JobFeed::refresh);
    if (!m_client)
        return;
    m_events = new EventStream(m_client, this);
    connect(m_client, &SeedClient::endpointChanged, this, [this] {
        reload();
        m_events->forgetPosition();
        m_events->start();
        forgetCounts();
        refreshCounts();
    });
    // Rebuild after a reconnect: the jobs may have changed while we could not see them.
    connect(m_client, &SeedClient::reconnected, this, &JobFeed::refresh);
    connect(m_events, &EventStream::event, this,
            [this](const QString &type, const QByteArray &data) { onEvent(type, data); });
    connect(m_events, &EventStream::resyncNeeded, this, &JobFeed::scheduleRefresh);
    connect(m_events, &EventStream::stateChanged, this, [this] {
        updatePollRate();
        if (isStreaming() != m_streaming) {
            m_streaming = !m_streaming;
            Q_EMIT streamingChanged(m_streaming);
        }
    });
    m_poll.start();
}

wire::ListQuery JobFeed::queryForPage(int page) const
{
    wire::ListQuery q = m_query;
    q.page = page;
    return q;
}

void JobFeed::noteRemoved()
{
    if (m_total > 0)
        --m_total;
}

void JobFeed::setPollInterval(int ms)
{
    m_pollMs = ms;
    if (ms <= 0) {
        m_poll.stop();
        return;
    }
    updatePollRate();
    if (m_client)
        m_poll.start();
}

bool JobFeed::isStreaming() const { return m_events && m_events->state() == EventStream::State::Open; }

void JobFeed::updatePollRate()
{
    if (m_pollMs <= 0)
        return;
    m_poll.setInterval(isStreaming() ? m_pollMs * 10 : m_pollMs);
}

void JobFeed::scheduleRefresh()
{
    if (!m_soon.isActive())
        m_soon.start();
}

void JobFeed::onEvent(const QString &type, const QByteArray &data)
{
    if (type != QLatin1String("message"))
        return; // ready, reset (handled as resyncNeeded), end, ...
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    const QString kind = o.value(QStringLiteral("type")).toString();
    const Job job = Job::fromJson(o.value(QStringLiteral("job")).toObject());
    // A job that still belongs to this list changes in place at once (a model that does not hold it asks
    // for a refresh); anything else (a new job, one that left the status filter, a removal) is a refresh,
    // which puts it at its server-sorted place.
    if (kind == QLatin1String("changed") &&
        (m_query.status.isEmpty() || m_query.status == wire::jobStatusName(job.status))) {
        Q_EMIT jobsUpdated({job});
        // Sorted by start or end time, a state change may also move the row: let the server place it.
        if (m_query.sort == QLatin1String("started_at") || m_query.sort == QLatin1String("completed_at"))
            scheduleRefresh();
        return;
    }
    scheduleRefresh();
}

void JobFeed::setBusy(bool b)
{
    if (b == m_busy)
        return;
    m_busy = b;
    Q_EMIT busyChanged(b);
}

void JobFeed::reload()
{
    ++m_generation;
    m_refreshPending = m_fetchMorePending = false;
    setBusy(false);
    m_loadedPages = m_totalPages = 0;
    m_total = 0;
    Q_EMIT cleared();
    if (m_client && m_client->endpoint().isValid())
        loadPage(1);
}

void JobFeed::loadPage(int page)
{
    if (!m_client)
        return;
    setBusy(true);
    const quint64 gen = m_generation;
    m_client->listJobs(queryForPage(page), this, [this, gen, page](const Result<wire::JobPage> &r) {
        if (gen != m_generation)
            return;
        if (!r.ok()) {
            finishBusy();
            Q_EMIT errorOccurred(describeForUser(r.value.error()));
            Q_EMIT listFailed(r.value.error());
            return;
        }
        const wire::JobPage &p = r.value.value();
        m_total = p.pagination.total;
        m_totalPages = p.pagination.totalPages;
        if (page == m_loadedPages + 1) {
            Q_EMIT pageLoaded(page, p);
            m_loadedPages = page;
        }
        finishBusy();
        Q_EMIT refreshed();
    });
}

void JobFeed::finishBusy()
{
    setBusy(false);
    if (m_refreshPending) {
        m_refreshPending = false;
        refresh();
    } else if (m_fetchMorePending) {
        m_fetchMorePending = false;
        if (canFetchMore())
            fetchMore();
    }
}

void JobFeed::fetchMore()
{
    if (!canFetchMore())
        return;
    if (m_busy) {
        m_fetchMorePending = true;
        return;
    }
    loadPage(m_loadedPages + 1);
}

void JobFeed::refresh()
{
    if (!m_client || !m_client->endpoint().isValid())
        return;
    if (m_busy) {
        m_refreshPending = true;
        return;
    }
    if (m_loadedPages == 0) {
        loadPage(1);
        return;
    }
    setBusy(true);
    const quint64 gen = m_generation;
    const int pages = m_loadedPages;
    struct Collect
    {
        QList<QList<Job>> pages;
        int left = 0;
        bool failed = false;
        QString error;
        wire::ApiError apiError;
        wire::Pagination last;
    };
    auto c = std::make_shared<Collect>();
    c->pages.resize(pages);
    c->left = pages;
    for (int page = 1; page <= pages; ++page) {
        m_client->listJobs(queryForPage(page), this, [this, gen, c, page](const Result<wire::JobPage> &r) {
            if (gen != m_generation)
                return;
            if (!r.ok()) {
                c->failed = true;
                c->error = describeForUser(r.value.error());
                c->apiError = r.value.error();
            } else {
                c->pages[page - 1] = r.value->jobs;
                c->last = r.value->pagination;
            }
            if (--c->left > 0)
                return;
            if (c->failed) {
                finishBusy();
                Q_EMIT errorOccurred(c->error);
                Q_EMIT listFailed(c->apiError);
                return;
            }
            QList<Job> all;
            for (const auto &p : c->pages)
                all += p;
            m_total = c->last.total;
            m_totalPages = c->last.totalPages;
            if (m_loadedPages > qMax(1, m_totalPages))
                m_loadedPages = qMax(1, m_totalPages);
            Q_EMIT listRead(all);
            finishBusy();
            Q_EMIT refreshed();
        });
    }
}

void JobFeed::forgetCounts()
{
    ++m_countsGeneration;
    m_countsInFlight = 0;
    Q_EMIT countsCleared();
}

void JobFeed::refreshCounts()
{
    if (!m_client || !m_client->endpoint().isValid() || m_countsInFlight > 0)
        return;
    const quint64 gen = m_countsGeneration;
    const QStringList statuses = QStringList{QString()} + wire::catalog::statuses();
    for (const QString &s : statuses) {
        wire::ListQuery q;
        q.status = s;
        q.perPage = 1;
        ++m_countsInFlight;
        m_client->listJobs(q, this, [this, gen, s](const Result<wire::JobPage> &r) {
            if (gen != m_countsGeneration)
                return;
            --m_countsInFlight;
            if (r.ok())
                Q_EMIT countRead(s, r.value->pagination.total);
            if (m_countsInFlight == 0)
                Q_EMIT countsRefreshed();
        });
    }
}

} // namespace seed::client
