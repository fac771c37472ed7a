#include "artifacts.h"

#include "cli.h"

#include <QDir>
#include <QFile>
#include <QIODevice>
#include <QStringDecoder>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seed::cli {
namespace {

constexpr qint64 kBlock = 512;

QByteArray field(const QByteArray &header, int offset, int length)
{
    QByteArray f = header.mid(offset, length);
    const qsizetype nul = f.indexOf('\0');
    return nul < 0 ? f : f.left(nul);
}

// A numeric header field: octal digits (space/NUL padded), or GNU's base-256 with the high bit set.
std::optional<qint64> number(const QByteArray &header, int offset, int length)
{
    const QByteArray f = header.mid(offset, length);
    if (!f.isEmpty() && (uchar(f.at(0)) & 0x80)) {
        qint64 n = uchar(f.at(0)) & 0x7f;
        for (int i = 1; i < f.size(); ++i) {
            if (n > (std::numeric_limits<qint64>::max() >> 8))
                return std::nullopt;
            n = (n << 8) | uchar(f.at(i));
        }
        return n;
    }
    const QByteArray t = f.trimmed().replace('\0', "").trimmed();
    if (t.isEmpty())
        return 0;
    bool ok = false;
    const qint64 n = t.toLongLong(&ok, 8);
    return ok && n >= 0 ? std::optional<qint64>(n) : std::nullopt;
}

bool checksumOk(const QByteArray &header)
{
    const auto stored = number(header, 148, 8);
    if (!stored)
        return false;
    qint64 sum = 0;
    for (int i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : uchar(header.at(i));
    return sum == *stored;
}

// pax extended header records: "<len> <key>=<value>\n", the value may hold any byte (a NUL too).
QByteArray paxPath(const QByteArray &data)
{
    QByteArray path;
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype space = data.indexOf(' ', pos);
        if (space < 0)
            break;
        bool ok = false;
        const qsizetype len = data.mid(pos, space - pos).toLongLong(&ok);
        if (!ok || len <= space - pos || pos + len > data.size())
            break;
        const QByteArray record = data.mid(space + 1, len - (space - pos) - 2); // without the '\n'
        const qsizetype eq = record.indexOf('=');
        if (eq > 0 && record.left(eq) == "path")
            path = record.mid(eq + 1);
        pos += len;
    }
    return path;
}

} // namespace

std::optional<QList<TarEntry>> readTar(QIODevice &archive, QString *error)
{
    QList<TarEntry> entries;
    QByteArray longName; // from a pax 'x' or GNU 'L' header, for the next entry
    qint64 pos = 0;
    for (bool first = true;; first = false) {
        if (!archive.seek(pos))
            break;
        const QByteArray header = archive.read(kBlock);
        if (header.size() < kBlock) {
            if (first)
                return std::nullopt;
            if (!header.isEmpty() && error)
                *error = tr("the archive ends in the middle of a header");
            break;
        }
        if (header.count('\0') == kBlock) // the end marker
            break;
        if (!checksumOk(header)) {
            if (first)
                return std::nullopt;
            if (error)
                *error = tr("a damaged header at byte %1").arg(pos);
            break;
        }
        const auto size = number(header, 124, 12);
        if (!size || pos + kBlock + *size > archive.size()) {
            if (error)
                *error = tr("an entry larger than the archive at byte %1").arg(pos);
            break;
        }
        const char type = header.at(156);
        const qint64 dataOffset = pos + kBlock;
        pos = dataOffset + (*size + kBlock - 1) / kBlock * kBlock;
        if (type == 'x' || type == 'L') {
            if (*size > 1024 * 1024) {
                if (error)
                    *error = tr("an extended header of %1 bytes").arg(*size);
                break;
            }
            archive.seek(dataOffset);
            const QByteArray data = archive.read(*size);
            if (type == 'x')
                longName = paxPath(data);
            else
                longName = data.left(data.endsWith('\0') ? data.size() - 1 : data.size());
            continue;
        }
        if (type == 'g' || type == 'K')
            continue; // global pax headers and GNU long link names say nothing about where to write
        TarEntry e;
        if (!longName.isEmpty()) {
            e.rawName = longName;
        } else {
            const QByteArray name = field(header, 0, 100);
            const QByteArray prefix = header.mid(257, 5) == "ustar" ? field(header, 345, 155) : QByteArray();
            e.rawName = prefix.isEmpty() ? name : prefix + '/' + name;
        }
        longName.clear();
        e.type = type == '\0' ? '0' : type;
        e.size = *size;
        e.dataOffset = dataOffset;
        entries.append(e);
    }
    return entries;
}

QString safeRelativePath(const QByteArray &rawName, QString *why)
{
    const auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return QString();
    };
    for (const char c : rawName)
        if (uchar(c) < 0x20 || uchar(c) == 0x7f)
            return refuse(tr("a control character in the name"));
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString name = utf8.decode(rawName);
    if (utf8.hasError())
        return refuse(tr("not UTF-8"));
    if (name.startsWith(u'/'))
        return refuse(tr("an absolute name"));
    QStringList parts;
    for (const QString &part : name.split(u'/', Qt::SkipEmptyParts)) {
        if (part == QLatin1String(".."))
            return refuse(tr("a '..' component"));
        if (part != QLatin1String("."))
            parts.append(part);
    }
    if (parts.isEmpty())
        return refuse(tr("an empty name"));
    return parts.join(u'/');
}

QString printableName(const QByteArray &rawName)
{
    QString out;
    for (const QChar c : QString::fromUtf8(rawName)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else if (c == u'\\')
            out += QStringLiteral("\\\\");
        else
            out += c;
    }
    return out;
}

namespace {

// Opens (creating it when missing) directory `name` below dirfd, never through a symbolic link.
int openSubdir(int dirfd, const QByteArray &name, bool create)
{
    if (create && ::mkdirat(dirfd, name.constData(), 0755) != 0 && errno != EEXIST)
        return -1;
    return ::openat(dirfd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

} // namespace

ExtractResult extractTar(QIODevice &archive, const QList<TarEntry> &entries, const QString &targetDir)
{
    ExtractResult result;
    if (!QDir().mkpath(targetDir)) {
        result.error = tr("cannot create %1").arg(targetDir);
        return result;
    }
    const int root = ::open(QFile::encodeName(targetDir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        result.error = tr("cannot open %1: %2").arg(targetDir, QString::fromLocal8Bit(strerror(errno)));
        return result;
    }
    for (const TarEntry &e : entries) {
        const QString shown = printableName(e.rawName);
        QString why;
        const QString rel = safeRelativePath(e.rawName, &why);
        if (rel.isEmpty()) {
            result.refused.append(tr("%1: %2").arg(shown, why));
            continue;
        }
        if (e.type != '0' && e.type != '7' && e.type != '5') {
            result.refused.append(tr("%1: %2").arg(shown, e.type == '1' || e.type == '2'
                                                              ? tr("a link (links are never created)")
                                                              : tr("not a file or directory")));
            continue;
        }
        const QStringList parts = rel.split(u'/');
        const int dirCount = e.type == '5' ? int(parts.size()) : int(parts.size()) - 1;
        int dir = ::dup(root);
        bool ok = dir >= 0;
        for (int i = 0; ok && i < dirCount; ++i) {
            const int next = openSubdir(dir, QFile::encodeName(parts.at(i)), true);
            ::close(dir);
            dir = next;
            ok = dir >= 0;
        }
        if (!ok) {
            result.refused.append(tr("%1: %2").arg(shown, tr("a directory on its way is a link or cannot be made")));
            continue;
        }
        if (e.type == '5') {
            ::close(dir);
            ++result.written;
            continue;
        }
        const int fd = ::openat(dir, QFile::encodeName(parts.constLast()).constData(),
                                O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        ::close(dir);
        if (fd < 0) {
            result.refused.append(tr("%1: %2").arg(shown, QString::fromLocal8Bit(strerror(errno))));
            continue;
        }
        archive.seek(e.dataOffset);
        qint64 left = e.size;
        bool written = true;
        while (left > 0 && written) {
            const QByteArray chunk = archive.read(qMin<qint64>(left, 1 << 20));
            written = !chunk.isEmpty() && ::write(fd, chunk.constData(), size_t(chunk.size())) == chunk.size();
            left -= chunk.size();
        }
        ::close(fd);
        if (!written) {
            result.error = tr("writing %1 failed").arg(shown);
            break;
        }
        ++result.written;
    }
    ::close(root);
    return result;
}

} // namespace seed::cli
