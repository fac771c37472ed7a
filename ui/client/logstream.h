#pragma once

#include "ssereader.h"
#include "wire/logs.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

namespace seed::client {

class SeedClient;

// GET /{ns}/job/{name}/logs?stream=true as Server-Sent Events (docs/api.md): each `message` event is one
// log line with its id as the SSE id; `dropped` says lines were let go by the server's per-job bound; `end`
// (the terminal event) carries the job's final status and closes the stream. After any other drop (seedd
// restarted or killed, network) it reconnects by itself with Last-Event-ID = the last id received, so no
// line is lost and none comes twice (lines at or below that id are also ignored here).
// A server that follows only the contract sends no ids and no `end`: its lines are counted (lastEventId()),
// a reconnect asks for the backlog since just before the last line had and skips what was had (instead of
// Last-Event-ID), and its 409 on the reconnect after the
// job ended (`stream=true` is only for running jobs) is `notRunning`, as on a fresh stream.
class LogStream : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Open, Ended, NotRunning, Failed };
    Q_ENUM(State)

    LogStream(SeedClient *client, const QString &jobName, QObject *parent = nullptr);
    ~LogStream() override;

    void setTail(int lines) { m_tail = lines; } // backlog of a fresh stream
    void setRetryDelayMs(int ms) { m_retryMs = ms; }
    void start(qint64 afterId = -1); // -1: a fresh stream (the server sends the last `tail` lines first)
    // A fresh stream that prints nothing up to and including `last` (a line already shown): for a server
    // without line ids, which cannot resume. It asks for the backlog since just before `last` (the contract's
    // `tail` and `since`, both in their documented ranges) and skips what was had.
    void startAfter(const wire::LogLine &last);
    void stop();

    State state() const { return m_state; }
    qint64 lastEventId() const { return m_lastId; }
    int reconnects() const { return m_reconnects; }
    QString jobName() const { return m_name; }
    QJsonObject endEvent() const { return m_end; }
    SseReader *reader() const { return m_reader; } // the benchmark feeds it SSE bytes in-process
    bool serverSendsIds() const { return !m_idless; }

    // The lines of `page` (a plain logs read) that come after `last`, the last line already shown: by id where
    // the server gives ids, else after the last line with the same timestamp and message. Without `last`, all.
    static QList<wire::LogLine> linesAfter(const QList<wire::LogLine> &page, const std::optional<wire::LogLine> &last);

Q_SIGNALS:
    void stateChanged(seed::client::LogStream::State state);
    void linesReceived(const QList<seed::wire::LogLine> &lines);
    // The same lines with each one's node (additive "node" of a cluster runner; "" where absent), emitted first.
    void linesWithNodes(const QList<seed::wire::LogLine> &lines, const QStringList &nodes);
    void linesDropped(qint64 count);
    void ended(const QJsonObject &end); // the terminal event: status, exit_code, completed_at, status_message
    // A fresh stream was refused because the job is not running (409): read its logs without stream.
    void notRunning();
    void failed(const QString &message); // a 4xx other than 408/409/429: retrying would not help

private:
    void connectNow();
    void setState(State s);
    void onOpened();
    void onEvents(const QList<SseReader::Event> &events);
    void onClosed(int httpStatus, const QByteArray &errorBody);

    QPointer<SeedClient> m_client;
    QString m_name;
    SseReader *m_reader;
    State m_state = State::Idle;
    qint64 m_lastId = -1;
    QJsonObject m_end;
    int m_tail = 1000;
    int m_retryMs = 1000;
    int m_reconnects = 0;
    bool m_wasOpen = false;
    bool m_idless = false; // a message came without an SSE id
    std::optional<wire::LogLine> m_lastLine;    // the last line given out (idless servers: where to go on)
    std::optional<wire::LogLine> m_skipThrough; // lines up to and including this one were had already
};

} // namespace seed::client

Q_DECLARE_METATYPE(seed::client::LogStream::State)
