#pragma once

#include "runtime.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QSocketNotifier;

namespace seed::runtime {

// The k8s-file record timestamps ("2026-11-28T18:23:01.123456789Z", or with an offset) of a flood share their
// second: that part is parsed once per second and only the milliseconds are added (wire::parseTime is a regex
// and a QDateTime parse, most of the capture cost of a short line otherwise). Milliseconds are truncated, as
// wire::parseTime does.
class RecordTimes
{
public:
    std::optional<qint64> msecs(QByteArrayView ts);

private:
    static std::optional<qint64> slow(QByteArrayView ts);
    bool m_valid = false;
    QByteArray m_second, m_zone;
    qint64 m_secondMs = 0;
};

// Reads one container's k8s-file log (conmon's "<RFC3339Nano> <stdout|stderr> <P|F> <message>" records) from
// where an earlier seedd left off to the end, after finish() says the container has exited.
//
// A job may print faster than anything can store (`yes`: ~200 MB/s). Everything here is bounded: reads are
// slices, a line without end is cut into pieces, the part of the file already stored is given back to the disk
// (a hole punched over it; offsets stay valid), and a backlog beyond `backlogBytes` is skipped with the lines
// in it counted and reported. conmon's own size cap rotates the file by renaming a new one over it: the open
// descriptor is read to its end before the new file is taken. "PATH.pos" keeps where reading stopped.
//
// The file is read when it changes (inotify on the file and on its directory, so a file that does not exist
// yet is picked up the moment conmon creates it), with a slow poll as a safety net; where inotify is not
// available it polls every 20 ms. Callbacks run on this object's thread; none runs after it is destroyed.
class LogFollower : public QObject
{
    Q_OBJECT
public:
    LogFollower(const QString &path, qint64 skipLines, qint64 backlogBytes, QObject *parent = nullptr);
    ~LogFollower() override;
    // Where a follower of the log at `logPath` keeps its read position (beside the log; it goes with it).
    static QString positionFileFor(const QString &logPath) { return logPath + QStringLiteral(".pos"); }

    std::function<void(const LogBatch &)> onLines;
    std::function<void(qint64 lines, const QString &why)> onDropped;
    std::function<void()> onDone; // once, last; the follower deletes itself afterwards

    void start();
    // The container has exited: read on, a slice per turn, to the end of the file, then done.
    void finish();
    bool watching() const { return m_inotify >= 0; }

private:
    bool openFile();
    void watchFile();
    void checkpoint(qint64 offset);
    void parse(LogBatch &batch, bool final);
    void skipBacklog(qint64 size);
    void giveBack();
    void drain();
    void finishNow();
    void onNotified();
    void dropped(qint64 lines, const QString &why);

    const QString m_path;
    const QString m_posFile;
    const qint64 m_backlogCap;
    QFile m_file;
    qint64 m_ino = 0;
    qint64 m_readPos = 0;   // file offset of the next byte to read
    qint64 m_punchedTo = 0; // [0, punchedTo) given back to the disk
    QByteArray m_partial;   // bytes after the last newline (starts at readPos - partial.size())
    QByteArray m_joined;    // P records of a line not yet complete
    QDateTime m_joinedTs;
    RecordTimes m_times;
    qint64 m_toSkip = 0;
    qint64 m_stored = 0; // output lines of this attempt stored so far (skipped ones included)
    bool m_rotatedWhileAway = false;
    bool m_finishing = false;
    bool m_finished = false;
    QTimer m_poll;
    int m_inotify = -1;
    int m_fileWatch = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace seed::runtime
