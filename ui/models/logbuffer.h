#pragma once

#include "settings.h"
#include "wire/logs.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>

namespace seed::ui {

// One shown log line.
struct LogEntry
{
    qint64 id = 0; // the server's line id (SSE event id); 0 when the server sent none
    QDateTime timestamp;
    QString message;
    QString node; // the cluster node that printed it (additive "node"); empty on a single machine
};

// The lines of one job's log pane: a ring buffer with a hard cap (a setting) so that memory stays bounded
// however long a job prints. Arriving lines are queued and handed to the view in batches on a short timer
// (the qBittorrent log model / Qt Creator output window idea), so a flood never blocks the window.
// Lines with an id are never taken twice: one at or below the newest id already held is dropped, which
// makes a stream resumed with Last-Event-ID safe even when the server repeats itself.
class LogBuffer : public QObject
{
    Q_OBJECT
public:
    explicit LogBuffer(QObject *parent = nullptr);

    static constexpr int kDefaultCapacity = Settings::kLogMaxLines.defaultValue;
    static constexpr int kDefaultFlushMs = 50;
    static int capacityFromSettings(); // Settings::Key::LogMaxLines

    void setCapacity(int lines);
    int capacity() const { return m_capacity; }
    void setFlushInterval(int ms) { m_timer.setInterval(ms); }

    // Queues new lines (at the end); flushed by the timer. `nodes`: each line's node, where the server names one.
    void append(const QList<wire::LogLine> &lines, const QStringList &nodes = {});
    // Earlier lines ("load earlier"), shown at once at the front; only as many as the cap leaves room for.
    // Returns how many were taken.
    int prepend(const QList<wire::LogLine> &lines, const QStringList &nodes = {});
    // Every node seen on a line so far, in the order first seen (kept when the cap lets their lines go).
    const QStringList &nodes() const { return m_nodes; }
    void flush(); // hands the queue over now
    void clear();

    int size() const { return int(m_lines.size()); }
    const LogEntry &at(int i) const { return m_lines.at(i); }
    const QList<LogEntry> &lines() const { return m_lines; }
    int pending() const { return int(m_queue.size()); }
    qint64 lastId() const { return m_lastId; }
    qint64 firstId() const { return m_lines.isEmpty() ? 0 : m_lines.first().id; }
    // The position of lines().first() counted over everything ever held (grows as the cap lets lines go,
    // shrinks on prepend): views keep positions that survive the front being cut.
    qint64 base() const { return m_base; }
    qint64 droppedByCap() const { return m_dropped; }   // oldest lines let go because of the cap
    qint64 duplicatesIgnored() const { return m_dups; } // lines with an id already held

Q_SIGNALS:
    // After a flush: the last `count` lines are new; `droppedFront` oldest ones went to keep the cap.
    void appended(int count, int droppedFront);
    // The content changed otherwise (prepend, clear, new cap): views rebuild.
    void reset();
    void nodeSeen(const QString &node); // a line of a node not seen before arrived

private:
    QList<LogEntry> m_lines;
    QList<LogEntry> m_queue;
    QStringList m_nodes;
    void noteNode(const QString &node);
    QTimer m_timer;
    int m_capacity = kDefaultCapacity;
    qint64 m_lastId = 0;
    qint64 m_base = 0;
    qint64 m_dropped = 0;
    qint64 m_dups = 0;
};

} // namespace seed::ui
