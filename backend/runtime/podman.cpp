#include "podman.h"
#include "jobrun.h"
#include "logging.h"

#include "wire/lines.h"
#include "wire/timefmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <QRegularExpression>
#include <QStandardPaths>

#include <QSaveFile>

#include <csignal>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

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
// tailLogFile(): how often the container's log file is read, and at most how much of it per event-loop turn
// (~9,000 flood lines, a few ms of work).
constexpr int kPollMs = 20;
constexpr qint64 kDrainSliceBytes = 512 * 1024;
// A line without a newline is stored in pieces of this size (the log store splits them further).
constexpr qsizetype kMaxJoinedBytes = 256 * 1024;
// How much stored output accumulates before its disk space is given back.
constexpr qint64 kPunchEveryBytes = 16 << 20;
// conmon's cap of a container's log file (it then starts a new one): bounds the disk while seedd is not reading.
constexpr qint64 kContainerLogMaxBytes = 256 << 20;
// The k8s-file record timestamps ("2026-11-28T18:23:01.123456789Z", or with an offset) of a flood share their
// second: parse that part once per second and only add the milliseconds (wire::parseTime is a regex and a
// QDateTime parse, most of the capture cost of a short line otherwise). Milliseconds are truncated, as
// wire::parseTime does.
class RecordTimes
{
public:
    std::optional<qint64> msecs(QByteArrayView ts)
    {
        // "YYYY-MM-DDTHH:MM:SS" [".fraction"] zone
        if (ts.size() < 20 || ts[10] != 'T')
            return slow(ts);
        qsizetype zone = 19;
        int milli = 0;
        if (ts[19] == '.') {
            zone = 20;
            int digits = 0;
            while (zone < ts.size() && ts[zone] >= '0' && ts[zone] <= '9') {
                if (digits < 3)
                    milli = milli * 10 + (ts[zone] - '0');
                ++digits;
                ++zone;
            }
            if (digits == 0 || digits > 9)
                return slow(ts);
            for (int d = digits; d < 3; ++d)
                milli *= 10;
        }
        const QByteArrayView second = ts.first(19);
        const QByteArrayView tz = ts.sliced(zone);
        if (!m_valid || second != m_second || tz != m_zone) {
            const auto t = wire::parseTime(QString::fromLatin1(second) + QString::fromLatin1(tz));
            if (!t)
                return slow(ts);
            m_valid = true;
            m_second = second.toByteArray();
            m_zone = tz.toByteArray();
            m_secondMs = t->toMSecsSinceEpoch();
        }
        return m_secondMs + milli;
    }

private:
    static std::optional<qint64> slow(QByteArrayView ts)
    {
        const auto t = wire::parseTime(QString::fromLatin1(ts));
        return t ? std::optional<qint64>(t->toMSecsSinceEpoch()) : std::nullopt;
    }
    bool m_valid = false;
    QByteArray m_second, m_zone;
    qint64 m_secondMs = 0;
};
} // namespace

namespace {
bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray st = stat.readAll();
    const qsizetype close = st.lastIndexOf(')');
    return close > 0 && close + 2 < st.size() && st[close + 2] != 'Z';
}
} // namespace

bool ContainerState::lostMonitor() const
{
    return exists && running && pid > 0 && !processAlive(pid) && !processAlive(monitorPid);
}

PodmanRuntime::PodmanRuntime(PodmanSettings settings, QObject *parent) : Runtime(parent), m_settings(std::move(settings))
{
    if (m_settings.ulimits.isEmpty())
        m_settings.ulimits = defaultUlimits();
}

QStringList PodmanRuntime::defaultUlimits()
{
    // Podman asks for nofile=1048576 unless told otherwise, which fails where seedd's own hard limit is lower
    //: hand containers what this process may have.
    QStringList out;
    struct rlimit rl = {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0)
        out << QStringLiteral("nofile=%1:%1").arg(std::min<qulonglong>(rl.rlim_max, 1048576));
    // nproc: podman's default and seedd's own hard limit (96551 here) were both refused by runc at
    // setrlimit on the hybrid-cgroup VMs, 32768 works; a batch job needs no more.
    qulonglong nproc = 32768;
    if (::getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_max != RLIM_INFINITY)
        nproc = std::min<qulonglong>(nproc, rl.rlim_max);
    out << QStringLiteral("nproc=%1:%1").arg(nproc);
    return out;
}

QStringList PodmanRuntime::global() const
{
    QStringList g = m_settings.extraGlobalArgs;
    if (!m_settings.ociRuntime.isEmpty())
        g << QStringLiteral("--runtime") << m_settings.ociRuntime;
    return g;
}

QStringList PodmanRuntime::runArguments(const ContainerSpec &spec) const
{
    jobrun::PodmanRunOptions o;
    o.global = global();
    o.pull = m_settings.pull;
    o.logPath = logPath(spec.name);
    o.logMaxBytes = kContainerLogMaxBytes;
    o.ulimits = m_settings.ulimits;
    return jobrun::podmanRunArguments(spec, o);
}

QString PodmanRuntime::logPath(const QString &container) const
{
    return m_settings.logDir.isEmpty() ? QString() : m_settings.logDir + u'/' + container + QStringLiteral(".log");
}

namespace {
// A podman process of ours whose seedd is gone: `podman wait NAME` / `podman logs -f ... NAME` watchers, or a
// `podman run --name NAME` still creating its container. Found by command line; a process whose parent is a live
// seedd belongs to that seedd and is never touched.
struct OrphanPodman
{
    qint64 pid = 0;
    bool starter = false; // `podman run` (else a watcher)
};

QList<OrphanPodman> orphanPodmanProcesses(const QSet<QString> &containers)
{
    QList<OrphanPodman> found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        bool numeric = false;
        const int n = pid.toInt(&numeric);
        if (!numeric || n == ::getpid())
            continue;
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!cmd.open(QIODevice::ReadOnly))
            continue;
        QList<QByteArray> argv = cmd.readAll().split('\0');
        if (!argv.isEmpty() && argv.last().isEmpty())
            argv.removeLast();
        // podman itself, or a script named podman run by its interpreter (a wrapper on PATH).
        const auto isPodman = [](const QByteArray &a) { return a == "podman" || a.endsWith("/podman"); };
        if (argv.size() < 3 || !(isPodman(argv[0]) || isPodman(argv[1])))
            continue;
        OrphanPodman o;
        o.pid = n;
        const qsizetype name = argv.indexOf("--name");
        if (argv.contains("run") && name > 0 && name + 1 < argv.size()) {
            if (!containers.contains(QString::fromUtf8(argv[name + 1])))
                continue;
            o.starter = true;
        } else if (!argv.contains("wait") || !containers.contains(QString::fromUtf8(argv.last()))) {
            continue;
        }
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray st = stat.readAll();
        const QList<QByteArray> fields = st.mid(st.lastIndexOf(')') + 2).split(' ');
        const QByteArray ppid = fields.size() > 1 ? fields[1] : QByteArray();
        QFile parentComm(QStringLiteral("/proc/%1/comm").arg(QString::fromLatin1(ppid)));
        const bool parentIsSeedd = parentComm.open(QIODevice::ReadOnly) && parentComm.readAll().trimmed() == "seedd";
        if (!parentIsSeedd && fields.value(0) != "Z")
            found.append(o);
    }
    return found;
}
} // namespace

int PodmanRuntime::killOrphanWatchers(const QSet<QString> &containers)
{
    // Watchers of an earlier seedd that died without taking them along (a version without PR_SET_PDEATHSIG, or
    // one started by hand): their parent is gone, so they hang on init or a subreaper.
    int killed = 0;
    for (const OrphanPodman &o : orphanPodmanProcesses(containers))
        if (!o.starter && ::kill(pid_t(o.pid), SIGKILL) == 0)
            ++killed;
    return killed;
}

QList<qint64> PodmanRuntime::orphanStarters(const QSet<QString> &containers) const
{
    QList<qint64> pids;
    for (const OrphanPodman &o : orphanPodmanProcesses(containers))
        if (o.starter)
            pids.append(o.pid);
    return pids;
}

int PodmanRuntime::removeLeftovers(const QSet<QString> &existing)
{
    if (m_settings.logDir.isEmpty())
        return 0;
    // `podman rm` leaves a log at a path it was given; seedd removes it with the container, but not when the
    // container went while seedd was down (removed by hand, a reboot with transient storage).
    int removed = 0;
    const QFileInfoList logs = QDir(m_settings.logDir).entryInfoList({QStringLiteral("*.log")}, QDir::Files);
    for (const QFileInfo &log : logs)
        if (!existing.contains(log.completeBaseName()) && QFile::remove(log.filePath())) {
            QFile::remove(log.filePath() + QStringLiteral(".pos"));
            ++removed;
        }
    return removed;
}

QProcess *PodmanRuntime::spawn(const QStringList &args, const QMap<QString, QString> &env, bool watcher)
{
    auto *p = new QProcess(this);
    if (watcher) {
        // A watcher (podman wait, podman logs -f) is only seedd's eyes: it goes when seedd goes, also on kill -9
        // (each one otherwise lives on at ~36 MB; a restarted seedd starts its own).
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    }
    if (!env.isEmpty()) {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        p->setProcessEnvironment(e);
    }
    p->setProgram(m_settings.program);
    p->setArguments(args);
    return p;
}

void PodmanRuntime::exec(const QStringList &args, QObject *context, std::function<void(Output)> done,
                         const QMap<QString, QString> &env)
{
    QProcess *p = spawn(args, env);
    QPointer<QObject> ctx(context);
    auto finish = std::make_shared<bool>(false);
    auto complete = [p, ctx, done, finish](Output o) {
        if (*finish)
            return;
        *finish = true;
        p->deleteLater();
        if (ctx)
            done(std::move(o));
    };
    connect(p, &QProcess::finished, context, [p, complete](int code, QProcess::ExitStatus st) {
        Output o;
        o.out = p->readAllStandardOutput();
        o.err = p->readAllStandardError();
        o.result.code = st == QProcess::NormalExit ? code : -1;
        o.result.ok = st == QProcess::NormalExit && code == 0;
        o.result.message = QString::fromUtf8(o.err).trimmed();
        if (st != QProcess::NormalExit)
            o.result.message = QStringLiteral("podman crashed: %1").arg(o.result.message);
        complete(std::move(o));
    });
    connect(p, &QProcess::errorOccurred, context, [this, p, complete](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        Output o;
        o.result.code = -1;
        o.result.message = QStringLiteral("cannot run '%1': %2").arg(m_settings.program, p->errorString());
        // The hint only where it can be the cause (a missing program, not e.g. an argument list too long).
        if (QStandardPaths::findExecutable(m_settings.program).isEmpty()) // also checks an absolute path
            o.result.message += QStringLiteral(" (is Podman installed?)");
        complete(std::move(o));
    });
    p->start();
}

void PodmanRuntime::start(const ContainerSpec &spec, QObject *context, std::function<void(Result)> done)
{
    if (!m_settings.logDir.isEmpty())
        QDir().mkpath(m_settings.logDir);
    const QPointer<QObject> ctx(context);
    exec(runArguments(spec), context, [this, spec, ctx, done](Output o) {
        // Names are per job and attempt, so a container of this name is a leftover of this very attempt: a start
        // that an earlier seedd began and was killed in (podman finished it after seedd's restart had looked).
        // Nobody follows it: replace it once, rather than fail a job that never ran.
        if (o.result.ok || o.result.code != 125 || !o.result.message.contains(QLatin1String("already in use")) || !ctx) {
            done(o.result);
            return;
        }
        qCWarning(lcRuntime, "container %s already exists (a start interrupted by a seedd restart): replacing it",
                  qPrintable(spec.name));
        remove(spec.name, ctx, [this, spec, ctx, done](Result) {
            if (!ctx)
                return;
            exec(runArguments(spec), ctx, [done](Output o2) { done(o2.result); }, spec.env);
        });
    }, spec.env);
}

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
    if (!own.isEmpty() && QFileInfo::exists(own)) {
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
             const QJsonObject lc = c.value(QStringLiteral("HostConfig")).toObject().value(QStringLiteral("LogConfig")).toObject();
             const QString path = lc.value(QStringLiteral("Path")).toString();
             if (o.result.ok && lc.value(QStringLiteral("Type")).toString() == QLatin1String("k8s-file") && !path.isEmpty())
                 tailLogFile(container, path, skipLines, ctx, lines, exited, done);
             else
                 followWithPodmanLogs(container, skipLines, ctx, lines, done);
         });
}

void PodmanRuntime::tailLogFile(const QString &container, const QString &path, qint64 skipLines, QObject *context,
                                std::function<void(const LogBatch &)> lines, std::function<void()> exited,
                                std::function<void()> done)
{
    // A job may print faster than anything can store (`yes`: ~200 MB/s). Everything here is bounded: reads are
    // slices, a line without end is cut into pieces, the part of the file already stored is given back to the
    // disk (a hole punched over it; offsets stay valid), and a backlog beyond settings().logBacklogBytes is skipped with
    // the lines in it counted and reported. conmon's own cap (kContainerLogMaxBytes) rotates the file by
    // renaming a new one over it: the open descriptor is read to its end before the new file is taken.
    struct State
    {
        QFile file;
        qint64 ino = 0;
        qint64 readPos = 0;      // file offset of the next byte to read
        qint64 punchedTo = 0;    // [0, punchedTo) given back to the disk
        QByteArray partial;      // bytes after the last newline (starts at readPos - partial.size())
        QByteArray joined;       // P records of a line not yet complete
        QDateTime joinedTs;
        RecordTimes times;
        qint64 toSkip = 0;
        qint64 stored = 0;       // output lines of this attempt stored so far (skipped ones included)
        bool finishing = false;
        bool finished = false;
        QTimer poll;
    };
    auto st = std::make_shared<State>();
    const QString posFile = path + QStringLiteral(".pos");
    // Where an earlier seedd left off: "inode offset storedLines" at a record boundary. Lines stored after it
    // are skipped by count from there; a file rotated meanwhile starts over (what was between is lost: said).
    bool rotatedWhileAway = false;
    {
        QFile pf(posFile);
        struct stat sb = {};
        if (skipLines > 0 && pf.open(QIODevice::ReadOnly) && ::stat(QFile::encodeName(path).constData(), &sb) == 0) {
            const QList<QByteArray> f = pf.readAll().trimmed().split(' ');
            if (f.size() == 3 && f[0].toLongLong() == qint64(sb.st_ino) && f[2].toLongLong() <= skipLines) {
                st->readPos = st->punchedTo = f[1].toLongLong();
                skipLines -= f[2].toLongLong();
                st->stored = f[2].toLongLong();
            } else if (f.size() == 3 && f[0].toLongLong() != qint64(sb.st_ino)) {
                rotatedWhileAway = true;
                st->stored = skipLines;
                skipLines = 0;
            }
        }
    }
    st->toSkip = skipLines;
    st->stored += skipLines;
    st->file.setFileName(path);
    QPointer<Runtime> self(this);
    const auto dropped = [self, container](qint64 n, const QString &why) {
        if (self)
            Q_EMIT self->outputDropped(container, n, why);
    };
    if (rotatedWhileAway)
        QTimer::singleShot(0, context, [dropped] {
            dropped(-1, QStringLiteral("the container's log reached its cap and was rotated while seedd was not running"));
        });
    const auto openFile = [st] {
        st->file.close();
        // Read-write: punching holes needs a writable descriptor.
        if (!st->file.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
            return false;
        struct stat sb = {};
        st->ino = ::fstat(st->file.handle(), &sb) == 0 ? qint64(sb.st_ino) : 0;
        st->file.seek(st->readPos);
        return true;
    };
    const auto checkpoint = [st, posFile](qint64 offset) {
        QSaveFile f(posFile);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QByteArray::number(st->ino) + ' ' + QByteArray::number(offset) + ' ' + QByteArray::number(st->stored));
            f.commit();
        }
    };
    // Records: "<RFC3339Nano> <stdout|stderr> <P|F> <message>"; P = partial (more of the same line follows).
    const auto parse = [st](LogBatch &batch, bool final) {
        const auto emitLine = [&](const QDateTime &ts, QByteArrayView msg) {
            ++st->stored;
            if (st->toSkip > 0)
                --st->toSkip;
            else
                batch.append({ts, QString::fromUtf8(msg)});
        };
        const qsizetype pos = wire::forEachLine(st->partial, [&](QByteArrayView rec) {
            const qsizetype s1 = rec.indexOf(' ');
            const qsizetype s2 = s1 < 0 ? -1 : rec.indexOf(' ', s1 + 1);
            const qsizetype s3 = s2 < 0 ? -1 : rec.indexOf(' ', s2 + 1);
            if (s3 < 0)
                return;
            const auto ms = st->times.msecs(rec.first(s1));
            if (!ms)
                return;
            const bool partialRecord = rec.sliced(s2 + 1, s3 - s2 - 1) == "P";
            if (st->joined.isEmpty() && !partialRecord) {
                emitLine(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC), rec.sliced(s3 + 1)); // nearly all lines
                return;
            }
            if (st->joined.isEmpty())
                st->joinedTs = QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
            st->joined += rec.sliced(s3 + 1);
            if (partialRecord && st->joined.size() < kMaxJoinedBytes)
                return;
            // A line that never ends (no newline for megabytes) is stored in pieces, never held whole.
            emitLine(st->joinedTs, st->joined);
            st->joined.clear();
            if (partialRecord)
                st->joinedTs = QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
        });
        st->partial.remove(0, pos);
        if (final && !st->joined.isEmpty()) {
            emitLine(st->joinedTs, st->joined);
            st->joined.clear();
        }
    };
    // Skips a backlog the job wrote faster than it can be stored, counting the lines in it (one pass of
    // counting is ~50x cheaper than storing them). Keeps the newest part.
    const qint64 backlogCap = std::max<qint64>(m_settings.logBacklogBytes, kDrainSliceBytes);
    const auto skipBacklog = [st, dropped, checkpoint, backlogCap](qint64 size) {
        const qint64 target = size - backlogCap / 4;
        // Lines end at "F" records (conmon writes a "P" record for each piece of a line it read in parts); the
        // record begun in `partial` is counted with its end.
        QByteArray carry = st->partial;
        qint64 lines = 0;
        const auto count = [&carry, &lines](bool toRecordEnd) {
            qsizetype pos = 0;
            while (true) {
                const qsizetype nl = carry.indexOf('\n', pos);
                if (nl < 0)
                    break;
                const qsizetype s1 = carry.indexOf(' ', pos);
                const qsizetype s2 = s1 < 0 || s1 > nl ? -1 : carry.indexOf(' ', s1 + 1);
                if (s2 >= 0 && s2 + 2 <= nl && carry[s2 + 1] == 'F')
                    ++lines;
                pos = nl + 1;
                if (toRecordEnd)
                    break;
            }
            carry.remove(0, pos);
        };
        st->partial.clear();
        st->joined.clear();
        st->file.seek(st->readPos);
        while (st->readPos < target) {
            const QByteArray chunk = st->file.read(std::min<qint64>(4 << 20, target - st->readPos));
            if (chunk.isEmpty())
                break;
            carry += chunk;
            st->readPos += chunk.size();
            count(false);
        }
        // On to the end of the record the target fell into: the skipped part ends at a whole record.
        while (!carry.isEmpty() || st->readPos < target + 1) {
            const QByteArray chunk = st->file.read(64 << 10);
            if (chunk.isEmpty())
                break;
            const qsizetype nl = chunk.indexOf('\n');
            carry += chunk.first(nl < 0 ? chunk.size() : nl + 1);
            st->readPos += nl < 0 ? chunk.size() : nl + 1;
            if (nl >= 0) {
                count(true);
                break;
            }
        }
        st->file.seek(st->readPos);
        checkpoint(st->readPos); // a restart goes on after the skipped part
        dropped(lines, QStringLiteral("the job printed faster than its log can be stored"));
    };
    const auto giveBack = [st, checkpoint] {
        // The stored part of the file goes back to the disk. The checkpoint is written first: a restart then
        // never reads from inside the hole.
        if (!st->joined.isEmpty())
            return; // inside a line: not a record boundary
        const qint64 boundary = st->readPos - st->partial.size();
        if (boundary - st->punchedTo < kPunchEveryBytes)
            return;
        checkpoint(boundary);
        const qint64 to = boundary & ~qint64(4095);
        if (to > st->punchedTo &&
            ::fallocate(st->file.handle(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, st->punchedTo, to - st->punchedTo) == 0)
            st->punchedTo = to;
    };
    auto finishNow = [st, lines, done, parse] {
        if (st->finished)
            return;
        st->finished = true;
        st->poll.stop();
        LogBatch batch;
        parse(batch, true);
        if (!batch.isEmpty())
            lines(batch);
        QObject::disconnect(&st->poll, nullptr, nullptr, nullptr); // its lambda holds st: break the cycle
        st->file.close();
        done();
    };
    const auto drain = [st, lines, parse, openFile, skipBacklog, giveBack, finishNow, checkpoint, path, backlogCap] {
        if (st->finished)
            return;
        if (!st->file.isOpen() && !openFile())
            return;
        struct stat sb = {};
        const qint64 size = ::fstat(st->file.handle(), &sb) == 0 ? qint64(sb.st_size) : 0;
        if (size - st->readPos > backlogCap)
            skipBacklog(size);
        // A slice per event-loop turn, also at the end: the first lines reach clients while the rest is parsed,
        // and seedd never holds more than a slice of a backlog.
        const QByteArray got = st->file.read(kDrainSliceBytes);
        st->readPos += got.size();
        st->partial += got;
        LogBatch batch;
        parse(batch, false);
        if (!batch.isEmpty())
            lines(batch);
        giveBack();
        const bool more = got.size() == kDrainSliceBytes;
        if (!more) {
            // At the end of this file: has conmon rotated (a new file renamed over the path)? Then go on there.
            struct stat now = {};
            if (::stat(QFile::encodeName(path).constData(), &now) == 0 && qint64(now.st_ino) != st->ino) {
                st->partial.clear(); // a record cut by the rotation cannot be completed
                st->readPos = st->punchedTo = 0;
                st->file.close();
                if (openFile()) {
                    checkpoint(0);
                    st->poll.start(0);
                    return;
                }
            }
            if (st->finishing) {
                finishNow();
                return;
            }
        }
        const int interval = more || st->finishing ? 0 : kPollMs;
        if (st->poll.interval() != interval || !st->poll.isActive())
            st->poll.start(interval);
    };
    auto finish = [st] {
        // After `podman wait`: read on, a slice per turn, to the end of the file, then done.
        st->finishing = true;
        st->poll.start(0);
    };
    st->poll.setInterval(kPollMs);
    connect(&st->poll, &QTimer::timeout, context, drain);
    st->poll.start();
    // The end: `podman wait` returns when the container has exited, printing its exit code; one last read
    // after a short pause picks up the final records. The exit is passed on at once: the pause and the reads
    // after it need not keep the container's CPUs and GPUs from the next job.
    QProcess *w = spawn(global() << QStringLiteral("wait") << container, {}, true);
    connect(w, &QProcess::finished, context, [w, context, finish, exited](int code, QProcess::ExitStatus status) {
        w->deleteLater();
        // It printed the exit code: the container has exited (not "no such container", not a crash).
        bool printedCode = false;
        w->readAllStandardOutput().trimmed().toInt(&printedCode);
        if (status == QProcess::NormalExit && code == 0 && printedCode && exited)
            exited();
        QTimer::singleShot(100, context, finish);
    });
    connect(w, &QProcess::errorOccurred, context, [w, context, finish](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        w->deleteLater();
        QTimer::singleShot(100, context, finish);
    });
    w->start();
    drain();
}

void PodmanRuntime::followWithPodmanLogs(const QString &container, qint64 skipLines, QObject *context,
                                         std::function<void(const LogBatch &)> lines, std::function<void()> done)
{
    QProcess *p = spawn(global() << QStringLiteral("logs") << QStringLiteral("--follow") << QStringLiteral("--timestamps")
                                 << container,
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

void PodmanRuntime::inspect(const QString &container, QObject *context, std::function<void(ContainerState)> done)
{
    exec(global() << QStringLiteral("container") << QStringLiteral("inspect") << QStringLiteral("--format")
                  << QStringLiteral("json") << container,
         context, [done](Output o) {
             ContainerState s;
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             if (!o.result.ok || arr.isEmpty()) {
                 s.error = o.result.message;
                 done(s);
                 return;
             }
             const QJsonObject state = arr.first().toObject().value(QStringLiteral("State")).toObject();
             s.exists = true;
             s.status = state.value(QStringLiteral("Status")).toString();
             s.running = state.value(QStringLiteral("Running")).toBool();
             s.exitCode = state.value(QStringLiteral("ExitCode")).toInt(-1);
             s.oomKilled = state.value(QStringLiteral("OOMKilled")).toBool();
             s.cgroupPath = state.value(QStringLiteral("CgroupPath")).toString();
             s.error = state.value(QStringLiteral("Error")).toString();
             s.pid = qint64(state.value(QStringLiteral("Pid")).toDouble());
             s.monitorPid = qint64(state.value(QStringLiteral("ConmonPid")).toDouble());
             if (auto t = wire::parseTime(state.value(QStringLiteral("StartedAt")).toString()))
                 s.startedAt = *t;
             if (auto t = wire::parseTime(state.value(QStringLiteral("FinishedAt")).toString()))
                 s.finishedAt = *t;
             done(s);
         });
}

void PodmanRuntime::wait(const QString &container, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("wait") << container, context, [done](Output o) {
        Result r = o.result;
        if (r.ok)
            r.code = o.out.trimmed().toInt();
        done(r);
    });
}

void PodmanRuntime::stop(const QString &container, int graceSeconds, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("stop") << QStringLiteral("--time") << QString::number(graceSeconds) << container,
         context, [done](Output o) { done(o.result); });
}

void PodmanRuntime::kill(const QString &container, QObject *context, std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("kill") << QStringLiteral("--signal") << QStringLiteral("KILL") << container,
         context, [done](Output o) { done(o.result); });
}

void PodmanRuntime::copyOut(const QString &container, const QString &path, const QString &hostDest, QObject *context,
                            std::function<void(Result)> done)
{
    exec(global() << QStringLiteral("cp") << container + u':' + path << hostDest, context,
         [done](Output o) { done(o.result); });
}

void PodmanRuntime::remove(const QString &container, QObject *context, std::function<void(Result)> done)
{
    // --time 0: a container still running here is one nobody wants any more (a deleted job's, an orphan): no
    // second grace period of podman's default 10 s.
    exec(global() << QStringLiteral("rm") << QStringLiteral("--force") << QStringLiteral("--time")
                  << QStringLiteral("0") << QStringLiteral("--ignore") << container,
         context, [done, log = logPath(container)](Output o) {
             // A log at our own path is not podman's to delete (the job's lines are in the log store by now).
             if (o.result.ok && !log.isEmpty()) {
                 QFile::remove(log);
                 QFile::remove(log + QStringLiteral(".pos"));
             }
             done(o.result);
         });
}

void PodmanRuntime::images(QObject *context, std::function<void(bool, QList<ImageInfo>, QString)> done)
{
    exec(global() << QStringLiteral("images") << QStringLiteral("--format") << QStringLiteral("json"), context,
         [done](Output o) {
             QList<ImageInfo> out;
             if (!o.result.ok) {
                 done(false, out, o.result.message);
                 return;
             }
             QHash<QString, qsizetype> byId; // podman may list an image once per tag
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             for (const QJsonValue &v : arr) {
                 const QJsonObject i = v.toObject();
                 const QString id = i.value(QStringLiteral("Id")).toString();
                 if (id.isEmpty())
                     continue;
                 if (!byId.contains(id)) {
                     ImageInfo info;
                     info.id = id;
                     info.sizeBytes = qint64(i.value(QStringLiteral("Size")).toDouble());
                     const qint64 created = qint64(i.value(QStringLiteral("Created")).toDouble());
                     if (created > 0)
                         info.createdAt = QDateTime::fromSecsSinceEpoch(created, Qt::UTC);
                     byId.insert(id, out.size());
                     out.append(info);
                 }
                 ImageInfo &info = out[byId.value(id)];
                 const QJsonArray names = i.value(QStringLiteral("Names")).toArray();
                 for (const QJsonValue &n : names) {
                     const QString name = n.toString();
                     // "<none>:<none>" and digest-only references are no name a job could use.
                     if (name.isEmpty() || name.contains(QLatin1String("<none>")) || name.contains(u'@') ||
                         info.names.contains(name))
                         continue;
                     info.names.append(name);
                 }
             }
             done(true, out, QString());
         });
}

void PodmanRuntime::list(const QString &labelKey, const QString &labelValue, QObject *context,
                         std::function<void(bool, QList<ContainerInfo>, QString)> done)
{
    exec(global() << QStringLiteral("ps") << QStringLiteral("--all") << QStringLiteral("--filter")
                  << QStringLiteral("label=%1=%2").arg(labelKey, labelValue) << QStringLiteral("--format")
                  << QStringLiteral("json"),
         context, [done](Output o) {
             QList<ContainerInfo> out;
             if (!o.result.ok) {
                 done(false, out, o.result.message);
                 return;
             }
             const QJsonArray arr = QJsonDocument::fromJson(o.out).array();
             for (const QJsonValue &v : arr) {
                 const QJsonObject c = v.toObject();
                 ContainerInfo info;
                 info.name = c.value(QStringLiteral("Names")).toArray().first().toString();
                 info.state = c.value(QStringLiteral("State")).toString();
                 const QJsonObject labels = c.value(QStringLiteral("Labels")).toObject();
                 for (auto it = labels.begin(); it != labels.end(); ++it)
                     info.labels.insert(it.key(), it.value().toString());
                 out.append(info);
             }
             done(true, out, {});
         });
}

} // namespace seed::runtime
