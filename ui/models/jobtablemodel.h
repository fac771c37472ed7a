#pragma once

#include "jobfields.h"
#include "wire/job.h"
#include "wire/queries.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>

namespace seed::client {
class JobFeed;
class EventStream;
}

namespace seed::models {

// The job list of one namespace as the list endpoint pages it, in the server's order (server-side sort
// and status filter). Refreshes re-read the loaded pages and reconcile: removed rows go in runs, a changed
// order is a layout change that keeps persistent indexes (selection, current row), new rows are inserted
// in runs and changed rows get dataChanged over runs; the model is reset only when the query or the
// endpoint changes. Paging is fetchMore. The rows come from a client::JobFeed (reads, polling, events); the
// model only reconciles what it hands over.
class JobTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Status, Gpu, Region, Progress, Runtime, CostPerHour, TotalCost, Created, Started,
                  Completed, ColumnCount };
    enum Role {
        JobIdRole = Qt::UserRole + 1,
        JobNameRole,
        StatusRole,
        ProgressFractionRole, // double 0..1, or invalid when unknown
        JobRole,              // QVariant<wire::Job>
        SpotRole,             // bool: a spot (preemptible) job
        PreemptionsRole,      // int: how often it was preempted
    };

    explicit JobTableModel(client::JobFeed *feed = nullptr, QObject *parent = nullptr);
    client::JobFeed *feed() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;
    // The first and last column that show the given fields (first > last: none).
    static QPair<int, int> columnsOf(JobFields fields);

    // The query (server side).
    void setStatusFilter(const QString &status);
    QString statusFilter() const { return m_status; }
    static QString sortFieldFor(int column); // empty: the server cannot sort by this column
    wire::ListQuery queryForPage(int page) const; // the current filter, sort and page size
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void setPageSize(int perPage);
    int pageSize() const { return m_perPage; }
    // The feed's state, forwarded (without a feed: nothing loaded, nothing polled).
    int loadedPages() const;
    qint64 totalOnServer() const;

    void setPollInterval(int ms); // 0 stops polling
    int pollInterval() const;
    void setTickInterval(int ms) { m_tick.setInterval(ms); }

    void reload();  // drops the rows and loads page 1 (a new query or endpoint)
    void refresh(); // re-reads the loaded pages; rows update in place
    bool isBusy() const;
    // True while the job-events stream is open: rows change as events arrive and polling slows down to a
    // safety net (pollInterval() x 10).
    bool isStreaming() const;
    client::EventStream *eventStream() const;

    const wire::Job &jobAt(int row) const { return m_rows.at(row).job; }
    int rowOfId(const QString &id) const;
    int rowOfName(const QString &name) const;
    // Runtime as shown: the server's runtime plus the time since it was read, while running.
    qint64 displayedRuntime(int row) const;

    // Direct feeds: reconcile() with the full list in server order (what refresh does with the pages it
    // read), applyUpdates() for jobs whose new state arrived some other way (unknown ids are ignored).
    void reconcile(const QList<wire::Job> &jobs);
    void applyUpdates(const QList<wire::Job> &jobs);
    // Rows the user's own action changed (a cancel answered): merged into the row without waiting for a poll.
    void mergeCancel(const wire::Job &partial);
    void removeByName(const QString &name);

Q_SIGNALS:
    void busyChanged(bool busy);
    void refreshed();               // after each successful page load or refresh
    void errorOccurred(const QString &message);
    // A list read failed (page load or refresh): what the server or the transport said. The next success
    // emits refreshed().
    void listFailed(const seed::wire::ApiError &error);
    void jobFinished(const seed::wire::Job &job); // seen going from queued/running to an end state
    // Seen preempted (its preemptions count grew between two reads): it waits in the queue again.
    void jobPreempted(const seed::wire::Job &job);
    void statusesChanged(); // a row's status changed in place (an event or a refresh): counts are stale
    // Once a second while some job runs: the Runtime and Total cost columns show a later value now.
    void clockTicked();

private:
    struct Row
    {
        wire::Job job;
        qint64 readAtMs = 0;
    };
    void pushQuery();
    void clearRows();
    void appendPage(const wire::JobPage &page);
    void onJobsUpdated(const QList<wire::Job> &jobs);
    void onTick();
    struct ChangedRow
    {
        int row;
        JobFields fields;
    };
    void emitRuns(const QList<ChangedRow> &rowsByRow); // rows sorted, each once
    void indexIds() const;
    void noteTransition(const wire::Job &before, const wire::Job &after);
    QString displayText(const Row &r, int column) const;

    QPointer<client::JobFeed> m_feed;
    QList<Row> m_rows;
    mutable QHash<QString, int> m_rowOfId;
    mutable bool m_indexDirty = true;
    QElapsedTimer m_clock;

    QString m_status;
    int m_sortColumn = Created;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    int m_perPage = 100;

    QTimer m_tick;
    int m_runningRows = 0; // recounted on each tick
};

} // namespace seed::models

Q_DECLARE_METATYPE(seed::wire::Job)
