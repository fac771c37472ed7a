#include "ssereader.h"

#include "wire/lines.h"

#include <QNetworkReply>
#include <QTimer>

namespace seed::client {

SseReader::SseReader(QObject *parent) : QObject(parent) {}

SseReader::~SseReader() { stop(); }

void SseReader::resetParser()
{
    m_buffer.clear();
    m_pending = {};
    m_open = false;
    m_finished = false;
    m_drainQueued = false;
}

void SseReader::stop()
{
    ++m_generation;
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    resetParser();
}

void SseReader::open(QNetworkReply *reply)
{
    stop();
    m_reply = reply;
    if (!reply)
        return;
    connect(reply, &QNetworkReply::readyRead, this, &SseReader::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &SseReader::onFinished);
}

void SseReader::retryLater(int ms, std::function<void()> reconnect)
{
    const quint64 generation = m_generation;
    QTimer::singleShot(ms, this, [this, generation, reconnect = std::move(reconnect)] {
        if (generation == m_generation)
            reconnect();
    });
}

void SseReader::onReadyRead()
{
    if (!m_drainQueued)
        drainSlice();
}

void SseReader::scheduleDrain()
{
    if (m_drainQueued)
        return;
    m_drainQueued = true;
    const quint64 generation = m_generation;
    QTimer::singleShot(0, this, [this, generation] {
        if (generation == m_generation)
            drainSlice();
    });
}

void SseReader::drainSlice()
{
    m_drainQueued = false;
    if (!m_reply)
        return;
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
        if (m_finished)
            finish();
        return; // an error body: read when the reply ends
    }
    const quint64 generation = m_generation;
    if (!m_open) {
        m_open = true;
        Q_EMIT opened();
        if (generation != m_generation)
            return;
    }
    feed(m_reply->read(kSliceBytes));
    if (generation != m_generation || !m_reply)
        return; // a handler stopped (e.g. at the terminal event)
    if (m_reply->bytesAvailable() > 0)
        scheduleDrain(); // the rest after the loop had its turn
    else if (m_finished)
        finish();
}

void SseReader::feed(const QByteArray &bytes)
{
    m_buffer += bytes;
    QList<Event> events;
    // Lines are parsed in place and the consumed prefix is cut once per chunk: a flood of small events
    // costs one pass over the bytes, not a shift of the buffer per line.
    const qsizetype pos = wire::forEachLine(m_buffer, [&](QByteArrayView line) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            if (!m_pending.data.isEmpty() || !m_pending.type.isEmpty()) {
                if (m_pending.type.isEmpty())
                    m_pending.type = QByteArrayLiteral("message");
                events.append(std::move(m_pending));
            }
            m_pending = {};
            return;
        }
        if (line.startsWith(':'))
            return; // a comment (keep-alive)
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "event") {
            m_pending.type = value.toByteArray();
        } else if (field == "data") {
            if (!m_pending.data.isEmpty())
                m_pending.data += '\n';
            m_pending.data += value;
        } else if (field == "id") {
            bool ok = false;
            const qint64 id = value.toLongLong(&ok);
            m_pending.id = ok ? id : -1;
        }
    });
    m_buffer.remove(0, pos);
    if (!events.isEmpty())
        Q_EMIT received(events);
}

void SseReader::onFinished()
{
    if (!m_reply)
        return;
    m_finished = true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200 && m_reply->bytesAvailable() > 0)
        scheduleDrain(); // the last events may come with the close: parse them, then finish()
    else if (!m_drainQueued)
        finish();
}

void SseReader::finish()
{
    QNetworkReply *r = m_reply;
    if (!r)
        return;
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = status == 200 ? QByteArray() : r->readAll();
    m_reply = nullptr;
    r->disconnect(this);
    r->deleteLater();
    resetParser(); // a half-received event at the close is not an event
    Q_EMIT closed(status, body);
}

} // namespace seed::client
