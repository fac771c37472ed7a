#pragma once

#include "models/logbuffer.h"
#include "wire/job.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace seed::client {
class SeedClient;
class LogStream;
}

namespace seed::ui {

// The log pane of one job. Running: the SSE stream, resumed with Last-Event-ID after any drop. Finished:
// the last lines (`tail`), then "Load earlier" while `has_more`. Lines go through a capped LogBuffer that
// flushes on a short timer; the view follows only when it already shows the end.
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
    QPlainTextEdit *view() const { return m_view; }
    bool isEnded() const { return m_ended; }
    QString endStatus() const { return m_endStatus; }

    void setFollow(bool on);
    void setWrap(bool on);
    void setShowTimestamps(bool on);
    void setFind(const QString &text);
    void setFilterToFind(bool on);
    void loadEarlier();
    bool canLoadEarlier() const { return m_hasMore; }
    bool saveTo(const QString &file) const; // plain text, ANSI removed
    QString plainText() const;              // what the buffer holds, as saved
    int highlightCount() const { return m_highlights; }

    static QString stripAnsi(const QString &s);

Q_SIGNALS:
    void endedWith(const QString &status);

private:
    void onAppended(int count, int droppedFront);
    void rebuild();
    void appendEntries(int from, int to);
    bool accepts(const LogEntry &e) const;
    void updateHighlights();
    void loadTail();
    void setStatusText(const QString &s);
    void saveAs();
    void copy();

    QPointer<client::SeedClient> m_client;
    QString m_name;
    LogBuffer *m_buffer;
    client::LogStream *m_stream;
    QPlainTextEdit *m_view;
    QToolButton *m_follow;
    QToolButton *m_wrap;
    QToolButton *m_timestamps;
    QLineEdit *m_find;
    QCheckBox *m_filter;
    QPushButton *m_earlier;
    QLabel *m_status;
    bool m_ended = false;
    bool m_hasMore = false;
    bool m_loadingEarlier = false;
    QString m_endStatus;
    int m_highlights = 0;
};

} // namespace seed::ui
