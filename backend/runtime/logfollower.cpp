#include "logfollower.h"

#include "wire/lines.h"
#include "wire/timefmt.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QSocketNotifier>

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seed::runtime {

namespace {
// Without inotify the file is polled this often; with it, this is only the safety net (a missed event, a file
// system that does not report changes) and costs one stat per second while a job runs.
constexpr int kPollMs = 20;
constexpr int kSafetyPollMs = 1000;
// At most this much of the file per event-loop turn (~9,000 flood lines, a few ms of work).
constexpr qint64 kDrainSliceBytes = 512 * 1024;
// A line without a newline is stored in pieces of this size (the log store splits them further).
constexpr qsizetype kMaxJoinedBytes = 256 * 1024;
// How much stored output accumulates before its disk space is given back.
constexpr qint64 kPunchEveryBytes = 16 << 20;
} // namespace

std::optional<qint64> RecordTimes::msecs(QByteArrayView ts)
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

std::optional<qint64> RecordTimes::slow(QByteArrayView ts)
{
    const auto t = wire::parseTime(QString::fromLatin1(ts));
    return t ? std::optional<qint64>(t->toMSecsSinceEpoch()) : std::nullopt;
}

LogFollower::LogFollower(const QString &path, qint64 skipLines, qint64 backlogBytes, QObject *parent)
    : QObject(parent), m_path(path), m_posFile(positionFileFor(path)),
      m_backlogCap(std::max<qint64>(backlogBytes, kDrainSliceBytes))
{
    // Where an earlier seedd left off: "inode offset storedLines" at a record boundary. Lines stored after it
    // are skipped by count from there; a file rotated meanwhile starts over (what was between is lost: said).
    {
        QFile pf(m_posFile);
        struct stat sb = {};
        if (skipLines > 0 && pf.open(QIODevice::ReadOnly) && ::stat(QFile::encodeName(path).constData(), &sb) == 0) {
            const QList<QByteArray> f = pf.readAll().trimmed().split(' ');
            if (f.size() == 3 && f[0].toLongLong() == qint64(sb.st_ino) && f[2].toLongLong() <= skipLines) {
                m_readPos = m_punchedTo = f[1].toLongLong();
                skipLines -= f[2].toLongLong();
                m_stored = f[2].toLongLong();
            } else if (f.size() == 3 && f[0].toLongLong() != qint64(sb.st_ino)) {
                m_rotatedWhileAway = true;
                m_stored = skipLines;
                skipLines = 0;
            }
        }
    }
    m_toSkip = skipLines;
    m_stored += skipLines;
    m_file.setFileName(path);
    connect(&m_poll, &QTimer::timeout, this, &LogFollower::drain);
}

LogFollower::~LogFollower()
{
    if (m_inotify >= 0)
        ::close(m_inotify);
}

void LogFollower::dropped(qint64 lines, const QString &why)
{
    if (onDropped)
        onDropped(lines, why);
}

void LogFollower::start()
{
    m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotify >= 0) {
        // The directory: the file's creation (it may not exist yet while `podman run` is still starting) and
        // conmon's rotation (a new file renamed over the path).
        const QByteArray dir = QFile::encodeName(QFileInfo(m_path).absolutePath());
        if (::inotify_add_watch(m_inotify, dir.constData(), IN_CREATE | IN_MOVED_TO) < 0) {
            ::close(m_inotify);
            m_inotify = -1;
        } else {
            m_notifier = new QSocketNotifier(m_inotify, QSocketNotifier::Read, this);
            connect(m_notifier, &QSocketNotifier::activated, this, &LogFollower::onNotified);
        }
    }
    if (m_rotatedWhileAway)
        QTimer::singleShot(0, this, [this] {
            dropped(-1,
                    QStringLiteral("the container's log reached its cap and was rotated while seedd was not running"));
        });
    drain();
}

void LogFollower::finish()
{
    m_finishing = true;
    m_poll.start(0);
}

void LogFollower::onNotified()
{
    // Empty the queue; only what concerns this file counts (the directory holds every container's log).
    alignas(struct inotify_event) char buf[4096];
    bool relevant = false;
    const QByteArray name = QFile::encodeName(QFileInfo(m_path).fileName());
    while (true) {
        const ssize_t n = ::read(m_inotify, buf, sizeof buf);
        if (n <= 0)
            break;
        for (ssize_t off = 0; off < n;) {
            const auto *ev = reinterpret_cast<const struct inotify_event *>(buf + off);
            if (ev->wd == m_fileWatch || (ev->len > 0 && name == ev->name))
                relevant = true;
            off += ssize_t(sizeof(struct inotify_event)) + ev->len;
        }
    }
    if (relevant && !m_finished)
        drain();
}

bool LogFollower::openFile()
{
    m_file.close();
    // Read-write: punching holes needs a writable descriptor.
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        return false;
    struct stat sb = {};
    m_ino = ::fstat(m_file.handle(), &sb) == 0 ? qint64(sb.st_ino) : 0;
    m_file.seek(m_readPos);
    watchFile();
    return true;
}

void LogFollower::watchFile()
{
    if (m_inotify < 0)
        return;
    // The path's current inode (after a rotation, the new file); a write after this is reported, one before
    // it is read by the drain that follows the open.
    const int wd = ::inotify_add_watch(m_inotify, QFile::encodeName(m_path).constData(), IN_MODIFY);
    if (wd >= 0)
        m_fileWatch = wd;
}

void LogFollower::checkpoint(qint64 offset)
{
    QSaveFile f(m_posFile);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::number(m_ino) + ' ' + QByteArray::number(offset) + ' ' + QByteArray::number(m_stored));
        f.commit();
    }
}

// Records: "<RFC3339Nano> <stdout|stderr> <P|F> <message>"; P = partial (more of the same line follows).
void LogFollower::parse(LogBatch &batch, bool final)
{
    const auto emitLine = [&](const QDateTime &ts, QByteArrayView msg) {
        ++m_stored;
        if (m_toSkip > 0)
            --m_toSkip;
        else
            batch.append({ts, QString::fromUtf8(msg)});
    };
    const qsizetype pos = wire::forEachLine(m_partial, [&](QByteArrayView rec) {
        const qsizetype s1 = rec.indexOf(' ');
        const qsizetype s2 = s1 < 0 ? -1 : rec.indexOf(' ', s1 + 1);
        const qsizetype s3 = s2 < 0 ? -1 : rec.indexOf(' ', s2 + 1);
        if (s3 < 0)
            return;
        const auto ms = m_times.msecs(rec.first(s1));
        if (!ms)
            return;
        const bool partialRecord = rec.sliced(s2 + 1, s3 - s2 - 1) == "P";
        if (m_joined.isEmpty() && !partialRecord) {
            emitLine(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC), rec.sliced(s3 + 1)); // nearly all lines
            return;
        }
        if (m_joined.isEmpty())
            m_joinedTs = QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
        m_joined += rec.sliced(s3 + 1);
        if (partialRecord && m_joined.size() < kMaxJoinedBytes)
            return;
        // A line that never ends (no newline for megabytes) is stored in pieces, never held whole.
        emitLine(m_joinedTs, m_joined);
        m_joined.clear();
        if (partialRecord)
            m_joinedTs = QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
    });
    m_partial.remove(0, pos);
    if (final && !m_joined.isEmpty()) {
        emitLine(m_joinedTs, m_joined);
        m_joined.clear();
    }
}

// Skips a backlog the job wrote faster than it can be stored, counting the lines in it (one pass of counting
// is ~50x cheaper than storing them). Keeps the newest part.
void LogFollower::skipBacklog(qint64 size)
{
    const qint64 target = size - m_backlogCap / 4;
    // Lines end at "F" records (conmon writes a "P" record for each piece of a line it read in parts); the
    // record begun in `partial` is counted with its end.
    QByteArray carry = m_partial;
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
    m_partial.clear();
    m_joined.clear();
    m_file.seek(m_readPos);
    while (m_readPos < target) {
        const QByteArray chunk = m_file.read(std::min<qint64>(4 << 20, target - m_readPos));
        if (chunk.isEmpty())
            break;
        carry += chunk;
        m_readPos += chunk.size();
        count(false);
    }
    // On to the end of the record the target fell into: the skipped part ends at a whole record.
    while (!carry.isEmpty() || m_readPos < target + 1) {
        const QByteArray chunk = m_file.read(64 << 10);
        if (chunk.isEmpty())
            break;
        const qsizetype nl = chunk.indexOf('\n');
        carry += chunk.first(nl < 0 ? chunk.size() : nl + 1);
        m_readPos += nl < 0 ? chunk.size() : nl + 1;
        if (nl >= 0) {
            count(true);
            break;
        }
    }
    m_file.seek(m_readPos);
    checkpoint(m_readPos); // a restart goes on after the skipped part
    dropped(lines, QStringLiteral("the job printed faster than its log can be stored"));
}

void LogFollower::giveBack()
{
    // The stored part of the file goes back to the disk. The checkpoint is written first: a restart then never
    // reads from inside the hole.
    if (!m_joined.isEmpty())
        return; // inside a line: not a record boundary
    const qint64 boundary = m_readPos - m_partial.size();
    if (boundary - m_punchedTo < kPunchEveryBytes)
        return;
    checkpoint(boundary);
    const qint64 to = boundary & ~qint64(4095);
    if (to > m_punchedTo &&
        ::fallocate(m_file.handle(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, m_punchedTo, to - m_punchedTo) == 0)
        m_punchedTo = to;
}

void LogFollower::finishNow()
{
    if (m_finished)
        return;
    m_finished = true;
    m_poll.stop();
    if (m_notifier)
        m_notifier->setEnabled(false);
    LogBatch batch;
    parse(batch, true);
    if (!batch.isEmpty() && onLines)
        onLines(batch);
    m_file.close();
    if (onDone)
        onDone();
    deleteLater();
}

void LogFollower::drain()
{
    if (m_finished)
        return;
    const int idle = m_inotify >= 0 ? kSafetyPollMs : kPollMs;
    if (!m_file.isOpen() && !openFile()) {
        // Not there (yet): conmon creates it while `podman run` starts the container; a start that failed
        // before that never makes one.
        if (m_finishing) {
            finishNow();
            return;
        }
        if (m_poll.interval() != idle || !m_poll.isActive())
            m_poll.start(idle);
        return;
    }
    struct stat sb = {};
    const qint64 size = ::fstat(m_file.handle(), &sb) == 0 ? qint64(sb.st_size) : 0;
    if (size - m_readPos > m_backlogCap)
        skipBacklog(size);
    // A slice per event-loop turn, also at the end: the first lines reach clients while the rest is parsed, and
    // seedd never holds more than a slice of a backlog.
    const QByteArray got = m_file.read(kDrainSliceBytes);
    m_readPos += got.size();
    m_partial += got;
    LogBatch batch;
    parse(batch, false);
    if (!batch.isEmpty() && onLines)
        onLines(batch);
    if (m_finished) // onLines may have ended it (never today; cheap to be sure)
        return;
    giveBack();
    const bool more = got.size() == kDrainSliceBytes;
    if (!more) {
        // At the end of this file: has conmon rotated (a new file renamed over the path)? Then go on there.
        struct stat now = {};
        if (::stat(QFile::encodeName(m_path).constData(), &now) == 0 && qint64(now.st_ino) != m_ino) {
            m_partial.clear(); // a record cut by the rotation cannot be completed
            m_readPos = m_punchedTo = 0;
            m_file.close();
            if (openFile()) {
                checkpoint(0);
                m_poll.start(0);
                return;
            }
        }
        if (m_finishing) {
            finishNow();
            return;
        }
    }
    const int interval = more || m_finishing ? 0 : idle;
    if (m_poll.interval() != interval || !m_poll.isActive())
        m_poll.start(interval);
}

} // namespace seed::runtime
