// logs, and logs -f: the follow over Server-Sent Events, its reconnects and how it knows the job ended.
#include "cli.h"
#include "client/logstream.h"
#include "commands.h"
#include "format.h"
#include "seedctl.h"
#include "wire/catalog.h"

#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

namespace seed::cli {

int Commands::doLogs(const QString &name, const wire::LogQuery &q, bool follow, bool timestamps)
{
    wire::JobStatus status = wire::JobStatus::Unknown; // read only when following
    if (follow) {
        // A queued job has nothing to stream yet: wait for it to start (or end) first.
        bool told = false;
        for (;;) {
            const auto j = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
            if (!j.ok())
                return apiFailure(j);
            status = j.value.value().status;
            if (status != wire::JobStatus::Queued)
                break;
            if (!told)
                m_err << tr("seedctl: %1 is queued; waiting for it to start…").arg(name) << u'\n';
            told = true;
            m_err.flush();
            pause(500);
        }
    }
    const auto r = await<wire::LogPage>([&](auto cb) { m_client.getLogs(name, q, &m_client, cb); });
    if (!r.ok())
        return apiFailure(r);
    const wire::LogPage &page = r.value.value();
    if (m_json && !follow) {
        printJson(m_out, page.toJson());
        return ExitOk;
    }
    // A job that has ended has nothing to stream (the contract offers stream=true only for running jobs):
    // what there is, and done.
    if (follow && wire::isTerminal(status)) {
        printLines(m_out, page.lines, timestamps, m_json);
        m_err << tr("seedctl: job %1 ended: %2").arg(name, wire::jobStatusName(status)) << u'\n';
        m_err.flush();
        return ExitOk;
    }
    // Lines without ids (a server that follows only the contract) cannot be resumed after: the stream
    // itself then sends the same tail first, and the page read here is not printed (no line twice, and
    // none lost between the read and the stream).
    const bool pageHasIds =
        std::any_of(page.lines.cbegin(), page.lines.cend(), [](const wire::LogLine &l) { return l.seq > 0; });
    const bool freshStream = follow && !page.lines.isEmpty() && !pageHasIds; // plain `logs` prints the page
    if (!freshStream)
        printLines(m_out, page.lines, timestamps, m_json);
    if (!follow)
        return ExitOk;
    // Follow: the SSE stream from just after the last line printed (it reconnects with Last-Event-ID by
    // itself, so a seedd restart prints no line twice and loses none).
    qint64 last = page.lines.isEmpty() || freshStream ? 0 : page.lines.constLast().seq;
    std::optional<wire::LogLine> lastShown;
    if (!freshStream && !page.lines.isEmpty())
        lastShown = page.lines.constLast();
    client::LogStream stream(&m_client, name);
    stream.setTail(q.tail);
    int rc = ExitOk;
    bool notRunning = false;
    QEventLoop loop;
    // With --since and nothing printed yet, the stream starts at the log's first line: what is not after
    // --since must not be printed (a follow from "now" printed the whole log).
    const auto afterSince = [&q](const QList<wire::LogLine> &lines) {
        if (!q.since)
            return lines;
        QList<wire::LogLine> kept;
        for (const wire::LogLine &l : lines)
            if (l.timestamp > *q.since)
                kept.append(l);
        return kept;
    };
    QObject::connect(&stream, &client::LogStream::linesReceived, &loop, [&](const QList<wire::LogLine> &lines) {
        printLines(m_out, afterSince(lines), timestamps, m_json);
        if (!lines.isEmpty()) {
            last = lines.constLast().seq;
            lastShown = lines.constLast();
        }
    });
    QObject::connect(&stream, &client::LogStream::ended, &loop, [&](const QJsonObject &end) {
        m_err << tr("seedctl: job %1 ended: %2").arg(name, end.value(QLatin1String("status")).toString()) << u'\n';
        loop.quit();
    });
    QObject::connect(&stream, &client::LogStream::notRunning, &loop, [&] {
        notRunning = true;
        loop.quit();
    });
    QObject::connect(&stream, &client::LogStream::failed, &loop, [&](const QString &message) {
        // A local seedd restarted with another token refuses the old one: follow the new one instead.
        if (refreshLocalEndpoint(m_client, m_credentialsFromEnv)) {
            QTimer::singleShot(0, &loop, [&] { stream.start(last); });
            return;
        }
        m_err << tr("seedctl: %1").arg(message) << u'\n';
        rc = ExitApiError;
        loop.quit();
    });

    // While the stream reconnects (seedd restarting, network): a local seedd may come back on another port
    // (`--listen 127.0.0.1:0`) or with another token, so its connection file is read again; the stream then
    // resumes after the last line printed (Last-Event-ID: none lost, none twice). One note says so, and
    // after m_followGiveUpSeconds without an answer seedctl gives up (exit 3) rather than hang.
    int reconnectsWhenOpen = 0;
    bool down = false;
    QElapsedTimer downFor;
    QObject::connect(&stream, &client::LogStream::stateChanged, &loop, [&](client::LogStream::State state) {
        if (state != client::LogStream::State::Open)
            return;
        if (down)
            m_err << tr("seedctl: reconnected to %1; following again.")
                         .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                  << u'\n';
        m_err.flush();
        down = false;
        reconnectsWhenOpen = stream.reconnects();
    });
    QTimer watch;
    watch.setInterval(250);
    QObject::connect(&watch, &QTimer::timeout, &loop, [&] {
        // One reconnect is how a server without `event: end` says the job ended (its stream closes, the
        // next answer is 409), with line ids or without: only a second one means the endpoint is down.
        if (stream.state() != client::LogStream::State::Connecting || stream.reconnects() - reconnectsWhenOpen < 2)
            return;
        if (!down) {
            down = true;
            downFor.start();
            m_err << tr("seedctl: lost the connection to %1; reconnecting (giving up after %2 s)…")
                         .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                         .arg(m_followGiveUpSeconds)
                  << u'\n';
            m_err.flush();
        }
        if (refreshLocalEndpoint(m_client, m_credentialsFromEnv)) {
            stream.start(last);
            return;
        }
        if (downFor.hasExpired(qint64(m_followGiveUpSeconds) * 1000)) {
            m_err << tr("seedctl: gave up: %1 did not answer for %2 s.")
                         .arg(m_client.endpoint().baseUrl.toDisplayString(QUrl::RemoveUserInfo))
                         .arg(m_followGiveUpSeconds)
                  << u'\n';
            rc = ExitUnreachable;
            loop.quit();
        }
    });
    watch.start();
    stream.start(freshStream ? -1 : last);
    for (;;) {
        loop.exec();
        stream.stop();
        if (!notRunning || rc != ExitOk)
            break;
        // 409 on stream=true: the job is not running. Ended: print what came after the last line printed
        // (the plain logs read) and stop. Still running (it had not started yet): stream again.
        notRunning = false;
        const auto j = await<wire::Job>([&](auto cb) { m_client.getJob(name, &m_client, cb); });
        if (!j.ok())
            return apiFailure(j);
        const wire::JobStatus now = j.value.value().status;
        if (!wire::isTerminal(now)) {
            pause(1000);
            if (lastShown && lastShown->seq > 0)
                stream.start(lastShown->seq); // a server with ids resumes after it
            else if (lastShown)
                stream.startAfter(*lastShown);
            else
                stream.start(-1);
            continue;
        }
        wire::LogQuery rest;
        rest.tail = 10000;
        const auto more = await<wire::LogPage>([&](auto cb) { m_client.getLogs(name, rest, &m_client, cb); });
        if (!more.ok())
            return apiFailure(more);
        printLines(m_out, afterSince(client::LogStream::linesAfter(more.value.value().lines, lastShown)), timestamps,
                   m_json);
        m_err << tr("seedctl: job %1 ended: %2").arg(name, wire::jobStatusName(now)) << u'\n';
        break;
    }
    m_err.flush();
    return rc;
}

} // namespace seed::cli
