#pragma once

#include "models/logbuffer.h"
#include "wire/job.h"
#include "wire/logs.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QToolButton;

namespace seed::client {
class SeedClient;
class LogStream;
} // namespace seed::client

namespace seed::ui {

class LogLineModel;
class LogLineDelegate;

// The log pane of one job. Running: the SSE stream, resumed with Last-Event-ID after any drop. Finished:
// the last lines (`tail`), then "Load earlier" while `has_more`. Lines go through a capped LogBuffer that
// flushes on a short timer; the view follows only when it already shows the end.
//
// The view is a list view over the buffer with uniform row heights, not a text document: a document lays
// out (shapes) every line it is given, which under 50k lines/s stalled the window for over a second;
// a list view only lays out and paints the rows on screen (bench_gui_logs, docs/performance.md).
class LogPane : public QWidget
{
    Q_OBJECT
public:
    LogPane(client::SeedClient *client, const QString &jobName, QWidget *parent = nullptr);
    ~LogPane() override;

    void start(); // reads the job, then streams or reads the tail
    QString jobName() const { return m_name; }
    LogBuffer *buffer() const { return m_buffer; }
    client::LogStream *stream() const { return m_stream; }
    QListView *view() const { return m_view; }
    int shownLineCount() const;       // rows in the view (all held lines, or the matching ones)
    QString shownLine(int row) const; // a row's text as shown (timestamp when on, ANSI removed)
    bool isEnded() const { return m_ended; }
    QString endStatus() const { return m_endStatus; }
    QString statusText() const; // the line under the view ("Streaming live.", "Job ended: Failed (exit code 7)")

    void setFollow(bool on);
    void setWrap(bool on);
    void setShowTimestamps(bool on);
    void setFind(const QString &text);
    void setFilterToFind(bool on);
    void loadEarlier();
    bool canLoadEarlier() const { return m_hasMore; }
    bool saveTo(const QString &file) const; // plain text, ANSI removed
    QString plainText() const;              // what the buffer holds, as saved
    int highlightCount() const;             // matches of the find text in the shown lines (at most 5000 counted)
    // Multi-node jobs (lines that carry a node): the node filter ("" = all nodes) and the node column.
    QComboBox *nodeFilter() const { return m_nodeFilter; }
    void setNodeFilter(const QString &node);
    QString currentNode() const;
    bool showsNodes() const { return !m_buffer->nodes().isEmpty(); }

    static QString stripAnsi(const QString &s);

Q_SIGNALS:
    void endedWith(const QString &status);

private:
    void onAppended(int count, int droppedFront);
    void rebuild();
    bool accepts(const LogEntry &e) const;
    void findNext();
    void loadTail();
    void setStatusText(const QString &s);
    QString endText() const;
    void saveAs();
    void copy();

    QPointer<client::SeedClient> m_client;
    QString m_name;
    LogBuffer *m_buffer;
    client::LogStream *m_stream;
    LogLineModel *m_model;
    LogLineDelegate *m_delegate;
    QListView *m_view;
    QToolButton *m_follow;
    QToolButton *m_wrap;
    QToolButton *m_timestamps;
    QLineEdit *m_find;
    QCheckBox *m_filter;
    QComboBox *m_nodeFilter;
    void onNodeSeen(const QString &node);
    QPushButton *m_earlier;
    QLabel *m_status;
    bool m_ended = false;
    bool m_hasMore = false;
    std::optional<wire::LogLine> m_lastStreamed; // the last line the stream brought
    bool m_loadingEarlier = false;
    QString m_endStatus;
    std::optional<int> m_endExitCode;
};

} // namespace seed::ui
