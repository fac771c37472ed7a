#include "safefs.h"
#include "offthread.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrentRun>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seed::fs {

namespace {
// Deeper directories are not descended into: each level holds a descriptor while below it.
constexpr int kMaxDepth = 256;
constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    Fd(Fd &&o) noexcept : m_fd(o.release()) {}
    Fd &operator=(Fd &&o) noexcept
    {
        reset(o.release());
        return *this;
    }
    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

QByteArray local(const QString &s) { return QFile::encodeName(s); }

std::vector<QByteArray> namesIn(int dirFd)
{
    std::vector<QByteArray> names;
    const int dup = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0)
        return names;
    DIR *d = ::fdopendir(dup);
    if (!d) {
        ::close(dup);
        return names;
    }
    while (const dirent *e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
            continue;
        names.emplace_back(e->d_name);
    }
    ::closedir(d);
    return names;
}

// Removes what is neither a regular file nor a directory, below dirFd, counting what stays.
void sanitizeDir(int dirFd, int depth, TreeStats &stats)
{
    for (const QByteArray &name : namesIn(dirFd)) {
        struct stat st = {};
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            stats.bytes += st.st_size;
            ++stats.files;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= kMaxDepth)
                continue;
            Fd sub(::openat(dirFd, name.constData(), kDirFlags));
            if (sub.valid())
                sanitizeDir(sub.get(), depth + 1, stats);
        } else if (::unlinkat(dirFd, name.constData(), 0) == 0) {
            ++stats.removed;
        }
    }
}

bool copyFile(int srcDirFd, const char *srcName, int dstDirFd, const char *dstName)
{
    Fd in(::openat(srcDirFd, srcName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    struct stat st = {};
    if (!in.valid() || ::fstat(in.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    Fd out(::openat(dstDirFd, dstName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!out.valid())
        return false;
    char buf[1 << 16];
    while (true) {
        const ssize_t n = ::read(in.get(), buf, sizeof buf);
        if (n == 0)
            return true;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        for (ssize_t off = 0; off < n;) {
            const ssize_t w = ::write(out.get(), buf + off, size_t(n - off));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                return false;
            }
            off += w;
        }
    }
}

bool copyDir(int srcFd, int dstFd, int depth)
{
    bool ok = true;
    for (const QByteArray &name : namesIn(srcFd)) {
        struct stat st = {};
        if (::fstatat(srcFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            ok = copyFile(srcFd, name.constData(), dstFd, name.constData()) && ok;
        } else if (S_ISDIR(st.st_mode) && depth < kMaxDepth) {
            Fd src(::openat(srcFd, name.constData(), kDirFlags));
            if (!src.valid() || ::mkdirat(dstFd, name.constData(), 0700) != 0)
                continue;
            Fd dst(::openat(dstFd, name.constData(), kDirFlags));
            if (dst.valid())
                ok = copyDir(src.get(), dst.get(), depth + 1) && ok;
        }
    }
    return ok;
}

QString errnoText(int e) { return QString::fromLocal8Bit(std::strerror(e)); }
} // namespace

namespace {
void walkDir(int dirFd, const QByteArray &prefix, int depth, const std::function<void(const TreeEntry &)> &visit)
{
    for (const QByteArray &name : namesIn(dirFd)) {
        struct stat st = {};
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        const bool dir = S_ISDIR(st.st_mode);
        if (!dir && !S_ISREG(st.st_mode))
            continue;
        TreeEntry e;
        e.relative = prefix.isEmpty() ? name : prefix + '/' + name;
        e.dir = dir;
        e.size = dir ? 0 : qint64(st.st_size);
        e.mode = unsigned(st.st_mode & 07777);
        e.mtime = qint64(st.st_mtim.tv_sec);
        visit(e);
        if (dir && depth < kMaxDepth) {
            Fd sub(::openat(dirFd, name.constData(), kDirFlags));
            if (sub.valid())
                walkDir(sub.get(), e.relative, depth + 1, visit);
        }
    }
}
} // namespace

void walkTree(const QString &root, const std::function<void(const TreeEntry &)> &visit)
{
    Fd dir(::open(local(root).constData(), kDirFlags));
    if (dir.valid())
        walkDir(dir.get(), QByteArray(), 0, visit);
}

TreeStats sanitizeTree(const QString &path)
{
    TreeStats stats;
    const QByteArray p = local(path);
    struct stat st = {};
    if (::lstat(p.constData(), &st) != 0)
        return stats;
    if (S_ISREG(st.st_mode)) {
        stats.bytes = st.st_size;
        stats.files = 1;
    } else if (S_ISDIR(st.st_mode)) {
        Fd dir(::open(p.constData(), kDirFlags));
        if (dir.valid())
            sanitizeDir(dir.get(), 0, stats);
    } else if (::unlink(p.constData()) == 0) {
        stats.removed = 1;
    }
    return stats;
}

CollectResult collectBeneath(const QString &root, const QString &relative, const QString &dest)
{
    CollectResult r;
    QStringList parts;
    for (const QString &c : relative.split(u'/', Qt::SkipEmptyParts)) {
        if (c == QLatin1String(".."))
            return {false, QStringLiteral("'..' is not allowed in an output path."), {}};
        if (c != QLatin1String("."))
            parts << c;
    }
    Fd dir(::open(local(root).constData(), kDirFlags));
    if (!dir.valid())
        return {false, QStringLiteral("cannot open the workspace: %1").arg(errnoText(errno)), {}};
    const QString destParent = QFileInfo(dest).path();
    const QByteArray destName = local(QFileInfo(dest).fileName());
    Fd destDir(::open(local(destParent).constData(), kDirFlags));
    if (!destDir.valid())
        return {false, QStringLiteral("cannot open %1: %2").arg(destParent, errnoText(errno)), {}};

    // The entry: the root itself (output_path is the workspace), or its last component under real directories.
    Fd parent;
    QByteArray last;
    if (parts.isEmpty()) {
        const QString rootParent = QFileInfo(root).path();
        parent.reset(::open(local(rootParent).constData(), kDirFlags));
        last = local(QFileInfo(root).fileName());
        if (!parent.valid())
            return {false, QStringLiteral("cannot open %1: %2").arg(rootParent, errnoText(errno)), {}};
    } else {
        parent = std::move(dir);
        QString walked;
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            walked += u'/' + parts[i];
            Fd next(::openat(parent.get(), local(parts[i]).constData(), kDirFlags));
            if (!next.valid()) {
                const int e = errno;
                if (e == ENOENT)
                    return {false, QStringLiteral("%1 does not exist.").arg(walked), {}};
                // ELOOP: a symbolic link (O_NOFOLLOW); ENOTDIR: a file, or a link followed by O_DIRECTORY's check.
                return {false, QStringLiteral("%1 is a symbolic link or not a directory: links are not followed.").arg(walked), {}};
            }
            parent = std::move(next);
        }
        last = local(parts.last());
    }
    struct stat st = {};
    if (::fstatat(parent.get(), last.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return {false, QStringLiteral("%1 does not exist.").arg(relative), {}};
    if (S_ISLNK(st.st_mode))
        return {false, QStringLiteral("%1 is a symbolic link: links are not followed.").arg(relative), {}};
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return {false, QStringLiteral("%1 is not a regular file or a directory.").arg(relative), {}};

    // A rename moves what the directory descriptor holds, wherever the path would lead now; an entry swapped
    // for a link or a fifo since the check above is removed by the sanitizing pass below.
    if (::renameat(parent.get(), last.constData(), destDir.get(), destName.constData()) != 0) {
        if (errno != EXDEV)
            return {false, QStringLiteral("cannot move %1: %2").arg(relative, errnoText(errno)), {}};
        bool copied = false;
        if (S_ISREG(st.st_mode)) {
            copied = copyFile(parent.get(), last.constData(), destDir.get(), destName.constData());
        } else {
            Fd src(::openat(parent.get(), last.constData(), kDirFlags));
            if (src.valid() && ::mkdirat(destDir.get(), destName.constData(), 0700) == 0) {
                Fd dst(::openat(destDir.get(), destName.constData(), kDirFlags));
                copied = dst.valid() && copyDir(src.get(), dst.get(), 0);
            }
        }
        if (!copied)
            return {false, QStringLiteral("cannot copy %1 across file systems.").arg(relative), {}};
    }
    r.ok = true;
    r.stats = sanitizeTree(dest);
    return r;
}

int openRegularFile(const QString &path)
{
    const int fd = ::open(local(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool isTrash(const QString &fileName) { return fileName.startsWith(QLatin1String(".trash-")); }

bool isPlainEntry(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
}

void removeTreeInBackground(const QString &path)
{
    const QFileInfo fi(path);
    if (!fi.exists() && !fi.isSymLink())
        return;
    const QString trash = fi.path() + QStringLiteral("/.trash-") + fi.fileName() + u'-' +
                          QString::number(QRandomGenerator::global()->generate64(), 16);
    if (::rename(QFile::encodeName(path).constData(), QFile::encodeName(trash).constData()) != 0) {
        QDir(path).removeRecursively();
        return;
    }
    // QDir::removeRecursively removes a link, never what it points to.
    (void)QtConcurrent::run([trash] { niced([&trash] { return QDir(trash).removeRecursively(); }); });
}

} // namespace seed::fs
