#pragma once

#include "eventstream.h"
#include "wire/apierror.h"
#include "wire/job.h"
#include "wire/queries.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace seed::client {

class SeedClient;

// The job list of one namespace as the server has it, kept current: reads pages of the list endpoint,
// re-reads the loaded pages on a poll timer, after a reconnect and shortly after events that need it, and
// follows the job-events stream (polling slows to a safety net while it is open). It holds no rows: what
// it reads goes out as signals, and the models reconcile it. The status counts of the sidebar are read
// here too, so that all list requests of the window go through one place.
class JobFeed : public QObject
{
    Q_OBJECT
public:
    explicit JobFeed(SeedClient *client, QObject *parent = nullptr);

    // The query of the list (filter, sort, page size); its page is set per request. Takes effect with the
    // next request: reload() for a new one.
    void setQuery(const wire::ListQuery &q) { m_query = q; }
    const wire::ListQuery &query() const { return m_query; }
    wire::ListQuery queryForPage(int page) const;

    int loadedPages() const { return m_loadedPages; }
    int totalPages() const { return m_totalPages; }
    qint64 total() const { return m_total; }
    void noteRemoved(); // one job less on the server (the user's own delete)
    bool canFetchMore() const { return m_loadedPages > 0 && m_loadedPages < m_totalPages; }
    void fetchMore(); // reads the next page (after the one in flight)

    void reload();          // forgets the pages (cleared()) and reads page 1: a new query or endpoint
    void refresh();         // re-reads the loaded pages (listRead())
    void scheduleRefresh(); // a refresh shortly (coalesces bursts of events)
    bool isBusy() const { return m_busy; }

    void setPollInterval(int ms); // 0 stops polling
    int pollInterval() const { return m_poll.interval(); }
    // True while the job-events stream is open: polling slows down to pollInterval() x 10.
    bool isStreaming() const;
    EventStream *eventStream() const { return m_events; }

    // The number of jobs in each status ("" = all): countRead() per status, then countsRefreshed().
    void refreshCounts();
    void forgetCounts(); // answers in flight are dropped; countsCleared()

Q_SIGNALS:
    void cleared();                                             // the rows read so far are gone
    void pageLoaded(int page, const seed::wire::JobPage &jobs); // the next page, to append
    void listRead(const QList<seed::wire::Job> &jobs);          // all loaded pages again, in server order
    void jobsUpdated(const QList<seed::wire::Job> &jobs);       // new states of jobs of this list (events)
    void busyChanged(bool busy);
    void refreshed(); // after each successful page load or refresh
    void errorOccurred(const QString &message);
    // A list read failed (page load or refresh): what the server or the transport said. The next success
    // emits refreshed().
    void listFailed(const seed::wire::ApiError &error);
    void streamingChanged(bool streaming);
    void countsCleared();
    void countRead(const QString &status, qint64 count);
    void countsRefreshed();

private:
    void loadPage(int page);
    void finishBusy();
    void setBusy(bool b);
    void onEvent(const QString &type, const QByteArray &data);
    void updatePollRate();

    QPointer<SeedClient> m_client;
    EventStream *m_events = nullptr;
    wire::ListQuery m_query;
    int m_loadedPages = 0;
    int m_totalPages = 0;
    qint64 m_total = 0;
    quint64 m_generation = 0;
    bool m_busy = false;
    bool m_refreshPending = false;
    bool m_fetchMorePending = false;
    QTimer m_poll;
    QTimer m_soon; // a refresh shortly after events that need one
    int m_pollMs = 3000;
    bool m_streaming = false; // as last told by streamingChanged
    quint64 m_countsGeneration = 0;
    int m_countsInFlight = 0;
};

} // namespace seed::client
