#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkReply;

namespace seed::client {

// Reads one Server-Sent Events response at a time (the job-events stream and the log streams share it):
// the byte buffer, the line splitter, the `event`/`data`/`id` fields, the blank line that dispatches, and
// the bookkeeping that makes stop() final — a stopped or replaced reply never reports again, and a retry
// scheduled before a stop()/open() never runs. What the events mean, and when to reconnect, stays with
// the stream that owns the reader.
class SseReader : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        QByteArray type; // "message" when the server named none
        QByteArray data; // the data lines joined with '\n'
        qint64 id = -1;  // -1 when the event carried no id
    };

    explicit SseReader(QObject *parent = nullptr);
    ~SseReader() override;

    // Adopts `reply` (GET with Accept: text/event-stream), dropping any previous one.
    void open(QNetworkReply *reply);
    // Aborts the reply without a closed(), forgets a half-read event and cancels a pending retryLater().
    void stop();
    // Runs `reconnect` after `ms` unless stop() or open() come first.
    void retryLater(int ms, std::function<void()> reconnect);
    bool isReading() const { return !m_reply.isNull(); }

    // Parses SSE bytes as if the reply had delivered them (the reply's own path, and the GUI benchmark's
    // in-process feed). Complete events are reported in one received() per call.
    void feed(const QByteArray &bytes);

Q_SIGNALS:
    void opened(); // the first bytes of a 200 answer arrived
    // The events completed by one chunk, in order. A handler may call stop() (a terminal event):
    // nothing more is reported then.
    void received(const QList<seed::client::SseReader::Event> &events);
    // The reply ended, after its last events: its HTTP status (0 when none came) and, for an error, the body.
    void closed(int httpStatus, const QByteArray &errorBody);

private:
    void onReadyRead();
    void onFinished();
    void drainSlice();
    void scheduleDrain();
    void finish();
    void resetParser();

    // At most this much of the reply is parsed per event-loop turn: when the GUI fell behind a flood, the
    // reply may hold megabytes, and parsing them in one go would freeze the window (bench_gui_logs).
    static constexpr qint64 kSliceBytes = 128 * 1024;

    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer;
    Event m_pending;
    bool m_open = false;
    bool m_finished = false; // the reply ended; closed() follows once its bytes are parsed
    bool m_drainQueued = false;
    quint64 m_generation = 0;
};

} // namespace seed::client
