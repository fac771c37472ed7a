#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace seed::fs {

// File operations on trees a job has written. A job is untrusted and seedd runs as root: every walk here goes
// through directory file descriptors, opens each component with O_NOFOLLOW, and never resolves a path a job
// could have bent with a symbolic link (middle or last component, absolute, /proc/self/root, ...).

struct TreeStats
{
    qint64 bytes = 0;
    int files = 0;
    int removed = 0; // entries that were neither regular files nor directories (links, fifos, devices, sockets)
};

struct CollectResult
{
    bool ok = false;
    QString message; // why nothing was collected, in words for the job's log
    TreeStats stats;
};

// Moves the entry `relative` ('/'-separated, inside `root`; no "..") to `dest` (which must not exist; its
// parent must), renaming within one file system and copying across them. The entry and every directory on
// the way must be real directories below `root` (a symbolic link anywhere refuses it); the entry itself must
// be a regular file or a directory. What is collected is then cleaned: anything but regular files and
// directories is removed. Blocking: call it off the event loop.
CollectResult collectBeneath(const QString &root, const QString &relative, const QString &dest);

// A real directory or regular file (not a link, fifo or device) at `path`.
bool isPlainEntry(const QString &path);

// Removes from the tree at `path` (not following links) everything that is not a regular file or a
// directory, and counts what stays. A `path` that is itself a link or special file is removed.
TreeStats sanitizeTree(const QString &path);

// One entry below the root of walkTree.
struct TreeEntry
{
    QByteArray relative; // '/'-separated, from the root, in the file system's bytes
    bool dir = false;
    qint64 size = 0;     // regular files
    unsigned mode = 0;   // permission bits
    qint64 mtime = 0;    // seconds since the epoch
};

// The one directory walker for trees a job wrote: calls visit for every regular file and directory below the
// directory `root` (not `root` itself), parents before their children, through directory descriptors and
// never following a link; links, fifos, devices and sockets are skipped. Directories deeper than the limit of
// this file are not descended into. Blocking: call it off the event loop.
void walkTree(const QString &root, const std::function<void(const TreeEntry &)> &visit);

// Removes the tree at `path` (not following links) without stalling the event loop: renamed at once to a hidden
// sibling (".trash-NAME-RANDOM", the same file system; the path is free again when this returns), which is then
// deleted on a worker thread. Falls back to removing in place when the rename fails. A trash left by a process
// that died meanwhile is found by isTrash() and removed the same way.
void removeTreeInBackground(const QString &path);
bool isTrash(const QString &fileName);

// Opens a regular file for reading without following a link and without blocking on a fifo or device:
// -1 when `path` is anything but a regular file. The caller owns the descriptor.
int openRegularFile(const QString &path);

} // namespace seed::fs
