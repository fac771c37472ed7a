// PodmanRuntime, a container's output: its k8s-file log read directly (LogFollower), `podman logs --follow` where
// the log is elsewhere.
#include "logfollower.h"
#include "logging.h"
#include "podman.h"

#include "wire/lines.h"
#include "wire/timefmt.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>

namespace seed::runtime {

namespace {
// `podman logs --timestamps` (4.3) joins the partial records of a long or unterminated line (k8s-file "P"
// records: conmon cuts at 8 KiB, and at every write without a newline, e.g. progress bars) but leaves each
// record's "TIMESTAMP " inline. Drop those: an RFC 3339 timestamp followed by a space, inside the message, that
// is no earlier than the line's own and at most a day later (docs/api.md).
QByteArray joinPartials(QByteArray msg, const QDateTime &lineTs)
{
    static const QRegularExpression re(
        QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d) "));
    if (msg.size() < 20 || !msg.contains('T'))
        return msg;
    const QString text = QString::fromLatin1(msg); // byte offsets == char offsets
    QByteArray out;
    qsizetype from = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const auto t = wire::parseTime(m.captured(0).trimmed());
        if (!t || *t < lineTs.addSecs(-1) || *t > lineTs.addDays(1))
            continue;
        out += msg.mid(from, m.capturedStart(0) - from);
        from = m.capturedEnd(0);
    }
    if (from == 0)
        return msg;
    out += msg.mid(from);
    return out;
}
} // namespace

void PodmanRuntime::follow(const QString &container, qint64 skipLines, QObject *context,
                           std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                           std::function<void()> done)
{
    // `podman logs --follow` (4.3) drops lines when a container prints fast (74,870 of `seq 1 100000` seen
    // here), so the container's k8s-file log is read directly; podman logs remains the fallback for other
    // log drivers.
    // Started with our own log path (logDir): read it at once. Otherwise (podman's default path, or a container
    // of an older seedd re-attached after a restart) ask podman where it is.
    const QString own = logPath(container);
    if (!own.isEmpty() && m_leftoverLog.contains(container)) {
        QPointer<QObject> ctx(context);
        m_afterStart[container].append([this, container, own, skipLines, ctx, lines, exited, done](bool started) {
            if (!ctx)
                return;
            if (started)
                tailLogFile(container, own, skipLines, ctx, lines, exited, done);
            else
                done();
        });
        return;
    }
    if (!own.isEmpty() && (QFileInfo::exists(own) || m_starting.contains(container))) {
        tailLogFile(container, own, skipLines, context, lines, exited, done);
        return;
    }
    QPointer<QObject> ctx(context);
    exec(global() << QStringLiteral("container") << QStringLiteral("inspect") << QStringLiteral("--format")
                  << QStringLiteral("json") << container,
         context, [this, container, skipLines, ctx, lines, exited, done](Output o) {
             if (!ctx)
                 return;
             const QJsonObject c = QJsonDocument::fromJson(o.out).array().first().toObject();
             const QJsonObject lc =
                 c.value(QStringLiteral("HostConfig")).toObject().value(QStringLiteral("LogConfig")).toObject();
             const QString path = lc.value(QStringLiteral("Path")).toString();
             if (o.result.ok && lc.value(QStringLiteral("Type")).toString() == QLatin1String("k8s-file") &&
                 !path.isEmpty())
                 tailLogFile(container, path, skipLines, ctx, lines, exited, done);
             else
                 followWithPodmanLogs(container, skipLines, ctx, lines, done);
         });
}

void PodmanRuntime::tailLogFile(const QString &container, const QString &path, qint64 skipLines, QObject *context,
                                std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                                std::function<void()> done)
{
    // The follower is the context's child: none of its callbacks runs after the context is gone.
    auto *f = new LogFollower(path, skipLines, m_settings.logBacklogBytes, context);
    f->onLines = std::move(lines);
    f->onDone = std::move(done);
    QPointer<Runtime> self(this);
    f->onDropped = [self, container](qint64 n, const QString &why) {
        if (self)
            Q_EMIT self->outputDropped(container, n, why);
    };
    f->start();
    // The end: `podman wait` returns when the container has exited, printing its exit code; one last read
    // after a short pause picks up the final records. The exit is passed on at once: the pause and the reads
    // after it need not keep the container's CPUs and GPUs from the next job.
    QPointer<LogFollower> follower(f);
    QPointer<QObject> ctx(context);
    // The last read, after the short pause that lets the final records reach the file.
    const auto finishSoon = [ctx, follower] {
        QTimer::singleShot(100, ctx, [follower] {
            if (follower)
                follower->finish();
        });
    };
    auto podmanWait = [this, container, ctx, follower, exited, finishSoon] {
        if (!ctx || !follower)
            return;
        QProcess *w = spawn(global() << QStringLiteral("wait") << container, {}, true);
        connect(w, &QProcess::finished, ctx, [w, finishSoon, exited](int code, QProcess::ExitStatus status) {
            w->deleteLater();
            // It printed the exit code: the container has exited (not "no such container", not a crash).
            bool printedCode = false;
            w->readAllStandardOutput().trimmed().toInt(&printedCode);
            if (status == QProcess::NormalExit && code == 0 && printedCode && exited)
                exited();
            finishSoon();
        });
        connect(w, &QProcess::errorOccurred, ctx, [w, finishSoon](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart)
                return;
            w->deleteLater();
            finishSoon();
        });
        w->start();
    };
    // Started by this seedd: its `podman run` returns with the container's exit status; `podman wait` only where
    // that run cannot tell (its monitor unwatched or gone, podman's own error) or for a container re-attached after
    // a restart.
    auto watchExit = [this, container, ctx, follower, exited, podmanWait, finishSoon] {
        const auto run = m_attached.value(container);
        if (!ctx || !follower || !run || !run->started || !run->monitorWatched) {
            podmanWait();
            return;
        }
        std::weak_ptr<AttachedRun> weak = run;
        const auto onEnd = [weak, ctx, follower, exited, podmanWait, finishSoon] {
            const auto r = weak.lock();
            if (!ctx || !follower)
                return;
            if (!r || !r->exitCode) {
                podmanWait();
                return;
            }
            if (exited)
                exited();
            finishSoon();
        };
        if (run->ended)
            QTimer::singleShot(0, ctx, onEnd);
        else
            run->onEnd.append(onEnd);
    };
    // Followed while `podman run` is still starting it: `podman wait` would find no container yet.
    if (m_starting.contains(container))
        m_afterStart[container].append([watchExit, follower](bool started) {
            if (started)
                watchExit();
            else if (follower)
                follower->finish();
        });
    else
        watchExit();
}

void PodmanRuntime::followWithPodmanLogs(const QString &container, qint64 skipLines, QObject *context,
                                         std::function<void(const LogBatch &)> lines, std::function<void()> done)
{
    QProcess *p = spawn(global() << QStringLiteral("logs") << QStringLiteral("--follow")
                                 << QStringLiteral("--timestamps") << container,
                        {}, true);
    p->setProcessChannelMode(QProcess::MergedChannels);
    struct State
    {
        QByteArray partial;
        qint64 toSkip = 0;
        bool finished = false;
    };
    auto st = std::make_shared<State>();
    st->toSkip = skipLines;
    auto drain = [p, st, lines](bool final) {
        st->partial += p->readAll();
        if (final && !st->partial.isEmpty() && !st->partial.endsWith('\n'))
            st->partial += '\n';
        LogBatch batch;
        const qsizetype pos = wire::forEachLine(st->partial, [&](QByteArrayView line) {
            QByteArray raw = line.toByteArray();
            if (raw.endsWith('\r'))
                raw.chop(1);
            const qsizetype sp = raw.indexOf(' ');
            std::optional<QDateTime> ts;
            if (sp > 0)
                ts = wire::parseTime(QString::fromLatin1(raw.left(sp)));
            if (!ts) {
                // Not a container line (podman's own message): on seedd's stderr, not in the job's log.
                qCWarning(lcRuntime, "podman logs: %s", raw.constData());
                return;
            }
            if (st->toSkip > 0) {
                --st->toSkip;
                return;
            }
            batch.append({*ts, QString::fromUtf8(joinPartials(raw.mid(sp + 1), *ts))});
        });
        st->partial.remove(0, pos);
        if (!batch.isEmpty())
            lines(batch);
    };
    connect(p, &QProcess::readyRead, context, [drain] { drain(false); });
    connect(p, &QProcess::finished, context, [p, st, drain, done] {
        if (st->finished)
            return;
        st->finished = true;
        drain(true);
        p->deleteLater();
        done();
    });
    connect(p, &QProcess::errorOccurred, context, [p, st, done](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || st->finished)
            return;
        st->finished = true;
        p->deleteLater();
        done();
    });
    p->start();
}

} // namespace seed::runtime
